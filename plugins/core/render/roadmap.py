"""The roadmap: a Now / Next / Later board, one page per theme (an anchor per item) and a timeline
drawn as SVG at build time.

The board is plain HTML (with Markdown inside, so MkDocs resolves and validates every link). Every
card carries `data-theme`, `data-status` and `data-owner`; a small script filters them. Without
JavaScript the filter form stays hidden and every item shows.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import TYPE_CHECKING

from plugins.core.render import site
from plugins.core.render.pages import front, owner_html, status_chip, team_link
from plugins.core.render.text import Linker, attr, html_escape, link, md_link, md_text

if TYPE_CHECKING:
    from plugins.core.model import Playbook, RoadmapItem
    from plugins.core.vocabulary import Vocabulary


def _status_order(vocab: Vocabulary) -> dict[str, int]:
    """Display order: what is moving first (open statuses, latest first), then what is done,
    then what was dropped."""
    order = (*reversed(vocab.statuses("open")), *vocab.statuses("done"), *vocab.statuses("dropped"))
    return {s: i for i, s in enumerate(order)}


def _sorted(items: list[RoadmapItem], vocab: Vocabulary) -> list[RoadmapItem]:
    order = _status_order(vocab)
    return sorted(items, key=lambda i: (order.get(i.status, 0), i.target, i.title.lower()))


def item_link(item: RoadmapItem, from_uri: str) -> str:
    page, anchor = site.item_uri(item)
    return md_link(item.title, from_uri, page, anchor)


def _card(item: RoadmapItem, pb: Playbook, a: Linker) -> str:
    """A board card: raw HTML (cheap to build for thousands of items) with precomputed links."""
    theme = pb.themes.get(item.theme)
    release = pb.shipped_in.get(item.id)
    page, anchor = site.item_uri(item)
    lines = [
        f"<strong>{a(item.title, page, anchor)}</strong>",
        " · ".join(
            (
                status_chip(item.status, pb.vocabulary),
                html_escape(theme.name if theme else item.theme),
            )
        ),
        (
            f"Owner: {owner_html(pb, a, item.owner)} · Target: "
            f"{item.target.isoformat()} ({item.quarter})"
        ),
    ]
    if release is not None:
        lines.append("Shipped in " + a(release.version, site.release_uri(release)))
    deps = [pb.roadmap[d] for d in item.depends_on if d in pb.roadmap]
    if deps:
        lines.append("Depends on: " + ", ".join(a(d.title, *site.item_uri(d)) for d in deps))
    body = "<br>".join(lines)
    return (
        f'<div class="pb-card" data-theme="{attr(item.theme)}" data-status="{attr(item.status)}" '
        f'data-owner="{attr(item.owner)}"><p>{body}</p></div>\n'
    )


def _filters(pb: Playbook) -> str:
    def select(name: str, label: str, options: list[tuple[str, str]]) -> str:
        opts = "".join(
            f'<option value="{attr(value)}">{html_escape(text)}</option>' for value, text in options
        )
        return (
            f'<label>{label} <select name="{name}" data-filter="{name}">'
            f'<option value="">All</option>{opts}</select></label>'
        )

    themes = [(t.id, t.name) for t in pb.themes.values()]
    vocab = pb.vocabulary
    statuses = [  # dropped items have no card
        (s.id, vocab.label(s.id)) for s in vocab.roadmap_statuses if s.meaning != "dropped"
    ]
    owners = sorted({i.owner for i in pb.roadmap.values()})
    teams = [(o, pb.teams[o].name if o in pb.teams else o) for o in owners]
    return (
        '<form class="pb-filters" hidden data-pb-filters>'
        + select("theme", "Theme", themes)
        + select("status", "Status", statuses)
        + select("owner", "Owner", teams)
        + '<output class="pb-filter-count" aria-live="polite"></output></form>\n'
    )


def roadmap_page(pb: Playbook, ctx: site.SiteContext) -> str:
    uri = site.ROADMAP
    today = ctx.today
    a = Linker(uri, ctx.directory_urls)
    out = [front("Roadmap", search=False, hide=["toc"])]
    out.append(
        "What we are building now, next and later, generated from `data/roadmap/`. Each item links "
        "to its details and, once shipped, to the release that delivered it. Also available as "
        f"[JSON]({link(uri, site.ROADMAP_JSON)}) and in the "
        f"[calendar]({link(uri, site.CALENDAR)})."
        + (
            f" What moved lately: [roadmap changes]({link(uri, site.ROADMAP_CHANGES)})."
            if ctx.history
            else ""
        )
        + "\n"
    )
    out.append(_filters(pb))
    columns: dict[str, list[RoadmapItem]] = defaultdict(list)
    shipped: list[RoadmapItem] = []
    vocab = pb.vocabulary
    for item in pb.roadmap.values():
        if vocab.is_done(item.status):
            shipped.append(item)
        elif not vocab.is_dropped(item.status):
            columns[item.horizon].append(item)
    columns_html = []
    for horizon in vocab.horizons:
        cards = "".join(_card(i, pb, a) for i in _sorted(columns.get(horizon, []), vocab))
        columns_html.append(
            f'<section class="pb-column" aria-labelledby="col-{horizon}">'
            f'<h2 id="col-{horizon}">{html_escape(vocab.label(horizon))}</h2>\n{cards}</section>\n'
        )
    out.append('<div class="pb-board">\n' + "".join(columns_html) + "</div>\n")
    out.append("## Timeline\n")
    out.append(timeline_svg(pb, today) + "\n")
    if shipped:
        out.append("## Recently shipped\n")
        recent = sorted(shipped, key=lambda i: i.target, reverse=True)[:12]
        out.append(
            '<div class="pb-grid">\n' + "".join(_card(i, pb, a) for i in recent) + "</div>\n"
        )
    out.append("## By theme\n")
    for theme in pb.themes.values():
        count = sum(1 for i in pb.roadmap.values() if i.theme == theme.id)
        out.append(
            f"- {md_link(theme.name, uri, site.theme_uri(theme))}: {count} items. {md_text(theme.description)}"
        )
    cancelled = [i for i in pb.roadmap.values() if vocab.is_dropped(i.status)]
    if cancelled:
        dropped = vocab.statuses("dropped")
        heading = vocab.label(dropped[0]) if len(dropped) == 1 else "Dropped"
        out.append(f"\n## {md_text(heading)}\n")
        out.extend(
            f"- {item_link(i, uri)}" for i in sorted(cancelled, key=lambda i: i.title.lower())
        )
    return "\n".join(out) + "\n"


def dependants_index(pb: Playbook) -> dict[str, list[RoadmapItem]]:
    """Item id -> the items that depend on it."""
    needed_by: dict[str, list[RoadmapItem]] = defaultdict(list)
    for item in pb.roadmap.values():
        for dep in item.depends_on:
            needed_by[dep].append(item)
    return needed_by


def theme_page(
    pb: Playbook,
    theme_id: str,
    needed_by: dict[str, list[RoadmapItem]],
    history: dict[str, str] | None = None,
    directory_urls: bool = True,
) -> str:
    """All items of one theme, each under a heading whose anchor is the item's id."""
    theme = pb.themes[theme_id]
    uri = site.theme_uri(theme)
    out = [front(f"Roadmap: {theme.name}")]
    out.append(f"{md_text(theme.description)} Owner: {team_link(pb, theme.owner, uri)}.\n")
    items = _sorted([i for i in pb.roadmap.values() if i.theme == theme_id], pb.vocabulary)
    if not items:
        out.append("No roadmap items in this theme yet.\n")
    history = history or {}
    a = Linker(uri, directory_urls)
    out.extend(
        item_section(i, pb, a, needed_by.get(i.id, []), history.get(i.id, "")) for i in items
    )
    return "\n".join(out)


def item_section(
    item: RoadmapItem, pb: Playbook, a: Linker, dependants: list[RoadmapItem], history: str = ""
) -> str:
    """One item: a Markdown heading (its anchor is the item's id; a search section) and an HTML body."""
    release = pb.shipped_in.get(item.id)
    vocab = pb.vocabulary
    facts = [
        ("Status", status_chip(item.status, vocab)),
        ("Horizon", html_escape(vocab.label(item.horizon))),
        ("Owner", owner_html(pb, a, item.owner)),
        ("Target", f"{item.target.isoformat()} ({item.quarter})"),
    ]
    if item.start:
        facts.append(("Start", item.start.isoformat()))
    if release is not None:
        facts.append(("Shipped in", a(f"Release {release.version}", site.release_uri(release))))
    facts.append(("Id", f"<code>{html_escape(item.id)}</code>"))
    details = []
    deps = [pb.roadmap[d] for d in item.depends_on if d in pb.roadmap]
    if deps:
        details.append(("Depends on", ", ".join(a(d.title, *site.item_uri(d)) for d in deps)))
    if dependants:
        details.append(("Needed by", ", ".join(a(d.title, *site.item_uri(d)) for d in dependants)))
    related = [pb.roadmap[r] for r in item.related if r in pb.roadmap]
    if related:
        details.append(("Related", ", ".join(a(r.title, *site.item_uri(r)) for r in related)))
    procs = [pb.processes[p] for p in item.processes if p in pb.processes]
    if procs:
        details.append(("Processes", ", ".join(a(p.title, p.src_uri) for p in procs)))
    kpis = [pb.kpis[k] for k in item.metrics if k in pb.kpis]
    if kpis:
        details.append(("Success metrics", ", ".join(a(k.name, site.KPIS, k.id) for k in kpis)))
    details.append(("Source", f"<code>{html_escape(item.origin.path)}</code>"))

    def lines(pairs: list[tuple[str, str]]) -> str:
        return "<br>\n".join(f"<strong>{label}:</strong> {value}" for label, value in pairs)

    body = (
        (f"<p>{html_escape(item.summary)}</p>\n" if item.summary else "")
        + f"<p>{lines(facts)}</p>\n"
        + (
            f"<p><strong>Customer problem.</strong> {html_escape(item.problem)}</p>\n"
            if item.problem
            else ""
        )
        + f"<p>{lines(details)}</p>\n"
    )
    return f"## {md_text(item.title)} {{#{item.id}}}\n\n{body}{history}\n"


# ---- Timeline ---------------------------------------------------------------------------------

_ROW, _LANE_GAP, _LEFT, _WIDTH, _TOP = 16, 10, 170, 980, 34


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def _add_quarters(day: dt.date, count: int) -> dt.date:
    month = day.month - 1 + 3 * count
    return dt.date(day.year + month // 12, month % 12 + 1, 1)


def timeline_svg(pb: Playbook, today: dt.date, max_per_theme: int = 12) -> str:
    """Items as bars from start to target, one lane per theme, quarters on the x axis, today marked.

    The window runs from two quarters before today to five after; cancelled items are left out and
    each lane shows at most `max_per_theme` items (the ones whose target is nearest to today).
    """
    first = _add_quarters(_quarter_start(today), -2)
    last = _add_quarters(_quarter_start(today), 6)
    span = (last - first).days

    def x(day: dt.date) -> float:
        clamped = min(max(day, first), last)
        return _LEFT + (clamped - first).days / span * (_WIDTH - _LEFT - 10)

    parts: list[str] = []
    y = _TOP
    vocab = pb.vocabulary
    for theme in pb.themes.values():
        items = [
            i
            for i in pb.roadmap.values()
            if i.theme == theme.id
            and not vocab.is_dropped(i.status)
            and i.target >= first
            and (i.start or i.target) <= last
        ]
        items.sort(key=lambda i: abs((i.target - today).days))
        items = sorted(items[:max_per_theme], key=lambda i: (i.start or i.target, i.target))
        if not items:
            continue
        lane_height = len(items) * _ROW
        parts.append(
            f'<text x="8" y="{y + 12}" class="pb-tl-lane">{html_escape(theme.name)}</text>'
            f'<line x1="0" x2="{_WIDTH}" y1="{y - 4}" y2="{y - 4}" class="pb-tl-sep"/>'
        )
        for row, item in enumerate(items):
            start = item.start or item.target - dt.timedelta(days=14)
            x0, x1 = x(start), x(item.target)
            width = max(x1 - x0, 4)
            top = y + row * _ROW
            colour = vocab.status_colour(item.status)
            label = html_escape(item.title)
            parts.append(
                f"<g><title>{label}: {html_escape(vocab.label(item.status))}, target "
                f"{item.target.isoformat()}</title>"
                f'<rect x="{x0:.1f}" y="{top}" width="{width:.1f}" height="{_ROW - 4}" rx="3" fill="{colour}"/>'
                f'<text x="{x0 + width + 4:.1f}" y="{top + 10}" class="pb-tl-item">{label}</text></g>'
            )
        y += lane_height + _LANE_GAP
    height = y + 6
    axis = []
    quarter = first
    while quarter < last:
        qx = x(quarter)
        label = f"{quarter.year} Q{(quarter.month - 1) // 3 + 1}"
        axis.append(
            f'<line x1="{qx:.1f}" x2="{qx:.1f}" y1="18" y2="{height}" class="pb-tl-grid"/>'
            f'<text x="{qx + 4:.1f}" y="14" class="pb-tl-axis">{label}</text>'
        )
        quarter = _add_quarters(quarter, 1)
    tx = x(today)
    axis.append(
        f'<line x1="{tx:.1f}" x2="{tx:.1f}" y1="18" y2="{height}" class="pb-tl-today"/>'
        f'<text x="{tx + 3:.1f}" y="{height - 2}" class="pb-tl-today-label">Today</text>'
    )
    legend = " ".join(
        f'<span class="pb-legend"><span class="pb-swatch" style="background:{attr(s.colour)}">'
        f"</span>{html_escape(s.label)}</span>"
        for s in vocab.roadmap_statuses
        if s.meaning != "dropped"
    )
    return (
        f'<figure class="pb-timeline"><svg role="img" aria-label="Roadmap timeline by theme, today marked" '
        f'viewBox="0 0 {_WIDTH} {height}" width="100%" xmlns="http://www.w3.org/2000/svg">'
        + "".join(axis)
        + "".join(parts)
        + f"</svg><figcaption>{legend}</figcaption></figure>"
    )
