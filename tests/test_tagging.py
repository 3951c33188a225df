"""Tagged outputs pass the validators, our structure checker and the golden structure texts.

Every real output is built once per session (the `tagged` fixture) and each validator runs once
per file. The golden files under tests/golden/ hold the role and text of every text-bearing
element in tree order; `pytest --update-golden` rewrites them from the current output.
Negative tests break a good file in one way and show that the checkers notice.
"""

from __future__ import annotations

import functools
import json
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import page
import pikepdf
import pytest
import tagcheck
from conftest import TaggedOutputs
from pikepdf import Name

GOLDEN = Path(__file__).resolve().parent / "golden"
LIMITS = page.SafetyLimits(max_table_grid_rows=100_000)  # the default stops at 1,024 rows

OUTPUTS: dict[str, Callable[[TaggedOutputs], Path]] = {
    "en-booklet": lambda t: t.booklet("en"),
    "es-booklet": lambda t: t.booklet("es"),
    "en-longest-handout": lambda t: t.longest_handout("en"),
    "en-one-page-handout": lambda t: t.one_page_handout("en"),
}


@functools.cache
def _page_report(path: Path, profile: str) -> Any:
    return page.validate_pdf(str(path), profile=profile, limits=LIMITS)


def _failed_rules(path: Path, profile: str) -> list[str]:
    return sorted({f.rule_id for f in _page_report(path, profile).failures})


@pytest.mark.parametrize("name", OUTPUTS)
@pytest.mark.parametrize("profile", ["ua1", "2a"])
def test_page_validation_passes_every_rule(tagged: TaggedOutputs, name: str,
                                           profile: str) -> None:
    path = OUTPUTS[name](tagged)
    result = _page_report(path, profile)
    assert result.rules.failed == 0, _failed_rules(path, profile)
    assert result.rules.passed > 80


@pytest.mark.parametrize("name", OUTPUTS)
def test_pdfua_finds_nothing(tagged: TaggedOutputs, name: str) -> None:
    path = OUTPUTS[name](tagged)
    done = subprocess.run(["pdfua", "check", "-f", "json", str(path)], capture_output=True,
                          text=True, check=False)
    data = json.loads(done.stdout)
    findings = (data[0] if isinstance(data, list) else data)["findings"]
    assert not findings
    assert done.returncode == 0


@pytest.mark.parametrize("name", OUTPUTS)
def test_qpdf_finds_the_syntax_sound(tagged: TaggedOutputs, name: str) -> None:
    done = subprocess.run(["qpdf", "--check", str(OUTPUTS[name](tagged))], capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stdout[-2000:]


def test_every_booklet_and_handout_passes_the_structure_checker(tagged: TaggedOutputs) -> None:
    paths = [tagged.booklet(lang) for lang in tagged.report.languages]
    paths += [p for lang in tagged.report.languages for p in tagged.handouts(lang)]
    assert len(paths) > 4
    problems = {p.relative_to(tagged.out).as_posix(): tagcheck.check(p) for p in paths}
    assert {k: v for k, v in problems.items() if v} == {}


@pytest.mark.parametrize("name", ["en-booklet", "es-booklet", "en-longest-handout"])
def test_structure_text_matches_the_golden_file(tagged: TaggedOutputs, name: str,
                                                update_golden: bool) -> None:
    """The role and text of every element, in reading order: a dropped, doubled or moved
    element, or a word broken by a line-end hyphen, fails."""
    got = [list(pair) for pair in tagcheck.struct_text(OUTPUTS[name](tagged))]
    golden = GOLDEN / f"{name}.struct.json"
    if update_golden:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_text(json.dumps(got, ensure_ascii=False, indent=0) + "\n",
                          encoding="utf-8")
    want = json.loads(golden.read_text(encoding="utf-8"))
    assert len(got) == len(want)
    for index, (g, w) in enumerate(zip(got, want, strict=True)):
        assert g == w, f"element {index}"


# -- negative tests: each mutation of a good booklet must be caught -----------------------------
def _mutated(tagged: TaggedOutputs, tmp_path: Path,
             change: Callable[[pikepdf.Pdf], None]) -> Path:
    target = tmp_path / "broken.pdf"
    with pikepdf.open(tagged.booklet("en")) as pdf:
        change(pdf)
        pdf.save(target)
    return target


def _drop_alt(pdf: pikepdf.Pdf) -> None:
    del tagcheck.elements(pdf, "Figure")[0].Alt


def _skip_a_heading_level(pdf: pikepdf.Pdf) -> None:
    tagcheck.elements(pdf, "H2")[0].S = Name.H4


def _untag_the_footer(pdf: pikepdf.Pdf) -> None:
    """Delete the BDC and EMC of the first footer artifact, leaving its drawing untagged."""
    for pg in pdf.pages:
        ops = list(pikepdf.parse_content_stream(pg))
        for i, ins in enumerate(ops):
            props = ins.operands[1] if len(ins.operands) > 1 else None
            if str(ins.operator) == "BDC" and isinstance(props, pikepdf.Dictionary) \
                    and props.get("/Subtype") == Name.Footer:
                depth, j = 0, i
                for j in range(i, len(ops)):
                    depth += str(ops[j].operator) in ("BDC", "BMC")
                    depth -= str(ops[j].operator) == "EMC"
                    if depth == 0:
                        break
                kept = ops[:i] + ops[i + 1:j] + ops[j + 1:]
                pg.Contents = pdf.make_stream(pikepdf.unparse_content_stream(kept))
                return
    raise AssertionError("no footer artifact found")


@pytest.mark.parametrize(("change", "rule", "finding"), [
    (_drop_alt, "FIGURE-ALTERNATIVE-TEXT", "Figure without /Alt"),
    (_skip_a_heading_level, "HEADING-NESTING", "skips a level"),
    (_untag_the_footer, "CONTENT-TAGGING", "outside marked content"),
])
def test_checkers_catch_a_broken_booklet(tagged: TaggedOutputs, tmp_path: Path,
                                         change: Callable[[pikepdf.Pdf], None], rule: str,
                                         finding: str) -> None:
    broken = _mutated(tagged, tmp_path, change)
    report = page.validate_pdf(str(broken), profile="ua1", limits=LIMITS)
    assert any(rule in f.rule_id for f in report.failures), sorted(
        {f.rule_id for f in report.failures})
    problems = tagcheck.check(broken)
    assert any(finding in p for p in problems), problems


def test_checker_catches_what_no_validator_checks(tagged: TaggedOutputs, tmp_path: Path) -> None:
    def swap_parent_tree_entries(pdf: pikepdf.Pdf) -> None:
        nums = pdf.Root.StructTreeRoot.ParentTree.Nums
        entries = next(nums[k] for k in range(1, len(nums), 2)
                       if isinstance(nums[k], pikepdf.Array) and len(nums[k]) > 1
                       and nums[k][0].objgen != nums[k][-1].objgen)
        entries[0], entries[len(entries) - 1] = entries[len(entries) - 1], entries[0]

    def drop_a_label(pdf: pikepdf.Pdf) -> None:
        item = tagcheck.elements(pdf, "LI")[0]
        item.K = pikepdf.Array([k for k in tagcheck.kids(item)
                                if not (tagcheck.is_element(k) and Name.Lbl == k.S)])

    for change, finding in ((swap_parent_tree_entries, "the ParentTree and the tree disagree"),
                            (drop_a_label, "LI holds")):
        problems = tagcheck.check(_mutated(tagged, tmp_path, change))
        assert any(finding in p for p in problems), (change.__name__, problems)
