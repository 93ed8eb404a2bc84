"""Schemas of the partners' repertoire endpoints (issue 7 item 2): the import upload form, the
import (with its log) and the repertoire listing."""
from __future__ import annotations

from flask_smorest.fields import Upload
from marshmallow import Schema, fields, validate

from app.api.schemas import PageArgs
from graph.reciprocal_schema import REPERTOIRE_FORMATS


class RepertoireUploadForm(Schema):
    """The form fields of a repertoire upload (beside the ``file`` part)."""

    format = fields.String(required=True, validate=validate.OneOf(REPERTOIRE_FORMATS),
                           metadata={"description": "csv | cwr | ddex-ern"})
    dryRun = fields.Boolean(load_default=False, metadata={
        "description": "report what would be created/updated; write nothing"})


class RepertoireFile(Schema):
    file = Upload(required=True)


class ImportLogOut(Schema):
    """``created`` / ``updated`` / ``unchanged``: ``{works, recordings, writers, publishers,
    performers}``; lists of at most 1 000 entries each (``omitted`` counts the rest)."""

    works = fields.Integer()
    recordings = fields.Integer()
    writers = fields.Integer()
    publishers = fields.Integer()
    created = fields.Dict(keys=fields.String(), values=fields.Integer())
    updated = fields.Dict(keys=fields.String(), values=fields.Integer())
    unchanged = fields.Dict(keys=fields.String(), values=fields.Integer())
    mandates = fields.Integer(metadata={"description": "COLLECTS edges created for the partner's Active agreements"})
    conflicts = fields.List(fields.Dict(), metadata={
        "description": "[{line, kind (title_mismatch | isrc_other_work | other_partner | share_total | ambiguous | "
                       "iswc_changed), title, iswc|isrc, workId|recordingId, message}]"})
    missingIds = fields.List(fields.Dict(), metadata={"description": "[{line, kind, title, missing (ISWC | ISRC)}]"})
    errors = fields.List(fields.Dict(), metadata={"description": "the parser's issues: [{line, field, message, raw}]"})
    omitted = fields.Dict(keys=fields.String(), values=fields.Integer())


class RepertoireImportSummaryOut(Schema):
    """An import without its log (lists)."""

    importId = fields.String(allow_none=True, metadata={"description": "null on a dry run"})
    partnerCode = fields.String()
    format = fields.String()
    filename = fields.String(allow_none=True)
    sha256 = fields.String()
    status = fields.String(metadata={"description": "queued | running | done | failed | dry-run"})
    done = fields.Integer(metadata={"description": "records imported so far"})
    total = fields.Integer(allow_none=True, metadata={"description": "records in the file (known once started)"})
    error = fields.String(allow_none=True)
    by = fields.String(allow_none=True)
    startedAt = fields.DateTime(allow_none=True)
    finishedAt = fields.DateTime(allow_none=True)
    progressAt = fields.DateTime(allow_none=True, metadata={"description": "last progress"})
    new = fields.Boolean(metadata={"description": "false when the same file was imported for the partner before"})
    queued = fields.Boolean(metadata={"description": "true when a Celery worker imports it (202)"})


class RepertoireImportOut(RepertoireImportSummaryOut):
    """An import with its log (null while queued)."""

    log = fields.Nested(ImportLogOut, allow_none=True)


class RepertoireArgs(PageArgs):
    kind = fields.String(load_default="work", validate=validate.OneOf(("work", "recording")))
    q = fields.String(load_default=None, metadata={"description": "title contains (case-insensitive), or an ISWC/ISRC"})


class ClaimOut(Schema):
    participantId = fields.String()
    name = fields.String()
    role = fields.String(allow_none=True)
    prShare = fields.Integer(metadata={"description": "millionths of 100 %"})
    mrShare = fields.Integer()
    srShare = fields.Integer()


class RepertoireItemOut(Schema):
    id = fields.String()
    kind = fields.String()
    title = fields.String(allow_none=True)
    iswc = fields.String(allow_none=True)
    isrc = fields.String(allow_none=True)
    since = fields.DateTime(allow_none=True)
    updatedAt = fields.DateTime(allow_none=True)
    importId = fields.String(allow_none=True)
    lastImportId = fields.String(allow_none=True)
    claims = fields.List(fields.Nested(ClaimOut))
    workIds = fields.List(fields.String())
