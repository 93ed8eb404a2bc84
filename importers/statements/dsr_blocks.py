"""DDEX DSR flat files: one block (records sharing a BlockId) turned into StatementLines.

Layout source: DDEX DSR Part 8 record type definitions, UGC Profile 1.0–1.2 (dsr_records).
A block holds the resources (AS01/AS02), works (MW01), release (RE01) and UGC-release usages
(RU01/RU02) of one head resource, then its sales records (SU03), each followed by the LI01
allocations of its money to rights controllers (and, from UGC 1.2, the MW01 of each LI's
work). The rules that turn them into lines are in dsr's docstring.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from types import MappingProxyType
from typing import Protocol

from importers.identifiers import is_valid_isrc, is_valid_iswc, is_valid_upc, normalize_isrc, normalize_iswc
from importers.records import ParseIssue, StatementLine
from importers.statements.dsr_head import DsrHeader
from importers.statements.common import parse_decimal
from importers.statements.dsr_records import Record, parse_int
from importers.statements.dsr_totals import DsrSummary
from importers.statements.rows import statement_line
from importers.stores import Store

RIGHT_TYPES = {"performingright": "performance", "mechanicalright": "mechanical"}


@dataclass
class _Work:
    iswc: str | None
    title: str
    composers: list[str]


@dataclass
class _Resource:
    isrcs: list[str]
    title: str
    artist: str
    works: list[_Work] = field(default_factory=list)


@dataclass
class _Allocation:
    record: Record
    amount: Decimal
    works: list[_Work] = field(default_factory=list)


@dataclass
class _Sale:
    record: Record
    usages: int
    resource: _Resource | None
    valid: bool
    allocations: list[_Allocation] = field(default_factory=list)


def issue(record: Record, name: str | None, message: str) -> ParseIssue:
    """A ParseIssue on ``record``: its cell ``name``, or the whole line when ``name`` is None."""
    return ParseIssue(record.line, name, message, record.get(name) if name else record.text)


def _work(record: Record) -> tuple[_Work, list[ParseIssue]]:
    """The work an MW or AS02 record names; a malformed ISWC is reported and left out."""
    iswc, issues = record.get("ISWC"), []
    if iswc and not is_valid_iswc(iswc):
        issues.append(issue(record, "ISWC", "ISWC fails its shape or check digit (ISO 15707); not used"))
        iswc = ""
    return _Work(normalize_iswc(iswc) if iswc else None, record.get("Title"), record.values("ComposerAuthor")), issues


class Context(Protocol):
    """What a block needs of its report: the summary records and the store that sent it."""

    store: Store

    def summary(self, summary_id: str, controller: str | None) -> DsrSummary | None:
        """The summary record a sale (and allocation to ``controller``) refers to, or None."""


class Block:
    """The records of one block, held until its sales records become lines.

    ``fresh`` is False for a block whose id the report has already had: its records are
    skipped with an issue each, so nothing is counted twice.
    """

    def __init__(self, context: Context, header: DsrHeader, block_id: str, fresh: bool) -> None:
        """Start an empty block."""
        self.context, self.header, self.block_id, self.fresh = context, header, block_id, fresh
        self.resources: dict[str, _Resource] = {}
        self.last_resource: _Resource | None = None
        self.works: list[_Work] = []  # MW records before any resource
        self.upc: str | None = None
        self.ugc_releases = 0
        self.sale: _Sale | None = None

    def add(self, record: Record) -> Iterator[StatementLine | ParseIssue]:
        """Take one record of the block; yield the lines of a sale it completes, and issues."""
        family = record.family
        if not self.fresh:
            yield issue(record, "BlockId", "this block was already reported earlier in the report; skipped")
        elif family in ("AS01", "AS02"):
            yield from self._resource(record)
        elif family == "MW01":
            work, issues = _work(record)
            if self.sale and self.sale.allocations:  # UGC 1.2: the work of the LI just before
                self.sale.allocations[-1].works.append(work)
            else:
                (self.last_resource.works if self.last_resource else self.works).append(work)
            yield from issues
        elif family == "RE01":
            icpn = record.get("ICPN")
            if icpn and not is_valid_upc(icpn):
                yield issue(record, "ICPN", "ICPN is not a UPC/EAN with a valid check digit; not used")
            elif icpn:
                self.upc = icpn
        elif family in ("RU01", "RU02"):
            releases, usages = record.values("DspReleaseId"), record.values("Usages")
            if len(releases) != len(usages):
                yield issue(record, "Usages", f"{len(usages)} usage counts for {len(releases)} UGC releases")
            elif any(parse_int(value) is None for value in usages):
                yield issue(record, "Usages", "a usage count is not an integer")
            else:
                self.ugc_releases += len(releases)
        elif family == "SU03":
            yield from self.close()
            yield from self._sale(record)
        else:
            yield from self._allocation(record)

    def _resource(self, record: Record) -> Iterator[ParseIssue]:
        isrcs = []
        for value in record.values("ISRC"):
            if is_valid_isrc(value):
                isrcs.append(normalize_isrc(value))
            else:
                yield ParseIssue(record.line, "ISRC", "ISRC is not CC-XXX-YY-NNNNN; not used", value)
        resource = _Resource(isrcs, record.get("Title"), record.get("DisplayArtistName"))
        if record.family == "AS02" and (record.get("ISWC") or record.values("ComposerAuthor")):
            work, issues = _work(record)
            resource.works.append(work)
            yield from issues
        self.resources[record.get("DspResourceId")] = self.last_resource = resource

    def _sale(self, record: Record) -> Iterator[ParseIssue]:
        usages = parse_int(record.get("Usages"))
        resource = self.resources.get(record.get("DspResourceId"))
        issues = []
        if usages is None:
            issues.append(issue(record, "Usages", "usages is not a whole number"))
        if parse_decimal(record.get("NetRevenue")) is None:
            issues.append(issue(record, "NetRevenue", "net revenue is not a decimal number"))
        if resource is None:
            issues.append(issue(record, "DspResourceId", "no AS record of this block describes this resource"))
        self.sale = _Sale(record, usages or 0, resource, valid=not issues)
        yield from issues

    def _allocation(self, record: Record) -> Iterator[ParseIssue]:
        amount = parse_decimal(record.get("AllocatedAmount"))
        if self.sale is None:
            yield issue(record, None, "LI record without an SU record before it in its block")
        elif not self.sale.valid:
            message = f"the SU record on line {self.sale.record.line} was rejected, and with it this allocation"
            yield issue(record, None, message)
        elif amount is None:
            yield issue(record, "AllocatedAmount", "allocated amount is not a decimal number")
        else:
            self.sale.allocations.append(_Allocation(record, amount))

    def reject_sale(self, record: Record) -> Iterator[StatementLine | ParseIssue]:
        """Take a truncated SU record: the LI records after it are skipped, not given to the sale before."""
        yield from self.close()
        self.sale = _Sale(record, 0, None, valid=False)

    def close(self) -> Iterator[StatementLine | ParseIssue]:
        """Yield the lines of the pending sale, if any."""
        sale, self.sale = self.sale, None
        if sale is not None and sale.valid:
            for allocation in sale.allocations or [None]:
                yield self._line(sale, allocation)

    def _line(self, sale: _Sale, allocation: _Allocation | None) -> StatementLine | ParseIssue:
        """The StatementLine of one allocation of a sale, or of a sale without allocation."""
        record = allocation.record if allocation else sale.record
        summary_id = sale.record.get("SummaryRecordId") or record.get("SummaryRecordId")
        controller = allocation.record.get("RightsController") if allocation else None
        summary = self.context.summary(summary_id, controller)
        if summary is None:
            return ParseIssue(record.line, "SummaryRecordId", "no usable summary record with this id", summary_id)
        rights = (allocation.record.get("RightsType") if allocation else "") or summary.rights_type
        right_type = RIGHT_TYPES.get(rights.casefold()) if rights else "master"
        if right_type is None:
            message = "rights type is neither PerformingRight nor MechanicalRight"
            return ParseIssue(record.line, "RightsType", message, rights)
        if not summary.currency:
            message = f"the summary record on line {summary.line} declares no currency"
            return ParseIssue(record.line, "SummaryRecordId", message, summary_id)
        resource, su, header = sale.resource, sale.record, self.header
        works = (allocation.works if allocation else []) or resource.works or self.works
        extra = {
            "file_number": str(header.file_number), "block_id": self.block_id,
            "sales_transaction_id": su.get("SalesTransactionId"), "summary_record_id": summary_id,
            "dsp_resource_id": su.get("DspResourceId"), "net_revenue": su.get("NetRevenue"),
            "validity_start": su.get("ValidityPeriodStart"), "validity_end": su.get("ValidityPeriodEnd"),
            "commercial_model": summary.commercial_model, "use_type": summary.use_type,
            "service_description": summary.service, "usage_start": header.usage_start,
            "usage_end": header.usage_end,
            "ugc_releases": str(self.ugc_releases or ""),  # UGC releases (videos) the RU records list
            "isrcs": "|".join(resource.isrcs) if len(resource.isrcs) > 1 else "",
            "iswc": "|".join(dict.fromkeys(work.iswc for work in works if work.iswc)),
            "work_title": works[0].title if works else "",
            "composers": "|".join(works[0].composers) if works else "",
        }  # fmt: skip
        if allocation:
            li = allocation.record
            extra |= {
                "rights_controller": li.get("RightsController"),
                "rights_controller_party_id": li.get("RightsControllerPartyId"),
                "rights_controller_work_id": li.get("RightsControllerWorkId"),
                "right_share": li.get("RightSharePercentage"),
                "allocated_net_revenue": li.get("AllocatedNetRevenue"),
                "allocated_usages": li.get("AllocatedUsages"),
            }
        return statement_line(
            record.line, self.context.store, usage_type="ugc", right_type=right_type, territory=summary.territory,
            period=header.period, reported_on=header.created, units=sale.usages,
            gross=allocation.amount if allocation else Decimal(0), currency=summary.currency,
            isrc=resource.isrcs[0] if resource.isrcs else None, upc=self.upc, title=resource.title,
            artist=resource.artist, extra=MappingProxyType({key: value for key, value in extra.items() if value}),
        )  # fmt: skip
