"""API users: creation and password checks (hashes by werkzeug, never the password itself)."""
from __future__ import annotations

from werkzeug.security import check_password_hash, generate_password_hash

from app.services import audit
from app.services.db import read, run, write
from graph.schema import ROLES


class InvalidUser(ValueError):
    """Bad role, short password, or a participant role without a participant id."""


def create_user(username: str, password: str, role: str, participant_id: str | None = None,
                actor: str = "cli") -> dict:
    """Create or replace a user ``{username, role, participantId}``. Raises InvalidUser."""
    if role not in ROLES:
        raise InvalidUser(f"role must be one of {', '.join(ROLES)}")
    if len(password) < 8:
        raise InvalidUser("password must have at least 8 characters")
    if (role == "participant") != (participant_id is not None):
        raise InvalidUser("a participant user needs a participantId, and only a participant user has one")

    def work(tx):
        user = run(tx, "common/upsert_user", username=username, passwordHash=generate_password_hash(password),
                   role=role, participantId=participant_id)[0]
        audit.record(tx, actor, "user.upsert", username, after=user)
        return user

    return write(work)


def authenticate(username: str, password: str) -> dict | None:
    """The user ``{username, role, participantId}`` when the password matches, else None."""
    rows = read(lambda tx: run(tx, "common/get_user", username=username))
    if not rows or not check_password_hash(rows[0]["passwordHash"], password):
        return None
    user = rows[0]
    return {"username": user["username"], "role": user["role"], "participantId": user["participantId"]}
