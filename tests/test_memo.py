"""The paragraph memo of `--watch` (`layout.typeset.memo`): rebuilds that take the last
build's parsed fragments and broken lines write the bytes a fresh build writes, and nothing
a build shares with the next is changed by it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from reportlab.lib.styles import ParagraphStyle

from layout.make.options import BuildOptions
from layout.make.paths import booklet_path
from layout.make.targets import build_all
from layout.typeset import memo
from layout.typeset import styles as st
from layout.typeset.tagged import TaggedParagraph

OBJECTIVE = "The main objective of the USAID/Peru ProDescentralization Project"
LONGER = ("The main objective, set out at length here so that the paragraph runs to several "
          "more lines and every page break after it moves,")
EDITS = [("The main objective", "The principal objective"),  # the same lines, or nearly
         ("The principal objective", LONGER),  # every later page moves
         (LONGER, "The main objective")]  # and back


@pytest.fixture
def remembering() -> Iterator[None]:
    memo.forget()
    memo.remember()
    try:
        yield
    finally:
        memo.forget()


def booklets(content: Path, out: Path) -> dict[str, bytes]:
    """Both languages' booklets built (again) into ``out``, in this process."""
    build_all(content, out, kinds=("booklet",), options=BuildOptions(force=True, workers=1))
    return {lang: booklet_path(out, lang).read_bytes() for lang in ("en", "es")}


def fresh(content: Path, out: Path) -> dict[str, bytes]:
    """The booklets as a single build (nothing remembered) makes them; remembering resumes
    with what was remembered before."""
    saved = memo._current.copy(), memo._previous.copy()
    memo._on = False
    try:
        return booklets(content, out)
    finally:
        memo._on = True
        memo._current.update(saved[0])
        memo._previous.update(saved[1])


def edit(content: Path, old: str, new: str) -> None:
    path = content / "presentation.yaml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_rebuilds_that_remember_write_the_bytes_of_a_fresh_build(
        make_content: Callable[..., Path], tmp_path: Path, remembering: None) -> None:
    content = make_content(tmp_path)
    booklets(content, tmp_path / "watch")
    for old, new in EDITS:
        edit(content, old, new)
        memo.next_build()
        before = memo.counts()
        rebuilt = booklets(content, tmp_path / "watch")
        after = memo.counts()
        assert rebuilt == fresh(content, tmp_path / "fresh"), (old, new)
        # most paragraphs came from the last build; some of them were split across pages
        assert after["found"] - before["found"] > 5 * (after["made"] - before["made"])
        assert after["copied"] > before["copied"]


def dump(value: Any, path: tuple[int, ...] = ()) -> Any:
    """Everything reachable from ``value`` that a build could change in place, as plain data:
    the class of each object (ReportLab turns a word into a split word by setting its
    ``__class__``) and its attributes, list items and text (``_fkind`` aside, below). An
    object met again on its own path (a cycle) is named, not followed."""
    if isinstance(value, int | float | bool | type(None)):
        return value
    if isinstance(value, str):
        return type(value).__name__, str(value)
    if id(value) in path:
        return "<cycle>", type(value).__name__
    path = (*path, id(value))
    if isinstance(value, list | tuple):
        return type(value).__name__, [dump(item, path) for item in value]
    if isinstance(value, dict):
        return "dict", sorted((str(k), dump(v, path)) for k, v in value.items())
    if isinstance(value, ParagraphStyle):  # styles are the process's, not the memo's
        return "style", value.name
    attributes = getattr(value, "__dict__", None)
    if attributes is None:
        return type(value).__name__, repr(value)
    # ReportLab's first line breaking marks each fragment with its kind (text, image, line
    # break): a function of the fragment alone, the same mark every time
    return type(value).__name__, dump({k: v for k, v in attributes.items() if k != "_fkind"},
                                      path)


def test_nothing_remembered_is_changed_after_it_is_made(
        make_content: Callable[..., Path], tmp_path: Path, remembering: None,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Each entry as it was made against the same entry after the builds that used it (and
    split its paragraphs at other places): a step that wrote into shared lines shows."""
    made: dict[Any, Any] = {}
    real = memo.apply

    def recording(key: Any, target: Any, names: tuple[str, ...],
                  step: Callable[[], object]) -> bool:
        count = memo.counts()["made"]
        shared = real(key, target, names, step)
        if memo.counts()["made"] > count:
            made[key] = dump(memo._current[key])
        return shared

    monkeypatch.setattr(memo, "apply", recording)
    content = make_content(tmp_path)
    booklets(content, tmp_path / "out")
    for old, new in EDITS:
        edit(content, old, new)
        memo.next_build()
        booklets(content, tmp_path / "out")
    store = {**memo._previous, **memo._current}
    kept = [key for key in made if key in store]
    assert len(kept) > 200
    changed = [key for key in kept if dump(store[key]) != made[key]]
    assert not changed, f"{len(changed)} remembered entries were changed, e.g. {changed[0]}"


def test_what_the_last_build_did_not_use_is_forgotten(
        make_content: Callable[..., Path], tmp_path: Path, remembering: None) -> None:
    content = make_content(tmp_path)
    booklets(content, tmp_path / "out")
    first = memo.held()
    memo.next_build()
    memo.next_build()  # a build that rendered nothing (a no-op) forgets nothing
    found = memo.counts()["found"]
    edit(content, OBJECTIVE, "An objective of the ProDescentralization Project")
    booklets(content, tmp_path / "out")
    assert memo.counts()["found"] - found > first / 2
    grown = memo.held()
    assert grown > first  # the old paragraph, from the build before, is still there
    memo.next_build()
    booklets(content, tmp_path / "out")
    assert memo.held() < grown  # and no longer: the last build did not use it


def test_a_watch_renders_its_booklets_here_so_that_they_are_remembered(
        make_content: Callable[..., Path], tmp_path: Path, remembering: None) -> None:
    """Booklets rendered by pool workers take what they set with them; a watch's build
    renders both languages' booklets in its own process, and remembers both."""
    content = make_content(tmp_path)
    build_all(content, tmp_path / "pool", kinds=("booklet",),
              options=BuildOptions(force=True, workers=2))
    assert memo.held() == 0
    build_all(content, tmp_path / "watch", kinds=("booklet",),
              options=BuildOptions(force=True, workers=2, watch=True))
    styles = {key[3].name for key in memo._current if key[0] == "parse"}
    assert {"body", "note", "agenda_text"} <= styles
    languages = {key[3].hyphenationLang.lang for key in memo._current
                 if key[0] == "parse" and key[3].name == "body"}
    assert languages == {"en_US", "es"}
    for lang in ("en", "es"):
        assert (booklet_path(tmp_path / "watch", lang).read_bytes()
                == booklet_path(tmp_path / "pool", lang).read_bytes())


def test_single_builds_remember_nothing(make_content: Callable[..., Path],
                                        tmp_path: Path) -> None:
    memo.forget()
    booklets(make_content(tmp_path), tmp_path / "out")
    assert memo.held() == 0
    assert memo.counts() == {"found": 0, "made": 0, "copied": 0}


LONG_WORDS = ("decentralization intergovernmental responsibilities administrative "
              "institutionalization characteristically representatives ")


def test_a_paragraph_set_again_shares_its_lines_and_splitting_it_changes_none(
        remembering: None) -> None:
    style = st.make_styles("en_US").body
    markup = "<b>Long</b> words, hyphenated at line ends: " + LONG_WORDS * 6
    first = TaggedParagraph(markup, style)
    first.wrap(120, 1000)
    kept = dump((first.blPara, first.frags))
    memo._on = False
    alone = TaggedParagraph(markup, style)  # set as a single build sets it
    memo._on = True
    assert alone.wrap(120, 1000) == (first.width, first.height)
    assert dump((alone.blPara, alone.frags)) == kept
    alone.split(120, 3 * style.leading)
    assert dump((alone.blPara, alone.frags)) != kept  # ReportLab's split writes its lines
    again = TaggedParagraph(markup, style)
    assert again.wrap(120, 1000) == (first.width, first.height)
    assert again.blPara is first.blPara  # the same lines, not made again
    found = memo.counts()["found"]
    assert again.minWidth() == first.minWidth() == TaggedParagraph(markup, style).minWidth()
    assert memo.counts()["found"] > found  # the widest word, too, was remembered
    memo._on = False
    assert TaggedParagraph(markup, style).minWidth() == first.minWidth()
    memo._on = True
    assert len(again.split(120, 3 * style.leading)) == 2
    assert dump((first.blPara, first.frags)) == kept  # but not the shared ones


def test_derived_styles_are_made_once() -> None:
    running = st.make_styles("en_US").running
    assert st.derived(running, "head", alignment=2) is st.derived(running, "head", alignment=2)
    assert st.derived(running, "head", alignment=2) is not st.derived(running, "head",
                                                                      alignment=0)
    assert st.derived(running, "head", alignment=2).alignment == 2
