"""Everything the build generates from the model, as a list of virtual files."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from plugins.core.render import feeds, maturity, pages, reference, releases, roadmap, site
from plugins.core.render.assets import ROADMAP_SCRIPT, STYLESHEET
from plugins.core.render.site import Generated
from plugins.core.render.text import lift_html_blocks

if TYPE_CHECKING:
    from collections.abc import Callable

    from plugins.core.model import Playbook, Release
    from plugins.core.render.memo import Memo
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
    memo: Memo[Playbook] | None = None,
) -> list[Generated]:
    """Every generated page, and the assets they use. With `memo` (a live preview's), the pages
    whose inputs are equal to those of a page it kept are that page."""
    data = settings.data_dir
    urls = ctx.directory_urls
    indexes: list[_Page] = [
        (site.PROCESSES, pages.processes_index, None, (ctx,)),
        (site.TEMPLATES, pages.templates_index, None, (ctx,)),
        (site.TEAMS, pages.teams_page, f"{data}/teams.yml", (ctx,)),
        (site.ROLES, pages.roles_page, f"{data}/roles.yml", (ctx,)),
        (site.KPIS, pages.kpis_page, f"{data}/kpis.yml", (ctx,)),
        (site.TOOLS, pages.tools_page, f"{data}/tools.yml", (ctx,)),
        (site.GLOSSARY, pages.glossary_page, f"{data}/glossary.yml", ()),
        (
            site.REVIEWS,
            pages.reviews_page,
            None,
            (ctx.today, settings.review_soon_days, settings.review_grace_days),
        ),
        (site.ROADMAP, roadmap.roadmap_page, None, (ctx,)),
        (site.RELEASES, releases.releases_index, None, (urls,)),
        (site.UPCOMING, releases.upcoming_page, None, (urls,)),
        (site.RULES, _rules_page, None, ()),
        (site.FORMATS, _formats_page, None, (settings.vocabulary_file,)),
    ]
    details: list[_Page] = []
    if pb.maturity is not None:
        details.append((site.MATURITY, maturity.maturity_page, f"{data}/maturity.yml", (ctx,)))
    needed_by = roadmap.dependants_index(pb)
    details.extend(
        (
            site.theme_uri(t),
            roadmap.theme_page,
            f"{data}/themes.yml",
            (t.id, needed_by, history, urls, ctx.today),
        )
        for t in pb.themes.values()
    )
    details.extend(
        (site.release_uri(r), _release_page, r.origin.path, (r, urls)) for r in pb.releases
    )

    def made(page: _Page) -> Generated:
        uri, render, source, args = page
        if memo is None:
            return _made(pb, uri, render, source, *args)
        return memo.call(uri, _made, uri, render, source, *args)

    return [
        *map(made, indexes),
        Generated(site.ROADMAP_JS, ROADMAP_SCRIPT),
        Generated(site.STYLESHEET, STYLESHEET),
        *map(made, details),
    ]


#: A generated page: its address, its renderer (of the model and the arguments), the file it is
#: made from (for "edit this page") and the renderer's other arguments.
_Page = tuple[str, "Callable[..., str]", "str | None", "tuple[Any, ...]"]


def _made(
    pb: Playbook, uri: str, render: Callable[..., str], source: str | None, *args: Any
) -> Generated:
    return _lifted(Generated(uri, render(pb, *args), source))


def _rules_page(pb: Playbook) -> str:
    return reference.rules_page()


def _formats_page(pb: Playbook, vocabulary_file: str) -> str:
    return reference.formats_page(pb.vocabulary, vocabulary_file)


def _release_page(pb: Playbook, release: Release, directory_urls: bool) -> str:
    return releases.release_page(release, pb, directory_urls)


def _lifted(page: Generated) -> Generated:
    if not page.uri.endswith(".md") or not isinstance(page.content, str):
        return page
    lifted = lift_html_blocks(page.content)
    return Generated(page.uri, lifted.markdown, page.source, lifted.blocks, lifted.late)
