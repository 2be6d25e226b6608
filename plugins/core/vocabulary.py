"""The organisation's vocabulary: every status, type, stage, audience and limit the checks and
renderers know, as one typed, frozen `Vocabulary`.

The defaults here are generic. An organisation overrides them in its vocabulary file
(`data/vocabulary.yml` by default; see `plugins.core.vocabulary_file`), and the loaded value travels
as `Settings.vocabulary` and `Playbook.vocabulary`: schemas, checks, renderers, the CLI and the
reference pages take it from there. Only formats that are not a matter of vocabulary (id, version
and quarter patterns, the scaffold marker) stay module constants.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final, Literal, TypeVar

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

T = TypeVar("T")

SemverImpact = Literal["major", "minor", "patch", "none"]
StatusMeaning = Literal["open", "done", "dropped"]
PageMeaning = Literal["draft", "active", "deprecated", "retired"]
OwnerForm = Literal["team", "github-team", "github-user"]
IdScope = Literal["global", "per-kind"]
Versioning = Literal["semver", "free"]

SEMVER_IMPACTS: Final = ("major", "minor", "patch", "none")
STATUS_MEANINGS: Final = ("open", "done", "dropped")
PAGE_MEANINGS: Final = ("draft", "active", "deprecated", "retired")
OWNER_FORMS: Final = ("team", "github-team", "github-user")
ID_SCOPES: Final = ("global", "per-kind")
VERSIONINGS: Final = ("semver", "free")

#: Kinds of Markdown page that carry structured front matter (each has its own model class).
PAGE_KINDS: Final = ("process", "template")

RACI_KEYS: Final = ("responsible", "accountable", "consulted", "informed")

#: Keys an organisation may make optional, per kind of data (`optional_keys`).
OPTIONAL_KEYS: Final = {
    "roadmap-item": ("summary", "problem", "metrics"),
    "release": ("summary",),
}

KPI_DIRECTIONS: Final = ("up", "down")

#: Length in days of the reporting periods whose names say it: a KPI cadence with one of these
#: ids gets a staleness check (PB903); other cadence ids are not checked.
CADENCE_DAYS: Final = {
    "daily": 1,
    "weekly": 7,
    "fortnightly": 14,
    "biweekly": 14,
    "monthly": 31,
    "quarterly": 92,
    "half-yearly": 183,
    "semiannual": 183,
    "yearly": 366,
    "annual": 366,
    "annually": 366,
}

#: Review intervals are whole days within these bounds.
REVIEW_INTERVAL_MIN_DAYS: Final = 14
REVIEW_INTERVAL_MAX_DAYS: Final = 730
DEFAULT_REVIEW_GRACE_DAYS: Final = 30
DEFAULT_REVIEW_SOON_DAYS: Final = 30

#: Identifiers: lowercase words joined by hyphens. Safe as file names and URL parts.
ID_PATTERN: Final = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
ID_MAX_LENGTH: Final = 64
VERSION_PATTERN: Final = r"^(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$"
QUARTER_PATTERN: Final = r"^[0-9]{4}-Q[1-4]$"
HANDLE_PATTERN: Final = r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$"
CHANNEL_PATTERN: Final = r"^#[a-z0-9][a-z0-9._-]*$"
#: Owner handles: `@user` and `@org/team` (GitHub's forms, also what CODEOWNERS takes).
GITHUB_USER_PATTERN: Final = r"@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})"
GITHUB_TEAM_PATTERN: Final = r"@[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})/[A-Za-z0-9](?:[A-Za-z0-9._-]*)"

#: Marks text left for the author by `playbook new`; the checks flag it until it is replaced.
UNWRITTEN_MARKER: Final = "✎"


# ---- The parts ----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EntryType:
    """A kind of release entry."""

    id: str
    #: Heading of the group on release pages ("New features").
    heading: str
    #: Display position: lower first. Unique.
    order: int
    #: Whether each entry of this type must cite a roadmap item (`items`).
    requires_item: bool = False
    #: What an entry of this type does to the version number.
    semver: SemverImpact = "minor"


@dataclass(frozen=True, slots=True)
class RoadmapStatus:
    """A roadmap item status and what it means to the board, the feeds and the checks."""

    id: str
    label: str
    meaning: StatusMeaning
    #: Colour of the status's bars on the timeline (done and open statuses only).
    colour: str = "#9e9e9e"


@dataclass(frozen=True, slots=True)
class PageStatus:
    """A lifecycle status of a process or template page."""

    id: str
    label: str
    #: draft: being written; active: in use; deprecated: replaced but shown; retired: hidden.
    meaning: PageMeaning


@dataclass(frozen=True, slots=True)
class RequiredSections:
    """Level-2 headings a page of one kind must have, in this order."""

    kind: str
    sections: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class TextLimits:
    """Most characters each kind of text field may hold."""

    #: Long text: descriptions, summaries of items and releases, entry texts, problems.
    text: int = 2000
    #: Titles of pages and roadmap items.
    title: int = 120
    #: One-line summaries of process and template pages.
    summary: int = 300
    #: Display names of teams, roles, KPIs, tools, terms and themes.
    name: int = 80


_ENTRY_TYPES: Final = (
    EntryType("breaking", "Breaking changes", 1, semver="major"),
    EntryType("security", "Security", 2, semver="patch"),
    EntryType("deprecation", "Deprecations", 3, semver="minor"),
    EntryType("feature", "New features", 4, semver="minor"),
    EntryType("improvement", "Improvements", 5, semver="minor"),
    EntryType("fix", "Fixes", 6, semver="patch"),
)
_ROADMAP_STATUSES: Final = (
    RoadmapStatus("proposed", "Proposed", "open", "#9e9e9e"),
    RoadmapStatus("planned", "Planned", "open", "#3f51b5"),
    RoadmapStatus("in-progress", "In progress", "open", "#fb8c00"),
    RoadmapStatus("shipped", "Shipped", "done", "#2e7d32"),
    RoadmapStatus("cancelled", "Cancelled", "dropped"),
)
_PAGE_STATUSES: Final = (
    PageStatus("draft", "Draft", "draft"),
    PageStatus("active", "Active", "active"),
    PageStatus("deprecated", "Deprecated", "deprecated"),
    PageStatus("retired", "Retired", "retired"),
)


# ---- The vocabulary -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """Everything an organisation names: configured once, used by every check and page.

    Hashable (tuples throughout), so what is derived from it (schemas) is cached per vocabulary.
    """

    #: The product or organisation named in generated text ("Every release of ...").
    name: str = "the product"
    entry_types: tuple[EntryType, ...] = _ENTRY_TYPES
    audiences: tuple[str, ...] = ("everyone", "users", "admins", "developers")
    roadmap_statuses: tuple[RoadmapStatus, ...] = _ROADMAP_STATUSES
    horizons: tuple[str, ...] = ("now", "next", "later")
    page_statuses: tuple[PageStatus, ...] = _PAGE_STATUSES
    #: Where in the product lifecycle a process sits, in order.
    stages: tuple[str, ...] = ("discover", "plan", "build", "launch", "measure", "operate")
    required_sections: tuple[RequiredSections, ...] = (
        RequiredSections("process", ("Purpose", "When to use", "Steps", "Roles", "Outputs")),
        RequiredSections("template", ("How to use", "Template")),
    )
    #: (kind, key) pairs made optional; see `OPTIONAL_KEYS` for what may be.
    optional_keys: tuple[tuple[str, str], ...] = ()
    text_limits: TextLimits = field(default_factory=TextLimits)
    #: Forms an `owner` may take: a team id, a GitHub `@org/team`, a GitHub `@user`.
    owner_forms: tuple[OwnerForm, ...] = ("team",)
    #: Whether an id must be unique across every kind, or only among its own kind.
    id_scope: IdScope = "global"
    #: `semver`: a release must move its version at least as far as its entry types' `semver`
    #: impacts say (PB411); `free`: versions only have to increase.
    versioning: Versioning = "free"
    kpi_categories: tuple[str, ...] = ("product-ops", "product")
    kpi_cadences: tuple[str, ...] = ("weekly", "monthly", "quarterly")
    tool_statuses: tuple[str, ...] = ("trial", "adopted", "hold", "retiring")
    tool_categories: tuple[str, ...] = (
        "delivery",
        "analytics",
        "feedback",
        "research",
        "experimentation",
        "design",
        "communication",
        "documentation",
        "support",
        "data",
    )
    #: Display labels of values whose capitalised form is not right ("product-ops": "Product ops").
    labels: tuple[tuple[str, str], ...] = (("product-ops", "Product operations"),)

    # ---- Lookups ----

    def label(self, value: str) -> str:
        """Human label of a value: a configured label, else `in-progress` -> `In progress`."""
        return _labels(self).get(value) or value.replace("-", " ").capitalize()

    @property
    def entry_type_ids(self) -> tuple[str, ...]:
        """Entry type ids in display order."""
        return tuple(t.id for t in sorted(self.entry_types, key=lambda t: t.order))

    def entry_type(self, ident: str) -> EntryType | None:
        return next((t for t in self.entry_types if t.id == ident), None)

    def entry_order(self, ident: str) -> int:
        """Display position of an entry type (unknown types last)."""
        found = self.entry_type(ident)
        return found.order if found is not None else 1 << 30

    @property
    def status_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.roadmap_statuses)

    def statuses(self, meaning: StatusMeaning) -> tuple[str, ...]:
        """Roadmap status ids with this meaning, in configured order."""
        return tuple(s.id for s in self.roadmap_statuses if s.meaning == meaning)

    def status_meaning(self, status: str) -> StatusMeaning | None:
        return next((s.meaning for s in self.roadmap_statuses if s.id == status), None)

    def is_done(self, status: str) -> bool:
        return self.status_meaning(status) == "done"

    def is_dropped(self, status: str) -> bool:
        return self.status_meaning(status) == "dropped"

    def is_open(self, status: str) -> bool:
        return self.status_meaning(status) == "open"

    @property
    def done_status(self) -> str:
        """The status `release cut` gives the items a release ships (the first `done` one)."""
        return self.statuses("done")[0]

    @property
    def underway_status(self) -> str:
        """The open status nearest to done ("in progress"): an item in it past its target is
        stale."""
        return self.statuses("open")[-1]

    @property
    def first_status(self) -> str:
        """The status a new roadmap item starts in (the first `open` one)."""
        return self.statuses("open")[0]

    def status_colour(self, status: str) -> str:
        return next((s.colour for s in self.roadmap_statuses if s.id == status), "#9e9e9e")

    @property
    def page_status_ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.page_statuses)

    def page_statuses_meaning(self, *meanings: PageMeaning) -> tuple[str, ...]:
        return tuple(s.id for s in self.page_statuses if s.meaning in meanings)

    def page_meaning(self, status: str) -> PageMeaning | None:
        return next((s.meaning for s in self.page_statuses if s.id == status), None)

    @property
    def inactive_page_statuses(self) -> tuple[str, ...]:
        """Statuses other active pages must not depend on."""
        return self.page_statuses_meaning("deprecated", "retired")

    def is_retired(self, status: str) -> bool:
        return self.page_meaning(status) == "retired"

    def is_active_page(self, status: str) -> bool:
        return self.page_meaning(status) == "active"

    @property
    def draft_status(self) -> str:
        """The status `playbook new` gives a page (the first `draft`, else the first)."""
        drafts = self.page_statuses_meaning("draft")
        return drafts[0] if drafts else self.page_statuses[0].id

    def sections(self, kind: str) -> tuple[str, ...]:
        return next((r.sections for r in self.required_sections if r.kind == kind), ())

    def is_optional(self, kind: str, key: str) -> bool:
        return (kind, key) in self.optional_keys

    def owner_is_team(self, owner: str) -> bool:
        """Whether an owner value names a team id (rather than a GitHub handle)."""
        return not owner.startswith("@")

    def semver_impact(self, entry_types: Iterator[str] | tuple[str, ...]) -> SemverImpact:
        """The largest version bump the given entry types call for."""
        rank = {impact: i for i, impact in enumerate(SEMVER_IMPACTS)}
        best: SemverImpact = "none"
        for ident in entry_types:
            found = self.entry_type(ident)
            if found is not None and rank[found.semver] < rank[best]:
                best = found.semver
        return best


def per_vocabulary(compute: Callable[[Vocabulary], T]) -> Callable[[Vocabulary], T]:
    """`compute(vocab)`, kept for the vocabulary asked for last: every page asks again for the
    same one, and a cache keyed by a vocabulary hashes all of it on every call."""
    last: list[Any] = []

    def for_vocabulary(vocab: Vocabulary) -> T:
        if not last or last[0] is not vocab:
            last[:] = [vocab, compute(vocab)]
        found: T = last[1]
        return found

    return for_vocabulary


@per_vocabulary
def _labels(vocab: Vocabulary) -> dict[str, str]:
    """The configured labels of `vocab`."""
    labels = {s.id: s.label for s in vocab.roadmap_statuses}
    labels.update((s.id, s.label) for s in vocab.page_statuses)
    labels.update(vocab.labels)
    return labels


#: The generic defaults (an organisation's file overrides any part).
DEFAULT: Final = Vocabulary()
