"""Whole splits of an asset's right type, written from an effective date.

A split is the complete list of owners of one right type of one work or recording from a date
on. Writing it validates everything first (``app.services.split_rules``: every problem in one
InvalidInput, nothing written), then, in one transaction, supersedes every slice of that right
type that applies on or after the date (never deleted: closed at the date, or left empty when
it started later — see ``cypher/rights/splits/supersede.cypher``), opens the new slices with
``app.services.catalog.add_ownership`` and writes an AuditEvent. The new split replaces the
whole future of that right type: a slice scheduled after the date is superseded too.
"""
from __future__ import annotations

import datetime as dt

from neo4j import ManagedTransaction

from app.money.shares import millionths_to_percent
from app.services import audit, registration_gaps
from app.services.catalog import UnknownEntity, add_ownership
from app.services.db import read, run, write
from app.services.split_rules import (
    Problems,
    References,
    check_asset,
    check_owners,
    load_references,
    territory_codes,
)


def slices(tx: ManagedTransaction, asset_id: str, right_type: str, date: dt.date, at_date: bool = True) -> list[dict]:
    """OWNS slices of (asset, right type) valid at ``date`` (or, ``at_date`` False, applying on
    or after it): ``{participantId, role, share (Decimal percent), territories, excluded,
    validFrom, validTo, agreementId, status}``."""
    rows = run(tx, "rights/splits/slices", assetId=asset_id, rightType=right_type, date=date, atDate=at_date)
    return [{**r, "share": millionths_to_percent(r["share"])} for r in rows]


def validate_split(tx: ManagedTransaction, asset_id: str, right_type: str, effective_from: dt.date,
                   owners: list[dict]) -> list[dict]:
    """Check a proposed split; return its slices as ``add_ownership`` records.

    ``owners``: ``[{participantId, share (Decimal percent), role, territories, excluded,
    validFrom|None, validTo|None}]``. Raises entities.InvalidInput listing every problem
    (under ``assetId``, ``rightType``, ``owners`` (its ``_schema`` for rules on the whole
    split) and ``owners.<i>.<field>``)."""
    refs = load_references(tx, [o["participantId"] for o in owners], [asset_id], territory_codes(owners))
    problems = Problems()
    check_asset(refs, asset_id, right_type, problems)
    if not owners:
        problems.add(("owners",), "a split needs at least one owner")
    check_owners(refs, right_type, effective_from, [(("owners", i), o) for i, o in enumerate(owners)],
                 problems, ("owners",))
    problems.raise_if_any()
    return [ownership_record(asset_id, right_type, effective_from, o) for o in owners]


def ownership_record(asset_id: str, right_type: str, effective_from: dt.date, owner: dict,
                     agreement_id: str | None = None) -> dict:
    """An owner row of a split as an ``add_ownership`` record (validFrom defaults to the split's date)."""
    return {"participantId": owner["participantId"], "assetId": asset_id, "rightType": right_type,
            "role": owner.get("role") or "owner", "share": owner["share"],
            "territories": list(owner.get("territories") or ["WORLD"]), "excluded": list(owner.get("excluded") or []),
            "validFrom": owner.get("validFrom") or effective_from, "validTo": owner.get("validTo"),
            "agreementId": agreement_id}


def write_splits(tx: ManagedTransaction, splits: list[dict], records: list[dict]) -> list[dict]:
    """Supersede the slices of each ``{assetId, rightType, effectiveFrom}`` from its date, then
    open ``records`` (already validated). Returns the superseded slices as they were (shares
    in millionths). No audit: the caller records one for its use case."""
    closed = run(tx, "rights/splits/supersede", splits=splits) if splits else []
    add_ownership(tx, records)
    registration_gaps.invalidate(tx, asset_ids=[s["assetId"] for s in splits])  # slices ended with no successor
    return closed


def replace_split(tx: ManagedTransaction, asset_id: str, right_type: str, effective_from: dt.date,
                  owners: list[dict], actor: str, cause: str | None = None) -> dict:
    """Validate and write a whole split in ``tx`` with its AuditEvent (``rights.split.replace``;
    ``cause`` e.g. the change request that led to it). Returns ``{assetId, rightType,
    effectiveFrom, owners: [records], superseded: [slices as they were]}``.
    Raises entities.InvalidInput."""
    records = validate_split(tx, asset_id, right_type, effective_from, owners)
    closed = write_splits(tx, [{"assetId": asset_id, "rightType": right_type, "effectiveFrom": effective_from}],
                          records)
    superseded = [{**c, "share": millionths_to_percent(c["share"])} for c in closed]
    after = {"rightType": right_type, "effectiveFrom": effective_from, "owners": records, "cause": cause}
    audit.record(tx, actor, "rights.split.replace", asset_id, before=superseded, after=after)
    return {"assetId": asset_id, "rightType": right_type, "effectiveFrom": effective_from, "owners": records,
            "superseded": superseded}


def _require_asset(tx: ManagedTransaction, asset_id: str) -> References:
    refs = load_references(tx, [], [asset_id], [])
    if asset_id not in refs.asset_kinds:
        raise UnknownEntity("work or recording", asset_id)
    return refs


def put_split(asset_id: str, right_type: str, effective_from: dt.date, owners: list[dict], actor: str) -> dict:
    """``replace_split`` of the work or recording ``asset_id`` in its own write transaction.
    Raises catalog.UnknownEntity (no such asset), entities.InvalidInput."""
    def work(tx):
        _require_asset(tx, asset_id)
        return replace_split(tx, asset_id, right_type, effective_from, owners, actor)
    return write(work)


def split_at(asset_id: str, right_type: str, as_of: dt.date) -> dict:
    """``{assetId, rightType, asOf, owners: slices valid at as_of}``. Raises
    catalog.UnknownEntity (no such asset), entities.InvalidInput (a right type its kind does
    not carry)."""
    def work(tx):
        problems = Problems()
        check_asset(_require_asset(tx, asset_id), asset_id, right_type, problems)
        problems.raise_if_any()
        return slices(tx, asset_id, right_type, as_of)
    return {"assetId": asset_id, "rightType": right_type, "asOf": as_of, "owners": read(work)}
