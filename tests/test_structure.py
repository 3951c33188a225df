"""What the structure trees say: catalog and metadata, headings, notes, tables, lists, figures,
languages; the print edition untagged; the tagging changes nothing on the page.

Real outputs come from the session's `tagged` build; the cases that need their own content
(alternative texts given in the content, fallback languages, proofs) use the tiny fixture.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pikepdf
import pytest
import tagcheck
from conftest import TaggedOutputs
from pikepdf import Name
from pypdf import PdfReader

from layout.content.markup import plain
from layout.content.model import Chart, iter_rows, iter_sections
from layout.content.number import number_report
from layout.content.strings import words_for
from layout.make.options import BuildOptions
from layout.make.paths import booklet_path, print_path
from layout.make.targets import build_all
from layout.pdf.render import render_pdf
from layout.typeset.compose import compose_booklet


def _role(element: Any) -> str:
    return str(element.get("/S"))[1:]


def _attribute(element: Any, owner: str, key: str) -> Any:
    value = element.get("/A")
    for attributes in (list(value) if isinstance(value, pikepdf.Array) else [value]):
        if attributes is not None and attributes.get("/O") == Name("/" + owner):
            return attributes.get(key)
    return None


@pytest.mark.parametrize("lang", ["en", "es"])
def test_catalog_and_metadata_declare_pdfua_and_pdfa_2a(tagged: TaggedOutputs,
                                                        lang: str) -> None:
    with pikepdf.open(tagged.booklet(lang)) as pdf:
        assert pdf.pdf_version == "1.7"
        assert pdf.Root.MarkInfo.Marked is True
        assert str(pdf.Root.Lang) == words_for(lang)["lang_tag"]
        assert pdf.Root.ViewerPreferences.DisplayDocTitle is True
        assert pdf.Root.StructTreeRoot.RoleMap.Aside == Name.Div
        meta = pdf.open_metadata()
        assert meta["pdfuaid:part"] == "1"
        assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "A")
        assert meta["dc:title"] == str(pdf.docinfo.Title)
        xmp = pdf.Root.Metadata.read_bytes().decode()
        assert "<pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/" in xmp
        assert "<pdfaProperty:name>part</pdfaProperty:name>" in xmp


def test_handouts_are_tagged_pdfa_too(tagged: TaggedOutputs) -> None:
    for path in tagged.handouts("es"):
        with pikepdf.open(path) as pdf:
            meta = pdf.open_metadata()
            assert (meta["pdfaid:part"], meta["pdfaid:conformance"]) == ("2", "A"), path.name
            assert str(pdf.Root.Lang) == "es-PE"
            assert "/OutputIntents" in pdf.Root


def test_headings_follow_the_sections(tagged: TaggedOutputs) -> None:
    """Contents and every chapter are H1 (number and title one heading), subsections H2."""
    report, numbering = tagged.report, number_report(tagged.report)
    texts = tagcheck.struct_text(tagged.booklet("en"))
    headings = [(role, text) for role, text in texts if role.startswith("H")]
    expected = [("H1", "Contents")]

    def walk(sections: Any, depth: int) -> None:
        for section in sections:
            number = numbering.sections.get(section.id)
            title = plain(section.title.get("en"))
            expected.append((f"H{depth}", f"{number} {title}" if number else title))
            walk(section.sections, depth + 1)

    walk(report.sections, 1)
    assert headings == expected


def test_each_footnote_is_a_note_read_after_its_reference(tagged: TaggedOutputs) -> None:
    with pikepdf.open(tagged.booklet("en")) as pdf:
        notes = tagcheck.elements(pdf, "Note")
        pages = {page.objgen: i for i, page in enumerate(pdf.pages)}
        assert len(notes) == len(number_report(tagged.report).notes)
        for number, note in enumerate(notes, start=1):
            assert str(note.ID) == f"fn-{number}"
            siblings = tagcheck.kids(note.P)
            at = next(i for i, k in enumerate(siblings)
                      if tagcheck.is_element(k) and k.objgen == note.objgen)
            link = siblings[at - 1]
            assert _role(link) == "Link"
            (objr,) = [k for k in tagcheck.kids(link) if isinstance(k, pikepdf.Dictionary)
                       and k.get("/Type") == Name.OBJR]
            assert str(objr.Obj.Contents) == f"Footnote {number}"
            assert pages[objr.Pg.objgen] == pages[note.Pg.objgen]


def test_agenda_tables_have_one_header_row_each_and_row_headers(tagged: TaggedOutputs) -> None:
    """A column TH spanning both columns per table, a row TH per item; a header drawn again
    on the next page is not in the tree (its text is on more pages than its marked content)."""
    page_texts = [" ".join(p.extract_text().split()) for p in PdfReader(tagged.booklet("en")).pages]
    with pikepdf.open(tagged.booklet("en")) as pdf:
        pages = {page.objgen: i for i, page in enumerate(pdf.pages)}
        heads = tagcheck.elements(pdf, "THead")
        assert len(tagcheck.elements(pdf, "Table")) >= len(heads) > 5
        shown = 0
        for head in heads:
            (th,) = tagcheck.kids(tagcheck.kids(head)[0])
            assert _attribute(th, "Table", "/Scope") == Name.Column
            assert _attribute(th, "Table", "/ColSpan") == 2
            marked = {pages[th.Pg.objgen]} | {pages[k.Pg.objgen] for k in tagcheck.kids(th)
                                             if isinstance(k, pikepdf.Dictionary)}
            assert len(marked) == 1
            words = " ".join(_element_text(pdf, th).split()[:3])
            shown += sum(words in text for text in page_texts)
        rows = [th for th in tagcheck.elements(pdf, "TH")
                if _attribute(th, "Table", "/Scope") == Name.Row]
    assert len(rows) == sum(1 for _ in iter_rows(tagged.report.sections))
    assert shown > len(heads)


def test_list_labels_are_the_drawn_bullets_and_numbers(tagged: TaggedOutputs) -> None:
    with pikepdf.open(tagged.booklet("en")) as pdf:
        numbering = {str(_attribute(lst, "List", "/ListNumbering"))
                     for lst in tagcheck.elements(pdf, "L")}
    labels = {text for role, text in tagcheck.struct_text(tagged.booklet("en")) if role == "Lbl"}
    assert numbering >= {"/Disc"}
    assert "\u2022" in labels
    if "/Decimal" in numbering:
        assert "1." in labels


def test_the_chart_figure_says_its_data(tagged: TaggedOutputs) -> None:
    chart = next(block for section in iter_sections(tagged.report.sections)
                 for block in section.blocks if isinstance(block, Chart))
    with pikepdf.open(tagged.booklet("en")) as pdf:
        (figure,) = tagcheck.elements(pdf, "Figure")
        alt = str(figure.Alt)
        box = [float(v) for v in _attribute(figure, "Layout", "/BBox")]
        media = [float(v) for v in pdf.pages[0].MediaBox]
    assert alt.startswith("Bar chart. " + chart.title.get("en"))
    for category in chart.categories:
        assert category.get("en") in alt
    for series in chart.series:
        assert series.name.get("en") in alt
        assert all(f"{value:g}" in alt for value in series.values)
    assert media[0] <= box[0] < box[2] <= media[2]
    assert media[1] <= box[1] < box[3] <= media[3]


def test_running_heads_folios_and_cover_shapes_are_artifacts(tagged: TaggedOutputs) -> None:
    """No structure element holds the running head or a folio; the cover texts are tagged."""
    texts = [text for _, text in tagcheck.struct_text(tagged.booklet("en"))]
    report = tagged.report
    assert report.running_title.get("en") not in texts
    assert texts[:2] == [report.title.get("en"), report.subtitle.get("en")]
    assert texts[-1] == plain(report.back_cover.publisher.get("en"))


def test_print_edition_is_untagged(tagged: TaggedOutputs) -> None:
    with pikepdf.open(print_path(tagged.out, "en")) as pdf:
        assert "/StructTreeRoot" not in pdf.Root
        assert "/MarkInfo" not in pdf.Root
        for page in pdf.pages:
            ops = {str(i.operator) for i in pikepdf.parse_content_stream(page)}
            assert not ops & {"BDC", "BMC", "EMC"}


def _word_boxes(pdf: bytes, tmp_path: Path, name: str) -> str:
    path = tmp_path / name
    path.write_bytes(pdf)
    return subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True,
                          text=True, check=True).stdout.split("<doc>", 1)[1]


def test_tagging_changes_nothing_on_the_page(tagged: TaggedOutputs, tmp_path: Path) -> None:
    report = tagged.report
    numbering = number_report(report)
    plain = render_pdf(compose_booklet(report, numbering, "en"), tagged=False)
    marked = render_pdf(compose_booklet(report, numbering, "en"))
    assert (plain.section_pages, plain.row_pages) == (marked.section_pages, marked.row_pages)
    assert _word_boxes(plain.pdf, tmp_path, "a.pdf") == _word_boxes(marked.pdf, tmp_path, "b.pdf")
    assert marked.pdf != plain.pdf


def test_pool_and_single_process_give_the_same_bytes(tagged: TaggedOutputs,
                                                     tmp_path: Path) -> None:
    out = tmp_path / "out"
    build_all(tagged.content, out, ["en"], ("booklet", "handouts"),
              options=BuildOptions(workers=1))
    assert booklet_path(out, "en").read_bytes() == tagged.booklet("en").read_bytes()
    for path in tagged.handouts("en"):
        assert (out / "en" / "handouts" / path.name).read_bytes() == path.read_bytes(), path.name


TINY_BLOCKS = """blocks:
  - paragraph: {en: "Only in English[^n].", fr: ""}
  - paragraph: {en: "Both languages.", fr: "Les deux langues."}
  - chart:
      title: {en: "Cases"}
      alt: {en: "Cases rose from 3 to 5."}
      categories: [{en: "Before"}, {en: "After"}]
      series:
        - name: {en: "All"}
          values: [3, 5]
  - image:
      file: logo.svg
      alt: {en: "The programme's logo", fr: "Le logo du programme"}
footnotes:
  n: {en: "A note."}
"""
SVG = ('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="60">'
       '<rect width="60" height="60" fill="#17416b"/></svg>')


@pytest.fixture
def tiny_fr(tiny_content: Any) -> Path:
    """The tiny report with French as a second, partly translated language."""
    content: Path = tiny_content(
        report=lambda text: text.replace("languages: [en]", "languages: [en, fr]"),
        one=lambda text: text.replace('blocks:\n  - paragraph: {en: "Text."}\n', TINY_BLOCKS))
    (content / "logo.svg").write_text(SVG, encoding="utf-8")
    return content


def test_alternative_texts_come_from_the_content(tiny_fr: Path, tmp_path: Path) -> None:
    build_all(tiny_fr, tmp_path / "out", ["fr"], ("booklet",))
    with pikepdf.open(booklet_path(tmp_path / "out", "fr")) as pdf:
        alts = [str(figure.Alt) for figure in tagcheck.elements(pdf, "Figure")]
        assert tagcheck.check(pdf) == []
    assert alts == ["Cases rose from 3 to 5.", "Le logo du programme"]


def test_fallback_texts_carry_the_source_language(tiny_fr: Path, tmp_path: Path) -> None:
    build_all(tiny_fr, tmp_path / "out", ["fr"], ("booklet",))
    with pikepdf.open(booklet_path(tmp_path / "out", "fr")) as pdf:
        assert str(pdf.Root.Lang) == "fr"
        langs = {_element_text(pdf, p): str(p.get("/Lang", ""))
                 for p in tagcheck.elements(pdf, "P")}
    assert langs["Only in English."] == "en-US"  # the note reference is its own Link
    assert langs["Les deux langues."] == ""
    assert langs["Tiny report"] == "en-US"


def _element_text(pdf: pikepdf.Pdf, element: Any) -> str:
    """The text of an element's own MCIDs on its page (enough for one-line elements)."""
    page = next(p for p in pdf.pages if p.objgen == element.Pg.objgen)
    texts = tagcheck.page_texts(page)
    return " ".join("".join(texts[int(k)] for k in tagcheck.kids(element)
                            if isinstance(k, int)).split())


def test_proofs_with_highlighted_fallbacks_stay_tagged(tiny_fr: Path, tmp_path: Path) -> None:
    build_all(tiny_fr, tmp_path / "out", ["fr"], ("booklet",),
              options=BuildOptions(mark_untranslated=True))
    assert tagcheck.check(booklet_path(tmp_path / "out", "fr")) == []
