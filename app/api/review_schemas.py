"""Schemas of the reallocation endpoints: review queue actions, statement reprocessing and
suspense re-matching (``app.services.review``, ``app.services.reprocessing``). An event's amounts
are exact JSON numbers in currency units; a run's totals integers of micro-units (``…Micro``)."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.api.schemas import Amount
from app.services.review import ACTIONS


class ReviewActionIn(Schema):
    """POST /api/royalties/review/{eventId}: ``confirm`` (the candidate), ``relink`` (to
    ``recordingId``) or ``reject`` (the line stays in suspense, unmatched)."""

    action = fields.String(required=True, validate=validate.OneOf(ACTIONS))
    recordingId = fields.String(load_default=None, metadata={"description": "the recording to relink to (relink only)"})

    @validates_schema
    def _recording_for_relink(self, data, **_kwargs):
        if data.get("action") == "relink" and not data.get("recordingId"):
            raise ValidationError("required to relink", "recordingId")
        if data.get("action") in ("confirm", "reject") and data.get("recordingId"):
            raise ValidationError(f"only for relink ({data['action']} acts on the candidate)", "recordingId")


class LiveAllocationOut(Schema):
    accountId = fields.String()
    kind = fields.String(metadata={"description": "wallet, frozen, advance_receivable, suspense…"})
    participantId = fields.String(allow_none=True)
    amount = Amount()


class ReviewResultOut(Schema):
    """The event after the decision, with its live allocation and the entries that moved it."""

    eventId = fields.String()
    statementId = fields.String()
    line = fields.Integer()
    action = fields.String()
    assetId = fields.String(allow_none=True)
    recordingId = fields.String(allow_none=True)
    matchMethod = fields.String()
    matchConfidence = fields.Float(allow_none=True)
    candidateRecordingId = fields.String(allow_none=True)
    rejectedRecordingId = fields.String(allow_none=True)
    allocationStatus = fields.String()
    revision = fields.Integer()
    reviewedBy = fields.String()
    reviewedAt = fields.DateTime()
    currency = fields.String()
    amount = Amount(metadata={"description": "the line's gross"})
    moved = Amount(metadata={"description": "what changed hands (0 for a reject)"})
    allocations = fields.List(fields.Nested(LiveAllocationOut))
    entryIds = fields.List(fields.String(), metadata={"description": "the reversal and reallocation entries"})


class RunOut(Schema):
    """Shared by reprocessing and re-matching: ``queued`` true (202) when a Celery worker will do
    it (no figures yet)."""

    queued = fields.Boolean()
    changed = fields.Integer(metadata={"description": "events whose money moved"})
    reversedMicro = fields.Integer(metadata={"description": "Σ of the old allocations reversed (micro-units)"})
    postedMicro = fields.Integer(metadata={"description": "Σ of the new allocations posted (equal to reversedMicro)"})
    movedMicro = fields.Integer(metadata={"description": "what changed hands between accounts (micro-units)"})
    releasedMicro = fields.Integer(metadata={"description": "what left suspense (micro-units)"})
    entryIds = fields.List(fields.String(), metadata={"description": "the reversal and reallocation entries"})


class ReprocessOut(RunOut):
    statementId = fields.String()
    events = fields.Integer(metadata={"description": "events examined"})
    rematched = fields.Integer(metadata={"description": "events newly attributed to a recording or work"})


class RematchIn(Schema):
    statementId = fields.String(load_default=None, metadata={"description": "only this statement's suspense"})


class RematchOut(RunOut):
    examined = fields.Integer()
    matched = fields.Integer(metadata={"description": "events newly attributed to a recording or work"})
