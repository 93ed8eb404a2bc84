"""Write works as a CWR 2.1 / 2.2 registration file (NWR group), from the same layout table
the parser reads (``cwr_layouts``): ``write_cwr(works, sender, version, created)`` yields the
records as lines WITHOUT line ends; the caller joins them with ``"\\r\\n"`` (the CWR line end).

Per work: NWR, then per publisher SPU (controlled) or OPU with its SPT territories, per writer
SWR or OWR with SWT territories and a PWR when it names its publisher, ALT per alternate title,
VER for an original title, PER per performer, REC per recording, XRF per cross reference (2.2
only: XRF is a 2.2 record). Then GRT and TRL with the spec's control counts.

Text is upper-cased and folded to ASCII (the CWR 2.x character set); a field longer than its
width is cut. A party without ``interested_party`` gets a generated id (``P000001`` /
``W000001``, numbered within the work). Territories are written as TIS numeric codes; a
controlled party with none is written for the world (2136), as every SPU/SWR needs one SPT/SWT.
Raises ValueError for a version other than 2.1/2.2 or a sender without name or type.
"""
from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Iterable, Iterator
from decimal import Decimal

from importers.repertoire.cwr_layouts import LAYOUTS, Layout
from importers.repertoire.records import RepertoireParty, RepertoireRecording, RepertoireWork
from importers.territory_codes import WORLD, territories

_TABLE = LAYOUTS["2"]
_TIS_BY_CODE = {t.code: t.tis_code for t in territories() if t.tis_code is not None}
_HUNDREDTHS = Decimal("0.01")


def _text(value: object, length: int) -> str:
    folded = unicodedata.normalize("NFKD", str(value)).encode("ascii", "ignore").decode("ascii")
    return folded.upper()[:length].ljust(length)


def _cell(kind: str, value: object, length: int) -> str:
    if value is None or value == "":
        return "0" * length if kind == "S" else " " * length
    if kind == "S":  # percent -> 5 digits, 3 integer + 2 decimal
        return f"{int((Decimal(value) / _HUNDREDTHS).to_integral_value()):0{length}d}"
    if kind in ("N", "D", "T") and isinstance(value, int):
        return f"{value:0{length}d}"
    return _text(value, length)


def format_record(layout: Layout, version: str, values: dict, sequence: tuple[int, int] | None
                  ) -> str:
    """One record of ``layout`` with ``values`` by field name (missing = blank; shares as
    percent). ``sequence`` = (transaction, record) for transaction/detail records; fields newer
    than ``version`` are left out. Trailing blanks are kept: records are fixed-width."""
    parts = [layout.record_type]
    for f in layout.fields:
        if f.since > version:
            break
        if f.name in ("transaction_sequence", "record_sequence"):
            parts.append(f"{sequence[0 if f.name[0] == 't' else 1]:08d}")
        else:
            parts.append(_cell(f.kind, values.get(f.name), f.length))
    return "".join(parts)


def _hhmmss(seconds: int | None) -> str | None:
    if not seconds:
        return None
    return f"{seconds // 3600:02d}{seconds % 3600 // 60:02d}{seconds % 60:02d}"


def write_cwr(works: Iterable[RepertoireWork], sender: dict, version: str = "2.1",
              created: dt.datetime | None = None) -> Iterator[str]:
    """The CWR lines of ``works`` sent by ``sender`` {name, code, type ('PB'|'SO'…), ipi?}."""
    if version not in ("2.1", "2.2"):
        raise ValueError(f"CWR version {version!r} cannot be written (2.1 or 2.2)")
    if not sender.get("name") or not sender.get("type"):
        raise ValueError("the sender needs a name and a type (PB, SO, AA, WR)")
    created = created or dt.datetime.now()
    yield format_record(_TABLE["HDR"], version, _header_values(sender, version, created), None)
    yield format_record(_TABLE["GRH"], version, {
        "transaction_type": "NWR", "group_id": 1, "version_number": "02.20" if version == "2.2"
        else "02.10", "batch_request": 0}, None)
    transactions = body = 0
    for transaction, work in enumerate(works):
        for line in _work_records(work, transaction, version):
            body += 1
            yield line
        transactions += 1
    # Control counts (CWR 2.1 GRT/TRL): the group counts GRH to GRT, the file HDR to TRL.
    yield format_record(_TABLE["GRT"], version, {
        "group_id": 1, "transaction_count": transactions, "record_count": body + 2,
        "total_monetary_value": 0}, None)
    yield format_record(_TABLE["TRL"], version, {
        "group_count": 1, "transaction_count": transactions, "record_count": body + 4}, None)


def _header_values(sender: dict, version: str, created: dt.datetime) -> dict:
    sender_type, sender_id = sender["type"], sender.get("ipi") or sender.get("code") or ""
    sender_id = sender_id.zfill(9)
    if len(sender_id) > 9:
        # CWR 2.1 rev. 8: an 11-digit IPI name number takes the 2 sender type characters.
        sender_type, sender_id = sender_id[:-9], sender_id[-9:]
    return {"sender_type": sender_type, "sender_id": sender_id, "sender_name": sender["name"],
            "edi_version": "01.10", "creation_date": created.strftime("%Y%m%d"),
            "creation_time": created.strftime("%H%M%S"),
            "transmission_date": created.strftime("%Y%m%d"), "cwr_version": version,
            "cwr_revision": 1, "software_package": "RIGHTSGRAPH"}


def _work_records(work: RepertoireWork, transaction: int, version: str) -> Iterator[str]:
    seq = iter(range(1_000_000))

    def record(rt: str, values: dict) -> str:
        return format_record(_TABLE[rt], version, values, (transaction, next(seq)))

    yield record("NWR", {
        "title": work.title, "language": work.language, "submitter_work_number": work.ref,
        "iswc": work.iswc and work.iswc.replace("-", "").replace(".", ""),  # CWR's 11-character form
        "copyright_date": "00000000", "distribution_category": "POP",
        "duration": _hhmmss(work.duration_seconds), "recorded": "Y" if work.recordings else "U",
        "version_type": "MOD" if work.original_title else "ORI",
        "music_arrangement": "UNS" if work.original_title else None,
        "lyric_adaptation": "UNS" if work.original_title else None, "grand_rights": "N",
        "composite_component_count": 0, "printed_edition_date": "00000000", "priority": "N"})
    publisher_ids = {}
    for n, p in enumerate(work.publishers, start=1):
        ip = p.interested_party or f"P{n:06d}"
        publisher_ids[ip] = p
        yield record("SPU" if p.controlled else "OPU", {
            **_party_values(p, ip), "publisher_sequence": n, "name": p.name,
            "publisher_type": p.role or "E"})
        yield from (record("SPT", t) for t in _territories(p, ip))
    for n, w in enumerate(work.writers, start=1):
        ip = w.interested_party or f"W{n:06d}"
        yield record("SWR" if w.controlled else "OWR", {
            **_party_values(w, ip), "name": w.name, "first_name": w.first_name,
            "designation": w.role or "CA"})
        yield from (record("SWT", t) for t in _territories(w, ip))
        if w.controlled and w.publisher_ref in publisher_ids:
            chain = list(publisher_ids).index(w.publisher_ref) + 1
            yield record("PWR", {"publisher_ip": w.publisher_ref, "writer_ip": ip,
                                 "publisher_name": publisher_ids[w.publisher_ref].name,
                                 "publisher_sequence": chain})
    yield from (record("ALT", {"title": t, "title_type": "AT"}) for t in work.alternate_titles)
    if work.original_title:
        yield record("VER", {"title": work.original_title})
    yield from (record("PER", {"name": p}) for p in work.performers)
    yield from (record("REC", _recording_values(r)) for r in work.recordings)
    if version >= "2.2":
        yield from (record("XRF", {"organisation": org, "identifier": ident,
                                   "identifier_type": "W", "validity": "Y"})
                    for org, ident in work.cross_references)


def _party_values(p: RepertoireParty, ip: str) -> dict:
    return {"interested_party": ip, "ipi_name": p.ipi, "ipi_base": p.ipi_base,
            "pr_society": p.pr_society, "pr_share": p.pr_share,
            "mr_society": p.mr_society, "mr_share": p.mr_share,
            "sr_society": p.sr_society, "sr_share": p.sr_share}


def _territories(p: RepertoireParty, ip: str) -> Iterator[dict]:
    included = p.territories or ((WORLD,) if p.controlled else ())
    flagged = [("I", code) for code in included] + [("E", code) for code in p.excluded]
    for n, (flag, code) in enumerate(flagged, start=1):
        tis = _TIS_BY_CODE.get(code)
        if tis is None:
            continue  # a territory TIS does not list (dependencies): left to its sovereign's code
        shares = (p.pr_share, p.mr_share, p.sr_share) if flag == "I" else (0, 0, 0)
        yield {"interested_party": ip, "pr_share": shares[0], "mr_share": shares[1],
               "sr_share": shares[2], "inclusion": flag, "tis": tis, "shares_change": "N",
               "sequence": n}


def _recording_values(r: RepertoireRecording) -> dict:
    return {"release_date": "00000000", "duration": _hhmmss(r.duration_seconds) or "000000",
            "album_label": r.label, "ean": r.upc, "isrc": r.isrc,
            "recording_title": r.title, "display_artist": r.artists[0] if r.artists else None,
            "record_label": r.label}
