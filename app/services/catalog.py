"""Catalog writes: participants, works, recordings, releases, ownership slices.

One function per entity kind, each a single ``UNWIND`` query, used by the API (one row) and by
the catalog import (thousands of rows) alike. Rows use the catalog record shape of
``importers.catalog`` with references already resolved to graph ids.
"""
from __future__ import annotations

from dataclasses import dataclass

from neo4j import ManagedTransaction

from app.money.shares import percent_to_millionths
from importers.catalog import RECORDING_RIGHTS, WORK_RIGHTS
from app.services import audit, registration_gaps
from app.services.db import run, write
from app.services.ids import reserve_ids


class DuplicateIdentifier(Exception):
    """An identifier is already held by another entity (API → 409 with ``entity_id``)."""

    def __init__(self, scheme: str, value: str, entity_id: str):
        super().__init__(f"{scheme} {value} is already used by {entity_id}")
        self.scheme, self.value, self.entity_id = scheme, value, entity_id


class RightTypeMismatch(ValueError):
    """The right type cannot exist on that kind of asset (master on a work, performance on a
    recording…); API → 422 on ``rightType``."""

    def __init__(self, right_type: str, asset_kind: str, allowed: tuple[str, ...]):
        super().__init__(f"a {asset_kind} carries {', '.join(allowed)} rights, not {right_type}")
        self.right_type, self.asset_kind, self.allowed = right_type, asset_kind, allowed


class UnknownEntity(LookupError):
    """A referenced participant, work or recording does not exist (API → 404/422)."""

    def __init__(self, kind: str, entity_id: str):
        super().__init__(f"unknown {kind} {entity_id}")
        self.kind, self.entity_id = kind, entity_id


class ParticipantNotFound(UnknownEntity):
    """No participant has this id (API → 404 "unknown participant PART-…")."""

    def __init__(self, participant_id: str):
        super().__init__("participant", participant_id)


@dataclass(frozen=True)
class Upserted:
    """Result of an upsert: ``ids`` maps the row's ref (or position) to the graph id."""

    ids: dict[str, str]
    created: int
    updated: int


def identifier_holders(tx: ManagedTransaction, ids: list[tuple[str, str]]) -> dict[tuple[str, str], set[str]]:
    """Which entities hold each (scheme, value)? Only identifiers held by someone appear."""
    holders: dict[tuple[str, str], set[str]] = {}
    for row in run(tx, "rights/identifier_owners", ids=[{"scheme": s, "value": v} for s, v in ids]):
        holders.setdefault((row["scheme"], row["value"]), set()).add(row["entityId"])
    return holders


def ensure_identifiers_free(tx: ManagedTransaction, ids: list[tuple[str, str]], holder_id: str | None = None) -> None:
    """Raise DuplicateIdentifier for the first identifier already held by an entity other than
    ``holder_id`` (the entity being updated: its own identifiers are not duplicates)."""
    for (scheme, value), holders in identifier_holders(tx, ids).items():
        others = holders - {holder_id}
        if others:
            raise DuplicateIdentifier(scheme, value, sorted(others)[0])


def upsert_participants(tx: ManagedTransaction, records: list[dict], currency: str) -> Upserted:
    """Create/update participants (matched on ``ref``), each new one with a wallet in ``currency``.

    ``records``: ``{ref|None, kinds, name, legalName, country, email, identifiers: [{scheme,
    value}], payoutMethod: {type, label}|None}``; the label must already be masked, and it is
    ignored once the participant has payout methods (its default one is shown then)."""
    wallet_ids = reserve_ids(tx, "wallet", len(records))
    rows = []
    for rec, wallet_id in zip(records, wallet_ids):
        payout = rec.get("payoutMethod") or {}
        rows.append({"ref": rec.get("ref"), "walletId": wallet_id, "kinds": rec["kinds"], "name": rec["name"],
                     "legalName": rec.get("legalName"), "country": rec.get("country"), "email": rec.get("email"),
                     "payoutMethodType": payout.get("type"), "payoutMethodLabel": payout.get("label"),
                     "identifiers": [{"key": f"{i['scheme']}:{i['value']}", **i} for i in rec.get("identifiers", [])]})
    upserted = _upsert_with(tx, "rights/upsert_participants", "participant", "participantId", rows, currency=currency)
    registration_gaps.invalidate(tx, participant_ids=upserted.ids.values())  # a country sets its national PROs
    return upserted


def _upsert_with(tx, query, kind, id_field, rows, **params) -> Upserted:
    new_ids = reserve_ids(tx, kind, len(rows))
    for row, new_id in zip(rows, new_ids):
        row["newId"] = new_id
    result = run(tx, query, rows=rows, **params) if rows else []
    created = sum(1 for r in result if r["created"])
    ids = {(r["ref"] if r["ref"] is not None else str(i)): r[id_field] for i, r in enumerate(result)}
    return Upserted(ids=ids, created=created, updated=len(result) - created)


def upsert_works(tx: ManagedTransaction, records: list[dict]) -> Upserted:
    """Create/update works (matched on ``workId`` when given, else ISWC, else ``ref``): ``{ref|None,
    workId|None, title, iswc|None, alternateTitles}``."""
    rows = [{"ref": r.get("ref"), "workId": r.get("workId"), "iswc": r.get("iswc"), "title": r["title"],
             "alternateTitles": r.get("alternateTitles", [])} for r in records]
    return _upsert_with(tx, "rights/upsert_works", "work", "workId", rows)


def upsert_recordings(tx: ManagedTransaction, records: list[dict]) -> Upserted:
    """Create/update recordings (matched on ISRC, else ``ref``): ``{ref|None, title, isrc|None,
    version, durationSeconds, workId|None, performers: [{participantId, role}]}``."""
    rows = [{"ref": r.get("ref"), "isrc": r.get("isrc"), "title": r["title"], "version": r.get("version"),
             "durationSeconds": r.get("durationSeconds"), "workId": r.get("workId"),
             "performers": r.get("performers", [])} for r in records]
    upserted = _upsert_with(tx, "rights/upsert_recordings", "recording", "recordingId", rows)
    registration_gaps.invalidate(tx, asset_ids=upserted.ids.values())  # performers register with SoundExchange
    return upserted


def upsert_releases(tx: ManagedTransaction, records: list[dict]) -> Upserted:
    """Create/update releases (matched on UPC, else ``ref``): ``{ref|None, title, upc|None,
    releaseDate (date|None), territories, tracks: [{recordingId, trackNumber}]}``."""
    rows = [{"ref": r.get("ref"), "upc": r.get("upc"), "title": r["title"], "releaseDate": r.get("releaseDate"),
             "territories": r.get("territories", ["WORLD"]), "tracks": r.get("tracks", [])} for r in records]
    return _upsert_with(tx, "rights/upsert_releases", "release", "releaseId", rows)


def add_ownership(tx: ManagedTransaction, records: list[dict]) -> int:
    """Open OWNS slices; returns how many were created (identical existing slices are skipped).

    ``records``: ``{participantId, assetId, rightType, role, share (Decimal percent), territories,
    excluded, validFrom (date), validTo (date|None), agreementId|None}``.
    Raises UnknownEntity when a participant or asset id does not exist, RightTypeMismatch when
    the asset cannot carry the right type (the caller's transaction rolls back)."""
    rows = [{**{k: r.get(k) for k in ("participantId", "assetId", "rightType", "validFrom", "validTo", "agreementId")},
             "role": r.get("role") or "owner", "share": percent_to_millionths(r["share"]),
             "territories": list(r.get("territories") or ["WORLD"]), "excluded": list(r.get("excluded") or [])}
            for r in records]
    result = run(tx, "rights/add_ownership", rows=rows, workRights=list(WORK_RIGHTS),
                 recordingRights=list(RECORDING_RIGHTS)) if rows else []
    found = {(r["participantId"], r["assetId"], r["rightType"]): r for r in result}
    for row in rows:
        hit = found.get((row["participantId"], row["assetId"], row["rightType"]))
        if hit is None:
            raise UnknownEntity("work or recording", row["assetId"])
        if not hit["ownerFound"]:
            raise UnknownEntity("participant", row["participantId"])
        if not hit["rightAllowed"]:
            kind = hit["assetKind"]
            raise RightTypeMismatch(row["rightType"], kind, WORK_RIGHTS if kind == "work" else RECORDING_RIGHTS)
    registration_gaps.invalidate(tx, asset_ids=[r["assetId"] for r in rows])  # who must register changed
    return sum(1 for r in result if r["created"])


# -- one-entity use case for the API (the others: app.services.participants, works, recordings, releases)

def create_relation(record: dict, actor: str) -> bool:
    """Open one OWNS slice (``add_ownership`` record shape); False if identical one existed.
    Raises UnknownEntity."""
    def work(tx):
        created = add_ownership(tx, [record]) == 1
        if created:
            audit.record(tx, actor, "rights.relation.create", record["assetId"], after=record)
        return created
    return write(work)
