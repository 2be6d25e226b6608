"""A load given what an earlier load read of the pages (a live preview after an edit of data
only: `load_playbook(..., pages_from=...)`) is the load that reads the pages again: the same
model and the same findings after every kind of edit of data, and a full read when the data now
defines an id a page defines."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest
from helpers import SITES, TODAY, edit, write

from plugins.core import parsecache
from plugins.core.checks import run_checks
from plugins.core.loader import Loaded, for_rendering, load_playbook
from plugins.core.settings import Settings, read_settings

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

ITEM = "data/roadmap/fast-search.yml"


def _hostile_title(root: Path) -> None:
    edit(root, ITEM, "title: Fast search", 'title: "`Fast` [search]: *now* @ops"')


def _new_item_with_dangling_link(root: Path) -> None:
    write(
        root,
        "data/roadmap/bulk-edit.yml",
        (root / ITEM)
        .read_text(encoding="utf-8")
        .replace("id: fast-search", "id: bulk-edit")
        .replace("depends_on: []", "depends_on: [nowhere]")
        .replace("processes: [launch]", "processes: [no-such-process]"),
    )


def _broken_yaml(root: Path) -> None:
    edit(root, ITEM, "status: shipped", "status: [shipped")


def _team_renamed(root: Path) -> None:
    edit(root, "data/teams.yml", "name: Product Ops", "name: Product Operations")


def _item_takes_a_page_id(root: Path) -> None:
    # The pages are read before the roadmap: the page keeps its id, the item is refused.
    edit(root, ITEM, "id: fast-search", "id: review")


def _team_takes_a_page_id(root: Path) -> None:
    # Teams are read before the pages: the page's id is now the duplicate.
    edit(root, "data/teams.yml", "  - id: core\n", "  - id: review\n")


EDITS: dict[str, Callable[[Path], None]] = {
    "hostile-title": _hostile_title,
    "new-item-dangling": _new_item_with_dangling_link,
    "broken-yaml": _broken_yaml,
    "team-renamed": _team_renamed,
    "item-takes-a-page-id": _item_takes_a_page_id,
    "team-takes-a-page-id": _team_takes_a_page_id,
}


def _load(settings: Settings, cache: parsecache.ParseCache, given: Loaded | None) -> Loaded:
    with cache.active():
        loaded = load_playbook(
            settings,
            keep_front_matter=True,
            keep_pages_read=True,
            pages_from=given.pages_read if given else None,
        )
    cache.next_generation()
    return loaded


@pytest.mark.parametrize("kind", list(EDITS))
def test_pages_given_again_equal_pages_read_again(tmp_path: Path, kind: str) -> None:
    root = tmp_path / "site"
    shutil.copytree(SITES / "minimal", root)
    # Findings of reading the pages, given again with them: a value the schema refuses, and
    # text a scaffold left to write.
    edit(root, "playbook/processes/launch.md", "stage: launch", "stage: lunch")
    write(root, "playbook/notes.md", "# Notes\n\n✎ Say who reads this.\n")
    settings = read_settings(root)
    cache = parsecache.ParseCache(b"salt")
    first = _load(settings, cache, None)
    assert first.pages_read is not None
    assert {f.path for f in first.findings} == {"playbook/notes.md", "playbook/processes/launch.md"}
    # As a build does once its checks ran: the model slimmed for rendering.
    run_checks(settings, TODAY, first)
    first = for_rendering(first)
    EDITS[kind](root)
    given = _load(settings, cache, first)
    cold = load_playbook(settings)
    reused = given.pages_read is first.pages_read
    assert reused is (kind != "team-takes-a-page-id")
    assert given.playbook.pages == cold.playbook.pages
    assert given.playbook == cold.playbook
    assert run_checks(settings, TODAY, given).findings == run_checks(settings, TODAY, cold).findings
    if kind not in {"hostile-title", "team-renamed"}:
        data = [f for f in run_checks(settings, TODAY, cold).findings if f.path.startswith("data")]
        assert data, "the edit is a defect: the checks must see it"
    # The parse cache keeps the pages' entries for the next rebuild, given or read again.
    with cache.active():
        load_playbook(settings)
    assert cache.misses == 0


def test_other_settings_read_the_pages_again(tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(SITES / "minimal", root)
    cache = parsecache.ParseCache(b"salt")
    first = _load(read_settings(root), cache, None)
    again = _load(read_settings(root), cache, first)
    assert again.pages_read is not first.pages_read
    assert again.playbook == first.playbook


def test_a_page_given_again_still_locates_its_findings(tmp_path: Path) -> None:
    """Positions stay readable in a model slimmed for rendering whose pages are kept: a finding
    of a page given again names its line, as the load that read it does."""
    root = tmp_path / "site"
    shutil.copytree(SITES / "minimal", root)
    edit(root, "playbook/processes/review.md", "owner: ops", "owner: nobody")
    settings = read_settings(root)
    cache = parsecache.ParseCache(b"salt")
    first = for_rendering(_load(settings, cache, None))
    _team_renamed(root)
    given = _load(settings, cache, first)
    assert given.pages_read is first.pages_read
    located = [
        (f.path, f.line)
        for f in run_checks(settings, TODAY, given).findings
        if f.path.endswith("review.md")
    ]
    assert located == [("playbook/processes/review.md", 6)]
