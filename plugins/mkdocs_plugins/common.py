"""What both MkDocs plugins share: turning MkDocs' config into core `Settings`, and the logger."""

from __future__ import annotations

import logging
import os
from pathlib import Path
from typing import TYPE_CHECKING

from mkdocs.config.defaults import _AbsoluteLinksValidation
from mkdocs.exceptions import PluginError

from plugins.core.mdconfig import MarkdownConfig
from plugins.core.settings import (
    DEFAULT_ABSOLUTE_LINKS,
    ConfigError,
    Settings,
    nav_mounts,
    nav_pages,
    read_vocabulary,
    vocabulary_path,
)

if TYPE_CHECKING:
    from collections.abc import Mapping

    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.pages import Page

    from plugins.core.findings import Severity

#: Records under `mkdocs.*` count towards `--strict`.
log = logging.getLogger("mkdocs.plugins.playbook")


def settings_from_mkdocs(
    config: MkDocsConfig,
    *,
    data_dir: str,
    rules: Mapping[str, Severity] | None = None,
    review_grace_days: int | None = None,
    review_soon_days: int | None = None,
    vocabulary: str | None = None,
    baseline: str | None = None,
) -> Settings:
    """Settings of a build; a `PluginError` naming file and line when the vocabulary is wrong."""
    root = Path(config.config_file_path or ".").resolve().parent
    docs_dir = os.path.relpath(config.docs_dir, root)
    defaults = Settings(root=root)
    vocab_file = vocabulary_path(data_dir, vocabulary)
    try:
        vocab = read_vocabulary(root, vocab_file)
    except ConfigError as error:
        raise PluginError(str(error)) from error
    return Settings(
        root=root,
        docs_dir=Path(docs_dir).as_posix(),
        data_dir=data_dir,
        nav=tuple(nav_pages(config.nav)) if config.nav else None,
        nav_mounts=tuple(nav_mounts(config.nav)),
        rules=dict(rules or {}),
        review_grace_days=defaults.review_grace_days
        if review_grace_days is None
        else review_grace_days,
        review_soon_days=defaults.review_soon_days
        if review_soon_days is None
        else review_soon_days,
        site_url=config.site_url or "",
        repo_url=config.repo_url or "",
        edit_uri=config.edit_uri or "",
        plugins=frozenset(config.plugins),
        vocabulary=vocab,
        vocabulary_file=vocab_file,
        baseline=baseline or defaults.baseline,
        markdown=MarkdownConfig(
            tuple(config.markdown_extensions),
            {str(k): dict(v) for k, v in (config.mdx_configs or {}).items()},
        ),
        absolute_links=_absolute_links(config),
    )


def _absolute_links(config: MkDocsConfig) -> str:
    """`validation.links.absolute_links` by its name in mkdocs.yml (MkDocs keeps the level)."""
    level = config.validation.links.absolute_links
    names = {value: name for name, value in _AbsoluteLinksValidation.levels.items()}
    return names.get(level, DEFAULT_ABSOLUTE_LINKS)


class Unsearched:
    """HTML added to one page's content after Material's search has indexed it, and taken out
    again once the page is written.

    Readers see it; search never reads it; and MkDocs, which keeps every page's content until the
    build ends, does not keep it. Added in `on_page_context` (search indexes the content in its
    own, so run after it), taken back in `on_post_page`; a plugin that adds later takes back
    earlier, so that each finds the content as it left it.
    """

    __slots__ = ("_after", "_before", "_page")

    def __init__(self) -> None:
        self._page: Page | None = None
        self._before = self._after = ""

    def put(self, page: Page, html: str) -> None:
        self._page, self._before, self._after = page, page.content or "", html
        page.content = html

    def take_back(self, page: Page) -> None:
        if self._page is page and page.content is self._after:
            page.content = self._before
        self._page, self._before, self._after = None, "", ""
