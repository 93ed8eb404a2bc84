"""Reading the rights graph: an entity's neighbourhood ready to draw, its effective split table at
an instant (optionally resolved for one country), and the history of its rights."""
from __future__ import annotations

import datetime as dt
import json
from collections import defaultdict

from app.money.shares import millionths_to_percent
from app.services.db import read, run


class EntityNotFound(LookupError):
    """No participant, work, recording or release has this id."""


def _with_percent(props: dict) -> dict:
    """An OWNS edge's ``share`` in millionths → percent Decimal (other properties unchanged)."""
    if isinstance(props.get("share"), int):
        return {**props, "share": millionths_to_percent(props["share"])}
    return props


def graph_view(entity_id: str, as_of: dt.date, territory: str | None = None) -> dict:
    """The subgraph around a participant, work, recording or release at ``as_of``, and its
    effective split table.

    Returns ``{entityId, asOf, territory, nodes: [{id, labels, properties}], edges: [{id
    (the relationship's elementId, stable), type, from, to, properties, effective}],
    effectiveSplits: [{assetId, rightType, territory, territories, excluded, totalShare,
    owners: [{participantId, share, role, territories, excluded, validFrom, validTo,
    agreementId, edgeId}]}]}``; shares are percent Decimals. Which nodes and edges, and when an
    edge is ``effective``: ``cypher/rights/rights_graph.cypher``.

    The split table covers each (asset, right type) of the subgraph with an OWNS slice in force
    at ``as_of``:

    * with ``territory`` (a country code): one row per asset × right type, its owners exactly
      the slices ``cypher/rights/owners_at.cypher`` resolves for that country and date — what a
      statement line there would pay; ``owners`` is empty (total 0) where nobody owns it there;
    * without: one row per asset × right type × distinct territory scope (``territories`` +
      ``excluded`` of the slices, compared as sets). Rows of overlapping scopes (WORLD beside
      GH) are not added together: checking sums per country is the validator's job.

    Raises EntityNotFound."""
    def work(tx):
        rows = run(tx, "rights/rights_graph", entityId=entity_id, asOf=as_of, territory=territory)
        if not rows:
            raise EntityNotFound(entity_id)
        nodes, edges = _drawable(rows[0])
        in_force = [e for e, in_force in edges if in_force and e["type"] == "OWNS"]
        splits = _resolved_splits(tx, in_force, as_of, territory) if territory else _splits_by_scope(in_force)
        return nodes, [e for e, _ in edges], splits

    nodes, edges, splits = read(work)
    return {"entityId": entity_id, "asOf": as_of, "territory": territory, "nodes": nodes, "edges": edges,
            "effectiveSplits": splits}


def _drawable(row: dict) -> tuple[list[dict], list[tuple[dict, bool]]]:
    """Nodes and (edge, in force) pairs of a ``rights_graph`` row, end nodes named by their ids."""
    ids = {n["elementId"]: n["id"] for n in row["nodes"]}
    nodes = [{"id": n["id"], "labels": n["labels"], "properties": n["props"]} for n in row["nodes"]]
    edges = [({"id": e["id"], "type": e["type"], "from": ids[e["from"]], "to": ids[e["to"]],
               "properties": _with_percent(e["props"]), "effective": e["effective"]}, e["inForce"])
             for e in row["edges"]]
    return nodes, edges


def _owner(edge: dict) -> dict:
    p = edge["properties"]
    return {"participantId": edge["from"], "share": p["share"], "role": p.get("role"),
            "territories": p["territories"], "excluded": p.get("excluded") or [], "validFrom": p["validFrom"],
            "validTo": p.get("validTo"), "agreementId": p.get("agreementId"), "edgeId": edge["id"]}


def _split_row(asset_id: str, right_type: str, owners: list[dict], total: int | None = None, *,
               territory: str | None = None, scope: tuple[list, list] | None = None) -> dict:
    owners = sorted(owners, key=lambda o: (o["participantId"], o["validFrom"], o["edgeId"]))
    return {"assetId": asset_id, "rightType": right_type, "territory": territory,
            "territories": scope[0] if scope else None, "excluded": scope[1] if scope else None,
            "totalShare": millionths_to_percent(total) if total is not None else sum(o["share"] for o in owners),
            "owners": owners}


def _splits_by_scope(owns: list[dict]) -> list[dict]:
    groups: dict[tuple, list[dict]] = defaultdict(list)
    for e in owns:
        owner = _owner(e)
        scope = (tuple(sorted(owner["territories"])), tuple(sorted(owner["excluded"])))
        groups[(e["to"], e["properties"]["rightType"], scope)].append(owner)
    return [_split_row(asset, right, owners, scope=(list(scope[0]), list(scope[1])))
            for (asset, right, scope), owners in sorted(groups.items())]


def _resolved_splits(tx, owns: list[dict], as_of: dt.date, territory: str) -> list[dict]:
    pairs = sorted({(e["to"], e["properties"]["rightType"]) for e in owns})
    keys = [{"key": f"{asset}|{right}", "assetId": asset, "rightType": right, "date": as_of, "country": territory}
            for asset, right in pairs]
    by_edge = {e["id"]: e for e in owns}
    owners: dict[str, list[dict]] = defaultdict(list)
    totals: dict[str, int] = defaultdict(int)
    for row in run(tx, "rights/owners_at", keys=keys) if keys else []:
        owners[row["key"]].append(_owner(by_edge[row["edgeId"]]))
        totals[row["key"]] += row["share"]
    return [_split_row(asset, right, owners[f"{asset}|{right}"], totals[f"{asset}|{right}"], territory=territory)
            for asset, right in pairs]


def history(entity_id: str, skip: int, limit: int) -> tuple[list[dict], int]:
    """A page of the changes to an entity's rights, newest first, and their total count.

    Each event: ``{at (datetime, UTC), date, kind (opened | closed | superseded | audit),
    agreementId, edge: {id, type (OWNS | COLLECTS), from, to, rightType, share (percent |
    None), role, territories, excluded, validFrom, validTo, status, basis, feePercent,
    agreementId} | None, audit: {auditId, actor, action, entityId, before, after (decoded
    JSON)} | None}``. Slice events are dated on their effective day, audit events at the
    instant they were recorded (``cypher/rights/rights_history.cypher``). Raises EntityNotFound."""
    rows = read(lambda tx: run(tx, "rights/rights_history", entityId=entity_id, skip=skip, limit=limit))
    if not rows:
        raise EntityNotFound(entity_id)
    return [_event(e) for e in rows[0]["events"]], rows[0]["total"]


def _event(e: dict) -> dict:
    edge = audit = None
    if e["edge"]:
        p = _with_percent(e["edge"]["props"])
        edge = {"id": e["edge"]["id"], "type": e["edge"]["type"], "from": e["edge"]["from"], "to": e["edge"]["to"],
                **{k: p.get(k) for k in ("rightType", "share", "role", "territories", "excluded", "validFrom",
                                         "validTo", "status", "basis", "feePercent", "agreementId")}}
    if e["audit"]:
        audit = {**e["audit"], **{k: json.loads(e["audit"][k]) if e["audit"][k] else None for k in ("before", "after")}}
    return {"at": e["at"], "date": e["at"].date(), "kind": e["kind"],
            "agreementId": edge["agreementId"] if edge else None, "edge": edge, "audit": audit}
