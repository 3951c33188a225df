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

import pikepdf
import pikepdf.pdfa as pdfa

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

    With ``validate``, raises `PdfaConversionError` if the written file does not pass
    ``pikepdf.pdfa``'s validation (for instance when a standard-14 font such as Helvetica is
    still referenced). Builds skip it (it costs as much as the conversion); the tests run
    `check_pdfa` on every booklet instead.
    """
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        _drop_empty_transitions(doc)
        language = _document_language(doc, lang)
        _add_xmp_extras(doc, language)
        pdfa.prepare(doc, FLAVOUR)
        _pin_metadata_date(doc)
        out = io.BytesIO()
        if not validate:
            doc.save(out, deterministic_id=True)
            return out.getvalue()
        try:
            pdfa.save(doc, out, FLAVOUR, repair=False, deterministic_id=True)
        except pdfa.PdfaError as error:
            raise PdfaConversionError([str(f) for f in error.report.findings]) from None
        return out.getvalue()


def check_pdfa(pdf: bytes) -> tuple[bool, list[str]]:
    """Validate ``pdf`` as PDF/A-2b: ``(passed, one line per finding)``."""
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


def _add_xmp_extras(doc: pikepdf.Pdf, language: str | None) -> None:
    """Write the XMP properties `pdfa.prepare` does not take from the document info.

    Written before `prepare`, which keeps them and fills in title, author, subject, keywords
    and dates from the document info. ``dc:subject`` repeats the keywords as a bag.
    """
    keywords = doc.docinfo.get(pikepdf.Name.Keywords)
    with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        if language:
            meta["dc:language"] = [language]
        if keywords is not None:
            words = [word.strip() for word in str(keywords).split(",") if word.strip()]
            if words:
                meta["dc:subject"] = words


def _pin_metadata_date(doc: pikepdf.Pdf) -> None:
    """Replace the 'now' `prepare` stamps into xmp:MetadataDate with the creation date."""
    with doc.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        created = meta.get("xmp:CreateDate")
        if created:
            meta["xmp:MetadataDate"] = created
        else:
            del meta["xmp:MetadataDate"]
