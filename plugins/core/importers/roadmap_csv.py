"""A roadmap exported from a tracker as CSV -> one `data/roadmap/<id>.yml` per row.

Columns are found by name: each field has candidate headers (the shapes of Jira, Linear and
Productboard exports are presets), and `--column FIELD=HEADER` overrides them. Values that name
something of the playbook (status, owner team, theme, horizon, metrics) are matched by id, by
their slug (`In Progress` -> `in-progress`) or through `--value FIELD:FROM=TO`. The quarter comes
from the target date and, unless a column gives it, the horizon from the quarter (this quarter or
earlier: the first horizon; next quarter: the second; later: the last). Ids are slugs of the
titles, numbered when two rows share one; a row whose title already has a file keeps its id.
A row that cannot make a valid item is reported with its line and not imported.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import yaml

from plugins.core import schemas
from plugins.core.importers.common import (
    ImportPlan,
    Output,
    Unmapped,
    dump_yaml,
    quarter_of,
    schema_line,
    slug,
)
from plugins.core.settings import today as today_or_fixed
from plugins.core.yamlio import IsoDate, Marks

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from pathlib import Path

    from plugins.core.vocabulary import Vocabulary

FIELDS = (
    "title",
    "summary",
    "status",
    "owner",
    "theme",
    "target",
    "start",
    "quarter",
    "horizon",
    "problem",
    "metrics",
    "depends_on",
    "processes",
)
LIST_FIELDS = frozenset({"metrics", "depends_on", "processes"})

#: Candidate column headers per field, per export shape (first present wins; case-insensitive).
PRESETS: dict[str, dict[str, tuple[str, ...]]] = {
    "generic": {
        "title": ("title", "name", "summary"),
        "summary": ("description", "details"),
        "status": ("status", "state"),
        "owner": ("owner", "team"),
        "theme": ("theme", "epic", "project"),
        "target": ("target", "target date", "due date", "due"),
        "start": ("start", "start date"),
        "quarter": ("quarter",),
        "horizon": ("horizon",),
        "problem": ("problem", "problem statement"),
        "metrics": ("metrics", "kpis"),
        "depends_on": ("depends on", "depends_on", "blocked by"),
        "processes": ("processes",),
    },
    "jira": {
        "title": ("summary",),
        "summary": ("description",),
        "status": ("status",),
        "owner": ("team", "component/s", "components"),
        "theme": ("epic link", "epic name", "parent summary", "parent"),
        "target": ("due date", "target end", "due"),
        "start": ("target start", "start date"),
        "depends_on": ("inward issue link (blocks)", "blocked by"),
    },
    "linear": {
        "title": ("title",),
        "summary": ("description",),
        "status": ("status",),
        "owner": ("team",),
        "theme": ("project", "initiatives"),
        "target": ("due date", "target date"),
        "start": ("started", "start date"),
    },
    "productboard": {
        "title": ("feature name", "name"),
        "summary": ("feature description", "description"),
        "status": ("status", "feature status"),
        "owner": ("owner", "team"),
        "theme": ("parent", "component", "product"),
        "target": ("timeframe end", "end date", "release date"),
        "start": ("timeframe start", "start date"),
    },
}

#: Date shapes of tracker exports tried after ISO 8601 (day-first or month names only: a purely
#: numeric `03/04/2026` is ambiguous and needs --date-format).
_DATE_FORMATS = ("%d/%b/%y %I:%M %p", "%d/%b/%y", "%d %b %Y", "%b %d, %Y", "%B %d, %Y", "%d %B %Y")
_QUARTER = re.compile(
    r"^(?:(?P<y1>\d{4})[- ]?Q(?P<q1>[1-4])|Q(?P<q2>[1-4])[- ]?(?P<y2>\d{4}))$", re.I
)


@dataclass(frozen=True, slots=True)
class Known:
    """What the playbook already defines, for matching and checking references."""

    teams: frozenset[str]
    themes: frozenset[str]
    kpis: frozenset[str]
    processes: frozenset[str]
    roadmap: frozenset[str]
    vocabulary: Vocabulary
    #: Ids that releases cite (a done item must be cited by one).
    cited: frozenset[str] = frozenset()
    #: Display names that also identify a value: field -> lowercased name -> id (team and theme
    #: names, so that `Core Squad` in an export finds the team `core`).
    names: Mapping[str, Mapping[str, str]] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class CsvOptions:
    preset: str = "generic"
    columns: Mapping[str, str] = field(default_factory=dict)
    defaults: Mapping[str, str] = field(default_factory=dict)
    values: Mapping[tuple[str, str], str] = field(default_factory=dict)
    date_format: str | None = None
    today: dt.date = field(default_factory=today_or_fixed)  # honours $PLAYBOOK_TODAY


def plan_roadmap_csv(
    text: str, rel: str, root: Path, data_dir: str, known: Known, options: CsvOptions
) -> ImportPlan:
    """What importing the CSV `text` (of the file `rel`) creates."""
    try:
        rows = _rows(text)
    except ValueError as error:
        return ImportPlan((), (Unmapped(rel, 1, f"not a readable CSV file: {error}"),))
    if not rows:
        return ImportPlan((), (Unmapped(rel, 1, "no header row; nothing imported"),))
    header_line, header = rows[0]
    columns, unmapped = _columns(header, options, rel, header_line)
    if "title" not in columns:
        unmapped.append(
            Unmapped(
                rel, header_line, "no title column (use --column title=HEADER); nothing imported"
            )
        )
        return ImportPlan((), tuple(unmapped))
    notes: list[str] = []
    outputs: list[Output] = []
    taken: set[str] = set()
    titles = _existing_titles(root / data_dir / "roadmap")
    required = set(schemas.schemas_for(known.vocabulary)["roadmap-item"]["required"])
    no_summary = 0
    for line, row in rows[1:]:
        if not any(cell.strip() for cell in row):
            continue
        raw = {f: (row[i] if i < len(row) else "") for f, i in columns.items()}
        raw = {f: value.replace("\r\n", "\n").strip() for f, value in raw.items()}
        for name, value in options.defaults.items():
            if not raw.get(name):
                raw[name] = value
        if not raw.get("summary") and raw.get("title"):
            raw["summary"] = raw["title"]
            no_summary += 1
        item, problem = _item(raw, known, options)
        if problem:
            unmapped.append(Unmapped(rel, line, problem))
            continue
        missing = sorted(required - set(item) - {"id"})
        if missing:
            unmapped.append(
                Unmapped(
                    rel,
                    line,
                    f"'{raw['title']}': no value for {', '.join(missing)} (map a column with --column FIELD=HEADER or give --set FIELD=VALUE); not imported",
                )
            )
            continue
        ident = _free_id(raw["title"], taken, titles, known.roadmap)
        taken.add(ident)
        item = {"id": ident, **item}
        path = f"{data_dir}/roadmap/{ident}.yml"
        check = {
            k: IsoDate(v.isoformat()) if isinstance(v, dt.date) else v for k, v in item.items()
        }
        findings = schemas.validate("roadmap-item", check, Marks(path), vocab=known.vocabulary)
        if findings:
            unmapped.append(
                Unmapped(
                    rel,
                    line,
                    f"'{raw['title']}': {'; '.join(f.message for f in findings)}; not imported",
                )
            )
            continue
        done = known.vocabulary.is_done(item["status"])
        if done and ident not in known.cited:
            unmapped.append(
                Unmapped(
                    rel,
                    line,
                    f"'{raw['title']}' is {item['status']}, and a {item['status']} item must be cited by a release entry; not imported (cite `{ident}` in a release, or map the status with --value)",
                )
            )
            continue
        if (
            known.vocabulary.is_open(item["status"])
            and item.get("target", options.today) < options.today
        ):
            notes.append(
                f"{rel}:{line}: '{raw['title']}' is {item['status']} with a target in the past ({item['target']}); `playbook check` may flag it"
            )
        outputs.append(
            Output(
                path, dump_yaml(item, schema_line(path, "roadmap-item")), f"roadmap item {ident}"
            )
        )
    if no_summary:
        notes.append(
            f"{no_summary} row{'s have' if no_summary != 1 else ' has'} no description; the summary repeats the title"
        )
    return ImportPlan(tuple(outputs), tuple(sorted(unmapped)), tuple(notes))


def _rows(text: str) -> list[tuple[int, list[str]]]:
    """(first line, cells) of each record; quoted cells may hold commas and line breaks."""
    reader = csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline=""))
    out: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            out.append((start, row))
            start = reader.line_num + 1
    except csv.Error as error:
        raise ValueError(f"line {reader.line_num}: {error}") from None
    return out


def _columns(
    header: Sequence[str], options: CsvOptions, rel: str, line: int
) -> tuple[dict[str, int], list[Unmapped]]:
    names = {h.strip().lower(): i for i, h in enumerate(header)}
    preset = (
        {**PRESETS["generic"], **PRESETS[options.preset]}
        if options.preset != "generic"
        else PRESETS["generic"]
    )
    columns: dict[str, int] = {}
    unmapped: list[Unmapped] = []
    for name in FIELDS:
        if name in options.columns:
            wanted = options.columns[name].strip().lower()
            if wanted in names:
                columns[name] = names[wanted]
            else:
                unmapped.append(
                    Unmapped(
                        rel,
                        line,
                        f"--column {name}={options.columns[name]}: no such column; columns are {', '.join(header)}",
                    )
                )
            continue
        for candidate in preset.get(name, ()):
            if candidate in names:
                columns[name] = names[candidate]
                break
    return columns, unmapped


def _item(raw: Mapping[str, str], known: Known, options: CsvOptions) -> tuple[dict[str, Any], str]:
    """The item's fields from one row's values, or a reason it cannot be one."""
    item: dict[str, Any] = {"title": raw["title"]}
    if not raw["title"]:
        return item, "row has no title; not imported"
    title = raw["title"]
    if raw.get("summary"):
        item["summary"] = raw["summary"]
    choices: dict[str, Sequence[str]] = {
        "theme": sorted(known.themes),
        "status": known.vocabulary.status_ids,
        "owner": sorted(known.teams),
    }
    for name in ("theme", "status"):
        if raw.get(name):
            value, problem = _match(name, raw[name], choices[name], options, known)
            if problem:
                return item, f"'{title}': {problem}"
            item[name] = value
    target: dt.date | None = None
    if raw.get("target"):
        target = _date(raw["target"], options.date_format)
        if target is None:
            return (
                item,
                f"'{title}': target '{raw['target']}' is not a date (give --date-format, e.g. %d/%m/%Y)",
            )
    if raw.get("horizon"):
        value, problem = _match(
            "horizon", raw["horizon"], known.vocabulary.horizons, options, known
        )
        if problem:
            return item, f"'{title}': {problem}"
        item["horizon"] = value
    elif target is not None and known.vocabulary.horizons:
        item["horizon"] = _horizon(target, options.today, known.vocabulary.horizons)
    if target is not None:
        item["quarter"] = quarter_of(target)
    if raw.get("owner"):
        value, problem = _match("owner", raw["owner"], choices["owner"], options, known)
        if problem:
            return item, f"'{title}': {problem}"
        item["owner"] = value
    if raw.get("start"):
        start = _date(raw["start"], options.date_format)
        if start is None:
            return item, f"'{title}': start '{raw['start']}' is not a date (give --date-format)"
        item["start"] = start
    if target is not None:
        item["target"] = target
    if raw.get("problem"):
        item["problem"] = raw["problem"]
    pools = {"metrics": known.kpis, "depends_on": known.roadmap, "processes": known.processes}
    for name in ("depends_on", "processes", "metrics"):
        if not raw.get(name):
            continue
        values = []
        for part in re.split(r"[,;\n]", raw[name]):
            if part.strip():
                value, problem = _match(name, part, sorted(pools[name]), options, known)
                if problem and name != "depends_on":
                    return item, f"'{title}': {problem}"
                values.append(value or slug(part))
        item[name] = values
    return item, ""


def _match(
    name: str, value: str, choices: Sequence[str], options: CsvOptions, known: Known
) -> tuple[str, str]:
    mapped = options.values.get((name, value.strip().lower()))
    if mapped is not None:
        return mapped, ""
    wanted = value.strip()
    if wanted in choices:
        return wanted, ""
    named = known.names.get(name, {}).get(wanted.lower())
    if named is not None:
        return named, ""
    slugged = slug(wanted, max_words=12)
    if slugged in choices:
        return slugged, ""
    hint = schemas.suggest(slugged, choices)
    return "", (
        f"{name} '{wanted}' is not one of {', '.join(choices) or '(none defined)'}{hint} "
        f"(map it with --value '{name}:{wanted}=ID'); not imported"
    )


def _date(text: str, date_format: str | None) -> dt.date | None:
    text = text.strip()
    if date_format:
        try:
            return dt.datetime.strptime(text, date_format).date()
        except ValueError:
            return None
    quarter = _QUARTER.match(text)
    if quarter:
        year = int(quarter["y1"] or quarter["y2"])
        number = int(quarter["q1"] or quarter["q2"])
        return dt.date(year + (number == 4), (number * 3) % 12 + 1, 1) - dt.timedelta(days=1)
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date()
    except ValueError:
        pass
    for shape in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, shape).date()
        except ValueError:
            continue
    return None


def _horizon(target: dt.date, today: dt.date, horizons: Sequence[str]) -> str:
    quarters = (target.year - today.year) * 4 + (target.month - 1) // 3 - (today.month - 1) // 3
    return horizons[min(max(quarters, 0), len(horizons) - 1)]


def _existing_titles(directory: Path) -> dict[str, str]:
    """Roadmap file id -> its title, for finding items imported before."""
    out: dict[str, str] = {}
    for path in sorted(directory.glob("*.yml")) if directory.is_dir() else []:
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            out[path.stem] = ""
            continue
        out[path.stem] = str(data.get("title", "")) if isinstance(data, dict) else ""
    return out


def _free_id(title: str, taken: set[str], titles: Mapping[str, str], known: frozenset[str]) -> str:
    base = slug(title) or "item"
    n = 1
    while True:
        candidate = base if n == 1 else f"{base[:60]}-{n}"
        exists = candidate in titles or candidate in known
        if candidate not in taken and (not exists or titles.get(candidate) == title):
            return candidate
        n += 1
