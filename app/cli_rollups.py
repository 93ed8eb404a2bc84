"""The ``rightsgraph money`` command group: maintenance of the income rollups (click + rich)."""
from __future__ import annotations

import click
from rich.console import Console

console = Console(soft_wrap=True)


@click.group()
def money() -> None:
    """The income rollups the Money Hub reads."""


@money.command("rebuild-rollups")
def rebuild_rollups() -> None:
    """Set the recording income rollups (what the hub's top tracks read) of every participant
    from its track rollups. Idempotent. `rightsgraph db init` builds them for participants that
    have none; run this when statements were processed by the new code before `db init` ran
    (those participants have some, but not those of their earlier income)."""
    from app.services.db import driver
    from app.services.income_rollups import rebuild_recording_rollups
    with console.status("rebuilding recording income rollups"):
        result = rebuild_recording_rollups(driver(), only_missing=False)
    console.print(f"{result['rollups']:,} recording income rollups set for {result['participants']:,} participants")
