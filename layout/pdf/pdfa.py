"""PDF/A: a finished ReportLab PDF -> the same document as PDF/A-2b, validated.

In: the bytes of a PDF written by ReportLab in ``invariant`` mode whose fonts are all embedded
TrueType subsets (no standard-14 font). Out: PDF/A-2b bytes that ``pikepdf.pdfa`` validated
after writing them. Pages and their content are untouched; what changes is structure and
metadata: the empty ``/Trans << >>`` ReportLab puts on every page is removed, the sRGB output
intent is added, and an XMP packet agreeing with the document info (title, author, subject,
keywords, dates) plus ``dc:language`` and the PDF/A identification is written. The output is
byte-identical for identical input: the XMP metadata date is pinned to the creation date and
the file /ID is derived from the content. No file I/O of ours (pikepdf validates through a
temporary file).
"""

from __future__ import annotations

import io
import warnings
from pathlib import Path

import pikepdf

FLAVOUR = "2b"
"""The PDF/A part and conformance level we write and check."""


class PdfaConversionError(ValueError):
    """The converted document did not pass the PDF/A check; the message lists every finding."""

    def __init__(self, problems: list[str]) -> None:
        lines = "\n  ".join(problems)
        super().__init__(f"the PDF did not pass the PDF/A-{FLAVOUR} check:\n  {lines}")
        self.problems = problems


def to_pdfa(pdf: bytes, *, lang: str | None = None, validate: bool = False) -> bytes:
    """Return ``pdf`` converted to PDF/A-2b; ``lang`` overrides the catalog's /Lang.

    The conversion is done with pikepdf's core (an sRGB output intent, the Print flag on
    annotations, XMP metadata declaring PDF/A-2b and agreeing with the document info): what
    ``pikepdf.pdfa.prepare`` does for our files, without importing its validator, which costs
    more than the conversion. With ``validate``, raises `PdfaConversionError` if the result does
    not pass ``pikepdf.pdfa``'s check (the tests check every booklet).
    """
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        _drop_empty_transitions(doc)
        language = _document_language(doc, lang)
        _add_output_intent(doc)
        _flag_annotations_printable(doc)
        _write_xmp(doc, language)
        out = io.BytesIO()
        doc.save(out, deterministic_id=True)
    converted = out.getvalue()
    if validate:
        passed, problems = check_pdfa(converted)
        if not passed:
            raise PdfaConversionError(problems)
    return converted


def _srgb_profile() -> bytes:
    """The sRGB ICC profile pikepdf ships for PDF/A output intents (read, not imported)."""
    return (Path(pikepdf.__file__).parent / "pdfa" / "data" / "sRGB.icc").read_bytes()


def _add_output_intent(doc: pikepdf.Pdf) -> None:
    """Declare the sRGB output intent every PDF/A file needs (our colours are all RGB)."""
    profile = doc.make_stream(_srgb_profile())
    profile.N = 3
    doc.Root.OutputIntents = pikepdf.Array([pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFA1,
        OutputConditionIdentifier=pikepdf.String("sRGB"), Info=pikepdf.String("sRGB"),
        DestOutputProfile=profile,
    )])


def _flag_annotations_printable(doc: pikepdf.Pdf) -> None:
    """PDF/A requires the Print flag on every annotation (ReportLab's links lack it)."""
    for page in doc.pages:
        for annotation in page.obj.get(pikepdf.Name.Annots, []):
            flags = int(annotation.get(pikepdf.Name.F, 0))
            annotation.F = (flags | 4) & ~(1 | 2 | 32)  # print; not invisible, hidden, noview


def _write_xmp(doc: pikepdf.Pdf, language: str | None) -> None:
    """XMP metadata agreeing with the document info, declaring PDF/A-2b, dates pinned."""
    keywords = doc.docinfo.get(pikepdf.Name.Keywords)
    with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        with warnings.catch_warnings():  # /Trapped has no XMP equivalent; nothing is lost
            warnings.filterwarnings("ignore", message=".*has no XMP equivalent")
            meta.load_from_docinfo(doc.docinfo)
        if language:
            meta["dc:language"] = [language]
        if keywords is not None:
            words = [word.strip() for word in str(keywords).split(",") if word.strip()]
            if words:
                meta["dc:subject"] = words
        meta["pdfaid:part"] = "2"
        meta["pdfaid:conformance"] = "B"
        created = meta.get("xmp:CreateDate")
        if created:
            meta["xmp:MetadataDate"] = created


def check_pdfa(pdf: bytes) -> tuple[bool, list[str]]:
    """Validate ``pdf`` as PDF/A-2b: ``(passed, one line per finding)``."""
    import pikepdf.pdfa as pdfa  # the validator is heavy to import: only when checking

    report = pdfa.validate_written(io.BytesIO(pdf), FLAVOUR)
    return report.passed, [str(finding) for finding in report.findings]


def _drop_empty_transitions(doc: pikepdf.Pdf) -> None:
    """Delete the empty ``/Trans`` dictionaries, which the PDF/A checker rejects as unknown."""
    for page in doc.pages:
        trans = page.obj.get(pikepdf.Name.Trans)
        if isinstance(trans, pikepdf.Dictionary) and len(trans) == 0:
            del page.obj[pikepdf.Name.Trans]


def _document_language(doc: pikepdf.Pdf, lang: str | None) -> str | None:
    """The document's language tag: ``lang`` (also written to the catalog) or its /Lang."""
    if lang:
        doc.Root.Lang = pikepdf.String(lang)
        return lang
    existing = doc.Root.get(pikepdf.Name.Lang)
    return str(existing) if existing is not None and str(existing) else None
