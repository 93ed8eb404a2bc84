"""Subscription plans and upgrades, as data (``plans.json`` beside this module: id, name,
rank, monthly price, features, limits — a null limit is unlimited).

A participant's current plan is its ``planId`` property (the default plan when it has none);
the available upgrades are the plans of a higher rank. Prices leave as exact ``Decimal``.
"""
from __future__ import annotations

import json
from decimal import Decimal
from functools import cache
from pathlib import Path

from app.services.catalog import ParticipantNotFound
from app.services.db import read, run

PLANS_FILE = Path(__file__).with_name("plans.json")


@cache
def catalog() -> dict:
    """The plans file: ``{currency, defaultPlanId, plans: [{planId, name, rank, price
    (Decimal), interval, features, limits}]}`` ordered by rank. Raises ValueError when the
    default plan is not among the plans or two plans share a rank."""
    data = json.loads(PLANS_FILE.read_text(encoding="utf-8"), parse_float=Decimal)
    plans = sorted(({**p, "price": Decimal(p["price"])} for p in data["plans"]), key=lambda p: p["rank"])
    if data["defaultPlanId"] not in {p["planId"] for p in plans}:
        raise ValueError(f"default plan {data['defaultPlanId']} is not in {PLANS_FILE}")
    if len({p["rank"] for p in plans}) != len(plans):
        raise ValueError(f"two plans share a rank in {PLANS_FILE}")
    return {**data, "plans": plans}


def _out(plan: dict, currency: str) -> dict:
    return {"planId": plan["planId"], "name": plan["name"],
            "price": {"amount": plan["price"], "currency": currency, "interval": plan["interval"]},
            "features": list(plan["features"]), "limits": dict(plan["limits"])}


def participant_plan(participant_id: str) -> dict:
    """``{participantId, currentPlan: plan, since (datetime | None), availableUpgrades: [plan]}``,
    each plan ``{planId, name, price {amount, currency, interval}, features, limits}``. A stored
    planId the file no longer has falls back to the default plan. Raises ParticipantNotFound."""
    rows = read(lambda tx: run(tx, "money/participant_plan", participantId=participant_id))
    if not rows:
        raise ParticipantNotFound(participant_id)
    data = catalog()
    by_id = {p["planId"]: p for p in data["plans"]}
    current = by_id.get(rows[0]["planId"]) or by_id[data["defaultPlanId"]]
    return {"participantId": participant_id, "currentPlan": _out(current, data["currency"]),
            "since": rows[0]["planSince"] if current["planId"] == rows[0]["planId"] else None,
            "availableUpgrades": [_out(p, data["currency"]) for p in data["plans"] if p["rank"] > current["rank"]]}
