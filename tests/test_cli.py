"""build.py, run as a user runs it: a subprocess with this interpreter, exit codes and stderr."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import Booklet
from helpers import ROOT, append

from layout.make.targets import load_report

BUILD = ROOT / "build.py"


def run(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(BUILD), *map(str, args)], cwd=cwd, capture_output=True,
        text=True, encoding="utf-8", timeout=120, check=False,
    )


def sub(pattern: str, repl: str) -> Callable[[str], str]:
    """A `make_content` change: replace the first match of a multiline regex (must match)."""

    def change(text: str) -> str:
        new, count = re.subn(pattern, repl, text, count=1, flags=re.MULTILINE)
        assert count == 1, f"{pattern!r} no longer matches; update the test"
        return new

    return change


def misspell_first_actor(text: str) -> str:
    """Misspell the first single-actor agenda ('actor: pcm' -> 'actor: cepln')."""
    return sub(r"^([ \t]*actor: )[a-z][a-z0-9-]*[ \t]*$", r"\1cepln")(text)


def files_in(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file under ``folder``: relative path -> (bytes, mtime in ns)."""
    return {str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(folder.rglob("*")) if p.is_file()}


# -- check ----------------------------------------------------------------------------------


def test_check_accepts_the_real_content() -> None:
    result = run("check")
    assert result.returncode == 0, result.stderr
    assert "content is valid" in result.stderr
    assert "Traceback" not in result.stderr


def test_check_reports_broken_content_with_its_position(
    make_content: Callable[..., Path], tmp_path: Path
) -> None:
    root = make_content(tmp_path, agenda=misspell_first_actor)
    text = (root / "agenda.yaml").read_text(encoding="utf-8")
    match = re.search(r"^([ \t]*actor: )cepln$", text, flags=re.MULTILINE)
    assert match
    line = text.count("\n", 0, match.start()) + 1
    column = len(match.group(1)) + 1
    result = run("check", "--content", "content", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert re.fullmatch(
        rf"content/agenda\.yaml:{line}:{column}: error: "
        rf"sections\[\d+\]\.blocks\[\d+\]\.agenda\.actor: "
        r"unknown actor 'cepln'", lines[0]), lines
    assert lines[1:] == ["    hint: did you mean 'ceplan'?",
                         "1 error, 0 warnings - nothing was built."]


# -- usage errors ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--frobnicate"], "unrecognized arguments: --frobnicate"),
        (["publish"], "invalid choice: 'publish'"),
        (["--only", "poster"], "invalid choice: 'poster'"),
    ],
)
def test_wrong_usage_exits_2(args: list[str], expected: str, tmp_path: Path) -> None:
    result = run(*args, "--output", tmp_path / "out")
    assert result.returncode == 2
    assert result.stderr.startswith("usage: build.py")
    assert expected in result.stderr
    assert not (tmp_path / "out").exists()


def test_unknown_language_exits_2_and_lists_the_known_ones(content_snapshot: Path,
                                                           tmp_path: Path) -> None:
    known = ", ".join(load_report(content_snapshot).languages)
    result = run("--lang", "xx", "--content", content_snapshot, "--output", tmp_path / "out")
    assert result.returncode == 2
    assert f"unknown language 'xx' (this report has: {known})" in result.stderr
    assert not (tmp_path / "out").exists()


def test_check_with_unknown_language_exits_2(content_snapshot: Path) -> None:
    known = ", ".join(load_report(content_snapshot).languages)
    result = run("check", "--lang", "xx", "--content", content_snapshot)
    assert result.returncode == 2
    assert f"unknown language 'xx' (this report has: {known})" in result.stderr


def test_help_shows_examples() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert "examples:" in result.stdout
    for example in ("python build.py check", "python build.py --lang", "--content DIR"):
        assert example in result.stdout
    assert "exit codes" in result.stdout


# -- building -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def built_once(typeset: Path) -> Path:
    """Every default output of the real content, built once by build.py (`typeset`: the
    session's build.py run, exit code and stderr checked there)."""
    return typeset


def test_build_writes_the_same_booklet_as_an_in_process_build(
    built_once: Path, booklet: Booklet
) -> None:
    assert (built_once / booklet.lang / "booklet.pdf").read_bytes() == booklet.pdf


@pytest.mark.parametrize(
    "change",
    [pytest.param({"agenda": misspell_first_actor}, id="invalid-content"),
     pytest.param({"agenda": append("oops: [\n")}, id="invalid-yaml")],
)
def test_failed_build_leaves_previous_outputs_untouched(
    built_once: Path, make_content: Callable[..., Path], tmp_path: Path,
    change: dict[str, Callable[[str], str]],
) -> None:
    out = tmp_path / "out"
    shutil.copytree(built_once, out)  # copy2 keeps the modification times
    before = files_in(out)
    assert any(name.endswith("booklet.pdf") for name in before)
    root = make_content(tmp_path, **change)
    result = run("--content", root, "--output", out, cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.rstrip().endswith("nothing was built.")
    assert files_in(out) == before  # same files, same bytes, same mtimes, no temporary leftovers


# -- no traceback, whatever the content -----------------------------------------------------

BAD_CONTENT = [
    pytest.param({"agenda": append("oops: [\n")}, id="yaml-syntax"),
    pytest.param({"agenda": append("\tstray: 1\n")}, id="tab"),
    pytest.param({"presentation": lambda t: t.encode() + b"# caf\xe9\n"}, id="not-utf8"),
    pytest.param({"agenda": misspell_first_actor}, id="unknown-actor"),
    pytest.param({"report": sub(r"^([ \t]*- )presentation\.yaml$",
                                r"\1presentation.yaml\n\1missing.yaml")}, id="missing-file"),
    pytest.param({"report": ""}, id="empty-report"),
    pytest.param({"actors": None}, id="no-actors-file"),
    pytest.param({"presentation": append("x: " + "[" * 5000 + "]" * 5000 + "\n")},
                 id="deep-nesting"),
    pytest.param({"report": sub(r"^([ \t]*- )presentation\.yaml$",
                                r'\1presentation.yaml\n\1"a\\0b.yaml"')},
                 id="nul-in-file-name"),
]


@pytest.mark.parametrize("change", BAD_CONTENT)
def test_bad_content_never_shows_a_traceback(
    make_content: Callable[..., Path], tmp_path: Path, change: dict[str, object]
) -> None:
    root = make_content(tmp_path, **change)
    result = run("--content", root, "--output", tmp_path / "out", cwd=tmp_path)
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert result.returncode == 1, result.stderr
    assert result.stderr.rstrip().endswith("nothing was built.")
    assert not list((tmp_path / "out").rglob("*.pdf"))


def test_missing_content_folder_is_a_content_error(tmp_path: Path) -> None:
    result = run("--content", "missing", "--output", tmp_path / "out", cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [
        "missing: error: content folder not found",
        "    hint: pass an existing folder with --content DIR",
        "1 error, 0 warnings - nothing was built.",
    ]
