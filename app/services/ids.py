"""Readable ids (PART-000001, WRK-…, REC-…, REL-…, WAL-…, STM-…, JE-…) from graph sequences."""
from __future__ import annotations

from neo4j import ManagedTransaction

from app.services.db import run

PREFIXES = {"participant": "PART", "work": "WRK", "recording": "REC", "release": "REL", "wallet": "WAL",
            "statement": "STM", "entry": "JE", "audit": "AUD", "catalog_import": "CAT",
            "quality_issue": "DQI", "dispute": "DSP", "change_request": "SCR", "agreement": "AGR",
            "payout": "PAY", "payout_method": "PM", "payout_batch": "PB",
            "station": "STN", "tariff": "TRF", "play": "PLY", "playlog_import": "PLI", "withdrawal": "WDR",
            "template": "TPL", "advance": "ADV", "advance_offer": "OFR", "alert": "ALR",
            "reciprocal_agreement": "RCA", "repertoire_import": "RPI", "cycle": "CYC", "remittance": "RMT",
            "export": "EXP"}


def reserve_ids(tx: ManagedTransaction, kind: str, count: int) -> list[str]:
    """Reserve ``count`` ids of ``kind`` (a key of PREFIXES). Ids are unique, not gap-free:
    a rolled-back transaction or an upsert that found an existing node leaves a gap."""
    if count <= 0:
        return []
    prefix = PREFIXES[kind]
    row = run(tx, "common/next_ids", name=prefix, count=count)[0]
    return [f"{prefix}-{n:06d}" for n in range(row["first"], row["last"] + 1)]
