"""DDEX DSR flat files (Digital Sales Report, UGC profile): StatementLines and declared control totals.

Layout source: DDEX Digital Sales Reporting Message Suite, flat-file standard (DSRF): Part 1
architecture, Part 8 record type definitions, UGC Profile 1.0 / 1.1 / 1.2 (layouts in
dsr_records, HEAD and multi-file reports in dsr_head, blocks in dsr_blocks, totals in
dsr_totals). Samples: ``shared/fixtures/real/ddex-dsr/`` (YouTube → a society, UGC 1.0 and
1.1; a minimal UGC 1.1 file and a 1of2/2of2 pair written against the DSRF 3.0 draft).

A report is HEAD; summary records (SY: declared usages and revenue per commercial model, use
type, territory and rights controller); blocks of records sharing a BlockId (AS resources,
MW works, RE releases, RU UGC-release usages in multi-valued cells, and SU sales/usage
records, each followed by its LI allocations to rights controllers); FOOT (declared counts).

**Lines.** One StatementLine per LI record: ``gross`` = its AllocatedAmount (the amount due to
that rights controller) in the CurrencyOfReporting of the SU's summary record; ``units`` = the
SU's Usages; ISRC, title and artist from the SU's resource (AS); ISWC, work title and
composers in ``extra`` from the works (MW, or AS02) of that LI, else of the resource, else of
the block. An SU without LI gives one line with ``gross`` 0: usage reported, nothing
allocated. ``territory`` comes from the summary record (ISO alpha-2, or a CISAC TIS code
mapped by importers.territory_codes: 2136 → WORLD), ``currency`` too, ``period`` from HEAD
UsageStartDate (else the file name), ``usage_type`` is 'ugc'. ``line`` is the LI's (or the
lone SU's) physical line. The sender's name (HEAD SenderName) is the ``source``.

**Right type.** The LI's RightsType, else its summary record's: PerformingRight →
'performance', MechanicalRight → 'mechanical' (publisher and society reports carry one). A
report with no RightsType at all reports the sound recording → 'master' (label reports such
as the AdSupport samples). Any other rights type is a ParseIssue, never a guess.

**Control totals.** ``DsrReport.declared_totals`` holds the SY records as soon as the report
is opened and the FOOT records once ``lines`` is read; ``mismatches()`` then compares Σ SY
AllocatedRevenue with Σ line gross, and the FOOT counts with the files (dsr_totals).

Only the UGC profile carries an amount on each usage: a Basic Audio or Radio Broadcast
report raises FormatError. Reading streams one line at a time and holds one block (plus the
summary records and the ids of the blocks seen, as merged ranges).
"""

import dataclasses
import itertools
import os
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from importers.records import FormatError, ParseIssue, StatementLine
from importers.statements.common import WORLD, currency_code, parse_decimal
from importers.statements.dsr_blocks import Block, issue
from importers.statements.dsr_head import Part, check_parts, read_head
from importers.statements.dsr_records import (
    BLOCK_FAMILIES, MIN_CELLS, SUMMARY_FAMILIES, IdRanges, Record, parse_int, physical_lines,
)  # fmt: skip
from importers.statements.dsr_totals import (
    ControlMismatch, DeclaredTotals, DsrFooter, DsrSummary, ImportedTotals, compare,
)  # fmt: skip
from importers.stores import classify_store
from importers.territory_codes import COUNTRY_CODES, code_for_tis

_SUMMARY_AMOUNTS = ("NetRevenue", "AllocatedUsages", "AllocatedRevenue", "AllocatedNetRevenue")
_FOOT_COUNTS = ("NumberOfLinesInFile", "NumberOfLinesInReport", "NumberOfSummaryRecords",
                "NumberOfBlocksInFile", "NumberOfBlocksInReport")  # fmt: skip


def _territory(text: str) -> str | None:
    """A summary's Territory (CurrentTerritoryCode: ISO alpha-2 or CISAC TIS-N) as a territory code."""
    code = text.strip().upper()
    if code in ("WORLDWIDE", WORLD):
        return WORLD
    return code if code in COUNTRY_CODES else code_for_tis(code) if code.isdigit() else None


def _truncated(record: Record) -> ParseIssue:
    needed = MIN_CELLS[record.family]
    return issue(record, None, f"truncated: {len(record.cells)} cells, {record.family} needs {needed}")


def parse_dsr(path: str | os.PathLike) -> "DsrReport":
    """Open a single-file DSR report, as ``parse_dsr_files([path])`` (a part of a larger one raises)."""
    return parse_dsr_files([path])


def parse_dsr_lines(path: str | os.PathLike) -> Iterator[StatementLine | ParseIssue]:
    """The lines of a single-file DSR report, for the adapter registry (no control totals).

    Raises ``FormatError`` on the first iteration where ``parse_dsr`` raises it.
    """
    yield from parse_dsr(path).lines


def sniff_dsr(path: str | os.PathLike) -> bool:
    """True if the file's first record (after '#' comments and blank lines) is a DSR HEAD, of any profile.

    Reads at most the first 100 lines. Raises ``OSError`` if the file cannot be read.
    """
    return starts_with_head(text for _, text in physical_lines(path))


def starts_with_head(lines: Iterable[str]) -> bool:
    """True if the first record of ``lines`` (texts of physical lines, after '#' comments and
    blank lines; at most 100 read) is a DSR HEAD."""
    for text in itertools.islice(lines, 100):
        if text.strip() and not text.startswith("#"):
            return Record(1, text).type == "HEAD"
    return False


def parse_dsr_files(paths: Sequence[str | os.PathLike]) -> "DsrReport":
    """Open a DSR report given as one or more files (.tsv or .tsv.gz), in any order.

    Reads each file's HEAD and summary records now, and raises ``FormatError`` if a file
    does not start with a HEAD record, is not a UGC-profile report or has no usage period,
    or if the files are not the parts 1..N of one report, each once (part numbers from HEAD
    FileNumber / NumberOfFiles, else from the file name's ``_<n>of<N>_``). The rest is read,
    part by part in order, when ``DsrReport.lines`` is iterated. Raises ``OSError`` if a
    file cannot be read.
    """
    if not paths:
        raise FormatError("no DSR file given", ["file 1 of 1"])
    parts = [read_head(path) for path in paths]
    check_parts(parts)
    return DsrReport(sorted(parts, key=lambda part: part.header.file_number))


class DsrReport:
    """An opened DSR report.

    ``headers`` are the parts' HEADs in part order (``header`` the first);
    ``declared_totals`` and ``imported_totals`` the control figures (dsr_totals); ``lines``
    an iterator, readable once, of StatementLines and ParseIssues in file order, except that
    a sale's lines (and the issues found in building them) come once the sale is complete, at
    the next SU, block or FOOT. In a multi-file report an issue's message starts with
    'file 2 of 3: ', and a line's ``extra['file_number']`` says it.
    """

    def __init__(self, parts: list[Part]) -> None:
        """Take the parts in order and read their summary records; ``lines`` reads the rest."""
        self._parts = parts
        self.headers = tuple(part.header for part in parts)
        self.header = self.headers[0]
        self.imported_totals = ImportedTotals()
        self._issues: list[tuple[int, ParseIssue]] = []  # (file number, issue) of the summary records
        summaries, seen = [], set()
        for part in parts:
            number = part.header.file_number
            self.imported_totals.records["HEAD"] += 1
            self.imported_totals.summary_records_in_file[number] = len(part.summaries)
            for record in part.summaries:
                self.imported_totals.records[record.type] += 1
                key = (record.type, *record.cells)  # a summary repeated by a later part counts once
                if key not in seen:
                    seen.add(key)
                    summary = self._summary(record, number)
                    summaries.extend([summary] if summary else [])
        self.declared_totals = DeclaredTotals(tuple(summaries))
        self._by_key: dict[tuple[str, str | None], DsrSummary] = {}
        for summary in reversed(summaries):  # the first of equal keys wins
            self._by_key[summary.summary_id, summary.rights_controller] = summary
            self._by_key[summary.summary_id, None] = summary
        sender = self.header.sender or self.header.service
        self.store = classify_store(sender if any(c.isalnum() for c in sender) else "DSR")
        self._block_ids = IdRanges()
        self._done = False
        self.lines: Iterator[StatementLine | ParseIssue] = self._read()

    def mismatches(self) -> list[ControlMismatch]:
        """The declared totals the imported figures do not match (see ``dsr_totals.compare``).

        Raises ``RuntimeError`` if ``lines`` has not been read to the end.
        """
        if not self._done:
            raise RuntimeError("read DsrReport.lines to the end before comparing totals")
        return compare(self.declared_totals, self.imported_totals, [header.file_number for header in self.headers])

    def summary(self, summary_id: str, controller: str | None) -> DsrSummary | None:
        """The summary record with ``summary_id`` (for ``controller`` if there is one), or None.

        A report with a single summary record (the DSRF 3.0 draft SY03 has no id) gives that one.
        """
        found = self._by_key.get((summary_id, controller)) or self._by_key.get((summary_id, None))
        if found is None and len(self.declared_totals.summaries) == 1:
            return self.declared_totals.summaries[0]
        return found

    def _summary(self, record: Record, number: int) -> DsrSummary | None:
        """The DsrSummary of an SY record, or None (and issues) if it cannot be used."""
        family = record.family
        if family not in SUMMARY_FAMILIES:
            message = f"summary record {record.type} is not read by this adapter"
            self._issues.append((number, issue(record, None, message)))
            return None
        if len(record.cells) < MIN_CELLS[family]:
            self._issues.append((number, _truncated(record)))
            return None
        money = family == "SY02"  # the DSRF 3.0 draft SY03 declares usages only
        amounts = {name: parse_decimal(record.get(name)) for name in _SUMMARY_AMOUNTS} if money else {}
        territory = _territory(record.get("Territory"))
        currency = currency_code(record.get("CurrencyOfReporting")) if money else ""
        usages = parse_int(record.get("Usages"))
        failed = [
            ("Territory", "territory is neither an ISO 3166-1 alpha-2 nor a CISAC TIS code", territory is None),
            ("Usages", "usages is not an integer", usages is None),
            ("CurrencyOfReporting", "currency is not an ISO 4217 code", currency is None),
            ("NetRevenue", "net revenue is not a decimal number", money and amounts["NetRevenue"] is None),
        ] + [(name, f"{name} is not a decimal number", bool(record.get(name)) and amounts[name] is None)
             for name in _SUMMARY_AMOUNTS[1:] if money]  # fmt: skip
        issues = [(number, issue(record, name, message)) for name, message, bad in failed if bad]
        if issues:
            self._issues.extend(issues)
            return None
        get = record.get if money else (lambda name: "")
        return DsrSummary(
            line=record.line, file_number=number, record_type=record.type, summary_id=get("SummaryRecordId"),
            commercial_model=record.get("CommercialModel"), use_type=record.get("UseType"),
            territory=territory, service=record.get("ServiceDescription"), usages=usages, currency=currency,
            net_revenue=amounts.get("NetRevenue"), rights_controller=get("RightsController"),
            rights_type=get("RightsType"), allocated_usages=amounts.get("AllocatedUsages"),
            allocated_revenue=amounts.get("AllocatedRevenue"),
            allocated_net_revenue=amounts.get("AllocatedNetRevenue"),
        )  # fmt: skip

    def _read(self) -> Iterator[StatementLine | ParseIssue]:
        yield from self._tally(self._issues)
        for part in self._parts:
            number = part.header.file_number
            yield from self._tally((number, item) for item in self._read_part(part))
        self._done = True

    def _tally(self, items: Iterable[tuple[int, StatementLine | ParseIssue]]) -> Iterator[StatementLine | ParseIssue]:
        """Add the items to the imported totals; name the file in the issues of a multi-file report."""
        totals, count = self.imported_totals, self.header.number_of_files
        for number, item in items:
            if isinstance(item, StatementLine):
                totals.gross[item.currency] = totals.gross.get(item.currency, Decimal(0)) + item.gross
                totals.units += item.units
                totals.statement_lines += 1
            else:
                totals.issues += 1
                if count > 1:
                    item = dataclasses.replace(item, message=f"file {number} of {count}: {item.message}")
            yield item

    def _read_part(self, part: Part) -> Iterator[StatementLine | ParseIssue]:
        header, totals = part.header, self.imported_totals
        block, blocks, footer, last = None, 0, None, 0
        for last, text in physical_lines(header.path):
            if last <= part.head_end or not text.strip() or text.startswith("#"):
                continue
            record = Record(last, text)
            totals.records[record.type] += 1
            family = record.family
            if family not in BLOCK_FAMILIES and family != "FOOT":
                yield issue(record, None, f"{record.type} record out of place, or not read by this adapter")
            elif len(record.cells) < MIN_CELLS[family]:
                yield from block.reject_sale(record) if block and family == "SU03" else ()
                yield _truncated(record)
            elif family == "FOOT":
                yield from block.close() if block else ()
                block = None
                counts = (parse_int(record.get(name)) for name in _FOOT_COUNTS)
                footer = DsrFooter(header.file_number, last, *counts)
                self.declared_totals.footers.append(footer)
            else:
                block_id = record.get("BlockId")
                if block is None or block.block_id != block_id:
                    yield from block.close() if block else ()
                    block = Block(self, header, block_id, fresh=self._block_ids.add(block_id))
                    blocks += 1
                yield from block.add(record)
        yield from block.close() if block else ()
        totals.lines_in_file[header.file_number] = last
        totals.blocks_in_file[header.file_number] = blocks
        if footer is None:
            yield ParseIssue(last + 1, None, "the file ends without a FOOT record: it may be truncated", None)
