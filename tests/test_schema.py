"""JSON Schemas of the content files: written by ``build.py schema DIR``, valid JSON Schema
2020-12, accepting every content file and fixture, rejecting what validation rejects, and the
copies the bundled content refers to are the generated ones."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml
from helpers import CONTENT, FIXTURES, ROOT

NAMES = ("report", "actors", "section")


@pytest.fixture(scope="module")
def schemas(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    target = tmp_path_factory.mktemp("schemas")
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "schema", str(target)],
                            cwd=ROOT, capture_output=True, text=True, timeout=60, check=False)
    assert result.returncode == 0, result.stderr
    found = {name: json.loads((target / f"{name}.schema.json").read_text(encoding="utf-8"))
             for name in NAMES}
    for schema in found.values():
        jsonschema.Draft202012Validator.check_schema(schema)
    return found


def content_files() -> list[tuple[str, Path]]:
    """(kind, file) of every content file of the bundled report and of each valid fixture."""
    found = []
    folders = [CONTENT, *(p.parent for p in FIXTURES.glob("*/report.yaml"))]
    for folder in folders:
        report = yaml.safe_load((folder / "report.yaml").read_text(encoding="utf-8"))
        found.append(("report", folder / "report.yaml"))
        if (folder / "actors.yaml").exists():
            found.append(("actors", folder / "actors.yaml"))
        found.extend(("section", folder / name) for name in report["sections"])
    return found


@pytest.mark.parametrize(("kind", "path"), content_files(),
                         ids=lambda v: str(v.relative_to(ROOT)) if isinstance(v, Path) else v)
def test_every_content_file_matches_its_schema(schemas: dict[str, dict[str, Any]], kind: str,
                                               path: Path) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    errors = [e.message for e in jsonschema.Draft202012Validator(schemas[kind]).iter_errors(data)]
    assert errors == []


def test_a_misspelt_key_is_rejected(schemas: dict[str, dict[str, Any]]) -> None:
    data = yaml.safe_load((CONTENT / "report.yaml").read_text(encoding="utf-8"))
    data["tittle"] = data.pop("title")
    messages = [e.message for e in
                jsonschema.Draft202012Validator(schemas["report"]).iter_errors(data)]
    assert "Additional properties are not allowed ('tittle' was unexpected)" in messages
    assert "'title' is a required property" in messages


@pytest.mark.parametrize(("kind", "data"), [
    ("section", {"id": "x", "title": {"en": "X"}, "blocks": [{"paragrph": {"en": "t"}}]}),
    ("section", {"id": "x", "title": {"en": "X"}, "blocks": [{"image": {"file": "a.png"}}]}),
    ("section", {"id": "Bad Id", "title": {"en": "X"}}),
    ("report", {"languages": ["en"], "title": {"en": "T"}, "sections": ["a.yaml"],
                "print": {"bleed": 50}}),
    ("report", {"languages": ["en"], "title": {"en": "T"}, "sections": ["a.yaml"],
                "theme": {"colors": {"primary": [100, 72, 0]}}}),
    ("actors", {"actors": [{"id": "a", "name": {"en": "A"}, "brnach": "b"}]}),
])
def test_invalid_content_is_rejected(schemas: dict[str, dict[str, Any]], kind: str,
                                     data: dict[str, Any]) -> None:
    assert not jsonschema.Draft202012Validator(schemas[kind]).is_valid(data)


def test_bundled_content_refers_to_the_generated_schemas(
        schemas: dict[str, dict[str, Any]]) -> None:
    for kind, path in content_files():
        if not path.is_relative_to(CONTENT):
            continue
        first = path.read_text(encoding="utf-8").splitlines()[0]
        assert first == f"# yaml-language-server: $schema=schemas/{kind}.schema.json"
    for kind, schema in schemas.items():
        bundled = json.loads((CONTENT / "schemas" / f"{kind}.schema.json").read_text(
            encoding="utf-8"))
        assert bundled == schema, "run: python build.py schema content/schemas"
