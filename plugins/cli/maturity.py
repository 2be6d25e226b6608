"""`playbook maturity`: the latest maturity score of each dimension, as text or JSON."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import click

from plugins.cli.common import EXIT_OK, EXIT_PROBLEMS, load_settings, parse_today, root_option
from plugins.core.findings import Severity
from plugins.core.loader import MATURITY_FILE, load_playbook
from plugins.core.render.maturity import latest_scores

if TYPE_CHECKING:
    from pathlib import Path


def maturity(root: Path | None, output: str, today_text: str | None) -> int:
    settings = load_settings(root)
    loaded = load_playbook(settings)
    rel = f"{settings.data_dir}/{MATURITY_FILE}"
    errors = [f for f in loaded.findings if f.path == rel and f.severity is Severity.ERROR]
    model = loaded.playbook.maturity
    if model is None:
        if errors:
            click.echo(f"{rel} cannot be used ({len(errors)} error(s)); run `playbook check`.")
            return EXIT_PROBLEMS
        click.echo(f"This playbook has no maturity model ({rel} does not exist).")
        return EXIT_OK
    summary = latest_scores(model, parse_today(today_text))
    if output == "json":
        click.echo(json.dumps(summary, indent=2, ensure_ascii=False))
        return EXIT_OK
    latest = summary["latest_assessment"]
    head = f"Maturity: {len(summary['dimensions'])} dimensions on {len(summary['levels'])} levels"
    if latest:
        head += f"; latest assessment {latest}, next due by {summary['next_due']}"
    click.echo(head + ("" if latest else "; not assessed yet") + ".")
    width = max((len(d["name"]) for d in summary["dimensions"]), default=0)
    for row in summary["dimensions"]:
        level = (
            f"{row['rank']}/{len(summary['levels'])} {row['level_name']}"
            if row["level"]
            else "not assessed"
        )
        parts = [f"{row['name']:<{width}}  {level}"]
        if row["previous_level"]:
            parts.append(f"{row['trend']} since {row['previous_date']}")
        if row["target"]:
            by = f" by {row['target_date']}" if row["target_date"] else ""
            parts.append(f"target {row['target_rank']} {row['target_name']}{by}")
        click.echo(
            "  ".join(parts) if len(parts) == 1 else parts[0] + "  (" + "; ".join(parts[1:]) + ")"
        )
    return EXIT_OK


@click.command("maturity")
@root_option
@click.option(
    "--format",
    "output",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="Text for people, JSON for scripts.",
)
@click.option("--today", "today_text", metavar="YYYY-MM-DD", hidden=True)
def maturity_command(root: Path | None, output: str, today_text: str | None) -> None:
    """Print the latest maturity score of each dimension, its trend and its target
    (from data/maturity.yml)."""
    raise SystemExit(maturity(root, output, today_text))
