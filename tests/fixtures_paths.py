"""Locations of the shared test fixtures, which live next to the repository (/work/shared)."""

import json
from pathlib import Path

REAL = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "real"

#: The Money Hub seed payload of issue 2: field names, nesting, enums and types to match.
MONEY_HUB_SEED = json.loads((Path(__file__).resolve().parent / "fixtures" / "money_hub_seed.json").read_text("utf-8"))

#: Hand-made repertoire and usage samples of issue 7 (docs/repertoire-csv.md, docs/playlog-format.md): ten
#: works of an ASCAP-style catalogue, ten recordings of them (one without ISRC), and twenty plays of a
#: Ghana station in 2025-Q1 (by ISRC, by ISWC only, by title/artist only, and three unknown songs).
FIXTURES = Path(__file__).resolve().parent / "fixtures"
ASCAP_WORKS_CSV = FIXTURES / "ascap_works_sample.csv"
ASCAP_RECORDINGS_CSV = FIXTURES / "ascap_recordings_sample.csv"
USAGE_CSV = FIXTURES / "usage_sample.csv"
