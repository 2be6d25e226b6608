"""What readers see of the git history: a footer on every page, the change list of a process, the
"Recent changes" page and its feed, and the "Roadmap changes" view.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass
from typing import TYPE_CHECKING

from plugins.core.history import format_date, slips
from plugins.core.render import atom, site
from plugins.core.render.pages import front
from plugins.core.render.roadmap import item_link
from plugins.core.render.text import attr, html_escape, html_table, md_link, md_text, table

if TYPE_CHECKING:
    from collections.abc import Mapping

    from plugins.core.history import FieldChange, FileHistory, HistoryIndex
    from plugins.core.model import Playbook


#: Commits recur on many pages (the same change touched them all): format each date once.
_format_date = functools.lru_cache(maxsize=8192)(format_date)


@dataclass(frozen=True, slots=True)
class HistoryView:
    """How history is shown: the time zone and where a file's history lives on the repository host."""

    timezone: str = "UTC"
    #: `{path}` is replaced by the repository path, e.g. https://github.com/o/r/commits/main/{path}
    history_url: str = ""

    def date(self, moment: dt.datetime) -> str:
        return _format_date(moment, self.timezone)

    def url(self, path: str) -> str:
        return self.history_url.replace("{path}", path) if self.history_url else ""


def page_footer(
    history: FileHistory | None,
    path: str,
    view: HistoryView,
    *,
    uncommitted: bool,
    contribute_url: str = "",
) -> str:
    """`Last updated <date> by <author> · N contributors · History`, or that it is not committed,
    followed by a link to the page on proposing a change without git when `contribute_url` is set.

    Raw HTML (escaped), so it adds no Markdown work to every page."""
    contribute = (
        f'<a href="{attr(contribute_url)}">Propose a change without git</a>'
        if contribute_url
        else ""
    )
    if history is None:
        parts = ["<em>Not committed yet: this page has no history.</em>"] if uncommitted else []
        if contribute:
            parts.append(contribute)
        if not parts:
            return ""
        return '\n\n<p class="pb-updated" data-search-exclude>' + " · ".join(parts) + "</p>\n"
    people = len(history.contributors)
    parts = [
        f"Last updated {view.date(history.updated.date)} by {html_escape(history.updated.author)}",
        f"{people} contributor{'s' if people != 1 else ''}",
    ]
    url = view.url(path)
    if url:
        parts.append(f'<a href="{attr(url)}">History</a>')
    if uncommitted:
        parts.append("<em>changed since, not committed yet</em>")
    if contribute:
        parts.append(contribute)
    return '\n\n<p class="pb-updated" data-search-exclude>' + " · ".join(parts) + "</p>\n"


def change_list(history: FileHistory | None, view: HistoryView, limit: int = 5) -> str:
    """The last commits that touched a process, with their subjects (HTML)."""
    if history is None or not history.recent:
        return ""
    rows = [
        [
            view.date(c.date),
            html_escape(c.author),
            html_escape(c.subject),
            f"<code>{c.sha[:7]}</code>",
        ]
        for c in history.recent[:limit]
    ]
    return '\n<h2 id="change-history">Change history</h2>\n' + html_table(
        ["Date", "Author", "Change", "Commit"], rows
    )


def recent_changes_page(
    index: HistoryIndex,
    titles: Mapping[str, tuple[str, str]],
    view: HistoryView,
    today: dt.date,
    days: int,
) -> str:
    """What changed in the playbook lately, grouped by day. `titles` maps repository paths to
    (title, docs-relative uri) of the pages they render into."""
    uri = site.RECENT_CHANGES
    out = [front("Recent changes", search=False)]
    out.append(
        f"Every change to the playbook's pages and data in the last {days} days, newest first. "
        f"Follow it with the [Atom feed](feed.xml).\n"
    )
    since = today - dt.timedelta(days=days)
    by_day: dict[str, list[str]] = defaultdict(list)
    for commit, paths in index.log:
        if commit.date.date() < since:
            break
        pages = sorted({titles[p] for p in paths if p in titles})
        if not pages:
            continue
        links = ", ".join(md_link(title, uri, target) for title, target in pages)
        by_day[view.date(commit.date)].append(
            f"- {md_text(commit.subject)} ({md_text(commit.author)}): {links}"
        )
    if not by_day:
        out.append(f"No change in the last {days} days.\n")
    for day, lines in by_day.items():
        out.append(f"## {day}\n")
        out.extend(lines)
        out.append("")
    return "\n".join(out)


def recent_changes_feed(
    index: HistoryIndex,
    titles: Mapping[str, tuple[str, str]],
    ctx: site.SiteContext,
    limit: int = 50,
) -> bytes:
    """The Recent changes page as an Atom feed: one entry per commit that changed a page."""
    url = ctx.absolute(site.RECENT_FEED)
    entries = []
    for commit, paths in index.log:
        pages = sorted({titles[p] for p in paths if p in titles})
        if not pages:
            continue
        entries.append(
            atom.Entry(
                f"{url}#{commit.sha}",
                commit.subject,
                commit.date,
                ctx.absolute(pages[0][1]),
                "Changed: " + ", ".join(title for title, _ in pages),
                author=commit.author,
            )
        )
        if len(entries) == limit:
            break
    return atom.document(
        feed_url=url,
        alternate_url=ctx.absolute(site.RECENT_CHANGES),
        title=f"{ctx.site_name}: recent changes",
        author=ctx.site_name,
        updated=entries[0].updated if entries else dt.datetime(1970, 1, 1, tzinfo=dt.UTC),
        entries=entries,
    )


def item_history(changes: tuple[FieldChange, ...], view: HistoryView) -> str:
    """The status and target moves of one roadmap item, for its section on the theme page (HTML:
    the details element pymdownx.details would produce)."""
    moves = [c for c in changes if c.old is not None]
    if not moves:
        return ""
    items = "".join(
        f"<li>{view.date(c.commit.date)}: {c.field} {html_escape(c.old or '')} → "
        f"<strong>{html_escape(c.new)}</strong> ({html_escape(c.commit.author)})</li>"
        for c in moves
    )
    slipped = slips(changes)
    note = f"<p>Target slipped {slipped} time{'s' if slipped != 1 else ''}.</p>" if slipped else ""
    return (
        f'<details class="note"><summary>History of this item ({len(moves)} changes)</summary>'
        f"{note}<ul>{items}</ul></details>\n"
    )


def roadmap_changes_page(
    pb: Playbook,
    changes: Mapping[str, tuple[FieldChange, ...]],
    view: HistoryView,
    today: dt.date,
    days: int = 90,
) -> str:
    """What moved on the roadmap lately: status, horizon, quarter and target changes per item, and
    how often each item's target slipped."""
    uri = site.ROADMAP_CHANGES
    out = [front("Roadmap changes", search=False)]
    since = today - dt.timedelta(days=days)
    out.append(
        f"What moved on the roadmap since {since.isoformat()} (the last {days} days), from the history "
        "of `data/roadmap/`: status, horizon, quarter and target changes, newest first.\n"
    )
    rows = []
    for item_id, item_changes in changes.items():
        item = pb.roadmap.get(item_id)
        if item is None:
            continue
        for change in item_changes:
            if change.old is None or change.commit.date.date() < since:
                continue
            rows.append(
                (
                    change.commit.date,
                    [
                        view.date(change.commit.date),
                        item_link(pb, item, uri),
                        md_text(pb.vocabulary.label(change.field)),
                        md_text(change.old),
                        f"**{md_text(change.new)}**",
                    ],
                )
            )
    rows.sort(key=lambda pair: pair[0], reverse=True)
    out.append(
        table(["Date", "Item", "Field", "From", "To"], [r for _, r in rows])
        or "Nothing moved in this period.\n"
    )
    slipping = sorted(
        (
            (slips(c), item_id)
            for item_id, c in changes.items()
            if item_id in pb.roadmap and slips(c)
        ),
        key=lambda pair: (-pair[0], pair[1]),
    )
    if slipping:
        out.append("## Targets that slipped\n")
        out.append(
            table(
                ["Item", "Slips", "Current target", "Status"],
                [
                    [
                        item_link(pb, pb.roadmap[i], uri),
                        str(n),
                        pb.roadmap[i].target.isoformat(),
                        md_text(pb.vocabulary.label(pb.roadmap[i].status)),
                    ]
                    for n, i in slipping
                ],
            )
        )
    return "\n".join(out)
