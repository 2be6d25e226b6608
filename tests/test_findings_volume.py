"""Findings at volume: each defect reported once, with its own fix, a full key path, and grouped
in the text output when one defect repeats hundreds of times.

Every fix hint here is applied as a user would apply it, and the check must then be clean: a hint
that does not work fails the test.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

import pytest
from helpers import check, commit_all, edit, mkdocs_build, write
from test_corpus import CASES, apply_edits

from plugins.cli.main import main
from plugins.core.settings import read_settings
from plugins.core.vocabulary import TextLimits

if TYPE_CHECKING:
    from pathlib import Path

ITEM = "data/roadmap/fast-search.yml"


def _only(root: Path) -> tuple[str, str, str]:
    findings = check(root).findings
    assert len(findings) == 1, "\n".join(f.format() for f in findings)
    (finding,) = findings
    return finding.rule, finding.message, finding.hint


# ---- One finding per missing key --------------------------------------------------------------


def test_each_missing_key_is_reported_once(minimal: Path) -> None:
    """A file missing nine required keys gets nine findings, one per key, not nine times nine."""
    write(minimal, ITEM, "id: fast-search\ntitle: Fast search\n")
    findings = check(minimal).findings
    keys = [re.search(r"missing required key '([a-z_]+)'", f.message) for f in findings]
    assert all(f.rule == "PB110" for f in findings)
    named = [m.group(1) for m in keys if m]
    assert len(named) == len(findings) == 9
    assert sorted(named) == sorted(set(named))
    assert {"owner", "status", "target", "theme"} <= set(named)
    for finding, key in zip(findings, named, strict=True):
        assert f"`{key}:`" in finding.hint


def test_missing_key_in_a_registry_item_names_the_item(minimal: Path) -> None:
    edit(minimal, "data/teams.yml", "    members: [cy]\n", "")
    rule, message, hint = _only(minimal)
    assert rule == "PB110"
    assert "missing required key 'members' in teams[1]" in message
    assert "in teams[1]" in hint


# ---- A fix per constraint, and the fix works ---------------------------------------------------


def test_handle_with_at_sign_gets_the_corrected_handle_and_full_path(minimal: Path) -> None:
    edit(minimal, "data/teams.yml", "members: [cy]", "members: ['@cy']")
    rule, message, hint = _only(minimal)
    assert rule == "PB113"
    assert message.startswith("'teams[1].members[0]' must be a GitHub handle without '@'")
    assert hint == "Write it without '@': 'cy'."
    assert "listed in the message" not in hint
    edit(minimal, "data/teams.yml", "'@cy'", "cy")
    assert check(minimal).findings == []


def test_id_pattern_proposes_the_slug(minimal: Path) -> None:
    edit(minimal, "data/teams.yml", "id: core", "id: Core Squad")
    findings = [f for f in check(minimal).findings if f.rule == "PB113"]
    assert len(findings) == 1
    assert findings[0].message.startswith("'teams[1].id' must be lowercase words joined by hyphens")
    assert findings[0].hint == "Write it in lowercase with hyphens: 'core-squad'."


def test_over_long_text_says_the_limit_the_length_and_by_how_much(minimal: Path) -> None:
    limit = TextLimits().title
    text = "Fast search " + "x" * (limit - 7)
    edit(minimal, ITEM, "title: Fast search", f"title: {text}")
    rule, message, hint = _only(minimal)
    assert rule == "PB113"
    assert message == f"'title' must be at most {limit} characters; found {len(text)}"
    assert hint.startswith(f"Shorten it by {len(text) - limit} characters, to at most {limit}")
    edit(minimal, ITEM, text, text[:limit])
    assert check(minimal).findings == []


def test_misspelt_status_proposes_the_value(minimal: Path) -> None:
    edit(minimal, ITEM, "status: shipped", "status: shiped")
    rule, message, hint = _only(minimal)
    assert (rule, hint) == ("PB113", "Change it to 'shipped'.")
    assert "must be one of:" in message
    edit(minimal, ITEM, "shiped", "shipped")
    assert check(minimal).findings == []


def test_unknown_status_lists_the_values(minimal: Path) -> None:
    edit(minimal, ITEM, "status: shipped", "status: zzz")
    rule, _message, hint = _only(minimal)
    assert (rule, hint) == ("PB113", "Use one of the values listed in the message.")


def test_impossible_date_says_the_day_does_not_exist(minimal: Path) -> None:
    edit(minimal, ITEM, "target: 2026-09-01", "target: '2026-02-30'")
    rule, message, hint = _only(minimal)
    assert rule == "PB113"
    assert "not a real calendar date" in message
    assert "day that exists" in hint


def test_repeated_list_value_names_it(minimal: Path) -> None:
    edit(minimal, "data/teams.yml", "members: [cy]", "members: [cy, cy]")
    rule, message, hint = _only(minimal)
    assert rule == "PB113"
    assert message == "'teams[1].members' lists 'cy' twice"
    assert hint == "Keep one of each: remove the repeated 'cy'."


def test_empty_required_list_says_how_many_to_add(minimal: Path) -> None:
    edit(minimal, "playbook/processes/review.md", "informed: [lead]", "informed: []")
    findings = check(minimal).findings
    bad = [f for f in findings if f.rule == "PB113"]
    assert len(bad) == 1, "\n".join(f.format() for f in findings)
    assert bad[0].message == "'raci.informed' needs at least 1 item; found 0"
    assert bad[0].hint == "Add 1 item to the list."


def test_wrong_type_says_how_to_write_a_list(minimal: Path) -> None:
    edit(minimal, ITEM, "metrics: [adoption]", "metrics: {adoption: 1}")
    rule, message, hint = _only(minimal)
    assert rule == "PB112"
    assert message == "'metrics' must be a list; found a mapping"
    assert hint.startswith("Write a list: `[a, b]`")


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("quarter: 2026-Q3", "quarter: Q3 2026", "a quarter YYYY-Qn"),
        ('channel: "#core"', "channel: core", "a channel name starting with '#'"),
    ],
)
def test_pattern_fix_is_never_the_generic_one(
    minimal: Path, old: str, new: str, words: str
) -> None:
    target = "data/teams.yml" if "channel" in old else ITEM
    edit(minimal, target, old, new)
    findings = [f for f in check(minimal).findings if f.rule == "PB113"]
    assert len(findings) == 1, "\n".join(f.format() for f in check(minimal).findings)
    assert words in findings[0].message
    assert "listed in the message" not in findings[0].hint
    assert findings[0].hint.startswith("Write ")


def test_channel_fix_works(minimal: Path) -> None:
    edit(minimal, "data/teams.yml", 'channel: "#core"', "channel: core")
    rule, _message, hint = _only(minimal)
    assert (rule, hint) == ("PB113", "Write it starting with '#': '#core'.")
    edit(minimal, "data/teams.yml", "channel: core", 'channel: "#core"')
    assert check(minimal).findings == []


def test_settings_of_the_sample_site_load(minimal: Path) -> None:
    """The sample site these tests edit is a valid playbook to begin with."""
    assert read_settings(minimal).root == minimal
    assert check(minimal).findings == []


# ---- PB202 never proposes a file name that exists ----------------------------------------------


def test_copied_item_that_kept_its_id_is_one_finding_with_a_free_name(minimal: Path) -> None:
    source = (minimal / ITEM).read_text(encoding="utf-8")
    write(minimal, "data/roadmap/fast-search copy.yml", source)
    rule, message, hint = _only(minimal)
    assert rule == "PB201"
    assert "already used by the roadmap item" in message
    assert hint == (
        "fast-search.yml already exists: set `id: fast-search-2` and rename the file to "
        "fast-search-2.yml."
    )
    (minimal / "data/roadmap/fast-search copy.yml").rename(
        minimal / "data/roadmap/fast-search-2.yml"
    )
    edit(minimal, "data/roadmap/fast-search-2.yml", "id: fast-search", "id: fast-search-2")
    assert [f.rule for f in check(minimal).findings] == ["PB403"]  # a second shipped item


def test_id_naming_another_file_proposes_the_file_name_as_id(minimal: Path) -> None:
    edit(minimal, "data/roadmap/offline-mode.yml", "id: offline-mode", "id: saved-filters")
    rule, _message, hint = _only(minimal)
    assert rule == "PB201"
    assert (
        hint == "saved-filters.yml already exists: set `id: offline-mode` to match the file name."
    )


def test_id_differing_from_a_free_file_name_proposes_both(minimal: Path) -> None:
    edit(minimal, "data/roadmap/offline-mode.yml", "id: offline-mode", "id: offline")
    rule, _message, hint = _only(minimal)
    assert rule == "PB202"
    assert (
        hint == "Rename the file to offline.yml, or set `id: offline-mode` to match the file name."
    )
    (minimal / "data/roadmap/offline-mode.yml").rename(minimal / "data/roadmap/offline.yml")
    findings = check(minimal).findings
    assert all(f.rule != "PB202" for f in findings)


def test_release_version_naming_another_release_file(minimal: Path) -> None:
    edit(minimal, "data/releases/1.0.0.yml", 'version: "1.0.0"', 'version: "1.0.1"')
    write(minimal, "data/releases/1.0.1.yml", "")
    findings = [f for f in check(minimal).findings if f.rule == "PB202"]
    assert len(findings) == 1
    assert (
        findings[0].hint
        == '1.0.1.yml already exists: set `version: "1.0.0"` to match the file name.'
    )


# ---- Cascades: one defect, one finding, in the check and in the build ---------------------------

CASCADES = [case for case in CASES if case["id"].startswith("cascade-")]


def test_invalid_roadmap_item_does_not_make_codeowners_look_stale(minimal: Path) -> None:
    assert main(["codeowners", "--root", str(minimal)]) == 0
    edit(minimal, ITEM, "status: shipped", "status: shiped")
    assert [f.rule for f in check(minimal).findings] == ["PB113"]
    edit(minimal, ITEM, "status: shiped", "status: shipped")
    assert check(minimal).findings == []
    edit(minimal, ITEM, "owner: core", "owner: ops")  # a real owner change is still noticed
    assert [f.rule for f in check(minimal).findings] == ["PB801"]


@pytest.mark.build
@pytest.mark.parametrize("case", CASCADES, ids=[case["id"] for case in CASCADES])
def test_the_build_reports_a_cascade_defect_once(
    case: dict[str, object], minimal: Path, tmp_path: Path
) -> None:
    """The MkDocs build of a playbook with one defect logs that one finding and nothing else:
    no broken-link warnings to the refused object, no nav warning, no macro error."""
    apply_edits(minimal, case["edits"])  # type: ignore[arg-type]
    commit_all(minimal)
    result = mkdocs_build(minimal, tmp_path / "out", strict=False)
    assert result.returncode == 1
    logged = [line for line in result.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))]
    ((rule, path, line),) = case["expect"]  # type: ignore[misc]
    closing = (
        "ERROR   -  Playbook checks found 1 error(s), listed above with file and line. "
        "Run `playbook check` to see them without building."
    )
    assert len(logged) == 2, result.stderr
    assert logged[1] == closing
    assert logged[0].startswith(f"ERROR   -  {path}:{line}:")
    assert f" {rule} " in logged[0]


# ---- Grouping at volume -------------------------------------------------------------------------

HANDLES = 700


def _many_bad_handles(root: Path) -> None:
    """A registry exported from another tool: 700 member handles written with '@'."""
    members = ", ".join(f"'@member-{n}'" for n in range(HANDLES))
    edit(root, "data/teams.yml", "members: [cy]", f"members: [cy, {members}]")


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(["check", *args, "--today", "2026-11-23"])
    return code, capsys.readouterr().out


def test_700_bad_handles_are_one_group_in_text_and_700_findings_elsewhere(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _many_bad_handles(minimal)
    code, out = _cli(capsys, "--root", str(minimal))
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"PB113 [error] {HANDLES} findings of one kind in 1 file:"
    shown = [line for line in lines if line.startswith("  data/teams.yml:11:")]
    assert len(shown) == 3
    assert "'teams[1].members[1]' must be a GitHub handle without '@'" in shown[0]
    assert f"... and {HANDLES - 3} more like these" in out
    assert "--no-group" in out
    assert "--format json" in out
    assert [line for line in lines if "fix:" in line] == [
        "    fix: Write it without '@': 'member-0'. (and likewise for each)"
    ]
    assert lines[-1] == f"Found {HANDLES} errors in 1 file."
    assert len(lines) < 12

    _code, out = _cli(capsys, "--root", str(minimal), "--no-group")
    assert out.count("PB113 'teams[1].members[") == HANDLES
    assert out.count("    fix: Write it without '@'") == HANDLES

    _code, out = _cli(capsys, "--root", str(minimal), "--format", "json")
    data = json.loads(out)
    assert len(data["findings"]) == HANDLES
    assert data["findings"][699]["message"].startswith("'teams[1].members[700]'")
    assert data["findings"][699]["hint"] == "Write it without '@': 'member-699'."

    _code, out = _cli(capsys, "--root", str(minimal), "--format", "sarif")
    assert len(json.loads(out)["runs"][0]["results"]) == HANDLES


def test_few_findings_of_one_kind_stay_separate(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(minimal, "data/teams.yml", "members: [cy]", "members: ['@cy', '@dee']")
    _code, out = _cli(capsys, "--root", str(minimal))
    assert "of one kind" not in out
    assert out.count("fix: Write it without '@'") == 2


def test_groups_keep_their_place_among_other_findings() -> None:
    from plugins.core.findings import Finding, Location, Severity
    from plugins.core.report import as_text, grouped

    def finding(path: str, line: int, message: str) -> Finding:
        return Finding(Location(path, line), "PB113", Severity.ERROR, message, "fix it")

    findings = [
        finding("a.yml", 1, "'x' must be y; found 'q'"),
        *(finding("b.yml", n, f"'list[{n}]' must be text; found {n}") for n in range(1, 8)),
        finding("c.yml", 1, "'x' must be y; found 'q'"),
    ]
    units = grouped(findings)
    assert [len(unit) for unit in units] == [1, 7, 1]
    text = as_text(findings)
    assert text.index("a.yml:1:1") < text.index("7 findings") < text.index("c.yml:1:1")
    assert "fix: fix it\n" in text
    assert "(and likewise" not in text
    assert as_text(findings, group=False).count("fix: fix it") == 9


@pytest.mark.build
def test_the_build_logs_a_group_once_and_counts_every_finding(
    minimal: Path, tmp_path: Path
) -> None:
    _many_bad_handles(minimal)
    commit_all(minimal)
    result = mkdocs_build(minimal, tmp_path / "out", strict=False)
    assert result.returncode == 1
    logged = [line for line in result.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))]
    assert logged == [
        f"ERROR   -  PB113 [error] {HANDLES} findings of one kind in 1 file:",
        (
            f"ERROR   -  Playbook checks found {HANDLES} error(s), listed above with file and line. "
            "Run `playbook check` to see them without building."
        ),
    ], result.stderr
    assert f"... and {HANDLES - 3} more like these" in result.stderr


@pytest.mark.build
def test_a_group_of_warnings_still_fails_the_strict_build(minimal: Path, tmp_path: Path) -> None:
    for n in range(6):
        write(minimal, f"playbook/notes-{n}.md", f"# Notes {n}\n\nScratch notes.\n")
    commit_all(minimal)
    findings = check(minimal).findings
    assert [f.rule for f in findings] == ["PB703"] * 6
    relaxed = mkdocs_build(minimal, tmp_path / "a", strict=False)
    assert relaxed.returncode == 0, relaxed.stderr
    warnings = [line for line in relaxed.stderr.splitlines() if line.startswith("WARNING")]
    grouped = [line for line in warnings if "PB703" in line]
    assert grouped == ["WARNING -  PB703 [warning] 6 findings of one kind in 6 files:"]
    strict = mkdocs_build(minimal, tmp_path / "b")
    assert strict.returncode == 1
    assert "Aborted with" in strict.stdout + strict.stderr


def test_reference_findings_in_registries_name_the_full_key_path(minimal: Path) -> None:
    edit(minimal, "data/kpis.yml", "owner: core", "owner: coer")
    rule, message, _hint = _only(minimal)
    assert rule == "PB301"
    assert message == "'kpis[1].owner' names unknown team 'coer'; did you mean 'core'?"


# ---- Hundreds of broken links, each with a fix that works --------------------------------------


def test_hundreds_of_broken_links_each_get_a_working_suggestion(minimal: Path) -> None:
    """A handbook reorganised by hand: 150 pages, each linking to a neighbour with a typo in the
    name and to a page that moved to another folder, plus links to pages that never existed.
    Every proposed link works once applied, and nothing is proposed for the ones that never
    existed (a page that merely shares a long prefix is no answer)."""
    count = 150
    for i in range(count):
        body = (
            f"# Topic {i}\n\nNext: [topic](tpoic-{(i + 1) % count}.md). "
            f"Moved: [policy](../archive/policy-{i}.md). "
            f"Never written: [draft](zz-{i}-unwritten-draft-notes.md).\n"
        )
        write(minimal, f"playbook/guide/topic-{i}.md", body)
        write(minimal, f"playbook/policies/policy-{i}.md", f"# Policy {i}\n")
    broken = [f for f in check(minimal).findings if f.rule == "PB701"]
    assert len(broken) == 3 * count
    proposals: dict[str, list[tuple[str, str]]] = {}
    for finding in broken:
        target = finding.message.split("'")[1]
        proposed = re.search(r"did you mean '([^']+)'\?$", finding.message)
        if target.startswith("zz-"):
            assert proposed is None, finding.message
            continue
        assert proposed is not None, finding.message
        proposals.setdefault(finding.path, []).append((target, proposed[1]))
    for path, pairs in proposals.items():
        for target, fixed in pairs:
            edit(minimal, path, f"({target})", f"({fixed})")
    left = [f for f in check(minimal).findings if f.rule == "PB701"]
    assert sorted(f.message.split("'")[1] for f in left) == sorted(
        f"zz-{i}-unwritten-draft-notes.md" for i in range(count)
    )
