"""Filling the navigation from the model: processes by stage, templates, themes, releases.

`mkdocs.yml` names `processes/index.md` and `templates/index.md`; `expand_nav` places every
process (grouped by stage) and every template right after them, so adding a page never means
editing the navigation by hand. `mount_folders` puts a whole folder tree (an imported handbook)
where the nav names the folder (`- Handbook: handbook/`), arranged as MkDocs arranges a site
without `nav`. Works on MkDocs' plain `nav` structure, not on MkDocs objects.
"""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING, Any

from plugins.core.render import site
from plugins.core.render.text import html_escape
from plugins.core.settings import is_mount

if TYPE_CHECKING:
    from collections.abc import Iterable

    from plugins.core.model import Playbook


def _section_entries(pb: Playbook, index_uri: str) -> list[Any]:
    if index_uri == site.PROCESSES:
        entries: list[Any] = []
        vocab = pb.vocabulary
        for stage in vocab.stages:
            processes = sorted(
                (
                    p
                    for p in pb.processes.values()
                    if p.stage == stage and not vocab.is_retired(p.status)
                ),
                key=lambda p: p.title.lower(),
            )
            if processes:
                # The theme prints section titles as HTML: a label from the vocabulary is text.
                label = html_escape(vocab.label(stage))
                entries.append({label: [{p.title: p.src_uri} for p in processes]})
        return entries
    if index_uri == site.ROADMAP:
        themes = [{html_escape(t.name): site.theme_uri(t)} for t in pb.themes.values()]
        return [{"Themes": themes}] if themes else []
    if index_uri == site.RELEASES:
        return [
            site.UPCOMING,
            *({f"Release {r.version}": site.release_uri(r)} for r in pb.releases),
        ]
    templates = sorted(
        (t for t in pb.templates.values() if not pb.vocabulary.is_retired(t.status)),
        key=lambda t: t.title.lower(),
    )
    return [{t.title: t.src_uri} for t in templates]


#: Index pages after which `expand_nav` places the pages they list.
EXPANDED = (site.PROCESSES, site.TEMPLATES, site.ROADMAP, site.RELEASES)


def _target(entry: Any) -> str | None:
    if isinstance(entry, str):
        return entry
    if isinstance(entry, dict) and len(entry) == 1:
        (value,) = entry.values()
        return value if isinstance(value, str) else None
    return None


def expand_nav(nav: Any, pb: Playbook) -> Any:
    """A copy of `nav` with processes, templates, roadmap themes and releases placed after their
    index pages, and the maturity page (when the playbook has a maturity model) after the KPIs.

    Pages the nav already lists are not added twice.
    """
    listed = _listed(nav)

    def walk(items: list[Any]) -> list[Any]:
        out: list[Any] = []
        for entry in items:
            if isinstance(entry, dict) and len(entry) == 1:
                ((title, value),) = entry.items()
                entry = {title: walk(value) if isinstance(value, list) else value}
            out.append(entry)
            target = _target(entry)
            if target in EXPANDED:
                out.extend(_without(_section_entries(pb, target), listed))
            elif target == site.KPIS and pb.maturity is not None:
                out.extend(_without([site.MATURITY], listed))  # the model follows the KPIs
        return out

    return walk(nav) if isinstance(nav, list) else nav


def _listed(nav: Any) -> set[str]:
    found: set[str] = set()
    stack = [nav]
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            found.add(node)
        elif isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            stack.extend(node.values())
    return found


def _without(entries: list[Any], listed: set[str]) -> list[Any]:
    out: list[Any] = []
    for entry in entries:
        if isinstance(entry, str):
            if entry not in listed:
                out.append(entry)
            continue
        ((title, value),) = entry.items()
        if isinstance(value, list):
            kept = _without(value, listed)
            if kept:
                out.append({title: kept})
        elif value not in listed:
            out.append(entry)
    return out


# ---- Folder mounts ---------------------------------------------------------------------------


def mount_prefix(folder: str) -> str:
    """`./handbook/` and `handbook/` both mean the pages whose address starts `handbook/`."""
    return posixpath.normpath(folder.lstrip("/")).strip("/") + "/"


def dirname_to_title(name: str) -> str:
    """A section title from a folder name, as MkDocs titles folders in a nav of its own."""
    title = name.replace("-", " ").replace("_", " ")
    return title.capitalize() if title.lower() == title else title


def _sort_key(uri: str) -> tuple[tuple[str, ...], bool, str]:
    """MkDocs' order of files: a folder's index page first, its subfolders last."""
    parts = tuple(uri.split("/"))
    return parts[:-1], posixpath.splitext(parts[-1])[0] not in ("index", "README"), parts[-1]


def mounted(folder: str, pages: Iterable[str]) -> list[Any]:
    """The nav entries of every page under `folder`, nested by subfolder like MkDocs' own nav."""
    prefix = mount_prefix(folder)
    tree: list[Any] = []
    for uri in sorted((p for p in pages if p.startswith(prefix)), key=_sort_key):
        branch = tree
        for part in uri[len(prefix) :].split("/")[:-1]:
            title = dirname_to_title(part)
            for node in branch:
                if isinstance(node, dict) and title in node:
                    branch = node[title]
                    break
            else:
                section: list[Any] = []
                branch.append({title: section})
                branch = section
        branch.append(uri)
    return tree


def mount_folders(nav: Any, pages: Iterable[str]) -> Any:
    """A copy of `nav` with each folder it names (`- Handbook: handbook/`, or `- handbook/`)
    replaced by that folder's pages. A folder without pages is left out (the checks report it)."""
    uris = sorted(pages)

    def walk(items: list[Any]) -> list[Any]:
        out: list[Any] = []
        for entry in items:
            if is_mount(entry):
                children = mounted(entry, uris)
                if children:
                    out.append(
                        {
                            dirname_to_title(
                                mount_prefix(entry).rstrip("/").rsplit("/", 1)[-1]
                            ): children
                        }
                    )
                continue
            if isinstance(entry, dict) and len(entry) == 1:
                ((title, value),) = entry.items()
                if is_mount(value):
                    children = mounted(value, uris)
                    if children:
                        out.append({title: children})
                    continue
                if isinstance(value, list):
                    entry = {title: walk(value)}
            out.append(entry)
        return out

    return walk(nav) if isinstance(nav, list) else nav
