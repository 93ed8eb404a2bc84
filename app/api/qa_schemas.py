"""Marshmallow schemas of the attribution QA API (issue 7 item 3): the QA queue, manual links,
unmatched usage."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.api.schemas import PageArgs

_CONFIDENCE = validate.Range(min=0, max=1)


class QaQueueArgs(PageArgs):
    stationId = fields.String(load_default=None)
    partner = fields.String(load_default=None, metadata={"description": "origin partner: participantId or code"})
    minConfidence = fields.Float(load_default=None, validate=_CONFIDENCE)
    maxConfidence = fields.Float(load_default=None, validate=_CONFIDENCE)


class _PlayOut(Schema):
    """What the QA queue and the unmatched list show of a play."""

    playId = fields.String()
    stationId = fields.String()
    playedAt = fields.DateTime()
    localDate = fields.Date(allow_none=True)
    title = fields.String(allow_none=True)
    artist = fields.String(allow_none=True)
    isrc = fields.String(allow_none=True)
    iswc = fields.String(allow_none=True)
    durationSeconds = fields.Integer(allow_none=True)
    detectionConfidence = fields.Float(allow_none=True)


class QaItemOut(_PlayOut):
    chargeStatus = fields.String()
    attributionId = fields.String()
    method = fields.String(metadata={"description": "fuzzy_review | external_review | isrc | external_isrc | …"})
    confidence = fields.Float(allow_none=True, metadata={"description": "0–1 (a score, not money)"})
    note = fields.String(allow_none=True)
    originPartner = fields.String(allow_none=True, metadata={"description": "partner society code"})
    candidateRecordingId = fields.String(allow_none=True)
    candidateWorkId = fields.String(allow_none=True)
    candidateTitle = fields.String(allow_none=True)
    candidateIsrc = fields.String(allow_none=True)
    candidateIswc = fields.String(allow_none=True)


class QaLinkIn(Schema):
    """POST /api/qa/attributions/{playId}/link: attribute the play by hand to a recording, or to
    a work only (exactly one of them)."""

    recordingId = fields.String(load_default=None)
    workId = fields.String(load_default=None)
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))

    @validates_schema
    def _one_target(self, data, **_):
        if bool(data.get("recordingId")) == bool(data.get("workId")):
            raise ValidationError("give exactly one of recordingId and workId", "recordingId")


class UnmatchedArgs(PageArgs):
    stationId = fields.String(load_default=None)
    from_ = fields.Date(load_default=None, data_key="from", metadata={"description": "local date, inclusive"})
    to = fields.Date(load_default=None, metadata={"description": "local date, inclusive"})


class UnmatchedOut(_PlayOut):
    importId = fields.String(allow_none=True)
    line = fields.Integer(allow_none=True)
    usageType = fields.String(allow_none=True)
    note = fields.String(allow_none=True)
