"""DDEX DSR flat files in the Radio Broadcast Profile 1.0: read back a report's control totals.

Layout source: ``shared/fixtures/real/ddex-dsr/schemas/RadioBroadcastProfile.xsd`` (cells in
``dsr_records.LAYOUTS``: HEAD, SY08, AS01/AS02, MW01, RE01, SU05, FOOT). This profile carries
money only on its SY08 summary records (SU05 usage records count broadcasts), so it is not a
statement our adapters import (``dsr`` rejects it); it is what we send partner societies
(app.exports.ddex_dsr). ``read_radio_report`` checks such a file as a recipient would: the
FOOT counts (``dsr_totals.compare``) and, per summary record, its NumberOfBroadcasts against
the Σ of the SU05 records that refer to it. Single-file reports only.
"""

import os
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal

from importers.statements.common import parse_decimal
from importers.statements.dsr_records import LAYOUTS, Record, parse_int, physical_lines
from importers.statements.dsr_totals import ControlMismatch, DeclaredTotals, DsrFooter, ImportedTotals, compare

BLOCK_FAMILIES = frozenset({"AS01", "AS02", "MW01", "RE01", "SU05"})


@dataclass(frozen=True)
class RadioReport:
    """A Radio Broadcast report read back: ``head`` and ``summaries`` (SY08) and ``usages``
    (SU05) records, ``allocated_revenue`` / ``allocated_net_revenue`` Σ over the summaries by
    currency, and the ``mismatches`` between declared and counted totals (empty = consistent)."""

    head: Record
    summaries: tuple[Record, ...]
    usages: tuple[Record, ...]
    allocated_revenue: dict[str, Decimal]
    allocated_net_revenue: dict[str, Decimal]
    mismatches: tuple[ControlMismatch, ...]


def _add(totals: dict[str, Decimal], currency: str, text: str) -> None:
    totals[currency] = totals.get(currency, Decimal(0)) + (parse_decimal(text) or Decimal(0))


def read_radio_report(path: str | os.PathLike) -> RadioReport:
    """Read a single-file Radio Broadcast report and check its control totals.

    Raises ``ValueError`` if the first record is not a HEAD of the RadioBroadcastProfile.
    Raises ``OSError`` if the file cannot be read.
    """
    imported, declared = ImportedTotals(), DeclaredTotals(())  # amounts are checked per summary below
    head, summaries, usages, blocks, last = None, [], [], set(), 0
    for last, text in physical_lines(path):
        if not text.strip() or text.startswith("#"):
            continue
        record = Record(last, text)
        imported.records[record.type] += 1
        if head is None:
            if record.type != "HEAD" or record.get("Profile") != "RadioBroadcastProfile":
                raise ValueError(f"line {last}: not the HEAD of a Radio Broadcast Profile report")
            head = record
        elif record.family == "SY08":
            summaries.append(record)
        elif record.family == "FOOT":
            counts = (parse_int(record.get(name)) for name in LAYOUTS["FOOT"])
            declared.footers.append(DsrFooter(1, last, *counts))
        elif record.family in BLOCK_FAMILIES:
            blocks.add(record.get("BlockId"))
            if record.family == "SU05":
                usages.append(record)
    if head is None:
        raise ValueError("empty file: no HEAD record")
    imported.lines_in_file[1], imported.blocks_in_file[1] = last, len(blocks)
    imported.summary_records_in_file[1] = len(summaries)
    mismatches = compare(declared, imported, [1])
    counted = Counter()
    for usage in usages:
        counted[usage.get("SummaryRecordId")] += parse_int(usage.get("NumberOfBroadcasts")) or 0
    revenue, net = {}, {}
    for summary in summaries:
        summary_id, currency = summary.get("SummaryRecordId"), summary.get("Currency")
        declared_broadcasts = parse_int(summary.get("NumberOfBroadcasts")) or 0
        if declared_broadcasts != counted[summary_id]:
            mismatches.append(ControlMismatch("NumberOfBroadcasts", declared_broadcasts, counted[summary_id]))
        _add(revenue, currency, summary.get("AllocatedRevenue"))
        _add(net, currency, summary.get("AllocatedNetRevenue"))
    return RadioReport(head, tuple(summaries), tuple(usages), revenue, net, tuple(mismatches))
