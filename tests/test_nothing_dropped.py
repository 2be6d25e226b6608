"""Nothing is ever dropped in silence: data the playbook does not read, cannot use or must not
read is reported, each with one finding naming the file."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

import pytest
from helpers import check, commit_all, edit, mkdocs_build, write

from plugins.cli.main import main
from plugins.core.render.reference import rules_page

if TYPE_CHECKING:
    from pathlib import Path


# ---- YAML files where nothing reads them -------------------------------------------------------


def test_yaml_files_in_data_subfolders_are_reported(minimal: Path) -> None:
    item = (minimal / "data/roadmap/offline-mode.yml").read_text(encoding="utf-8")
    write(minimal, "data/roadmap/2027/offline-mode-two.yml", item.replace("offline-mode", "x"))
    write(minimal, "data/roadmap/old/broken.yml", "id: [unclosed\n")
    write(minimal, "data/releases/2025/0.9.0.yml", "version: 0.9.0\n")
    write(minimal, "data/releases/unreleased/team-a/entry.yml", "type: fix\n")
    write(minimal, "data/team/extra.yaml", "teams: []\n")
    write(minimal, "data/roadmap/notes/readme.md", "not YAML: not reported\n")
    report = check(minimal)
    unread = {f.path: f.message for f in report.findings if f.rule == "PB106"}
    roadmap = "roadmap items are read from roadmap/ itself, not from its subfolders"
    why = {
        "data/releases/2025/0.9.0.yml": "releases are read from releases/ itself, not from its"
        " subfolders",
        "data/releases/unreleased/team-a/entry.yml": "upcoming entries are read from"
        " releases/unreleased/ itself, not from its subfolders",
        "data/roadmap/2027/offline-mode-two.yml": roadmap,
        "data/roadmap/old/broken.yml": roadmap,
        "data/team/extra.yaml": "the playbook reads no folder 'team' in the data directory",
    }
    assert unread == {path: f"{path} is not read: {reason}" for path, reason in why.items()}
    assert {f.rule for f in report.findings} == {"PB106"}  # one finding each, nothing else
    hint = next(f.hint for f in report.findings if f.path.startswith("data/roadmap/2027"))
    assert hint.startswith("Move it to data/roadmap/,")


def test_an_unread_file_fails_the_check(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(minimal, "data/roadmap/q3/fast-search.yml", "id: [broken\n")
    assert main(["check", "--root", str(minimal), "--today", "2026-11-23"]) == 1
    assert "data/roadmap/q3/fast-search.yml:1:1: PB106" in capsys.readouterr().out


# ---- Whitespace-only text ----------------------------------------------------------------------


@pytest.mark.parametrize("blank", ['"   "', '"\\t \\n"', '" \\n  "', '"\\u3000"'])
def test_whitespace_only_text_is_an_error(minimal: Path, blank: str) -> None:
    edit(
        minimal,
        "data/roadmap/offline-mode.yml",
        "summary: Work without a signal.",
        f"summary: {blank}",
    )
    findings = check(minimal).findings
    assert [(f.rule, f.path, f.line, f.message) for f in findings] == [
        ("PB113", "data/roadmap/offline-mode.yml", 3, "'summary' holds only whitespace")
    ]


def test_whitespace_only_release_entry_is_an_error(minimal: Path) -> None:
    edit(
        minimal,
        "data/releases/unreleased/saved-filters.yml",
        "text: Save a filter and reuse it with `Ctrl+K`.",
        "text: '  '",
    )
    assert [(f.rule, f.message) for f in check(minimal).findings] == [
        ("PB113", "'text' holds only whitespace")
    ]


# ---- Symbolic links out of the repository ------------------------------------------------------


def test_links_out_of_the_repository_are_refused(minimal: Path, tmp_path: Path) -> None:
    secret = tmp_path / "outside" / "secret.md"
    write(tmp_path, "outside/secret.md", "# Secret\n\nSECRET-TOKEN-42\n")
    write(tmp_path, "outside/item.yml", "id: [broken YAML that must not be read\n")
    (minimal / "playbook/secret.md").symlink_to(secret)
    (minimal / "playbook/outside-folder").symlink_to(secret.parent, target_is_directory=True)
    (minimal / "data/roadmap/item.yml").symlink_to(tmp_path / "outside/item.yml")
    (minimal / "data/teams.yml").rename(minimal / "teams.yml")
    (minimal / "data/teams.yml").symlink_to(minimal / "teams.yml")  # inside: fine
    findings = check(minimal).findings
    assert sorted((f.rule, f.path) for f in findings) == [
        ("PB107", "data/roadmap/item.yml"),
        ("PB107", "playbook/outside-folder"),
        ("PB107", "playbook/secret.md"),
    ]
    message = next(f.message for f in findings if f.path == "playbook/secret.md")
    assert message == (
        f"playbook/secret.md is a link to {secret.resolve()}, outside the repository; it is not read"
    )


def test_a_folder_meta_file_linked_from_outside_is_refused(minimal: Path, tmp_path: Path) -> None:
    """A `.meta.yml` is hidden, but it is read: one out of the repository is refused like a page,
    and its values (an owner no team has) never reach the checks."""
    write(tmp_path, "outside/.meta.yml", "owner: nobody-from-outside\nreview_every: 1\n")
    write(minimal, "playbook/handbook/guide.md", "# Guide\n\nSee the [home](../index.md).\n")
    (minimal / "playbook/handbook/.meta.yml").symlink_to(tmp_path / "outside/.meta.yml")
    findings = check(minimal).findings
    assert [(f.rule, f.path) for f in findings if f.rule == "PB107"] == [
        ("PB107", "playbook/handbook/.meta.yml")
    ]
    assert not [f for f in findings if "nobody-from-outside" in f.message]


def test_a_link_out_of_the_repository_is_reported_once(minimal: Path, tmp_path: Path) -> None:
    """Pages and folder defaults are found by one walk: a linked folder is one finding."""
    write(tmp_path, "outside/notes/.meta.yml", "owner: product\n")
    write(tmp_path, "outside/notes/page.md", "# Page\n")
    (minimal / "playbook/notes").symlink_to(tmp_path / "outside/notes", target_is_directory=True)
    assert [(f.rule, f.path) for f in check(minimal).findings] == [("PB107", "playbook/notes")]


@pytest.mark.build
def test_a_link_out_of_the_repository_is_never_published(minimal: Path, tmp_path: Path) -> None:
    write(tmp_path, "outside/secret.md", "# Secret\n\nSECRET-TOKEN-42\n")
    (minimal / "playbook/secret.md").symlink_to(tmp_path / "outside/secret.md")
    commit_all(minimal)
    result = mkdocs_build(minimal, tmp_path / "site", strict=False)
    assert result.returncode != 0
    assert "PB107" in result.stderr
    built = tmp_path / "site"
    leaked = [p for p in built.rglob("*") if p.is_file() and b"SECRET-TOKEN" in p.read_bytes()]
    assert leaked == []


@pytest.mark.build
def test_the_theme_installed_outside_the_repository_is_published(
    minimal: Path, tmp_path: Path
) -> None:
    """The theme's own files live wherever Material is installed (a virtual environment outside
    the repository, typically): they are not links out of the repository."""
    commit_all(minimal)
    result = mkdocs_build(minimal, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    assets = tmp_path / "site" / "assets"
    assert list(assets.glob("stylesheets/main.*.min.css"))
    assert list(assets.glob("javascripts/bundle.*.min.js"))


# ---- Stale roadmap data ------------------------------------------------------------------------


def test_stale_roadmap_data_is_flagged_once_per_item(minimal: Path) -> None:
    # offline-mode: proposed, target 2027-09-30 (quarter 2027-Q3); today is 2026-11-23.
    edit(minimal, "data/roadmap/offline-mode.yml", "quarter: 2027-Q3", "quarter: 2026-Q2")
    text = (minimal / "data/roadmap/offline-mode.yml").read_text(encoding="utf-8")
    target = next(line for line in text.splitlines() if line.startswith("target:"))
    edit(minimal, "data/roadmap/offline-mode.yml", target, "target: 2026-06-30")
    findings = [f for f in check(minimal).findings if f.rule == "PB412"]
    assert [(f.path, f.message, f.hint) for f in findings] == [
        (
            "data/roadmap/offline-mode.yml",
            "roadmap item 'offline-mode' is proposed but its target 2026-06-30 passed 146 day(s) ago",
            "Move the target (and quarter) to a realistic date, or set the status to what happened.",
        )
    ]


def test_a_shipped_item_with_a_future_target_and_a_far_horizon_is_one_finding(
    minimal: Path,
) -> None:
    path = minimal / "data/roadmap/offline-mode.yml"
    text = path.read_text(encoding="utf-8")
    assert "status: proposed" in text
    assert "horizon: later" in text
    write(
        minimal,
        "data/roadmap/offline-mode.yml",
        text.replace("status: proposed", "status: shipped"),
    )
    write(
        minimal,
        "data/releases/unreleased/offline.yml",
        "type: feature\ntext: Works offline.\nitems: [offline-mode]\naudience: [users]\n",
    )
    findings = [f for f in check(minimal).findings if f.rule == "PB412"]
    assert [(f.message, f.hint) for f in findings] == [
        (
            (
                "roadmap item 'offline-mode' is shipped but its target 2027-08-01 is in the"
                " future and its horizon is 'later'"
            ),
            "Set `target:` to the day it shipped (and `quarter:` to match) and set `horizon: now`.",
        )
    ]
    assert (
        findings[0].line
        == text.splitlines().index(
            next(line for line in text.splitlines() if line.startswith("target:"))
        )
        + 1
    )


def test_the_stale_roadmap_rule_is_on_the_rules_page() -> None:
    page = rules_page()
    assert "PB412" in page
    assert "stale-roadmap" in page


# ---- A file that cannot be used never vanishes silently ----------------------------------------


def _over_long_entry(minimal: Path) -> None:
    path = minimal / "data/releases/1.1.0.yml"
    text = path.read_text(encoding="utf-8")
    first = next(line for line in text.splitlines() if line.strip().startswith("text:"))
    indent = first[: len(first) - len(first.lstrip())]
    edit(minimal, "data/releases/1.1.0.yml", first, f"{indent}text: {'x' * 2100}")


def test_a_release_made_unusable_under_lowered_severities_still_fails(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _over_long_entry(minimal)
    # With default severities: the PB113 error itself, and no second finding about it.
    assert [f.rule for f in check(minimal).findings if f.path == "data/releases/1.1.0.yml"] == [
        "PB113"
    ]
    # Lowered to a warning (as in `mkdocs.yml`): the release would vanish from the site.
    args = ["check", "--root", str(minimal), "--today", "2026-11-23", "--rule", "PB113=warn"]
    assert main(args) == 1
    out = capsys.readouterr().out
    assert "data/releases/1.1.0.yml:1:1: PB108 release 1.1.0" in out
    assert "is left out of the site: the problems that make it unusable are set below error" in out
    # Even with PB108 itself set to ignore, it stays an error.
    assert main([*args, "--rule", "PB108=ignore"]) == 1


def test_every_kind_of_unusable_data_is_reported_when_its_problems_are_ignored(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _over_long_entry(minimal)
    edit(minimal, "data/roadmap/offline-mode.yml", "title: Offline mode", "title: '  '")
    edit(
        minimal,
        "data/releases/unreleased/saved-filters.yml",
        "text: Save a filter and reuse it with `Ctrl+K`.",
        "text: ''",
    )
    args = ["check", "--root", str(minimal), "--today", "2026-11-23", "--format", "json"]
    assert main([*args, "--rule", "PB113=ignore"]) == 1
    found = json.loads(capsys.readouterr().out)["findings"]
    assert sorted((f["rule"], f["path"]) for f in found if f["rule"] == "PB108") == [
        ("PB108", "data/releases/1.1.0.yml"),
        ("PB108", "data/releases/unreleased/saved-filters.yml"),
        ("PB108", "data/roadmap/offline-mode.yml"),
    ]
