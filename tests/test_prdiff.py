"""`playbook diff`: a reviewer's summary of what a branch does, tested on a real git repository."""

from __future__ import annotations

import subprocess
from typing import TYPE_CHECKING

import pytest
from helpers import TODAY, edit, write

from plugins.cli.main import main
from plugins.core.prdiff import as_markdown, diff_against
from plugins.core.settings import read_settings

if TYPE_CHECKING:
    from pathlib import Path


def git(root: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=Ana", "-c", "user.email=ana@example.org", *args],
        cwd=root,
        check=True,
        capture_output=True,
    )


@pytest.fixture
def repo(minimal: Path) -> Path:
    git(minimal, "init", "-q", "-b", "main")
    git(minimal, "add", "-A")
    git(minimal, "commit", "-qm", "base")
    return minimal


def test_every_kind_of_change_is_summarised(repo: Path) -> None:
    # Roadmap: an item added, one removed, one moved, re-owned and re-statused
    write(
        repo,
        "data/roadmap/bulk-edit.yml",
        (repo / "data/roadmap/offline-mode.yml")
        .read_text()
        .replace("offline-mode", "bulk-edit")
        .replace("Offline mode", "Bulk edit")
        .replace("depends_on: [saved-filters]", "depends_on: []"),
    )
    (repo / "data/roadmap/offline-mode.yml").unlink()
    edit(repo, "data/roadmap/saved-filters.yml", "horizon: now", "horizon: next")
    edit(
        repo,
        "data/roadmap/saved-filters.yml",
        "quarter: 2026-Q4\nowner: core",
        "quarter: 2027-Q1\nowner: ops",
    )
    edit(repo, "data/roadmap/saved-filters.yml", "target: 2026-12-15", "target: 2027-01-20")
    edit(repo, "data/roadmap/saved-filters.yml", "status: in-progress", "status: planned")
    # Releases: an upcoming entry
    write(
        repo,
        "data/releases/unreleased/bulk.yml",
        "type: feature\ntext: Edit many jobs at once.\nitems: []\naudience: [users]\n",
    )
    # Processes: re-owned, reviewed, a section edited; a template retired; a process added
    edit(repo, "playbook/processes/review.md", "owner: ops", "owner: core")
    edit(
        repo,
        "playbook/processes/review.md",
        "last_reviewed: 2026-09-01",
        "last_reviewed: 2026-11-20",
    )
    edit(
        repo,
        "playbook/processes/review.md",
        "Compare the metric with its target.",
        "Compare the metric with its target, then decide.",
    )
    edit(
        repo,
        "playbook/processes/launch.md",
        "status: active",
        "status: deprecated\nreplaced_by: review",
    )
    write(
        repo,
        "playbook/processes/intake.md",
        (repo / "playbook/processes/review.md")
        .read_text()
        .replace("id: review", "id: intake")
        .replace("title: Post-launch review", "title: Intake"),
    )

    changes = diff_against(read_settings(repo), "main", TODAY)
    assert changes.roadmap == [
        "Added **Bulk edit** (`bulk-edit`): proposed, later, 2027-Q3, owner Core Squad",
        "Removed **Offline mode** (`offline-mode`)",
        (
            "**Saved filters** (`saved-filters`): status in-progress → **planned**; horizon now → **next**; "
            "quarter 2026-Q4 → **2027-Q1**; re-owned Core Squad → **Product Ops**"
        ),
    ]
    assert changes.releases == ["Upcoming feature: Edit many jobs at once."]
    assert changes.pages == [
        "Added process **Intake** (`intake`), owner Core Squad, active",
        "Process **Launch management** (`launch`): status active → **deprecated**",
        (
            "Process **Post-launch review** (`review`): re-owned Product Ops → **Core Squad**; "
            "reviewed 2026-11-20 (review by 2027-02-18); sections changed: Steps"
        ),
    ]
    assert changes.fixed == []
    assert (
        changes.introduced == []
    )  # a clean change: deprecated with a replacement, nothing dangling


def test_no_change(repo: Path) -> None:
    text = as_markdown(diff_against(read_settings(repo), "main", TODAY), "main")
    assert "No change to the roadmap, the releases, the processes or the findings." in text


def test_findings_introduced_and_fixed(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(repo, "data/roadmap/saved-filters.yml", "owner: core", "owner: coer")
    git(repo, "commit", "-qam", "break")
    edit(repo, "data/roadmap/saved-filters.yml", "owner: coer", "owner: core")
    edit(repo, "data/roadmap/offline-mode.yml", "theme: essentials", "theme: esentials")
    assert main(["diff", "--root", str(repo), "--base", "HEAD", "--today", "2026-11-23"]) == 0
    out = capsys.readouterr().out
    assert "### New findings (1)" in out
    assert "data/roadmap/offline-mode.yml:4:8: PB301 'theme' names unknown theme 'esentials'" in out
    assert "### Fixed findings (1)" in out
    assert "PB301` data/roadmap/saved-filters.yml: 'owner' names unknown team 'coer'" in out


def test_unknown_base_is_a_usage_error(repo: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["diff", "--root", str(repo), "--base", "no-such-branch"]) == 2
    assert "cannot read revision 'no-such-branch'" in capsys.readouterr().err
