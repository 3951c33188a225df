"""The output folder: a manifest of any shape, outputs damaged or replaced behind the build's
back, output paths that cannot be written, debris of killed builds. Real files, real
processes; what the manifest says must always be what is on disk."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import hostile
import pytest
from hostile import BILINGUAL, build, content, mismatches, outputs, pdf_files


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, dict[str, bytes]]:
    """A bilingual tiny report with an agenda, built once: (content, output, files)."""
    base = tmp_path_factory.mktemp("built")
    root = content(base, **{"report.yaml": BILINGUAL, "one.yaml": hostile.AGENDA})
    out = base / "out"
    run = build(root, out)
    assert run.code == 0, run
    return root, out, pdf_files(out)


def _copy(built: tuple[Path, Path, dict[str, bytes]], tmp_path: Path) -> tuple[Path, Path]:
    root, out, _ = built
    shutil.copytree(root, tmp_path / "content")
    shutil.copytree(out, tmp_path / "out")
    return tmp_path / "content", tmp_path / "out"


def test_manifest_records_size_and_sha256_of_every_output(built) -> None:  # type: ignore[no-untyped-def]
    _, out, files = built
    records = outputs(out)
    assert set(records) == set(files)
    assert not mismatches(out)
    assert ".lock" not in records
    assert not any(".tmp" in name for name in files)


@pytest.mark.parametrize("damage", ["truncate", "garbage", "other-language", "empty",
                                    "delete", "same-size", "directory", "symlink"])
@pytest.mark.parametrize("name", ["en/booklet.pdf", "en/booklet-print.pdf",
                                  "es/handouts/ministry-of-economy-and-finance-es.pdf"])
def test_damaged_output_is_rebuilt_and_the_build_says_so(
        built, tmp_path: Path, damage: str, name: str) -> None:  # type: ignore[no-untyped-def]
    root, out = _copy(built, tmp_path)
    good = built[2]
    path = out / name
    data = path.read_bytes()
    if damage == "truncate":
        path.write_bytes(data[: len(data) // 2])
    elif damage == "garbage":
        path.write_bytes(b"%PDF-1.4 garbage")
    elif damage == "other-language":
        shutil.copyfile(out / name.replace("en/", "es/", 1).replace("es/h", "en/h").replace(
            "-es.pdf", "-en.pdf"), path)
    elif damage == "empty":
        path.write_bytes(b"")
    elif damage == "delete":
        path.unlink()
    elif damage == "same-size":
        path.write_bytes(bytes(len(data)))
    elif damage == "directory":
        path.unlink()
        path.mkdir()
    else:
        path.unlink()
        path.symlink_to(out / "es" / "booklet.pdf")
    run = build(root, out)
    assert run.code == 0, run
    assert name in run.err, run
    assert "rebuilt" in run.err, run
    assert pdf_files(out) == good
    assert not mismatches(out)
    again = build(root, out)
    assert again.code == 0, again
    assert "built 0" in again.err, again


@pytest.mark.parametrize("damage", ["other-language", "truncate"])
def test_print_edition_is_imposed_only_from_the_recorded_booklet(
        built, tmp_path: Path, damage: str) -> None:  # type: ignore[no-untyped-def]
    root, out = _copy(built, tmp_path)
    good = built[2]
    (out / "en" / "booklet-print.pdf").unlink()
    booklet = out / "en" / "booklet.pdf"
    if damage == "other-language":
        shutil.copyfile(out / "es" / "booklet.pdf", booklet)
    else:
        booklet.write_bytes(booklet.read_bytes()[:5000])
    run = build(root, out, "--only", "print", "--lang", "en")
    assert run.code == 0, run
    assert (out / "en" / "booklet-print.pdf").read_bytes() == good["en/booklet-print.pdf"]
    assert not mismatches(out)
    run = build(root, out, "--lang", "en")
    assert run.code == 0, run
    assert "built 1" in run.err, run
    assert pdf_files(out) == good


MANIFESTS = [
    "", "[]", '"text"', "null", "42", "{", '{"version": 1}', '{"version": "1"}',
    '{"version": 1, "outputs": []}', '{"version": 1, "outputs": {"en/booklet.pdf": 5}}',
    '{"version": 1, "outputs": {"en/booklet.pdf": {"sha256": 5, "size": "x"}}}',
    '{"version": 1, "outputs": {}, "pages": []}',
    '{"version": 1, "outputs": {}, "pages": {"en": {"x": "y"}}}',
    '{"version": 1, "outputs": {}, "pages": {"en": [1, 2]}}',
    '{"version": 1, "outputs": {}, "pages": {}, "contents": {"en": 5}}',
    '{"version": 1, "outputs": {}, "pages": {}, "contents": {"en": [[1]]}}',
    '{"version": 1, "outputs": {}, "pages": {}, "contents": []}',
    '{"version": 1, "outputs": {"../../escape.pdf": {"size": 1, "sha256": "0"}}}',
    "\xff\xfe binary",
]


@pytest.mark.parametrize("text", MANIFESTS)
def test_manifest_of_the_wrong_shape_means_rebuild(
        built, tmp_path: Path, text: str) -> None:  # type: ignore[no-untyped-def]
    root, out = _copy(built, tmp_path)
    (out / ".manifest.json").write_bytes(text.encode("utf-8", "surrogateescape"))
    run = build(root, out)
    assert run.code == 0, run
    assert "Traceback" not in run.err
    assert pdf_files(out) == built[2]
    assert not mismatches(out)
    assert not (tmp_path / "escape.pdf").exists()


def test_manifest_that_is_a_directory(built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root, out = _copy(built, tmp_path)
    (out / ".manifest.json").unlink()
    (out / ".manifest.json").mkdir()
    (out / ".manifest.json" / "keep").write_text("mine")
    run = build(root, out)
    assert run.code == 1, run
    assert ".manifest.json" in run.err
    assert "is a directory" in run.err
    assert "Traceback" not in run.err
    assert (out / ".manifest.json" / "keep").read_text() == "mine"


def test_output_that_is_a_non_empty_directory_is_left_alone(
        built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root, out = _copy(built, tmp_path)
    booklet = out / "en" / "booklet.pdf"
    booklet.unlink()
    booklet.mkdir()
    (booklet / "notes.txt").write_text("mine")
    run = build(root, out)
    assert run.code == 1, run
    assert "en/booklet.pdf" in run.err
    assert "is a directory" in run.err
    assert "Traceback" not in run.err
    assert (booklet / "notes.txt").read_text() == "mine"
    assert (out / "es" / "booklet.pdf").read_bytes() == built[2]["es/booklet.pdf"]


def test_output_folder_that_is_a_file(tmp_path: Path) -> None:
    root = content(tmp_path)
    (tmp_path / "out").write_text("not a folder")
    run = build(root, tmp_path / "out")
    assert run.code == 2, run
    assert "out" in run.err
    assert "not a folder" in run.err
    assert "Traceback" not in run.err
    assert (tmp_path / "out").read_text() == "not a folder"
    run = build(root, tmp_path / "out" / "below")
    assert run.code == 2, run
    assert "Traceback" not in run.err, run


def _read_only(folder: Path) -> Callable[[], None]:
    """Make ``folder`` read-only, even for root (the immutable attribute); return the undo."""
    if os.geteuid() != 0:
        folder.chmod(0o555)
        return lambda: folder.chmod(0o755)
    if subprocess.run(["chattr", "+i", str(folder)], capture_output=True,
                      check=False).returncode != 0:
        pytest.skip("running as root without chattr: no way to make a folder read-only")
    return lambda: subprocess.run(["chattr", "-i", str(folder)], check=True)


def test_read_only_output_folder(tmp_path: Path) -> None:
    root = content(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    undo = _read_only(out)
    try:
        run = build(root, out)
        below = build(root, out / "below")
    finally:
        undo()
    assert run.code == 2, run
    assert "out" in run.err
    assert "Traceback" not in run.err
    assert below.code == 2, below
    assert "Traceback" not in below.err, below
    assert list(out.iterdir()) == []


def test_full_disk_keeps_the_previous_outputs(built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A file-size limit makes every large write fail the way a full disk does."""
    root, out = _copy(built, tmp_path)
    before = pdf_files(out)

    import resource

    def small_files() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (20_000, 20_000))

    run = build(root, out, "--force", preexec_fn=small_files)
    assert run.code == 1, run
    assert "Traceback" not in run.err
    assert "booklet" in run.err
    assert pdf_files(out) == before
    assert not list(out.rglob("*.tmp"))
    assert not mismatches(out)


def test_debris_of_killed_builds_is_removed(built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root, out = _copy(built, tmp_path)
    ours = [out / "en" / ".booklet.pdf.k2j4h1_x.tmp", out / ".manifest.json.abc123.tmp",
            out / "es" / "handouts" / ".mef.pdf.q9w8e7r6.tmp", out / ".booklet-print.pdf.a1.tmp"]
    theirs = [out / "en" / "booklet.pdf.tmp", out / "en" / ".hidden.tmp", out / "notes.tmp",
              out / "en" / ".booklet.pdf.tmp", out / "en" / ".booklet.pdf.x.y.tmp.bak",
              out / "en" / ".tmp"]
    for path in ours + theirs:
        path.write_bytes(b"partial")
    (out / "en" / ".dir.pdf.abc.tmp").mkdir()
    run = build(root, out)
    assert run.code == 0, run
    assert not [p for p in ours if p.exists()]
    assert all(p.read_bytes() == b"partial" for p in theirs)
    assert (out / "en" / ".dir.pdf.abc.tmp").is_dir()


def test_manifest_lists_outputs_never_the_lock(built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    root, out = _copy(built, tmp_path)
    run = build(root, out, "--force", "--verbose")
    assert run.code == 0, run
    assert ".lock" not in run.err
    assert ".lock" not in json.dumps(hostile.manifest(out))


def test_atomic_write_needs_no_fchmod(tmp_path: Path) -> None:
    """Windows has no os.fchmod before Python 3.13: the write must not depend on it."""
    script = (
        "import os, sys\n"
        "del os.fchmod\n"
        "from pathlib import Path\n"
        "from layout.files import write_atomic\n"
        "folder = Path(sys.argv[1])\n"
        "write_atomic(folder / 'new.pdf', b'new')\n"
        "(folder / 'own.yaml').write_bytes(b'old')\n"
        "os.chmod(folder / 'own.yaml', 0o640)\n"
        "write_atomic(folder / 'own.yaml', b'edited', 0o640)\n"
    )
    done = subprocess.run([sys.executable, "-c", script, str(tmp_path)], env=hostile.env(),
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "new.pdf").read_bytes() == b"new"
    assert (tmp_path / "new.pdf").stat().st_mode & 0o777 == 0o666 & ~_umask()
    assert (tmp_path / "own.yaml").read_bytes() == b"edited"
    assert (tmp_path / "own.yaml").stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["new.pdf", "own.yaml"]


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def test_manifest_edited_by_hand_is_not_trusted(built, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """A well-formed manifest whose page maps were changed by hand no longer matches its
    checksum: it reads as empty, everything is rebuilt, and the handouts' booklet pages are
    the real ones again."""
    root, out = _copy(built, tmp_path)
    manifest = json.loads((out / ".manifest.json").read_text(encoding="utf-8"))
    pages = manifest["pages"]["en"]
    assert pages
    pages.update({row: page + 7 for row, page in pages.items()})
    (out / ".manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    run = build(root, out)
    assert run.code == 0, run
    assert f"built {len(built[2])}," in run.err, run
    assert pdf_files(out) == built[2]
    assert not mismatches(out)
    assert json.loads((out / ".manifest.json").read_text(encoding="utf-8"))["pages"]["en"] == {
        row: page - 7 for row, page in pages.items()}
