"""Structure: a drawn `Structure` -> the tagged-PDF objects of an open pikepdf document.

In: the open PDF a tagged build wrote and the `Structure` its tagger filled while drawing.
Out, in the same document (saving is the caller's, in the PDF/A pass of `layout.pdf.pdfa`):
one /StructElem per element under /StructTreeRoot, the /ParentTree (page keys first, then one
key per annotation), /StructParents and /StructParent, OBJRs, the RoleMap and IDTree, /Tabs /S
on every page, a non-empty /Contents on every link, clean ToUnicode maps, the catalog's
/MarkInfo, /Lang and DisplayDocTitle, and the XMP's PDF/UA-1 identifier with the PDF/A
extension schema that declares it. Deterministic: no object depends on memory addresses.
"""

from __future__ import annotations

import functools
import re
import zlib
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, String

from layout.pdf.tagging import MCR, OBJR, SE, Structure

PDFUA_SCHEMA = (
    '<rdf:Description rdf:about="" '
    'xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" '
    'xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" '
    'xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#">'
    "<pdfaExtension:schemas><rdf:Bag>"
    '<rdf:li rdf:parseType="Resource">'
    "<pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema>"
    "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI>"
    "<pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix>"
    "<pdfaSchema:property><rdf:Seq>"
    '<rdf:li rdf:parseType="Resource">'
    "<pdfaProperty:name>part</pdfaProperty:name>"
    "<pdfaProperty:valueType>Integer</pdfaProperty:valueType>"
    "<pdfaProperty:category>internal</pdfaProperty:category>"
    "<pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed"
    "</pdfaProperty:description>"
    "</rdf:li></rdf:Seq></pdfaSchema:property>"
    "</rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>"
)
"""PDF/A admits the pdfuaid namespace only when an extension schema declares it (ISO 19005-2,
6.6.2.3); this is that declaration."""

_NO_TEXT = {"0000", "FEFF", "FFFE"}
_PAIR = re.compile(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


class _Writer:
    """Turns elements into /StructElem dictionaries, collecting ParentTree and IDTree entries."""

    def __init__(self, pdf: pikepdf.Pdf) -> None:
        self.pdf = pdf
        self.pages = [page.obj for page in pdf.pages]
        self.by_page: dict[int, dict[int, Any]] = {}
        self.annotations: list[tuple[Any, Any, SE]] = []
        self.ids: list[tuple[str, Any]] = []
        self.drawn: set[int] = set()
        """ids of the elements with something drawn (an empty text leaves no element)."""

    def mark_drawn(self, se: SE) -> bool:
        """Record which of ``se`` and the elements below it have drawn content."""
        drawn = False
        for kid in se.kids:
            drawn = (self.mark_drawn(kid) if kid.__class__ is SE else True) or drawn
        if drawn:
            self.drawn.add(id(se))
        return drawn

    def element(self, se: SE, parent: Any) -> Any:
        """The /StructElem of ``se`` and, recursively, of its drawn kids."""
        fields: dict[str, Any] = {"/Type": _STRUCT_ELEM, "/S": _name(se.role), "/P": parent}
        first_page = next((kid[1] for kid in se.kids if kid.__class__ is tuple), None)
        if first_page is not None:
            fields["/Pg"] = self.pages[first_page - 1]
        if se.attrs:
            fields.update(_attributes(se.attrs))
        made = self.pdf.make_indirect(Dictionary(fields))
        if se.attrs.get("id"):
            self.ids.append((se.attrs["id"], made))
        kids = [self.element(kid, made) if kid.__class__ is SE
                else self._content_kid(kid, made, se, first_page)
                for kid in se.kids if kid.__class__ is not SE or id(kid) in self.drawn]
        if kids:
            made.K = kids[0] if len(kids) == 1 else Array(kids)
        return made

    def _content_kid(self, kid: tuple[str, int, int], made: Any, se: SE,
                     first_page: int | None) -> Any:
        kind, page, number = kid
        page_obj = self.pages[page - 1]
        if kind == MCR:
            self.by_page.setdefault(page - 1, {})[number] = made
            if page == first_page:
                return number  # an MCID on the element's own /Pg
            return Dictionary(Type=Name.MCR, Pg=page_obj, MCID=number)
        assert kind == OBJR
        annotation = page_obj.Annots[number]
        self.annotations.append((annotation, made, se))
        return Dictionary(Type=Name.OBJR, Obj=annotation, Pg=page_obj)

    def parent_tree(self) -> tuple[Any, int]:
        """The /ParentTree and its next key: pages 0..n-1, then one key per annotation."""
        nums = Array()
        for index, page in enumerate(self.pages):
            owners = self.by_page.get(index)
            if not owners:
                continue
            if sorted(owners) != list(range(len(owners))):
                raise ValueError(f"page {index + 1}: MCIDs are not 0..{len(owners) - 1}")
            page.StructParents = index
            nums.append(index)
            nums.append(self.pdf.make_indirect(Array([owners[i] for i in range(len(owners))])))
        key = len(self.pages)
        for annotation, made, se in self.annotations:
            annotation.StructParent = key
            nums.append(key)
            nums.append(made)
            key += 1
            if not str(annotation.get("/Contents", "")).strip():  # ReportLab writes ()
                annotation.Contents = String(se.attrs.get("contents") or "Link")
        return self.pdf.make_indirect(Dictionary(Nums=nums)), key


_STRUCT_ELEM = Name.StructElem


@functools.cache
def _name(value: str) -> Name:
    return Name("/" + value)


def _attributes(a: dict[str, Any]) -> dict[str, Any]:
    """The /StructElem entries of an element's attributes (text ones, then owned /A)."""
    fields: dict[str, Any] = {}
    for key, name in (("alt", "/Alt"), ("actual", "/ActualText"), ("lang", "/Lang"),
                      ("id", "/ID")):
        if a.get(key):
            fields[name] = String(a[key])
    owned = []
    table: dict[str, Any] = {}
    if a.get("scope"):
        table["/Scope"] = _name(a["scope"])
    if a.get("colspan", 1) > 1:
        table["/ColSpan"] = a["colspan"]
    if table:
        owned.append(Dictionary({"/O": Name.Table, **table}))
    if a.get("bbox"):
        owned.append(Dictionary(O=Name.Layout, BBox=Array(a["bbox"]), Placement=Name.Block))
    if a.get("numbering"):
        owned.append(Dictionary(O=Name.List, ListNumbering=_name(a["numbering"])))
    if owned:
        fields["/A"] = owned[0] if len(owned) == 1 else Array(owned)
    return fields


def write_structure(pdf: pikepdf.Pdf, structure: Structure) -> None:
    """Write ``structure`` (as drawn) into the open ``pdf`` as its tagged-PDF structure."""
    writer = _Writer(pdf)
    writer.mark_drawn(structure.root)
    root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    root.K = writer.element(structure.root, root)
    root.ParentTree, root.ParentTreeNextKey = writer.parent_tree()
    if structure.rolemap:
        root.RoleMap = Dictionary({"/" + k: Name("/" + v)
                                   for k, v in sorted(structure.rolemap.items())})
    if writer.ids:
        names = Array()
        for name, made in sorted(writer.ids, key=lambda pair: pair[0]):
            names.append(String(name))
            names.append(made)
        root.IDTree = Dictionary(Names=names)
    for page in writer.pages:
        page.Tabs = Name.S
    catalog = pdf.Root
    catalog.StructTreeRoot = root
    catalog.MarkInfo = Dictionary(Marked=True)
    catalog.Lang = String(structure.lang)
    catalog.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    clean_tounicode(pdf)


def clean_tounicode(pdf: pikepdf.Pdf) -> None:
    """Drop the ToUnicode entries ReportLab writes for unused codes (<0000>, which PDF/UA and
    PDF/A-2a reject) and keep every bfchar block at 100 entries or fewer."""
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        resources: Any = page.obj.get("/Resources", Dictionary())
        for _, font in resources.get("/Font", Dictionary()).items():
            cmap = font.get("/ToUnicode")
            if cmap is None or cmap.objgen in seen:
                continue
            seen.add(cmap.objgen)
            text = cmap.read_bytes().decode("latin-1")
            start = re.search(r"\d+\s+beginbfchar", text)
            end = text.rfind("endbfchar")
            if start is None or end < 0:
                continue
            pairs = [(code, value) for code, value in _PAIR.findall(text[start.end():end])
                     if value.upper() not in _NO_TEXT]
            blocks = "".join(
                f"{len(chunk)} beginbfchar\n"
                + "".join(f"<{code}> <{value}>\n" for code, value in chunk) + "endbfchar\n"
                for chunk in (pairs[i:i + 100] for i in range(0, len(pairs), 100)))
            tail = text[end + len("endbfchar"):].lstrip("\n")
            cmap.write(zlib.compress((text[:start.start()] + blocks + tail).encode("latin-1")),
                       filter=Name.FlateDecode)


def declare_pdfua(pdf: pikepdf.Pdf) -> None:
    """XMP: PDF/A-2a (level A) and pdfuaid:part 1 with its extension schema (dc:title comes
    from the document info, as for every PDF/A file we write).

    Run after the PDF/A XMP is written; the metadata dates stay as they are.
    """
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["pdfaid:conformance"] = "A"
        meta["pdfuaid:part"] = "1"
    xmp = pdf.Root.Metadata.read_bytes().decode("utf-8")
    if "pdfaExtension:schemas" not in xmp:
        xmp = xmp.replace("</rdf:RDF>", PDFUA_SCHEMA + "</rdf:RDF>", 1)
    pdf.Root.Metadata = pdf.make_stream(xmp.encode("utf-8"), Type=Name.Metadata,
                                        Subtype=Name.XML)
