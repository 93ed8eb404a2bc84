"""Marshmallow schemas of the registrations API (PRO / MRO / SoundExchange)."""
from __future__ import annotations

from marshmallow import Schema, fields, post_load, validate

from app.services.registrations import STATUSES

_STATUS = fields.String(load_default="pending", validate=validate.OneOf(STATUSES), metadata={
    "description": "target status (default pending: submitted); not_registered → pending → registered | rejected"})
_REFERENCE = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=64),
                           metadata={"description": "the society's reference (work / registration number)"})


class ProRegistrationIn(Schema):
    """POST /api/registrations/pro body."""

    workId = fields.String(required=True)
    societyCode = fields.String(required=True, validate=validate.Length(min=2, max=16),
                                metadata={"description": "a PRO, MRO or CMO code: BMI, ASCAP, PRS, MLC, GHAMRO…"})
    status = _STATUS
    reference = _REFERENCE

    @post_load
    def _upper(self, data, **_):
        data["societyCode"] = data["societyCode"].strip().upper()
        return data


class SoundExchangeRegistrationIn(Schema):
    """POST /api/registrations/soundexchange body."""

    recordingId = fields.String(required=True)
    status = _STATUS
    reference = _REFERENCE


class RegistrationOut(Schema):
    assetId = fields.String()
    assetKind = fields.String()
    societyCode = fields.String()
    status = fields.String()
    previousStatus = fields.String(allow_none=True)
    reference = fields.String(allow_none=True)
    submittedAt = fields.DateTime(allow_none=True)
    registeredAt = fields.DateTime(allow_none=True)
    rejectedAt = fields.DateTime(allow_none=True)
    by = fields.String(allow_none=True)
    created = fields.Boolean()
    changed = fields.Boolean()


class RegistrationStatusArgs(Schema):
    participantId = fields.String(required=True)
    asOf = fields.Date(load_default=None, metadata={"description": "date the repertoire is taken at (default today)"})


class RegistrationStatusRow(Schema):
    assetId = fields.String()
    assetKind = fields.String()
    title = fields.String(allow_none=True)
    code = fields.String(allow_none=True, metadata={"description": "ISWC of a work, ISRC of a recording"})
    societyCode = fields.String()
    societyName = fields.String(allow_none=True)
    basis = fields.String(metadata={"description": "membership | country | standard: why this society applies"})
    status = fields.String(metadata={"description": "not_registered | pending | registered"})
    rejected = fields.Boolean(metadata={"description": "the society rejected the last submission"})
    reference = fields.String(allow_none=True)
    submittedAt = fields.DateTime(allow_none=True)
    registeredAt = fields.DateTime(allow_none=True)
    rejectedAt = fields.DateTime(allow_none=True)


class RegistrationStatusOut(Schema):
    participantId = fields.String()
    asOf = fields.Date()
    hasMissingRegistrations = fields.Boolean()
    registrations = fields.List(fields.Nested(RegistrationStatusRow))
