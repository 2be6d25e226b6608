"""Options of the `playbook-preview` plugin."""

from __future__ import annotations

from mkdocs.config import config_options as c
from mkdocs.config.base import Config


class PreviewConfig(Config):
    enabled = c.Choice(("serve", "always", "never"), default="serve")
    """When rebuilds reuse the work of the previous build: under `mkdocs serve` only (the
    default), in every build of the same process (`always`: tests and benchmarks), or `never`."""
