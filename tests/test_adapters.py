"""The MkDocs adapters' own helpers, without a build."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

from plugins.mkdocs_plugins.common import Unsearched


def test_content_added_after_search_is_taken_back_once_the_page_is_written() -> None:
    page: Any = SimpleNamespace(content="<p>Indexed by search</p>")
    indexed = page.content
    details, footer = Unsearched(), Unsearched()

    details.put(page, page.content + "<details>RACI</details>")  # the content plugin, first
    footer.put(page, page.content + "<footer>Last updated</footer>")  # the history plugin
    assert page.content.endswith("<details>RACI</details><footer>Last updated</footer>")

    footer.take_back(page)  # last in, first out: each finds the content as it left it
    details.take_back(page)
    assert page.content is indexed  # MkDocs keeps only what search indexed


def test_content_changed_since_is_left_alone() -> None:
    page: Any = SimpleNamespace(content="<p>a</p>")
    added = Unsearched()
    added.put(page, "<p>a</p><aside>b</aside>")
    page.content = "<p>rewritten by another plugin</p>"
    added.take_back(page)
    assert page.content == "<p>rewritten by another plugin</p>"
    added.take_back(SimpleNamespace(content="x"))  # nothing pending: no effect, no error
