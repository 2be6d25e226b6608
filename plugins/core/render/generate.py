"""Everything the build generates from the model, as a list of virtual files."""

from __future__ import annotations

from typing import TYPE_CHECKING

from plugins.core.render import feeds, maturity, pages, reference, releases, roadmap, site
from plugins.core.render.assets import ROADMAP_SCRIPT, STYLESHEET
from plugins.core.render.site import Generated
from plugins.core.render.text import lift_html_blocks

if TYPE_CHECKING:
    from plugins.core.model import Playbook
    from plugins.core.settings import Settings


def generate_site(
    pb: Playbook,
    ctx: site.SiteContext,
    settings: Settings,
    history: dict[str, str] | None = None,
) -> list[Generated]:
    """Every generated page, feed, export and asset. Pure: the same inputs give the same bytes."""
    return [*generate_pages(pb, ctx, settings, history), *generate_exports(pb, ctx)]


def generate_exports(pb: Playbook, ctx: site.SiteContext) -> list[Generated]:
    """The feed and the exports (`site.EXPORTS`): files for other tools, not pages."""
    return [
        Generated(site.FEED, feeds.atom_feed(pb, ctx)),
        Generated(site.ROADMAP_JSON, feeds.roadmap_json(pb, ctx)),
        Generated(site.RELEASES_JSON, feeds.releases_json(pb, ctx)),
        Generated(site.CALENDAR, feeds.calendar(pb, ctx)),
    ]


def generate_pages(
    pb: Playbook,
    ctx: site.SiteContext,
    settings: Settings,
    history: dict[str, str] | None = None,
) -> list[Generated]:
    """Every generated page, and the assets they use."""
    data = settings.data_dir
    out = [
        Generated(site.PROCESSES, pages.processes_index(pb, ctx)),
        Generated(site.TEMPLATES, pages.templates_index(pb, ctx)),
        Generated(site.TEAMS, pages.teams_page(pb, ctx), f"{data}/teams.yml"),
        Generated(site.ROLES, pages.roles_page(pb, ctx), f"{data}/roles.yml"),
        Generated(site.KPIS, pages.kpis_page(pb, ctx), f"{data}/kpis.yml"),
        Generated(site.TOOLS, pages.tools_page(pb, ctx), f"{data}/tools.yml"),
        Generated(site.GLOSSARY, pages.glossary_page(pb), f"{data}/glossary.yml"),
        Generated(
            site.REVIEWS,
            pages.reviews_page(
                pb, ctx.today, settings.review_soon_days, settings.review_grace_days
            ),
        ),
        Generated(site.ROADMAP, roadmap.roadmap_page(pb, ctx)),
        Generated(site.RELEASES, releases.releases_index(pb, ctx.directory_urls)),
        Generated(site.UPCOMING, releases.upcoming_page(pb, ctx.directory_urls)),
        Generated(site.RULES, reference.rules_page()),
        Generated(site.FORMATS, reference.formats_page(pb.vocabulary, settings.vocabulary_file)),
        Generated(site.ROADMAP_JS, ROADMAP_SCRIPT),
        Generated(site.STYLESHEET, STYLESHEET),
    ]
    if pb.maturity is not None:
        out.append(
            Generated(site.MATURITY, maturity.maturity_page(pb, ctx), f"{data}/maturity.yml")
        )
    needed_by = roadmap.dependants_index(pb)
    out.extend(
        Generated(
            site.theme_uri(t),
            roadmap.theme_page(pb, t.id, needed_by, history, ctx.directory_urls, ctx.today),
            f"{data}/themes.yml",
        )
        for t in pb.themes.values()
    )
    out.extend(
        Generated(
            site.release_uri(r),
            releases.release_page(r, pb, ctx.directory_urls),
            r.origin.path,
        )
        for r in pb.releases
    )
    return [_lifted(g) for g in out]


def _lifted(page: Generated) -> Generated:
    if not page.uri.endswith(".md") or not isinstance(page.content, str):
        return page
    lifted = lift_html_blocks(page.content)
    return Generated(page.uri, lifted.markdown, page.source, lifted.blocks, lifted.late)


def generated_uris(pb: Playbook, plugins: frozenset[str] = frozenset()) -> frozenset[str]:
    """The docs-relative paths the plugins generate, without rendering anything."""
    fixed = {
        site.PROCESSES,
        site.TEMPLATES,
        site.TEAMS,
        site.ROLES,
        site.KPIS,
        site.TOOLS,
        site.GLOSSARY,
        site.REVIEWS,
        site.ROADMAP,
        site.RELEASES,
        site.UPCOMING,
        site.RULES,
        site.FORMATS,
        *site.EXPORTS,
        site.ROADMAP_JS,
        site.STYLESHEET,
    }
    if pb.maturity is not None:
        fixed.add(site.MATURITY)
    fixed.update(site.theme_uri(t) for t in pb.themes)
    fixed.update(site.release_uri(r) for r in pb.releases)
    if "playbook-history" in plugins:
        fixed.update((site.RECENT_CHANGES, site.RECENT_FEED, site.ROADMAP_CHANGES))
    return frozenset(fixed)
