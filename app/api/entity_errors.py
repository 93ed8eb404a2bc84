"""HTTP errors of the use cases that share the catalog's errors (participants, works, recordings,
releases, and the statements, cycles, agreements… whose lookups and state conflicts use them)."""
from __future__ import annotations

from contextlib import contextmanager

from flask_smorest import abort

from app.services.catalog import DuplicateIdentifier, UnknownEntity
from app.services.entities import InvalidInput, StateConflict, TransitionNotAllowed


@contextmanager
def entity_errors():
    """Turn the use cases' errors into JSON errors: UnknownEntity (the entity the URL names)
    → 404; InvalidInput → 422 with every problem under ``errors.json``; DuplicateIdentifier
    → 409 with ``errors.existingId``, the entity already holding the identifier;
    TransitionNotAllowed → 409 with ``errors.status`` and ``errors.allowedTransitions``; another
    StateConflict → 409 with its message."""
    try:
        yield
    except UnknownEntity as exc:
        abort(404, message=str(exc))
    except InvalidInput as exc:
        abort(422, message=str(exc), errors={"json": exc.errors})
    except DuplicateIdentifier as exc:
        abort(409, message=str(exc), errors={"existingId": exc.entity_id})
    except TransitionNotAllowed as exc:
        abort(409, message=str(exc), errors={"status": exc.current, "allowedTransitions": list(exc.allowed)})
    except StateConflict as exc:
        abort(409, message=str(exc))
