"""The `playbook-history` MkDocs plugin: the git history, read in one pass, on every page.

The index is built once per build and reused across `mkdocs serve` rebuilds until HEAD changes.
A shallow clone or a missing repository is one warning, never a failure of the build by itself.
"""

from __future__ import annotations

import dataclasses
import posixpath
import re
from pathlib import Path
from typing import TYPE_CHECKING

import jinja2
from mkdocs.plugins import BasePlugin, event_priority
from mkdocs.structure.files import File, InclusionLevel
from mkdocs.utils import get_relative_url

from plugins.core import history_process
from plugins.core.gitutil import GitError
from plugins.core.history import HistoryIndex, relative_to_repo, uncommitted_paths
from plugins.core.render import history as render
from plugins.core.render import site
from plugins.core.render.pages import front
from plugins.core.settings import nav_pages, today
from plugins.mkdocs_plugins.common import Unsearched, log
from plugins.mkdocs_plugins.history.config import HistoryConfig

if TYPE_CHECKING:
    from collections.abc import Iterable

    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files
    from mkdocs.structure.nav import Navigation
    from mkdocs.structure.pages import Page
    from mkdocs.utils.templates import TemplateContext

    from plugins.core.history import FileHistory, RoadmapChanges
    from plugins.core.loader import Loaded

#: Theme partials this plugin overrides (each includes the theme's own under `_BASE`).
_THEME_DIR = Path(__file__).parent / "theme"
_BASE = "playbook-theme-base"

#: Repository root -> (HEAD, index, roadmap changes): reused by `mkdocs serve` until HEAD moves.
_CACHE: dict[str, tuple[str | None, HistoryIndex, RoadmapChanges]] = {}


def _head(root: Path) -> str | None:
    """HEAD's commit id read from .git without starting a process (None if unknown)."""
    for directory in (root, *root.parents):
        git_dir = directory / ".git"
        if git_dir.is_file():  # a worktree: "gitdir: <path>"
            git_dir = Path(git_dir.read_text(encoding="utf-8").split(":", 1)[1].strip())
        head = git_dir / "HEAD"
        if head.is_file():
            ref = head.read_text(encoding="utf-8").strip()
            if not ref.startswith("ref: "):
                return ref
            target = git_dir / ref[5:]
            if target.is_file():
                return target.read_text(encoding="utf-8").strip()
            packed = git_dir / "packed-refs"
            if packed.is_file():
                for line in packed.read_text(encoding="utf-8").splitlines():
                    if line.endswith(" " + ref[5:]):
                        return line.split(" ", 1)[0]
            return None
    return None


class HistoryPlugin(BasePlugin[HistoryConfig]):
    def __init__(self) -> None:
        self.index: HistoryIndex | None = None
        self.changes: RoadmapChanges = {}
        self.uncommitted: frozenset[str] = frozenset()
        self.view = render.HistoryView()
        self.context: site.SiteContext | None = None
        #: Under `mkdocs serve`: the whole index and the roadmap's changes, for `quick_pages`.
        self.full: tuple[HistoryIndex | None, RoadmapChanges] | None = None
        #: The pages this plugin made in the last build, by address.
        self.made: dict[str, str | bytes] = {}
        self.files: Files | None = None
        #: Under `mkdocs serve`: the index is kept for the next build.
        self.serving = False
        #: The history being read while the content loads (`on_config` to `on_pre_build`).
        self.pending: history_process.PendingHistory | None = None
        #: Read by this build (not reused from the previous `mkdocs serve` build).
        self.fresh = False
        self.root = Path()
        self.unsearched = Unsearched()
        self.head: str | None = None
        #: The MkDocs project's directory and its docs directory, relative to the repository top.
        self.project = ""
        self.docs = ""

    def on_startup(self, *, command: str, dirty: bool) -> None:
        self.serving = command == "serve"

    # Before the content plugin's `on_config`: the history is read while the content loads.
    @event_priority(100)
    def on_config(self, config: MkDocsConfig) -> MkDocsConfig | None:
        self.index, self.changes, self.uncommitted = None, {}, frozenset()
        self.pending, self.fresh = None, False
        self.context, self.full, self.made = None, None, {}
        if not self.config.enabled:
            return None
        self.root = Path(config.config_file_path or ".").resolve().parent
        self.head = _head(self.root)
        cached = _CACHE.get(str(self.root))
        if cached is not None and self.head is not None and cached[0] == self.head:
            _, self.index, self.changes = cached
        else:
            content = config.plugins.get("playbook")
            data_dir = getattr(getattr(content, "config", None), "data_dir", None) or "data"
            self.pending = history_process.start(self.root, f"{data_dir}/roadmap")
        return None

    def on_pre_build(self, *, config: MkDocsConfig) -> None:
        if not self.config.enabled:
            return
        root = self.root
        if self.pending is not None:
            pending, self.pending = self.pending, None
            try:
                self.index, self.changes = pending.result()
            except GitError as error:
                log.warning("playbook-history: %s; pages are built without dates.", error)
                self.index, self.changes = None, {}
                return
            if self.index is not None:
                self.fresh = True
                if self.serving:  # a one-off build has no next build to reuse it
                    _CACHE[str(root)] = (self.head, self.index, self.changes)
        if self.index is None:
            log.warning(
                "playbook-history: %s is not in a git repository; pages are built without dates. "
                "Build from a clone to show last-updated dates and change history.",
                root,
            )
            return
        if self.index.shallow:
            log.warning(
                "playbook-history: this is a shallow clone, so every page would show the same date. "
                "Fetch the full history (in GitHub Actions: actions/checkout with `fetch-depth: 0`)."
            )
        if self.fresh:
            self.uncommitted = self.index.uncommitted  # read by the same pass
        else:
            try:  # HEAD unchanged; the work tree may not be
                self.uncommitted = uncommitted_paths(root)
            except GitError as error:
                log.warning("playbook-history: %s", error)
        self.view = render.HistoryView(self.config.timezone, self._history_url(config))
        self.project = _clean(relative_to_repo(self.index, root))
        self.docs = _clean(relative_to_repo(self.index, Path(config.docs_dir)))
        content = config.plugins.get("playbook")
        if content is not None and hasattr(content, "history"):
            content.history.clear()
            for item_id, item_changes in self.changes.items():
                text = render.item_history(item_changes, self.view)
                if text:
                    content.history[item_id] = text

    def quick_refresh(self, changed: Iterable[str]) -> frozenset[str] | None:
        """Before a preview rebuild that renders only some pages (`playbook-preview`), given
        the files that changed (absolute paths): the repository paths among them whose "not
        committed yet" mark flipped (the pages made from them show it), or None when what this
        plugin shows elsewhere changed too (another commit checked out, another file's mark)."""
        if not self.config.enabled or self.index is None:
            return frozenset()
        if _head(self.root) != self.head:
            return None
        try:
            now = uncommitted_paths(self.root)
            paths = {relative_to_repo(self.index, Path(path)) for path in changed}
        except (GitError, ValueError):
            return None
        flipped = now ^ self.uncommitted
        if flipped - paths:
            return None
        self.uncommitted = now
        return frozenset(flipped)

    def repo_path(self, file: File) -> str:
        """The repository path behind a page (see `_repo_path`)."""
        return self._repo_path(file)

    def on_build_error(self, *, error: Exception) -> None:
        if self.pending is not None:
            self.pending.cancel()
            self.pending = None

    def _history_url(self, config: MkDocsConfig) -> str:
        if self.config.history_url:
            return str(self.config.history_url)
        repo = (config.repo_url or "").rstrip("/")
        if "github.com" not in repo:
            return ""
        match = re.match(r"(?:edit|blob)/([^/]+)/", config.edit_uri or "")
        branch = match.group(1) if match else "main"
        return f"{repo}/commits/{branch}/{{path}}"

    def _in_project(self, path: str) -> str:
        """A path relative to the MkDocs project, as the index names it (relative to the repo)."""
        return posixpath.normpath(posixpath.join(self.project, path)) if self.project else path

    def _repo_path(self, file: File) -> str:
        """The repository path behind a page: its Markdown file, or the data file it is generated from."""
        if file.generated_by is None:
            return posixpath.join(self.docs, file.src_uri) if self.docs else file.src_uri
        edit = file.edit_uri
        if not edit:
            return ""
        return posixpath.normpath(posixpath.join(self.docs or ".", edit))

    # After the content plugin: the generated pages exist and can be titled.
    @event_priority(-10)
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        if not self.config.enabled:
            return None
        self.files = files
        context = site.SiteContext(
            today=today(), site_url=config.site_url or "", site_name=config.site_name
        )
        content = config.plugins.get("playbook")
        loaded = getattr(content, "loaded", None)
        self.context = context
        pages = self._pages(loaded, context)
        if self.serving:
            # Kept for `quick_pages`, which makes these pages again from an edited model.
            self.full = (self.index, self.changes)
        else:
            # From here on only each file's own history is read: the log of every commit and
            # the roadmap's field changes served the pages above.
            self.changes = {}
            if self.index is not None:
                self.index = dataclasses.replace(self.index, log=())
        self.made = pages
        for uri, text in pages.items():
            # Linked from the home, roadmap and release pages rather than listed in the navigation,
            # which Material renders into every page (the costliest part of a large build).
            listed = bool(config.nav) and uri in nav_pages(config.nav)
            inclusion = InclusionLevel.UNDEFINED if listed else InclusionLevel.NOT_IN_NAV
            files.append(File.generated(config, uri, content=text, inclusion=inclusion))
        return files

    def quick_pages(self, loaded: Loaded) -> dict[str, str | bytes] | None:
        """For a preview rebuild after an edit of data (`playbook-preview`): this plugin's pages
        made again from the edited model, those that changed, or None when they cannot be."""
        if not self.config.enabled:
            return {}
        if self.context is None or (self.index is not None and self.full is None):
            return None
        if self.full is not None:
            self.index, self.changes = self.full
        pages = self._pages(loaded, self.context)
        if pages.keys() != self.made.keys():
            return None
        changed = {uri: text for uri, text in pages.items() if self.made[uri] != text}
        self.made = pages
        return changed

    def _titles(self, loaded: object) -> dict[str, tuple[str, str]]:
        """The title and page of each file the recent changes name."""
        titles: dict[str, tuple[str, str]] = {}
        pb = getattr(loaded, "playbook", None)
        if pb is None:
            return titles
        for page in pb.pages.values():
            titles[self._in_project(page.path)] = (page.title, page.src_uri)
        for item in pb.roadmap.values():
            if item.theme not in pb.themes:
                continue  # its theme was refused: no page to link to
            titles[self._in_project(item.origin.path)] = (item.title, site.theme_uri(item.theme))
        for release in pb.releases:
            uri = site.release_uri(release)
            titles[self._in_project(release.origin.path)] = (f"Release {release.version}", uri)
        return titles

    def _pages(self, loaded: object, context: site.SiteContext) -> dict[str, str | bytes]:
        playbook = getattr(loaded, "playbook", None)
        if self.index is None or playbook is None:
            note = "History is not available: this site was built outside a git repository.\n"
            return {
                site.RECENT_CHANGES: front("Recent changes", search=False) + note,
                site.ROADMAP_CHANGES: front("Roadmap changes", search=False) + note,
                site.RECENT_FEED: render.recent_changes_feed(HistoryIndex.empty(), {}, context),
            }
        titles = self._titles(loaded)
        return {
            site.RECENT_CHANGES: render.recent_changes_page(
                self.index, titles, self.view, context.today, self.config.recent_days
            ),
            site.RECENT_FEED: render.recent_changes_feed(self.index, titles, context),
            site.ROADMAP_CHANGES: render.roadmap_changes_page(
                playbook, self.changes, self.view, context.today, self.config.roadmap_days
            ),
        }

    def _history_of(self, page: Page) -> tuple[str, FileHistory | None]:
        path = self._repo_path(page.file)
        return path, (self.index.get(path) if self.index is not None and path else None)

    # After Material's search has indexed the page (dates and authors are not what readers
    # search for), and after the content plugin's additions.
    @event_priority(-60)
    def on_page_context(
        self, context: TemplateContext, /, *, page: Page, config: MkDocsConfig, nav: Navigation
    ) -> TemplateContext | None:
        """The footer (and a process's list of changes), built for this page only, as it is
        rendered: holding every page's footer until the end would cost megabytes."""
        if not self.config.enabled:
            return None
        # Beside the edit action, on every page (generated ones included), history or not.
        context["playbook_contribute_url"] = self._contribute_url(page)  # type: ignore[typeddict-unknown-key]
        if self.index is None:
            return None
        path, history = self._history_of(page)
        if not path:
            return None
        extra = ""
        if page.file.generated_by is None:
            loaded = getattr(config.plugins.get("playbook"), "loaded", None)
            model_page = (
                loaded.playbook.pages.get(page.file.src_uri) if loaded is not None else None
            )
            if (
                model_page is not None
                and model_page.doc is not None
                and model_page.doc.kind == "process"
            ):
                extra = render.change_list(history, self.view, self.config.process_changes)
        footer = render.page_footer(
            history,
            path,
            self.view,
            uncommitted=path in self.uncommitted,
            contribute_url=self._contribute_url(page),
        )
        self.unsearched.put(page, (page.content or "") + extra + footer)
        return None

    def on_env(
        self, env: Environment, /, *, config: MkDocsConfig, files: Files
    ) -> Environment | None:
        """Put the link to the contribute page beside the theme's edit action: this plugin's
        `partials/actions.html` comes first and includes the theme's own (a user's `custom_dir`
        override included) under a prefix, so nothing of the theme is copied or lost."""
        if not self.config.enabled or not self.config.contribute_page or env.loader is None:
            return None
        theme = env.loader
        env.loader = jinja2.ChoiceLoader(
            [
                jinja2.FileSystemLoader(str(_THEME_DIR)),
                jinja2.PrefixLoader({_BASE: theme}),
                theme,
            ]
        )
        return env

    def on_post_page(self, output: str, /, *, page: Page, config: MkDocsConfig) -> str | None:
        self.unsearched.take_back(page)
        return None

    def _contribute_url(self, page: Page) -> str:
        """The configured "propose a change without git" page, relative to `page` (none on the
        page itself, or when the page does not exist)."""
        target = self.config.contribute_page
        if not target or self.files is None or page.file.src_uri == target:
            return ""
        found = self.files.get_file_from_path(target)
        return get_relative_url(found.url, page.url) if found is not None else ""


def _clean(path: str) -> str:
    return "" if path in ("", ".") else path
