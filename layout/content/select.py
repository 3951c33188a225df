"""Select: the part of the report a handout needs, and what each handout is called.

In: a validated `Report` and an actor or branch id. Out: a `Handout`, the agenda rows that
actor owns or that any unit below it owns (an actor's or branch's ``branch:`` names the unit
above it, so branches nest), still grouped under the agenda tables they come from, so each
keeps the letter and the heading it has in the booklet; and the handouts' file names in a
language. Pure; no ReportLab.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

from msgspec import Struct

from layout.content.markup import plain
from layout.content.model import (
    Actor,
    Agenda,
    AgendaRow,
    Branch,
    Contact,
    Report,
    Text,
    iter_sections,
)


class Handout(Struct, frozen=True):
    """What one actor's (or one branch's) handout holds."""

    id: str
    """The actor or branch id (``--actor``)."""
    name: Text
    groups: tuple[tuple[Agenda, tuple[AgendaRow, ...]], ...]
    """(agenda table, the rows of it addressed to this actor or its units), in booklet order."""
    contact: Contact | None = None
    """Who receives it (the index's e-mail), when actors.yaml says."""

    @property
    def rows(self) -> tuple[AgendaRow, ...]:
        """Every row of the handout, in booklet order."""
        return tuple(row for _, rows in self.groups for row in rows)


def parents(report: Report) -> dict[str, str | None]:
    """The unit directly above each actor and branch (None at the top)."""
    found: dict[str, str | None] = {branch.id: branch.branch for branch in report.branches}
    found.update({actor.id: actor.branch for actor in report.actors})
    return found


def ancestors(ident: str, parent: dict[str, str | None]) -> Iterator[str]:
    """The units above ``ident``, nearest first (validation has ruled out cycles)."""
    seen = {ident}
    above = parent.get(ident)
    while above is not None and above not in seen:
        seen.add(above)
        yield above
        above = parent.get(above)


def _owners(report: Report) -> dict[str, list[tuple[Agenda, AgendaRow]]]:
    """Every id that gets items (the row's actors and every unit above them) -> its rows."""
    parent = parents(report)
    found: dict[str, list[tuple[Agenda, AgendaRow]]] = {}
    for section in iter_sections(report.sections):
        for block in section.blocks:
            if not isinstance(block, Agenda):
                continue
            for row in block.rows:
                owners = dict.fromkeys(row.actors)
                for actor in row.actors:
                    owners.update(dict.fromkeys(ancestors(actor, parent)))
                for owner in owners:
                    found.setdefault(owner, []).append((block, row))
    return found


def handout_ids(report: Report) -> list[str]:
    """Ids that get a handout: actors that own items (themselves or through their units),
    then branches whose units do; each in the order of actors.yaml."""
    owners = _owners(report)
    return ([actor.id for actor in report.actors if actor.id in owners]
            + [branch.id for branch in report.branches if branch.id in owners])


def all_handouts(report: Report) -> dict[str, Handout]:
    """Every handout of the report at once, in one pass over the agenda (for thousands of
    actors, where one pass per actor would read the agenda once each)."""
    owners = _owners(report)
    units: dict[str, Actor | Branch] = {actor.id: actor for actor in report.actors}
    units.update({branch.id: branch for branch in report.branches})
    handouts = {}
    for ident in handout_ids(report):
        groups: dict[int, tuple[Agenda, list[AgendaRow]]] = {}
        for block, row in owners[ident]:
            groups.setdefault(id(block), (block, []))[1].append(row)
        unit = units[ident]
        handouts[ident] = Handout(ident, unit.name,
                                  tuple((block, tuple(rows)) for block, rows in groups.values()),
                                  unit.contact)
    return handouts


def units_below(report: Report, ident: str) -> set[str]:
    """``ident`` and every actor and branch below it, however deep."""
    parent = parents(report)
    return {unit for unit in parent if unit == ident or ident in ancestors(unit, parent)}


def select_for_actor(report: Report, handout_id: str) -> Handout:
    """The handout of one actor or branch (the items of it and of every unit below it);
    raise KeyError for an unknown id."""
    units: dict[str, Actor | Branch] = {actor.id: actor for actor in report.actors}
    units.update({branch.id: branch for branch in report.branches})
    unit = units[handout_id]
    members = units_below(report, handout_id)
    groups = []
    for section in iter_sections(report.sections):
        for block in section.blocks:
            if isinstance(block, Agenda):
                rows = tuple(row for row in block.rows if members & set(row.actors))
                if rows:
                    groups.append((block, rows))
    return Handout(handout_id, unit.name, tuple(groups), unit.contact)


def slug(text: str, limit: int = 64) -> str:
    """Lowercase ASCII words joined by hyphens, accents dropped, cut at a word under
    ``limit`` characters: "Prime Minister's Office" -> "prime-ministers-office"."""
    bare = unicodedata.normalize("NFKD", re.sub("['\u2019]", "", text))
    words = re.findall(r"[a-z0-9]+", bare.encode("ascii", "ignore").decode().lower())
    result = words[0] if words else "handout"
    for word in words[1:]:
        if len(result) + 1 + len(word) > limit:
            break
        result = f"{result}-{word}"
    return result


def file_names(handouts: dict[str, Handout], lang: str, source: str) -> dict[str, str]:
    """Each handout's file name in ``lang``: the slug of its name there, then the language
    ("prime-ministers-office-en.pdf"); when two slugs meet, each adds its id."""
    slugs = {ident: slug(plain(handout.name.get(lang, source)))
             for ident, handout in handouts.items()}
    counts: dict[str, int] = {}
    for value in slugs.values():
        counts[value] = counts.get(value, 0) + 1
    return {ident: (f"{value}-{lang}.pdf" if counts[value] == 1 else
                    f"{value}-{ident}-{lang}.pdf")
            for ident, value in slugs.items()}
