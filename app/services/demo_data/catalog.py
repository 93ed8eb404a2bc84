"""The demo catalogue generator: a ``rightsgraph-catalog/1`` document (see the package docstring)."""
from __future__ import annotations

import json
import os
import random

from app.services.demo_data.names import CULTURES, COMPANY_WORDS, LABEL_SUFFIXES, PUBLISHER_SUFFIXES, TITLE_WORDS, VERSIONS, BANKS, MOBILE_MONEY
from importers.identifiers import gtin_check_digit, ipi_check_digits, isni_check_char, iswc_check_digit

CATALOG_FORMAT = "rightsgraph-catalog/1"

#: Day the demo's first label sells its master catalogue (validTo of the old owner, exclusive).
SALE_DATE = "2024-07-01"


_DEALS_START = "2020-01-01"
_WORLD = "WORLD"
_FIRST_MARKET = "GH"

# Shares are handled as integer "share units" of 1/10 000 % (the format allows 4 decimals).
_UNITS_PER_PERCENT = 10_000
_WHOLE = 100 * _UNITS_PER_PERCENT
_HALF = 50 * _UNITS_PER_PERCENT

# Five-digit ISRC designation codes and four-digit UPC item references per registrant/label
# limit how many recordings one label can carry; 99 999 keeps every code unique.
_MAX_RECORDINGS = 99_999


def generate_catalog(n_recordings: int = 12, seed: int = 7) -> dict:
    """Return a ``rightsgraph-catalog/1`` document (a JSON-ready dict) with ``n_recordings``.

    Shape: ``{"format", "participants", "works", "recordings", "releases", "ownership"}``,
    camelCase keys as in docs/catalog-format.md. Every ISRC (ISO 3901), ISWC (ISO 15707 check
    digit), UPC (GS1 check digit), IPI name number (mod 101) and ISNI (ISO 7064 MOD 11-2) is
    valid per :mod:`importers.identifiers`, and unique. Shares are percent strings with at most 4
    decimals; per asset, right type, territory and instant they sum to exactly 100, and a
    publisher never holds more than 50 % of performance. Recordings carry ``master`` edges,
    works ``performance`` and ``mechanical`` (writers and, for most works, a publisher). The
    first 12 recordings are the story told in this module's docstring; beyond that, about
    ``n_recordings / 10`` participants.
    Deterministic: the same ``(n_recordings, seed)`` gives an equal document.

    Raises ValueError if ``n_recordings`` is not in 1..99 999 (5-digit ISRC designation codes).
    """
    if not 1 <= n_recordings <= _MAX_RECORDINGS:
        raise ValueError(f"n_recordings must be in 1..{_MAX_RECORDINGS}, got {n_recordings}")
    builder = _CatalogBuilder(random.Random(seed))
    builder.add_story(n_recordings)
    builder.add_generated(n_recordings)
    return builder.document()


def write_catalog(path: str | os.PathLike, catalog: dict) -> None:
    """Write ``catalog`` to ``path`` as UTF-8 JSON (indent 2, non-ASCII kept, final newline).

    Raises OSError if the file cannot be written.
    """
    with open(path, "w", encoding="utf-8") as fh:
        json.dump(catalog, fh, indent=2, ensure_ascii=False)
        fh.write("\n")


# --- catalogue ---------------------------------------------------------------------------------

def _format_share(units: int) -> str:
    """Share units (1/10 000 %) -> the shortest decimal string: 333334 -> '33.3334'."""
    whole, fraction = divmod(units, _UNITS_PER_PERCENT)
    if fraction == 0:
        return str(whole)
    return f"{whole}.{fraction:04d}".rstrip("0")


def _split_units(total: int, parts: int) -> list[int]:
    """Split ``total`` share units into ``parts`` that differ by at most one unit and add up
    exactly; the extra units go to the last parts (100 / 3 -> 33.3333, 33.3333, 33.3334)."""
    base, extra = divmod(total, parts)
    return [base + (1 if i >= parts - extra else 0) for i in range(parts)]




class _Identifiers:
    """Unique, valid identifiers drawn from one RNG (each code is checked against the others)."""

    def __init__(self, rng: random.Random) -> None:
        self._rng = rng
        self._used: set[str] = set()
        self._isrc_next: dict[str, int] = {}
        self._upc_next: dict[str, int] = {}

    def _fresh(self, make) -> str:
        value = make()
        while value in self._used:
            value = make()
        self._used.add(value)
        return value

    def registrant(self, country: str) -> str:
        """An ISRC prefix: country code + 3-character registrant code."""
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
        return self._fresh(lambda: country + "".join(self._rng.choice(alphabet) for _ in range(3)))

    def isrc(self, prefix: str, year: int) -> str:
        key = f"{prefix}{year % 100:02d}"
        designation = self._isrc_next.get(key, 1)
        self._isrc_next[key] = designation + 1
        return f"{key}{designation:05d}"

    def company_prefix(self) -> str:
        """A 7-digit UPC-A company prefix (number system 0 + 6 digits)."""
        return self._fresh(lambda: f"0{self._rng.randrange(100_000, 1_000_000)}")

    def upc(self, company_prefix: str) -> str:
        item = self._upc_next.get(company_prefix, 1)
        self._upc_next[company_prefix] = item + 1
        body = f"{company_prefix}{item:04d}"
        return body + str(gtin_check_digit(body))

    def iswc(self) -> str:
        body = self._fresh(lambda: f"{self._rng.randrange(10**7, 10**9):09d}")
        check = iswc_check_digit(body)
        return f"T-{body[:3]}.{body[3:6]}.{body[6:]}-{check}"

    def ipi(self) -> str:
        body = self._fresh(lambda: f"{self._rng.randrange(10**6, 10**9):09d}")
        return body + ipi_check_digits(body)

    def isni(self) -> str:
        # "0000 0001 …" is the block ISNI assigns to most creators.
        body = self._fresh(lambda: f"00000001{self._rng.randrange(10**6, 10**7):07d}")
        return body + isni_check_char(body)


class _CatalogBuilder:
    """Accumulates the catalogue sections; ``add_story`` then ``add_generated``."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.ids = _Identifiers(rng)
        self.participants: list[dict] = []
        self.works: list[dict] = []
        self.recordings: list[dict] = []
        self.releases: list[dict] = []
        self.ownership: list[dict] = []
        self._kind_counts: dict[str, int] = {}
        # Per label ref: (ISRC prefix, UPC company prefix). Self-releases use the artist's own.
        self._codes: dict[str, tuple[str, str]] = {}
        self.by_kind: dict[str, list[str]] = {}
        self.country: dict[str, str] = {}

    def document(self) -> dict:
        return {"format": CATALOG_FORMAT, "participants": self.participants,
                "works": self.works, "recordings": self.recordings,
                "releases": self.releases, "ownership": self.ownership}

    # participants

    def participant(self, kind: str, name: str, country: str, legal_name: str | None = None,
                    extra_kinds: tuple[str, ...] = ()) -> str:
        number = self._kind_counts.get(kind, 0) + 1
        self._kind_counts[kind] = number
        ref = f"p-{kind}-{number}"
        kinds = [kind, *extra_kinds]
        identifiers = []
        if "writer" in kinds or kind == "publisher":
            # IPI name numbers identify writers and publishers in CWR and at societies.
            identifiers.append({"scheme": "IPI", "value": self.ids.ipi()})
        if kind == "artist":
            identifiers.append({"scheme": "ISNI", "value": self.ids.isni()})
        self.participants.append({
            "ref": ref, "kinds": kinds, "name": name, "legalName": legal_name or name,
            "country": country, "identifiers": identifiers,
            "payoutMethod": self._payout_method(kind, country),
        })
        self.by_kind.setdefault(kind, []).append(ref)
        self.country[ref] = country
        if kind == "label":
            self._codes[ref] = (self.ids.registrant(country), self.ids.company_prefix())
        return ref

    def _payout_method(self, kind: str, country: str) -> dict:
        # A payout label shows only the last 4 account digits (DESIGN.md: tax/bank info masked).
        last4 = f"{self.rng.randrange(10_000):04d}"
        if kind not in ("label", "publisher"):
            if country in MOBILE_MONEY:
                # Mobile money is how most individual creators in Ghana and Nigeria get paid.
                provider = self.rng.choice(MOBILE_MONEY[country])
                return {"type": "mobile_money", "label": f"{provider} ••••{last4}"}
            if self.rng.randrange(2):
                return {"type": "paypal", "label": f"PayPal ••••{last4}"}
        bank = self.rng.choice(BANKS[country])
        return {"type": "bank_transfer", "label": f"{bank} ••••{last4}"}

    def codes_for(self, owner_ref: str) -> tuple[str, str]:
        """ISRC prefix and UPC company prefix of the releasing party (label or self-release)."""
        if owner_ref not in self._codes:
            # Self-released via a distributor: DistroKid-style "QZ" ISRC prefix, own UPC range.
            self._codes[owner_ref] = (self.ids.registrant("QZ"), self.ids.company_prefix())
        return self._codes[owner_ref]

    # assets

    def work(self, title: str, writers: list[str], publisher: str | None,
             alternate_titles: tuple[str, ...] = ()) -> str:
        ref = f"w-{len(self.works) + 1}"
        self.works.append({"ref": ref, "title": title, "iswc": self.ids.iswc(),
                           "alternateTitles": list(alternate_titles)})
        writer_total = _WHOLE if publisher is None else _HALF
        for right_type in ("performance", "mechanical"):
            for writer, units in zip(writers, _split_units(writer_total, len(writers))):
                self.own(writer, ref, right_type, units, role="writer")
            if publisher is not None:
                # Writers keep at least half of performance (the societies' rule that CWR
                # validation enforces), so a publisher's 50 % is the ceiling.
                self.own(publisher, ref, right_type, _HALF, role="publisher")
        return ref

    def recording(self, title: str, isrc: str, performers: list[tuple[str, str]],
                  work_ref: str | None, version: str | None = None) -> str:
        ref = f"r-{len(self.recordings) + 1}"
        self.recordings.append({
            "ref": ref, "title": title, "isrc": isrc, "version": version,
            "durationSeconds": self.rng.randrange(140, 331), "workRef": work_ref,
            "performers": [{"participantRef": p, "role": role} for p, role in performers],
        })
        return ref

    def release(self, title: str, release_date: str, company_prefix: str,
                recording_refs: list[str]) -> None:
        self.releases.append({
            "ref": f"rel-{len(self.releases) + 1}", "title": title,
            "upc": self.ids.upc(company_prefix), "releaseDate": release_date,
            "territories": [_WORLD],
            "tracks": [{"recordingRef": r, "trackNumber": i}
                       for i, r in enumerate(recording_refs, start=1)],
        })

    def own(self, participant: str, asset: str, right_type: str, units: int, *,
            territories: tuple[str, ...] = (_WORLD,), excluded: tuple[str, ...] = (),
            valid_from: str = _DEALS_START, valid_to: str | None = None, role: str = "owner") -> None:
        self.ownership.append({
            "participantRef": participant, "assetRef": asset, "rightType": right_type,
            "role": role, "share": _format_share(units), "territories": list(territories),
            "excluded": list(excluded), "validFrom": valid_from, "validTo": valid_to,
            "agreementId": None,
        })

    # master split patterns, one per story chapter

    def master_sold(self, recording: str, seller: str, buyer: str) -> None:
        """The seller's 100 % ends on SALE_DATE (exclusive) and the buyer's begins."""
        self.own(seller, recording, "master", _WHOLE, valid_to=SALE_DATE)
        self.own(buyer, recording, "master", _WHOLE, valid_from=SALE_DATE)

    def master_territorial(self, recording: str, artist: str, world_label: str,
                           local_label: str) -> None:
        """Artist 50 % everywhere; the other 50 % is world_label's except in the first market,
        where local_label holds it: two edge sets that never overlap for any country."""
        self.own(artist, recording, "master", _HALF, excluded=(_FIRST_MARKET,))
        self.own(world_label, recording, "master", _HALF, excluded=(_FIRST_MARKET,))
        self.own(artist, recording, "master", _HALF, territories=(_FIRST_MARKET,))
        self.own(local_label, recording, "master", _HALF, territories=(_FIRST_MARKET,))

    def master_split(self, recording: str, owners: list[str],
                     units: list[int] | None = None) -> None:
        for owner, share in zip(owners, units or _split_units(_WHOLE, len(owners))):
            self.own(owner, recording, "master", share)

    # the story (first 12 recordings)

    def add_story(self, n_recordings: int) -> None:
        ama = self.participant("artist", "Ama Owusu", "GH", "Ama Serwaa Owusu", ("writer",))
        tunde = self.participant("artist", "Tunde Adeyemi", "NG", "Babatúndé Adéyẹmí",
                                 ("writer",))
        lena = self.participant("artist", "Lena Hartmann", "DE", extra_kinds=("writer",))
        kojo = self.participant("producer", "Kojo Mensah", "GH", "Kojo Antwi Mensah")
        efua = self.participant("writer", "Efua Sarpong", "GH")
        accra = self.participant("label", "Accra Sound Records", "GH", "Accra Sound Records Ltd")
        harbour = self.participant("label", "Harbour Lane Music", "GB", "Harbour Lane Music Ltd")
        gold_coast = self.participant("publisher", "Gold Coast Songs", "GH",
                                      "Gold Coast Songs Publishing Ltd")
        remaining = n_recordings

        def take(titles: tuple[str, ...]) -> tuple[str, ...]:
            nonlocal remaining
            chosen = titles[:remaining]
            remaining -= len(chosen)
            return chosen

        # Chapter 1: Osu Nights, on Accra Sound, master catalogue sold to Harbour Lane.
        isrc_prefix, upc_prefix = self.codes_for(accra)
        refs = []
        for title in take(("Block Talk", "Harmattan", "Osu Nights", "Sika")):
            alternates = ("Money",) if title == "Sika" else ()
            work = self.work(title, [ama, efua], gold_coast, alternates)
            ref = self.recording(title, self.ids.isrc(isrc_prefix, 2021), [(ama, "primary")], work)
            self.master_sold(ref, accra, harbour)
            refs.append(ref)
        if refs:
            self.release("Osu Nights", "2021-03-05", upc_prefix, refs)

        # Chapter 2: Lagos to Accra, Harbour Lane everywhere but Ghana, Accra Sound in Ghana.
        isrc_prefix, upc_prefix = self.codes_for(harbour)
        refs = []
        for title in take(("Lagos to Accra", "Danfo Driver")):
            work = self.work(title, [tunde], gold_coast)
            ref = self.recording(title, self.ids.isrc(isrc_prefix, 2022), [(tunde, "primary")],
                                 work)
            self.master_territorial(ref, tunde, harbour, accra)
            refs.append(ref)
        if refs:
            self.release("Lagos to Accra", "2022-06-10", upc_prefix, refs)

        # Chapter 3: Bridges, three equal master owners, three writers.
        isrc_prefix, upc_prefix = self.codes_for(harbour)
        refs = []
        for title in take(("Bridges", "Nordlicht", "Salt Water")):
            work = self.work(title, [lena, ama, efua], gold_coast)
            performers = [(lena, "primary"), (ama, "featured"), (kojo, "non_featured")]
            ref = self.recording(title, self.ids.isrc(isrc_prefix, 2023), performers, work)
            self.master_split(ref, [lena, ama, kojo])
            refs.append(ref)
        if refs:
            self.release("Bridges", "2023-02-17", upc_prefix, refs)

        # Chapter 4: Chale Wote, self-released; one song unregistered, one acoustic version.
        isrc_prefix, upc_prefix = self.codes_for(ama)
        block_talk_work = self.works[0]["ref"] if self.works else None
        refs = []
        for title in take(("Chale Wote", "Kumasi Rain", "Block Talk")):
            version = None
            if title == "Chale Wote":
                work = self.work(title, [ama, efua], gold_coast)
            elif title == "Kumasi Rain":
                work = None
            else:
                work, version = block_talk_work, "Acoustic"
            ref = self.recording(title, self.ids.isrc(isrc_prefix, 2024),
                                 [(ama, "primary"), (kojo, "non_featured")], work, version)
            self.master_split(ref, [ama, kojo], [60 * _UNITS_PER_PERCENT, 40 * _UNITS_PER_PERCENT])
            refs.append(ref)
        if refs:
            self.release("Chale Wote", "2024-02-09", upc_prefix, refs)

    # generated catalogue beyond the story

    # One participant in ten is added per cycle slot: 9 artists, 4 labels, 3 writers,
    # 2 producers, 2 publishers in every 20, interleaved so small catalogues get each kind.
    _KIND_CYCLE = ("artist", "label", "writer", "artist", "publisher", "producer", "artist",
                   "label", "artist", "writer", "artist", "label", "producer", "artist",
                   "writer", "artist", "publisher", "label", "artist", "artist")

    def add_generated(self, n_recordings: int) -> None:
        extra = n_recordings - len(self.recordings)
        if extra <= 0:
            return
        target = max(len(self.participants), n_recordings // 10)
        for i in range(target - len(self.participants)):
            self._generated_participant(self._KIND_CYCLE[i % len(self._KIND_CYCLE)])
        artists = self.by_kind["artist"]
        labels = self.by_kind["label"]
        local_labels = [ref for ref in labels if self.country[ref] == _FIRST_MARKET]
        added = 0
        release_index = 0
        while added < extra:
            artist = artists[release_index % len(artists)]
            release_index += 1
            size = min(self.rng.randrange(1, 5), extra - added)
            self._generated_release(artist, size, labels, local_labels)
            added += size

    def _generated_participant(self, kind: str) -> None:
        country, given, family = self.rng.choice(CULTURES)
        if kind == "label":
            name = f"{self.rng.choice(COMPANY_WORDS)} {self.rng.choice(COMPANY_WORDS)} " \
                   f"{self.rng.choice(LABEL_SUFFIXES)}"
            self.participant(kind, name, country, f"{name} Ltd")
        elif kind == "publisher":
            name = f"{self.rng.choice(COMPANY_WORDS)} {self.rng.choice(PUBLISHER_SUFFIXES)}"
            self.participant(kind, name, country, f"{name} Ltd")
        else:
            name = f"{self.rng.choice(given)} {self.rng.choice(family)}"
            self.participant(kind, name, country,
                             extra_kinds=("writer",) if kind == "artist" else ())

    def _title(self) -> str:
        first, second = self.rng.sample(TITLE_WORDS, 2)
        return f"{first} {second}"

    def _generated_release(self, artist: str, size: int, labels: list[str],
                           local_labels: list[str]) -> None:
        rng = self.rng
        year = rng.randrange(2020, 2025)
        # Nothing is released after April 2024, so every recording is out for the whole
        # statement window.
        month = rng.randrange(1, 5 if year == 2024 else 13)
        release_date = f"{year}-{month:02d}-{rng.randrange(1, 29):02d}"
        # Master deal shape, in twentieths: 3 catalogue sales, 3 territorial deals, 6 label
        # 80/20, 5 three-way splits with a featured artist, 3 self-releases 70/30 with a producer.
        pattern = rng.randrange(20)
        label = rng.choice(labels)
        releaser = artist if pattern >= 17 else label
        isrc_prefix, upc_prefix = self.codes_for(releaser)
        featured = rng.choice([a for a in self.by_kind["artist"] if a != artist])
        producer = rng.choice(self.by_kind["producer"])
        writers_pool = self.by_kind["writer"]
        publisher = rng.choice(self.by_kind["publisher"])
        refs: list[str] = []
        for _ in range(size):
            if refs and rng.randrange(15) == 0:
                # A version (remix, live…) of the previous track: same title and work.
                previous = self.recordings[-1]
                title, version, work = previous["title"], rng.choice(VERSIONS), previous["workRef"]
            else:
                title, version = self._title(), None
                # One song in twenty never had its publishing registered.
                if rng.randrange(20) == 0:
                    work = None
                else:
                    co_writers = rng.sample(writers_pool, min(rng.randrange(3), len(writers_pool)))
                    # One song in ten is self-published: the writers keep 100 %.
                    published_by = publisher if rng.randrange(10) else None
                    work = self.work(title, [artist, *co_writers], published_by)
            performers = [(artist, "primary")]
            if 12 <= pattern < 17:
                performers.append((featured, "featured"))
            ref = self.recording(title, self.ids.isrc(isrc_prefix, year), performers, work, version)
            if pattern < 3:
                self.master_sold(ref, label, rng.choice([x for x in labels if x != label]))
            elif pattern < 6:
                self.master_territorial(ref, artist, label, rng.choice(local_labels))
            elif pattern < 12:
                self.master_split(ref, [label, artist],
                                  [80 * _UNITS_PER_PERCENT, 20 * _UNITS_PER_PERCENT])
            elif pattern < 17:
                self.master_split(ref, [artist, featured, producer])
            else:
                self.master_split(ref, [artist, producer],
                                  [70 * _UNITS_PER_PERCENT, 30 * _UNITS_PER_PERCENT])
            refs.append(ref)
        self.release(self.recordings[-size]["title"] if size == 1 else self._title(),
                     release_date, upc_prefix, refs)
