"""The controlled vocabulary: every status, type and stage the checks and renderers know.

This is the only place these values are spelled. Schemas, checks, renderers, the CLI and the
reference pages import them from here.
"""

from __future__ import annotations

from typing import Final

#: Lifecycle of a process or template page.
PAGE_STATUSES: Final = ("draft", "active", "deprecated", "retired")
#: Statuses that other active pages must not depend on.
INACTIVE_PAGE_STATUSES: Final = ("deprecated", "retired")

#: Where in the product lifecycle a process sits, in order.
STAGES: Final = ("discover", "plan", "build", "launch", "measure", "operate")

#: Kinds of Markdown page that carry structured front matter.
PAGE_KINDS: Final = ("process", "template")

#: Sections a page of each kind must have, as level-2 headings, in this order.
REQUIRED_SECTIONS: Final = {
    "process": ("Purpose", "When to use", "Steps", "Roles", "Outputs"),
    "template": ("How to use", "Template"),
}

RACI_KEYS: Final = ("responsible", "accountable", "consulted", "informed")

#: Roadmap item statuses, in the order an item normally moves through them.
ROADMAP_STATUSES: Final = ("proposed", "planned", "in-progress", "shipped", "cancelled")
HORIZONS: Final = ("now", "next", "later")

#: Release entry types in display order: what can break a reader comes first.
ENTRY_TYPES: Final = ("breaking", "security", "deprecation", "feature", "improvement", "fix")
AUDIENCES: Final = ("everyone", "admins", "dispatchers", "technicians", "developers", "finance")

KPI_CATEGORIES: Final = ("product-ops", "product")
KPI_DIRECTIONS: Final = ("up", "down")
KPI_CADENCES: Final = ("weekly", "monthly", "quarterly")

TOOL_STATUSES: Final = ("trial", "adopted", "hold", "retiring")
TOOL_CATEGORIES: Final = (
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

#: Marks text left for the author by `playbook new`; the checks flag it until it is replaced.
UNWRITTEN_MARKER: Final = "✎"

LABELS: Final = {
    "in-progress": "In progress",
    "product-ops": "Product ops",
}


def label(value: str) -> str:
    """Human label of a vocabulary value: `in-progress` becomes `In progress`."""
    return LABELS.get(value) or value.replace("-", " ").capitalize()
