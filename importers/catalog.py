"""Parser for the Rightsgraph catalog file (format ``rightsgraph-catalog/1``, docs/catalog-format.md).

A catalog file is one JSON document listing participants, works, recordings, releases and
ownership splits; records point at each other with file-local ``ref`` strings. Parsing is
pure: a file in, a :class:`Catalog` of validated records and :class:`~importers.records.ParseIssue`
out. JSON has no useful line per record, so an issue's ``field`` is the record path
(``ownership[3].share``) and ``line`` the line of the document where the record starts when
known, else 0.
"""
from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from decimal import Decimal

from marshmallow import Schema, ValidationError, fields, post_load, validate, validates, validates_schema

from importers.identifiers import IdentifierError
from importers.identifiers import validate as validate_identifier
from importers.records import ParseIssue
from importers.territory_codes import COUNTRY_CODES, SCOPE_CODES

FORMAT = "rightsgraph-catalog/1"
RIGHT_TYPES = ("master", "neighbouring", "performance", "mechanical", "sync")
# A work (composition) carries publishing rights; a recording carries master-side rights.
WORK_RIGHTS = ("performance", "mechanical", "sync")
RECORDING_RIGHTS = ("master", "neighbouring", "sync")
KINDS = ("artist", "writer", "producer", "label", "publisher", "admin")
PERFORMER_ROLES = ("primary", "featured", "non_featured")
PAYOUT_TYPES = ("bank_transfer", "paypal", "mobile_money")
TERRITORY_CODES = SCOPE_CODES  # WORLD, CISAC TIS groups (TIS-A, e.g. 2EN) and ISO 3166-1 alpha-2 (importers.territory_codes)
TERRITORY_CODE = validate.OneOf(sorted(TERRITORY_CODES), error="unknown territory {input!r}: use WORLD, a CISAC TIS group code (e.g. 2EN) or an ISO 3166-1 alpha-2 code")
HUNDRED = Decimal(100)


class CatalogFormatError(ValueError):
    """The file is not a readable ``rightsgraph-catalog/1`` JSON document (bad JSON, wrong
    ``format``). ``line`` is the 1-based line of the JSON error when known."""

    def __init__(self, message: str, line: int = 0):
        super().__init__(message)
        self.line = line


def mask_account_label(label: str) -> str:
    """Mask every run of 5+ digits to its last 4 (``"GCB 0012345678"`` → ``"GCB ••••5678"``):
    payout labels are shown to users and must never carry a full account number."""
    return re.sub(r"\d{5,}", lambda m: "••••" + m.group(0)[-4:], label)


class _Identifier(Schema):
    scheme = fields.String(required=True, validate=validate.Length(min=2, max=32))
    value = fields.String(required=True, validate=validate.Length(min=1, max=64))

    @post_load
    def _normalize(self, data, **_):
        data["scheme"] = data["scheme"].upper()
        data["value"] = _normalized(data["scheme"], data["value"], "value")
        return data


class _PayoutMethod(Schema):
    type = fields.String(required=True, validate=validate.OneOf(PAYOUT_TYPES))
    label = fields.String(required=True, validate=validate.Length(min=1, max=80))


class ParticipantRecord(Schema):
    """A participant: ``kinds`` ⊆ artist|writer|producer|label|publisher|admin, ``country`` ISO alpha-2."""

    ref = fields.String(required=True, validate=validate.Length(min=1, max=100))
    kinds = fields.List(fields.String(validate=validate.OneOf(KINDS)), required=True, validate=validate.Length(min=1))
    name = fields.String(required=True, validate=validate.Length(min=1, max=300))
    legalName = fields.String(load_default=None, allow_none=True)
    country = fields.String(load_default=None, allow_none=True, validate=validate.OneOf(
        sorted(COUNTRY_CODES), error="unknown country {input!r}: use an ISO 3166-1 alpha-2 code"))
    email = fields.Email(load_default=None, allow_none=True)
    identifiers = fields.List(fields.Nested(_Identifier), load_default=list)
    payoutMethod = fields.Nested(_PayoutMethod, load_default=None, allow_none=True)


class WorkRecord(Schema):
    """A musical work; ``iswc`` is validated (check digit) and normalized to T-DDD.DDD.DDD-C."""

    ref = fields.String(required=True, validate=validate.Length(min=1, max=100))
    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    iswc = fields.String(load_default=None, allow_none=True)
    alternateTitles = fields.List(fields.String(), load_default=list)

    @post_load
    def _normalize(self, data, **_):
        if data.get("iswc") is not None:  # absent in a PATCH body
            data["iswc"] = _normalized("ISWC", data["iswc"], "iswc")
        return data


class PerformerRecord(Schema):
    """A performer of a recording: ``role`` primary | featured | non_featured."""

    participantRef = fields.String(required=True)
    role = fields.String(load_default="primary", validate=validate.OneOf(PERFORMER_ROLES))


class RecordingRecord(Schema):
    """A sound recording; ``isrc`` validated (ISO 3901 format); ``workRef`` optional."""

    ref = fields.String(required=True, validate=validate.Length(min=1, max=100))
    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    isrc = fields.String(load_default=None, allow_none=True)
    version = fields.String(load_default=None, allow_none=True)
    durationSeconds = fields.Integer(load_default=None, allow_none=True, validate=validate.Range(min=0))
    workRef = fields.String(load_default=None, allow_none=True)
    performers = fields.List(fields.Nested(PerformerRecord), load_default=list)

    @post_load
    def _normalize(self, data, **_):
        if data.get("isrc") is not None:  # absent in a PATCH body
            data["isrc"] = _normalized("ISRC", data["isrc"], "isrc")
        return data


class _Track(Schema):
    recordingRef = fields.String(required=True)
    trackNumber = fields.Integer(required=True, validate=validate.Range(min=1))


class ReleaseRecord(Schema):
    """A release (product) with UPC/EAN-13 (GS1 check digit) and its tracks."""

    ref = fields.String(required=True, validate=validate.Length(min=1, max=100))
    title = fields.String(required=True, validate=validate.Length(min=1, max=300))
    upc = fields.String(load_default=None, allow_none=True)
    releaseDate = fields.Date(load_default=None, allow_none=True)
    territories = fields.List(fields.String(validate=TERRITORY_CODE), load_default=lambda: ["WORLD"])
    tracks = fields.List(fields.Nested(_Track), load_default=list)

    @post_load
    def _normalize(self, data, **_):
        if data.get("upc") is not None:  # absent in a PATCH body
            data["upc"] = _normalized("UPC", data["upc"], "upc")
        return data


class OwnershipRecord(Schema):
    """One ownership slice: ``share`` percent (0 < share ≤ 100, at most 4 decimals),
    ``territories``/``excluded`` territory codes, ``validFrom`` inclusive, ``validTo`` exclusive."""

    participantRef = fields.String(required=True)
    assetRef = fields.String(required=True)
    rightType = fields.String(required=True, validate=validate.OneOf(RIGHT_TYPES))
    role = fields.String(load_default="owner")
    share = fields.Decimal(required=True, places=None)
    territories = fields.List(fields.String(validate=TERRITORY_CODE),
                              load_default=lambda: ["WORLD"], validate=validate.Length(min=1))
    excluded = fields.List(fields.String(validate=TERRITORY_CODE), load_default=list)
    validFrom = fields.Date(required=True)
    validTo = fields.Date(load_default=None, allow_none=True)
    agreementId = fields.String(load_default=None, allow_none=True)

    @validates("share")
    def _share(self, value, **_):
        if not (0 < value <= HUNDRED):
            raise ValidationError("share must be > 0 and ≤ 100 (percent)")
        if value != value.quantize(Decimal("0.0001")):
            raise ValidationError("share has more than 4 decimals")

    @validates_schema
    def _dates(self, data, **_):
        if data.get("validTo") is not None and data["validTo"] <= data["validFrom"]:
            raise ValidationError({"validTo": ["validTo must be after validFrom (it is exclusive)"]})


def _normalized(scheme: str, value: str, field_name: str) -> str:
    """The identifier in canonical form, or a ValidationError naming the field and the rule."""
    try:
        return validate_identifier(scheme, value)
    except IdentifierError as exc:
        raise ValidationError({field_name: [f"invalid {scheme}: {exc.rule}"]}) from exc


SECTIONS = {"participants": ParticipantRecord, "works": WorkRecord, "recordings": RecordingRecord,
            "releases": ReleaseRecord, "ownership": OwnershipRecord}


@dataclass
class Catalog:
    """Validated records per section (dicts as loaded by the section schema; identifiers
    normalized) and the issues found. A record with an issue is left out of its section."""

    participants: list[dict] = field(default_factory=list)
    works: list[dict] = field(default_factory=list)
    recordings: list[dict] = field(default_factory=list)
    releases: list[dict] = field(default_factory=list)
    ownership: list[dict] = field(default_factory=list)
    issues: list[ParseIssue] = field(default_factory=list)


def parse_catalog(path: str | os.PathLike) -> Catalog:
    """Read and validate a catalog file.

    Raises CatalogFormatError when the file is not JSON or its ``format`` is not
    ``rightsgraph-catalog/1``. Record-level problems (bad field, dangling ref, duplicate ref
    or identifier) become issues and the record is skipped; dependants of a skipped record
    (an ownership row whose participant was rejected) are reported too.
    """
    with open(path, encoding="utf-8-sig") as fh:
        text = fh.read()
    try:
        doc = json.loads(text)
    except json.JSONDecodeError as exc:
        raise CatalogFormatError(f"not valid JSON: {exc.msg} (line {exc.lineno}, column {exc.colno})", exc.lineno) from exc
    if not isinstance(doc, dict) or doc.get("format") != FORMAT:
        raise CatalogFormatError(f'the document must be a JSON object with "format": "{FORMAT}"')
    unknown = sorted(set(doc) - set(SECTIONS) - {"format"})
    if unknown:
        raise CatalogFormatError(f"unknown top-level keys: {', '.join(unknown)}")
    catalog = Catalog()
    for section, schema in SECTIONS.items():
        rows = doc.get(section, [])
        if not isinstance(rows, list):
            catalog.issues.append(ParseIssue(0, section, "must be a list", None))
            continue
        _load_section(catalog, section, schema(), rows)
    _check_references(catalog)
    return catalog


def _load_section(catalog: Catalog, section: str, schema: Schema, rows: list) -> None:
    accepted: list[dict] = getattr(catalog, section)
    seen_refs: set[str] = set()
    for i, row in enumerate(rows):
        where = f"{section}[{i}]"
        try:
            record = schema.load(row)
        except ValidationError as exc:
            for name, messages in _flatten(exc.messages):
                # raw stays None: a rejected row may hold an unmasked account number
                catalog.issues.append(ParseIssue(0, f"{where}.{name}" if name else where, "; ".join(messages), None))
            continue
        ref = record.get("ref")
        if ref is not None:
            if ref in seen_refs:
                catalog.issues.append(ParseIssue(0, f"{where}.ref", f"duplicate ref {ref!r}", None))
                continue
            seen_refs.add(ref)
        record["_path"] = where
        accepted.append(record)


def _flatten(messages, prefix: str = ""):
    """marshmallow's nested error dicts → (dotted path, [messages]) pairs."""
    if isinstance(messages, list):
        yield prefix, [str(m) for m in messages]
        return
    for key, value in messages.items():
        name = f"{prefix}[{key}]" if isinstance(key, int) else (f"{prefix}.{key}" if prefix else str(key))
        yield from _flatten(value, name)


def _check_references(catalog: Catalog) -> None:
    participants = {p["ref"] for p in catalog.participants}
    works = {w["ref"] for w in catalog.works}
    recordings = {r["ref"] for r in catalog.recordings}

    def keep(records: list[dict], checks) -> list[dict]:
        kept = []
        for rec in records:
            problems = [(name, msg) for name, ok, msg in checks(rec) if not ok]
            for name, msg in problems:
                catalog.issues.append(ParseIssue(0, f"{rec['_path']}.{name}", msg, None))
            if not problems:
                kept.append(rec)
        return kept

    catalog.recordings = keep(catalog.recordings, lambda r: [
        ("workRef", r["workRef"] is None or r["workRef"] in works, f"unknown work ref {r['workRef']!r}"),
        *[(f"performers[{i}].participantRef", p["participantRef"] in participants,
           f"unknown participant ref {p['participantRef']!r}") for i, p in enumerate(r["performers"])]])
    recordings = {r["ref"] for r in catalog.recordings}
    catalog.releases = keep(catalog.releases, lambda r: [
        (f"tracks[{i}].recordingRef", t["recordingRef"] in recordings, f"unknown recording ref {t['recordingRef']!r}")
        for i, t in enumerate(r["tracks"])])
    assets = works | recordings
    ambiguous = works & recordings
    catalog.ownership = keep(catalog.ownership, lambda o: [
        ("assetRef", o["assetRef"] not in ambiguous,
         f"ref {o['assetRef']!r} names both a work and a recording; asset refs must be unique across both"),
        ("participantRef", o["participantRef"] in participants, f"unknown participant ref {o['participantRef']!r}"),
        ("assetRef", o["assetRef"] in assets, f"unknown work or recording ref {o['assetRef']!r}"),
        ("rightType", o["assetRef"] not in works or o["rightType"] in WORK_RIGHTS,
         "a work carries publishing rights (performance, mechanical, sync), not master/neighbouring"),
        ("rightType", o["assetRef"] not in recordings or o["rightType"] in RECORDING_RIGHTS,
         "a recording carries master, neighbouring or sync rights")])
