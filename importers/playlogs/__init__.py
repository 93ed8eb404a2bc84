"""Parsers for broadcast play logs, one module per layout, and the registry that tells them apart.

``LAYOUTS`` maps a format name to its ``(parse, sniff)`` pair: ``parse(path)`` streams
``PlayRecord | ParseIssue`` (FormatError on the first iteration for a file of another layout),
``sniff(path)`` is True when the file's head is that layout's. The required columns are
disjoint enough that at most one sniff answers True for a file (tested on the real samples).
"""

import os
from collections.abc import Callable, Iterator

from importers.playlogs.generic import (
    parse_generic_csv,
    parse_generic_json,
    sniff_generic_csv,
    sniff_generic_json,
)
from importers.playlogs.records import PlayRecord
from importers.playlogs.suisa import parse_suisa, sniff_suisa
from importers.playlogs.triplej import parse_triplej, sniff_triplej
from importers.records import ParseIssue

Parse = Callable[[str | os.PathLike], Iterator[PlayRecord | ParseIssue]]
Sniff = Callable[[str | os.PathLike], bool]

LAYOUTS: dict[str, tuple[Parse, Sniff]] = {
    "triplej": (parse_triplej, sniff_triplej),
    "suisa": (parse_suisa, sniff_suisa),
    "csv": (parse_generic_csv, sniff_generic_csv),
    "json": (parse_generic_json, sniff_generic_json),
}


def detect_layout(path: str | os.PathLike) -> str | None:
    """The name of the first layout whose sniff recognizes the file, or None. Raises OSError
    if the file cannot be read."""
    for name, (_, sniff) in LAYOUTS.items():
        if sniff(path):
            return name
    return None
