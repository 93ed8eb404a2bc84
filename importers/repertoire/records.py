"""The records every repertoire parser yields (CWR, DDEX ERN, CSV), whatever the format.

Parsers stream: ``parse(path) -> Iterator[RepertoireWork | RepertoireRecording |
Acknowledgement | ParseIssue]``, so a 500k-record file is read in constant memory. Shares are
exact ``Decimal`` percent (0–100) as reported; identifiers are normalized as the graph stores
them (``importers.identifiers.validate``: ISWC ``T-034.524.680-1``, ISRC upper-case without
separators, IPI name numbers as 11 digits) or None.
``line`` is the 1-based line of the record's first line (CWR: its NWR/REV/ISW/EXC record; CSV:
its row; XML: the element's line when known, else 0).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class RepertoireParty:
    """A writer or publisher of a work as the partner reports it. ``kind`` writer | publisher;
    ``role`` the CWR designation code (writers: CA, A, C, AR, AD, TR, SA, SR; publishers: E,
    AM, PA, SE, ES, AQ); ``ipi`` the IPI name number; ``ipi_base`` the IPI base number;
    ``pr_share`` / ``mr_share`` / ``sr_share`` percent of the work's performance, mechanical
    and sync rights; ``pr_society`` / ``mr_society`` / ``sr_society`` the affiliation as a CISAC
    society code (``"010"`` ASCAP) or the name the file gives; ``controlled`` whether the
    submitter controls the share (CWR SPU/SWR vs OPU/OWR); ``publisher_ref`` for a writer: the
    ``interested_party`` id of the publisher it is linked to (CWR PWR), else None."""

    kind: str
    name: str
    role: str | None = None
    ipi: str | None = None
    ipi_base: str | None = None
    interested_party: str | None = None  # the file's own id of the party (CWR IP number)
    first_name: str | None = None
    pr_share: Decimal = Decimal(0)
    mr_share: Decimal = Decimal(0)
    sr_share: Decimal = Decimal(0)
    pr_society: str | None = None
    mr_society: str | None = None
    sr_society: str | None = None
    controlled: bool = True
    publisher_ref: str | None = None
    territories: tuple[str, ...] = ()  # ISO alpha-2 / WORLD the shares apply in (CWR SPT/SWT), () = as given
    excluded: tuple[str, ...] = ()  # territories carved out of ``territories`` (CWR SPT/SWT with indicator E)


@dataclass(frozen=True)
class RepertoireRecording:
    """A sound recording: ``isrc``, ``title``, ``duration_seconds``, ``artists`` (display names,
    main first), ``work_iswc`` / ``work_ref`` the work it records when the file says (ERN
    MusicalWork, CSV column, CWR REC inside a work), ``label``, ``upc`` of a release carrying
    it, ``contributors`` ``[(name, role)]`` as the file words them."""

    line: int
    title: str
    isrc: str | None = None
    duration_seconds: int | None = None
    artists: tuple[str, ...] = ()
    work_iswc: str | None = None
    work_ref: str | None = None
    label: str | None = None
    upc: str | None = None
    contributors: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RepertoireWork:
    """A musical work: ``title``, ``iswc``, ``ref`` the partner's own work id (CWR submitter
    work number, CSV ``work_id``), ``transaction`` the CWR transaction type (NWR, REV, ISW,
    EXC; ``"NWR"`` for other formats), ``alternate_titles`` (CWR ALT), ``performers`` (CWR PER),
    ``writers`` / ``publishers``, ``recordings`` (CWR REC: recordings of this work),
    ``original_title`` (CWR ORN), ``cross_references`` ``[(organisation, id)]`` (CWR XRF),
    ``duration_seconds``, ``language``."""

    line: int
    title: str
    iswc: str | None = None
    ref: str | None = None
    transaction: str = "NWR"
    alternate_titles: tuple[str, ...] = ()
    performers: tuple[str, ...] = ()
    writers: tuple[RepertoireParty, ...] = ()
    publishers: tuple[RepertoireParty, ...] = ()
    recordings: tuple[RepertoireRecording, ...] = ()
    original_title: str | None = None
    cross_references: tuple[tuple[str, str], ...] = ()
    duration_seconds: int | None = None
    language: str | None = None
    extra: dict = field(default_factory=dict, hash=False, compare=False)


@dataclass(frozen=True)
class Acknowledgement:
    """A CWR ACK record: the receiving society's answer to one transaction we (or the
    partner) sent: ``status`` the CWR transaction status (CO conflict, DU duplicate, RA
    accepted, AS assigned, AC accepted with corrections, SR/CR registration/claim rejected, NP
    not processed…), ``ref`` the submitter work id, ``society_ref`` the society's work id,
    ``iswc`` when assigned, ``messages`` the MSG records' texts."""

    line: int
    status: str
    title: str | None = None
    ref: str | None = None
    society_ref: str | None = None
    iswc: str | None = None
    original_transaction: str | None = None
    messages: tuple[str, ...] = ()
