"""End-to-end builds with the real `mkdocs` command: the sample site, the default playbook, and a
broken site that must fail naming file and line."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from typing import TYPE_CHECKING

import icalendar
import pytest
from helpers import CONTENT_DAY, REPO, commit_all, edit, mkdocs_build, write

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.build


@pytest.fixture(scope="module")
def default_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("default-site")
    result = mkdocs_build(REPO, out, today=CONTENT_DAY.isoformat())
    assert result.returncode == 0, result.stderr
    warnings = [
        line for line in result.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))
    ]
    assert warnings == []
    return out


def test_default_playbook_builds_strictly_with_every_generated_page(default_site: Path) -> None:
    for page in (
        "index.html",
        "processes/index.html",
        "processes/launch-management/index.html",
        "templates/prd/index.html",
        "roadmap/index.html",
        "roadmap/scheduling/index.html",
        "releases/index.html",
        "releases/3.5.0/index.html",
        "releases/upcoming/index.html",
        "people/teams/index.html",
        "metrics/kpis/index.html",
        "reviews/index.html",
        "reference/rules/index.html",
        "reference/data-formats/index.html",
        "releases/feed.xml",
        "exports/roadmap.json",
        "exports/playbook.ics",
    ):
        assert (default_site / page).is_file(), page


def test_kpi_page_shows_every_kpis_numbers_and_trend_chart(default_site: Path) -> None:
    html = (default_site / "metrics/kpis/index.html").read_text(encoding="utf-8")
    charts = re.findall(r'<svg class="pb-trend__chart"[^>]*role="img"[^>]*>', html)
    assert len(charts) == html.count('<h3 id="')  # one chart per KPI: every one has history
    # Weekly active accounts, from data/kpis.yml: baseline, latest value, target and gap.
    section = html[
        html.index('id="weekly-active-accounts"') : html.index('id="first-time-fix-rate"')
    ]
    assert "<strong>2,050 accounts</strong> (28 June 2026)" in section
    assert "<strong>2,356 accounts</strong> (as of 29 November 2026)" in section
    assert "<strong>2,400 accounts by 31 December 2026</strong>" in section
    assert "44 accounts to go" in section
    assert ">On track</span>" in section
    assert "29 November 2026: 2,356 accounts" in section  # what a screen reader hears
    assert 'id="at-a-glance"' in html


def test_default_playbook_has_the_maturity_page_after_the_kpis(default_site: Path) -> None:
    html = (default_site / "metrics/maturity/index.html").read_text(encoding="utf-8")
    # The matrix: every dimension a row, every level a column, with the level reached marked.
    assert "<caption>What each level looks like in each dimension</caption>" in html
    for level in ("1 · Ad hoc", "2 · Repeatable", "3 · Defined", "4 · Managed", "5 · Optimising"):
        assert f'<th scope="col">{level}</th>' in html
    assert html.count('<strong class="pb-maturity__mark">Current</strong>') == 8
    # The latest scores, their trend since the assessment before, and the self-assessment.
    assert "Latest assessment: <strong>2026-11-12</strong>" in html
    assert "3 · Defined (2026-11-12)" in html
    assert "up from 2 · Repeatable since 2026-05-14" in html
    assert len(re.findall(r'<input type="checkbox" id="assess-', html)) == 8 * 5
    # Its edit link points at the data file, and the navigation lists it right after the KPIs.
    assert "edit/main/data/maturity.yml" in html
    kpis = (default_site / "metrics/kpis/index.html").read_text(encoding="utf-8")
    nav = kpis[kpis.index('class="md-nav__list"') :]
    assert nav.index('href="../maturity/"') > nav.index('href="./"')
    # Pages link to it and its self-assessment anchor resolves.
    start = (default_site / "start-here/start-small/index.html").read_text(encoding="utf-8")
    assert 'href="../../metrics/maturity/#self-assessment"' in start
    assert 'id="self-assessment"' in html


def test_exports_are_written_whole_at_the_end_of_the_build(default_site: Path) -> None:
    roadmap = json.loads((default_site / "exports/roadmap.json").read_text(encoding="utf-8"))
    releases = json.loads((default_site / "exports/releases.json").read_text(encoding="utf-8"))
    assert len(roadmap["items"]) >= 10
    assert releases["releases"][0]["version"] == "3.5.0"
    feed = ET.parse(default_site / "releases/feed.xml").getroot()
    assert len(feed.findall("{http://www.w3.org/2005/Atom}entry")) == len(releases["releases"])
    calendar = icalendar.Calendar.from_ical((default_site / "exports/playbook.ics").read_bytes())
    summaries = {str(event["SUMMARY"]) for event in calendar.walk("VEVENT")}
    assert "Release 3.5.0" in summaries
    # Pages link to them as to any other file of the site.
    roadmap_page = (default_site / "roadmap/index.html").read_text(encoding="utf-8")
    assert "../exports/playbook.ics" in roadmap_page


def test_search_indexes_the_id_but_not_shared_facts_link_blocks_and_history(
    default_site: Path,
) -> None:
    html = (default_site / "processes/launch-management/index.html").read_text(encoding="utf-8")
    assert "Roles (RACI), templates and metrics" in html
    assert re.search(r"Owner</span>\s*<a [^>]*>Product Operations</a>", html)
    assert re.search(r"Last updated \d{4}-\d{2}-\d{2} by", html)
    index = json.loads((default_site / "search/search_index.json").read_text(encoding="utf-8"))
    entries = [e for e in index["docs"] if e["location"].startswith("processes/launch-management/")]
    text = " ".join(e["text"] for e in entries)
    assert "launch-management" in text  # a process can be found by its id
    assert "Owner" not in text  # every page has an owner, a status and a review date:
    assert "Review by" not in text  # noise in search results
    assert "Responsible" not in text
    assert "Roles (RACI)" not in text
    assert "contributor" not in text


def test_process_page_shows_owner_status_stage_and_review_by(default_site: Path) -> None:
    html = (default_site / "processes/launch-management/index.html").read_text(encoding="utf-8")
    assert "Product Operations" in html
    assert 'pb-chip--active">Active<' in html
    assert re.search(r"Review by</span>\s*2027-02-08", html)


def test_generated_pages_edit_link_points_at_their_data(default_site: Path) -> None:
    html = (default_site / "releases/3.5.0/index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/fieldnote/playbook/edit/main/data/releases/3.5.0.yml"' in html
    teams = (default_site / "people/teams/index.html").read_text(encoding="utf-8")
    assert 'href="https://github.com/fieldnote/playbook/edit/main/data/teams.yml"' in teams


def test_generated_pages_are_not_written_into_the_docs_dir(default_site: Path) -> None:
    assert not (REPO / "playbook" / "roadmap").exists()
    assert not (REPO / "playbook" / "releases").exists()


def test_sample_site_builds_and_renders_ci_yaml_literally(minimal: Path, tmp_path: Path) -> None:
    commit_all(minimal)
    result = mkdocs_build(minimal, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    launch = (tmp_path / "out/processes/launch/index.html").read_text(encoding="utf-8")
    text = re.sub(r"<[^>]+>", "", launch)
    assert "release-${{ github.sha }}" in text


def test_pages_keep_their_front_matter_though_mkdocs_does_not_parse_it_again(
    minimal: Path, tmp_path: Path
) -> None:
    # The content plugin hands MkDocs the front matter it has read; MkDocs, Material and
    # mkdocs-macros must see the same `page.meta` as if MkDocs had parsed it.
    write(
        minimal,
        "playbook/meta.md",
        "---\ntitle: Title from front matter\nhide: [toc]\nreviewed: 2026-01-05\n"
        "render_macros: true\n---\n# Heading\n\n## Section\n\n"
        "Reviewed {{ page.meta.reviewed.year }}; built by {{ config.site_name }}.\n",
    )
    edit(minimal, "mkdocs.yml", "  - Home: index.md\n", "  - Home: index.md\n  - meta.md\n")
    commit_all(minimal)
    result = mkdocs_build(minimal, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out/meta/index.html").read_text(encoding="utf-8")
    assert "<title>Title from front matter - Sample Playbook</title>" in html
    assert 'data-md-type="toc" hidden>' in html  # Material read `hide`
    assert "Reviewed 2026; built by Sample Playbook." in html  # macros read a real date
    assert "render_macros" not in html  # the front matter is not in the page


def test_broken_site_fails_naming_file_line_and_rule(minimal: Path, tmp_path: Path) -> None:
    edit(minimal, "data/roadmap/offline-mode.yml", "owner: core", "owner: core-squad")
    result = mkdocs_build(minimal, tmp_path / "out", strict=False)
    assert result.returncode != 0
    assert (
        "ERROR   -  data/roadmap/offline-mode.yml:8:8: PB301 'owner' names unknown team 'core-squad'"
        in result.stderr
    )
    assert "Traceback" not in result.stderr


def test_warning_fails_only_the_strict_build(minimal: Path, tmp_path: Path) -> None:
    commit_all(minimal)
    edit(minimal, "data/roadmap/saved-filters.yml", "target: 2026-12-15", "target: 2026-11-15")
    relaxed = mkdocs_build(minimal, tmp_path / "a", strict=False)
    assert relaxed.returncode == 0, relaxed.stderr
    assert (
        "PB406 roadmap item 'saved-filters' is in progress but its target 2026-11-15 passed"
        in relaxed.stderr
    )
    strict = mkdocs_build(minimal, tmp_path / "b")
    assert strict.returncode == 1
    assert "Aborted with 1 warnings in strict mode!" in strict.stdout + strict.stderr


def test_misspelled_macro_fails_the_build_naming_the_page(minimal: Path, tmp_path: Path) -> None:
    commit_all(minimal)
    write(
        minimal,
        "playbook/extra.md",
        "---\nrender_macros: true\n---\n# Extra\n\n{{ roadmap_tabel() }}\n",
    )
    edit(minimal, "playbook/index.md", "See {{", "See [extra](extra.md) and {{")
    result = mkdocs_build(minimal, tmp_path / "out")
    assert result.returncode != 0
    assert "extra.md: 'roadmap_tabel' is undefined" in result.stderr
    assert "Traceback" not in result.stderr


def test_pages_quote_kpi_numbers_and_a_missing_one_fails_naming_the_kpi(
    minimal: Path, tmp_path: Path
) -> None:
    commit_all(minimal)
    edit(
        minimal,
        "data/kpis.yml",
        "    target: Under 30 days\n",
        "    target: Under 30 days\n    target_value: 30\n    target_by: 2027-03-31\n"
        "    baseline: {value: 44, date: 2026-03-31}\n"
        "    history: [{date: 2026-09-30, value: 37}, {date: 2026-10-31, value: 35}]\n",
    )
    edit(
        minimal,
        "playbook/index.md",
        "See {{",
        'Now {{ kpi("ship-time", "current") }} as of {{ kpi("ship-time", "current_date") }}, '
        'aiming at {{ kpi("ship-time", "target_value") }}: {{ kpi("ship-time", "gap") }}, '
        '{{ kpi("ship-time", "status") }}. See {{',
    )
    result = mkdocs_build(minimal, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out/index.html").read_text(encoding="utf-8")
    assert "Now 35 days as of 31 October 2026, aiming at 30 days: 5 days to go, on track." in page
    edit(minimal, "playbook/index.md", '"ship-time", "current")', '"adoption", "baseline")')
    failed = mkdocs_build(minimal, tmp_path / "out2")
    assert failed.returncode != 0
    assert "kpi: KPI 'adoption' has no baseline (data/kpis.yml)" in failed.stderr
    assert "Traceback" not in failed.stderr


@pytest.mark.parametrize("path", ["roadmap/index.md", "exports/roadmap.json"])
def test_hand_written_file_cannot_shadow_a_generated_page(
    minimal: Path, tmp_path: Path, path: str
) -> None:
    write(minimal, f"playbook/{path}", "# Mine\n")
    result = mkdocs_build(minimal, tmp_path / "out")
    assert result.returncode != 0
    assert f"playbook/{path} would hide the page Playbook generates" in result.stderr
    assert "Traceback" not in result.stderr


def test_names_from_data_are_text_in_titles_navigation_and_headings(
    minimal: Path, tmp_path: Path
) -> None:
    """The theme prints a page's title (and a navigation entry's) as HTML: a theme named with
    markup shows that markup as text on its page, in the header, the tab title and the
    navigation, and nothing of it runs."""
    name = '<script>alert(1)</script> R&D "core" <b>product</b>'
    edit(minimal, "data/themes.yml", "name: Core product", f"name: {json.dumps(name)}")
    commit_all(minimal)
    result = mkdocs_build(minimal, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    pages = {p: p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html")}
    assert [p for p, html in pages.items() if "<script>alert" in html or "<b>product" in html] == []
    theme = pages[tmp_path / "site/roadmap/essentials/index.html"]
    shown = "&lt;script&gt;alert(1)&lt;/script&gt; R&amp;D"
    assert f"<title>Roadmap: {shown}" in theme
    assert re.search(rf'<span class="md-ellipsis">\s*{re.escape(shown)}', theme)  # navigation
    assert f"<h1>{shown}" in theme or f"<h1>Roadmap: {shown}" in theme
