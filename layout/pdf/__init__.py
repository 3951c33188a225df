"""The PDF files: render (ReportLab), the PDF/A finish (pikepdf), saddle-stitch imposition (pypdf)."""
