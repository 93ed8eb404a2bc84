"""Builders of the royalty cycle tests: partner ASCAP with an Active GH agreement and its CSV
repertoire (tests/fixtures), a GHS station and tariff, plays of ASCAP's recordings — all through
the real services (partners, reciprocal agreements, repertoire import, play-log import with
attribution, charging and routing). Nothing here mocks the database."""
from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

from app.services import partners, reciprocal_agreements
from tests.graph.broadcast_helpers import play_log, station, tariff

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
MIDNIGHT = "USAT22500101"  # Midnight in Accra (ASC-884512, T-345.246.800-3)
GOLDEN = "USQX92500011"    # Golden Coast Highway (ASC-884513, T-912.305.571-0)


def ascap(fee: str = "20", agreement_fee: str | None = "15", since: str = "2025-01-01") -> SimpleNamespace:
    """Partner ASCAP (default admin fee ``fee`` %), its CSV works and recordings imported, an
    Active agreement for GH from ``since`` (admin fee ``agreement_fee`` %); ids."""
    from app.services.repertoire_import import import_repertoire
    partner = partners.create_partner({"code": "ASCAP", "name": "ASCAP", "country": "US",
                                       "reportingStandard": "CSV-Custom", "defaultAdminFeePercent": fee}, "test")
    for name in ("ascap_works_sample.csv", "ascap_recordings_sample.csv"):
        result = import_repertoire(FIXTURES / name, "ASCAP", "csv", "test")
        assert not result["log"]["errors"], result["log"]["errors"]
    agreement = reciprocal_agreements.create_agreement(
        {"partner": "ASCAP", "territories": ["GH"], "validFrom": since, "adminFeePercent": agreement_fee,
         "reportingFrequency": "Quarterly", "status": "Active"}, "test")
    return SimpleNamespace(partner=partner["participantId"], agreement=agreement["agreementId"])


def radio(rate: str = "0.333333", name: str = "Joy FM", stream: str = "joy-997") -> dict:
    """A national GHS station topped up with 100.00 and a per-play national tariff of ``rate``."""
    found = station(name, "national", top_up="100.00", stream=stream)
    tariff("national", rate)
    return found


def plays(path: Path, station_id: str, rows: list[tuple[str, str]], duration: int = 200) -> dict:
    """Import plays ``[(UTC time 'YYYY-MM-DDTHH:MM:SSZ', ISRC)]`` for the station; the result."""
    from app.services import playlogs
    return playlogs.import_file(play_log(path, [
        {"playedAt": at, "title": "t", "artist": "a", "isrc": isrc, "durationSeconds": str(duration)}
        for at, isrc in rows]), station_id)


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)
