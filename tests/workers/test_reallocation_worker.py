"""Reallocation through a real Celery worker on a real Redis: a catalog import queues the
suspense re-match, and a reprocessing is queued; the worker releases and re-posts the money."""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from app.services import jobs, splits
from app.services.catalog_import import import_catalog
from tests.graph.helpers import assert_ledger_consistent, load, participant, participant_ids, recording, write_catalog
from tests.graph.test_reallocation import recording_id, wallets
from tests.workers.conftest import wait_for


def test_catalog_import_and_reprocess_are_done_by_the_worker(graph, start_worker, tmp_path):
    statement = load(tmp_path, [{"ISRC": "QZAAA2400060", "Sale Month": "2024-06", "Earnings (USD)": "6"}],
                     participants=[participant("artist"), participant("producer", "producer")])
    sid = statement["statementId"]
    worker = start_worker()

    import_catalog(write_catalog(
        tmp_path / "more.json", participants=[participant("artist"), participant("producer", "producer")],
        recordings=[recording("late", "QZAAA2400060", title="Late")],
        ownership=[{"participantRef": "artist", "assetRef": "late", "rightType": "master", "share": "100"}]))
    ids = participant_ids(graph)
    assert wait_for(lambda: wallets(graph) == {ids["artist"]: 6_000_000}, 60, worker)

    splits.put_split(recording_id(graph, "Late"), "master", dt.date(2024, 1, 1), [
        {"participantId": ids["artist"], "share": Decimal("50"), "role": "artist"},
        {"participantId": ids["producer"], "share": Decimal("50"), "role": "producer"}], "tester")
    report, queued = jobs.reprocess_statement(sid, actor="ops")
    assert (report, queued) == (None, True)
    assert wait_for(lambda: wallets(graph) == {ids["artist"]: 3_000_000, ids["producer"]: 3_000_000}, 60, worker)
    assert_ledger_consistent(graph)
