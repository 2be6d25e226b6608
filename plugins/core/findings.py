"""Findings: what a check reports, as data.

A finding names a file, a line and a column, a rule, a severity, a message that states the rule and
the offending value, and a hint that says how to fix it. Checks return findings; they never print
or raise. The CLI and the MkDocs plugin format the same findings in the same words.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping


class Severity(enum.IntEnum):
    """How much a finding matters. `IGNORE` drops it."""

    IGNORE = 0
    INFO = 1
    WARNING = 2
    ERROR = 3

    @classmethod
    def parse(cls, text: str) -> Severity:
        """Read `error`, `warn`/`warning`, `info` or `ignore`/`off`."""
        value = _SEVERITY_NAMES.get(text.strip().lower())
        if value is None:
            expected = ", ".join(sorted(_SEVERITY_NAMES))
            raise ValueError(f"unknown severity {text!r}; expected one of: {expected}")
        return value

    @property
    def word(self) -> str:
        return self.name.lower()


_SEVERITY_NAMES = {
    "error": Severity.ERROR,
    "warn": Severity.WARNING,
    "warning": Severity.WARNING,
    "info": Severity.INFO,
    "ignore": Severity.IGNORE,
    "off": Severity.IGNORE,
}


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in a file of the repository: path relative to the repository root, 1-based."""

    path: str
    line: int = 1
    col: int = 1

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in the playbook."""

    location: Location
    rule: str
    severity: Severity
    message: str
    hint: str = ""

    @property
    def path(self) -> str:
        return self.location.path

    @property
    def line(self) -> int:
        return self.location.line

    def format(self) -> str:
        """`path:line:col: RULE message`, the one wording used everywhere."""
        return f"{self.location}: {self.rule} {self.message}"

    def sort_key(self) -> tuple[str, int, int, str, str]:
        loc = self.location
        return (loc.path, loc.line, loc.col, self.rule, self.message)


def apply_severities(
    findings: Iterable[Finding], overrides: Mapping[str, Severity]
) -> list[Finding]:
    """Apply per-rule severity settings, drop ignored findings, sort by place."""
    out = []
    for finding in findings:
        severity = overrides.get(finding.rule, finding.severity)
        if severity is Severity.IGNORE:
            continue
        if severity is not finding.severity:
            finding = replace(finding, severity=severity)
        out.append(finding)
    out.sort(key=Finding.sort_key)
    return out


def count_by_severity(findings: Iterable[Finding]) -> dict[Severity, int]:
    counts = dict.fromkeys((Severity.ERROR, Severity.WARNING, Severity.INFO), 0)
    for finding in findings:
        counts[finding.severity] = counts.get(finding.severity, 0) + 1
    return counts
