"""The process around the command line: what a command run from a shell does before `main`
and after it, and what an in-process caller of `main` (the tests, another program) must not
get.

Before: the cyclic garbage collector runs less often. A build allocates millions of small
objects (ReportLab's words and fragments) and few cycles, and the default first threshold
(700 allocations) had the collector walk the young objects about a thousand times per
booklet; memory stays within a MiB of the default's.

After: the exit code is returned to the shell without tearing the interpreter down. Once
`main` has returned, every output and the manifest are written and closed and the lock is
released; what is left is freeing every object and module one by one, about a tenth of a
cold booklet's time. Standard output, standard error and the logging handlers are flushed
first. An exception out of `main` is not caught here: Python reports it as usual.
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from typing import NoReturn

from layout.cli.main import main

COLLECTOR_THRESHOLDS = (10_000, 10, 10)
"""Allocations before a young collection, and young (then middle) collections before the next
older one."""


def run() -> NoReturn:
    """Run the command line as a process: ``build.py``, ``python -m layout``, the console
    script."""
    gc.set_threshold(*COLLECTOR_THRESHOLDS)
    code = main()
    exit_now(code)


def exit_now(code: int) -> NoReturn:
    """End the process with ``code`` once what it printed or logged is flushed."""
    logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed pipe or stream: nothing more can be said
            code = code or 1
    os._exit(code)
