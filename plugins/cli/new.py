"""`playbook new`: scaffold a process, template, roadmap item or release entry from its schema."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from plugins.cli.common import EXIT_OK, CliError, load_settings, parse_today, root_option
from plugins.cli.release import entry, with_entry_options
from plugins.core.authoring import AuthoringError, new_page, new_roadmap_item
from plugins.core.vocabulary import UNWRITTEN_MARKER

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable
    from pathlib import Path

    from plugins.core.settings import Settings


def _scaffold(
    root: Path | None, make: Callable[[Settings, dt.date], Path], today_text: str | None
) -> int:
    """Run one scaffolder; its refusals become usage errors, its file is reported."""
    settings = load_settings(root)
    try:
        path = make(settings, parse_today(today_text))
    except AuthoringError as error:
        raise CliError(str(error)) from error
    click.echo(f"Created {path.relative_to(settings.root)}")
    click.echo(f"Replace every line marked {UNWRITTEN_MARKER}, then run `playbook check`.")
    return EXIT_OK


@click.group("new")
def new_command() -> None:
    """Scaffold new content with a fresh id and today's dates; never overwrites a file."""


@new_command.command("process")
@root_option
@click.option("--title", prompt="Title", help="Page title.")
@click.option("--owner", prompt="Owner team id", help="Owner team id (data/teams.yml).")
@click.option(
    "--stage",
    default=None,
    help="Lifecycle stage: a stage of the vocabulary (default: its second, or its only one).",
)
@click.option("--today", "today_text", metavar="YYYY-MM-DD", hidden=True)
def new_process(
    root: Path | None, title: str, owner: str, stage: str | None, today_text: str | None
) -> None:
    """A process page under playbook/processes/ with the required sections."""

    def make(settings: Settings, today: dt.date) -> Path:
        stages = settings.vocabulary.stages
        chosen = stage or stages[min(1, len(stages) - 1)]
        return new_page(settings, "process", title, owner, today, stage=chosen)

    raise SystemExit(_scaffold(root, make, today_text))


@new_command.command("template")
@root_option
@click.option("--title", prompt="Title", help="Page title.")
@click.option("--owner", prompt="Owner team id", help="Owner team id (data/teams.yml).")
@click.option("--today", "today_text", metavar="YYYY-MM-DD", hidden=True)
def new_template(root: Path | None, title: str, owner: str, today_text: str | None) -> None:
    """A template page under playbook/templates/."""
    raise SystemExit(
        _scaffold(
            root,
            lambda settings, today: new_page(settings, "template", title, owner, today),
            today_text,
        )
    )


@new_command.command("roadmap-item")
@root_option
@click.option("--title", prompt="Title", help="Item title.")
@click.option("--theme", prompt="Theme id", help="Theme id (data/themes.yml).")
@click.option(
    "--owner",
    prompt="Owner team id",
    help="Owner: a team id (data/teams.yml), or a GitHub handle where the vocabulary allows.",
)
@click.option("--today", "today_text", metavar="YYYY-MM-DD", hidden=True)
def new_item(root: Path | None, title: str, theme: str, owner: str, today_text: str | None) -> None:
    """A proposed roadmap item in data/roadmap/<id>.yml."""
    raise SystemExit(
        _scaffold(
            root,
            lambda settings, today: new_roadmap_item(settings, title, theme, owner, today),
            today_text,
        )
    )


@new_command.command("release-entry")
@root_option
@with_entry_options
def new_entry(
    root: Path | None, entry_type: str, text: str, items: tuple[str, ...], audience: tuple[str, ...]
) -> None:
    """Same as `playbook release entry`."""
    raise SystemExit(entry(root, entry_type, text, items, audience))
