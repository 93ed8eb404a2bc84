"""Marshmallow schemas of the partners API. The input shapes are the services' own
(``app.services.partners.PartnerRecord`` / ``PartnerPatch``,
``app.services.reciprocal_agreements.AgreementRecord``), so the API and the CLI validate alike."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from app.api.schemas import PageArgs
from app.services.partners import ContactRecord, PartnerPatch, PartnerRecord
from app.services.reciprocal_agreements import AgreementRecord
from graph.reciprocal_schema import AGREEMENT_STATUSES

__all__ = ["PartnerIn", "PartnerListArgs", "PartnerOut", "PartnerPatch", "ReciprocalAgreementIn",
           "ReciprocalAgreementListArgs", "ReciprocalAgreementOut", "ReciprocalAgreementStatusIn"]

PartnerIn = PartnerRecord


class ReciprocalAgreementIn(AgreementRecord):
    """POST /api/partners/{id}/agreements body: the partner comes from the URL."""

    class Meta:
        exclude = ("partner",)


class ReciprocalAgreementStatusIn(Schema):
    """POST /api/reciprocal-agreements/{aid}/status body."""

    status = fields.String(required=True, validate=validate.OneOf(AGREEMENT_STATUSES))
    on = fields.Date(load_default=None, allow_none=True,
                     metadata={"description": "termination date (default today): the mandates end there"})


class PartnerListArgs(PageArgs):
    active = fields.Boolean(load_default=None, allow_none=True)


class ReciprocalAgreementListArgs(PageArgs):
    status = fields.String(load_default=None, validate=validate.OneOf(AGREEMENT_STATUSES))


class PartnerOut(Schema):
    participantId = fields.String()
    code = fields.String()
    name = fields.String()
    country = fields.String()
    societyType = fields.String(allow_none=True)
    active = fields.Boolean()
    reportingStandard = fields.String()
    defaultAdminFeePercent = fields.Decimal()
    contact = fields.Nested(ContactRecord)
    remittanceRequirements = fields.Dict()
    currency = fields.String(allow_none=True)
    partnerSince = fields.DateTime()
    agreements = fields.Integer(metadata={"description": "reciprocal agreements with this partner"})


class ReciprocalMandateCounts(Schema):
    active = fields.Integer()
    suspended = fields.Integer()
    superseded = fields.Integer()


class ReciprocalAgreementOut(Schema):
    agreementId = fields.String()
    partnerCode = fields.String()
    partnerId = fields.String()
    partnerName = fields.String()
    territories = fields.List(fields.String())
    excluded = fields.List(fields.String())
    validFrom = fields.Date()
    validTo = fields.Date(allow_none=True)
    adminFeePercent = fields.Decimal(allow_none=True)
    effectiveAdminFeePercent = fields.Decimal()
    rightTypes = fields.List(fields.String())
    status = fields.String()
    reportingFrequency = fields.String()
    notes = fields.String(allow_none=True)
    lastCycleEnd = fields.Date(allow_none=True)
    createdAt = fields.DateTime()
    updatedAt = fields.DateTime()
    mandates = fields.Nested(ReciprocalMandateCounts, metadata={"description": "its COLLECTS edges by status"})
