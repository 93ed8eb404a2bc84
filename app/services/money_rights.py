"""The Money Hub's rights page: what a participant owns, where, since when, under which
agreement, and whether each asset is registered and disputed.

Slices come from the rights graph (every OWNS slice of the participant, history included, with
``inForce`` on ``as_of``), registration status from ``registrations.statuses`` (the societies
each asset should be registered with), the disputed flag from ``disputes.active_disputes`` (a
recording is also disputed while its work is). Shares leave as percent ``Decimal``.
"""
from __future__ import annotations

import datetime as dt

from app.money.shares import millionths_to_percent
from app.services import disputes, registrations
from app.services.catalog import ParticipantNotFound
from app.services.db import read, run


def registration_summary(statuses: list[str]) -> str | None:
    """One status for an asset from its per-society statuses: ``not_registered`` when any
    society lacks it, else ``pending`` when any submission is pending, else ``registered``;
    None when no society applies (e.g. a work whose publishing share has ended)."""
    for status in ("not_registered", "pending", "registered"):
        if status in statuses:
            return status
    return None


def rights(participant_id: str, skip: int, limit: int, as_of: dt.date | None = None) -> dict:
    """``{participantId, asOf, total, assets: [{assetId, assetKind (recording | work), title,
    code (ISRC | ISWC), rights [{rightType, share (percent), role, territories, excluded,
    validFrom, validTo, agreementId, status, inForce}], registrations [{societyCode, societyName,
    status}], registrationStatus (registration_summary), disputed, disputeIds}]}`` — a page of
    ``limit`` assets after ``skip``, recordings first; ``total`` counts all. Raises
    ParticipantNotFound."""
    as_of = as_of or dt.datetime.now(dt.timezone.utc).date()

    def work(tx):
        rows = run(tx, "money/participant_rights", participantId=participant_id, asOf=as_of, skip=skip, limit=limit)
        if not rows:
            raise ParticipantNotFound(participant_id)
        return rows[0], registrations.statuses(tx, participant_id, as_of)

    page, statuses = read(work)
    by_asset: dict[str, list[dict]] = {}
    for r in statuses:
        by_asset.setdefault(r["assetId"], []).append(r)
    disputed = disputes.active_disputes([a["assetId"] for a in page["items"]])
    assets = []
    for a in page["items"]:
        regs = by_asset.get(a["assetId"], [])
        assets.append({
            "assetId": a["assetId"], "assetKind": a["assetKind"], "title": a["title"], "code": a["code"],
            "rights": [{**s, "share": millionths_to_percent(s["share"])} for s in a["slices"]],
            "registrations": [{"societyCode": r["societyCode"], "societyName": r["societyName"],
                               "status": r["status"]} for r in regs],
            "registrationStatus": registration_summary([r["status"] for r in regs]),
            "disputed": a["assetId"] in disputed,
            "disputeIds": sorted({d["disputeId"] for d in disputed.get(a["assetId"], [])})})
    return {"participantId": participant_id, "asOf": as_of, "total": page["total"], "assets": assets}
