"""What every importer shares: the plan, applying it without overwriting, YAML output, type maps."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from plugins.core import vocabulary as v
from plugins.core import yamlwrite

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterable, Mapping, Sequence
    from pathlib import Path


class ImportError_(Exception):
    """The source cannot be imported at all (missing folder, not a git repository...)."""


@dataclass(frozen=True, slots=True, order=True)
class Unmapped:
    """Something in the source that was not imported, or not as written, and why."""

    path: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"


@dataclass(frozen=True, slots=True)
class Output:
    """One file to create: its path relative to the project root and its exact content."""

    path: str
    content: bytes
    #: What the file is, for the summary ("release 1.2.0", "roadmap item fast-search").
    what: str


@dataclass(frozen=True, slots=True)
class ImportPlan:
    outputs: tuple[Output, ...] = ()
    unmapped: tuple[Unmapped, ...] = ()
    #: Facts the user should know that are not problems ("no prelude: summary lists the counts").
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Applied:
    """What `apply_plan` did with each output."""

    created: tuple[Output, ...] = ()
    #: Already there with exactly this content (a previous import).
    unchanged: tuple[Output, ...] = ()
    #: Already there with other content: kept as it is, never overwritten.
    kept: tuple[Output, ...] = ()


def apply_plan(root: Path, plan: ImportPlan) -> Applied:
    """Create each planned file that does not exist; leave every existing file untouched."""
    created: list[Output] = []
    unchanged: list[Output] = []
    kept: list[Output] = []
    for output in plan.outputs:
        target = root / output.path
        if target.exists() or target.is_symlink():
            same = target.is_file() and target.read_bytes() == output.content
            (unchanged if same else kept).append(output)
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            with target.open("xb") as handle:
                handle.write(output.content)
        except FileExistsError:  # created between the check and the write: still never overwrite
            kept.append(output)
            continue
        created.append(output)
    return Applied(tuple(created), tuple(unchanged), tuple(kept))


# ---- YAML output --------------------------------------------------------------------------------


def dump_yaml(data: Mapping[str, Any], schema_comment: str = "") -> bytes:
    """One YAML document for `data`, keys in the given order; reading it back gives `data`
    (written by `plugins.core.yamlwrite`, the one YAML writer)."""
    return yamlwrite.dumps(data, comment=schema_comment).encode("utf-8")


def schema_line(rel_path: str, schema: str) -> str:
    """The `yaml-language-server` comment for a data file at `rel_path` (relative to the root)."""
    depth = rel_path.count("/")
    return f"# yaml-language-server: $schema={'../' * depth}schemas/{schema}.schema.json\n"


# ---- Names --------------------------------------------------------------------------------------


def slug(text: str, max_words: int = 8) -> str:
    """An id from free text: lowercase ASCII words joined by hyphens ('' when none)."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())[:max_words]
    return "-".join(words)[: v.ID_MAX_LENGTH].strip("-")


def quarter_of(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


# ---- Entry types --------------------------------------------------------------------------------

#: For each section name used by release-note tools, the entry type ids it most likely means, in
#: order of preference. The first one the playbook's vocabulary defines is used.
SECTION_CANDIDATES: dict[str, tuple[str, ...]] = {
    # reno
    "features": ("features", "feature", "added"),
    "upgrade": ("upgrade", "upgrades", "breaking", "changed"),
    "deprecations": ("deprecations", "deprecation", "deprecated"),
    "fixes": ("fixes", "fix", "bugfix", "fixed"),
    "security": ("security",),
    "issues": ("known-issues", "issues", "known-issue"),
    "other": ("other", "improvement", "improvements", "changed", "misc"),
    "critical": ("critical", "breaking", "upgrade"),
    # towncrier
    "feature": ("feature", "features", "added"),
    "bugfix": ("bugfix", "fix", "fixes", "fixed"),
    "doc": ("doc", "docs", "documentation", "improvement", "improvements", "other"),
    "removal": ("removal", "removals", "deprecation", "deprecations", "breaking"),
    "misc": ("misc", "other"),
    # Keep a Changelog
    "added": ("added", "feature", "features"),
    "changed": ("changed", "improvement", "improvements", "other", "upgrade"),
    "deprecated": ("deprecated", "deprecation", "deprecations"),
    "removed": ("removed", "removal", "breaking", "upgrade"),
    "fixed": ("fixed", "fix", "fixes", "bugfix"),
}


@dataclass(frozen=True, slots=True)
class TypeMap:
    """Source section name -> entry type id ('' drops the section on purpose)."""

    mapping: Mapping[str, str] = field(default_factory=dict)

    def type_for(self, section: str) -> str | None:
        """The entry type for `section`; None when nothing maps it, '' when it is dropped."""
        return self.mapping.get(section.strip().lower())


def build_type_map(
    sections: Iterable[str], entry_types: Sequence[str], overrides: Mapping[str, str]
) -> TypeMap:
    """Map each source section to an entry type: explicit overrides first, then the section's own
    name when it is a type, then the first candidate the vocabulary defines."""
    mapping: dict[str, str] = {}
    known = set(entry_types)
    for section in sections:
        key = section.strip().lower()
        if key in overrides:
            continue
        key_slug = slug(key)
        candidates = (key, key_slug, *SECTION_CANDIDATES.get(key_slug, ()))
        found = next((c for c in candidates if c in known), None)
        if found is not None:
            mapping[key] = found
    for section, entry_type in overrides.items():
        mapping[section.strip().lower()] = entry_type
    return TypeMap(mapping)


def parse_overrides(pairs: Iterable[str], entry_types: Sequence[str]) -> dict[str, str]:
    """`SECTION=TYPE` pairs (TYPE empty to drop the section); raises ValueError on a bad one."""
    out: dict[str, str] = {}
    for pair in pairs:
        section, sep, entry_type = pair.partition("=")
        if not sep or not section.strip():
            raise ValueError(f"'{pair}' is not SECTION=TYPE (e.g. upgrade=breaking)")
        entry_type = entry_type.strip()
        if entry_type and entry_type not in entry_types:
            raise ValueError(
                f"'{entry_type}' in '{pair}' is not an entry type; expected one of: "
                + ", ".join(entry_types)
            )
        out[section.strip().lower()] = entry_type
    return out
