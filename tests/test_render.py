"""Generated pages: golden files for the sample data, safety of data that becomes HTML, feeds."""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

import icalendar
import pytest
from helpers import SITES, TESTS, TODAY, check, edit
from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.core.loader import load_playbook
from plugins.core.render import feeds, site
from plugins.core.render.generate import generate_site
from plugins.core.render.site import generated_uris
from plugins.core.render.text import md_inline, md_text
from plugins.core.settings import read_settings

if TYPE_CHECKING:
    from pathlib import Path

GOLDEN = TESTS / "golden" / "minimal"
ATOM = "{http://www.w3.org/2005/Atom}"


def render(root: Path) -> dict[str, str | bytes]:
    settings = read_settings(root)
    pb = load_playbook(settings).playbook
    ctx = site.SiteContext(
        today=TODAY, site_url="https://example.org/playbook/", site_name="Sample Playbook"
    )
    return {g.uri: g.expanded() for g in generate_site(pb, ctx, settings)}


GOLDEN_PAGES = [
    site.ROADMAP,
    site.theme_uri("essentials"),
    site.RELEASES,
    site.release_uri("1.1.0"),
    site.UPCOMING,
    site.PROCESSES,
    site.TEMPLATES,
    site.TEAMS,
    site.ROLES,
    site.KPIS,
    site.REVIEWS,
    site.FEED,
]


@pytest.mark.parametrize("uri", GOLDEN_PAGES)
def test_generated_page_matches_golden(uri: str, update_goldens: bool) -> None:
    """The Markdown we generate for the sample data, byte for byte (`--update-goldens` rewrites)."""
    content = render(SITES / "minimal")[uri]
    text = content.decode() if isinstance(content, bytes) else content
    golden = GOLDEN / uri
    if update_goldens:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(text, encoding="utf-8")
    assert golden.is_file(), f"missing golden {golden}; run pytest --update-goldens"
    assert text == golden.read_text(encoding="utf-8")


def test_generation_is_deterministic() -> None:
    assert render(SITES / "minimal") == render(SITES / "minimal")


def test_generated_uris_match_what_is_generated() -> None:
    settings = read_settings(SITES / "minimal")
    pb = load_playbook(settings).playbook
    assert generated_uris(pb) == frozenset(render(SITES / "minimal"))


HOSTILE = [
    ("{{ config.site_name }}", r"\{\{ config\.site\_name \}\}"),
    ("<script>alert(1)</script>", r"&lt;script&gt;alert\(1\)&lt;/script&gt;"),
    ("a | b", r"a \| b"),
    ("[link](javascript:alert(1))", r"\[link\]\(javascript:alert\(1\)\)"),
    ("Heading {#evil}", r"Heading \{\#evil\}"),
    ("**bold** _it_", r"\*\*bold\*\* \_it\_"),
]


@pytest.mark.parametrize(("raw", "escaped"), HOSTILE)
def test_data_text_is_escaped(raw: str, escaped: str) -> None:
    assert md_text(raw) == escaped


def test_code_spans_survive_in_release_entries() -> None:
    assert md_inline("Press `Ctrl+K` <now>") == "Press `Ctrl+K` &lt;now&gt;"


def test_hostile_title_reaches_pages_literally(minimal: Path) -> None:
    edit(
        minimal,
        "data/roadmap/offline-mode.yml",
        "title: Offline mode",
        'title: "{{ config.site_name }} <script>x</script> | a"',
    )
    pages = render(minimal)
    board = str(pages[site.ROADMAP])  # raw HTML cards: HTML-escaped, braces as entities
    assert "&#123;&#123; config.site_name &#125;&#125; &lt;script&gt;x&lt;/script&gt; | a" in board
    theme = str(pages[site.theme_uri("essentials")])  # Markdown: escaped for Markdown
    assert r"\{\{ config\.site\_name \}\} &lt;script&gt;x&lt;/script&gt; \| a" in theme
    assert "<script>x" not in board + theme
    assert check(minimal).findings == []


def test_atom_feed_is_valid_and_absolute() -> None:
    feed = ET.fromstring(render(SITES / "minimal")[site.FEED])
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == ["Release 1.1.0", "Release 1.0.0"]
    for entry in entries:
        for required in ("id", "title", "updated", "link", "summary"):
            assert entry.find(f"{ATOM}{required}") is not None
        href = entry.find(f"{ATOM}link").get("href")  # type: ignore[union-attr]
        assert href.startswith("https://example.org/playbook/releases/")
    assert entries[0].findtext(f"{ATOM}updated") == "2026-09-02T00:00:00Z"


def test_calendar_parses_with_release_and_target_dates() -> None:
    cal = icalendar.Calendar.from_ical(render(SITES / "minimal")[site.CALENDAR])
    events = {str(e.get("uid")): e for e in cal.walk("VEVENT")}
    assert events["release-1.1.0@example.org"].decoded("dtstart").isoformat() == "2026-09-02"
    assert (
        events["roadmap-saved-filters@example.org"].decoded("dtstart").isoformat() == "2026-12-15"
    )
    assert str(events["roadmap-saved-filters@example.org"].get("url")) == (
        "https://example.org/playbook/roadmap/essentials/#saved-filters"
    )
    # a shipped item's date is its release; only open items' targets are events
    assert "roadmap-fast-search@example.org" not in events
    assert set(events) == {
        "release-1.0.0@example.org",
        "release-1.1.0@example.org",
        "roadmap-saved-filters@example.org",
        "roadmap-offline-mode@example.org",
    }


def test_json_exports() -> None:
    pages = render(SITES / "minimal")
    roadmap = json.loads(pages[site.ROADMAP_JSON])
    item = {i["id"]: i for i in roadmap["items"]}["fast-search"]
    assert item["shipped_in"] == "1.1.0"
    assert item["source"] == "data/roadmap/fast-search.yml"
    releases = json.loads(pages[site.RELEASES_JSON])
    assert [r["version"] for r in releases["releases"]] == ["1.1.0", "1.0.0"]
    assert releases["unreleased"][0]["file"] == "data/releases/unreleased/saved-filters.yml"


def test_overdue_page_header_shows_a_notice(minimal: Path) -> None:
    from plugins.core.render.pages import doc_details, doc_facts, doc_header, put_doc_blocks

    pb = load_playbook(read_settings(minimal)).playbook
    later = dt.date(2026, 12, 15)  # "review" was reviewed 2026-09-01, every 90 days
    header = doc_header(pb.processes["review"], pb, later)
    assert '<div class="admonition danger"><p class="admonition-title">Review overdue</p>' in header
    assert "was due for review on 2026-11-30 (15 days ago)" in header
    launch = pb.processes["launch"]
    current = doc_header(launch, pb, TODAY)
    assert "Review overdue" not in current
    # Search indexes the id; the facts every page has and the RACI block go in after indexing.
    assert "<code>launch</code>" in current
    assert "2027-03-30" not in current
    assert current.endswith("<!--pb-details-->\n")
    facts, details = doc_facts(launch, pb), doc_details(launch, pb)
    assert "2027-03-30" in facts
    assert 'href="../../people/roles/#pm"' in details
    page = put_doc_blocks(current, launch, pb)
    assert page.index("Review by") < page.index("<code>launch</code>") < page.index("Responsible")
    assert "<!--pb-" not in page


def test_html_blocks_skip_the_markdown_parser_and_unsearched_ones_wait_for_the_final_page() -> None:
    from plugins.core.render.text import lift_html_blocks, put_html_blocks

    page = (
        '---\ntitle: "KPIs"\n---\n\n## Cycle time\n\n<p>Days from approval.</p>\n<table>\n</table>\n\n'
        '<p class="pb-used" data-search-exclude><a href="x/">Launch</a></p>\n\nText <b>inline</b>.\n'
    )
    lifted = lift_html_blocks(page)
    assert lifted.blocks == ("<p>Days from approval.</p>\n<table>\n</table>",)
    assert lifted.late == ('<p class="pb-used" data-search-exclude><a href="x/">Launch</a></p>',)
    assert "<!--pb-block-0-->" in lifted.markdown
    assert "<!--pb-late-0-->" in lifted.markdown
    assert "Text <b>inline</b>." in lifted.markdown  # inline HTML is the parser's business
    restored = put_html_blocks(
        put_html_blocks(lifted.markdown, lifted.blocks), lifted.late, late=True
    )
    assert restored == page

    unsearched = lift_html_blocks(
        '---\ntitle: "Index"\nsearch:\n  exclude: true\n---\n\n<table>\n</table>\n'
    )
    assert unsearched.blocks == ()
    assert unsearched.late == ("<table>\n</table>",)


#: Text for calendar events: long lines (folded at 75 octets), what iCalendar escapes (`,` `;`
#: `\`), line breaks, and characters of several UTF-8 widths.
_EVENT_TEXT = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")) | st.sampled_from(",;\\\n:é€😀"),
    max_size=200,
)


@settings(max_examples=60, deadline=None)
@given(
    events=st.lists(
        st.builds(
            feeds.CalendarEvent,
            uid=st.from_regex(r"\A[a-z0-9.-]{1,40}\Z"),
            day=st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)),
            summary=_EVENT_TEXT,
            description=_EVENT_TEXT,
            url=st.just("https://example.org/a/b/#c"),
            categories=st.lists(st.from_regex(r"\A[a-z-]{1,20}\Z"), min_size=1, max_size=3).map(
                tuple
            ),
        ),
        max_size=6,
    ),
    name=_EVENT_TEXT.map(lambda text: " ".join(text.split())),
)
def test_the_calendar_is_what_icalendar_writes_for_it(
    events: list[feeds.CalendarEvent], name: str
) -> None:
    """The calendar export is put together from its events' own lines (kept while an event is
    unchanged): byte for byte what icalendar writes for the whole calendar."""
    cal = icalendar.Calendar()
    cal.add("prodid", "-//Playbook//Roadmap and releases//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    stamp = dt.date(2026, 1, 2)
    for e in events:
        event = icalendar.Event()
        event.add("uid", f"{e.uid}@example.org")
        event.add("dtstamp", dt.datetime.combine(stamp, dt.time(), dt.UTC))
        event.add("dtstart", e.day)
        event.add("dtend", e.day + dt.timedelta(days=1))
        event.add("summary", e.summary)
        event.add("description", e.description)
        event.add("url", e.url)
        event.add("categories", list(e.categories))
        cal.add_component(event)
    assert feeds.ical(name, "example.org", stamp, events) == cal.to_ical()


def test_a_site_name_with_a_line_break_still_names_the_calendar() -> None:
    pb = load_playbook(read_settings(SITES / "minimal")).playbook
    ctx = site.SiteContext(today=TODAY, site_url="https://example.org/", site_name="Ops\nPlaybook")
    cal = icalendar.Calendar.from_ical(feeds.calendar(pb, ctx))
    assert str(cal["X-WR-CALNAME"]) == "Ops Playbook: releases and roadmap targets"


#: One-line text an organisation may give its vocabulary: what Markdown, HTML, YAML and
#: mkdocs-macros care about, and characters of several widths.
_LABEL = (
    st.lists(
        st.sampled_from(
            [
                *("Ready", "to ship", "|", "`code`", "*em*", "_u_", "<b>", "</b>", "<script>"),
                *("&amp;", "&lt;", "&", "{{ x }}", "[a](b.md)", "#", "@team", ": ", "é€😀", "\\"),
                *("'", '"'),
            ]
        )
        | st.text(st.characters(codec="utf-8"), min_size=1, max_size=5),
        min_size=1,
        max_size=8,
    )
    .map("".join)
    .filter(lambda text: text.strip() and text.isprintable())
)


@settings(max_examples=80, deadline=None)
@given(label=_LABEL, heading=_LABEL)
def test_the_data_formats_page_shows_the_vocabulary_as_written(label: str, heading: str) -> None:
    """The reference page's tables are raw HTML the Markdown parser passes by: whatever an
    organisation calls its statuses and entry types reaches the reader as written, with no
    markup of its own (a label holding `|` or `<b>` once broke or bolded a Markdown table)."""
    import dataclasses
    import html as html_lib
    import re

    import markdown

    from plugins.core.render.reference import formats_page
    from plugins.core.render.text import lift_html_blocks, put_html_blocks
    from plugins.core.vocabulary import DEFAULT

    first, *rest = DEFAULT.roadmap_statuses
    kind, *kinds = DEFAULT.entry_types
    vocab = dataclasses.replace(
        DEFAULT,
        roadmap_statuses=(dataclasses.replace(first, label=label), *rest),
        entry_types=(dataclasses.replace(kind, heading=heading), *kinds),
    )
    lifted = lift_html_blocks(formats_page(vocab))
    body = lifted.markdown.split("\n---\n", 1)[1]
    converted = markdown.markdown(body, extensions=["tables", "attr_list", "md_in_html", "toc"])
    page = put_html_blocks(converted, lifted.blocks)
    cells = [
        " ".join(html_lib.unescape(re.sub(r"<[^>]*>", "", cell)).split())
        for cell in re.findall(r"<td>(.*?)</td>", page, re.S)
    ]
    assert " ".join(label.split()) in cells
    assert " ".join(heading.split()) in cells
