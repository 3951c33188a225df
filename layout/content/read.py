"""Read a content folder: the load and validate stages in one call.

In: a content folder. Out: its validated `Report`, or `ContentError` with every problem found.
No ReportLab is imported.
"""

from __future__ import annotations

from pathlib import Path

from layout.content.load import read_content
from layout.content.model import Report
from layout.content.validate.report import to_report


def read_report(content: Path) -> Report:
    """Read and validate a content folder (stages load and validate); no ReportLab."""
    return to_report(read_content(content))
