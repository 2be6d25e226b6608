"""Options of the `playbook-history` plugin."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class HistoryConfig(Config):
    enabled = c.Type(bool, default=True)
    """Read the git history (one pass) and show it on every page."""

    timezone = c.Type(str, default="UTC")
    """Time zone in which dates are shown (dates are stored in UTC), e.g. `Europe/London`."""

    history_url = c.Type(str, default="")
    """Address of a file's history on the repository host; `{path}` is replaced by the file's
    repository path. Default: `<repo_url>/commits/<branch>/{path}` for GitHub, with the branch
    taken from `edit_uri`."""

    recent_days = c.Type(int, default=30)
    """How far back the Recent changes page goes."""

    roadmap_days = c.Type(int, default=90)
    """How far back the Roadmap changes page goes."""

    process_changes = c.Type(int, default=5)
    """How many commits a process page lists in its change history."""

    contribute_page = c.Type(str, default="")
    """A page (path relative to `docs_dir`) explaining how to propose a change without git, in
    the browser. When set, every page links to it twice: an icon beside the theme's edit action
    ("Suggest a change without git") and a line in the footer, beside the page's history."""
