"""Split validation on demand and the data-quality issues it (and other checks) record."""
from __future__ import annotations

from flask_jwt_extended import get_jwt_identity
from flask_smorest import Blueprint, abort

from app.api.validation_schemas import IssueListArgs, IssueOut, ValidateIn, ValidationSummaryOut
from app.auth import BEARER, CATALOG_WRITE, STAFF_READ, roles_required
from app.services import jobs, quality, validation

blp = Blueprint("validation", __name__, url_prefix="/api", description="Split validation and data-quality issues")


@blp.route("/rights/validate", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(ValidateIn)
@blp.response(200, ValidationSummaryOut)
@blp.alt_response(202, schema=ValidationSummaryOut, description="queued on a worker (``queued`` true)")
@roles_required(*CATALOG_WRITE)
def validate(body):
    """Validate the splits of one asset (``assetId``) or of the whole graph: every right type,
    country and period sums to 100 % ± 0.06, publishers hold at most 50 % of the performance
    right. Findings become data-quality issues (re-runs refresh them; those no longer found are
    resolved); conflicts between parties open disputes. In-process (200, the summary; the whole
    graph takes minutes for 100k+ assets, see bench/) or queued on Celery when a broker is
    configured (202). 404 for an unknown asset."""
    try:
        summary, queued = jobs.validate_rights(body["assetId"], actor=get_jwt_identity())
    except validation.AssetNotFound:
        abort(404, message=f"no work or recording {body['assetId']}")
    return ({"queued": True}, 202) if queued else ({**summary, "queued": False}, 200)


@blp.route("/quality/issues", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(IssueListArgs, location="query")
@blp.response(200, IssueOut(many=True))
@roles_required(*STAFF_READ)
def issues(args):
    """A page of data-quality issues ordered by id, filtered by ``kind``, ``status`` (open |
    resolved) and ``entityId``; ``X-Total-Count`` gives the total."""
    rows, total = quality.list_issues(args["skip"], args["pageSize"], kind=args["kind"],
                                      status=args["status"], entity_id=args["entityId"])
    return rows, 200, {"X-Total-Count": str(total)}
