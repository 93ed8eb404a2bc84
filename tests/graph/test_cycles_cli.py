"""``rightsgraph cycles`` on the real graph: a GH cycle opened, refused when it overlaps or names
an unknown territory, closed into ASCAP's line items (the flow of ``remittance_helpers``: 4 plays
× 2.50 GHS, half the work side, 15 % admin fee), shown and paged, with exit 1 and the use case's
message for each refusal."""
from __future__ import annotations

from decimal import Decimal

import simplejson
from click.testing import CliRunner

from app.cli import main
from app.services import reciprocal_agreements
from tests.graph.broadcast_helpers import station, tariff
from tests.graph.remittance_helpers import ISRC_1, ISRC_2, partner, plays, repertoire


def cli(*args: str):
    return CliRunner().invoke(main, ["cycles", *args])


def test_a_cycle_is_opened_closed_and_read_on_the_command_line(graph, tmp_path):
    stn = station("Joy FM", top_up="1000")
    tariff("national", "2.50")
    partner()
    repertoire(tmp_path)
    reciprocal_agreements.create_agreement({"partner": "ASCAP", "territories": ["GH"], "validFrom": "2024-01-01",
                                            "reportingFrequency": "Quarterly", "status": "Active"}, "test")
    plays(tmp_path, stn["stationId"], {ISRC_1: 3, ISRC_2: 1})

    opened = cli("create", "--territory", "GH", "--period", "2025-Q1", "--json")
    assert opened.exit_code == 0, opened.output
    cycle = simplejson.loads(opened.output, use_decimal=True)
    assert (cycle["status"], cycle["periodStart"], cycle["periodEnd"], cycle["currency"]) == (
        "Open", "2025-01-01", "2025-04-01", "GHS")
    overlap = cli("create", "--territory", "GH", "--period", "2025-03")
    assert overlap.exit_code == 1 and f"Open cycle {cycle['cycleId']} (2025-Q1) of GH overlaps 2025-03" in overlap.output
    unknown = cli("create", "--territory", "XX", "--period", "2025-Q1")
    assert unknown.exit_code == 1 and "territory: unknown territory 'XX'" in unknown.output

    closed = cli("close", cycle["cycleId"])
    assert closed.exit_code == 0, closed.output
    assert f"{cycle['cycleId']} GH 2025-Q1" in closed.output and "Locked" in closed.output
    shown = simplejson.loads(cli("show", cycle["cycleId"], "--json").output, use_decimal=True)
    (ascap,) = shown["totals"]["partners"]
    assert (ascap["partnerCode"], ascap["gross"], ascap["fee"], ascap["net"]) == (
        "ASCAP", Decimal("5"), Decimal("0.75"), Decimal("4.25"))
    page = simplejson.loads(cli("line-items", cycle["cycleId"], "--partner", "ASCAP", "--page-size", "1",
                                "--json").output, use_decimal=True)
    assert page["total"] == 2 and len(page["items"]) == 1
    missing = cli("show", "CYC-999999")
    assert missing.exit_code == 1 and "unknown cycle CYC-999999" in missing.output
