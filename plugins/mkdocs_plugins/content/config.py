"""Options of the `playbook` plugin."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class ContentConfig(Config):
    enabled = c.Type(bool, default=True)
    """Turn the plugin off (the site then builds from the Markdown alone)."""

    data_dir = c.Type(str, default="data")
    """Directory of the YAML data, relative to mkdocs.yml."""

    vocabulary = c.Optional(c.Type(str))
    """The organisation's vocabulary file, relative to mkdocs.yml (default:
    `vocabulary.yml` in `data_dir`; without the file, the generic defaults apply)."""

    nav_expand = c.Type(bool, default=True)
    """Place every process (by stage) and template after `processes/index.md` and
    `templates/index.md` in the navigation."""

    page_header = c.Type(bool, default=True)
    """Show owner, status, stage and review-by date at the top of process and template pages."""
