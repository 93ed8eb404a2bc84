"""Writing a batch's RoyaltyEvents and their ALLOCATED edges (``cypher/allocation/write_events``).

A batch of 5,000 lines has some 11,000 ALLOCATED edges but only as many distinct accounts as
owners in the batch: each account is looked up once per batch (by its position in the batch's
account list), not once per edge — a quarter of the query's database CPU (bench/README.md).
"""
from __future__ import annotations

from neo4j import ManagedTransaction

from app.services.db import run


def write_events(tx: ManagedTransaction, events: list[dict], entry_id: str | None) -> int:
    """Create ``events`` ``[{props: {eventId, …}, allocations: [{accountId, amount (micro-units),
    share, participantId, hold, disputeId, advanceId}]}]`` (each allocation gets ``account``,
    the position of its account in the batch's list) and their edges, naming the journal entry
    ``entry_id`` that posted them; returns the number of edges. A missing account fails the
    query, and the transaction with it."""
    account_ids = sorted({al["accountId"] for ev in events for al in ev["allocations"]})
    position = {account_id: i for i, account_id in enumerate(account_ids)}
    for ev in events:
        for al in ev["allocations"]:
            al["account"] = position[al["accountId"]]
    rows = run(tx, "allocation/write_events", events=events, accountIds=account_ids, entryId=entry_id)
    return rows[0]["allocations"] if rows else 0
