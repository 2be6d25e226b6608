"""The findings baseline: today's known problems, recorded so that only new ones fail.

`playbook baseline` writes every error and warning of a check run to a file (by default
`playbook-baseline.json` next to `mkdocs.yml`). `playbook check` and the build then hold back the
findings the baseline lists and fail only on the others, and say how many known ones remain and
how many are fixed (the file can shrink: run `playbook baseline` again).

A finding is keyed by its rule, its file and a fingerprint of its message that does not depend on
where in the file it is: numbers (lines, counts of days) and "did you mean" suggestions (which
change as pages are added) are left out. Editing a file, even the offending line, keeps the key of
a finding that is still there; several findings with the same key are counted, so fixing one of
them shrinks the baseline by one, and a third one where two were known is new.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Final

from plugins.core import rules
from plugins.core.findings import Finding, Location, Severity
from plugins.core.yamlio import parse_yaml

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from pathlib import Path

FORMAT_VERSION = 1

_SUGGESTION = re.compile(r"; did you mean '.*?'\?")
_NUMBER = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


@dataclass(frozen=True, slots=True, order=True)
class Key:
    """What identifies a finding in the baseline: rule, file and fingerprint."""

    rule: str
    path: str
    fingerprint: str


def fingerprint(finding: Finding) -> str:
    """A short hash of the finding's rule and message, numbers and suggestions left out."""
    message = _NUMBER.sub("#", _SUGGESTION.sub("", finding.message))
    message = _SPACE.sub(" ", message).strip()
    return hashlib.sha256(f"{finding.rule}\0{message}".encode()).hexdigest()[:16]


def key_of(finding: Finding) -> Key:
    return Key(finding.rule, finding.path, fingerprint(finding))


def recorded(finding: Finding) -> bool:
    """Only what can fail a run is recorded: errors and warnings."""
    return finding.severity >= Severity.WARNING


@dataclass(frozen=True, slots=True)
class Baseline:
    """The known findings: how many of each key."""

    counts: dict[Key, int] = field(default_factory=dict)
    #: Each key's message when it was recorded, for people reading the file.
    messages: dict[Key, str] = field(default_factory=dict)

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True, slots=True)
class Applied:
    """Findings once the baseline is applied."""

    #: What is not in the baseline: reported as usual.
    new: list[Finding]
    #: The findings the baseline held back.
    held: list[Finding]
    #: How many recorded findings no longer occur (the baseline can shrink by as many).
    fixed: int
    #: The baseline file, relative to the project root ("" without a baseline).
    path: str = ""

    @property
    def known(self) -> int:
        return len(self.held)


#: Nothing held back: no baseline file.
NONE: Final = Applied([], [], 0)


def build(findings: Iterable[Finding]) -> Baseline:
    """The baseline of these findings (their errors and warnings)."""
    counts: Counter[Key] = Counter()
    messages: dict[Key, str] = {}
    for finding in findings:
        if not recorded(finding):
            continue
        key = key_of(finding)
        counts[key] += 1
        messages.setdefault(key, finding.message)
    return Baseline(dict(counts), messages)


def apply(findings: Sequence[Finding], baseline: Baseline, path: str = "") -> Applied:
    """Hold back the findings the baseline lists (each at most as many times as recorded)."""
    if not baseline.counts:
        return Applied(list(findings), [], 0, path)
    left = dict(baseline.counts)
    new: list[Finding] = []
    held: list[Finding] = []
    for finding in findings:
        if recorded(finding):
            key = key_of(finding)
            if left.get(key, 0) > 0:
                left[key] -= 1
                held.append(finding)
                continue
        new.append(finding)
    return Applied(new, held, sum(left.values()), path)


def dumps(baseline: Baseline) -> str:
    """The file's text: sorted, one entry per finding key, stable for review in a diff."""
    entries = [
        {
            "rule": key.rule,
            "path": key.path,
            "fingerprint": key.fingerprint,
            "count": count,
            "message": baseline.messages.get(key, ""),
        }
        for key, count in sorted(baseline.counts.items())
    ]
    data = {
        "version": FORMAT_VERSION,
        "about": "Known findings held back by `playbook check` and the build. "
        "Written by `playbook baseline`; run it again after fixing some to shrink this file.",
        "findings": entries,
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


def load(root: Path, rel: str) -> tuple[Baseline, list[Finding]]:
    """Read the baseline file (an empty baseline when there is none) and what is wrong with it."""
    path = root / rel
    if not path.is_file():
        return Baseline(), []
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return Baseline(), [_bad(rel, 1, f"the baseline cannot be read: {error}")]
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        return Baseline(), [_bad(rel, error.lineno, f"the baseline is not valid JSON: {error.msg}")]
    entries = data.get("findings") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        return Baseline(), [_bad(rel, 1, "the baseline must be an object with a 'findings' list")]
    counts: dict[Key, int] = {}
    messages: dict[Key, str] = {}
    problems: list[Finding] = []
    for index, entry in enumerate(entries):
        key = _entry_key(entry)
        if key is None:
            problems.append(
                _bad(
                    rel,
                    _line_of_entry(text, rel, index),
                    f"baseline entry {index + 1} needs 'rule', 'path' and 'fingerprint' as text "
                    "and 'count' as a positive whole number",
                )
            )
            continue
        counts[key] = counts.get(key, 0) + int(entry.get("count", 1))
        message = entry.get("message")
        if isinstance(message, str):
            messages.setdefault(key, message)
    return Baseline(counts, messages), problems


def _entry_key(entry: Any) -> Key | None:
    if not isinstance(entry, dict):
        return None
    rule, path, print_ = (entry.get(name) for name in ("rule", "path", "fingerprint"))
    count = entry.get("count", 1)
    if not (isinstance(rule, str) and isinstance(path, str) and isinstance(print_, str)):
        return None
    if not (rule and path and print_) or isinstance(count, bool) or not isinstance(count, int):
        return None
    return Key(rule, path, print_) if count >= 1 else None


def _line_of_entry(text: str, rel: str, index: int) -> int:
    """The line of the `index`-th entry of the findings list (JSON is YAML: its marks say)."""
    return parse_yaml(text, rel).marks.at(("findings", index)).line


def _bad(rel: str, line: int, message: str) -> Finding:
    return rules.BAD_BASELINE.at(Location(rel, line, 1), message)


def summary(applied: Applied) -> str:
    """What the baseline did, in one or two sentences ("" when there is none)."""
    if not applied.path or (not applied.known and not applied.fixed):
        return ""
    parts = []
    if applied.known:
        parts.append(
            f"{applied.known} known finding{'' if applied.known == 1 else 's'} held back by "
            f"the baseline ({applied.path})."
        )
    if applied.fixed:
        parts.append(
            f"{applied.fixed} baselined finding{'' if applied.fixed == 1 else 's'} no longer "
            f"occur{'s' if applied.fixed == 1 else ''}: run `playbook baseline` to shrink "
            f"{applied.path}."
        )
    return " ".join(parts)
