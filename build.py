#!/usr/bin/env python3
"""Build the report's PDFs from its YAML content: the repository's entry to `layout.cli`.

The pipeline itself is described in layout/__init__.py.
"""

from layout.cli.process import run

if __name__ == "__main__":
    run()
