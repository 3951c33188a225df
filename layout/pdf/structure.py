"""Structure: a drawn `Structure` -> the tagged-PDF objects of the ReportLab document being saved.

In: the ReportLab document of a tagged build, its pages and annotations added, about to be
written (`layout.pdf.pdfa` calls this), and the `Structure` its tagger filled while drawing.
Out, as objects of that document: one /StructElem per drawn element under /StructTreeRoot, the
/ParentTree (page keys first, then one key per annotation), /StructParents and /StructParent,
OBJRs, the RoleMap and IDTree, /Tabs /S on every page, a non-empty /Contents and the Print flag
on every link, clean ToUnicode maps, and the catalog's /MarkInfo, /Lang and DisplayDocTitle.

The tree is written as bytes once every object has its number: the elements are registered in
tree order, so the numbering, and the file, depend only on the structure.
"""

from __future__ import annotations

import re
from typing import Any

from reportlab.lib.rl_accel import fp_str
from reportlab.pdfbase import pdfdoc
from reportlab.pdfbase.pdfdoc import PDFDictionary, PDFName, PDFString

from layout.pdf.syntax import text_string
from layout.pdf.tagging import MCR, OBJR, SE, Structure

_NO_TEXT = {"0000", "FEFF", "FFFE"}
_PAIR = re.compile(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


class Written(pdfdoc.PDFObject):
    """An indirect object whose bytes are made once the numbers it refers to are known."""

    __slots__ = ("__InternalName__", "body")

    def __init__(self) -> None:
        self.body = b""

    def format(self, document: Any) -> bytes:
        return self.body


def add_entries(obj: Any, **entries: Any) -> None:
    """Set ``entries`` on a ReportLab page or catalog, including keys its dictionary does not
    know (/Tabs, /StructParents, /OutputIntents), so that it writes them."""
    known = obj.__NoDefault__
    obj.__NoDefault__ = known + [key for key in entries if key not in known]
    for key, value in entries.items():
        setattr(obj, key, value)


class _Writer:
    """Writes each drawn element as a /StructElem, collecting ParentTree and IDTree entries."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.pages = list(doc.Pages.pages)
        self.page_refs = [self.ref(page) for page in self.pages]
        self.by_page: dict[int, dict[int, bytes]] = {}
        self.annotations: list[tuple[Any, bytes, SE]] = []
        self.ids: list[tuple[str, bytes]] = []
        self.drawn: set[int] = set()
        """ids of the elements with something drawn (an empty text leaves no element)."""

    def ref(self, obj: Any) -> bytes:
        return b"%d 0 R" % self.doc.idToObjectNumberAndVersion[self.doc.Reference(obj).name][0]

    def new(self) -> tuple[Written, bytes]:
        made = Written()
        return made, self.ref(made)

    def mark_drawn(self, se: SE) -> bool:
        """Record which of ``se`` and the elements below it have drawn content."""
        drawn = False
        for kid in se.kids:
            drawn = (self.mark_drawn(kid) if kid.__class__ is SE else True) or drawn
        if drawn:
            self.drawn.add(id(se))
        return drawn

    def element(self, se: SE, parent: bytes) -> bytes:
        """Write the /StructElem of ``se`` and, recursively, of its drawn kids; its reference.
        Elements are numbered as they are met, in tree order."""
        made, ref = self.new()
        parts = [b"<< /Type /StructElem /S ", _name(se.role), b" /P ", parent]
        first_page = next((kid[1] for kid in se.kids if kid.__class__ is tuple), None)
        if first_page is not None:
            parts += [b" /Pg ", self.page_refs[first_page - 1]]
        if se.attrs:
            parts.append(_attributes(se.attrs))
            if se.attrs.get("id"):
                self.ids.append((se.attrs["id"], ref))
        kids = [self.element(kid, ref) if kid.__class__ is SE
                else self._content_kid(kid, ref, se, first_page)
                for kid in se.kids if kid.__class__ is not SE or id(kid) in self.drawn]
        if kids:
            parts += [b" /K ", kids[0] if len(kids) == 1 else b"[" + b" ".join(kids) + b"]"]
        made.body = b"".join(parts) + b" >>"
        return ref

    def _content_kid(self, kid: tuple[str, int, int], ref: bytes, se: SE,
                     first_page: int | None) -> bytes:
        kind, page, number = kid
        if kind == MCR:
            self.by_page.setdefault(page - 1, {})[number] = ref
            if page == first_page:
                return b"%d" % number  # an MCID on the element's own /Pg
            return b"<< /Type /MCR /Pg %s /MCID %d >>" % (self.page_refs[page - 1], number)
        assert kind == OBJR
        annotation = self.pages[page - 1].Annots[number]
        self.annotations.append((annotation, ref, se))
        return b"<< /Type /OBJR /Obj %s /Pg %s >>" % (self.ref(annotation),
                                                     self.page_refs[page - 1])

    def parent_tree(self) -> tuple[bytes, int]:
        """The /ParentTree and its next key: pages 0..n-1, then one key per annotation."""
        nums: list[bytes] = []
        for index, page in enumerate(self.pages):
            owners = self.by_page.get(index)
            if not owners:
                continue
            if sorted(owners) != list(range(len(owners))):
                raise ValueError(f"page {index + 1}: MCIDs are not 0..{len(owners) - 1}")
            add_entries(page, StructParents=index)
            made, ref = self.new()
            made.body = b"[" + b" ".join(owners[i] for i in range(len(owners))) + b"]"
            nums += [b"%d" % index, ref]
        key = len(self.pages)
        for annotation, ref, se in self.annotations:
            _link_owned_by(self.doc.idToObject[annotation.name], key,
                           se.attrs.get("contents") or "Link")
            nums += [b"%d" % key, ref]
            key += 1
        made, ref = self.new()
        made.body = b"<< /Nums [" + b" ".join(nums) + b"] >>"
        return ref, key


def _link_owned_by(annotation: Any, key: int, contents: str) -> None:
    """A link annotation as PDF/UA and PDF/A want it: its structure key, printable, with a
    non-empty /Contents (ReportLab writes ``()``)."""
    annotation.permitted = (*annotation.permitted, "StructParent")
    flags = int(annotation.otherkw.get("F", 0))
    annotation.otherkw["F"] = (flags | 4) & ~(1 | 2 | 32)  # print; not invisible, hidden, noview
    annotation.otherkw["StructParent"] = key
    if not str(annotation.Contents or "").strip():
        annotation.Contents = contents


def _name(value: str) -> bytes:
    return PDFName(value).encode("ascii")


def _attributes(a: dict[str, Any]) -> bytes:
    """The /StructElem entries of an element's attributes (text ones, then owned /A)."""
    parts = []
    for key, name in (("alt", b"/Alt"), ("actual", b"/ActualText"), ("lang", b"/Lang"),
                      ("id", b"/ID")):
        if a.get(key):
            parts.append(b" " + name + b" " + text_string(a[key]))
    owned = []
    table = b""
    if a.get("scope"):
        table += b" /Scope " + _name(a["scope"])
    if a.get("colspan", 1) > 1:
        table += b" /ColSpan %d" % a["colspan"]
    if table:
        owned.append(b"<< /O /Table" + table + b" >>")
    if a.get("bbox"):
        box = b" ".join(fp_str(v).encode("ascii") for v in a["bbox"])
        owned.append(b"<< /O /Layout /BBox [" + box + b"] /Placement /Block >>")
    if a.get("numbering"):
        owned.append(b"<< /O /List /ListNumbering " + _name(a["numbering"]) + b" >>")
    if owned:
        parts.append(b" /A " + (owned[0] if len(owned) == 1 else
                                b"[" + b" ".join(owned) + b"]"))
    return b"".join(parts)


def write_structure(doc: Any, structure: Structure) -> None:
    """Add ``structure`` (as drawn) to the ReportLab document ``doc`` as its tagged-PDF
    structure, with what PDF/UA asks of its catalog, pages, links and fonts."""
    writer = _Writer(doc)
    writer.mark_drawn(structure.root)
    root, root_ref = writer.new()
    document = writer.element(structure.root, root_ref)
    parent_tree, next_key = writer.parent_tree()
    parts = [b"<< /Type /StructTreeRoot /K ", document,
             b" /ParentTree ", parent_tree, b" /ParentTreeNextKey %d" % next_key]
    if structure.rolemap:
        parts.append(b" /RoleMap << " + b" ".join(
            _name(k) + b" " + _name(v) for k, v in sorted(structure.rolemap.items())) + b" >>")
    if writer.ids:
        names = b" ".join(text_string(name) + b" " + ref
                          for name, ref in sorted(writer.ids, key=lambda pair: pair[0]))
        parts.append(b" /IDTree << /Names [" + names + b"] >>")
    root.body = b"".join(parts) + b" >>"
    for page in writer.pages:
        add_entries(page, Tabs=PDFName("S"))
    catalog = doc.Catalog
    catalog.StructTreeRoot = root
    catalog.MarkInfo = PDFDictionary({"Marked": pdfdoc.PDFtrue})
    catalog.Lang = PDFString(structure.lang)
    catalog.ViewerPreferences = PDFDictionary({"DisplayDocTitle": pdfdoc.PDFtrue})
    clean_tounicode(doc)


def clean_tounicode(doc: Any) -> None:
    """Drop the ToUnicode entries ReportLab writes for unused codes (<0000>, which PDF/UA and
    PDF/A-2a reject) and keep every bfchar block at 100 entries or fewer."""
    for name, stream in doc.idToObject.items():
        if not name.startswith("toUnicodeCMap:"):
            continue
        text = stream.content
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
        stream.content = text[:start.start()] + blocks + tail
