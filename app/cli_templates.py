"""The ``rightsgraph templates`` command group: statement mapping templates (click + rich)."""
from __future__ import annotations

import json

import click
from rich.console import Console
from rich.table import Table

console = Console(soft_wrap=True)
ACTOR = "cli"


def _document(file: str) -> dict:
    try:
        with open(file, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError) as exc:
        raise click.ClickException(f"{file}: not a readable JSON template: {exc}") from exc


def _errors(file: str, exc) -> click.ClickException:
    """A ClickException listing a template's problems, one per line (``errors`` by key path)."""
    def lines(errors, path=""):
        if isinstance(errors, dict):
            for key, value in errors.items():
                yield from lines(value, f"{path}.{key}" if path else str(key))
        else:
            for message in errors:
                yield f"  {path}: {message}"
    return click.ClickException(f"{file}: invalid statement template\n" + "\n".join(lines(exc.errors)))


@click.group()
def templates() -> None:
    """Statement mapping templates: layouts read without an adapter (see importers/statements/template_spec.py)."""


@templates.command("add")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def templates_add(file: str) -> None:
    """Store the template in FILE (JSON) as a new template, version 1."""
    from app.services import templates as service
    try:
        created = service.create(_document(file), ACTOR)
    except service.TemplateError as exc:
        raise _errors(file, exc) from exc
    except service.TemplateExists as exc:
        raise click.ClickException(f"{exc}: change it with `rightsgraph templates update {exc.template_id} FILE`")
    console.print(f"{created['templateId']} version 1: {created['name']} (source {created['source']})")


@templates.command("update")
@click.argument("template_id")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def templates_update(template_id: str, file: str) -> None:
    """Make FILE (JSON) the next version of TEMPLATE_ID (no change when it is the current one)."""
    from app.services import templates as service
    try:
        revised, changed = service.revise(template_id, _document(file), ACTOR)
    except service.TemplateError as exc:
        raise _errors(file, exc) from exc
    except (service.TemplateExists, service.TemplateNotFound) as exc:
        raise click.ClickException(str(exc)) from exc
    console.print(f"{template_id} version {revised['version']}" + ("" if changed else " (unchanged)"))


@templates.command("list")
@click.option("--source", default=None, help="only templates of this source slug")
def templates_list(source: str | None) -> None:
    """Every template at its current version."""
    from app.services import templates as service
    items, total = service.list_templates(source, 0, 10_000)
    table = Table(title=f"{total} statement template(s)")
    for col in ("id", "name", "source", "version", "updated"):
        table.add_column(col, no_wrap=col != "name")
    for t in items:
        table.add_row(t["templateId"], t["name"], t["source"], str(t["version"]), f"{t['updatedAt']:%Y-%m-%d %H:%M}")
    console.print(table)


@templates.command("show")
@click.argument("template_id")
@click.option("--version", type=int, default=None, help="a past version (default: the current one)")
def templates_show(template_id: str, version: int | None) -> None:
    """A template's document (JSON, defaults filled in), ready to edit and `update`."""
    from app.services import templates as service
    try:
        found = service.get(template_id, version)
    except service.TemplateNotFound as exc:
        raise click.ClickException(f"unknown template {exc}") from exc
    click.echo(json.dumps(found["spec"], indent=2, ensure_ascii=False))


@templates.command("detect")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
def templates_detect(file: str) -> None:
    """Which adapter or stored template reads FILE, from its header."""
    from app.services import templates as service
    found = service.detect(file)
    if found.source is None:
        console.print(f"no adapter or template recognises {file}; its header: {', '.join(found.header_columns)}")
        return
    what = f"template {found.template_id} v{found.version} ({found.name})" if found.template_id else "adapter"
    console.print(f"{file}: source {found.source}, {what}, confidence {found.confidence}")
