"""The `playbook-checks` MkDocs plugin: runs the same check engine as `playbook check` and logs
each finding in the same words through MkDocs' logger, so `--strict` counts warnings and any error
fails the build once every finding has been reported.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING

from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin, event_priority

from plugins.core.checks import run_checks
from plugins.core.findings import Severity, count_by_severity
from plugins.core.report import finding_text
from plugins.core.settings import today
from plugins.mkdocs_plugins.checks.config import ChecksConfig
from plugins.mkdocs_plugins.common import log, settings_from_mkdocs

if TYPE_CHECKING:
    from mkdocs.config.defaults import MkDocsConfig
    from mkdocs.structure.files import Files

_LEVELS = {
    Severity.ERROR: logging.ERROR,
    Severity.WARNING: logging.WARNING,
    Severity.INFO: logging.INFO,
}


class ChecksPlugin(BasePlugin[ChecksConfig]):
    def __init__(self) -> None:
        #: Errors found by the last check run; the build fails at its end when there are any.
        self.errors = 0

    @property
    def severities(self) -> dict[str, Severity]:
        return dict(self.config.rules)

    # Run after the content plugin has added the generated pages (they are link targets).
    @event_priority(-50)
    def on_files(self, files: Files, /, *, config: MkDocsConfig) -> Files | None:
        self.errors = 0
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
        )
        # Only the count is kept: the report holds the whole model, which the content plugin
        # slims down once the checks have run.
        findings = run_checks(settings, today(), loaded).findings
        for finding in findings:
            log.log(_LEVELS[finding.severity], finding_text(finding))
        self.errors = count_by_severity(findings)[Severity.ERROR]
        return None

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        if self.errors:
            raise PluginError(
                f"Playbook checks found {self.errors} error(s), listed above with file and line. "
                "Run `playbook check` to see them without building."
            )
