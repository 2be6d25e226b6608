"""Release files and unreleased entries, as every release-note importer writes them."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import yaml

from plugins.core import vocabulary as v
from plugins.core.importers.common import Output, dump_yaml, schema_line, slug

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Callable, Iterable, Sequence
    from pathlib import Path

RELEASES_DIR = "releases"
POOL_DIR = "releases/unreleased"
VERSION = re.compile(v.VERSION_PATTERN)


@dataclass(frozen=True, slots=True)
class Entry:
    type: str
    text: str
    #: Where it came from (for the summary and for ordering).
    source: str
    line: int


@dataclass(frozen=True, slots=True)
class Target:
    """Where imported release data goes and how entries are described."""

    root: Path
    data_dir: str
    entry_types: tuple[str, ...]
    audience: str
    label: Callable[[str], str] = v.label

    def rel(self, *parts: str) -> str:
        return "/".join((self.data_dir, *parts))


def order_entries(entries: Iterable[Entry], entry_types: Sequence[str]) -> list[Entry]:
    """Entries grouped by type in the vocabulary's display order, source order within a type."""
    rank = {t: i for i, t in enumerate(entry_types)}
    return sorted(entries, key=lambda e: rank.get(e.type, len(rank)))


def counts_summary(entries: Sequence[Entry], target: Target) -> str:
    """A factual headline when the source has none: what kinds of change the release holds."""
    counts: dict[str, int] = {}
    for entry in order_entries(entries, target.entry_types):
        counts[entry.type] = counts.get(entry.type, 0) + 1
    parts = [f"{target.label(t)}: {n}" for t, n in counts.items()]
    return f"{len(entries)} change{'s' if len(entries) != 1 else ''} ({', '.join(parts)})."


def release_output(
    target: Target, version: str, date: dt.date, summary: str, entries: Sequence[Entry]
) -> Output:
    rel = target.rel(RELEASES_DIR, f"{version}.yml")
    data: dict[str, Any] = {
        "version": version,
        "date": date,
        "summary": summary,
        "entries": [
            {"type": e.type, "text": e.text, "items": [], "audience": [target.audience]}
            for e in order_entries(entries, target.entry_types)
        ],
    }
    return Output(rel, dump_yaml(data, schema_line(rel, "release")), f"release {version}")


def pool_outputs(target: Target, entries: Iterable[tuple[str, Entry]]) -> list[Output]:
    """One unreleased file per entry, named after `stem` (slugged), never clashing with a file
    of other content, so a second import finds its own files again."""
    out: list[Output] = []
    used: set[str] = set()
    for stem, entry in entries:
        data = {"type": entry.type, "text": entry.text, "items": [], "audience": [target.audience]}
        base = slug(stem) or "entry"
        n = 1
        while True:
            name = base if n == 1 else f"{base}-{n}"
            rel = target.rel(POOL_DIR, f"{name}.yml")
            content = dump_yaml(data, schema_line(rel, "release-entry"))
            path = target.root / rel
            if name not in used and (not path.exists() or _same(path, content)):
                break
            n += 1
        used.add(name)
        out.append(Output(rel, content, f"unreleased {entry.type} entry"))
    return out


def _same(path: Path, content: bytes) -> bool:
    try:
        return path.read_bytes() == content
    except OSError:
        return False


def released_texts(target: Target) -> dict[str, str]:
    """Text of every entry already in a release file -> that file, so that an entry imported into
    the pool and since cut into a release is not imported a second time."""
    out: dict[str, str] = {}
    directory = target.root / target.data_dir / RELEASES_DIR
    for path in sorted(directory.glob("*.yml")) if directory.is_dir() else []:
        try:
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.CSafeLoader)
        except (OSError, UnicodeDecodeError, yaml.YAMLError):
            continue
        entries = data.get("entries") if isinstance(data, dict) else None
        for entry in entries if isinstance(entries, list) else []:
            if isinstance(entry, dict) and isinstance(entry.get("text"), str):
                out.setdefault(entry["text"], f"{target.data_dir}/{RELEASES_DIR}/{path.name}")
    return out
