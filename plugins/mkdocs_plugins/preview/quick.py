"""Quick rebuilds: after an edit of pages' text only, render those pages alone.

A save under `mkdocs serve` that changed nothing but the text of existing pages (not their front
matter, nor their title) changes no other page's output: not the navigation (made of titles),
not the model the generated pages and page headers are rendered from, not the theme's context.
For such an edit the previous build's MkDocs objects (configuration, files, navigation, Jinja
environment) are still exact, so only the edited pages go through MkDocs' page pipeline again,
with every plugin's page events, and only the search index is written again besides them.

Whether an edit is of that kind is decided from what the build reads, before anything is
written: the files under the watched folders (a snapshot of sizes and modification times,
taken when each build starts), each edited page's metadata and title as MkDocs reads them, the
model the `playbook` plugin loads again (titles, processes and templates), git's view of the
work tree (`playbook-history`), the files mkdocs-macros included. Any doubt (another kind of
file changed, a plugin this module does not know, an error while reading) falls back to the
full build, which reuses what it can by key (`plugin.py`).
"""

from __future__ import annotations

import copy
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs import utils
from mkdocs.commands.build import _build_page, _populate_page
from mkdocs.exceptions import Abort, BuildError
from mkdocs.structure.files import InclusionLevel

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import File, Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page

    from plugins.core.loader import Loaded

log = logging.getLogger("mkdocs.plugins.playbook.preview")

#: A file's size and modification time.
Stamp = tuple[int, int]
#: Plugins whose part in other pages' output a quick rebuild keeps exact: Playbook's own (each
#: takes part through its `quick_*` method) and the search and macros plugins (handled here).
KNOWN_PLUGINS = frozenset(
    {
        "search",
        "material/search",
        "macros",
        "playbook",
        "playbook-checks",
        "playbook-history",
        "playbook-preview",
    }
)


def _ignored(name: str) -> bool:
    """Editors' swap, backup and lock files: no build reads them (MkDocs leaves dot-files out
    of the docs; the folder defaults file is the one exception)."""
    return (name.startswith(".") and name != ".meta.yml") or name.endswith("~")


def snapshot(paths: Iterable[str]) -> dict[str, Stamp]:
    """Size and modification time of every file under `paths` (folders, walked) or at them."""
    out: dict[str, Stamp] = {}
    stack = [str(Path(p).absolute()) for p in paths]
    while stack:
        path = stack.pop()
        try:
            if not Path(path).is_dir():
                stat = Path(path).stat()
                out[path] = (stat.st_size, stat.st_mtime_ns)
                continue
            with os.scandir(path) as entries:
                for entry in entries:
                    if _ignored(entry.name):
                        continue
                    if entry.is_dir():
                        stack.append(entry.path)
                    else:
                        stat = entry.stat()
                        out[entry.path] = (stat.st_size, stat.st_mtime_ns)
        except OSError:
            continue  # gone since it was listed: the next snapshot tells
    return out


def watched(config: MkDocsConfig, data_dir: str | None) -> list[str]:
    """Everything a build reads that a user edits: the docs, the configuration, the `watch`
    list, the data folder and the theme's overrides."""
    paths = [config.docs_dir, *(str(p) for p in config.watch)]
    if config.config_file_path:
        paths.append(config.config_file_path)
    if data_dir:
        paths.append(data_dir)
    custom = config.theme.custom_dir
    if custom:
        paths.append(custom)
    return paths


@dataclass
class LastBuild:
    """What a completed build left that a quick rebuild renders with."""

    config: MkDocsConfig
    files: Files
    nav: Navigation
    env: Environment
    paths: list[str]
    stamps: dict[str, Stamp]
    #: The data folder (absolute), if the site has one.
    data: str | None
    #: Search entries of each page, in the order the build indexed them.
    search: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    #: Each page's entries as JSON, with the entries they encode (`_write_search_index`).
    search_json: dict[str, tuple[list[dict[str, Any]], str]] = field(default_factory=dict)


class Capture(logging.Handler):
    """Keeps the records it is handed, to be logged again (or dropped) later."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)


@dataclass(frozen=True)
class Changes:
    """The files a save changed: existing pages, and existing data files (absolute paths)."""

    pages: list[File]
    data: list[str]

    def __bool__(self) -> bool:
        return bool(self.pages or self.data)


def changes(last: LastBuild, stamps: dict[str, Stamp]) -> Changes | None:
    """What changed since `last`, or None when anything else did (a file added or removed, a
    file that is neither a page MkDocs builds nor in the data folder)."""
    changed = {p for p in stamps.keys() | last.stamps.keys() if stamps.get(p) != last.stamps.get(p)}
    by_path = {
        os.path.normpath(f.abs_src_path): f
        for f in last.files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        if f.abs_src_path and f.generated_by is None
    }
    data_prefix = last.data.rstrip(os.sep) + os.sep if last.data else None
    pages, data = [], []
    for path in sorted(changed):
        if path not in stamps or path not in last.stamps:
            return None
        file = by_path.get(path)
        if file is not None and file.page is not None:
            pages.append(file)
        elif data_prefix is not None and path.startswith(data_prefix):
            data.append(path)
        else:
            return None
    return Changes(pages, data)


def _full(reason: str) -> None:
    """Why a rebuild must be a full one (`mkdocs serve -v` shows it)."""
    log.debug("A full rebuild: %s", reason)


class _FullBuild(Exception):
    """Raised while reading an edit that needs a full build; its message says why."""


def known_plugins(config: MkDocsConfig) -> bool:
    """Whether every plugin of the site is one whose effect on other pages this module knows."""
    if set(config.plugins) - KNOWN_PLUGINS:
        return False
    search = config.plugins.get("search") or config.plugins.get("material/search")
    # Material's search (the index is written again here); MkDocs' own is another class.
    return search is None or type(search).__module__.startswith("material.plugins.search")


def rebuild(
    last: LastBuild,
    changed: Changes,
    *,
    included: set[str],
    record_write: Callable[[bytes, str], None],
    record_includes: Callable[[], None],
) -> list[File] | None:
    """Render the pages `changed` affects with `last`'s objects, and return them; None (having
    written nothing) when the edit needs a full build. Logs every finding of the checks and what
    rendering those pages logs (the other pages' own warnings were logged by the build that
    rendered them), and fails on an error as a full build does. Never in strict mode, which
    counts every warning of the site."""
    config, files, plugins = last.config, last.files, last.config.plugins
    if config.strict or not known_plugins(config):
        _full("strict mode, or a plugin whose part in other pages is not known")
        return None
    if any(os.path.normpath(f.abs_src_path or "") in included for f in changed.pages):
        _full("a page includes an edited page through mkdocs-macros")
        return None
    # What reading the pages logs is held back until the rebuild is certain to go ahead.
    capture = Capture()
    root = logging.getLogger("mkdocs")
    handlers, propagate = root.handlers[:], root.propagate
    root.handlers, root.propagate = [capture], False
    reason = ""
    try:
        ready = _prepare(last, changed, record_includes)
    except _FullBuild as why:
        ready, reason = None, str(why)
    except Exception as error:  # noqa: BLE001 - the full build reports it in its own words
        ready, reason = None, f"reading the edit failed: {error}"
    except SystemExit as stop:  # a plugin ended reading a page (mkdocs-macros on an error):
        # the full build runs the checks first, which name the page and line
        ready, reason = None, f"a plugin stopped reading the edit (exit status {stop.code})"
    finally:
        root.handlers, root.propagate = handlers, propagate
    if ready is None:
        _full(reason)
        return None
    loaded, pages, assets = ready

    real_write = utils.write_file

    def write_file(content: bytes, output_path: str) -> None:
        record_write(content, output_path)
        real_write(content, output_path)

    utils.write_file = write_file
    try:
        checks = plugins.get("playbook-checks")
        if checks is not None:
            checks.quick_report(config, loaded)
        content = plugins.get("playbook")
        if content is not None and changed.data:
            content.quick_exports(config)
        for record in capture.records:
            logging.getLogger(record.name).handle(record)
        for asset in assets:
            asset.copy_file()
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
        for file in pages:
            assert file.page is not None
            _build_page(
                file.page,
                config,
                doc_files,
                last.nav,
                last.env,
                excluded=file.inclusion.is_excluded(),
            )
        for file in doc_files:
            assert file.page is not None
            file.page.validate_anchor_links(files=files, log_level=config.validation.links.anchors)
        _write_search_index(last)
        if checks is not None:
            checks.on_post_build(config=config)  # fails on errors, as a full build does
    except Exception as error:  # as MkDocs' own build ends on one
        plugins.on_build_error(error=error)
        if isinstance(error, BuildError):
            logging.getLogger("mkdocs.commands.build").error(str(error))
            raise Abort("Aborted with a BuildError!") from error
        raise
    finally:
        utils.write_file = real_write
    return pages


def _prepare(
    last: LastBuild, changed: Changes, record_includes: Callable[[], None]
) -> tuple[Loaded | None, list[File], list[File]]:
    """Read what changed again, decide which pages it affects and read those: the model for the
    checks (None without the `playbook` plugin), the pages to build and the other generated
    files to write again. Raises `_FullBuild` when
    the edit changes more than those pages' own output."""
    config, files, plugins = last.config, last.files, last.config.plugins
    read: set[str] = set()
    assets: list[File] = []

    def populate(file: File) -> None:
        """Read the page again; its metadata and title (in the navigation) must not change."""
        if file.src_uri in read:
            return
        read.add(file.src_uri)
        page: Page | None = file.page
        assert page is not None
        before = (copy.deepcopy(page.meta), page.title)
        _populate_page(page, config, files)
        if (page.meta, page.title) != before:
            raise _FullBuild(f"the metadata or title of {file.src_uri} changed")

    for file in changed.pages:
        populate(file)
    history = plugins.get("playbook-history")
    flipped = (
        history.quick_refresh([f.abs_src_path or "" for f in changed.pages] + changed.data)
        if history is not None
        else frozenset()
    )
    if flipped is None:
        raise _FullBuild("git's view of other files changed")
    content = plugins.get("playbook")
    if content is None:
        if changed.data:
            raise _FullBuild("a data file changed")
        return None, changed.pages, []
    if not changed.data:
        loaded = content.quick_reload(config, [f.src_uri for f in changed.pages])
        if loaded is None:
            raise _FullBuild("the edit changes a page's title, process or template")
        return loaded, changed.pages, []

    edit = content.quick_data(config, [f.src_uri for f in changed.pages])
    if edit is None:
        raise _FullBuild("the edit changes the navigation, the pages or the generated files")
    content.quick_apply(edit, files)
    affected = {f.src_uri for f in changed.pages} | {g.uri for g in edit.generated}
    affected |= set(edit.docs)
    if history is not None:
        remade = history.quick_pages(edit.loaded)
        if remade is None:
            raise _FullBuild("the history pages cannot be made again")
        for uri, text in remade.items():
            target = files.get_file_from_path(uri)
            if target is None:
                raise _FullBuild(f"{uri} is new")
            if isinstance(text, bytes):
                target.content_bytes = text
            else:
                target.content_string = text
            if target.is_documentation_page():
                affected.add(uri)
            else:
                assets.append(target)  # a feed: written as the static files are
    macros = plugins.get("macros")
    doc_files = files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
    if macros is not None:
        if macros.config["render_by_default"] or macros.config["force_render_paths"]:
            raise _FullBuild("mkdocs-macros renders every page, which may quote the data")
        # A build configures macros with the model it loaded (variables included).
        macros.on_config(config)
        macros.on_nav(last.nav, config=config, files=files)
        record_includes()
        affected |= {
            f.src_uri for f in doc_files if f.page is not None and f.page.meta.get("render_macros")
        }
    if history is not None and flipped:
        affected |= {f.src_uri for f in doc_files if history.repo_path(f) in flipped}
    pages = [f for f in doc_files if f.src_uri in affected]
    for file in pages:
        populate(file)
    return edit.loaded, pages, assets


def _write_search_index(last: LastBuild) -> None:
    """Write the search index again, as the search plugin writes it: its own JSON of no entries,
    with each page's entries, as JSON, in the list (a page's JSON is kept while its entries are
    the same objects: at thousands of pages, encoding the whole index is most of the cost)."""
    search = last.config.plugins.get("search") or last.config.plugins.get("material/search")
    index = getattr(search, "search_index", None)
    if search is None or index is None or not search.config.enabled:
        return
    index.entries = []
    empty = index.generate_search_index(None)
    if not empty.endswith(_NO_DOCS):  # not the format this knows: the plugin encodes it all
        index.entries = [entry for entries in last.search.values() for entry in entries]
        text = index.generate_search_index(None)
    else:
        encoded = last.search_json
        parts = []
        for uri, entries in last.search.items():
            kept = encoded.get(uri)
            if kept is None or kept[0] is not entries:
                kept = encoded[uri] = (entries, ",".join(_entry_json(e) for e in entries))
            if kept[1]:
                parts.append(kept[1])
        text = empty[: -len(_NO_DOCS)] + '"docs":[' + ",".join(parts) + "]}"
    path = Path(last.config.site_dir) / "search" / "search_index.json"
    utils.write_file(text.encode("utf-8"), str(path))


#: How the search plugin's index ends when it has no entries (`json.dumps` of its dictionary).
_NO_DOCS = '"docs":[]}'


def _entry_json(entry: dict[str, Any]) -> str:
    # As the search plugin encodes its whole index.
    return json.dumps(entry, separators=(",", ":"), default=str)
