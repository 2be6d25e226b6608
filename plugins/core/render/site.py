"""Where generated pages live, and the context every renderer receives."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt

    from plugins.core.checks import Report
    from plugins.core.model import Playbook, Process, Release, RoadmapItem, Template, Theme

PROCESSES = "processes/index.md"
TEMPLATES = "templates/index.md"
TEAMS = "people/teams.md"
ROLES = "people/roles.md"
KPIS = "metrics/kpis.md"
TOOLS = "tools/index.md"
GLOSSARY = "glossary.md"
ROADMAP = "roadmap/index.md"
ROADMAP_THEME = "roadmap/{theme}.md"
RELEASES = "releases/index.md"
RELEASE = "releases/{version}.md"
UPCOMING = "releases/upcoming.md"
REVIEWS = "reviews.md"
RULES = "reference/rules.md"
FORMATS = "reference/data-formats.md"
FEED = "releases/feed.xml"
ROADMAP_JSON = "exports/roadmap.json"
RELEASES_JSON = "exports/releases.json"
CALENDAR = "exports/playbook.ics"
ROADMAP_JS = "assets/playbook/roadmap.js"
STYLESHEET = "assets/playbook/playbook.css"


def theme_uri(theme: Theme | str) -> str:
    return ROADMAP_THEME.format(theme=theme if isinstance(theme, str) else theme.id)


def release_uri(release: Release | str) -> str:
    return RELEASE.format(version=release if isinstance(release, str) else release.version)


def item_uri(item: RoadmapItem) -> tuple[str, str]:
    """The page and anchor of a roadmap item: its theme's page, at the item's id."""
    return theme_uri(item.theme), item.id


def doc_uri(doc: Process | Template) -> str:
    return doc.src_uri


@dataclass(frozen=True, slots=True)
class Generated:
    """A page or file that exists only in the build (a virtual file)."""

    uri: str
    content: str | bytes
    #: The repository file behind it: its "edit this page" link points there.
    source: str | None = None


@dataclass(frozen=True, slots=True)
class SiteContext:
    """What renderers need to know beyond the model."""

    today: dt.date
    site_url: str = ""
    site_name: str = "Playbook"
    repo_url: str = ""
    data_dir: str = "data"
    #: The last check report, for the reviews page (optional).
    report: Report | None = None
    #: Git facts per repository path, when the history plugin provides them.
    extra: dict[str, object] = field(default_factory=dict)

    def absolute(self, uri: str) -> str:
        """Absolute URL of a docs-relative page or file (directory URLs)."""
        base = self.site_url.rstrip("/") + "/" if self.site_url else "/"
        if uri.endswith("index.md"):
            path = uri[: -len("index.md")]
        elif uri.endswith(".md"):
            path = uri[:-3] + "/"
        else:
            path = uri
        return base + path


def playbook_stats(playbook: Playbook) -> dict[str, int]:
    return {
        "processes": len(playbook.processes),
        "templates": len(playbook.templates),
        "roadmap_items": len(playbook.roadmap),
        "releases": len(playbook.releases),
        "release_entries": sum(len(r.entries) for r in playbook.releases),
    }
