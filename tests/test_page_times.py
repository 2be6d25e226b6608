"""`scripts/page_times.py`, the hook module the README's per-page build figures come from."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from helpers import REPO, mkdocs_build

if TYPE_CHECKING:
    from pathlib import Path


def test_a_build_with_the_hook_reports_every_page_and_the_generated_ones(minimal: Path) -> None:
    config = minimal / "mkdocs.yml"
    hook = REPO / "scripts" / "page_times.py"
    config.write_text(config.read_text(encoding="utf-8") + f"\nhooks:\n  - {hook}\n")
    pages = len(list((minimal / "playbook").rglob("*.md")))

    result = mkdocs_build(minimal, minimal / "site", strict=False)  # not a git clone: a warning

    assert result.returncode == 0, result.stderr
    totals = dict(
        re.findall(
            r"^(convert|render): [\d.]+ s over (\d+) pages, [\d.]+ s of it on", result.stdout, re.M
        )
    )
    generated = re.findall(r"on (\d+) generated pages$", result.stdout, re.M)
    # Every page is converted and rendered once: the authors' pages and the generated ones.
    assert totals["convert"] == totals["render"]
    assert int(totals["convert"]) == pages + int(generated[0])
    assert int(generated[0]) > 0
    assert re.search(r"^\s+[\d.]+ ms  (convert|render)\s+\S+\.md", result.stdout, re.M)
