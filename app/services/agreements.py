"""Agreements: recording, amending and terminating a contract, and the edges it creates.

Graph: ``(:Agreement {agreementId AGR-000001, type, title, validFrom, validTo, status active |
amended | terminated, version, territories, excluded, terms, scope, documents (JSON)})``,
``(:Participant)-[:PARTY_TO {role, validFrom, validTo}]->(:Agreement)``,
``(:Agreement)-[:COVERS {validFrom, validTo}]->(:Work|:Recording)``, and the OWNS slices and
COLLECTS edges it created, each carrying its ``agreementId`` (what they are:
``app.services.agreement_rules``).

* Recording one checks everything first (every problem in one ``entities.InvalidInput``), then
  in one transaction creates the node, its parties and covered assets, its splits (through
  ``splits.write_splits``: the slices of each right type it grants that apply from its start
  are superseded, never deleted, and its own opened) and its COLLECTS edges (through
  ``collects.add_collects``), and an AuditEvent.
* Amending it from an effective date ends everything it holds on that date (OWNS/COLLECTS:
  validTo = date, status superseded; PARTY_TO/COVERS: validTo = date) and opens the amended
  terms, parties and scope from it, in one transaction; the amendment is kept in its history
  (``AgreementAmendment``). Omitted fields keep their values; an omitted scope keeps the assets
  covered (a whole catalogue is not re-resolved).
* Terminating it ends its edges on the date (validTo) and sets its status; nothing replaces
  them, so the rights it granted have no owner afterwards until someone records what follows
  (the validator reports the gap).
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

import simplejson
from neo4j import ManagedTransaction

from app.money.shares import millionths_to_percent
from app.services import agreement_rules, audit, collects, registration_gaps, splits
from app.services.catalog import UnknownEntity
from app.services.db import read, run, write
from app.services.entities import StateConflict
from app.services.ids import reserve_ids
from app.services.split_rules import Problems

AMENDABLE = ("title", "validTo", "territories", "excluded", "parties", "scope", "terms", "documents")
_JSON_FIELDS = ("terms", "scope", "documents")


class AgreementTerminated(StateConflict):
    """The agreement is terminated: it can be neither amended nor terminated again (API → 409)."""


def _dumps(value) -> str:
    return simplejson.dumps(value, use_decimal=True, default=dt.date.isoformat, sort_keys=True)


def _stored(agreement: dict) -> dict:
    """The Agreement node's properties for a definition (terms/scope/documents as JSON)."""
    return {**{k: agreement[k] for k in ("type", "title", "validFrom", "validTo", "territories", "excluded")},
            **{k: _dumps(agreement[k]) for k in _JSON_FIELDS}}


def _latest(links: list[dict]) -> list[dict]:
    """The PARTY_TO or COVERS links of the agreement's latest terms (those opened last and not
    left empty by a same-day amendment)."""
    live = [link for link in links if link["validTo"] is None or link["validTo"] > link["validFrom"]]
    start = max((link["validFrom"] for link in live), default=None)
    return [link for link in live if link["validFrom"] == start]


def _definition(node: dict) -> dict:
    """An agreement as loaded by ``_load`` back into the definition shape (Decimals exact),
    with the parties of its latest terms."""
    out = {k: node.get(k) for k in ("type", "title", "validFrom", "validTo", "territories", "excluded")}
    out.update({k: simplejson.loads(node[k], use_decimal=True) for k in _JSON_FIELDS})
    out["parties"] = [{"participantId": p["participantId"], "role": p["role"]} for p in _latest(node["parties"])]
    return out


def _load(tx: ManagedTransaction, agreement_id: str, with_edges: bool = False) -> dict:
    rows = run(tx, "rights/agreements/get", agreementIds=[agreement_id], withEdges=with_edges)
    if not rows:
        raise UnknownEntity("agreement", agreement_id)
    return rows[0]["agreement"]


def _locked(tx: ManagedTransaction, agreement_id: str) -> dict:
    """The agreement, read after taking its write lock (stamping updatedAt), so concurrent
    amendments or terminations of it run one after the other."""
    run(tx, "rights/agreements/update", agreementId=agreement_id, props={}, amendment=None)
    return _load(tx, agreement_id)


def _write_edges(tx: ManagedTransaction, agreement_id: str, parties: list[dict], the_plan: agreement_rules.Plan,
                 valid_to: dt.date | None, actor: str) -> dict:
    """PARTY_TO, COVERS, splits and COLLECTS of ``the_plan``; counts for the audit trail."""
    run(tx, "rights/agreements/link", agreementId=agreement_id, parties=parties, assetIds=sorted(the_plan.assets),
        validFrom=the_plan.effective_from, validTo=valid_to)
    superseded = splits.write_splits(tx, the_plan.splits, the_plan.ownership)
    try:
        created = collects.add_collects(tx, the_plan.collects, actor)
    except collects.InvalidCollects as exc:
        _raise_as_party_problems(exc, the_plan.collects, parties)
    return {"assets": sorted(the_plan.assets), "ownsOpened": len(the_plan.ownership),
            "collectsOpened": sum(1 for c in created if c["created"]),
            "supersededSlices": [{**s, "share": millionths_to_percent(s["share"])} for s in superseded]}


def _raise_as_party_problems(exc: collects.InvalidCollects, rows: list[dict], parties: list[dict]) -> None:
    """``add_collects``' problems (per COLLECTS row) as problems of the collecting party, each once."""
    index = {p["participantId"]: i for i, p in enumerate(parties)}
    problems = Problems()
    for i, message in sorted({(index[rows[r]["collectorId"]], f"{name}: {message}")
                              for r, fields in exc.errors.items() for name, messages in fields.items()
                              for message in messages}):
        problems.add(("parties", i), message)
    problems.raise_if_any()


def record_agreement(agreement: dict, actor: str) -> dict:
    """Record an agreement (definition shape of ``agreement_rules``) with all its edges in one
    transaction; returns it as ``get_agreement`` does. Raises entities.InvalidInput."""
    def work(tx):
        agreement_id = reserve_ids(tx, "agreement", 1)[0]
        the_plan = agreement_rules.plan(tx, agreement, agreement["validFrom"], agreement_id)
        run(tx, "rights/agreements/create", agreement={"agreementId": agreement_id, **_stored(agreement)})
        written = _write_edges(tx, agreement_id, agreement["parties"], the_plan, agreement["validTo"], actor)
        audit.record(tx, actor, "agreement.create", agreement_id, after={**agreement, **written})
        return agreement_id
    return get_agreement(write(work))


def amend_agreement(agreement_id: str, changes: dict, actor: str) -> dict:
    """Amend an agreement from ``changes["effectiveFrom"]`` with the AMENDABLE fields given
    (others keep their values) and ``reason``. Raises UnknownEntity, AgreementTerminated,
    entities.InvalidInput (also when the date is before the agreement's start or last
    amendment, or not before its end)."""
    def work(tx):
        node = _locked(tx, agreement_id)
        if node["status"] == "terminated":
            raise AgreementTerminated(f"agreement {agreement_id} is terminated")
        effective = changes["effectiveFrom"]
        current = _definition(node)
        amended = {**current, **{k: changes[k] for k in AMENDABLE if changes.get(k) is not None}}
        problems = Problems()
        since = max([node["validFrom"], *(m["effectiveFrom"] for m in node["amendments"])])
        if effective < since:
            problems.add(("effectiveFrom",), f"effectiveFrom {effective} is before {since}, the start of the "
                                             "agreement's current terms")
        if amended["validTo"] is not None and effective >= amended["validTo"]:
            problems.add(("effectiveFrom",), f"effectiveFrom {effective} is not before the agreement's end "
                                             f"{amended['validTo']}")
        covered = None if changes.get("scope") is not None else {
            c["assetId"]: c["kind"] for c in _latest(node["covers"])}
        the_plan = agreement_rules.plan(tx, amended, effective, agreement_id, covered, problems)
        run(tx, "rights/agreements/close", agreementId=agreement_id, date=effective, status="superseded")
        registration_gaps.invalidate(tx, agreement_ids=[agreement_id])  # its ownership slices ended
        written = _write_edges(tx, agreement_id, amended["parties"], the_plan, amended["validTo"], actor)
        before = {k: current[k] for k in AMENDABLE if amended[k] != current[k]}
        after = {k: amended[k] for k in before}
        number = len(node["amendments"]) + 1
        run(tx, "rights/agreements/update", agreementId=agreement_id,
            props={**_stored(amended), "status": "amended", "version": number + 1},
            amendment={"amendmentId": f"{agreement_id}/{number}", "number": number, "effectiveFrom": effective,
                       "reason": changes.get("reason"), "actor": actor, "before": _dumps(before),
                       "after": _dumps(after)})
        audit.record(tx, actor, "agreement.amend", agreement_id, before=before,
                     after={**after, "effectiveFrom": effective, "reason": changes.get("reason"), **written})
    write(work)
    return get_agreement(agreement_id)


def terminate_agreement(agreement_id: str, terminated_on: dt.date, reason: str | None, actor: str) -> dict:
    """End an agreement on ``terminated_on`` (exclusive: its last day is the day before): its
    edges end then, its validTo becomes that date and its status ``terminated``. Raises
    UnknownEntity, AgreementTerminated, entities.InvalidInput (a date before its start or
    after its end)."""
    def work(tx):
        node = _locked(tx, agreement_id)
        if node["status"] == "terminated":
            raise AgreementTerminated(f"agreement {agreement_id} is already terminated")
        problems = Problems()
        if terminated_on < node["validFrom"]:
            problems.add(("terminatedOn",), f"terminatedOn {terminated_on} is before the agreement's start "
                                            f"{node['validFrom']}")
        if node.get("validTo") is not None and terminated_on > node["validTo"]:
            problems.add(("terminatedOn",), f"terminatedOn {terminated_on} is after the agreement's end "
                                            f"{node['validTo']}")
        problems.raise_if_any()
        ended = run(tx, "rights/agreements/close", agreementId=agreement_id, date=terminated_on, status=None)[0]
        registration_gaps.invalidate(tx, agreement_ids=[agreement_id])  # its ownership slices ended
        run(tx, "rights/agreements/update", agreementId=agreement_id, amendment=None,
            props={"status": "terminated", "validTo": terminated_on, "terminationReason": reason})
        audit.record(tx, actor, "agreement.terminate", agreement_id,
                     before={"status": node["status"], "validTo": node.get("validTo")},
                     after={"status": "terminated", "validTo": terminated_on, "reason": reason, **ended})
    write(work)
    return get_agreement(agreement_id)


def _out(node: dict) -> dict:
    out = {"validTo": None, "terminationReason": None, **{k: v for k, v in node.items() if k not in _JSON_FIELDS}}
    out.update({k: simplejson.loads(node[k], use_decimal=True) for k in _JSON_FIELDS})
    out["amendments"] = [{**m, "before": simplejson.loads(m["before"], use_decimal=True),
                          "after": simplejson.loads(m["after"], use_decimal=True)} for m in node["amendments"]]
    if "edges" in node:
        out["edges"] = [{**e, "share": None if e["share"] is None else millionths_to_percent(e["share"]),
                         "feePercent": None if e["feePercent"] is None else Decimal(e["feePercent"])}
                        for e in node["edges"]]
    return out


def get_agreement(agreement_id: str) -> dict:
    """An agreement with its parties, covered assets, edges (OWNS share and COLLECTS feePercent
    as percent Decimals) and amendment history; raises UnknownEntity."""
    return _out(read(_load, agreement_id, True))


def list_agreements(skip: int, limit: int, participant_id: str | None = None,
                    kind: str | None = None) -> tuple[list[dict], int]:
    """A page of agreements (ordered by id, without their edges) and the total count."""
    def work(tx):
        page = run(tx, "rights/agreements/list", skip=skip, limit=limit, participantId=participant_id, type=kind)[0]
        rows = run(tx, "rights/agreements/get", agreementIds=page["agreementIds"], withEdges=False)
        return rows, page["total"]
    rows, total = read(work)
    return [_out({k: v for k, v in r["agreement"].items() if k != "edges"}) for r in rows], total
