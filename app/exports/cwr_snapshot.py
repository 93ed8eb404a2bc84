"""The CWR ownership snapshot: the partner's works a cycle paid for, with the shares the partner
reported, as a CWR file we send back (issue 7, item 5).

Each work becomes a ``RepertoireWork`` (transaction NWR; ``ref`` our workId, so the partner's
ACK names it): writers and publishers from the partner's CLAIMS edges (role = the CWR
designation code, PR/MR/SR shares converted from int millionths of 100 % to exact percent,
affiliation societies, controlled flag), recordings with their ISRC and duration. The file
itself is written by ``importers.repertoire.cwr_writer.write_cwr`` (one layout table for the
parser and the writer); ``cwr_filename`` follows the CWR naming convention
``CW<yy><nnnn><sender>_<receiver>.V<version>``.
"""
from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator

from app.money.shares import millionths_to_percent
from importers.repertoire.cwr_writer import write_cwr
from importers.repertoire.records import RepertoireParty, RepertoireRecording, RepertoireWork

MIMETYPE = "text/plain"
PUBLISHER_ROLES = ("E", "AM", "PA", "SE", "ES", "AQ")  # CWR publisher designation codes; the rest are writers'


def party_kind(claim: dict) -> str:
    """'publisher' or 'writer': by the claim's CWR designation code, else by the participant's
    ``kinds`` (a claim without role by a participant that is only a publisher)."""
    role, kinds = claim.get("role"), claim.get("kinds") or ()
    if role:
        return "publisher" if role in PUBLISHER_ROLES else "writer"
    return "publisher" if "publisher" in kinds and "writer" not in kinds else "writer"


def _party(claim: dict) -> RepertoireParty:
    return RepertoireParty(
        kind=party_kind(claim), name=claim["name"], first_name=claim.get("firstName"), role=claim.get("role"),
        ipi=claim.get("ipi"), pr_share=millionths_to_percent(claim.get("prShare") or 0),
        mr_share=millionths_to_percent(claim.get("mrShare") or 0),
        sr_share=millionths_to_percent(claim.get("srShare") or 0), pr_society=claim.get("prSociety"),
        mr_society=claim.get("mrSociety"), sr_society=claim.get("srSociety"),
        controlled=bool(claim.get("controlled", True)),
    )


def snapshot_work(row: dict) -> RepertoireWork:
    """One work row ``{workId, title, iswc, alternateTitles, durationSeconds, claims: [{name,
    firstName?, kinds, role (CWR designation code), ipi, prShare, mrShare, srShare (int millionths),
    prSociety, mrSociety, srSociety, controlled}], recordings: [{isrc, title, durationSeconds,
    artists}]}`` as a RepertoireWork (``line`` 0: it comes from the graph, not a file).
    Parties keep the order given (the query sorts them by name)."""
    claims = row.get("claims") or []
    recordings = tuple(
        RepertoireRecording(line=0, title=rec.get("title") or row["title"], isrc=rec.get("isrc"),
                            duration_seconds=rec.get("durationSeconds"), artists=tuple(rec.get("artists") or ()),
                            work_iswc=row.get("iswc"), work_ref=row["workId"])
        for rec in row.get("recordings") or [])
    return RepertoireWork(
        line=0, title=row["title"], iswc=row.get("iswc"), ref=row["workId"],
        alternate_titles=tuple(row.get("alternateTitles") or ()),
        writers=tuple(_party(c) for c in claims if party_kind(c) == "writer"),
        publishers=tuple(_party(c) for c in claims if party_kind(c) == "publisher"),
        recordings=recordings, duration_seconds=row.get("durationSeconds"),
    )


def write_snapshot(rows: Iterable[dict], sender: dict, created: datetime.datetime,
                   version: str = "2.1") -> Iterator[str]:
    """The CWR lines (no line ends; join with CRLF) of the works ``rows`` (see
    ``snapshot_work``) sent by ``sender`` ``{name, code, type ('SO' a society…), ipi?}``."""
    return write_cwr((snapshot_work(row) for row in rows), sender, version=version, created=created)


def cwr_filename(created: datetime.date, sequence: int, sender_code: str, receiver_code: str,
                 version: str = "2.1") -> str:
    """``CW<yy><nnnn><sender>_<receiver>.V<vv>`` (CWR naming convention; ``sequence`` taken
    modulo 10 000), e.g. ``CW250007RGH_ASCAP.V21``."""
    return f"CW{created:%y}{sequence % 10_000:04d}{sender_code}_{receiver_code}.V{version.replace('.', '')}"
