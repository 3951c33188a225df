"""Stage load: files that cannot be read as strict YAML are refused with file:line:col messages.

Every case writes a tiny content folder (tests/fixtures/tiny, one file changed) and compares the
complete list of formatted diagnostics, so a wrong line, column, key path or hint fails.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import append

from layout.content.load import MAX_FILE_BYTES, MarkedList, MarkedMap, read_content
from layout.diagnostics import ContentError


def messages(root: Path) -> list[str]:
    """The formatted diagnostics of reading ``root``; fails if reading succeeds."""
    with pytest.raises(ContentError) as caught:
        read_content(root)
    return [d.format() for d in caught.value.diagnostics]


BILLION_LAUGHS = 'id: one\ntitle: {en: "One"}\na: &a ["lol","lol","lol","lol","lol"]\n' + "".join(
    f"{name}: &{name} [{', '.join([f'*{prev}'] * 9)}]\n"
    for prev, name in zip("abcdefgh", "bcdefghi", strict=True)
)
"""Nine levels of nine aliases each: ~2 billion strings if expanded."""

CASES = [
    pytest.param(
        {"one": 'id: one\ntitle: {en: "One"\nblocks: []\n'},
        ["content/one.yaml:3:1: error: invalid YAML: expected ',' or '}', but got '<scalar>' "
         "(while parsing a flow mapping)"],
        id="syntax-error-unclosed-flow-mapping",
    ),
    pytest.param(
        {"one": 'id: one\ntitle: "One\n'},
        ["content/one.yaml:3:1: error: invalid YAML: found unexpected end of stream "
         "(while scanning a quoted scalar)"],
        id="syntax-error-unclosed-quote",
    ),
    pytest.param(
        {"one": 'id: one\ntitle:\n\ten: "One"\n'},
        ["content/one.yaml:3:1: error: invalid YAML: tab character in indentation\n"
         "    hint: indent YAML with spaces, not tabs"],
        id="tab-indentation",
    ),
    pytest.param(
        {"one": 'id: one\ntitle: {en: "One"}\nblocks:\n  - paragraph:\n\t  en: "x"\n'},
        ["content/one.yaml:5:1: error: invalid YAML: tab character in indentation\n"
         "    hint: indent YAML with spaces, not tabs"],
        id="tab-indentation-nested",
    ),
    pytest.param(
        {"one": 'id: one\ntitle: {en: "One"}\ntitle: {en: "Two"}\n'},
        ["content/one.yaml:3:1: error: "
         "invalid YAML: duplicate key 'title' (first defined at line 2)"],
        id="duplicate-key",
    ),
    pytest.param(
        {"one": 'id: one\ntitle: {en: "One"}\nblocks:\n  - paragraph:\n      en: "a"\n'
                '      en: "b"\n'},
        ["content/one.yaml:6:7: error: invalid YAML: duplicate key 'en' (first defined at line 5)"],
        id="duplicate-key-nested",
    ),
    pytest.param(
        {"one": 'id: one\ntitle: &t {en: "One"}\nblocks:\n  - paragraph: *t\n'},
        ["content/one.yaml:2:8: error: invalid YAML: anchors and aliases (&name, *name) are not "
         "allowed"],
        id="anchor",
    ),
    pytest.param(
        {"one": 'id: one\ntitle: {en: "One"}\nblocks:\n  - paragraph: *t\n'},
        ["content/one.yaml:4:16: error: invalid YAML: anchors and aliases (&name, *name) are not "
         "allowed"],
        id="alias",
    ),
    pytest.param(
        {"one": 'id: one\ntitle: {en: "One"}\nblocks:\n  - paragraph:\n      <<: *base\n'},
        ["content/one.yaml:5:11: error: invalid YAML: anchors and aliases (&name, *name) are not "
         "allowed"],
        id="merge-key",
    ),
    pytest.param(
        {"one": 'id: one\ntitle: !!python/object:os.system {en: "x"}\n'},
        ["content/one.yaml:2:8: error: invalid YAML: could not determine a constructor for the tag "
         "'tag:yaml.org,2002:python/object:os.system'"],
        id="python-tag",
    ),
    pytest.param(
        {"one": "id: one\n---\nid: two\n"},
        ["content/one.yaml:2:1: error: invalid YAML: but found another document "
         "(expected a single document in the stream)"],
        id="two-documents",
    ),
    pytest.param(
        {"one": 'id: one\ntitle: {en: "Caf\xe9"}\n'.encode("latin-1")},
        ["content/one.yaml:2:17: error: not UTF-8 (byte 0xe9)\n    hint: save the file as UTF-8"],
        id="not-utf8",
    ),
    pytest.param(
        {"one": ""},
        ["content/one.yaml:1:1: error: expected a mapping of keys to values at the top; "
         "got an empty file"],
        id="empty-file",
    ),
    pytest.param(
        {"actors": None},
        ["content/actors.yaml: error: file not found"],
        id="actors-missing",
    ),
    pytest.param(
        {"report": append("  - two.yaml\n")},
        ["content/report.yaml:5:5: error: sections[1]: section file 'two.yaml' not found\n"
         "    hint: did you mean 'one.yaml'?"],
        id="section-file-missing-close-match",
    ),
    pytest.param(
        {"report": append("  - appendix-b.yaml\n")},
        ["content/report.yaml:5:5: error: sections[1]: section file 'appendix-b.yaml' not found\n"
         "    hint: known: actors.yaml, one.yaml, report.yaml"],
        id="section-file-missing-no-close-match",
    ),
    pytest.param(
        {"report": append("  - ../elsewhere.yaml\n")},
        ["content/report.yaml:5:5: error: sections[1]: '../elsewhere.yaml' is outside the content "
         "folder\n    hint: list section files by their name inside the content folder"],
        id="section-file-outside-folder",
    ),
    pytest.param(
        {"report": append("  - /etc/hostname\n")},
        ["content/report.yaml:5:5: error: sections[1]: '/etc/hostname' is outside the content "
         "folder\n    hint: list section files by their name inside the content folder"],
        id="section-file-absolute",
    ),
]


@pytest.mark.parametrize(("files", "expected"), CASES)
def test_unreadable_content_is_reported_exactly(
    tiny_content: Callable[..., Path], files: dict[str, object], expected: list[str]
) -> None:
    assert messages(tiny_content(**files)) == expected


def test_tiny_fixture_itself_loads(tiny_content: Callable[..., Path]) -> None:
    """The base of every case above is valid, so each case fails only for its own change."""
    raw = read_content(tiny_content())
    assert [name for name, _ in raw.sections] == ["one.yaml"]
    tree = raw.sections[0][1]
    assert isinstance(tree, MarkedMap)
    assert str(tree.value_where["title"]) == "content/one.yaml:2:8"
    assert isinstance(tree["blocks"], MarkedList)
    assert str(tree["blocks"].item_where[0]) == "content/one.yaml:4:5"


def test_billion_laughs_is_rejected_fast(tiny_content: Callable[..., Path]) -> None:
    root = tiny_content(one=BILLION_LAUGHS)
    started = time.perf_counter()
    found = messages(root)
    elapsed = time.perf_counter() - started
    assert found == ["content/one.yaml:3:4: error: "
                     "invalid YAML: anchors and aliases (&name, *name) "
                     "are not allowed"]
    assert elapsed < 1.0, f"took {elapsed:.2f} s: the document was expanded"


def test_file_over_the_size_limit_is_refused_unparsed(tiny_content: Callable[..., Path]) -> None:
    body = 'id: one\ntitle: {en: "One"}\n'
    padding = "#" * (MAX_FILE_BYTES + 1 - len(body) - 1) + "\n"
    assert len(body + padding) == MAX_FILE_BYTES + 1
    assert messages(tiny_content(one=body + padding)) == [
        f"content/one.yaml: error: file is {MAX_FILE_BYTES + 1:,} bytes, over the limit of "
        f"{MAX_FILE_BYTES:,}\n    hint: split the content into several section files"
    ]


def test_file_at_the_size_limit_is_read(tiny_content: Callable[..., Path]) -> None:
    body = 'id: one\ntitle: {en: "One"}\n'
    padding = "#" * (MAX_FILE_BYTES - len(body) - 1) + "\n"
    raw = read_content(tiny_content(one=body + padding))
    assert raw.sections[0][1]["id"] == "one"


def test_missing_content_folder(tiny_content: Callable[..., Path]) -> None:
    tiny_content()
    assert messages(Path("missing")) == [
        "missing: error: "
        "content folder not found\n    hint: pass an existing folder with --content DIR"
    ]


def test_errors_in_several_files_are_reported_together(
    tiny_content: Callable[..., Path],
) -> None:
    root = tiny_content(
        actors="actors:\n\t- id: x\n",
        one='id: one\ntitle: {en: "One"\n',
        report=append("  - two.yaml\n"),
    )
    assert messages(root) == [
        "content/actors.yaml:2:1: error: invalid YAML: tab character in indentation\n"
        "    hint: indent YAML with spaces, not tabs",
        "content/one.yaml:3:1: error: invalid YAML: expected ',' or '}', but got '<stream end>' "
        "(while parsing a flow mapping)",
        "content/report.yaml:5:5: error: sections[1]: section file 'two.yaml' not found\n"
        "    hint: did you mean 'one.yaml'?",
    ]


@pytest.mark.parametrize(
    ("text", "got"),
    [pytest.param("- a\n- b\n", "a list", id="list"),
     pytest.param("just a sentence\n", "a string", id="string")],
)
def test_top_level_that_is_not_a_mapping(
    tiny_content: Callable[..., Path], text: str, got: str
) -> None:
    assert messages(tiny_content(one=text)) == [
        f"content/one.yaml:1:1: error: expected a mapping of keys to values at the top; got {got}"
    ]


def test_deeply_nested_yaml_is_a_content_error(tiny_content: Callable[..., Path]) -> None:
    root = tiny_content(one=append("x: " + "[" * 5000 + "]" * 5000 + "\n"))
    found = messages(root)
    assert len(found) == 1
    assert found[0].startswith("content/one.yaml:")


def test_section_name_with_nul_character_is_a_content_error(
    tiny_content: Callable[..., Path],
) -> None:
    found = messages(tiny_content(report=append('  - "a\\0b.yaml"\n')))
    assert len(found) == 1
    assert found[0].startswith("content/report.yaml:5:5: error: sections[1]: ")


def _tree(value: object) -> object:
    """A tree with every position it knows, for comparing two reads."""
    if isinstance(value, MarkedMap):
        return ("map", str(value.where), {k: (_tree(v), str(value.key_where[k]),
                                               str(value.value_where[k]))
                                          for k, v in value.items()})
    if isinstance(value, MarkedList):
        return ("list", str(value.where), [(_tree(v), str(w))
                                           for v, w in zip(value, value.item_where, strict=True)])
    return value


def test_a_file_read_again_unchanged_gives_its_tree_and_a_saved_one_a_new_tree(
        content_snapshot: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Once trees are kept (--watch), a rebuild parses only the saved file: the others' trees
    are the ones read before, which validating and composing a booklet leave as a fresh parse
    reads them. Until then nothing is kept."""
    import shutil

    from layout.content import load
    from layout.content.number import number_report
    from layout.content.validate.report import to_report
    from layout.typeset.compose import compose_booklet

    content = tmp_path / "content"
    shutil.copytree(content_snapshot, content)
    monkeypatch.setattr(load, "_TREES", None)
    assert read_content(content).report is not read_content(content).report
    assert load._TREES is None
    load.keep_trees()
    first = read_content(content)
    report = to_report(first)
    compose_booklet(report, number_report(report), "en")
    path = content / "presentation.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("objective", "aim", 1),
                    encoding="utf-8")
    second = read_content(content)
    assert second.report is first.report
    assert second.actors is first.actors
    names = [name for name, _ in first.sections]
    saved = names.index("presentation.yaml")
    for index, ((_, old), (_, new)) in enumerate(zip(first.sections, second.sections,
                                                     strict=True)):
        assert (new is old) == (index != saved)
    load._TREES.clear()
    fresh = read_content(content)
    assert _tree(fresh.report) == _tree(second.report)
    assert [_tree(t) for _, t in fresh.sections] == [_tree(t) for _, t in second.sections]
    assert "aim" in str(_tree(second.sections[saved][1]))
