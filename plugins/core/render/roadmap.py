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
from plugins.core.render.pages import (
    front,
    item_html,
    item_target,
    owner_html,
    status_chip,
    team_link,
)
from plugins.core.render.richtext import excerpt, md_block
from plugins.core.render.text import Linker, attr, href, html_escape, link, md_link, md_text

if TYPE_CHECKING:
    from plugins.core.model import Playbook, RoadmapItem
    from plugins.core.vocabulary import Vocabulary


def _status_order(vocab: Vocabulary) -> dict[str, int]:
    """Display order: what is moving first (open statuses, latest first), then what is done,
    then what was dropped."""
    order = (*reversed(vocab.statuses("open")), *vocab.statuses("done"), *vocab.statuses("dropped"))
    return {s: i for i, s in enumerate(order)}


#: Cards each board column shows before "Show all".
BOARD_CARDS = 8


def is_stale(item: RoadmapItem, today: dt.date, vocab: Vocabulary) -> bool:
    """An open item whose target date has passed."""
    return vocab.is_open(item.status) and item.target < today


def _sorted(
    items: list[RoadmapItem], vocab: Vocabulary, today: dt.date | None = None
) -> list[RoadmapItem]:
    """By status (moving work first); within a status, upcoming targets soonest first, then the
    items already past their target (flagged on the page), the most recently missed first."""

    def key(i: RoadmapItem) -> tuple[int, int, int, str]:
        stale = today is not None and is_stale(i, today, vocab)
        day = i.target.toordinal()
        return (order.get(i.status, 0), int(stale), -day if stale else day, i.title.lower())

    order = _status_order(vocab)
    return sorted(items, key=key)


def item_link(pb: Playbook, item: RoadmapItem, from_uri: str) -> str:
    """A Markdown link to a roadmap item, or its title alone when its theme is not on the site."""
    target = item_target(pb, item)
    return md_link(item.title, from_uri, *target) if target else md_text(item.title)


def _stale_flag(item: RoadmapItem, today: dt.date) -> str:
    days = (today - item.target).days
    return f'<span class="pb-stale">Past target by {days} day{"s" if days != 1 else ""}</span>'


def _data(item: RoadmapItem, today: dt.date, vocab: Vocabulary) -> str:
    stale = ' data-stale="1"' if is_stale(item, today, vocab) else ""
    return (
        f'data-id="{attr(item.id)}" data-theme="{attr(item.theme)}" '
        f'data-status="{attr(item.status)}" data-owner="{attr(item.owner)}"{stale}'
    )


def _card(item: RoadmapItem, pb: Playbook, a: Linker, today: dt.date) -> str:
    """A board card: raw HTML (cheap to build for thousands of items) with precomputed links."""
    theme = pb.themes.get(item.theme)
    release = pb.shipped_in.get(item.id)
    lines = [
        f"<strong>{item_html(pb, a, item)}</strong>",
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
    if is_stale(item, today, pb.vocabulary):
        lines.append(_stale_flag(item, today))
    summary = excerpt(item.summary, CARD_EXCERPT)
    if summary.html:
        lines.append(f'<span class="pb-card-summary">{summary.html}</span>')
    if release is not None:
        lines.append("Shipped in " + a(release.version, site.release_uri(release)))
    deps = [pb.roadmap[d] for d in item.depends_on if d in pb.roadmap]
    if deps:
        lines.append("Depends on: " + ", ".join(item_html(pb, a, d) for d in deps))
    body = "<br>".join(lines)
    return f'<div class="pb-card" {_data(item, today, pb.vocabulary)}><p>{body}</p></div>\n'


#: Characters of an item's summary a card shows (its first sentences).
CARD_EXCERPT = 100


def _filters(pb: Playbook, total: int) -> str:
    def select(name: str, label: str, options: list[tuple[str, str]]) -> str:
        opts = "".join(
            f'<option value="{attr(value)}">{html_escape(text)}</option>' for value, text in options
        )
        return (
            f'<label>{label} <select name="{name}" data-filter="{name}">'
            f'<option value="">All</option>{opts}</select></label>'
        )

    themes = [(t.id, t.name) for t in pb.themes.values()]
    present = {i.status for i in pb.roadmap.values()}
    vocab = pb.vocabulary
    statuses = [(s.id, vocab.label(s.id)) for s in vocab.roadmap_statuses if s.id in present]
    owners = sorted({i.owner for i in pb.roadmap.values()})
    teams = [(o, pb.teams[o].name if o in pb.teams else o) for o in owners]
    return (
        f'<form class="pb-filters" hidden data-pb-filters data-total="{total}">'
        + select("theme", "Theme", themes)
        + select("status", "Status", statuses)
        + select("owner", "Owner", teams)
        + '<label><input type="checkbox" name="stale" value="1" data-filter="stale"> '
        "Past target only</label>"
        + '<output class="pb-filter-count" aria-live="polite"></output></form>\n'
    )


def _overview(pb: Playbook, today: dt.date, a: Linker) -> str:
    """One paragraph of counts, readable without the board: what is open, late, done, dropped."""
    counts: dict[str, int] = defaultdict(int)
    for item in pb.roadmap.values():
        counts[item.status] += 1
    vocab = pb.vocabulary
    stale = sum(1 for i in pb.roadmap.values() if is_stale(i, today, vocab))

    def said(statuses: tuple[str, ...]) -> list[str]:
        return [f"{counts[s]} {html_escape(vocab.label(s).lower())}" for s in statuses if counts[s]]

    parts = [f"<strong>{len(pb.roadmap)} items</strong>"]
    open_parts = said(vocab.statuses("open"))
    if open_parts:
        parts.append("open: " + ", ".join(open_parts))
    if stale:
        parts.append(f'<span class="pb-stale">{stale} past their target</span>')
    done = said(vocab.statuses("done"))
    if done:
        parts.append(
            ", ".join(done) + f" (see the {a('list of every item', site.ROADMAP, 'all-items')} "
            f"and the {a('release notes', site.RELEASES)})"
        )
    parts.extend(said(vocab.statuses("dropped")))
    return '<p class="pb-overview">' + "; ".join(parts) + ".</p>\n"


def _owner_name(pb: Playbook, owner: str) -> str:
    team = pb.teams.get(owner)
    return html_escape(team.name if team else owner)


def _column(horizon: str, items: list[RoadmapItem], pb: Playbook, a: Linker, today: dt.date) -> str:
    cards = [_card(i, pb, a, today) for i in items]
    shown, rest = cards[:BOARD_CARDS], cards[BOARD_CARDS:]
    more = ""
    if rest:
        more = (
            f'<details class="pb-more"><summary>Show all {len(cards)} items '
            f"({len(rest)} more)</summary>\n" + "".join(rest) + "</details>\n"
        )
    name = html_escape(pb.vocabulary.label(horizon))
    return (
        f'<section class="pb-column" aria-labelledby="col-{horizon}">'
        f'<h2 id="col-{horizon}">{name} <span class="pb-count">({len(cards)})</span></h2>\n'
        + "".join(shown)
        + more
        + "</section>\n"
    )


def _list_view(pb: Playbook, a: Linker, today: dt.date) -> str:
    """Every item, one row each, in a fold: the compact view, and what the filters count."""
    rows = []
    for item in _sorted(list(pb.roadmap.values()), pb.vocabulary, today):
        theme = pb.themes.get(item.theme)
        release = pb.shipped_in.get(item.id)
        target = item.target.isoformat()
        if is_stale(item, today, pb.vocabulary):
            target += " " + _stale_flag(item, today)
        rows.append(
            f"<tr {_data(item, today, pb.vocabulary)}><td>{item_html(pb, a, item)}</td>"
            f"<td>{status_chip(item.status, pb.vocabulary)}</td>"
            f"<td>{html_escape(theme.name if theme else item.theme)}</td>"
            f"<td>{_owner_name(pb, item.owner)}</td>"
            f"<td>{target}</td>"
            f"<td>{a(release.version, site.release_uri(release)) if release else ''}</td></tr>\n"
        )
    head = "".join(
        f"<th>{h}</th>" for h in ("Item", "Status", "Theme", "Owner", "Target", "Shipped in")
    )
    return (
        f'<details class="pb-list-view" id="all-items"><summary>Every item as a compact list '
        f"({len(rows)})</summary>\n"
        f'<table class="pb-list">\n<thead><tr>{head}</tr></thead>\n<tbody>\n'
        + "".join(rows)
        + "</tbody>\n</table>\n</details>\n"
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
    out.append(_overview(pb, today, a))
    out.append(_filters(pb, len(pb.roadmap)))
    columns: dict[str, list[RoadmapItem]] = defaultdict(list)
    shipped: list[RoadmapItem] = []
    vocab = pb.vocabulary
    for item in pb.roadmap.values():
        if vocab.is_done(item.status):
            shipped.append(item)
        elif not vocab.is_dropped(item.status):
            columns[item.horizon].append(item)
    columns_html = [
        _column(h, _sorted(columns.get(h, []), vocab, today), pb, a, today) for h in vocab.horizons
    ]
    out.append('<div class="pb-board">\n' + "".join(columns_html) + "</div>\n")
    out.append(_list_view(pb, a, today))
    out.append("## Timeline\n")
    out.append(timeline_svg(pb, today, ctx.directory_urls) + "\n")
    if shipped:
        out.append("## Recently shipped\n")
        recent = sorted(shipped, key=lambda i: i.target, reverse=True)[:12]
        out.append(
            '<div class="pb-grid">\n' + "".join(_card(i, pb, a, today) for i in recent) + "</div>\n"
        )
        if len(shipped) > len(recent):
            out.append(
                f'<p>All {len(shipped)} shipped items are in the <a href="#all-items">list of '
                f"every item</a> and in the {a('release notes', site.RELEASES)}.</p>\n"
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
            f"- {item_link(pb, i, uri)}" for i in sorted(cancelled, key=lambda i: i.title.lower())
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
    today: dt.date | None = None,
) -> str:
    """All items of one theme: a compact table first, then each item under a heading whose anchor
    is the item's id."""
    theme = pb.themes[theme_id]
    uri = site.theme_uri(theme)
    out = [front(f"Roadmap: {theme.name}")]
    out.append(f"{md_text(theme.description)} Owner: {team_link(pb, theme.owner, uri)}.\n")
    items = _sorted([i for i in pb.roadmap.values() if i.theme == theme_id], pb.vocabulary, today)
    if not items:
        out.append("No roadmap items in this theme yet.\n")
    history = history or {}
    a = Linker(uri, directory_urls)
    if items:
        out.append(_theme_table(items, pb, a, today))
    out.extend(
        item_section(i, pb, a, needed_by.get(i.id, []), history.get(i.id, ""), today) for i in items
    )
    return "\n".join(out)


def _theme_table(items: list[RoadmapItem], pb: Playbook, a: Linker, today: dt.date | None) -> str:
    """The theme at a glance: one row per item, linking to its section below."""
    rows = []
    for item in items:
        target = item.target.isoformat()
        if today is not None and is_stale(item, today, pb.vocabulary):
            target += " " + _stale_flag(item, today)
        rows.append(
            f"<tr {_data(item, today, pb.vocabulary) if today else ''}>"
            f'<td><a href="#{attr(item.id)}">{html_escape(item.title)}</a></td>'
            f"<td>{status_chip(item.status, pb.vocabulary)}</td>"
            f"<td>{html_escape(pb.vocabulary.label(item.horizon))}</td>"
            f"<td>{_owner_name(pb, item.owner)}</td><td>{target}</td></tr>\n"
        )
    head = "".join(f"<th>{h}</th>" for h in ("Item", "Status", "Horizon", "Owner", "Target"))
    return (
        f'<table class="pb-list" data-search-exclude>\n<thead><tr>{head}</tr></thead>\n<tbody>\n'
        + "".join(rows)
        + "</tbody>\n</table>\n"
    )


def item_section(
    item: RoadmapItem,
    pb: Playbook,
    a: Linker,
    dependants: list[RoadmapItem],
    history: str = "",
    today: dt.date | None = None,
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
    if today is not None and is_stale(item, today, pb.vocabulary):
        facts[-1] = ("Target", f"{facts[-1][1]} {_stale_flag(item, today)}")
    if item.start:
        facts.append(("Start", item.start.isoformat()))
    if release is not None:
        facts.append(("Shipped in", a(f"Release {release.version}", site.release_uri(release))))
    facts.append(("Id", f"<code>{html_escape(item.id)}</code>"))
    details = []
    deps = [pb.roadmap[d] for d in item.depends_on if d in pb.roadmap]
    if deps:
        details.append(("Depends on", ", ".join(item_html(pb, a, d) for d in deps)))
    if dependants:
        details.append(("Needed by", ", ".join(item_html(pb, a, d) for d in dependants)))
    related = [pb.roadmap[r] for r in item.related if r in pb.roadmap]
    if related:
        details.append(("Related", ", ".join(item_html(pb, a, r) for r in related)))
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
        (f'<div class="pb-item-summary">{md_block(item.summary)}</div>\n' if item.summary else "")
        + f"<p>{lines(facts)}</p>\n"
        + (
            '<div class="pb-item-problem"><p><strong>Customer problem.</strong></p>'
            f"{md_block(item.problem)}</div>\n"
            if item.problem
            else ""
        )
        + f"<p>{lines(details)}</p>\n"
    )
    return f"## {md_text(item.title)} {{#{item.id}}}\n\n{body}{history}\n"


# ---- Timeline ---------------------------------------------------------------------------------

#: Row height and gaps in CSS pixels; x positions are percentages of the drawing's width, so it
#: fills the content column at any width while its text stays at its CSS size (no viewBox scaling).
_ROW, _LANE_HEAD, _LANE_GAP, _TOP = 22, 24, 8, 30
#: The narrowest the drawing gets (it scrolls sideways below that): labels are laid out for it.
TIMELINE_MIN_WIDTH = 900
#: Label font size (CSS px) and the average advance of one character, to lay labels out.
_LABEL_PX, _CHAR_PX = 13, 7.2
_LABEL_CHARS = 42
_MARGIN = 0.5  # percent kept free at each side


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def _add_quarters(day: dt.date, count: int) -> dt.date:
    month = day.month - 1 + 3 * count
    return dt.date(day.year + month // 12, month % 12 + 1, 1)


def _short(title: str) -> str:
    return title if len(title) <= _LABEL_CHARS else title[: _LABEL_CHARS - 1].rstrip() + "…"


def timeline_window(today: dt.date) -> tuple[dt.date, dt.date]:
    """The dates the timeline draws: two quarters before today's to the end of five after it."""
    return _add_quarters(_quarter_start(today), -2), _add_quarters(_quarter_start(today), 6)


def in_window(item: RoadmapItem, first: dt.date, last: dt.date, vocab: Vocabulary) -> bool:
    return (
        not vocab.is_dropped(item.status)
        and item.target >= first
        and (item.start or item.target) <= last
    )


def timeline_svg(pb: Playbook, today: dt.date, directory_urls: bool = True) -> str:
    """Items as bars from start to target, one lane per theme, quarters on the x axis, today marked.

    Every item of the window (see `timeline_window`; cancelled items are left out) is drawn and
    links to its section: each lane has as many rows as its items need, an item going into the
    first row where its bar and label fit. The caption says what lies outside the window and
    where to find it.
    """
    first, last = timeline_window(today)
    span = (last - first).days
    usable = 100 - 2 * _MARGIN
    px_to_pct = 100 / TIMELINE_MIN_WIDTH
    a_href = Linker(site.ROADMAP, directory_urls)
    vocab = pb.vocabulary

    def x(day: dt.date) -> float:
        clamped = min(max(day, first), last)
        return _MARGIN + (clamped - first).days / span * usable

    parts: list[str] = []
    y = _TOP
    drawn = 0
    for theme in pb.themes.values():
        items = [
            i
            for i in pb.roadmap.values()
            if i.theme == theme.id and in_window(i, first, last, vocab)
        ]
        if not items:
            continue
        items.sort(key=lambda i: (i.start or i.target, i.target, i.id))
        rows_end: list[float] = []  # per row: the right edge (percent) of what it holds
        placed: list[tuple[RoadmapItem, int, float, float, float, bool]] = []
        for item in items:
            start = item.start or item.target - dt.timedelta(days=14)
            x0, x1 = x(start), x(item.target)
            width = max(x1 - x0, 0.4)
            label_w = (len(_short(item.title)) * _CHAR_PX + 6) * px_to_pct
            right_label = x0 + width + label_w <= 100
            left, right = (x0, x0 + width + label_w) if right_label else (x0 - label_w, x0 + width)
            row = next((r for r, end in enumerate(rows_end) if end + 0.6 < left), None)
            if row is None:
                rows_end.append(right)
                row = len(rows_end) - 1
            else:
                rows_end[row] = right
            placed.append((item, row, x0, width, label_w, right_label))
        parts.append(
            f'<line x1="0" x2="100%" y1="{y - 4}" y2="{y - 4}" class="pb-tl-sep"/>'
            f'<text x="{_MARGIN}%" y="{y + 15}" class="pb-tl-lane">{html_escape(theme.name)} '
            f"({len(items)})</text>"
        )
        top0 = y + _LANE_HEAD
        for item, row, x0, width, _label_w, right_label in placed:
            page, anchor = site.item_uri(item)
            top = top0 + row * _ROW
            colour = attr(vocab.status_colour(item.status))
            title = html_escape(item.title)
            stale = " (past target)" if is_stale(item, today, vocab) else ""
            label_x = (
                f'x="{x0 + width:.2f}%" dx="4"'
                if right_label
                else f'x="{x0:.2f}%" dx="-4" text-anchor="end"'
            )
            parts.append(
                f'<a href="{attr(href(site.ROADMAP, page, anchor, directory_urls))}" data-id="{attr(item.id)}">'
                f"<title>{title}: {html_escape(vocab.label(item.status))}{stale}, target {item.target.isoformat()}</title>"
                f'<rect x="{x0:.2f}%" y="{top + 3}" width="{width:.2f}%" height="{_ROW - 7}" rx="3" fill="{colour}"/>'
                f'<text {label_x} y="{top + 15}" class="pb-tl-item">{html_escape(_short(item.title))}</text></a>'
            )
            drawn += 1
        y = top0 + len(rows_end) * _ROW + _LANE_GAP
    height = y + 20
    axis = []
    quarter = first
    while quarter < last:
        qx = x(quarter)
        label = f"{quarter.year} Q{(quarter.month - 1) // 3 + 1}"
        axis.append(
            f'<line x1="{qx:.2f}%" x2="{qx:.2f}%" y1="18" y2="{height}" class="pb-tl-grid"/>'
            f'<text x="{qx:.2f}%" dx="4" y="14" class="pb-tl-axis">{label}</text>'
        )
        quarter = _add_quarters(quarter, 1)
    tx = x(today)
    axis.append(
        f'<line x1="{tx:.2f}%" x2="{tx:.2f}%" y1="18" y2="{height}" class="pb-tl-today"/>'
        f'<text x="{tx:.2f}%" dx="4" y="{height - 4}" class="pb-tl-today-label">Today '
        f"({today.isoformat()})</text>"
    )
    legend = " ".join(
        f'<span class="pb-legend"><span class="pb-swatch" style="background:{attr(s.colour)}">'
        f"</span>{html_escape(s.label)}</span>"
        for s in vocab.roadmap_statuses
        if s.meaning != "dropped"
    )
    kept = [i for i in pb.roadmap.values() if not vocab.is_dropped(i.status)]
    before = sum(1 for i in kept if i.target < first)
    after = sum(1 for i in kept if (i.start or i.target) > last)
    cancelled = len(pb.roadmap) - len(kept)
    outside = []
    if before:
        outside.append(f"{before} with a target before {first.isoformat()}")
    if after:
        outside.append(f"{after} starting after {(last - dt.timedelta(days=1)).isoformat()}")
    if cancelled:
        dropped = vocab.statuses("dropped")
        word = vocab.label(dropped[0]).lower() if len(dropped) == 1 else "dropped"
        outside.append(f"{cancelled} {html_escape(word)}")
    note = f"{drawn} items from {first.isoformat()} to {(last - dt.timedelta(days=1)).isoformat()}, today marked."
    if outside:
        note += (
            " Not drawn: "
            + ", ".join(outside)
            + "; every item is in the "
            + a_href("list of every item", site.ROADMAP, "all-items")
            + " and on its theme's page."
        )
    return (
        f'<figure class="pb-timeline" data-drawn="{drawn}"><div class="pb-tl-scroll" tabindex="0" '
        f'role="region" aria-label="Roadmap timeline (scrolls sideways on narrow screens)">'
        f'<svg role="group" aria-label="Roadmap timeline by theme, today marked" '
        f'width="100%" height="{height}" xmlns="http://www.w3.org/2000/svg">'
        + "".join(axis)
        + "".join(parts)
        + f'</svg></div><figcaption><span class="pb-tl-legend">{legend}</span>'
        f'<span class="pb-tl-note">{note}</span></figcaption></figure>'
    )
