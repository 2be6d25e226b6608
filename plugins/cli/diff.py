"""`playbook diff --base REF`: what a branch does to the roadmap, releases and processes."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

import click

from plugins.cli.common import EXIT_OK, CliError, load_settings, parse_today, root_option
from plugins.core.gitutil import GitError
from plugins.core.prdiff import as_markdown, diff_against

if TYPE_CHECKING:
    from pathlib import Path


def diff(root: Path | None, base: str, today_text: str | None, summary: bool) -> int:
    settings = load_settings(root)
    try:
        changes = diff_against(settings, base, parse_today(today_text))
    except GitError as error:
        raise CliError(str(error)) from error
    text = as_markdown(changes, base)
    click.echo(text, nl=False)
    summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
    if summary and summary_path:
        with open(summary_path, "a", encoding="utf-8") as handle:
            handle.write(text)
    return EXIT_OK


@click.command("diff")
@root_option
@click.option(
    "--base",
    required=True,
    metavar="REF",
    help="Compare the working tree with this revision (e.g. origin/main).",
)
@click.option(
    "--today", "today_text", metavar="YYYY-MM-DD", help="Evaluate findings as of this date."
)
@click.option(
    "--step-summary",
    "summary",
    is_flag=True,
    help="Also append the Markdown to $GITHUB_STEP_SUMMARY.",
)
def diff_command(root: Path | None, base: str, today_text: str | None, summary: bool) -> None:
    """Summarise, as Markdown, what the change does to the playbook since REF."""
    raise SystemExit(diff(root, base, today_text, summary))
