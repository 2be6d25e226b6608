"""Where a build's time goes, page by page: a MkDocs hook module (a development tool).

Add it to a copy of a site's `mkdocs.yml` and build:

    hooks:
      - /path/to/scripts/page_times.py

For every page it times two stretches, each from the first plugin's event to the last one's:

  convert   `on_page_markdown` to `on_page_content`: Python-Markdown and every plugin's work on
            the page's Markdown and HTML
  render    `on_page_context` to `on_post_page`: the template context (Material's search indexes
            the page here), the theme's templates, and every plugin's work on the output

After the build it prints both totals, the share of the pages plugins generate
(`File.generated_by`), and the slowest stretches with their page. Wall time of one process:
compare builds in alternating rounds, as `scripts/bench.py` does.
"""

from __future__ import annotations

import time
from collections import defaultdict
from typing import Any

from mkdocs.plugins import CombinedEvent, event_priority

_started: dict[tuple[str, str], float] = {}
_spent: defaultdict[tuple[str, str], float] = defaultdict(float)
_generated: set[str] = set()
_SHOWN = 15


def _start(stretch: str, page: Any) -> None:
    _started[stretch, page.file.src_uri] = time.perf_counter()
    if page.file.generated_by is not None:
        _generated.add(page.file.src_uri)


def _stop(stretch: str, page: Any) -> None:
    key = (stretch, page.file.src_uri)
    started = _started.pop(key, None)
    if started is not None:
        _spent[key] += time.perf_counter() - started


def _opening(stretch: str) -> Any:
    """The first handler of an event: the stretch starts (the value passes through)."""

    @event_priority(100)
    def handler(value: Any, /, *, page: Any, **_: Any) -> Any:
        _start(stretch, page)
        return value

    return handler


def _closing(stretch: str) -> Any:
    """The last handler of an event: the stretch ends."""

    @event_priority(-100)
    def handler(value: Any, /, *, page: Any, **_: Any) -> Any:
        _stop(stretch, page)
        return value

    return handler


on_page_markdown = CombinedEvent(_opening("convert"))
on_page_content = CombinedEvent(_closing("convert"))
on_page_context = CombinedEvent(_opening("render"))
on_post_page = CombinedEvent(_closing("render"))


def on_post_build(**_: Any) -> None:
    for stretch in ("convert", "render"):
        spent = {uri: t for (kind, uri), t in _spent.items() if kind == stretch}
        generated = sum(t for uri, t in spent.items() if uri in _generated)
        print(
            f"{stretch}: {sum(spent.values()):.2f} s over {len(spent)} pages, "
            f"{generated:.2f} s of it on {len(_generated)} generated pages"
        )
    slowest = sorted(_spent.items(), key=lambda item: -item[1])[:_SHOWN]
    for (stretch, uri), spent_on in slowest:
        mark = " (generated)" if uri in _generated else ""
        print(f"{spent_on * 1000:8.1f} ms  {stretch:7}  {uri}{mark}")
