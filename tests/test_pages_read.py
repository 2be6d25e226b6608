"""A load given what an earlier load read of the pages, and told which pages changed since (a
live preview: `load_playbook(..., pages_from=..., changed_pages=...)`), is the load that reads
every page again: the same model and the same findings, after any sequence of edits of pages and
data, including edits that take, free or clash over an id."""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING

import pytest
from helpers import SITES, TODAY, edit, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugins.core import parsecache
from plugins.core.checks import run_checks
from plugins.core.loader import Loaded, for_rendering, load_playbook
from plugins.core.settings import Settings, read_settings

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

ITEM = "data/roadmap/fast-search.yml"
REVIEW = "processes/review.md"
LAUNCH = "processes/launch.md"
CHECKLIST = "templates/checklist.md"


def _page(root: Path, uri: str) -> Path:
    return root / "playbook" / uri


def _replace(root: Path, uri: str, old: str, new: str) -> None:
    path = _page(root, uri)
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")


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


def _page_text(root: Path) -> None:
    _replace(
        root,
        REVIEW,
        "## Steps",
        "See [the launch](launch.md#nowhere) and `code` *here*.\n\n## Steps",
    )


def _page_takes_an_id(root: Path) -> None:
    # Read before review.md: review's id is now the duplicate, though review.md did not change.
    _replace(root, LAUNCH, "id: launch", "id: review")


def _page_owner(root: Path) -> None:
    _replace(root, CHECKLIST, "owner: ops", "owner: nobody")


def _page_front_matter_broken(root: Path) -> None:
    _replace(root, REVIEW, "title: Post-launch review", "title: [unclosed")


#: Each edit and the pages it changes (by `src_uri`).
EDITS: dict[str, tuple[Callable[[Path], None], frozenset[str]]] = {
    "hostile-title": (_hostile_title, frozenset()),
    "new-item-dangling": (_new_item_with_dangling_link, frozenset()),
    "broken-yaml": (_broken_yaml, frozenset()),
    "team-renamed": (_team_renamed, frozenset()),
    "item-takes-a-page-id": (_item_takes_a_page_id, frozenset()),
    "team-takes-a-page-id": (_team_takes_a_page_id, frozenset()),
    "page-text": (_page_text, frozenset({REVIEW})),
    "page-takes-an-id": (_page_takes_an_id, frozenset({LAUNCH})),
    "page-owner": (_page_owner, frozenset({CHECKLIST})),
    "page-front-matter-broken": (_page_front_matter_broken, frozenset({REVIEW})),
}
#: Edits after which every page is read again: an id is claimed differently.
READ_AGAIN = {"team-takes-a-page-id", "page-takes-an-id"}


def _site(tmp_path: Path) -> Path:
    root = tmp_path / f"site-{len(list(tmp_path.iterdir()))}"
    shutil.copytree(SITES / "minimal", root)
    # Findings of reading the pages, given again with them: a value the schema refuses, and
    # text a scaffold left to write.
    _replace(root, LAUNCH, "stage: launch", "stage: lunch")
    write(root, "playbook/notes.md", "# Notes\n\n✎ Say who reads this.\n")
    return root


def _load(
    settings: Settings, cache: parsecache.ParseCache, given: Loaded | None, changed: frozenset[str]
) -> Loaded:
    with cache.active():
        loaded = load_playbook(
            settings,
            keep_front_matter=True,
            keep_pages_read=True,
            pages_from=given.pages_read if given else None,
            changed_pages=changed,
        )
    cache.next_generation()
    return loaded


def _kept(before: Loaded, after: Loaded) -> set[str]:
    """The pages `after` was given from `before` rather than read."""
    assert before.pages_read is not None
    assert after.pages_read is not None
    old, new = before.pages_read.outcomes, after.pages_read.outcomes
    return {uri for uri in new if old.get(uri) is new[uri]}


def _same_as_cold(settings: Settings, loaded: Loaded) -> None:
    cold = load_playbook(settings)
    assert loaded.playbook == cold.playbook
    assert loaded.refused_pages == cold.refused_pages
    assert loaded.broken_ids == cold.broken_ids
    assert (
        run_checks(settings, TODAY, loaded).findings == run_checks(settings, TODAY, cold).findings
    )


@pytest.mark.parametrize("kind", list(EDITS))
def test_pages_given_again_equal_pages_read_again(tmp_path: Path, kind: str) -> None:
    root = _site(tmp_path)
    settings = read_settings(root)
    cache = parsecache.ParseCache(b"salt")
    first = _load(settings, cache, None, frozenset())
    assert {f.path for f in first.findings} == {"playbook/notes.md", "playbook/processes/launch.md"}
    # As a build does once its checks ran: the model slimmed for rendering.
    run_checks(settings, TODAY, first)
    first = for_rendering(first)
    change, pages = EDITS[kind]
    change(root)
    again = _load(settings, cache, first, pages)
    everything = set(first.playbook.pages)
    assert _kept(first, again) == (set() if kind in READ_AGAIN else everything - pages)
    _same_as_cold(settings, again)
    if kind not in {"hostile-title", "team-renamed"}:
        found = {f.path for f in run_checks(settings, TODAY, load_playbook(settings)).findings}
        assert found - {"playbook/notes.md", "playbook/processes/launch.md"}, "a defect: seen"
    # The parse cache keeps every page's entry for the next rebuild, given or read again.
    with cache.active():
        load_playbook(settings)
    assert cache.misses == 0


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.sampled_from(sorted(EDITS)), min_size=1, max_size=6, unique=True))
def test_any_sequence_of_edits_gives_the_cold_load(tmp_path: Path, kinds: list[str]) -> None:
    root = _site(tmp_path)
    settings = read_settings(root)
    cache = parsecache.ParseCache(b"salt")
    loaded = for_rendering(_load(settings, cache, None, frozenset()))
    for kind in kinds:
        change, pages = EDITS[kind]
        change(root)
        loaded = _load(settings, cache, loaded, pages)
        _same_as_cold(settings, loaded)
        loaded = for_rendering(loaded)


def test_other_settings_read_the_pages_again(tmp_path: Path) -> None:
    root = _site(tmp_path)
    cache = parsecache.ParseCache(b"salt")
    first = _load(read_settings(root), cache, None, frozenset())
    again = _load(read_settings(root), cache, first, frozenset())
    assert _kept(first, again) == set()
    assert again.playbook == first.playbook


def test_a_page_given_again_still_locates_its_findings(tmp_path: Path) -> None:
    """Positions stay readable in a model slimmed for rendering whose pages are kept: a finding
    of a page given again names its line, as the load that read it does."""
    root = _site(tmp_path)
    _replace(root, REVIEW, "owner: ops", "owner: nobody")
    settings = read_settings(root)
    cache = parsecache.ParseCache(b"salt")
    first = for_rendering(_load(settings, cache, None, frozenset()))
    _team_renamed(root)
    again = _load(settings, cache, first, frozenset())
    assert REVIEW in _kept(first, again)
    located = [
        (f.path, f.line)
        for f in run_checks(settings, TODAY, again).findings
        if f.path.endswith("review.md")
    ]
    assert located == [("playbook/processes/review.md", 6)]
