"""What every subcommand shares: finding the project, reading its settings, reporting errors."""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path

import click

from plugins.core.settings import (
    ConfigError,
    Settings,
    prepare_markdown_of,
    read_settings,
    today,
)

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2


class CliError(click.ClickException):
    """A problem the user can fix; printed without a traceback, exit code 2."""

    exit_code = EXIT_USAGE


def find_root(start: Path | None = None) -> Path:
    """The nearest directory, from `start` upwards, that holds mkdocs.yml."""
    here = (start or Path.cwd()).resolve()
    for candidate in (here, *here.parents):
        if (candidate / "mkdocs.yml").is_file():
            return candidate
    raise CliError(
        f"no mkdocs.yml in {here} or any parent directory; run inside the playbook repository or pass --root"
    )


def load_settings(root: Path | None, *, prepare_markdown: bool = True) -> Settings:
    """The settings of the project at or above `root` (see `read_settings`)."""
    project = find_root(root)
    try:
        return read_settings(project, prepare_markdown=prepare_markdown)
    except ConfigError as error:
        raise CliError(str(error)) from error


def prepare_markdown(settings: Settings) -> None:
    """`load_settings(..., prepare_markdown=False)`'s deferred half."""
    try:
        prepare_markdown_of(settings)
    except ConfigError as error:
        raise CliError(str(error)) from error


def parse_today(value: str | None) -> dt.date:
    if value is None:
        return today()
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CliError(f"--today must be a date YYYY-MM-DD, not '{value}'") from None


def use_colour(stream: object = None) -> bool:
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    target = stream or sys.stdout
    return bool(getattr(target, "isatty", lambda: False)())


root_option = click.option(
    "--root",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The playbook repository (default: the nearest directory with mkdocs.yml).",
)
