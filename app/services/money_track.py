"""The Money Hub's track page: one recording seen by one participant.

Income comes from the track rollups (``TrackIncomeRollup``: per participant × source × right
type, lifetime and latest month — catalog-sized, never history-sized); ownership and parties
from the rights graph on ``today``; the split status from the validator's own query
(``validation.violations``), the registrations from ``registrations.statuses`` and the track
status as the Money Hub computes it (``money_hub.track_statuses``). Amounts leave as exact
``Decimal``; shares as percent ``Decimal`` (4 decimals).
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict

from app.money import format_amount
from app.money.shares import millionths_to_percent
from app.services import money_hub, registrations, validation
from app.services.catalog import UnknownEntity
from app.services.db import read, run, settings
from app.services.entities import missing_references


class NotOnTrack(PermissionError):
    """The participant has no role, ownership or income on the recording (a participant token
    may not look at other people's tracks: API → 403)."""


def track(recording_id: str, participant_id: str, *, with_total: bool, today: dt.date | None = None) -> dict:
    """``{recordingId, title, isrc, primaryArtist, works [{workId, title, iswc}], participantId,
    currency, status (ok | missing_publishing | disputed), income, trackIncome, roles [str],
    ownership [slice], participants [{participantId, name, roles, ownership [slice]}], split
    {status (valid | not_adding_up), violations [...]}, registrations [{assetId, assetKind,
    societyCode, societyName, status (not_registered | pending | registered)}]}``.

    ``income`` (the participant's) and ``trackIncome`` (every participant's together, when
    ``with_total``, else None) are ``{lastPeriod ('YYYY-MM' | None), lifetime, lastPeriodIncome}``,
    each ``{total, byRightType [{rightType, amount}], bySource [{source, label, amount}]}``;
    the last period is the latest month the track earned in (for the participant / at all).
    A slice: ``{assetId, assetKind (recording | work), rightType, share (percent), role,
    territories, excluded, validFrom, validTo, agreementId}`` in force on ``today``; roles are
    the performer roles (PERFORMS_ON) and the ownership roles of the slices.
    Raises UnknownEntity (the recording or the participant), NotOnTrack (no role, slice or income, and not
    ``with_total``: staff may look at anyone's view of any track)."""
    today = today or dt.datetime.now(dt.timezone.utc).date()
    currency = settings().wallet_currency

    def work(tx):
        missing = missing_references(tx, participant_ids=[participant_id], recording_ids=[recording_id])
        if missing["recording"]:
            raise UnknownEntity("recording", recording_id)
        if missing["participant"]:
            raise UnknownEntity("participant", participant_id)
        parties = run(tx, "money/track_parties", recordingId=recording_id, asOf=today)[0]
        income = run(tx, "money/track_income", recordingId=recording_id, currency=currency,
                     participantId=None if with_total else participant_id)
        assets = [recording_id, *(w["workId"] for w in parties["works"])]
        violations = validation.violations(tx, assets)
        regs = [r for r in registrations.statuses(tx, participant_id, today) if r["assetId"] in assets]
        status = money_hub.track_statuses(tx, [recording_id], today)[recording_id]
        return parties, income, violations, regs, status

    parties, income, violations, regs, status = read(work)
    people = _participants(parties)
    own = people.get(participant_id, {"roles": [], "ownership": []})
    own_income = [r for r in income if r["participantId"] == participant_id]
    if not (own["roles"] or own_income or with_total):
        raise NotOnTrack(f"{participant_id} has no part in recording {recording_id}")
    recording = parties["recording"]
    return {
        "recordingId": recording_id, "title": recording["title"], "isrc": recording["isrc"],
        "primaryArtist": status["primaryArtist"] or "", "works": parties["works"],
        "participantId": participant_id, "currency": currency, "status": status["status"],
        "income": _income(own_income), "trackIncome": _income(income) if with_total else None,
        "roles": own["roles"], "ownership": own["ownership"],
        "participants": [{"participantId": pid, **p} for pid, p in sorted(people.items())],
        "split": {"status": "not_adding_up" if violations else "valid",
                  "violations": [_violation(v) for v in violations]},
        "registrations": [{"assetId": r["assetId"], "assetKind": r["assetKind"], "societyCode": r["societyCode"],
                           "societyName": r["societyName"], "status": r["status"]} for r in regs],
    }


def _participants(parties: dict) -> dict[str, dict]:
    """``{participantId: {name, roles, ownership}}`` of a ``track_parties`` row."""
    people: dict[str, dict] = {}

    def person(pid: str, name: str) -> dict:
        return people.setdefault(pid, {"name": name, "roles": [], "ownership": []})

    for p in parties["performers"]:
        person(p["participantId"], p["name"])["roles"].append(p["role"])
    for o in parties["owns"]:
        entry = person(o["participantId"], o["name"])
        entry["roles"].append(o["role"] or "owner")
        entry["ownership"].append(slice_out(o))
    for entry in people.values():
        entry["roles"] = sorted(set(entry["roles"]))
    return people


def slice_out(o: dict) -> dict:
    """An OWNS slice row for the Money Hub: share in percent, validity, agreement."""
    return {"assetId": o["assetId"], "assetKind": o["assetKind"], "rightType": o["rightType"],
            "share": millionths_to_percent(o["share"]), "role": o["role"], "territories": o["territories"],
            "excluded": o["excluded"], "validFrom": o["validFrom"], "validTo": o["validTo"],
            "agreementId": o["agreementId"]}


def _income(rows: list[dict]) -> dict:
    """Lifetime and latest-month income of track rollup rows (see ``track``)."""
    last = max((r["lastPeriod"] for r in rows), default=None)
    lifetime = _breakdown([(r, r["amount"]) for r in rows])
    latest = _breakdown([(r, r["lastPeriodAmount"]) for r in rows if r["lastPeriod"] == last])
    return {"lastPeriod": last, "lifetime": lifetime, "lastPeriodIncome": latest}


def _breakdown(amounts: list[tuple[dict, int]]) -> dict:
    by_right, by_source, labels = defaultdict(int), defaultdict(int), {}
    for row, amount in amounts:
        by_right[row["rightType"]] += amount
        by_source[row["source"]] += amount
        labels[row["source"]] = row["sourceLabel"]
    order = lambda kv: (-kv[1], kv[0])  # noqa: E731 — highest first, then by name
    return {"total": format_amount(sum(by_right.values())),
            "byRightType": [{"rightType": r, "amount": format_amount(a)}
                            for r, a in sorted(by_right.items(), key=order) if a],
            "bySource": [{"source": s, "label": labels[s], "amount": format_amount(a)}
                         for s, a in sorted(by_source.items(), key=order) if a]}


def _violation(v: dict) -> dict:
    return {"assetId": v["assetId"], "rightType": v["rightType"], "country": v["country"],
            "restOfWorld": v["restOfWorld"], "date": v["date"], "until": v["until"],
            "total": millionths_to_percent(v["total"]), "kinds": v["kinds"]}
