"""Stage validate: loaded YAML that is well formed but wrong is refused, every problem at once.

Each case changes one file of the tiny content folder (tests/fixtures/tiny: report.yaml,
actors.yaml with 'ceplan' and 'mef', one.yaml) and compares the complete list of formatted
diagnostics (``file:line:col: key.path: message`` and the hint line), so a wrong position, key
path or hint fails the test.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from helpers import append, replace

from layout.content.load import read_content
from layout.content.validate.report import to_report
from layout.diagnostics import ContentError
from layout.make.targets import load_report

SECTION = 'id: one\ntitle: {en: "One"}\nblocks:\n'
"""The head of one.yaml; the first block starts on line 4, column 5."""


def messages(root: Path) -> list[str]:
    """The formatted diagnostics of validating ``root``; fails unless it is refused."""
    raw = read_content(root)  # loading must succeed: these are validation cases
    with pytest.raises(ContentError) as caught:
        to_report(raw)
    return [d.format() for d in caught.value.diagnostics]


CASES = [
    pytest.param(
        {"one": 'id: one\ntitle: {en: "One"}\nblokcs:\n  - paragraph: {en: "Text."}\n'},
        ["content/one.yaml:3:1: error: blokcs: unknown key 'blokcs'\n"
         "    hint: did you mean 'blocks'?"],
        id="unknown-key-did-you-mean",
    ),
    pytest.param(
        {"report": replace("title:", "titel:")},
        ["content/report.yaml:2:1: error: "
         "titel: unknown key 'titel'\n    hint: did you mean 'title'?",
         "content/report.yaml:1:1: error: missing required key 'title'"],
        id="misspelt-required-key",
    ),
    pytest.param(
        {"one": "id: one\ntitle: 42\n"},
        ["content/one.yaml:2:8: error: title: expected a text mapping such as {en: ...}; "
         "got a number (42)"],
        id="number-instead-of-text-mapping",
    ),
    pytest.param(
        {"one": "id: one\ntitle: One\n"},
        ["content/one.yaml:2:8: error: "
         "title: expected a text mapping such as {en: ...}; got a string\n"
         '    hint: write it as {en: "..."}'],
        id="string-instead-of-text-mapping",
    ),
    pytest.param(
        {"one": SECTION + "  - box: A box\n"},
        ["content/one.yaml:4:10: error: blocks[0].box: expected a mapping; got a string"],
        id="string-instead-of-mapping",
    ),
    pytest.param(
        {"one": SECTION + "  - Just a sentence.\n"},
        ["content/one.yaml:4:5: error: blocks[0]: expected a block such as {paragraph: {en: ...}}; "
         "got a string"],
        id="string-instead-of-block",
    ),
    pytest.param(
        {"one": 'id: one\ntitle: {en: "One"}\nblocks: {paragraph: {en: "x"}}\n'},
        ["content/one.yaml:3:9: error: blocks: expected a list; got a mapping"],
        id="mapping-instead-of-list",
    ),
    pytest.param(
        {"one": "id: yes\ntitle: {en: \"One\"}\n"},
        ["content/one.yaml:1:5: error: id: expected a string; got a boolean (yes)\n"
         '    hint: quote it: "..."'],
        id="boolean-instead-of-string",
    ),
    pytest.param(
        {"one": 'id: one\nnumbered: "no"\ntitle: {en: "One"}\n'},
        ["content/one.yaml:2:11: error: numbered: expected true or false; got a string"],
        id="string-instead-of-boolean",
    ),
    pytest.param(
        {"report": replace("[en]", "[en, es]"), "one": SECTION + '  - paragraph: {es: "Texto."}\n'},
        ["content/one.yaml:4:16: error: "
         "blocks[0].paragraph: missing the source-language text 'en'"],
        id="missing-source-language-text",
    ),
    pytest.param(
        {"one": SECTION + '  - paragraph: {en: "  "}\n'},
        ["content/one.yaml:4:21: error: blocks[0].paragraph.en: text must not be empty"],
        id="blank-text",
    ),
    pytest.param(
        {"one": 'id: one\ntitle: {en: ""}\n'},
        ["content/one.yaml:2:13: error: title.en: text must not be empty"],
        id="empty-text",
    ),
    pytest.param(
        {"one": 'id: one\ntitle: {en: "On\\be"}\n'},
        ["content/one.yaml:2:13: error: title.en: control character U+0008 at offset 2\n"
         "    hint: delete it; use a new paragraph block for a new line"],
        id="control-character",
    ),
    pytest.param(
        {"one": 'id: one\ntitle: {en: "One", fr: "Un"}\n'},
        ["content/one.yaml:2:20: error: title.fr: unknown language 'fr'\n"
         "    hint: languages of this report: en"],
        id="unknown-language-key",
    ),
    pytest.param(
        {"one": 'id: one\ntitle: {en: "One", eng: "Un"}\n'},
        ["content/one.yaml:2:20: error: "
         "title.eng: unknown language 'eng'\n    hint: did you mean 'en'?"],
        id="unknown-language-key-did-you-mean",
    ),
    pytest.param(
        {"report": replace("[en]", "[EN]")},
        ["content/report.yaml:1:13: error: languages[0]: invalid language code 'EN'\n"
         "    hint: use a code such as 'en' or 'es'"],
        id="invalid-language-code",
    ),
    pytest.param(
        {"one": SECTION + "  - agenda:\n      actor: cepln\n      items:\n"
                          '        - text: {en: "Do it."}\n'},
        ["content/one.yaml:5:14: error: blocks[0].agenda.actor: unknown actor 'cepln'\n"
         "    hint: did you mean 'ceplan'?"],
        id="unknown-actor-did-you-mean",
    ),
    pytest.param(
        {"one": SECTION + "  - agenda:\n      actor: [mef, cepln]\n      items:\n"
                          '        - text: {en: "Do it."}\n'},
        ["content/one.yaml:5:20: error: blocks[0].agenda.actor[1]: unknown actor 'cepln'\n"
         "    hint: did you mean 'ceplan'?"],
        id="unknown-actor-in-list",
    ),
    pytest.param(
        {"one": SECTION + "  - agenda:\n      actor: zzz\n      items:\n"
                          '        - text: {en: "Do it."}\n'},
        ["content/one.yaml:5:14: error: blocks[0].agenda.actor: unknown actor 'zzz'\n"
         "    hint: known: ceplan, mef"],
        id="unknown-actor-known-list",
    ),
    pytest.param(
        {"one": SECTION + '  - paragrph: {en: "x"}\n'},
        ["content/one.yaml:4:5: error: blocks[0]: unknown block kind 'paragrph'\n"
         "    hint: did you mean 'paragraph'?"],
        id="unknown-block-kind",
    ),
    pytest.param(
        {"one": SECTION + '  - paragraph: {en: "See[^nope]."}\n'},
        ["content/one.yaml:4:21: error: blocks[0].paragraph.en: unknown footnote '[^nope]'\n"
         "    hint: define it under 'footnotes:'"],
        id="unknown-footnote",
    ),
    pytest.param(
        {"one": SECTION + '  - paragraph: {en: "See[^sorce]."}\nfootnotes:\n'
                          '  source: {en: "The source."}\n'},
        ["content/one.yaml:4:21: error: blocks[0].paragraph.en: unknown footnote '[^sorce]'\n"
         "    hint: did you mean 'source'?",
         "content/one.yaml:6:3: error: "
         "footnotes.source: footnote 'source' is defined but never cited\n"
         "    hint: cite it in a text as [^source] or delete it"],
        id="misspelt-footnote",
    ),
    pytest.param(
        {"one": append('footnotes:\n  source: {en: "The source."}\n')},
        ["content/one.yaml:6:3: error: "
         "footnotes.source: footnote 'source' is defined but never cited\n"
         "    hint: cite it in a text as [^source] or delete it"],
        id="footnote-never-cited",
    ),
    pytest.param(
        {"one": append('sections:\n  - id: one\n    title: {en: "Again"}\n')},
        ["content/one.yaml:6:9: error: sections[0].id: duplicate section id 'one'\n"
         "    hint: first used at content/one.yaml:1:5"],
        id="duplicate-section-id",
    ),
    pytest.param(
        {"one": replace("id: one", "id: Part_One")},
        ["content/one.yaml:1:5: error: id: invalid id 'Part_One'\n"
         "    hint: use lowercase letters, digits and hyphens, e.g. 'civil-society'"],
        id="invalid-section-id",
    ),
]


@pytest.mark.parametrize(("files", "expected"), CASES)
def test_invalid_content_is_reported_exactly(
    tiny_content: Callable[..., Path], files: dict[str, object], expected: list[str]
) -> None:
    assert messages(tiny_content(**files)) == expected


def test_tiny_fixture_itself_is_valid(tiny_content: Callable[..., Path]) -> None:
    report = load_report(tiny_content())
    assert [s.id for s in report.sections] == ["one"]
    assert [a.id for a in report.actors] == ["ceplan", "mef"]


def test_errors_in_different_files_come_in_one_content_error(
    tiny_content: Callable[..., Path],
) -> None:
    root = tiny_content(
        report=replace("title:", "titel:"),
        actors=append('  - id: Bad\n    name: {en: "B"}\n'),
        one=SECTION + '  - paragrph: {en: "x"}\n  - agenda:\n      actor: cepln\n'
                      '      items:\n        - text: {en: "Do it."}\n',
    )
    assert messages(root) == [
        "content/report.yaml:2:1: error: "
        "titel: unknown key 'titel'\n    hint: did you mean 'title'?",
        "content/report.yaml:1:1: error: missing required key 'title'",
        "content/actors.yaml:6:9: error: actors[2].id: invalid id 'Bad'\n"
        "    hint: use lowercase letters, digits and hyphens, e.g. 'civil-society'",
        "content/one.yaml:4:5: error: blocks[0]: unknown block kind 'paragrph'\n"
        "    hint: did you mean 'paragraph'?",
        "content/one.yaml:6:14: error: blocks[1].agenda.actor: unknown actor 'cepln'\n"
        "    hint: did you mean 'ceplan'?",
    ]


def test_real_content_is_valid(content_snapshot: Path) -> None:
    report = load_report(content_snapshot)
    assert report.sections
    assert report.source_language == report.languages[0]


def test_non_string_section_entry_is_reported(tiny_content: Callable[..., Path]) -> None:
    root = tiny_content(report=append("  - 42\n"))
    with pytest.raises(ContentError) as caught:
        load_report(root)
    assert [(str(d.where), d.path) for d in caught.value.diagnostics] == [
        ("content/report.yaml:5:5", "sections[1]")
    ]


def test_footnote_cited_only_by_itself_is_never_cited(tiny_content: Callable[..., Path]) -> None:
    root = tiny_content(one=append('footnotes:\n  source: {en: "The source[^source]."}\n'))
    assert messages(root) == [
        "content/one.yaml:6:16: error: footnotes.source.en: footnote reference '[^source]' outside "
        "the sections\n    hint: cite footnotes only in section texts (titles, blocks)",
        "content/one.yaml:6:3: error: "
        "footnotes.source: footnote 'source' is defined but never cited\n"
        "    hint: cite it in a text as [^source] or delete it",
    ]
