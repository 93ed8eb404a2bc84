"""Marshmallow schemas of the partner-report (exports) API."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from graph.reciprocal_schema import EXPORT_FORMATS


class ExportArgs(Schema):
    """POST /api/royalties/cycles/{id}/partners/{pid}/export?format=…"""

    format = fields.String(required=True, validate=validate.OneOf(EXPORT_FORMATS),
                           metadata={"description": "csv (one row per play) | cwr (ownership snapshot, CWR 2.1) | "
                                                    "ddex-dsr (DDEX DSRF Radio Broadcast Profile 1.0)"})


class ExportOut(Schema):
    exportId = fields.String()
    cycleId = fields.String()
    partnerCode = fields.String()
    format = fields.String()
    filename = fields.String()
    sha256 = fields.String()
    rows = fields.Integer(allow_none=True, metadata={"description": "plays (csv), works (cwr), line items (ddex-dsr)"})
    generatedAt = fields.DateTime()
    generatedBy = fields.String(allow_none=True)
    mimetype = fields.String()
    downloadUrl = fields.String()
