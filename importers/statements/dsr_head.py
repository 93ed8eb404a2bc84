"""DDEX DSR flat files: the HEAD and summary records of each file, and which part of a report it is.

Layout source: DDEX DSR Part 1 (architecture: file naming, multi-file reports) and Part 8
(HEAD record), UGC Profile 1.0–1.2; see dsr_records. A report may be split into several files:
each has a HEAD whose FileNumber / NumberOfFiles say which part it is (the file name's
``_<n>of<N>_`` says it too, and is used when HEAD leaves those cells out, as the DSRF 3.0
draft files do).
"""

import datetime
import os
from dataclasses import dataclass
from pathlib import Path

from importers.records import FormatError
from importers.statements.dsr_records import MIN_CELLS, Record, month_of, parse_file_name, parse_int, physical_lines

PROFILES = frozenset({"ugcprofile"})


@dataclass(frozen=True)
class DsrHeader:
    """One file's HEAD record, completed from the file name where HEAD is silent.

    ``period`` is the 'YYYY-MM' the usage period starts in; ``territory`` comes from the
    file name ('' when the name does not follow the DSR naming convention).
    """

    path: str
    profile: str
    profile_version: str
    message_id: str
    created: datetime.date | None
    file_number: int
    number_of_files: int
    period: str
    usage_start: str
    usage_end: str
    sender: str
    recipient: str
    service: str
    territory: str


@dataclass(frozen=True)
class Part:
    """One file of a report: its header, its raw summary records, and where its blocks start."""

    header: DsrHeader
    summaries: list[Record]
    head_end: int  # the last physical line of HEAD and the summary records
    report_key: tuple | None  # what the file name shares with the report's other files


def _date(text: str) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def _header(path: str | os.PathLike, head: Record) -> DsrHeader:
    profile = head.get("Profile")
    if profile.casefold() not in PROFILES:
        message = f"DSR profile {profile!r} is not supported: only the UGC profile has per-usage amounts"
        raise FormatError(message, ["Profile"])
    name = parse_file_name(path)
    in_head = parse_int(head.get("FileNumber")), parse_int(head.get("NumberOfFiles"))
    in_name = (name.file_number, name.number_of_files) if name else (None, None)
    if None not in in_head and None not in in_name and in_head != in_name:
        message = f"HEAD says file {in_head[0]} of {in_head[1]}, the file name {in_name[0]} of {in_name[1]}"
        raise FormatError(message, ["FileNumber"])
    number, count = in_head if None not in in_head else in_name if None not in in_name else (1, 1)
    if not 1 <= number <= count:
        raise FormatError(f"file number {number} is not within 1..{count}", ["FileNumber"])
    start = head.get("UsageStartDate")
    period = month_of(start) or (name.period if name else None)
    if period is None:
        raise FormatError("no usage period: not in HEAD UsageStartDate, nor in the file name", ["UsageStartDate"])
    return DsrHeader(
        path=str(path), profile=profile, profile_version=head.get("ProfileVersion"),
        message_id=head.get("MessageId"), created=_date(head.get("MessageCreatedDateTime")[:10]),
        file_number=number, number_of_files=count, period=period, usage_start=start,
        usage_end=head.get("UsageEndDate"), sender=head.get("SenderName") or head.get("SenderPartyId"),
        recipient=head.get("RecipientName") or head.get("RecipientPartyId"),
        service=head.get("ServiceDescription") or (name.service if name else ""),
        territory=name.territory if name else "",
    )  # fmt: skip


def read_head(path: str | os.PathLike) -> Part:
    """Read a file's HEAD and summary (SY…) records, up to its first other record.

    Raises ``FormatError`` if the first record (after comments and blank lines) is not a
    HEAD with at least Profile and ProfileVersion, if the profile is not the UGC profile, if
    HEAD and file name disagree on the part number, or if no usage period is known.
    """
    head, summaries, number = None, [], 0
    for number, text in physical_lines(path):
        if not text.strip() or text.startswith("#"):
            continue
        record = Record(number, text)
        if head is None:
            if record.type != "HEAD" or len(record.cells) < MIN_CELLS["HEAD"]:
                message = f"not a DDEX DSR flat file: {Path(path).name} does not start with a complete HEAD record"
                raise FormatError(message, ["HEAD"])
            head = record
        elif record.family.startswith("SY"):
            summaries.append(record)
        else:
            number -= 1
            break
    if head is None:
        raise FormatError(f"empty file: {Path(path).name} has no HEAD record", ["HEAD"])
    name = parse_file_name(path)
    return Part(_header(path, head), summaries, number, name.report_key() if name else None)


def check_parts(parts: list[Part]) -> None:
    """Raise ``FormatError`` unless the parts are the files 1..N of one report, each once.

    ``FormatError.missing`` names the missing parts ('file 2 of 2').
    """
    counts = {part.header.number_of_files for part in parts}
    if len(counts) > 1:
        raise FormatError(f"the files disagree on the number of files: {sorted(counts)}", ["NumberOfFiles"])
    count = counts.pop()
    numbers = [part.header.file_number for part in parts]
    repeated = sorted({number for number in numbers if numbers.count(number) > 1})
    if repeated:
        raise FormatError(f"file {repeated[0]} of {count} is given more than once", ["FileNumber"])
    missing = [f"file {number} of {count}" for number in range(1, count + 1) if number not in numbers]
    if missing:
        raise FormatError(f"incomplete report: {', '.join(missing)} missing", missing)
    if len({part.header.message_id for part in parts if part.header.message_id}) > 1:
        raise FormatError("the files belong to different reports: their MessageIds differ", ["MessageId"])
    if len({part.report_key for part in parts if part.report_key}) > 1:
        raise FormatError("the files belong to different reports: their names differ", ["file name"])
