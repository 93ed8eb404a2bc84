"""The CSV repertoire format (docs/repertoire-csv.md): one file of works OR one of recordings.

The header decides which: a file with an ``isrc`` column lists recordings, one with ``iswc``
or ``writer_1_name`` (and no ``isrc``) lists works. Column names are compared case-insensitively
with spaces and hyphens read as underscores (``Writer 1 Name`` = ``writer_1_name``). UTF-8 with
or without a BOM (a Windows-1252 file is read too, as every CSV of the project), comma- or
semicolon-separated (whichever the header line uses more); in a semicolon file a share may use
a decimal comma (``33,33``).

Works: ``title``, ``iswc``, ``work_id``, ``alternate_titles`` and ``performers`` (``|``
between values), ``duration``, ``language``, then one group of columns per writer
``writer_N_name``, ``_first_name``, ``_ipi``, ``_role``, ``_society``, ``_mr_society``,
``_pr_share``, ``_mr_share``, ``_sr_share``, ``_controlled``, ``_publisher`` (the number M of
the ``publisher_M_…`` group the writer is published by) and per publisher
``publisher_M_name``, ``_ipi``, ``_role``, ``_society``, ``_mr_society``, ``_pr_share``,
``_mr_share``, ``_sr_share``, ``_controlled``: as many N and M as needed, empty groups ignored.

Recordings: ``title``, ``isrc``, ``artist`` (``|`` between several, main first), ``duration``,
``iswc`` / ``work_id`` (the work recorded), ``label``, ``upc``.

Every row with a problem (missing title, ISWC / IPI / UPC check digit, ISRC shape, a share
that is not a number from 0 to 100, an unknown role, a writer linked to a missing publisher)
yields one ParseIssue per problem, with its physical line and column, and is skipped; a
recording without an ISRC is kept (``isrc`` None). A header that is neither layout raises
FormatError naming the missing columns of the closer one.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from importers.identifiers import IdentifierError
from importers.records import FormatError, ParseIssue
from importers.repertoire.cells import identifier, seconds_of
from importers.repertoire.records import RepertoireParty, RepertoireRecording, RepertoireWork
from importers.statements.common import Header, Record, Row, data_rows, open_text, parse_decimal, read_records

WORK_COLUMNS = ("title", "iswc", "writer_1_name")
RECORDING_COLUMNS = ("title", "isrc", "artist")
LIST_SEPARATOR = "|"

#: Writer designations (CWR codes; the words a spreadsheet uses map to them).
WRITER_ROLES = {"CA": "CA", "C": "C", "A": "A", "AR": "AR", "AD": "AD", "TR": "TR", "SA": "SA", "SR": "SR",
                "PA": "PA", "COMPOSER": "C", "LYRICIST": "A", "AUTHOR": "A", "COMPOSER/AUTHOR": "CA",
                "COMPOSER/LYRICIST": "CA", "COMPOSERLYRICIST": "CA", "ARRANGER": "AR", "ADAPTER": "AD",
                "TRANSLATOR": "TR", "SUB-AUTHOR": "SA", "SUB-ARRANGER": "SR", "INCOME PARTICIPANT": "PA"}
#: Publisher types (CWR codes and their words).
PUBLISHER_ROLES = {"E": "E", "AM": "AM", "PA": "PA", "SE": "SE", "ES": "ES", "AQ": "AQ",
                   "ORIGINAL PUBLISHER": "E", "PUBLISHER": "E", "ADMINISTRATOR": "AM", "SUB-PUBLISHER": "SE",
                   "SUBPUBLISHER": "SE", "INCOME PARTICIPANT": "PA", "SUBSTITUTED PUBLISHER": "ES",
                   "ACQUIRER": "AQ"}
_DEFAULT_ROLE = {"writer": "CA", "publisher": "E"}
_YES = {"y", "yes", "true", "1"}
_NO = {"n", "no", "false", "0"}
_GROUP = re.compile(r"(writer|publisher)_([0-9]+)_name")
_DECIMAL_COMMA = re.compile(r"[0-9]+,[0-9]+")


def column_name(cell: str) -> str:
    """How a header cell is read: stripped, case-folded, spaces and hyphens as underscores."""
    return re.sub(r"[\s\-]+", "_", cell.strip()).casefold()


def parse(path: str | Path) -> Iterator[RepertoireWork | RepertoireRecording | ParseIssue]:
    """Stream the works or recordings of the repertoire CSV at ``path`` (see module doc).

    Raises FormatError on the first iteration when the file is empty or its header is neither
    layout; OSError if it cannot be read. Never raises on a bad row.
    """
    with open(path, "rb") as binary, open_text(binary) as text:
        delimiter = _delimiter(text)
        records = read_records(text, delimiter)
        first = next(records, None)
        if first is None:
            raise FormatError("empty file: no header row", list(WORK_COLUMNS))
        cells = [column_name(c) for c in first.cells] if isinstance(first, Record) else []
        header = Header(cells)
        build = _layout(header)
        comma_decimals = delimiter == ";"
        for row in data_rows(records, header):
            if isinstance(row, ParseIssue):
                yield row
                continue
            record = build(row, comma_decimals)
            yield from row.issues
            if record is not None and not row.issues:
                yield record


def _delimiter(text) -> str:
    """',' or ';': whichever the first non-blank line holds more of; the stream is rewound."""
    start = text.tell()
    line = ""
    while not line.strip():
        line = text.readline()
        if not line:
            break
    text.seek(start)
    return ";" if line.count(";") > line.count(",") else ","


def _layout(header: Header):
    if "isrc" in header.columns:
        missing = header.missing(RECORDING_COLUMNS)
        if not missing:
            return _recording
    elif "iswc" in header.columns or "writer_1_name" in header.columns:
        missing = header.missing(WORK_COLUMNS)
        if not missing:
            return _work
    else:
        missing = min(header.missing(WORK_COLUMNS), header.missing(RECORDING_COLUMNS), key=len)
    raise FormatError(f"not a repertoire CSV of works ({', '.join(WORK_COLUMNS)}) or of recordings "
                      f"({', '.join(RECORDING_COLUMNS)}): missing columns {', '.join(missing)}", missing)


def _identifier(row: Row, column: str, scheme: str) -> str | None:
    """The normalized identifier of ``column`` (ISWC ``T-034.524.680-1`` as the records
    contract); None when empty; None and an issue when it fails its scheme's check."""
    text = row.get(column)
    if not text:
        return None
    try:
        return identifier(scheme, text)
    except IdentifierError as exc:
        row.fail(column, f"{column}: {exc.rule}")
        return None


def _title(row: Row) -> str | None:
    title = row.get("title")
    if not title:
        row.fail("title", "title is empty")
    return title or None


def _list(row: Row, column: str) -> tuple[str, ...]:
    return tuple(v.strip() for v in row.get(column).split(LIST_SEPARATOR) if v.strip())


def _duration(row: Row, column: str) -> int | None:
    text = row.get(column)
    seconds = seconds_of(text) if text else None
    if text and seconds is None:
        row.fail(column, f"{column} is not a duration in seconds, M:SS, H:MM:SS or ISO 8601 (PT3M21S)")
    return seconds


def _recording(row: Row, comma_decimals: bool) -> RepertoireRecording | None:
    title = _title(row)
    record = RepertoireRecording(
        line=row.line, title=title or "", isrc=_identifier(row, "isrc", "ISRC"), duration_seconds=_duration(row, "duration"),
        artists=_list(row, "artist"), work_iswc=_identifier(row, "iswc", "ISWC"),
        work_ref=row.get("work_id") or None, label=row.get("label") or None, upc=_identifier(row, "upc", "UPC"))
    return record if title else None


def _work(row: Row, comma_decimals: bool) -> RepertoireWork | None:
    title = _title(row)
    publishers = _parties(row, "publisher", comma_decimals)
    writers = _parties(row, "writer", comma_decimals)
    work = RepertoireWork(
        line=row.line, title=title or "", iswc=_identifier(row, "iswc", "ISWC"), ref=row.get("work_id") or None,
        alternate_titles=_list(row, "alternate_titles"), performers=_list(row, "performers"),
        writers=writers, publishers=publishers, duration_seconds=_duration(row, "duration"),
        language=row.get("language") or None, extra={"format": "csv"})
    return work if title else None


def _parties(row: Row, kind: str, comma_decimals: bool) -> tuple[RepertoireParty, ...]:
    """The non-empty ``<kind>_N_…`` groups of the row, by N."""
    numbers = sorted(int(m.group(2)) for name in row.columns if (m := _GROUP.fullmatch(name)) and m.group(1) == kind)
    parties = []
    for n in numbers:
        prefix = f"{kind}_{n}_"
        if not any(row.get(name) for name in row.columns if name.startswith(prefix)):
            continue
        party = _party(row, kind, n, prefix, comma_decimals)
        if party is not None:
            parties.append(party)
    return tuple(parties)


def _party(row: Row, kind: str, n: int, prefix: str, comma_decimals: bool) -> RepertoireParty | None:
    name = row.get(prefix + "name")
    if not name:
        row.fail(prefix + "name", f"{prefix}name is empty while other {kind} {n} cells are filled")
    roles = WRITER_ROLES if kind == "writer" else PUBLISHER_ROLES
    written = row.get(prefix + "role")
    role = roles.get(written.upper(), None) if written else _DEFAULT_ROLE[kind]
    if role is None:
        row.fail(prefix + "role", f"{prefix}role {written!r} is not one of {', '.join(sorted(set(roles.values())))}")
    shares = [_share(row, prefix + right, comma_decimals) for right in ("pr_share", "mr_share", "sr_share")]
    controlled = _flag(row, prefix + "controlled")
    publisher = row.get(prefix + "publisher") if kind == "writer" else ""
    if publisher and not (publisher.isdigit() and row.get(f"publisher_{int(publisher)}_name")):
        row.fail(prefix + "publisher", f"{prefix}publisher must be the number N of a filled publisher_N_name")
        publisher = ""
    ipi = _identifier(row, prefix + "ipi", "IPI")
    if not name or role is None:
        return None
    return RepertoireParty(
        kind=kind, name=name, role=role, ipi=ipi,
        interested_party=f"{kind}_{n}", first_name=row.get(prefix + "first_name") or None,
        pr_share=shares[0], mr_share=shares[1], sr_share=shares[2],
        pr_society=row.get(prefix + "society") or None, mr_society=row.get(prefix + "mr_society") or None,
        controlled=controlled, publisher_ref=f"publisher_{int(publisher)}" if publisher else None)


def _share(row: Row, column: str, comma_decimals: bool) -> Decimal:
    """A percent 0–100 (``50``, ``33.33``, ``50 %``); 0 when empty; an issue otherwise."""
    text = row.get(column).removesuffix("%").strip()
    if not text:
        return Decimal(0)
    if comma_decimals and _DECIMAL_COMMA.fullmatch(text):
        text = text.replace(",", ".")
    value = parse_decimal(text)
    if value is None or not 0 <= value <= 100:
        row.fail(column, f"{column} is not a percent from 0 to 100")
        return Decimal(0)
    return value


def _flag(row: Row, column: str) -> bool:
    """Y/N (yes/no, true/false, 1/0); empty means controlled (Y)."""
    text = row.get(column).casefold()
    if text in _NO:
        return False
    if text and text not in _YES:
        row.fail(column, f"{column} is not Y or N")
    return True
