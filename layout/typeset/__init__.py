"""How the report looks: styles, fonts, flowables, page templates, compose (model -> flowables)."""

from layout.typeset import lazypatterns

lazypatterns.install()  # before any module of this package imports ReportLab's paragraphs
