"""Reciprocal agreements with partner societies and the mandates they give (issue 7 item 1).

An agreement (``graph.reciprocal_schema.ReciprocalAgreement``, RCA-000001) names the territory
where we represent a partner, its dates, an admin fee override, the right types (default
performance) and a reporting frequency (Quarterly | SemiAnnual | Annual | a cron expression).

Status: Draft → Active → Suspended → Active …; any status but Terminated → Terminated (on a
date; terminal). Any other change is a ``StatusConflict`` (API 409); activating an agreement
that overlaps another Active agreement of the same partner (a common right type, country and
period) is one too, naming the other.

While an agreement is Active its partner's Society holds, for every work IN_REPERTOIRE_OF the
partner and every right type of the agreement, exactly one ``COLLECTS {basis: 'reciprocal',
agreementId, rightType, territories, excluded, validFrom, validTo, feePercent (the effective
admin fee), status: 'active'}`` edge (``app.services.collects`` conventions). Suspension sets
their status 'suspended' (``app.services.mandates`` skips them), reactivation 'active' again
(adding the works imported meanwhile), termination on a date ends them (validTo) and makes
the active ones 'superseded' — still valid for their dates, as history is never deleted.
Mandate precedence (local direct deal > reciprocal > none) then decides every usage. When a
work gets a partner's mandate while another society's reciprocal mandate overlaps it, a
DataQualityIssue ``reciprocal_mandate_conflict`` is recorded (refreshed on re-runs).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from itertools import islice

from marshmallow import Schema, ValidationError, fields, validate, validates, validates_schema
from neo4j import ManagedTransaction

from app.services import audit, quality
from app.services.catalog import UnknownEntity
from app.services.db import read, run, write
from app.services.entities import InvalidInput, StateConflict
from app.services.ids import reserve_ids
from app.services.partners import decimal_string, partner_in, percent
from app.services.reporting_periods import periods, valid_frequency
from graph.reciprocal_schema import AGREEMENT_STATUSES
from importers.catalog import TERRITORY_CODE, WORK_RIGHTS

CHUNK = 10_000  # works per mandate query: bounds the server's memory per query in one transaction
TRANSITIONS = {"Draft": {"Active", "Terminated"}, "Active": {"Suspended", "Terminated"},
               "Suspended": {"Active", "Terminated"}, "Terminated": set()}
CONFLICT_KIND = "reciprocal_mandate_conflict"


class StatusConflict(StateConflict):
    """A status change the agreement's state does not allow, or an activation overlapping
    another Active agreement of the partner (``other`` its id); API → 409."""

    def __init__(self, message: str, other: str | None = None):
        super().__init__(message)
        self.other = other


class AgreementRecord(Schema):
    """An agreement as ``create_agreement`` takes it: ``partner`` (participantId or society
    code; the API takes it from the URL), ``territories`` / ``excluded`` territory codes,
    ``validFrom`` (effective, inclusive), ``validTo`` (expiry, exclusive; null = open),
    ``adminFeePercent`` (overrides the partner's default when set), ``rightTypes`` (work rights,
    default performance), ``reportingFrequency``, ``status`` Draft (default) or Active."""

    partner = fields.String(required=True, validate=validate.Length(min=1, max=100))
    territories = fields.List(fields.String(validate=TERRITORY_CODE), required=True, validate=validate.Length(min=1))
    excluded = fields.List(fields.String(validate=TERRITORY_CODE), load_default=list)
    validFrom = fields.Date(required=True)
    validTo = fields.Date(load_default=None, allow_none=True, metadata={"description": "exclusive; null = open"})
    adminFeePercent = fields.Decimal(load_default=None, allow_none=True, places=None, validate=percent)
    rightTypes = fields.List(fields.String(validate=validate.OneOf(WORK_RIGHTS)), load_default=lambda: ["performance"],
                             validate=validate.Length(min=1))
    reportingFrequency = fields.String(required=True, metadata={
        "description": "Quarterly | SemiAnnual | Annual | a 5-field cron expression firing at most daily"})
    notes = fields.String(load_default=None, allow_none=True, validate=validate.Length(max=5000))
    status = fields.String(load_default="Draft", validate=validate.OneOf(("Draft", "Active")))

    @validates("reportingFrequency")
    def _frequency(self, value, **_):
        problem = valid_frequency(value)
        if problem:
            raise ValidationError(problem)

    @validates_schema(skip_on_field_errors=False)  # report a bad period beside other field errors
    def _period(self, data, **_):
        if data.get("validTo") is not None and data.get("validFrom") and data["validTo"] <= data["validFrom"]:
            raise ValidationError({"validTo": ["validTo must be after validFrom (it is exclusive)"]})


def effective_fee_percent(agreement: dict, partner: dict, override=None) -> Decimal:
    """The admin fee percent applied to a usage: the cycle's ``override`` when given, else the
    agreement's ``adminFeePercent``, else the partner's ``defaultAdminFeePercent`` (issue 7
    item 4 / the contract); values may be Decimal, decimal strings or None; 0 when none is set."""
    for value in (override, agreement.get("adminFeePercent"), partner.get("defaultAdminFeePercent")):
        if value is not None:
            return Decimal(value)
    return Decimal(0)


def _agreement_out(a: dict) -> dict:
    fee = a["adminFeePercent"]
    return {**{k: v for k, v in a.items() if k != "partnerFeePercent"},
            "adminFeePercent": None if fee is None else Decimal(fee),
            "rightTypes": a["rightTypes"] or ["performance"],
            "effectiveAdminFeePercent": effective_fee_percent(a, {"defaultAdminFeePercent": a["partnerFeePercent"]})}


def agreement_in(tx: ManagedTransaction, agreement_id: str) -> dict:
    """One agreement inside ``tx``: ``{agreementId, partnerCode, partnerId, partnerName,
    territories, excluded, validFrom, validTo, adminFeePercent (Decimal|None),
    effectiveAdminFeePercent (Decimal), rightTypes, status, reportingFrequency, notes,
    lastCycleEnd, createdAt, updatedAt, mandates {active, suspended, superseded}}``.
    Raises UnknownEntity."""
    rows = run(tx, "reciprocal/agreements_get", agreementIds=[agreement_id])
    if not rows:
        raise UnknownEntity("reciprocal agreement", agreement_id)
    return _agreement_out(rows[0]["agreement"])


def get_agreement(agreement_id: str) -> dict:
    """``agreement_in`` in its own read transaction. Raises UnknownEntity."""
    return read(agreement_in, agreement_id)


def list_agreements(skip: int, limit: int, partner_ref: str | None = None,
                    status: str | None = None) -> tuple[list[dict], int]:
    """A page of agreements ordered by id (each as ``get_agreement``) and the total;
    ``partner_ref`` (participantId or code) and ``status`` filter. Raises UnknownEntity for an
    unknown partner."""
    def work(tx):
        code = partner_in(tx, partner_ref)["code"] if partner_ref else None
        page = run(tx, "reciprocal/agreements_list", partnerCode=code, status=status, skip=skip, limit=limit)[0]
        rows = run(tx, "reciprocal/agreements_get", agreementIds=page["agreementIds"])
        return [_agreement_out(r["agreement"]) for r in rows], page["total"]
    return read(work)


def _mandate_params(agreement: dict, partner: dict) -> dict:
    """An agreement (stored shape) → the ``agreements_write_mandates`` parameter."""
    return {"agreementId": agreement["agreementId"], "partnerCode": partner["code"],
            "rightTypes": agreement["rightTypes"] or ["performance"], "territories": agreement["territories"],
            "excluded": agreement["excluded"] or [], "validFrom": agreement["validFrom"],
            "validTo": agreement["validTo"], "feePercent": decimal_string(effective_fee_percent(agreement, partner))}


def _chunks(items: list, size: int):
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def _write_mandates(tx: ManagedTransaction, params: dict, work_ids: list[str]) -> int:
    """Write one agreement's mandates on ``work_ids`` (``CHUNK`` per query) and record the
    conflicts with other partners' mandates; returns the edges created."""
    created = 0
    findings: list[quality.Finding] = []
    for chunk in _chunks(work_ids, CHUNK):
        created += run(tx, "reciprocal/agreements_write_mandates", agreement=params, workIds=chunk)[0]["created"]
        findings += [_conflict(params, row) for row in run(
            tx, "reciprocal/agreements_mandate_conflicts", agreementId=params["agreementId"],
            partnerCode=params["partnerCode"], territories=params["territories"], excluded=params["excluded"],
            workIds=chunk)]
    quality.record(tx, findings)
    return created


def _conflict(params: dict, row: dict) -> quality.Finding:
    codes = sorted({params["partnerCode"], row["otherCode"]})
    return quality.Finding(
        kind=CONFLICT_KIND, key=f"{CONFLICT_KIND}|{row['workId']}|{row['rightType']}|{'+'.join(codes)}",
        entity_id=row["workId"],
        message=f"{' and '.join(codes)} both hold a reciprocal {row['rightType']} mandate on {row['workId']} "
                f"for overlapping territories and dates (e.g. {', '.join(row['sharedCountries'])})",
        witness={"agreementId": params["agreementId"], "otherAgreementId": row["otherAgreementId"],
                 "validFrom": params["validFrom"], "validTo": params["validTo"],
                 "otherValidFrom": row["otherValidFrom"], "otherValidTo": row["otherValidTo"],
                 "sharedCountries": row["sharedCountries"]})


def add_repertoire_mandates(tx: ManagedTransaction, partner_code: str, work_ids: list[str]) -> int:
    """Give ``work_ids`` (works IN_REPERTOIRE_OF the partner; others are skipped) the mandates
    of every Active agreement of the partner ``partner_code``, inside ``tx`` (the repertoire
    import calls it for the works it links). Idempotent (one edge per agreement, work and right
    type); records ``reciprocal_mandate_conflict`` DataQualityIssues. Returns the edges created."""
    partner = partner_in(tx, partner_code)
    return sum(_write_mandates(tx, _mandate_params(row["agreement"], partner), work_ids)
               for row in run(tx, "reciprocal/agreements_active_of", partnerCode=partner["code"]))


def _check_overlap(tx: ManagedTransaction, agreement: dict) -> None:
    rows = run(tx, "reciprocal/agreements_overlapping", agreementId=agreement["agreementId"],
               partnerCode=agreement["partnerCode"], territories=agreement["territories"],
               excluded=agreement["excluded"], rightTypes=agreement["rightTypes"],
               validFrom=agreement["validFrom"], validTo=agreement["validTo"])
    if rows:
        other = rows[0]
        raise StatusConflict(f"agreement {agreement['agreementId']} would overlap Active agreement "
                             f"{other['agreementId']} of {agreement['partnerCode']} (e.g. in "
                             f"{', '.join(other['sharedCountries'])})", other=other["agreementId"])


def _activate(tx: ManagedTransaction, agreement: dict, partner: dict) -> int:
    """Overlap check, then the mandates on the whole repertoire; returns the edges created."""
    _check_overlap(tx, agreement)
    work_ids = run(tx, "reciprocal/agreements_repertoire_works", partnerCode=partner["code"])[0]["workIds"]
    return _write_mandates(tx, _mandate_params(agreement, partner), work_ids)


def create_agreement(record: dict, actor: str) -> dict:
    """Create an agreement (``AgreementRecord`` shape, validated here) in one transaction;
    created Active it is activated at once (its mandates written). Returns it as
    ``get_agreement``. Raises InvalidInput, UnknownEntity (the partner), StatusConflict (an
    overlapping Active agreement)."""
    try:
        loaded = AgreementRecord().load(record)
    except ValidationError as exc:
        raise InvalidInput(exc.messages) from exc

    def work(tx):
        partner = partner_in(tx, loaded["partner"])
        agreement_id = reserve_ids(tx, "reciprocal_agreement", 1)[0]
        stored = {k: v for k, v in loaded.items() if k != "partner"} | {
            "agreementId": agreement_id, "partnerCode": partner["code"],
            "adminFeePercent": decimal_string(loaded["adminFeePercent"])}
        run(tx, "reciprocal/agreements_lock_partner", partnerCode=partner["code"])
        run(tx, "reciprocal/agreements_create", agreement=stored)
        if stored["status"] == "Active":
            _activate(tx, stored, partner)
        audit.record(tx, actor, "reciprocal_agreement.create", agreement_id, after=stored)
        return agreement_in(tx, agreement_id)
    return write(work)


def set_status(agreement_id: str, status: str, actor: str, on: dt.date | None = None) -> dict:
    """Move an agreement to ``status`` (``TRANSITIONS``) and update its mandates in the same
    transaction, audited: Active writes them on the partner's whole repertoire (overlap check
    first), Suspended suspends them, Terminated ends the agreement and them on ``on`` (default
    today; not before validFrom). Returns the agreement as ``get_agreement``. Raises
    UnknownEntity, InvalidInput (status, on), StatusConflict."""
    if status not in AGREEMENT_STATUSES:
        raise InvalidInput({"status": [f"must be one of {', '.join(AGREEMENT_STATUSES)}"]})

    def work(tx):
        locked = run(tx, "reciprocal/agreements_lock", agreementId=agreement_id)
        if not locked:
            raise UnknownEntity("reciprocal agreement", agreement_id)
        current = agreement_in(tx, agreement_id)
        if status not in TRANSITIONS[current["status"]]:
            raise StatusConflict(f"agreement {agreement_id} is {current['status']}: it cannot become {status}")
        stored = {**current, "adminFeePercent": decimal_string(current["adminFeePercent"]), "status": status}
        partner = partner_in(tx, current["partnerCode"])
        props = {"status": status}
        if status == "Active":
            _activate(tx, stored, partner)
        elif status == "Suspended":
            run(tx, "reciprocal/agreements_close_mandates", partnerCode=partner["code"], agreementId=agreement_id,
                status="suspended", validTo=None)
        else:  # Terminated
            end = on or dt.date.today()
            if end < current["validFrom"]:
                raise InvalidInput({"on": [f"must not be before the agreement's validFrom {current['validFrom']}"]})
            props["validTo"] = min(end, current["validTo"] or end)
            run(tx, "reciprocal/agreements_close_mandates", partnerCode=partner["code"], agreementId=agreement_id,
                status="superseded", validTo=props["validTo"])
        run(tx, "reciprocal/agreements_set", agreementId=agreement_id, props=props)
        audit.record(tx, actor, f"reciprocal_agreement.{status.lower()}", agreement_id,
                     before={"status": current["status"], "validTo": current["validTo"]},
                     after={"status": status, "validTo": props.get("validTo", current["validTo"])})
        return agreement_in(tx, agreement_id)
    return write(work)


def mark_cycle_closed(agreement_id: str, period_end: dt.date, actor: str = "scheduler") -> dict:
    """Record that a scheduled cycle close covered the agreement up to ``period_end``
    (exclusive): ``lastCycleEnd`` becomes the later of it and the current one, so
    ``due_cycles`` stops offering those periods. Audited. Returns the agreement."""
    def work(tx):
        if not run(tx, "reciprocal/agreements_lock", agreementId=agreement_id):
            raise UnknownEntity("reciprocal agreement", agreement_id)
        current = agreement_in(tx, agreement_id)
        last = max(period_end, current["lastCycleEnd"] or period_end)
        if last != current["lastCycleEnd"]:
            run(tx, "reciprocal/agreements_set", agreementId=agreement_id, props={"lastCycleEnd": last})
            audit.record(tx, actor, "reciprocal_agreement.cycle_closed", agreement_id,
                         before={"lastCycleEnd": current["lastCycleEnd"]}, after={"lastCycleEnd": last})
        return agreement_in(tx, agreement_id)
    return write(work)


def due_cycles(today: dt.date) -> list[dict]:
    """The royalty cycles the scheduler should close: for each Active agreement, each period
    of its reporting frequency (``app.services.reporting_periods``; the first one from its
    validFrom) that ended on or before ``today`` and after its ``lastCycleEnd``, not past its
    validTo, once per territory of the agreement. ``[{agreementId, partnerCode, territory,
    period, periodStart, periodEnd}]`` ordered by agreement, period, territory."""
    due = []
    for a in read(lambda tx: run(tx, "reciprocal/agreements_active_all")):
        until = min(today, a["validTo"]) if a["validTo"] else today
        for p in periods(a["reportingFrequency"], a["validFrom"], until):
            if a["lastCycleEnd"] is None or p["periodEnd"] > a["lastCycleEnd"]:
                due += [{"agreementId": a["agreementId"], "partnerCode": a["partnerCode"], "territory": t, **p}
                        for t in a["territories"]]
    return due
