"""Schemas of the catalog API: works, recordings, releases.

Request bodies reuse the catalog record schemas of ``importers.catalog`` (ISWC check digit,
ISRC format, UPC/EAN-13 check digit, territory codes: one validation for files and for the
API alike), with graph ids in place of file-local refs.
"""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates

from app.api.schema_tools import IdentifierArg, patch_schema
from app.api.schemas import AsOfArgs, PageArgs
from importers.catalog import PerformerRecord, RecordingRecord, ReleaseRecord, WorkRecord

Percent = fields.Decimal  # a share in percent, written as an exact JSON number by app.json


def _listed_twice(values: list, what: str) -> list[str]:
    """The message for values listed more than once, if any (None: an item that failed its own
    validation, reported there)."""
    duplicates = sorted({str(v) for v in values if v is not None and values.count(v) > 1})
    return [f"{what} listed more than once: {', '.join(duplicates)}"] if duplicates else []


# -- works ---------------------------------------------------------------------------------

class WorkIn(WorkRecord):
    """POST /api/works body: ``{title, iswc?, alternateTitles?}``."""

    class Meta:
        exclude = ("ref",)


WorkPatch = patch_schema(WorkIn, "WorkPatch")


class ShareSliceOut(Schema):
    rightType = fields.String()
    share = Percent(metadata={"description": "percent"})
    territories = fields.List(fields.String())
    excluded = fields.List(fields.String())
    validFrom = fields.Date()
    validTo = fields.Date(allow_none=True)
    agreementId = fields.String(allow_none=True)


class ShareholderOut(Schema):
    participantId = fields.String()
    name = fields.String()
    ipi = fields.String(allow_none=True)
    shares = fields.List(fields.Nested(ShareSliceOut))


class WorkOut(Schema):
    workId = fields.String()
    title = fields.String()
    iswc = fields.String(allow_none=True)
    alternateTitles = fields.List(fields.String())
    recordingIds = fields.List(fields.String())
    asOf = fields.Date(metadata={"description": "the date writers and publishers are read at"})
    writers = fields.List(fields.Nested(ShareholderOut), metadata={
        "description": "holders of performance/mechanical OWNS slices with role writer valid at asOf"})
    publishers = fields.List(fields.Nested(ShareholderOut), metadata={
        "description": "holders of performance/mechanical OWNS slices with role publisher valid at asOf"})


class WorkListArgs(PageArgs, AsOfArgs):
    title = fields.String(load_default=None, metadata={"description": "part of the title or an alternate title, any case"})
    iswc = IdentifierArg("ISWC", load_default=None)


# -- recordings ----------------------------------------------------------------------------

class PerformerIn(PerformerRecord):
    """A performer: ``role`` primary | featured | non_featured (default primary)."""

    participantId = fields.String(required=True)

    class Meta:
        exclude = ("participantRef",)


class RecordingIn(RecordingRecord):
    """POST /api/recordings body: a catalog recording with graph ids in place of refs."""

    workId = fields.String(load_default=None, allow_none=True)
    performers = fields.List(fields.Nested(PerformerIn), load_default=list)

    class Meta:
        exclude = ("ref", "workRef")

    @validates("performers")
    def _one_role_each(self, value, **_):
        if problems := _listed_twice([p.get("participantId") for p in value], "participant"):
            raise ValidationError(problems)


RecordingPatch = patch_schema(RecordingIn, "RecordingPatch")


class PerformerOut(Schema):
    participantId = fields.String()
    name = fields.String()
    role = fields.String()


class RecordingReleaseOut(Schema):
    releaseId = fields.String()
    title = fields.String()
    upc = fields.String(allow_none=True)
    trackNumber = fields.Integer(allow_none=True)


class OwnerOut(ShareSliceOut):
    participantId = fields.String()
    name = fields.String()

    class Meta:
        exclude = ("rightType",)


class RecordingOut(Schema):
    recordingId = fields.String()
    title = fields.String()
    isrc = fields.String(allow_none=True)
    version = fields.String(allow_none=True)
    durationSeconds = fields.Integer(allow_none=True)
    workId = fields.String(allow_none=True)
    performers = fields.List(fields.Nested(PerformerOut))
    releases = fields.List(fields.Nested(RecordingReleaseOut))
    asOf = fields.Date(metadata={"description": "the date the sound-recording owners are read at"})
    soundRecordingOwners = fields.List(fields.Nested(OwnerOut), metadata={
        "description": "holders of master OWNS slices valid at asOf"})


class RecordingListArgs(PageArgs, AsOfArgs):
    isrc = IdentifierArg("ISRC", load_default=None)
    title = fields.String(load_default=None, metadata={"description": "part of the title, any case"})
    workId = fields.String(load_default=None)
    participantId = fields.String(load_default=None, metadata={
        "description": "recordings the participant performs on or holds an ownership slice of"})


# -- releases ------------------------------------------------------------------------------

class TrackIn(Schema):
    recordingId = fields.String(required=True)
    trackNumber = fields.Integer(required=True, validate=validate.Range(min=1))


class ReleaseIn(ReleaseRecord):
    """POST /api/releases body: ``{title, upc?, releaseDate?, territories?, tracks?}``; tracks
    by recordingId, each recording and each track number once."""

    tracks = fields.List(fields.Nested(TrackIn), load_default=list)

    class Meta:
        exclude = ("ref",)

    @validates("tracks")
    def _unique_tracks(self, value, **_):
        problems = (_listed_twice([t.get("recordingId") for t in value], "recording")
                    + _listed_twice([t.get("trackNumber") for t in value], "track number"))
        if problems:
            raise ValidationError(problems)


ReleasePatch = patch_schema(ReleaseIn, "ReleasePatch")


class TrackOut(Schema):
    trackNumber = fields.Integer()
    recordingId = fields.String()
    title = fields.String()
    isrc = fields.String(allow_none=True)


class ReleaseOut(Schema):
    releaseId = fields.String()
    title = fields.String()
    upc = fields.String(allow_none=True)
    releaseDate = fields.Date(allow_none=True)
    territories = fields.List(fields.String())
    tracks = fields.List(fields.Nested(TrackOut))


class ReleaseListArgs(PageArgs):
    upc = IdentifierArg("UPC", load_default=None)
    title = fields.String(load_default=None, metadata={"description": "part of the title, any case"})
    recordingId = fields.String(load_default=None, metadata={"description": "releases containing this recording"})
