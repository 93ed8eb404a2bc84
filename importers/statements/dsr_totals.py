"""DDEX DSR control totals: what a report declares (SY summaries, FOOT counts) and what was read.

Layout source: DDEX DSR Part 8 record type definitions, UGC Profile 1.0–1.2 (see dsr_records):
SY02.0x declares per commercial model × use type × territory × rights controller the Usages,
NetRevenue of the service, and the AllocatedRevenue ("amount payable") to the rights
controller; FOOT declares NumberOfLinesInFile / InReport (every physical line, comments
included), NumberOfSummaryRecords and NumberOfBlocksInFile / InReport.
"""

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class DsrSummary:
    """What one summary (SY) record declares.

    ``territory`` is an ISO 3166-1 alpha-2 code or 'WORLD'; ``currency`` the ISO 4217
    CurrencyOfReporting ('' on a DSRF 3.0 draft SY03, which has no money cells, like the
    revenue fields, None there). ``allocated_revenue`` is the amount payable to
    ``rights_controller``: the figure the imported line amounts are checked against.
    """

    line: int
    file_number: int
    record_type: str
    summary_id: str
    commercial_model: str
    use_type: str
    territory: str
    service: str
    usages: int
    currency: str
    net_revenue: Decimal | None
    rights_controller: str
    rights_type: str
    allocated_usages: Decimal | None
    allocated_revenue: Decimal | None
    allocated_net_revenue: Decimal | None


@dataclass(frozen=True)
class DsrFooter:
    """The counts a FOOT record declares (None where the record leaves a cell out)."""

    file_number: int
    line: int
    lines_in_file: int | None
    lines_in_report: int | None
    summary_records: int | None
    blocks_in_file: int | None
    blocks_in_report: int | None


@dataclass
class DeclaredTotals:
    """The report's declared totals: its summary records, and its footers once read.

    A summary repeated verbatim in a later file of a multi-file report is counted once.
    """

    summaries: tuple[DsrSummary, ...]
    footers: list[DsrFooter] = field(default_factory=list)

    def _sum(self, name: str) -> dict[str, Decimal]:
        totals: dict[str, Decimal] = {}
        for summary in self.summaries:
            value = getattr(summary, name)
            if value is not None:
                totals[summary.currency] = totals.get(summary.currency, Decimal(0)) + value
        return totals

    @property
    def amount_payable(self) -> dict[str, Decimal]:
        """Σ AllocatedRevenue by currency, over the summaries that declare one."""
        return self._sum("allocated_revenue")

    @property
    def net_revenue(self) -> dict[str, Decimal]:
        """Σ NetRevenue (the service's revenue) by currency, over the summaries that declare one."""
        return self._sum("net_revenue")

    @property
    def usages(self) -> int:
        """Σ Usages over the summaries."""
        return sum(summary.usages for summary in self.summaries)


@dataclass
class ImportedTotals:
    """What was read, filled in while ``DsrReport.lines`` is iterated.

    ``gross`` and ``units`` sum the StatementLines by currency; ``records`` counts records by
    type (HEAD, SY02.01, SU03.01…, comments and blank lines excluded); the per-file maps are
    keyed by file number: physical lines (comments and blank lines included, as FOOT counts
    them), blocks, and summary records.
    """

    gross: dict[str, Decimal] = field(default_factory=dict)
    units: int = 0
    statement_lines: int = 0
    issues: int = 0
    records: Counter = field(default_factory=Counter)
    lines_in_file: dict[int, int] = field(default_factory=dict)
    blocks_in_file: dict[int, int] = field(default_factory=dict)
    summary_records_in_file: dict[int, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ControlMismatch:
    """A declared total that the imported figures do not match.

    ``check`` names the DSR cell ('AllocatedRevenue', 'NumberOfLinesInFile'…) or 'FOOT' for a
    file without footer (declared 1, imported 0); ``currency`` is set for amounts,
    ``file_number`` for per-file counts.
    """

    check: str
    declared: Decimal | int
    imported: Decimal | int
    file_number: int | None = None
    currency: str | None = None


def compare(declared: DeclaredTotals, imported: ImportedTotals, file_numbers: list[int]) -> list[ControlMismatch]:
    """Every declared total that differs from the imported one, amounts first.

    Amounts: Σ SY AllocatedRevenue against Σ line gross, per currency, where declared. Counts:
    each FOOT against its file, and its …InReport cells against the whole report.
    """
    mismatches = []
    for currency, amount in sorted(declared.amount_payable.items()):
        got = imported.gross.get(currency, Decimal(0))
        if got != amount:
            mismatches.append(ControlMismatch("AllocatedRevenue", amount, got, currency=currency))
    footers = {footer.file_number: footer for footer in declared.footers}
    report_lines = sum(imported.lines_in_file.values())
    report_blocks = sum(imported.blocks_in_file.values())
    for number in file_numbers:
        footer = footers.get(number)
        if footer is None:
            mismatches.append(ControlMismatch("FOOT", 1, 0, file_number=number))
            continue
        checks = (
            ("NumberOfLinesInFile", footer.lines_in_file, imported.lines_in_file[number]),
            ("NumberOfLinesInReport", footer.lines_in_report, report_lines),
            ("NumberOfSummaryRecords", footer.summary_records, imported.summary_records_in_file[number]),
            ("NumberOfBlocksInFile", footer.blocks_in_file, imported.blocks_in_file[number]),
            ("NumberOfBlocksInReport", footer.blocks_in_report, report_blocks),
        )
        mismatches.extend(
            ControlMismatch(check, value, got, file_number=number)
            for check, value, got in checks
            if value is not None and value != got
        )
    return mismatches
