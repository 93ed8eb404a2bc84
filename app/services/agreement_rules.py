"""An agreement checked in full and turned into the edges it creates (issue 3 item 3).

An agreement is ``{type, title, validFrom, validTo|None, territories, excluded, parties:
[{participantId, role}], scope: {works, recordings, catalogueOf}, terms, documents}``;
``terms`` (the schema of the API's ``AgreementTermsIn``):

* ``shares``: ``[{participantId, rightType, share (percent), territories|None, excluded|None}]``
  — the ownership the agreement grants. The shares of one right type are the *whole* split of
  that right on every asset in scope whose kind carries it (a master right on the recordings, a
  performance right on the works…), validated like any split (``split_rules``: 100 % ± 0.06 in
  every territory, CWR publisher share). Each owner's role on the OWNS slice is its party role;
  its territories/excluded default to the agreement's. Required for master_split,
  co_publishing and producer_royalty; none for reciprocal (collection only).
* ``collectedRights`` (default performance, mechanical) and ``adminFeePercent``: for
  publishing_administration, sub_publishing and reciprocal, the party with the collecting role
  (administrator, sub_publisher, society) collects those rights of every work in scope in the
  agreement's territories — COLLECTS basis admin (reciprocal: basis reciprocal) with
  ``feePercent`` = ``adminFeePercent``.
* ``recoupable`` (bool), ``advance`` (``{amount, currency}``), ``notes``: kept with the
  agreement for the money side (recoupment), no edges.

Whole-catalogue scope (``catalogueOf``): every work and recording the participant owns (any
right, any territory) on the effective date.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from neo4j import ManagedTransaction

from app.services.db import run
from app.services.split_rules import (
    RIGHTS_OF,
    Problems,
    check_owners,
    load_references,
    territory_codes,
    territory_leaves,
)
from app.services.splits import ownership_record
from importers.catalog import WORK_RIGHTS

TYPES = ("master_split", "publishing_administration", "co_publishing", "sub_publishing", "producer_royalty",
         "distribution", "reciprocal")
PARTY_ROLES = ("artist", "label", "writer", "publisher", "administrator", "sub_publisher", "producer",
               "distributor", "society")
SHARE_TYPES = frozenset({"master_split", "co_publishing", "producer_royalty"})
# The party role that collects under each collecting agreement type, and the COLLECTS basis.
COLLECTING = {"publishing_administration": ("administrator", "admin"), "sub_publishing": ("sub_publisher", "admin"),
              "reciprocal": ("society", "reciprocal")}
DEFAULT_COLLECTED_RIGHTS = ("performance", "mechanical")


@dataclass(frozen=True)
class Plan:
    """What recording (or amending) an agreement writes from ``effective_from``: the covered
    assets (id → kind), the splits it rewrites (``splits.write_splits`` keys), their OWNS
    records, and the COLLECTS rows (``collects.add_collects`` shape)."""

    effective_from: dt.date
    assets: dict[str, str]
    splits: list[dict]
    ownership: list[dict]
    collects: list[dict]


def plan(tx: ManagedTransaction, agreement: dict, effective_from: dt.date, agreement_id: str,
         covered: dict[str, str] | None = None, problems: Problems | None = None) -> Plan:
    """Check ``agreement`` (module docstring shape) and plan its edges from ``effective_from``.

    ``covered``: the assets already covered (an amendment that keeps the scope), instead of
    resolving ``scope``; ``problems``: problems the caller found already, reported with these.
    Raises entities.InvalidInput listing every problem by field path."""
    problems = problems or Problems()
    parties, scope, shares = agreement["parties"], agreement["scope"], agreement["terms"]["shares"]
    refs = load_references(
        tx, [p["participantId"] for p in parties] + [s["participantId"] for s in shares] + scope["catalogueOf"],
        scope["works"] + scope["recordings"], territory_codes([agreement, *shares]))
    if agreement["validTo"] is not None and agreement["validTo"] <= agreement["validFrom"]:
        problems.add(("validTo",), f"validTo {agreement['validTo']} must be after validFrom {agreement['validFrom']}")
    for key in ("territories", "excluded"):
        territory_leaves(refs, agreement[key], (key,), problems)
    role_of = _party_roles(refs, parties, problems)
    assets = covered if covered is not None else _scope_assets(tx, refs, scope, effective_from, problems)
    splits, ownership = _ownership(refs, agreement, effective_from, agreement_id, role_of, assets, problems)
    collects = _collection(agreement, effective_from, agreement_id, role_of, assets, problems)
    problems.raise_if_any()
    return Plan(effective_from, assets, splits, ownership, collects)


def _party_roles(refs, parties: list[dict], problems: Problems) -> dict[str, str]:
    if not parties:
        problems.add(("parties",), "an agreement has at least one party")
    role_of: dict[str, str] = {}
    for i, party in enumerate(parties):
        pid = party["participantId"]
        if pid not in refs.participants:
            problems.add(("parties", i, "participantId"), f"unknown participant {pid}")
        if pid in role_of:
            problems.add(("parties", i, "participantId"), f"{pid} is already a party (one role per party)")
        role_of.setdefault(pid, party["role"])
    return role_of


def _scope_assets(tx, refs, scope: dict, effective_from: dt.date, problems: Problems) -> dict[str, str]:
    assets: dict[str, str] = {}
    for key, kind in (("works", "work"), ("recordings", "recording")):
        for i, asset_id in enumerate(scope[key]):
            found = refs.asset_kinds.get(asset_id)
            if found == kind:
                assets[asset_id] = kind
            else:
                problems.add(("scope", key, i), f"unknown {kind} {asset_id}" if found is None
                             else f"{asset_id} is a {found}, not a {kind}")
    catalogue = scope["catalogueOf"]
    owned: dict[str, dict[str, str]] = defaultdict(dict)
    if catalogue:
        for row in run(tx, "rights/agreements/catalogue_of", participantIds=catalogue, date=effective_from):
            owned[row["participantId"]][row["assetId"]] = row["kind"]
    for i, pid in enumerate(catalogue):
        if pid not in refs.participants:
            problems.add(("scope", "catalogueOf", i), f"unknown participant {pid}")
        elif not owned[pid]:
            problems.add(("scope", "catalogueOf", i), f"{pid} owns no work or recording on {effective_from}")
        assets.update(owned[pid])
    if not (scope["works"] or scope["recordings"] or catalogue):
        problems.add(("scope",), "name the works, recordings or whole catalogues (catalogueOf) it covers")
    return assets


def _ownership(refs, agreement: dict, effective_from: dt.date, agreement_id: str, role_of: dict[str, str],
               assets: dict[str, str], problems: Problems) -> tuple[list[dict], list[dict]]:
    kind, shares = agreement["type"], agreement["terms"]["shares"]
    if kind in SHARE_TYPES and not shares:
        problems.add(("terms", "shares"), f"a {kind} agreement states the shares it grants")
    if kind == "reciprocal" and shares:
        problems.add(("terms", "shares"), "a reciprocal agreement grants collection, not ownership: no shares")
    valid_to = agreement["validTo"] if _ends_after(agreement["validTo"], effective_from) else None
    # the agreement's own unknown codes are reported once, on the agreement, not on each share
    inherited = {k: [c for c in agreement[k] if c in refs.leaves] for k in ("territories", "excluded")}
    by_right: dict[str, list[tuple[tuple, dict]]] = defaultdict(list)
    for i, row in enumerate(shares):
        path = ("terms", "shares", i)
        if row["participantId"] not in role_of:
            problems.add((*path, "participantId"), f"{row['participantId']} is not a party to the agreement")
        if assets and not any(row["rightType"] in RIGHTS_OF[k] for k in assets.values()):
            problems.add((*path, "rightType"), f"no work or recording in scope carries {row['rightType']} rights")
        by_right[row["rightType"]].append((path, {
            "participantId": row["participantId"], "share": row["share"],
            "role": role_of.get(row["participantId"]), "validFrom": effective_from, "validTo": valid_to,
            "territories": inherited["territories"] if row["territories"] is None else row["territories"],
            "excluded": inherited["excluded"] if row["excluded"] is None else row["excluded"]}))
    splits, records = [], []
    for right, rows in sorted(by_right.items()):
        check_owners(refs, right, effective_from, rows, problems, ("terms", "shares"))
        for asset_id in sorted(a for a, k in assets.items() if right in RIGHTS_OF[k]):
            splits.append({"assetId": asset_id, "rightType": right, "effectiveFrom": effective_from})
            records += [ownership_record(asset_id, right, effective_from, owner, agreement_id) for _, owner in rows]
    return splits, records


def _ends_after(valid_to: dt.date | None, date: dt.date) -> bool:
    return valid_to is not None and valid_to > date


def _collection(agreement: dict, effective_from: dt.date, agreement_id: str, role_of: dict[str, str],
                assets: dict[str, str], problems: Problems) -> list[dict]:
    kind, terms = agreement["type"], agreement["terms"]
    if kind not in COLLECTING:
        if terms["collectedRights"]:
            problems.add(("terms", "collectedRights"), f"only {', '.join(COLLECTING)} agreements collect")
        return []
    role, basis = COLLECTING[kind]
    collectors = sorted(pid for pid, r in role_of.items() if r == role)
    if not collectors:
        problems.add(("parties",), f"a {kind} agreement needs a party with role {role} (the one who collects)")
    rights = terms["collectedRights"] or DEFAULT_COLLECTED_RIGHTS
    for i, right in enumerate(rights):
        if right not in WORK_RIGHTS:
            problems.add(("terms", "collectedRights", i), f"a collection mandate covers a work's "
                                                          f"{', '.join(WORK_RIGHTS)} rights, not {right}")
    works = sorted(a for a, k in assets.items() if k == "work")
    if assets and not works:
        problems.add(("scope",), f"a {kind} agreement collects for works; there is none in scope")
    fee = terms["adminFeePercent"]
    valid_to = agreement["validTo"] if _ends_after(agreement["validTo"], effective_from) else None
    return [{"collectorId": collector, "targetId": work, "rightType": right, "territories": agreement["territories"],
             "excluded": agreement["excluded"], "validFrom": effective_from, "validTo": valid_to,
             "feePercent": fee, "basis": basis, "agreementId": agreement_id}
            for collector in collectors for work in works for right in rights if right in WORK_RIGHTS]
