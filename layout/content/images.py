"""Images: the bytes of an image block, read through `sources` and checked before layout.

In: the content folder and an image file inside it. Out: bytes that compose can hand to
ReportLab or svglib as they are, or `SourceError` saying why not. A PNG or JPEG is refused
when its header (read without decoding) gives more than `MAX_PIXELS`, and then decoded once
in full, so a truncated or corrupt file is an error at its block instead of a failure while
the PDF is drawn. An SVG is parsed without entities, DTDs or network access; its references
are confined: ``#id`` inside the file, ``data:`` PNG/JPEG (checked the same way) and raster
files inside the content folder (read through `sources` and inlined, so svglib never opens a
file); references to other SVG files, absolute paths and URLs are refused.
"""

from __future__ import annotations

import base64
import binascii
import io
import re
import warnings
from pathlib import Path
from typing import Any

from layout.content.sources import SourceError, read_inside

MAX_PIXELS = 40_000_000
"""Raster images with more pixels than this are refused from their header: 40 megapixels is
a 300 dpi photo larger than an A3 page, and decodes to 160 MB."""
MAX_IMAGE_BYTES = 20_000_000
MAX_SVG_BYTES = 5_000_000
MAX_SVG_ELEMENTS = 50_000
"""More elements than this would take minutes to draw: a logo or a diagram has hundreds."""
_RASTER = {"PNG": "png", "JPEG": "jpeg", "MPO": "jpeg"}
_XLINK = "{http://www.w3.org/1999/xlink}href"
_DATA = re.compile(r"^data:image/(png|jpe?g);base64,(.*)$", re.S | re.I)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def read_image(root: Path, path: Path) -> bytes:
    """The checked bytes of the image at ``path`` (inside ``root``): see the module docstring."""
    if path.suffix.lower() == ".svg":
        return confine_svg(read_inside(root, path, MAX_SVG_BYTES, "an SVG file"), root,
                           path.parent)
    data = read_inside(root, path, MAX_IMAGE_BYTES, "an image")
    check_raster(data)
    return data


def check_raster(data: bytes) -> str:
    """The format (``png``, ``jpeg``) of PNG or JPEG bytes that decode in full within the
    pixel limit; `SourceError` otherwise."""
    from PIL import Image as PILImage

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", PILImage.DecompressionBombWarning)
            PILImage.MAX_IMAGE_PIXELS = None  # the header only: our limit, with the size named
            try:
                picture = PILImage.open(io.BytesIO(data), formats=("PNG", "JPEG"))
            finally:  # and a backstop for every decoder run later (ReportLab's, svglib's)
                PILImage.MAX_IMAGE_PIXELS = MAX_PIXELS
            kind = _RASTER[str(picture.format)]
            width, height = picture.size
            if width * height > MAX_PIXELS:
                raise SourceError(
                    f"is {width}×{height} pixels ({width * height / 1e6:.0f} megapixels), "  # noqa: RUF001
                    f"over the limit of {MAX_PIXELS // 1_000_000} megapixels",
                    "scale it down: 300 dpi at the printed size is plenty")
            picture.load()
    except SourceError:
        raise
    except PILImage.UnidentifiedImageError:
        raise SourceError("is not a PNG or JPEG image", "save it again as PNG or JPEG"
                          ) from None
    except (PILImage.DecompressionBombError, PILImage.DecompressionBombWarning):
        raise SourceError(f"has more than {MAX_PIXELS // 1_000_000} megapixels",
                          "scale it down") from None
    except Exception as error:  # Pillow reports damage with many exception types
        raise SourceError(f"is damaged or truncated ({_first_line(error)})",
                          "save it again as PNG or JPEG") from None
    return kind


def confine_svg(data: bytes, root: Path, folder: Path) -> bytes:
    """The SVG ``data`` with every reference checked and every raster file inlined."""
    from lxml import etree  # type: ignore[import-untyped]

    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False,
                             huge_tree=False, remove_comments=True, remove_pis=True)
    try:
        svg = etree.fromstring(data, parser)
    except etree.XMLSyntaxError as error:
        raise SourceError(f"is not valid SVG ({_first_line(error)})",
                          "save it again as plain SVG") from None
    if svg is None or etree.QName(svg).localname != "svg":
        raise SourceError("is not an SVG drawing (its root element is not <svg>)")
    dtd = svg.getroottree().docinfo.internalDTD
    if (dtd is not None and list(dtd.iterentities())) or any(
            isinstance(node, etree._Entity) for node in svg.iter()):
        raise SourceError("declares or uses XML entities, which are not allowed",
                          "save it again as plain SVG")
    elements = list(svg.iter(tag=etree.Element))
    if len(elements) > MAX_SVG_ELEMENTS:
        raise SourceError(f"has {len(elements):,} elements, over the limit of "
                          f"{MAX_SVG_ELEMENTS:,}", "simplify the drawing or use a PNG")
    for element in elements:
        for attribute in (_XLINK, "href"):
            value = element.get(attribute)
            if value is not None:
                _confine_reference(element, attribute, value.strip(), root, folder)
    return bytes(etree.tostring(svg))


def _confine_reference(element: Any, attribute: str, value: str, root: Path,
                       folder: Path) -> None:
    from lxml import etree  # type: ignore[import-untyped]

    tag = etree.QName(element).localname
    if value.startswith("#") or tag == "a":  # a fragment of this file; links are not followed
        return
    match = _DATA.match(value)
    if match and tag == "image":
        try:
            raw = base64.b64decode("".join(match.group(2).split()), validate=True)
        except (binascii.Error, ValueError):
            raise SourceError("has an embedded image that is not valid base64") from None
        _checked(raw, "an embedded image")
        return
    shown = value if len(value) <= 60 else value[:57] + "..."
    if tag != "image" or value.startswith("data:"):
        raise SourceError(f"refers to '{shown}' from <{tag}>: only references inside the SVG "
                          "(#id) are allowed there", "copy what it refers to into the SVG")
    if _SCHEME.match(value) or value.startswith(("/", "\\")):
        raise SourceError(f"refers to '{shown}': only image files inside the content folder "
                          "can be drawn", "copy the image into the content folder")
    name = value.split("#", 1)[0]
    if name.lower().endswith((".svg", ".svgz")):
        raise SourceError(f"draws another SVG file ('{shown}'), which is not supported",
                          "draw it in this SVG or use a PNG")
    try:
        raw = read_inside(root, folder / name, MAX_IMAGE_BYTES, "an image")
    except SourceError as error:
        why = "does not exist" if error.message == "file not found" else error.message
        raise SourceError(f"refers to '{shown}', which {why}", error.hint) from None
    kind = _checked(raw, f"the image '{shown}' it refers to")
    element.set(attribute, f"data:image/{kind};base64,{base64.b64encode(raw).decode()}")


def _checked(raw: bytes, what: str) -> str:
    try:
        return check_raster(raw)
    except SourceError as error:
        raise SourceError(f"draws {what}, which {error.message}", error.hint) from None


def _first_line(error: BaseException) -> str:
    text = str(error).strip().splitlines()
    return text[0] if text else type(error).__name__
