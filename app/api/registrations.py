"""Registrations of works with PROs / MROs and of recordings with SoundExchange."""
from __future__ import annotations

import datetime as dt

from flask_jwt_extended import get_jwt_identity
from flask_smorest import Blueprint, abort

from app.api.entity_errors import entity_errors
from app.api.registration_schemas import (
    ProRegistrationIn,
    RegistrationOut,
    RegistrationStatusArgs,
    RegistrationStatusOut,
    SoundExchangeRegistrationIn,
)
from app.auth import BEARER, CATALOG_WRITE, STAFF_READ, require_participant_access, roles_required
from app.services import registrations
from app.services.entities import InvalidInput

blp = Blueprint("registrations", __name__, url_prefix="/api/registrations", description="Registrations")


def _moved(call):
    """Run a registration move: 201 when the registration was created, 200 otherwise; 422
    naming every offending field; 404 when SoundExchange is not in the graph."""
    try:
        result = call()
    except InvalidInput as exc:
        abort(422, message=str(exc), errors={"json": exc.errors})
    except registrations.SocietyNotFound as exc:
        abort(404, message=f"{exc}: seed the societies (rightsgraph db init)")
    return result, 201 if result["created"] else 200


@blp.route("/pro", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(ProRegistrationIn)
@blp.response(200, RegistrationOut)
@blp.alt_response(201, schema=RegistrationOut, description="the registration was created")
@roles_required(*CATALOG_WRITE)
def pro(body):
    """Create or move a work's registration with a PRO / MRO / CMO (audited). Transitions:
    not_registered → pending → registered | rejected, rejected → pending; re-posting the current
    status is a no-op (``changed`` false). 422 on ``workId`` / ``societyCode`` / ``status``."""
    return _moved(lambda: registrations.register_work(body["workId"], body["societyCode"], body["status"],
                                                      body["reference"], get_jwt_identity()))


@blp.route("/soundexchange", methods=["POST"])
@blp.doc(security=BEARER)
@blp.arguments(SoundExchangeRegistrationIn)
@blp.response(200, RegistrationOut)
@blp.alt_response(201, schema=RegistrationOut, description="the registration was created")
@roles_required(*CATALOG_WRITE)
def soundexchange(body):
    """Create or move a recording's registration with SoundExchange (society ``SX``), with the
    same transitions as ``/pro``. 422 on ``recordingId`` / ``status``."""
    return _moved(lambda: registrations.register_recording(body["recordingId"], body["status"], body["reference"],
                                                           get_jwt_identity()))


@blp.route("/status", methods=["GET"])
@blp.doc(security=BEARER)
@blp.arguments(RegistrationStatusArgs, location="query")
@blp.response(200, RegistrationStatusOut)
@roles_required(*STAFF_READ, "participant")
def status(args):
    """For each of the participant's works and recordings and each society it should be
    registered with, the status ``not_registered`` | ``pending`` | ``registered``. Works: the
    works societies the participant is a member of, else its country's PRO(s); recordings:
    SoundExchange. A participant token reads only itself; 404 for an unknown participant."""
    require_participant_access(args["participantId"])
    with entity_errors():
        return registrations.participant_status(args["participantId"], args["asOf"] or dt.date.today())
