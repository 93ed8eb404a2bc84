"""Lines that waited for a rate, posted by a real Celery worker through a real Redis broker
once the rate is added over the API."""
from __future__ import annotations

from app.services import statements
from tests.graph.helpers import assert_ledger_consistent
from tests.graph.source_helpers import RATES, write_tunecore
from tests.workers.conftest import wait_for


def test_the_waiting_lines_are_posted_by_the_worker(graph, start_worker, tmp_path):
    from app import create_app
    from app.services.users import create_user
    from tests.api.helpers import PASSWORD, bearer, body, token

    path = write_tunecore(tmp_path / "mixed.csv", [{"Total Earned": "1", "Currency": "GBP"},
                                                   {"Total Earned": "2.5", "Currency": "EUR"},
                                                   {"Total Earned": "0.5", "Currency": "EUR"}])
    registered, _ = statements.register(path, path.name, rates=[RATES[0]])
    sid = registered["statementId"]
    statements.process(sid)  # in-process: the worker only posts the waiting lines
    worker = start_worker()
    client = create_app({"TESTING": True}).test_client()
    create_user("ops-worker", PASSWORD, "ops")
    resp = client.post(f"/api/royalties/statements/{sid}/rates", json={"rates": [{"from": "EUR", "rate": "1.0834"}]},
                       headers=bearer(token(client, "ops-worker")))
    queued = body(resp)
    assert resp.status_code == 202, queued
    assert (queued["queued"], queued["posted"], queued["added"]) == (True, None, ["EUR"])
    done = wait_for(lambda: (s := statements.get(sid))["status"] == "processed" and s, 60, worker)
    assert (done["linesRejected"], done["grossMicro"]) == (0, 1_271_200 + 3_250_200)  # 1 GBP + 3 EUR, exact
    assert_ledger_consistent(graph)
