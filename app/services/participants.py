"""Participants one at a time (the API): create, read, list, update.

A participant has kinds, a stage/trading ``name`` and a ``legalName``, email, country, tax info
kept masked (TIN type + last 4 characters: the full TIN never reaches the graph, the audit
trail or a response), external identifiers (``Identifier`` nodes: IPI name number, ISNI,
society member ids, Spotify / Apple artist ids) and society memberships with dates
(``MEMBER_OF {role, memberId, validFrom, validTo}``).

There is no delete, on purpose: history is never deleted. A membership is ended by giving it
a ``validTo``; memberships are never removed.
"""
from __future__ import annotations

import re
from itertools import groupby

from neo4j import ManagedTransaction

from app.services import audit, payout_methods, registration_gaps
from app.services.catalog import ensure_identifiers_free, upsert_participants
from app.services.db import read, run, write
from app.services.entities import InvalidInput, add_error, changes, get_one, page_of
from app.services.societies import society_codes

# Identifier schemes besides society member ids (whose scheme is the society's code, e.g. BMI).
IDENTIFIER_SCHEMES = ("IPI", "ISNI", "SPOTIFY", "APPLE")
MEMBERSHIP_ROLES = ("writer", "publisher", "performer", "label")
TIN_TYPES = ("SSN", "EIN", "ITIN", "VAT", "TIN", "other")

# The shape of each TIN type once separators are removed and letters upper-cased. Messages
# name the rule and never the value. Sources: SSA (SSN never has area 000, 666 or 9xx, group 00
# or serial 0000), IRS (EIN 9 digits; ITIN 9 digits starting with 9, 4th–5th digits 50–65,
# 70–88, 90–92 or 94–99), EU VIES (VAT: country prefix + 2–13 characters).
_TIN_RULES = {
    "SSN": (re.compile(r"(?!000|666|9)\d{3}(?!00)\d{2}(?!0000)\d{4}"),
            "an SSN is 9 digits AAA-GG-SSSS; area not 000, 666 or 9xx, group not 00, serial not 0000 (SSA)"),
    "EIN": (re.compile(r"\d{9}"), "an EIN is 9 digits NN-NNNNNNN (IRS)"),
    "ITIN": (re.compile(r"9\d{2}(5[0-9]|6[0-5]|7[0-9]|8[0-8]|9[0-2]|9[4-9])\d{4}"),
             "an ITIN is 9 digits 9NN-GG-NNNN with GG in 50–65, 70–88, 90–92 or 94–99 (IRS)"),
    "VAT": (re.compile(r"[A-Z]{2}[A-Z0-9]{2,13}"),
            "a VAT number is a 2-letter country prefix and 2–13 letters or digits (EU VIES)"),
    "TIN": (re.compile(r"[A-Z0-9]{4,30}"), "a TIN is 4–30 letters or digits"),
    "other": (re.compile(r"[A-Z0-9]{4,30}"), "a tax id is 4–30 letters or digits"),
}
_TIN_SEPARATORS = re.compile(r"[\s./-]")


def mask_tin(tin_type: str, tin: str) -> dict:
    """``{tinType, last4}``: the only form of a TIN that is ever kept. Raises ValueError with
    the type's rule (never the TIN itself) when ``tin`` does not have the shape of ``tin_type``."""
    compact = _TIN_SEPARATORS.sub("", tin).upper()
    shape, rule = _TIN_RULES[tin_type]
    if shape.fullmatch(compact) is None:
        raise ValueError(rule)
    return {"tinType": tin_type, "last4": compact[-4:]}


def create_participant(record: dict, currency: str, actor: str) -> dict:
    """Create one participant with its wallet in ``currency``; returns it as ``get_participant``.

    ``record``: ``{kinds, name, legalName, country, email, identifiers: [{scheme, value}]
    (normalized), payoutMethod: {type, label (masked)}|None, taxInfo: {tinType, last4}|None,
    memberships: [{society, role, memberId|None, validFrom, validTo|None}]}``.
    Raises InvalidInput (unknown identifier scheme or society, overlapping memberships) and
    catalog.DuplicateIdentifier (an identifier or member id held by another entity)."""
    def work(tx):
        _check(tx, record.get("identifiers", []), record.get("memberships", []), [])
        ensure_identifiers_free(tx, _identifier_pairs(record))
        pid = upsert_participants(tx, [{**record, "ref": None}], currency).ids["0"]
        run(tx, "catalog/update_participant", participantId=pid, props=_tax_props(record.get("taxInfo")),
            identifiers=None, memberships=record.get("memberships", []))
        registration_gaps.invalidate(tx, participant_ids=[pid])  # memberships choose its works' societies
        audit.record(tx, actor, "participant.create", pid, after=record)
        return _get(tx, pid, currency)
    return write(work)


def get_participant(participant_id: str, currency: str) -> dict:
    """``{participantId, kinds, name, legalName, country, email, identifiers: [{scheme, value}],
    memberships: [{society, societyName, role, memberId, validFrom, validTo}], taxInfo:
    {tinType, last4}|None, payoutMethod: {type, label}|None, walletId}``. Raises UnknownEntity."""
    return read(_get, participant_id, currency)


def list_participants(skip: int, limit: int, currency: str, kind: str | None = None, name: str | None = None,
                      country: str | None = None, society: str | None = None,
                      identifier: tuple[str, str] | None = None) -> tuple[list[dict], int]:
    """A page of participants (ordered by id) and the total count. Filters: ``kind``; ``name``
    (case-insensitive part of the name or legal name); ``country``; ``society`` (member of it,
    in any period); ``identifier`` ``(scheme, normalized value)``."""
    scheme, value = identifier or (None, None)
    rows, total = page_of("participant", skip, limit, {"kind": kind, "name": name, "country": country,
                                                       "society": society, "scheme": scheme, "value": value},
                          currency=currency)
    return [_participant_out(row) for row in rows], total


def update_participant(participant_id: str, patch: dict, currency: str, actor: str) -> dict:
    """Apply a partial update; returns the participant as ``get_participant``.

    ``patch`` has any of ``create_participant``'s fields; a field left out is unchanged, a
    null clears it. ``identifiers`` is the complete new set; ``memberships`` are merged into
    the existing ones on (society, role, validFrom): a listed one is created or updated (its
    memberId, its validTo), the others are kept. The AuditEvent stores the changed fields
    before → after (none is written when nothing changed). ``payoutMethod`` is only set here
    while the participant has no payout method (``payout_methods``): afterwards it is InvalidInput.
    Raises UnknownEntity, InvalidInput, catalog.DuplicateIdentifier."""
    def work(tx):
        current = _get(tx, participant_id, currency)
        incoming = patch.get("memberships", [])
        _check(tx, patch.get("identifiers", []), incoming, current["memberships"])
        ensure_identifiers_free(tx, _identifier_pairs(patch), holder_id=participant_id)
        before = _input_shape(current)
        wanted = dict(patch)
        if "memberships" in patch:
            wanted["memberships"] = _merged(current["memberships"], incoming)
        old, new = changes(before, _input_shape({**before, **wanted}, keys=wanted))
        if not new:
            return current
        props = {k: new[k] for k in ("kinds", "name", "legalName", "country", "email") if k in new}
        if "payoutMethod" in new:
            payout_methods.refuse_catalog_edit(tx, participant_id)
            method = new["payoutMethod"] or {}
            props |= {"payoutMethodType": method.get("type"), "payoutMethodLabel": method.get("label")}
        if "taxInfo" in new:
            props |= _tax_props(new["taxInfo"])
        run(tx, "catalog/update_participant", participantId=participant_id, props=props,
            identifiers=_keyed(new["identifiers"]) if "identifiers" in new else None, memberships=incoming)
        registration_gaps.invalidate(tx, participant_ids=[participant_id])  # country, memberships
        audit.record(tx, actor, "participant.update", participant_id, before=old, after=new)
        return _get(tx, participant_id, currency)
    return write(work)


def _get(tx: ManagedTransaction, participant_id: str, currency: str) -> dict:
    return _participant_out(get_one(tx, "participant", participant_id, currency=currency))


def _participant_out(p: dict) -> dict:
    method_type, label = p.pop("payoutMethodType"), p.pop("payoutMethodLabel")
    tin_type, last4 = p.pop("taxTinType"), p.pop("taxTinLast4")
    return {**p, "payoutMethod": {"type": method_type, "label": label} if method_type else None,
            "taxInfo": {"tinType": tin_type, "last4": last4} if tin_type else None}


def _tax_props(tax_info: dict | None) -> dict:
    """The masked tax info as Participant properties (None removes them)."""
    tax_info = tax_info or {}
    return {"taxTinType": tax_info.get("tinType"), "taxTinLast4": tax_info.get("last4")}


def _identifier_pairs(record: dict) -> list[tuple[str, str]]:
    """Every (scheme, value) the record would hold: its identifiers and its member ids."""
    return ([(i["scheme"], i["value"]) for i in record.get("identifiers") or []]
            + [(m["society"], m["memberId"]) for m in record.get("memberships") or [] if m.get("memberId")])


def _keyed(identifiers: list[dict]) -> list[dict]:
    return [{"key": f"{i['scheme']}:{i['value']}", **i} for i in identifiers]


_MEMBERSHIP_FIELDS = ("society", "role", "memberId", "validFrom", "validTo")


def _membership_key(m: dict) -> tuple:
    return m["society"], m["role"], m["validFrom"]


def _merged(existing: list[dict], incoming: list[dict]) -> list[dict]:
    by_key = {_membership_key(m): {k: m.get(k) for k in _MEMBERSHIP_FIELDS} for m in existing}
    by_key.update({_membership_key(m): {k: m.get(k) for k in _MEMBERSHIP_FIELDS} for m in incoming})
    return list(by_key.values())


def _input_shape(view: dict, keys=None) -> dict:
    """The fields of a participant in the shape of the create/patch input (lists sorted), for
    comparing and auditing; only ``keys`` when given."""
    shape = {k: view.get(k) for k in ("kinds", "name", "legalName", "country", "email", "payoutMethod", "taxInfo")}
    shape["identifiers"] = sorted(({"scheme": i["scheme"], "value": i["value"]} for i in view.get("identifiers") or []),
                                  key=lambda i: (i["scheme"], i["value"]))
    shape["memberships"] = sorted(({k: m.get(k) for k in _MEMBERSHIP_FIELDS} for m in view.get("memberships") or []),
                                  key=_membership_key)
    return shape if keys is None else {k: shape[k] for k in keys}


def _check(tx: ManagedTransaction, identifiers: list[dict], incoming: list[dict], existing: list[dict]) -> None:
    """Raise InvalidInput listing every identifier of an unknown scheme, every membership of an
    unknown society, and every incoming membership whose period overlaps another of the same
    society and role (``existing`` ones included: they are kept)."""
    errors: dict = {}
    codes = society_codes(tx)
    for i, ident in enumerate(identifiers):
        if ident["scheme"] not in codes and ident["scheme"] not in IDENTIFIER_SCHEMES:
            add_error(errors, ("identifiers", i, "scheme"),
                      f"unknown scheme {ident['scheme']!r}: use {', '.join(IDENTIFIER_SCHEMES)} or a society code "
                      "(GET /api/societies) for a member id")
    for i, m in enumerate(incoming):
        if m["society"] not in codes:
            add_error(errors, ("memberships", i, "society"), f"unknown society {m['society']!r} (GET /api/societies)")
    for i, message in _overlaps(existing, incoming):
        add_error(errors, ("memberships", i, "validFrom"), message)
    if errors:
        raise InvalidInput(errors)


def _overlaps(existing: list[dict], incoming: list[dict]) -> list[tuple[int, str]]:
    """(index in ``incoming``, message) for each overlap of periods [validFrom, validTo) among
    the memberships of one society and role, after merging ``incoming`` into ``existing``."""
    merged = {_membership_key(m): (None, m) for m in existing}
    merged.update({_membership_key(m): (i, m) for i, m in enumerate(incoming)})
    found = []
    ordered = sorted(merged.values(), key=lambda im: _membership_key(im[1]))
    for (society, role), group in groupby(ordered, key=lambda im: (im[1]["society"], im[1]["role"])):
        periods = list(group)
        for (i_prev, prev), (i_cur, cur) in zip(periods, periods[1:]):
            if prev["validTo"] is None or prev["validTo"] > cur["validFrom"]:
                until = prev["validTo"] or "open"
                found.append((i_cur if i_cur is not None else i_prev,
                              f"{society} {role} membership from {cur['validFrom']} overlaps the one from "
                              f"{prev['validFrom']} to {until} (end that one first: validTo is exclusive)"))
    return found
