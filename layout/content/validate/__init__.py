"""Validate: loaded YAML trees -> a typed, frozen `Report`.

In: `RawContent` from `load`. Out: `model.Report`, or `ContentError` carrying every problem found
in one pass (unknown keys with a "did you mean", wrong types, empty or missing texts, unknown
languages, dangling actor and footnote references, duplicate ids, footnotes never cited).
Together with `load`, the only package that knows the YAML shape: `report` (`to_report`, the
whole), `checker` (shapes and texts), `blocks` (sections and blocks), `actors`, `settings`
(report-level values).
"""
