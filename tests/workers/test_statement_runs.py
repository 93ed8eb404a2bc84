"""Runs and chunks of statement processing (app.services.statement_runs): takeover, chunk
budget, progress, and what beat resumes. On the real test Neo4j, in-process (no broker)."""
from __future__ import annotations

import zipfile
from decimal import Decimal

import pytest

from app.services import statement_runs, statements
from app.services.db import write
from app.services.statement_runs import Run, RunSuperseded
from tests.graph.helpers import assert_ledger_consistent, write_distrokid

ROWS = [{"ISRC": f"QZAAA24{n:05d}", "Earnings (USD)": f"{n}.25", "Sale Month": "2024-06"} for n in range(1, 7)]


@pytest.fixture
def statement(graph, tmp_path) -> dict:
    """A registered 6-line DistroKid statement (nothing in the catalog: all to suspense)."""
    path = write_distrokid(tmp_path / "six.tsv", ROWS)
    return statements.register(path, path.name, "distrokid")[0]


def test_a_chunk_stops_after_its_time_budget_and_the_next_chunk_finishes(statement, graph):
    sid = statement["statementId"]
    run = Run.new()
    first = statements.process(sid, batch_size=2, run_as=run, max_seconds=0)
    # one batch at least per chunk, then the budget (0 s) is spent
    assert (first["status"], first["batchesDone"], first["linesRead"]) == ("processing", 1, 2)
    assert first["linesTotal"] == 6 and statement_runs.percent(first) == Decimal("33.3")
    following = statement_runs.advance(sid, run)
    assert following == Run(run.run_id, 1)
    assert statement_runs.advance(sid, run) is None  # a second delivery of chunk 0 queues nothing
    done = statements.process(sid, batch_size=99, run_as=following)  # the first run's batch size is kept
    assert (done["status"], done["batchesDone"], done["linesRead"]) == ("processed", 3, 6)
    assert statements.totals(sid)["suspenseMicro"] == 22_500_000  # 1.25 + … + 6.25 USD
    assert statement_runs.percent(done) == 100
    assert_ledger_consistent(graph)


def test_a_newer_run_takes_over_and_the_older_one_stops_before_writing(statement, graph):
    sid = statement["statementId"]

    def another_run_starts(done: int) -> None:
        if done == 2:
            statement_runs.claim(sid, Run.new(), batch_size=2, lines_total=None)

    with pytest.raises(RunSuperseded):
        statements.process(sid, batch_size=2, progress=another_run_starts)
    assert statements.get(sid)["batchesDone"] == 1  # the superseded run wrote nothing more
    done = statements.process(sid)  # a run resumes after the last committed batch
    assert (done["status"], done["batchesDone"], done["linesRead"]) == ("processed", 3, 6)
    assert_ledger_consistent(graph)


def test_a_stale_chunk_of_a_superseded_run_is_refused(statement):
    sid = statement["statementId"]
    old, new = Run.new(), Run.new()
    statement_runs.claim(sid, old, batch_size=2, lines_total=None)
    statement_runs.claim(sid, new, batch_size=2, lines_total=None)
    assert statement_runs.advance(sid, old) is None

    def check(tx, current):
        statement_runs.check(tx, sid, current)

    write(check, new)
    with pytest.raises(RunSuperseded):
        write(check, old)
    following = statement_runs.advance(sid, new)
    with pytest.raises(RunSuperseded):  # a late redelivery of the run's finished chunk 0
        statement_runs.claim(sid, new, batch_size=2, lines_total=None)
    assert statement_runs.claim(sid, following, batch_size=2, lines_total=None) == 2


def test_beat_resumes_only_statements_whose_processing_stopped(statement, graph):
    sid = statement["statementId"]
    run = Run.new()
    statements.process(sid, batch_size=2, run_as=run, max_seconds=0)  # a chunk ran, then the worker died
    assert sid not in statements.unfinished()  # progress is recent: its run may still be alive
    graph.execute_query("MATCH (s:Statement {statementId: $sid}) SET s.progressAt = datetime() - duration('PT11M')",
                        sid=sid)
    assert statements.unfinished() == [sid]
    assert statements.process(sid)["status"] == "processed"
    assert statements.unfinished() == []


@pytest.mark.parametrize(("data", "rows"), [
    (b"h\r\na\r\nb\r\n", 2),  # CRLF
    (b"h\ra\rb\r", 2),  # CR only
    (b"h\na\nb", 2),  # no line end after the last row
    (b"h\n", 0),
    (b"", 0),
])
def test_estimate_lines_counts_rows_under_the_header(tmp_path, data, rows):
    path = tmp_path / "s.tsv"
    path.write_bytes(data)
    assert statement_runs.estimate_lines(path) == rows


def test_estimate_lines_is_unknown_for_containers_and_utf16(tmp_path):
    with zipfile.ZipFile(tmp_path / "s.zip", "w") as z:
        z.writestr("a.tsv", "h\na\n")
    (tmp_path / "u16.tsv").write_bytes("h\na\n".encode("utf-16"))
    assert statement_runs.estimate_lines(tmp_path / "s.zip") is None
    assert statement_runs.estimate_lines(tmp_path / "u16.tsv") is None


def test_percent_of_a_statement():
    assert statement_runs.percent({"status": "processing", "linesRead": 1, "linesTotal": 3}) == Decimal("33.3")
    assert statement_runs.percent({"status": "processing", "linesRead": 5, "linesTotal": 4}) == Decimal("99.9")
    assert statement_runs.percent({"status": "registered", "linesRead": 0, "linesTotal": None}) is None
    assert statement_runs.percent({"status": "processed_with_errors", "linesRead": 4, "linesTotal": 5}) == 100
