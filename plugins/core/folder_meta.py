"""Front-matter defaults per folder: the `.meta.yml` convention of Material for MkDocs' meta plugin.

A `.meta.yml` in a folder of the docs holds front matter for every page below it, so a whole
imported folder can get an owner, a status or a review interval without touching each page.
Nearer folders win over farther ones and a page's own front matter wins over all; as in Material
(strategy "typesafe additive"), mappings are merged key by key, lists are joined (farthest first)
and other values are replaced; a list where a text was (or the reverse) is a finding.

The checks see the merged front matter, and every finding about a value points at the file and
line that value came from: a `.meta.yml` or the page (`LayeredMarks`).
"""

from __future__ import annotations

import copy
import posixpath
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from plugins.core import rules
from plugins.core.findings import Finding, Location
from plugins.core.yamlio import IsoDate, Marks, parse_yaml, read_text, standard_values

if TYPE_CHECKING:
    from collections.abc import Iterable
    from pathlib import Path

    from plugins.core.yamlio import KeyPath

#: The file name, as Material's meta plugin has it by default (`meta_file`).
META_FILE = ".meta.yml"


@dataclass(frozen=True, slots=True)
class FolderMeta:
    """One `.meta.yml`: the folder it applies to (`""` for the docs root, else `"a/b/"`), its
    values and their positions."""

    folder: str
    values: dict[str, Any]
    marks: Marks


def folder_of(src_uri: str) -> str:
    """The folder key of a page: `""` for the docs root, else its directory with a slash."""
    directory = posixpath.dirname(src_uri)
    return f"{directory}/" if directory else ""


def load_folder_meta(
    paths: Iterable[Path], docs: Path, docs_rel: str
) -> tuple[dict[str, FolderMeta], list[Finding]]:
    """The `.meta.yml` files `paths` (found under `docs` by the page walk), by folder key."""
    found: dict[str, FolderMeta] = {}
    findings: list[Finding] = []
    for path in paths:
        folder = path.parent.relative_to(docs).as_posix()
        folder = "" if folder == "." else f"{folder}/"
        rel = f"{docs_rel}/{folder}{META_FILE}"
        text, problems = read_text(path, rel)
        findings.extend(problems)
        if text is None:
            continue
        parsed = parse_yaml(text, rel, empty_ok=True)
        findings.extend(parsed.findings)
        if parsed.value is None:
            continue
        if not isinstance(parsed.value, dict):
            findings.append(
                rules.BAD_FOLDER_META.at(
                    Location(rel, 1, 1),
                    f"{META_FILE} must be a mapping of front-matter keys to values, like a page's "
                    "front matter",
                )
            )
            continue
        found[folder] = FolderMeta(folder, parsed.value, parsed.marks)
    return found, findings


def chain(metas: dict[str, FolderMeta], folder: str) -> tuple[FolderMeta, ...]:
    """The `.meta.yml` files that apply to pages of `folder`, farthest (the docs root) first."""
    keys = [""]
    parts = folder.rstrip("/").split("/") if folder else []
    keys += ["/".join(parts[: i + 1]) + "/" for i in range(len(parts))]
    return tuple(metas[key] for key in keys if key in metas)


# ---- Merging with provenance -------------------------------------------------------------------


@dataclass(slots=True)
class LayeredMarks(Marks):
    """Positions in front matter merged from several files: each key path is located in the file
    its value came from (a `.meta.yml` or the page itself)."""

    #: Merged key path -> (the marks of the file it came from, its key path there).
    sources: dict[KeyPath, tuple[Marks, KeyPath]] = field(default_factory=dict)
    layers: tuple[Marks, ...] = ()

    def at(self, key_path: KeyPath, *, key: bool = False) -> Location:
        probe = key_path
        while probe:
            source = self.sources.get(probe)
            if source is not None:
                marks, there = source
                return marks.at(there, key=key and probe == key_path)
            probe = probe[:-1]
        return Location(self.path, 1, 1) if self.text is None else Marks.at(self, ())

    def implicit(self, key_path: KeyPath) -> str | None:
        source = self.sources.get(key_path)
        return source[0].implicit(source[1]) if source else None

    def release(self) -> None:
        for layer in self.layers:
            layer.release()
        self.sources = {}
        Marks.release(self)


def merged(
    chain_: tuple[FolderMeta, ...], own: dict[str, Any], own_marks: Marks
) -> tuple[dict[str, Any], LayeredMarks, list[Finding]]:
    """A page's front matter with its folders' defaults under it, where each value came from,
    and the conflicts (a default and a page value of different kinds: the nearer one is kept)."""
    value: dict[str, Any] = {}
    sources: dict[KeyPath, tuple[Marks, KeyPath]] = {}
    findings: list[Finding] = []
    for values, marks in (*((m.values, m.marks) for m in chain_), (own, own_marks)):
        _merge_into(value, values, marks, (), sources, findings)
    layered = LayeredMarks(
        own_marks.path,
        own_marks.text,
        own_marks.offset,
        _dates(value),
        sources=sources,
        layers=(*(m.marks for m in chain_), own_marks),
    )
    return value, layered, findings


def _merge_into(
    target: dict[str, Any],
    values: dict[str, Any],
    marks: Marks,
    base: KeyPath,
    sources: dict[KeyPath, tuple[Marks, KeyPath]],
    findings: list[Finding],
) -> None:
    for key, new in values.items():
        path = (*base, key)
        old = target.get(key)
        if isinstance(old, dict) and isinstance(new, dict):
            _merge_into(old, new, marks, path, sources, findings)
            continue
        if isinstance(old, list) and isinstance(new, list):
            start = len(old)
            old.extend(copy.deepcopy(new))
            for index, item in enumerate(new):
                _record(sources, (*path, start + index), marks, (*path, index), item)
            continue
        if old is not None and new is not None and _kind(old) != _kind(new):
            other = sources.get(path, (marks, path))[0].at(sources.get(path, (marks, path))[1])
            findings.append(
                rules.BAD_FOLDER_META.at(
                    marks.at(path),
                    f"'{'.'.join(str(k) for k in path)}' is {_kind(new)} here but {_kind(old)} "
                    f"in {other.path}:{other.line}; the two cannot be merged (this one is used)",
                    "Write both as lists (they are then joined) or both as single values.",
                )
            )
        for stale in [p for p in sources if p[: len(path)] == path]:
            del sources[stale]
        target[key] = copy.deepcopy(new)
        _record(sources, path, marks, path, new)


def _record(
    sources: dict[KeyPath, tuple[Marks, KeyPath]],
    path: KeyPath,
    marks: Marks,
    there: KeyPath,
    value: Any,
) -> None:
    sources[path] = (marks, there)
    if isinstance(value, dict):
        for key, child in value.items():
            _record(sources, (*path, key), marks, (*there, key), child)
    elif isinstance(value, list):
        for index, child in enumerate(value):
            _record(sources, (*path, index), marks, (*there, index), child)


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "a single value"


def _dates(value: Any, base: KeyPath = ()) -> list[KeyPath]:
    """Key paths of the unquoted dates in a merged value (`Marks.dates` of the merge)."""
    out: list[KeyPath] = []
    items = (
        value.items()
        if isinstance(value, dict)
        else enumerate(value)
        if isinstance(value, list)
        else ()
    )
    for key, child in items:
        path = (*base, key)
        if isinstance(child, IsoDate):
            out.append(path)
        else:
            out.extend(_dates(child, path))
    return out


def standard_defaults(chain_: tuple[FolderMeta, ...]) -> dict[str, Any]:
    """The defaults of a chain as a standard YAML loader reads them (dates as dates), merged:
    what a site builder merges each page's own front matter onto (`merge_values`)."""
    value: dict[str, Any] = {}
    for meta in chain_:
        layer = copy.deepcopy(meta.values)
        standard_values(layer, _dates(layer))
        merge_values(value, layer)
    return value


def merge_values(target: dict[str, Any], values: dict[str, Any]) -> dict[str, Any]:
    """`values` merged onto `target` in place (mappings key by key, lists joined, other values
    replaced; on a conflict of kinds the new value is kept), as the build merges front matter."""
    for key, new in values.items():
        old = target.get(key)
        if isinstance(old, dict) and isinstance(new, dict):
            merge_values(old, new)
        elif isinstance(old, list) and isinstance(new, list):
            old.extend(copy.deepcopy(new))
        else:
            target[key] = copy.deepcopy(new)
    return target
