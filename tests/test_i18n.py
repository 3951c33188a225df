"""The translators' round trip: coverage, PO export and import, stamps (layout/i18n.py).

Every test writes its own small content folder into tmp_path; nothing is mocked.
"""

from __future__ import annotations

import difflib
from pathlib import Path

import polib
import pytest

from layout.content.load import display_path
from layout.content.model import Report, Text, iter_texts
from layout.diagnostics import ContentError
from layout.i18n.coverage import coverage, fingerprint, missing_count
from layout.i18n.po_export import export_po
from layout.i18n.po_import import import_po
from layout.i18n.writeback import stamp
from layout.make.targets import load_report

REPORT = """\
languages: [en, es]
title: {{en: "Tiny report", es: "Informe mínimo", es_src: "{tiny}"}}
sections:
  - one.yaml
"""

ACTORS = """\
actors:
  - id: ceplan
    name: {en: "CEPLAN"}  # not translated yet
"""

ONE = """\
# Section one: a fixture for the translators' round trip.
id: one
title: {{en: "One", es: "Uno", es_src: "{one}"}}
blocks:
  # a folded source text, not translated yet
  - paragraph:
      en: >-
        The first paragraph is long enough to be folded over two lines of the YAML
        file, and it cites a footnote[^n1].
  - paragraph: {{en: "Second paragraph.", es: "Segundo párrafo."}}  # unstamped
  - bullets:
      - {{en: "Bullet one."}}
      - en: 'Bullet two.'   # single quotes stay
        es: "Viñeta dos."
        es_src: "{two}"
footnotes:
  n1: {{en: "A note.", es: "Una nota.", es_src: "{note}"}}
"""

FIRST = ("The first paragraph is long enough to be folded over two lines of the YAML file, "
         "and it cites a footnote[^n1].")


def _write(folder: Path) -> Path:
    folder.mkdir()
    prints = {"tiny": fingerprint("Tiny report"), "one": fingerprint("One"),
              "two": fingerprint("Bullet two."), "note": fingerprint("A note.")}
    (folder / "report.yaml").write_text(REPORT.format(**prints), encoding="utf-8")
    (folder / "actors.yaml").write_text(ACTORS, encoding="utf-8")
    (folder / "one.yaml").write_text(ONE.format(**prints), encoding="utf-8")
    return folder


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A valid content folder: 8 texts, 4 translated, 3 missing, 1 stale (never stamped)."""
    return _write(tmp_path / "content")


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}


def _text(report: Report, path: str, file: str = "one.yaml") -> Text:
    return next(t for t in iter_texts(report)
                if t.path == path and Path(t.where.file).name == file)


def _edit(folder: Path, name: str, old: str, new: str) -> None:
    path = folder / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _translate(po_bytes: bytes, translations: dict[str, str], target: Path) -> Path:
    """Save a copy of an exported PO file with some msgstr set, as a PO editor would."""
    catalog = polib.pofile(po_bytes.decode("utf-8"))
    for context, msgstr in translations.items():
        entry = next(e for e in catalog if e.msgctxt == context)
        entry.msgstr = msgstr
        if "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
    catalog.save(str(target))
    return target


def _changed_lines(old: str, new: str) -> list[int]:
    """1-based numbers of the old file's lines that were replaced or had lines put after them."""
    matcher = difflib.SequenceMatcher(a=old.splitlines(), b=new.splitlines(), autojunk=False)
    changed: list[int] = []
    for tag, i1, i2, _j1, _j2 in matcher.get_opcodes():
        if tag != "equal":
            changed.extend(range(i1 + 1, i2 + 1) if i2 > i1 else [i1])
    return changed


def test_fingerprint_is_stable_under_reflow() -> None:
    folded = "The economic measures were\n  centralist   because\tthey were adopted."
    assert fingerprint(folded) == fingerprint("The economic measures were centralist because "
                                              "they were adopted.")
    assert fingerprint(folded) != fingerprint("The economic measures were centralist.")
    assert len(fingerprint("x")) == 8
    assert int(fingerprint("x"), 16) >= 0


def test_coverage_counts_translated_missing_and_stale(content: Path) -> None:
    report = load_report(content)
    cover = coverage(report, "es")
    assert (cover.translated, cover.missing, cover.stale) == (4, 3, 1)
    assert missing_count(report, "es") == 3
    assert len(cover.problems) == 4
    stale = [p for p in cover.problems if p.message.startswith("stale")]
    assert [p.path for p in stale] == ["blocks[1].paragraph"]
    assert "python build.py i18n stamp --lang es" in stale[0].hint
    assert coverage(report, "en").problems == ()


def test_dropped_translation_is_reported_at_its_place(content: Path) -> None:
    _edit(content, "one.yaml", '        es: "Viñeta dos."\n', "")
    report = load_report(content)
    cover = coverage(report, "es")
    assert cover.missing == 4
    problem = next(p for p in cover.problems if p.path == "blocks[2].bullets[1]")
    line = ONE.splitlines().index("      - en: 'Bullet two.'   # single quotes stay") + 1
    where = display_path(content / "one.yaml")
    assert problem.format().splitlines()[0] == (
        f"{where}:{line}:9: error: blocks[2].bullets[1]: missing 'es' translation")


def test_changed_source_makes_its_translation_stale(content: Path) -> None:
    _edit(content, "one.yaml", "'Bullet two.'", "'Bullet number two.'")
    cover = coverage(load_report(content), "es")
    assert (cover.translated, cover.stale) == (3, 2)
    problem = next(p for p in cover.problems if p.path == "blocks[2].bullets[1]")
    assert problem.message == ("stale 'es' translation: the source text changed after it was "
                               "translated")


def test_export_is_deterministic_and_complete(content: Path) -> None:
    report = load_report(content)
    data = export_po(report, "es")
    assert data == export_po(load_report(content), "es")
    assert b"Date" not in data
    catalog = polib.pofile(data.decode("utf-8"))
    assert catalog.metadata["Language"] == "es"
    assert catalog.metadata["Project-Id-Version"] == "Tiny report"
    assert "charset=UTF-8" in catalog.metadata["Content-Type"]
    entries = {e.msgctxt: e for e in catalog}
    assert len(entries) == 8
    first = entries["one.yaml:blocks[0].paragraph"]
    assert (first.msgid, first.msgstr, first.occurrences) == (FIRST, "", [("one.yaml", "7")])
    assert entries["one.yaml:blocks[1].paragraph"].fuzzy
    assert entries["one.yaml:blocks[1].paragraph"].msgstr == "Segundo párrafo."
    assert not entries["one.yaml:blocks[2].bullets[1]"].fuzzy
    assert entries["actors.yaml:actors[0].name"].msgid == "CEPLAN"
    assert entries["report.yaml:title"].msgstr == "Informe mínimo"


def test_import_changes_exactly_the_edited_texts(content: Path, tmp_path: Path) -> None:
    before = _snapshot(content)
    first_es = ("El primer párrafo es lo bastante largo como para plegarse en dos líneas del "
                "archivo YAML, y cita una nota[^n1].")
    po = _translate(export_po(load_report(content), "es"), {
        "one.yaml:blocks[0].paragraph": first_es,
        "one.yaml:blocks[2].bullets[0]": "Viñeta uno.",
    }, tmp_path / "es.po")
    result = import_po(content, load_report(content), po)
    assert (result.lang, result.changed, result.files) == ("es", 2, (content / "one.yaml",))
    assert result.fuzzy == 1  # the never-stamped paragraph, left as exported
    after = _snapshot(content)
    assert {name for name in after if after[name] != before[name]} == {"one.yaml"}
    old, new = before["one.yaml"].decode(), after["one.yaml"].decode()
    # only the two mappings' lines differ: the folded paragraph (lines 7-9), the bullet (line 12)
    assert set(_changed_lines(old, new)) <= {7, 8, 9, 12}
    assert "      - {en: \"Bullet one.\", es: \"Viñeta uno.\", es_src: \"" in new
    assert "        file, and it cites a footnote[^n1].\n      es: >-\n" in new
    for line in old.splitlines():
        if "#" in line:
            assert line in new.splitlines()
    report = load_report(content)
    assert _text(report, "blocks[0].paragraph").get("es") == first_es
    assert _text(report, "blocks[2].bullets[0]").get("es") == "Viñeta uno."
    cover = coverage(report, "es")
    assert (cover.translated, cover.missing, cover.stale) == (6, 1, 1)
    again = import_po(content, report, po)
    assert (again.changed, again.files) == (0, ())


def test_long_translations_turn_flow_mappings_into_block_style(content: Path,
                                                               tmp_path: Path) -> None:
    long_es = ("Segundo párrafo, ahora con una traducción tan larga que ya no cabe en una sola "
               "línea de cien columnas del archivo.")
    po = _translate(export_po(load_report(content), "es"), {
        "one.yaml:blocks[1].paragraph": long_es,
        "one.yaml:blocks[2].bullets[0]": long_es,
    }, tmp_path / "es.po")
    assert import_po(content, load_report(content), po).changed == 2
    new = (content / "one.yaml").read_text(encoding="utf-8")
    assert "  - paragraph:  # unstamped\n      en: \"Second paragraph.\"\n      es: >-\n" in new
    assert "      - en: \"Bullet one.\"\n        es: >-\n          Segundo" in new
    assert max(len(line) for line in new.splitlines()) <= 100
    report = load_report(content)
    assert _text(report, "blocks[1].paragraph").get("es") == long_es
    assert _text(report, "blocks[2].bullets[0]").get("es") == long_es
    assert coverage(report, "es").stale == 0


def test_import_of_unknown_entry_changes_nothing(content: Path, tmp_path: Path) -> None:
    before = _snapshot(content)
    po = _translate(export_po(load_report(content), "es"),
                    {"one.yaml:blocks[2].bullets[0]": "Viñeta uno."}, tmp_path / "es.po")
    catalog = polib.pofile(str(po))
    catalog.append(polib.POEntry(msgctxt="one.yaml:blocks[9].paragraph", msgid="Gone.",
                                 msgstr="Ido."))
    catalog.save(str(po))
    with pytest.raises(ContentError) as caught:
        import_po(content, load_report(content), po)
    messages = [d.format() for d in caught.value.diagnostics]
    assert len(messages) == 1
    assert "msgctxt 'one.yaml:blocks[9].paragraph' matches no text of the report" in messages[0]
    assert messages[0].startswith(f"{display_path(po)}:")
    assert _snapshot(content) == before


def test_import_refuses_an_outdated_export(content: Path, tmp_path: Path) -> None:
    po = _translate(export_po(load_report(content), "es"),
                    {"one.yaml:blocks[2].bullets[0]": "Viñeta uno."}, tmp_path / "es.po")
    _edit(content, "one.yaml", '"Bullet one."', '"The first bullet."')
    before = _snapshot(content)
    with pytest.raises(ContentError) as caught:
        import_po(content, load_report(content), po)
    assert "the 'en' text changed after this PO file was exported" in (
        caught.value.diagnostics[0].message)
    assert _snapshot(content) == before


def test_broken_po_is_a_clear_error(content: Path) -> None:
    before = _snapshot(content)
    garbage = b'msgid "x"\nmsgstr "y"\nthis is not a PO file {]\n'
    with pytest.raises(ContentError) as caught:
        import_po(content, load_report(content), garbage)
    (problem,) = caught.value.diagnostics
    assert problem.message.startswith("invalid PO file")
    assert problem.where.line == 3
    assert _snapshot(content) == before


def test_import_needs_a_translation_language(content: Path) -> None:
    data = export_po(load_report(content), "es").replace(b"Language: es", b"Language: en")
    with pytest.raises(ContentError) as caught:
        import_po(content, load_report(content), data)
    assert "'en' is the source language" in caught.value.diagnostics[0].message


def test_stamp_makes_stale_translations_current(content: Path) -> None:
    _edit(content, "one.yaml", "'Bullet two.'", "'Bullet number two.'")
    old = (content / "one.yaml").read_text(encoding="utf-8")
    assert stamp(content, load_report(content), "es") == 2
    new = (content / "one.yaml").read_text(encoding="utf-8")
    assert set(_changed_lines(old, new)) == {10, 15}
    assert ('  - paragraph: {en: "Second paragraph.", es: "Segundo párrafo.", es_src: '
            f'"{fingerprint("Second paragraph.")}"}}  # unstamped') in new.splitlines()
    assert f'        es_src: "{fingerprint("Bullet number two.")}"' in new.splitlines()
    cover = coverage(load_report(content), "es")
    assert (cover.translated, cover.missing, cover.stale) == (5, 3, 0)
    assert stamp(content, load_report(content), "es") == 0


def test_an_edit_that_would_change_other_values_restores_the_file(content: Path,
                                                                 tmp_path: Path) -> None:
    # A kept-newlines scalar owns the blank line after it: an entry inserted after its text
    # would cut that line off the source value, so the written file is checked and restored.
    _edit(content, "one.yaml", '      - {en: "Bullet one."}\n',
          "      - en: |+\n          Bullet one.\n\n")
    po = _translate(export_po(load_report(content), "es"),
                    {"one.yaml:blocks[2].bullets[0]": "Viñeta uno."}, tmp_path / "es.po")
    before = _snapshot(content)
    with pytest.raises(ContentError) as caught:
        import_po(content, load_report(content), po)
    assert "every file was restored" in caught.value.diagnostics[0].message
    assert _snapshot(content) == before
