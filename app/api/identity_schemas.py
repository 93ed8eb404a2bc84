"""Schemas of the identity API: participants (with tax info, identifiers, society memberships)
and societies.

Request bodies reuse the catalog participant record of ``importers.catalog`` (one validation
of a participant for files and for the API alike: kinds, ISO country, IPI / ISNI check
digits); the API adds tax info, which is masked as soon as it is loaded, and memberships.
"""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

from app.api.schema_tools import patch_schema
from app.api.schemas import PageArgs
from app.services.participants import MEMBERSHIP_ROLES, TIN_TYPES, mask_tin
from app.services.societies import SOCIETY_TYPES
from importers.catalog import KINDS, ParticipantRecord, mask_account_label
from importers.identifiers import IdentifierError
from importers.identifiers import validate as validate_identifier


class TaxInfoIn(Schema):
    """Tax info as given: ``{tinType, tin}``. Loading masks it to ``{tinType, last4}`` at once,
    so the full TIN goes no further than this schema (not to the graph, the audit trail, a
    response or an error message)."""

    tinType = fields.String(required=True, validate=validate.OneOf(TIN_TYPES))
    tin = fields.String(required=True, load_only=True, validate=validate.Length(min=1, max=40),
                        metadata={"description": "the full TIN; only its type and last 4 characters are stored"})

    @post_load
    def _mask(self, data, **_):
        try:
            return mask_tin(data["tinType"], data["tin"])
        except ValueError as exc:
            raise ValidationError({"tin": [str(exc)]}) from None


class TaxInfoOut(Schema):
    tinType = fields.String()
    last4 = fields.String()


class MembershipIn(Schema):
    """A society membership: ``society`` a society code (GET /api/societies), ``role`` writer |
    publisher | performer | label, ``memberId`` the society's id for the member, ``validFrom``
    inclusive, ``validTo`` exclusive or null (open)."""

    society = fields.String(required=True, validate=validate.Length(min=2, max=32))
    role = fields.String(required=True, validate=validate.OneOf(MEMBERSHIP_ROLES))
    memberId = fields.String(load_default=None, allow_none=True, validate=validate.Length(min=1, max=64))
    validFrom = fields.Date(required=True)
    validTo = fields.Date(load_default=None, allow_none=True)

    @validates_schema
    def _dates(self, data, **_):
        if data.get("validTo") is not None and data["validTo"] <= data["validFrom"]:
            raise ValidationError({"validTo": ["validTo must be after validFrom (it is exclusive)"]})

    @post_load
    def _normalize(self, data, **_):
        data["society"] = data["society"].upper()
        if data["memberId"] is not None:
            data["memberId"] = validate_identifier(data["society"], data["memberId"])
        return data


class MembershipOut(Schema):
    society = fields.String()
    societyName = fields.String(allow_none=True)
    role = fields.String()
    memberId = fields.String(allow_none=True)
    validFrom = fields.Date()
    validTo = fields.Date(allow_none=True)


class ParticipantIn(ParticipantRecord):
    """POST /api/participants body: a catalog participant without ``ref``, plus ``taxInfo``
    (masked on load) and ``memberships``. Identifier schemes: IPI (name number, check digits),
    ISNI (check character), SPOTIFY, APPLE, or a society code for a member id."""

    taxInfo = fields.Nested(TaxInfoIn, load_default=None, allow_none=True)
    memberships = fields.List(fields.Nested(MembershipIn), load_default=list)

    class Meta:
        exclude = ("ref",)

    @post_load
    def _mask_payout_label(self, data, **_):
        if data.get("payoutMethod"):
            data["payoutMethod"]["label"] = mask_account_label(data["payoutMethod"]["label"])
        return data


ParticipantPatch = patch_schema(ParticipantIn, "ParticipantPatch")


class IdentifierOut(Schema):
    scheme = fields.String()
    value = fields.String()


class PayoutMethodOut(Schema):
    type = fields.String()
    label = fields.String()


class ParticipantOut(Schema):
    participantId = fields.String()
    kinds = fields.List(fields.String())
    name = fields.String(metadata={"description": "stage or trading name"})
    legalName = fields.String(allow_none=True)
    country = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    identifiers = fields.List(fields.Nested(IdentifierOut))
    memberships = fields.List(fields.Nested(MembershipOut))
    taxInfo = fields.Nested(TaxInfoOut, allow_none=True)
    payoutMethod = fields.Nested(PayoutMethodOut, allow_none=True)
    walletId = fields.String(allow_none=True)


class ParticipantListArgs(PageArgs):
    kind = fields.String(load_default=None, validate=validate.OneOf(KINDS))
    name = fields.String(load_default=None, metadata={"description": "part of the name or legal name, any case"})
    country = fields.String(load_default=None, validate=validate.Length(equal=2))
    society = fields.String(load_default=None, metadata={"description": "members of this society (code), any period"})
    identifier = fields.String(load_default=None, metadata={
        "description": "SCHEME:VALUE, e.g. IPI:00000000199 or BMI:123456 (normalized like identifiers in bodies)"})

    @post_load
    def _parse_identifier(self, data, **_):
        for key in ("country", "society"):
            if data[key] is not None:
                data[key] = data[key].upper()
        if data["identifier"] is not None:
            scheme, sep, value = data["identifier"].partition(":")
            if not sep or not scheme or not value:
                raise ValidationError({"identifier": ["use SCHEME:VALUE, e.g. IPI:00000000199"]})
            try:
                data["identifier"] = (scheme.upper(), validate_identifier(scheme.upper(), value))
            except IdentifierError as exc:
                raise ValidationError({"identifier": [f"invalid {exc.scheme}: {exc.rule}"]}) from None
        return data


class SocietyOut(Schema):
    code = fields.String()
    name = fields.String()
    type = fields.String(metadata={"description": "PRO | MRO | NRO | CMO"})
    country = fields.String()
    cisacCode = fields.String(allow_none=True, metadata={"description": "CISAC society code used in CWR"})


class SocietyListArgs(Schema):
    type = fields.String(load_default=None, validate=validate.OneOf(SOCIETY_TYPES))
    country = fields.String(load_default=None, validate=validate.Length(equal=2))

    @post_load
    def _upper(self, data, **_):
        if data["country"] is not None:
            data["country"] = data["country"].upper()
        return data
