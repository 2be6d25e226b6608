"""The check engine: one entry point shared by `playbook check` and the MkDocs build.

`run_checks` loads the playbook, runs every rule over the model and returns the findings with the
configured severities applied. Each rule family is a plain generator of findings.
"""

from __future__ import annotations

import itertools
import posixpath
from collections import defaultdict
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

from plugins.core import baseline, pagescan, rules
from plugins.core.codeowners import check_codeowners
from plugins.core.findings import Finding, Location, Severity, apply_severities
from plugins.core.kpichecks import check_kpi
from plugins.core.loader import ROADMAP_DIR, Loaded, load_playbook
from plugins.core.markdown import macro_template_error
from plugins.core.nav import mount_prefix
from plugins.core.render import site
from plugins.core.schemas import key_name, suggest

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Iterable, Iterator, Mapping

    from plugins.core.model import (
        Doc,
        MaturityAssessment,
        MaturityModel,
        MaturityScore,
        Origin,
        Page,
        Playbook,
        RoadmapItem,
    )
    from plugins.core.settings import Settings
    from plugins.core.vocabulary import Vocabulary


@dataclass(frozen=True, slots=True)
class Report:
    """The outcome of a check run."""

    loaded: Loaded
    findings: list[Finding]
    #: What the findings baseline held back (nothing when there is no baseline file).
    baselined: baseline.Applied = baseline.NONE

    @property
    def playbook(self) -> Playbook:
        return self.loaded.playbook


def run_checks(
    settings: Settings,
    today: dt.date,
    loaded: Loaded | None = None,
    *,
    use_baseline: bool = True,
) -> Report:
    """Load (unless given) and check the playbook; severities from the settings are applied,
    then the findings baseline (unless `use_baseline` is false) holds back the known ones."""
    loaded = loaded or load_playbook(settings)
    findings = list(loaded.findings)
    context = _Context(loaded, settings, today)
    for family in FAMILIES:
        findings.extend(family(context))
    findings = _once(apply_severities(findings, settings.rules))
    findings = _left_out(loaded, findings)
    if not use_baseline:
        return Report(loaded, findings)
    known, problems = baseline.load(settings.root, settings.baseline)
    applied = baseline.apply(findings, known, settings.baseline)
    problems = apply_severities(problems, settings.rules)
    return Report(loaded, sorted([*applied.new, *problems], key=Finding.sort_key), applied)


def _left_out(loaded: Loaded, findings: list[Finding]) -> list[Finding]:
    """PB108 for each object left out of the site whose file has no error left: without it, a
    file made unusable by problems set below error would vanish silently. Added after the
    severities are applied: a file that cannot be used always fails the build."""
    if not loaded.left_out:
        return findings
    failing = {f.path for f in findings if f.severity is Severity.ERROR}
    extra = [
        rules.LEFT_OUT.at(
            item.location,
            f"{item.what} is left out of the site: the problems that make it unusable are set "
            "below error",
        )
        for item in loaded.left_out
        if item.location.path not in failing
    ]
    return sorted([*findings, *extra], key=Finding.sort_key) if extra else findings


def _once(findings: list[Finding]) -> list[Finding]:
    """Sorted findings without exact repeats (a folder default shared by many pages is one
    defect at one place)."""
    out: list[Finding] = []
    for finding in findings:
        if not out or out[-1] != finding:
            out.append(finding)
    return out


@dataclass(frozen=True, slots=True)
class _Context:
    loaded: Loaded
    settings: Settings
    today: dt.date

    @property
    def playbook(self) -> Playbook:
        return self.loaded.playbook

    def exists(self, ident: str, pool: Mapping[str, object]) -> bool:
        return ident in pool or ident in self.loaded.broken_ids


# ---- References ------------------------------------------------------------------------------


def _refs(
    ctx: _Context,
    origin: Origin,
    keys: tuple[str | int, ...],
    ident: str,
    kind: str,
    pool: Mapping[str, object],
) -> Iterator[Finding]:
    """PB301 when `ident` (at `keys` of the object) names nothing of `kind`."""
    if ctx.exists(ident, pool):
        return
    field = key_name((*origin.base, *keys))  # the full path: `kpis[3].source`
    other = ctx.loaded.ids.get(ident)
    if other is not None:
        message = f"'{field}' names '{ident}', which is a {other[0]}, not a {kind}"
    else:
        message = f"'{field}' names unknown {kind} '{ident}'" + suggest(ident, pool)
    yield rules.UNKNOWN_REFERENCE.at(origin.at(*keys), message)


def _ref_list(
    ctx: _Context,
    origin: Origin,
    field: str,
    ids: tuple[str, ...],
    kind: str,
    pool: Mapping[str, object],
) -> Iterator[Finding]:
    for index, ident in enumerate(ids):
        yield from _refs(ctx, origin, (field, index), ident, kind, pool)


def _owner(ctx: _Context, origin: Origin, owner: str) -> Iterator[Finding]:
    """PB301 when an owner that is not a GitHub handle names no team."""
    if ctx.playbook.vocabulary.owner_is_team(owner):
        yield from _refs(ctx, origin, ("owner",), owner, "team", ctx.playbook.teams)


def check_references(ctx: _Context) -> Iterator[Finding]:
    pb = ctx.playbook
    for doc in pb.docs:
        yield from _owner(ctx, doc.origin, doc.owner)
        if doc.replaced_by:
            replacements: Mapping[str, object] = (
                pb.processes if doc.kind == "process" else pb.templates
            )
            yield from _refs(
                ctx, doc.origin, ("replaced_by",), doc.replaced_by, doc.kind, replacements
            )
    for process in pb.processes.values():
        o = process.origin
        for role_key, role_ids in process.raci.items():
            for index, role in enumerate(role_ids):
                yield from _refs(ctx, o, ("raci", role_key, index), role, "role", pb.roles)
        yield from _ref_list(ctx, o, "templates", process.templates, "template", pb.templates)
        yield from _ref_list(ctx, o, "related", process.related, "process", pb.processes)
        yield from _ref_list(ctx, o, "kpis", process.kpis, "KPI", pb.kpis)
        yield from _ref_list(ctx, o, "tools", process.tools, "tool", pb.tools)
    for item in pb.roadmap.values():
        o = item.origin
        yield from _refs(ctx, o, ("theme",), item.theme, "theme", pb.themes)
        yield from _owner(ctx, o, item.owner)
        yield from _ref_list(ctx, o, "depends_on", item.depends_on, "roadmap item", pb.roadmap)
        yield from _ref_list(ctx, o, "related", item.related, "roadmap item", pb.roadmap)
        yield from _ref_list(ctx, o, "processes", item.processes, "process", pb.processes)
        yield from _ref_list(ctx, o, "metrics", item.metrics, "KPI", pb.kpis)
    for entry in (*(e for r in pb.releases for e in r.entries), *pb.unreleased):
        yield from _ref_list(ctx, entry.origin, "items", entry.items, "roadmap item", pb.roadmap)
    for kpi in pb.kpis.values():
        yield from _owner(ctx, kpi.origin, kpi.owner)
        yield from _refs(ctx, kpi.origin, ("source",), kpi.source, "tool", pb.tools)
    for tool in pb.tools.values():
        yield from _owner(ctx, tool.origin, tool.owner)
    for theme in pb.themes.values():
        yield from _owner(ctx, theme.origin, theme.owner)
    for term in pb.terms.values():
        yield from _ref_list(ctx, term.origin, "see_also", term.see_also, "glossary term", pb.terms)


def check_cycles(ctx: _Context) -> Iterator[Finding]:
    """Each dependency cycle once, reported on its alphabetically first item."""
    roadmap = ctx.playbook.roadmap
    state: dict[str, int] = {}  # 1 visiting, 2 done
    reported: set[frozenset[str]] = set()
    for start in sorted(roadmap):
        if state.get(start):
            continue
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(roadmap[start].depends_on))]
        path = [start]
        state[start] = 1
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                stack.pop()
                path.pop()
                state[node] = 2
                continue
            if child not in roadmap:
                continue
            if state.get(child) == 1:
                cycle = path[path.index(child) :]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    first = min(cycle)
                    turn = cycle.index(first)
                    ordered = cycle[turn:] + cycle[:turn]
                    nxt = ordered[1] if len(ordered) > 1 else first
                    item = roadmap[first]
                    index = item.depends_on.index(nxt)
                    yield rules.DEPENDENCY_CYCLE.at(
                        item.origin.at("depends_on", index),
                        "dependency cycle: " + " -> ".join([*ordered, first]),
                    )
            elif not state.get(child):
                state[child] = 1
                path.append(child)
                stack.append((child, iter(roadmap[child].depends_on)))


# ---- Lifecycle -------------------------------------------------------------------------------


def check_page_lifecycle(ctx: _Context) -> Iterator[Finding]:
    pb = ctx.playbook
    vocab = pb.vocabulary
    inactive = vocab.inactive_page_statuses
    for doc in pb.docs:
        if doc.status in inactive:
            pool = pb.processes if doc.kind == "process" else pb.templates
            if not doc.replaced_by:
                yield rules.REPLACEMENT.at(
                    doc.origin.at("status"),
                    f"{doc.kind} '{doc.id}' is {doc.status} but names no replacement (replaced_by)",
                )
            elif doc.replaced_by in pool:
                replacement = pool[doc.replaced_by]
                if not vocab.is_active_page(replacement.status):
                    yield rules.REPLACEMENT.at(
                        doc.origin.at("replaced_by"),
                        f"replacement '{replacement.id}' of {doc.kind} '{doc.id}' is {replacement.status}, not active",
                    )
    for process in pb.processes.values():
        if not vocab.is_active_page(process.status):
            continue
        for field, pool in (("templates", pb.templates), ("related", pb.processes)):
            for i, ident in enumerate(getattr(process, field)):
                target: Doc | None = pool.get(ident)
                if target is not None and target.status in inactive:
                    instead = f"; use '{target.replaced_by}' instead" if target.replaced_by else ""
                    yield rules.INACTIVE_DEPENDENCY.at(
                        process.origin.at(field, i),
                        f"active process '{process.id}' relies on {target.status} {target.kind} '{ident}'{instead}",
                    )


def check_roadmap_lifecycle(ctx: _Context) -> Iterator[Finding]:
    pb = ctx.playbook
    vocab = pb.vocabulary
    done = vocab.done_status
    for item in pb.roadmap.values():
        release = pb.shipped_in.get(item.id)
        if (
            vocab.is_done(item.status)
            and release is None
            and item.id not in ctx.loaded.cited_by_broken
        ):
            yield rules.SHIPPED_NOT_RELEASED.at(
                item.origin.at("status"),
                f"roadmap item '{item.id}' is {vocab.label(item.status).lower()}, but no release "
                "entry cites it",
            )
        if item.status == vocab.underway_status and item.target < ctx.today:
            days = (ctx.today - item.target).days
            yield rules.STALE_ITEM.at(
                item.origin.at("target"),
                f"roadmap item '{item.id}' is {vocab.label(item.status).lower()} but its target "
                f"{item.target} passed {days} day(s) ago",
            )
        yield from _stale_item(item, vocab, ctx.today)
        yield from _item_dates(item)
    for release in pb.releases:
        for entry in release.entries:
            for i, ident in enumerate(entry.items):
                cited = pb.roadmap.get(ident)
                if cited is None:
                    continue
                if vocab.is_dropped(cited.status):
                    yield rules.CANCELLED_CITED.at(
                        entry.origin.at("items", i),
                        f"release {release.version} cites {vocab.label(cited.status).lower()} "
                        f"roadmap item '{ident}'",
                    )
                elif not vocab.is_done(cited.status):
                    yield rules.RELEASED_NOT_SHIPPED.at(
                        entry.origin.at("items", i),
                        f"release {release.version} cites roadmap item '{ident}', whose status is "
                        f"'{cited.status}', not '{done}'",
                        f"Set `status: {done}` in {cited.origin.path}, or remove '{ident}' from this entry.",
                    )
    for entry in pb.unreleased:
        for i, ident in enumerate(entry.items):
            upcoming = pb.roadmap.get(ident)
            if upcoming is not None and vocab.is_dropped(upcoming.status):
                yield rules.CANCELLED_CITED.at(
                    entry.origin.at("items", i),
                    f"upcoming entry cites {vocab.label(upcoming.status).lower()} roadmap item "
                    f"'{ident}'",
                )
    for entry in (*(e for r in pb.releases for e in r.entries), *pb.unreleased):
        kind = vocab.entry_type(entry.type)
        if kind is not None and kind.requires_item and not entry.items:
            yield rules.ENTRY_WITHOUT_ITEM.at(
                entry.origin.at("type"),
                f"a '{entry.type}' entry must cite the roadmap item it delivers; it cites none",
            )


def _stale_item(item: RoadmapItem, vocab: Vocabulary, today: dt.date) -> Iterator[Finding]:
    """PB412: an open item past its target (PB406 covers the one under way), or a done item whose
    target or horizon still says it is to come. One finding per item."""
    status = vocab.label(item.status).lower()
    if vocab.is_open(item.status) and item.status != vocab.underway_status:
        if item.target < today:
            days = (today - item.target).days
            yield rules.STALE_ROADMAP.at(
                item.origin.at("target"),
                f"roadmap item '{item.id}' is {status} but its target {item.target} passed "
                f"{days} day(s) ago",
                "Move the target (and quarter) to a realistic date, or set the status to what "
                "happened.",
            )
        return
    if not vocab.is_done(item.status):
        return
    nearest = vocab.horizons[0] if vocab.horizons else item.horizon
    problems = []
    if item.target > today:
        problems.append(f"its target {item.target} is in the future")
    if item.horizon != nearest:
        problems.append(f"its horizon is '{item.horizon}'")
    if problems:
        fixes = []
        if item.target > today:
            fixes.append("set `target:` to the day it shipped (and `quarter:` to match)")
        if item.horizon != nearest:
            fixes.append(f"set `horizon: {nearest}`")
        yield rules.STALE_ROADMAP.at(
            item.origin.at("target" if item.target > today else "horizon"),
            f"roadmap item '{item.id}' is {status} but " + " and ".join(problems),
            " and ".join(fixes).capitalize() + ".",
        )


def _item_dates(item: RoadmapItem) -> Iterator[Finding]:
    if item.start is not None and item.start > item.target:
        yield rules.DATE_ORDER.at(
            item.origin.at("start"),
            f"roadmap item '{item.id}' starts ({item.start}) after its target ({item.target})",
        )
    quarter = f"{item.target.year}-Q{(item.target.month - 1) // 3 + 1}"
    if item.quarter != quarter:
        yield rules.DATE_ORDER.at(
            item.origin.at("quarter"),
            f"quarter {item.quarter} does not contain the target date {item.target} (which is in {quarter})",
        )


def check_releases(ctx: _Context) -> Iterator[Finding]:
    releases = ctx.playbook.releases  # newest version first
    for newer, older in itertools.pairwise(releases):
        if newer.date < older.date:
            yield rules.RELEASE_ORDER.at(
                newer.origin.at("date"),
                f"release {newer.version} is dated {newer.date}, before the lower version "
                f"{older.version} ({older.date})",
            )
    vocab = ctx.playbook.vocabulary
    for newer, older in itertools.pairwise(releases if vocab.versioning == "semver" else ()):
        needed = vocab.semver_impact(tuple(e.type for e in newer.entries))
        made = _bump(older.key, newer.key)
        if _RANK[made] > _RANK[needed]:
            culprits = sorted(
                {e.type for e in newer.entries if vocab.entry_type(e.type) is not None}
                & {t.id for t in vocab.entry_types if t.semver == needed}
            )
            yield rules.VERSION_BUMP.at(
                newer.origin.at("version"),
                f"release {newer.version} is a {made} release after {older.version}, but its "
                f"{', '.join(repr(c) for c in culprits)} entries call for a {needed} release",
            )
    for release in releases:
        if release.date > ctx.today:
            yield rules.FUTURE_RELEASE.at(
                release.origin.at("date"),
                f"release {release.version} is dated {release.date}, in the future (today is {ctx.today})",
            )


_RANK = {"major": 0, "minor": 1, "patch": 2, "none": 3}


def _bump(old: tuple[int, ...], new: tuple[int, ...]) -> str:
    """Which part of MAJOR.MINOR.PATCH moved from `old` to `new`."""
    if new[0] != old[0]:
        return "major"
    return "minor" if new[1] != old[1] else "patch"


# ---- Review freshness ------------------------------------------------------------------------


def check_freshness(ctx: _Context) -> Iterator[Finding]:
    grace = ctx.settings.review_grace_days
    vocab = ctx.playbook.vocabulary
    for doc in ctx.playbook.docs:
        if vocab.page_meaning(doc.status) in ("retired", "draft"):
            continue
        overdue = doc.review.days_overdue(ctx.today)
        if overdue <= 0:
            continue
        owner = doc.owner
        if overdue > grace:
            yield rules.REVIEW_OVERDUE.at(
                doc.origin.at("last_reviewed"),
                f"{doc.kind} '{doc.id}' was due for review on {doc.review.review_by}, {overdue} days "
                f"ago (more than the {grace}-day grace period); owner: {owner}",
            )
        else:
            yield rules.REVIEW_DUE.at(
                doc.origin.at("last_reviewed"),
                f"{doc.kind} '{doc.id}' was due for review on {doc.review.review_by}, {overdue} days "
                f"ago; owner: {owner}",
            )


# ---- Quoted data: facts and worked examples ---------------------------------------------------


def check_quoted_data(ctx: _Context) -> Iterator[Finding]:
    """Facts quoted by pages exist, and example rows citing a roadmap item agree with its data."""
    pb = ctx.playbook
    statuses = set(pb.vocabulary.status_ids)
    horizons = set(pb.vocabulary.horizons)
    for page in pb.pages.values():
        for call in page.macros:
            where = _at_line(page.path, call.line)
            if call.name == "fact" and not ctx.exists(call.arg, pb.facts):
                yield rules.UNKNOWN_FACT.at(
                    where,
                    f"no fact has the id '{call.arg}'{suggest(call.arg, pb.facts)}",
                )
            item = pb.roadmap.get(call.arg) if call.name == "link" else None
            if item is None:
                continue
            for cell in call.cells:
                word = cell.lower()
                if word in statuses and word != item.status:
                    yield rules.EXAMPLE_DISAGREES.at(
                        where,
                        f"the row says '{item.id}' is {word}; its data says {item.status}",
                    )
                elif word in horizons and word != item.horizon:
                    yield rules.EXAMPLE_DISAGREES.at(
                        where,
                        f"the row puts '{item.id}' in {word}; its data says {item.horizon}",
                    )


def check_macro_syntax(ctx: _Context) -> Iterator[Finding]:
    """Every page that renders macros parses as mkdocs-macros' Jinja2 reads it (else
    mkdocs-macros exits the build, or the live preview, without naming the page)."""
    settings = ctx.settings
    for page in ctx.playbook.pages.values():
        if not page.renders_macros:
            continue
        try:
            text = (settings.root / page.path).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError):
            continue  # reported as unreadable where the page is read
        body = "\n".join(text.split("\n")[page.body_line - 1 :])
        error = macro_template_error(body, settings.macro_syntax, settings.macro_extensions)
        if error is not None:
            line, message = error
            yield rules.MACRO_SYNTAX.at(
                _at_line(page.path, page.body_line + line - 1),
                f"mkdocs-macros cannot read this page as a template: {message}",
            )


# ---- Maturity model ----------------------------------------------------------------------------


def check_maturity(ctx: _Context) -> Iterator[Finding]:
    """The maturity model's references, its matrix's holes, and its assessments' dates, levels
    and targets."""
    pb = ctx.playbook
    model = pb.maturity
    if model is None:
        return
    level_ids = [level.id for level in model.levels]
    for dimension in model.dimensions:
        o = dimension.origin
        yield from _owner(ctx, o, dimension.owner)
        yield from _ref_list(ctx, o, "processes", dimension.processes, "process", pb.processes)
        yield from _ref_list(ctx, o, "templates", dimension.templates, "template", pb.templates)
        yield from _ref_list(ctx, o, "kpis", dimension.kpis, "KPI", pb.kpis)
        described = {ident for ident, _ in dimension.descriptors}
        for ident, _ in dimension.descriptors:
            if ident not in level_ids and ident not in model.refused_levels:
                yield rules.MATURITY_UNKNOWN_LEVEL.at(
                    o.marks.at((*o.base, "descriptors", ident), key=True),
                    f"dimension '{dimension.id}' describes level '{ident}', which is not a "
                    f"level of the model{suggest(ident, level_ids)}",
                    f"Use one of the levels: {', '.join(level_ids)}.",
                )
        missing = [ident for ident in level_ids if ident not in described]
        if missing:
            listed = ", ".join(f"'{ident}'" for ident in missing)
            yield rules.MATURITY_MISSING_DESCRIPTOR.at(
                o.key_at("descriptors"),
                f"dimension '{dimension.id}' has no descriptor for level{'s' if len(missing) > 1 else ''} {listed}",
                f"Add under `descriptors` what you would see at {listed}: one concrete, "
                "observable sentence or list each.",
            )
    yield from _maturity_assessments(ctx, model)


def _maturity_assessments(ctx: _Context, model: MaturityModel) -> Iterator[Finding]:
    level_ids = [level.id for level in model.levels]
    dimension_ids = [d.id for d in model.dimensions]
    days: dict[dt.date, MaturityAssessment] = {}
    for assessment in model.assessments:
        where = assessment.origin
        if assessment.date > ctx.today:
            yield rules.MATURITY_FUTURE_ASSESSMENT.at(
                where.at("date"),
                f"the assessment of {assessment.date} is in the future (today is {ctx.today})",
            )
        first = days.setdefault(assessment.date, assessment)
        if first is not assessment:
            yield rules.MATURITY_DUPLICATE.at(
                where.at("date"),
                f"a second assessment of {assessment.date}; the first is at "
                f"{first.origin.at('date')}",
                "Merge the two into one assessment, or correct the date of one.",
            )
        scored: dict[str, MaturityScore] = {}
        for score in assessment.scores:
            yield from _maturity_score(model, assessment, score, level_ids, dimension_ids)
            earlier = scored.setdefault(score.dimension, score)
            if earlier is not score:
                yield rules.MATURITY_DUPLICATE.at(
                    score.origin.at("dimension"),
                    f"the assessment of {assessment.date} scores '{score.dimension}' twice; "
                    f"the first score is at {earlier.origin.at('dimension')}",
                )
    past = [a for a in model.assessments if a.date <= ctx.today]
    if past:
        latest = max(past, key=lambda a: a.date)
        age = (ctx.today - latest.date).days
        if age > model.reassess_every_days:
            yield rules.MATURITY_STALE_ASSESSMENT.at(
                latest.origin.at("date"),
                f"the latest maturity assessment ({latest.date}) is {age} days old; one is due "
                f"every {model.reassess_every_days} days",
            )


def _maturity_score(
    model: MaturityModel,
    assessment: MaturityAssessment,
    score: MaturityScore,
    level_ids: list[str],
    dimension_ids: list[str],
) -> Iterator[Finding]:
    o = score.origin
    if score.dimension not in dimension_ids and score.dimension not in model.refused_dimensions:
        yield rules.MATURITY_UNKNOWN_DIMENSION.at(
            o.at("dimension"),
            f"the assessment of {assessment.date} scores '{score.dimension}', which is not a "
            f"dimension of the model{suggest(score.dimension, dimension_ids)}",
            f"Use one of the dimensions: {', '.join(dimension_ids)}.",
        )
    for key, ident in (("level", score.level), ("target", score.target)):
        if ident is not None and ident not in level_ids and ident not in model.refused_levels:
            yield rules.MATURITY_UNKNOWN_LEVEL.at(
                o.at(key),
                f"'{key}' of the '{score.dimension}' score names '{ident}', which is not a level "
                f"of the model{suggest(ident, level_ids)}",
                f"Use one of the levels: {', '.join(level_ids)}.",
            )
    reached, aimed = model.rank(score.level), model.rank(score.target or "")
    if reached is not None and aimed is not None and aimed < reached:
        yield rules.MATURITY_TARGET_BELOW.at(
            o.at("target"),
            f"the '{score.dimension}' score aims at '{score.target}' (level {aimed}), below the "
            f"'{score.level}' (level {reached}) it has reached",
            f"Aim at '{score.level}' or above, or remove the target.",
        )
    if score.target_date is not None and score.target_date <= assessment.date:
        yield rules.MATURITY_TARGET_BELOW.at(
            o.at("target_date"),
            f"the '{score.dimension}' score's target date {score.target_date} is not after its "
            f"assessment ({assessment.date})",
            "Set a target date after the assessment, or remove it.",
        )


# ---- Structure -------------------------------------------------------------------------------


def check_kpi_measurements(ctx: _Context) -> Iterator[Finding]:
    for kpi in ctx.playbook.kpis.values():
        yield from check_kpi(kpi, ctx.today)


def check_raci(ctx: _Context) -> Iterator[Finding]:
    for process in ctx.playbook.processes.values():
        slots = [roles for _, roles in process.raci.items()]
        if len(slots[0]) == 1 and all(roles == slots[0] for roles in slots):
            yield rules.RACI_ONE_ROLE.at(
                process.origin.key_at("raci"),
                f"process '{process.id}' names only '{slots[0][0]}' in every RACI slot",
            )


def check_sections(ctx: _Context) -> Iterator[Finding]:
    for page in ctx.playbook.pages.values():
        doc = page.doc
        vocab = ctx.playbook.vocabulary
        if doc is None or vocab.page_meaning(doc.status) == "draft":
            continue  # a draft joins the playbook before its text is restructured
        required = vocab.sections(doc.kind)
        found = [h.text for h in page.headings if h.level == 2]
        missing = [name for name in required if name not in found]
        line = page.body_line
        for name in missing:
            close = suggest(name, found)
            yield rules.MISSING_SECTION.at(
                _at_line(doc.origin.path, line),
                f"{doc.kind} '{doc.id}' has no '## {name}' section{close}",
                f"Add a '## {name}' heading. Required, in order: {', '.join(required)}.",
            )
        present = [name for name in found if name in required]
        expected = [name for name in required if name in present]
        if not missing and present != expected:
            yield rules.MISSING_SECTION.at(
                _at_line(doc.origin.path, line),
                f"{doc.kind} '{doc.id}' has its sections out of order: {', '.join(present)}",
                f"Order the sections: {', '.join(required)}.",
            )


def _at_line(path: str, line: int) -> Location:
    return Location(path, line, 1)


# ---- Links and reachability ------------------------------------------------------------------


def check_links(ctx: _Context) -> Iterator[Finding]:
    """Every relative link and image of a page, judged as MkDocs judges it (`pagescan` reads
    them as MkDocs renders them): the target must be a file of the docs (a page, a generated
    page or any other file), and an anchor must be an id of the target page."""
    pages = ctx.playbook.pages
    generated = site.generated_uris(ctx.playbook, ctx.settings.plugins)
    docs = ctx.settings.docs_path
    on_disk: dict[str, bool] = {}

    def docs_file(resolved: str) -> bool:
        """Whether `resolved` (docs-relative) is a file of the docs on disk (cached)."""
        exists = on_disk.get(resolved)
        if exists is None:
            exists = on_disk[resolved] = (
                not resolved.startswith("../") and (docs / resolved).is_file()
            )
        return exists

    def known(resolved: str) -> bool:
        return resolved in pages or resolved in generated or docs_file(resolved)

    linked: set[str] = set()
    absolute = ctx.settings.absolute_links
    nearby = _NearbyPages(pages, generated)
    for page in pages.values():
        base = posixpath.dirname(page.src_uri)
        # Like MkDocs, a missing anchor is reported once per page, at its first link.
        anchors_seen: set[tuple[str, str]] = set()
        for link in page.links:
            target = link.target
            parts = _split(target)
            if parts is None:
                continue  # external, or not a URL MkDocs can read: it checks neither
            link_path, fragment = parts
            if target.startswith(("/", "\\")) and absolute != "relative_to_docs":
                if absolute != "ignore":
                    where = Location(page.path, link.line, link.col)
                    yield _absolute_link(where, target, base, absolute, known)
                continue
            if pagescan.is_amp_substitute(target):
                continue
            if not link_path:
                key = (page.src_uri, fragment)
                if fragment and fragment not in page.anchors and key not in anchors_seen:
                    anchors_seen.add(key)
                    where = Location(page.path, link.line, link.col)
                    yield _missing_anchor(where, target, page, "this page")
                continue
            path = unquote(link_path)
            resolved = posixpath.normpath(posixpath.join(base, path).lstrip("/"))
            target_page = pages.get(resolved)
            if target_page is None:
                if resolved in generated:
                    linked.add(resolved)
                    continue
                if not docs_file(resolved):
                    where = Location(page.path, link.line, link.col)
                    yield _missing_target(where, target, path, resolved, base, nearby)
                continue
            linked.add(resolved)
            key = (resolved, fragment)
            if fragment and fragment not in target_page.anchors and key not in anchors_seen:
                anchors_seen.add(key)
                where = Location(page.path, link.line, link.col)
                yield _missing_anchor(where, target, target_page, f"page {resolved}")
    nav = ctx.playbook.nav
    if nav is None:
        return  # without an explicit nav MkDocs lists every page
    nav_set = set(nav)
    for folder in ctx.settings.nav_mounts:
        prefix = mount_prefix(folder)
        inside = [uri for uri in pages if uri.startswith(prefix)]
        nav_set.update(inside)
        if not inside:
            yield rules.NAV_MISSING_FILE.at(
                _at_line("mkdocs.yml", _config_line(ctx, folder)),
                f"nav mounts the folder '{folder}', which holds no page in {ctx.settings.docs_dir}/",
                "Name a folder of the docs that holds Markdown pages, ending in '/'.",
            )
    # expand_nav places processes and templates after their index pages
    retired = ctx.playbook.vocabulary.is_retired
    if site.PROCESSES in nav_set:
        nav_set.update(p.src_uri for p in ctx.playbook.processes.values() if not retired(p.status))
    if site.TEMPLATES in nav_set:
        nav_set.update(t.src_uri for t in ctx.playbook.templates.values() if not retired(t.status))
    for entry in nav:
        if entry not in pages and entry not in generated:
            yield rules.NAV_MISSING_FILE.at(
                _at_line("mkdocs.yml", _config_line(ctx, entry)),
                f"nav names '{entry}', which is not a page in {ctx.settings.docs_dir}/"
                + suggest(entry, pages),
            )
    for uri, page in pages.items():
        if uri not in nav_set and uri not in linked and uri != "index.md":
            yield rules.UNREACHABLE_PAGE.at(
                _at_line(page.path, 1), f"page {uri} is not in the nav and no page links to it"
            )


def _split(target: str) -> tuple[str, str] | None:
    """The path and fragment of a link's target as `urlsplit` reads them, or None for a link
    MkDocs leaves alone (a scheme or a host: external; or not a URL it can read). A target
    without `:`, `?`, blanks or a leading `//` (nearly all relative links) is split by hand."""
    if (
        ":" in target
        or "?" in target
        or target.startswith("//")
        or " " in target
        or not target.isprintable()
    ):
        try:
            parts = urlsplit(target)
        except ValueError:
            return None
        if parts.scheme or parts.netloc:
            return None
        return parts.path, parts.fragment
    path, _, fragment = target.partition("#")
    return path, fragment


def _missing_anchor(where: Location, target: str, page: Page, name: str) -> Finding:
    anchor = urlsplit(target).fragment
    choices = sorted(page.anchors)
    return rules.BROKEN_ANCHOR.at(
        where,
        f"link to '{target}': {name} has no anchor '#{anchor}'" + suggest(anchor, choices),
        (
            "Use one of its anchors: "
            + ", ".join(f"#{a}" for a in choices[:12])
            + (" ..." if len(choices) > 12 else "")
        )
        if choices
        else f"The page has no headings or ids; link to {page.src_uri} without an anchor.",
    )


def _absolute_link(
    where: Location,
    target: str,
    base: str,
    level: str,
    known: Callable[[str], bool],
) -> Finding:
    """PB705, at the level MkDocs logs the link at, with the relative link that works when the
    target is a file of the docs (`known`: a page, a generated page or a file on disk)."""
    parts = urlsplit(target)
    resolved = posixpath.normpath(unquote(parts.path).replace("\\", "/").lstrip("/")) or "."
    message = (
        f"absolute link '{target}': MkDocs leaves it as it is, unchecked, and it breaks wherever "
        "the site is not served from the root of its domain"
    )
    hint = None
    if known(resolved):
        fixed = posixpath.relpath(resolved, base or ".")
        fixed += f"?{parts.query}" if parts.query else ""
        fixed += f"#{parts.fragment}" if parts.fragment else ""
        hint = f"Link to '{fixed}' (relative to this page)."
    finding = rules.ABSOLUTE_LINK.at(where, message, hint)
    return finding if level == "warn" else replace(finding, severity=Severity.INFO)


def _missing_target(
    where: Location,
    target: str,
    path: str,
    resolved: str,
    base: str,
    nearby: _NearbyPages,
) -> Finding:
    """A link to no file. Like MkDocs, a path without a file extension is named as such and the
    page it probably means is proposed (`people` for `people.md`, `dir/` for `dir/index.md`);
    otherwise the closest page in the same folder or of the same name, if one is close."""
    stem = resolved.removesuffix(".html")
    guesses = [
        stem + ".md",
        posixpath.join(resolved, "index.md"),
        posixpath.join(resolved, "README.md"),
    ]
    guess = next((g for g in guesses if g in nearby.known and g != resolved), None)
    extensionless = not posixpath.splitext(path)[1]
    what = "is no file name (it has no extension)" if extensionless else "points at no page"
    message = f"link to '{target}' {what} (resolved to {resolved})"
    if guess is not None:
        fixed = posixpath.relpath(guess, base or ".")
        fragment = urlsplit(target).fragment
        fixed += f"#{fragment}" if fragment else ""
        return rules.BROKEN_LINK.at(
            where, f"{message}; did you mean '{fixed}'?", f"Link to '{fixed}'."
        )
    close = nearby.closest(resolved)
    if close is None:
        return rules.BROKEN_LINK.at(where, message)
    return rules.BROKEN_LINK.at(
        where, f"{message}; did you mean '{posixpath.relpath(close, base or '.')}'?"
    )


class _NearbyPages:
    """The pages a broken link probably meant: the closest page of the same folder or of the
    same file name. Comparing with every page of a large playbook, for each of many broken
    links, would take minutes; a typo or a moved page is found among these few."""

    def __init__(self, pages: Iterable[str], generated: Iterable[str]) -> None:
        self.known = frozenset(pages) | frozenset(generated)
        self._by_folder: dict[str, list[str]] = defaultdict(list)
        self._by_name: dict[str, list[str]] = defaultdict(list)
        for uri in sorted(pages):
            folder, name = posixpath.split(uri)
            self._by_folder[folder].append(uri)
            self._by_name[name].append(uri)
        self._found: dict[str, str | None] = {}

    def closest(self, resolved: str) -> str | None:
        if resolved not in self._found:
            # Imported on the first broken link only: 4 MB a clean build never needs.
            from rapidfuzz import fuzz
            from rapidfuzz.process import extractOne

            folder, name = posixpath.split(resolved)
            moved = self._by_name.get(name)
            if moved:  # a page of that name elsewhere: the nearest of them
                nearest = extractOne(resolved, moved, scorer=fuzz.ratio)
                self._found[resolved] = nearest[0] if nearest else None
            else:  # a typo in the name: the closest name in the folder
                siblings = {posixpath.basename(uri): uri for uri in self._by_folder.get(folder, ())}
                close = extractOne(name, list(siblings), scorer=fuzz.ratio, score_cutoff=60)
                self._found[resolved] = siblings[close[0]] if close else None
        return self._found[resolved]


def _config_line(ctx: _Context, text: str) -> int:
    """The first line of mkdocs.yml that holds `text` (1 when none does)."""
    config_file = ctx.settings.root / "mkdocs.yml"
    try:
        lines = config_file.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError):
        return 1
    return next((n for n, line in enumerate(lines, 1) if text in line), 1)


def check_repository(ctx: _Context) -> Iterator[Finding]:
    # CODEOWNERS follows every page, roadmap item and team. While one of them could not be read
    # or was refused, the expected file is unknown and a difference would only repeat that
    # finding (a false PB801): the comparison waits until the content loads.
    if not _owners_incomplete(ctx):
        yield from check_codeowners(ctx.playbook, ctx.settings)


def _owners_incomplete(ctx: _Context) -> bool:
    settings = ctx.settings
    sources = (f"{settings.docs_dir}/", f"{settings.data_dir}/{ROADMAP_DIR}/")
    teams = f"{settings.data_dir}/teams.yml"
    return any(
        f.severity is Severity.ERROR and (f.path.startswith(sources) or f.path == teams)
        for f in ctx.loaded.findings
    )


FAMILIES: tuple[Callable[[_Context], Iterable[Finding]], ...] = (
    check_references,
    check_cycles,
    check_page_lifecycle,
    check_roadmap_lifecycle,
    check_releases,
    check_freshness,
    check_quoted_data,
    check_macro_syntax,
    check_kpi_measurements,
    check_maturity,
    check_sections,
    check_raci,
    check_links,
    check_repository,
)
