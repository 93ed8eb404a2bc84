"""DDEX DSR flat files (DSRF): record layouts, cell decoding and the file-name convention.

Layout source: DDEX Digital Sales Reporting Message Suite (DSR), Part 8 "Record Type
Definitions", as machine-readable in the DSRF profile XSDs published by DDEX (ddexnet/dsrf
``schemas/UgcProfile/1.0``, ``1.1.1`` and ``1.2``; the 1.2 copy is in
``shared/fixtures/real/ddex-dsr/schemas/UgcProfile.xsd``). Part 1 (architecture): one record a
line, tab-separated, UTF-8; ``#`` lines are comments (often column headers); ``|`` separates the
values of a multi-valued cell and ``\\`` escapes the next character (a literal ``|``, tab or
backslash).

Cells are positional, the record type first. A newer version of a record type only appends
cells (SY02.02 = SY02.01 + ContentCategory…, SU03.02 = SU03.01 + ContentCategory,
IsRoyaltyBearing), so one layout per family (the type's first four characters) reads every
version. ``SY03`` is the one exception to Part 8: it follows the DSRF 3.0 draft schema
(ddexnet/dsrf ``testdata/sales-reporting-flat.xsd``) that the ``…_AdSupport_2015-02_AU_…``
sample files were written against.
"""

import bisect
import gzip
import os
import re
from collections.abc import Iterator
from pathlib import Path

from importers.statements.common import open_text, parse_decimal

# Cell names after the record type, by family.
LAYOUTS: dict[str, tuple[str, ...]] = {
    "HEAD": ("MessageVersion", "Profile", "ProfileVersion", "MessageId", "MessageCreatedDateTime",
             "FileNumber", "NumberOfFiles", "UsageStartDate", "UsageEndDate", "SenderPartyId",
             "SenderName", "ServiceDescription", "RecipientPartyId", "RecipientName",
             "RepresentedRepertoire"),
    "SY02": ("SummaryRecordId", "DistributionChannel", "DistributionChannelDPID", "CommercialModel",
             "UseType", "Territory", "ServiceDescription", "Usages", "Users", "CurrencyOfReporting",
             "NetRevenue", "RightsController", "RightsControllerPartyId", "AllocatedUsages",
             "AllocatedRevenue", "AllocatedNetRevenue", "RightsType"),
    "SY03": ("CommercialModel", "UseType", "Territory", "ServiceDescription", "Usages"),
    "AS01": ("BlockId", "ResourceReference", "DspResourceId", "ISRC", "Title", "SubTitle",
             "DisplayArtistName", "DisplayArtistPartyId", "Duration", "ResourceType"),
    "AS02": ("BlockId", "ResourceReference", "DspResourceId", "ISRC", "Title", "SubTitle",
             "DisplayArtistName", "DisplayArtistPartyId", "Duration", "ResourceType", "ISWC",
             "ComposerAuthor", "ComposerAuthorPartyId", "Arranger", "ArrangerPartyId", "MusicPublisher",
             "MusicPublisherPartyId", "WorkContributor", "WorkContributorPartyId", "ProprietaryWorkId"),
    "MW01": ("BlockId", "DspWorkId", "ISWC", "Title", "SubTitle", "ComposerAuthor"),
    # Radio Broadcast Profile 1.0 (shared/fixtures/real/ddex-dsr/schemas/RadioBroadcastProfile.xsd),
    # written by app.exports.ddex_dsr: the summary carries the money, SU05 only the broadcasts.
    "SY08": ("SummaryRecordId", "DistributionChannel", "DistributionChannelDPID", "ServiceDescription",
             "BroadcastStationOrChannel", "CommercialModel", "UseType", "Territory", "NumberOfBroadcasts",
             "NumberOfBroadcastListeners", "ListenerHours", "Currency", "NetRevenue", "IndirectNetRevenue",
             "RightsController", "RightsControllerPartyId", "AllocatedRevenue", "RightsType",
             "AllocatedNetRevenue", "RightsControllerAllocatedNumberOfBroadcasts", "AdditionalData"),
    "SU05": ("BlockId", "SummaryRecordId", "SalesTransactionId", "TransactedResource", "IsRoyaltyBearing",
             "NumberOfBroadcasts", "NumberOfBroadcastListeners", "ListenerDuration"),
    "RE01": ("BlockId", "ReleaseReference", "DspReleaseId", "ProprietaryReleaseId", "CatalogNumber",
             "ICPN", "DisplayArtistName", "DisplayArtistPartyId", "Title"),
    "RU01": ("BlockId", "SummaryRecordId", "DspReleaseId", "Usages"),
    "RU02": ("BlockId", "SummaryRecordId", "DspReleaseId", "ReleaseTitle", "ReleaseURL", "Usages"),
    "SU03": ("BlockId", "SalesTransactionId", "SummaryRecordId", "DspResourceId", "Usages",
             "NetRevenue", "ValidityPeriodStart", "ValidityPeriodEnd"),
    "LI01": ("BlockId", "SummaryRecordId", "RightsController", "RightsControllerPartyId",
             "RightsControllerWorkId", "RightSharePercentage", "RightsType", "AllocatedNetRevenue",
             "AllocatedAmount", "AllocatedUsages"),
    "FOOT": ("NumberOfLinesInFile", "NumberOfLinesInReport", "NumberOfSummaryRecords",
             "NumberOfBlocksInFile", "NumberOfBlocksInReport"),
}  # fmt: skip

# Cells (with the record type) up to the last one this adapter needs: a shorter record is
# truncated. Artist names and sub-titles are optional here, as in the DSRF 3.0 draft records.
MIN_CELLS = {
    "HEAD": 4, "SY02": 12, "SY03": 6, "AS01": 6, "AS02": 6, "MW01": 5, "RE01": 4, "RU01": 5,
    "RU02": 7, "SU03": 7, "LI01": 10, "FOOT": 2,
}  # fmt: skip

SUMMARY_FAMILIES = frozenset({"SY02", "SY03"})
BLOCK_FAMILIES = frozenset({"AS01", "AS02", "MW01", "RE01", "RU01", "RU02", "SU03", "LI01"})

_INDEX = {family: {name: i for i, name in enumerate(names, start=1)} for family, names in LAYOUTS.items()}
_ESCAPED = re.compile(r"\\(.)", re.DOTALL)
_INTEGER = re.compile(r"[+-]?[0-9]+")


def _split(text: str, separator: str) -> list[str]:
    """Split ``text`` on unescaped ``separator``; escapes stay in the parts."""
    if "\\" not in text:
        return text.split(separator)
    parts, start, i = [], 0, 0
    while i < len(text):
        if text[i] == "\\":
            i += 2
            continue
        if text[i] == separator:
            parts.append(text[start:i])
            start = i + 1
        i += 1
    parts.append(text[start:])
    return parts


def _unescape(raw: str) -> str:
    return _ESCAPED.sub(r"\1", raw) if "\\" in raw else raw


class Record:
    """One DSR record: its physical ``line``, ``type`` ('SU03.01'), ``family`` ('SU03') and cells."""

    __slots__ = ("line", "text", "cells", "type", "family")

    def __init__(self, line: int, text: str) -> None:
        """Split the record's ``text`` (one physical line, without its line end) into cells."""
        self.line = line
        self.text = text
        self.cells = _split(text, "\t")
        self.type = _unescape(self.cells[0]).strip().upper()
        self.family = self.type[:4]

    def get(self, name: str) -> str:
        """The cell ``name`` unescaped and stripped; '' if the record is too short for it."""
        index = _INDEX[self.family][name]
        return _unescape(self.cells[index]).strip() if index < len(self.cells) else ""

    def values(self, name: str) -> list[str]:
        """The non-empty values of the multi-valued cell ``name``, unescaped and stripped."""
        index = _INDEX[self.family][name]
        if index >= len(self.cells):
            return []
        values = (_unescape(part).strip() for part in _split(self.cells[index], "|"))
        return [value for value in values if value]


def parse_int(text: str) -> int | None:
    """A whole number: an integer cell, or a decimal one with a zero fraction ('7810.0'; SU03.02
    Usages are xs:decimal), or None."""
    value = parse_decimal(text)
    return int(value) if value is not None and value == value.to_integral_value() else None


def month_of(iso_date: str) -> str | None:
    """'YYYY-MM' of an ISO 8601 date 'YYYY[-MM[-DD]]' (a bare year is its January), or None."""
    match = re.fullmatch(r"([0-9]{4})(-(0[1-9]|1[0-2])(-[0-9]{2})?)?", iso_date)
    if match is None:
        return None
    return f"{match.group(1)}-{match.group(3) or '01'}"


def physical_lines(path: str | os.PathLike) -> Iterator[tuple[int, str]]:
    """Yield (1-based line number, text without line end) for every line of a .tsv or .tsv.gz.

    DSR files are UTF-8 (Part 1); decoding is ``common.open_text``'s (BOM dropped, a stray
    Windows-1252 line kept readable, any line ends).
    """
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "rb") as binary, open_text(binary) as text:
        for number, line in enumerate(text, start=1):
            yield number, line.rstrip("\r\n")


# DSR_<party>_<party>_<ServiceDescription>_<period>_<territory>_<x>of<y>_<created>.tsv[.gz]
# (Part 1; the dsrf library reads the parties as recipient then sender, the DDEX samples put
# the sender first: they are kept as the pair of names, in the order written).
_FILE_NAME = re.compile(
    r"DSR_(?P<party1>[^_]+)_(?P<party2>[^_]+)_(?P<service>[^_]+)_(?P<period>[^_]+)_"
    r"(?P<territory>[^_]*)_(?P<x>[0-9]+)of(?P<y>[0-9]+)_(?P<created>[0-9]{8}T[0-9]{6})\.tsv(\.gz)?",
    re.IGNORECASE,
)
_QUARTER = re.compile(r"([0-9]{4})-Q([1-4])", re.IGNORECASE)


class FileName:
    """The parts of a DSR file name that follows the Part 1 naming convention."""

    __slots__ = ("parties", "service", "period", "territory", "file_number", "number_of_files")

    def __init__(self, match: re.Match) -> None:
        """Take the parts from a match of the naming convention."""
        self.parties = match["party1"], match["party2"]
        self.service = match["service"]
        quarter = _QUARTER.fullmatch(match["period"])
        # '2015-Q4' starts in October; '2015-02-01--2015-02-28' in February.
        start = f"{quarter[1]}-{3 * int(quarter[2]) - 2:02d}" if quarter else match["period"][:10]
        self.period = month_of(start)
        self.territory = match["territory"].upper()
        self.file_number = int(match["x"])
        self.number_of_files = int(match["y"])

    def report_key(self) -> tuple:
        """What every file of one report shares: parties, service, period, territory, file count."""
        return self.parties, self.service, self.period, self.territory, self.number_of_files


def parse_file_name(path: str | os.PathLike) -> FileName | None:
    """The parts of a conventional DSR file name, or None if the name does not follow it."""
    match = _FILE_NAME.fullmatch(Path(path).name)
    return FileName(match) if match else None


class IdRanges:
    """A set of block ids that stays small when the ids are ascending integers (the norm).

    Integer ids are kept as sorted, disjoint, merged ranges; other ids in a plain set.
    """

    def __init__(self) -> None:
        """Start empty."""
        self._starts: list[int] = []
        self._ends: list[int] = []
        self._others: set[str] = set()

    def add(self, block_id: str) -> bool:
        """Add ``block_id``; return False if it was already there."""
        if not _INTEGER.fullmatch(block_id):
            if block_id in self._others:
                return False
            self._others.add(block_id)
            return True
        value, starts, ends = int(block_id), self._starts, self._ends
        index = bisect.bisect_right(starts, value) - 1  # the range starting at or before value
        if index >= 0 and value <= ends[index]:
            return False
        joins_left = index >= 0 and ends[index] == value - 1
        joins_right = index + 1 < len(starts) and starts[index + 1] == value + 1
        if joins_left and joins_right:
            ends[index] = ends.pop(index + 1)
            del starts[index + 1]
        elif joins_left:
            ends[index] = value
        elif joins_right:
            starts[index + 1] = value
        else:
            starts.insert(index + 1, value)
            ends.insert(index + 1, value)
        return True
