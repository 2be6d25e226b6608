"""Release notes: an index (newest first), one page per release with entries grouped by type
(breaking and security first), and the upcoming release from the pool of unreleased entries.
"""

from __future__ import annotations

from collections import defaultdict
from typing import TYPE_CHECKING

from plugins.core.render import site
from plugins.core.render.pages import front
from plugins.core.render.roadmap import item_link
from plugins.core.render.text import link, md_inline, md_link, md_text, table

if TYPE_CHECKING:
    from collections.abc import Iterable

    from plugins.core.model import Playbook, Release, ReleaseEntry


def release_entries(entries: Iterable[ReleaseEntry], pb: Playbook, uri: str, level: int = 2) -> str:
    """Entries grouped by type, breaking and security first, each linked to its roadmap items."""
    grouped: dict[str, list[ReleaseEntry]] = defaultdict(list)
    for entry in entries:
        grouped[entry.type].append(entry)
    out = []
    vocab = pb.vocabulary
    for kind in sorted(vocab.entry_types, key=lambda t: t.order):
        group = grouped.get(kind.id)
        if not group:
            continue
        anchor = f" {{#{kind.id}}}" if level == 2 else ""
        out.append(f"{'#' * level} {md_text(kind.heading)}{anchor}\n")
        for entry in group:
            line = f"- {md_inline(entry.text)}"
            refs = [item_link(pb.roadmap[i], uri) for i in entry.items if i in pb.roadmap]
            if refs:
                line += " (Roadmap: " + ", ".join(refs) + ")"
            audience = ", ".join(md_text(vocab.label(a)) for a in entry.audience)
            line += f' <span class="pb-audience">{audience}</span>'
            out.append(line)
        out.append("")
    return "\n".join(out)


def release_page(release: Release, pb: Playbook) -> str:
    uri = site.release_uri(release)
    out = [front(f"Release {release.version}")]
    out.append(
        f"*Released {release.date.isoformat()}.*"
        + (f" {md_text(release.summary)}" if release.summary else "")
        + "\n"
    )
    out.append(release_entries(release.entries, pb, uri))
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


def releases_index(pb: Playbook) -> str:
    uri = site.RELEASES
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
        counts: dict[str, int] = defaultdict(int)
        for entry in release.entries:
            counts[entry.type] += 1
        summary = ", ".join(
            f"{counts[t.id]} {md_text(t.heading.lower())}"
            for t in sorted(pb.vocabulary.entry_types, key=lambda t: t.order)
            if counts[t.id]
        )
        rows.append(
            [
                md_link(release.version, uri, site.release_uri(release)),
                release.date.isoformat(),
                md_text(release.summary),
                summary,
            ]
        )
    out.append(table(["Version", "Date", "Highlights", "Changes"], rows) or "No releases yet.\n")
    return "\n".join(out)


def upcoming_page(pb: Playbook) -> str:
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
    out.append(release_entries(pb.unreleased, pb, uri))
    return "\n".join(out)


def _example_type(pb: Playbook) -> str:
    """The entry type shown in the example command: `feature` where there is one."""
    ids = pb.vocabulary.entry_type_ids
    return "feature" if "feature" in ids else ids[0]
