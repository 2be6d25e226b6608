"""Keep a Changelog (https://keepachangelog.com) Markdown -> releases and the unreleased pool.

`## [1.2.0] - 2026-01-05` starts a release, `## [Unreleased]` the pool; `### Added`, `Changed`,
`Deprecated`, `Removed`, `Fixed`, `Security` (or any heading the type map knows) name the kind of
change, and each top-level list item under it is one entry, kept as Markdown (continuation lines
and nested lists included). Text between a version heading and its first `###` becomes the
release summary. Reference-style links are resolved with the link definitions of the file so
that each entry stands alone; the version compare links are not imported.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from plugins.core.importers.common import ImportPlan, TypeMap, Unmapped
from plugins.core.importers.releases import (
    VERSION,
    Entry,
    Target,
    check_output,
    counts_summary,
    pool_outputs,
    release_output,
    released_texts,
    without_item_types,
)

if TYPE_CHECKING:
    from plugins.core.importers.common import Output

KNOWN_SECTIONS = ("added", "changed", "deprecated", "removed", "fixed", "security")

_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_VERSION_HEADING = re.compile(
    r"^##\s+(?:\[(?P<bracketed>[^\]]+)\](?:\([^)]*\))?|(?P<plain>[^\s\[\]()]+))"
    r"(?:\s*(?:[-–—:]\s*|\()?\s*(?P<date>\d{4}-\d{2}-\d{2})\)?)?(?P<rest>.*?)\s*#*\s*$"
)
_SECTION_HEADING = re.compile(r"^###\s+(?P<name>.+?)\s*#*\s*$")
_BULLET = re.compile(r"^(?P<indent> {0,3})(?P<marker>[-*+])(?P<space>\s+)(?P<text>.*)$")
_DEFINITION = re.compile(r"^ {0,3}\[(?P<label>[^\]]+)\]:\s*(?P<url>\S+)(?:\s+.*)?$")
_FULL_REF = re.compile(r"\[(?P<text>[^\]]+)\]\[(?P<label>[^\]]*)\]")
_SHORT_REF = re.compile(r"(?<![\]\\!])\[(?P<label>[^\]]+)\](?![\[(:])")


@dataclass(slots=True)
class _Release:
    version: str
    date: dt.date | None
    line: int
    summary: list[str] = field(default_factory=list)
    entries: list[Entry] = field(default_factory=list)


def plan_changelog(text: str, rel: str, target: Target, types: TypeMap) -> ImportPlan:
    """What importing the Keep a Changelog `text` (of the file `rel`) creates."""
    lines = text.replace("\r\n", "\n").split("\n")
    definitions = {m["label"].lower(): m["url"] for line in lines if (m := _DEFINITION.match(line))}
    unmapped: list[Unmapped] = []
    releases: list[_Release] = []
    current: _Release | None = None
    section: str | None = None  # entry type, '' when dropped, None outside a section
    section_name = ""
    entry_lines: list[str] = []
    entry_start = 0
    entry_indent = 0
    fence: str | None = None

    def finish_entry() -> None:
        nonlocal entry_lines
        if not entry_lines or current is None:
            entry_lines = []
            return
        body = "\n".join(entry_lines).strip("\n")
        entry_lines = []
        if section:
            resolved = _resolve_references(body, definitions)
            current.entries.append(Entry(section, resolved, rel, entry_start))

    for number, line in enumerate(lines, start=1):
        if fence is not None:
            if entry_lines:
                entry_lines.append(_dedent(line, entry_indent))
            if re.match(rf"^\s*{re.escape(fence[0])}{{{len(fence)},}}\s*$", line):
                fence = None
            continue
        opened = _FENCE.match(line.lstrip()) if entry_lines else _FENCE.match(line)
        if opened:
            fence = opened.group(1)
            if entry_lines:
                entry_lines.append(_dedent(line, entry_indent))
            continue
        if _DEFINITION.match(line):
            finish_entry()
            continue
        if line.startswith("## "):
            finish_entry()
            section, section_name = None, ""
            current = _version_heading(line, number, rel, unmapped)
            if current is not None:
                releases.append(current)
            continue
        if line.startswith("# "):
            finish_entry()
            current, section = None, None
            continue
        heading = _SECTION_HEADING.match(line)
        if heading:
            finish_entry()
            section_name = heading["name"]
            section = types.type_for(section_name) if current is not None else None
            if current is not None and section is None:
                unmapped.append(
                    Unmapped(
                        rel,
                        number,
                        f"section '{section_name}' maps to no entry type; its entries are not imported "
                        f"(map it with --map '{section_name.lower()}=TYPE')",
                    )
                )
                section = ""
            continue
        if current is None:
            continue
        bullet = _BULLET.match(line)
        nested = bullet is not None and entry_lines and len(bullet["indent"]) >= entry_indent
        if bullet and section is not None and not nested:
            finish_entry()
            entry_start = number
            entry_indent = len(bullet["indent"]) + 1 + len(bullet["space"])
            entry_lines = [bullet["text"]]
            continue
        if entry_lines:
            if line.strip() and not line.startswith(" ") and entry_lines[-1] == "":
                finish_entry()  # an unindented paragraph after a blank line ends the item
            else:
                entry_lines.append(_dedent(line, entry_indent))
                continue
        if section is None:
            if line.strip() or current.summary:
                current.summary.append(line)
            continue
        if line.strip() and section:
            unmapped.append(
                Unmapped(
                    rel, number, f"text outside a list item under '{section_name}' is not imported"
                )
            )
    finish_entry()
    return _plan(releases, rel, target, unmapped)


def _version_heading(line: str, number: int, rel: str, unmapped: list[Unmapped]) -> _Release | None:
    match = _VERSION_HEADING.match(line)
    version = (match["bracketed"] or match["plain"]).strip() if match else line[3:].strip()
    if version.lower() == "unreleased":
        return _Release("", None, number)
    version = version.removeprefix("v")
    if not match or not VERSION.match(version):
        unmapped.append(
            Unmapped(
                rel, number, f"'{line[3:].strip()}' is not MAJOR.MINOR.PATCH; release not imported"
            )
        )
        return None
    if not match["date"]:
        unmapped.append(
            Unmapped(rel, number, f"release {version} has no date (YYYY-MM-DD); not imported")
        )
        return None
    try:
        date = dt.date.fromisoformat(match["date"])
    except ValueError:
        unmapped.append(
            Unmapped(rel, number, f"'{match['date']}' is not a date; release not imported")
        )
        return None
    if "yanked" in match["rest"].lower():
        unmapped.append(
            Unmapped(
                rel, number, f"release {version} is marked [YANKED]; imported without the mark"
            )
        )
    return _Release(version, date, number)


def _plan(
    releases: list[_Release], rel: str, target: Target, unmapped: list[Unmapped]
) -> ImportPlan:
    outputs: list[Output] = []
    notes: list[str] = []
    seen: set[str] = set()
    pool: list[tuple[str, Entry]] = []
    already = released_texts(target)
    for release in releases:
        if release.version in seen:
            unmapped.append(
                Unmapped(
                    rel,
                    release.line,
                    f"release {release.version} appears twice; only the first is imported",
                )
            )
            continue
        seen.add(release.version)
        release.entries = without_item_types(release.entries, target, unmapped)
        if release.date is None:
            for entry in release.entries:
                if entry.text in already:
                    notes.append(
                        f"{rel}:{entry.line}: already released in {already[entry.text]}; not added to the pool"
                    )
                    continue
                pool.append((f"changelog-{entry.text[:60]}", entry))
            continue
        if not release.entries:
            unmapped.append(
                Unmapped(
                    rel, release.line, f"release {release.version} has no entries; not imported"
                )
            )
            continue
        summary = "\n".join(release.summary).strip()
        if not summary:
            summary = counts_summary(release.entries, target)
            notes.append(
                f"{rel}:{release.line}: release {release.version} has no summary text; it lists the counts"
            )
        output = release_output(target, release.version, release.date, summary, release.entries)
        check_output(output, "release", target, unmapped)
        outputs.append(output)
    outputs.extend(pool_outputs(target, pool))
    return ImportPlan(tuple(outputs), tuple(sorted(unmapped)), tuple(notes))


def _dedent(line: str, indent: int) -> str:
    stripped = len(line) - len(line.lstrip(" "))
    return line[min(stripped, indent) :]


def _resolve_references(text: str, definitions: dict[str, str]) -> str:
    """`[text][label]` and `[label]` -> inline links, where the file defines `label`."""

    def full(match: re.Match[str]) -> str:
        label = (match["label"] or match["text"]).lower()
        url = definitions.get(label)
        return f"[{match['text']}]({url})" if url else match.group(0)

    def short(match: re.Match[str]) -> str:
        url = definitions.get(match["label"].lower())
        return f"[{match['label']}]({url})" if url else match.group(0)

    return _SHORT_REF.sub(short, _FULL_REF.sub(full, text))
