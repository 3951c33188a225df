"""``python -m layout``: the same command line as ``build.py``."""

import sys

from layout.cli.main import main

sys.exit(main())
