"""The `playbook` MkDocs plugin: loads the playbook once per build, generates the data pages as
virtual files and puts the facts header on process and template pages.

Everything it shows comes from `plugins.core`; this module only moves data between MkDocs and it.
"""

from __future__ import annotations

import copy
import dataclasses
import gc
import posixpath
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.utils.meta import YAML_RE as _MKDOCS_FRONT_MATTER

from plugins.core import parsecache
from plugins.core.folder_meta import folder_of, merge_values
from plugins.core.heap import give_back, trim_heap
from plugins.core.loader import (
    FrontMatter,
    Loaded,
    PagesRead,
    complete_scans,
    for_rendering,
    load_playbook,
    same_doc,
)
from plugins.core.nav import expand_nav, mount_folders
from plugins.core.pagescan import Collector, Scanned, scanner_for
from plugins.core.render import site
from plugins.core.render.a11y import repair_content, repair_page
from plugins.core.render.generate import generate_exports, generate_pages
from plugins.core.render.memo import Memo
from plugins.core.render.pages import (
    doc_blocks,
    doc_header,
    doc_parts,
    place_header,
    put_blocks,
)
from plugins.core.render.text import put_html_blocks
from plugins.core.settings import Settings, nav_pages, today
from plugins.core.yamlio import forget_memos
from plugins.mkdocs_plugins.common import Unsearched, log, settings_from_mkdocs
from plugins.mkdocs_plugins.content.config import ContentConfig

if TYPE_CHECKING:
    from collections.abc import Iterable

    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

    from plugins.core.model import Playbook, Process, Template
    from plugins.core.render.site import Generated

#: Markdown extensions the generated pages rely on.
REQUIRED_EXTENSIONS = ("attr_list", "md_in_html", "admonition", "pymdownx.details", "tables", "toc")
#: GitHub alerts (`> [!NOTE]`...) render as admonitions in every page, unless the site configures
#: `pymdownx.quotes` itself.
ALERTS_EXTENSION, ALERTS_CONFIG = "pymdownx.quotes", {"callouts": True}
#: Plugins known not to read a page's Markdown once every page is converted, nor its HTML once
#: the page is written. With these alone, a one-off build lets both go (`ContentPlugin.release`).
RELEASE_SAFE = frozenset(
    {
        "search",
        "material/search",
        "meta",
        "material/meta",
        "macros",
        "playbook",
        "playbook-checks",
        "playbook-history",
        "playbook-preview",
    }
)
#: Characters of released HTML after which the C heap's free pages are handed back.
TRIM_EVERY = 4_000_000


class _Export(File):
    """A feed or export (`site.EXPORTS`): listed with the site's files, so links to it resolve,
    and written by `ContentPlugin.on_post_build` instead of being copied with the static files."""

    def copy_file(self, dirty: bool = False) -> None:
        return None


class ContentPlugin(BasePlugin[ContentConfig]):
    def __init__(self) -> None:
        self.settings: Settings | None = None
        #: The settings the playbook was loaded with (`settings` then takes the site's nav).
        self.load_settings: Settings | None = None
        self.loaded: Loaded | None = None
        self.history: dict[str, str] = {}
        #: Generated page -> the HTML blocks lifted out of its Markdown, for its rendered content
        #: and for its final page (blocks search skips).
        self.blocks: dict[str, tuple[str, ...]] = {}
        self.late: dict[str, tuple[str, ...]] = {}
        self.context: site.SiteContext | None = None
        self.unsearched = Unsearched()
        #: Pages' front matter as read by the loader, handed to MkDocs as each page is read.
        self.front_matter: dict[str, FrontMatter] = {}
        self.handed: tuple[Page, dict[str, Any]] | None = None
        #: Front-matter defaults by folder (`.meta.yml`), merged under each page's own; left to
        #: Material's meta plugin when the site enables it (it reads the same files).
        self.folder_defaults: dict[str, dict[str, Any]] = {}
        #: The site's `nav` as configured, before the playbook's folders are mounted in it.
        self.nav_source: Any = None
        #: Pages are read during MkDocs' conversion (`load_playbook(..., defer_scans=True)`).
        self.defer = False
        self.collector: Collector | None = None
        self.scans: dict[str, Scanned] = {}
        #: The generated pages of the last build, by address.
        self.made: dict[str, Generated] = {}
        #: Under a live preview (`playbook-preview`): each process and template page's header
        #: and blocks as the last build made them, to tell which an edit of data changes.
        self.keep_doc_parts = False
        self.doc_parts: dict[str, tuple[str, tuple[str, str]]] = {}
        #: Under a live preview: generated pages and page headers, reused while what they are
        #: made from is equal.
        self.memo: Memo[Playbook] = Memo()
        #: Under a live preview: what the last load read of the pages, to read only the pages
        #: a save changed.
        self.pages_read: PagesRead | None = None
        #: A one-off build whose plugins are all `RELEASE_SAFE`: each page's Markdown goes once
        #: every page is converted, its HTML once it is written.
        self.release = False
        self.released = 0

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.release, self.released = False, 0
        if not self.config.enabled:
            return None
        checks = config.plugins.get("playbook-checks")
        options = checks.config if checks is not None else {}
        self.settings = settings_from_mkdocs(
            config,
            data_dir=self.config.data_dir,
            rules=getattr(checks, "severities", None),
            review_grace_days=options.get("review_grace_days"),
            review_soon_days=options.get("review_soon_days"),
            vocabulary=self.config.vocabulary,
            baseline=options.get("baseline"),
        )
        self.load_settings = self.settings
        previewing = bool(getattr(config.plugins.get("playbook-preview"), "active", False))
        self.keep_doc_parts = previewing
        self.doc_parts = {}
        self.release = not previewing and set(config.plugins) <= RELEASE_SAFE
        if not previewing and not self.release:
            log.debug(
                "Every page's Markdown and HTML is kept to the end of the build: plugins %s "
                "may read them",
                ", ".join(sorted(set(config.plugins) - RELEASE_SAFE)),
            )
        # A one-off build converts every page anyway: the checks read what they need of the
        # pages the fast path cannot read from that conversion (`Collector`), not from a second.
        checking = bool(getattr(checks, "config", {}).get("enabled", False))
        self.defer = checking and not previewing
        self.scans, self.collector = {}, None
        self.loaded = self._load(config, self.settings)
        if self.loaded.deferred:
            self.collector = Collector()
            config.markdown_extensions.append(self.collector)  # type: ignore[arg-type]
        self.front_matter = self.loaded.front_matter
        material_meta = {"meta", "material/meta"} & set(config.plugins)
        self.folder_defaults = {} if material_meta else self.loaded.folder_defaults
        self.nav_source = config.nav
        if config.nav:
            config.nav = self._nav(self.loaded)
            self.settings = dataclasses.replace(self.settings, nav=tuple(nav_pages(config.nav)))
        for name in REQUIRED_EXTENSIONS:
            if name not in config.markdown_extensions:
                config.markdown_extensions.append(name)
        if ALERTS_EXTENSION not in config.markdown_extensions:
            config.markdown_extensions.append(ALERTS_EXTENSION)
            config.mdx_configs[ALERTS_EXTENSION] = dict(ALERTS_CONFIG)
        if site.STYLESHEET not in config.extra_css:
            config.extra_css.append(site.STYLESHEET)
        scripts = [str(s) for s in config.extra_javascript]
        if site.ROADMAP_JS not in scripts:
            config.extra_javascript.append(site.ROADMAP_JS)
        return config

    def _load(
        self, config: MkDocsConfig, settings: Settings, changed: Iterable[str] | None = None
    ) -> Loaded:
        """The playbook loaded. Under `mkdocs serve`, playbook-preview keeps the parses of
        unchanged files, and what reading the pages gave: a quick rebuild (`changed`, the pages
        changed since the last load, by `src_uri`) reads only those pages again."""
        cache = getattr(config.plugins.get("playbook-preview"), "parse_cache", None)
        if not isinstance(cache, parsecache.ParseCache):
            return load_playbook(settings, keep_front_matter=True, defer_scans=self.defer)
        config_file = Path(config.config_file_path or "")
        cache.salt = parsecache.salt_for(
            settings, config_file.read_bytes() if config_file.is_file() else b""
        )
        with cache.active():
            loaded = load_playbook(
                settings,
                keep_front_matter=True,
                keep_pages_read=True,
                pages_from=self.pages_read if changed is not None else None,
                changed_pages=changed or (),
            )
        cache.next_generation()
        self.pages_read = loaded.pages_read
        return loaded

    def _nav(self, loaded: Loaded) -> Any:
        """The site's `nav` with the playbook's folders mounted (and expanded, when asked)."""
        nav = mount_folders(self.nav_source, loaded.playbook.pages)
        return expand_nav(nav, loaded.playbook) if self.config.nav_expand else nav

    def quick_data(self, config: MkDocsConfig, pages: Iterable[str]) -> DataEdit | None:
        """For a preview rebuild after an edit of data files (`playbook-preview`), and of the
        pages `pages` (their `src_uri`): the model loaded again, the generated pages that
        changed and the process and template pages whose facts or links changed; None when more
        changed (the navigation, the set of generated pages, a page's title), which only a full
        build renders exactly."""
        if not self.config.enabled or self.loaded is None or self.load_settings is None:
            return None
        if self.settings is None or self.context is None:
            return None
        loaded = self._load(config, self.load_settings, pages)
        if not self._pages_alike(loaded, None):
            return None
        new = loaded.playbook
        if self.nav_source and self._nav(loaded) != config.nav:
            return None
        self.memo.model(new)
        generated = generate_pages(new, self.context, self.settings, self.history, self.memo)
        if [g.uri for g in generated] != list(self.made):
            return None
        changed = [g for g in generated if g != self.made[g.uri]]
        if any(not g.uri.endswith(".md") for g in changed):
            return None  # an asset: copied by MkDocs with the static files
        today_, urls = today(), config.use_directory_urls
        parts: dict[str, tuple[str, tuple[str, str]]] = {}
        for uri, page in new.pages.items():
            if page.doc is not None and self.config.page_header:
                parts[uri] = self.memo.call(("doc", uri), doc_parts, page.doc, today_, urls)
        docs = [uri for uri, made in parts.items() if self.doc_parts.get(uri) != made]
        return DataEdit(loaded, changed, docs, parts)

    def quick_apply(self, edit: DataEdit, files: Files) -> None:
        """Render from the edited model from now on: `edit.generated` take their new content."""
        assert self.settings is not None
        self.loaded = edit.loaded
        self.doc_parts = edit.doc_parts
        for generated in edit.generated:
            self.made[generated.uri] = generated
            file = files.get_file_from_path(generated.uri)
            assert file is not None
            file.content_string = str(generated.content)
            if generated.source:
                file.edit_uri = posixpath.relpath(generated.source, self.settings.docs_dir)
            self.blocks.pop(generated.uri, None)
            self.late.pop(generated.uri, None)
            if generated.blocks:
                self.blocks[generated.uri] = generated.blocks
            if generated.late:
                self.late[generated.uri] = generated.late

    def quick_exports(self, config: MkDocsConfig) -> None:
        """After a preview rebuild from an edited model: slim it as a build does, and write the
        feeds and exports again."""
        if self.loaded is not None and self.context is not None:
            self.loaded = for_rendering(self.loaded)
            _write_exports(Path(config.site_dir), self.loaded, self.context)

    def quick_reload(self, config: MkDocsConfig, changed: Iterable[str]) -> Loaded | None:
        """The playbook loaded again after the text of the pages `changed` (their `src_uri`)
        was edited, for the checks; None when the edit changed what any page is rendered from
        (a page's title, a process's or template's front matter, the pages themselves), which
        only a full build renders exactly. The pages keep being rendered from the model of
        the last full build: what they read of it is the same."""
        if not self.config.enabled or self.loaded is None or self.load_settings is None:
            return None
        changed = list(changed)
        loaded = self._load(config, self.load_settings, changed)
        return loaded if self._pages_alike(loaded, changed) else None

    def _pages_alike(self, loaded: Loaded, uris: Iterable[str] | None) -> bool:
        """Whether `loaded` has the pages of the last full build's model, and the pages `uris`
        (every page when None) the same titles, processes and templates."""
        assert self.loaded is not None
        old, new = self.loaded.playbook, loaded.playbook
        if (
            old.pages.keys() != new.pages.keys()
            or loaded.refused_pages != self.loaded.refused_pages
        ):
            return False
        for uri in old.pages if uris is None else uris:
            before, after = old.pages.get(uri), new.pages.get(uri)
            if before is None or after is None:
                continue  # not a page of either model (the keys are the same)
            if before.title != after.title or not same_doc(before.doc, after.doc):
                return False
        return True

    # Run after plugins that add hand-written files, before the checks plugin reads them.
    @event_priority(50)
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled or self.loaded is None or self.settings is None:
            return None
        context = site.SiteContext(
            today=today(),
            site_url=config.site_url or "",
            site_name=config.site_name,
            repo_url=config.repo_url or "",
            data_dir=self.settings.data_dir,
            directory_urls=config.use_directory_urls,
            history="playbook-history" in config.plugins,
        )
        self.context = context
        # Without a `nav`, MkDocs lists every page it is not told to leave out: the generated
        # sections then appear in its navigation too.
        listed = self.settings.nav
        nav_pages = set(listed or ())
        self.blocks, self.late = {}, {}
        memo = None
        if self.keep_doc_parts:  # under a live preview: for the rebuilds after an edit of data
            memo = self.memo
            memo.model(self.loaded.playbook)
        generated_pages = generate_pages(
            self.loaded.playbook, context, self.settings, self.history, memo
        )
        # A page per theme and per release: linked from the roadmap and release pages rather
        # than listed in a navigation MkDocs makes itself, which Material renders into every
        # page (each entry costs every page's build).
        pb = self.loaded.playbook
        details = {site.theme_uri(t) for t in pb.themes} | {
            site.release_uri(r) for r in pb.releases
        }
        # Kept for a preview's next rebuild only (`quick_data` compares with them): a one-off
        # build lets each page's lifted HTML blocks go once the page has taken them back.
        self.made = (
            {generated.uri: generated for generated in generated_pages}
            if self.keep_doc_parts
            else {}
        )
        for generated in generated_pages:
            self._claim(files, generated.uri)
            inclusion = (
                InclusionLevel.UNDEFINED
                if generated.uri in nav_pages
                or not generated.uri.endswith(".md")
                or (listed is None and generated.uri not in details)
                else InclusionLevel.NOT_IN_NAV
            )
            file = File.generated(
                config, generated.uri, content=generated.content, inclusion=inclusion
            )
            if generated.source:
                file.edit_uri = posixpath.relpath(generated.source, self.settings.docs_dir)
            if generated.blocks:
                self.blocks[generated.uri] = generated.blocks
            if generated.late:
                self.late[generated.uri] = generated.late
            files.append(file)
        if listed is not None:
            # A process or template page whose front matter was refused is still built, but
            # the navigation (made from the model) cannot place it: its finding is the one
            # message, not also an "omitted from nav" warning.
            for uri in self.loaded.refused_pages.values():
                page_file = files.get_file_from_path(uri)
                if page_file is not None and uri not in nav_pages:
                    page_file.inclusion = InclusionLevel.NOT_IN_NAV
        for uri in site.EXPORTS:
            self._claim(files, uri)
            files.append(_Export.generated(config, uri, content=b""))  # made in `on_post_build`
        return files

    def _claim(self, files: Files, uri: str) -> None:
        existing = files.get_file_from_path(uri)
        if existing is not None and existing.generated_by is None:
            assert self.settings is not None
            raise PluginError(
                f"{self.settings.docs_dir}/{uri} would hide the page Playbook generates "
                f"at that address; rename or remove the hand-written file."
            )

    # After the other plugins' `on_nav`: what exists now lives until the end of the build.
    @event_priority(-100)
    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> None:
        """Every plugin has read the model's checks-only parts by now (the checks run in
        `on_files`): keep only what the pages are rendered from.

        Then freeze the objects alive at this point (the model, the history index, MkDocs' files
        and navigation) out of the garbage collector's reach: they outlive every page, and each
        full collection during the pages would otherwise walk all of them again (0.3 s of a
        2,000-page build). `on_post_build` (or a failed build) hands them back."""
        if not self.config.enabled or self.loaded is None:
            return
        if not self.loaded.deferred:  # else once the checks have run (`checked`)
            self._slim()
        gc.freeze()

    def complete_scans(self) -> Loaded | None:
        """The model with every page read: the deferred ones from MkDocs' conversion of them."""
        if self.loaded is not None and self.loaded.deferred and self.settings is not None:
            scanner = scanner_for(self.settings.markdown)
            log.debug(
                "Read %d pages during their conversion by MkDocs, %d more again",
                len(self.scans),
                len(self.loaded.deferred) - len(self.scans),
            )
            self.loaded = complete_scans(self.loaded, self.scans, scanner)
            self.scans = {}
        return self.loaded

    def checked(self) -> None:
        """The checks have run on the completed model: keep only what pages render from."""
        if self.loaded is not None:
            self._slim()

    def _slim(self) -> None:
        """Before the pages are built: keep only what they render from, so that they reuse the
        memory of the rest (a build's peak is at its end, with every page's content in memory).
        A live preview keeps the YAML memos for its next load."""
        assert self.loaded is not None
        self.loaded = for_rendering(self.loaded)
        if not self.keep_doc_parts:
            forget_memos()

    # First, so that a plugin that provides a page's source itself overrides this.
    @event_priority(100)
    def on_page_read_source(self, /, *, page: Page, config: MkDocsConfig) -> str | None:
        """Spare MkDocs a second parse of a page's front matter: the loader has read it.

        The source goes to MkDocs without its front matter (MkDocs then finds none), and
        `on_page_markdown` sets `page.meta` to the values the loader read, which are those MkDocs'
        own YAML loader would read. A page whose front matter changed since it was loaded, or that
        MkDocs would split differently, is left to MkDocs."""
        front = self.front_matter.pop(page.file.src_uri, None)
        if front is None or page.file.generated_by is not None:
            return None
        try:
            source = page.file.content_string
        except (OSError, ValueError):
            return None  # MkDocs reads it again and reports the error its own way
        match = _MKDOCS_FRONT_MATTER.match(source)  # the block as MkDocs finds it
        if match is None or match.group(1) != front.yaml:
            return None
        self.handed = (page, front.values)
        return "\n" + source[match.end() :]  # a leading blank line: no front matter to MkDocs

    # Before the plugins that read `page.meta` (mkdocs-macros' `render_macros`, for one).
    @event_priority(100)
    def _on_page_markdown_first(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        handed, self.handed = self.handed, None
        if handed is not None and handed[0] is page and not page.meta:
            page.meta = handed[1]
        defaults = self.folder_defaults.get(folder_of(page.file.src_uri))
        if defaults and page.file.generated_by is None:
            page.meta = merge_values(copy.deepcopy(defaults), dict(page.meta))
        return None

    # Last: the Markdown MkDocs converts, after every plugin (mkdocs-macros included).
    @event_priority(-300)
    def _on_page_markdown_last(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Have a deferred page read during its conversion, when what MkDocs converts is the
        text the loader would have read (no plugin changed it)."""
        owed = self.loaded.deferred.get(page.file.src_uri) if self.loaded is not None else None
        if (
            self.collector is not None
            and owed is not None
            and page.file.generated_by is None
            and owed.matches(markdown)
        ):
            self.collector.arm()
        return None

    on_page_markdown = CombinedEvent(_on_page_markdown_first, _on_page_markdown_last)

    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> None:
        """Every page is converted (and checked) by now. MkDocs keeps each page's Markdown to
        the end of the build, yet no page reads it again once converted: a one-off build lets
        it go, with what the loading and the checks left behind, before the pages are written
        (at 2,000 synthetic pages, about 6 MB of the build's peak)."""
        self.front_matter.clear()  # pages MkDocs did not build (drafts, excluded) were not read
        if self.release:
            for file in files.documentation_pages():
                if file.page is not None:
                    file.page.markdown = ""  # not None: MkDocs titles no page without it
            give_back()

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        """Put back the HTML blocks of generated pages, and the header on process and template
        pages: ready HTML that the Markdown parser never sees."""
        if not self.config.enabled or self.loaded is None:
            return None
        uri = page.file.src_uri
        if self.collector is not None and self.collector.armed:
            owed = self.loaded.deferred[uri]
            scanned = self.collector.result(
                owed.body(page.markdown or ""), owed.first_line, page.present_anchor_ids or set()
            )
            if scanned is not None:
                self.scans[uri] = scanned
        blocks = self.blocks.pop(uri, None)  # used once: the page keeps the result
        if blocks:
            return put_html_blocks(html, blocks)
        if not self.config.page_header:
            return None
        doc = self._doc(uri)
        if doc is None:
            return None
        header = doc_header(doc, self.loaded.playbook, today(), config.use_directory_urls)
        if self.keep_doc_parts:
            self.doc_parts[uri] = (header, ("", ""))
        return place_header(html, header)

    # After Material's search has indexed the page, before the history plugin (which runs later
    # and so takes its footer back first).
    @event_priority(-50)
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        """Put the blocks search skips, and a process's or template's facts and block of links in
        place of the header's marks, into the page as the theme renders it. Built here rather than
        with the header so no page holds them longer than its own rendering (at thousands of
        pages, that is megabytes)."""
        if not self.config.enabled:
            return None
        uri = page.file.src_uri
        html = page.content or ""
        late = self.late.pop(uri, None)
        if late:
            html = put_html_blocks(html, late, late=True)
        doc = self._doc(uri) if self.config.page_header else None
        if doc is not None and self.loaded is not None:
            blocks = doc_blocks(doc, self.loaded.playbook, config.use_directory_urls)
            html = put_blocks(html, blocks)
            if self.keep_doc_parts and uri in self.doc_parts:
                self.doc_parts[uri] = (self.doc_parts[uri][0], blocks)
        self.unsearched.put(page, repair_content(html))
        return None

    # After the history plugin's: it added to the content after this plugin did.
    @event_priority(-100)
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if not self.config.enabled:
            return None
        self.unsearched.take_back(page)
        return repair_page(output)

    # Last: every plugin has seen the page as written.
    @event_priority(-1000)
    def _release_written(self, output: str, /, *, page: Page, config: MkDocsConfig) -> None:
        """A one-off build lets a page's HTML go once the page is written: MkDocs would keep it
        to the end of the build, which no page or plugin of the build reads again."""
        if self.release:
            self.released += len(page.content or "")
            page.content = ""
            if self.released >= TRIM_EVERY:
                # Pages' HTML is held in the C heap, whose free pages stay resident: handed
                # back as the pages go, the memory search's index grows into is not on top.
                self.released = 0
                trim_heap()

    on_post_page = CombinedEvent(on_post_page, _release_written)

    # Before search writes its index, the build's peak: the pages' HTML let go since the
    # navigation was built is handed back to the system first, so the index does not come on
    # top of it.
    @event_priority(50)
    def _on_post_build_first(self, *, config: MkDocsConfig) -> None:
        if self.release:
            log.debug("Let every page's Markdown and HTML go once used (a one-off build)")
            trim_heap()  # what the pages let go was freed as they went: nothing to collect

    # After the search plugin has written its index, the build's memory peak: the exports (and
    # the calendar library) are made when that peak is over, and never held through the pages.
    @event_priority(-100)
    def _on_post_build_last(self, *, config: MkDocsConfig) -> None:
        try:
            if self.config.enabled and self.loaded is not None and self.context is not None:
                _write_exports(Path(config.site_dir), self.loaded, self.context)
        finally:
            gc.unfreeze()  # collectable again: `mkdocs serve` builds again in this process

    on_post_build = CombinedEvent(_on_post_build_first, _on_post_build_last)

    def on_build_error(self, *, error: Exception) -> None:
        gc.unfreeze()

    def _doc(self, uri: str) -> Process | Template | None:
        model_page = self.loaded.playbook.pages.get(uri) if self.loaded is not None else None
        return model_page.doc if model_page is not None else None

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: object
    ) -> LiveReloadServer | None:
        if self.config.enabled and self.settings is not None:
            data = self.settings.data_path
            if data.is_dir():
                server.watch(str(data))
        return server


@dataclasses.dataclass(frozen=True)
class DataEdit:
    """What an edit of data files changes in the site (`ContentPlugin.quick_data`)."""

    loaded: Loaded
    #: Generated pages whose content changed.
    generated: list[Generated]
    #: Process and template pages whose facts header or block of links changed.
    docs: list[str]
    #: Every process and template page's header and blocks in the edited model.
    doc_parts: dict[str, tuple[str, tuple[str, str]]]


def _write_exports(site_dir: Path, loaded: Loaded, context: site.SiteContext) -> None:
    for export in generate_exports(loaded.playbook, context):
        path = site_dir / export.uri
        path.parent.mkdir(parents=True, exist_ok=True)
        content = export.content
        path.write_bytes(content if isinstance(content, bytes) else content.encode())
