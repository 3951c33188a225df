"""The PDF files: render (ReportLab), the PDF/A writer, imposition and the press editions."""

from layout.typeset import lazypatterns

lazypatterns.install()  # before render imports ReportLab's paragraphs
