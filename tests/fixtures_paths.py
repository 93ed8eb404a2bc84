"""Locations of the shared test fixtures, which live next to the repository (/work/shared)."""

import json
from pathlib import Path

REAL = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "real"

#: The Money Hub seed payload of issue 2: field names, nesting, enums and types to match.
MONEY_HUB_SEED = json.loads((Path(__file__).resolve().parent / "fixtures" / "money_hub_seed.json").read_text("utf-8"))
