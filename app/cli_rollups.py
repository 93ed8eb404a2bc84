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
    """Set the period, track and recording income rollups (the hub's income by source, timeline
    and top tracks, the track page) of every participant from its detail rollups. Idempotent.
    `rightsgraph db init` builds them for participants that have none; run this when statements
    were processed by newer code before `db init` ran (those participants have some, but not
    those of their earlier income)."""
    from app.services.db import driver
    from app.services.income_rollups import rebuild
    with console.status("rebuilding income rollups"):
        result = rebuild(driver(), only_missing=False)
    console.print(f"{result['rollups']:,} income rollups set for {result['participants']:,} participants")
