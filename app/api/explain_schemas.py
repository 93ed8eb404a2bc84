"""Marshmallow schema of GET /api/money/explain/{transactionId}: the chain behind one wallet
transaction (``app.services.explain``), with an example."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.api.schemas import Amount, PageArgs


class ExplainArgs(PageArgs):
    pageSize = fields.Integer(load_default=50, validate=validate.Range(min=1, max=500),
                              metadata={"description": "statement lines per page"})


class _Entry(Schema):
    entryId = fields.String()
    kind = fields.String()
    at = fields.DateTime()
    memo = fields.String(allow_none=True)
    idempotencyKey = fields.String()
    statementId = fields.String(allow_none=True)
    sourceId = fields.String(allow_none=True)
    postings = fields.Integer()
    balanced = fields.Boolean()


class _Account(Schema):
    accountId = fields.String()
    kind = fields.String()
    currency = fields.String()
    participantId = fields.String(allow_none=True)


class _Statement(Schema):
    statementId = fields.String()
    source = fields.String(allow_none=True)
    filename = fields.String(allow_none=True)
    status = fields.String(allow_none=True)
    currency = fields.String(allow_none=True)
    grossMicro = fields.Integer(allow_none=True)


class _Match(Schema):
    method = fields.String(allow_none=True, metadata={"description": "isrc | upc_track | iswc | fuzzy | …"})
    confidence = fields.Float(allow_none=True, metadata={"description": "0–1 (1 for exact identifiers)"})
    assetId = fields.String(allow_none=True)
    recordingId = fields.String(allow_none=True)
    candidateRecordingId = fields.String(allow_none=True)


class _Agreement(Schema):
    agreementId = fields.String()
    type = fields.String(allow_none=True)
    title = fields.String(allow_none=True)
    status = fields.String(allow_none=True)


class _AppliedEdge(Schema):
    edgeId = fields.String()
    participantId = fields.String()
    name = fields.String(allow_none=True)
    assetId = fields.String()
    rightType = fields.String()
    share = Amount(metadata={"description": "percent"})
    shareMillionths = fields.Integer()
    role = fields.String(allow_none=True)
    territories = fields.List(fields.String())
    excluded = fields.List(fields.String())
    validFrom = fields.Date()
    validTo = fields.Date(allow_none=True)
    status = fields.String(allow_none=True)
    agreement = fields.Nested(_Agreement, allow_none=True)


class _SplitArithmetic(Schema):
    grossMicro = fields.Integer()
    shareMillionths = fields.Integer()
    ownedMillionths = fields.Integer()
    divisor = fields.Integer()
    floor = fields.Integer()
    remainder = fields.Integer()
    adjustment = fields.Integer(metadata={"description": "1 when the largest-remainder step gave a micro-unit"})
    partMicro = fields.Integer()
    reproduces = fields.Boolean()
    formula = fields.String()


class _LineAllocation(Schema):
    accountId = fields.String()
    kind = fields.String()
    participantId = fields.String(allow_none=True)
    amount = Amount()
    hold = fields.String(allow_none=True, metadata={"description": "null (wallet) | dispute | recoupment"})
    disputeId = fields.String(allow_none=True)
    advanceId = fields.String(allow_none=True)


class _Line(Schema):
    eventId = fields.String()
    statementId = fields.String()
    line = fields.Integer()
    period = fields.String(allow_none=True)
    territory = fields.String(allow_none=True)
    rightType = fields.String(allow_none=True)
    usageType = fields.String(allow_none=True)
    units = fields.Integer(allow_none=True)
    gross = Amount()
    currency = fields.String()
    title = fields.String(allow_none=True)
    artist = fields.String(allow_none=True)
    isrc = fields.String(allow_none=True)
    match = fields.Nested(_Match)
    ownership = fields.List(fields.Nested(_AppliedEdge))
    split = fields.Nested(_SplitArithmetic, allow_none=True)
    allocations = fields.List(fields.Nested(_LineAllocation))
    amount = Amount(metadata={"description": "credited to this account by the line"})


class _Lines(Schema):
    total = fields.Integer()
    amount = Amount()
    skip = fields.Integer()
    limit = fields.Integer()
    items = fields.List(fields.Nested(_Line))


class _Object(Schema):
    type = fields.String(metadata={"description": "the id prefix: PAY (payout), DSP (dispute), ADV (advance)…"})
    id = fields.String()


class _AuditEvent(Schema):
    at = fields.DateTime()
    actor = fields.String()
    action = fields.String()
    before = fields.Raw(allow_none=True)
    after = fields.Raw(allow_none=True)


class ExplainOut(Schema):
    transactionId = fields.String()
    entry = fields.Nested(_Entry)
    account = fields.Nested(_Account)
    amount = Amount()
    statement = fields.Nested(_Statement, allow_none=True)
    lines = fields.Nested(_Lines, allow_none=True)
    object = fields.Nested(_Object, allow_none=True)
    auditTrail = fields.List(fields.Nested(_AuditEvent))


EXPLAIN_EXAMPLE = {
    "transactionId": "JE-000012.WAL-000001",
    "entry": {"entryId": "JE-000012", "kind": "royalty_allocation", "at": "2025-08-02T10:00:00+00:00",
              "memo": "distrokid statement july.tsv batch 0", "idempotencyKey": "statement:STM-000001:batch:0",
              "statementId": "STM-000001", "sourceId": None, "postings": 4, "balanced": True},
    "account": {"accountId": "WAL-000001", "kind": "wallet", "currency": "USD", "participantId": "PART-000001"},
    "amount": 6.0,
    "statement": {"statementId": "STM-000001", "source": "distrokid", "filename": "july.tsv", "status": "processed",
                  "currency": "USD", "grossMicro": 10000000},
    "lines": {"total": 1, "amount": 6.0, "skip": 0, "limit": 50, "items": [{
        "eventId": "STM-000001:2", "statementId": "STM-000001", "line": 2, "period": "2025-07", "territory": "GH",
        "rightType": "master", "usageType": "stream", "units": 1000, "gross": 10.0, "currency": "USD",
        "title": "Block Talk", "artist": "Big Homie Cash", "isrc": "GHA0C2500001",
        "match": {"method": "isrc", "confidence": 1.0, "assetId": "REC-000001", "recordingId": "REC-000001",
                  "candidateRecordingId": None},
        "ownership": [{"edgeId": "5:abc:17", "participantId": "PART-000001", "name": "Big Homie Cash",
                       "assetId": "REC-000001", "rightType": "master", "share": 60, "shareMillionths": 600000,
                       "role": "owner", "territories": ["WORLD"], "excluded": [], "validFrom": "2024-01-01",
                       "validTo": None, "status": "active",
                       "agreement": {"agreementId": "AGR-000001", "type": "master_split", "title": "Block Talk masters",
                                     "status": "active"}}],
        "split": {"grossMicro": 10000000, "shareMillionths": 600000, "ownedMillionths": 1000000, "divisor": 1000000,
                  "floor": 6000000, "remainder": 0, "adjustment": 0, "partMicro": 6000000, "reproduces": True,
                  "formula": "10000000 × 600000 / 1000000 = 6000000 remainder 0 → 6000000 micro-units"},
        "allocations": [{"accountId": "WAL-000001", "kind": "wallet", "participantId": "PART-000001", "amount": 6.0,
                         "hold": None, "disputeId": None, "advanceId": None}],
        "amount": 6.0}]},
    "object": None, "auditTrail": [],
}
