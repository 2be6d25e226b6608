"""The `playbook` command: exit codes, output formats, authoring and its refusals."""

from __future__ import annotations

import json
import subprocess
from typing import TYPE_CHECKING

import pytest
import yaml
from helpers import edit, write

from plugins.cli.main import main

if TYPE_CHECKING:
    from pathlib import Path

TODAY = ["--today", "2026-11-23"]


def snapshot(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


# ---- check ------------------------------------------------------------------------------------


def test_clean_playbook_exits_zero(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli(capsys, "check", "--root", str(minimal), *TODAY) == (0, "No problems found.\n", "")


def test_error_exits_one_with_path_line_and_fix(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(minimal, "playbook/processes/launch.md", "owner: ops", "owner: opz")
    code, out, _ = cli(capsys, "check", "--root", str(minimal), *TODAY)
    assert code == 1
    assert out.splitlines() == [
        "playbook/processes/launch.md:6:8: PB301 'owner' names unknown team 'opz'; did you mean 'ops'? [error]",
        "    fix: Use an existing id (the message suggests the closest one) or add the missing definition.",
        "",
        "Found 1 error in 1 file.",
    ]


def test_warnings_fail_only_with_strict(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(minimal, "data/roadmap/saved-filters.yml", "target: 2026-12-15", "target: 2026-11-15")
    assert cli(capsys, "check", "--root", str(minimal), *TODAY)[0] == 0
    assert cli(capsys, "check", "--root", str(minimal), "--strict", *TODAY)[0] == 1
    assert (
        cli(capsys, "check", "--root", str(minimal), "--strict", "--rule", "PB406=ignore", *TODAY)[
            0
        ]
        == 0
    )


def test_severity_from_mkdocs_yml_applies_to_the_cli(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(minimal, "data/roadmap/saved-filters.yml", "target: 2026-12-15", "target: 2026-11-15")
    edit(
        minimal,
        "mkdocs.yml",
        "  - playbook-checks\n",
        "  - playbook-checks:\n      rules:\n        PB406: error\n",
    )
    code, out, _ = cli(capsys, "check", "--root", str(minimal), *TODAY)
    assert code == 1
    assert "[error]" in out


def test_usage_errors_exit_two(
    minimal: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert cli(capsys, "check", "--root", str(minimal), "--rule", "PB999=error")[0] == 2
    assert cli(capsys, "check", "--root", str(minimal), "--format", "xml")[0] == 2
    code, _, err = cli(capsys, "check", "--root", str(tmp_path))
    assert code == 2
    assert "no mkdocs.yml" in err


def test_github_format_annotates_and_writes_the_step_summary(
    minimal: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    for n in range(12):
        write(
            minimal,
            f"data/roadmap/extra-{n}.yml",
            (minimal / "data/roadmap/offline-mode.yml")
            .read_text()
            .replace("offline-mode", f"extra-{n}")
            .replace("owner: core", "owner: nobody"),
        )
    code, out, _ = cli(capsys, "check", "--root", str(minimal), "--format", "github", *TODAY)
    assert code == 1
    errors = [line for line in out.splitlines() if line.startswith("::error ")]
    assert len(errors) == 10  # GitHub shows no more than 10 per type and step
    assert errors[0].startswith("::error file=data/roadmap/extra-0.yml,line=8,col=8,title=PB301::")
    assert "::notice::2 more finding(s) are listed in the job summary." in out
    assert summary.read_text().count("| `data/roadmap/extra-") == 12


def test_json_and_sarif(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(minimal, "playbook/processes/launch.md", "stage: launch", "stage: lunch")
    _, out, _ = cli(capsys, "check", "--root", str(minimal), "--format", "json", *TODAY)
    data = json.loads(out)
    assert data["findings"][0] | {"message": ""} == {
        "path": "playbook/processes/launch.md",
        "line": 8,
        "column": 8,
        "rule": "PB113",
        "name": "bad-value",
        "severity": "error",
        "message": "",
        "hint": "Change it to 'launch'.",
    }
    _, out, _ = cli(capsys, "check", "--root", str(minimal), "--format", "sarif", *TODAY)
    sarif = json.loads(out)
    result = sarif["runs"][0]["results"][0]
    assert result["ruleId"] == "PB113"
    assert result["locations"][0]["physicalLocation"]["region"] == {
        "startLine": 8,
        "startColumn": 8,
    }


def git(root: Path, *args: str) -> None:
    subprocess.run(["git", *args], cwd=root, check=True, capture_output=True)


def test_base_puts_changed_files_first(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(minimal, "data/roadmap/saved-filters.yml", "target: 2026-12-15", "target: 2026-11-15")
    git(minimal, "init", "-q", "-b", "main")
    git(minimal, "-c", "user.name=T", "-c", "user.email=t@e", "add", "-A")
    git(minimal, "-c", "user.name=T", "-c", "user.email=t@e", "commit", "-qm", "base")
    edit(minimal, "playbook/processes/review.md", "owner: ops", "owner: opz")
    _, out, _ = cli(capsys, "check", "--root", str(minimal), "--base", "main", *TODAY)
    assert out.splitlines()[0].startswith("playbook/processes/review.md:6:8: PB301")
    _, out, _ = cli(
        capsys, "check", "--root", str(minimal), "--base", "main", "--only-changed", *TODAY
    )
    assert "saved-filters" not in out
    code, _, err = cli(capsys, "check", "--root", str(minimal), "--base", "nope", *TODAY)
    assert code == 2
    assert "unknown git revision 'nope'" in err


# ---- release ----------------------------------------------------------------------------------


def test_release_entry_adds_a_new_file(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = [
        "release",
        "entry",
        "--root",
        str(minimal),
        "--type",
        "fix",
        "--text",
        "Filters keep their order",
        "--audience",
        "users",
    ]
    assert cli(capsys, *args)[0] == 0
    assert cli(capsys, *args)[0] == 0  # same text again: a second file, never an overwrite
    pool = sorted(p.name for p in (minimal / "data/releases/unreleased").iterdir())
    assert pool == [
        "filters-keep-their-order-2.yml",
        "filters-keep-their-order.yml",
        "saved-filters.yml",
    ]
    entry = yaml.safe_load(
        (minimal / "data/releases/unreleased/filters-keep-their-order.yml").read_text()
    )
    assert entry == {
        "type": "fix",
        "text": "Filters keep their order",
        "items": [],
        "audience": ["users"],
    }
    assert cli(capsys, "check", "--root", str(minimal), *TODAY)[0] == 0


def test_release_entry_refuses_an_unknown_item(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = snapshot(minimal)
    code, _, err = cli(
        capsys,
        "release",
        "entry",
        "--root",
        str(minimal),
        "--type",
        "fix",
        "--text",
        "x",
        "--item",
        "saved-filter",
    )
    assert code == 2
    assert "no roadmap item has the id 'saved-filter'; did you mean 'saved-filters'?" in err
    assert snapshot(minimal) == before


def test_release_cut_moves_every_entry_and_ships_items(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(
        capsys,
        "release",
        "cut",
        "1.2.0",
        "--root",
        str(minimal),
        "--date",
        "2026-11-20",
        "--summary",
        "Saved filters",
        *TODAY,
    )
    assert code == 0, out
    release = yaml.safe_load((minimal / "data/releases/1.2.0.yml").read_text())
    assert release["version"] == "1.2.0"
    assert [e["items"] for e in release["entries"]] == [["saved-filters"]]
    assert list((minimal / "data/releases/unreleased").iterdir()) == []
    assert "status: shipped" in (minimal / "data/roadmap/saved-filters.yml").read_text()
    assert cli(capsys, "check", "--root", str(minimal), *TODAY)[0] == 0


def test_cut_brings_shipped_items_target_quarter_and_horizon_up_to_date(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An item planned for next quarter ships early: after the cut it no longer says it is to
    come (no PB412), each changed line keeps its comment, and no other line changes."""
    item = minimal / "data/roadmap/saved-filters.yml"
    before = (
        item.read_text(encoding="utf-8")
        .replace("horizon: now", "horizon: next  # moved up in review")
        .replace("quarter: 2026-Q4", "quarter: '2027-Q1'")
        .replace("target: 2026-12-15", "target: 2027-02-26  # beta first")
    )
    item.write_text(before, encoding="utf-8")
    args = ("release", "cut", "1.2.0", "--root", str(minimal), "--summary", "Saved filters")
    code, out, _ = cli(capsys, *args, "--date", "2026-11-20", *TODAY)
    assert code == 0, out
    after = item.read_text(encoding="utf-8")
    changed = [
        (old, new)
        for old, new in zip(before.splitlines(), after.splitlines(), strict=True)
        if old != new
    ]
    assert changed == [
        ("status: in-progress", "status: shipped"),
        ("horizon: next  # moved up in review", "horizon: now  # moved up in review"),
        ("quarter: '2027-Q1'", "quarter: 2026-Q4"),
        ("target: 2027-02-26  # beta first", "target: 2026-11-20  # beta first"),
    ]
    assert cli(capsys, "check", "--root", str(minimal), "--strict", *TODAY)[0] == 0


@pytest.mark.parametrize(
    ("version", "date", "message"),
    [
        ("1.1.0", "2026-11-20", "release 1.1.0 already exists"),
        ("1.0.5", "2026-11-20", "version 1.0.5 is not greater than the latest release, 1.1.0"),
        ("1.2", "2026-11-20", "version must be MAJOR.MINOR.PATCH"),
        ("1.2.0", "2026-08-01", "date 2026-08-01 is before the latest release (1.1.0, 2026-09-02)"),
        ("1.2.0", "2026-12-24", "the release date 2026-12-24 is in the future"),
    ],
)
def test_refused_cut_leaves_every_file_untouched(
    minimal: Path, capsys: pytest.CaptureFixture[str], version: str, date: str, message: str
) -> None:
    before = snapshot(minimal)
    code, _, err = cli(
        capsys,
        "release",
        "cut",
        version,
        "--root",
        str(minimal),
        "--date",
        date,
        "--summary",
        "x",
        *TODAY,
    )
    assert code == 2
    assert message in err
    assert snapshot(minimal) == before


def test_cut_refuses_a_broken_pool(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(
        minimal, "data/releases/unreleased/bad.yml", "type: feat\ntext: x\naudience: [everyone]\n"
    )
    before = snapshot(minimal)
    code, _, err = cli(
        capsys,
        "release",
        "cut",
        "1.2.0",
        "--root",
        str(minimal),
        "--date",
        "2026-11-20",
        "--summary",
        "x",
        *TODAY,
    )
    assert code == 2
    assert "data/releases/unreleased/bad.yml:1:7: PB113" in err
    assert snapshot(minimal) == before


# ---- new --------------------------------------------------------------------------------------


def test_new_process_passes_check_except_the_text_to_write(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = cli(
        capsys,
        "new",
        "process",
        "--root",
        str(minimal),
        "--title",
        "Incident review",
        "--owner",
        "ops",
        "--stage",
        "operate",
        *TODAY,
    )
    assert code == 0
    assert out.startswith("Created playbook/processes/incident-review.md")
    code, out, _ = cli(capsys, "check", "--root", str(minimal), *TODAY)
    assert code == 0
    rules = {line.split()[1] for line in out.splitlines() if line.startswith("playbook/")}
    assert rules == {"PB115"}
    assert cli(capsys, "check", "--root", str(minimal), "--strict", *TODAY)[0] == 1


def test_new_never_overwrites(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    before = (minimal / "playbook/processes/launch.md").read_bytes()
    code, out, _ = cli(
        capsys,
        "new",
        "process",
        "--root",
        str(minimal),
        "--title",
        "Launch",
        "--owner",
        "ops",
        *TODAY,
    )
    assert code == 0
    assert "Created playbook/processes/launch-2.md" in out  # 'launch' is taken
    assert (minimal / "playbook/processes/launch.md").read_bytes() == before


def test_new_roadmap_item_and_template(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        cli(
            capsys,
            "new",
            "roadmap-item",
            "--root",
            str(minimal),
            "--title",
            "Bulk edit",
            "--theme",
            "essentials",
            "--owner",
            "core",
            *TODAY,
        )[0]
        == 0
    )
    item = yaml.safe_load((minimal / "data/roadmap/bulk-edit.yml").read_text())
    assert (item["id"], item["status"], item["quarter"], str(item["target"])) == (
        "bulk-edit",
        "proposed",
        "2026-Q4",
        "2026-12-31",
    )
    assert (
        cli(
            capsys,
            "new",
            "template",
            "--root",
            str(minimal),
            "--title",
            "Incident report",
            "--owner",
            "ops",
            *TODAY,
        )[0]
        == 0
    )
    code, out, _ = cli(capsys, "check", "--root", str(minimal), *TODAY)
    assert code == 0
    assert {line.split()[1] for line in out.splitlines() if ": PB" in line} == {"PB115"}


def test_new_refuses_unknown_owner(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(
        capsys,
        "new",
        "roadmap-item",
        "--root",
        str(minimal),
        "--title",
        "X",
        "--theme",
        "essentials",
        "--owner",
        "cor",
        *TODAY,
    )
    assert code == 2
    assert "no team has the id 'cor'; did you mean 'core'?" in err
