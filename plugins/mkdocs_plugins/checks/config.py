"""Options of the `playbook-checks` plugin."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import BaseConfigOption, Config, ValidationError

from plugins.core import vocabulary
from plugins.core.findings import Severity
from plugins.core.rules import CATALOGUE
from plugins.core.schemas import suggest
from plugins.core.settings import DEFAULT_BASELINE


class RuleSeverities(BaseConfigOption[dict[str, Severity]]):
    """A mapping of rule id to `error`, `warn`, `info` or `ignore`."""

    def __init__(self) -> None:
        super().__init__()
        self.default = {}

    def run_validation(self, value: object) -> dict[str, Severity]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise ValidationError(
                "expected a mapping of rule ids to severities, like `PB501: error`"
            )
        out: dict[str, Severity] = {}
        for rule, level in value.items():
            rule = str(rule)
            if rule not in CATALOGUE:
                raise ValidationError(f"unknown rule '{rule}'{suggest(rule, CATALOGUE)}")
            try:
                out[rule] = Severity.parse(str(level))
            except ValueError as error:
                raise ValidationError(f"rule {rule}: {error}") from None
        return out


class ChecksConfig(Config):
    enabled = c.Type(bool, default=True)
    """Run the consistency checks during the build."""

    rules = RuleSeverities()
    """Severity per rule id, overriding the defaults (see the check rules page)."""

    review_grace_days = c.Type(int, default=vocabulary.DEFAULT_REVIEW_GRACE_DAYS)
    """Days past its review-by date before a page's review becomes an error (a warning before)."""

    review_soon_days = c.Type(int, default=vocabulary.DEFAULT_REVIEW_SOON_DAYS)
    """The reviews page lists pages due within this many days."""

    baseline = c.Type(str, default=DEFAULT_BASELINE)
    """The findings baseline written by `playbook baseline`, relative to mkdocs.yml: the findings
    it lists are held back, only new ones fail."""
