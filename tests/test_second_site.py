"""A second organisation, nothing like the example: Quarry, an open-source storage project.

Its vocabulary (`tests/sites/infra/project/vocabulary.yml`) has reno-style entry types, operators
and developers as audiences, enhancement-proposal statuses, release cycles as horizons, SIGs that
are both teams and themes, GitHub teams as owners and no KPIs on roadmap items. It builds strictly,
its words reach every output, and none of the example organisation's words do.
"""

from __future__ import annotations

import json
import re
import shutil
from typing import TYPE_CHECKING

import pytest
import yaml
from helpers import REPO, SITES, TODAY, commit_all, mkdocs_build

from plugins.core import schemas
from plugins.core.checks import run_checks
from plugins.core.settings import read_settings

if TYPE_CHECKING:
    from pathlib import Path

INFRA = SITES / "infra"


def example_words() -> set[str]:
    """Words of the default playbook's organisation: its name, its own audiences, its themes."""
    vocab = yaml.safe_load((REPO / "data/vocabulary.yml").read_text(encoding="utf-8"))
    themes = yaml.safe_load((REPO / "data/themes.yml").read_text(encoding="utf-8"))["themes"]
    generic = set(read_settings(SITES / "minimal").vocabulary.audiences)
    words = {vocab["name"].lower(), "dispatcher", "technician", "finance"}
    words |= {a for a in vocab["audiences"] if a not in generic}
    words |= {t["id"] for t in themes}
    words |= {t["name"].lower() for t in themes}
    return words


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Quarry site, built once with `mkdocs build --strict` from a git clone of it."""
    source = tmp_path_factory.mktemp("infra") / "src"
    shutil.copytree(INFRA, source)
    commit_all(source)
    out = source.parent / "site"
    result = mkdocs_build(source, out)
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return out


def text(site: Path, rel: str) -> str:
    return (site / rel).read_text(encoding="utf-8")


def visible(html: str) -> str:
    """The page's text, without tags or scripts, whitespace collapsed."""
    html = re.sub(r"<script.*?</script>", " ", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def test_it_checks_clean() -> None:
    settings = read_settings(INFRA)
    assert settings.vocabulary.name == "Quarry"
    assert settings.vocabulary_file == "project/vocabulary.yml"
    assert run_checks(settings, TODAY).findings == []


def test_release_pages_use_its_entry_types_and_audiences(built: Path) -> None:
    page = visible(text(built, "releases/2.0.0/index.html"))
    headings = re.findall(r'<h2 id="([a-z-]+)"', text(built, "releases/2.0.0/index.html"))
    # Its own display order: upgrade notes and security first, known issues last.
    assert headings == ["upgrade", "security", "deprecations", "features", "fixes", "known-issues"]
    for words in ("Upgrade notes", "Deprecation notes", "Known issues", "Operators", "Developers"):
        assert words in page
    index = visible(text(built, "releases/index.html"))
    assert "Every release of Quarry, newest first" in index
    assert "1 upgrade notes" in index
    upcoming = visible(text(built, "releases/upcoming/index.html"))
    assert "Known issues" in upcoming
    assert "Bug fixes" in upcoming


def test_roadmap_uses_its_statuses_horizons_and_owners(built: Path) -> None:
    board = text(built, "roadmap/index.html")
    columns = re.findall(r'<h2 id="col-([a-z-]+)">([^<]+?) <span class="pb-count">', board)
    assert columns == [
        ("this-cycle", "This cycle"),
        ("next-cycle", "Next cycle"),
        ("backlog", "Backlog"),
    ]
    statuses = board.split('data-filter="status"')[1].split("</select>")[0]
    options = re.findall(r'<option value="([a-z-]+)">', statuses)
    assert options[:4] == ["provisional", "implementable", "implementing", "implemented"]
    # Dropped items have no card, but the compact list holds them and the filter counts them.
    assert options[-1] == "withdrawn"
    assert 'data-status="withdrawn"' in board.split('id="all-items"')[1]
    assert "https://github.com/orgs/quarry-io/teams/sig-storage" in board
    assert "Withdrawn" in visible(board)  # the list of dropped items, under its label
    legend = re.findall(r'pb-swatch" style="background:(#[0-9a-f]{6})"></span>([A-Za-z ]+)<', board)
    assert ("#ef6c00", "Implementing") in legend
    theme = text(built, "roadmap/storage/index.html")
    assert "Related:" in visible(theme)
    assert "Customer problem." in visible(theme)  # written on some items...
    assert visible(theme).count("Customer problem.") < visible(theme).count("Status:")  # ...not all


def test_a_theme_and_a_team_share_an_id(built: Path) -> None:
    teams = text(built, "people/teams/index.html")
    assert 'id="storage"' in teams
    assert "SIG Storage" in visible(teams)
    assert (built / "roadmap/storage/index.html").is_file()


def test_feeds_and_exports_carry_its_words(built: Path) -> None:
    feed = text(built, "releases/feed.xml")
    assert "Upgrade notes:" in feed
    assert "Known issues:" in feed
    releases = json.loads(text(built, "exports/releases.json"))
    types = {e["type"] for r in releases["releases"] for e in r["entries"]}
    assert types == {"features", "upgrade", "deprecations", "fixes", "security", "known-issues"}
    roadmap = json.loads(text(built, "exports/roadmap.json"))
    statuses = {i["status"] for i in roadmap["items"]}
    assert statuses == {"provisional", "implementable", "implementing", "implemented", "withdrawn"}
    calendar = text(built, "exports/playbook.ics")
    assert "(implementing)" in calendar
    assert "(withdrawn)" not in calendar
    assert "(implemented)" not in calendar


def test_codeowners_name_its_github_teams() -> None:
    """CODEOWNERS takes a GitHub owner as it is, and a team's members for a team id."""
    owners = (INFRA / ".github/CODEOWNERS").read_text(encoding="utf-8")
    assert re.search(r"^/data/roadmap/\S+\.yml @quarry-io/sig-storage$", owners, re.M)
    assert re.search(r"^/data/roadmap/\S+\.yml @quarry-io/observability-wg$", owners, re.M)
    assert re.search(r"^/data/roadmap/\S+\.yml @jun-park$", owners, re.M)  # team networking
    assert "/docs/processes/cutting-a-release.md @octo-maintainer" in owners


def test_reference_page_documents_its_vocabulary(built: Path) -> None:
    page = visible(text(built, "reference/data-formats/index.html"))
    for word in ("known-issues", "operators", "implementable", "this-cycle", "Quarry"):
        assert word in page
    assert "project/vocabulary.yml" in page
    assert "within each kind" in page


@pytest.mark.parametrize("name", [*schemas.NAMES, "vocabulary"])
def test_its_exported_schemas_are_current_and_speak_its_words(name: str) -> None:
    exported = json.loads((INFRA / "schemas" / f"{name}.schema.json").read_text(encoding="utf-8"))
    assert exported == schemas.export(name, read_settings(INFRA).vocabulary)


def test_its_schemas_name_its_values() -> None:
    entry = (INFRA / "schemas/release-entry.schema.json").read_text(encoding="utf-8")
    assert '"known-issues"' in entry
    assert '"operators"' in entry
    item = json.loads((INFRA / "schemas/roadmap-item.schema.json").read_text(encoding="utf-8"))
    assert "metrics" not in item["required"]
    assert "problem" not in item["required"]
    assert "@org/team" in item["properties"]["owner"]["description"]


def test_none_of_the_example_organisations_words_appear(built: Path) -> None:
    words = example_words()
    assert {"fieldnote", "dispatchers", "scheduling"} <= words
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words)), re.IGNORECASE)
    outputs = [
        p
        for p in built.rglob("*")
        if p.is_file()
        and p.suffix in {".html", ".xml", ".json", ".ics", ".js", ".css"}
        and "assets" not in p.relative_to(built).parts[:1]  # the theme's own files
    ]
    assert len(outputs) > 30
    found = {
        p.relative_to(built).as_posix(): sorted(set(pattern.findall(p.read_text(encoding="utf-8"))))
        for p in outputs
    }
    assert {path: hits for path, hits in found.items() if hits} == {}
    for schema in (INFRA / "schemas").glob("*.json"):
        assert not pattern.search(schema.read_text(encoding="utf-8")), schema.name


def test_plugins_never_name_the_example_organisation() -> None:
    """The generator serves any organisation: the example's words live in its data only."""
    words = example_words()
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words)), re.IGNORECASE)
    hits = [
        f"{path.relative_to(REPO)}:{number}: {line.strip()}"
        for path in sorted((REPO / "plugins").rglob("*"))
        if path.is_file() and path.suffix in {".py", ".js", ".css", ".html", ".md", ".yml"}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert hits == []


def test_without_a_maturity_model_it_has_no_maturity_page_and_no_nav_entry(built: Path) -> None:
    # `built` failed on any warning; the page and its place in the navigation are simply absent.
    assert not (built / "metrics/maturity/index.html").exists()
    assert "maturity" not in text(built, "index.html").lower()
