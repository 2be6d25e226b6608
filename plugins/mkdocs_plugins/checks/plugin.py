"""The `playbook-checks` MkDocs plugin: runs the same check engine as `playbook check` and logs
each finding in the same words through MkDocs' logger, so `--strict` counts warnings and any error
fails the build once every finding has been reported.

Broken page links and anchors are reported by the checks (with line and column, and held back
when the findings baseline lists them); MkDocs' own warning about the same link is dropped, so
each is reported once, and a baselined one not at all.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from plugins.core import baseline, rules
from plugins.core.checks import run_checks
from plugins.core.findings import Severity, count_by_severity
from plugins.core.report import finding_text, group_text, grouped
from plugins.core.settings import today
from plugins.core.walk import leads_outside
from plugins.mkdocs_plugins.checks.config import ChecksConfig
from plugins.mkdocs_plugins.common import log, settings_from_mkdocs

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from jinja2 import Environment
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

    from plugins.core.findings import Finding
    from plugins.core.loader import Loaded
    from plugins.core.settings import Settings

_LEVELS = {
    Severity.ERROR: logging.ERROR,
    Severity.WARNING: logging.WARNING,
    Severity.INFO: logging.INFO,
}
#: The logger MkDocs validates links with, and the words of its warnings about one link.
_MKDOCS_LINKS = "mkdocs.structure.pages"
_MKDOCS_LINK_WARNING = re.compile(
    r"^Doc file '(?P<page>.+?)' contains (?:a link '(?P<target>.+)', but "
    r"(?:the target(?: '.*')? is not found|the doc '.*' does not contain an anchor|there is no such anchor)"
    r"|an (?:unrecognized relative|absolute) link '(?P<bare>.+)', it was left as is)",
    re.DOTALL,
)
#: The events of reading a page, which come before the checks of a build that defers them.
_PAGE_EVENTS = ("pre_page", "page_read_source", "page_markdown", "page_content")
_LINK_RULES = frozenset({rules.BROKEN_LINK.id, rules.BROKEN_ANCHOR.id, rules.ABSOLUTE_LINK.id})


class _ReportedLinks(logging.Filter):
    """Drops MkDocs' warning about a link the checks reported (or hold back) already."""

    def __init__(self, links: frozenset[tuple[str, str]]) -> None:
        super().__init__()
        self.links = links

    def filter(self, record: logging.LogRecord) -> bool:
        match = _MKDOCS_LINK_WARNING.match(record.getMessage())
        if match is None:
            return True
        return (match["page"], match["target"] or match["bare"]) not in self.links


def reported_links(findings: Iterable[Finding], loaded: Loaded) -> frozenset[tuple[str, str]]:
    """(page, link target) of each broken link or anchor among the findings."""
    by_path = {page.path: page for page in loaded.playbook.pages.values()}
    out: set[tuple[str, str]] = set()
    for finding in findings:
        if finding.rule not in _LINK_RULES:
            continue
        page = by_path.get(finding.path)
        if page is None:
            continue
        where = (finding.location.line, finding.location.col)
        out.update(
            (page.src_uri, link.target) for link in page.links if (link.line, link.col) == where
        )
    return frozenset(out)


class _HeldLinks(logging.Filter):
    """Holds MkDocs' warnings about links back until the checks have run (`ChecksPlugin.on_env`)."""

    def __init__(self) -> None:
        super().__init__()
        self.held: list[logging.LogRecord] = []

    def filter(self, record: logging.LogRecord) -> bool:
        if _MKDOCS_LINK_WARNING.match(record.getMessage()) is None:
            return True
        self.held.append(record)
        return False


class ChecksPlugin(BasePlugin[ChecksConfig]):
    def __init__(self) -> None:
        #: Errors found by the last check run; the build fails at its end when there are any.
        self.errors = 0
        self.link_filter: _ReportedLinks | None = None
        #: Set when the checks wait for MkDocs' conversion of the pages (see `on_env`).
        self.pending: Settings | None = None
        self.holding: _HeldLinks | None = None
        self.building: MkDocsConfig | None = None
        #: Page events' handlers as registered, while they are guarded (`_guard_page_events`).
        self.guarded: dict[str, list[Callable[..., Any]]] = {}

    @property
    def severities(self) -> dict[str, Severity]:
        return dict(self.config.rules)

    # Run after the content plugin has added the generated pages (they are link targets).
    @event_priority(-50)
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        self.errors = 0
        self._drop_filter()
        # A link leading out of the repository is never read nor published (the checks report
        # it as PB107), whether or not the checks are enabled.
        root = Path(config.config_file_path or ".").resolve().parent
        folders: dict[Path, bool] = {}  # folder -> whether it resolves outside the repository
        for file in list(files):
            # Only the docs' own files: the theme's come from wherever it is installed.
            if not file.abs_src_path or file.src_dir != config.docs_dir:
                continue
            path = Path(file.abs_src_path)
            if path.parent not in folders:
                folders[path.parent] = leads_outside(path.parent, root)
            if folders[path.parent] or (path.is_symlink() and leads_outside(path, root)):
                files.remove(file)
        if not self.config.enabled:
            return None
        content = config.plugins.get("playbook")
        loaded = getattr(content, "loaded", None)
        settings = getattr(content, "settings", None) or settings_from_mkdocs(
            config,
            data_dir="data",
            rules=self.severities,
            review_grace_days=self.config.review_grace_days,
            review_soon_days=self.config.review_soon_days,
            baseline=self.config.baseline,
        )
        self.pending, self.building = None, config
        if loaded is not None and loaded.deferred:
            # Some pages are read while MkDocs converts them: the checks run once it has.
            self.pending = settings
            self.holding = _HeldLinks()
            logging.getLogger(_MKDOCS_LINKS).addFilter(self.holding)
            self._guard_page_events(config)
            return None
        self.report(settings, loaded)
        return None

    # Every page is converted by now, before any is written.
    @event_priority(100)
    def on_env(self, env: Environment, /, *, config: MkDocsConfig, files: Files) -> None:
        self._run_pending(config)

    def _guard_page_events(self, config: MkDocsConfig) -> None:
        """A plugin may end the build from a page's event by exiting (mkdocs-macros does, on a
        macro's error, with `on_error_fail`), which no build-error event follows: the checks
        run then, before the exit goes on, so their findings are reported as they were before
        the pages were converted."""
        events = config.plugins.events
        self.guarded = {name: list(events[name]) for name in _PAGE_EVENTS}

        def guard(handler: Callable[..., Any]) -> Callable[..., Any]:
            def guarded(*args: Any, **kwargs: Any) -> Any:
                try:
                    return handler(*args, **kwargs)
                except SystemExit:
                    self._run_pending(config)
                    raise

            return guarded

        for name in _PAGE_EVENTS:
            events[name] = [guard(handler) for handler in events[name]]

    def _unguard_page_events(self, config: MkDocsConfig) -> None:
        for name, handlers in self.guarded.items():
            config.plugins.events[name] = handlers
        self.guarded = {}

    def _run_pending(self, config: MkDocsConfig) -> None:
        self._unguard_page_events(config)
        settings, self.pending = self.pending, None
        if settings is None:
            return
        content = config.plugins.get("playbook")
        self.report(settings, content.complete_scans() if content is not None else None)
        if content is not None:
            content.checked()
        self._release_held()

    def _release_held(self) -> None:
        """Log MkDocs' held warnings, less those about links the checks reported."""
        holding, self.holding = self.holding, None
        if holding is None:
            return
        logger = logging.getLogger(_MKDOCS_LINKS)
        logger.removeFilter(holding)
        for record in holding.held:
            logger.handle(record)

    def quick_report(self, config: MkDocsConfig, loaded: Loaded) -> None:
        """The checks of a preview rebuild that renders only edited pages (`playbook-preview`):
        the same findings, in the same words, as a full build of the same files."""
        self.errors = 0
        self._drop_filter()
        if not self.config.enabled:
            return
        settings = getattr(config.plugins.get("playbook"), "settings", None)
        if settings is not None:
            self.report(settings, loaded)

    def report(self, settings: Settings, loaded: Loaded | None) -> None:
        """Run the checks, log every finding, and drop MkDocs' warnings about the same links."""
        # Only the count is kept: the report holds the whole model, which the content plugin
        # slims down once the checks have run.
        report = run_checks(settings, today(), loaded)
        findings = report.findings
        # A problem found many times over is one record, as in `playbook check`'s text output:
        # --strict still fails on it, and the closing error counts every finding.
        for unit in grouped(findings):
            log.log(
                _LEVELS[unit[0].severity],
                group_text(unit) if len(unit) > 1 else finding_text(unit[0]),
            )
        held_back = baseline.summary(report.baselined)
        if held_back:
            log.info(held_back)
        self.errors = count_by_severity(findings)[Severity.ERROR]
        links = reported_links([*findings, *report.baselined.held], report.loaded)
        if links:
            self.link_filter = _ReportedLinks(links)
            logging.getLogger(_MKDOCS_LINKS).addFilter(self.link_filter)

    def _drop_filter(self) -> None:
        if self.link_filter is not None:
            logging.getLogger(_MKDOCS_LINKS).removeFilter(self.link_filter)
            self.link_filter = None
        if self.holding is not None:
            logging.getLogger(_MKDOCS_LINKS).removeFilter(self.holding)
            self.holding = None

    # Last: the site is written in full (and `playbook-preview` keeps it for the next
    # rebuild) before the build fails on an error.
    @event_priority(-300)
    def on_post_build(self, *, config: MkDocsConfig) -> None:
        self._drop_filter()
        if self.errors:
            raise PluginError(
                f"Playbook checks found {self.errors} error(s), listed above with file and line. "
                "Run `playbook check` to see them without building."
            )

    def on_build_error(self, *, error: Exception) -> None:
        # A page that failed to build (a macro's error, say) stops the build before the checks
        # ran: they still report every finding, after that error.
        if self.pending is not None and self.building is not None:
            try:
                self._run_pending(self.building)
            except Exception:  # noqa: BLE001 - the build's own error is the one to raise
                log.debug("The checks could not run after the build's error", exc_info=True)
        self._drop_filter()
