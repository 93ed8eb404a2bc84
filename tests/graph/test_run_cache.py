"""The run cache (app/services/run_cache.py): what a statement run reads once is reused by its
later batches, and a batch that rolls back leaves nothing false in it."""
from __future__ import annotations

import pytest

from app.services import ledger, statements
from app.services.catalog_import import import_catalog
from app.services.db import read, write
from app.services.line_matching import LineIds, match_lines
from app.services.run_cache import RunCache
from tests.graph.helpers import (allocations, assert_ledger_consistent, participant, participant_ids, recording,
                                 write_catalog, write_distrokid)

ISRC, UNKNOWN = "GBAYE0601498", "ZZZZZ9999999"


@pytest.fixture
def catalog(graph, tmp_path):
    """Recordings one (ISRC, owned 60/40 by a and b) and two (no ISRC); ids by ref."""
    import_catalog(write_catalog(
        tmp_path / "catalog.json",
        participants=[participant("a"), participant("b")],
        recordings=[recording("one", ISRC, title="One"), recording("two", None, title="Two")],
        ownership=[{"participantRef": p, "assetRef": "one", "rightType": "master", "share": share,
                    "validFrom": "2000-01-01"} for p, share in (("a", "60"), ("b", "40"))]))
    records, _, _ = graph.execute_query("MATCH (r:Recording) RETURN r.externalRef AS ref, r.recordingId AS id")
    return {**{r["ref"]: r["id"] for r in records}, **participant_ids(graph)}


def test_isrcs_read_once_are_kept_found_or_not_and_trusted_by_later_batches(catalog):
    known: dict[str, str | None] = {}
    lines = [LineIds(1, "master", ISRC), LineIds(2, "master", UNKNOWN)]
    first = read(lambda tx: match_lines(tx, lines, known_isrcs=known))
    assert known == {ISRC: catalog["one"], UNKNOWN: None}
    assert (first[1].recording_id, first[1].method, first[2].method) == (catalog["one"], "isrc", "none")

    known[ISRC] = catalog["two"]  # what the run read before: not read again
    again = read(lambda tx: match_lines(tx, [LineIds(3, "master", ISRC)], known_isrcs=known))
    assert again[3].recording_id == catalog["two"]


def test_accounts_opened_in_a_transaction_are_kept_only_once_read_from_a_later_one(catalog):
    known: dict[tuple[str, str, str], str] = {}
    a, b = catalog["a"], catalog["b"]  # with USD wallets from the catalog import, none in GHS

    class RolledBack(Exception):
        pass

    def open_then_fail(tx):
        ledger.participant_accounts(tx, [a], "GHS", known=known)
        raise RolledBack

    with pytest.raises(RolledBack):
        write(open_then_fail)
    assert known == {}  # the wallet opened there never existed

    opened = write(lambda tx: ledger.participant_accounts(tx, [a, b], "GHS", known=known))
    assert known == {}  # opened in that transaction: not yet known
    again = write(lambda tx: ledger.participant_accounts(tx, [a, b], "GHS", known=known))
    assert again == opened
    assert known == {("wallet", "GHS", a): opened[a], ("wallet", "GHS", b): opened[b]}
    frozen = write(lambda tx: ledger.participant_accounts(tx, [a], "GHS", "frozen", known=known))
    assert frozen[a] != opened[a] and ("frozen", "GHS", a) not in known


def test_a_statement_in_one_line_batches_allocates_as_in_one_batch(catalog, graph, tmp_path):
    results = []
    for batch_size, reported in ((1, "2024-09-02"), (5000, "2024-09-03")):  # two files, not one twice
        rows = [{"ISRC": ISRC, "Earnings (USD)": amount, "Reporting Date": reported}
                for amount in ("1.000001", "2.5", "-0.75", "3")]
        rows.append({"ISRC": UNKNOWN, "Title": "Nobody Knows", "Earnings (USD)": "4", "Reporting Date": reported})
        stmt, _ = statements.register(write_distrokid(tmp_path / f"dk-{batch_size}.tsv", rows),
                                      f"dk-{batch_size}.tsv", "distrokid")
        done = statements.process(stmt["statementId"], batch_size=batch_size)
        assert done["status"] == "processed" and done["batchesDone"] == (5 if batch_size == 1 else 1)
        results.append(allocations(graph, stmt["statementId"]))
    one_by_one, whole = results
    assert one_by_one == whole
    assert one_by_one[2] == {catalog["a"]: 600_001, catalog["b"]: 400_000}
    assert one_by_one[4] == {catalog["a"]: -450_000, catalog["b"]: -300_000}
    assert list(one_by_one[6].values()) == [4_000_000]  # unknown ISRC: suspense
    assert_ledger_consistent(graph)


def test_trim_empties_only_what_grew_past_the_limit():
    cache = RunCache(owners={"k1": {}, "k2": {}}, recordings={"I": None})
    cache.trim(limit=1)
    assert cache.owners == {} and cache.recordings == {"I": None}
