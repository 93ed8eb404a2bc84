"""What the one-entity catalog use cases share (participants, works, recordings, releases):
the "bad input found against the graph" error, the reference checks, and the before → after
of an update for its AuditEvent.

There is no delete among these use cases, on purpose: history is never deleted (DESIGN.md).
"""
from __future__ import annotations

from collections.abc import Mapping, Sequence

from neo4j import ManagedTransaction

from app.services.catalog import UnknownEntity
from app.services.db import read, run


class InvalidInput(ValueError):
    """Input that is well-formed but wrong against the graph (an unknown society, work or
    recording, overlapping memberships…); API → 422 with ``errors.json`` = ``errors``.

    ``errors`` has marshmallow's shape: field → messages, nested by list index for list
    items (``{"tracks": {0: {"recordingId": ["unknown recording REC-000009"]}}}``), so every
    problem of one request is reported at once."""

    def __init__(self, errors: dict):
        super().__init__("; ".join(_flat(errors)))
        self.errors = errors


class StateConflict(RuntimeError):
    """The request does not apply to the entity as it stands: already decided or terminated,
    still open, changed by a concurrent request…; the message says why. API → 409."""


class TransitionNotAllowed(StateConflict):
    """A status move the entity's state machine does not allow: ``what`` ("payout PAY-…") is
    ``current`` and cannot become ``requested``; ``allowed`` lists where ``transitions`` (status
    → the statuses it may move to) lets it go from ``current`` (none: it is final). API → 409
    with ``errors.status`` and ``errors.allowedTransitions``."""

    def __init__(self, what: str, current: str, requested: str, transitions: Mapping[str, Sequence[str]]):
        self.current, self.requested, self.allowed = current, requested, tuple(transitions[current])
        super().__init__(f"{what} is {current} and cannot become {requested}; allowed: "
                         f"{', '.join(self.allowed) or 'none (it is final)'}")


def ensure_transition(what: str, current: str, requested: str, transitions: Mapping[str, Sequence[str]]) -> None:
    """Raise TransitionNotAllowed unless ``transitions`` lets ``what`` move from ``current`` to
    ``requested``."""
    if requested not in transitions[current]:
        raise TransitionNotAllowed(what, current, requested, transitions)


def _flat(errors: dict, prefix: str = ""):
    for key, value in errors.items():
        path = f"{prefix}[{key}]" if isinstance(key, int) else (f"{prefix}.{key}" if prefix else str(key))
        if isinstance(value, dict):
            yield from _flat(value, path)
        else:
            yield f"{path}: {' '.join(value)}"


def add_error(errors: dict, path: tuple, message: str) -> None:
    """Add ``message`` at ``path`` (e.g. ``("tracks", 0, "recordingId")``) of an errors dict."""
    node = errors
    for key in path[:-1]:
        node = node.setdefault(key, {})
    node.setdefault(path[-1], []).append(message)


def missing_references(tx: ManagedTransaction, *, participant_ids=(), work_ids=(), recording_ids=()) -> dict[str, set[str]]:
    """Which of the referenced ids do not exist: ``{"participant": {...}, "work": {...},
    "recording": {...}}`` (empty sets when all exist). One query."""
    wanted = {"participant": set(participant_ids), "work": set(work_ids), "recording": set(recording_ids)}
    found = run(tx, "catalog/existing_ids", participantIds=sorted(wanted["participant"]),
                workIds=sorted(wanted["work"]), recordingIds=sorted(wanted["recording"]))[0]
    return {kind: ids - set(found[f"{kind}Ids"]) for kind, ids in wanted.items()}


def changes(before: dict, after: dict) -> tuple[dict, dict]:
    """The fields of ``after`` whose value differs from ``before``, as the (before, after)
    pair an update's AuditEvent stores. Both sides must be in the same (input) shape."""
    changed = [k for k, v in after.items() if before.get(k) != v]
    return {k: before.get(k) for k in changed}, {k: after[k] for k in changed}



def page_of(kind: str, skip: int, limit: int, filters: dict, **params) -> tuple[list[dict], int]:
    """A page of one kind of entity (participant, work, recording, release) and the total
    count, in one read transaction: ``catalog/list_<kind>s`` with ``filters`` picks the ids,
    ``catalog/get_<kind>s`` with ``params`` (e.g. ``asOf``) reads them. Rows as the get query
    returns them, in id order."""
    def work(tx):
        page = run(tx, f"catalog/list_{kind}s", skip=skip, limit=limit, **filters)[0]
        rows = run(tx, f"catalog/get_{kind}s", **{f"{kind}Ids": page[f"{kind}Ids"]}, **params)
        return [row[kind] for row in rows], page["total"]
    return read(work)


def get_one(tx: ManagedTransaction, kind: str, entity_id: str, **params) -> dict:
    """One entity as ``catalog/get_<kind>s`` returns it (``params`` e.g. ``asOf``), in ``tx``.
    Raises UnknownEntity when ``entity_id`` does not exist."""
    rows = run(tx, f"catalog/get_{kind}s", **{f"{kind}Ids": [entity_id]}, **params)
    if not rows:
        raise UnknownEntity(kind, entity_id)
    return rows[0][kind]
