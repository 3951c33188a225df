"""Handouts ready to send, checked on the real outputs of `build.py`, run as a user runs it.

Contacts on actors, the mail-merge index (`index.csv`, `index.json`) beside the handouts,
file names that differ per language, a build that deletes only what it wrote, nested
branches (the Prime Minister's Office's units), each handout's /Title, and `--zip`.
Everything here is read back from the files: the CSV and JSON, the PDFs' text and /Title
(pypdf), the zip's members.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import subprocess
import sys
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml
from helpers import ROOT, make_content, replace
from pypdf import PdfReader

BUILD = ROOT / "build.py"
COLUMNS = ["actor", "name", "email", "language", "file", "letters", "pages"]
LABEL = re.compile(r"(?m)^\s*([a-z]{1,2})\.\s*$")
"""An item's letter, alone on its line in the extracted text of a handout."""
CONTACTS = {
    "pcm": ("Ana Pérez", "ana.perez@pcm.example.org"),
    "ceplan": (None, "mesa-de-partes@ceplan.example.org"),
    "executive": ("Luis Quispe", "despacho@ejecutivo.example.org"),
}


def run(*args: str | Path, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """build.py with this interpreter, as a user runs it."""
    return subprocess.run([sys.executable, str(BUILD), *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, encoding="utf-8", timeout=300,
                          check=False)


def with_contacts(text: str) -> str:
    """actors.yaml with the contacts of `CONTACTS` added after each one's id line."""
    for ident, (name, email) in CONTACTS.items():
        fields = ([f'name: "{name}"'] if name else []) + [f'email: "{email}"']
        text = replace(f"  - id: {ident}\n",
                       f"  - id: {ident}\n    contact: {{{', '.join(fields)}}}\n")(text)
    return text


def read_index(folder: Path) -> tuple[list[str], list[dict[str, str]], list[dict[str, object]]]:
    """The CSV's header and rows and the JSON's rows of a handouts folder."""
    raw = (folder / "index.csv").read_bytes()
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8"), newline="")))
    header, body = rows[0], [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]
    return header, body, json.loads((folder / "index.json").read_text(encoding="utf-8"))


def handout_text(path: Path) -> str:
    return "\n".join(page.extract_text() or "" for page in PdfReader(path).pages)


def printed_letters(path: Path) -> list[str]:
    return LABEL.findall(handout_text(path))


def printed_pages(path: Path) -> list[int]:
    """The booklet page under each item ("booklet p. 13", "publicación, p. 13")."""
    return [int(n) for n in re.findall(r"p\.\s*(\d+)", handout_text(path))]


def identity(path: Path) -> tuple[int, int]:
    """Inode and mtime: an atomic rewrite (temporary file and rename) changes the inode."""
    stat = path.stat()
    return stat.st_ino, stat.st_mtime_ns


@dataclass(frozen=True)
class Sent:
    content: Path
    out: Path
    languages: list[str]

    def folder(self, lang: str) -> Path:
        return self.out / lang / "handouts"

    def index(self, lang: str) -> dict[str, dict[str, str]]:
        return {row["actor"]: row for row in read_index(self.folder(lang))[1]}


@pytest.fixture(scope="module")
def sent(tmp_path_factory: pytest.TempPathFactory) -> Sent:
    """The real content with a few contacts, built once with --zip, every language."""
    base = tmp_path_factory.mktemp("sending")
    content = make_content(base, actors=with_contacts)
    out = base / "out"
    result = run("--content", content, "--output", out, "--zip")
    assert result.returncode == 0, result.stderr
    report = yaml.safe_load((content / "report.yaml").read_text(encoding="utf-8"))
    return Sent(content, out, list(report["languages"]))


# -- 2. the index ---------------------------------------------------------------------------


def test_index_csv_has_exactly_the_columns_and_one_row_per_handout(sent: Sent) -> None:
    for lang in sent.languages:
        folder = sent.folder(lang)
        header, rows, as_json = read_index(folder)
        assert header == COLUMNS
        pdfs = sorted(p.name for p in folder.glob("*.pdf"))
        assert sorted(row["file"] for row in rows) == pdfs
        assert len({row["actor"] for row in rows}) == len(rows)
        assert {row["language"] for row in rows} == {lang}
        assert [row["actor"] for row in rows] == [row["actor"] for row in as_json]


def test_index_letters_and_pages_are_those_printed_in_each_handout(sent: Sent) -> None:
    for lang in sent.languages:
        for row in read_index(sent.folder(lang))[1]:
            path = sent.folder(lang) / row["file"]
            letters, pages = row["letters"].split(" "), [int(p) for p in row["pages"].split()]
            assert printed_letters(path) == letters, (lang, row["actor"])
            assert printed_pages(path) == pages, (lang, row["actor"])


def test_index_json_holds_the_same_rows_as_the_csv(sent: Sent) -> None:
    for lang in sent.languages:
        _, rows, as_json = read_index(sent.folder(lang))
        for row, entry in zip(rows, as_json, strict=True):
            assert isinstance(entry, dict)
            assert set(COLUMNS) <= set(entry)
            for key in ("actor", "name", "language", "file"):
                assert entry[key] == row[key]
            assert (entry["email"] or "") == row["email"]
            assert entry["letters"] == row["letters"].split(" ")
            assert entry["pages"] == [int(p) for p in row["pages"].split()]


def test_index_names_are_the_localized_actor_names_and_emails_the_contacts(sent: Sent) -> None:
    actors = yaml.safe_load((sent.content / "actors.yaml").read_text(encoding="utf-8"))
    names = {a["id"]: a["name"] for a in actors["actors"] + actors.get("branches", [])}
    for lang in sent.languages:
        index = sent.index(lang)
        for ident, row in index.items():
            assert row["name"] == names[ident].get(lang, names[ident]["en"])
            assert row["email"] == (CONTACTS[ident][1] if ident in CONTACTS else "")
        as_json = {e["actor"]: e for e in read_index(sent.folder(lang))[2]}
        assert as_json["pcm"]["contact"] == "Ana Pérez"
        assert as_json["ceplan"]["contact"] is None


def test_index_is_utf8_and_names_print_their_accents(sent: Sent) -> None:
    raw = (sent.folder("es") / "index.csv").read_bytes()
    assert not raw.startswith(b"\xef\xbb\xbf")
    assert "Presidencia del Consejo de Ministros" in raw.decode("utf-8")
    assert "Ana Pérez" in (sent.folder("es") / "index.json").read_text(encoding="utf-8")


# -- 3. file names --------------------------------------------------------------------------


def test_file_names_differ_between_languages_and_say_what_they_are(sent: Sent) -> None:
    seen: dict[str, str] = {}
    for lang in sent.languages:
        for ident, row in sent.index(lang).items():
            name = row["file"]
            assert re.fullmatch(rf"[a-z0-9]+(-[a-z0-9]+)*-{lang}\.pdf", name), name
            assert name not in seen, f"{name} is used by {seen[name]} and {lang}"
            seen[name] = lang
            assert name != f"{ident}.pdf"
    assert sent.index("en")["pcm"]["file"] == "prime-ministers-office-en.pdf"
    assert sent.index("es")["pcm"]["file"] == "presidencia-del-consejo-de-ministros-es.pdf"


# -- 5. nested branches ---------------------------------------------------------------------


def test_prime_ministers_office_handout_holds_all_its_units_items(sent: Sent) -> None:
    actors = yaml.safe_load((sent.content / "actors.yaml").read_text(encoding="utf-8"))
    parent = {a["id"]: a.get("branch") for a in actors["actors"] + actors.get("branches", [])}
    assert {parent[u] for u in ("sd", "sgp", "ceplan", "servir")} == {"pcm"}
    assert parent["pcm"] == "executive"
    for lang in sent.languages:
        index = sent.index(lang)
        pcm = index["pcm"]["letters"].split()
        units = [letter for unit in ("sd", "sgp", "ceplan", "servir")
                 for letter in index[unit]["letters"].split()]
        assert set(units) < set(pcm)
        assert pcm == sorted(pcm, key=lambda s: (len(s), s))   # booklet order
        executive = index["executive"]["letters"].split()
        assert set(pcm) < set(executive)
        path = sent.folder(lang) / index["pcm"]["file"]
        assert printed_letters(path) == pcm
    # the letters are the booklet's: a for the PM's Office, b-e for the secretariat, ...
    assert sent.index("en")["pcm"]["letters"] == "a b c d e f g h i j k l m"
    assert sent.index("en")["sd"]["letters"] == "b c d e"


# -- 6. /Title ------------------------------------------------------------------------------


def test_each_handout_title_names_the_report_and_the_actor(sent: Sent) -> None:
    titles = {"en": "Decentralization Process 2009", "es": "Proceso de Descentralización 2009"}
    for lang in sent.languages:
        for row in sent.index(lang).values():
            meta = PdfReader(sent.folder(lang) / row["file"]).metadata
            assert meta is not None
            assert meta.title == f"{titles[lang]} — {row['name']}"
    pcm = PdfReader(sent.folder("en") / "prime-ministers-office-en.pdf").metadata
    assert pcm is not None
    assert pcm.title == "Decentralization Process 2009 \u2014 Prime Minister\u2019s Office"


# -- 7. --zip -------------------------------------------------------------------------------


def test_zip_holds_the_handouts_and_the_index_sorted_with_fixed_times(sent: Sent) -> None:
    for lang in sent.languages:
        archive = sent.out / lang / f"handouts-{lang}.zip"
        with zipfile.ZipFile(archive) as opened:
            assert opened.testzip() is None
            names = opened.namelist()
            expected = sorted(p.name for p in sent.folder(lang).iterdir()
                              if p.suffix == ".pdf" or p.name.startswith("index."))
            assert names == sorted(names) == expected
            for info in opened.infolist():
                assert info.date_time == (1980, 1, 1, 0, 0, 0)
                assert opened.read(info) == (sent.folder(lang) / info.filename).read_bytes()
    assert not list(sent.out.rglob("*.tmp"))


def test_zip_is_byte_identical_when_rebuilt_elsewhere(sent: Sent, tmp_path: Path) -> None:
    out = tmp_path / "again"
    result = run("--content", sent.content, "--output", out, "--zip", "--lang", "es")
    assert result.returncode == 0, result.stderr
    assert (hashlib.sha256((out / "es" / "handouts-es.zip").read_bytes()).digest()
            == hashlib.sha256((sent.out / "es" / "handouts-es.zip").read_bytes()).digest())


def test_without_zip_no_archive_is_written(tmp_path: Path, sent: Sent) -> None:
    out = tmp_path / "out"
    result = run("--content", sent.content, "--output", out, "--only", "handouts",
                 "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert not list(out.rglob("*.zip"))
    assert (out / "en" / "handouts" / "index.csv").exists()


# -- 2 and 4 incremental: the index in step, only own files deleted -------------------------


def test_noop_build_rewrites_neither_index_nor_zip(sent: Sent) -> None:
    files = [sent.folder("en") / "index.csv", sent.folder("en") / "index.json",
             sent.out / "en" / "handouts-en.zip"]
    before = [identity(p) for p in files]
    result = run("--content", sent.content, "--output", sent.out, "--zip")
    assert result.returncode == 0, result.stderr
    assert [identity(p) for p in files] == before


def edit(path: Path, old: str, new: str) -> None:
    """Change a content file in place (an output folder belongs to one content folder)."""
    path.write_text(replace(old, new)(path.read_text(encoding="utf-8")), encoding="utf-8")


def test_changing_an_email_rewrites_the_index_and_not_the_handouts(
        tmp_path: Path, sent: Sent) -> None:
    content = make_content(tmp_path, base=sent.content)
    out = tmp_path / "out"
    assert run("--content", content, "--output", out, "--lang", "en").returncode == 0
    folder = out / "en" / "handouts"
    pdfs = {p.name: identity(p) for p in folder.glob("*.pdf")}
    pdfs["booklet"] = identity(out / "en" / "booklet.pdf")
    index = identity(folder / "index.csv")
    edit(content / "actors.yaml", "ana.perez@pcm.example.org", "a.perez@pcm.example.org")
    result = run("--content", content, "--output", out, "--lang", "en")
    assert result.returncode == 0, result.stderr
    after = {p.name: identity(p) for p in folder.glob("*.pdf")}
    assert {**after, "booklet": identity(out / "en" / "booklet.pdf")} == pdfs
    assert identity(folder / "index.csv") != index
    rows = {r["actor"]: r for r in read_index(folder)[1]}
    assert rows["pcm"]["email"] == "a.perez@pcm.example.org"


def test_moved_pages_rewrite_the_index_with_the_handouts_new_pages(
        tmp_path: Path, sent: Sent) -> None:
    content = make_content(tmp_path, base=sent.content)
    out = tmp_path / "out"
    assert run("--content", content, "--output", out, "--lang", "en").returncode == 0
    folder = out / "en" / "handouts"
    before, index = read_index(folder)[1], identity(folder / "index.json")
    edit(content / "agenda.yaml", "Let us see what it proposes.",
         "Let us see what it proposes. " + "A sentence that pushes the agenda down. " * 60)
    result = run("--content", content, "--output", out, "--lang", "en")
    assert result.returncode == 0, result.stderr
    after = read_index(folder)[1]
    assert identity(folder / "index.json") != index
    assert [r["letters"] for r in after] == [r["letters"] for r in before]
    moved = [(int(a["pages"].split()[0]), int(b["pages"].split()[0]))
             for a, b in zip(after, before, strict=True)]
    # every item moves down or stays (a table can fill a gap the page left), some move
    assert all(now >= then for now, then in moved)
    assert any(now > then for now, then in moved)
    for row in after:
        assert printed_pages(folder / row["file"]) == [int(p) for p in row["pages"].split()]


def test_renaming_an_actor_renames_its_file_and_removes_the_old_one(
        tmp_path: Path, sent: Sent) -> None:
    content = make_content(tmp_path, base=sent.content)
    out = tmp_path / "out"
    assert run("--content", content, "--output", out, "--lang", "en").returncode == 0
    folder = out / "en" / "handouts"
    assert (folder / "civil-society-en.pdf").exists()
    edit(content / "actors.yaml", 'en: "Civil Society"', 'en: "Civil Society Organizations"')
    result = run("--content", content, "--output", out, "--lang", "en")
    assert result.returncode == 0, result.stderr
    rows = {r["actor"]: r for r in read_index(folder)[1]}
    assert rows["civil-society"]["file"] == "civil-society-organizations-en.pdf"
    assert rows["civil-society"]["name"] == "Civil Society Organizations"
    assert (folder / "civil-society-organizations-en.pdf").exists()
    assert not (folder / "civil-society-en.pdf").exists()
    assert "en/handouts/civil-society-en.pdf: removed" in result.stdout + result.stderr


def test_cover_letter_survives_and_only_handouts_we_wrote_are_removed(
        tmp_path: Path, sent: Sent) -> None:
    content = make_content(tmp_path, base=sent.content)
    out = tmp_path / "out"
    assert run("--content", content, "--output", out, "--lang", "en").returncode == 0
    folder = out / "en" / "handouts"
    old = {r["actor"]: r["file"] for r in read_index(folder)[1]}
    letter = folder / "cover-letter.pdf"
    letter.write_bytes(b"%PDF-1.4 the coordinator's letter")
    mine = folder / "productive-en.pdf"     # looks like a handout, was not written by a build
    mine.write_bytes(b"%PDF-1.4 kept")
    # the productive sectors' ministries lose their only agenda table
    edit(content / "agenda.yaml", "actor: productive", "actor: mef")
    result = run("--content", content, "--output", out, "--lang", "en")
    assert result.returncode == 0, result.stderr
    assert letter.read_bytes() == b"%PDF-1.4 the coordinator's letter"
    assert mine.read_bytes() == b"%PDF-1.4 kept"
    assert not (folder / old["productive"]).exists()
    rows = {r["actor"]: r for r in read_index(folder)[1]}
    assert "productive" not in rows
    assert all((folder / r["file"]).exists() for r in rows.values())
    # a forced rebuild keeps them too
    assert run("--content", content, "--output", out, "--lang", "en", "--force"
               ).returncode == 0
    assert letter.exists()
    assert mine.exists()


# -- 1 and 5: contacts and branches are validated -------------------------------------------


def error_lines(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [line for line in result.stderr.splitlines() if ": error: " in line]


def test_an_email_that_is_not_one_is_an_error_at_its_line(
        tmp_path: Path, sent: Sent) -> None:
    content = make_content(tmp_path, base=sent.content, actors=replace(
        "ana.perez@pcm.example.org", "ana.perez.pcm.example.org"))
    result = run("check", "--content", content, cwd=tmp_path)
    assert result.returncode == 1
    text = (content / "actors.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, row in enumerate(text, 1) if "ana.perez.pcm" in row)
    column = text[line - 1].index('"ana.perez.pcm') + 1
    errors = error_lines(result)
    assert len(errors) == 1, result.stderr
    assert re.fullmatch(rf"content/actors\.yaml:{line}:{column}: error: "
                        r"actors\[\d+\]\.contact\.email: .*'ana\.perez\.pcm\.example\.org'.*",
                        errors[0]), errors[0]
    assert "Traceback" not in result.stderr


def test_unknown_contact_key_is_an_error_with_a_hint(tmp_path: Path, sent: Sent) -> None:
    content = make_content(tmp_path, base=sent.content, actors=replace(
        '    contact: {name: "Ana Pérez"', '    contact: {nmae: "Ana Pérez"'))
    result = run("check", "--content", content, cwd=tmp_path)
    assert result.returncode == 1
    assert re.search(r"actors\.yaml:\d+:\d+: error: actors\[\d+\]\.contact\.nmae: "
                     r"unknown key 'nmae'\n    hint: did you mean 'name'\?", result.stderr)


def test_unknown_parent_is_an_error_with_a_did_you_mean_hint(
        tmp_path: Path, sent: Sent) -> None:
    content = make_content(tmp_path, base=sent.content, actors=lambda t: t.replace(
        "branch: pcm", "branch: pcn", 1))
    result = run("check", "--content", content, cwd=tmp_path)
    assert result.returncode == 1
    assert re.search(r"content/actors\.yaml:\d+:13: error: actors\[\d+\]\.branch: "
                     r"unknown actor or branch 'pcn'\n    hint: did you mean 'pcm'\?",
                     result.stderr), result.stderr


def test_a_cycle_of_branches_is_an_error_at_its_line(tmp_path: Path, sent: Sent) -> None:
    def loop(text: str) -> str:
        return replace("  - id: pcm\n", "  - id: pcm\n    branch: sd\n")(
            re.sub(r"(  - id: pcm\n(?:    .*\n|      .*\n)*?)    branch: executive\n", r"\1",
                   text, count=1))

    content = make_content(tmp_path, base=sent.content, actors=loop)
    text = (content / "actors.yaml").read_text(encoding="utf-8").splitlines()
    line = next(i for i, row in enumerate(text, 1) if row == "    branch: sd")
    result = run("check", "--content", content, cwd=tmp_path)
    assert result.returncode == 1
    errors = error_lines(result)
    assert errors, result.stderr
    assert all("cycle" in e for e in errors), result.stderr
    assert any(e.startswith(f"content/actors.yaml:{line}:13: error: ") for e in errors), errors
    assert "pcm -> sd -> pcm" in errors[0]
    assert "Traceback" not in result.stderr


# -- names that meet, and nesting in a small report -------------------------------------------

TWO_TABLES = """id: one
title: {en: "One"}
blocks:
  - agenda:
      actor: ceplan
      items:
        - text: {en: "Plan the plan."}
  - agenda:
      actor: mef
      items:
        - text: {en: "Fund the plan."}
"""


def test_two_actors_with_one_name_get_files_named_by_their_ids(
        tiny_content: Callable[..., Path], tmp_path: Path) -> None:
    content = tiny_content(one=TWO_TABLES, actors=replace(
        '"Ministry of Economy and Finance"', '"CEPLAN"'))
    result = run("--content", content, "--output", tmp_path / "out", "--only", "handouts",
                 cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    rows = {r["actor"]: r for r in read_index(tmp_path / "out" / "en" / "handouts")[1]}
    assert rows["ceplan"]["file"] == "ceplan-ceplan-en.pdf"
    assert rows["mef"]["file"] == "ceplan-mef-en.pdf"
    assert (rows["ceplan"]["letters"], rows["mef"]["letters"]) == ("a", "b")


def test_a_unit_three_levels_down_reaches_the_top_handout(
        tiny_content: Callable[..., Path], tmp_path: Path) -> None:
    actors = """branches:
  - id: state
    name: {en: "The State"}
actors:
  - id: ceplan
    name: {en: "CEPLAN"}
    branch: mef
  - id: mef
    name: {en: "Ministry of Economy and Finance"}
    branch: top
  - id: top
    name: {en: "Top Office"}
    branch: state
"""
    content = tiny_content(one=TWO_TABLES, actors=actors)
    result = run("--content", content, "--output", tmp_path / "out", "--only", "handouts",
                 cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "out" / "en" / "handouts"
    rows = {r["actor"]: r for r in read_index(folder)[1]}
    assert [(ident, row["letters"]) for ident, row in rows.items()] == [
        ("ceplan", "a"), ("mef", "a b"), ("top", "a b"), ("state", "a b")]
    assert printed_letters(folder / rows["state"]["file"]) == ["a", "b"]


def test_booklet_keeps_the_units_intro_and_its_letters(sent: Sent) -> None:
    """Nesting is a matter of the actor model: the booklet still reads as the source does,
    the PM's Office's item a, the sentence that introduces its units, then their tables
    lettered on from b."""
    text = re.sub(r"\s+", " ", handout_text(sent.out / "en" / "booklet.pdf"))
    intro = text.index("Let\u2019s see what each specific branch of the PM\u2019s Office "
                       "should do.")
    assert text.rindex("Review and supplement the Intergovernmental", 0, intro) < intro
    after = text[intro:]
    assert after.index("Decentralization Secretariat") < after.index("b.") < after.index(
        "Public Administration Secretariat and Ministries")


def test_zip_never_packs_a_handout_damaged_on_disk(tmp_path: Path, sent: Sent) -> None:
    content = make_content(tmp_path, base=sent.content)
    out = tmp_path / "out"
    assert run("--content", content, "--output", out, "--lang", "es", "--zip").returncode == 0
    folder = out / "es" / "handouts"
    victim = folder / sent.index("es")["sd"]["file"]
    good = victim.read_bytes()
    victim.write_bytes(b"%PDF-1.4 not what the build wrote")
    result = run("--content", content, "--output", out, "--lang", "es", "--zip")
    assert result.returncode == 0, result.stderr
    assert victim.read_bytes() == good
    with zipfile.ZipFile(out / "es" / "handouts-es.zip") as opened:
        assert opened.read(victim.name) == good
