#!/usr/bin/env python
"""Reciprocal agreement benchmark: the mandates an agreement's status changes write over a
partner's whole repertoire (``reciprocal_agreements.set_status``: one transaction per call,
``CHUNK`` works per query).

    python bench/bench_partner_mandates.py [--works 200000] [--keep]

On its OWN local Neo4j instance ``bench-partners`` (bolt 7741, http 7841; ``harness``). The
graph: partner ASCAP with ``--works`` works IN_REPERTOIRE_OF it (created by one UNWIND, not
timed) and a second partner PRS sharing 1 % of them under its own Active agreement (so the
conflict check finds some). Timed: activation of an ASCAP agreement over GH with two right
types (2 × works COLLECTS edges + the conflict check), suspension, reactivation (refresh of
every edge), termination; reported with edges/s and the peak RSS of Neo4j and Python.
"""
from __future__ import annotations

import argparse
import datetime as dt
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from bench_statement import python_peak_rss_mib  # noqa: E402
from harness import fresh_instance, instance_args, proc_status_mib  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--works", type=int, default=200_000)
    instance_args(ap, "bench-partners", 7741, 7841)
    args = ap.parse_args()
    with fresh_instance(args, "partners") as bench:
        from app.services import partners, quality
        from app.services import reciprocal_agreements as ra

        for code, country in (("ASCAP", "US"), ("PRS", "GB")):
            partners.create_partner({"code": code, "name": code, "country": country, "reportingStandard": "CWR",
                                     "defaultAdminFeePercent": "15"}, "bench")
        t0 = time.perf_counter()
        with bench.driver.session() as session:
            session.run("MATCH (s:Society {code: 'ASCAP'}) UNWIND range(1, $n) AS i "
                        "CALL (s, i) { CREATE (w:Work {workId: 'WRK-' + right('000000000' + i, 9), title: 'T' + i})"
                        "-[:IN_REPERTOIRE_OF {importId: 'RPI-000001', since: datetime()}]->(s) } "
                        "IN TRANSACTIONS OF 20000 ROWS", n=args.works).consume()
            session.run("MATCH (s:Society {code: 'PRS'}) MATCH (w:Work) "
                        "WHERE toInteger(substring(w.workId, 4)) % 100 = 0 CREATE (w)-[:IN_REPERTOIRE_OF]->(s)").consume()
        print(f"repertoire of {args.works:,} works loaded in {time.perf_counter() - t0:.1f} s (not timed)")
        ra.create_agreement({"partner": "PRS", "territories": ["2AF"], "validFrom": "2024-01-01",
                             "reportingFrequency": "Annual", "status": "Active"}, "bench")
        aid = ra.create_agreement({"partner": "ASCAP", "territories": ["GH"], "validFrom": "2024-01-01",
                                   "rightTypes": ["performance", "mechanical"], "reportingFrequency": "Quarterly"},
                                  "bench")["agreementId"]
        edges = 2 * args.works
        for label, status, on in (("activate", "Active", None), ("suspend", "Suspended", None),
                                  ("reactivate", "Active", None), ("terminate", "Terminated", dt.date(2026, 1, 1))):
            t0 = time.perf_counter()
            result = ra.set_status(aid, status, "bench", on=on)
            seconds = time.perf_counter() - t0
            print(f"{label:<11} {seconds:7.1f} s  {edges / seconds:10,.0f} edges/s  mandates {result['mandates']}")
        print(f"conflicts recorded: {quality.list_issues(0, 1, kind=ra.CONFLICT_KIND)[1]:,}")
        print(f"peak RSS: neo4j {proc_status_mib(bench.neo_pid, 'VmHWM') or 0:,.0f} MiB, "
              f"python {python_peak_rss_mib():,.0f} MiB")


if __name__ == "__main__":
    main()
