"""Shared builders for the graph tests: one catalog JSON writer, one DistroKid TSV writer,
and the few ledger reads every module needs. Nothing here mocks the database."""
from __future__ import annotations

import json
from pathlib import Path

from app.services import ledger_check, statements
from app.services.catalog_import import import_catalog

DISTROKID_HEADER = (
    "Reporting Date", "Sale Month", "Store", "Artist", "Title", "ISRC", "UPC", "Quantity",
    "Team Percentage", "Song/Album", "Country of Sale", "Songwriter Royalties Withheld",
    "Earnings (USD)",
)  # fmt: skip
DISTROKID_DEFAULTS = {
    "Reporting Date": "2024-09-02", "Sale Month": "2024-06", "Store": "Spotify", "Artist": "Artist",
    "Title": "Song", "ISRC": "", "UPC": "", "Quantity": "1", "Team Percentage": "100",
    "Song/Album": "Song", "Country of Sale": "US", "Songwriter Royalties Withheld": "0",
    "Earnings (USD)": "0",
}  # fmt: skip


def write_catalog(path: Path, *, participants=(), works=(), recordings=(), releases=(), ownership=()) -> Path:
    """Write a ``rightsgraph-catalog/1`` document with the given sections to ``path``.

    Participants/works/recordings/releases are written as given; an ownership row may omit
    ``territories`` (WORLD), ``excluded``, ``validTo`` and ``validFrom`` (2020-01-01)."""
    doc = {
        "format": "rightsgraph-catalog/1",
        "participants": list(participants),
        "works": list(works),
        "recordings": list(recordings),
        "releases": list(releases),
        "ownership": [{"validFrom": "2020-01-01", **o} for o in ownership],
    }
    path.write_text(json.dumps(doc, indent=2, ensure_ascii=False), encoding="utf-8")
    return path


def write_distrokid(path: Path, rows, header=DISTROKID_HEADER) -> Path:
    """Write a DistroKid TSV (by default the real 13-column header; CRLF line ends, UTF-8).

    Each row is a dict of cells (missing cells take ``DISTROKID_DEFAULTS``) or a raw string
    written verbatim (for malformed lines)."""
    lines = ["\t".join(header)]
    for row in rows:
        if isinstance(row, str):
            lines.append(row)
        else:
            cells = {**DISTROKID_DEFAULTS, **row}
            lines.append("\t".join(cells[c] for c in header))
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    return path


def ingest(path: Path, **process_kw) -> dict:
    """Register and process a DistroKid statement; its final properties."""
    statement, _ = statements.register(path, path.name, "distrokid")
    return statements.process(statement["statementId"], **process_kw)


def load(tmp_path: Path, rows, **catalog) -> dict:
    """Import a catalog (``write_catalog`` sections) then ingest a DistroKid statement of
    ``rows``; the statement's final properties."""
    import_catalog(write_catalog(tmp_path / "catalog.json", **catalog))
    return ingest(write_distrokid(tmp_path / "statement.tsv", rows))


def balances(driver) -> dict[str, int]:
    """Every Account's cached balance, by accountId."""
    records, _, _ = driver.execute_query("MATCH (a:Account) RETURN a.accountId AS id, a.balance AS balance")
    return {r["id"]: r["balance"] for r in records}


def wallet_balances(driver) -> dict[str, int]:
    """Wallet balances by participantId (micro-units)."""
    records, _, _ = driver.execute_query(
        "MATCH (a:Account {kind: 'wallet'}) RETURN a.participantId AS pid, a.balance AS balance")
    return {r["pid"]: r["balance"] for r in records}


def allocations(driver, statement_id: str) -> dict[int, dict[str, int]]:
    """Per statement line: {participantId or system accountId: micro-units allocated} (wallets are
    keyed by their participant; zero parts, and lines left with none, are left out)."""
    records, _, _ = driver.execute_query(
        "MATCH (e:RoyaltyEvent {statementId: $sid})-[al:ALLOCATED]->(a:Account) "
        "RETURN e.line AS line, coalesce(a.participantId, a.accountId) AS who, al.amount AS amount",
        sid=statement_id)
    out: dict[int, dict[str, int]] = {}
    for r in records:
        line = out.setdefault(r["line"], {})
        line[r["who"]] = line.get(r["who"], 0) + r["amount"]
    out = {n: {who: amt for who, amt in parts.items() if amt} for n, parts in out.items()}
    return {n: parts for n, parts in out.items() if parts}


def event_statuses(driver, statement_id: str) -> dict[int, str]:
    """allocationStatus of each RoyaltyEvent of a statement, by line."""
    records, _, _ = driver.execute_query(
        "MATCH (e:RoyaltyEvent {statementId: $sid}) RETURN e.line AS line, e.allocationStatus AS status",
        sid=statement_id)
    return {r["line"]: r["status"] for r in records}


def assert_ledger_consistent(driver) -> None:
    """``rightsgraph ledger check`` finds nothing (app.services.ledger_check): every JournalEntry's
    postings sum to zero in one currency, every Account.balance is Σ of its POSTS, no
    idempotency key twice. ``driver``: the test graph (the check uses the configured one)."""
    report = ledger_check.check()
    assert report.violations == [], report.violations
    assert report.ok and all(c.posted == 0 for c in report.currencies), report


def participant(ref: str, *kinds: str, **fields) -> dict:
    """A catalog participant record (kinds default to artist; name defaults to the ref)."""
    return {"ref": ref, "kinds": list(kinds) or ["artist"], "name": fields.pop("name", ref), **fields}


def recording(ref: str, isrc: str | None, **fields) -> dict:
    """A catalog recording record (title defaults to the ref)."""
    return {"ref": ref, "isrc": isrc, "title": fields.pop("title", ref), **fields}


def participant_ids(driver) -> dict[str, str]:
    """participantId by catalog ref."""
    records, _, _ = driver.execute_query("MATCH (p:Participant) RETURN p.externalRef AS ref, p.participantId AS pid")
    return {r["ref"]: r["pid"] for r in records}


def graph_counts(driver) -> dict[str, int]:
    """Nodes per label and relationships per type (Territory data left out)."""
    nodes, _, _ = driver.execute_query(
        "MATCH (n) WHERE NOT n:Territory UNWIND labels(n) AS label RETURN label, count(*) AS n")
    rels, _, _ = driver.execute_query(
        "MATCH ()-[r]->() WHERE type(r) <> 'PART_OF' RETURN type(r) AS type, count(*) AS n")
    return {**{r["label"]: r["n"] for r in nodes}, **{"-" + r["type"] + "->": r["n"] for r in rels}}


def graph_text(driver) -> str:
    """Every property of every node and relationship (territories aside) as one string, to
    search for data that must never be stored."""
    records, _, _ = driver.execute_query(
        "MATCH (n) WHERE NOT n:Territory RETURN properties(n) AS p "
        "UNION ALL MATCH ()-[r]->() WHERE type(r) <> 'PART_OF' RETURN properties(r) AS p")
    return json.dumps([r["p"] for r in records], default=str, ensure_ascii=False)
