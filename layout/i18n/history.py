"""Source history: the source texts that translations were made from, by fingerprint.

Beside each translation, ``<lang>_src`` keeps only the 8-hex `fingerprint` of the source
text it was made from; this file of the content folder, ``translation-sources.yaml``, keeps
the texts themselves, so that once the source changes a translator can be shown what it said
before (the PO entry's previous ``#| msgid``). In: the content folder and the report. Out:
`read_history` (fingerprint -> text; empty when the file does not exist) and
`write_history`, which records the source of every current translation and keeps only the
fingerprints the content still refers to. Written by ``i18n import`` and ``i18n stamp``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from layout.content.load import display_path, read_yaml
from layout.content.model import Report
from layout.diagnostics import ContentError, Diagnostic
from layout.files import write_atomic
from layout.i18n.coverage import fingerprint, translatable_texts

HISTORY_FILE = "translation-sources.yaml"
_FINGERPRINT = re.compile(r"^[0-9a-f]{8}$")
_HEADER = """\
# The source texts that translations were made from, by fingerprint: the value of <lang>_src
# beside a translation. Written by `build.py i18n import` and `i18n stamp`; `i18n export`
# shows translators the earlier source of a stale translation from here (#| msgid in the PO
# file). Do not edit by hand; deleting the file only loses those earlier sources.
"""


def read_history(content_dir: Path) -> dict[str, str]:
    """Fingerprint -> source text, as recorded; `ContentError` at a malformed entry."""
    path = content_dir / HISTORY_FILE
    if not path.exists():
        return {}
    tree = read_yaml(path)
    history: dict[str, str] = {}
    problems = []
    for key, value in tree.items():
        if _FINGERPRINT.match(key) and isinstance(value, str):
            history[key] = value
        else:
            problems.append(Diagnostic(
                tree.key_where[key], key, "expected an 8-hex fingerprint and the text it is "
                "the fingerprint of", f"delete the entry, or the file: {HISTORY_FILE} is "
                "written by i18n import and i18n stamp"))
    if problems:
        raise ContentError(problems)
    return history


def write_history(content_dir: Path, report: Report, earlier: dict[str, str]) -> None:
    """Record the source of every current translation of ``report`` (read after the edits),
    keep from ``earlier`` what some ``<lang>_src`` still refers to, and drop the rest."""
    source = report.source_language
    referenced: set[str] = set()
    current: dict[str, str] = {}
    for text in translatable_texts(report):
        for _lang, stamp in text.fingerprints:
            referenced.add(stamp)
            if stamp == fingerprint(text.get(source)):
                current[stamp] = text.get(source)
    kept = {stamp: value for stamp, value in {**earlier, **current}.items()
            if stamp in referenced}
    path = content_dir / HISTORY_FILE
    data = _HEADER + "".join(f"{json.dumps(stamp)}: {json.dumps(kept[stamp], ensure_ascii=False)}\n"
                             for stamp in sorted(kept))
    if path.exists() and path.read_text(encoding="utf-8") == data:
        return
    if not kept and not path.exists():
        return
    target = path.resolve() if path.is_symlink() else path
    write_atomic(target, data.encode("utf-8"),
                 target.stat().st_mode & 0o7777 if target.exists() else None)


def shown(content_dir: Path) -> str:
    """The history file's path as messages show it."""
    return display_path(content_dir / HISTORY_FILE)
