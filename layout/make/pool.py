"""The pool: rendering jobs run in worker processes, one per core, results handed on in order.

In: a list of jobs (functions of `jobs` with their arguments). Out: each result, passed to a
``consume`` callback in submission order as soon as it is ready, so nothing accumulates.
A worker whose build process is killed exits by itself instead of lingering.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Callable
from typing import Any

from layout.make.jobs import WORKER, init_worker, warm_up

Job = tuple[Callable[..., Any], tuple[Any, ...]]


def _start_worker(parent: int, *state: Any) -> None:
    """Initialise a worker and let it exit as soon as its build process is gone (a killed
    build would otherwise leave forked workers waiting forever on a queue they hold)."""

    def watch_parent() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(1)

    threading.Thread(target=watch_parent, daemon=True).start()
    init_worker(*state)


def run_jobs(jobs: list[Job], workers: int, progress: Callable[[int, int], None],
             consume: Callable[[int, Any], None]) -> None:
    """Run jobs, handing each result to ``consume(index, result)`` in submission order as
    soon as it is ready (nothing accumulates), in a process pool when it pays."""
    if workers <= 1 or len(jobs) <= 1:
        for done, (function, args) in enumerate(jobs, 1):
            consume(done - 1, function(*args))
            progress(done, len(jobs))
        return
    import multiprocessing  # loaded only for a pool (about 9 ms)
    from concurrent.futures import ProcessPoolExecutor

    warm_up()  # the layout modules and fonts loaded once, before the pool forks
    context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
    state = (os.getpid(), WORKER["report"], WORKER["numbering"], WORKER["pages"],
             WORKER["options"])
    window = workers * 4  # bounded look-ahead keeps memory flat for thousands of jobs
    with ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=context,
                             initializer=_start_worker, initargs=state) as pool:
        pending: list[Any] = []
        submitted = 0
        for done in range(1, len(jobs) + 1):
            while submitted < len(jobs) and len(pending) < window:
                function, args = jobs[submitted]
                pending.append(pool.submit(function, *args))
                submitted += 1
            consume(done - 1, pending.pop(0).result())
            progress(done, len(jobs))
