"""Reading the rights graph: an entity's neighbourhood and its effective splits at a date."""
from __future__ import annotations

import datetime as dt
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


def graph_view(entity_id: str, as_of: dt.date) -> dict:
    """``{entityId, asOf, nodes: [{id, labels, properties}], edges: [{type, from, to, properties,
    effective}], effectiveSplits: [{assetId, rightType, totalShare, owners: [{participantId, share,
    territories, excluded, validFrom, validTo}]}]}``. Shares are percent Decimals; a split is
    "effective" when its slice is valid at ``as_of``. ``totalShare`` adds every effective slice,
    whatever its territories (a GH-only slice beside a WORLD-except-GH one adds to it): it is a
    summary, not the per-territory validation. Raises EntityNotFound."""
    rows = read(lambda tx: run(tx, "rights/rights_graph", entityId=entity_id, asOf=as_of))
    if not rows:
        raise EntityNotFound(entity_id)
    nodes = [{"id": n["id"], "labels": n["labels"], "properties": n["props"]} for n in rows[0]["nodes"]]
    edges = [{"type": e["type"], "from": e["from"], "to": e["to"], "properties": _with_percent(e["props"]),
              "effective": e["effective"]} for e in rows[0]["edges"]]
    splits: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for e in edges:
        if e["type"] == "OWNS" and e["effective"]:
            p = e["properties"]
            splits[(e["to"], p["rightType"])].append({
                "participantId": e["from"], "share": p["share"], "territories": p["territories"],
                "excluded": p.get("excluded") or [], "validFrom": p["validFrom"], "validTo": p.get("validTo")})
    effective = [{"assetId": asset, "rightType": right, "totalShare": sum(o["share"] for o in owners),
                  "owners": sorted(owners, key=lambda o: o["participantId"])}
                 for (asset, right), owners in sorted(splits.items())]
    return {"entityId": entity_id, "asOf": as_of, "nodes": nodes, "edges": edges, "effectiveSplits": effective}
