"""What the statement-source tests share: the real samples with what each must become, the
test rate table, a TuneCore writer for doctored files, and reads of a statement's events."""
from __future__ import annotations

import functools
from decimal import Decimal, localcontext
from pathlib import Path

from importers.records import StatementLine
from importers.statements import ADAPTERS
from tests.fixtures_paths import REAL

REAL_STATEMENTS = REAL / "statements"
DSR = REAL / "ddex-dsr"
UGC_1_0 = DSR / "DSR_TEST_YouTube_AdSupport-music_2015-Q4_IS_1of1_20160121T150926.tsv"
#: AllocatedRevenue per rights controller that makes UGC_1_0's SY records add up to its lines
#: (PUB_2 125.23; SOC_1 20.98 + 10.86; PUB_3 30.32 + 11.49; Residual 0.0): 198.88 USD.
BALANCED = {"PUB_2": "125.23", "SOC_1": "31.84", "PUB_3": "41.81", "Residual": "0.0"}

#: The rate table the tests register statements with (into USD, the default wallet currency).
RATES = [{"from": "GBP", "to": "USD", "rate": "1.2712", "source": "test rates", "date": "2024-06-28"},
         {"from": "AUD", "rate": "0.6543"}, {"from": "EUR", "rate": "1.0834"}]
RATE = {"USD": Decimal(1), "GBP": Decimal("1.2712"), "AUD": Decimal("0.6543"), "EUR": Decimal("1.0834")}
NEEDS_PERIOD = ("prs", "publisher", "youtube_content_id")

TUNECORE_HEADER = ("Sales Period", "Posted Date", "Store Name", "Country Of Sale", "Artist", "Release Type",
                   "Release Title", "Song Title", "Label", "UPC", "Optional UPC", "TC Song ID", "Optional ISRC",
                   "Sales Type", "# Units Sold", "Per Unit Price", "Net Sales", "Net Sales Currency",
                   "Exchange Rate", "Total Earned", "Currency")
TUNECORE_DEFAULTS = dict(zip(TUNECORE_HEADER, (
    "2024-06-01", "2024-08-01", "Spotify", "GB", "Artist 1", "Song", "Album 1", "Song 1", "Test Records", "", "",
    "", "GBAYE0601498", "Streaming", "1", "0.1", "0.1", "USD", "0.79", "0.079", "GBP")))


def write_tunecore(path: Path, rows, *, newline: str = "\r\n", encoding: str = "utf-8", bom: bytes = b"") -> Path:
    """A TuneCore CSV of ``rows`` (dicts of cells over TUNECORE_DEFAULTS, quoted when they hold
    a comma, or raw strings written verbatim)."""
    def cell(value: str) -> str:
        return f'"{value}"' if "," in value else value
    lines = [",".join(TUNECORE_HEADER)]
    lines += [row if isinstance(row, str) else ",".join(cell({**TUNECORE_DEFAULTS, **row}[c]) for c in TUNECORE_HEADER)
              for row in rows]
    path.write_bytes(bom + (newline.join(lines) + newline).encode(encoding))
    return path


def parsed(path: Path, source: str, period: str | None = None) -> list:
    """The adapter's output for a file, read directly (what ingestion must end with)."""
    parse, _ = ADAPTERS[source]
    if source in NEEDS_PERIOD:
        parse = functools.partial(parse, period=period)
    return list(parse(path))


def converted_total(lines: list[StatementLine]) -> Decimal:
    """Σ gross × RATE[currency], exact."""
    with localcontext(prec=200):
        return sum((line.gross * RATE[line.currency] for line in lines), Decimal(0))


def events(driver, statement_id: str) -> dict[int, dict]:
    """Every RoyaltyEvent of a statement (its properties), by line."""
    records, _, _ = driver.execute_query(
        "MATCH (e:RoyaltyEvent {statementId: $sid}) RETURN e {.*} AS e", sid=statement_id)
    return {r["e"]["line"]: r["e"] for r in records}


def count(driver, query: str, **params) -> int:
    """The single number a counting query returns."""
    records, _, _ = driver.execute_query(query, **params)
    return records[0][0]


def dsr_copy(path: Path, allocated: dict[str, str]) -> Path:
    """UGC_1_0 with its SY02 AllocatedRevenue cells set per RightsController."""
    out = []
    for text in UGC_1_0.read_text("utf-8").splitlines():
        cells = text.split("\t")
        if cells[0] == "SY02.01":
            cells[15] = allocated[cells[12]]
        out.append("\t".join(cells))
    path.write_text("\n".join(out) + "\n", encoding="utf-8")
    return path
