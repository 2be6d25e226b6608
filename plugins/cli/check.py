"""`playbook check`: every consistency rule, in about a second, in the build's own words."""

from __future__ import annotations

import dataclasses
import os
from typing import TYPE_CHECKING

import click

from plugins.cli.common import (
    EXIT_OK,
    EXIT_PROBLEMS,
    CliError,
    load_settings,
    parse_today,
    prepare_markdown,
    root_option,
    use_colour,
)
from plugins.core import baseline, parsecache, report, resultcache, yamlio
from plugins.core.findings import Severity, count_by_severity
from plugins.core.gitutil import GitError, changed_files
from plugins.core.rules import CATALOGUE
from plugins.core.schemas import suggest

if TYPE_CHECKING:
    import datetime as dt
    from pathlib import Path

    from plugins.core.findings import Finding
    from plugins.core.settings import Settings

_COLOURS = {Severity.ERROR: "red", Severity.WARNING: "yellow", Severity.INFO: "cyan"}
FORMATS = ("text", "github", "json", "sarif")


def parse_rule_options(values: tuple[str, ...]) -> dict[str, Severity]:
    out = {}
    for value in values:
        rule, _, level = value.partition("=")
        rule = rule.strip().upper()
        if rule not in CATALOGUE:
            raise CliError(f"--rule: unknown rule '{rule}'{suggest(rule, CATALOGUE)}")
        try:
            out[rule] = Severity.parse(level or "")
        except ValueError as error:
            raise CliError(f"--rule {value}: {error}") from None
    return out


def check(
    root: Path | None = None,
    output_format: str = "text",
    strict: bool = False,
    base: str | None = None,
    only_changed: bool = False,
    rule_overrides: tuple[str, ...] = (),
    today_text: str | None = None,
    use_cache: bool = True,
    group: bool = True,
) -> int:
    """Run the checks and print the findings; returns the exit code."""
    # The Markdown parser is built only when pages are read: not when the last findings hold.
    settings = load_settings(root, prepare_markdown=False)
    overrides = parse_rule_options(rule_overrides)
    if overrides:
        settings = dataclasses.replace(settings, rules={**settings.rules, **overrides})
    changed: set[str] | None = None
    if base:
        try:
            changed = changed_files(settings.root, base)
        except GitError as error:
            raise CliError(str(error)) from error
    today = parse_today(today_text)
    all_findings, baselined = _checked(settings, today, use_cache)
    findings = report.prioritise(all_findings, changed) if changed is not None else all_findings
    if only_changed and changed is not None:
        findings = [f for f in findings if f.path in changed]
    held_back = baseline.summary(baselined)
    if output_format == "text":
        paint = (
            (lambda text, sev: click.style(text, fg=_COLOURS[sev], bold=True))
            if use_colour()
            else None
        )
        click.echo(report.as_text(findings, paint, group=group), nl=False)
        if held_back:
            click.echo(held_back)
    elif output_format == "github":
        annotations, summary = report.as_github(findings, changed)
        click.echo(annotations, nl=False)
        click.echo(report.summary_line(findings))
        if held_back:
            click.echo(held_back)
        summary_path = os.environ.get("GITHUB_STEP_SUMMARY")
        if summary_path:
            with open(summary_path, "a", encoding="utf-8") as handle:
                handle.write(summary)
    elif output_format == "json":
        click.echo(report.as_json(findings), nl=False)
    else:
        click.echo(report.as_sarif(findings), nl=False)
    if held_back and output_format in ("json", "sarif"):
        click.echo(held_back, err=True)  # the output stays one JSON document
    counts = count_by_severity(findings)
    if counts[Severity.ERROR] or (strict and counts[Severity.WARNING]):
        return EXIT_PROBLEMS
    return EXIT_OK


def _checked(
    settings: Settings, today: dt.date, use_cache: bool
) -> tuple[list[Finding], baseline.Applied]:
    """The findings of the checks, and what the baseline held back: those of the last run when
    nothing it read has changed (`resultcache`), else from a run that reuses the parses of
    unchanged files (`parsecache`)."""
    if not use_cache:
        return _run(settings, today)
    config = settings.root / "mkdocs.yml"
    salt = parsecache.salt_for(settings, config.read_bytes() if config.is_file() else b"")
    inputs = resultcache.fingerprint(settings, today, salt)
    result_path = resultcache.result_file(settings.root)
    if inputs is not None:
        stored = resultcache.read(result_path, inputs.digest)
        if stored is not None:
            return stored  # type: ignore[no-any-return]
    cache_path = parsecache.cache_file(settings.root)
    cache = parsecache.ParseCache.read(cache_path, salt)
    token = yamlio.snapshot.set(inputs.files if inputs is not None else None)
    try:
        with cache.active():
            result = _run(settings, today)
    finally:
        yamlio.snapshot.reset(token)
    cache.write(cache_path)
    if inputs is not None and inputs.still_listed():
        resultcache.write(result_path, inputs.digest, result)
    return result


def _run(settings: Settings, today: dt.date) -> tuple[list[Finding], baseline.Applied]:
    prepare_markdown(settings)
    # Imported here: a run whose last findings hold never needs the checks.
    from plugins.core.checks import run_checks

    report = run_checks(settings, today)
    return report.findings, report.baselined


@click.command("check")
@root_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="text for people; github for workflow annotations and the step summary; json; sarif.",
)
@click.option(
    "--strict", is_flag=True, help="Exit 1 on warnings too, like `mkdocs build --strict`."
)
@click.option("--base", metavar="REF", help="Put findings in files changed since REF first.")
@click.option(
    "--only-changed", is_flag=True, help="With --base: report only findings in changed files."
)
@click.option(
    "--rule",
    "rule_overrides",
    multiple=True,
    metavar="ID=LEVEL",
    help="Override a rule's severity, e.g. --rule PB501=error (error, warn, info, ignore).",
)
@click.option(
    "--group/--no-group",
    default=True,
    show_default=True,
    help="Text output: print a problem found many times over as one group (its count, the first "
    f"{report.GROUP_SHOWN} places and one fix); --no-group lists every finding.",
)
@click.option(
    "--today",
    "today_text",
    metavar="YYYY-MM-DD",
    help="Check as of this date (default: today, or $PLAYBOOK_TODAY).",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Parse every file again instead of reusing the results of unchanged files "
    "(kept in $PLAYBOOK_CACHE_DIR, else ~/.cache/playbook; a cached result is always the one a "
    "fresh parse gives).",
)
def check_command(
    root: Path | None,
    output_format: str,
    strict: bool,
    base: str | None,
    only_changed: bool,
    rule_overrides: tuple[str, ...],
    today_text: str | None,
    no_cache: bool,
    group: bool,
) -> None:
    """Check the playbook: schemas, ids, references, lifecycle, reviews, sections and links.

    Prints `path:line:col: RULE message` and a fix for each problem. Exit 0 when clean, 1 on
    errors (and on warnings with --strict), 2 on usage or internal errors.
    """
    raise SystemExit(
        check(
            root,
            output_format,
            strict,
            base,
            only_changed,
            rule_overrides,
            today_text,
            use_cache=not no_cache,
            group=group,
        )
    )
