"""The demo DistroKid statement generator (the real export's 13 columns, CRLF)."""
from __future__ import annotations

import os
import random
from bisect import bisect_right
from collections.abc import Iterator
from itertools import accumulate

from app.services.demo_data.names import CULTURES, TITLE_WORDS
from importers.identifiers import gtin_check_digit

#: The DistroKid earnings export header, exactly as in the real sample ``DistroKid_Test.tsv``.
DISTROKID_COLUMNS = (
    "Reporting Date", "Sale Month", "Store", "Artist", "Title", "ISRC", "UPC", "Quantity",
    "Team Percentage", "Song/Album", "Country of Sale", "Songwriter Royalties Withheld",
    "Earnings (USD)",
)

# --- statement model -------------------------------------------------------------------------

# (store, relative frequency, earnings per unit in 10^-8 USD). Illustrative rates only.
_STORES = (
    ("Spotify", 35, 300_000), ("Apple Music", 15, 600_000), ("YouTube (Ads)", 20, 70_000),
    ("Amazon Unlimited", 8, 400_000), ("Deezer", 7, 350_000), ("Tidal", 3, 1_000_000),
    ("TikTok", 12, 30_000),
)
# (country of sale, relative frequency, rate as a percent of the US rate). OU is DistroKid's
# "outside US" bucket.
_COUNTRIES = (
    ("GH", 30, 20), ("US", 25, 100), ("NG", 12, 25), ("GB", 12, 95), ("DE", 8, 85),
    ("OU", 13, 60),
)
_EARNINGS_DECIMALS = 8          # DistroKid reports earnings to 8 decimals (real sample)
_PPM = 1_000_000                # unmatched_ratio is applied as parts per million


def generate_distrokid_statement(
        catalog: dict, n_lines: int, seed: int = 7, unmatched_ratio: float = 0.02,
        months: tuple[str, ...] = ("2024-05", "2024-06", "2024-07", "2024-08"),
) -> Iterator[str]:
    """Yield a DistroKid earnings export for ``catalog``, line by line, header first.

    Each yielded string is one line ending in CRLF (the real exports' line end), with the 13
    tab-separated :data:`DISTROKID_COLUMNS`; ``"".join(...)`` is the file. Body lines: a
    ``Sale Month`` from ``months`` (the default straddles :data:`SALE_DATE`, so both owners of
    the sold catalogue earn), ``Reporting Date`` two months later, stores Spotify, Apple Music,
    YouTube (Ads), Amazon Unlimited, Deezer, Tidal, TikTok, countries GH, US, NG, GB, DE and
    OU, ``Team Percentage`` 100, ``Earnings (USD)`` a decimal string with 8 decimals computed
    from integers (quantity × per-unit rate in 10⁻⁸ USD). Recordings get lines with a skewed
    popularity. About ``unmatched_ratio`` of the lines (chosen per line with an integer draw)
    carry well-formed ISRCs and UPCs that are not in the catalogue, for the suspense flow.

    Streams: memory is proportional to the catalogue, not to ``n_lines``. Deterministic for a
    given ``(catalog, n_lines, seed, unmatched_ratio, months)``.

    Raises ValueError if ``n_lines`` < 0, ``unmatched_ratio`` is outside [0, 1], ``months`` is
    empty or not ``YYYY-MM``, or the catalogue has no recording on a release while matched
    lines are requested.
    """
    if n_lines < 0:
        raise ValueError(f"n_lines must be >= 0, got {n_lines}")
    if not 0 <= unmatched_ratio <= 1:
        raise ValueError(f"unmatched_ratio must be in [0, 1], got {unmatched_ratio}")
    if not months or not all(_is_month(m) for m in months):
        raise ValueError(f"months must be a non-empty tuple of 'YYYY-MM' strings, got {months!r}")
    # The ratio is converted once, to integer parts per million; each line then draws an integer.
    unmatched_ppm = round(unmatched_ratio * _PPM)
    return _statement_lines(catalog, n_lines, random.Random(seed), unmatched_ppm, months)


def write_distrokid_statement(path: str | os.PathLike, catalog: dict, n_lines: int, **kw) -> None:
    """Write :func:`generate_distrokid_statement` ``(catalog, n_lines, **kw)`` to ``path``
    (UTF-8, CRLF kept as generated), streaming.

    Raises ValueError as the generator does, OSError if the file cannot be written.
    """
    lines = generate_distrokid_statement(catalog, n_lines, **kw)
    # newline="" stops Python from translating the generator's CRLF line ends.
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.writelines(lines)


# --- statement -------------------------------------------------------------------------------

def _pick(rng: random.Random, cumulative: list[int]) -> int:
    """Index drawn with integer weights given as cumulative sums."""
    return bisect_right(cumulative, rng.randrange(cumulative[-1]))


def _tracks(catalog: dict) -> list[tuple[str, str, str, str]]:
    """(artist, title, ISRC, UPC) of every recording on a release, first release wins."""
    names = {p["ref"]: p["name"] for p in catalog.get("participants", [])}
    recordings = {r["ref"]: r for r in catalog.get("recordings", [])}
    rows = []
    seen = set()
    for release in catalog.get("releases", []):
        for track in release["tracks"]:
            recording = recordings.get(track["recordingRef"])
            if recording is None or recording["ref"] in seen or not recording.get("isrc"):
                continue
            seen.add(recording["ref"])
            primary = [names.get(p["participantRef"], "") for p in recording["performers"]
                       if p["role"] == "primary"]
            featured = [names.get(p["participantRef"], "") for p in recording["performers"]
                        if p["role"] == "featured"]
            artist = " & ".join(primary) + (f" feat. {' & '.join(featured)}" if featured else "")
            title = recording["title"] + (f" ({recording['version']})" if recording.get("version")
                                          else "")
            rows.append((artist, title, recording["isrc"], release.get("upc") or ""))
    return rows


def _unknown_tracks(rng: random.Random, known: list[tuple[str, str, str, str]],
                    count: int) -> list[tuple[str, str, str, str]]:
    """Tracks someone else owns: valid-format ISRCs/UPCs whose registrant and company
    prefixes appear nowhere in the catalogue, so no exact match is possible."""
    taken_isrc_prefixes = {row[2][:5] for row in known}
    taken_upc_prefixes = {row[3][:7] for row in known}
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
    rows = []
    for i in range(count):
        prefix = "US" + "".join(rng.choice(alphabet) for _ in range(3))
        while prefix in taken_isrc_prefixes:
            prefix = "US" + "".join(rng.choice(alphabet) for _ in range(3))
        company = f"8{rng.randrange(100_000, 1_000_000)}"
        while company in taken_upc_prefixes:
            company = f"8{rng.randrange(100_000, 1_000_000)}"
        body = f"{company}{rng.randrange(10_000):04d}"
        _, given, family = rng.choice(CULTURES)
        artist = f"{rng.choice(given)} {rng.choice(family)}"
        title = " ".join(rng.sample(TITLE_WORDS, 2))
        rows.append((artist, title, f"{prefix}24{i + 1:05d}", body + str(gtin_check_digit(body))))
    return rows


def _add_months(month: str, count: int) -> str:
    year, mon = int(month[:4]), int(month[5:])
    index = year * 12 + mon - 1 + count
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _format_e8(amount: int) -> str:
    whole, fraction = divmod(amount, 10**_EARNINGS_DECIMALS)
    return f"{whole}.{fraction:0{_EARNINGS_DECIMALS}d}"


def _statement_lines(catalog: dict, n_lines: int, rng: random.Random, unmatched_ppm: int,
                     months: tuple[str, ...]) -> Iterator[str]:
    known = _tracks(catalog)
    if not known and unmatched_ppm < _PPM and n_lines > 0:
        raise ValueError("the catalogue has no recording on a release to report earnings for")
    # Shuffled, then Zipf-like weights (1/rank): a few hits, a long tail, as real streams go.
    order = list(range(len(known)))
    rng.shuffle(order)
    popularity = list(accumulate(1_000_000 // rank for rank in range(1, len(order) + 1)))
    unknown = _unknown_tracks(rng, known, max(3, len(known) // 50))
    stores = list(accumulate(weight for _, weight, _ in _STORES))
    countries = list(accumulate(weight for _, weight, _ in _COUNTRIES))

    yield "\t".join(DISTROKID_COLUMNS) + "\r\n"
    for _ in range(n_lines):
        if rng.randrange(_PPM) < unmatched_ppm:
            artist, title, isrc, upc = rng.choice(unknown)
        else:
            artist, title, isrc, upc = known[order[_pick(rng, popularity)]]
        sale_month = rng.choice(months)
        reporting_date = f"{_add_months(sale_month, 2)}-{rng.randrange(1, 29):02d}"
        store, _, unit_rate = _STORES[_pick(rng, stores)]
        country, _, country_percent = _COUNTRIES[_pick(rng, countries)]
        quantity = rng.randrange(1, 3001)
        # ±10 % jitter (in per mille) around the store/country rate, in integer 10^-8 USD;
        # flooring leaves the ragged last digits real statements have.
        jitter_permille = rng.randrange(900, 1101)
        earnings = quantity * unit_rate * country_percent * jitter_permille // 100_000
        yield "\t".join((
            reporting_date, sale_month, store, artist, title, isrc, upc, str(quantity), "100",
            "Song", country, "0", _format_e8(earnings),
        )) + "\r\n"

def _is_month(value: str) -> bool:
    return (len(value) == 7 and value[4] == "-" and value[:4].isdigit() and value[5:].isdigit()
            and 1 <= int(value[5:]) <= 12)
