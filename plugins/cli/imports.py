"""`playbook import <source>`: bring existing release notes, roadmaps and handbooks in.

Each subcommand asks a core importer for a plan (files to create, what it could not map), creates
the files that do not exist yet (never overwriting one) and prints what it did. Running it again
creates nothing and says so.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import click

from plugins.cli.common import EXIT_OK, CliError, load_settings, parse_today, root_option
from plugins.core.importers.changelog import KNOWN_SECTIONS, plan_changelog
from plugins.core.importers.common import (
    ImportError_,
    ImportPlan,
    apply_plan,
    build_type_map,
    parse_overrides,
)
from plugins.core.importers.pages import nav_mount, plan_pages
from plugins.core.importers.releases import Target
from plugins.core.importers.reno import find_config as find_reno_config
from plugins.core.importers.reno import plan_reno, repo_top
from plugins.core.importers.roadmap_csv import FIELDS, PRESETS, CsvOptions, Known, plan_roadmap_csv
from plugins.core.importers.towncrier import find_config as find_towncrier_config
from plugins.core.importers.towncrier import plan_towncrier
from plugins.core.loader import load_playbook

if TYPE_CHECKING:
    from collections.abc import Iterable

    from plugins.core.importers.common import Output, TypeMap
    from plugins.core.settings import Settings


def report(settings: Settings, plan: ImportPlan, dry_run: bool = False) -> int:
    """Apply `plan` (unless `dry_run`) and print what happened; returns the exit code."""
    created: tuple[Output, ...] = ()
    unchanged: tuple[Output, ...] = ()
    kept: tuple[Output, ...] = ()
    if dry_run:
        for output in plan.outputs:
            click.echo(f"Would create {output.path} ({output.what})")
    else:
        applied = apply_plan(settings.root, plan)
        created, unchanged, kept = applied.created, applied.unchanged, applied.kept
        for output in created:
            click.echo(f"Created {output.path} ({output.what})")
        for output in kept:
            click.echo(f"Kept {output.path}: it exists with other content; not overwritten")
    for note in plan.notes:
        click.echo(f"Note: {note}")
    if plan.unmapped:
        click.echo(f"Not imported as written ({len(plan.unmapped)}):")
        for item in plan.unmapped:
            click.echo(f"  {item}")
    if not dry_run:
        if created:
            summary = f"Created {len(created)} file{'s' if len(created) != 1 else ''}"
        else:
            summary = "Nothing to do: created no file"
        if unchanged:
            summary += f"; {len(unchanged)} already imported and unchanged"
        if kept:
            summary += f"; {len(kept)} kept as they are"
        click.echo(summary + ". Run `playbook check` next.")
    return EXIT_OK


def _target(settings: Settings, audience: str | None) -> Target:
    audiences = settings.vocabulary.audiences
    chosen = audience or audiences[0]
    if chosen not in audiences:
        raise CliError(
            f"--audience: '{chosen}' is not an audience; expected one of: {', '.join(audiences)}"
        )
    return Target(settings.root, settings.data_dir, settings.vocabulary, chosen)


def _types(target: Target, sections: Iterable[str], pairs: tuple[str, ...]) -> TypeMap:
    try:
        overrides = parse_overrides(pairs, target.entry_types)
    except ValueError as error:
        raise CliError(f"--map: {error}") from None
    return build_type_map(sections, target.entry_types, overrides)


def _read(path: Path, encoding: str = "utf-8-sig") -> str:
    try:
        return path.read_text(encoding=encoding)
    except LookupError:
        raise CliError(f"--encoding: unknown encoding '{encoding}'") from None
    except UnicodeDecodeError as error:
        raise CliError(
            f"cannot read {path}: byte {error.start} is not {error.encoding}"
            " (give the file's encoding with --encoding, e.g. cp1252 or utf-16)"
        ) from None
    except OSError as error:
        raise CliError(f"cannot read {path}: {error.strerror}") from None


map_option = click.option(
    "--map",
    "mapping",
    multiple=True,
    metavar="SECTION=TYPE",
    help="Map a source section to an entry type (repeatable; TYPE empty drops the section).",
)
audience_option = click.option(
    "--audience",
    default=None,
    help="Audience of every imported entry (default: the first audience of the vocabulary).",
)
dry_run_option = click.option(
    "--dry-run", is_flag=True, help="Print what would be created; create nothing."
)


@click.group("import")
def import_command() -> None:
    """Import release notes (reno, towncrier, CHANGELOG), a roadmap CSV or a Markdown handbook.

    Never overwrites a file; running the same import again creates nothing.
    """


@import_command.command("changelog")
@root_option
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@map_option
@audience_option
@dry_run_option
def changelog_command(
    root: Path | None, file: Path, mapping: tuple[str, ...], audience: str | None, dry_run: bool
) -> None:
    """A Keep a Changelog FILE: each `## [x.y.z] - date` becomes a release, `## [Unreleased]` the pool."""
    settings = load_settings(root)
    target = _target(settings, audience)
    types = _types(target, KNOWN_SECTIONS, mapping)
    try:
        plan = plan_changelog(_read(file), _display(file), target, types)
    except ImportError_ as error:
        raise CliError(str(error)) from None
    raise SystemExit(report(settings, plan, dry_run))


@import_command.command("towncrier")
@root_option
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@map_option
@audience_option
@dry_run_option
def towncrier_command(
    root: Path | None,
    directory: Path,
    mapping: tuple[str, ...],
    audience: str | None,
    dry_run: bool,
) -> None:
    """towncrier news fragments in DIRECTORY (`123.feature.md`, `+orphan.bugfix`) -> the unreleased pool."""
    settings = load_settings(root)
    target = _target(settings, audience)
    try:
        config = find_towncrier_config(directory.resolve())
        types = _types(target, [t.id for t in config.types], mapping)
        plan = plan_towncrier(directory, _display(directory), target, types, config)
    except ImportError_ as error:
        raise CliError(str(error)) from None
    raise SystemExit(report(settings, plan, dry_run))


@import_command.command("reno")
@root_option
@click.argument("notes_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--repo",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    help="The git repository whose tags give each note its release (default: the one holding NOTES_DIR).",
)
@map_option
@audience_option
@dry_run_option
def reno_command(
    root: Path | None,
    notes_dir: Path,
    repo: Path | None,
    mapping: tuple[str, ...],
    audience: str | None,
    dry_run: bool,
) -> None:
    """reno notes in NOTES_DIR -> releases (by the first tag containing each note) and the pool."""
    settings = load_settings(root)
    target = _target(settings, audience)
    try:
        if not notes_dir.is_dir():
            raise ImportError_(f"{notes_dir} is not a folder")
        top = repo_top(repo or notes_dir)
        config = find_reno_config(notes_dir.resolve(), top)
        types = _types(target, config.sections, mapping)
        plan = plan_reno(notes_dir, top, target, types, config, _display(notes_dir))
    except ImportError_ as error:
        raise CliError(str(error)) from None
    raise SystemExit(report(settings, plan, dry_run))


def _pairs(option: str, pairs: tuple[str, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        name = name.strip().lower()
        if not sep or name not in FIELDS:
            raise CliError(
                f"{option} {pair}: expected FIELD=VALUE with FIELD one of {', '.join(FIELDS)}"
            )
        out[name] = value
    return out


def _value_maps(pairs: tuple[str, ...]) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for pair in pairs:
        name, colon, rest = pair.partition(":")
        source, sep, value = rest.rpartition("=")
        name = name.strip().lower()
        if not colon or not sep or name not in FIELDS or not source.strip():
            raise CliError(
                f"--value {pair}: expected FIELD:FROM=TO, e.g. 'status:In Review=planned'"
            )
        out[(name, source.strip().lower())] = value.strip()
    return out


def known_of(settings: Settings) -> Known:
    """What the playbook defines, as the roadmap importer matches and checks against it."""
    playbook = load_playbook(settings).playbook
    cited = {i for r in playbook.releases for e in r.entries for i in e.items}
    return Known(
        teams=frozenset(playbook.teams),
        themes=frozenset(playbook.themes),
        kpis=frozenset(playbook.kpis),
        processes=frozenset(playbook.processes),
        roadmap=frozenset(playbook.roadmap),
        vocabulary=settings.vocabulary,
        cited=frozenset(cited),
        names={
            "owner": {t.name.lower(): t.id for t in playbook.teams.values()},
            "theme": {t.name.lower(): t.id for t in playbook.themes.values()},
            "status": {s.label.lower(): s.id for s in settings.vocabulary.roadmap_statuses},
        },
    )


@import_command.command("roadmap-csv")
@root_option
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--preset",
    type=click.Choice(sorted(PRESETS)),
    default="generic",
    show_default=True,
    help="Column names of a tracker's export.",
)
@click.option(
    "--column",
    "columns",
    multiple=True,
    metavar="FIELD=HEADER",
    help=f"Read FIELD from the column HEADER (repeatable). Fields: {', '.join(FIELDS)}.",
)
@click.option(
    "--set",
    "defaults",
    multiple=True,
    metavar="FIELD=VALUE",
    help="Value of FIELD for rows that have none (repeatable), e.g. --set metrics=adoption.",
)
@click.option(
    "--value",
    "values",
    multiple=True,
    metavar="FIELD:FROM=TO",
    help="Map a value of the export to an id (repeatable), e.g. --value 'status:To Do=proposed'.",
)
@click.option("--date-format", default=None, help="strptime format of the dates, e.g. %d/%m/%Y.")
@click.option(
    "--encoding",
    default="utf-8-sig",
    show_default=True,
    help="Text encoding of the file (Excel may write cp1252 or utf-16).",
)
@dry_run_option
@click.option("--today", "today_text", metavar="YYYY-MM-DD", hidden=True)
def roadmap_csv_command(
    root: Path | None,
    file: Path,
    preset: str,
    columns: tuple[str, ...],
    defaults: tuple[str, ...],
    values: tuple[str, ...],
    date_format: str | None,
    encoding: str,
    dry_run: bool,
    today_text: str | None,
) -> None:
    """A roadmap exported as CSV (Jira, Linear, Productboard...) -> data/roadmap/<id>.yml per row."""
    settings = load_settings(root)
    options = CsvOptions(
        preset=preset,
        columns=_pairs("--column", columns),
        defaults=_pairs("--set", defaults),
        values=_value_maps(values),
        date_format=date_format,
        today=parse_today(today_text),
    )
    plan = plan_roadmap_csv(
        _read(file, encoding),
        _display(file),
        settings.root,
        settings.data_dir,
        known_of(settings),
        options,
    )
    raise SystemExit(report(settings, plan, dry_run))


@import_command.command("pages")
@root_option
@click.argument("src_dir", type=click.Path(file_okay=False, path_type=Path))
@click.option(
    "--into",
    required=True,
    metavar="DOCS_DIR/PATH",
    help="Where the tree goes, inside the docs folder, e.g. playbook/handbook.",
)
@dry_run_option
def pages_command(root: Path | None, src_dir: Path, into: str, dry_run: bool) -> None:
    """An existing Markdown tree SRC_DIR, copied into the site with its links made explicit."""
    settings = load_settings(root)
    into = into.strip().strip("/")
    docs = settings.docs_dir.strip("/")
    parts = into.split("/")
    if not into.startswith(f"{docs}/") or any(p in {"", ".", ".."} for p in parts):
        raise CliError(
            f"--into must be a folder inside the docs folder '{docs}/', e.g. {docs}/handbook"
        )
    try:
        plan = plan_pages(src_dir, _display(src_dir), into)
    except ImportError_ as error:
        raise CliError(str(error)) from None
    code = report(settings, plan, dry_run)
    folder = into[len(docs) + 1 :] + "/"
    has_pages = any(o.what == "page" for o in plan.outputs)
    if has_pages and settings.nav is not None and folder not in settings.nav_mounts:
        click.echo("mkdocs.yml has a `nav:`; mount the imported folder in it (one entry), e.g.:")
        click.echo(nav_mount(folder))
    if has_pages and not dry_run:
        click.echo(
            f"Next: give the folder an owner and a review interval in {into}/.meta.yml, and record "
            "the problems it brought with `playbook baseline` to fix them one by one."
        )
    raise SystemExit(code)


def _display(path: Path) -> str:
    """`path` as the user will recognise it in messages: relative to the working directory."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()
