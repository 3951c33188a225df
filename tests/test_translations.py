"""Rules a translation obeys, tested on the functions: strict markup with escapes, footnote
parity, stable identities, PO files read byte by byte, settings and language tags.
"""

from __future__ import annotations

from pathlib import Path

import polib
import pytest
from helpers import FIXTURES

from layout.content.markup import MarkupError, note_ids, parse, plain, to_paragraph_markup
from layout.content.model import iter_texts
from layout.content.read import read_report
from layout.content.strings import hyphenation_dictionary, words_for
from layout.content.validate.settings import language_problem
from layout.content.validate.texts import Scope, note_problem, text_ident
from layout.diagnostics import ContentError
from layout.i18n.coverage import translatable_texts
from layout.i18n.po_export import export_po, export_pot
from layout.i18n.po_read import read_po

TRANSLATED = FIXTURES / "translated"


# -- markup -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "markup"), [
    ("a **b** *c* ***d***", "a <b>b</b> <i>c</i> <b><i>d</i></b>"),
    ("**bold *both***", "<b>bold <i>both</i></b>"),
    ("(*cita*) «*x*» ¿*qué*?", "(<i>cita</i>) «<i>x</i>» ¿<i>qué</i>?"),
    ("2 \\* 3 = 6, \\[^x] and C:\\\\dir", "2 * 3 = 6, [^x] and C:\\dir"),
    ("a\\b <c> & d", "a\\b &lt;c&gt; &amp; d"),
    ("*x[^n]*", "<i>x</i>"),
])
def test_valid_markup_becomes_reportlab_markup(text: str, markup: str) -> None:
    assert to_paragraph_markup(text) == markup


@pytest.mark.parametrize(("text", "offset", "words"), [
    ("El **escenario", 3, "'**' at character 4: it is never closed"),
    ("Normas (*) y (*)", 8, "'*' at character 9 can neither open nor close"),
    ("2*3*4", 1, "'*' at character 2 can neither open nor close"),
    ("word* more", 4, "nothing is open to close"),
    ("*a **b* c**", 6, "markup must nest"),
    ("a **** b", 2, "4 asterisks in a row"),
    ("see [^bad id]", 4, "broken footnote reference at character 5"),
])
def test_broken_markup_is_an_error_at_its_character(text: str, offset: int,
                                                    words: str) -> None:
    with pytest.raises(MarkupError) as caught:
        parse(text)
    assert caught.value.offset == offset
    assert words in caught.value.message
    assert caught.value.hint


def test_escaped_references_are_not_citations_and_plain_drops_markup() -> None:
    assert note_ids("a[^x] \\[^y] b[^x]") == ["x", "x"]
    assert plain("**R&D** \\*[^n] *x*") == "R&D * x"


def test_a_translation_must_cite_the_footnotes_of_its_source() -> None:
    assert note_problem("a[^x] b[^y]", "b[^y] a[^x]", "en", "es") is None
    message, hint = note_problem("a[^x][^x]", "a[^x]", "en", "es") or ("", "")
    assert message == ("the 'es' text cites [^x], but its 'en' source cites [^x] (twice)")
    assert "put [^x] where the note belongs" in hint
    message, hint = note_problem("a", "a[^y]", "en", "es") or ("", "")
    assert message == "the 'es' text cites [^y], but its 'en' source cites no footnote"
    assert "remove [^y]" in hint


# -- identities -------------------------------------------------------------------------------


def test_identities_ignore_positions_and_follow_block_ids() -> None:
    section = Scope("context", "sections[1]", "context")
    assert text_ident(section, {}, "sections[1].title") == "context/title"
    assert text_ident(section, {}, "sections[1].blocks[7].paragraph") == "context/paragraph"
    assert text_ident(section, {}, "sections[1].blocks[2].box.blocks[0].paragraph") == (
        "context/box.paragraph")
    assert text_ident(section, {}, "sections[1].blocks[3].agenda.items[4].bullets[1]") == (
        "context/agenda.bullets")
    assert text_ident(section, {}, "sections[1].blocks[0].bullets[2].items[0]") == (
        "context/bullets")
    ids = {"sections[1].blocks[2]": "expectations"}
    assert text_ident(section, ids, "sections[1].blocks[2].box.title") == (
        "context#expectations/title")
    assert text_ident(section, ids, "sections[1].blocks[2].box.blocks[1].paragraph") == (
        "context#expectations/paragraph")
    assert text_ident(Scope("[^inwent]", "footnotes.inwent"), {}, "footnotes.inwent") == (
        "[^inwent]")
    assert text_ident(Scope("report.yaml"), {}, "back_cover.note") == "report.yaml/back_cover.note"


def test_every_text_of_the_report_has_a_unique_key() -> None:
    report = read_report(Path(__file__).resolve().parent.parent / "content")
    keys = [(text.ident, text.get("en")) for text in translatable_texts(report)]
    assert len(keys) == len(set(keys))
    assert all(ident and ":" not in ident for ident, _ in keys)


def test_settings_are_not_texts_for_translators() -> None:
    report = read_report(TRANSLATED)
    assert "report.yaml/interface.lang_tag" in {t.ident for t in iter_texts(report)}
    assert "report.yaml/interface.lang_tag" not in {t.ident for t in translatable_texts(report)}
    assert "en-US" not in export_pot(report).decode("utf-8")


# -- PO files read byte by byte ---------------------------------------------------------------


def test_a_po_file_in_latin_1_that_says_so_is_read() -> None:
    report = read_report(TRANSLATED)
    text = export_po(report, "es").decode("utf-8").replace("charset=UTF-8", "charset=ISO-8859-1")
    parsed = read_po(text.encode("latin-1"), report)
    assert any(entry.msgstr == "Canales de representación" for entry in parsed.catalog)


def test_bytes_that_do_not_decode_are_located() -> None:
    report = read_report(TRANSLATED)
    data = export_po(report, "es").replace(b"Normatividad", b"Norma\xe9")
    with pytest.raises(ContentError) as caught:
        read_po(data, report)
    (problem,) = caught.value.diagnostics
    line = data[:data.index(b"\xe9")].count(b"\n") + 1
    assert (problem.where.line, problem.where.column) == (line, len('msgstr "Norma') + 1)
    assert problem.message == "not valid UTF-8 (byte 0xe9)"


def test_the_msgstr_line_of_each_entry_is_known() -> None:
    report = read_report(TRANSLATED)
    data = export_po(report, "es")
    parsed = read_po(data, report)
    lines = data.decode("utf-8").split("\n")
    for entry in parsed.catalog:
        assert lines[parsed.where(entry).line - 1].startswith("msgstr ")


def test_export_and_template_agree_with_polib() -> None:
    report = read_report(TRANSLATED)
    po = polib.pofile(export_po(report, "es").decode("utf-8"))
    pot = polib.pofile(export_pot(report).decode("utf-8"))
    assert [(e.msgctxt, e.msgid) for e in po] == [(e.msgctxt, e.msgid) for e in pot]
    assert po.percent_translated() == 100


# -- languages --------------------------------------------------------------------------------


@pytest.mark.parametrize(("tag", "problem"), [
    ("es-419", None), ("pt-BR", None), ("qu", None), ("en", None),
    ("es_PE", "write 'es-PE'"), ("EN", "write 'en'"), ("zz", "BCP 47"), ("english", "BCP 47"),
])
def test_language_tags_are_bcp_47(tag: str, problem: str | None) -> None:
    found = language_problem(tag)
    assert (found is None) == (problem is None)
    if found:
        assert problem in found[1]


def test_hyphenation_dictionaries_and_interface_words_by_language() -> None:
    assert hyphenation_dictionary("es-419") == "es"
    assert hyphenation_dictionary("pt-BR") == "pt_BR"
    assert hyphenation_dictionary("qu") == ""
    assert hyphenation_dictionary("none") == ""
    assert words_for("es-419")["contents"] == "Contenido"
    assert words_for("es-419")["lang_tag"] == "es-419"
    assert words_for("qu")["hyphenation"] == ""


# -- fuzzy entries written as stale translations ------------------------------------------------


def test_a_fuzzy_entry_of_unknown_origin_is_stale_with_no_recorded_source(
        tmp_path: Path) -> None:
    import shutil

    from layout.i18n.coverage import coverage
    from layout.i18n.po_import import import_po

    content = tmp_path / "content"
    shutil.copytree(TRANSLATED, content)
    catalog = polib.pofile(export_po(read_report(content), "es").decode("utf-8"))
    for entry in catalog:
        if entry.msgid in (PARAGRAPH_EN, "Regulations"):  # a block mapping, a flow mapping
            entry.msgstr += " (borrador)"
            entry.flags.append("fuzzy")
    result = import_po(content, read_report(content), str(catalog).encode("utf-8"))
    assert (result.applied, result.fuzzy) == (0, 2)
    text = (content / "one.yaml").read_text(encoding="utf-8")
    assert '- {en: "Regulations", es: "Normatividad (borrador)"}' in text
    assert text.count("es_src") == 7  # of 9: the two fuzzy ones no longer claim a source
    report = read_report(content)
    assert coverage(report, "es").stale == 2
    stale = {p.path for p in coverage(report, "es").problems}
    assert stale == {"blocks[0].paragraph", "blocks[2].bullets[0]"}


PARAGRAPH_EN = ("The economic measures were centralist because they were adopted without "
                "seeking the consensus of those involved[^inwent].")
