"""Release notes: an index (newest first), one page per release with entries grouped by type
(breaking and security first), and the upcoming release from the pool of unreleased entries.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from plugins.core.render import site
from plugins.core.render.pages import front, item_html
from plugins.core.render.richtext import excerpt, md_block
from plugins.core.render.text import Linker, html_escape, html_table, link, md_link, md_text

if TYPE_CHECKING:
    from collections.abc import Iterable

    from plugins.core.model import Playbook, Release, ReleaseEntry
    from plugins.core.vocabulary import EntryType


def _grouped(
    entries: Iterable[ReleaseEntry], pb: Playbook
) -> list[tuple[EntryType, list[ReleaseEntry]]]:
    """Entries by type, in the vocabulary's display order (what can break a reader first)."""
    grouped: dict[str, list[ReleaseEntry]] = defaultdict(list)
    for entry in entries:
        grouped[entry.type].append(entry)
    kinds = sorted(pb.vocabulary.entry_types, key=lambda t: t.order)
    return [(kind, grouped[kind.id]) for kind in kinds if grouped.get(kind.id)]


def entry_html(entry: ReleaseEntry, pb: Playbook, a: Linker) -> str:
    """One entry as a list item: its text as Markdown, then its roadmap items and audiences.

    A text of several paragraphs (or a long one) folds into a `<details>` whose summary is its
    first paragraph: the page stays scannable, the whole text is one click away, no script needed.
    """
    refs = [item_html(pb, a, pb.roadmap[i]) for i in entry.items if i in pb.roadmap]
    meta = []
    if refs:
        meta.append("Roadmap: " + ", ".join(refs))
    audience = ", ".join(html_escape(pb.vocabulary.label(x)) for x in entry.audience)
    meta_html = (
        " · ".join(meta) + " " if meta else ""
    ) + f'<span class="pb-audience">{audience}</span>'
    short = excerpt(entry.text, ENTRY_EXCERPT)
    if short.truncated:
        body = (
            f'<details class="pb-entry"><summary>{short.html}</summary>'
            f"{md_block(entry.text)}</details>"
        )
    else:
        body = md_block(entry.text)
    return f'<li>{body}<p class="pb-entry-meta">{meta_html}</p></li>\n'


#: Characters of an entry's text shown before it folds (see `entry_html`).
ENTRY_EXCERPT = 240


def release_entries(
    entries: Iterable[ReleaseEntry],
    pb: Playbook,
    uri: str,
    level: int = 2,
    directory_urls: bool = True,
) -> str:
    """Entries grouped by type, breaking and security first, each linked to its roadmap items.

    Each type is a heading (with the type as its anchor at level 2) followed by its entries in a
    `<details>` block readers can fold; the entries are raw HTML with their text rendered as
    Markdown (see `richtext.md_block`)."""
    a = Linker(uri, directory_urls)
    out = []
    for kind, group in _grouped(entries, pb):
        anchor = f" {{#{kind.id}}}" if level == 2 else ""
        out.append(f"{'#' * level} {md_text(kind.heading)}{anchor}\n")
        items = "".join(entry_html(e, pb, a) for e in group)
        count = f"{len(group)} {'entry' if len(group) == 1 else 'entries'}"
        out.append(
            f'<details class="pb-entries" open><summary>{count}</summary>\n'
            f'<ul class="pb-entry-list">\n{items}</ul>\n</details>\n'
        )
    return "\n".join(out)


def _counts_line(release: Release, pb: Playbook) -> str:
    return ", ".join(
        f"{len(g)} {html_escape(t.heading.lower())}" for t, g in _grouped(release.entries, pb)
    )


def release_page(release: Release, pb: Playbook, directory_urls: bool = True) -> str:
    uri = site.release_uri(release)
    a = Linker(uri, directory_urls)
    out = [front(f"Release {release.version}")]
    out.append(f"*Released {release.date.isoformat()}.*\n")
    if release.summary:
        out.append(md_block(release.summary) + "\n")
    groups = _grouped(release.entries, pb)
    if groups:
        rows = [
            [
                a(kind.heading, uri, kind.id),
                str(len(group)),
                html_escape(
                    ", ".join(sorted({pb.vocabulary.label(x) for e in group for x in e.audience}))
                ),
            ]
            for kind, group in groups
        ]
        out.append(
            '<div class="pb-release-glance">\n'
            + html_table(["Changes", "Entries", "For"], rows)
            + "</div>\n"
        )
    out.append(release_entries(release.entries, pb, uri, directory_urls=directory_urls))
    position = pb.releases.index(release)
    nav = []
    if position + 1 < len(pb.releases):
        older = pb.releases[position + 1]
        nav.append("Previous: " + md_link(older.version, uri, site.release_uri(older)))
    if position > 0:
        newer = pb.releases[position - 1]
        nav.append("Next: " + md_link(newer.version, uri, site.release_uri(newer)))
    nav.append(md_link("All releases", uri, site.RELEASES))
    out.append(" · ".join(nav) + "\n")
    return "\n".join(out)


def release_highlights(
    release: Release, pb: Playbook, uri: str, limit: int = 5, directory_urls: bool = True
) -> str:
    """A release in a few lines, for the home page: its date, the first paragraph of its summary,
    what changed by type, its first `limit` entries (breaking and security first) and a link to
    the whole release."""
    a = Linker(uri, directory_urls)
    page = site.release_uri(release)
    summary = excerpt(release.summary)
    title = a(f"Release {release.version}", page)
    said = f": {summary.html}" if summary.html else ""
    lines = [f"<p><strong>{title}</strong> ({release.date.isoformat()}){said}</p>"]
    counts = _counts_line(release, pb)
    if counts:
        lines.append(f"<p>{counts}.</p>")
    firsts = [(k, e) for k, group in _grouped(release.entries, pb) for e in group][:limit]
    if firsts:
        items = "".join(
            f'<li><span class="pb-entry-type">{html_escape(k.heading)}:</span> '
            f"{excerpt(e.text, 160).html}</li>"
            for k, e in firsts
        )
        lines.append(f'<ul class="pb-highlights">{items}</ul>')
    total = len(release.entries)
    lines.append(
        f"<p>{a(f'All {total} changes in {release.version}', page)} · "
        f"{a('Every release', site.RELEASES)}</p>"
    )
    return '<div class="pb-release-highlights">\n' + "\n".join(lines) + "\n</div>\n"


def releases_index(pb: Playbook, directory_urls: bool = True) -> str:
    uri = site.RELEASES
    a = Linker(uri, directory_urls)
    out = [front("Release notes", search=False)]
    out.append(
        f"Every release of {md_text(pb.vocabulary.name)}, newest first, generated from "
        "`data/releases/`. "
        f"Subscribe with the [Atom feed]({link(uri, site.FEED)}) or add the "
        f"[release calendar]({link(uri, site.CALENDAR)}); see what is coming in "
        f"{md_link('Upcoming', uri, site.UPCOMING)}.\n"
    )
    rows = []
    for release in pb.releases:
        page = site.release_uri(release)
        summary = excerpt(release.summary)
        more = f" {a('More…', page)}" if summary.truncated else ""
        rows.append(
            [
                a(release.version, page),
                f'<span class="pb-nowrap">{release.date.isoformat()}</span>',
                summary.html + more,
                _counts_line(release, pb),
            ]
        )
    out.append(
        html_table(["Version", "Date", "Highlights", "Changes"], rows) or "No releases yet.\n"
    )
    return "\n".join(out)


def upcoming_page(pb: Playbook, directory_urls: bool = True) -> str:
    uri = site.UPCOMING
    out = [front("Upcoming release")]
    if not pb.unreleased:
        out.append(
            "Nothing is waiting for the next release. Add an entry with "
            f'`playbook release entry --type {_example_type(pb)} --text "..."`.\n'
        )
        return "\n".join(out)
    last = pb.releases[0].version if pb.releases else "the first release"
    out.append(
        f"Changes merged since {last} that will go into the next release: one file each under "
        "`data/releases/unreleased/`, moved into a release by `playbook release cut`.\n"
    )
    out.append(release_entries(pb.unreleased, pb, uri, directory_urls=directory_urls))
    return "\n".join(out)


def _example_type(pb: Playbook) -> str:
    """The entry type shown in the example command: `feature` where there is one."""
    ids = pb.vocabulary.entry_type_ids
    return "feature" if "feature" in ids else ids[0]
