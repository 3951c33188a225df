"""Select: the part of the report a handout needs.

In: a validated `Report` and an actor or branch id. Out: a `Handout`, the agenda rows that
actor owns, still grouped under the agenda tables they come from, so each keeps the letter
and the heading it has in the booklet. Pure; no ReportLab.
"""

from __future__ import annotations

from dataclasses import dataclass

from layout.content.model import Agenda, AgendaRow, Report, Text, iter_sections


@dataclass(frozen=True)
class Handout:
    """What one actor's (or one branch's) handout holds."""

    id: str
    """The actor or branch id; also the handout's file name."""
    name: Text
    groups: tuple[tuple[Agenda, tuple[AgendaRow, ...]], ...]
    """(agenda table, the rows of it addressed to this actor), in booklet order."""

    @property
    def rows(self) -> tuple[AgendaRow, ...]:
        """Every row of the handout, in booklet order."""
        return tuple(row for _, rows in self.groups for row in rows)


def handout_ids(report: Report) -> list[str]:
    """Ids that get a handout: actors that own items, then branches whose members do."""
    owners = {actor for section in iter_sections(report.sections) for block in section.blocks
              if isinstance(block, Agenda) for row in block.rows for actor in row.actors}
    actors = [actor.id for actor in report.actors if actor.id in owners]
    branches = [branch.id for branch in report.branches
                if any(a.branch == branch.id and a.id in owners for a in report.actors)]
    return actors + branches


def select_for_actor(report: Report, handout_id: str) -> Handout:
    """The handout of an actor or a branch; raise KeyError for an unknown id."""
    actors = {actor.id: actor for actor in report.actors}
    branches = {branch.id: branch for branch in report.branches}
    if handout_id in actors:
        members, name = {handout_id}, actors[handout_id].name
    elif handout_id in branches:
        members = {a.id for a in report.actors if a.branch == handout_id}
        name = branches[handout_id].name
    else:
        raise KeyError(handout_id)
    groups = []
    for section in iter_sections(report.sections):
        for block in section.blocks:
            if isinstance(block, Agenda):
                rows = tuple(row for row in block.rows if members & set(row.actors))
                if rows:
                    groups.append((block, rows))
    return Handout(handout_id, name, tuple(groups))


def all_handouts(report: Report) -> dict[str, Handout]:
    """Every handout of the report at once, in one pass over the agenda (for thousands of
    actors, where one `select_for_actor` per actor would read the agenda once each)."""
    branch_of = {actor.id: actor.branch for actor in report.actors}
    names = {actor.id: actor.name for actor in report.actors}
    names.update({branch.id: branch.name for branch in report.branches})
    groups: dict[str, dict[int, tuple[Agenda, list[AgendaRow]]]] = {}
    for section in iter_sections(report.sections):
        for block in section.blocks:
            if not isinstance(block, Agenda):
                continue
            for row in block.rows:
                owners = dict.fromkeys(row.actors)
                owners.update(dict.fromkeys(b for a in row.actors if (b := branch_of.get(a))))
                for owner in owners:
                    entry = groups.setdefault(owner, {}).setdefault(id(block), (block, []))
                    entry[1].append(row)
    return {ident: Handout(ident, names[ident],
                           tuple((block, tuple(rows)) for block, rows in found.values()))
            for ident in handout_ids(report) if (found := groups.get(ident))}
