"""Disputes over the ownership of a work or recording (issue 3 item 7).

A dispute is ``(:Dispute)-[:ABOUT]->(:Work|:Recording)``, ``RAISED_BY`` one participant (none
when the validator opened it) and ``INVOLVES`` others. Its status moves along ``TRANSITIONS``:
open → in_review → resolved | rejected, or open → resolved | rejected directly; resolved and
rejected are final. Opening and every status change write an AuditEvent (before → after) in the
same transaction; so do the money holds of ``app.services.dispute_manager`` they trigger (opening
freezes income already credited; resolving re-allocates it by the final split, rejecting returns it).
"""
from __future__ import annotations

from dataclasses import dataclass

from neo4j import ManagedTransaction

from app.services import audit, dispute_manager
from app.services.catalog import RightTypeMismatch, UnknownEntity
from app.services.db import read, run, write
from app.services.entities import InvalidInput, ensure_transition, missing_references
from app.services.ids import reserve_ids
from app.services.split_rules import RIGHTS_OF

TRANSITIONS = {"open": ("in_review", "resolved", "rejected"), "in_review": ("resolved", "rejected"),
               "resolved": (), "rejected": ()}
STATUSES = tuple(TRANSITIONS)


@dataclass(frozen=True)
class Conflict:
    """An ownership conflict the validator found: shares of ``right_type`` on ``asset_id`` over
    100 % where ``participant_ids`` (two or more) overlap; ``reason`` says where and when;
    ``issue_id`` is the DataQualityIssue it comes from."""

    asset_id: str
    right_type: str
    participant_ids: tuple[str, ...]
    reason: str
    issue_id: str


def _create(tx: ManagedTransaction, rows: list[dict], actor: str) -> list[str]:
    """Create disputes (rows as ``disputes/create``'s, without ids) with one AuditEvent each."""
    for row, dispute_id in zip(rows, reserve_ids(tx, "dispute", len(rows))):
        row["disputeId"] = dispute_id
    created = [r["disputeId"] for r in run(tx, "disputes/create", disputes=rows)]
    audit.record_many(tx, actor, "dispute.open", [(row["disputeId"], None, {**row, "status": "open"}) for row in rows])
    dispute_manager.on_opened(tx, created, actor)  # freezes income already credited (if configured)
    return created


def open_dispute(record: dict, actor: str) -> dict:
    """Open a dispute: ``record`` ``{assetId, rightType|None, reason, raisedBy (participantId),
    involves [participantId]}``; returns it as ``get`` does. Raises ``entities.InvalidInput``
    listing every unknown asset or participant and a right type the asset cannot carry; nothing
    is written then."""
    asset = record["assetId"]
    involves = sorted(set(record.get("involves") or []) - {record["raisedBy"]})  # the raiser is a party already

    def work(tx):
        missing = missing_references(tx, participant_ids=[record["raisedBy"], *involves], work_ids=[asset],
                                     recording_ids=[asset])
        kind = next((k for k in ("work", "recording") if asset not in missing[k]), None)
        errors: dict[str, list[str]] = {}
        if kind is None:
            errors["assetId"] = [f"unknown work or recording {asset}"]
        elif record.get("rightType") and record["rightType"] not in RIGHTS_OF[kind]:
            errors["rightType"] = [str(RightTypeMismatch(record["rightType"], kind, RIGHTS_OF[kind]))]
        if record["raisedBy"] in missing["participant"]:
            errors["raisedBy"] = [f"unknown participant {record['raisedBy']}"]
        if unknown := [p for p in involves if p in missing["participant"]]:
            errors["involves"] = [f"unknown participant {p}" for p in unknown]
        if errors:
            raise InvalidInput(errors)
        return _create(tx, [{"assetId": asset, "rightType": record.get("rightType"),
                             "reason": record["reason"], "origin": "manual", "raisedBy": record["raisedBy"],
                             "involves": involves, "issueId": None}], actor)[0]
    return get(write(work))


def open_for_conflicts(tx: ManagedTransaction, conflicts: list[Conflict], actor: str) -> list[str]:
    """Open a validator dispute (origin 'validator', no raiser) for each conflict, unless an
    active one (open or in review) is already about that asset for that right type or for the
    whole asset (no right type). Returns the ids opened. Runs in the caller's transaction."""
    if not conflicts:
        return []
    covered = {(r["aboutId"], r["rightType"])
               for r in run(tx, "disputes/active_about", assetIds=sorted({c.asset_id for c in conflicts}))}
    rows = [{"assetId": c.asset_id, "rightType": c.right_type, "reason": c.reason, "origin": "validator",
             "raisedBy": None, "involves": list(c.participant_ids), "issueId": c.issue_id}
            for c in conflicts
            if (c.asset_id, c.right_type) not in covered and (c.asset_id, None) not in covered]
    return _create(tx, rows, actor) if rows else []


def _out(row: dict) -> dict:
    history = audit.decoded(row["history"])
    return {**row["dispute"], "history": history}


def get(dispute_id: str) -> dict:
    """``{disputeId, status, reason, rightType, origin, issueId, openedAt, updatedAt, closedAt,
    assetId, assetKind, raisedBy, involves, history: [{at, actor, action, before, after}]}``.
    Raises UnknownEntity."""
    rows = read(lambda tx: run(tx, "disputes/get", disputeIds=[dispute_id]))
    if not rows:
        raise UnknownEntity("dispute", dispute_id)
    return _out(rows[0])


def list_disputes(skip: int, limit: int, status: str | None = None, asset_id: str | None = None,
                  participant_id: str | None = None) -> tuple[list[dict], int]:
    """A page of disputes (ordered by id, each as ``get`` returns it) and the total, filtered by
    status, by the asset they are about and by a party (raised by or involving)."""
    def work(tx):
        page = run(tx, "disputes/list", skip=skip, limit=limit, status=status, assetId=asset_id,
                   participantId=participant_id)[0]
        return run(tx, "disputes/get", disputeIds=page["disputeIds"]), page["total"]
    rows, total = read(work)
    return [_out(r) for r in rows], total


def parties(dispute: dict) -> set[str]:
    """The participants of a dispute (``get``'s shape): who raised it and who it involves."""
    return {p for p in (dispute["raisedBy"], *dispute["involves"]) if p}


def transition(dispute_id: str, status: str, note: str | None, actor: str) -> dict:
    """Move a dispute to ``status`` (``TRANSITIONS``), writing an AuditEvent ``{status}`` →
    ``{status, note}``; returns it as ``get`` does. Raises UnknownEntity, TransitionNotAllowed
    (also for the status it already has)."""
    def work(tx):
        rows = run(tx, "disputes/lock", disputeId=dispute_id)
        if not rows:
            raise UnknownEntity("dispute", dispute_id)
        current = rows[0]["status"]
        ensure_transition(f"dispute {dispute_id}", current, status, TRANSITIONS)
        run(tx, "disputes/set_status", disputeId=dispute_id, status=status)
        audit.record(tx, actor, "dispute.status", dispute_id, before={"status": current},
                     after={"status": status, "note": note})
        if not TRANSITIONS[status]:  # closed: the held money is re-allocated or returned
            dispute_manager.on_closed(tx, dispute_id, status, actor)
    write(work)
    return get(dispute_id)


def active_disputes(asset_ids: list[str]) -> dict[str, list[dict]]:
    """Open or in-review disputes per asset: ``{assetId: [{disputeId, status, rightType,
    aboutId}]}``, only assets with at least one. A recording's list includes the disputes about
    its work (``aboutId`` tells which). For the Money Hub's 'disputed' track status."""
    out: dict[str, list[dict]] = {}
    if asset_ids:
        for row in read(lambda tx: run(tx, "disputes/active_about", assetIds=list(asset_ids))):
            out.setdefault(row.pop("assetId"), []).append(row)
    return out
