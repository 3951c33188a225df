"""Validate `actors.yaml`: branches, the actors that agenda items refer to, and who they are.

In: the marked tree of actors.yaml. Out: branches and actors, each with the unit it belongs to
(``branch:`` names an actor or a branch, so units nest: the secretariats are units of the
Prime Minister's Office, a unit of the Executive Branch) and an optional ``contact:`` (a
person's ``name``, an ``email`` address checked with the email-validator library). Unknown
parents (with a did-you-mean hint) and cycles are errors at their ``branch:`` line. The
checker learns the actor ids.
"""

from __future__ import annotations

import re

from msgspec import Struct

from layout.content.load import MarkedMap
from layout.content.model import Actor, Branch, Contact
from layout.content.shapes import keys_of
from layout.content.validate.checker import Checker, join_path
from layout.content.validate.texts import Scope
from layout.diagnostics import Location, did_you_mean, known_list

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class _Parent(Struct, frozen=True):
    """A unit's ``branch:`` as written: the id it names, where, under which key path."""

    ident: str
    where: Location
    path: str


def read_actors(check: Checker, node: MarkedMap) -> tuple[tuple[Branch, ...], tuple[Actor, ...]]:
    """Branches and actors, in file order; duplicates, unknown parents and cycles reported."""
    check.keys(node, "", keys_of("actors"))
    units: dict[str, Branch | Actor] = {}
    parents: dict[str, _Parent] = {}
    for kind in ("branches", "actors"):
        for item, where, path in check.items(node, kind, ""):
            if not check.mapping(item, where, path):
                continue
            check.keys(item, path, keys_of("branch" if kind == "branches" else "actor"))
            ident = check.ident(item, "id", path)
            check.scope = Scope(f"actors.yaml/{ident}", join_path(path, "name"))
            name = check.text_at(item, "name", path)
            branch = check.string(item, "branch", path) if "branch" in item else None
            contact = _contact(check, item, path)
            if ident is not None and ident in units:
                check.error(item.value_where["id"], join_path(path, "id"),
                            f"duplicate {kind[:-2] if kind == 'branches' else 'actor'} "
                            f"id '{ident}'")
            elif ident and name:
                made = Branch if kind == "branches" else Actor
                units[ident] = made(ident, name, branch, contact)
                if branch is not None:
                    parents[ident] = _Parent(branch, item.value_where["branch"],
                                             join_path(path, "branch"))
    _check_parents(check, units, parents)
    actors = tuple(unit for unit in units.values() if isinstance(unit, Actor))
    check.actor_ids = {actor.id for actor in actors}
    return tuple(u for u in units.values() if isinstance(u, Branch)), actors


def _contact(check: Checker, item: MarkedMap, path: str) -> Contact | None:
    """``contact: {name: ..., email: ...}``, both optional but not both absent."""
    if "contact" not in item:
        return None
    node, where, path = item["contact"], item.value_where["contact"], join_path(path, "contact")
    if not check.mapping(node, where, path):
        return None
    check.keys(node, path, keys_of("contact"))
    if "name" not in node and "email" not in node:
        check.error(where, path, "expected a 'name' or an 'email' (or both)",
                    'for example: contact: {name: "Ana Pérez", email: "ana@example.org"}')
        return None
    name = check.string(node, "name", path) if "name" in node else None
    if name is not None and _CONTROL.search(name):
        check.error(node.value_where["name"], join_path(path, "name"),
                    "control character in a contact name")
        name = None
    email = check.string(node, "email", path) if "email" in node else None
    if email is not None:
        problem = email_problem(email)
        if problem:
            check.error(node.value_where["email"], join_path(path, "email"),
                        f"'{email}' is not an e-mail address: {problem}",
                        "write it as name@domain, e.g. 'ana.perez@pcm.gob.pe'")
            email = None
    return Contact(" ".join(name.split()) if name else None, email)


def email_problem(address: str) -> str:
    """Why ``address`` is not an e-mail address ("" when it is one): its syntax only (no
    network look-up), as the email-validator library words it, lowercased."""
    from email_validator import EmailNotValidError, validate_email

    try:
        validate_email(address, check_deliverability=False)
    except EmailNotValidError as error:
        message = str(error).strip().rstrip(".")
        return message[:1].lower() + message[1:]
    return ""


def _check_parents(check: Checker, units: dict[str, Branch | Actor],
                   parents: dict[str, _Parent]) -> None:
    """Every ``branch:`` names a known unit, and following them never comes back."""
    for parent in parents.values():
        if parent.ident not in units:
            hint = did_you_mean(parent.ident, units) or known_list(units)
            check.error(parent.where, parent.path,
                        f"unknown actor or branch '{parent.ident}'", hint)
    order = {ident: i for i, ident in enumerate(units)}
    settled: set[str] = set()
    for start in units:
        trail: list[str] = []
        current: str | None = start
        while current is not None and current not in settled and current not in trail:
            trail.append(current)
            above = parents.get(current)
            current = above.ident if above is not None and above.ident in units else None
        if current is not None and current in trail:
            loop = trail[trail.index(current):]
            first = min(loop, key=order.__getitem__)
            turn = loop.index(first)
            shown = loop[turn:] + loop[:turn] + [first]
            check.error(parents[first].where, parents[first].path,
                        f"'branch' makes a cycle: {' -> '.join(shown)}",
                        "a unit cannot be above itself: remove one of these 'branch:' lines")
        settled.update(trail)
