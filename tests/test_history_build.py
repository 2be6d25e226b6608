"""Git history as readers see it, built from real temporary repositories with the sample site."""

from __future__ import annotations

import gc
import os
import re
import subprocess
from typing import TYPE_CHECKING

import pytest
from helpers import edit, mkdocs_build

if TYPE_CHECKING:
    from pathlib import Path

pytestmark = pytest.mark.build


def git(
    root: Path, *args: str, author: str = "Zoë Ångström", date: str = "2026-09-01T10:00:00+00:00"
) -> None:
    env = {**os.environ, "GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date}
    subprocess.run(
        ["git", "-c", f"user.name={author}", "-c", "user.email=z@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
        env=env,
    )


@pytest.fixture
def repo(minimal: Path) -> Path:
    git(minimal, "init", "-q", "-b", "main")
    git(minimal, "add", "-A")
    git(minimal, "commit", "-qm", "Start the playbook", date="2026-09-01T10:00:00+00:00")
    edit(
        minimal,
        "playbook/processes/launch.md",
        "Every customer-visible change.",
        "Every customer-visible change, however small.",
    )
    edit(minimal, "data/roadmap/offline-mode.yml", "target: 2027-08-01", "target: 2027-09-01")
    edit(minimal, "data/roadmap/offline-mode.yml", "quarter: 2027-Q3", "quarter: 2027-Q3")
    git(
        minimal,
        "commit",
        "-qam",
        "Launch covers small changes; offline mode slips",
        author="José Núñez",
        date="2026-11-20T23:30:00+00:00",
    )
    return minimal


def text(path: Path) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", path.read_text(encoding="utf-8")))


def test_pages_show_last_update_contributors_and_history_link(repo: Path, tmp_path: Path) -> None:
    result = mkdocs_build(repo, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    launch = (tmp_path / "out/processes/launch/index.html").read_text(encoding="utf-8")
    # 23:30 UTC on 20 November is already the 20th in London (GMT in November)
    assert "Last updated 2026-11-20 by José Núñez · 2 contributors" in text(
        tmp_path / "out/processes/launch/index.html"
    )
    assert (
        'href="https://github.com/example/playbook/commits/main/playbook/processes/launch.md"'
        in launch
    )
    review = text(tmp_path / "out/processes/review/index.html")
    assert "Last updated 2026-09-01 by Zoë Ångström · 1 contributor" in review


def test_process_page_lists_its_change_history(repo: Path, tmp_path: Path) -> None:
    assert mkdocs_build(repo, tmp_path / "out").returncode == 0
    page = text(tmp_path / "out/processes/launch/index.html")
    assert "Change history" in page
    assert "Launch covers small changes; offline mode slips" in page
    assert "Start the playbook" in page


def test_generated_pages_take_dates_from_their_data(repo: Path, tmp_path: Path) -> None:
    assert mkdocs_build(repo, tmp_path / "out").returncode == 0
    release = text(tmp_path / "out/releases/1.1.0/index.html")
    assert "Last updated 2026-09-01 by Zoë Ångström" in release


def test_recent_changes_and_roadmap_changes(repo: Path, tmp_path: Path) -> None:
    assert mkdocs_build(repo, tmp_path / "out").returncode == 0
    recent = text(tmp_path / "out/changes/index.html")
    assert "2026-11-20" in recent
    assert (
        "Launch covers small changes; offline mode slips (José Núñez): Launch management, Offline mode"
        in recent
    )
    feed = (tmp_path / "out/changes/feed.xml").read_text(encoding="utf-8")
    assert "<title>Launch covers small changes; offline mode slips</title>" in feed
    moves = text(tmp_path / "out/roadmap/changes/index.html")
    assert "2026-11-20 Offline mode Target 2027-08-01 2027-09-01" in moves
    assert "Targets that slipped" in moves
    theme = text(tmp_path / "out/roadmap/essentials/index.html")
    assert "History of this item (1 changes)" in theme
    assert "Target slipped 1 time." in theme


def test_uncommitted_file_is_shown_as_such(repo: Path, tmp_path: Path) -> None:
    edit(
        repo, "playbook/processes/review.md", "The PM writes it.", "The PM writes it and shares it."
    )
    assert mkdocs_build(repo, tmp_path / "out").returncode == 0
    assert "changed since, not committed yet" in text(tmp_path / "out/processes/review/index.html")


def test_shallow_clone_warns_once_how_to_fix(repo: Path, tmp_path: Path) -> None:
    clone = tmp_path / "clone"
    subprocess.run(
        ["git", "clone", "-q", "--depth", "1", f"file://{repo}", str(clone)],
        check=True,
        capture_output=True,
    )
    result = mkdocs_build(clone, tmp_path / "out", strict=False)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1
    assert "shallow clone" in warnings[0]
    assert "fetch-depth: 0" in warnings[0]


def test_without_a_repository_the_site_builds_with_one_warning(
    minimal: Path, tmp_path: Path
) -> None:
    result = mkdocs_build(minimal, tmp_path / "out", strict=False)
    assert result.returncode == 0, result.stderr
    warnings = [line for line in result.stderr.splitlines() if line.startswith("WARNING")]
    assert len(warnings) == 1
    assert "not in a git repository" in warnings[0]
    assert "Last updated" not in text(tmp_path / "out/processes/launch/index.html")
    assert "History is not available" in text(tmp_path / "out/changes/index.html")


def test_serve_rebuilds_reuse_the_history_and_a_build_does_not_keep_it(
    repo: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from plugins.mkdocs_plugins.history import plugin as history

    monkeypatch.setenv("PLAYBOOK_TODAY", "2026-11-23")
    monkeypatch.chdir(repo)
    history._CACHE.clear()

    frozen: list[int] = []
    freeze = gc.freeze

    def counted_freeze() -> None:
        frozen.append(1)
        freeze()

    monkeypatch.setattr(gc, "freeze", counted_freeze)

    def run(command: str, out: str) -> None:
        config = load_config(str(repo / "mkdocs.yml"), site_dir=str(tmp_path / out))
        config.plugins.on_startup(command=command, dirty=False)
        build(config)
        config.plugins.on_shutdown()
        # The model and the pages' objects were kept from the collector during the build only:
        # after it, everything is collectable again, so serve's rebuilds do not pile up.
        assert len(frozen) == 1
        frozen.clear()
        assert gc.get_freeze_count() == 0

    run("build", "built")
    assert history._CACHE == {}  # nothing outlives a one-off build
    run("serve", "first")
    [(root, (_, index, _))] = history._CACHE.items()
    run("serve", "second")
    assert history._CACHE[root][1] is index  # HEAD did not move: the same index, not read again
    # The second build still has the whole history (the cached index is not the trimmed one).
    for out in ("built", "first", "second"):
        recent = text(tmp_path / out / "changes/index.html")
        assert "Launch covers small changes; offline mode slips (José Núñez)" in recent
        page = text(tmp_path / out / "processes/launch/index.html")
        assert "Last updated 2026-11-20 by José Núñez" in page
