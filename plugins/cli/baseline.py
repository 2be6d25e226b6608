"""`playbook baseline`: record today's findings so that only new ones fail."""

from __future__ import annotations

from typing import TYPE_CHECKING

import click

from plugins.cli.common import CliError, load_settings, parse_today, root_option
from plugins.core import baseline
from plugins.core.checks import run_checks

if TYPE_CHECKING:
    from pathlib import Path


def write_baseline(root: Path | None = None, today_text: str | None = None) -> int:
    """Write the baseline of the current findings; returns the exit code."""
    settings = load_settings(root)
    result = run_checks(settings, parse_today(today_text), use_baseline=False)
    path = settings.root / settings.baseline
    before, problems = baseline.load(settings.root, settings.baseline)
    recorded = baseline.build(result.findings)
    text = baseline.dumps(recorded)
    old = path.read_text(encoding="utf-8", errors="replace") if path.is_file() else None
    if old == text:
        click.echo(f"{settings.baseline} is up to date: {recorded.total} known finding(s).")
        return 0
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise CliError(f"cannot write {settings.baseline}: {error}") from error
    added = sum(max(n - before.counts.get(k, 0), 0) for k, n in recorded.counts.items())
    removed = sum(max(n - recorded.counts.get(k, 0), 0) for k, n in before.counts.items())
    click.echo(
        f"Wrote {settings.baseline}: {recorded.total} known finding(s) in "
        f"{len({k.path for k in recorded.counts})} file(s)"
        + (f" ({removed} fixed since the last baseline" if removed else "")
        + (f"{', ' if removed else ' ('}{added} new" if added else "")
        + (")" if removed or added else "")
        + "."
    )
    if problems:
        click.echo("The previous baseline could not be read whole; it is replaced.")
    if recorded.total:
        click.echo("`playbook check` and `mkdocs build --strict` now fail only on new findings.")
    return 0


@click.command("baseline")
@root_option
@click.option(
    "--today",
    "today_text",
    metavar="YYYY-MM-DD",
    help="Check as of this date (default: today, or $PLAYBOOK_TODAY).",
)
def baseline_command(root: Path | None, today_text: str | None) -> None:
    """Record today's errors and warnings in the baseline file (playbook-baseline.json, or
    `playbook-checks: baseline:` in mkdocs.yml).

    `playbook check` and the build then hold those back and fail only on new findings, saying how
    many known ones remain. Run it again after fixing some: the file shrinks. Keys do not depend
    on line numbers, so edits elsewhere in a file keep its findings known.
    """
    raise SystemExit(write_baseline(root, today_text))
