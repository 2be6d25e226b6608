"""The site's `markdown_extensions` as settings: which extensions, their options, and whether the
page scanner's fast path can decide pages under them.

Kept apart from `plugins.core.pagescan` so that reading the settings imports neither
Python-Markdown nor the model (`playbook check` answering from its result cache needs neither).
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Mapping

#: MkDocs always adds these extensions to the configured ones.
BUILTIN_EXTENSIONS = ("toc", "tables", "fenced_code")
#: Extensions whose effect on headings, ids and links the fast path can decide (on the pages it
#: accepts). With any other extension configured, every page is parsed by Python-Markdown.
_FAST_SAFE = frozenset(
    {
        "abbr",
        "admonition",
        "attr_list",
        "def_list",
        "fenced_code",
        "footnotes",
        "md_in_html",
        "nl2br",
        "sane_lists",
        "tables",
        "toc",
        "pymdownx.betterem",
        "pymdownx.caret",
        "pymdownx.details",
        "pymdownx.emoji",
        "pymdownx.highlight",
        "pymdownx.inlinehilite",
        "pymdownx.keys",
        "pymdownx.mark",
        "pymdownx.quotes",
        "pymdownx.superfences",
        "pymdownx.tabbed",
        "pymdownx.tasklist",
        "pymdownx.tilde",
    }
)


@dataclass(frozen=True, slots=True)
class PyRef:
    """A `!!python/name:` or `!!python/object/apply:` value of mkdocs.yml (a custom `toc`
    slugify, say), resolved the way MkDocs resolves it when the parser is built."""

    name: str
    apply: bool = False
    args: tuple[Any, ...] = ()
    kwds: Mapping[str, Any] = field(default_factory=dict)

    def resolve(self) -> Any:
        module, _, attr = self.name.rpartition(".")
        target = getattr(importlib.import_module(module), attr)
        if not self.apply:
            return target
        return target(*(resolve_refs(a) for a in self.args), **resolve_refs(dict(self.kwds)))


def resolve_refs(value: Any) -> Any:
    """`value` with every `PyRef` in it resolved."""
    if isinstance(value, PyRef):
        return value.resolve()
    if isinstance(value, dict):
        return {k: resolve_refs(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return type(value)(resolve_refs(v) for v in value)
    return value


class MarkdownConfigError(ValueError):
    """`markdown_extensions` names an extension or a setting that cannot be used."""


@dataclass(frozen=True, slots=True)
class MarkdownConfig:
    """The site's Markdown: extension names (or instances) and each one's settings, as MkDocs
    passes them to Python-Markdown."""

    extensions: tuple[Any, ...] = BUILTIN_EXTENSIONS
    configs: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    @classmethod
    def from_yaml(cls, value: Any) -> MarkdownConfig:
        """From mkdocs.yml's `markdown_extensions` (a list of names or one-key mappings, or a
        mapping), with MkDocs' built-in extensions first."""
        names: list[str] = list(BUILTIN_EXTENSIONS)
        configs: dict[str, Mapping[str, Any]] = {}
        items: list[Any]
        if value is None:
            items = []
        elif isinstance(value, dict):
            items = [{k: v} for k, v in value.items()]
        elif isinstance(value, list):
            items = value
        else:
            raise MarkdownConfigError("markdown_extensions must be a list of extension names")
        for item in items:
            if isinstance(item, str):
                name, options = item, None
            elif isinstance(item, dict) and len(item) == 1:
                name, options = next(iter(item.items()))
            else:
                raise MarkdownConfigError(f"markdown_extensions: cannot read the entry {item!r}")
            name = str(name)
            if name not in names:
                names.append(name)
            if isinstance(options, dict):
                configs[name] = options
            elif options is not None:
                raise MarkdownConfigError(
                    f"markdown_extensions: settings of '{name}' must be a mapping"
                )
        return cls(tuple(names), configs)

    @property
    def fast(self) -> bool:
        """Whether the fast path can decide plain pages under these extensions."""
        return all(
            isinstance(e, str) and e.removeprefix("markdown.extensions.") in _FAST_SAFE
            for e in self.extensions
        )
