"""Filling the navigation from the model: processes by stage, templates, themes, releases.

`mkdocs.yml` names `processes/index.md` and `templates/index.md`; `expand_nav` places every
process (grouped by stage) and every template right after them, so adding a page never means
editing the navigation by hand. Works on MkDocs' plain `nav` structure, not on MkDocs objects.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from plugins.core.render import site

if TYPE_CHECKING:
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
                entries.append({vocab.label(stage): [{p.title: p.src_uri} for p in processes]})
        return entries
    if index_uri == site.ROADMAP:
        themes = [{t.name: site.theme_uri(t)} for t in pb.themes.values()]
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
    index pages.

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
