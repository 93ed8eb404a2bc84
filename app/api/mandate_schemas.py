"""Schemas of the mandate endpoints (``app.api.mandates``): resolution and COLLECTS writes."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.api.territory_schemas import KNOWN_TERRITORY
from app.services.collects import MAX_BATCH as MAX_COLLECTS
from app.services.collects import CollectsRecord
from app.services.mandates import MAX_BATCH as MAX_ITEMS
from importers.catalog import WORK_RIGHTS

OUTCOMES = ("direct", "reciprocal", "suspense", "conflict")


class MandateArgs(Schema):
    """One usage: a work, a territory (usually a country), a date and a right type."""

    workId = fields.String(required=True)
    territory = fields.String(required=True, validate=KNOWN_TERRITORY)
    date = fields.Date(load_default=None, metadata={"description": "default today"})
    rightType = fields.String(load_default="performance", validate=validate.OneOf(WORK_RIGHTS))


class MandateResolveIn(Schema):
    items = fields.List(fields.Nested(MandateArgs), required=True, validate=validate.Length(min=1, max=MAX_ITEMS))


class CollectorOut(Schema):
    id = fields.String()
    kind = fields.String(metadata={"description": "participant | society"})
    name = fields.String(allow_none=True)
    societyCode = fields.String(allow_none=True)


class MandateDetailOut(Schema):
    basis = fields.String()
    feePercent = fields.Decimal(allow_none=True)
    agreementId = fields.String(allow_none=True)
    via = fields.String(metadata={"description": "work: a COLLECTS on the work; participant: on an owner's repertoire"})
    forParticipantId = fields.String(allow_none=True)
    validFrom = fields.Date()
    validTo = fields.Date(allow_none=True)


class ConflictingOut(Schema):
    collector = fields.Nested(CollectorOut)
    mandate = fields.Nested(MandateDetailOut)


class MandateOut(Schema):
    workId = fields.String()
    territory = fields.String()
    date = fields.Date()
    rightType = fields.String()
    outcome = fields.String(validate=validate.OneOf(OUTCOMES))
    collector = fields.Nested(CollectorOut, allow_none=True)
    mandate = fields.Nested(MandateDetailOut, allow_none=True)
    conflicting = fields.List(fields.Nested(ConflictingOut))
    issueId = fields.String(allow_none=True, metadata={"description": "the conflict's DataQualityIssue"})


class MandateResolveOut(Schema):
    items = fields.List(fields.Nested(MandateOut))


class CollectsIn(Schema):
    items = fields.List(fields.Nested(CollectsRecord), required=True, validate=validate.Length(min=1, max=MAX_COLLECTS))


class CollectsOutItem(CollectsRecord):
    created = fields.Boolean()


class CollectsOut(Schema):
    items = fields.List(fields.Nested(CollectsOutItem))
