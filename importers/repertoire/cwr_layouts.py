"""The CWR record layouts: for each record type, its fixed-width fields (name, 0-based start,
length, kind), per version family. ONE table drives both the parser (``importers.repertoire.cwr``)
and the writer (``importers.repertoire.cwr_writer``): there is no second copy of a position.

Families:

* ``"2"``: CWR 2.1 (CISAC functional specification CWR11-1991, rev. 7/8) and 2.2 (CWR 2.2
  adds fields at the END of some records — HDR version/revision/software, PWR publisher
  sequence, REC recording title…, ORN V-ISAN/EIDR; those fields carry ``since="2.2"`` and the
  writer leaves them out of a 2.1 file). Positions cross-checked against the field tables of
  the reference implementations (CWR-DataApi's record configs, allegro-cwr's records) and the
  real samples in ``fixtures/real/cwr`` (CWR-DataApi and django-music-publisher files).
* ``"3"``: CWR 3.0 / 3.1 (files like ``CW220002DMP_0000_V3-0-0.SUB``): WRK replaces NWR/REV
  and drops contact name/id and work type; SPU/SWR lose their shares, which move to SPT/SWT
  together with 4-character society codes; PWR links a writer to a publisher CHAIN (publisher
  sequence); XRF organisation codes are 4 characters; HDR carries a 4-character sender code, the
  sender's IPI name number, the version and the file name. Derived from the CISAC 3.0 samples
  django-music-publisher generates and validates against; fields the samples do not show (the
  tail of ORN, the reserved blocks of SPT/SWT) are named ``reserved*`` and not interpreted.
  3.1 uses the 3.0 layouts; ACK/MSG use the 2.x layouts in every version.

Kinds: ``A`` text, ``N`` numeric (digits or blank), ``D`` date YYYYMMDD, ``T`` time/duration
HHMMSS, ``F`` flag (Y/N/U or blank), ``S`` share (5 digits: 3 integer + 2 decimal percent,
``05000`` = 50.00 %), ``L`` lookup code (text from a CISAC lookup table).
"""
from __future__ import annotations

from typing import NamedTuple


class Field(NamedTuple):
    """One fixed-width field: ``start`` is 0-based, ``since`` the first CWR version having it."""

    name: str
    start: int
    length: int
    kind: str
    since: str = "2.1"

    @property
    def end(self) -> int:
        """0-based exclusive end of the field."""
        return self.start + self.length


class Layout(NamedTuple):
    """The fields of one record type after its prefix (record type, and for transaction and
    detail records the 8-digit transaction and record sequence numbers)."""

    record_type: str
    fields: tuple[Field, ...]

    @property
    def length(self) -> int:
        """Full length of the record with every field."""
        return self.fields[-1].end if self.fields else 3

    def field(self, name: str) -> Field:
        """The field called ``name``; KeyError when the layout has none."""
        for f in self.fields:
            if f.name == name:
                return f
        raise KeyError(name)


TRANSACTION_PREFIX = (Field("transaction_sequence", 3, 8, "N"), Field("record_sequence", 11, 8, "N"))


def _layout(record_type: str, spec: list[tuple], *, prefixed: bool = True) -> Layout:
    """Fields laid end to end from the prefix: ``spec`` items are ``(name, length, kind)`` or
    ``(name, length, kind, since)``; positions follow from the lengths, so a layout can only be
    wrong by a length, which the sample files pin down."""
    fields = list(TRANSACTION_PREFIX) if prefixed else []
    pos = 19 if prefixed else 3
    for item in spec:
        name, length, kind, *since = item
        fields.append(Field(name, pos, length, kind, *since))
        pos += length
    return Layout(record_type, tuple(fields))


# --- control records ------------------------------------------------------------------------

_HDR_2 = [("sender_type", 2, "A"), ("sender_id", 9, "A"), ("sender_name", 45, "A"),
          ("edi_version", 5, "A"), ("creation_date", 8, "D"), ("creation_time", 6, "T"),
          ("transmission_date", 8, "D"), ("character_set", 15, "A"),
          ("cwr_version", 3, "A", "2.2"), ("cwr_revision", 3, "N", "2.2"),
          ("software_package", 30, "A", "2.2"), ("software_version", 30, "A", "2.2")]
_HDR_3 = [("sender_type", 2, "A"), ("sender_id", 4, "A"), ("sender_name", 45, "A"),
          ("sender_ipi", 11, "N"), ("creation_date", 8, "D"), ("creation_time", 6, "T"),
          ("transmission_date", 8, "D"), ("character_set", 15, "A"), ("cwr_version", 3, "A"),
          ("cwr_revision", 3, "N"), ("software_package", 30, "A"), ("software_version", 30, "A"),
          ("file_name", 27, "A")]
_GRH = [("transaction_type", 3, "L"), ("group_id", 5, "N"), ("version_number", 5, "A"),
        ("batch_request", 10, "N"), ("sd_type", 2, "A")]
_GRT = [("group_id", 5, "N"), ("transaction_count", 8, "N"), ("record_count", 8, "N"),
        ("currency", 3, "A"), ("total_monetary_value", 10, "N")]
_TRL = [("group_count", 5, "N"), ("transaction_count", 8, "N"), ("record_count", 8, "N")]

# --- work transaction headers ---------------------------------------------------------------

_WORK_HEAD = [("title", 60, "A"), ("language", 2, "L"), ("submitter_work_number", 14, "A"),
              ("iswc", 11, "A"), ("copyright_date", 8, "D"), ("copyright_number", 12, "A"),
              ("distribution_category", 3, "L"), ("duration", 6, "T"), ("recorded", 1, "F"),
              ("text_music_relationship", 3, "L"), ("composite_type", 3, "L"),
              ("version_type", 3, "L"), ("excerpt_type", 3, "L"), ("music_arrangement", 3, "L"),
              ("lyric_adaptation", 3, "L")]
_WORK_TAIL = [("grand_rights", 1, "F"), ("composite_component_count", 3, "N"),
              ("printed_edition_date", 8, "D"), ("exceptional_clause", 1, "F"),
              ("opus_number", 25, "A"), ("catalogue_number", 25, "A"), ("priority", 1, "F")]
_WORK_2 = _WORK_HEAD + [("contact_name", 30, "A"), ("contact_id", 10, "A"),
                        ("work_type", 2, "L")] + _WORK_TAIL
_WORK_3 = _WORK_HEAD + _WORK_TAIL

# --- parties ----------------------------------------------------------------------------------

_PUBLISHER_2 = [("publisher_sequence", 2, "N"), ("interested_party", 9, "A"), ("name", 45, "A"),
                ("unknown", 1, "F"), ("publisher_type", 2, "L"), ("tax_id", 9, "A"),
                ("ipi_name", 11, "A"), ("submitter_agreement", 14, "A"),
                ("pr_society", 3, "L"), ("pr_share", 5, "S"), ("mr_society", 3, "L"),
                ("mr_share", 5, "S"), ("sr_society", 3, "L"), ("sr_share", 5, "S"),
                ("special_agreements", 1, "L"), ("first_recording_refusal", 1, "F"),
                ("filler", 1, "A"), ("ipi_base", 13, "A"), ("isac", 14, "A"),
                ("society_agreement", 14, "A"), ("agreement_type", 2, "L"), ("usa_license", 1, "L")]
_PUBLISHER_3 = [("publisher_sequence", 2, "N"), ("interested_party", 9, "A"), ("name", 45, "A"),
                ("unknown", 1, "F"), ("publisher_type", 2, "L"), ("tax_id", 9, "A"),
                ("ipi_name", 11, "A"), ("ipi_base", 13, "A"), ("usa_license", 1, "L")]
_WRITER_2 = [("interested_party", 9, "A"), ("name", 45, "A"), ("first_name", 30, "A"),
             ("unknown", 1, "F"), ("designation", 2, "L"), ("tax_id", 9, "A"),
             ("ipi_name", 11, "A"), ("pr_society", 3, "L"), ("pr_share", 5, "S"),
             ("mr_society", 3, "L"), ("mr_share", 5, "S"), ("sr_society", 3, "L"),
             ("sr_share", 5, "S"), ("reversionary", 1, "F"), ("first_recording_refusal", 1, "F"),
             ("work_for_hire", 1, "F"), ("filler", 1, "A"), ("ipi_base", 13, "A"),
             ("personal_number", 12, "A"), ("usa_license", 1, "L")]
# The 3.0 sample's SWR has no tax id (its IPI name number follows the designation directly).
_WRITER_3 = [("interested_party", 9, "A"), ("name", 45, "A"), ("first_name", 30, "A"),
             ("unknown", 1, "F"), ("designation", 2, "L"), ("ipi_name", 11, "A"),
             ("ipi_base", 13, "A"), ("reversionary", 1, "F"), ("first_recording_refusal", 1, "F"),
             ("work_for_hire", 1, "F"), ("filler", 1, "A")]
_PUBLISHER_TERRITORY_2 = [("interested_party", 9, "A"), ("constant", 6, "A"),
                          ("pr_share", 5, "S"), ("mr_share", 5, "S"), ("sr_share", 5, "S"),
                          ("inclusion", 1, "A"), ("tis", 4, "N"), ("shares_change", 1, "F"),
                          ("sequence", 3, "N")]
_WRITER_TERRITORY_2 = [("interested_party", 9, "A"), ("pr_share", 5, "S"), ("mr_share", 5, "S"),
                       ("sr_share", 5, "S"), ("inclusion", 1, "A"), ("tis", 4, "N"),
                       ("shares_change", 1, "F"), ("sequence", 3, "N")]
_TERRITORY_3 = [("sequence", 3, "N"), ("interested_party", 9, "A"), ("pr_share", 5, "S"),
                ("mr_share", 5, "S"), ("sr_share", 5, "S"), ("inclusion", 1, "A"),
                ("tis", 4, "N"), ("pr_society", 4, "L"), ("mr_society", 4, "L"),
                ("sr_society", 4, "L"), ("reserved", 32, "A"), ("reserved_2", 4, "A")]
_PWR_2 = [("publisher_ip", 9, "A"), ("publisher_name", 45, "A"), ("submitter_agreement", 14, "A"),
          ("society_agreement", 14, "A"), ("writer_ip", 9, "A"),
          ("publisher_sequence", 2, "N", "2.2")]
_PWR_3 = [("publisher_sequence", 2, "N"), ("publisher_ip", 9, "A"), ("writer_ip", 9, "A"),
          ("submitter_agreement", 14, "A"), ("society", 4, "L"), ("society_agreement", 14, "A"),
          ("chain_role", 2, "L")]

# --- work details -------------------------------------------------------------------------------

_ALT = [("title", 60, "A"), ("title_type", 2, "L"), ("language", 2, "L")]
_PER = [("name", 45, "A"), ("first_name", 30, "A"), ("ipi_name", 11, "A"), ("ipi_base", 13, "A")]
_ORIGINAL_WORK_2 = [("title", 60, "A"), ("iswc", 11, "A"), ("language", 2, "L"),
                    ("writer_1_name", 45, "A"), ("writer_1_first_name", 30, "A"),
                    ("source", 60, "A"), ("writer_1_ipi_name", 11, "A"),
                    ("writer_1_ipi_base", 13, "A"), ("writer_2_name", 45, "A"),
                    ("writer_2_first_name", 30, "A"), ("writer_2_ipi_name", 11, "A"),
                    ("writer_2_ipi_base", 13, "A"), ("submitter_work_number", 14, "A")]
_ORIGINAL_WORK_3 = [("title", 60, "A"), ("iswc", 11, "A"), ("submitter_work_number", 14, "A"),
                    ("source", 50, "A"), ("reserved", 8, "A"), ("writer_1_name", 45, "A"),
                    ("writer_1_first_name", 30, "A"), ("writer_1_ipi_name", 11, "A"),
                    ("writer_1_ipi_base", 13, "A"), ("writer_2_name", 45, "A"),
                    ("writer_2_first_name", 30, "A"), ("writer_2_ipi_name", 11, "A"),
                    ("writer_2_ipi_base", 13, "A")]
_REC_2 = [("release_date", 8, "D"), ("constant", 60, "A"), ("duration", 6, "T"),
          ("constant_2", 5, "A"), ("album_title", 60, "A"), ("album_label", 60, "A"),
          ("catalog_number", 18, "A"), ("ean", 13, "A"), ("isrc", 12, "A"),
          ("recording_format", 1, "L"), ("recording_technique", 1, "L"), ("media_type", 3, "L"),
          ("recording_title", 60, "A", "2.2"), ("version_title", 60, "A", "2.2"),
          ("display_artist", 60, "A", "2.2"), ("record_label", 60, "A", "2.2"),
          ("isrc_validity", 20, "A", "2.2"), ("submitter_recording_id", 14, "A", "2.2")]
_REC_3 = [("release_date", 8, "D"), ("duration", 6, "T"), ("isrc", 12, "A"),
          ("recording_title", 60, "A"), ("version_title", 60, "A"), ("display_artist", 60, "A"),
          ("reserved", 11, "A"), ("artist_isni", 16, "A"), ("record_label", 60, "A"),
          ("isrc_validity", 20, "A"), ("submitter_recording_id", 14, "A")]
_ORN_2 = [("intended_purpose", 3, "L"), ("production_title", 60, "A"), ("cd_identifier", 15, "A"),
          ("cut_number", 4, "N"), ("library", 60, "A"), ("bltvr", 1, "A"), ("visan", 25, "A"),
          ("production_number", 12, "A"), ("episode_title", 60, "A"), ("episode_number", 20, "A"),
          ("year_of_production", 4, "N"), ("avi_society", 3, "L"), ("av_number", 15, "A"),
          ("isan", 12, "A", "2.2"), ("isan_episode", 4, "A", "2.2"),
          ("isan_check_1", 1, "A", "2.2"), ("isan_version", 8, "A", "2.2"),
          ("isan_check_2", 1, "A", "2.2"), ("eidr", 20, "A", "2.2"), ("eidr_check", 1, "A", "2.2")]
_ORN_3 = [("intended_purpose", 3, "L"), ("cd_identifier", 15, "A"), ("cut_number", 4, "N"),
          ("library", 60, "A")]
_XRF_2 = [("organisation", 3, "L"), ("identifier", 14, "A"), ("identifier_type", 1, "L"),
          ("validity", 1, "F")]
_XRF_3 = [("organisation", 4, "L"), ("identifier", 14, "A"), ("identifier_type", 1, "L"),
          ("validity", 1, "F")]

# --- acknowledgements and ISWC requests ------------------------------------------------------

_ACK = [("creation_date", 8, "D"), ("creation_time", 6, "T"), ("original_group_id", 5, "N"),
        ("original_transaction_sequence", 8, "N"), ("original_transaction_type", 3, "L"),
        ("title", 60, "A"), ("submitter_ref", 20, "A"), ("society_ref", 20, "A"),
        ("processing_date", 8, "D"), ("status", 2, "L")]
_MSG = [("message_type", 1, "L"), ("original_record_sequence", 8, "N"),
        ("original_record_type", 3, "A"), ("message_level", 1, "L"),
        ("validation_number", 3, "A"), ("text", 150, "A")]
_ISR_3 = [("title", 60, "A"), ("language", 2, "L"), ("submitter_work_number", 14, "A"),
          ("iswc", 11, "A"), ("indicator", 1, "A")]
_WRI_3 = [("interested_party", 9, "A"), ("ipi_name", 11, "A"), ("name", 45, "A"),
          ("first_name", 30, "A"), ("designation", 2, "L")]


def _family(specs: dict[str, list], control: dict[str, list]) -> dict[str, Layout]:
    table = {rt: _layout(rt, spec) for rt, spec in specs.items()}
    table.update({rt: _layout(rt, spec, prefixed=False) for rt, spec in control.items()})
    return table


_COMMON = {"ALT": _ALT, "PER": _PER, "ACK": _ACK, "MSG": _MSG}

LAYOUTS: dict[str, dict[str, Layout]] = {
    "2": _family({**_COMMON, **{rt: _WORK_2 for rt in ("NWR", "REV", "ISW", "EXC")},
                  "SPU": _PUBLISHER_2, "OPU": _PUBLISHER_2,
                  "SPT": _PUBLISHER_TERRITORY_2, "OPT": _PUBLISHER_TERRITORY_2,
                  "SWR": _WRITER_2, "OWR": _WRITER_2,
                  "SWT": _WRITER_TERRITORY_2, "OWT": _WRITER_TERRITORY_2,
                  "PWR": _PWR_2, "VER": _ORIGINAL_WORK_2, "REC": _REC_2, "ORN": _ORN_2,
                  "XRF": _XRF_2},
                 {"HDR": _HDR_2, "GRH": _GRH, "GRT": _GRT, "TRL": _TRL}),
    "3": _family({**_COMMON, "WRK": _WORK_3, "ISR": _ISR_3, "WRI": _WRI_3,
                  "SPU": _PUBLISHER_3, "OPU": _PUBLISHER_3,
                  **{rt: _TERRITORY_3 for rt in ("SPT", "OPT", "SWT", "OWT")},
                  "SWR": _WRITER_3, "OWR": _WRITER_3, "PWR": _PWR_3,
                  "OWK": _ORIGINAL_WORK_3, "REC": _REC_3, "ORN": _ORN_3, "XRF": _XRF_3},
                 {"HDR": _HDR_3, "GRH": _GRH[:4], "GRT": _GRT[:3], "TRL": _TRL}),
}

# name -> (start, end) per family and record type: what the parser slices with.
POSITIONS: dict[str, dict[str, dict[str, tuple[int, int]]]] = {
    family: {rt: {f.name: (f.start, f.end) for f in layout.fields} for rt, layout in table.items()}
    for family, table in LAYOUTS.items()}

# Transaction headers per family (a new one closes the transaction before it).
TRANSACTION_TYPES = {"2": frozenset({"NWR", "REV", "ISW", "EXC", "ACK", "AGR"}),
                     "3": frozenset({"WRK", "ISR", "ACK", "AGR"})}
WORK_TRANSACTIONS = frozenset({"NWR", "REV", "ISW", "EXC", "WRK", "ISR"})

# Record types the spec defines that carry nothing a repertoire import uses: agreements (AGR,
# TER, IPA — our agreements live in the graph, not in partner files), non-Roman-alphabet
# variants (N**), entire-work / component titles of composites (EWT, COM), instrumentation
# (INS, IND) and additional related information (ARI). They are read past without an issue.
SKIPPED_TYPES = frozenset({"AGR", "TER", "IPA", "NPA", "NPN", "NWN", "NAT", "NET", "NCT", "NVT",
                           "NOW", "NPR", "EWT", "COM", "INS", "IND", "ARI"})


def family_of(version: str) -> str:
    """The layout family of a CWR version string (``"2.1"``, ``"2.2"``, ``"3.0"``, ``"3.1"``)."""
    return "3" if version.startswith("3") else "2"
