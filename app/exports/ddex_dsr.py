"""A DDEX DSRF flat file in the **Radio Broadcast Profile 1.0** (issue 7, item 5).

Profile source: ``shared/fixtures/real/ddex-dsr/schemas/RadioBroadcastProfile.xsd``
(ddexnet/dsrf ``schemas/RadioBroadcastProfile/1.0``); DSRF Part 1 for the flat-file syntax
(one record a line, tab-separated, UTF-8, ``|`` between the values of a multi-valued cell,
``\\`` escaping a literal tab, ``|`` or backslash) and the file name. Cell order is the one
table our DSR reader uses (``importers.statements.dsr_records.LAYOUTS``), so writer and reader
cannot drift apart. The file is:

* ``HEAD`` — MessageVersion ``dsrf/30`` (as the DDEX sample files; the XSD's pattern is the
  bare prefix ``dsrf/``), Profile ``RadioBroadcastProfile``, ProfileVersion ``1.0``, one file
  of one, the cycle's period (UsageEndDate = its last day), sender and recipient.
* ``SY08`` summary records — the profile carries money only here (SU05 has no amount), so
  there is one SY08 per line item × station: CommercialModel ``PerformanceRoyaltiesModel``,
  UseType ``Broadcast``, Territory the cycle's, BroadcastStationOrChannel the station,
  NumberOfBroadcasts the plays, NetRevenue = AllocatedRevenue = the gross (the tariff money
  those plays earned, all of it allocated to the partner as RightsController, RightsType
  ``PerformingRight``), AllocatedNetRevenue the net after our admin fee;
  RightsControllerAllocatedNumberOfBroadcasts the plays; AdditionalData
  ``LineItem=…;StationId=…;AdminFee=…;AdminFeePercent=…;DurationSeconds=…``.
* one block per line item — ``AS02.01`` (the sound recording with its musical work: ISRC,
  title, artist, Duration, ISWC, ComposerAuthor and MusicPublisher names, ProprietaryWorkId
  ``RIGHTSGRAPH::<workId>``) then one ``SU05`` per station (NumberOfBroadcasts, referring to
  its SY08 by SummaryRecordId and to the AS02.01 by ResourceReference).
* ``FOOT`` — lines (HEAD and FOOT included), summary records and blocks.

Not filled (we do not know them): ListenerHours (mandatory in the XSD: written ``0``),
NumberOfBroadcastListeners, ListenerDuration, DisplayArtistPartyId and the other PartyId
cells, DistributionChannel. A cycle with no line items for the partner gives a valid nil
report: one SY08 with zero broadcasts and amounts, no block. Σ SY08 AllocatedRevenue = Σ the
line items' gross, Σ AllocatedNetRevenue = Σ their net; ``importers.statements.dsr_radio``
reads the file back and checks the FOOT counts and the broadcasts.
"""
from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from app.exports.csv_baseline import utc_timestamp
from app.money import from_micro
from importers.statements.dsr_records import LAYOUTS

MIMETYPE = "text/tab-separated-values"
PROFILE, PROFILE_VERSION, MESSAGE_VERSION = "RadioBroadcastProfile", "1.0", "dsrf/30"
WORK_NAMESPACE = "RIGHTSGRAPH"


@dataclass(frozen=True)
class StationUsage:
    """The plays of one line item on one station: ``broadcasts`` plays of ``duration_seconds``
    in all; amounts in int micro-units (gross − fee = net)."""

    station_id: str
    station_name: str
    broadcasts: int
    duration_seconds: int
    gross_micro: int
    fee_micro: int
    net_micro: int


@dataclass(frozen=True)
class UsedResource:
    """One line item as a broadcast resource: the recording (``isrc``, ``title``, ``artist``,
    ``duration_seconds`` of the track) and its work (``iswc``, ``work_id``, ``composers`` and
    ``publishers`` names), its ``admin_fee_percent`` (decimal string) and ``usages`` per station."""

    line_item_id: str
    resource_id: str  # our recordingId, else the workId (DspResourceId: the sender's own id)
    title: str
    artist: str
    isrc: str | None
    iswc: str | None
    work_id: str | None
    duration_seconds: int | None
    admin_fee_percent: str
    composers: tuple[str, ...] = ()
    publishers: tuple[str, ...] = ()
    usages: tuple[StationUsage, ...] = ()


@dataclass(frozen=True)
class Message:
    """The HEAD facts: ``usage_start`` / ``usage_end`` the first and last day covered;
    ``sender_dpid`` / ``recipient_dpid`` DDEX party ids (PADPIDA…; recipient optional);
    ``rights_controller`` the partner's name in the summaries."""

    message_id: str
    created: datetime.datetime
    usage_start: datetime.date
    usage_end: datetime.date
    sender_dpid: str
    sender_name: str
    recipient_name: str
    recipient_dpid: str | None
    territory: str
    currency: str
    service_description: str = "Radio"


def _escape(value) -> str:
    """A cell value: a backslash before a literal backslash, tab or ``|`` (DSRF Part 1); line
    ends, which cannot be escaped, become spaces."""
    text = "" if value is None else str(value)
    for char in ("\\", "\t", "|"):
        text = text.replace(char, "\\" + char)
    return text.replace("\r", " ").replace("\n", " ")


def _record(record_type: str, cells: dict) -> str:
    """One record: the type, then every cell of its layout in order ('' when not given);
    a tuple value is a multi-valued cell."""
    family = record_type[:4]
    values = []
    for name in LAYOUTS[family]:
        value = cells.get(name)
        values.append("|".join(_escape(v) for v in value) if isinstance(value, tuple) else _escape(value))
    return "\t".join([record_type, *values])


def compact_iswc(iswc: str | None) -> str | None:
    """The profile's ISWC shape ``T`` + 10 digits (XSD pattern ``T[0-9]{10}``), whatever the
    graph's display form (``T-034.524.680-1``)."""
    return "".join(ch for ch in iswc if ch.isalnum()).upper() if iswc else iswc


def iso_duration(seconds: int | None) -> str:
    """Seconds as an ISO 8601 duration ``PT[nH][nM]nS`` (``PT0S`` for None or 0)."""
    seconds = seconds or 0
    hours, rest = divmod(seconds, 3600)
    minutes, secs = divmod(rest, 60)
    return "PT" + (f"{hours}H" if hours else "") + (f"{minutes}M" if minutes else "") + f"{secs}S"


def _summary(message: Message, summary_id: int, resource: UsedResource | None, usage: StationUsage | None) -> str:
    """The SY08 of one line item's plays on one station (a zero one for a nil report)."""
    plays = usage.broadcasts if usage else 0
    gross = from_micro(usage.gross_micro if usage else 0)
    extra = "" if usage is None else (
        f"LineItem={resource.line_item_id};StationId={usage.station_id};AdminFee={from_micro(usage.fee_micro)};"
        f"AdminFeePercent={resource.admin_fee_percent};DurationSeconds={usage.duration_seconds}")
    return _record("SY08", {
        "SummaryRecordId": summary_id, "ServiceDescription": message.service_description,
        "BroadcastStationOrChannel": usage.station_name if usage else "",
        "CommercialModel": "PerformanceRoyaltiesModel", "UseType": "Broadcast", "Territory": message.territory,
        "NumberOfBroadcasts": plays, "ListenerHours": 0,
        "Currency": message.currency, "NetRevenue": gross, "RightsController": message.recipient_name,
        "AllocatedRevenue": gross, "RightsType": "PerformingRight",
        "AllocatedNetRevenue": from_micro(usage.net_micro if usage else 0),
        "RightsControllerAllocatedNumberOfBroadcasts": plays, "AdditionalData": extra,
    })


def write_dsr(message: Message, resources: Sequence[UsedResource]) -> Iterator[str]:
    """The lines (no line ends; join with LF) of the Radio Broadcast report of ``resources``
    (the partner's line items in a stable order; each usage becomes an SY08 + SU05 pair)."""
    summaries = sum(len(r.usages) for r in resources) or 1
    blocks = len(resources)
    lines = 1 + summaries + sum(1 + len(r.usages) for r in resources) + 1
    yield _record("HEAD", {
        "MessageVersion": MESSAGE_VERSION, "Profile": PROFILE, "ProfileVersion": PROFILE_VERSION,
        "MessageId": message.message_id, "MessageCreatedDateTime": utc_timestamp(message.created),
        "FileNumber": 1, "NumberOfFiles": 1, "UsageStartDate": message.usage_start.isoformat(),
        "UsageEndDate": message.usage_end.isoformat(), "SenderPartyId": message.sender_dpid,
        "SenderName": message.sender_name, "ServiceDescription": message.service_description,
        "RecipientPartyId": message.recipient_dpid, "RecipientName": message.recipient_name,
    })
    if not resources:
        yield _summary(message, 1, None, None)
    summary_id = 0
    for resource in resources:
        for usage in resource.usages:
            summary_id += 1
            yield _summary(message, summary_id, resource, usage)
    summary_id = 0
    for block_id, resource in enumerate(resources, start=1):
        yield _record("AS02.01", {
            "BlockId": block_id, "ResourceReference": "SR1", "DspResourceId": resource.resource_id,
            "ISRC": resource.isrc, "Title": resource.title, "DisplayArtistName": resource.artist,
            "Duration": iso_duration(resource.duration_seconds), "ResourceType": "SoundRecording",
            "ISWC": compact_iswc(resource.iswc), "ComposerAuthor": resource.composers, "MusicPublisher": resource.publishers,
            "ProprietaryWorkId": f"{WORK_NAMESPACE}::{resource.work_id}" if resource.work_id else "",
        })
        for usage in resource.usages:
            summary_id += 1
            yield _record("SU05", {
                "BlockId": block_id, "SummaryRecordId": summary_id,
                "SalesTransactionId": f"{resource.line_item_id}/{usage.station_id}", "TransactedResource": "SR1",
                "IsRoyaltyBearing": "true", "NumberOfBroadcasts": usage.broadcasts,
            })
    yield _record("FOOT", {"NumberOfLinesInFile": lines, "NumberOfLinesInReport": lines,
                           "NumberOfSummaryRecords": summaries, "NumberOfBlocksInFile": blocks,
                           "NumberOfBlocksInReport": blocks})


def dsr_filename(message: Message, service: str = "Radio") -> str:
    """``DSR_<sender>_<recipient>_<service>_<start>--<end>_<territory>_1of1_<created>.tsv`` (DSRF
    Part 1 naming; the recipient's DPID, else its name without separators)."""
    recipient = message.recipient_dpid or "".join(ch for ch in message.recipient_name if ch.isalnum())
    period = f"{message.usage_start.isoformat()}--{message.usage_end.isoformat()}"
    created = message.created.astimezone(datetime.timezone.utc) if message.created.tzinfo else message.created
    return (f"DSR_{message.sender_dpid}_{recipient}_{service}_{period}_{message.territory}_1of1_"
            f"{created:%Y%m%dT%H%M%S}.tsv")
