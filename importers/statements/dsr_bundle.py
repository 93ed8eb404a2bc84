"""A DDEX DSR report as one upload: a single .tsv / .tsv.gz file, or a ZIP of the parts of a 1ofN report.

DSR Part 1 lets a sender split a report into files 1..N (``_1of2_`` in the name, HEAD
FileNumber / NumberOfFiles). A report is one statement, so that its control totals (SY
summaries, FOOT counts) are checked over the whole report: a multi-file report is uploaded as
one ZIP holding all its parts (member names as sent — the part number may come from them;
folders, hidden files and ``__MACOSX/`` metadata are ignored). A part uploaded on its own is
refused (``dsr.parse_dsr_files``: "incomplete report: file 2 of 2 missing").

**Line numbers.** A statement's line numbers are unique, so the lines of a multi-file report
are numbered as if its parts were concatenated in part order; ``extra['file_line']`` keeps a
line's physical line in its part (``extra['file_number']`` its part), and an issue's message
reads 'file 2 of 3, line 5: …'. A single-file report keeps its physical line numbers.

Members are extracted (1 MiB at a time) into a temporary directory that lives while the
report is open; the report itself is read as ``dsr.parse_dsr_files`` reads it (streaming).
"""

import contextlib
import dataclasses
import gzip
import io
import os
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

from importers.records import ParseIssue, StatementLine
from importers.statements.dsr import DsrReport, parse_dsr, parse_dsr_files, sniff_dsr, starts_with_head
from importers.statements.dsr_records import physical_lines

_CHUNK = 1 << 20
_PART_PREFIX = re.compile(r"file ([0-9]+) of ([0-9]+): ")  # dsr.DsrReport's prefix of a part's issue


def _members(archive: zipfile.ZipFile) -> list[zipfile.ZipInfo]:
    """The archive's files that may be report parts."""
    def kept(info: zipfile.ZipInfo) -> bool:
        name = PurePosixPath(info.filename)
        return not info.is_dir() and not name.name.startswith(".") and "__MACOSX" not in name.parts
    return [info for info in archive.infolist() if kept(info)]


def _member_head_is_dsr(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> bool:
    with archive.open(info) as raw:
        binary = gzip.GzipFile(fileobj=raw) if info.filename.endswith(".gz") else raw
        text = io.TextIOWrapper(binary, encoding="utf-8-sig", errors="replace", newline=None)
        return starts_with_head(line.rstrip("\r\n") for line in text)


def sniff_dsr_bundle(path: str | os.PathLike) -> bool:
    """True for a DSR flat file (``dsr.sniff_dsr``) or a ZIP whose every file starts with a DSR HEAD.

    Reads only the heads. Raises OSError if the file cannot be read.
    """
    if not zipfile.is_zipfile(path):
        return sniff_dsr(path)
    try:
        with zipfile.ZipFile(path) as archive:
            members = _members(archive)
            return bool(members) and all(_member_head_is_dsr(archive, info) for info in members)
    except (zipfile.BadZipFile, EOFError, OSError, UnicodeError, ValueError):
        return False


@contextlib.contextmanager
def open_report(path: str | os.PathLike) -> Iterator[DsrReport]:
    """The DSR report of a single file or of a ZIP of its parts, open while the context lasts.

    Raises FormatError (dsr.parse_dsr_files: not a DSR file, a part missing or repeated, parts
    of different reports, a ZIP without files), zipfile.BadZipFile, or OSError.
    """
    if not zipfile.is_zipfile(path):
        yield parse_dsr(path)
        return
    with tempfile.TemporaryDirectory(prefix="rightsgraph-dsr-") as tmp, zipfile.ZipFile(path) as archive:
        parts = []
        for number, info in enumerate(_members(archive)):
            target = Path(tmp) / str(number) / PurePosixPath(info.filename).name  # never outside tmp
            target.parent.mkdir()
            with archive.open(info) as source, open(target, "wb") as out:
                shutil.copyfileobj(source, out, _CHUNK)
            parts.append(target)
        yield parse_dsr_files(parts)


def report_lines(report: DsrReport) -> Iterator[StatementLine | ParseIssue]:
    """``report.lines`` with line numbers unique over the report (see the module docstring)."""
    if len(report.headers) == 1:
        yield from report.lines
        return
    offsets, total = {}, 0
    for header in report.headers:
        offsets[header.file_number] = total
        total += sum(1 for _ in physical_lines(header.path))
    for item in report.lines:
        if isinstance(item, StatementLine):
            part = int(item.extra["file_number"])
            extra = {**item.extra, "file_line": str(item.line)}
            yield dataclasses.replace(item, line=offsets[part] + item.line, extra=extra)
        else:
            prefix = _PART_PREFIX.match(item.message)  # every issue of a multi-file report names its part
            part, message = 1, item.message
            if prefix:
                part = int(prefix.group(1))
                message = f"{prefix.group(0)[:-2]}, line {item.line}: {item.message[prefix.end():]}"
            yield dataclasses.replace(item, line=offsets[part] + item.line, message=message)


def parse_dsr_bundle(path: str | os.PathLike) -> Iterator[StatementLine | ParseIssue]:
    """The lines of a DSR report given as one file or a ZIP of its parts, for the adapter registry.

    Raises FormatError on the first iteration where ``open_report`` raises it.
    """
    with open_report(path) as report:
        yield from report_lines(report)

