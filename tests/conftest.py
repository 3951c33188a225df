"""Fixtures: the repository, the real booklet built once per session, temp content folders."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import helpers
import pytest
from pypdf import PdfReader
from typometrics import Document

from layout.content.model import Report, Text
from layout.content.number import Numbering, number_report
from layout.make.options import BuildOutcome
from layout.make.paths import booklet_path
from layout.make.targets import build_all, load_report


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden", action="store_true", default=False,
        help="rewrite the golden files under tests/golden/ from the current output instead of "
             "comparing against them",
    )


@pytest.fixture(scope="session")
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run was started with --update-golden."""
    return bool(request.config.getoption("--update-golden"))


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return helpers.ROOT


@pytest.fixture(scope="session")
def content_snapshot(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """content/ as it was when the session started.

    Every session-wide build and every `make_content` copy starts from this one snapshot, so
    all tests of a run see the same content even if someone saves a file in content/ meanwhile.
    """
    return helpers.make_content(tmp_path_factory.mktemp("snapshot"))


@dataclass(frozen=True)
class Booklet:
    """The real booklet of the source language, built once, and what it was built from."""

    content: Path
    path: Path
    pdf: bytes
    reader: PdfReader
    report: Report
    numbering: Numbering
    lang: str

    def local(self, text: Text) -> str:
        """``text`` as this booklet prints it: its language, else the source language."""
        return text.get(self.lang, self.report.source_language)

    @functools.cached_property
    def texts(self) -> list[str]:
        """Extracted text of every page."""
        return helpers.page_texts(self.reader)


@dataclass(frozen=True)
class RealBuild:
    """Every output of the real content (every language, every kind), built once in-process
    through `build_all` (as build.py does, pool and all), and what the build said."""

    content: Path
    out: Path
    report: Report
    outcome: BuildOutcome


@pytest.fixture(scope="session")
def real_build(content_snapshot: Path, tmp_path_factory: pytest.TempPathFactory) -> RealBuild:
    """The one in-process build of the real content that the session's readers share.

    Tests read its outputs and never write into its folder (they build into their own
    ``tmp_path`` when they need another build). The booklet it writes is the one a
    booklet-only build writes: `test_building_twice_gives_identical_bytes` builds that again
    and compares the bytes."""
    out = tmp_path_factory.mktemp("real")
    report = load_report(content_snapshot)
    outcome = build_all(content_snapshot, out)
    return RealBuild(content_snapshot, out, report, outcome)


@pytest.fixture(scope="session")
def booklet(real_build: RealBuild) -> Booklet:
    """The real booklet of the source language (from `real_build`), read once and shared."""
    report = real_build.report
    lang = report.source_language
    path = booklet_path(real_build.out, lang)
    assert path in real_build.outcome.written
    pdf = path.read_bytes()
    return Booklet(real_build.content, path, pdf, PdfReader(path), report,
                   number_report(report), lang)


@pytest.fixture
def make_content(content_snapshot: Path) -> Callable[..., Path]:
    """``make_content(tmp_path, **replacements)``: copy content/ into tmp_path and change it.

    See `helpers.make_content`: ``make_content(tmp_path, agenda=helpers.replace("a", "b"))``.
    """
    return functools.partial(helpers.make_content, base=content_snapshot)


@pytest.fixture
def tiny_content(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., Path]:
    """``tiny_content(**replacements)``: tests/fixtures/tiny copied to ``tmp_path/content``.

    The working directory becomes ``tmp_path``, so messages name ``content/one.yaml``.
    """
    monkeypatch.chdir(tmp_path)

    def make(**replacements: helpers.Change) -> Path:
        return helpers.make_content(tmp_path, base=helpers.TINY, **replacements)

    return make


# -- the real outputs, built once with the command line (typography tests) ---------------------


@pytest.fixture(scope="session")
def typeset(content_snapshot: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every output of the real content (both languages, every kind), built once by build.py
    in a process of its own, as a user runs it (the in-process build is `real_build`)."""
    out = tmp_path_factory.mktemp("typeset")
    result = helpers.run_build(content_snapshot, out)
    assert "Traceback" not in result.stderr
    return out


@pytest.fixture(scope="session")
def read(typeset: Path) -> Callable[[str], Document]:
    """``read("en/booklet.pdf")``: a PDF of `typeset`, read once with pdfium."""
    cache: dict[str, Document] = {}

    def get(name: str) -> Document:
        if name not in cache:
            cache[name] = Document.read(typeset / name)
        return cache[name]

    return get


@dataclass(frozen=True)
class TaggedOutputs:
    """Every reading output of the real content, built once: booklets and handouts."""

    content: Path
    out: Path
    report: Report

    def booklet(self, lang: str) -> Path:
        return booklet_path(self.out, lang)

    def handouts(self, lang: str) -> list[Path]:
        return sorted((self.out / lang / "handouts").glob("*.pdf"))

    def longest_handout(self, lang: str) -> Path:
        """The handout with the most pages (the first of them by name)."""
        return max(self.handouts(lang), key=lambda p: len(PdfReader(p).pages))

    def one_page_handout(self, lang: str) -> Path:
        return next(p for p in self.handouts(lang) if len(PdfReader(p).pages) == 1)


@pytest.fixture(scope="session")
def tagged(real_build: RealBuild) -> TaggedOutputs:
    """Every booklet, handout and print edition of the real content, built once in a pool
    (`real_build`)."""
    return TaggedOutputs(real_build.content, real_build.out, real_build.report)
