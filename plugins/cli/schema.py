"""`playbook schema`: export the JSON Schemas editors use, or print one."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from plugins.cli.common import EXIT_OK, EXIT_PROBLEMS, find_root, load_settings, root_option
from plugins.core import schemas

if TYPE_CHECKING:
    from pathlib import Path

SCHEMA_DIR = "schemas"


def export(root: Path | None, check_only: bool) -> int:
    """Write schemas/<kind>.schema.json for every kind (and the vocabulary file's schema); with
    check_only, report stale files."""
    target = find_root(root) / SCHEMA_DIR
    vocab = load_settings(root).vocabulary
    stale = []
    for name in (*schemas.NAMES, "vocabulary"):
        path = target / f"{name}.schema.json"
        text = schemas.export_text(name, vocab)
        current = path.read_text(encoding="utf-8") if path.is_file() else None
        if current == text:
            continue
        stale.append(path)
        if not check_only:
            target.mkdir(exist_ok=True)
            path.write_text(text, encoding="utf-8")
    verb = "out of date" if check_only else "written"
    for path in stale:
        click.echo(f"{path.relative_to(target.parent)}: {verb}")
    if check_only and stale:
        click.echo("Run `playbook schema export` and commit the result.")
        return EXIT_PROBLEMS
    if not stale:
        click.echo("Schemas are up to date.")
    return EXIT_OK


@click.group("schema")
def schema_command() -> None:
    """JSON Schemas of every kind of content (for editors and other tools)."""


@schema_command.command("export")
@root_option
@click.option(
    "--check", "check_only", is_flag=True, help="Only report files that are out of date (exit 1)."
)
def export_command(root: Path | None, check_only: bool) -> None:
    """Write schemas/<kind>.schema.json, generated from the schemas the checks use."""
    raise SystemExit(export(root, check_only))


@schema_command.command("show")
@root_option
@click.argument("kind", type=click.Choice(sorted((*schemas.NAMES, "vocabulary"))))
def show_command(root: Path | None, kind: str) -> None:
    """Print the JSON Schema of one kind (with the project's vocabulary)."""
    click.echo(schemas.export_text(kind, load_settings(root).vocabulary), nl=False)
