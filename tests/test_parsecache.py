"""The parse cache never gives another answer than a cold run: after every kind of edit, a check
that reuses cached results reports exactly the findings, and builds exactly the model, of a check
that parses everything again."""

from __future__ import annotations

import dataclasses
import pickle
import shutil
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner
from helpers import SITES, TODAY, edit, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugins.cli.main import cli
from plugins.core import parsecache
from plugins.core.checks import run_checks
from plugins.core.loader import load_page
from plugins.core.settings import read_settings

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from plugins.core.checks import Report


def _run(root: Path, cache: parsecache.ParseCache | None) -> Report:
    settings = read_settings(root)
    if cache is None:
        return run_checks(settings, TODAY)
    with cache.active():
        report = run_checks(settings, TODAY)
    cache.next_generation()
    return report


def _salted(root: Path) -> bytes:
    settings = read_settings(root)
    return parsecache.salt_for(settings, (root / "mkdocs.yml").read_bytes())


def _page_text(root: Path) -> None:
    edit(root, "playbook/processes/review.md", "## Steps", "A new paragraph.\n\n## Steps")


def _broken_front_matter(root: Path) -> None:
    edit(root, "playbook/processes/review.md", "title: Post-launch review", "title: [unclosed")


def _bad_roadmap_value(root: Path) -> None:
    edit(root, "data/roadmap/fast-search.yml", "status: shipped", "status: shiped")


def _new_page_with_dead_link(root: Path) -> None:
    write(root, "playbook/guide.md", "# Guide\n\nSee [nothing](nothing.md).\n")


def _vocabulary(root: Path) -> None:
    # The salt changes: nothing parsed under the old vocabulary may be reused.
    write(root, "data/vocabulary.yml", "audiences: [everyone, operators]\n")


def _severity(root: Path) -> None:
    edit(
        root,
        "mkdocs.yml",
        "  - playbook-checks\n",
        "  - playbook-checks:\n      rules: {PB701: warn}\n",
    )


EDITS: dict[str, Callable[[Path], None]] = {
    "page-text": _page_text,
    "broken-front-matter": _broken_front_matter,
    "bad-roadmap-value": _bad_roadmap_value,
    "new-page-dead-link": _new_page_with_dead_link,
    "vocabulary": _vocabulary,
    "severity": _severity,
}


@pytest.mark.parametrize("kind", list(EDITS))
def test_a_cached_check_equals_a_cold_check_after_an_edit(tmp_path: Path, kind: str) -> None:
    root = tmp_path / "site"
    shutil.copytree(SITES / "minimal", root)
    cache = parsecache.ParseCache(_salted(root))
    first = _run(root, cache)
    assert first.findings == _run(root, None).findings
    EDITS[kind](root)
    # As `playbook check` does on every run: the salt from today's settings and code.
    cache = parsecache.ParseCache(_salted(root), cache.entries)
    cached, cold = _run(root, cache), _run(root, None)
    assert cached.findings == cold.findings
    assert cached.playbook == cold.playbook
    if kind in {"broken-front-matter", "bad-roadmap-value", "new-page-dead-link"}:
        assert cold.findings, "the edit is a defect: the checks must see it"


def test_unchanged_files_are_read_from_the_cache(tmp_path: Path) -> None:
    root = tmp_path / "site"
    shutil.copytree(SITES / "minimal", root)
    cache = parsecache.ParseCache(_salted(root))
    _run(root, cache)
    _page_text(root)
    with cache.active():
        run_checks(read_settings(root), TODAY)
    assert cache.misses == 1  # the edited page
    assert cache.hits > 10


def test_another_salt_or_a_damaged_file_starts_empty(tmp_path: Path) -> None:
    path = tmp_path / "cache" / "parse.pickle"
    cache = parsecache.ParseCache(b"salt-a")
    cache.get("yaml", "a.yml", "a: 1\n", lambda: {"a": 1})
    cache.write(path)
    assert parsecache.ParseCache.read(path, b"salt-a").entries
    assert parsecache.ParseCache.read(path, b"salt-b").entries == {}
    path.write_bytes(b"playbook-parse-cache-1 not a pickle")
    assert parsecache.ParseCache.read(path, b"salt-a").entries == {}
    path.write_bytes(b"")
    assert parsecache.ParseCache.read(path, b"salt-a").entries == {}


def test_settings_give_the_same_salt_in_every_process() -> None:
    """Sets iterate in a different order in every process; the salt must not."""
    assert parsecache.canonical(frozenset({"b", "a", "c"})) == parsecache.canonical(
        frozenset({"c", "b", "a"})
    )
    assert parsecache.canonical({"b": {2, 1}, "a": [1]}) == "{'a':[1],'b':{1,2}}"


def test_playbook_check_keeps_its_cache_outside_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "site"
    shutil.copytree(SITES / "minimal", root)
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(tmp_path / "cache"))
    runner = CliRunner()
    args = ["check", "--root", str(root), "--today", TODAY.isoformat()]
    first = runner.invoke(cli, args)
    assert list((tmp_path / "cache").glob("parse-*.pickle"))
    second = runner.invoke(cli, args)
    _broken_front_matter(root)
    third = runner.invoke(cli, args)
    cold = runner.invoke(cli, [*args, "--no-cache"])
    assert (first.exit_code, first.output) == (second.exit_code, second.output)
    assert (third.exit_code, third.output) == (cold.exit_code, cold.output)
    assert third.exit_code == 1
    assert not list(root.rglob("*.pickle"))


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=400
) | st.sampled_from(
    [
        "---\ntitle: x\n---\n# H\n[a](b.md)\n",
        "---\nkind: process\nid: a\n---\n",
        "---\n: bad\n",
        "# Can I _really_ do it\n\n- #chat\n",
    ]
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=_TEXT)
def test_a_cached_parse_is_the_parse(tmp_path: Path, text: str) -> None:
    """Whatever a page holds, reading it back from the cache gives what parsing it gives."""
    path = tmp_path / "page.md"
    path.write_text(text, encoding="utf-8", newline="")
    direct = load_page(path, "page.md", "playbook/page.md")
    cache = parsecache.ParseCache(b"salt")
    with cache.active():
        missed = load_page(path, "page.md", "playbook/page.md")
        hit = load_page(path, "page.md", "playbook/page.md")
    assert cache.hits == 1
    assert missed == direct
    assert hit == direct


def test_folder_defaults_added_after_a_cached_run_are_applied(tmp_path: Path) -> None:
    """A page's cached schema findings are of its own front matter; a `.meta.yml` written later
    completes it, and the cached run must see that as a cold run does."""
    root = tmp_path / "site"
    shutil.copytree(SITES / "minimal", root)
    write(
        root,
        "playbook/handbook/onboarding.md",
        "---\nkind: process\nid: onboarding\ntitle: Onboarding\nsummary: How we onboard.\n---\n\n"
        "# Onboarding\n\nText.\n",
    )
    write(root, "playbook/index.md", "# Home\n\n[Onboarding](handbook/onboarding.md)\n")
    cache = parsecache.ParseCache(_salted(root))
    before = _run(root, cache)
    assert any(f.path == "playbook/handbook/onboarding.md" for f in before.findings)
    write(
        root,
        "playbook/handbook/.meta.yml",
        "owner: core\nstatus: draft\nstage: operate\nlast_reviewed: 2026-10-01\n"
        "review_interval_days: 180\nraci:\n  responsible: [pm]\n  accountable: [lead]\n"
        "  consulted: [lead]\n  informed: [lead]\n",
    )
    cache = parsecache.ParseCache(_salted(root), cache.entries)
    cached, cold = _run(root, cache), _run(root, None)
    assert cached.findings == cold.findings
    assert "onboarding" in cold.playbook.processes
    assert cached.playbook == cold.playbook


@dataclasses.dataclass(frozen=True, slots=True)
class _Slotted:
    name: str
    count: int = 0
    tags: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class _Unslotted(_Slotted):
    """A subclass without slots of its own: its fields live in a dict, not in slots."""

    extra: str = ""


def test_a_pickled_result_comes_back_equal_whatever_its_classes_store() -> None:
    """Results are pickled as their field values and made again field by field (a function
    written for each class): slotted or not, nested, with text YAML cares about."""
    value = {
        "a": _Slotted("`[x]: *y* @z`", 3, ("a", "b")),
        "b": [_Unslotted("n", 1, (), "more: text"), _Slotted("m")],
    }
    again = pickle.loads(parsecache._dumps(value))
    assert again == value
    assert type(again["b"][0]) is _Unslotted
    with pytest.raises(dataclasses.FrozenInstanceError):
        again["a"].count = 4  # type: ignore[misc]


def test_a_pickled_result_with_other_fields_is_refused() -> None:
    """A result pickled by code whose class had other fields is not silently misread."""
    with pytest.raises(ValueError, match="3 fields, not 2"):
        parsecache._rebuild(_Slotted, ("a", 1))


def test_results_pickle_alike_whatever_was_pickled_before() -> None:
    """One pickler is reused: what it pickled before (a large result, a failure) changes nothing
    in what it writes next."""
    small = {"a": _Slotted("x", 1), "b": [_Slotted("x", 1)]}
    first = parsecache._dumps(small)
    big = [_Slotted("y" * 1000, n) for n in range(2000)]
    assert pickle.loads(parsecache._dumps(big)) == big
    with pytest.raises((pickle.PicklingError, AttributeError)):  # a function made in a test
        parsecache._dumps({"x": _Slotted("z"), "f": lambda: None})
    assert parsecache._dumps(small) == first
    assert pickle.loads(first) == small
