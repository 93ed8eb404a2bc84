"""Partner societies (issue 7 item 1): the foreign PROs we represent under reciprocal agreements.

A partner is the society's own ``:Society`` node (a seeded one such as ASCAP is reused, an
unknown code is created as a PRO) given the labels ``:Participant:Publisher``, a
``participantId`` and the partner properties of ``graph.reciprocal_schema`` — so the ledger, the
audit trail and the API treat it like any publisher. Everywhere a partner is named, its
participantId (PART-000001) or its society code (ASCAP, any case) is accepted.

``contact`` and ``remittanceRequirements`` are stored as JSON strings (decimals kept exact);
``defaultAdminFeePercent`` as a decimal string. The partner's currency is its
``remittanceRequirements.currency`` when given. Every write is audited.
"""
from __future__ import annotations

from decimal import Decimal

import simplejson
from marshmallow import Schema, ValidationError, fields, post_load, validate
from neo4j import ManagedTransaction

from app.services import audit
from app.services.catalog import UnknownEntity
from app.services.db import read, run, write
from app.services.entities import InvalidInput, StateConflict, changes
from app.services.ids import reserve_ids
from graph.reciprocal_schema import REPORTING_STANDARDS
from importers.catalog import HUNDRED
from importers.territory_codes import COUNTRY_CODES


class PartnerExists(StateConflict):
    """The society is already a partner (API → 409); ``participantId`` the existing partner."""

    def __init__(self, code: str, participant_id: str):
        super().__init__(f"society {code} is already partner {participant_id}")
        self.code, self.participant_id = code, participant_id


class InvalidPercent(ValidationError, ValueError):
    """A percentage out of range: a marshmallow ValidationError (inside schemas) that callers
    outside a schema may catch as a ValueError."""


def percent(value: Decimal) -> None:
    """Marshmallow validator of a percentage: 0..100 with at most 4 decimals (the precision of
    every fee percent in the graph, as ``app.services.collects`` stores it). Raises
    InvalidPercent."""
    if value is not None and not (0 <= value <= HUNDRED and value == value.quantize(Decimal("0.0001"))):
        raise InvalidPercent("must be 0..100 percent with at most 4 decimals")


def decimal_string(value: Decimal | None) -> str | None:
    """A percentage as stored in the graph: plain decimal digits without exponent or trailing zeros."""
    return None if value is None else format(value.normalize(), "f")


class ContactRecord(Schema):
    """A partner's contact: ``{name, email, phone, address}``, each optional."""

    name = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=200))
    email = fields.Email(load_default=None, allow_none=True)
    phone = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=50))
    address = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=500))


class PartnerRecord(Schema):
    """A partner as ``create_partner`` takes it (also the body of ``POST /api/partners``):
    ``code`` the society code (upper-cased), ``country`` ISO 3166-1 alpha-2,
    ``reportingStandard`` CWR | DDEX-DSR | CSV-Custom, ``defaultAdminFeePercent`` the admin fee
    we deduct when no agreement or cycle overrides it, ``remittanceRequirements`` free data (e.g.
    ``{currency, format, bankReference, withholdingTaxPercent}``)."""

    code = fields.String(required=True, validate=validate.Regexp(r"^[A-Za-z0-9]{2,12}$",
                                                                 error="a society code: 2-12 letters or digits"))
    name = fields.String(required=True, validate=validate.Length(min=1, max=200))
    country = fields.String(required=True, validate=validate.OneOf(sorted(COUNTRY_CODES),
                                                                   error="not an ISO 3166-1 alpha-2 country code"))
    contact = fields.Nested(ContactRecord, load_default=dict)
    active = fields.Boolean(load_default=True)
    reportingStandard = fields.String(required=True, validate=validate.OneOf(REPORTING_STANDARDS))
    defaultAdminFeePercent = fields.Decimal(required=True, places=None, validate=percent)
    remittanceRequirements = fields.Dict(keys=fields.String(), load_default=dict,
                                         metadata={"description": "e.g. {currency, format, bankReference, "
                                                                  "withholdingTaxPercent}"})

    @post_load
    def _upper_code(self, data, **_):
        if "code" in data:
            data["code"] = data["code"].upper()
        return data


class PartnerPatch(PartnerRecord):
    """A partial partner update: any field but ``code``; absent fields are unchanged."""

    class Meta:
        exclude = ("code",)


def _load(schema: Schema, record: dict, partial: bool = False) -> dict:
    try:
        return schema.load(record, partial=partial)
    except ValidationError as exc:
        raise InvalidInput(exc.messages) from exc


def _stored(record: dict) -> dict:
    """Partner fields → Society properties."""
    names = {"name": "name", "country": "country", "active": "partnerActive", "reportingStandard": "reportingStandard"}
    props = {names[k]: record[k] for k in names if k in record}
    if "defaultAdminFeePercent" in record:
        props["defaultAdminFeePercent"] = decimal_string(record["defaultAdminFeePercent"])
    for key in ("contact", "remittanceRequirements"):
        if key in record:
            props[key] = simplejson.dumps(record[key], use_decimal=True, sort_keys=True)
    return props


def _out(p: dict) -> dict:
    """Society properties → the partner as the API shows it."""
    requirements = simplejson.loads(p["remittanceRequirements"] or "{}", use_decimal=True)
    return {"participantId": p["participantId"], "code": p["code"], "name": p["name"], "country": p["country"],
            "societyType": p["societyType"], "active": bool(p["partnerActive"]),
            "reportingStandard": p["reportingStandard"],
            "defaultAdminFeePercent": Decimal(p["defaultAdminFeePercent"]),
            "contact": simplejson.loads(p["contact"] or "{}", use_decimal=True),
            "remittanceRequirements": requirements, "currency": requirements.get("currency"),
            "partnerSince": p["partnerSince"], "agreements": p["agreements"]}


def partner_in(tx: ManagedTransaction, ref: str) -> dict:
    """The partner named by ``ref`` (participantId or society code) inside ``tx``:
    ``{participantId, code, name, country, societyType, active, reportingStandard,
    defaultAdminFeePercent (Decimal), contact (dict), remittanceRequirements (dict), currency
    (str|None), partnerSince, agreements (count)}``. Raises UnknownEntity("partner", ref)."""
    rows = run(tx, "reciprocal/partners_get", refs=[ref])
    if not rows:
        raise UnknownEntity("partner", ref)
    return _out(rows[0]["partner"])


def get_partner(ref: str) -> dict:
    """``partner_in`` in its own read transaction. Raises UnknownEntity."""
    return read(partner_in, ref)


def create_partner(record: dict, actor: str) -> dict:
    """Make the society ``record["code"]`` a partner (``PartnerRecord`` shape; validated here
    too, for callers other than the API). Returns it as ``get_partner``. Raises InvalidInput
    (every field problem at once) and PartnerExists when the society is already a partner."""
    loaded = _load(PartnerRecord(), record)

    def work(tx):
        participant_id = reserve_ids(tx, "participant", 1)[0]
        stored = _stored(loaded) | {"code": loaded["code"], "participantId": participant_id}
        row = run(tx, "reciprocal/partners_create", partner=stored)[0]
        if not row["created"]:
            raise PartnerExists(loaded["code"], row["participantId"])
        partner = partner_in(tx, participant_id)
        audit.record(tx, actor, "partner.create", participant_id, after=loaded)
        return partner
    return write(work)


def list_partners(skip: int, limit: int, active: bool | None = None) -> tuple[list[dict], int]:
    """A page of partners ordered by participantId (each as ``get_partner``) and the total;
    ``active`` keeps only active (True) or inactive (False) partners."""
    def work(tx):
        page = run(tx, "reciprocal/partners_list", skip=skip, limit=limit, active=active)[0]
        by_ref = {r["ref"]: _out(r["partner"]) for r in run(tx, "reciprocal/partners_get", refs=page["participantIds"])}
        return [by_ref[pid] for pid in page["participantIds"]], page["total"]
    return read(work)


def _input_shape(partner: dict) -> dict:
    return {k: partner[k] for k in ("name", "country", "contact", "active", "reportingStandard",
                                    "defaultAdminFeePercent", "remittanceRequirements")}


def update_partner(ref: str, patch: dict, actor: str) -> dict:
    """Change any ``PartnerPatch`` field of a partner (``contact`` and
    ``remittanceRequirements`` are replaced whole). The AuditEvent stores the changed fields
    before → after; nothing is written when nothing changes. A new ``defaultAdminFeePercent``
    is carried to the mandates (COLLECTS ``feePercent``) of its agreements without a fee
    override. Returns the partner as ``get_partner``. Raises UnknownEntity, InvalidInput."""
    loaded = _load(PartnerPatch(), patch, partial=True)

    def work(tx):
        current = partner_in(tx, ref)
        old, new = changes(_input_shape(current), loaded)
        if not new:
            return current
        run(tx, "reciprocal/partners_update", participantId=current["participantId"], props=_stored(new))
        if "defaultAdminFeePercent" in new:
            run(tx, "reciprocal/partners_refresh_fees", code=current["code"],
                feePercent=decimal_string(new["defaultAdminFeePercent"]))
        audit.record(tx, actor, "partner.update", current["participantId"], before=old, after=new)
        return partner_in(tx, current["participantId"])
    return write(work)
