"""towncrier news fragments -> the unreleased pool.

A fragment is a file `<issue>.<type>[.<counter>][.<ext>]` (`123.feature.md`,
`+orphan.bugfix.rst`): one entry of that type, its issue appended as towncrier shows it
(`(#123)`). Fragment types come from the project's towncrier configuration (`towncrier.toml`
or `[tool.towncrier]` in `pyproject.toml`, found next to or above the fragment folder), or
towncrier's defaults. reStructuredText fragments are converted to Markdown; Markdown fragments
are kept as written. Types shown without content (towncrier's `misc`) are reported, not imported.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from plugins.core.importers.common import ImportError_, ImportPlan, TypeMap, Unmapped
from plugins.core.importers.releases import (
    Entry,
    Target,
    pool_outputs,
    released_texts,
    without_item_types,
)
from plugins.core.importers.rst import rst_to_markdown

if TYPE_CHECKING:
    from pathlib import Path


@dataclass(frozen=True, slots=True)
class FragmentType:
    id: str
    show_content: bool = True


#: towncrier's own defaults when a project configures no types.
DEFAULT_TYPES = (
    FragmentType("feature"),
    FragmentType("bugfix"),
    FragmentType("doc"),
    FragmentType("removal"),
    FragmentType("misc", show_content=False),
)

_IGNORED_NAMES = frozenset({".gitignore", ".gitkeep", ".keep"})


@dataclass(frozen=True, slots=True)
class Config:
    types: tuple[FragmentType, ...] = DEFAULT_TYPES
    #: Fragments without a known extension are in this markup (from towncrier's `filename`).
    markdown: bool = False
    #: Where the configuration was read, for messages ('' for towncrier's defaults).
    source: str = ""


def find_config(directory: Path) -> Config:
    """The towncrier configuration of the project that holds `directory`."""
    for folder in (directory, *directory.parents):
        for name in ("towncrier.toml", "pyproject.toml"):
            path = folder / name
            if not path.is_file():
                continue
            try:
                data = tomllib.loads(path.read_text(encoding="utf-8"))
            except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
                raise ImportError_(f"cannot read {path}: {error}") from None
            section = data.get("tool", {}).get("towncrier")
            if section is None and name == "towncrier.toml":
                section = data.get("towncrier", data.get("tool", {}))
            if isinstance(section, dict):
                return _config(section, str(path))
        if (folder / ".git").exists():
            break
    return Config()


def _config(section: dict[str, Any], source: str) -> Config:
    types = [
        FragmentType(item["directory"], bool(item.get("showcontent", True)))
        for item in section.get("type", []) or []
        if isinstance(item, dict) and isinstance(item.get("directory"), str)
    ]
    fragments = section.get("fragment")
    if isinstance(fragments, dict):
        for key, options in fragments.items():
            show = options.get("showcontent", True) if isinstance(options, dict) else True
            types.append(FragmentType(str(key), bool(show)))
    filename = str(section.get("filename", "NEWS.rst"))
    return Config(tuple(types) or DEFAULT_TYPES, filename.lower().endswith(".md"), source)


@dataclass(frozen=True, slots=True)
class Fragment:
    issue: str
    type: str
    counter: int
    markdown: bool | None  # None: by the configuration


def parse_name(name: str, types: set[str]) -> Fragment | None:
    """towncrier's reading of a fragment file name; None when it is not a fragment."""
    parts = name.split(".")
    markdown: bool | None = None
    for _attempt in range(2):
        if len(parts) >= 2 and parts[-1] in types:
            return Fragment(".".join(parts[:-1]), parts[-1], 0, markdown)
        if len(parts) >= 3 and parts[-2] in types and parts[-1].isdigit():
            return Fragment(".".join(parts[:-2]), parts[-2], int(parts[-1]), markdown)
        if len(parts) < 3:
            return None
        extension = parts.pop().lower()
        markdown = (
            extension in {"md", "markdown"}
            if extension in {"md", "markdown", "rst", "txt"}
            else None
        )
    return None


def plan_towncrier(
    directory: Path, rel_dir: str, target: Target, types: TypeMap, config: Config
) -> ImportPlan:
    """What importing the fragments in `directory` (shown as `rel_dir`) creates."""
    if not directory.is_dir():
        raise ImportError_(f"{rel_dir} is not a folder")
    known = {t.id for t in config.types}
    shows = {t.id: t.show_content for t in config.types}
    unmapped: list[Unmapped] = []
    notes: list[str] = []
    pool: list[tuple[str, Entry]] = []
    already = released_texts(target)
    for path in sorted(p for p in directory.iterdir() if p.is_file()):
        rel = f"{rel_dir}/{path.name}"
        if path.name in _IGNORED_NAMES or path.name.lower().startswith(("readme", "template")):
            continue
        fragment = parse_name(path.name, known)
        if fragment is None:
            unmapped.append(
                Unmapped(
                    rel, 1, f"not a fragment name of a known type ({', '.join(sorted(known))})"
                )
            )
            continue
        if not shows.get(fragment.type, True):
            unmapped.append(
                Unmapped(
                    rel,
                    1,
                    f"type '{fragment.type}' shows no content in towncrier (only the issue); not imported",
                )
            )
            continue
        entry_type = types.type_for(fragment.type)
        if entry_type is None:
            unmapped.append(
                Unmapped(
                    rel,
                    1,
                    f"type '{fragment.type}' maps to no entry type (map it with --map '{fragment.type}=TYPE')",
                )
            )
            continue
        if not entry_type:
            continue
        try:
            raw = path.read_text(encoding="utf-8-sig").replace("\r\n", "\n").strip()
        except (OSError, UnicodeDecodeError) as error:
            unmapped.append(Unmapped(rel, 1, f"cannot be read: {error}"))
            continue
        if not raw:
            unmapped.append(Unmapped(rel, 1, "empty fragment; not imported"))
            continue
        markdown = config.markdown if fragment.markdown is None else fragment.markdown
        if markdown:
            text = raw
        else:
            converted = rst_to_markdown(raw)
            text = converted.markdown
            unmapped.extend(Unmapped(rel, line, reason) for line, reason in converted.problems)
        issue = "" if fragment.issue.startswith("+") else fragment.issue
        if issue:
            reference = f"(#{issue})" if issue.isdigit() else f"({issue})"
            text += f"\n\n{reference}" if "\n" in text else f" {reference}"
        if text in already:
            notes.append(f"{rel}: already released in {already[text]}; not added to the pool")
            continue
        stem = "-".join(
            p for p in (fragment.issue.lstrip("+"), fragment.type, str(fragment.counter or "")) if p
        )
        entry = Entry(entry_type, text, rel, 1)
        if without_item_types([entry], target, unmapped):
            pool.append((f"towncrier-{stem}", entry))
    if config.source:
        notes.insert(0, f"fragment types from {config.source}: {', '.join(sorted(known))}")
    return ImportPlan(tuple(pool_outputs(target, pool)), tuple(sorted(unmapped)), tuple(notes))
