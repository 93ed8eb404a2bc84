"""``GET /api/royalties/statements/{id}`` shows how far processing got: lines read, batches done,
the file's rows (estimated until processed), percent, last progress."""
from __future__ import annotations

from app.services import statements
from app.services.statement_runs import Run
from tests.api.helpers import body
from tests.graph.helpers import write_distrokid

ROWS = [{"ISRC": f"QZAAA24{n:05d}", "Earnings (USD)": "1.5"} for n in range(1, 7)]


def test_progress_of_a_statement_processed_in_chunks(client, auth, upload, tmp_path):
    data = write_distrokid(tmp_path / "six.tsv", ROWS).read_bytes()
    resp = upload(data, "six.tsv")
    assert resp.status_code == 201, body(resp)
    sid = body(resp)["statementId"]

    statements.process(sid, batch_size=2, run_as=Run.new(), max_seconds=0)  # one chunk: a single batch
    resp = client.get(f"/api/royalties/statements/{sid}", headers=auth("viewer"))
    assert resp.status_code == 200, body(resp)
    halfway = body(resp)
    assert {k: halfway[k] for k in ("status", "linesRead", "batchesDone", "linesTotal", "percent")} == {
        "status": "processing", "linesRead": 2, "batchesDone": 1, "linesTotal": 6, "percent": 33.3}
    assert halfway["progressAt"].startswith(halfway["registeredAt"][:4])

    resp = client.post(f"/api/royalties/statements/{sid}/process", headers=auth("ops"))
    assert resp.status_code == 200, body(resp)
    done = body(resp)
    assert {k: done[k] for k in ("status", "linesRead", "batchesDone", "linesTotal", "percent")} == {
        "status": "processed", "linesRead": 6, "batchesDone": 3, "linesTotal": 6, "percent": 100}
