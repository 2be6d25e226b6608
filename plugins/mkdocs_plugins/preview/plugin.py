"""The `playbook-preview` MkDocs plugin: `mkdocs serve` rebuilds reuse the previous build's work.

MkDocs rebuilds the whole site on every save. Three steps are almost all of that time (measured
at 2,000 pages: theme templates about 55%, Markdown about 30%, search indexing about 12%), and each
is a pure function of inputs that can be listed. This plugin keys each step's result by exactly
those inputs and, on the next build in the same process, reuses the result whose key is
unchanged (a save that changed only pages' text skips all of this: `quick`):

- Markdown: the page's Markdown after every `on_page_markdown` (macros included), its place in
  the site, every file's address (links resolve against them) and the Markdown configuration.
  The cached result carries what `Page.render` sets (content, table of contents, title, anchors)
  and the warnings it logged, which are logged again.
- Theme: the page's final content, title, table of contents, metadata, addresses, neighbours,
  the navigation, the configuration and the theme's own files.
- Search: the page's content, title, table of contents and metadata as the search plugin sees them.
- Content: each page and data file the `playbook` plugin loads again on every rebuild is parsed
  only when its text changed (`plugins.core.parsecache`).

Everything else runs as in any build (plugins' events, checks, generated pages, anchors), so a
reused result is one a full build would compute again; `tests/test_preview.py` compares preview
rebuilds with clean builds byte for byte after each kind of edit.
"""

from __future__ import annotations

import functools
import gc
import hashlib
import logging
import os
import sysconfig
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import jinja2
from mkdocs import utils
from mkdocs.exceptions import Abort
from mkdocs.plugins import BasePlugin, CombinedEvent, event_priority
from mkdocs.structure.pages import Page

from plugins.core import parsecache
from plugins.mkdocs_plugins.preview import quick
from plugins.mkdocs_plugins.preview.config import PreviewConfig

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from jinja2 import Environment, Template
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.livereload import LiveReloadServer
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.toc import AnchorLink, TableOfContents

log = logging.getLogger("mkdocs.plugins.playbook.preview")

#: Template context entries whose part in a page's output the theme key already covers.
_KNOWN_CONTEXT = frozenset(
    {
        "nav",
        "pages",
        "page",
        "base_url",
        "extra_css",
        "extra_javascript",
        "mkdocs_version",
        "build_date_utc",
        "config",
    }
)


#: A cache key: the inputs themselves. A lookup compares them (strings keep their hash, and a
#: reused page's content is the very string of the last build), so it is exact and costs little.
Key = tuple[str | bytes, ...]


def _key(parts: Iterable[str | bytes]) -> Key:
    return tuple(parts)


def _digest(parts: Iterable[str | bytes]) -> bytes:
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8", "surrogatepass") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.digest()


def _toc_text(toc: TableOfContents | list[AnchorLink] | None) -> str:
    out: list[str] = []

    def walk(items: Iterable[AnchorLink], depth: int) -> None:
        for item in items:
            out.append(f"{depth}\x1f{item.level}\x1f{item.id}\x1f{item.title}")
            walk(item.children, depth + 1)

    walk(toc or [], 0)
    return "\x1e".join(out)


@dataclass(frozen=True, slots=True)
class _Rendered:
    """What `Page.render` leaves on a page, and what it logged."""

    content: str
    toc: Any
    title: str | None
    anchors: frozenset[str] | None
    #: Target file's `src_uri` -> {anchor: link as written}; None when MkDocs did not collect it.
    links: dict[str, dict[str, str]] | None
    records: tuple[logging.LogRecord, ...]


class _Generation:
    """One build's results by key. A build takes what it can from the previous generation and
    keeps only what it used, so the caches hold one site's worth, never more."""

    def __init__(self) -> None:
        self.markdown: dict[Key, _Rendered] = {}
        self.theme: dict[Key, str] = {}
        self.search: dict[Key, list[dict[str, Any]]] = {}
        #: Output files written by the build (deleted pages' files are removed after the next).
        self.written: set[str] = set()


class _Bytecode(jinja2.BytecodeCache):
    """Compiled theme templates kept in memory across builds (each build makes a new Jinja
    environment, which would compile every template again). Jinja keys each entry by the
    template's name and a checksum of its source, so an edited override is compiled anew."""

    def __init__(self) -> None:
        self.store: dict[str, bytes] = {}

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        code = self.store.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.store[bucket.key] = bucket.bytecode_to_string()


class _QuietDirty(logging.Filter):
    """MkDocs warns that a `--dirty` build may leave other pages' navigation stale; with this
    plugin every page is rebuilt or reused by a key that covers its navigation, so it may not."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        return not message.startswith(
            ("A 'dirty' build is being performed", "The directory contains stale files")
        )


class PreviewPlugin(BasePlugin[PreviewConfig]):
    supports_multiple_instances = False

    def __init__(self) -> None:
        self.command = ""
        self.dirty = False
        self.active = False
        self.previous = _Generation()
        self.current = _Generation()
        self.config_key = b""
        self.files_key = b""
        self.nav_key: bytes | None = None
        self.nav: Navigation | None = None
        self.bytecode = _Bytecode()
        self.parse_cache: parsecache.ParseCache | None = None
        self.quiet = _QuietDirty()
        #: Output path -> digest of the bytes the last build wrote there.
        self.wrote: dict[str, bytes] = {}
        self.writes = 0
        self.real_write_file: Callable[[bytes, str], None] | None = None
        self.hits = {"markdown": 0, "theme": 0, "search": 0}
        self.misses = {"markdown": 0, "theme": 0, "search": 0}
        #: Quick rebuilds (`quick`): the last complete build, and what this build will leave.
        self.last: quick.LastBuild | None = None
        self.paths: list[str] = []
        self.data: str | None = None
        self.stamps: dict[str, quick.Stamp] = {}
        self.files: Files | None = None
        self.env: Environment | None = None
        #: Search entries of each page of this build, in order.
        self.page_entries: dict[str, list[dict[str, Any]]] = {}
        #: Files mkdocs-macros included into pages in this build.
        self.included: set[str] = set()

    # Defining `on_startup` keeps this instance (and its caches) across `mkdocs serve` rebuilds.
    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.command = command
        self.dirty = dirty
        if command == "serve" and dirty and self.config.enabled != "never":
            logging.getLogger("mkdocs.commands.build").addFilter(self.quiet)
        mode = self.config.enabled
        # The `playbook` plugin loads the content again on every rebuild; with this cache,
        # unchanged files are not parsed again (it asks for `parse_cache` in its `on_config`).
        self.parse_cache = (
            parsecache.ParseCache(b"")
            if (command == "serve" and mode != "never") or mode == "always"
            else None
        )

    # First: the files are stamped before any plugin reads one, so a save during the build
    # is one the next rebuild sees.
    @event_priority(200)
    def _on_config_first(self, config: MkDocsConfig) -> MkDocsConfig | None:
        mode = self.config.enabled
        self.active = mode == "always" or (mode == "serve" and self.command == "serve")
        self.last = None  # until this build completes
        self.stamps, self.paths = {}, []
        if self.active:
            content = config.plugins.get("playbook")
            data_dir = getattr(getattr(content, "config", None), "data_dir", None)
            base = Path(config.config_file_path or ".").parent
            self.data = str((base / data_dir).absolute()) if data_dir else None
            self.paths = quick.watched(config, self.data)
            self.stamps = quick.snapshot(self.paths)
        return None

    # Last: the key covers what every plugin did to the configuration.
    @event_priority(-200)
    def _on_config_last(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.current = _Generation()
        self.nav_key = None
        self.nav = None
        self.files = self.env = None
        self.page_entries = {}
        self.included = set()
        for counts in (self.hits, self.misses):
            counts.update(dict.fromkeys(counts, 0))
        if not self.active:
            self.previous = _Generation()
            return None
        self.config_key = _digest(_config_parts(config))
        self._patch_write_file()
        _record_includes(config, self.included)
        return None

    on_config = CombinedEvent(_on_config_first, _on_config_last)

    def _patch_write_file(self) -> None:
        """Skip writing a file whose bytes the previous build already wrote there and that is
        still there unchanged in size (a `--dirty` build keeps the output directory). Undone at
        the end of the build."""
        if self.real_write_file is not None:
            return
        real = self.real_write_file = utils.write_file
        previous = self.wrote
        current: dict[str, bytes] = {}
        self.wrote = current
        self.writes = 0

        def write_file(content: bytes, output_path: str) -> None:
            digest = _digest((content,))
            current[output_path] = digest
            if previous.get(output_path) == digest:
                try:
                    if Path(output_path).stat().st_size == len(content):
                        return
                except OSError:
                    pass
            self.writes += 1
            real(content, output_path)

        utils.write_file = write_file

    def _unpatch_write_file(self) -> None:
        if self.real_write_file is not None:
            utils.write_file = self.real_write_file  # type: ignore[assignment]
            self.real_write_file = None

    # Last: generated files are in the set by now.
    @event_priority(-200)
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.active:
            return None
        self.files = files
        self.files_key = _digest(
            f"{f.src_uri}\x1f{f.dest_uri}\x1f{f.url}\x1f{f.inclusion.name}"
            for f in sorted(files, key=lambda f: f.src_uri)
        )
        if self.dirty:
            # `--dirty` skips pages whose source is older than their output; whether a page's
            # output is current is this plugin's to decide (its navigation may have changed).
            for file in files.documentation_pages():
                file.is_modified = _always  # type: ignore[method-assign]
        return None

    @event_priority(-200)
    def on_nav(self, nav: Navigation, /, *, config: MkDocsConfig, files: Files) -> None:
        self.nav = nav

    # Last: the Markdown as every other plugin left it (mkdocs-macros included) is the key.
    @event_priority(-200)
    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str | None:
        if self.active:
            key = _key(
                (self.config_key, self.files_key, page.file.src_uri, page.file.url, markdown)
            )
            page.render = functools.partial(self._render, page, key)  # type: ignore[method-assign]
        return None

    def _render(self, page: Page, key: Key, config: MkDocsConfig, files: Files) -> None:
        del page.render  # the class's method again, for anything that renders this page later
        found = self.previous.markdown.get(key) or self.current.markdown.get(key)
        if found is not None:
            self.hits["markdown"] += 1
            page.content = found.content
            page.toc = found.toc
            page._title_from_render = found.title
            page.present_anchor_ids = set(found.anchors) if found.anchors is not None else None
            if found.links is not None:
                page.links_to_anchors = {
                    target: dict(links)
                    for uri, links in found.links.items()
                    if (target := files.get_file_from_path(uri)) is not None
                }
            for record in found.records:
                logging.getLogger(record.name).handle(record)
        else:
            self.misses["markdown"] += 1
            capture = quick.Capture()
            root = logging.getLogger("mkdocs")
            root.addHandler(capture)
            try:
                Page.render(page, config, files)
            finally:
                root.removeHandler(capture)
            links = page.links_to_anchors
            found = _Rendered(
                content=page.content or "",
                toc=page.toc,
                title=page._title_from_render,
                anchors=(
                    frozenset(page.present_anchor_ids)
                    if page.present_anchor_ids is not None
                    else None
                ),
                links=(
                    {target.src_uri: dict(v) for target, v in links.items()}
                    if links is not None
                    else None
                ),
                records=tuple(capture.records),
            )
        self.current.markdown[key] = found

    # After the search plugin made this build's index (in its `on_config`); last, so the
    # environment kept for quick rebuilds is the one the build renders with.
    @event_priority(-200)
    def on_env(
        self, env: Environment, /, *, config: MkDocsConfig, files: Files
    ) -> Environment | None:
        if not self.active:
            return None
        get_template = env.get_template

        def cached_get_template(
            name: str | Template, parent: str | None = None, globals: Any = None
        ) -> Any:
            template = get_template(name, parent, globals)
            # MkDocs asks for a page's template by name alone; the theme's own includes and
            # `extends` name their parent and must get the real template.
            if parent is None and globals is None and isinstance(name, str):
                return _CachedTemplate(template, name, self)
            return template

        env.get_template = cached_get_template  # type: ignore[method-assign]
        env.bytecode_cache = self.bytecode
        self.env = env
        search = config.plugins.get("search") or config.plugins.get("material/search")
        index = getattr(search, "search_index", None)
        if search is not None and hasattr(search, "search_index_prev"):
            # Material merges the previous index into a `--dirty` build's, assuming that build
            # indexed only the changed page; this build indexes every page.
            search.search_index_prev = None
        if index is not None and hasattr(index, "add_entry_from_context"):
            index.add_entry_from_context = functools.partial(
                self._index, index, index.add_entry_from_context
            )
        return env

    def _index(self, index: Any, add: Callable[[Page], None], page: Page) -> None:
        key = _key(
            (
                self.config_key,
                page.url,
                page.title or "",
                page.content or "",
                _toc_text(page.toc),
                repr(sorted(page.meta.items(), key=lambda kv: str(kv[0]))),
            )
        )
        found = self.previous.search.get(key)
        if found is not None:
            self.hits["search"] += 1
            index.entries.extend(dict(entry) for entry in found)
        else:
            self.misses["search"] += 1
            start = len(index.entries)
            add(page)
            found = [dict(entry) for entry in index.entries[start:]]
        self.current.search[key] = found
        self.page_entries[page.file.src_uri] = found

    def theme_key(self, name: str, context: dict[str, Any]) -> Key | None:
        """Everything the theme reads to render this page, or None when the
        context holds something this plugin cannot tell apart between builds."""
        page = context.get("page")
        if not isinstance(page, Page):
            return None
        extra: list[str] = []
        for key in sorted(set(context) - _KNOWN_CONTEXT):
            text = repr(context[key])
            if " at 0x" in text:  # an object without a value of its own: do not guess
                return None
            extra.append(f"{key}={text}")
        meta = repr(sorted(page.meta.items(), key=lambda kv: str(kv[0])))
        if " at 0x" in meta:
            return None
        if self.nav_key is None:
            self.nav_key = _digest(_nav_parts(self.nav))
        neighbours = [
            f"{p.title}\x1f{p.url}" if p is not None else ""
            for p in (page.previous_page, page.next_page)
        ]
        return _key(
            (
                self.config_key,
                self.nav_key,
                name,
                page.url,
                str(page.title),
                page.content or "",
                _toc_text(page.toc),
                meta,
                str(page.edit_url),
                str(page.canonical_url),
                str(page.is_homepage),
                str(context.get("base_url")),
                *neighbours,
                *extra,
            )
        )

    def remember(self, key: Key, output: str) -> None:
        self.current.theme[key] = output

    def recall(self, key: Key) -> str | None:
        output = self.previous.theme.get(key)
        if output is None:
            self.misses["theme"] += 1
        else:
            self.hits["theme"] += 1
        return output

    @event_priority(-200)
    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        if self.active:
            self.current.written.add(page.file.dest_uri)
        return None

    # Last: every other plugin has written its files.
    @event_priority(-200)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if not self.active:
            return
        if self.dirty:
            # A page deleted since the last build would otherwise stay in the output.
            site = Path(config.site_dir)
            for uri in self.previous.written - self.current.written:
                path = site / uri
                if path.is_file():
                    path.unlink()
        self._unpatch_write_file()
        self.previous, self.current = self.current, _Generation()
        if self.files is not None and self.nav is not None and self.env is not None:
            self.last = quick.LastBuild(
                config,
                self.files,
                self.nav,
                self.env,
                self.paths,
                self.stamps,
                self.data,
                self.page_entries,
            )
        log.info(
            "Reused %d of %d Markdown pages, %d of %d rendered pages, %d of %d search entries;"
            " wrote %d files",
            self.hits["markdown"],
            self.hits["markdown"] + self.misses["markdown"],
            self.hits["theme"],
            self.hits["theme"] + self.misses["theme"],
            self.hits["search"],
            self.hits["search"] + self.misses["search"],
            self.writes,
        )

    def on_serve(
        self, server: LiveReloadServer, /, *, config: MkDocsConfig, builder: Callable[..., Any]
    ) -> LiveReloadServer | None:
        if self.active:
            server.builder = self.wrap(server.builder)
        return server

    def wrap(self, builder: Callable[[], Any]) -> Callable[[], Any]:
        """`mkdocs serve`'s rebuild, made quick when only pages' text changed (`quick`)."""

        def rebuild() -> Any:
            try:
                if not self._quick_rebuild():
                    return builder()
            except SystemExit as stop:
                if isinstance(stop, Abort):
                    raise  # MkDocs' own way to fail a rebuild: it prints it and keeps serving
                # mkdocs-macros exits on an error in a page it renders (`on_error_fail`), and
                # MkDocs' serve loop only survives an `Exception`: the server would quit.
                raise Abort(
                    f"A plugin stopped the rebuild (exit status {stop.code}); the messages "
                    "above name the page. Fix it and save again: until then the browser shows "
                    "the last good build."
                ) from stop
            return None

        return rebuild

    def _quick_rebuild(self) -> bool:
        last = self.last
        if last is None:
            return False
        stamps = quick.snapshot(last.paths)
        changed = quick.changes(last, stamps)
        if changed is not None and not changed:
            log.info("No file changed since the last build")
            return True
        self.last = None  # unless the quick rebuild completes (or fails past its decision)
        if changed is None:
            return False
        for counts in (self.hits, self.misses):
            counts.update(dict.fromkeys(counts, 0))
        self.writes = 0
        # What the last build left (MkDocs' objects, the model, the caches) outlives this
        # rebuild: out of the collector's reach, each collection does not walk it again.
        gc.freeze()
        start = time.monotonic()
        try:
            built = quick.rebuild(
                last,
                changed,
                included=self.included,
                record_write=self._record_write,
                record_includes=lambda: _record_includes(last.config, self.included),
            )
        except Exception:
            self.last = last  # the same files count as changed again next time
            raise
        finally:
            gc.unfreeze()
        if built is None:
            return False
        last.stamps = stamps
        self.last = last
        edited = [f.src_uri for f in changed.pages] + [
            os.path.relpath(path, Path(last.config.config_file_path or ".").parent)
            for path in changed.data
        ]
        log.info(
            "Rebuilt %d page%s for the edit of %s in %.2f seconds; wrote %d files",
            len(built),
            "" if len(built) == 1 else "s",
            ", ".join(edited),
            time.monotonic() - start,
            self.writes,
        )
        return True

    def _record_write(self, content: bytes, output_path: str) -> None:
        self.wrote[output_path] = _digest((content,))
        self.writes += 1

    def on_build_error(self, *, error: Exception) -> None:
        self._unpatch_write_file()
        self.wrote = {}  # what is on disk is no longer known
        self.current = _Generation()  # keep the last good build's results


class _CachedTemplate:
    """A page template whose output is reused while the page's key is unchanged; everything
    else is the real template's."""

    def __init__(self, template: Template, name: str, plugin: PreviewPlugin) -> None:
        self._template = template
        self._name = name
        self._plugin = plugin

    def render(self, *args: Any, **kwargs: Any) -> str:
        context = dict(*args, **kwargs)
        key = self._plugin.theme_key(self._name, context)
        if key is None:
            return self._template.render(context)
        output = self._plugin.recall(key)
        if output is None:
            output = self._template.render(context)
        self._plugin.remember(key, output)
        return output

    def __getattr__(self, name: str) -> Any:
        return getattr(self._template, name)


def _always() -> bool:
    return True


class _RecordingLoader(jinja2.BaseLoader):
    """A Jinja loader that notes the file behind every template it loads."""

    def __init__(self, loader: jinja2.BaseLoader, seen: set[str]) -> None:
        self.loader = loader
        self.seen = seen

    def get_source(
        self, environment: jinja2.Environment, template: str
    ) -> tuple[str, str | None, Callable[[], bool] | None]:
        source, filename, uptodate = self.loader.get_source(environment, template)
        if filename:
            self.seen.add(os.path.normpath(filename))
        return source, filename, uptodate

    def list_templates(self) -> list[str]:
        return self.loader.list_templates()


def _record_includes(config: MkDocsConfig, seen: set[str]) -> None:
    """Note the files mkdocs-macros includes into pages: editing one changes those pages."""
    env = getattr(config.plugins.get("macros"), "_env", None)
    if isinstance(env, jinja2.Environment) and env.loader is not None:
        if isinstance(env.loader, _RecordingLoader):
            env.loader.seen = seen
        else:
            env.loader = _RecordingLoader(env.loader, seen)


def _config_parts(config: MkDocsConfig) -> Iterable[str | bytes]:
    """What every page's output depends on in the configuration: the file as written, what
    plugins changed in it, and the theme's own files (overrides can be edited while serving)."""
    if config.config_file_path and Path(config.config_file_path).is_file():
        yield Path(config.config_file_path).read_bytes()
    for name in (
        "site_url",
        "use_directory_urls",
        "extra_css",
        "extra_javascript",
        "extra",
        "markdown_extensions",
        "mdx_configs",
        "nav",
        "validation",
    ):
        yield f"{name}={config.get(name)!r}"
    installed = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    for directory in config.theme.dirs:
        if any(directory.startswith(prefix) for prefix in installed):
            continue  # a package's templates change only with a reinstall (and a restart)
        for root, _dirs, names in sorted(os.walk(directory)):
            for file_name in sorted(names):
                stat = (Path(root) / file_name).stat()
                yield f"{root}/{file_name}\x1f{stat.st_mtime_ns}\x1f{stat.st_size}"


def _nav_parts(nav: Navigation | None) -> Iterable[str]:
    if nav is None:
        return
    stack: list[tuple[int, Any]] = [(0, item) for item in reversed(nav.items)]
    while stack:
        depth, item = stack.pop()
        url = getattr(item, "url", "")
        yield f"{depth}\x1f{type(item).__name__}\x1f{item.title}\x1f{url}"
        children = getattr(item, "children", None) or ()
        stack.extend((depth + 1, child) for child in reversed(children))
    if nav.homepage is not None:
        yield f"home\x1f{nav.homepage.url}"
