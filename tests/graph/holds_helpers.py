"""Reads shared by the dispute-freeze and advance tests: balances of every participant account
kind, journal entries by kind, and the rollup totals. Nothing here mocks the database."""
from __future__ import annotations


def accounts(driver) -> dict[tuple[str, str], int]:
    """Balance of every participant account by (participantId, kind); zero balances left out."""
    records, _, _ = driver.execute_query(
        "MATCH (a:Account) WHERE a.participantId IS NOT NULL AND a.balance <> 0 "
        "RETURN a.participantId AS pid, a.kind AS kind, a.balance AS balance")
    return {(r["pid"], r["kind"]): r["balance"] for r in records}


def entries(driver, kind: str) -> list[dict]:
    """Journal entries of a kind with their postings ``{participantId or accountId: amount}``,
    oldest first."""
    records, _, _ = driver.execute_query(
        "MATCH (e:JournalEntry {kind: $kind})-[p:POSTS]->(a:Account) "
        "WITH e, collect([coalesce(a.participantId + ':' + a.kind, a.accountId), p.amount]) AS postings "
        "RETURN e.entryId AS entryId, e.sourceId AS sourceId, postings ORDER BY e.entryId", kind=kind)
    return [{"entryId": r["entryId"], "sourceId": r["sourceId"],
             "postings": {who: amount for who, amount in r["postings"]}} for r in records]


def rollup_totals(driver) -> dict[str, tuple[int, int]]:
    """Σ IncomeRollup (amount, recouped) per participant."""
    records, _, _ = driver.execute_query(
        "MATCH (x:IncomeRollup) RETURN x.participantId AS pid, sum(x.amount) AS amount, sum(x.recouped) AS recouped")
    return {r["pid"]: (r["amount"], r["recouped"]) for r in records}
