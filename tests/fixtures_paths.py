"""Locations of the shared test fixtures, which live next to the repository (/work/shared)."""

from pathlib import Path

REAL = Path(__file__).resolve().parents[2] / "shared" / "fixtures" / "real"
