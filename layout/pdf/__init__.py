"""The PDF files: render (ReportLab), the PDF/A writer, imposition and the press editions."""

from layout.typeset import uripattern

uripattern.install()  # before render imports ReportLab's paragraphs
