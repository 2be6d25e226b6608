"""`playbook codeowners`: regenerate .github/CODEOWNERS from the content's owners."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from plugins.cli.common import EXIT_OK, EXIT_PROBLEMS, load_settings, root_option
from plugins.core.codeowners import CODEOWNERS_PATH, render_codeowners
from plugins.core.loader import load_playbook

if TYPE_CHECKING:
    from pathlib import Path


def codeowners(root: Path | None, check_only: bool) -> int:
    settings = load_settings(root)
    loaded = load_playbook(settings)
    text = render_codeowners(loaded.playbook, settings)
    path = settings.root / CODEOWNERS_PATH
    current = path.read_text(encoding="utf-8") if path.is_file() else None
    if current == text:
        click.echo(f"{CODEOWNERS_PATH} is up to date.")
        return EXIT_OK
    if check_only:
        click.echo(f"{CODEOWNERS_PATH} is out of date; run `playbook codeowners` and commit it.")
        return EXIT_PROBLEMS
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    click.echo(f"Wrote {CODEOWNERS_PATH} ({text.count(chr(10))} lines).")
    return EXIT_OK


@click.command("codeowners")
@root_option
@click.option(
    "--check",
    "check_only",
    is_flag=True,
    help="Only report whether the file is current (exit 1 if not).",
)
def codeowners_command(root: Path | None, check_only: bool) -> None:
    """Generate .github/CODEOWNERS: each page and roadmap item requests review from its owner team;
    the configuration, plugins and workflows from the team that maintains the site."""
    raise SystemExit(codeowners(root, check_only))
