"""One wording for findings, shared by the CLI and the build log."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from plugins.core.findings import Finding


def finding_text(finding: Finding, *, hint: bool = True) -> str:
    """`path:line:col: RULE message`, and on the next line `  fix: hint`."""
    text = finding.format()
    if hint and finding.hint:
        text += f"\n    fix: {finding.hint}"
    return text
