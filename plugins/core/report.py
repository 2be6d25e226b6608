"""Formatting findings for people and machines. One wording everywhere:
`path:line:col: RULE message`, then the hint.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from typing import TYPE_CHECKING, Any

from plugins.core.findings import Finding, Severity, count_by_severity
from plugins.core.rules import CATALOGUE

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable, Sequence

#: GitHub shows at most 10 annotations of one type per step.
GITHUB_ANNOTATIONS_PER_TYPE = 10
_GITHUB_LEVEL = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "notice"}


def finding_text(finding: Finding, *, hint: bool = True) -> str:
    """`path:line:col: RULE message`, and on the next line `    fix: hint`."""
    text = finding.format()
    if hint and finding.hint:
        text += f"\n    fix: {finding.hint}"
    return text


def prioritise(findings: Iterable[Finding], changed: set[str] | None) -> list[Finding]:
    """Findings in changed files first (then by place), errors before warnings within each."""

    def key(f: Finding) -> tuple[int, int, tuple[str, int, int, str, str]]:
        return (0 if changed is None or f.path in changed else 1, -f.severity, f.sort_key())

    return sorted(findings, key=key)


def summary_line(findings: Sequence[Finding]) -> str:
    counts = count_by_severity(findings)
    files = len({f.path for f in findings})
    if not findings:
        return "No problems found."
    parts = []
    for severity, word in (
        (Severity.ERROR, "error"),
        (Severity.WARNING, "warning"),
        (Severity.INFO, "note"),
    ):
        n = counts[severity]
        if n:
            parts.append(f"{n} {word}{'' if n == 1 else 's'}")
    return f"Found {', '.join(parts)} in {files} file{'' if files == 1 else 's'}."


#: A problem of one shape found this many times or more is printed as one group.
GROUP_AT = 5
#: The locations a group prints in full.
GROUP_SHOWN = 3
#: How to see every finding of a group.
SEE_ALL = "`playbook check --no-group` lists each one; `--format json` keeps every finding"

# Quoted values, numbers and list positions: what differs between findings of one shape.
_VARYING = re.compile(r"'[^']*'|\"[^\"]*\"|`[^`]*`|\d+")


def shape(finding: Finding) -> tuple[str, Severity, str]:
    """What findings of one systematic defect share: rule, severity and message without the
    values (`'teams[…].members[…]' must be … ; found …`)."""
    return finding.rule, finding.severity, _VARYING.sub("…", finding.message)


def grouped(findings: Sequence[Finding], at: int = GROUP_AT) -> list[tuple[Finding, ...]]:
    """The findings in order, those of a shape found `at` times or more gathered into one group
    at the place of its first finding; every other finding alone."""
    by_shape: dict[tuple[str, Severity, str], list[Finding]] = defaultdict(list)
    for finding in findings:
        by_shape[shape(finding)].append(finding)
    out: list[tuple[Finding, ...]] = []
    placed: set[tuple[str, Severity, str]] = set()
    for finding in findings:
        key = shape(finding)
        members = by_shape[key]
        if len(members) < at:
            out.append((finding,))
        elif key not in placed:
            placed.add(key)
            out.append(tuple(members))
    return out


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def group_text(group: Sequence[Finding], label: str | None = None) -> str:
    """A group of findings of one shape: how many, where, the first few in full, one fix and how
    to see them all. A group of one is the finding itself with its hint."""
    first = group[0]
    label = label or first.severity.word
    if len(group) == 1:
        text = f"{first.format()} [{label}]"
        return text + (f"\n    fix: {first.hint}" if first.hint else "")
    files = _plural(len({f.path for f in group}), "file")
    count = _plural(len(group), "finding")
    lines = [f"{first.rule} [{label}] {count} of one kind in {files}:"]
    lines.extend(f"  {f.format()}" for f in group[:GROUP_SHOWN])
    hidden = len(group) - GROUP_SHOWN
    if hidden > 0:
        lines.append(f"  ... and {hidden} more like these ({SEE_ALL}).")
    hints = {f.hint for f in group}
    if first.hint:
        lines.append(
            f"    fix: {first.hint}" + ("" if len(hints) == 1 else " (and likewise for each)")
        )
    return "\n".join(lines)


def as_text(
    findings: Sequence[Finding],
    style: Callable[[str, Severity], str] | None = None,
    *,
    group: bool = True,
) -> str:
    """File by file, each finding with its hint, then a summary line. With `group`, a problem
    found many times over (one shape, `GROUP_AT` times or more) is one group: its count, the
    first few locations and one fix."""
    paint = style or (lambda text, _severity: text)
    units = grouped(findings) if group else [(f,) for f in findings]
    out: list[str] = []
    previous: str | None = None
    for unit in units:
        path = unit[0].path if len(unit) == 1 else None
        if out and (path is None or path != previous):
            out.append("")
        out.append(group_text(unit, paint(unit[0].severity.word, unit[0].severity)))
        previous = path
    if out:
        out.append("")
    out.append(summary_line(findings))
    return "\n".join(out) + "\n"


def _escape_property(value: str) -> str:
    return (
        value.replace("%", "%25")
        .replace("\r", "%0D")
        .replace("\n", "%0A")
        .replace(":", "%3A")
        .replace(",", "%2C")
    )


def _escape_data(value: str) -> str:
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def as_github(findings: Sequence[Finding], changed: set[str] | None = None) -> tuple[str, str]:
    """Workflow commands for the most relevant findings, and a Markdown step summary of all.

    GitHub shows only 10 annotations of a type per step, so findings in the pull request's changed
    files go first; the summary lists everything.
    """
    lines = []
    shown: dict[str, int] = defaultdict(int)
    for finding in prioritise(findings, changed):
        level = _GITHUB_LEVEL[finding.severity]
        if shown[level] >= GITHUB_ANNOTATIONS_PER_TYPE:
            continue
        shown[level] += 1
        loc = finding.location
        props = f"file={_escape_property(loc.path)},line={loc.line},col={loc.col},title={_escape_property(finding.rule)}"
        message = finding.message + (f"\nFix: {finding.hint}" if finding.hint else "")
        lines.append(f"::{level} {props}::{_escape_data(message)}")
    hidden = len(findings) - sum(shown.values())
    if hidden > 0:
        lines.append(f"::notice::{hidden} more finding(s) are listed in the job summary.")
    return "\n".join(lines) + ("\n" if lines else ""), as_markdown(findings, changed)


def as_markdown(findings: Sequence[Finding], changed: set[str] | None = None) -> str:
    out = ["## Playbook check", "", summary_line(findings), ""]
    if findings:
        out += ["| Where | Rule | Severity | Problem | Fix |", "|---|---|---|---|---|"]
        for f in prioritise(findings, changed):
            cells = [f"`{f.location}`", f.rule, f.severity.word, f.message, f.hint]
            out.append(
                "| " + " | ".join(c.replace("|", "\\|").replace("\n", " ") for c in cells) + " |"
            )
    return "\n".join(out) + "\n"


def as_json(findings: Sequence[Finding]) -> str:
    data = {
        "summary": {s.word: n for s, n in count_by_severity(findings).items()},
        "findings": [
            {
                "path": f.path,
                "line": f.line,
                "column": f.location.col,
                "rule": f.rule,
                "name": CATALOGUE[f.rule].name if f.rule in CATALOGUE else f.rule,
                "severity": f.severity.word,
                "message": f.message,
                "hint": f.hint,
            }
            for f in findings
        ],
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def as_sarif(findings: Sequence[Finding], version: str = "0") -> str:
    """SARIF 2.1.0, for code-scanning dashboards."""
    levels = {Severity.ERROR: "error", Severity.WARNING: "warning", Severity.INFO: "note"}
    rules: list[dict[str, Any]] = [
        {
            "id": rule.id,
            "name": rule.name,
            "shortDescription": {"text": rule.summary},
            "help": {"text": rule.hint},
            "defaultConfiguration": {"level": levels.get(rule.severity, "warning")},
        }
        for rule in CATALOGUE.values()
    ]
    results = [
        {
            "ruleId": f.rule,
            "level": levels[f.severity],
            "message": {"text": f.message + (f" Fix: {f.hint}" if f.hint else "")},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": f.path},
                        "region": {"startLine": f.line, "startColumn": f.location.col},
                    }
                }
            ],
        }
        for f in findings
    ]
    sarif = {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [
            {
                "tool": {"driver": {"name": "playbook", "version": version, "rules": rules}},
                "results": results,
            }
        ],
    }
    return json.dumps(sarif, indent=2) + "\n"
