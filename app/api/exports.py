"""Partner reports of a closed royalty cycle (issue 7 item 5): generate, describe, download."""
from __future__ import annotations

from flask import send_file
from flask_jwt_extended import get_jwt_identity
from flask_smorest import Blueprint, abort

from app.api.entity_errors import entity_errors
from app.api.export_schemas import ExportArgs, ExportOut
from app.auth import BEARER, STAFF_READ, roles_required
from app.services import reciprocal_exports

blp = Blueprint("exports", __name__, url_prefix="/api", description="Partner reports (exports)")

EXPORT_WRITE = ("admin", "finance")


@blp.route("/royalties/cycles/<cycle_id>/partners/<partner_id>/export", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(ExportArgs, location="query")
@blp.response(201, ExportOut)
@roles_required(*EXPORT_WRITE)
def create(args, cycle_id, partner_id):
    """Write a report of a closed cycle for a partner (participantId or society code) into the
    export directory and record it with its sha256 (audited). A partner without line items gets
    an empty but valid report. 404 unknown cycle or partner; 409 the cycle is still Open; 422
    names ``format`` when it is not csv, cwr or ddex-dsr."""
    with entity_errors():
        return reciprocal_exports.export(cycle_id, partner_id, args["format"], get_jwt_identity())


@blp.route("/exports/<export_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.response(200, ExportOut)
@roles_required(*STAFF_READ)
def get(export_id):
    """One export: format, file name, sha256, rows, when and by whom it was generated."""
    with entity_errors():
        return reciprocal_exports.get_export(export_id)


@blp.route("/exports/<export_id>/file", methods=["GET"])
@blp.doc(security=BEARER)
@blp.response(200, description="the report file; its sha256 in X-Content-SHA256")
@roles_required(*STAFF_READ)
def download(export_id):
    """Download the report file as stored (attachment, its format's mimetype); the header
    ``X-Content-SHA256`` carries the sha256 recorded when it was generated. 404 unknown export
    or a file no longer in the export directory."""
    try:
        with entity_errors():
            path, export = reciprocal_exports.export_path(export_id)
    except FileNotFoundError as exc:
        abort(404, message=str(exc))
    response = send_file(path, mimetype=export["mimetype"], as_attachment=True, download_name=export["filename"])
    response.headers["X-Content-SHA256"] = export["sha256"]
    return response
