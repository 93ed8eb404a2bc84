"""The use cases' errors on the command line."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click


@contextmanager
def use_case_errors(*more: type[Exception]) -> Iterator[None]:
    """Turn an UnknownEntity, InvalidInput or StateConflict (or one of ``more``) raised inside
    into a ClickException (exit 1) with its message (an InvalidInput's names every problem)."""
    from app.services.catalog import UnknownEntity  # lazily, as every command: `--help` stays quick
    from app.services.entities import InvalidInput, StateConflict
    try:
        yield
    except (UnknownEntity, InvalidInput, StateConflict, *more) as exc:
        raise click.ClickException(str(exc)) from exc
