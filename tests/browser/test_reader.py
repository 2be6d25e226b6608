"""What a reader of the published playbook must be able to do, in a real Chromium.

Each test opens pages through the `open_page`/`page` fixtures, which block every request that
leaves 127.0.0.1 and fail the test if a local request fails or the page logs an error.
"""

from __future__ import annotations

import bisect
import datetime as dt
import html
import json
import re
import struct
import xml.etree.ElementTree as ET
from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

import icalendar
import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from browser.support import (
    DEFAULT_TODAY,
    MINIMAL_TODAY,
    REPO,
    SCREENSHOTS,
    Target,
    front_matter,
    html_pages,
    parse_page,
    resolve,
    url_of,
)
from playwright.sync_api import expect

from plugins.core.vocabulary import DEFAULT

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from browser.support import Served, Tab
    from playwright.sync_api import Locator, Page

pytestmark = pytest.mark.browser

ATOM = "{http://www.w3.org/2005/Atom}"


# ---- Helpers -----------------------------------------------------------------------------------


def search(page: Page, query: str) -> Locator:
    """Type `query` into Material's search box (on a freshly loaded page); return the result items
    once Material has shown the results of exactly this query."""
    box = page.locator("input.md-search__input")
    meta = page.locator(".md-search-result__meta")
    box.click()
    # "Initializing search" until the worker has loaded the index and answered the empty query;
    # typing before that can leave the answer to an older query on screen.
    expect(meta).to_have_text("Type to start searching")
    box.fill(query)
    box.press("End")  # Material searches on keyup: one keyup, one query
    expect(meta).to_have_text(re.compile(r"^(No|1|\d+) matching documents?$"))
    return page.locator(".md-search-result__item")


def fail_on(problems: list[str], what: str) -> None:
    """Fail with one line per problem (and without pytest's repr of the list)."""
    if problems:
        pytest.fail(f"{len(problems)} {what}:\n" + "\n".join(problems), pytrace=False)


def page_link(item: Locator) -> Locator:
    """The link of a search result item to its page (the first link; section links follow)."""
    return item.locator("a.md-search-result__link").first


def process_sources(site: Served) -> dict[str, tuple[dict[str, Any], str]]:
    """Process page URL (e.g. "processes/launch-management/") -> (front matter, body)."""
    return {
        f"processes/{path.stem}/": front_matter(path)
        for path in sorted((site.source / "playbook" / "processes").glob("*.md"))
    }


def roadmap_item(site: Served, title: str) -> dict[str, Any]:
    for path in sorted((site.source / "data" / "roadmap").glob("*.yml")):
        item = yaml.safe_load(path.read_text(encoding="utf-8"))
        if item["title"] == title:
            return dict(item)
    raise AssertionError(f"no roadmap item titled {title!r} in data/roadmap/")


def review_by(meta: dict[str, Any]) -> dt.date:
    last: dt.date = meta["last_reviewed"]
    return last + dt.timedelta(days=int(meta["review_interval_days"]))


def team_name(site: Served, team_id: str) -> str:
    teams = yaml.safe_load((site.source / "data" / "teams.yml").read_text(encoding="utf-8"))
    return next(str(t["name"]) for t in teams["teams"] if t["id"] == team_id)


def _tokens(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", html.unescape(re.sub(r"<[^>]+>", " ", text)).lower()))


def unique_process_word(site: Served) -> tuple[str, str]:
    """(word, process page URL): the longest word that occurs in the body of exactly one process and,
    as a word or the start of one, on no other page of the built site's search index."""
    index = json.loads((site.root / "search" / "search_index.json").read_text(encoding="utf-8"))
    pages_of: dict[str, set[str]] = defaultdict(set)
    for doc in index["docs"]:
        text = " ".join([doc["title"], doc["text"], *doc.get("tags", [])])
        for token in _tokens(text):
            pages_of[token].add(doc["location"].split("#")[0])
    tokens = sorted(pages_of)

    def pages_matching(word: str) -> set[str]:
        # Material's search also matches words that start with the query.
        found: set[str] = set()
        for token in tokens[bisect.bisect_left(tokens, word) :]:
            if not token.startswith(word):
                break
            found |= pages_of[token]
        return found

    bodies = {
        url: {w.lower() for w in re.findall(r"\b[A-Za-z]{9,}\b", body)}
        for url, (_, body) in process_sources(site).items()
    }
    counts = Counter(word for words in bodies.values() for word in words)
    candidates = sorted(
        (-len(word), word, url)
        for url, words in bodies.items()
        for word in words
        if counts[word] == 1 and pages_matching(word) == {url}
    )
    assert candidates, "no word occurs in exactly one process and on no other page"
    _, word, url = candidates[0]
    return word, url


def heading_text(title: str) -> re.Pattern[str]:
    """A heading's text: the title, then the permalink sign."""
    return re.compile(rf"^\s*{re.escape(title)}\s*¶?\s*$")


def visible_cards(page: Page) -> list[bool]:
    return page.locator(".pb-card").evaluate_all("cards => cards.map(c => c.checkVisibility())")


def section_text(page: Page, anchor: str) -> str:
    """Text from the heading with id `anchor` up to the next heading of the same level."""
    return page.evaluate(
        """(id) => {
            const heading = document.getElementById(id);
            let text = heading.textContent, node = heading.nextElementSibling;
            while (node && node.tagName !== heading.tagName) {
                text += "\\n" + node.textContent;
                node = node.nextElementSibling;
            }
            return text;
        }""",
        anchor,
    )


# ---- 1. Search ---------------------------------------------------------------------------------


def test_search_for_a_word_from_a_process_body_lands_on_that_process(
    site: Served, page: Page
) -> None:
    word, url = unique_process_word(site)
    meta, _ = process_sources(site)[url]
    page.goto(site.url)
    results = search(page, word)
    expect(page.locator(".md-search-result__meta")).to_have_text("1 matching document")
    first = page_link(results.first)
    expect(first).to_have_attribute("href", re.compile(rf"/{re.escape(url)}(\?|#|$)"))
    first.click()
    expect(page).to_have_url(re.compile(rf"/{re.escape(url)}"))
    expect(page.locator("article h1")).to_have_text(meta["title"])
    expect(page.locator("article")).to_contain_text(word, ignore_case=True)


def test_search_finds_every_process_by_the_id_in_its_header(site: Served, page: Page) -> None:
    """Typing a process id (as shown under "Id" in the page header) lists that process; clicking
    the result opens it. Material splits ids at hyphens, so this is not a given."""
    page.goto(site.url)
    missing: list[str] = []
    for url, (meta, _) in process_sources(site).items():
        process_id = meta["id"]
        results = search(page, process_id)
        hit = results.filter(has=page.locator(f'a.md-search-result__link[href*="/{url}"]')).first
        if hit.count() == 0:
            missing.append(f"{process_id}: not in the {results.count()} results")
            continue
        page_link(hit).click()
        expect(page).to_have_url(re.compile(rf"/{re.escape(url)}"))
        expect(
            page.locator(".pb-facts .pb-fact").filter(has_text="Id").locator("code")
        ).to_have_text(process_id)
    fail_on(missing, "processes that search does not find by id")


def test_search_finds_a_roadmap_item_by_its_title(site: Served, page: Page) -> None:
    title = "Route optimisation for daily schedules"
    item = roadmap_item(site, title)
    theme_page = f"roadmap/{item['theme']}/"
    page.goto(site.url)
    first = search(page, title).first
    expect(page_link(first)).to_have_attribute("href", re.compile(rf"/{theme_page}(\?|$)"))
    best_section = first.locator("a.md-search-result__link").nth(1)
    expect(best_section).to_have_attribute("href", re.compile(rf"/{theme_page}\?.*#{item['id']}$"))
    best_section.click()
    expect(page).to_have_url(re.compile(rf"/{theme_page}.*#{item['id']}$"))
    heading = page.locator(f"h2#{item['id']}")
    expect(heading).to_have_text(heading_text(title))
    expect(heading).to_be_in_viewport()


# ---- 2. Roadmap board --------------------------------------------------------------------------


def _folded(page: Page) -> list[bool]:
    """Per card: whether it sits in a column's folded "Show all" block (closed by default)."""
    return page.locator(".pb-card").evaluate_all(
        "cards => cards.map(c => c.closest('details.pb-more') !== null)"
    )


def test_roadmap_filters_by_theme_and_status(site: Served, page: Page) -> None:
    page.goto(site.page_url("roadmap/"))
    form = page.locator("[data-pb-filters]")
    count = form.locator(".pb-filter-count")
    expect(form).to_be_visible()
    cards = page.locator(".pb-card").evaluate_all("cards => cards.map(c => ({...c.dataset}))")
    rows = page.locator(".pb-list-view tr[data-id]").evaluate_all(
        "rows => rows.map(r => ({...r.dataset}))"
    )
    data = [yaml.safe_load(p.read_text()) for p in (REPO / "data" / "roadmap").glob("*.yml")]
    # The list has every item exactly once: the count is of items, whatever the cards show.
    assert sorted(r["id"] for r in rows) == sorted(d["id"] for d in data)
    total = len(rows)
    assert len(cards) > 1, "the board has too few cards to filter"
    expect(count).to_have_text(f"{total} of {total} items")
    folded = _folded(page)
    assert visible_cards(page) == [not f for f in folded]

    def narrowing(key: str) -> str:
        """The value of `key` that the most cards have, short of all of them."""
        values = Counter(c[key] for c in cards)
        return min((-n, v) for v, n in values.items() if n < len(cards))[1]

    theme, status = narrowing("theme"), narrowing("status")
    chosen: dict[str, str] = {}
    for key, value in (("theme", theme), ("status", status), ("theme", "")):
        form.locator(f'select[data-filter="{key}"]').select_option(value)
        chosen[key] = value
        # A filter opens the folded cards: every matching card shows.
        expected = [all(c[k] == v for k, v in chosen.items() if v) for c in cards]
        assert visible_cards(page) == expected, f"filter {chosen}"
        items = sum(all(d[k] == v for k, v in chosen.items() if v) for d in data)
        expect(count).to_have_text(f"{items} of {total} items")
    # The filter is in the address, so a filtered board can be shared and reloaded.
    expect(page).to_have_url(re.compile(rf"roadmap/\?status={status}$"))
    page.goto(site.page_url(f"roadmap/?theme={theme}&status={status}"))
    expect(form.locator('select[data-filter="theme"]')).to_have_value(theme)
    expect(form.locator('select[data-filter="status"]')).to_have_value(status)
    expected = [c["theme"] == theme and c["status"] == status for c in cards]
    assert visible_cards(page) == expected
    items = sum(d["theme"] == theme and d["status"] == status for d in data)
    expect(count).to_have_text(f"{items} of {total} items")


def test_roadmap_filter_counts_every_status_shipped_included(site: Served, page: Page) -> None:
    page.goto(site.page_url("roadmap/"))
    form = page.locator("[data-pb-filters]")
    data = [yaml.safe_load(p.read_text()) for p in (REPO / "data" / "roadmap").glob("*.yml")]
    statuses = Counter(d["status"] for d in data)
    for status, number in statuses.items():
        form.locator('select[data-filter="status"]').select_option(status)
        expect(form.locator(".pb-filter-count")).to_have_text(f"{number} of {len(data)} items")
        shown = page.locator(".pb-list-view tr[data-id]").evaluate_all(
            "rows => rows.filter(r => r.checkVisibility()).map(r => r.dataset.status)"
        )
        cards = page.locator(".pb-card").evaluate_all(
            "cards => cards.filter(c => c.checkVisibility()).length"
        )
        # Every match is on screen: as a card, or in the list that opens when cards fall short.
        assert max(len(shown), cards) == number, status
        assert set(shown) <= {status}


def test_roadmap_without_javascript_shows_every_card_and_no_filter(
    site: Served, open_page: Callable[..., Tab]
) -> None:
    page = open_page(java_script_enabled=False).page
    page.goto(site.page_url("roadmap/"))
    expect(page.locator("[data-pb-filters]")).to_be_hidden()
    cards = page.locator(".pb-card")
    assert cards.count() > 1
    folded = _folded(page)
    assert visible_cards(page) == [not f for f in folded]
    # "Show all" opens without a script.
    for more in page.locator("details.pb-more > summary").all():
        more.click()
    assert all(visible_cards(page))


def test_shipped_item_links_to_its_release_and_back(site: Served, page: Page) -> None:
    page.goto(site.page_url("roadmap/"))
    card = page.locator(".pb-card").filter(has_text="Shipped in").first
    item = card.locator("strong a")
    title = item.inner_text()
    item_href = item.get_attribute("href") or ""  # e.g. "admin-security/#audit-log"
    parts = re.fullmatch(r"(?:\.\./)*(?:roadmap/)?([\w-]+)/#([\w-]+)", item_href)
    assert parts, item_href
    theme, anchor = parts.groups()
    release = card.locator('a[href*="releases/"]')
    version = release.inner_text()
    release.click()
    expect(page).to_have_url(re.compile(rf"/releases/{re.escape(version)}/$"))
    expect(page.locator("article h1")).to_have_text(f"Release {version}")
    back = page.locator(f'article a[href$="roadmap/{theme}/#{anchor}"]').first
    expect(back).to_have_text(title)
    back.click()
    expect(page).to_have_url(re.compile(rf"/roadmap/{theme}/#{anchor}$"))
    expect(page.locator(f"h2#{anchor}")).to_be_in_viewport()
    assert f"Shipped in: Release {version}" in section_text(page, anchor)


# ---- 3. Releases -------------------------------------------------------------------------------


def test_release_entry_leads_to_its_roadmap_item(site: Served, page: Page) -> None:
    page.goto(site.page_url("releases/3.5.0/"))
    expect(page.locator("article h1")).to_have_text("Release 3.5.0")
    entry = page.locator('article li a[href*="roadmap/"]').first
    title = entry.inner_text()
    anchor = (entry.get_attribute("href") or "").rsplit("#", 1)[1]
    entry.click()
    expect(page).to_have_url(re.compile(rf"/roadmap/[\w-]+/#{anchor}$"))
    heading = page.locator(f"h2#{anchor}")
    expect(heading).to_have_text(heading_text(title))
    expect(heading).to_be_in_viewport()


def _internal(site: Served, url: str) -> Target:
    target = resolve(site.site_url, "index.html", url)
    assert isinstance(target, Target), f"{url} is not an address of the site ({target})"
    assert (site.root / target.file).is_file(), f"{url}: {target.file} is not in the build"
    return target


def test_release_feed_and_calendar_links_resolve(site: Served, page: Page) -> None:
    page.goto(site.page_url("releases/"))
    feed_link = page.locator("article a", has_text="Atom feed")
    calendar_link = page.locator("article a", has_text="calendar")
    urls = [link.evaluate("a => a.href") for link in (feed_link, calendar_link)]

    feed = page.request.get(urls[0])
    assert feed.status == 200, feed
    assert "xml" in feed.headers["content-type"], feed.headers
    root = ET.fromstring(feed.body())
    assert root.tag == f"{ATOM}feed", root.tag
    entries = root.findall(f"{ATOM}entry")
    versions = [e.findtext(f"{ATOM}title") for e in entries]
    assert "Release 3.5.0" in versions, versions
    for entry in entries:
        link = entry.find(f"{ATOM}link[@rel='alternate']")
        assert link is not None, ET.tostring(entry)
        _internal(site, link.attrib["href"])

    calendar = page.request.get(urls[1])
    assert calendar.status == 200, calendar
    assert calendar.headers["content-type"].startswith("text/calendar"), calendar.headers
    body = calendar.body()
    assert body.startswith(b"BEGIN:VCALENDAR"), body[:80]
    parsed = icalendar.Calendar.from_ical(body)
    events = list(parsed.walk("VEVENT"))
    assert any(str(e.get("SUMMARY")) == "Release 3.5.0" for e in events)
    for event in events:
        if event.get("URL"):
            target = _internal(site, str(event["URL"]))
            if target.fragment:
                assert target.fragment in parse_page(site.root / target.file).ids, event["URL"]


# ---- 4. Process pages --------------------------------------------------------------------------


def test_process_page_shows_owner_status_stage_and_review_date(site: Served, page: Page) -> None:
    url = "processes/launch-management/"
    meta, _ = process_sources(site)[url]
    page.goto(site.page_url(url))
    facts = page.locator(".pb-facts .pb-fact").evaluate_all(
        """facts => Object.fromEntries(facts.map(f => {
            const name = f.querySelector(".pb-fact__label").textContent.trim();
            return [name, f.textContent.trim().slice(name.length).trim()];
        }))"""
    )
    assert facts == {
        "Owner": team_name(site, meta["owner"]),
        "Status": DEFAULT.label(meta["status"]),
        "Stage": DEFAULT.label(meta["stage"]),
        "Review by": review_by(meta).isoformat(),
        "Id": meta["id"],
    }
    expect(page.locator(".pb-facts")).to_be_visible()
    assert review_by(meta) > DEFAULT_TODAY
    expect(page.locator(".admonition", has_text="Review overdue")).to_have_count(0)


def test_overdue_process_warns_the_reader(minimal_site: Served, page: Page) -> None:
    meta, _ = front_matter(minimal_site.source / "playbook" / "processes" / "review.md")
    due = review_by(meta)
    assert due < MINIMAL_TODAY
    page.goto(minimal_site.page_url("processes/review/"))
    notice = page.locator(".admonition.danger").filter(
        has=page.locator(".admonition-title", has_text="Review overdue")
    )
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(f"{due.isoformat()} ({(MINIMAL_TODAY - due).days} days ago)")
    # A page that is not overdue has no such notice.
    page.goto(minimal_site.page_url("processes/launch/"))
    expect(page.locator("article h1")).to_be_visible()
    expect(page.locator(".admonition", has_text="Review overdue")).to_have_count(0)


# ---- 5. Palette and small screens --------------------------------------------------------------


def _rgb(css: str) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", css)[:3])


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_kpi_trend_charts_are_legible_in_both_palettes(
    site: Served, open_page: Callable[..., Tab], scheme: str
) -> None:
    """Every chart fills its figure (Material makes figures fit-content), its line is drawn in
    a colour far from the page's background, and its labels do not overlap."""
    tab = open_page(color_scheme=scheme)
    tab.page.goto(site.page_url("metrics/kpis/"))
    charts = tab.page.locator("svg.pb-trend__chart")
    expect(charts.first).to_be_visible()
    assert charts.count() == tab.page.locator("article h3").count()
    facts = tab.page.evaluate(
        """() => [...document.querySelectorAll('svg.pb-trend__chart')].map(svg => {
            const line = svg.querySelector('.pb-trend__line, .pb-trend__point');
            const boxes = [...svg.querySelectorAll('text')].map(t => t.getBoundingClientRect());
            let overlaps = 0;
            boxes.forEach((a, i) => boxes.slice(i + 1).forEach(b => {
                if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom)
                    overlaps += 1;
            }));
            return {
                width: svg.getBoundingClientRect().width,
                stroke: getComputedStyle(line).color,
                background: getComputedStyle(document.body).backgroundColor,
                fontPx: parseFloat(getComputedStyle(svg.querySelector('text')).fontSize)
                    * svg.getBoundingClientRect().width / 320,
                overlaps,
            };
        })"""
    )
    for fact in facts:
        assert fact["width"] >= 300, fact
        stroke, background = _rgb(fact["stroke"]), _rgb(fact["background"])
        assert sum(abs(a - b) for a, b in zip(stroke, background, strict=True)) > 300, fact
        assert fact["fontPx"] >= 10, fact
        assert fact["overlaps"] == 0, fact


def test_palette_toggle_switches_light_and_dark(site: Served, page: Page) -> None:
    page.goto(site.url)
    body = page.locator("body")
    toggle = page.locator('form[data-md-component="palette"] label:visible')
    expect(body).to_have_attribute("data-md-color-scheme", "default")
    toggle.click()
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    page.reload()  # the choice is remembered
    expect(body).to_have_attribute("data-md-color-scheme", "slate")
    toggle.click()
    expect(body).to_have_attribute("data-md-color-scheme", "default")


def test_navigation_drawer_on_a_phone_reaches_a_process(
    site: Served, open_page: Callable[..., Tab]
) -> None:
    page = open_page(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True).page
    page.goto(site.url)
    drawer = page.locator("nav.md-nav--primary")
    expect(drawer).not_to_be_in_viewport()
    page.locator('label.md-header__button[for="__drawer"]').click()
    expect(page.locator("#__drawer")).to_be_checked()
    expect(drawer).to_be_in_viewport()
    processes = drawer.locator(".md-nav__container").filter(
        has=page.get_by_role("link", name="Processes", exact=True)
    )
    opener = processes.locator("label")
    opener.click()
    level = drawer.locator(f'nav[aria-labelledby="{opener.get_attribute("id")}"]')
    launch = level.get_by_role("link", name="Launch", exact=True)
    expect(launch).to_be_in_viewport()
    launch.click()
    expect(page).to_have_url(re.compile(r"/processes/[\w-]+/$"))
    url = page.url.removeprefix(site.url)
    meta, _ = process_sources(site)[url]
    assert meta["stage"] == "launch", url
    expect(page.locator("article h1")).to_have_text(meta["title"])
    expect(page.locator(".pb-facts")).to_be_in_viewport()


# ---- 6. Every page and every link --------------------------------------------------------------


def test_every_page_loads_without_errors(site: Served, open_page: Callable[..., Tab]) -> None:
    """Each HTML file of the build loads with no console error and no failed 127.0.0.1 request.
    Requests to other hosts are blocked; the browser's "Failed to load resource" errors for those
    (and only those) are not counted."""
    tab = open_page()
    pages = html_pages(site.root)
    assert len(pages) > 40, pages
    bad_status: list[str] = []
    for rel in pages:
        response = tab.page.goto(site.page_url(url_of(rel)), wait_until="load")
        if response is None or response.status != 200:
            bad_status.append(f"{rel}: {response.status if response else 'no response'}")
        tab.monitor.settle()
    problems = bad_status + tab.monitor.problems()
    tab.monitor.failed.clear()
    tab.monitor.console_errors.clear()
    tab.monitor.page_errors.clear()
    fail_on(problems, f"problems loading the {len(pages)} pages")


def test_every_internal_link_and_anchor_resolves(site: Served) -> None:
    pages = {rel: parse_page(site.root / rel) for rel in html_pages(site.root)}
    problems: list[str] = []
    for rel, parsed in pages.items():
        duplicates = sorted(i for i, n in Counter(parsed.ids).items() if n > 1)
        if duplicates:
            problems.append(f"{rel}: duplicate ids {duplicates}")
    for rel, parsed in pages.items():
        for tag, href in parsed.links:
            target = resolve(site.site_url, rel, href)
            if target is None:
                continue
            if isinstance(target, str):
                problems.append(f"{rel}: <{tag}> {target}")
            elif not (site.root / target.file).is_file():
                problems.append(f"{rel}: <{tag}> {href!r} -> {target.file} is not in the build")
            elif target.fragment and target.file.endswith(".html"):
                ids = pages[target.file].ids
                if target.fragment not in ids:
                    problems.append(
                        f"{rel}: {href!r} -> no id {target.fragment!r} in {target.file}"
                    )
    sitemap = ET.parse(site.root / "sitemap.xml").getroot()
    for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc"):
        target = resolve(site.site_url, "sitemap.xml", loc.text or "")
        if not isinstance(target, Target) or not (site.root / target.file).is_file():
            problems.append(f"sitemap.xml: {loc.text} is not in the build")
    fail_on(problems, "broken links or anchors")


# ---- 7. Accessibility --------------------------------------------------------------------------

A11Y_PAGES = {
    "home": "",
    "process": "processes/launch-management/",
    "roadmap": "roadmap/",
    "release": "releases/3.5.0/",
    "kpis": "metrics/kpis/",
    "maturity": "metrics/maturity/",
}


def _describe(violation: dict[str, Any]) -> str:
    nodes = violation["nodes"]
    head = f"- {violation['id']} ({violation['impact']}): {violation['help']}"
    lines = [f"{head} [{len(nodes)} element(s)] {violation['helpUrl']}"]
    for node in nodes[:5]:
        summary = " ".join((node.get("failureSummary") or "").split())
        lines.append(f"    {', '.join(map(str, node['target']))}: {node['html'][:160]}")
        lines.append(f"      {summary[:300]}")
    if len(nodes) > 5:
        lines.append(f"    ... and {len(nodes) - 5} more")
    return "\n".join(lines)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("name", list(A11Y_PAGES))
def test_no_serious_accessibility_violations(
    site: Served, open_page: Callable[..., Tab], name: str, scheme: str
) -> None:
    tab = open_page(color_scheme=scheme)
    tab.page.goto(site.page_url(A11Y_PAGES[name]))
    expect(tab.page.locator("body")).to_have_attribute(
        "data-md-color-scheme", "slate" if scheme == "dark" else "default"
    )
    tab.monitor.settle()
    violations = Axe().run(tab.page).response["violations"]
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    fail_on(
        [_describe(v) for v in serious],
        f"serious or critical axe violations on /{A11Y_PAGES[name]} ({scheme} scheme)",
    )


# ---- 8. Screenshots for the docs ---------------------------------------------------------------

SCREENSHOT_PAGES = {
    "playbook-home.png": "",
    "playbook-process-page.png": "processes/launch-management/",
    "playbook-roadmap.png": "roadmap/",
    "playbook-release-notes.png": "releases/3.5.0/",
}


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", path
    width, height = struct.unpack(">II", header[16:24])
    return width, height


def test_screenshots_for_the_docs(site: Served, page: Page) -> None:
    """Writes 1280x900 screenshots to tests/browser/screenshots/ (overwritten on every run)."""
    SCREENSHOTS.mkdir(exist_ok=True)
    for filename, url in SCREENSHOT_PAGES.items():
        page.goto(site.page_url(url))
        page.evaluate("document.fonts.ready.then(() => true)")
        path = SCREENSHOTS / filename
        page.screenshot(path=path, animations="disabled", caret="hide")
        assert _png_size(path) == (1280, 900), path
