"""Release files and unreleased entries, as every release-note importer writes them."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import yaml

from plugins.core import schemas
from plugins.core.importers.common import Output, Unmapped, dump_yaml, schema_line, slug
from plugins.core.vocabulary import VERSION_PATTERN
from plugins.core.yamlio import IsoDate, Marks

if TYPE_CHECKING:
    from collections.abc import Iterable, Sequence
    from pathlib import Path

    from plugins.core.vocabulary import Vocabulary

RELEASES_DIR = "releases"
POOL_DIR = "releases/unreleased"
VERSION = re.compile(VERSION_PATTERN)


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
    vocabulary: Vocabulary
    audience: str

    @property
    def entry_types(self) -> tuple[str, ...]:
        return self.vocabulary.entry_type_ids

    def label(self, entry_type: str) -> str:
        found = self.vocabulary.entry_type(entry_type)
        return found.heading if found is not None else entry_type

    def rel(self, *parts: str) -> str:
        return "/".join((self.data_dir, *parts))

    def needs_item(self, entry_type: str) -> bool:
        found = self.vocabulary.entry_type(entry_type)
        return found is not None and found.requires_item


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


def without_item_types(
    entries: Iterable[Entry], target: Target, unmapped: list[Unmapped]
) -> list[Entry]:
    """Entries whose type may stand without a roadmap item; the others are reported (an imported
    entry cites no item, and the vocabulary says this type must)."""
    kept: list[Entry] = []
    for entry in entries:
        if target.needs_item(entry.type):
            unmapped.append(
                Unmapped(
                    entry.source,
                    entry.line,
                    f"entry type '{entry.type}' must cite a roadmap item (requires_item); not imported "
                    "(map the section to another type with --map)",
                )
            )
        else:
            kept.append(entry)
    return kept


def check_output(output: Output, schema: str, target: Target, unmapped: list[Unmapped]) -> None:
    """Report (with the source's place) what `playbook check` will say about a written file."""
    data = yaml.load(output.content.decode("utf-8"), Loader=yaml.CSafeLoader)
    data = _iso_dates(data)
    findings = schemas.validate(schema, data, Marks(output.path), vocab=target.vocabulary)
    unmapped.extend(
        Unmapped(output.path, 1, f"written, but `playbook check` will report: {f.message}")
        for f in findings
    )


def _iso_dates(value: object) -> object:
    if isinstance(value, dt.date):
        return IsoDate(value.isoformat())
    if isinstance(value, dict):
        return {k: _iso_dates(v_) for k, v_ in value.items()}
    if isinstance(value, list):
        return [_iso_dates(v_) for v_ in value]
    return value


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
