"""CWR (CISAC Common Works Registration) files: 2.1, 2.2, 3.0 / 3.1 and ACK files.

``parse(path)`` streams the file in constant memory (one transaction held at a time) and yields
:class:`RepertoireWork` per work transaction (NWR, REV, ISW, EXC; WRK and ISR in 3.x),
:class:`Acknowledgement` per ACK transaction (with its MSG texts, and the ISWC of the echoed
work), and :class:`ParseIssue` for everything wrong, each with the 1-based line, the field
(``"SWT.pr_share"``; None for a whole record) and the raw text. Field positions come from
``cwr_layouts``; how a transaction is read, and which problems skip it, is in
``cwr_transactions``.

File-level checks (issues, never exceptions): the first record must be HDR and the last TRL;
every transaction must sit in a GRH…GRT group; GRT's transaction and record counts (GRH to GRT
inclusive) and TRL's group, transaction and record counts (HDR to TRL inclusive) must match
what the file holds; nothing may follow TRL; an unknown record type, or a detail record before
any transaction header, is reported and skipped. An ACK record inside a group of another
transaction type (seen in real, "cleaned" files) is reported and still read.

Lenient on what real senders do: lines end in CRLF or LF; trailing blanks may be cut (a short
record reads as blank-padded); the text is UTF-8 when the HDR character set says so or when it
decodes as UTF-8, else ISO 8859-1 (the 2.x character set is ASCII, which both cover). The
version is detected from the HDR (2.x: EDI ``01.10`` then the 2.2 version field; 3.x: its
version field), else from the first GRH.
"""
from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from typing import NamedTuple

from importers.records import ParseIssue
from importers.repertoire.cwr_layouts import (
    LAYOUTS,
    SKIPPED_TYPES,
    TRANSACTION_TYPES,
    WORK_TRANSACTIONS,
    Layout,
    family_of,
)
from importers.repertoire.cwr_transactions import Record, build
from importers.repertoire.records import Acknowledgement, RepertoireWork

_CONTROL = frozenset({"HDR", "GRH", "GRT", "TRL"})


class CwrHeader(NamedTuple):
    """What a CWR file's HDR says: ``version`` ``"2.1"`` | ``"2.2"`` | ``"3.0"`` | ``"3.1"``,
    the sender (type PB/SO/WR/AA, id: IPI name number or society code, name), the creation
    time and the character set (None = ASCII)."""

    version: str
    sender_type: str | None
    sender_id: str | None
    sender_name: str | None
    created: dt.datetime | None
    character_set: str | None


def detect_version(hdr: str) -> str | None:
    """The CWR version of the HDR record text, or None when it is not recognisable."""
    if hdr[59:64] == "01.10":  # 2.x: EDI standard version; 2.2 adds its version after the charset
        return "2.2" if hdr[101:104] == "2.2" else "2.1"
    if hdr[102:105] in ("3.0", "3.1"):
        return hdr[102:105]
    return None


def _version_of_grh(grh: str) -> str | None:
    number = grh[11:16]  # "02.10", "02.20", "03.00", "03.10"
    return {"02.10": "2.1", "02.20": "2.2", "03.00": "3.0", "03.10": "3.1"}.get(number)


def read_header(path: str | os.PathLike) -> CwrHeader | None:
    """The HDR of ``path`` (its first line), or None when the file does not start with one."""
    with open(path, "rb") as fh:
        text = _decode(fh.readline().rstrip(b"\r\n"), None)
    version = detect_version(text) if text.startswith("HDR") else None
    if version is None:
        return None
    layout = LAYOUTS[family_of(version)]["HDR"]
    value = {f.name: text[f.start:f.end].strip() or None for f in layout.fields}
    sender_type, sender_id = value["sender_type"], value["sender_id"]
    if sender_type and sender_type.isdigit() and sender_id:
        # CWR 2.1 rev. 8: an 11-digit IPI name number spills into the sender type field.
        sender_type, sender_id = "PB", sender_type + sender_id
    return CwrHeader(version, sender_type, sender_id, value["sender_name"],
                     _timestamp(value["creation_date"], value["creation_time"]),
                     value["character_set"])


def _timestamp(date: str | None, time: str | None) -> dt.datetime | None:
    try:
        return dt.datetime.strptime(f"{date}{time or '000000'}", "%Y%m%d%H%M%S")
    except (TypeError, ValueError):
        return None


def _decode(raw: bytes, charset: str | None) -> str:
    if charset and "UTF" not in charset.upper():
        return raw.decode("latin-1")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


class _Counts:
    """Records and transactions seen, to check a GRT or the TRL against."""

    def __init__(self) -> None:
        self.records = self.transactions = self.groups = 0


def parse(path: str | os.PathLike) -> Iterator[RepertoireWork | Acknowledgement | ParseIssue]:
    """Stream the works, acknowledgements and issues of the CWR file ``path`` (see module doc).
    Never raises on bad content; OSError when the file cannot be read."""
    yield from _Parser().run(path)


class _Parser:
    def __init__(self) -> None:
        self.version, self.family, self.charset = "2.1", "2", None
        self.file, self.group = _Counts(), None  # group: _Counts while a GRH is open
        self.group_type: str | None = None
        self.transaction: list[Record] = []
        self.trailer_seen = False

    def run(self, path: str | os.PathLike) -> Iterator:
        line_no = 0
        with open(path, "rb") as fh:
            for line_no, raw in enumerate(fh, start=1):
                text = _decode(raw.rstrip(b"\r\n"), self.charset)
                if text.strip():
                    yield from self.record(Record(line_no, text[:3], text))
        yield from self.flush()
        if self.group is not None:
            yield ParseIssue(line_no, None, "the last group has no GRT (group trailer)", None)
        if not self.trailer_seen:
            yield ParseIssue(line_no, None, "the file has no TRL (transmission trailer)", None)

    def record(self, rec: Record) -> Iterator:
        rt = rec.record_type
        if self.trailer_seen:
            yield ParseIssue(rec.line, None, f"{rt} record after the TRL; ignored", rec.text)
            return
        if self.file.records == 0 and rt != "HDR":
            yield ParseIssue(rec.line, None, "the file does not start with an HDR record", rec.text)
        self.file.records += 1
        if self.group is not None:
            self.group.records += 1
        if rt in _CONTROL:
            yield from getattr(self, f"control_{rt.lower()}")(rec)
        elif rt in TRANSACTION_TYPES[self.family] and not self.is_ack_echo(rec):
            yield from self.flush()
            yield from self.open_transaction(rec)
        elif rt in SKIPPED_TYPES:
            return
        elif rt not in LAYOUTS[self.family]:
            yield ParseIssue(rec.line, None, f"unknown record type {rt!r} for CWR {self.version}; "
                                             "ignored", rec.text)
        elif not self.transaction:
            yield ParseIssue(rec.line, None, f"{rt} record outside a transaction; ignored", rec.text)
        else:
            self.transaction.append(rec)

    def is_ack_echo(self, rec: Record) -> bool:
        """A work record after an ACK of the same transaction: the work being acknowledged."""
        return (bool(self.transaction) and self.transaction[0].record_type == "ACK"
                and rec.record_type in WORK_TRANSACTIONS
                and rec.text[3:11] == self.transaction[0].text[3:11])

    def open_transaction(self, rec: Record) -> Iterator[ParseIssue]:
        if self.group is None:
            yield ParseIssue(rec.line, None, f"{rec.record_type} transaction outside a group "
                                             "(no GRH before it)", rec.text)
        else:
            self.group.transactions += 1
            if rec.record_type == "ACK" and self.group_type != "ACK":
                yield ParseIssue(rec.line, None, f"ACK record inside a {self.group_type} group; "
                                                 "read as an acknowledgement", rec.text)
        self.file.transactions += 1
        self.transaction = [rec]

    def flush(self) -> Iterator:
        if not self.transaction:
            return
        result, issues = build(self.transaction, self.family, self.version)
        self.transaction = []
        yield from issues
        if result is not None:
            yield result

    # --- control records -------------------------------------------------------------------

    def control_hdr(self, rec: Record) -> Iterator[ParseIssue]:
        if self.file.records > 1:
            yield ParseIssue(rec.line, None, "a second HDR record; ignored", rec.text)
            return
        version = detect_version(rec.text)
        if version is None:
            yield ParseIssue(rec.line, "HDR.edi_version", "unrecognised CWR version in the HDR; "
                                                          "read as CWR 2.1", rec.text[59:64])
            return
        self.set_version(version)
        charset = LAYOUTS[self.family]["HDR"].field("character_set")
        self.charset = rec.text[charset.start:charset.end].strip() or None

    def set_version(self, version: str) -> None:
        self.version, self.family = version, family_of(version)

    def control_grh(self, rec: Record) -> Iterator[ParseIssue]:
        yield from self.flush()
        if self.group is not None:
            yield ParseIssue(rec.line, None, "GRH before the previous group's GRT", rec.text)
        if self.file.records == 2 and _version_of_grh(rec.text) and self.version == "2.1":
            self.set_version(_version_of_grh(rec.text))  # an HDR without a 2.2 extension
        self.group, self.group_type = _Counts(), rec.text[3:6]
        self.group.records = 1
        self.file.groups += 1

    def control_grt(self, rec: Record) -> Iterator[ParseIssue]:
        yield from self.flush()
        if self.group is None:
            yield ParseIssue(rec.line, None, "GRT without a GRH", rec.text)
            return
        layout = LAYOUTS[self.family]["GRT"]
        yield from _check_count(rec, layout, "transaction_count", self.group.transactions)
        yield from _check_count(rec, layout, "record_count", self.group.records)
        self.group = None

    def control_trl(self, rec: Record) -> Iterator[ParseIssue]:
        yield from self.flush()
        if self.group is not None:
            yield ParseIssue(rec.line, None, "TRL before the last group's GRT", rec.text)
            self.group = None
        layout = LAYOUTS[self.family]["TRL"]
        yield from _check_count(rec, layout, "group_count", self.file.groups)
        yield from _check_count(rec, layout, "transaction_count", self.file.transactions)
        yield from _check_count(rec, layout, "record_count", self.file.records)
        self.trailer_seen = True


def _check_count(rec: Record, layout: Layout, name: str, actual: int) -> Iterator[ParseIssue]:
    """An issue when the control count ``name`` of ``rec`` is not ``actual``."""
    f = layout.field(name)
    raw = rec.text[f.start:f.end]
    rt = rec.record_type
    if not (raw.isascii() and raw.isdigit()):
        yield ParseIssue(rec.line, f"{rt}.{name}", f"{rt} {name} must be {f.length} digits", raw)
    elif int(raw) != actual:
        yield ParseIssue(rec.line, f"{rt}.{name}",
                         f"{rt} {name} says {int(raw)}, the file holds {actual}", raw)
