"""The content model: immutable objects for every kind of playbook content.

Every object keeps an `Origin`: the file it came from and the positions of its values, so a
finding about any field can name the line it sits on.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from plugins.core.vocabulary import DEFAULT, Vocabulary

if TYPE_CHECKING:
    from collections.abc import Iterator, Mapping

    from plugins.core.findings import Location
    from plugins.core.yamlio import KeyPath, Marks


@dataclass(frozen=True, slots=True)
class Origin:
    """Where an object was defined: a document's marks and the object's path inside it."""

    marks: Marks
    base: KeyPath = ()

    @property
    def path(self) -> str:
        return self.marks.path

    def at(self, *keys: str | int) -> Location:
        """Location of a field (or list element) of the object; the object itself without keys."""
        return self.marks.at((*self.base, *keys))

    def key_at(self, key: str) -> Location:
        return self.marks.at((*self.base, key), key=True)


# ---- Registries (data/*.yml) ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Team:
    id: str
    name: str
    description: str
    members: tuple[str, ...]
    channel: str
    maintains_site: bool
    origin: Origin


@dataclass(frozen=True, slots=True)
class Role:
    id: str
    name: str
    summary: str
    responsibilities: tuple[str, ...]
    origin: Origin


@dataclass(frozen=True, slots=True)
class Measurement:
    """One value of a KPI and the date it was taken."""

    value: float
    date: dt.date


@dataclass(frozen=True, slots=True)
class Kpi:
    id: str
    name: str
    category: str
    definition: str
    formula: str
    unit: str
    direction: str
    #: The target in words ("Median under 60 days"); the numbers are `target_value`/`target_by`.
    target: str
    owner: str
    source: str
    cadence: str
    origin: Origin
    target_value: float | None = None
    target_by: dt.date | None = None
    baseline: Measurement | None = None
    #: The current value as written (see `latest` for the one derived from `history` too).
    current: Measurement | None = None
    #: Past values, as written (the checks report dates out of order).
    history: tuple[Measurement, ...] = ()
    #: The report, dashboard or query in the source tool.
    source_note: str = ""

    @property
    def series(self) -> tuple[Measurement, ...]:
        """The values over time: `history`, then `current` when it is newer than its last point."""
        if self.current is not None and (
            not self.history or self.current.date > self.history[-1].date
        ):
            return (*self.history, self.current)
        return self.history

    @property
    def latest(self) -> Measurement | None:
        """The current value: as written, else the last point of `history`."""
        if self.current is not None:
            return self.current
        return self.history[-1] if self.history else None


@dataclass(frozen=True, slots=True)
class Tool:
    id: str
    name: str
    category: str
    owner: str
    status: str
    purpose: str
    url: str
    origin: Origin


@dataclass(frozen=True, slots=True)
class Term:
    id: str
    term: str
    definition: str
    see_also: tuple[str, ...]
    origin: Origin


@dataclass(frozen=True, slots=True)
class Theme:
    id: str
    name: str
    description: str
    owner: str
    origin: Origin


# ---- Pages (playbook/**/*.md) ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Fact:
    """A policy value several pages quote (a lead time, a notice period, who decides)."""

    id: str
    value: str
    description: str
    origin: Origin


@dataclass(frozen=True, slots=True)
class MacroCall:
    """A `{{ name("arg") }}` call in a page that renders macros, with its line.

    `cells` holds the cells of the Markdown table row the call sits in (empty outside tables),
    so a check can compare what the row says about the cited object with the data.
    """

    name: str
    arg: str
    line: int
    cells: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Heading:
    level: int
    text: str
    anchor: str
    line: int


@dataclass(frozen=True, slots=True)
class Link:
    """A Markdown link found in a page body."""

    target: str
    line: int
    col: int


@dataclass(frozen=True, slots=True)
class Raci:
    responsible: tuple[str, ...]
    accountable: tuple[str, ...]
    consulted: tuple[str, ...]
    informed: tuple[str, ...]

    def items(self) -> Iterator[tuple[str, tuple[str, ...]]]:
        yield "responsible", self.responsible
        yield "accountable", self.accountable
        yield "consulted", self.consulted
        yield "informed", self.informed


@dataclass(frozen=True, slots=True)
class Review:
    last_reviewed: dt.date
    interval_days: int

    @property
    def review_by(self) -> dt.date:
        return self.last_reviewed + dt.timedelta(days=self.interval_days)

    def days_overdue(self, today: dt.date) -> int:
        """Days past the review-by date (negative while still current)."""
        return (today - self.review_by).days


@dataclass(frozen=True, slots=True)
class Doc:
    """The structured part of a process or template page (its front matter)."""

    kind: str
    id: str
    title: str
    summary: str
    owner: str
    status: str
    review: Review
    tags: tuple[str, ...]
    replaced_by: str | None
    src_uri: str
    origin: Origin


@dataclass(frozen=True, slots=True)
class Process(Doc):
    stage: str
    raci: Raci
    templates: tuple[str, ...]
    related: tuple[str, ...]
    kpis: tuple[str, ...]
    tools: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Template(Doc):
    purpose: str


@dataclass(frozen=True, slots=True)
class Page:
    """Any Markdown page of the playbook."""

    src_uri: str
    path: str
    title: str
    headings: tuple[Heading, ...]
    links: tuple[Link, ...]
    body_line: int
    doc: Process | Template | None = None
    #: Macro calls in the body, only for pages that render macros (`render_macros: true`).
    macros: tuple[MacroCall, ...] = ()
    #: Ids other than heading anchors (`attr_list`, footnotes, raw HTML): link targets too.
    other_ids: frozenset[str] = frozenset()
    #: The page renders macros (`render_macros: true`): mkdocs-macros reads it as a template.
    renders_macros: bool = False

    @property
    def anchors(self) -> frozenset[str]:
        return frozenset(h.anchor for h in self.headings) | self.other_ids


# ---- Roadmap and releases (data/roadmap, data/releases) -------------------------------------


@dataclass(frozen=True, slots=True)
class RoadmapItem:
    id: str
    title: str
    summary: str
    theme: str
    status: str
    horizon: str
    quarter: str
    owner: str
    start: dt.date | None
    target: dt.date
    depends_on: tuple[str, ...]
    processes: tuple[str, ...]
    problem: str
    metrics: tuple[str, ...]
    origin: Origin
    #: Related roadmap items: links that, unlike `depends_on`, imply no order.
    related: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class ReleaseEntry:
    type: str
    text: str
    items: tuple[str, ...]
    audience: tuple[str, ...]
    origin: Origin
    #: For an unreleased entry: its file's stem.
    slug: str = ""


@dataclass(frozen=True, slots=True)
class Release:
    version: str
    date: dt.date
    summary: str
    entries: tuple[ReleaseEntry, ...]
    origin: Origin

    @property
    def key(self) -> tuple[int, ...]:
        return version_key(self.version)


def version_key(version: str) -> tuple[int, ...]:
    """Sort key of a MAJOR.MINOR.PATCH version."""
    return tuple(int(part) for part in version.split("."))


# ---- Maturity model (data/maturity.yml) -----------------------------------------------------


@dataclass(frozen=True, slots=True)
class MaturityLevel:
    id: str
    name: str
    summary: str
    origin: Origin


@dataclass(frozen=True, slots=True)
class MaturityDimension:
    id: str
    name: str
    summary: str
    owner: str
    processes: tuple[str, ...]
    templates: tuple[str, ...]
    kpis: tuple[str, ...]
    #: (level id, what you would see at that level), in file order.
    descriptors: tuple[tuple[str, str], ...]
    origin: Origin

    def descriptor(self, level_id: str) -> str | None:
        return next((text for ident, text in self.descriptors if ident == level_id), None)


@dataclass(frozen=True, slots=True)
class MaturityScore:
    dimension: str
    level: str
    evidence: str
    target: str | None
    target_date: dt.date | None
    origin: Origin


@dataclass(frozen=True, slots=True)
class MaturityAssessment:
    date: dt.date
    assessed_by: str
    note: str
    scores: tuple[MaturityScore, ...]
    origin: Origin

    def score(self, dimension_id: str) -> MaturityScore | None:
        return next((s for s in self.scores if s.dimension == dimension_id), None)


@dataclass(frozen=True, slots=True)
class MaturityModel:
    """Levels (lowest first), dimensions, and assessments (in file order)."""

    levels: tuple[MaturityLevel, ...]
    dimensions: tuple[MaturityDimension, ...]
    assessments: tuple[MaturityAssessment, ...]
    reassess_every_days: int
    origin: Origin
    #: Level and dimension ids whose definition was refused: references to them are not
    #: reported again.
    refused_levels: frozenset[str] = frozenset()
    refused_dimensions: frozenset[str] = frozenset()

    def rank(self, level_id: str) -> int | None:
        """1 for the lowest level, None for an id that is no level."""
        for index, level in enumerate(self.levels, start=1):
            if level.id == level_id:
                return index
        return None

    def level(self, level_id: str) -> MaturityLevel | None:
        return next((level for level in self.levels if level.id == level_id), None)

    def dimension(self, dimension_id: str) -> MaturityDimension | None:
        return next((d for d in self.dimensions if d.id == dimension_id), None)

    def by_date(self) -> tuple[MaturityAssessment, ...]:
        """The assessments, oldest first (file order among those of one day)."""
        return tuple(sorted(self.assessments, key=lambda a: a.date))

    def latest_score(
        self, dimension_id: str, before: dt.date | None = None
    ) -> tuple[MaturityAssessment, MaturityScore] | None:
        """The newest score of a dimension (only among assessments before `before`), with its
        assessment."""
        for assessment in reversed(self.by_date()):
            if before is not None and assessment.date >= before:
                continue
            score = assessment.score(dimension_id)
            if score is not None:
                return assessment, score
        return None

    def origins(self) -> Iterator[Origin]:
        yield self.origin
        yield from (level.origin for level in self.levels)
        yield from (dimension.origin for dimension in self.dimensions)
        for assessment in self.assessments:
            yield assessment.origin
            yield from (score.origin for score in assessment.scores)


# ---- The whole playbook ---------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Playbook:
    """Everything loaded from one repository. Collections keep file order; lookups are by id."""

    teams: Mapping[str, Team]
    roles: Mapping[str, Role]
    kpis: Mapping[str, Kpi]
    tools: Mapping[str, Tool]
    terms: Mapping[str, Term]
    themes: Mapping[str, Theme]
    pages: Mapping[str, Page]
    processes: Mapping[str, Process]
    templates: Mapping[str, Template]
    roadmap: Mapping[str, RoadmapItem]
    releases: tuple[Release, ...]
    unreleased: tuple[ReleaseEntry, ...]
    nav: tuple[str, ...] | None = None
    #: The organisation's vocabulary the playbook was loaded with.
    vocabulary: Vocabulary = DEFAULT
    #: Roadmap item id -> the oldest release citing it (see `index_releases`).
    shipped_in: Mapping[str, Release] = field(default_factory=dict)
    #: Template id -> processes that list it.
    template_users: Mapping[str, tuple[Process, ...]] = field(default_factory=dict)
    #: Policy values pages quote with `{{ fact("id") }}` (data/facts.yml).
    facts: Mapping[str, Fact] = field(default_factory=dict)
    #: The maturity model (data/maturity.yml), when the playbook has one.
    maturity: MaturityModel | None = None

    @property
    def docs(self) -> Iterator[Process | Template]:
        yield from self.processes.values()
        yield from self.templates.values()

    def used_by(self, template_id: str) -> tuple[Process, ...]:
        """Processes that list a template."""
        return self.template_users.get(template_id, ())

    def origins(self) -> Iterator[Origin]:
        """The origin of every object in the playbook."""
        for registry in (
            self.teams,
            self.roles,
            self.kpis,
            self.tools,
            self.terms,
            self.themes,
            self.facts,
        ):
            yield from (entry.origin for entry in registry.values())
        yield from (doc.origin for doc in self.docs)
        yield from (item.origin for item in self.roadmap.values())
        for release in self.releases:
            yield release.origin
            yield from (entry.origin for entry in release.entries)
        yield from (entry.origin for entry in self.unreleased)
        if self.maturity is not None:
            yield from self.maturity.origins()


def index_releases(releases: tuple[Release, ...]) -> dict[str, Release]:
    """Roadmap item id -> the oldest release that cites it. Linear in the number of entries."""
    shipped: dict[str, Release] = {}
    for release in sorted(releases, key=lambda r: r.key, reverse=True):
        for entry in release.entries:
            for item_id in entry.items:
                shipped[item_id] = release
    return shipped


def index_template_users(processes: Mapping[str, Process]) -> dict[str, tuple[Process, ...]]:
    users: dict[str, list[Process]] = {}
    for process in processes.values():
        for template_id in process.templates:
            users.setdefault(template_id, []).append(process)
    return {key: tuple(value) for key, value in users.items()}
