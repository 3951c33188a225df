"""Schema: the declared shapes of the content files -> JSON Schema 2020-12 documents.

In: the declarations of `shapes`. Out: one JSON-able schema per kind of content file
(``report``, ``actors``, ``section``), each self-contained (its mappings under ``$defs``), for
editors (yaml-language-server) to complete and check the YAML as it is typed. Pure.
"""

from __future__ import annotations

import json
from typing import Any

from layout.content.shapes import (
    BLOCKS,
    IDENT_PATTERN,
    SECTION_FILE_EXTRA,
    SHAPES,
    TEXT_KEY_PATTERN,
    BlockKind,
    BoolKind,
    EitherKind,
    Field,
    Kind,
    ListKind,
    MapKind,
    NumberKind,
    ShapeKind,
    StringKind,
    TextKind,
)

DIALECT = "https://json-schema.org/draft/2020-12/schema"
FILES = {"report": "report.schema.json", "actors": "actors.schema.json",
         "section": "section.schema.json"}
"""Schema file name per kind of content file."""
_TITLES = {"report": "report.yaml", "actors": "actors.yaml", "section": "a section file"}


def _kind(kind: Kind, used: set[str]) -> dict[str, Any]:
    """The JSON Schema of one value kind; names the shapes it refers to in ``used``."""
    match kind:
        case TextKind():
            return {"$ref": "#/$defs/text"}
        case StringKind(pattern=pattern, choices=choices):
            if choices:
                return {"enum": list(choices)}
            found: dict[str, Any] = {"type": "string", "minLength": 1}
            return found | ({"pattern": pattern} if pattern else {})
        case BoolKind():
            return {"type": "boolean"}
        case NumberKind(minimum=low, maximum=high, above=above):
            number: dict[str, Any] = {"type": "number"}
            limits = {"minimum": low, "maximum": high, "exclusiveMinimum": above}
            return number | {key: value for key, value in limits.items() if value is not None}
        case ListKind(item=item, min_items=least, max_items=most):
            array: dict[str, Any] = {"type": "array", "items": _kind(item, used)}
            array |= {"minItems": least} if least else {}
            return array | ({"maxItems": most} if most is not None else {})
        case ShapeKind(name=name):
            used.add(name)
            return {"$ref": f"#/$defs/{name}"}
        case MapKind(value=value, key_pattern=pattern):
            free: dict[str, Any] = {"type": "object", "additionalProperties": _kind(value, used)}
            return free | ({"propertyNames": {"pattern": pattern}} if pattern else {})
        case EitherKind(options=options):
            return {"anyOf": [_kind(option, used) for option in options]}
        case BlockKind():
            used.add("block")
            return {"$ref": "#/$defs/block"}
    raise TypeError(f"no JSON Schema for {kind!r}")


def _mapping(fields: dict[str, Field], used: set[str]) -> dict[str, Any]:
    properties = {}
    for key, spec in fields.items():
        properties[key] = _kind(spec.kind, used) | {"description": spec.doc}
    found: dict[str, Any] = {"type": "object", "properties": properties,
                             "additionalProperties": False}
    required = [key for key, spec in fields.items() if spec.required]
    return found | ({"required": required} if required else {})


BLOCK_ID = {"type": "string", "pattern": IDENT_PATTERN,
            "description": "a stable id for the block's texts in PO files"}


def _block(used: set[str]) -> dict[str, Any]:
    options = []
    for kind, spec in BLOCKS.items():
        body = _kind(spec.kind, used) | {"description": spec.doc}
        options.append({"type": "object", "properties": {kind: body, "id": BLOCK_ID},
                        "required": [kind], "additionalProperties": False})
    return {"description": "a block: one key naming its kind (and an optional id)",
            "oneOf": options}


def _text() -> dict[str, Any]:
    return {"description": "a text per language, {en: \"...\", es: \"...\"}",
            "type": "object", "minProperties": 1, "propertyNames": {"pattern": TEXT_KEY_PATTERN},
            "additionalProperties": {"type": "string"}}


def _definitions(used: set[str]) -> dict[str, Any]:
    """Every shape ``root`` refers to, directly or through other shapes."""
    found: dict[str, Any] = {"text": _text()}
    todo = set(used)
    while todo:
        name = todo.pop()
        if name in found:
            continue
        more: set[str] = set()
        found[name] = _block(more) if name == "block" else _mapping(SHAPES[name], more)
        todo |= more - set(found)
    return dict(sorted(found.items()))


def build_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of content file: ``report``, ``actors`` or ``section``."""
    used: set[str] = set()
    fields = dict(SHAPES[kind], **SECTION_FILE_EXTRA) if kind == "section" else SHAPES[kind]
    root = _mapping(fields, used)
    return {"$schema": DIALECT, "$id": FILES[kind], "title": _TITLES[kind], **root,
            "$defs": _definitions(used)}


def schema_files() -> dict[str, bytes]:
    """Every schema as the bytes of its file, by file name (stable: same code, same bytes)."""
    return {FILES[kind]: (json.dumps(build_schema(kind), indent=2, ensure_ascii=False) + "\n"
                          ).encode() for kind in FILES}
