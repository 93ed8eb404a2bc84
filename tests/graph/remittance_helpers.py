"""A closed royalty cycle built through the real flow, for the remittance tests: partner ASCAP
(15 % admin fee) with an Active agreement for GH, its CSV repertoire (two works and their
recordings), a GHS station paying 2.50 per play (half of it the work side, which the
reciprocal mandate routes whole to ASCAP), plays in 2025-01, and the 2025-Q1 GH cycle closed.
Nothing here mocks the database."""
from __future__ import annotations

import csv
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

from app.services import cycles, partners, playlogs, reciprocal_agreements
from tests.graph.broadcast_helpers import play_log, station, tariff

ISWC_1, ISWC_2 = "T0345246801", "T1234567894"
ISRC_1, ISRC_2 = "USAT21000001", "USAT21000002"


def _csv(path: Path, header: list[str], rows: list[list[str]]) -> Path:
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def partner(code: str = "ASCAP", requirements: dict | None = None) -> dict:
    """A partner society (US, CWR reports, 15 % default admin fee)."""
    return partners.create_partner({"code": code, "name": f"{code} Society", "country": "US",
                                    "reportingStandard": "CWR", "defaultAdminFeePercent": Decimal("15"),
                                    "remittanceRequirements": requirements or {}}, "test")


def repertoire(tmp_path: Path, code: str = "ASCAP") -> None:
    """Import the partner's works (two, by ISWC) and recordings (their ISRCs) from CSV."""
    from app.services.repertoire_import import import_repertoire  # package E's; only the flow tests need it
    works = _csv(tmp_path / f"{code}_works.csv", ["title", "iswc", "writer_1_name", "writer_1_pr_share"],
                 [["Blue Moon Rising", ISWC_1, "Jane Writer", "100"], ["Desert Highway", ISWC_2, "John Writer", "100"]])
    recs = _csv(tmp_path / f"{code}_recordings.csv", ["title", "isrc", "artist", "iswc"],
                [["Blue Moon Rising", ISRC_1, "The Moons", ISWC_1], ["Desert Highway", ISRC_2, "Dusty", ISWC_2]])
    for path in (works, recs):
        log = import_repertoire(path, code, "csv", "test")["log"]
        assert not log["errors"], log


def plays(tmp_path: Path, station_id: str, counts: dict[str, int], month: str = "2025-01") -> dict:
    """Import ``counts`` plays per ISRC, an hour apart on the 10th of ``month``."""
    rows, hour = [], 6
    for isrc, n in counts.items():
        for _ in range(n):
            rows.append({"playedAt": f"{month}-10T{hour:02d}:00:00Z", "title": "t", "artist": "a", "isrc": isrc,
                         "durationSeconds": "200", "station": ""})
            hour += 1
    return playlogs.import_file(play_log(tmp_path / f"plays-{station_id}-{month}.csv", rows), station_id)


def closed_cycle(tmp_path: Path, requirements: dict | None = None, counts: dict[str, int] | None = None
                 ) -> SimpleNamespace:
    """The flow of the module docstring; ``counts`` plays per ISRC (default 3 of ISRC_1, 1 of
    ISRC_2). Returns ``cycle`` (closed, as get_cycle), ``partner``, ``agreement``, ``station``."""
    stn = station("Joy FM", top_up="1000")
    tariff("national", "2.50")
    ascap = partner(requirements=requirements)
    repertoire(tmp_path)
    agreement = reciprocal_agreements.create_agreement(
        {"partner": "ASCAP", "territories": ["GH"], "validFrom": "2024-01-01", "reportingFrequency": "Quarterly",
         "status": "Active"}, "test")
    plays(tmp_path, stn["stationId"], counts or {ISRC_1: 3, ISRC_2: 1})
    cycle = cycles.create_cycle({"territory": "GH", "period": "2025-Q1"}, "test")
    closed = cycles.close_cycle(cycle["cycleId"], "test")
    return SimpleNamespace(cycle=closed, partner=ascap, agreement=agreement, station=stn)
