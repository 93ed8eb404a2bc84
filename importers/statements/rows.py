"""What every statement adapter does with the rows ``common`` reads: the shared line builder,
the per-row issue collection and the open → head → rows pipeline of a delimited statement.

A ``read_head`` reads a file's first records (a header, and any preamble before it) and
returns ``(Header, context)``, raising FormatError for a file of another source; ``build``
turns the context and one ``Row`` into a StatementLine (None: not a money line), recording
the problems of the row on it.
"""

import datetime
import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from decimal import Decimal
from typing import Any, TextIO

from importers.records import FormatError, ParseIssue, StatementLine
from importers.statements.common import Header, Record, Row, data_rows, open_text, read_header, read_records
from importers.stores import Store

Records = Iterator[Record | ParseIssue]
ReadHead = Callable[[Records], tuple[Header, Any]]
Build = Callable[[Any, Row], StatementLine | None]


def statement_line(
    line: int, store: Store, *, usage_type: str, right_type: str, territory: str, period: str, units: int,
    gross: Decimal, currency: str, title: str, artist: str, extra: Mapping[str, str], isrc: str | None = None,
    upc: str | None = None, reported_on: datetime.date | None = None,
) -> StatementLine:
    """The StatementLine of physical line ``line``, sold through ``store`` (its slug and label).

    ``isrc``, ``upc`` and ``reported_on`` default to None: the file reports none.
    """
    return StatementLine(
        line=line, source=store.slug, source_label=store.label, usage_type=usage_type, right_type=right_type,
        territory=territory, period=period, reported_on=reported_on, units=units, gross=gross, currency=currency,
        isrc=isrc, upc=upc, title=title, artist=artist, extra=extra,
    )  # fmt: skip


def row_results(row: Row, line: StatementLine | None) -> list[StatementLine | ParseIssue]:
    """What one built row yields: the issues it recorded, else its line (None: not a money line)."""
    return row.issues or ([] if line is None else [line])


def statement_lines(
    rows: Iterable[Row | ParseIssue], build: Callable[[Row], StatementLine | None]
) -> Iterator[StatementLine | ParseIssue]:
    """Apply ``build`` to each row; yield the issues it recorded, else its line (None: not a money line)."""
    for row in rows:
        if isinstance(row, ParseIssue):
            yield row
        else:
            yield from row_results(row, build(row))


def text_lines(
    text: TextIO, delimiter: str, read_head: ReadHead, build: Build, quoted: bool = True
) -> Iterator[StatementLine | ParseIssue]:
    """Stream delimited ``text``: ``read_head`` its first records, then ``build`` every data row."""
    records = read_records(text, delimiter, quoted)
    header, context = read_head(records)
    yield from statement_lines(data_rows(records, header), functools.partial(build, context))


def parse_headed(
    path, delimiter: str, read_head: ReadHead, build: Build, quoted: bool = True
) -> Iterator[StatementLine | ParseIssue]:
    """Stream the delimited file at ``path`` (encoding sniffed, any line ends) through ``text_lines``.

    Raises what ``read_head`` raises (FormatError) on the first iteration; OSError if unreadable.
    """
    with open(path, "rb") as binary, open_text(binary) as text:
        yield from text_lines(text, delimiter, read_head, build, quoted)


def sniff_head(path, delimiter: str, read_head: Callable[[Records], object], quoted: bool = True) -> bool:
    """True if ``read_head`` accepts the first records of the delimited file at ``path`` (no FormatError)."""
    with open(path, "rb") as binary, open_text(binary) as text:
        try:
            read_head(read_records(text, delimiter, quoted))
        except FormatError:
            return False
    return True


def header_only(required: Sequence[str], what: str) -> ReadHead:
    """The ``read_head`` of a one-header-line ``what`` statement: its header and no context."""
    return lambda records: (read_header(records, required, what), None)


def parse_table(
    path, what: str, delimiter: str, required: Sequence[str], build: Callable[[Row], StatementLine | None],
    quoted: bool = True,
) -> Iterator[StatementLine | ParseIssue]:
    """Stream a one-header-line delimited statement through ``build``.

    Raises FormatError on the first iteration if the file is empty or its first non-blank
    record lacks a ``required`` column; OSError if it cannot be read.
    """
    return parse_headed(path, delimiter, header_only(required, what), lambda _, row: build(row), quoted)


def sniff_table(path, delimiter: str, required: Sequence[str], quoted: bool = True) -> bool:
    """True if the file's first non-blank record has every ``required`` column."""
    return sniff_head(path, delimiter, header_only(required, ""), quoted)
