"""The translators' workflow as a translator runs it: build.py in a subprocess, gettext's own
msgfmt and msgmerge, polib for what a PO editor does, and the PDFs that come out.

Every test copies tests/fixtures/translated (a small report whose Spanish is complete and
current) into its own folder; nothing is mocked.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from helpers import FIXTURES, ROOT, page_texts
from pypdf import PdfReader

BUILD = ROOT / "build.py"
TRANSLATED = FIXTURES / "translated"
PARAGRAPH = ("The economic measures were centralist because they were adopted without seeking "
             "the consensus of those involved[^inwent].")
PARAGRAPH_ES = ("Las medidas económicas fueron centralistas porque se adoptaron sin buscar el "
                "consenso de los involucrados[^inwent].")


def tool(name: str) -> str:
    """The path of a gettext tool; the tests need the real one (apt-get install gettext)."""
    found = shutil.which(name)
    assert found, f"gettext's {name} is needed for these tests: apt-get install gettext"
    return found


def fingerprint(text: str) -> str:
    """What ``es_src`` records: 8 hex digits of the SHA-1 of the whitespace-normalised text."""
    return hashlib.sha1(" ".join(text.split()).encode("utf-8")).hexdigest()[:8]


class Project:
    """A content folder and an output folder in ``root``, and build.py run on them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.content = root / "content"
        self.out = root / "output"
        shutil.copytree(TRANSLATED, self.content)

    def run(self, *args: str | Path) -> subprocess.CompletedProcess[str]:
        """``build.py ARGS --content content --output output`` from ``root``."""
        command = [sys.executable, str(BUILD), *map(str, args),
                   "--content", "content", "--output", "output"]
        env = dict(os.environ, SOURCE_DATE_EPOCH="1291161600")  # 2010-12-01, reproducible
        return subprocess.run(command, cwd=self.root, capture_output=True, text=True,
                              encoding="utf-8", timeout=300, check=False, env=env)

    def ok(self, *args: str | Path) -> str:
        """Run build.py, require exit 0, return stderr."""
        result = self.run(*args)
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr
        return result.stderr

    def fails(self, *args: str | Path, code: int = 1) -> str:
        """Run build.py, require exit ``code`` and no traceback, return stderr."""
        result = self.run(*args)
        assert result.returncode == code, result.stderr
        assert "Traceback" not in result.stderr, result.stderr
        return result.stderr

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.content / name
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} is not in {name}; update the test"
        path.write_text(text.replace(old, new, 1), encoding="utf-8")

    def text(self, name: str) -> str:
        return (self.content / name).read_text(encoding="utf-8")

    def export(self, name: str = "es.po", *extra: str) -> Path:
        self.ok("i18n", "export", "--lang", "es", "-o", name, *extra)
        return self.root / name

    def position(self, name: str, needle: str, at: str | None = None) -> str:
        """``content/NAME:LINE:COL`` of the first line holding ``needle``; the column is where
        ``at`` (default: ``needle``) starts on that line."""
        for number, line in enumerate(self.text(name).splitlines(), 1):
            if needle in line:
                return f"content/{name}:{number}:{line.index(at or needle) + 1}"
        raise AssertionError(f"{needle!r} not in {name}")


def translate(source: Path, target: Path, changes: dict[str, str],
              keep_fuzzy: bool = False) -> Path:
    """What a PO editor does: set msgstr of the entries whose msgid is a key, clear fuzzy."""
    catalog = polib.pofile(str(source))
    for msgid, msgstr in changes.items():
        entry = next(e for e in catalog if e.msgid == msgid)
        entry.msgstr = msgstr
        if not keep_fuzzy and "fuzzy" in entry.flags:
            entry.flags.remove("fuzzy")
            entry.previous_msgid = entry.previous_msgctxt = None
    catalog.save(str(target))
    return target


def pdf_text(path: Path) -> str:
    return " ".join(" ".join(page_texts(PdfReader(path))).split())


def errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": error: " in line]


@pytest.fixture
def project(tmp_path: Path) -> Project:
    return Project(tmp_path)


# -- 1. translations cannot lose footnotes or break markup ---------------------------------------


def test_the_fixture_is_complete_and_current(project: Project) -> None:
    stderr = project.ok("check")
    assert "es: 12 translated, 0 missing, 0 stale" in stderr


def test_a_translation_that_drops_a_footnote_is_an_error_in_check_and_build(
        project: Project) -> None:
    project.edit("one.yaml", "los involucrados[^inwent].", "los involucrados.")
    where = project.position("one.yaml", "      es: >-", ">-")
    for command in (["check"], ["--lang", "es", "--only", "booklet"]):
        stderr = project.fails(*command)
        (line,) = errors(stderr)
        assert line.startswith(f"{where}: error: blocks[0].paragraph.es: "), line
        assert "[^inwent]" in line
        assert "hint:" in stderr
    assert not (project.out / "es" / "booklet.pdf").exists()


def test_a_translation_citing_another_note_or_twice_is_an_error(project: Project) -> None:
    project.edit("one.yaml", '"InWent, La Paz, 2009, p. 4.", es_src',
                 '"InWent, La Paz, 2009, p. 4[^inwent].", es_src')
    where = project.position("one.yaml", "  inwent:", '"InWent, La Paz, 2009, p. 4[')
    lines = errors(project.fails("check"))
    assert any(line.startswith(f"{where}: error: footnotes.inwent.es: ") and "[^inwent]" in line
               for line in lines), lines
    project.edit("one.yaml", "p. 4[^inwent].", "p. 4.")
    project.edit("one.yaml", "los involucrados[^inwent].", "los[^inwent] involucrados[^inwent].")
    (line,) = errors(project.fails("check"))
    assert "[^inwent]" in line
    assert "blocks[0].paragraph.es" in line


@pytest.mark.parametrize(("old", "new", "path", "marker"), [
    ('es: "El escenario *económico*"', 'es: "El **escenario *económico*"', "title.es", "**"),
    ('en: "Civil unrest grew in **every** region."',
     'en: "Civil unrest grew in **every region."', "blocks[1].paragraph.en", "**"),
    ('"Normatividad"', '"Normas (*) y reglamentos (*)"', "blocks[2].bullets[0].es", "*"),
])
def test_unbalanced_markup_is_an_error_at_its_text(project: Project, old: str, new: str,
                                                   path: str, marker: str) -> None:
    project.edit("one.yaml", old, new)
    stderr = project.fails("check")
    (line,) = errors(stderr)
    assert line.startswith(project.position("one.yaml", new, new.split(": ", 1)[-1])
                           + f": error: {path}: "), line
    assert f"'{marker}'" in line
    assert re.search(r"character \d+", line), line
    assert "\\*" in stderr  # the hint names the escape


def test_escaped_asterisks_and_angle_brackets_print_as_written(project: Project) -> None:
    project.edit("one.yaml", "Civil unrest grew in **every** region.",
                 # in a double-quoted YAML string the backslash itself is written twice
                 "Civil unrest grew in **every** region \\\\*(see 3 < 4 & 5 > 2)\\\\*.")
    project.ok("--lang", "en", "--only", "booklet")
    text = pdf_text(project.out / "en" / "booklet.pdf")
    assert "region *(see 3 < 4 & 5 > 2)*." in text


# -- 2. stable identities: PO files survive edits elsewhere, and msgmerge -----------------------


def test_a_po_exported_before_an_insertion_imports_cleanly(project: Project) -> None:
    po = translate(project.export(), project.root / "es-done.po",
                   {"That the process goes on.": "Que el proceso siga adelante."})
    project.edit("one.yaml", "blocks:\n  - paragraph:\n",
                 "blocks:\n  - paragraph: {en: \"A new opening paragraph.\"}\n  - paragraph:\n")
    project.edit("one.yaml", "  - box:\n", "  - quote: {en: \"A new pull quote.\"}\n  - box:\n")
    stderr = project.ok("i18n", "import", po)
    assert re.search(r"\bapplied 1\b", stderr), stderr
    assert re.search(r"\bskipped 0\b", stderr), stderr
    assert "Que el proceso siga adelante." in project.text("one.yaml")
    stderr = project.fails("check")
    assert "es: 12 translated, 2 missing, 0 stale" in stderr


def test_msgmerge_output_imports_with_fuzzy_entries_as_stale(project: Project) -> None:
    old = translate(project.export(), project.root / "old.po",
                    {"Regulations": "Normas"})
    project.edit("one.yaml", "Civil unrest grew in **every** region.",
                 "Civil unrest grew quickly in **every** region.")
    project.edit("one.yaml", "blocks:\n  - paragraph:\n",
                 "blocks:\n  - paragraph: {en: \"A new opening paragraph.\"}\n  - paragraph:\n")
    project.ok("i18n", "export", "--pot", "-o", "report.pot")
    merged = project.root / "merged.po"
    subprocess.run([tool("msgmerge"), "--quiet", "-o", str(merged), str(old),
                    str(project.root / "report.pot")], check=True)
    fuzzy = [e for e in polib.pofile(str(merged)) if e.fuzzy]
    assert [e.msgid for e in fuzzy] == ["Civil unrest grew quickly in **every** region."]
    stderr = project.ok("i18n", "import", merged)
    assert re.search(r"\bapplied 1\b", stderr), stderr  # Regulations -> Normas
    assert re.search(r"\bfuzzy 1\b", stderr), stderr
    text = project.text("one.yaml")
    assert "Normas" in text
    check = project.fails("check")
    assert "es: 11 translated, 1 missing, 1 stale" in check
    stale = [line for line in errors(check) if "stale" in line]
    assert len(stale) == 1
    assert "blocks[2].paragraph" in stale[0]
    # the translator reviews it in the next round: the fuzzy entry carries the old English
    again = polib.pofile(str(project.export("es2.po")))
    entry = next(e for e in again if e.msgid.startswith("Civil unrest grew quickly"))
    assert entry.fuzzy
    assert entry.msgstr == "La conflictividad social creció en **todas** las regiones."
    # and --fuzzy applies fuzzy entries as reviewed
    project.ok("i18n", "import", merged, "--fuzzy")
    assert "es: 12 translated, 1 missing, 0 stale" in project.fails("check")


def test_import_reports_unchanged_and_skipped_entries(project: Project) -> None:
    po = project.export()
    catalog = polib.pofile(str(po))
    next(e for e in catalog if e.msgid == "Regulations").msgstr = ""
    catalog.append(polib.POEntry(msgctxt="one/paragraph", msgid="A text nobody wrote.",
                                 msgstr="Un texto."))
    catalog.save(str(po))
    before = project.text("one.yaml")
    stderr = project.ok("i18n", "import", po)
    assert re.search(r"\bapplied 0\b", stderr), stderr
    assert re.search(r"\bunchanged 11\b", stderr), stderr
    assert re.search(r"\bskipped 2\b", stderr), stderr
    warning = next(line for line in stderr.splitlines() if "warning:" in line)
    assert warning.startswith("es.po:"), warning
    assert project.text("one.yaml") == before


def test_explicit_block_ids_keep_a_translation_when_its_source_changes(
        project: Project) -> None:
    project.edit("one.yaml", "  - paragraph: {en: \"Civil unrest",
                 "  - id: unrest\n    paragraph: {en: \"Civil unrest")
    project.ok("check")
    old = translate(project.export(), project.root / "old.po", {
        "Civil unrest grew in **every** region.":
            "La conflictividad creció en **todas** las regiones."})
    entry = next(e for e in polib.pofile(str(old)) if e.msgid.startswith("Civil unrest"))
    assert entry.msgctxt == "one#unrest"
    project.edit("one.yaml", "Civil unrest grew in", "Civil unrest grew fast in")
    stderr = project.ok("i18n", "import", old)
    assert re.search(r"\bfuzzy 1\b", stderr), stderr
    assert "La conflictividad creció en **todas** las regiones." in project.text("one.yaml")
    check = project.fails("check")
    assert "es: 11 translated, 0 missing, 1 stale" in check


# -- 3. what PO tools see ------------------------------------------------------------------------


def test_export_is_msgfmt_clean_with_complete_headers_and_no_settings(project: Project) -> None:
    po = project.export()
    result = subprocess.run([tool("msgfmt"), "-c", "-o", os.devnull, str(po)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    catalog = polib.pofile(str(po))
    for field in ("Project-Id-Version", "PO-Revision-Date", "Last-Translator", "Language-Team",
                  "Language", "MIME-Version", "Content-Type", "Content-Transfer-Encoding",
                  "Plural-Forms"):
        assert field in catalog.metadata, field
    assert catalog.metadata["Language"] == "es"
    assert catalog.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    assert catalog.metadata["PO-Revision-Date"].startswith("2010-12-01")
    msgids = [e.msgid for e in catalog]
    assert "en-US" not in msgids  # interface.lang_tag is a setting, not a text
    assert len(msgids) == 12
    assert po.read_bytes() == project.export("again.po").read_bytes()


def test_footnotes_and_markup_are_flagged_for_po_tools(project: Project) -> None:
    catalog = polib.pofile(str(project.export()))
    paragraph = next(e for e in catalog if e.msgid == PARAGRAPH)
    assert "[^inwent]" in paragraph.comment
    assert "python-brace-format" not in paragraph.flags
    bold = next(e for e in catalog if e.msgid.startswith("Civil unrest"))
    assert "**" in bold.comment
    assert "\\*" in bold.comment
    plain = next(e for e in catalog if e.msgid == "Regulations")
    assert "[^" not in plain.comment


def test_pot_template_has_every_text_and_no_translations(project: Project) -> None:
    stderr = project.ok("i18n", "export", "--pot", "-o", "report.pot")
    assert "report.pot" in stderr
    pot = polib.pofile(str(project.root / "report.pot"))
    assert len(pot) == 12
    assert all(entry.msgstr == "" and not entry.fuzzy for entry in pot)
    assert "Language" not in pot.metadata or pot.metadata["Language"] == ""
    assert pot.metadata["Content-Type"] == "text/plain; charset=UTF-8"
    result = subprocess.run([tool("msgfmt"), "--check-format", "-o", os.devnull,
                             str(project.root / "report.pot")],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_stale_entries_carry_the_previous_source(project: Project) -> None:
    po = translate(project.export(), project.root / "es-done.po",
                   {"Regulations": "Normas"})
    project.ok("i18n", "import", po)  # records the English each translation was made from
    project.edit("one.yaml", "Civil unrest grew in **every** region.",
                 "Civil unrest grew in **almost every** region.")
    stderr = project.ok("--lang", "es", "--only", "booklet")
    warning = next(line for line in stderr.splitlines() if "stale" in line)
    assert "warning:" in warning
    assert "1 " in warning
    assert "hint:" in stderr
    exported = project.export("es2.po")
    entry = next(e for e in polib.pofile(str(exported)) if "almost" in e.msgid)
    assert entry.fuzzy
    assert entry.previous_msgid == "Civil unrest grew in **every** region."
    assert '#| msgid "Civil unrest grew in **every** region."' in exported.read_text("utf-8")
    hint = next(line for line in project.fails("check").splitlines() if "(it was: " in line)
    assert "'Civil unrest grew in **every** region.'" in hint
    result = subprocess.run([tool("msgfmt"), "-c", "-o", os.devnull, str(exported)],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr


def test_po_import_refuses_broken_translations_at_the_po_line(project: Project) -> None:
    po = translate(project.export(), project.root / "bad.po", {
        PARAGRAPH: "Las medidas fueron centralistas.",
        "Regulations": "Normas **vigentes",
    })
    before = project.text("one.yaml")
    stderr = project.fails("i18n", "import", po)
    lines = errors(stderr)
    assert len(lines) == 2, stderr
    text = po.read_text(encoding="utf-8").splitlines()
    for line, needle in zip(lines, ('msgstr "Las medidas fueron', 'msgstr "Normas **'),
                            strict=True):
        number = next(i for i, t in enumerate(text, 1) if t.startswith(needle))
        assert line.startswith(f"bad.po:{number}:"), line
    assert "[^inwent]" in lines[0]
    assert "'**'" in lines[1]
    assert project.text("one.yaml") == before


# -- 4. languages --------------------------------------------------------------------------------


def _add_language(project: Project, tag: str) -> None:
    project.edit("report.yaml", "languages: [en, es]", f"languages: [en, es, {tag}]")


def test_quechua_builds_without_hyphenation_and_says_so_once(project: Project) -> None:
    _add_language(project, "qu")
    project.edit("one.yaml", 'title: {en: "The *economic* scenario"',
                 'title: {qu: "Qullqi *kawsay*", en: "The *economic* scenario"')
    stderr = project.ok("--lang", "qu")
    hyphenation = [line for line in stderr.splitlines()
                   if "hyphenation" in line and not line.startswith(" ")]
    assert len(hyphenation) == 1, stderr
    assert "warning:" in hyphenation[0]
    booklet = project.out / "qu" / "booklet.pdf"
    assert "Qullqi kawsay" in pdf_text(booklet)
    assert PdfReader(booklet).trailer["/Root"]["/Lang"] == "qu"
    assert list((project.out / "qu" / "handouts").glob("*.pdf"))


def test_latin_american_spanish_uses_the_spanish_dictionary(tmp_path: Path) -> None:
    project = Project(tmp_path)
    for name in ("report.yaml", "actors.yaml", "one.yaml"):
        path = project.content / name
        text = re.sub(r"\bes(_src)?:", r"es-419\1:", path.read_text(encoding="utf-8"))
        path.write_text(text.replace("languages: [en, es]", "languages: [en, es-419]"),
                        encoding="utf-8")
    project.edit("report.yaml", 'es-419: "es-PE"', 'es-419: "es-419"')
    project.edit("one.yaml", "Que el proceso continúe.",
                 "Que el proceso de descentralización administrativa continúe con la "
                 "coordinación intergubernamental y el fortalecimiento institucional.")
    stderr = project.ok("--lang", "es-419", "--only", "booklet")
    assert "hyphenation" not in stderr
    reader = PdfReader(project.out / "es-419" / "booklet.pdf")
    assert reader.trailer["/Root"]["/Lang"] == "es-419"
    # the booklet's justified text is hyphenated with the Spanish dictionary
    from layout.content.strings import words_for
    from layout.typeset.styles import make_styles

    policy = make_styles(words_for("es-419")["hyphenation"]).body.hyphenationLang
    assert policy.lang == "es"
    assert ("descentrali", "zación") in [tuple(p) for p in policy.pairs("descentralización")]


@pytest.mark.parametrize(("tag", "hint"), [("es_PE", "es-PE"), ("xx-yy-zz-123456789", "")])
def test_an_invalid_language_tag_is_an_error_with_a_hint(project: Project, tag: str,
                                                         hint: str) -> None:
    project.edit("report.yaml", "languages: [en, es]", f"languages: [en, es, {tag}]")
    stderr = project.fails("check")
    (line,) = errors(stderr)
    where = project.position("report.yaml", "languages:", tag)
    assert line.startswith(f"{where}: error: languages[2]: "), line
    assert tag in line
    if hint:
        assert hint in stderr


# -- 5. check finds what a build rejects; check --lang ------------------------------------------


def test_check_lays_out_and_finds_a_box_taller_than_a_page(project: Project) -> None:
    paragraphs = "".join(
        f"        - paragraph: {{en: \"Paragraph {i} of a box that cannot fit on one page of "
        f"the booklet at all.\", es: \"Párrafo {i}.\"}}\n" for i in range(70))
    project.edit("one.yaml", "        - paragraph: {en: \"That the process goes on.\"",
                 paragraphs + "        - paragraph: {en: \"That the process goes on.\"")
    stderr = project.fails("check", "--lang", "en")
    (line,) = errors(stderr)
    assert line.startswith(project.position("one.yaml", "  - box:", "box") + ": error: ")
    assert "page" in line
    assert not project.out.exists()


def test_check_lang_checks_only_the_named_languages(project: Project) -> None:
    _add_language(project, "qu")
    stderr = project.fails("check")
    assert "missing 'qu' translation" in stderr
    stderr = project.ok("check", "--lang", "es")
    assert "'qu'" not in stderr


# -- issue 12: hostile PO files ------------------------------------------------------------------


@pytest.mark.parametrize("char", ["\u2028", "\u0085", "\u2029"])
def test_a_line_separator_in_a_msgstr_is_refused_at_its_position(project: Project,
                                                                 char: str) -> None:
    po = project.export()
    text = po.read_text(encoding="utf-8")
    old = 'msgstr "Normatividad"'
    assert old in text
    po.write_text(text.replace(old, f'msgstr "Norma{char}tividad"'), encoding="utf-8")
    before = project.text("one.yaml")
    stderr = project.fails("i18n", "import", po)
    (line,) = errors(stderr)
    number = next(i for i, t in enumerate(text.splitlines(), 1) if t == old)
    column = len('msgstr "Norma') + 1
    assert line.startswith(f"es.po:{number}:{column}: error: "), line
    assert f"U+{ord(char):04X}" in line
    assert project.text("one.yaml") == before


def test_interface_words_from_a_po_file_print_as_written(project: Project) -> None:
    po = translate(project.export(), project.root / "es-done.po",
                   {"Contents": "Índice & <notas> *"})
    project.ok("i18n", "import", po)
    assert 'Índice & <notas> *' in project.text("report.yaml")
    project.ok("--lang", "es", "--only", "booklet")
    assert "Índice & <notas> *" in pdf_text(project.out / "es" / "booklet.pdf")


def test_a_stray_brace_in_interface_words_is_refused_at_the_po_line(project: Project) -> None:
    po = translate(project.export(), project.root / "es-done.po", {"Contents": "Índice {"})
    before = project.text("report.yaml")
    (line,) = errors(project.fails("i18n", "import", po))
    assert line.startswith("es-done.po:"), line
    assert project.text("report.yaml") == before


def test_a_huge_msgstr_is_refused_with_its_position(project: Project) -> None:
    po = translate(project.export(), project.root / "big.po",
                   {"Regulations": "palabra " * 250_000})
    stderr = project.fails("i18n", "import", po)
    (line,) = errors(stderr)
    assert line.startswith("big.po:"), line
    assert "please report" not in stderr
    assert "Normatividad" in project.text("one.yaml")


def test_a_wrong_charset_is_named_as_such(project: Project) -> None:
    po = translate(project.export(), project.root / "es-done.po", {"Regulations": "Normas"})
    data = po.read_text(encoding="utf-8").replace("charset=UTF-8", "charset=ISO-8859-1")
    po.write_text(data, encoding="utf-8")
    stderr = project.fails("i18n", "import", po)
    (line,) = errors(stderr)
    number = next(i for i, t in enumerate(data.splitlines(), 1) if "charset=" in t)
    assert line.startswith(f"es-done.po:{number}:"), line
    assert "ISO-8859-1" in line
    assert "UTF-8" in line
    assert "changed" not in line


def test_import_into_a_symlinked_section_file_edits_its_target(project: Project) -> None:
    parts = project.content / "parts"
    parts.mkdir()
    (project.content / "one.yaml").rename(parts / "one.yaml")
    (project.content / "one.yaml").symlink_to(Path("parts") / "one.yaml")
    po = translate(project.export(), project.root / "es-done.po", {"Regulations": "Normas"})
    project.ok("i18n", "import", po)
    assert (project.content / "one.yaml").is_symlink()
    assert "Normas" in (parts / "one.yaml").read_text(encoding="utf-8")


def test_debris_of_a_killed_import_is_removed_on_the_next_run(project: Project) -> None:
    debris = project.content / ".one.yaml.k3j_x9ab.tmp"
    debris.write_text("half a file", encoding="utf-8")
    mine = project.content / ".notes.tmp"
    mine.write_text("someone else's file", encoding="utf-8")
    po = translate(project.export(), project.root / "es-done.po", {"Regulations": "Normas"})
    project.ok("i18n", "import", po)
    assert not debris.exists()
    assert mine.exists()
    assert sorted(p.name for p in project.content.iterdir() if p.name.endswith(".tmp")) == [
        ".notes.tmp"]


@pytest.mark.parametrize("pot", [False, True])
def test_export_into_a_directory_writes_a_file_in_it(project: Project, pot: bool) -> None:
    folder = project.root / "po"
    folder.mkdir()
    if pot:
        project.ok("i18n", "export", "--pot", "-o", "po")
        written = list(folder.iterdir())
        assert [p.suffix for p in written] == [".pot"]
    else:
        project.ok("i18n", "export", "--lang", "es", "-o", "po")
        assert (folder / "es.po").is_file()

