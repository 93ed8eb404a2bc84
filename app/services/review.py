"""The review queue's actions (issue 4 item 5): a statement line whose best fuzzy title + artist
candidate scored in the review band waits in suspense (``matchMethod 'fuzzy_review'``) until a
reviewer decides:

* ``confirm`` — the candidate recording is the line's; the line is attributed to it;
* ``relink`` — another recording is (also usable on any line, to correct a wrong match);
* ``reject`` — the candidate is not the line's: the line stays in suspense, unmatched, and
  re-matching never proposes that recording for it again (``rejectedRecordingId``).

Confirm and relink set ``matchMethod 'manual'``, confidence 1.0; a publishing line is paid to the
recording's work as matching does it (``line_matching.lift_to_works``). Every decision stamps
``reviewAction``, ``reviewedBy``, ``reviewedAt`` on the event and goes through the reallocation
engine in one transaction: the money moves from suspense to the owners' accounts by a reversal
and a reallocation entry, the AuditEvent keeps before → after, and the statement's missing-money
issue is refreshed.
"""
from __future__ import annotations

import datetime as dt

from neo4j import ManagedTransaction

from app.services import statements
from app.services.catalog import UnknownEntity
from app.services.db import run, write
from app.services.entities import StateConflict, missing_references
from app.services.line_matching import LineIds, lift_to_works
from app.services.reallocation import reallocate

ACTIONS = ("confirm", "relink", "reject")
REVIEW = "fuzzy_review"


class ReviewConflict(StateConflict):
    """The action does not apply to the event as it stands (not waiting for review, or already
    linked to that recording)."""


def review(event_id: str, action: str, recording_id: str | None = None, actor: str = "api") -> dict:
    """Apply a review ``action`` (ACTIONS) to the event ``event_id``; ``recording_id`` only for
    relink. Returns the event afterwards: ``{event (properties), allocations [{accountId, kind,
    participantId, amount}] (its live allocation), entries (journal entry ids), movedMicro}``.
    Raises UnknownEntity (the statement line or the recording), ReviewConflict, ValueError (unknown action);
    nothing is written then."""
    if action not in ACTIONS:
        raise ValueError(f"unknown review action {action!r}; one of {', '.join(ACTIONS)}")

    def decide(tx: ManagedTransaction, events: list[dict]) -> dict[str, dict]:
        if not events:
            raise UnknownEntity("statement line", event_id)
        (event,) = events
        stamp = {"reviewAction": action, "reviewedBy": actor, "reviewedAt": dt.datetime.now(dt.timezone.utc)}
        if action == "relink":
            return {event_id: {**_link(tx, event, recording_id), **stamp}}
        if event.get("matchMethod") != REVIEW or not event.get("candidateRecordingId"):
            raise ReviewConflict(f"event {event_id} is not waiting for review (matchMethod "
                                 f"{event.get('matchMethod')!r}); only relink applies")
        if action == "confirm":
            return {event_id: {**_link(tx, event, event["candidateRecordingId"]), **stamp}}
        return {event_id: {"assetId": None, "recordingId": None, "matchMethod": "none", "matchConfidence": None,
                           "candidateRecordingId": None, "rejectedRecordingId": event["candidateRecordingId"],
                           **stamp}}

    def work(tx: ManagedTransaction) -> dict:
        tally = reallocate(tx, [event_id], decide, actor, f"royalty.review.{action}")
        row = run(tx, "reallocation/events", eventIds=[event_id])[0]
        statements.record_missing_money(tx, row["event"]["statementId"])
        return {"event": row["event"], "allocations": row["allocations"], "entries": tally.entries,
                "movedMicro": tally.moved_micro}

    return write(work)


def _link(tx: ManagedTransaction, event: dict, recording_id: str) -> dict:
    """The attribution fields of ``event`` linked by hand to ``recording_id``."""
    if missing_references(tx, recording_ids=[recording_id])["recording"]:
        raise UnknownEntity("recording", recording_id)
    if event.get("recordingId") == recording_id:
        raise ReviewConflict(f"event {event['eventId']} is already linked to {recording_id}")
    asset = lift_to_works(tx, [LineIds.of_event(event)], {event["eventId"]: recording_id})[event["eventId"]]
    return {"assetId": asset, "recordingId": recording_id, "matchMethod": "manual", "matchConfidence": 1.0,
            "candidateRecordingId": None}
