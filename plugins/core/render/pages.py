"""Pages generated from the registries: processes and templates indexes, teams, roles, KPIs, tools,
glossary, reviews due, and the process/template page header.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import TYPE_CHECKING

from plugins.core.measures import format_date, format_value, gap_text, progress
from plugins.core.model import Process
from plugins.core.render import site
from plugins.core.render.text import (
    Linker,
    attr,
    html_escape,
    html_table,
    link,
    md_link,
    md_text,
    table,
)
from plugins.core.render.trend import Point, trend_svg

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable

    from plugins.core.model import Doc, Kpi, Measurement, Playbook, RoadmapItem, Template
    from plugins.core.vocabulary import Vocabulary


def front(title: str, *, search: bool = True, hide: Iterable[str] = ()) -> str:
    """Front matter of a generated page (YAML-safe: titles are quoted as JSON strings). The
    theme prints a page's title as HTML, unescaped (in `<title>`, the header, the navigation
    and the search index), and titles carry names from data: they are escaped here."""
    lines = ["---", f"title: {json.dumps(html_escape(title))}"]
    if not search:
        lines.append("search:\n  exclude: true")
    hidden = list(hide)
    if hidden:
        lines.append("hide: [" + ", ".join(hidden) + "]")
    lines.append("---\n")
    return "\n".join(lines) + "\n"


def handle_url(owner: str) -> str:
    """GitHub's page of an owner handle: `@org/team` or `@user`."""
    name = owner.removeprefix("@")
    if "/" in name:
        org, team = name.split("/", 1)
        return f"https://github.com/orgs/{org}/teams/{team}"
    return f"https://github.com/{name}"


def team_link(pb: Playbook, team_id: str, from_uri: str) -> str:
    """A Markdown link to an owner: its team's section, or a GitHub handle's page. A team that
    is not on the site (its definition was refused) is its id, unlinked: one defect, one finding,
    not a broken link on every page that names it."""
    if not pb.vocabulary.owner_is_team(team_id):
        return f"[{md_text(team_id)}]({handle_url(team_id)})"
    team = pb.teams.get(team_id)
    return md_link(team.name, from_uri, site.TEAMS, team_id) if team else md_text(team_id)


def item_target(pb: Playbook, item: RoadmapItem) -> tuple[str, str] | None:
    """Where a roadmap item is shown (its theme's page and its anchor), or None when its theme is
    not on the site."""
    return site.item_uri(item) if item.theme in pb.themes else None


def item_html(pb: Playbook, a: Linker, item: RoadmapItem, label: str | None = None) -> str:
    """A raw-HTML link to a roadmap item, or its title alone when it has no page."""
    target = item_target(pb, item)
    text = item.title if label is None else label
    return a(text, *target) if target else html_escape(text)


def doc_link(doc: Doc, from_uri: str) -> str:
    return md_link(doc.title, from_uri, doc.src_uri)


def status_chip(status: str, vocab: Vocabulary) -> str:
    return f'<span class="pb-chip pb-chip--{status}">{html_escape(vocab.label(status))}</span>'


# ---- Process and template header (injected into the page itself) -----------------------------


def _admonition(kind: str, title: str, body_html: str) -> str:
    """The HTML Python-Markdown's admonition extension produces (Material styles it)."""
    return (
        f'<div class="admonition {kind}"><p class="admonition-title">{html_escape(title)}</p>'
        f"<p>{body_html}</p></div>\n"
    )


def doc_header(
    doc: Process | Template, pb: Playbook, today: dt.date, directory_urls: bool = True
) -> str:
    """The facts header of a process or template page, and its notices (overdue, deprecated).

    It goes in after the Markdown is rendered. Search indexes the page's id and the notices; the
    facts every page shares (owner, status, stage, review-by date, from `doc_facts`) go in at
    `FACTS_MARK`, and the block of links (`doc_details`) at `DETAILS_MARK`, once search has
    indexed the page: in search results they would be noise, and neither the Markdown parser nor
    the search indexer pays for them. HTML with precomputed URLs; every target exists, the checks
    guarantee it.
    """
    a = Linker(doc.src_uri, directory_urls)
    cells = FACTS_MARK + _fact("Id", f"<code>{html_escape(doc.id)}</code>")
    out = [f'<div class="pb-facts">{cells}</div>\n']
    overdue = doc.review.days_overdue(today)
    vocab = pb.vocabulary
    if vocab.page_meaning(doc.status) == "draft":  # joined before its text was restructured
        sections = ", ".join(vocab.sections(doc.kind))
        out.append(
            _admonition(
                "info",
                f"{vocab.label(doc.status)} {doc.kind}",
                f"This {doc.kind} is listed in the playbook before its text has the shape every "
                f"{doc.kind} has ({html_escape(sections)}); it may be incomplete. Ask "
                f"{owner_html(pb, a, doc.owner)} before relying on it.",
            )
        )
    elif overdue > 0 and not vocab.is_retired(doc.status):
        owner = owner_html(pb, a, doc.owner)
        out.append(
            _admonition(
                "danger",
                "Review overdue",
                f"This page was due for review on {doc.review.review_by.isoformat()} ({overdue} days "
                f"ago). It may be out of date: check with {owner} before relying on it.",
            )
        )
    elif doc.status in vocab.inactive_page_statuses:
        replacement = None
        if doc.replaced_by:
            replacement = pb.processes.get(doc.replaced_by) or pb.templates.get(doc.replaced_by)
        instead = (
            f" Use {a(replacement.title, replacement.src_uri)} instead." if replacement else ""
        )
        out.append(
            _admonition(
                "warning",
                f"This {doc.kind} is {doc.status}",
                f"Do not start new work with it.{instead}",
            )
        )
    out.append(DETAILS_MARK)
    return "\n".join(out) + "\n"


_LEADING_H1 = re.compile(r"\A\s*<h1\b[^>]*>.*?</h1>[ \t]*\n?", re.DOTALL)


def place_header(content_html: str, header_html: str) -> str:
    """The page's rendered content with the header in place: below the page's own `# Title` when
    its content starts with one (the theme then shows no title of its own), else at the top."""
    title = _LEADING_H1.match(content_html)
    if title is None:
        return header_html + content_html
    return content_html[: title.end()] + header_html + content_html[title.end() :]


def put_doc_blocks(
    content_html: str, doc: Process | Template, pb: Playbook, directory_urls: bool = True
) -> str:
    """A page's rendered content with its `doc_facts` and `doc_details` in place of their marks."""
    return put_blocks(content_html, doc_blocks(doc, pb, directory_urls))


def put_blocks(content_html: str, blocks: tuple[str, str]) -> str:
    """A page's rendered content with its `doc_blocks` in place of their marks."""
    facts, details = blocks
    return content_html.replace(FACTS_MARK, facts, 1).replace(DETAILS_MARK, details, 1)


def doc_blocks(
    doc: Process | Template, pb: Playbook, directory_urls: bool = True
) -> tuple[str, str]:
    """The `doc_facts` and `doc_details` of a page."""
    return doc_facts(doc, pb, directory_urls), doc_details(doc, pb, directory_urls)


def doc_parts(
    pb: Playbook, doc: Process | Template, today: dt.date, directory_urls: bool = True
) -> tuple[str, tuple[str, str]]:
    """What a process or template page shows of the model: its `doc_header` and `doc_blocks`."""
    return doc_header(doc, pb, today, directory_urls), doc_blocks(doc, pb, directory_urls)


def doc_facts(doc: Process | Template, pb: Playbook, directory_urls: bool = True) -> str:
    """The facts that replace `FACTS_MARK`: owner, status, stage (of a process), review-by date."""
    a = Linker(doc.src_uri, directory_urls)
    vocab = pb.vocabulary
    facts = [
        ("Owner", owner_html(pb, a, doc.owner)),
        ("Status", status_chip(doc.status, vocab)),
    ]
    if isinstance(doc, Process):
        facts.append(("Stage", a(vocab.label(doc.stage), site.PROCESSES, doc.stage)))
    facts.append(("Review by", doc.review.review_by.isoformat()))
    return "".join(_fact(label, value) for label, value in facts)


def _fact(label: str, value_html: str) -> str:
    return f'<div class="pb-fact"><span class="pb-fact__label">{label}</span> {value_html}</div>'


def doc_details(doc: Process | Template, pb: Playbook, directory_urls: bool = True) -> str:
    """The block of links that replaces `DETAILS_MARK`: the RACI roles, templates, KPIs, tools and
    related processes of a process, or the processes that use a template ("" when there are none)."""
    a = Linker(doc.src_uri, directory_urls)
    rows: list[str] = []
    if isinstance(doc, Process):
        for key, role_ids in doc.raci.items():
            names = ", ".join(
                a(pb.roles[r].name, site.ROLES, r) if r in pb.roles else html_escape(r)
                for r in role_ids
            )
            rows.append(f"<strong>{key.capitalize()}:</strong> {names}")
        for label, ids, pool_map, page in (
            ("Templates", doc.templates, pb.templates, None),
            ("Moves", doc.kpis, pb.kpis, site.KPIS),
            ("Tools", doc.tools, pb.tools, site.TOOLS),
            ("Related", doc.related, pb.processes, None),
        ):
            links = []
            for ident in ids:
                target = pool_map.get(ident)
                if target is None:
                    continue
                if page is None:
                    links.append(a(target.title, target.src_uri))  # type: ignore[union-attr]
                else:
                    links.append(a(target.name, page, ident))  # type: ignore[union-attr]
            if links:
                rows.append(f"<strong>{label}:</strong> " + ", ".join(links))
        summary = "Roles (RACI), templates and metrics"
    else:
        users = pb.used_by(doc.id)
        if users:
            rows.append(
                "<strong>Used by:</strong> " + ", ".join(a(p.title, p.src_uri) for p in users)
            )
        summary = "Where this template is used"
    if not rows:
        return ""
    body = "<br>\n".join(rows)
    return f'<details class="info"><summary>{summary}</summary><p>{body}</p></details>\n'


#: Where the facts and the details of a process or template go, once search has indexed the page.
FACTS_MARK = "<!--pb-facts-->"
DETAILS_MARK = "<!--pb-details-->"


# ---- Indexes ----------------------------------------------------------------------------------


def owner_html(pb: Playbook, a: Linker, team_id: str) -> str:
    if not pb.vocabulary.owner_is_team(team_id):
        return f'<a href="{attr(handle_url(team_id))}">{html_escape(team_id)}</a>'
    team = pb.teams.get(team_id)
    return a(team.name, site.TEAMS, team_id) if team else html_escape(team_id)


def processes_index(pb: Playbook, ctx: site.SiteContext) -> str:
    uri = site.PROCESSES
    a = Linker(uri, ctx.directory_urls)
    out = [front("Processes", search=False)]
    out.append(
        "Every process of the playbook, by stage of the product lifecycle. Each has an owner team "
        "and a review-by date; the [reviews page]("
        + link(uri, site.REVIEWS)
        + ") lists what is due.\n"
    )
    by_stage: dict[str, list[Process]] = defaultdict(list)
    for process in pb.processes.values():
        by_stage[process.stage].append(process)
    vocab = pb.vocabulary
    for stage in vocab.stages:
        processes = sorted(by_stage.get(stage, []), key=lambda p: p.title.lower())
        if not processes:
            continue
        out.append(f"## {md_text(vocab.label(stage))} {{#{stage}}}\n")
        rows = [
            [
                a(p.title, p.src_uri),
                html_escape(p.summary),
                owner_html(pb, a, p.owner),
                status_chip(p.status, vocab),
                _review_cell(p, ctx.today),
            ]
            for p in processes
        ]
        out.append(html_table(["Process", "Summary", "Owner", "Status", "Review by"], rows))
    return "\n".join(out)


def _review_cell(doc: Doc, today: dt.date) -> str:
    date = doc.review.review_by.isoformat()
    if doc.review.days_overdue(today) > 0:
        return f'<span class="pb-overdue">{date} (overdue)</span>'
    return date


def templates_index(pb: Playbook, ctx: site.SiteContext) -> str:
    uri = site.TEMPLATES
    a = Linker(uri, ctx.directory_urls)
    out = [front("Templates", search=False)]
    out.append(
        "Templates the processes use. Copy one to start a document; *Used by* lists the processes that call for it.\n"
    )
    rows = []
    for template in sorted(pb.templates.values(), key=lambda t: t.title.lower()):
        users = ", ".join(a(p.title, p.src_uri) for p in pb.used_by(template.id)) or "—"
        rows.append(
            [
                a(template.title, template.src_uri),
                html_escape(template.purpose),
                owner_html(pb, a, template.owner),
                status_chip(template.status, pb.vocabulary),
                users,
            ]
        )
    out.append(html_table(["Template", "Purpose", "Owner", "Status", "Used by"], rows))
    return "\n".join(out)


# ---- People -----------------------------------------------------------------------------------


def teams_page(pb: Playbook, ctx: site.SiteContext) -> str:
    uri = site.TEAMS
    a = Linker(uri, ctx.directory_urls)
    out = [front("Teams")]
    out.append(
        "Who owns what. Every process, template, roadmap theme, item and KPI names one owner team; this page is generated from `data/teams.yml` and the content that points at it.\n"
    )
    owned: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for doc in pb.docs:
        owned[doc.owner]["Processes" if doc.kind == "process" else "Templates"].append(
            a(doc.title, doc.src_uri)
        )
    for theme in pb.themes.values():
        owned[theme.owner]["Roadmap themes"].append(a(theme.name, site.theme_uri(theme)))
    for item in pb.roadmap.values():
        if pb.vocabulary.is_open(item.status):
            owned[item.owner]["Open roadmap items"].append(item_html(pb, a, item))
    for kpi in pb.kpis.values():
        owned[kpi.owner]["KPIs"].append(a(kpi.name, site.KPIS, kpi.id))
    for team in pb.teams.values():
        out.append(f"## {md_text(team.name)} {{#{team.id}}}\n")
        if team.description:
            out.append(md_text(team.description) + "\n")
        members = ", ".join(f"[@{md_text(m)}](https://github.com/{m})" for m in team.members)
        out.append(
            f"- **Channel:** `{team.channel}`\n- **Members:** {members}\n- **Id:** `{team.id}`\n"
        )
        lines = [
            f"<strong>{label}</strong> ({len(links)}): " + ", ".join(links)
            for label in ("Processes", "Templates", "Roadmap themes", "Open roadmap items", "KPIs")
            if (links := owned[team.id].get(label))
        ]
        if lines:
            out.append(_unsearched("pb-owned", lines))
    return "\n".join(out)


def roles_page(pb: Playbook, ctx: site.SiteContext) -> str:
    uri = site.ROLES
    a = Linker(uri, ctx.directory_urls)
    out = [front("Roles")]
    out.append(
        "The roles that processes assign in RACI form (Responsible, Accountable, Consulted, Informed). Generated from `data/roles.yml` and the processes' front matter.\n"
    )
    involvement: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for process in sorted(pb.processes.values(), key=lambda p: p.title.lower()):
        for key, role_ids in process.raci.items():
            for role_id in role_ids:
                involvement[role_id][key].append(a(process.title, process.src_uri))
    for role in pb.roles.values():
        out.append(f"## {md_text(role.name)} {{#{role.id}}}\n")
        out.append(md_text(role.summary) + "\n")
        out.extend(f"- {md_text(r)}" for r in role.responsibilities)
        out.append("")
        lines = [
            f"<strong>{key.capitalize()}</strong> in {len(links)}: " + ", ".join(links)
            for key in ("responsible", "accountable", "consulted", "informed")
            if (links := involvement[role.id].get(key))
        ]
        if lines:
            out.append(_unsearched("pb-raci", lines))
    return "\n".join(out)


def kpis_page(pb: Playbook, ctx: site.SiteContext) -> str:
    uri = site.KPIS
    a = Linker(uri, ctx.directory_urls)
    out = [front("KPIs")]
    out.append(
        "How the product organisation and the product are measured. Each KPI says exactly how it is computed, which way is good, who owns it, and which processes and roadmap items move it.\n"
    )
    moved_by: dict[str, list[str]] = defaultdict(list)
    for process in pb.processes.values():
        for kpi_id in process.kpis:
            moved_by[kpi_id].append(a(process.title, process.src_uri))
    aimed_by: dict[str, list[str]] = defaultdict(list)
    for item in pb.roadmap.values():
        link = item_html(pb, a, item)
        for kpi_id in item.metrics:
            aimed_by[kpi_id].append(link)
    vocab = pb.vocabulary
    scorecard = _scorecard(pb, a)
    if scorecard:
        out.append(scorecard)
    for category in vocab.kpi_categories:
        kpis = [k for k in pb.kpis.values() if k.category == category]
        if not kpis:
            continue
        out.append(f"## {md_text(vocab.label(category))} KPIs\n")
        for kpi in kpis:
            arrow = "higher is better" if kpi.direction == "up" else "lower is better"
            out.append(f"### {md_text(kpi.name)} {{#{kpi.id}}}\n")
            source = pb.tools.get(kpi.source)
            source_html = (
                a(source.name, site.TOOLS, kpi.source) if source else html_escape(kpi.source)
            )
            if kpi.source_note:
                source_html += f": {html_escape(kpi.source_note)}"
            rows = [
                *_measured_rows(kpi),
                ["How it is computed", html_escape(kpi.formula)],
                ["Unit", f"{html_escape(kpi.unit)} ({arrow})"],
                ["Owner", owner_html(pb, a, kpi.owner)],
                ["Source", source_html],
                ["Reported", html_escape(vocab.label(kpi.cadence))],
            ]
            body = "".join(f"<tr><th>{label}</th><td>{value}</td></tr>" for label, value in rows)
            out.append(
                f"<p>{html_escape(kpi.definition)}</p>\n<table>\n<tbody>{body}</tbody>\n</table>\n"
            )
            points = [Point(m.date, m.value) for m in kpi.series]
            chart = trend_svg(kpi.name, kpi.unit, points, kpi.target_value, ident=kpi.id)
            if chart:
                out.append(chart)
            out.append(
                _link_lists(
                    ("Moved by", moved_by.get(kpi.id)),
                    ("Roadmap items aiming at it", aimed_by.get(kpi.id)),
                )
            )
    return "\n".join(out)


def _status_html(kpi: Kpi) -> str:
    """The KPI's progress as a labelled chip (its reason as the tooltip), or ""."""
    state = progress(kpi)
    if state is None:
        return ""
    return (
        f'<span class="pb-chip pb-kpi--{state.state}" title="{attr(state.reason)}">'
        f"{html_escape(state.label)}</span>"
    )


def _target_html(kpi: Kpi) -> str:
    """`60 days by 31 March 2027`, then the target in words; either alone; or a dash."""
    parts = []
    if kpi.target_value is not None:
        number = format_value(kpi.target_value, kpi.unit)
        if kpi.target_by is not None:
            number += f" by {format_date(kpi.target_by)}"
        parts.append(f"<strong>{html_escape(number)}</strong>")
    if kpi.target:
        parts.append(html_escape(kpi.target))
    return " — ".join(parts) or "—"


def _measured_rows(kpi: Kpi) -> list[list[str]]:
    """Rows of the KPI's numbers: baseline, current, target, gap and status (those it has)."""
    rows = []
    if kpi.baseline is not None:
        rows.append(["Baseline", _measurement_html(kpi, kpi.baseline, "")])
    latest = kpi.latest
    if latest is not None:
        rows.append(["Current", _measurement_html(kpi, latest, "as of ")])
    rows.append(["Target", _target_html(kpi)])
    gap = gap_text(kpi)
    if gap:
        status = _status_html(kpi)
        rows.append(["Gap to target", html_escape(gap) + (f" {status}" if status else "")])
    return rows


def _measurement_html(kpi: Kpi, measurement: Measurement, prefix: str) -> str:
    value = html_escape(format_value(measurement.value, kpi.unit))
    return f"<strong>{value}</strong> ({prefix}{format_date(measurement.date)})"


def _compact(value: float, unit: str) -> str:
    """A value for the scorecard: with its unit when that is short (`76%`, `63 days`), alone
    when the unit would wrap the column (the KPI's section says it)."""
    if unit.startswith("%"):
        return format_value(value, "%")
    return format_value(value, unit if len(unit) <= 12 else "")


def _scorecard(pb: Playbook, a: Linker) -> str:
    """Every measured KPI in one table (current, target, status), or "" when none is measured."""
    rows = []
    for kpi in pb.kpis.values():
        latest = kpi.latest
        if latest is None and kpi.target_value is None:
            continue
        current = (
            f"{html_escape(_compact(latest.value, kpi.unit))} "
            f'<span class="pb-count">({format_date(latest.date)})</span>'
            if latest is not None
            else "—"
        )
        target = "—"
        if kpi.target_value is not None:
            target = html_escape(_compact(kpi.target_value, kpi.unit))
            if kpi.target_by is not None:
                target += f' <span class="pb-count">by {format_date(kpi.target_by)}</span>'
        rows.append([a(kpi.name, site.KPIS, kpi.id), current, target, _status_html(kpi) or "—"])
    if not rows:
        return ""
    return "## At a glance {#at-a-glance}\n\n" + html_table(
        ["KPI", "Current", "Target", "Status"], rows
    ).replace("<table>", '<table class="pb-scorecard">', 1)


def _link_lists(*lists: tuple[str, list[str] | None]) -> str:
    """Labelled lists of links (the pages that use a KPI or a tool), "" when all are empty."""
    lines = [f"<strong>{label}:</strong> " + ", ".join(links) for label, links in lists if links]
    return _unsearched("pb-used", lines) if lines else ""


def _unsearched(css_class: str, lines: list[str]) -> str:
    """Lines of links as one paragraph that search skips: readers search for the linked pages
    themselves, not for these lists (and the block goes into the final page only)."""
    return f'<p class="{css_class}" data-search-exclude>' + "<br>\n".join(lines) + "</p>\n"


def tools_page(pb: Playbook, ctx: site.SiteContext) -> str:
    uri = site.TOOLS
    a = Linker(uri, ctx.directory_urls)
    out = [front("Tool stack")]
    out.append(
        "The tools the product organisation runs on, who owns each and where it is in its "
        f"lifecycle ({', '.join(pb.vocabulary.tool_statuses)}). See the tool stack management "
        "process for how a tool gets here.\n"
    )
    used_by: dict[str, list[str]] = defaultdict(list)
    for process in pb.processes.values():
        for tool_id in process.tools:
            used_by[tool_id].append(a(process.title, process.src_uri))
    vocab = pb.vocabulary
    for status in vocab.tool_statuses:
        tools = [t for t in pb.tools.values() if t.status == status]
        if not tools:
            continue
        out.append(f"## {md_text(vocab.label(status))}\n")
        for tool in sorted(tools, key=lambda t: t.name.lower()):
            out.append(f"### {md_text(tool.name)} {{#{tool.id}}}\n")
            facts = [
                f"<strong>Category:</strong> {html_escape(vocab.label(tool.category))}",
                f"<strong>Owner:</strong> {owner_html(pb, a, tool.owner)}",
            ]
            if tool.url:
                facts.append(
                    f'<strong>Site:</strong> <a href="{attr(tool.url)}">{html_escape(tool.url)}</a>'
                )
            out.append(f"<p>{html_escape(tool.purpose)}</p>\n<p>" + "<br>\n".join(facts) + "</p>\n")
            out.append(_link_lists(("Used by", used_by.get(tool.id))))
    return "\n".join(out)


def glossary_page(pb: Playbook) -> str:
    uri = site.GLOSSARY
    out = [front("Glossary")]
    out.append("The words we use, and what we mean by them.\n")
    for term in sorted(pb.terms.values(), key=lambda t: t.term.lower()):
        out.append(f"## {md_text(term.term)} {{#{term.id}}}\n")
        out.append(md_text(term.definition) + "\n")
        if term.see_also:
            refs = ", ".join(
                md_link(pb.terms[s].term, uri, uri, s) for s in term.see_also if s in pb.terms
            )
            out.append(f"*See also:* {refs}\n")
    return "\n".join(out)


# ---- Reviews due ------------------------------------------------------------------------------


def reviews_page(pb: Playbook, today: dt.date, soon_days: int, grace_days: int) -> str:
    uri = site.REVIEWS
    out = [front("Reviews due", search=False)]
    out.append(
        f"Pages past their review-by date, or due within {soon_days} days, by owner team "
        f"(as of {today.isoformat()}). A page more than {grace_days} days overdue fails the build.\n"
    )
    by_team: dict[str, list[tuple[int, Doc]]] = defaultdict(list)
    for doc in pb.docs:
        if pb.vocabulary.is_retired(doc.status):
            continue
        overdue = doc.review.days_overdue(today)
        if overdue > -soon_days:
            by_team[doc.owner].append((overdue, doc))
    if not by_team:
        out.append(
            f'!!! success "Nothing due"\n    No page is overdue or due within {soon_days} days.\n'
        )
        return "\n".join(out)
    for team_id in sorted(by_team, key=lambda t: pb.teams[t].name if t in pb.teams else t):
        docs = sorted(by_team[team_id], key=lambda pair: -pair[0])
        out.append(f"## {md_text(pb.teams[team_id].name if team_id in pb.teams else team_id)}\n")
        rows = []
        for overdue, due in docs:
            state = (
                f'<span class="pb-overdue">{overdue} days overdue</span>'
                if overdue > 0
                else f"due in {-overdue} days"
            )
            rows.append(
                [
                    doc_link(due, uri),
                    due.kind,
                    due.review.last_reviewed.isoformat(),
                    due.review.review_by.isoformat(),
                    state,
                ]
            )
        out.append(table(["Page", "Kind", "Last reviewed", "Review by", "State"], rows))
    return "\n".join(out)
