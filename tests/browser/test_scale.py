"""The roadmap and the release notes read well at 30 items and at 700, in a real Chromium.

The same numbers are asserted on the default playbook (32 items) and on a large synthetic one
(`scripts/synth.py --rich`: 700 items over 20 themes, 20 releases of 60 multi-paragraph entries):
the timeline's width, label size and completeness at 1440 px, the board's height in its default
view, the filter counts against the data, and no sideways overflow at 390 px.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import TYPE_CHECKING, Any

import pytest
import yaml
from browser.support import DEFAULT_TODAY, REPO, Served
from playwright.sync_api import expect

if TYPE_CHECKING:
    from collections.abc import Callable

    from browser.support import Tab
    from playwright.sync_api import Page

pytestmark = pytest.mark.browser

WIDE = {"width": 1440, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(params=["default", "large"])
def served(request: pytest.FixtureRequest) -> Served:
    """The default playbook, then the large synthetic one."""
    return request.getfixturevalue("site" if request.param == "default" else "large_site")


def items_of(served: Served) -> list[dict[str, Any]]:
    folder = (REPO if served.source == REPO else served.source) / "data" / "roadmap"
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.yml"))]


def releases_of(served: Served) -> list[dict[str, Any]]:
    folder = served.source / "data" / "releases"
    return [yaml.safe_load(p.read_text(encoding="utf-8")) for p in sorted(folder.glob("*.yml"))]


def _quarter_start(day: dt.date, shift: int) -> dt.date:
    month = (day.month - 1) // 3 * 3 + 3 * shift
    return dt.date(day.year + month // 12, month % 12 + 1, 1)


def in_window(item: dict[str, Any], today: dt.date) -> bool:
    """What the timeline must draw: from two quarters before today's to five after it."""
    first, last = _quarter_start(today, -2), _quarter_start(today, 6)
    start = item.get("start") or item["target"]
    return item["status"] != "cancelled" and item["target"] >= first and start <= last


def test_timeline_fills_the_column_with_legible_labels_and_every_item(
    served: Served, open_page: Callable[..., Tab]
) -> None:
    page = open_page(viewport=WIDE).page
    page.goto(served.page_url("roadmap/"))
    figure = page.locator("figure.pb-timeline")
    figure.scroll_into_view_if_needed()
    sizes = page.evaluate(
        """() => {
            const fig = document.querySelector('figure.pb-timeline');
            const svg = fig.querySelector('svg');
            const article = document.querySelector('article.md-content__inner');
            const style = getComputedStyle(article);
            const content = article.clientWidth - parseFloat(style.paddingLeft)
                - parseFloat(style.paddingRight);
            const body = parseFloat(getComputedStyle(article).fontSize);
            const labels = [...svg.querySelectorAll('text.pb-tl-item')];
            const box = svg.getBoundingClientRect();
            return {
                figure: fig.getBoundingClientRect().width,
                content: content,
                body: body,
                scale: svg.getScreenCTM().a,
                smallest: Math.min(...labels.map(t => parseFloat(getComputedStyle(t).fontSize))),
                clipped: labels.filter(t => {
                    const b = t.getBoundingClientRect();
                    return b.left < box.left - 0.5 || b.right > box.right + 0.5;
                }).length,
                ids: [...svg.querySelectorAll('a[data-id]')].map(a => a.dataset.id),
            };
        }"""
    )
    # Material's figures are fit-content: ours takes the whole column.
    assert sizes["figure"] >= 0.98 * sizes["content"], sizes
    # Labels at 1x, at least the body's small text (0.8 of the body size), none cut off.
    assert sizes["scale"] == pytest.approx(1)
    assert sizes["smallest"] >= 0.8 * sizes["body"], sizes
    assert sizes["smallest"] >= 12
    assert sizes["clipped"] == 0
    # Every item of the window, once each; the caption says how many, and what is left out.
    expected = sorted(i["id"] for i in items_of(served) if in_window(i, DEFAULT_TODAY))
    assert sorted(sizes["ids"]) == expected
    caption = figure.locator("figcaption").inner_text()
    assert f"{len(expected)} items from" in caption
    outside = len(items_of(served)) - len(expected)
    if outside:
        assert "Not drawn:" in caption
        expect(figure.locator('figcaption a[href$="#all-items"]')).to_have_count(1)
    # Today is marked.
    expect(figure.locator(".pb-tl-today-label")).to_have_text(
        f"Today ({DEFAULT_TODAY.isoformat()})"
    )


def test_timeline_labels_do_not_overlap(served: Served, open_page: Callable[..., Tab]) -> None:
    page = open_page(viewport=WIDE).page
    page.goto(served.page_url("roadmap/"))
    overlaps = page.evaluate(
        """() => {
            const boxes = [...document.querySelectorAll('figure.pb-timeline a[data-id]')].map(a => {
                const r = a.querySelector('rect').getBoundingClientRect();
                const t = a.querySelector('text').getBoundingClientRect();
                return {id: a.dataset.id, top: Math.round(r.top),
                        left: Math.min(r.left, t.left), right: Math.max(r.right, t.right)};
            });
            const found = [];
            for (let i = 0; i < boxes.length; i++) {
                for (let j = i + 1; j < boxes.length; j++) {
                    const a = boxes[i], b = boxes[j];
                    if (a.top === b.top && a.left < b.right - 1 && b.left < a.right - 1) {
                        found.push(a.id + ' / ' + b.id);
                    }
                }
            }
            return found;
        }"""
    )
    assert overlaps == []


def test_board_default_view_is_a_few_screens_tall(
    served: Served, open_page: Callable[..., Tab]
) -> None:
    page = open_page(viewport=WIDE).page
    page.goto(served.page_url("roadmap/"))
    board = page.locator(".pb-board").bounding_box()
    assert board is not None
    assert board["height"] <= 3 * WIDE["height"], board
    # Each column says how many items it holds; the fold holds the rest.
    items = items_of(served)
    open_items = Counter(i["horizon"] for i in items if i["status"] not in ("shipped", "cancelled"))
    for horizon, number in open_items.items():
        column = page.locator(f'section[aria-labelledby="col-{horizon}"]')
        expect(column.locator("h2")).to_contain_text(f"({number})")
        assert column.locator(".pb-card").count() == number
    # Open items past their target are flagged, on the board and in the list.
    stale = {
        i["id"]
        for i in items
        if i["status"] not in ("shipped", "cancelled") and i["target"] < DEFAULT_TODAY
    }
    flagged = page.locator(".pb-list-view tr[data-stale]").evaluate_all(
        "rows => rows.map(r => r.dataset.id)"
    )
    assert set(flagged) == stale
    assert page.locator(".pb-list-view tr[data-stale] .pb-stale").count() == len(stale)


def test_filter_counts_equal_the_data_for_every_status(served: Served, page: Page) -> None:
    page.goto(served.page_url("roadmap/"))
    form = page.locator("[data-pb-filters]")
    items = items_of(served)
    for status, number in sorted(Counter(i["status"] for i in items).items()):
        form.locator('select[data-filter="status"]').select_option(status)
        expect(form.locator(".pb-filter-count")).to_have_text(f"{number} of {len(items)} items")
        visible = page.locator(".pb-list-view tr[data-id]").evaluate_all(
            "rows => rows.filter(r => r.checkVisibility()).length"
        )
        cards = page.locator(".pb-card").evaluate_all(
            "cards => cards.filter(c => c.checkVisibility()).length"
        )
        assert max(visible, cards) == number, status
    form.locator('select[data-filter="status"]').select_option("")
    form.locator('input[data-filter="stale"]').check()
    stale = sum(
        1
        for i in items
        if i["status"] not in ("shipped", "cancelled") and i["target"] < DEFAULT_TODAY
    )
    expect(form.locator(".pb-filter-count")).to_have_text(f"{stale} of {len(items)} items")


PHONE_PAGES = ["", "roadmap/", "releases/"]


def test_no_sideways_overflow_on_a_phone(served: Served, open_page: Callable[..., Tab]) -> None:
    tab = open_page(viewport=PHONE, is_mobile=True, has_touch=True)
    page = tab.page
    newest = max(releases_of(served), key=lambda r: tuple(map(int, r["version"].split("."))))
    themes = sorted({i["theme"] for i in items_of(served)})
    for rel in [*PHONE_PAGES, f"releases/{newest['version']}/", f"roadmap/{themes[0]}/"]:
        page.goto(served.page_url(rel))
        tab.monitor.settle()  # the favicon and fonts, before the next page
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"/{rel} is {width}px wide at {PHONE['width']}px"
    # The timeline scrolls inside its own box, its labels at full size.
    page.goto(served.page_url("roadmap/"))
    scroller = page.locator(".pb-tl-scroll")
    assert scroller.evaluate("e => e.scrollWidth > e.clientWidth")
    assert (
        page.evaluate(
            "parseFloat(getComputedStyle(document.querySelector('text.pb-tl-item')).fontSize)"
        )
        >= 12
    )


def test_releases_index_and_home_show_first_paragraphs(served: Served, page: Page) -> None:
    releases = releases_of(served)
    page.goto(served.page_url("releases/"))
    rows = page.locator("article table tbody tr")
    expect(rows).to_have_count(len(releases))
    height = page.evaluate("document.documentElement.scrollHeight")
    assert height <= 250 * len(releases) + 1500, height
    for release in releases:
        row = rows.filter(has=page.locator(f'td:first-child a:text-is("{release["version"]}")'))
        first = release["summary"].split("\n\n")[0]
        cell = row.locator("td").nth(2)
        text = " ".join(cell.inner_text().split())
        assert text.startswith(" ".join(first.replace("*", "").replace("_", "").split())[:40])
        if "\n\n" in release["summary"].strip():
            expect(cell.locator("a", has_text="More…")).to_have_count(1)
    newest = max(releases, key=lambda r: tuple(map(int, r["version"].split("."))))
    page.goto(served.page_url(""))
    highlights = page.locator(".pb-release-highlights")
    if served.source == REPO:  # the default home page shows the latest release's highlights
        expect(
            highlights.locator("a", has_text=f"All {len(newest['entries'])} changes")
        ).to_have_count(1)
        assert highlights.locator("li").count() <= 5


def test_release_page_starts_with_a_summary_and_folds_long_entries(
    served: Served, open_page: Callable[..., Tab]
) -> None:
    page = open_page(viewport=WIDE).page
    releases = releases_of(served)
    newest = max(releases, key=lambda r: tuple(map(int, r["version"].split("."))))
    page.goto(served.page_url(f"releases/{newest['version']}/"))
    glance = page.locator(".pb-release-glance tbody tr")
    kinds = Counter(e["type"] for e in newest["entries"])
    expect(glance).to_have_count(len(kinds))
    entries = page.locator("ul.pb-entry-list > li")
    expect(entries).to_have_count(len(newest["entries"]))
    long = sum(1 for e in newest["entries"] if "\n\n" in e["text"].strip())
    expect(page.locator("details.pb-entry")).to_have_count(long)
    # Folded entries keep the release's content within a few screens per ten entries; the text is
    # one click away. (The content, not the whole document: the site's header and footers, the
    # same on every page, are not the release's length.)
    height = page.evaluate("document.querySelector('article').scrollHeight")
    assert height <= 900 * (2 + len(newest["entries"]) / 10), height
    # Sections by type fold too.
    section = page.locator("details.pb-entries").first
    section.locator("summary").first.click()
    assert section.evaluate("d => !d.open")
