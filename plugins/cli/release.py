"""`playbook release entry` and `playbook release cut`: release notes from data, without conflicts."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from plugins.cli.common import EXIT_OK, CliError, load_settings, parse_today, root_option
from plugins.core.authoring import AuthoringError, add_release_entry, cut_release

if TYPE_CHECKING:
    from pathlib import Path


def _choice(option: str, value: str, allowed: tuple[str, ...]) -> None:
    """The project's vocabulary decides the choices, so they are checked once it is read."""
    if value not in allowed:
        raise CliError(f"{option} must be one of: {', '.join(allowed)}; got '{value}'")


def entry(
    root: Path | None, entry_type: str, text: str, items: tuple[str, ...], audience: tuple[str, ...]
) -> int:
    settings = load_settings(root)
    vocab = settings.vocabulary
    _choice("--type", entry_type, vocab.entry_type_ids)
    for value in audience:
        _choice("--audience", value, vocab.audiences)
    try:
        path = add_release_entry(
            settings, entry_type, text, list(items), list(audience) or [vocab.audiences[0]]
        )
    except AuthoringError as error:
        raise CliError(str(error)) from error
    click.echo(f"Created {path.relative_to(settings.root)}")
    return EXIT_OK


def cut(
    root: Path | None,
    version: str,
    date_text: str | None,
    summary: str,
    today_text: str | None,
    ship_items: bool = True,
) -> int:
    settings = load_settings(root)
    today = parse_today(today_text)
    date = parse_today(date_text) if date_text else today
    try:
        result = cut_release(settings, version, date, summary, today, ship_items=ship_items)
    except AuthoringError as error:
        raise CliError(str(error)) from error
    click.echo(
        f"Created {result.path.relative_to(settings.root)} with {result.entries} entries; removed them from the pool."
    )
    done = settings.vocabulary.done_status
    for path in result.shipped:
        click.echo(f"Set status: {done} in {path.relative_to(settings.root)}")
    if result.not_shipped:
        click.echo(
            f"These roadmap items are now cited by a release; set `status: {done}` in their files:"
        )
        for item in result.not_shipped:
            click.echo(f"  {settings.data_dir}/roadmap/{item}.yml")
    return EXIT_OK


entry_options = [
    click.option(
        "--type",
        "entry_type",
        prompt="Type",
        help="Kind of change: an entry type of the vocabulary (data/vocabulary.yml).",
    ),
    click.option(
        "--text",
        prompt="What changed (for the audience)",
        help="The entry, one to three sentences.",
    ),
    click.option(
        "--item",
        "items",
        multiple=True,
        metavar="ID",
        help="Roadmap item this delivers (repeatable).",
    ),
    click.option(
        "--audience",
        multiple=True,
        help="Who it matters to: an audience of the vocabulary (repeatable; default: its first).",
    ),
]


def with_entry_options(function: click.decorators.FC) -> click.decorators.FC:
    for option in reversed(entry_options):
        function = option(function)
    return function


@click.group("release")
def release_command() -> None:
    """Release notes: add entries to the unreleased pool, cut a release."""


@release_command.command("entry")
@root_option
@with_entry_options
def entry_command(
    root: Path | None, entry_type: str, text: str, items: tuple[str, ...], audience: tuple[str, ...]
) -> None:
    """Add an entry to data/releases/unreleased/ (a new file: parallel pull requests never conflict)."""
    raise SystemExit(entry(root, entry_type, text, items, audience))


@release_command.command("cut")
@root_option
@click.argument("version")
@click.option("--date", "date_text", metavar="YYYY-MM-DD", help="Release date (default: today).")
@click.option(
    "--summary", prompt="One-line summary of the release", help="Headline of the release."
)
@click.option(
    "--ship-items/--no-ship-items",
    default=True,
    show_default=True,
    help="Set the done status (e.g. `status: shipped`) on the roadmap items the release cites.",
)
@click.option("--today", "today_text", metavar="YYYY-MM-DD", hidden=True)
def cut_command(
    root: Path | None,
    version: str,
    date_text: str | None,
    summary: str,
    ship_items: bool,
    today_text: str | None,
) -> None:
    """Move every unreleased entry into data/releases/VERSION.yml.

    Refuses when VERSION exists or is not greater than the latest release; writes the release
    completely before removing the pool files, so no entry is ever lost.
    """
    raise SystemExit(cut(root, version, date_text, summary, today_text, ship_items))
