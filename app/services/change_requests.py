"""Split change requests (issue 3 item 7): a proposed whole split of an asset's right type from
an effective date, applied only once every affected party approved it.

* Creating one validates the proposal exactly as a split write does (``splits.validate_split``:
  every problem in one InvalidInput, nothing written). Its affected parties are the owners the
  change would supersede (slices applying on or after the date) ∪ the proposed owners; each
  gets a pending decision (``(:SplitChangeRequest)-[:AFFECTS {decision}]->(:Participant)``).
  A participant who proposes it approves it by doing so.
* A party approves or rejects. Any rejection → ``rejected``. The last approval applies the
  split (``splits.replace_split``, same transaction) → ``applied``; if owners appeared on the
  asset since the request was made, they are added as pending parties instead, so nobody's
  share changes without their approval.
* Every transition writes an AuditEvent (``split.change_request.create | approve | reject |
  parties_added | apply``) in its transaction.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import simplejson
from neo4j import ManagedTransaction

from app.services import audit, splits
from app.services.catalog import UnknownEntity
from app.services.db import read, run, write
from app.services.entities import StateConflict
from app.services.ids import reserve_ids

STATUSES = ("pending", "rejected", "applied")
DECISIONS = ("approved", "rejected")


class RequestClosed(StateConflict):
    """The request is no longer pending (already rejected or applied); API → 409."""


class NotAParty(PermissionError):
    """The participant is not among the request's affected parties."""

    def __init__(self, participant_id: str, request_id: str | None = None):
        where = f"change request {request_id}" if request_id else "this split change"
        super().__init__(f"{participant_id} is not an affected party of {where}")
        self.participant_id = participant_id


class AlreadyDecided(StateConflict):
    """This party has already approved or rejected the request; API → 409."""


def _proposal_json(owners: list[dict]) -> str:
    return simplejson.dumps(owners, use_decimal=True, default=dt.date.isoformat)


def _proposal_owners(text: str) -> list[dict]:
    owners = simplejson.loads(text, use_decimal=True)
    for owner in owners:
        owner["share"] = Decimal(owner["share"])  # a whole percent reads back as an int
        for key in ("validFrom", "validTo"):
            if owner.get(key):
                owner[key] = dt.date.fromisoformat(owner[key])
    return owners


def _out(request: dict) -> dict:
    request = dict(request)
    request["owners"] = _proposal_owners(request.pop("proposal"))
    return request


def _load(tx: ManagedTransaction, request_id: str) -> dict:
    rows = run(tx, "rights/splits/get_change_requests", requestIds=[request_id])
    if not rows:
        raise UnknownEntity("split change request", request_id)
    return rows[0]["request"]


def create_request(asset_id: str, right_type: str, effective_from: dt.date, owners: list[dict],
                   reason: str | None, actor: str, proposer: str | None = None) -> dict:
    """Record a pending change request; returns it as ``get_request`` does.

    ``owners`` as for ``splits.validate_split``; ``proposer``: the participantId of a
    participant making the request (counted as its approval). Raises
    entities.InvalidInput, NotAParty (the proposer is not affected by the change)."""
    def work(tx):
        splits.validate_split(tx, asset_id, right_type, effective_from, owners)
        current = splits.slices(tx, asset_id, right_type, effective_from, at_date=False)
        parties = sorted({s["participantId"] for s in current} | {o["participantId"] for o in owners})
        if proposer is not None and proposer not in parties:
            raise NotAParty(proposer)
        request_id = reserve_ids(tx, "change_request", 1)[0]
        request = {"requestId": request_id, "assetId": asset_id, "rightType": right_type,
                   "effectiveFrom": effective_from, "proposal": _proposal_json(owners), "reason": reason,
                   "requestedBy": actor}
        run(tx, "rights/splits/create_change_request", request=request, parties=parties)
        audit.record(tx, actor, "split.change_request.create", request_id,
                     after={**request, "proposal": owners, "parties": parties})
        if proposer is not None:
            _decide(tx, _load(tx, request_id), proposer, "approved", actor, "proposed the change")
        return _out(_load(tx, request_id))
    return write(work)


def decide(request_id: str, participant_id: str, decision: str, actor: str, note: str | None = None) -> dict:
    """Record ``participant_id``'s decision (``approved`` | ``rejected``); returns the request
    after it (``applied`` when that was the last approval, ``rejected`` on a rejection).
    Raises UnknownEntity, RequestClosed, NotAParty, AlreadyDecided, and
    entities.InvalidInput when the approved split no longer validates (nothing written)."""
    def work(tx):
        run(tx, "rights/splits/lock_change_request", requestId=request_id)
        _decide(tx, _load(tx, request_id), participant_id, decision, actor, note)
        return _out(_load(tx, request_id))
    return write(work)


def _decide(tx: ManagedTransaction, request: dict, participant_id: str, decision: str, actor: str,
            note: str | None) -> None:
    request_id = request["requestId"]
    if request["status"] != "pending":
        raise RequestClosed(f"change request {request_id} is {request['status']}, not pending")
    party = next((p for p in request["parties"] if p["participantId"] == participant_id), None)
    if party is None:
        raise NotAParty(participant_id, request_id)
    if party["decision"] != "pending":
        raise AlreadyDecided(f"{participant_id} already {party['decision']} change request {request_id}")
    run(tx, "rights/splits/decide_change_request", requestId=request_id, participantId=participant_id,
        decision=decision, decidedBy=actor, note=note)
    before = {"status": "pending", "participantId": participant_id, "decision": "pending"}
    after = {"participantId": participant_id, "decision": decision, "note": note}
    if decision == "rejected":
        run(tx, "rights/splits/set_change_request_status", requestId=request_id, status="rejected")
        audit.record(tx, actor, "split.change_request.reject", request_id, before=before,
                     after={**after, "status": "rejected"})
        return
    audit.record(tx, actor, "split.change_request.approve", request_id, before=before,
                 after={**after, "status": "pending"})
    if all(p["decision"] == "approved" for p in request["parties"] if p["participantId"] != participant_id):
        _apply(tx, request, actor)


def _apply(tx: ManagedTransaction, request: dict, actor: str) -> None:
    request_id, asset_id, right_type = request["requestId"], request["assetId"], request["rightType"]
    owners = _proposal_owners(request["proposal"])
    current = splits.slices(tx, asset_id, right_type, request["effectiveFrom"], at_date=False)
    unasked = sorted({s["participantId"] for s in current} - {p["participantId"] for p in request["parties"]})
    if unasked:
        run(tx, "rights/splits/add_change_request_parties", requestId=request_id, parties=unasked)
        audit.record(tx, actor, "split.change_request.parties_added", request_id,
                     after={"parties": unasked, "why": "they own the asset's right since the request was made"})
        return
    splits.replace_split(tx, asset_id, right_type, request["effectiveFrom"], owners, actor, cause=request_id)
    run(tx, "rights/splits/set_change_request_status", requestId=request_id, status="applied")
    audit.record(tx, actor, "split.change_request.apply", request_id, before={"status": "pending"},
                 after={"status": "applied"})


def get_request(request_id: str) -> dict:
    """``{requestId, assetId, rightType, effectiveFrom, status, owners, reason, requestedBy,
    createdAt, closedAt, parties: [{participantId, decision, decidedAt, decidedBy, note}]}``.
    Raises UnknownEntity."""
    return _out(read(_load, request_id))


def list_requests(skip: int, limit: int, asset_id: str | None = None, status: str | None = None,
                  participant_id: str | None = None) -> tuple[list[dict], int]:
    """A page of requests (newest first) filtered by asset, status and affected participant; and the total."""
    def work(tx):
        page = run(tx, "rights/splits/list_change_requests", skip=skip, limit=limit, assetId=asset_id,
                   status=status, participantId=participant_id)[0]
        return run(tx, "rights/splits/get_change_requests", requestIds=page["requestIds"]), page["total"]
    rows, total = read(work)
    return [_out(r["request"]) for r in rows], total
