"""Accessibility repairs applied to every built page (engine-free: HTML in, HTML out).

- Task-list checkboxes (pymdownx.tasklist) get the item's text as their accessible name.
- Material's search dialog gets a name.
"""

from __future__ import annotations

import html
import re

_TASK = re.compile(
    r'(<li class="task-list-item"><label class="task-list-control">)<input type="checkbox"( checked)?( disabled)?/>'
    r'(<span class="task-list-indicator"></span></label>)(.*?)(?=</li>|<ul|<ol|\n)',
    re.S,
)
_TAGS = re.compile(r"<[^>]+>")
_SEARCH_DIALOG = '<div class="md-search" data-md-component="search" role="dialog">'


def _label(match: re.Match[str]) -> str:
    text = html.unescape(_TAGS.sub("", match.group(5))).strip()
    name = html.escape(" ".join(text.split())[:200], quote=True) or "Task"
    checked = match.group(2) or ""
    disabled = match.group(3) or ""
    return (
        f'{match.group(1)}<input type="checkbox"{checked}{disabled} aria-label="{name}"/>'
        f"{match.group(4)}{match.group(5)}"
    )


def repair_content(content_html: str) -> str:
    """Add the accessible names the Markdown extensions leave out of a page's content."""
    if "task-list-item" in content_html:
        return _TASK.sub(_label, content_html)
    return content_html


def repair_page(page_html: str) -> str:
    """Add the accessible names the theme leaves out of a built page (its search dialog)."""
    return page_html.replace(
        _SEARCH_DIALOG,
        '<div class="md-search" data-md-component="search" role="dialog" aria-label="Search">',
        1,
    )
