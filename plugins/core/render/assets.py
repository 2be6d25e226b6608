"""Static assets shipped with the package (the roadmap filter script and the stylesheet)."""

from __future__ import annotations

from importlib.resources import files

_STATIC = files("plugins.core.render") / "static"

ROADMAP_SCRIPT: bytes = (_STATIC / "roadmap.js").read_bytes()
STYLESHEET: bytes = (_STATIC / "playbook.css").read_bytes()
