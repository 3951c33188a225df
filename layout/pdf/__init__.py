"""The PDF files: render (ReportLab), the PDF/A finish (pikepdf), imposition (pypdf)."""
