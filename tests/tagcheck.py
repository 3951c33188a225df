"""Our structure checker for tagged PDFs: the bookkeeping no PDF/UA validator looks at.

In: an open `pikepdf.Pdf` (or a path). Out: a list of findings, one line each, empty when the
file is sound. It checks the catalog (MarkInfo, Lang, DisplayDocTitle, the structure root), the
tree (standard or role-mapped types, headings nesting from H1 without skips, lists, tables,
Figure /Alt, Note /ID in the IDTree), the content streams (every painting operator inside an
MCID sequence or an artifact, no marked content nested in an MCID sequence or crossing BT/ET,
MCIDs 0..n-1 on every page), the ParentTree against the tree, and the annotations (each in one
OBJR of its /StructParent element, a non-empty /Contents, the Print flag, /Tabs /S on the
page). `struct_text` reads the text of every element back, for golden files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pikepdf
from pikepdf import Name

PAINTING = frozenset(
    {"Tj", "TJ", "'", '"', "Do", "sh", "BI", "S", "s", "f", "F", "f*", "B", "B*", "b", "b*"})
"""Operators that put marks on the page."""

_STANDARD = """
    Document Part Art Sect Div BlockQuote Caption TOC TOCI Index NonStruct Private P H H1 H2
    H3 H4 H5 H6 L LI Lbl LBody Table TR TH TD THead TBody TFoot Span Quote Note Reference
    BibEntry Code Link Annot Ruby RB RT RP Warichu WT WP Figure Formula Form
"""
STANDARD_TYPES = frozenset(_STANDARD.split())
"""The structure types of PDF 1.7 (ISO 32000-1, 14.8.4)."""

TEXT_ROLES = frozenset({"H1", "H2", "H3", "H4", "H5", "H6", "P", "Lbl", "LBody", "TH", "TD",
                        "Caption", "Note", "TOCI"})
"""Elements whose text a golden file records (text goes to the innermost of these)."""


def kids(element: Any) -> list[Any]:
    """The /K entries of a structure element as a list (an int, a dict or an array)."""
    value = element.get("/K")
    if value is None:
        return []
    return list(value) if isinstance(value, pikepdf.Array) else [value]


def is_element(kid: Any) -> bool:
    """True for a structure element kid (not an MCID, an MCR or an OBJR)."""
    return isinstance(kid, pikepdf.Dictionary) and kid.get("/Type") not in (Name.MCR, Name.OBJR)


def elements(pdf: pikepdf.Pdf, role: str | None = None) -> list[Any]:
    """Every structure element in tree order (only those of ``role`` when given)."""
    found: list[Any] = []
    pending = list(reversed(kids(pdf.Root.StructTreeRoot)))
    while pending:
        element = pending.pop()
        found.append(element)
        pending.extend(reversed([k for k in kids(element) if is_element(k)]))
    return [e for e in found if role is None or e.get("/S") == Name("/" + role)]


@dataclass
class _Tree:
    """What the walk over the structure tree found."""

    rolemap: dict[str, str]
    ids: set[str]
    pages: dict[tuple[int, int], int]
    parent_tree: dict[int, Any]
    problems: list[str] = field(default_factory=list)
    mcid_owner: dict[tuple[int, int], tuple[int, int]] = field(default_factory=dict)
    objr_count: dict[tuple[int, int], int] = field(default_factory=dict)
    headings: list[int] = field(default_factory=list)

    def role(self, element: Any) -> str:
        name = str(element.get("/S", "/?"))[1:]
        return self.rolemap.get(name, name)


def _number_tree(root: Any, key: str) -> dict[int, Any]:
    tree = root.get(key)
    nums = tree.get("/Nums", []) if tree is not None else []
    return {int(nums[i]): nums[i + 1] for i in range(0, len(nums), 2)}


def _name_keys(root: Any, key: str) -> set[str]:
    tree = root.get(key)
    names = tree.get("/Names", []) if tree is not None else []
    return {str(names[i]) for i in range(0, len(names), 2)}


def _attributes(element: Any) -> list[Any]:
    value = element.get("/A")
    if value is None:
        return []
    return list(value) if isinstance(value, pikepdf.Array) else [value]


def _element_rules(tree: _Tree, element: Any, role: str, kid_roles: list[str]) -> None:
    """The rules one element must satisfy by its type and its element kids."""
    p = tree.problems
    if role not in STANDARD_TYPES:
        p.append(f"{role}: neither a standard type nor role-mapped to one")
    if role == "L" and any(k not in ("LI", "Caption") for k in kid_roles):
        p.append(f"L holds {kid_roles}")
    if role == "LI" and kid_roles != ["Lbl", "LBody"]:
        p.append(f"LI holds {kid_roles}, not Lbl and LBody")
    if role == "Table" and any(k not in ("THead", "TBody", "TFoot", "TR", "Caption")
                               for k in kid_roles):
        p.append(f"Table holds {kid_roles}")
    if role in ("THead", "TBody", "TFoot") and any(k != "TR" for k in kid_roles):
        p.append(f"{role} holds {kid_roles}")
    if role == "TR" and any(k not in ("TH", "TD") for k in kid_roles):
        p.append(f"TR holds {kid_roles}")
    if role == "TH" and not any(a.get("/O") == Name.Table and "/Scope" in a
                                for a in _attributes(element)):
        p.append("TH without /A << /O /Table /Scope >>")
    if role == "Figure" and not str(element.get("/Alt", "")).strip():
        p.append("Figure without /Alt")
    if role == "Note" and str(element.get("/ID", "")) not in tree.ids:
        p.append("Note without an /ID listed in the IDTree")
    if re.fullmatch(r"H[1-6]", role):
        level = int(role[1])
        previous = tree.headings[-1] if tree.headings else 0
        if level > previous + 1:
            p.append(f"heading H{level} follows H{previous or '-'}: it skips a level")
        tree.headings.append(level)


def _content_kid(tree: _Tree, element: Any, kid: Any, page: Any) -> None:
    """Record an MCID, MCR or OBJR kid of ``element`` (``page``: the inherited /Pg)."""
    owner = element.objgen
    if isinstance(kid, int):
        if page is None:
            tree.problems.append(f"{tree.role(element)}: MCID {kid} without a /Pg")
            return
        tree.mcid_owner[(tree.pages[page.objgen], int(kid))] = owner
    elif kid.get("/Type") == Name.MCR:
        kid_page = kid.get("/Pg", page)
        tree.mcid_owner[(tree.pages[kid_page.objgen], int(kid.MCID))] = owner
    elif kid.get("/Type") == Name.OBJR:
        annotation = kid.Obj
        tree.objr_count[annotation.objgen] = tree.objr_count.get(annotation.objgen, 0) + 1
        key = annotation.get("/StructParent")
        target = tree.parent_tree.get(int(key)) if key is not None else None
        if target is None or target.objgen != owner:
            tree.problems.append(f"annotation {annotation.objgen}: /StructParent does not lead "
                                 f"back to its {tree.role(element)}")


def _walk(tree: _Tree, element: Any, page: Any = None) -> None:
    page = element.get("/Pg", page)
    role = tree.role(element)
    children = kids(element)
    element_kids = [k for k in children if is_element(k)]
    _element_rules(tree, element, role, [tree.role(k) for k in element_kids])
    for kid in children:
        if not is_element(kid):
            _content_kid(tree, element, kid, page)
            continue
        if kid.get("/P") is None or kid.P.objgen != element.objgen:
            tree.problems.append(f"{tree.role(kid)}: its /P is not its parent {role}")
        _walk(tree, kid, page)


def _check_catalog(pdf: pikepdf.Pdf, root: Any, tree: _Tree) -> None:
    p, catalog = tree.problems, pdf.Root
    if catalog.get("/MarkInfo", {}).get("/Marked") is not True:
        p.append("catalog: /MarkInfo /Marked is not true")
    if not str(catalog.get("/Lang", "")):
        p.append("catalog: no /Lang")
    if catalog.get("/ViewerPreferences", {}).get("/DisplayDocTitle") is not True:
        p.append("catalog: /ViewerPreferences /DisplayDocTitle is not true")
    if tree.parent_tree and int(root.get("/ParentTreeNextKey", -1)) != max(tree.parent_tree) + 1:
        p.append("/ParentTreeNextKey is not one more than the largest ParentTree key")
    for name, target in tree.rolemap.items():
        if name in STANDARD_TYPES:
            p.append(f"RoleMap remaps the standard type {name}")
        if target not in STANDARD_TYPES:
            p.append(f"RoleMap maps {name} to {target}, not a standard type")
    top = kids(root)
    if len(top) != 1 or not is_element(top[0]) or top[0].get("/S") != Name.Document:
        p.append("the structure root's only kid is not a Document")


def _check_annotations(tree: _Tree, number: int, page: Any) -> None:
    p = tree.problems
    if page.obj.get("/Tabs") != Name.S:
        p.append(f"p{number}: no /Tabs /S")
    for annotation in page.obj.get("/Annots", []):
        count = tree.objr_count.get(annotation.objgen, 0)
        if count != 1:
            p.append(f"p{number}: annotation {annotation.objgen} is in {count} OBJRs, not 1")
        if "/StructParent" not in annotation:
            p.append(f"p{number}: annotation {annotation.objgen} without /StructParent")
        if annotation.get("/Subtype") == Name.Link and not str(
                annotation.get("/Contents", "")).strip():
            p.append(f"p{number}: link annotation {annotation.objgen} with an empty /Contents")
        if not int(annotation.get("/F", 0)) & 4:
            p.append(f"p{number}: annotation {annotation.objgen} without the Print flag")


def _mcid_of(instruction: Any) -> int | None:
    operands = instruction.operands
    if str(instruction.operator) != "BDC" or len(operands) < 2:
        return None
    props = operands[1]
    if isinstance(props, pikepdf.Dictionary) and "/MCID" in props:
        return int(props.MCID)
    return None


def _check_marked_operator(problems: list[str], where: str, instruction: Any,
                           stack: list[tuple[str, int | None, bool]], in_text: bool) -> None:
    """A BDC or BMC: no MCID inside an MCID or an artifact, no artifact inside an MCID."""
    tag = str(instruction.operands[0])[1:]
    mcid = _mcid_of(instruction)
    inside_mcid = any(m is not None for _, m, _ in stack)
    if mcid is not None and inside_mcid:
        problems.append(f"{where}: MCID {mcid} nested in another MCID sequence")
    if mcid is not None and any(t == "Artifact" for t, _, _ in stack):
        problems.append(f"{where}: MCID {mcid} inside an artifact")
    if tag == "Artifact" and inside_mcid:
        problems.append(f"{where}: an artifact inside an MCID sequence")
    stack.append((tag, mcid, in_text))


def _page_mcids(problems: list[str], number: int, page: Any) -> list[int]:
    """The MCIDs of one page in stream order, checking what paints and how it is marked."""
    where = f"p{number}"
    stack: list[tuple[str, int | None, bool]] = []
    mcids: list[int] = []
    in_text = False
    for instruction in pikepdf.parse_content_stream(page):
        op = str(instruction.operator)
        if op in ("BDC", "BMC"):
            _check_marked_operator(problems, where, instruction, stack, in_text)
            if stack[-1][1] is not None:
                mcids.append(stack[-1][1])  # type: ignore[arg-type]
        elif op == "EMC":
            if not stack:
                problems.append(f"{where}: EMC without a sequence to end")
                continue
            tag, _, opened_in_text = stack.pop()
            if opened_in_text != in_text:
                problems.append(f"{where}: a {tag} sequence crosses a BT/ET boundary")
        elif op in ("BT", "ET"):
            in_text = op == "BT"
        elif (op in PAINTING or isinstance(instruction, pikepdf.ContentStreamInlineImage)) \
                and not stack:
            problems.append(f"{where}: painting operator {op} outside marked content")
    if stack:
        problems.append(f"{where}: {len(stack)} marked-content sequence(s) left open")
    return mcids


def _check_page(tree: _Tree, index: int, page: Any) -> None:
    number = index + 1
    p = tree.problems
    mcids = _page_mcids(p, number, page)
    if sorted(mcids) != list(range(len(mcids))):
        p.append(f"p{number}: MCIDs are not 0..{len(mcids) - 1} each once")
    key = page.obj.get("/StructParents")
    if mcids and key is None:
        p.append(f"p{number}: marked content but no /StructParents")
        return
    entries = tree.parent_tree.get(int(key)) if key is not None else None
    if mcids and (entries is None or len(entries) != len(mcids)):
        p.append(f"p{number}: the ParentTree entry does not list the page's {len(mcids)} MCIDs")
        return
    for mcid in mcids:
        owner = tree.mcid_owner.get((index, mcid))
        if owner is None:
            p.append(f"p{number}: MCID {mcid} belongs to no structure element")
        elif entries is not None and mcid < len(entries) and entries[mcid].objgen != owner:
            p.append(f"p{number}: MCID {mcid}: the ParentTree and the tree disagree")


def check(source: pikepdf.Pdf | str | Path) -> list[str]:
    """Every problem found in the tagged PDF ``source``; an empty list when it is sound."""
    if not isinstance(source, pikepdf.Pdf):
        with pikepdf.open(source) as pdf:
            return check(pdf)
    root = source.Root.get("/StructTreeRoot")
    if root is None:
        return ["no /StructTreeRoot: the PDF is not tagged"]
    rolemap = {str(k)[1:]: str(v)[1:] for k, v in root.get("/RoleMap", {}).items()}
    tree = _Tree(rolemap, _name_keys(root, "/IDTree"),
                 {page.objgen: i for i, page in enumerate(source.pages)},
                 _number_tree(root, "/ParentTree"))
    _check_catalog(source, root, tree)
    for element in kids(root):
        if is_element(element):
            _walk(tree, element)
    if tree.headings and tree.headings[0] != 1:
        tree.problems.append(f"the first heading is H{tree.headings[0]}, not H1")
    for index, page in enumerate(source.pages):
        _check_page(tree, index, page)
        _check_annotations(tree, index + 1, page)
    return tree.problems


def _unicode_map(font: Any) -> dict[int, str]:
    """Code -> text of a simple font, from its ToUnicode CMap (ReportLab's bfchar form)."""
    cmap = font.get("/ToUnicode")
    if cmap is None:
        return {}
    text = cmap.read_bytes().decode("latin-1")
    found = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for code, value in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            found[int(code, 16)] = bytes.fromhex(value).decode("utf-16-be")
    return found


def _shown(operands: Any, op: str) -> list[bytes]:
    if op == "TJ":
        return [bytes(item) for item in operands[0] if isinstance(item, pikepdf.String)]
    return [bytes(operands[-1])]


def page_texts(page: Any) -> dict[int, str]:
    """MCID -> the text its marked content shows, on one page."""
    fonts = page.obj.get("/Resources", {}).get("/Font", {})
    maps = {str(name): _unicode_map(font) for name, font in fonts.items()}
    texts: dict[int, str] = {}
    stack: list[int | None] = []
    current: dict[int, str] = {}
    for instruction in pikepdf.parse_content_stream(page):
        op = str(instruction.operator)
        if op in ("BDC", "BMC"):
            stack.append(_mcid_of(instruction))
        elif op == "EMC" and stack:
            stack.pop()
        elif op == "Tf":
            current = maps.get(str(instruction.operands[0]), {})
        elif op in ("Tj", "TJ", "'", '"'):
            mcid = next((m for m in reversed(stack) if m is not None), None)
            if mcid is not None:
                shown = "".join(current.get(b, "") for chunk in _shown(instruction.operands, op)
                                for b in chunk)
                texts[mcid] = texts.get(mcid, "") + shown
    return texts


def normalize(text: str) -> str:
    """Whitespace collapsed, soft hyphens and no-break spaces as a reader hears them."""
    return " ".join(text.replace("\u00ad", "").replace("\xa0", " ").split())


def struct_text(source: pikepdf.Pdf | str | Path) -> list[tuple[str, str]]:
    """(role, text) of every text-bearing element in tree order.

    Text goes to the innermost `TEXT_ROLES` element around it; an element with /ActualText
    reads as that text (a line-end hyphen's Span as a soft hyphen, which is left out).
    """
    if not isinstance(source, pikepdf.Pdf):
        with pikepdf.open(source) as pdf:
            return struct_text(pdf)
    pages = {page.objgen: i for i, page in enumerate(source.pages)}
    texts: dict[int, dict[int, str]] = {}
    out: list[list[str]] = []

    def text_of(index: int, mcid: int) -> str:
        if index not in texts:
            texts[index] = page_texts(source.pages[index])
        return texts[index].get(mcid, "")

    def walk(element: Any, page: Any, owner: list[str] | None) -> None:
        page = element.get("/Pg", page)
        role = str(element.get("/S", "/?"))[1:]
        if role in TEXT_ROLES:
            owner = [role, ""]
            out.append(owner)
        if "/ActualText" in element:  # what a reader reads instead of the content
            if owner is not None:
                owner[1] += str(element.ActualText)
            return
        for kid in kids(element):
            if is_element(kid):
                walk(kid, page, owner)
            elif owner is not None and isinstance(kid, int):
                owner[1] += text_of(pages[page.objgen], int(kid))
            elif owner is not None and kid.get("/Type") == Name.MCR:
                owner[1] += text_of(pages[kid.get("/Pg", page).objgen], int(kid.MCID))

    for top in kids(source.Root.StructTreeRoot):
        walk(top, None, None)
    return [(role, normalize(text)) for role, text in out if normalize(text)]


if __name__ == "__main__":
    import sys

    results = {argument: check(argument) for argument in sys.argv[1:]}
    for argument, found in results.items():
        print("\n  ".join([f"{argument}: {len(found)} problem(s)", *found]))  # noqa: T201
    sys.exit(1 if any(results.values()) else 0)
