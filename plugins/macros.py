"""mkdocs-macros module: lets hand-written pages embed playbook data.

Only `define_env(env)` is used, so the module also runs under engines that emulate mkdocs-macros.
Pages opt in with `render_macros: true` in their front matter. Every macro returns Markdown in
which data text is escaped: data is never evaluated as a template.

    {{ roadmap_table(theme="onboarding", status="in-progress") }}
    {{ release_notes("3.5.0") }}
    {{ link("launch-management") }}        a process, template, KPI, team, role or item by id
    {{ fact("breaking-change-notice") }}   a policy value from data/facts.yml
    {{ kpi("pm-admin-time", "target") }}   one field of a KPI from data/kpis.yml (also "current"...)
    {{ item("route-optimisation", "status") }}  one field of a roadmap item
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from plugins.core.loader import load_playbook
from plugins.core.measures import QUOTABLE, quote
from plugins.core.render import site
from plugins.core.render.pages import doc_link, status_chip, team_link
from plugins.core.render.releases import release_entries
from plugins.core.render.releases import release_highlights as highlights_html
from plugins.core.render.roadmap import item_link
from plugins.core.render.text import md_link, md_text, table
from plugins.core.schemas import suggest
from plugins.mkdocs_plugins.common import settings_from_mkdocs

if TYPE_CHECKING:
    from plugins.core.loader import Loaded
    from plugins.core.model import Playbook


class MacroError(ValueError):
    """A macro was called with an argument that names nothing; the build fails naming the page."""


def _page_error(error: Exception, markdown: str, page: Any) -> str:
    """One line naming the page and the problem, instead of mkdocs-macros' traceback."""
    return f"{page.file.src_path}: macro error: {error}"


def _undefined_error(error: Exception, markdown: str, page: Any) -> str:
    return (
        f"{page.file.src_path}: {error} (misspelled macro or variable? Available macros: "
        "roadmap_table, release_notes, release_highlights, link, fact, kpi, item, ids. To show "
        "braces literally, wrap them in "
        "{% raw %}...{% endraw %})"
    )


try:  # mkdocs-macros formats rendering errors through a singledispatch function
    from jinja2.exceptions import UndefinedError
    from mkdocs_macros.errors import format_error

    format_error.register(MacroError)(_page_error)
    format_error.register(UndefinedError)(_undefined_error)
except ImportError:  # pragma: no cover - another engine emulating define_env
    pass


def define_env(env: Any) -> None:
    def current() -> Loaded:
        content = env.conf.plugins.get("playbook")
        loaded = getattr(content, "loaded", None)
        if loaded is None:
            loaded = load_playbook(settings_from_mkdocs(env.conf, data_dir="data"))
        return cast("Loaded", loaded)

    def playbook() -> Playbook:
        return current().playbook

    def here() -> str:
        return str(env.page.file.src_uri)

    def directory_urls() -> bool:
        return bool(env.conf.get("use_directory_urls", True))

    def _check(value: str | None, allowed: tuple[str, ...], name: str) -> None:
        if value is not None and value not in allowed:
            raise MacroError(f"{name}={value!r} is not one of: {', '.join(allowed)}")

    pb0 = playbook()
    env.variables["latest_release"] = pb0.releases[0].version if pb0.releases else ""

    @env.macro
    def roadmap_table(
        theme: str | None = None, status: str | None = None, horizon: str | None = None
    ) -> str:
        """Roadmap items as a table, filtered by theme, status and/or horizon."""
        pb = playbook()
        # A theme the checks refused (an id clash, an invalid entry) is already one finding:
        # its items are still listed, without links, rather than failing the page as well.
        if theme is not None and theme not in pb.themes and theme not in current().broken_ids:
            raise MacroError(
                f"roadmap_table: unknown theme {theme!r}; themes: {', '.join(pb.themes)}"
            )
        vocab = pb.vocabulary
        _check(status, vocab.status_ids, "status")
        _check(horizon, vocab.horizons, "horizon")
        uri = here()
        rows = [
            [
                item_link(pb, i, uri),
                status_chip(i.status, vocab),
                md_text(vocab.label(i.horizon)),
                team_link(pb, i.owner, uri),
                i.target.isoformat(),
            ]
            for i in sorted(pb.roadmap.values(), key=lambda i: (i.target, i.id))
            if (theme is None or i.theme == theme)
            and (status is None or i.status == status)
            and (horizon is None or i.horizon == horizon)
        ]
        return (
            table(["Item", "Status", "Horizon", "Owner", "Target"], rows)
            or "*No matching roadmap items.*\n"
        )

    @env.macro
    def release_notes(version: str) -> str:
        """The entries of one release, grouped by type, with headings one level down."""
        pb = playbook()
        for release in pb.releases:
            if release.version == version:
                body = release_entries(
                    release.entries, pb, here(), level=3, directory_urls=directory_urls()
                )
                return f"**{release.version}** ({release.date.isoformat()}): " + body
        known = ", ".join(r.version for r in pb.releases[:10])
        raise MacroError(f"release_notes: no release {version!r}; latest: {known}")

    @env.macro
    def release_highlights(version: str, limit: int = 5) -> str:
        """A release in a few lines (summary, counts, first entries) with a link to all of it."""
        pb = playbook()
        for release in pb.releases:
            if release.version == version:
                return highlights_html(release, pb, here(), limit, directory_urls=directory_urls())
        known = ", ".join(r.version for r in pb.releases[:10])
        raise MacroError(f"release_highlights: no release {version!r}; latest: {known}")

    @env.macro
    def link(ident: str, label: str | None = None) -> str:
        """A link to anything with an id: process, template, roadmap item, KPI, team, role, term."""
        pb = playbook()
        uri = here()
        if ident in pb.processes:
            doc = pb.processes[ident]
            return md_link(label or doc.title, uri, doc.src_uri)
        if ident in pb.templates:
            return (
                doc_link(pb.templates[ident], uri)
                if label is None
                else md_link(label, uri, pb.templates[ident].src_uri)
            )
        if ident in pb.roadmap:
            return item_link(pb, pb.roadmap[ident], uri)
        for pool, page in (
            (pb.kpis, site.KPIS),
            (pb.teams, site.TEAMS),
            (pb.roles, site.ROLES),
            (pb.terms, site.GLOSSARY),
            (pb.tools, site.TOOLS),
        ):
            if ident in pool:
                obj = pool[ident]
                text = str(label or getattr(obj, "name", None) or getattr(obj, "term", ident))
                return md_link(text, uri, page, ident)
        refused = current().refused_pages.get(ident)
        if refused is not None:  # its page is built; the checks report its front matter
            return md_link(label or ident, uri, refused)
        raise MacroError(
            f"link: no process, template, roadmap item, KPI, team, role, term or tool has the id {ident!r}"
        )

    @env.macro
    def fact(ident: str) -> str:
        """A policy value from data/facts.yml, as text (quoted by pages so a change is one edit)."""
        pb = playbook()
        found = pb.facts.get(ident)
        if found is None:
            raise MacroError(
                f"fact: no fact has the id {ident!r}{suggest(ident, pb.facts)} (data/facts.yml)"
            )
        return md_text(found.value)

    @env.macro
    def kpi(ident: str, field: str = "definition") -> str:
        """One field of a KPI, as text: name, definition, formula, unit, target, cadence,
        source_note; its numbers baseline, current, target_value (with the unit), their dates
        baseline_date, current_date, target_by; gap and status (as on the KPIs page)."""
        pb = playbook()
        found = pb.kpis.get(ident)
        if found is None:
            raise MacroError(f"kpi: no KPI has the id {ident!r}{suggest(ident, pb.kpis)}")
        _check(field, QUOTABLE, "kpi field")
        value = quote(found, field)
        if value is None:
            raise MacroError(f"kpi: KPI {ident!r} has no {field} (data/kpis.yml)")
        return md_text(value)

    item_fields = ("title", "status", "horizon", "quarter", "target")

    @env.macro
    def item(ident: str, field: str = "status") -> str:
        """One field of a roadmap item, as text: title, status, horizon, quarter or target."""
        pb = playbook()
        found = pb.roadmap.get(ident)
        if found is None:
            raise MacroError(
                f"item: no roadmap item has the id {ident!r}{suggest(ident, pb.roadmap)}"
            )
        _check(field, item_fields, "item field")
        value = getattr(found, field)
        if field in ("status", "horizon"):
            return md_text(pb.vocabulary.label(value).lower())
        if field == "target":
            return f"{value.day} {value:%B %Y}"
        return md_text(str(value))

    id_pools = ("themes", "teams", "roles", "kpis", "tools")

    @env.macro
    def ids(kind: str, sep: str = ", ") -> str:
        """The ids of one registry (themes, teams, roles, kpis or tools), in file order."""
        _check(kind, id_pools, "ids kind")
        pool = getattr(playbook(), kind)
        return md_text(sep.join(pool))
