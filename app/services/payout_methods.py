"""Payout methods: where a participant's payouts go (bank_transfer, paypal, mobile_money).

Only a masked form is ever kept or shown: a bank account or mobile-money number becomes its last
4 characters ("Chase ••••1234", "MTN MoMo ••••5678"), a PayPal address its first letter and
domain ("PayPal a•••@example.com"). The full number stays with the bank or payment provider;
``externalRef`` may carry their token for it. Methods are never deleted (a payout names its
method): they are deactivated. At most one active method is the default, and its type and
label are copied to the participant's ``payoutMethodType`` / ``payoutMethodLabel`` (what the
Money Hub shows as ``defaultPayoutMethod``). A participant whose payout method came with the
catalog (those two fields, no PayoutMethod yet) gets it as its first method the first time its
methods are written or a payout is requested.
"""
from __future__ import annotations

import re

from neo4j import ManagedTransaction

from app.services import audit
from app.services.catalog import ParticipantNotFound, UnknownEntity
from app.services.db import read, run, write
from app.services.entities import InvalidInput
from app.services.ids import reserve_ids

MASK = "••••"
LABELS = {"bank_transfer": "bank", "mobile_money": "mobile money"}  # default institution words
_LAST_DIGITS = re.compile(r"(\d{4})\D*$")


def mask(record: dict) -> dict:
    """The storable form of a new method ``{type, institution|None, accountNumber|None,
    email|None, externalRef|None}`` (validated by the API schema): ``{type, label, institution,
    last4, externalRef}`` — the account number and address themselves are dropped."""
    kind, institution = record["type"], record.get("institution")
    if kind == "paypal":
        local, _, domain = record["email"].partition("@")
        return {"type": kind, "label": f"PayPal {local[0]}•••@{domain}", "institution": "PayPal", "last4": None,
                "externalRef": record.get("externalRef")}
    last4 = re.sub(r"[^0-9A-Za-z]", "", record["accountNumber"])[-4:].upper()
    return {"type": kind, "label": f"{institution or LABELS[kind]} {MASK}{last4}", "institution": institution,
            "last4": last4, "externalRef": record.get("externalRef")}


def list_methods(participant_id: str) -> list[dict]:
    """The participant's payout methods, newest first (the catalog's one, not yet a node, as a
    default method with methodId None). Raises ParticipantNotFound."""
    participant, methods = read(_methods_of, participant_id)
    if not methods and participant["payoutMethodType"]:
        return [_legacy(participant)]
    return methods


def add_method(participant_id: str, record: dict, make_default: bool, actor: str) -> dict:
    """Add a method (``record`` as ``mask`` takes it); it becomes the default when asked or
    when the participant has no active default. Audited. Returns the stored method.
    Raises ParticipantNotFound."""
    stored = mask(record)

    def work(tx):
        methods = ensure_methods(tx, participant_id, actor)
        method_id = reserve_ids(tx, "payout_method", 1)[0]
        run(tx, "payouts/create_method", participantId=participant_id, method={"methodId": method_id, **stored})
        audit.record(tx, actor, "payout_method.add", method_id, after={"participantId": participant_id, **stored})
        if make_default or not any(m["isDefault"] and m["status"] == "active" for m in methods):
            _set_default(tx, participant_id, method_id, methods, actor)
        return _one(tx, participant_id, method_id)
    return write(work)


def update_method(participant_id: str, method_id: str, patch: dict, actor: str) -> dict:
    """Apply ``patch`` ``{isDefault: true}`` (make it the default) and/or ``{status: active |
    inactive}``; deactivating the default leaves the participant without one. Audited.
    Raises ParticipantNotFound, UnknownEntity (the method), InvalidInput (an inactive method as default)."""
    def work(tx):
        methods = ensure_methods(tx, participant_id, actor)
        method = next((m for m in methods if m["methodId"] == method_id), None)
        if method is None:
            raise UnknownEntity("payout method", method_id)
        status = patch.get("status", method["status"])
        if patch.get("isDefault") and status != "active":
            raise InvalidInput({"isDefault": ["an inactive payout method cannot be the default"]})
        if status != method["status"]:
            run(tx, "payouts/set_method_status", methodId=method_id, status=status)
            audit.record(tx, actor, "payout_method.status", method_id, before={"status": method["status"]},
                         after={"status": status})
        if patch.get("isDefault") and not method["isDefault"]:
            _set_default(tx, participant_id, method_id, methods, actor)
        elif status == "inactive" and method["isDefault"]:
            _set_default(tx, participant_id, None, methods, actor)
        return _one(tx, participant_id, method_id)
    return write(work)


def resolve(methods: list[dict], participant_id: str, method_id: str | None) -> tuple[dict | None, str | None]:
    """(method, None) for the active method a payout goes to among ``methods`` (``ensure_methods``):
    ``method_id``, or else the default; (None, why) when there is no such method."""
    if method_id is None:
        default = next((m for m in methods if m["isDefault"] and m["status"] == "active"), None)
        return (default, None) if default else (None, f"{participant_id} has no default payout method: add one "
                                                      f"(POST /api/participants/{participant_id}/payout-methods)")
    method = next((m for m in methods if m["methodId"] == method_id and m["status"] == "active"), None)
    return (method, None) if method else (None, f"{method_id} is not an active payout method of {participant_id}")


def refuse_catalog_edit(tx: ManagedTransaction, participant_id: str) -> None:
    """Raise InvalidInput naming ``payoutMethod`` when the participant has payout methods: its
    display method then follows its default method, so the catalog field may no longer set it."""
    if _methods_of(tx, participant_id)[1]:
        raise InvalidInput({"payoutMethod": [
            f"{participant_id} has payout methods: add or choose the default one with "
            f"POST or PATCH /api/participants/{participant_id}/payout-methods"]})


def ensure_methods(tx: ManagedTransaction, participant_id: str, actor: str) -> list[dict]:
    """The participant's methods under its write lock, first turning its catalog payout method
    (if any, and no method exists yet) into its default PayoutMethod. Raises ParticipantNotFound."""
    if not run(tx, "payouts/lock_participant", participantId=participant_id):
        raise ParticipantNotFound(participant_id)
    participant, methods = _methods_of(tx, participant_id)
    if methods or not participant["payoutMethodType"]:
        return methods
    legacy = _legacy(participant)
    method_id = reserve_ids(tx, "payout_method", 1)[0]
    stored = {k: legacy[k] for k in ("type", "label", "institution", "last4", "externalRef")}
    run(tx, "payouts/create_method", participantId=participant_id, method={"methodId": method_id, **stored})
    run(tx, "payouts/set_default_method", participantId=participant_id, methodId=method_id)
    audit.record(tx, actor, "payout_method.add", method_id,
                 after={"participantId": participant_id, **stored, "from": "participant.payoutMethod"})
    return _methods_of(tx, participant_id)[1]


def _methods_of(tx: ManagedTransaction, participant_id: str) -> tuple[dict, list[dict]]:
    rows = run(tx, "payouts/methods_of", participantId=participant_id)
    if not rows:
        raise ParticipantNotFound(participant_id)
    return rows[0]["participant"], rows[0]["methods"]


def _legacy(participant: dict) -> dict:
    """The catalog's payout method of a participant as a method (label already masked)."""
    label = participant["payoutMethodLabel"] or participant["payoutMethodType"]
    digits = _LAST_DIGITS.search(label)
    return {"methodId": None, "participantId": participant["participantId"], "type": participant["payoutMethodType"],
            "label": label, "institution": None, "last4": digits.group(1) if digits else None, "externalRef": None,
            "isDefault": True, "status": "active", "createdAt": None, "updatedAt": None}


def _set_default(tx: ManagedTransaction, participant_id: str, method_id: str | None, methods: list[dict],
                 actor: str) -> None:
    before = next((m["methodId"] for m in methods if m["isDefault"]), None)
    run(tx, "payouts/set_default_method", participantId=participant_id, methodId=method_id)
    audit.record(tx, actor, "payout_method.default", participant_id, before={"defaultMethodId": before},
                 after={"defaultMethodId": method_id})


def _one(tx: ManagedTransaction, participant_id: str, method_id: str) -> dict:
    return next(m for m in _methods_of(tx, participant_id)[1] if m["methodId"] == method_id)
