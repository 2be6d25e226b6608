"""`playbook check` reuses the last run's findings only while nothing the check reads has changed:
after every kind of edit (page text, a file a link points at, a deleted page, the baseline,
CODEOWNERS, the date, the settings) a run with the cache prints exactly what a run without it
prints."""

from __future__ import annotations

import os
import shutil
import sys
from typing import TYPE_CHECKING

import pytest
from click.testing import CliRunner
from helpers import SITES, TODAY, edit, write
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_parsecache import EDITS

from plugins.cli.main import cli
from plugins.core import checks, codeowners, parsecache, resultcache, yamlio
from plugins.core.settings import read_settings

if TYPE_CHECKING:
    from collections.abc import Callable
    from pathlib import Path

    from click.testing import Result


def _check(root: Path, *extra: str) -> Result:
    return CliRunner().invoke(
        cli,
        ["check", "--root", str(root), "--today", TODAY.isoformat(), "--format", "json", *extra],
    )


def _same_as_cold(root: Path, *extra: str) -> Result:
    cached, cold = _check(root, *extra), _check(root, "--no-cache", *extra)
    assert (cached.exit_code, cached.output) == (cold.exit_code, cold.output)
    return cached


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("PLAYBOOK_CACHE_DIR", str(tmp_path / "cache"))
    root = tmp_path / "site"
    shutil.copytree(SITES / "minimal", root)
    return root


def _dead_asset_link(root: Path) -> None:
    write(root, "playbook/guide.md", "# Guide\n\n![Chart](img/chart.png)\n\n[Plan](img/plan.pdf)\n")


def _asset_added(root: Path) -> None:
    write(root, "playbook/img/chart.png", "not really a picture")


def _asset_in_hidden_folder(root: Path) -> None:
    write(root, "playbook/notes.md", "# Notes\n\n[Notes](.notes/a.txt)\n")


def _page_deleted(root: Path) -> None:
    (root / "playbook/processes/launch.md").unlink()


def _roadmap_item_deleted(root: Path) -> None:
    (root / "data/roadmap/offline-mode.yml").unlink()


def _codeowners(root: Path) -> None:
    write(root, codeowners.CODEOWNERS_PATH, "* @someone\n")


def _folder_became_file(root: Path) -> None:
    shutil.rmtree(root / "playbook/templates")
    write(root, "playbook/templates", "a file where a folder was\n")


def _hidden_asset_added(root: Path) -> None:
    write(root, "playbook/.notes/a.txt", "notes")


def _hidden_yaml(root: Path) -> None:
    write(root, "data/roadmap/.draft.yml", "id: [unclosed\n")


MORE_EDITS: dict[str, Callable[[Path], None]] = {
    "asset-added": _asset_added,
    "page-deleted": _page_deleted,
    "roadmap-item-deleted": _roadmap_item_deleted,
    "codeowners": _codeowners,
    "folder-became-file": _folder_became_file,
    "hidden-yaml": _hidden_yaml,
    "hidden-asset-added": _hidden_asset_added,
}


@pytest.mark.parametrize("kind", [*EDITS, *MORE_EDITS])
def test_a_reused_result_equals_a_cold_check_after_an_edit(site: Path, kind: str) -> None:
    _dead_asset_link(site)
    _asset_in_hidden_folder(site)
    first = _same_as_cold(site)
    assert first.exit_code == 1, "the dead links are findings"
    assert _check(site).output == first.output  # from the stored result
    {**EDITS, **MORE_EDITS}[kind](site)
    _same_as_cold(site)
    _same_as_cold(site)  # and again, now from the stored result


def test_an_unchanged_repository_is_not_checked_again(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first = _check(site)
    assert list(site.parent.joinpath("cache").glob("result-*.pickle"))

    def fail(*args: object, **kwargs: object) -> None:
        raise AssertionError("checked again")

    monkeypatch.setattr(checks, "run_checks", fail)
    again = _check(site)
    assert (again.exit_code, again.output) == (first.exit_code, first.output)
    write(site, "playbook/img/new.png", "x")  # any new file may be a link's target
    assert isinstance(_check(site).exception, AssertionError)


def test_the_date_and_the_severity_options_are_part_of_the_key(site: Path) -> None:
    _same_as_cold(site)
    for date in ("2027-06-01", "2030-01-01"):
        cached = _check(site, "--today", date)
        cold = _check(site, "--today", date, "--no-cache")
        assert (cached.exit_code, cached.output) == (cold.exit_code, cold.output)
    _same_as_cold(site, "--rule", "PB701=error")
    _same_as_cold(site, "--rule", "PB701=ignore")


def test_the_baseline_is_part_of_the_key(site: Path) -> None:
    _dead_asset_link(site)
    assert _same_as_cold(site).exit_code == 1
    runner = CliRunner()
    made = runner.invoke(cli, ["baseline", "--root", str(site), "--today", TODAY.isoformat()])
    assert made.exit_code == 0, made.output
    assert _same_as_cold(site).exit_code == 0  # the known findings are held back
    (site / "playbook-baseline.json").unlink()
    assert _same_as_cold(site).exit_code == 1


def test_a_symbolic_link_turns_the_result_cache_off(site: Path) -> None:
    (site / "playbook/again.md").symlink_to(site / "playbook/index.md")
    settings_ = read_settings(site)
    assert resultcache.fingerprint(settings_, TODAY, b"salt") is None
    _same_as_cold(site)
    assert not list(site.parent.joinpath("cache").glob("result-*.pickle"))
    _same_as_cold(site)


def test_a_file_added_during_a_check_stores_no_result(
    site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run = checks.run_checks

    def meanwhile(*args: object, **kwargs: object) -> checks.Report:
        write(site, "playbook/late.md", "# Late\n\n[gone](gone.md)\n")
        return run(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(checks, "run_checks", meanwhile)
    _check(site)
    assert not list(site.parent.joinpath("cache").glob("result-*.pickle"))
    monkeypatch.setattr(checks, "run_checks", run)
    assert _same_as_cold(site).exit_code == 1  # the late page's dead link


def test_the_loader_parses_the_texts_the_fingerprint_digested(site: Path) -> None:
    """What makes a file edited during a run harmless: the run reads the fingerprint's bytes."""
    settings_ = read_settings(site)
    salt = parsecache.salt_for(settings_, b"")
    inputs = resultcache.fingerprint(settings_, TODAY, salt)
    assert inputs is not None
    assert str(site / "playbook/index.md") in inputs.files
    assert str(site / "data/roadmap/fast-search.yml") in inputs.files
    edit(site, "playbook/processes/review.md", "title: Post-launch review", "title: [unclosed")
    token = yamlio.snapshot.set(inputs.files)
    try:
        during = checks.run_checks(settings_, TODAY)
    finally:
        yamlio.snapshot.reset(token)
    now = resultcache.fingerprint(settings_, TODAY, salt)
    assert now is not None
    assert now.digest != inputs.digest
    assert not any(f.path == "playbook/processes/review.md" for f in during.findings)


def test_a_damaged_result_file_is_ignored(site: Path) -> None:
    first = _check(site)
    (stored,) = site.parent.joinpath("cache").glob("result-*.pickle")
    stored.write_bytes(b"playbook-result-cache-1 not a pickle")
    assert _check(site).output == first.output
    stored.write_bytes(b"")
    assert _check(site).output == first.output


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300
) | st.sampled_from(
    [
        "---\ntitle: x\n---\n# H\n[a](b.md)\n",
        "---\nkind: process\nid: a\n---\n",
        "---\n: bad\n",
        "# Can I _really_ do it\n\n- #chat\n\n[x](#chat) [y](processes/launch.md#nothing)\n",
        "<!-- [hidden](gone.md) -->\n<div id='x'>raw</div>\n\n> [!NOTE]\n> `{{ a }}` *[b]: @c\n",
    ]
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(before=_TEXT, after=_TEXT)
def test_any_page_edit_gives_the_cold_answer(site: Path, before: str, after: str) -> None:
    page = site / "playbook/guide.md"
    page.write_text(before, encoding="utf-8", newline="")
    _same_as_cold(site)
    page.write_text(after, encoding="utf-8", newline="")
    _same_as_cold(site)


def test_the_codeowners_path_is_the_checks_one() -> None:
    assert resultcache._CODEOWNERS == codeowners.CODEOWNERS_PATH


def test_a_markdown_extension_that_cannot_load_is_reported_with_or_without_cache(
    site: Path,
) -> None:
    assert _check(site).exit_code == 0
    edit(site, "mkdocs.yml", "  - admonition\n", "  - admonition\n  - no_such_extension\n")
    cached = _same_as_cold(site)
    assert cached.exit_code == 2
    assert "no_such_extension" in cached.output


def test_installing_a_package_starts_from_empty_caches(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another Python-Markdown or PyYAML may read a page otherwise: their folder's change (pip
    adds and removes entries there) changes the salt."""
    folder = tmp_path / "lib" / "site-packages"
    folder.mkdir(parents=True)
    monkeypatch.setattr(sys, "path", [*sys.path, str(folder)])
    assert str(folder) in parsecache.installed_packages()
    before = parsecache.code_digest()
    assert parsecache.code_digest() == before
    (folder / "markdown-9.9.dist-info").mkdir()
    os.utime(folder, ns=(1, 1))  # as the new entry does, whatever the clock's resolution
    assert parsecache.code_digest() != before
