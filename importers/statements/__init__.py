"""Parsers for royalty statements, one module per source, and the registry that tells them apart.

``ADAPTERS`` maps a source name to its ``(parse, sniff)`` pair: ``parse(path)`` streams
``StatementLine | ParseIssue`` (FormatError on the first iteration for a file of another
source), ``sniff(path)`` is True when the file's header is that source's. The sniffs read
only a file's head, and the required columns of the layouts are disjoint enough that at most
one answers True for a file (the tests check it on every real sample).
"""

import os
from collections.abc import Callable, Iterator

from importers.records import ParseIssue, StatementLine
from importers.statements.apple import parse_apple_music, parse_itunes, sniff_apple_music, sniff_itunes
from importers.statements.bandcamp import parse_bandcamp, sniff_bandcamp
from importers.statements.cargo import (
    parse_cargo_digital,
    parse_cargo_physical,
    sniff_cargo_digital,
    sniff_cargo_physical,
)
from importers.statements.cdbaby import parse_cdbaby, sniff_cdbaby
from importers.statements.clicknclear import parse_clicknclear, sniff_clicknclear
from importers.statements.distrokid import parse_distrokid, sniff_distrokid
from importers.statements.dsr_bundle import parse_dsr_bundle, sniff_dsr_bundle
from importers.statements.mlc import parse_mlc, sniff_mlc
from importers.statements.prs import parse_prs, sniff_prs
from importers.statements.publisher import parse_publisher, sniff_publisher
from importers.statements.secretly import (
    parse_secretly_digital,
    parse_secretly_physical,
    sniff_secretly_digital,
    sniff_secretly_physical,
)
from importers.statements.spotify import parse_spotify, sniff_spotify
from importers.statements.tunecore import parse_tunecore, sniff_tunecore
from importers.statements.youtube import parse_youtube_content_id, sniff_youtube_content_id

Parse = Callable[..., Iterator[StatementLine | ParseIssue]]
Sniff = Callable[[str | os.PathLike], bool]

ADAPTERS: dict[str, tuple[Parse, Sniff]] = {
    "distrokid": (parse_distrokid, sniff_distrokid),
    "tunecore": (parse_tunecore, sniff_tunecore),
    "cdbaby": (parse_cdbaby, sniff_cdbaby),
    "apple_music": (parse_apple_music, sniff_apple_music),
    "itunes": (parse_itunes, sniff_itunes),
    "spotify": (parse_spotify, sniff_spotify),
    "bandcamp": (parse_bandcamp, sniff_bandcamp),
    "cargo_digital": (parse_cargo_digital, sniff_cargo_digital),
    "cargo_physical": (parse_cargo_physical, sniff_cargo_physical),
    "secretly_digital": (parse_secretly_digital, sniff_secretly_digital),
    "secretly_physical": (parse_secretly_physical, sniff_secretly_physical),
    "prs": (parse_prs, sniff_prs),  # takes period='YYYY-MM': the file states none
    "clicknclear": (parse_clicknclear, sniff_clicknclear),
    "publisher": (parse_publisher, sniff_publisher),  # takes period='YYYY-MM' too
    # A DDEX DSR report: one file, or a ZIP of the parts of a 1ofN report (dsr_bundle);
    # dsr_bundle.open_report gives the control totals too.
    "dsr": (parse_dsr_bundle, sniff_dsr_bundle),
    "youtube_content_id": (parse_youtube_content_id, sniff_youtube_content_id),  # takes period too
    "mlc": (parse_mlc, sniff_mlc),
}


def detect_source(path: str | os.PathLike) -> str | None:
    """The name of the first adapter whose sniff recognizes the file, or None.

    Raises OSError if the file cannot be read.
    """
    for name, (_, sniff) in ADAPTERS.items():
        if sniff(path):
            return name
    return None
