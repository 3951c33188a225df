"""Validate `actors.yaml`: branches and the actors that agenda items refer to.

In: the marked tree of actors.yaml. Out: branches and actors; the checker learns the actor ids.
"""

from __future__ import annotations

from layout.content.load import MarkedMap
from layout.content.model import (
    Actor,
    Branch,
)
from layout.content.validate.checker import Checker, join_path
from layout.diagnostics import did_you_mean, known_list


def read_actors(check: Checker, node: MarkedMap) -> tuple[tuple[Branch, ...], tuple[Actor, ...]]:
    """Branches and actors, in file order; duplicates and unknown branches reported."""
    check.keys(node, "", {"branches": False, "actors": True})
    branches: dict[str, Branch] = {}
    for item, where, path in check.items(node, "branches", ""):
        if check.mapping(item, where, path):
            check.keys(item, path, {"id": True, "name": True})
            ident, name = check.ident(item, "id", path), check.text_at(item, "name", path)
            if ident in branches:
                check.error(item.value_where["id"], join_path(path, "id"),
                            f"duplicate branch id '{ident}'")
            elif ident and name:
                branches[ident] = Branch(ident, name)
    actors: dict[str, Actor] = {}
    for item, where, path in check.items(node, "actors", ""):
        if not check.mapping(item, where, path):
            continue
        check.keys(item, path, {"id": True, "name": True, "branch": False})
        ident, name = check.ident(item, "id", path), check.text_at(item, "name", path)
        branch = check.string(item, "branch", path) if "branch" in item else None
        if branch is not None and branch not in branches:
            hint = did_you_mean(branch, branches) or known_list(branches)
            check.error(item.value_where["branch"], join_path(path, "branch"),
                        f"unknown branch '{branch}'", hint)
        if ident in actors or ident in branches:
            check.error(item.value_where["id"], join_path(path, "id"),
                        f"duplicate actor id '{ident}'")
        elif ident and name:
            actors[ident] = Actor(ident, name, branch)
    check.actor_ids = set(actors)
    return tuple(branches.values()), tuple(actors.values())
