"""CODEOWNERS is generated from page owners and the team registry, and its staleness is a finding."""

from __future__ import annotations

from typing import TYPE_CHECKING

from helpers import check, edit

from plugins.cli.main import main

if TYPE_CHECKING:
    from pathlib import Path

    import pytest


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
