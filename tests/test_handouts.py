"""Per-actor handouts, built once for every language from a copy of content/.

What each handout must hold comes from the validated model (`select`'s rules restated from the
actors and the agenda rows, letters from `number_report`); what it does hold is read back from
the PDFs with pypdf: the item labels (set in the bold face of the letter column), the first
line of text after each label, and the "booklet p. N" reference under each item.
"""

from __future__ import annotations

import re
import subprocess
import sys
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pytest
from conftest import RealBuild
from helpers import CONTENT, ROOT, handout_file, handout_paths, leading_words, squash
from pypdf import PdfReader

from layout.content.model import AgendaRow, Report, iter_rows
from layout.content.number import Numbering, number_report
from layout.content.read import read_report
from layout.content.select import handout_ids, select_for_actor, units_below
from layout.content.strings import strings_for
from layout.make.paths import booklet_path

BUILD = ROOT / "build.py"
MM = 72 / 25.4
A4 = (210 * MM, 297 * MM)
LABEL = re.compile(r"[a-z]+\.?|\.")
"""What an item label's fragments look like: 'k.', or 'aa' and '.' when the label wraps."""


# -- reading item labels, texts and page references back from a PDF --------------------------


@dataclass(frozen=True)
class Fragment:
    """A piece of text as drawn: baseline start, text, size and the font's base name."""

    page: int
    x: float
    y: float
    text: str
    size: float
    font: str


def page_fragments(reader: PdfReader, index: int) -> list[Fragment]:
    """The non-blank fragments of page ``index``, in content-stream order."""
    found: list[Fragment] = []

    def visit(text: str, cm: list[float], tm: list[float], font: object, size: float) -> None:
        if text.strip():
            base = str(font.get("/BaseFont", "")) if isinstance(font, dict) else ""
            x = tm[4] * cm[0] + tm[5] * cm[2] + cm[4]
            y = tm[4] * cm[1] + tm[5] * cm[3] + cm[5]
            found.append(Fragment(index, x, y, text.strip(), size, base.split("+")[-1]))

    reader.pages[index].extract_text(visitor_text=visit)
    return found


def is_label(fragment: Fragment) -> bool:
    """Item labels are the only texts set in the plain bold face (not semibold, not italic)."""
    return fragment.font.endswith("-Bold") and LABEL.fullmatch(fragment.text) is not None


@dataclass
class PrintedItem:
    """One agenda item as printed: its label, the first text line after it, its page ref."""

    label_parts: list[Fragment]
    first_line: Fragment | None = None
    ref: int | None = None
    after: list[Fragment] = field(default_factory=list)

    @property
    def label(self) -> str:
        return "".join(part.text for part in self.label_parts)

    @property
    def page(self) -> int:
        """0-based page on which the label is printed."""
        return self.label_parts[0].page


def printed_items(reader: PdfReader, ref_pattern: re.Pattern[str] | None) -> list[PrintedItem]:
    """Every agenda item of a PDF in reading order.

    A label is one or more consecutive bold fragments (the letter cell is drawn before the text
    cell); the first other fragment after it is the item's first line; a fragment matching
    ``ref_pattern`` before the next label is the item's page reference.
    """
    items: list[PrintedItem] = []
    for index in range(len(reader.pages)):
        for fragment in page_fragments(reader, index):
            if is_label(fragment):
                if items and items[-1].first_line is None:
                    items[-1].label_parts.append(fragment)
                else:
                    items.append(PrintedItem([fragment]))
                continue
            if not items:
                continue
            item = items[-1]
            if item.first_line is None:
                item.first_line = fragment
            item.after.append(fragment)
            if ref_pattern is not None and item.ref is None:
                match = ref_pattern.fullmatch(fragment.text)
                if match:
                    item.ref = int(match.group(1))
    return items


def ref_pattern(lang: str) -> re.Pattern[str]:
    """The page reference of ``lang`` ("booklet p. 15", "folleto p. 15") as a regex."""
    before, after = strings_for(lang)["booklet_page"].split("{page}")
    before = re.escape(before).replace("\u00a0", "[\u00a0 ]")  # a no-break space
    return re.compile(before + r"(\d+)" + re.escape(after))


# -- the build, once --------------------------------------------------------------------------


@dataclass
class Built:
    content: Path
    out: Path
    report: Report
    numbering: Numbering
    _readers: dict[Path, PdfReader] = field(default_factory=dict)

    def reader(self, path: Path) -> PdfReader:
        if path not in self._readers:
            self._readers[path] = PdfReader(path)
        return self._readers[path]

    @property
    def rows(self) -> list[AgendaRow]:
        return list(iter_rows(self.report.sections))

    def local(self, row: AgendaRow, lang: str) -> str:
        return row.text.get(lang, self.report.source_language)

    def letter(self, row: AgendaRow) -> str:
        return self.numbering.letter(row.index)

    def members(self, handout_id: str) -> set[str]:
        """The actors whose items a handout holds: the actor or branch and every unit below
        it, however deep (the secretariats under the Prime Minister's Office under the
        Executive Branch)."""
        parent = {unit.id: unit.branch for unit in (*self.report.actors, *self.report.branches)}

        def above(ident: str) -> list[str]:
            chain = []
            while (ident := parent.get(ident) or "") and ident not in chain:
                chain.append(ident)
            return chain

        return {unit for unit in parent if unit == handout_id or handout_id in above(unit)}

    def expected_rows(self, handout_id: str) -> list[AgendaRow]:
        members = self.members(handout_id)
        return [row for row in self.rows if members & set(row.actors)]

    def handout(self, lang: str, handout_id: str) -> list[PrintedItem]:
        return self._items(handout_file(self.out, lang, handout_id), ref_pattern(lang))

    def booklet(self, lang: str) -> list[PrintedItem]:
        return self._items(booklet_path(self.out, lang), None)

    def booklet_pages(self, lang: str) -> list[str]:
        return self._pages[lang]

    @cached_property
    def _pages(self) -> dict[str, list[str]]:
        return {lang: [squash(page.extract_text() or "")
                       for page in self.reader(booklet_path(self.out, lang)).pages]
                for lang in self.report.languages}

    @cached_property
    def _cache(self) -> dict[Path, list[PrintedItem]]:
        return {}

    def _items(self, path: Path, pattern: re.Pattern[str] | None) -> list[PrintedItem]:
        if path not in self._cache:
            self._cache[path] = printed_items(self.reader(path), pattern)
        return self._cache[path]


@pytest.fixture(scope="module")
def built(real_build: RealBuild) -> Built:
    """Booklets and handouts of every language, built once through `build_all`
    (`real_build`, which builds the print editions too)."""
    out, report = real_build.out, real_build.report
    assert booklet_path(out, report.source_language) in real_build.outcome.written
    assert set(handout_paths(out, report.source_language)) <= set(real_build.outcome.written)
    return Built(real_build.content, out, report, number_report(report))


def _content_ids() -> tuple[list[str], set[str], list[str]]:
    """Handout ids, branch ids and languages of content/, for parametrizing at collection."""
    report = read_report(CONTENT)
    return handout_ids(report), {b.id for b in report.branches}, list(report.languages)


HANDOUT_IDS, BRANCH_IDS, LANGS = _content_ids()


def starts_row(line: Fragment | None, text: str) -> bool:
    """True when ``line`` is the first line of ``text`` (hyphenation and spacing ignored)."""
    if line is None:
        return False
    printed, whole = squash(line.text), squash(text)
    return len(printed) >= min(8, len(whole)) and whole.startswith(printed)


# -- which handouts exist --------------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_one_handout_per_actor_with_items_and_per_branch_of_such_actors(
    built: Built, lang: str
) -> None:
    owners = {actor for row in built.rows for actor in row.actors}
    units = [unit.id for unit in (*built.report.actors, *built.report.branches)]
    expected = {unit for unit in units if built.members(unit) & owners}
    assert owners, "the content has agenda items"
    assert expected > owners, "some handouts gather units' items (nested branches)"
    assert set(handout_ids(built.report)) == expected
    files = {path.name for path in (built.out / lang / "handouts").glob("*.pdf")}
    assert files == {handout_file(built.out, lang, ident).name for ident in expected}


# -- what each handout holds -----------------------------------------------------------------


@pytest.mark.parametrize("lang", LANGS)
def test_each_handout_holds_exactly_its_actors_items_under_their_letters(
    built: Built, lang: str
) -> None:
    for handout_id in handout_ids(built.report):
        expected = built.expected_rows(handout_id)
        items = built.handout(lang, handout_id)
        assert [squash(item.label) for item in items] == [
            f"{built.letter(row)}." for row in expected], handout_id
        for item, row in zip(items, expected, strict=True):
            assert starts_row(item.first_line, built.local(row, lang)), (
                f"{lang}/{handout_id}: item {item.label} starts with "
                f"{item.first_line and item.first_line.text!r}, not with its text "
                f"{leading_words(built.local(row, lang), 6)!r}")


@pytest.mark.parametrize("lang", LANGS)
def test_no_handout_prints_another_actors_items(built: Built, lang: str) -> None:
    prefixes = {row.index: squash(leading_words(built.local(row, lang), 8))
                for row in built.rows}
    everything = [squash(built.local(row, lang)) for row in built.rows]
    for handout_id in handout_ids(built.report):
        expected = {row.index for row in built.expected_rows(handout_id)}
        path = handout_file(built.out, lang, handout_id)
        text = squash("".join(p.extract_text() or "" for p in built.reader(path).pages))
        for row in built.rows:
            own_words = [everything[i] for i in expected]
            if row.index in expected or any(prefixes[row.index] in t for t in own_words):
                continue  # its opening words also occur in one of this handout's items
            assert prefixes[row.index] not in text, (
                f"{lang}/{handout_id} prints item {built.letter(row)} of {row.actors}")


@pytest.mark.parametrize("lang", LANGS)
def test_item_with_several_actors_is_in_each_of_their_handouts(built: Built, lang: str) -> None:
    shared = [row for row in built.rows if len(row.actors) > 1]
    assert shared, "the content has items with several actors (actor: [mef, pcm])"
    for row in shared:
        for actor in row.actors:
            labels = [squash(item.label) for item in built.handout(lang, actor)]
            assert f"{built.letter(row)}." in labels, (actor, built.letter(row))


@pytest.mark.parametrize("lang", LANGS)
def test_branch_handout_holds_exactly_its_members_items(built: Built, lang: str) -> None:
    assert BRANCH_IDS, "the content has branches"
    for branch in BRANCH_IDS:
        members = built.members(branch)
        from_members = {squash(item.label) for member in members if member in HANDOUT_IDS
                        for item in built.handout(lang, member)}
        in_branch = [squash(item.label) for item in built.handout(lang, branch)]
        assert len(in_branch) == len(set(in_branch))  # an item shared by two members: once
        assert set(in_branch) == from_members


@pytest.mark.parametrize("lang", LANGS)
def test_handout_letters_match_the_booklet(built: Built, lang: str) -> None:
    booklet = {squash(item.label): item for item in built.booklet(lang)}
    assert list(booklet) == [f"{built.letter(row)}." for row in built.rows]
    for row in built.rows:
        assert starts_row(booklet[f"{built.letter(row)}."].first_line, built.local(row, lang))
    for handout_id in handout_ids(built.report):
        for item in built.handout(lang, handout_id):
            in_booklet = booklet[squash(item.label)]
            assert item.first_line is not None
            assert in_booklet.first_line is not None
            here, there = squash(item.first_line.text), squash(in_booklet.first_line.text)
            common = min(len(here), len(there), 20)
            assert common >= 8
            assert here[:common] == there[:common], (lang, handout_id, item.label)


@pytest.mark.parametrize("lang", LANGS)
def test_every_booklet_page_reference_is_right(built: Built, lang: str) -> None:
    booklet_pages = built.booklet_pages(lang)
    booklet_items = {squash(item.label): item for item in built.booklet(lang)}
    by_letter = {f"{built.letter(row)}.": row for row in built.rows}
    checked = 0
    for handout_id in handout_ids(built.report):
        for item in built.handout(lang, handout_id):
            label = squash(item.label)
            where = f"{lang}/{handout_id} item {label}"
            assert item.ref is not None, f"{where} has no '{strings_for(lang)['booklet_page']}'"
            assert 1 <= item.ref <= len(booklet_pages), where
            start = squash(leading_words(built.local(by_letter[label], lang), 4))
            assert start in booklet_pages[item.ref - 1], (
                f"{where}: its text does not start on booklet page {item.ref}")
            assert item.ref == booklet_items[label].page + 1, where  # where its label is
            checked += 1
    assert checked >= len(built.rows)


def handout_page_params() -> list[object]:
    return [pytest.param(lang, handout_id, id=f"{lang}-{handout_id}")
            for lang in LANGS for handout_id in HANDOUT_IDS]


@pytest.mark.parametrize(("lang", "handout_id"), handout_page_params())
def test_handout_is_a4_on_one_or_two_pages(built: Built, lang: str, handout_id: str) -> None:
    """An actor's handout fits on one or two A4 pages; one with units gathers all their
    items (the Executive Branch: 14 of them), so it gets one page per five items."""
    reader = built.reader(handout_file(built.out, lang, handout_id))
    for page in reader.pages:
        width, height = float(page.mediabox.width), float(page.mediabox.height)
        assert (width, height) == pytest.approx(A4, abs=0.5)
    if units_below(built.report, handout_id) != {handout_id}:
        items = len(select_for_actor(built.report, handout_id).rows)
        assert 1 <= len(reader.pages) <= max(2, -(-items // 5))
    else:
        assert 1 <= len(reader.pages) <= 2


def test_handout_labels_are_set_on_one_line(built: Built) -> None:
    broken = []
    for lang in LANGS:
        for handout_id in handout_ids(built.report):
            for item in built.handout(lang, handout_id):
                if len({round(part.y, 1) for part in item.label_parts}) != 1:
                    broken.append(f"{lang}/{handout_id}:{item.label}")
    assert broken == []


# -- the command line ------------------------------------------------------------------------


def run(*args: str | Path, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(BUILD), *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8", timeout=120,
                          check=False)


def files_under(folder: Path) -> set[str]:
    return {p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()}


def test_unknown_actor_is_a_usage_error_listing_the_known_ids(
    built: Built, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = run("--content", built.content, "--output", out, "--actor", "nope", cwd=tmp_path)
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert "'nope'" in result.stderr
    listed = result.stderr.split("'nope'", 1)[1]
    for handout_id in handout_ids(built.report):
        assert re.search(rf"(?<![\w-]){re.escape(handout_id)}(?![\w-])", listed), handout_id
    assert not out.exists() or files_under(out) == set()


def test_one_actor_in_one_language_writes_only_that_handout(
    built: Built, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    result = run("--content", built.content, "--output", out, "--actor", "ceplan",
                 "--lang", "en", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    name = handout_file(built.out, "en", "ceplan").name
    assert files_under(out) - {".manifest.json", ".lock"} == {
        f"en/handouts/{name}", "en/handouts/index.csv", "en/handouts/index.json"}
    # same content, same page references: the very bytes of the full build's handout
    assert (handout_file(out, "en", "ceplan").read_bytes()
            == handout_file(built.out, "en", "ceplan").read_bytes())


def test_all_handouts_at_once_equals_one_by_one() -> None:
    """The one-pass selection used for builds gives exactly the per-actor selections."""
    from layout.content.read import read_report
    from layout.content.select import all_handouts

    report = read_report(CONTENT)
    together = all_handouts(report)
    assert list(together) == handout_ids(report)
    for ident in handout_ids(report):
        assert together[ident] == select_for_actor(report, ident)
