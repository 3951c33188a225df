"""The content and resource walk of the PDF/X-1a checker (`pdfxcheck`).

In: pages and Form XObjects (pikepdf objects). Out: problems appended to a `PdfxReport`,
plus what the content shows: text-showing operators by (font, colour) under a q/Q stack of
fill and stroke colour, font and render mode (Form XObjects inherit the state at their
``Do``), and the stroked straight segments of each page with the CTM followed through
``q``/``Q``/``cm``. Resources are checked whether used or not, each object once.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pikepdf
from pikepdf import Array, Dictionary, Name, Stream

PDF14_OPERATORS = frozenset([
    "b", "B", "b*", "B*", "BDC", "BI", "BMC", "BT", "BX", "c", "cm", "CS", "cs", "d", "d0",
    "d1", "Do", "DP", "EI", "EMC", "ET", "EX", "f", "F", "f*", "G", "g", "gs", "h", "i", "ID",
    "j", "J", "K", "k", "l", "m", "M", "MP", "n", "q", "Q", "re", "RG", "rg", "ri", "s", "S",
    "SC", "sc", "SCN", "scn", "sh", "T*", "Tc", "Td", "TD", "Tf", "Tj", "TJ", "TL", "Tm", "Tr",
    "Ts", "Tw", "Tz", "v", "w", "W", "W*", "y", "'", '"',
])
"""Every content operator of PDF 1.4 (PS is deliberately absent)."""
INLINE_IMAGE = "INLINE IMAGE"
"""How pikepdf names an inline image (BI ... ID ... EI) in a parsed content stream."""
DEVICE_SPACES = {"/DeviceCMYK": "DeviceCMYK", "/DeviceGray": "DeviceGray",
                 "/DeviceRGB": "DeviceRGB", "/CMYK": "DeviceCMYK", "/G": "DeviceGray",
                 "/RGB": "DeviceRGB", "/Pattern": "Pattern"}
TEXT_SHOWING = {"Tj", "TJ", "'", '"'}
Colour = tuple[str, tuple[float, ...]]
"""A colour as (space, components), e.g. ("DeviceCMYK", (0, 0, 0, 1))."""
Segment = tuple[float, float, float, float]
PURE_K: Colour = ("DeviceCMYK", (0.0, 0.0, 0.0, 1.0))


@dataclass
class PdfxReport:
    """What the checker found in one file."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    text_ops: Counter[tuple[str, Colour]] = field(default_factory=Counter)
    """(font without subset prefix, colour) -> number of text-showing operators."""
    glyphs: Counter[str] = field(default_factory=Counter)
    """Font -> glyphs shown (to find the body font)."""
    segments: list[list[Segment]] = field(default_factory=list)
    """Per page: stroked straight segments (x0, y0, x1, y1) in page coordinates."""

    @property
    def passed(self) -> bool:
        """True when no rule failed."""
        return not self.problems

    def body_k_share(self) -> tuple[str, float, list[tuple[Colour, int]]]:
        """(body font, share of its text-showing operators in 0 0 0 1 k, commonest others)."""
        if not self.glyphs:
            return "", 1.0, []
        body = self.glyphs.most_common(1)[0][0]
        ops = Counter({c: n for (f, c), n in self.text_ops.items() if f == body})
        total = sum(ops.values()) or 1
        others = [(c, n) for c, n in ops.most_common() if c != PURE_K][:3]
        return body, ops[PURE_K] / total, others


@dataclass
class State:
    """The graphics state the walk follows."""

    fill: Colour = ("DeviceGray", (0.0,))
    stroke: Colour = ("DeviceGray", (0.0,))
    fill_space: str = "DeviceGray"
    stroke_space: str = "DeviceGray"
    font: str = ""
    font_bytes: int = 1
    render: int = 0
    ctm: tuple[float, ...] = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)

    def copy(self) -> State:
        """An independent copy (for q and Do)."""
        return State(**self.__dict__)


def _multiply(m: tuple[float, ...], n: tuple[float, ...]) -> tuple[float, ...]:
    """The matrix m x n (PDF order: m is applied first)."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s,
            e * p + f * r + t, e * q + f * s + u)


def _apply(m: tuple[float, ...], x: float, y: float) -> tuple[float, float]:
    return m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5]


def _key(obj: Any) -> Any:
    """An identity for an object: its object number when indirect, else its id."""
    return obj.objgen if getattr(obj, "is_indirect", False) else id(obj)


class Walker:
    """Walks pages and forms, appending to ``report``; each resource object is checked once."""

    def __init__(self, report: PdfxReport) -> None:
        self.report = report
        self.checked: set[Any] = set()
        self.painted: set[Any] = set()
        self.rgb_ops = 0
        self.first_rgb = ""
        self.counting = True
        """False while walking what is not painted: checked, but neither counted nor collected."""

    def problem(self, message: str) -> None:
        """Record one failed rule."""
        self.report.problems.append(message)

    def page(self, page: Any, where: str) -> None:
        """Check a page's group, resources and content; collect its segments."""
        self.report.segments.append([])
        self._group(page, where)
        resources = page.get(Name.Resources, Dictionary())
        unpainted = self._resources(resources, where)
        self._content(pikepdf.parse_content_stream(page), resources, State(), where)
        for form in unpainted:
            if _key(form) not in self.painted:  # unpainted forms are checked too, not counted
                self.form(form, State(), f"{where} unpainted form", count=False)

    def finish(self) -> None:
        """Report the RGB operators found, once, with the first one's operands."""
        if self.rgb_ops:
            self.problem(f"content: {self.rgb_ops} RGB colour operator(s) (rg/RG); first: "
                         f"{self.first_rgb}")

    def form(self, form: Stream, state: State, where: str, count: bool = True) -> None:
        """Walk a Form XObject (or tiling pattern, or appearance stream) in ``state``."""
        self.painted.add(_key(form))
        self._group(form, where)
        if form.get(Name.Subtype2) == Name.PS:
            self.problem(f"{where}: PostScript form XObject")
        matrix = tuple(float(v) for v in form.get(Name.Matrix, [1, 0, 0, 1, 0, 0]))
        inner = state.copy()
        inner.ctm = _multiply(matrix, state.ctm)
        resources = form.get(Name.Resources, Dictionary())
        self._resources(resources, where)
        counting, self.counting = self.counting, self.counting and count
        try:
            self._content(pikepdf.parse_content_stream(form), resources, inner, where)
        finally:
            self.counting = counting

    def _group(self, obj: Any, where: str) -> None:
        group = obj.get(Name.Group)
        if isinstance(group, Dictionary) and group.get(Name.S) == Name.Transparency:
            self.problem(f"{where}: transparency group")

    # -- resources --------------------------------------------------------------------------

    def _resources(self, resources: Any, where: str) -> list[Stream]:
        """Check every resource; return the Form XObjects (walked when painted, or later)."""
        forms: list[Stream] = []
        for key, space in resources.get(Name.ColorSpace, Dictionary()).items():
            if key in ("/DefaultRGB", "/DefaultCMYK", "/DefaultGray"):
                self.problem(f"{where}: colour space resource {key}")
            self.space(space, f"{where} colour space {key}")
        for key, xobject in resources.get(Name.XObject, Dictionary()).items():
            subtype = xobject.get(Name.Subtype)
            if subtype == Name.Image:
                self._image(xobject, f"{where} image {key}")
            elif subtype == Name.Form:
                forms.append(xobject)
            elif subtype == Name.PS:
                self.problem(f"{where}: PostScript XObject {key}")
        for key, state in resources.get(Name.ExtGState, Dictionary()).items():
            self._ext_gstate(state, f"{where} ExtGState {key}")
        for key, shading in resources.get(Name.Shading, Dictionary()).items():
            self.space(shading.get(Name.ColorSpace), f"{where} shading {key}")
        for key, pattern in resources.get(Name.Pattern, Dictionary()).items():
            self._pattern(pattern, f"{where} pattern {key}")
        for key, font in resources.get(Name.Font, Dictionary()).items():
            self._font(font, f"{where} font {key}")
        return forms

    def space(self, space: Any, where: str, image: bool = False) -> None:
        """Fail RGB and CIE-based colour spaces (Separation/DeviceN alternates included)."""
        if space is None or not self._first_time(space):
            return
        family = str(space[0] if isinstance(space, Array) else space)
        if family in ("/DeviceRGB", "/RGB", "/CalRGB"):
            self.problem(f"{where}: RGB colour space {family}")
        elif family == "/ICCBased":
            n = int(space[1].get(Name.N, 0))
            self.problem(f"{where}: {'RGB' if n == 3 else 'CIE-based'} colour space "
                         f"/ICCBased (N {n})")
        elif family in ("/CalGray", "/Lab"):
            self.problem(f"{where}: CIE-based colour space {family}")
        elif family in ("/Indexed", "/I"):
            self.space(space[1], where, image)
        elif family in ("/Separation", "/DeviceN"):
            alternate = str(space[2]) if not isinstance(space[2], Array) else "array"
            if alternate not in ("/DeviceCMYK", "/DeviceGray"):
                self.problem(f"{where}: {family} with alternate {alternate}, not DeviceCMYK "
                             "or DeviceGray")
        elif family == "/Pattern" and isinstance(space, Array) and len(space) > 1:
            self.space(space[1], where)

    def _first_time(self, obj: Any) -> bool:
        if not isinstance(obj, Array | Dictionary | Stream):
            return True
        key = _key(obj)
        if key in self.checked:
            return False
        self.checked.add(key)
        return True

    def _image(self, image: Any, where: str) -> None:
        if not self._first_time(image):
            return
        if not bool(image.get(Name.ImageMask, False)):
            self.space(image.get(Name.ColorSpace), where, image=True)
        if Name.SMask in image:
            self.problem(f"{where}: soft mask (/SMask): transparency")
        if int(image.get(Name.SMaskInData, 0)):
            self.problem(f"{where}: /SMaskInData: transparency")
        filters = image.get(Name.Filter)
        names = [str(f) for f in filters] if isinstance(filters, Array) else [str(filters)]
        if "/JPXDecode" in names:
            self.problem(f"{where}: JPEG 2000 (PDF 1.5)")
        if int(image.get(Name.BitsPerComponent, 8)) == 16:
            self.problem(f"{where}: 16-bit image (PDF 1.5)")

    def _ext_gstate(self, state: Any, where: str) -> None:
        if not self._first_time(state):
            return
        smask = state.get(Name.SMask)
        if smask is not None and smask != Name("/None"):
            self.problem(f"{where}: soft mask: transparency")
        for key in ("/CA", "/ca"):
            if key in state and float(state[key]) != 1:
                self.problem(f"{where}: {key} {float(state[key]):g}: transparency")
        modes = state.get(Name.BM)
        modes = [str(m) for m in modes] if isinstance(modes, Array) else [str(modes or "/Normal")]
        if not set(modes) <= {"/Normal", "/Compatible"}:
            self.problem(f"{where}: blend mode {modes}: transparency")
        if Name.TR in state:
            self.problem(f"{where}: transfer function /TR")
        if Name.TR2 in state and str(state.TR2) != "/Default":
            self.problem(f"{where}: /TR2 other than /Default")
        halftone = state.get(Name.HT)
        if isinstance(halftone, Dictionary | Stream) and (
                int(halftone.get(Name.HalftoneType, 1)) not in (1, 5)
                or Name.HalftoneName in halftone):
            self.problem(f"{where}: halftone of another type than 1 or 5, or named")

    def _pattern(self, pattern: Any, where: str) -> None:
        if not self._first_time(pattern):
            return
        if int(pattern.get(Name.PatternType, 0)) == 1:
            self.form(pattern, State(), where, count=False)
        else:
            self.space(pattern.get(Name.Shading, Dictionary()).get(Name.ColorSpace), where)
            if Name.ExtGState in pattern:
                self._ext_gstate(pattern.ExtGState, where)

    def _font(self, font: Any, where: str) -> None:
        if not self._first_time(font):
            return
        subtype = font.get(Name.Subtype)
        if subtype == Name.Type3:
            return
        described = font.DescendantFonts[0] if subtype == Name.Type0 else font
        descriptor = described.get(Name.FontDescriptor, Dictionary())
        if not any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3")):
            self.problem(f"{where}: font {font.get(Name.BaseFont)} is not embedded (a font "
                         "selected with Tf counts even if it shows no glyph, e.g. the "
                         "canvas's initial font)")

    # -- content ----------------------------------------------------------------------------

    def _content(self, instructions: Any, resources: Any, state: State, where: str) -> None:
        stack: list[State] = []
        point: tuple[float, float] | None = None
        pending: list[Segment] = []
        for instruction in instructions:
            op = str(instruction.operator)
            args = list(instruction.operands)
            if op not in PDF14_OPERATORS and op != INLINE_IMAGE:
                self.problem(f"{where}: operator {op} is not in PDF 1.4")
            if op == "q":
                stack.append(state.copy())
            elif op == "Q" and stack:
                state = stack.pop()
            elif op == "cm":
                state.ctm = _multiply(tuple(float(v) for v in args), state.ctm)
            elif op == "m":
                point = (float(args[0]), float(args[1]))
            elif op == "l" and point is not None:
                end = (float(args[0]), float(args[1]))
                pending.append((*_apply(state.ctm, *point), *_apply(state.ctm, *end)))
                point = end
            elif op in ("S", "s"):
                if self.counting and self.report.segments:
                    self.report.segments[-1].extend(pending)
                pending, point = [], None
            elif op in ("f", "F", "f*", "B", "B*", "b", "b*", "n", "re", "c", "v", "y"):
                pending, point = ([], None) if op not in ("c", "v", "y") else (pending, None)
            elif op == INLINE_IMAGE:
                self._inline_image(instruction.iimage, where)
            else:
                self._state_op(op, args, resources, state, where)

    def _state_op(self, op: str, args: list[Any], resources: Any, state: State,
                  where: str) -> None:
        if op in ("rg", "RG"):
            self.rgb_ops += 1
            if not self.first_rgb:
                self.first_rgb = f"{' '.join(str(float(a)) for a in args)} {op} ({where})"
        if op in ("g", "G", "rg", "RG", "k", "K"):
            space = {"g": "DeviceGray", "rg": "DeviceRGB", "k": "DeviceCMYK"}[op.lower()]
            colour = (space, tuple(float(a) for a in args))
            if op.islower():
                state.fill, state.fill_space = colour, space
            else:
                state.stroke, state.stroke_space = colour, space
        elif op in ("cs", "CS"):
            name = str(args[0])
            space = DEVICE_SPACES.get(name)
            if space is None:
                resource = resources.get(Name.ColorSpace, Dictionary()).get(name)
                self.space(resource, f"{where} {op} {name}")
                space = name
            elif space == "DeviceRGB":
                self.problem(f"{where}: {op} {name}: RGB colour space")
            if op == "cs":
                state.fill_space, state.fill = space, (space, ())
            else:
                state.stroke_space, state.stroke = space, (space, ())
        elif op in ("sc", "scn", "SC", "SCN"):
            values = tuple(float(a) for a in args if not isinstance(a, Name))
            if op.islower():
                state.fill = (state.fill_space, values)
            else:
                state.stroke = (state.stroke_space, values)
        elif op == "Tf":
            self._select_font(str(args[0]), resources, state)
        elif op == "Tr":
            state.render = int(args[0])
        elif op in TEXT_SHOWING:
            self._show(op, args, state)
        elif op == "Do":
            xobject = resources.get(Name.XObject, Dictionary()).get(str(args[0]))
            if xobject is not None and xobject.get(Name.Subtype) == Name.Form:
                self.form(xobject, state, f"{where} form {args[0]}")

    def _select_font(self, name: str, resources: Any, state: State) -> None:
        font = resources.get(Name.Font, Dictionary()).get(name)
        base = str(font.get(Name.BaseFont, name)) if font is not None else name
        state.font = base.lstrip("/").split("+", 1)[-1]
        state.font_bytes = 2 if font is not None and font.get(Name.Subtype) == Name.Type0 else 1

    def _show(self, op: str, args: list[Any], state: State) -> None:
        if state.render in (3, 7) or not self.counting:
            return
        strings = args[0] if op == "TJ" else args[-1:]
        glyphs = sum(len(bytes(s)) for s in strings if isinstance(s, pikepdf.String))
        colour = state.stroke if state.render in (1, 5) else state.fill
        self.report.text_ops[(state.font, colour)] += 1
        self.report.glyphs[state.font] += glyphs // state.font_bytes

    def _inline_image(self, image: Any, where: str) -> None:
        space = image.obj.get(Name.ColorSpace, image.obj.get(Name.CS))
        if not bool(image.obj.get(Name.ImageMask, image.obj.get(Name.IM, False))):
            self.space(space, f"{where} inline image")
        if int(image.obj.get(Name.BitsPerComponent, image.obj.get(Name.BPC, 8))) == 16:
            self.problem(f"{where}: inline 16-bit image")
