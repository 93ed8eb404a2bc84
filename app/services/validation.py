"""RightsGraphValidator: do the ownership splits add up? (issue 3 item 5)

For every asset (work or recording), right type, country and period, the OWNS shares that apply
must sum to 100 % within the CWR tolerance of ±0.06 % (``SHARE_TOLERANCE``, 600 millionths), and
the publishers' part of a performance right must not exceed 50 % (CWR 2.1, SPU "PR Ownership
Share" 0–50: the writers keep at least half). ``cypher/quality/split_violations.cypher`` does
the evaluation (which dates and countries matter, and why, is in its header); this module walks
the graph in pages of asset ids (one write transaction per page), records each violation as a
DataQualityIssue with a witness, resolves the issues a full re-run no longer finds, and opens a
Dispute for each conflict between parties.

Kinds of finding: ``split_gap`` (no owner, or a total under 99.94 %), ``split_overlap`` (over
100.06 %), ``publisher_share`` (publishers over 50 % of the performance right). An asset with no
slice of a right type at all is not a finding of this check (nothing to sum).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from neo4j import ManagedTransaction

from app.money.shares import millionths_to_percent
from app.services import disputes, quality
from app.services.allocation import SHARE_TOLERANCE
from app.services.db import read, run, write
from app.services.entities import missing_references
from app.services.split_rules import PUBLISHER_PERFORMANCE_MAX, PUBLISHER_ROLES

GAP, OVERLAP, PUBLISHER = "split_gap", "split_overlap", "publisher_share"
KINDS = (GAP, OVERLAP, PUBLISHER)
PAGE_SIZE = 2000  # assets per transaction: bounded transaction memory whatever the graph's size
ISSUE_LIMIT = 500  # issues listed in a summary (all are recorded)
REST_OF_WORLD = "ROW"  # in issue keys, so a key does not move when the representative country does


class AssetNotFound(LookupError):
    """No work or recording has this id (API → 404)."""


@dataclass
class Summary:
    """What a run found: ``assets_checked``; ``findings`` per kind; ``disputes_opened`` (ids);
    ``resolved`` (issues no longer found); ``issues`` (the first ``ISSUE_LIMIT`` recorded) and
    ``issues_omitted`` (how many more there were)."""

    assets_checked: int = 0
    findings: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))
    disputes_opened: list[str] = field(default_factory=list)
    resolved: int = 0
    issues: list[dict] = field(default_factory=list)
    issues_omitted: int = 0

    def as_dict(self) -> dict:
        """The API/CLI shape: ``{assetsChecked, findings: {kind: n}, disputesOpened (count),
        disputeIds, resolved, issues: [{issueId, kind, entityId, key, message, witness, created}],
        issuesOmitted}``."""
        return {"assetsChecked": self.assets_checked, "findings": dict(self.findings),
                "disputesOpened": len(self.disputes_opened), "disputeIds": list(self.disputes_opened),
                "resolved": self.resolved, "issues": list(self.issues), "issuesOmitted": self.issues_omitted}


def _where(row: dict) -> str:
    return f"the rest of the world (e.g. {row['country']})" if row["restOfWorld"] else row["country"]


def _finding(row: dict, kind: str) -> quality.Finding:
    """One violation row of ``split_violations`` as a Finding of ``kind``, with its witness
    ``{assetId, rightType, country, restOfWorld, date, until, total (percent), owners:
    [{participantId, share (percent), publisher}]}`` (+ ``publisherTotal`` for publisher_share)."""
    asset, right, total = row["assetId"], row["rightType"], millionths_to_percent(row["total"])
    period = f"from {row['date'].isoformat()}" + (f" until {row['until'].isoformat()}" if row["until"] else "")
    witness = {"assetId": asset, "rightType": right, "country": row["country"], "restOfWorld": row["restOfWorld"],
               "date": row["date"].isoformat(), "until": row["until"].isoformat() if row["until"] else None,
               "total": total,
               "owners": [{"participantId": o["participantId"], "share": millionths_to_percent(o["share"]),
                           "publisher": o["publisher"]} for o in row["owners"]]}
    if kind == GAP and not row["owners"]:
        message = f"no {right} owner of {asset} in {_where(row)} {period}"
    elif kind == GAP:
        message = f"{right} shares of {asset} total {total} % in {_where(row)} {period}: under 100 % (±0.06)"
    elif kind == OVERLAP:
        message = f"{right} shares of {asset} total {total} % in {_where(row)} {period}: over 100 % (±0.06)"
    else:
        witness["publisherTotal"] = millionths_to_percent(row["publisherTotal"])
        message = (f"publishers hold {witness['publisherTotal']} % of the performance right of {asset} in "
                   f"{_where(row)} {period}: CWR allows at most 50 %")
    country = REST_OF_WORLD if row["restOfWorld"] else row["country"]
    return quality.Finding(kind=kind, key=f"{kind}|{asset}|{right}|{country}|{row['date'].isoformat()}",
                           entity_id=asset, message=message, witness=witness)


def _conflicts(rows: list[dict], issue_ids: dict[str, str]) -> list[disputes.Conflict]:
    """Overlaps between two or more different participants, one per asset and right type (the
    parties of all its overlapping points; the reason and issue of the first)."""
    first: dict[tuple[str, str], tuple[dict, set[str]]] = {}
    for row in rows:
        parties = {o["participantId"] for o in row["owners"]}
        if OVERLAP in row["kinds"] and len(parties) > 1:
            _, seen = first.setdefault((row["assetId"], row["rightType"]), (row, set()))
            seen.update(parties)
    out = []
    for (asset, right), (row, parties) in first.items():
        finding = _finding(row, OVERLAP)
        out.append(disputes.Conflict(asset_id=asset, right_type=right, participant_ids=tuple(sorted(parties)),
                                     reason=f"ownership conflict: {finding.message}", issue_id=issue_ids[finding.key]))
    return out


def violations(tx: ManagedTransaction, asset_ids: list[str]) -> list[dict]:
    """The violating points of ``asset_ids`` (rows of ``cypher/quality/split_violations.cypher``:
    assetId, rightType, country, restOfWorld, date, until, total, publisherTotal, owners, kinds),
    read only: nothing is recorded."""
    return run(tx, "quality/split_violations", assetIds=asset_ids, tolerance=SHARE_TOLERANCE,
               publisherMax=PUBLISHER_PERFORMANCE_MAX, publisherRoles=sorted(PUBLISHER_ROLES))


def check_page(tx: ManagedTransaction, asset_ids: list[str], actor: str) -> tuple[list[dict], int, list[str]]:
    """Validate ``asset_ids`` in ``tx``: record their findings, resolve their issues no longer
    found, open disputes for conflicts. Returns (issues recorded: [{issueId, kind, entityId, key,
    message, witness, created}], issues resolved, dispute ids opened)."""
    rows = violations(tx, asset_ids)
    findings = [_finding(row, kind) for row in rows for kind in row["kinds"]]
    recorded = {r["key"]: r for r in quality.record(tx, findings)}
    resolved = quality.resolve_missing(tx, list(KINDS), asset_ids, list(recorded))
    opened = disputes.open_for_conflicts(tx, _conflicts(rows, {k: r["issueId"] for k, r in recorded.items()}), actor)
    issues = [{"issueId": recorded[f.key]["issueId"], "kind": f.kind, "entityId": f.entity_id, "key": f.key,
               "message": f.message, "witness": f.witness, "created": recorded[f.key]["created"]} for f in findings]
    return issues, resolved, opened


def ensure_asset(asset_id: str) -> None:
    """Raise AssetNotFound unless a work or recording has this id."""
    missing = read(lambda tx: missing_references(tx, work_ids=[asset_id], recording_ids=[asset_id]))
    if missing["work"] and missing["recording"]:
        raise AssetNotFound(asset_id)


def _pages(page_size: int):
    after = ""
    while page := read(lambda tx: run(tx, "quality/asset_ids_after", after=after, limit=page_size))[0]["assetIds"]:
        yield page
        after = page[-1]


def validate(asset_id: str | None = None, actor: str = "validator", page_size: int = PAGE_SIZE,
             progress: Callable[[int], None] | None = None) -> dict:
    """Validate one asset, or the whole graph when ``asset_id`` is None (pages of ``page_size``
    assets, one transaction each; ``progress(assets checked so far)`` after each). Re-running
    refreshes the same issues; those of the checked assets no longer found are resolved.
    Returns ``Summary.as_dict()``. Raises AssetNotFound for an unknown ``asset_id``."""
    if asset_id is not None:
        ensure_asset(asset_id)
    summary = Summary()
    for page in ([[asset_id]] if asset_id is not None else _pages(page_size)):
        issues, resolved, opened = write(check_page, page, actor)
        summary.assets_checked += len(page)
        summary.resolved += resolved
        summary.disputes_opened += opened
        for issue in issues:
            summary.findings[issue["kind"]] += 1
        room = ISSUE_LIMIT - len(summary.issues)
        summary.issues += issues[:room]
        summary.issues_omitted += max(0, len(issues) - room)
        if progress:
            progress(summary.assets_checked)
    return summary.as_dict()
