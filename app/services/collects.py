"""COLLECTS edges: who collects a right type for a work, or for a participant's whole repertoire,
in some territories for a time (DESIGN.md "Collection is separate from ownership").

``(:Participant|:Society)-[:COLLECTS {rightType, territories, excluded, validFrom, validTo,
feePercent, basis, agreementId, status}]->(:Work|:Participant)``. ``basis``: ``direct`` (a local
direct deal), ``admin`` (a publishing administrator), ``reciprocal`` (a society representing
another society's repertoire under a reciprocal agreement; held by a Society only).
``feePercent`` is the collector's commission, percent with up to 4 decimals, stored as a decimal
string. ``status``: active | superseded (closed by an amendment, still valid for its dates) |
suspended (not applied). Which mandate wins for a usage: ``app.services.mandates``.
"""
from __future__ import annotations

from decimal import Decimal

from marshmallow import Schema, ValidationError, fields, validate, validates, validates_schema
from neo4j import ManagedTransaction

from app.services import audit
from app.services.db import run, write
from importers.catalog import HUNDRED, RIGHT_TYPES, TERRITORY_CODE, WORK_RIGHTS
from importers.territory_codes import WORLD

BASES = ("direct", "reciprocal", "admin")
STATUSES = ("active", "superseded", "suspended")
MAX_BATCH = 10_000


class CollectsRecord(Schema):
    """One COLLECTS edge as written by ``add_collects`` and ``POST /api/rights/collects``:
    ``collectorId`` (participantId or society code), ``targetId`` (workId or participantId),
    ``territories`` (default ``[WORLD]``) / ``excluded`` territory codes, ``validFrom``
    inclusive, ``validTo`` exclusive or null, ``feePercent`` 0..100 with ≤ 4 decimals."""

    collectorId = fields.String(required=True, validate=validate.Length(min=1, max=100))
    targetId = fields.String(required=True, validate=validate.Length(min=1, max=100))
    rightType = fields.String(required=True, validate=validate.OneOf(RIGHT_TYPES))
    territories = fields.List(fields.String(validate=TERRITORY_CODE), load_default=lambda: [WORLD],
                              validate=validate.Length(min=1))
    excluded = fields.List(fields.String(validate=TERRITORY_CODE), load_default=list)
    validFrom = fields.Date(required=True)
    validTo = fields.Date(load_default=None, allow_none=True)
    feePercent = fields.Decimal(load_default=None, allow_none=True, places=None)
    basis = fields.String(required=True, validate=validate.OneOf(BASES))
    agreementId = fields.String(load_default=None, allow_none=True)
    status = fields.String(load_default="active", validate=validate.OneOf(STATUSES))

    @validates("feePercent")
    def _fee(self, value, **_):
        if value is not None and not (0 <= value <= HUNDRED and value == value.quantize(Decimal("0.0001"))):
            raise ValidationError("feePercent must be 0..100 percent with at most 4 decimals")

    @validates_schema(skip_on_field_errors=False)  # report a bad period beside other field errors
    def _period(self, data, **_):
        if data.get("validTo") is not None and data.get("validFrom") and data["validTo"] <= data["validFrom"]:
            raise ValidationError({"validTo": ["validTo must be after validFrom (it is exclusive)"]})


class InvalidCollects(ValueError):
    """Some COLLECTS rows are invalid; ``errors`` = ``{row index: {field: [messages]}}``, every
    problem of every row (API → 422 under ``errors.json.items``)."""

    def __init__(self, errors: dict[int, dict[str, list[str]]]):
        super().__init__(f"{len(errors)} invalid COLLECTS row(s)")
        self.errors = errors


def _reference_problems(row: dict, kinds: dict[str, dict]) -> dict[str, list[str]]:
    """What is wrong with a row's references, given ``kinds[id] = {participant, society, work}``."""
    collector, target = kinds.get(row.get("collectorId")), kinds.get(row.get("targetId"))
    problems: dict[str, list[str]] = {}
    if collector is not None and not (collector["participant"] or collector["society"]):
        problems["collectorId"] = [f"unknown participant or society {row['collectorId']!r}"]
    if target is not None and not (target["work"] or target["participant"]):
        problems["targetId"] = [f"unknown work or participant {row['targetId']!r}"]
    elif target is not None and target["work"] and row.get("rightType") in set(RIGHT_TYPES) - set(WORK_RIGHTS):
        problems["rightType"] = ["a work carries publishing rights (performance, mechanical, sync)"]
    if row.get("collectorId") == row.get("targetId") and collector is not None:
        problems.setdefault("targetId", []).append("a participant does not hold a mandate over itself")
    if row.get("basis") == "reciprocal" and collector is not None and collector["participant"] and not collector["society"]:
        problems["basis"] = [f"a reciprocal mandate is held by a society; {row['collectorId']} is not one"]
    return problems


def _stored(record: dict) -> dict:
    fee = record["feePercent"]
    return {**record, "feePercent": None if fee is None else format(fee.normalize(), "f")}


def _identity(record: dict) -> tuple:
    return (record["collectorId"], record["targetId"], record["rightType"], record["basis"],
            tuple(record["territories"]), tuple(record["excluded"]), record["validFrom"], record["validTo"])


def add_collects(tx: ManagedTransaction, rows: list[dict], actor: str) -> list[dict]:
    """Validate and open COLLECTS edges in ``tx``, one AuditEvent per created edge (action
    ``rights.collects.create``, entity = the target). ``rows``: ``CollectsRecord`` shape, dates
    as ``datetime.date`` or ISO strings, ``feePercent`` Decimal, string or number.

    Returns the loaded rows in order, each with ``created`` (False when an identical edge
    already existed, or repeats an earlier row). Raises InvalidCollects listing every problem
    (field rules, unknown collector or target, a right type a work cannot carry, a reciprocal
    mandate not held by a society) before anything is written."""
    schema = CollectsRecord()
    records: list[dict | None] = []
    errors: dict[int, dict[str, list[str]]] = {}
    for i, row in enumerate(rows):
        try:
            records.append(schema.load(row))
        except ValidationError as exc:
            records.append(None)
            errors[i] = dict(exc.messages)
    ids = sorted({v for row in rows if isinstance(row, dict) for v in (row.get("collectorId"), row.get("targetId"))
                  if isinstance(v, str)})
    kinds = {r["id"]: r for r in run(tx, "rights/collects_refs", ids=ids)}
    for i, row in enumerate(rows):
        problems = _reference_problems(row, kinds) if isinstance(row, dict) else {}
        for name, messages in problems.items():
            errors.setdefault(i, {}).setdefault(name, []).extend(messages)
    if errors:
        raise InvalidCollects(errors)
    first_of: dict[tuple, int] = {}
    fresh = [{**_stored(r), "index": i} for i, r in enumerate(records) if first_of.setdefault(_identity(r), i) == i]
    created = {r["index"] for r in run(tx, "rights/collects_add", rows=fresh)} if fresh else set()
    audit.record_many(tx, actor, "rights.collects.create",
                      [(records[i]["targetId"], None, _stored(records[i])) for i in sorted(created)])
    return [{**r, "created": i in created} for i, r in enumerate(records)]


def create_collects(rows: list[dict], actor: str) -> list[dict]:
    """``add_collects`` in one write transaction (nothing is written when a row is invalid)."""
    return write(add_collects, rows, actor)
