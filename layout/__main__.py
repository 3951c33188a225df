"""``python -m layout``: the same command line as ``build.py``."""

from layout.cli.process import run

run()
