"""Helpers for the hostile-input tests: run build.py as a user does, in a real process, on
real files, and read what it left behind. Plain functions (no fixtures, no layout imports)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BUILD = ROOT / "build.py"
TINY = ROOT / "tests" / "fixtures" / "tiny"
GUARD = 120
"""Seconds after which a hung build is killed: a guard against hangs, not a timing assertion."""

REPORT = 'languages: [en]\ntitle: {en: "Tiny report"}\nyear: "2010"\nsections:\n  - one.yaml\n'
BILINGUAL = ('languages: [en, es]\ntitle: {en: "Tiny report", es: "Informe breve"}\n'
             'year: "2010"\nsections:\n  - one.yaml\n')
AGENDA = ('id: one\ntitle: {en: "One", es: "Uno"}\nblocks:\n'
          '  - paragraph: {en: "Text.", es: "Texto."}\n'
          '  - agenda:\n      actor: mef\n      items:\n'
          '        - text: {en: "Approve the rules.", es: "Aprobar las reglas."}\n')


@dataclass(frozen=True)
class Run:
    """What a finished build.py process returned and printed."""

    code: int
    err: str
    out: str

    def __str__(self) -> str:
        return f"exit {self.code}\n{self.err}{self.out}"


def env() -> dict[str, str]:
    """The environment of a child build: this worktree's package first on the path."""
    return dict(os.environ, PYTHONPATH=str(ROOT), PYTHONDONTWRITEBYTECODE="1")


def command(content: Path, out: Path, *args: str, script: Path = BUILD) -> list[str]:
    """``script`` (``build.py``, or another program that runs the command line) with ``args``."""
    return [sys.executable, str(script), "--content", str(content), "--output", str(out), *args]


def build(content: Path, out: Path, *args: str, cwd: Path | None = None,
          **popen: object) -> Run:
    """Run ``build.py`` to completion and return its exit code and messages."""
    done = subprocess.run(command(content, out, *args), capture_output=True, text=True,
                          timeout=GUARD, env=env(), cwd=cwd or content.parent, check=False,
                          **popen)  # type: ignore[call-overload]
    return Run(done.returncode, done.stderr, done.stdout)


def content(tmp_path: Path, **files: str | bytes) -> Path:
    """tests/fixtures/tiny copied to ``tmp_path/content``; ``files`` maps a relative path
    (``"one.yaml"``, ``"images/a.png"``) to its new text or bytes."""
    root = tmp_path / "content"
    shutil.copytree(TINY, root)
    for name, data in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")
    return root


def section(blocks: str, notes: str = "") -> str:
    """A section file ``one.yaml`` holding ``blocks`` (YAML lines indented by two)."""
    return f'id: one\ntitle: {{en: "One"}}\nblocks:\n{blocks}' + (
        f"footnotes:\n{notes}" if notes else "")


def line_of(path: Path, needle: str) -> int:
    """1-based number of the first line of ``path`` containing ``needle``."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in {path}")


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest(out: Path) -> dict[str, object]:
    return json.loads((out / ".manifest.json").read_text(encoding="utf-8"))  # type: ignore[no-any-return]


def outputs(out: Path) -> dict[str, dict[str, object]]:
    """The manifest's record of every output, by path relative to the output folder."""
    return manifest(out)["outputs"]  # type: ignore[return-value]


def mismatches(out: Path) -> list[str]:
    """Outputs whose manifest record (size, SHA-256) does not describe the file on disk."""
    wrong = []
    for name, record in outputs(out).items():
        path = out / name
        if not path.is_file():
            wrong.append(f"{name}: missing")
        elif (record.get("size"), record.get("sha256")) != (path.stat().st_size, sha256(path)):
            wrong.append(f"{name}: record {record} but {path.stat().st_size} bytes")
    return wrong


def pdf_files(out: Path) -> dict[str, bytes]:
    """Every file under ``out`` except the manifest and the lock, by relative path."""
    return {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name not in (".manifest.json", ".lock")}


class Watch:
    """``build.py --watch`` (or ``script --watch``) running in the background, its messages
    collected as they come."""

    def __init__(self, content: Path, out: Path, *args: str, script: Path = BUILD) -> None:
        self.lines: list[str] = []
        self.proc = subprocess.Popen(
            command(content, out, "--watch", *args, script=script), cwd=content.parent,
            env=env(),
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, encoding="utf-8")
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        assert self.proc.stderr is not None
        for line in self.proc.stderr:
            self.lines.append(line)

    @property
    def log(self) -> str:
        return "".join(self.lines)

    def wait_for(self, found: Callable[[str], bool], since: int = 0) -> int:
        """Wait until ``found(log after line since)``; return the number of lines read."""
        deadline = time.monotonic() + GUARD
        while not found("".join(self.lines[since:])):
            assert self.proc.poll() is None, f"watch ended:\n{self.log}"
            assert time.monotonic() < deadline, f"watch never got there:\n{self.log}"
            time.sleep(0.05)
        return len(self.lines)

    def stop(self) -> int:
        """Stop with Ctrl-C; return the exit code."""
        import signal

        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
        try:
            code = self.proc.wait(timeout=GUARD)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            raise
        self.reader.join(timeout=5)
        return code
