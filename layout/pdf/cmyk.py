"""CMYK: a rendered (screen, RGB) document -> the same drawing in process colour, in place.

In: an open pikepdf document as the renderer wrote it, and the `Palette` it was drawn with.
Out: the same pages and layout with every colour in DeviceCMYK: colour operators (``rg RG
g G``) in page content, Form XObjects and tiling patterns become ``k``/``K``, axial and radial
shadings get CMYK functions, raster images are flattened onto paper white and separated,
and graphics states lose their transparency. A colour of the palette goes back to the exact
tints the designer gave it, so black text is ``0 0 0 1 k``; any other colour (an SVG's own)
is separated by full grey-component replacement, greys to black ink alone. Nothing is laid
out again: the page content is the renderer's, operator for operator, except for colour and
for marked content (tags), which is dropped with the structure tree it belonged to.
"""

from __future__ import annotations

import zlib
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Operator
from PIL import Image, ImageChops, ImageMath

from layout.typeset.colors import Palette, process_equivalent

_MARKED_CONTENT = ("BDC", "BMC", "EMC", "MP", "DP")
_FILL = Operator("k")
_STROKE = Operator("K")


class _Separator:
    """Converts content streams and resources, each object once."""

    def __init__(self, doc: pikepdf.Pdf, palette: Palette) -> None:
        self.doc = doc
        self.table = palette.by_rgb()
        self.done: set[tuple[int, int]] = set()
        self.inline = 0
        """Inline images turned into image XObjects so far (for their resource names)."""

    def tints(self, rgb: tuple[float, float, float]) -> list[float]:
        """The process tints of a screen colour: the palette's when it is one of its roles."""
        key = (round(rgb[0] * 255), round(rgb[1] * 255), round(rgb[2] * 255))
        ink = self.table.get(key)  # type: ignore[call-overload]
        values = ink.cmyk if ink is not None else process_equivalent(*rgb)
        return [round(v, 4) for v in values]

    def content(self, instructions: list[Any], resources: Any, page: bool = False) -> bytes:
        """The content stream with every RGB and grey colour operator in CMYK; a page starts
        in CMYK black (forms inherit the colour of the page that paints them)."""
        out: list[Any] = [pikepdf.ContentStreamInstruction([0, 0, 0, 1], _FILL),
                          pikepdf.ContentStreamInstruction([0, 0, 0, 1], _STROKE)] if page else []
        for instruction in instructions:
            op = str(instruction.operator)
            if isinstance(instruction, pikepdf.ContentStreamInlineImage):
                out.append(self._inline_image(instruction, resources))
            elif op in _MARKED_CONTENT:
                continue  # the press files have no structure tree for it to refer to
            elif op in ("rg", "RG"):
                rgb = tuple(float(v) for v in instruction.operands)
                out.append(pikepdf.ContentStreamInstruction(
                    self.tints(rgb), _FILL if op == "rg" else _STROKE))  # type: ignore[arg-type]
            elif op in ("g", "G"):
                grey = round(1 - float(instruction.operands[0]), 4)
                out.append(pikepdf.ContentStreamInstruction(
                    [0, 0, 0, grey], _FILL if op == "g" else _STROKE))
            else:
                out.append(instruction)
        return pikepdf.unparse_content_stream(out)

    def _inline_image(self, instruction: Any, resources: Any) -> Any:
        """An RGB inline image as a ``Do`` of the same image separated into an XObject."""
        image = instruction.iimage
        if image.image_mask or str(image.colorspace) in ("/DeviceCMYK", "/DeviceGray"):
            return instruction
        separated = to_process(image.as_pil_image())
        self.inline += 1
        name = Name(f"/PressInline{self.inline}")
        if Name.XObject not in resources:
            resources.XObject = Dictionary()
        resources.XObject[name] = self.doc.make_stream(
            zlib.compress(separated.tobytes(), 6), Type=Name.XObject, Subtype=Name.Image,
            Width=separated.width, Height=separated.height, ColorSpace=Name.DeviceCMYK,
            BitsPerComponent=8, Filter=Name.FlateDecode)
        return pikepdf.ContentStreamInstruction([name], Operator("Do"))

    def resources(self, resources: Any) -> None:
        """Separate the images, forms, patterns and shadings a content stream uses."""
        for xobject in resources.get(Name.XObject, Dictionary()).values():
            if not self._first(xobject):
                continue
            if xobject.get(Name.Subtype) == Name.Image:
                separate_image(xobject)
            elif xobject.get(Name.Subtype) == Name.Form:
                self.stream(xobject)
        for pattern in resources.get(Name.Pattern, Dictionary()).values():
            if self._first(pattern):
                if int(pattern.get(Name.PatternType, 0)) == 1:
                    self.stream(pattern)
                elif Name.Shading in pattern:
                    self.shading(pattern.Shading)
        for shading in resources.get(Name.Shading, Dictionary()).values():
            if self._first(shading):
                self.shading(shading)
        for state in resources.get(Name.ExtGState, Dictionary()).values():
            if self._first(state):
                opaque(state)

    def stream(self, stream: Any) -> None:
        """Rewrite a Form XObject's or tiling pattern's content and its resources."""
        if Name.Resources not in stream:
            stream.Resources = Dictionary()
        self.resources(stream.Resources)
        stream.write(self.content(list(pikepdf.parse_content_stream(stream)), stream.Resources))

    def shading(self, shading: Any) -> None:
        """A DeviceRGB shading with exponential (or stitched exponential) functions in CMYK."""
        if shading.get(Name.ColorSpace) != Name.DeviceRGB:
            return
        self._function(shading.Function)
        shading.ColorSpace = Name.DeviceCMYK

    def _function(self, function: Any) -> None:
        kind = int(function.get(Name.FunctionType, -1))
        if kind == 2:
            for key in ("/C0", "/C1"):
                rgb = tuple(float(v) for v in function.get(key, [0, 0, 0] if key == "/C0"
                                                           else [1, 1, 1]))
                function[key] = Array(self.tints(rgb))  # type: ignore[arg-type]
        elif kind == 3:
            for part in function.Functions:
                self._function(part)
        else:
            raise ValueError(f"cannot separate a shading with a type {kind} function")

    def _first(self, obj: Any) -> bool:
        key = obj.objgen if obj.is_indirect else (id(obj), 0)
        if key in self.done:
            return False
        self.done.add(key)
        return True


def separate(doc: pikepdf.Pdf, palette: Palette) -> None:
    """Turn every colour of ``doc`` into process colour (see the module docstring)."""
    separator = _Separator(doc, palette)
    for page in doc.pages:
        if Name.Resources not in page.obj:
            page.obj.Resources = Dictionary()
        resources = page.obj.Resources
        separator.resources(resources)
        page.obj.Contents = doc.make_stream(separator.content(
            list(pikepdf.parse_content_stream(page)), resources, page=True))


def opaque(state: Any) -> None:
    """An ExtGState without transparency: constant alpha 1, normal blending, no soft mask.

    PDF/X-1a has no transparency; what an SVG drew half-transparent prints opaque (the
    build warns about such images when it makes the press editions)."""
    for key in ("/CA", "/ca"):
        if key in state:
            state[key] = 1
    if Name.BM in state:
        state.BM = Name.Normal
    if Name.SMask in state:
        state.SMask = Name("/None")


def separate_image(image: Any) -> None:
    """Rewrite an image XObject as 8-bit DeviceCMYK, its soft mask flattened onto white."""
    if bool(image.get(Name.ImageMask, False)):
        return
    space = image.get(Name.ColorSpace)
    if space in (Name.DeviceCMYK, Name.DeviceGray) and Name.SMask not in image:
        return
    picture = pikepdf.PdfImage(image).as_pil_image()
    if Name.SMask in image:
        alpha = pikepdf.PdfImage(image.SMask).as_pil_image().convert("L")
        picture = flatten(picture, alpha)
    elif isinstance(image.get(Name.Mask), Array):
        picture = flatten(picture, _colour_key_alpha(picture, [int(v) for v in image.Mask]))
    separated = to_process(picture)
    image.write(zlib.compress(separated.tobytes(), 6), filter=Name.FlateDecode)
    image.ColorSpace = Name.DeviceCMYK
    image.BitsPerComponent = 8
    for key in ("/SMask", "/Mask", "/Decode", "/DecodeParms", "/SMaskInData"):
        if key in image:
            del image[key]


def _colour_key_alpha(picture: Image.Image, ranges: list[int]) -> Image.Image:
    """The alpha of a colour-key mask: 0 where every channel lies in its [min, max] range."""
    channels = picture.split()
    if len(ranges) != 2 * len(channels):
        return Image.new("L", picture.size, 255)
    inside = Image.new("L", picture.size, 255)
    for channel, low, high in zip(channels, ranges[::2], ranges[1::2], strict=True):
        hit = channel.point(lambda v, lo=low, hi=high: 255 if lo <= v <= hi else 0)
        inside = ImageChops.multiply(inside, hit)
    return ImageChops.invert(inside)


def flatten(picture: Image.Image, alpha: Image.Image) -> Image.Image:
    """``picture`` composited onto paper white through ``alpha`` (no transparency left)."""
    rgb = picture.convert("RGB")
    if alpha.size != rgb.size:
        alpha = alpha.resize(rgb.size)
    return Image.composite(rgb, Image.new("RGB", rgb.size, "white"), alpha)


def to_process(picture: Image.Image) -> Image.Image:
    """An RGB picture separated into CMYK with full grey-component replacement: neutral
    tones go to black ink alone (Pillow's own ``convert("CMYK")`` prints black as CMY)."""
    if picture.mode == "CMYK":
        return picture
    r, g, b = picture.convert("RGB").split()
    black = ImageChops.invert(ImageChops.lighter(ImageChops.lighter(r, g), b))

    def tint(channel: Image.Image) -> Image.Image:
        result = ImageMath.lambda_eval(
            lambda a: a["convert"](
                a["float"](255 - a["v"] - a["k"]) * 255
                / a["max"](a["float"](255 - a["k"]), 1.0) + 0.5, "L"),
            v=channel, k=black)
        assert isinstance(result, Image.Image)
        return result

    return Image.merge("CMYK", (tint(r), tint(g), tint(b), black))
