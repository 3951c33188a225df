"""The tool as another organisation uses it: the command from any folder, its version, its
defaults, one content folder per output folder, machine-readable diagnostics, subcommand help."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import pytest
from helpers import ROOT, TINY

BUILD = ROOT / "build.py"
DISTRIBUTION = "decentralization-report"


def run(*args: str | Path, cwd: Path = ROOT, module: bool = False
        ) -> subprocess.CompletedProcess[str]:
    """build.py (or ``python -m layout``) with this interpreter and this checkout first."""
    env = dict(os.environ, PYTHONPATH=os.pathsep.join(
        [str(ROOT), *filter(None, [os.environ.get("PYTHONPATH")])]))
    head = ["-m", "layout"] if module else [str(BUILD)]
    return subprocess.run([sys.executable, *head, *map(str, args)], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=180,
                          check=False)


def project(folder: Path, languages: str = "[en]") -> Path:
    """A report project: ``folder/content`` (the tiny fixture) and nothing else."""
    shutil.copytree(TINY, folder / "content")
    report = folder / "content" / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8").replace("[en]", languages),
                      encoding="utf-8")
    return folder


def files_in(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes()
            for p in sorted(folder.rglob("*")) if p.is_file()}


# -- the command ----------------------------------------------------------------------------


@pytest.mark.parametrize("module", [False, True], ids=["build.py", "python -m layout"])
def test_version_comes_from_the_installed_metadata(module: bool, tmp_path: Path) -> None:
    result = run("--version", cwd=tmp_path, module=module)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split()[-1] == version(DISTRIBUTION)


def test_console_command_is_declared() -> None:
    import tomllib

    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert meta["scripts"] == {"report-booklet": "layout.cli.process:run"}
    assert meta["license"] == "MIT"
    assert "MIT License" in (ROOT / "LICENSE").read_text(encoding="utf-8")


@pytest.mark.parametrize("module", [False, True], ids=["build.py", "python -m layout"])
def test_the_process_says_everything_before_it_exits(module: bool, tmp_path: Path) -> None:
    """The process skips the interpreter's teardown: what it wrote to its pipes and its exit
    code must still arrive whole, for a build and for a content error."""
    folder = project(tmp_path / "ngo", languages="[en, es]")
    built = run("--format", "json", "-v", cwd=folder, module=module)
    assert built.returncode == 0, built.stderr
    records = json.loads(built.stdout)  # the list arrived, closed
    assert records
    assert {r["severity"] for r in records} == {"warning"}  # es is untranslated
    written = sorted(p.relative_to(folder).as_posix() for p in (folder / "output").rglob("*")
                     if p.is_file() and not p.name.startswith("."))
    said = {line.split(":")[0] for line in built.stderr.splitlines()
            if line.startswith("output/")}
    assert said
    assert said <= set(written)
    assert len(written) >= 6
    assert built.stderr.splitlines()[-1].startswith(f"built {len(written)}, ")
    report = folder / "content" / "report.yaml"
    report.write_text(report.read_text(encoding="utf-8") + "unknown_key: 1\n", encoding="utf-8")
    refused = run(cwd=folder, module=module)
    assert refused.returncode == 1
    assert "report.yaml:" in refused.stderr
    assert "unknown_key" in refused.stderr


def test_defaults_are_the_current_folder(tmp_path: Path) -> None:
    folder = project(tmp_path / "ngo")
    checked = run("check", cwd=folder, module=True)
    assert checked.returncode == 0, checked.stderr
    assert "content: content is valid" in checked.stderr
    built = run("--only", "booklet", cwd=folder, module=True)
    assert built.returncode == 0, built.stderr
    assert (folder / "output" / "en" / "booklet.pdf").is_file()
    assert "built 1, up to date 0, failed 0 into output" in built.stderr


# -- one content folder per output folder ---------------------------------------------------


def test_manifest_records_the_content_folder_relative_to_the_output(tmp_path: Path) -> None:
    folder = project(tmp_path / "a")
    assert run("--only", "booklet", cwd=folder).returncode == 0
    manifest = json.loads((folder / "output" / ".manifest.json").read_text(encoding="utf-8"))
    assert manifest["content"] == "../content"
    moved = tmp_path / "b"
    shutil.copytree(folder, moved)
    again = run("--only", "booklet", cwd=moved)
    assert again.returncode == 0, again.stderr
    assert "built 0, up to date 1" in again.stderr


def test_another_content_folder_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    folder = project(tmp_path / "a")
    assert run("--only", "booklet", cwd=folder).returncode == 0
    other = project(tmp_path / "b") / "content"
    before = files_in(folder / "output")
    result = run("--only", "booklet", "--content", other, cwd=folder)
    assert result.returncode == 2, result.stderr
    assert "was built from another content folder" in result.stderr
    assert "hint: use --output" in result.stderr
    assert "Traceback" not in result.stderr
    assert files_in(folder / "output") == before
    separate = run("--only", "booklet", "--content", other, "--output", tmp_path / "out-b",
                   cwd=folder)
    assert separate.returncode == 0, separate.stderr
    assert (tmp_path / "out-b" / "en" / "booklet.pdf").is_file()


# -- diagnostics ----------------------------------------------------------------------------


def test_check_format_json_lists_every_problem(tmp_path: Path) -> None:
    folder = project(tmp_path / "a")
    one = folder / "content" / "one.yaml"
    one.write_text(one.read_text(encoding="utf-8").replace("title:", "tittle:"), encoding="utf-8")
    result = run("check", "--format", "json", cwd=folder)
    assert result.returncode == 1
    records = json.loads(result.stdout)
    assert {"file", "line", "column", "severity", "path", "message", "hint"} <= set(records[0])
    unknown = next(r for r in records if "unknown key" in r["message"])
    assert unknown == {"file": "content/one.yaml", "line": 2, "column": 1,
                       "severity": "error", "path": "tittle", "message": "unknown key 'tittle'",
                       "hint": "did you mean 'title'?"}


def test_missing_translations_warn_at_the_languages_line(tmp_path: Path) -> None:
    folder = project(tmp_path / "a", languages="[en, es]")
    result = run("--only", "booklet", "--lang", "es", cwd=folder)
    assert result.returncode == 0, result.stderr
    warning = next(line for line in result.stderr.splitlines() if "warning:" in line)
    assert warning.startswith("content/report.yaml:1:")
    assert ": warning: languages[1]: 'es': " in warning
    as_json = run("--only", "booklet", "--lang", "es", "--format", "json", cwd=folder)
    records = json.loads(as_json.stdout)
    assert [r["severity"] for r in records] == ["warning"]
    assert records[0]["line"] == 1


@pytest.mark.parametrize(("args", "expected"), [
    (["check", "--help"], "--format"),
    (["i18n", "export", "--help"], "--lang"),
    (["i18n", "import", "--help"], "FILE"),
    (["schema", "--help"], "DIR"),
])
def test_subcommands_have_their_own_help(args: list[str], expected: str) -> None:
    result = run(*args)
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout
    assert result.stdout.startswith("usage: ")


def test_shared_options_may_come_before_the_subcommand(tmp_path: Path) -> None:
    folder = project(tmp_path / "a")
    result = run("--content", folder / "content", "check", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "content is valid (1 sections, languages: en" in result.stderr


def test_the_package_carries_the_font_licence() -> None:
    import tomllib
    from importlib.resources import files

    licence = files("layout") / "licenses" / "SourceSansPro-OFL.txt"
    assert "SIL OPEN FONT LICENSE Version 1.1" in licence.read_text(encoding="utf-8")
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert "layout/licenses/*.txt" in meta["project"]["license-files"]
    assert "**/*.txt" in meta["tool"]["setuptools"]["package-data"]["layout"]
