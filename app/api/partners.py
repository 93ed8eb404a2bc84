"""Partner societies and their reciprocal agreements (issue 7 item 1).

Creating or changing partners and agreements (and an agreement's status, which writes its
mandates) is a contract matter: admin only. Every staff role reads them; participant and
station tokens get 403. A partner in a URL is its participantId or its society code.
"""
from __future__ import annotations

from contextlib import contextmanager

from flask_jwt_extended import get_jwt_identity
from flask_smorest import Blueprint, abort

from app.api.entity_errors import entity_errors
from app.api.partner_schemas import (PartnerIn, PartnerListArgs, PartnerOut, PartnerPatch, ReciprocalAgreementIn,
                                     ReciprocalAgreementListArgs, ReciprocalAgreementOut, ReciprocalAgreementStatusIn)
from app.auth import BEARER, STAFF_READ, roles_required
from app.services import partners
from app.services import reciprocal_agreements as agreements

blp = Blueprint("partners", __name__, url_prefix="/api", description="Partner societies and reciprocal agreements")

CONTRACTS = ("admin",)


@contextmanager
def _errors():
    """entity_errors (404 / 422) plus the 409s: a partner created twice, a status change the
    agreement does not allow or an overlapping Active agreement (``errors.existingId``)."""
    with entity_errors():
        try:
            yield
        except partners.PartnerExists as exc:
            abort(409, message=str(exc), errors={"existingId": exc.participant_id})
        except agreements.StatusConflict as exc:
            abort(409, message=str(exc), **({"errors": {"existingId": exc.other}} if exc.other else {}))


@blp.route("/partners", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(PartnerIn)
@blp.response(201, PartnerOut)
@roles_required(*CONTRACTS)
def create_partner(body):
    """Make a society a partner (a seeded society is reused; an unknown code becomes a PRO);
    audited. 409 when it already is one (``errors.existingId``)."""
    with _errors():
        return partners.create_partner(body, get_jwt_identity())


@blp.route("/partners", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(PartnerListArgs, location="query")
@blp.response(200, PartnerOut(many=True))
@roles_required(*STAFF_READ)
def list_partners(args):
    """A page of partners by participantId (``active`` filters); ``X-Total-Count`` the total."""
    rows, total = partners.list_partners(args["skip"], args["pageSize"], active=args["active"])
    return rows, 200, {"X-Total-Count": str(total)}


@blp.route("/partners/<ref>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.response(200, PartnerOut)
@roles_required(*STAFF_READ)
def get_partner(ref):
    """One partner, by participantId or society code."""
    with _errors():
        return partners.get_partner(ref)


@blp.route("/partners/<ref>", methods=["PATCH"])
@blp.doc(security=BEARER)
@blp.arguments(PartnerPatch(partial=True))
@blp.response(200, PartnerOut)
@roles_required(*CONTRACTS)
def update_partner(body, ref):
    """Change a partner's fields (not its code); audited before → after. A new default admin
    fee reaches the mandates of its agreements without an override."""
    with _errors():
        return partners.update_partner(ref, body, get_jwt_identity())


@blp.route("/partners/<ref>/agreements", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(ReciprocalAgreementIn)
@blp.response(201, ReciprocalAgreementOut)
@roles_required(*CONTRACTS)
def create_agreement(body, ref):
    """A reciprocal agreement with the partner, Draft (default) or Active (its mandates are
    written at once); audited. 404 unknown partner, 422 every bad field, 409 an overlapping
    Active agreement."""
    with _errors():
        return agreements.create_agreement({**body, "partner": ref}, get_jwt_identity())


@blp.route("/partners/<ref>/agreements", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(ReciprocalAgreementListArgs, location="query")
@blp.response(200, ReciprocalAgreementOut(many=True))
@roles_required(*STAFF_READ)
def list_agreements(args, ref):
    """A page of the partner's agreements by id; ``X-Total-Count`` the total."""
    with _errors():
        rows, total = agreements.list_agreements(args["skip"], args["pageSize"], partner_ref=ref, status=args["status"])
    return rows, 200, {"X-Total-Count": str(total)}


@blp.route("/reciprocal-agreements/<agreement_id>", methods=["GET"])
@blp.doc(security=BEARER)
@blp.response(200, ReciprocalAgreementOut)
@roles_required(*STAFF_READ)
def get_agreement(agreement_id):
    """One agreement with its mandates counted by status."""
    with _errors():
        return agreements.get_agreement(agreement_id)


@blp.route("/reciprocal-agreements/<agreement_id>/status", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(ReciprocalAgreementStatusIn)
@blp.response(200, ReciprocalAgreementOut)
@roles_required(*CONTRACTS)
def set_status(body, agreement_id):
    """Draft → Active → Suspended → Active; any → Terminated (``on``, default today; terminal).
    The mandates follow in the same transaction (written, suspended, ended); audited. 409 for
    any other change or an overlapping Active agreement (``errors.existingId``)."""
    with _errors():
        return agreements.set_status(agreement_id, body["status"], get_jwt_identity(), on=body["on"])
