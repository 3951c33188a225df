"""Tagging: the structure elements of a document and the marked content that ties them to pages.

In: structure elements (`SE`) made by compose, in reading order, one per thing a reader meets
(heading, paragraph, list item, table cell, figure, note...). While ReportLab draws, the
`Tagger` installed on the canvas hands out marked-content ids (MCIDs) per page, writes the
``BDC``/``EMC`` operators into the page stream and records on each element which MCIDs and
annotations are its content. Out: the same elements, now holding ``("mcr", page, mcid)`` and
``("objr", page, annotation index)`` kids, which `layout.pdf.structure` writes as the PDF's
structure tree. No ReportLab import: canvases and text objects are used through the few
attributes named here (``_code``, ``getPageNumber``, ``setNamedCB``, ``_curr_tx_info``).
No global state: the tagger hangs on the canvas of the build that uses it.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from msgspec import Struct, field

MCR = "mcr"
OBJR = "objr"


class SE:
    """A structure element: a role (P, H1, TD...), attributes and kids in reading order.

    Kids are elements, ``(MCR, page, mcid)`` and ``(OBJR, page, annotation index)``. A *static*
    element is made at compose time and survives a layout pass; a *dynamic* one (a footnote
    Link, a soft-hyphen Span, a contents entry) is made while drawing and dropped by
    `Tagger.reset`, as are all MCR and OBJR kids. ``attrs`` holds the PDF attributes: ``alt``,
    ``actual``, ``lang``, ``id``, ``scope``, ``colspan``, ``bbox``, ``numbering`` and
    ``contents`` (the /Contents of the element's link annotations).
    """

    __slots__ = ("attached", "attrs", "kids", "parent", "role", "static")

    def __init__(self, role: str, parent: SE | None = None, *, static: bool = True,
                 **attrs: Any) -> None:
        self.role = role
        self.attrs: dict[str, Any] = attrs
        self.kids: list[Any] = []
        self.parent: SE | None = None
        self.static = static
        self.attached = False
        if parent is not None:
            parent.add(self)

    def add(self, child: SE) -> SE:
        """Append ``child`` (once: an element has one parent); return it."""
        if not child.attached:
            child.parent, child.attached = self, True
            self.kids.append(child)
        return child

    def elements(self) -> Iterator[SE]:
        """This element and every element below it, in tree order."""
        yield self
        for kid in self.kids:
            if isinstance(kid, SE):
                yield from kid.elements()

    def __deepcopy__(self, memo: dict[int, Any]) -> SE:
        return self  # platypus deep-copies flowables; they must keep their element

    def __repr__(self) -> str:
        return f"SE({self.role})"


class Structure(Struct):
    """The structure compose made for one document, with the elements drawn by templates."""

    lang: str
    """The document's language tag (the catalog's /Lang)."""
    root: SE = field(default_factory=lambda: SE("Document"))
    notes: dict[int, SE] = field(default_factory=dict)
    """Footnote number -> its Note, attached after the first reference to it when drawn."""
    furniture: dict[str, SE] = field(default_factory=dict)
    """Texts drawn by page templates (cover, back cover) -> their elements."""
    rolemap: dict[str, str] = field(default_factory=lambda: {"Aside": "Div"})
    footnote_link: str = "Footnote {number}"
    """The /Contents of a note reference's link, in the document's language."""

    def __deepcopy__(self, memo: dict[int, Any]) -> Structure:
        return self


class Tagger:
    """Per-build bookkeeping: MCIDs per page, the open inline elements, the artifact depth.

    `reset` starts every layout pass from the static tree. Flowables reach the tagger with
    `tagger_of(canvas)`; without one (an untagged build) they draw as plain ReportLab does.
    """

    def __init__(self, structure: Structure) -> None:
        self.structure = structure
        self.reset()

    def __deepcopy__(self, memo: dict[int, Any]) -> Tagger:
        return self

    def reset(self) -> None:
        """Forget everything drawn: dynamic elements, MCRs, OBJRs, counters, the stack."""
        pending = [self.structure.root]
        while pending:
            element = pending.pop()
            kept = []
            for kid in element.kids:
                if isinstance(kid, SE) and kid.static:
                    kept.append(kid)
                elif isinstance(kid, SE):
                    kid.attached = False
            element.kids = kept
            pending.extend(kept)
        for note in self.structure.notes.values():
            note.kids, note.attached = [], False
        self.next_mcid: dict[int, int] = {}
        self.stack: list[SE] = []
        """The element whose text is being drawn, and inline elements open inside it."""
        self.links: list[SE] = []
        """Links opened by inline markers during the current paragraph's draw."""
        self.artifact_depth = 0

    def install(self, canvas: Any) -> None:
        """Make ``canvas`` (a new one every pass) draw through this tagger."""
        canvas._tagger = self
        canvas.setNamedCB("tag", self._inline)

    @property
    def suppressed(self) -> bool:
        """True inside an artifact: there, even tagged flowables draw untagged."""
        return self.artifact_depth > 0

    def open_mcid(self, canvas: Any, element: SE) -> str:
        """The BDC operator of a new MCID on the current page, recorded on ``element``."""
        page = canvas.getPageNumber()
        mcid = self.next_mcid.get(page, 0)
        self.next_mcid[page] = mcid + 1
        element.kids.append((MCR, page, mcid))
        return f"/{element.role} <</MCID {mcid}>> BDC"

    def begin(self, canvas: Any, element: SE) -> None:
        """Open marked content of ``element`` in the page stream."""
        canvas._code.append(self.open_mcid(canvas, element))

    @contextlib.contextmanager
    def content(self, canvas: Any, element: SE) -> Iterator[None]:
        """What is drawn inside is ``element``'s content (nothing, inside an artifact)."""
        if self.suppressed:
            yield
            return
        self.begin(canvas, element)
        try:
            yield
        finally:
            canvas._code.append("EMC")

    def begin_artifact(self, canvas: Any, kind: str = "Layout",
                       subtype: str | None = None) -> None:
        """Open an artifact: ``Layout`` (rules, fills, shapes) or ``Pagination`` with
        ``subtype`` Header or Footer (running heads, folios, repeated table headers)."""
        props = f"/Type /{kind}" + (f" /Subtype /{subtype}" if subtype else "")
        canvas._code.append(f"/Artifact <<{props}>> BDC")
        self.artifact_depth += 1

    def end_artifact(self, canvas: Any) -> None:
        """Close the artifact `begin_artifact` opened."""
        self.artifact_depth -= 1
        canvas._code.append("EMC")

    @contextlib.contextmanager
    def artifact(self, canvas: Any, kind: str = "Layout",
                 subtype: str | None = None) -> Iterator[None]:
        """What is drawn inside is an artifact (see `begin_artifact`)."""
        self.begin_artifact(canvas, kind, subtype)
        try:
            yield
        finally:
            self.end_artifact(canvas)

    def note(self, number: int) -> SE | None:
        """Note ``number``, attached to the document if no reference placed it yet."""
        note = self.structure.notes.get(number)
        if note is not None and not note.attached:
            self.structure.root.add(note)
        return note

    def add_annotations(self, page: int, first: int, last: int, owner: SE | None) -> None:
        """Give annotations ``first``..``last - 1`` of ``page`` to their Links.

        With ``owner`` every annotation is its OBJR (a contents line); otherwise they go in
        order to the Links the inline markers opened during the draw.
        """
        targets = [owner] * (last - first) if owner is not None else self.links
        for index, link in zip(range(first, last), targets, strict=False):
            link.kids.append((OBJR, page, index))
        self.links = []

    def _inline(self, canvas: Any, kind: Any, label: str) -> None:
        """``<onDraw name="tag" label="+N"/>`` opens footnote N's Link, ``-N`` closes it."""
        if self.suppressed or not self.stack:
            return
        text = canvas._curr_tx_info["tx"]
        number = int(label[1:])
        text._code.append("EMC")
        if label[0] == "+":
            contents = self.structure.footnote_link.format(number=number)
            link = self.stack[-1].add(SE("Link", static=False, contents=contents))
            self.stack.append(link)
            self.links.append(link)
        elif len(self.stack) > 1:
            self.stack.pop()
            note = self.structure.notes.get(number)
            if note is not None and not note.attached:
                self.stack[-1].add(note)  # the note is read right after its first reference
        text._code.append(self.open_mcid(canvas, self.stack[-1]))


def start_pass(canvas: Any, tagger: Tagger | None) -> None:
    """A layout pass on a new canvas: the tagger starts again from the composed structure;
    without one, the inline markers of note references draw nothing."""
    if tagger is None:
        canvas.setNamedCB("tag", lambda *args: None)
        return
    tagger.reset()
    tagger.install(canvas)


def tagger_of(canvas: Any) -> Tagger | None:
    """The tagger drawing on ``canvas``, or None in an untagged build."""
    return getattr(canvas, "_tagger", None)


@contextlib.contextmanager
def artifact(canvas: Any, kind: str = "Layout", subtype: str | None = None) -> Iterator[None]:
    """`Tagger.artifact` on ``canvas``'s tagger; nothing in an untagged build."""
    tagger = tagger_of(canvas)
    if tagger is None:
        yield
        return
    with tagger.artifact(canvas, kind, subtype):
        yield

