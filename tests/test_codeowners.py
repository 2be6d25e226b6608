"""CODEOWNERS is generated from page owners and the team registry, and its staleness is a finding."""

from __future__ import annotations

import re
import shutil
from typing import TYPE_CHECKING

import pytest
from helpers import check, edit

from plugins.cli.main import main
from plugins.core.codeowners import pattern_for

if TYPE_CHECKING:
    from pathlib import Path


def test_generated_codeowners_for_the_sample_registry(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["codeowners", "--root", str(minimal)]) == 0
    lines = (minimal / ".github/CODEOWNERS").read_text().splitlines()
    rules = [line for line in lines if line and not line.startswith("#")]
    assert rules[0] == "* @ana @bo"
    assert "/plugins/ @ana @bo" in rules
    assert "/.github/ @ana @bo" in rules
    assert "/mkdocs.yml @ana @bo" in rules
    assert "/playbook/processes/launch.md @ana @bo" in rules
    assert "/playbook/templates/checklist.md @ana @bo" in rules
    assert "/data/roadmap/saved-filters.yml @cy" in rules
    assert rules[-1] == "/data/releases/ @ana @bo"
    # GitHub uses the last matching pattern: the catch-all must come first
    assert rules.index("* @ana @bo") < rules.index("/data/roadmap/saved-filters.yml @cy")


def test_out_of_date_codeowners_is_reported(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["codeowners", "--root", str(minimal)]) == 0
    assert check(minimal).findings == []
    edit(minimal, "data/roadmap/saved-filters.yml", "owner: core", "owner: ops")
    (finding,) = check(minimal).findings
    assert (finding.rule, finding.path) == ("PB801", ".github/CODEOWNERS")
    assert main(["codeowners", "--root", str(minimal), "--check"]) == 1
    assert main(["codeowners", "--root", str(minimal)]) == 0
    assert check(minimal).findings == []


@pytest.mark.parametrize(
    ("path", "pattern"),
    [
        ("/playbook/processes/on call.md", "/playbook/processes/on\\ call.md"),
        ("/playbook/a*b?.md", "/playbook/a\\*b\\?.md"),
        ("/playbook/back\\slash.md", "/playbook/back\\\\slash.md"),
        ("/playbook/[draft] notes.md", "/playbook/?draft?\\ notes.md"),
        ("/playbook/tab\there.md", "/playbook/tab?here.md"),
        ("/playbook/c#-and-été.md", "/playbook/c#-and-été.md"),
    ],
)
def test_paths_are_escaped_as_codeowners_patterns(path: str, pattern: str) -> None:
    assert pattern_for(path) == pattern


def test_a_file_name_with_a_space_makes_one_valid_line(minimal: Path) -> None:
    shutil.copy(minimal / "playbook/processes/review.md", minimal / "playbook/processes/on call.md")
    edit(minimal, "playbook/processes/on call.md", "id: review", "id: on-call")
    assert main(["codeowners", "--root", str(minimal)]) == 0
    lines = (minimal / ".github/CODEOWNERS").read_text(encoding="utf-8").splitlines()
    [line] = [line for line in lines if "on" in line and "call" in line]
    pattern, *owners = re.split(r"(?<!\\) ", line)
    assert pattern == "/playbook/processes/on\\ call.md"
    assert owners
    assert all(owner.startswith("@") for owner in owners)
    assert main(["codeowners", "--root", str(minimal), "--check"]) == 0
