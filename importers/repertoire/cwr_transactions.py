"""One CWR transaction (its header record and the detail records after it) turned into a
:class:`RepertoireWork` or an :class:`Acknowledgement`, with line-numbered issues.

Severity (what happens to the transaction when a record is bad):

* **skipped** (no record yielded, the issues say why): a work without a title, or any share
  that is not 5 digits (a work must never enter the repertoire with shares we could not read).
* **kept**: an invalid ISWC / IPI / ISRC / EAN (the value is dropped: None), an unreadable date
  or duration (None), an unknown TIS territory code (left out), a first territory record that
  is an exclusion, PR/MR/SR ownership totals over 100 % (± 0.06, the CWR tolerance), a record
  type that has no place in the transaction (ignored).

Shares: CWR 2.x ownership shares sit on SPU/OPU/SWR/OWR; SPT/SWT only carry the collection
shares of each territory (validated, not used). CWR 3.x moved the shares to the territory
records: a party's shares and societies are those of its first inclusion record. Parties with
neither a name nor an IPI (OPU/OWR "unknown" placeholders) are not yielded, but their shares
count in the totals.
"""
from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import NamedTuple

from importers.identifiers import IdentifierError
from importers.playlogs.records import clock_seconds
from importers.records import ParseIssue
from importers.repertoire import cells
from importers.repertoire.cwr_layouts import POSITIONS, WORK_TRANSACTIONS
from importers.repertoire.records import (
    Acknowledgement,
    RepertoireParty,
    RepertoireRecording,
    RepertoireWork,
)
from importers.territory_codes import code_for_tis

SHARE_TOLERANCE = Decimal("0.06")  # CWR: ownership totals may exceed 100 % by rounding only
_HUNDRED = Decimal(100)
_RIGHTS = ("pr", "mr", "sr")


class Record(NamedTuple):
    """One physical record: its 1-based ``line``, record type and text (line end removed)."""

    line: int
    record_type: str
    text: str


class _BadShare(Exception):
    """A share field that is not 5 digits: the transaction is skipped."""


class _Fields:
    """Reads the fields of one record through its layout, appending issues."""

    def __init__(self, record: Record, family: str, issues: list[ParseIssue]) -> None:
        self.record, self.issues = record, issues
        self.positions = POSITIONS[family][record.record_type]

    def raw(self, name: str) -> str:
        """The field's text; "" when this version's layout has no such field (e.g. the REC
        recording title before CWR 2.2)."""
        start, end = self.positions.get(name, (0, 0))
        return self.record.text[start:end]

    def text(self, name: str) -> str | None:
        return self.raw(name).strip() or None

    def fail(self, name: str, message: str, raw: str | None = None) -> None:
        rt = self.record.record_type
        self.issues.append(ParseIssue(self.record.line, f"{rt}.{name}", f"{rt} {name}: {message}",
                                      self.raw(name) if raw is None else raw))

    def share(self, name: str) -> Decimal:
        """Percent from 5 digits (``05000`` = 50.00); blank = 0. Raises _BadShare."""
        raw = self.raw(name).strip()
        if not raw:
            return Decimal(0)
        if not (raw.isascii() and raw.isdigit() and len(raw) <= 5):
            self.fail(name, "a share must be 5 digits (3 integer + 2 decimal percent); "
                            "the transaction is skipped")
            raise _BadShare(name)
        return Decimal(int(raw)).scaleb(-2)

    def number(self, name: str) -> int | None:
        raw = self.raw(name).strip()
        if not raw:
            return None
        if raw.isascii() and raw.isdigit():
            return int(raw)
        self.fail(name, "must be numeric")
        return None

    def seconds(self, name: str) -> int | None:
        """An HHMMSS duration in seconds; None when blank or zero."""
        raw = self.raw(name).strip()
        if not raw or raw.strip("0") == "":
            return None
        value = clock_seconds(f"{raw[:2]}:{raw[2:4]}:{raw[4:]}") if len(raw) == 6 else None
        if value is None:
            self.fail(name, "must be a duration HHMMSS")
        return value

    def identifier(self, name: str, scheme: str) -> str | None:
        """The field normalized for ``scheme`` as the records contract states (ISWC
        ``T-034.524.680-1``, IPI 11 digits, ISRC compact); None when blank or all zeros; None and
        an issue when it fails its check."""
        raw = self.raw(name).strip()
        if not raw or raw.strip("0") == "":
            return None
        try:
            return cells.identifier(scheme, raw)
        except IdentifierError as exc:
            self.fail(name, f"{exc.rule}; kept without it")
            return None

    def society(self, name: str) -> str | None:
        """A CISAC society code, 3 digits (``052``); 3.x writes it left-aligned in 4."""
        raw = self.raw(name).strip()
        return raw.zfill(3) if raw.isdigit() else (raw or None)


def build(records: Sequence[Record], family: str, version: str
          ) -> tuple[RepertoireWork | Acknowledgement | None, list[ParseIssue]]:
    """The record the transaction ``records`` (header first) stands for, and its issues.
    AGR transactions (agreements) yield nothing: see ``cwr_layouts.SKIPPED_TYPES``."""
    issues: list[ParseIssue] = []
    head = records[0]
    if head.record_type == "ACK":
        return _acknowledgement(records, family, issues), issues
    if head.record_type not in WORK_TRANSACTIONS:
        return None, issues
    try:
        return _WorkBuilder(records, family, version, issues).build(), issues
    except _BadShare:
        return None, issues


def _acknowledgement(records: Sequence[Record], family: str,
                     issues: list[ParseIssue]) -> Acknowledgement | None:
    ack = _Fields(records[0], family, issues)
    status = ack.text("status")
    if status is None:
        ack.fail("status", "the transaction status is required")
        return None
    messages, iswc, title = [], None, ack.text("title")
    for record in records[1:]:
        if record.record_type == "MSG":
            messages.append(_Fields(record, family, issues).text("text") or "")
        elif record.record_type in WORK_TRANSACTIONS and iswc is None:
            # The echo of the acknowledged work: it carries the ISWC the society assigned.
            echo = _Fields(record, family, issues)
            iswc = echo.identifier("iswc", "ISWC")
            title = title or echo.text("title")
    return Acknowledgement(
        line=records[0].line, status=status, title=title, ref=ack.text("submitter_ref"),
        society_ref=ack.text("society_ref"), iswc=iswc,
        original_transaction=ack.text("original_transaction_type"), messages=tuple(messages))


class _WorkBuilder:
    def __init__(self, records: Sequence[Record], family: str, version: str,
                 issues: list[ParseIssue]) -> None:
        self.records, self.family, self.version, self.issues = records, family, version, issues
        self.publishers: list[dict] = []
        self.writers: list[dict] = []
        self.party: dict | None = None  # the party the next SPT/SWT/PWR belongs to
        self.alternate_titles: list[str] = []
        self.performers: list[str] = []
        self.recording_fields: list[_Fields] = []
        self.cross_references: list[tuple[str, str]] = []
        self.original_title: str | None = None
        self.origin: dict | None = None

    def fields(self, record: Record) -> _Fields:
        return _Fields(record, self.family, self.issues)

    def build(self) -> RepertoireWork | None:
        head = self.fields(self.records[0])
        title = head.text("title")
        if title is None:
            head.fail("title", "the work title is required; the work is skipped")
            return None
        for record in self.records[1:]:
            self.detail(record)
        iswc = head.identifier("iswc", "ISWC")
        ref = head.text("submitter_work_number")
        self.check_totals(head, title)
        extra = {"cwrVersion": self.version}
        if self.origin:
            extra["origin"] = self.origin
        return RepertoireWork(
            line=head.record.line, title=title, iswc=iswc, ref=ref,
            transaction=head.record.record_type, alternate_titles=tuple(self.alternate_titles),
            performers=tuple(self.performers),
            writers=tuple(_party(p) for p in self.writers if p["name"] or p["ipi"]),
            publishers=tuple(_party(p) for p in self.publishers if p["name"] or p["ipi"]),
            recordings=tuple(self.recording(r, title, iswc, ref) for r in self.recording_fields),
            original_title=self.original_title, cross_references=tuple(self.cross_references),
            duration_seconds=head.seconds("duration"), language=head.text("language"),
            extra=extra)

    def detail(self, record: Record) -> None:
        rt = record.record_type
        if rt not in POSITIONS[self.family] or rt in ("ACK", "MSG") or rt in WORK_TRANSACTIONS:
            self.issues.append(ParseIssue(record.line, None, f"{rt} record has no place in a "
                                          f"{self.records[0].record_type} transaction; ignored",
                                          record.text))
            return
        f = self.fields(record)
        if rt in ("SPU", "OPU", "SWR", "OWR", "WRI"):
            self.add_party(f, rt)
        elif rt in ("SPT", "OPT", "SWT", "OWT"):
            self.add_territory(f)
        elif rt == "PWR":
            self.link_writer(f)
        elif rt == "ALT":
            self.alternate_titles.extend(t for t in [f.text("title")] if t)
        elif rt == "PER":
            name = " ".join(p for p in (f.text("first_name"), f.text("name")) if p)
            self.performers.extend([name] if name else [])
        elif rt == "REC":
            self.recording_fields.append(f)
        elif rt in ("VER", "OWK"):
            self.original_title = f.text("title")
        elif rt == "ORN":
            self.origin = {k: f.text(k) for k in ("intended_purpose", "cd_identifier", "library")
                           if f.text(k)}
            self.origin.update({"production_title": f.text("production_title")}
                               if self.family == "2" and f.text("production_title") else {})
        elif rt == "XRF":
            if f.text("organisation") and f.text("identifier"):
                self.cross_references.append((f.society("organisation"), f.text("identifier")))

    def add_party(self, f: _Fields, rt: str) -> None:
        writer = rt in ("SWR", "OWR", "WRI")
        name = f.text("name")
        party = {
            "kind": "writer" if writer else "publisher", "name": name or "",
            "first_name": f.text("first_name") if writer else None,
            "role": f.text("designation" if writer else "publisher_type"),
            "ipi": f.identifier("ipi_name", "IPI"),
            "ipi_base": f.text("ipi_base") if rt != "WRI" and (f.text("ipi_base") or "").strip("0")
            else None,
            "interested_party": f.text("interested_party"), "controlled": rt[0] in "SW",
            "sequence": None if writer else f.number("publisher_sequence"),
            "publisher_ref": None, "territories": [], "excluded": [], "shares_set": False,
        }
        for right in _RIGHTS:
            has_share = self.family == "2" and rt != "WRI"
            party[f"{right}_share"] = f.share(f"{right}_share") if has_share else Decimal(0)
            party[f"{right}_society"] = f.society(f"{right}_society") if has_share else None
        party["shares_set"] = self.family == "2"
        (self.writers if writer else self.publishers).append(party)
        self.party = party

    def add_territory(self, f: _Fields) -> None:
        party = self.party
        if party is None:
            f.fail("interested_party", "territory record without a preceding party; ignored",
                   f.record.text)
            return
        shares = {right: f.share(f"{right}_share") for right in _RIGHTS}
        flag = f.text("inclusion")
        first = not party["territories"] and not party["excluded"]
        if flag not in ("I", "E"):
            f.fail("inclusion", "must be I (inclusion) or E (exclusion); record ignored")
            return
        if first and flag == "E":
            f.fail("inclusion", "the first territory of a party must be an inclusion (I)")
        tis = f.number("tis")
        code = code_for_tis(tis) if tis is not None else None
        if code is None:
            f.fail("tis", "unknown TIS territory code; territory left out")
            return
        party["territories" if flag == "I" else "excluded"].append(code)
        if flag == "I" and not party["shares_set"]:
            # CWR 3.x: the shares and societies of the party are on its territory records.
            for right in _RIGHTS:
                party[f"{right}_share"] = shares[right]
                party[f"{right}_society"] = f.society(f"{right}_society")
            party["shares_set"] = True

    def link_writer(self, f: _Fields) -> None:
        writer_ip = f.text("writer_ip")
        writer = next((w for w in reversed(self.writers) if writer_ip and
                       w["interested_party"] == writer_ip), None)
        if writer is None and self.writers and not writer_ip:
            writer = self.writers[-1]  # CWR 2.0 PWR: no writer IP, the SWR just before it
        if writer is None:
            f.fail("writer_ip", "PWR names no writer of this work; ignored")
            return
        publisher_ip = f.text("publisher_ip")
        if publisher_ip is None:
            # CWR 3.x links to a publisher chain: the first publisher of that sequence.
            sequence = f.number("publisher_sequence")
            chain = next((p for p in self.publishers if p["sequence"] == sequence), None)
            publisher_ip = chain["interested_party"] if chain else None
        if writer["publisher_ref"] is None:
            writer["publisher_ref"] = publisher_ip

    def recording(self, f: _Fields, work_title: str, iswc: str | None,
                  ref: str | None) -> RepertoireRecording:
        artist, label = f.text("display_artist"), f.text("record_label") or f.text("album_label")
        return RepertoireRecording(
            line=f.record.line, title=f.text("recording_title") or work_title,
            isrc=f.identifier("isrc", "ISRC"),
            duration_seconds=f.seconds("duration"), artists=(artist,) if artist else (),
            work_iswc=iswc, work_ref=ref, label=label, upc=f.identifier("ean", "UPC"))

    def check_totals(self, head: _Fields, title: str) -> None:
        for right in _RIGHTS:
            total = sum((p[f"{right}_share"] for p in self.writers + self.publishers), Decimal(0))
            if total > _HUNDRED + SHARE_TOLERANCE:
                head.fail(f"{right}_share", f"{right.upper()} ownership shares total {total} % "
                                   f"(over 100 % ± {SHARE_TOLERANCE}); kept as reported", title)


def _party(p: dict) -> RepertoireParty:
    return RepertoireParty(
        kind=p["kind"], name=p["name"], role=p["role"], ipi=p["ipi"], ipi_base=p["ipi_base"],
        interested_party=p["interested_party"], first_name=p["first_name"],
        pr_share=p["pr_share"], mr_share=p["mr_share"], sr_share=p["sr_share"],
        pr_society=p["pr_society"], mr_society=p["mr_society"], sr_society=p["sr_society"],
        controlled=p["controlled"], publisher_ref=p["publisher_ref"],
        territories=tuple(p["territories"]), excluded=tuple(p["excluded"]))
