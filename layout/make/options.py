"""Build options: what to build and how, and what a build did.

In: the command line's choices. Out: a frozen `BuildOptions` that every later stage reads (each
field that changes an output is part of its key), and the `BuildOutcome` a build returns.
They are dataclasses, where the model's records are msgspec Structs: a build that finds nothing
to do (`layout.make.noop`) loads neither msgspec nor the model.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from layout.content.units import PRESS_BLEED_MM
from layout.diagnostics import Diagnostic

if TYPE_CHECKING:  # the model is not loaded by a build that finds nothing to do
    from layout.content.model import Report

KINDS = ("booklet", "press", "print", "handouts")
"""Kinds of output, in the order they are built."""


@dataclass(frozen=True)
class BuildOptions:
    """What to build and how; every field that changes an output is part of its key."""

    langs: tuple[str, ...] = ()
    """Languages to build; empty means every language of the report."""
    kinds: tuple[str, ...] = KINDS
    actors: tuple[str, ...] = ()
    """Handouts of these actors or branches only; empty means every one."""
    force: bool = False
    mark_untranslated: bool = False
    """Highlight texts printed in the source language because a translation is missing."""
    sheet: str | None = None
    """Print sheet ("A4", "Letter"); None takes the report's print settings."""
    marks: bool | None = None
    bleed_mm: float | None = None
    creep_mm: float | None = None
    workers: int | None = None
    zip: bool = False
    """Also write each language's handouts and index as one archive."""
    watch: bool = False
    """A rebuild of a running watch: the booklets are rendered in this process, one after
    the other, so that what ReportLab made of their paragraphs is remembered for the next
    rebuild (`layout.typeset.memo`); pool workers would take it with them."""


@dataclass
class BuildOutcome:
    """What a build wrote, what was already up to date, and what it warned about."""

    written: list[Path] = field(default_factory=list)
    up_to_date: list[Path] = field(default_factory=list)
    warnings: list[Diagnostic] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    """Things the user should know that are not problems (blank pages added)."""
    seconds: float = 0.0


def print_settings(report: Report, options: BuildOptions) -> dict[str, Any]:
    """The print and press editions' settings: the command line's where given, else the
    report's. The press edition's bleed is the print bleed, or 3 mm when that is 0."""
    settings = report.print_settings
    bleed = settings.bleed_mm if options.bleed_mm is None else options.bleed_mm
    return {
        "sheet": options.sheet or settings.sheet,
        "marks": settings.marks if options.marks is None else options.marks,
        "bleed_mm": bleed,
        "creep_mm": settings.creep_mm if options.creep_mm is None else options.creep_mm,
        "press_bleed_mm": bleed or PRESS_BLEED_MM,
        "output_condition": settings.output_condition,
    }
