"""Marshmallow schemas of the agreement endpoints (shape only: the rules are checked against
the graph by ``app.services.agreement_rules``, so one 422 lists every problem)."""
from __future__ import annotations

import re

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from app.api.schemas import Amount, PageArgs
from app.services.agreement_rules import PARTY_ROLES, TYPES
from importers.catalog import RIGHT_TYPES

_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class PartyIn(Schema):
    participantId = fields.String(required=True)
    role = fields.String(required=True, validate=validate.OneOf(PARTY_ROLES))


class ScopeIn(Schema):
    """Explicit works and recordings, and/or whole catalogues: ``catalogueOf`` participants'
    every work and recording owned on the effective date."""

    works = fields.List(fields.String(), load_default=list)
    recordings = fields.List(fields.String(), load_default=list)
    catalogueOf = fields.List(fields.String(), load_default=list)


class ShareTermIn(Schema):
    """A share the agreement grants: ``share`` percent of ``rightType`` to a party; territories
    and excluded default to the agreement's."""

    participantId = fields.String(required=True)
    rightType = fields.String(required=True, validate=validate.OneOf(RIGHT_TYPES))
    share = fields.Decimal(required=True, places=None, metadata={"description": "percent, up to 4 decimals"})
    territories = fields.List(fields.String(), load_default=None, allow_none=True)
    excluded = fields.List(fields.String(), load_default=None, allow_none=True)


class AdvanceIn(Schema):
    amount = fields.Decimal(required=True, places=None, validate=validate.Range(min=0))
    currency = fields.String(required=True, validate=validate.Regexp(r"^[A-Z]{3}$", error="an ISO 4217 code"))


class TermsIn(Schema):
    """``shares`` per party per right type (the whole split of that right on the assets in
    scope); ``collectedRights`` and ``adminFeePercent`` for publishing administration,
    sub-publishing and reciprocal deals (COLLECTS); ``recoupable`` advance terms."""

    shares = fields.List(fields.Nested(ShareTermIn), load_default=list)
    collectedRights = fields.List(fields.String(validate=validate.OneOf(RIGHT_TYPES)), load_default=None,
                                  allow_none=True)
    adminFeePercent = fields.Decimal(load_default=None, allow_none=True, places=None,
                                     validate=validate.Range(min=0, max=100))
    recoupable = fields.Boolean(load_default=False)
    advance = fields.Nested(AdvanceIn, load_default=None, allow_none=True)
    notes = fields.String(load_default=None, allow_none=True)


class DocumentIn(Schema):
    """A reference to the signed document: its ``uri`` and/or the ``sha256`` of its bytes."""

    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    uri = fields.Url(load_default=None, allow_none=True, schemes={"http", "https", "s3", "file"})
    sha256 = fields.String(load_default=None, allow_none=True,
                           validate=validate.Regexp(_SHA256, error="64 lowercase hex digits"))

    @validates_schema
    def _located(self, data, **_):
        if not data.get("uri") and not data.get("sha256"):
            raise ValidationError("give the document's uri or sha256", field_name="uri")


class AgreementIn(Schema):
    """POST /api/agreements."""

    type = fields.String(required=True, validate=validate.OneOf(TYPES))
    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    validFrom = fields.Date(required=True)
    validTo = fields.Date(load_default=None, allow_none=True, metadata={"description": "exclusive; null = open"})
    territories = fields.List(fields.String(), load_default=lambda: ["WORLD"])
    excluded = fields.List(fields.String(), load_default=list)
    parties = fields.List(fields.Nested(PartyIn), required=True)
    scope = fields.Nested(ScopeIn, required=True)
    terms = fields.Nested(TermsIn, load_default=lambda: TermsIn().load({}))
    documents = fields.List(fields.Nested(DocumentIn), load_default=list)


class AmendmentIn(Schema):
    """POST /api/agreements/{id}/amendments: the fields that change from ``effectiveFrom``
    (omitted ones keep their values; ``terms`` is replaced whole when given)."""

    effectiveFrom = fields.Date(required=True)
    reason = fields.String(load_default=None, allow_none=True)
    title = fields.String(validate=validate.Length(min=1, max=300))
    validTo = fields.Date(allow_none=True)
    territories = fields.List(fields.String())
    excluded = fields.List(fields.String())
    parties = fields.List(fields.Nested(PartyIn))
    scope = fields.Nested(ScopeIn)
    terms = fields.Nested(TermsIn)
    documents = fields.List(fields.Nested(DocumentIn))


class TerminationIn(Schema):
    """POST /api/agreements/{id}/termination: ``terminatedOn`` is the first day it no longer applies."""

    terminatedOn = fields.Date(required=True)
    reason = fields.String(load_default=None, allow_none=True)


class _AgreementPartyOut(Schema):
    participantId = fields.String()
    name = fields.String(allow_none=True)
    role = fields.String()
    validFrom = fields.Date()
    validTo = fields.Date(allow_none=True)


class _AgreementCoverOut(Schema):
    assetId = fields.String()
    kind = fields.String()
    title = fields.String(allow_none=True)
    validFrom = fields.Date()
    validTo = fields.Date(allow_none=True)


class _AgreementEdgeOut(Schema):
    type = fields.String(validate=validate.OneOf(("OWNS", "COLLECTS")))
    participantId = fields.String()
    assetId = fields.String()
    rightType = fields.String()
    role = fields.String(allow_none=True)
    share = Amount(allow_none=True)
    feePercent = Amount(allow_none=True)
    basis = fields.String(allow_none=True)
    territories = fields.List(fields.String())
    excluded = fields.List(fields.String())
    validFrom = fields.Date()
    validTo = fields.Date(allow_none=True)
    status = fields.String()


class _AmendmentOut(Schema):
    amendmentId = fields.String()
    number = fields.Integer()
    effectiveFrom = fields.Date()
    reason = fields.String(allow_none=True)
    actor = fields.String()
    at = fields.DateTime()
    before = fields.Dict()
    after = fields.Dict()


class AgreementOut(Schema):
    agreementId = fields.String()
    type = fields.String()
    title = fields.String()
    status = fields.String(validate=validate.OneOf(("active", "amended", "terminated")))
    version = fields.Integer()
    validFrom = fields.Date()
    validTo = fields.Date(allow_none=True)
    territories = fields.List(fields.String())
    excluded = fields.List(fields.String())
    terms = fields.Dict()
    scope = fields.Dict()
    documents = fields.List(fields.Dict())
    terminationReason = fields.String(allow_none=True)
    createdAt = fields.DateTime()
    updatedAt = fields.DateTime()
    parties = fields.List(fields.Nested(_AgreementPartyOut))
    covers = fields.List(fields.Nested(_AgreementCoverOut))
    edges = fields.List(fields.Nested(_AgreementEdgeOut))
    amendments = fields.List(fields.Nested(_AmendmentOut))


class AgreementListArgs(PageArgs):
    participantId = fields.String(load_default=None)
    type = fields.String(load_default=None, validate=validate.OneOf(TYPES))
