"""Agreements: record, amend, terminate, read and list."""
from __future__ import annotations

from flask_jwt_extended import get_jwt, get_jwt_identity
from flask_smorest import Blueprint, abort

from app.api.agreement_schemas import AgreementIn, AgreementListArgs, AgreementOut, AmendmentIn, TerminationIn
from app.api.entity_errors import entity_errors
from app.auth import BEARER, CATALOG_WRITE, STAFF_READ, require_participant_access, roles_required
from app.services import agreements

blp = Blueprint("agreements", __name__, url_prefix="/api/agreements", description="Agreements")


@blp.route("", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(AgreementIn)
@blp.response(201, AgreementOut)
@roles_required(*CATALOG_WRITE)
def create(body):
    """Record an agreement and create its OWNS slices (the shares it grants, as whole splits
    of those rights on the assets in scope, superseding earlier slices from its start) and
    COLLECTS edges (administrator / sub-publisher / society), each carrying its agreementId,
    in one transaction. 422 lists every problem; nothing is written."""
    with entity_errors():
        return agreements.record_agreement(body, get_jwt_identity())


@blp.route("", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(AgreementListArgs, location="query")
@blp.response(200, AgreementOut(many=True))
@roles_required(*STAFF_READ, "participant")
def list_(args):
    """A page of agreements ordered by id (without their edges), filtered by party
    (``participantId``) and ``type``; ``X-Total-Count`` gives the total. A participant token
    lists only its own agreements."""
    participant_id = args["participantId"]
    if get_jwt().get("role") == "participant":
        participant_id = participant_id or get_jwt().get("participantId")
        require_participant_access(participant_id)
    rows, total = agreements.list_agreements(args["skip"], args["pageSize"],
                                             participant_id, args["type"])
    return rows, 200, {"X-Total-Count": str(total)}


@blp.route("/<agreement_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.response(200, AgreementOut)
@roles_required(*STAFF_READ, "participant")
def get(agreement_id):
    """One agreement with its parties, covered assets, the edges it created (current and
    superseded) and its amendment history; a participant token only one it is a party to."""
    with entity_errors():
        agreement = agreements.get_agreement(agreement_id)
    claims = get_jwt()
    if claims.get("role") == "participant" and claims.get("participantId") not in {
            p["participantId"] for p in agreement["parties"]}:
        abort(403, message="a participant token may only read agreements it is a party to")
    return agreement


@blp.route("/<agreement_id>/amendments", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(AmendmentIn)
@blp.response(201, AgreementOut)
@roles_required(*CATALOG_WRITE)
def amend(body, agreement_id):
    """Amend an agreement from ``effectiveFrom``: its edges end on that date (status
    superseded, never deleted) and the amended terms, parties and scope apply from it. 422
    lists every problem, 409 when it is terminated."""
    with entity_errors():
        return agreements.amend_agreement(agreement_id, body, get_jwt_identity())


@blp.route("/<agreement_id>/termination", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(TerminationIn)
@blp.response(200, AgreementOut)
@roles_required(*CATALOG_WRITE)
def terminate(body, agreement_id):
    """Terminate an agreement on ``terminatedOn``: its edges end that day (validTo). 409 when
    already terminated."""
    with entity_errors():
        return agreements.terminate_agreement(agreement_id, body["terminatedOn"], body["reason"],
                                              get_jwt_identity())
