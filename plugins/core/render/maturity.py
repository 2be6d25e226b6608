"""The maturity page: the model as a matrix, the latest scores with their trend and gaps, the
history of assessments, and a self-assessment a team can run and record.

Every name and id from the data is escaped; descriptors, evidence and notes are Markdown,
rendered by `richtext.md_block`. Tables are raw HTML with a caption and header cells (`scope`),
so a screen reader announces each cell with its dimension and level.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from plugins.core.render import site
from plugins.core.render.pages import front, owner_html
from plugins.core.render.richtext import md_block
from plugins.core.render.text import Linker, attr, html_escape, md_text

if TYPE_CHECKING:
    from plugins.core.model import (
        MaturityAssessment,
        MaturityDimension,
        MaturityModel,
        MaturityScore,
        Playbook,
    )

#: Anchors of the page's sections; dimensions get `dimension-<id>`, so none can collide.
LATEST, MODEL, HISTORY, SELF_ASSESSMENT, RECORD = (
    "latest-scores",
    "the-model",
    "score-history",
    "self-assessment",
    "record-an-assessment",
)


def dimension_anchor(dimension_id: str) -> str:
    return f"dimension-{dimension_id}"


def maturity_page(pb: Playbook, ctx: site.SiteContext) -> str:
    """The page, or "" when the playbook has no maturity model."""
    model = pb.maturity
    if model is None:
        return ""
    a = Linker(site.MATURITY, ctx.directory_urls)
    data_file = f"{ctx.data_dir}/maturity.yml"
    out = [front("Maturity model")]
    out.append(
        f"How mature {md_text(pb.vocabulary.name)}'s product operations are: "
        f"{_count(len(model.dimensions), 'dimension')}, each scored on "
        f"{_count(len(model.levels), 'level')}, with what each level looks like. Generated from "
        f"`{data_file}`; run the [self-assessment](#{SELF_ASSESSMENT}) and "
        f"[record it](#{RECORD}) there, and this page follows.\n"
    )
    out.append(_status(model, ctx.today))
    out.append(f"## Where we stand {{#{LATEST}}}\n")
    out.append(_latest(pb, model, a))
    out.append(f"## The model {{#{MODEL}}}\n")
    out.append(_levels_table(model))
    out.append(
        "Each dimension, and what you would see at each level. The level reached is marked "
        "*Current*, the level aimed at *Target*.\n"
    )
    out.append(_matrix(model, a))
    dated = model.by_date()
    if len(dated) > 1:
        out.append(f"## History {{#{HISTORY}}}\n")
        out.append(_history(model, dated, a))
    out.append(f"## Self-assessment {{#{SELF_ASSESSMENT}}}\n")
    out.append(_self_assessment_intro(model))
    out.extend(_assess_dimension(pb, model, dimension, a) for dimension in model.dimensions)
    out.append(f"## Record an assessment {{#{RECORD}}}\n")
    out.append(_record(model, ctx.today, data_file))
    return "\n".join(out)


# ---- Pieces ---------------------------------------------------------------------------------


def _count(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def _status(model: MaturityModel, today: dt.date) -> str:
    dated = [a for a in model.by_date() if a.date <= today]
    if not dated:
        return (
            '!!! info "No assessment yet"\n    Nothing has been scored so far: run the '
            f"[self-assessment](#{SELF_ASSESSMENT}) and record it.\n"
        )
    latest = dated[-1]
    due_date = latest.date + dt.timedelta(days=model.reassess_every_days)
    by = f" by {html_escape(latest.assessed_by)}" if latest.assessed_by else ""
    lines = [
        (
            f'<p class="pb-maturity-status">Latest assessment: <strong>{latest.date.isoformat()}'
            f"</strong>{by}. The next is due by {due_date.isoformat()} (one every "
            f"{model.reassess_every_days} days).</p>"
        )
    ]
    if latest.note:
        lines.append(md_block(latest.note))
    if today > due_date:
        lines.append(
            '<div class="admonition warning"><p class="admonition-title">Assessment overdue</p>'
            f"<p>The latest assessment is {(today - latest.date).days} days old: the scores "
            "below may no longer be true.</p></div>"
        )
    return "\n".join(lines) + "\n"


def _level_label(model: MaturityModel, level_id: str | None) -> str:
    """`2 · Repeatable` (escaped HTML), or the id as written when it is no level."""
    if level_id is None:
        return "—"
    level = model.level(level_id)
    rank = model.rank(level_id)
    if level is None or rank is None:
        return html_escape(level_id)
    return f"{rank} · {html_escape(level.name)}"


def _trend(
    model: MaturityModel, score: MaturityScore, previous: tuple[MaturityAssessment, MaturityScore]
) -> str:
    before, earlier = previous
    now, then = model.rank(score.level), model.rank(earlier.level)
    when = before.date.isoformat()
    if now is None or then is None:
        return f"was {html_escape(earlier.level)} on {when}"
    if now > then:
        arrow, css, words = "▲", "up", f"up from {_level_label(model, earlier.level)}"
    elif now < then:
        arrow, css, words = "▼", "down", f"down from {_level_label(model, earlier.level)}"
    else:
        arrow, css, words = "=", "same", "unchanged"
    return (
        f'<span class="pb-maturity-trend pb-maturity-trend--{css}"><span aria-hidden="true">{arrow} </span>'
        f"{words} since {when}</span>"
    )


def _gap(model: MaturityModel, score: MaturityScore) -> str:
    if score.target is None:
        return "—"
    now, aimed = model.rank(score.level), model.rank(score.target)
    by = f" by {score.target_date.isoformat()}" if score.target_date else ""
    if now is None or aimed is None:
        return f"{html_escape(score.target)}{by}"
    steps = aimed - now
    if steps <= 0:
        return "target reached" if steps == 0 else "target below the level reached"
    return f"{_count(steps, 'level')} to {_level_label(model, score.target)}{by}"


def _table(caption: str, header: list[str], rows: list[tuple[str, list[str]]], css: str) -> str:
    """An accessible table: a caption, column headers, and a header cell opening each row.
    Every argument is escaped HTML already."""
    head = "".join(f'<th scope="col">{cell}</th>' for cell in header)
    body = "\n".join(
        f'<tr><th scope="row">{first}</th>'
        + "".join(f"<td>{cell}</td>" for cell in cells)
        + "</tr>"
        for first, cells in rows
    )
    # The class goes on a wrapper: Material styles tables without a class of their own.
    return (
        f'<div class="{css}"><table>\n<caption>{caption}</caption>\n'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n{body}\n</tbody>\n</table></div>\n"
    )


def _latest(pb: Playbook, model: MaturityModel, a: Linker) -> str:
    rows: list[tuple[str, list[str]]] = []
    evidence: list[str] = []
    for dimension in model.dimensions:
        name = a(dimension.name, site.MATURITY, dimension_anchor(dimension.id))
        found = model.latest_score(dimension.id)
        if found is None:
            rows.append(
                (name, ["not assessed yet", "—", "—", "—", owner_html(pb, a, dimension.owner)])
            )
            continue
        assessment, score = found
        previous = model.latest_score(dimension.id, before=assessment.date)
        rows.append(
            (
                name,
                [
                    f"{_level_label(model, score.level)} ({assessment.date.isoformat()})",
                    _trend(model, score, previous) if previous else "first score",
                    _level_label(model, score.target),
                    _gap(model, score),
                    owner_html(pb, a, dimension.owner),
                ],
            )
        )
        if score.evidence:
            evidence.append(
                f"<dt>{html_escape(dimension.name)}: {_level_label(model, score.level)}</dt>"
                f"<dd>{md_block(score.evidence)}</dd>"
            )
    out = _table(
        "Latest score of each dimension, its change since the assessment before, and the gap "
        "to its target",
        ["Dimension", "Level reached", "Since the previous assessment", "Target", "Gap", "Owner"],
        rows,
        "pb-maturity pb-maturity--latest",
    )
    if evidence:
        out += (
            "\n**Evidence behind the latest scores**\n\n"
            '<dl class="pb-maturity-evidence">\n' + "\n".join(evidence) + "\n</dl>\n"
        )
    return out


def _levels_table(model: MaturityModel) -> str:
    rows = [
        (str(rank), [html_escape(level.name), html_escape(level.summary)])
        for rank, level in enumerate(model.levels, start=1)
    ]
    return _table("The levels, lowest first", ["Level", "Name", "Meaning"], rows, "pb-maturity")


def _matrix(model: MaturityModel, a: Linker) -> str:
    header = ["Dimension", *(_level_label(model, level.id) for level in model.levels)]
    rows: list[tuple[str, list[str]]] = []
    for dimension in model.dimensions:
        found = model.latest_score(dimension.id)
        current = found[1].level if found else None
        target = found[1].target if found else None
        cells = []
        for level in model.levels:
            marks = []
            if level.id == current:
                marks.append('<strong class="pb-maturity__mark">Current</strong>')
            if level.id == target and target != current:
                marks.append('<strong class="pb-maturity__mark">Target</strong>')
            text = dimension.descriptor(level.id)
            body = md_block(text) if text else '<p class="pb-maturity__hole">Not described</p>'
            css = ' class="pb-maturity--current"' if level.id == current else ""
            cells.append(f"<div{css}>{' '.join(marks)}{body}</div>")
        rows.append((a(dimension.name, site.MATURITY, dimension_anchor(dimension.id)), cells))
    return _table(
        "What each level looks like in each dimension",
        header,
        rows,
        "pb-maturity pb-maturity--matrix",
    )


def _history(model: MaturityModel, dated: tuple[MaturityAssessment, ...], a: Linker) -> str:
    header = ["Dimension", *(assessment.date.isoformat() for assessment in dated)]
    rows = []
    for dimension in model.dimensions:
        cells = []
        for assessment in dated:
            score = assessment.score(dimension.id)
            cells.append(_level_label(model, score.level) if score else "—")
        rows.append((a(dimension.name, site.MATURITY, dimension_anchor(dimension.id)), cells))
    return _table(
        "Level of each dimension at each assessment, oldest first",
        header,
        rows,
        "pb-maturity pb-maturity--history",
    )


def _self_assessment_intro(model: MaturityModel) -> str:
    return (
        "Run it as a group: the owner of each dimension and the people who do the work, about "
        f"an hour, once every {model.reassess_every_days} days. For each dimension below, read "
        "the statements from the lowest level up and tick each one that is true today, for "
        "everyone and not only for the best team. The level reached is the highest one whose "
        "statement is true together with every statement below it. A statement that is only "
        "partly true is not ticked. For each score, write down the evidence: something another "
        "person could check.\n"
    )


def _served_by(pb: Playbook, dimension: MaturityDimension, a: Linker) -> str:
    parts = [f"<strong>Owner:</strong> {owner_html(pb, a, dimension.owner)}"]
    processes = [
        a(pb.processes[p].title, pb.processes[p].src_uri)
        for p in dimension.processes
        if p in pb.processes
    ]
    templates = [
        a(pb.templates[t].title, pb.templates[t].src_uri)
        for t in dimension.templates
        if t in pb.templates
    ]
    kpis = [a(pb.kpis[k].name, site.KPIS, k) for k in dimension.kpis if k in pb.kpis]
    for label, links in (("Processes", processes), ("Templates", templates), ("KPIs", kpis)):
        if links:
            parts.append(f"<strong>{label}:</strong> " + ", ".join(links))
    return '<p class="pb-maturity-served">' + "<br>\n".join(parts) + "</p>\n"


def _assess_dimension(
    pb: Playbook, model: MaturityModel, dimension: MaturityDimension, a: Linker
) -> str:
    out = [f"### {md_text(dimension.name)} {{#{dimension_anchor(dimension.id)}}}\n"]
    intro = md_block(dimension.summary) if dimension.summary else ""
    found = model.latest_score(dimension.id)
    latest = (
        f"<p>Latest score: <strong>{_level_label(model, found[1].level)}</strong> "
        f"({found[0].date.isoformat()}).</p>"
        if found
        else "<p>Not assessed yet.</p>"
    )
    out.append(intro + ("\n" if intro else "") + latest + "\n")
    out.append(_served_by(pb, dimension, a))
    items = []
    for rank, level in enumerate(model.levels, start=1):
        ident = attr(f"assess-{dimension.id}-{level.id}")
        text = dimension.descriptor(level.id)
        body = md_block(text) if text else "<p>Not described.</p>"
        items.append(
            f'<li><input type="checkbox" id="{ident}" aria-describedby="{ident}-text"> '
            f'<label for="{ident}">Level {rank} · {html_escape(level.name)}: true today</label>'
            f'<div id="{ident}-text">{body}</div></li>'
        )
    out.append(
        f'<ul class="pb-maturity-checklist" aria-label="{attr(dimension.name)}: what is true '
        'today">\n' + "\n".join(items) + "\n</ul>\n"
    )
    return "\n".join(out)


def _record(model: MaturityModel, today: dt.date, data_file: str) -> str:
    """The YAML to add: today's date and one score per dimension, filled in with the level and
    target of its latest score. Only ids, dates and fixed words go into it: every id is YAML-safe
    as a plain scalar. No YAML comments: the theme's colour for them is too faint to read."""
    lines = [
        f"  - date: {today.isoformat()}",
        "    assessed_by: Who assessed, and where",
        "    scores:",
    ]
    for dimension in model.dimensions:
        found = model.latest_score(dimension.id)
        level = found[1].level if found else (model.levels[0].id if model.levels else "")
        lines.append(f"      - dimension: {dimension.id}")
        lines.append(f"        level: {level}")
        lines.append("        evidence: What someone else could check.")
        if found and found[1].target:
            lines.append(f"        target: {found[1].target}")
    snippet = "\n".join(lines)
    return (
        f"Add the assessment at the end of `assessments:` in `{data_file}`, with one score per "
        "dimension (the level reached, its evidence, and optionally a `target` level and a "
        "`target_date`), then run `playbook check`: it reports an unknown level or dimension, "
        "a dimension scored twice, a date in the future and a target below the level "
        "reached. Each score below starts from the dimension's latest level and target: change "
        "what moved. `playbook maturity` prints the latest scores (`--format json` for "
        "scripts).\n\n"
        f"```yaml\nassessments:\n{snippet}\n```\n"
    )


def latest_scores(model: MaturityModel, today: dt.date) -> dict[str, Any]:
    """The latest score of each dimension, its trend and its target, as plain data (what
    `playbook maturity` prints): JSON-ready, ids and names as written."""
    dated = [a for a in model.by_date() if a.date <= today]
    latest = dated[-1] if dated else None
    rows = []
    for dimension in model.dimensions:
        found = model.latest_score(dimension.id)
        assessment, score = found if found else (None, None)
        previous = model.latest_score(dimension.id, before=assessment.date) if assessment else None
        level = model.level(score.level) if score else None
        target = model.level(score.target) if score and score.target else None
        rank = model.rank(score.level) if score else None
        before = model.rank(previous[1].level) if previous else None
        trend = None
        if rank is not None and before is not None:
            trend = "up" if rank > before else "down" if rank < before else "unchanged"
        rows.append(
            {
                "id": dimension.id,
                "name": dimension.name,
                "owner": dimension.owner,
                "level": score.level if score else None,
                "rank": rank,
                "level_name": level.name if level else None,
                "assessed": assessment.date.isoformat() if assessment else None,
                "previous_level": previous[1].level if previous else None,
                "previous_date": previous[0].date.isoformat() if previous else None,
                "trend": trend,
                "target": score.target if score else None,
                "target_rank": model.rank(score.target) if score and score.target else None,
                "target_name": target.name if target else None,
                "target_date": score.target_date.isoformat()
                if score and score.target_date
                else None,
            }
        )
    return {
        "levels": [{"id": lv.id, "name": lv.name} for lv in model.levels],
        "latest_assessment": latest.date.isoformat() if latest else None,
        "next_due": (latest.date + dt.timedelta(days=model.reassess_every_days)).isoformat()
        if latest
        else None,
        "dimensions": rows,
    }
