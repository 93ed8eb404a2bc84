"""Marshmallow schemas of the play-log API. The body's shape and types are checked here (422
for the whole request); the rules of issue 6 "Bad input" — unknown stations, future times,
negative durations, duplicate play ids, malformed ISRCs — are the intake's, which rejects
those plays with reasons and counts them, as for files (``app.services.play_intake``)."""
from __future__ import annotations

from marshmallow import Schema, fields, pre_load, validate

from app.api.schemas import Amount, PageArgs

PLAY_STATUSES = ("unattributed", "matched", "review", "unmatched")
CHARGE_STATUSES = ("pending", "charged", "insufficient_funds", "no_tariff", "not_chargeable")


class PlayIn(Schema):
    """One detected play (the generic play-log fields, docs/playlog-format.md)."""

    stationId = fields.String(required=True, metadata={"description": "stationId, stream id or station name"})
    playedAt = fields.DateTime(required=True, metadata={"description": "ISO 8601; without an offset: station-local"})
    title = fields.String(load_default="", validate=validate.Length(max=500))
    artist = fields.String(load_default="", validate=validate.Length(max=500))
    isrc = fields.String(load_default=None, allow_none=True)
    iswc = fields.String(load_default=None, allow_none=True, metadata={"description": "the work's ISWC (issue 7)"})
    durationSeconds = fields.Integer(load_default=None, allow_none=True)
    confidence = fields.Decimal(load_default=None, allow_none=True, places=None,
                                validate=validate.Range(min=0, max=1), metadata={"description": "detection confidence"})
    usageType = fields.String(load_default=None, allow_none=True, metadata={"description": "default featured"})
    playId = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=200),
                           metadata={"description": "the monitoring system's id of the play"})
    fingerprint = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))
    album = fields.String(load_default=None, allow_none=True)
    label = fields.String(load_default=None, allow_none=True)


class PlayLogIn(Schema):
    """POST /api/playlogs: one play object, or ``{"plays": [...]}`` (up to 10 000)."""

    plays = fields.List(fields.Nested(PlayIn), required=True, validate=validate.Length(min=1, max=10_000))
    single = fields.Boolean(load_default=False, metadata={"description": "set when one play object was posted"})

    @pre_load
    def _wrap_single(self, data, **_):
        if isinstance(data, dict) and "plays" not in data:
            return {"plays": [data], "single": True}
        return data


class PlayRejectionOut(Schema):
    line = fields.Integer(metadata={"description": "1-based position of the play in the request"})
    field = fields.String(allow_none=True)
    message = fields.String()


class PlayResultOut(Schema):
    line = fields.Integer()
    playId = fields.String()
    status = fields.String()
    recordingId = fields.String(allow_none=True)
    chargeStatus = fields.String()
    charged = Amount(allow_none=True)


class PlayLogResultOut(Schema):
    importId = fields.String()
    received = fields.Integer()
    accepted = fields.Integer()
    new = fields.Integer(metadata={"description": "plays written by this request (others were known)"})
    rejected = fields.Integer()
    duplicates = fields.Integer()
    charged = fields.Integer()
    chargedAmount = Amount()
    refused = fields.Dict(keys=fields.String(), values=fields.Integer(),
                          metadata={"description": "plays not charged, by charge status"})
    rejections = fields.List(fields.Nested(PlayRejectionOut))
    plays = fields.List(fields.Nested(PlayResultOut))


class PlayListArgs(PageArgs):
    stationId = fields.String(load_default=None)
    status = fields.String(load_default=None, validate=validate.OneOf(PLAY_STATUSES))
    chargeStatus = fields.String(load_default=None, validate=validate.OneOf(CHARGE_STATUSES))
    importId = fields.String(load_default=None)
    recordingId = fields.String(load_default=None)
    since = fields.DateTime(load_default=None)
    until = fields.DateTime(load_default=None)


class PlayReviewArgs(PageArgs):
    stationId = fields.String(load_default=None)


class UsageAttributionOut(Schema):
    attributionId = fields.String()
    method = fields.String()
    confidence = fields.Float(allow_none=True, metadata={"description": "0–1 (a score, not money)"})
    recordingId = fields.String(allow_none=True)
    candidateRecordingId = fields.String(allow_none=True)
    workId = fields.String(allow_none=True, metadata={"description": "issue 7: matched to a work only"})
    candidateWorkId = fields.String(allow_none=True)
    originPartner = fields.String(allow_none=True, metadata={"description": "partner society code (issue 7)"})
    status = fields.String()
    at = fields.DateTime()
    by = fields.String(allow_none=True)
    note = fields.String(allow_none=True)


class PlayAllocationPartOut(Schema):
    rightType = fields.String()
    assetId = fields.String()
    participantId = fields.String(allow_none=True)
    share = fields.Integer(allow_none=True, metadata={"description": "millionths of 100 %"})
    amount = Amount()
    accountId = fields.String()
    payeeId = fields.String(allow_none=True)
    forParticipantId = fields.String(allow_none=True)
    via = fields.String()
    partnerCode = fields.String(allow_none=True, metadata={"description": "via reciprocal: the partner (issue 7)"})
    partnerId = fields.String(allow_none=True)
    agreementId = fields.String(allow_none=True)
    note = fields.String(allow_none=True)


class PlayOut(Schema):
    playId = fields.String()
    stationId = fields.String()
    importId = fields.String(allow_none=True)
    line = fields.Integer(allow_none=True)
    playedAt = fields.DateTime()
    localDate = fields.Date()
    title = fields.String(allow_none=True)
    artist = fields.String(allow_none=True)
    isrc = fields.String(allow_none=True)
    durationSeconds = fields.Integer(allow_none=True)
    detectionConfidence = fields.Float(allow_none=True)
    usageType = fields.String()
    fingerprint = fields.String(allow_none=True)
    status = fields.String()
    recordingId = fields.String(allow_none=True)
    recordingTitle = fields.String(allow_none=True)
    iswc = fields.String(allow_none=True)
    workId = fields.String(allow_none=True, metadata={"description": "issue 7: matched to a work only"})
    originPartner = fields.String(allow_none=True, metadata={"description": "partner society code (issue 7)"})
    chargeStatus = fields.String()
    chargeNote = fields.String(allow_none=True)
    charged = Amount(allow_none=True)
    currency = fields.String(allow_none=True)
    tariffId = fields.String(allow_none=True)
    entryId = fields.String(allow_none=True)
    allocation = fields.List(fields.Nested(PlayAllocationPartOut))
    extra = fields.Dict()
    attributions = fields.List(fields.Nested(UsageAttributionOut))


class PlayReviewItemOut(Schema):
    playId = fields.String()
    stationId = fields.String()
    playedAt = fields.DateTime()
    title = fields.String(allow_none=True)
    artist = fields.String(allow_none=True)
    isrc = fields.String(allow_none=True)
    method = fields.String()
    confidence = fields.Float(allow_none=True)
    note = fields.String(allow_none=True)
    candidateRecordingId = fields.String(allow_none=True)
    candidateTitle = fields.String(allow_none=True)


class PlayLinkIn(Schema):
    """POST /api/playlogs/{playId}/link: attribute the play to a recording by hand."""

    recordingId = fields.String(required=True)
    note = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=2000))


class PlayImportStatusCount(Schema):
    status = fields.String()
    chargeStatus = fields.String()
    plays = fields.Integer()


class PlayLogImportOut(Schema):
    importId = fields.String()
    format = fields.String()
    stationId = fields.String(allow_none=True)
    filename = fields.String(allow_none=True)
    sha256 = fields.String()
    status = fields.String()
    error = fields.String(allow_none=True)
    received = fields.Integer()
    accepted = fields.Integer()
    rejected = fields.Integer()
    duplicates = fields.Integer()
    registeredAt = fields.DateTime()
    processedAt = fields.DateTime(allow_none=True)
    byStatus = fields.List(fields.Nested(PlayImportStatusCount))
    charged = Amount()
    rejections = fields.List(fields.Nested(PlayRejectionOut), metadata={"description": "the first 500, by line"})
