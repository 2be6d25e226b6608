"""A live preview renders again only what an edit of data changes (`render.memo.Memo`): whatever
edits follow one another, the pages and page headers it gives are those rendered from scratch."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
from typing import TYPE_CHECKING

from helpers import SITES, TODAY, edit
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from plugins.core.loader import load_playbook
from plugins.core.render import site
from plugins.core.render.generate import generate_pages
from plugins.core.render.memo import Memo
from plugins.core.render.pages import doc_parts
from plugins.core.settings import read_settings

if TYPE_CHECKING:
    from pathlib import Path

    from plugins.core.model import Playbook

#: Text real teams write, with what YAML and Markdown care about.
HOSTILE = st.sampled_from(
    [
        "`Ops` [team]",
        "Ops: *the* team @here",
        'Quotes "and" \\backslashes\\',
        "<b>raw</b> & entities &amp;",
        "Product Ops",
    ]
)

#: Edits of data files: file, the text replaced, a template for the new text ({} is the value).
EDITS = [
    ("data/teams.yml", "name: Product Ops", "name: {}"),
    ("data/roles.yml", "name: Product manager", "name: {}"),
    ("data/kpis.yml", "name: Time to ship", "name: {}"),
    ("data/tools.yml", "name: Tracker", "name: {}"),
    ("data/glossary.yml", "definition: General availability.", "definition: {}"),
    ("data/themes.yml", "name: Core product", "name: {}"),
    ("data/roadmap/fast-search.yml", "title: Fast search", "title: {}"),
    ("data/releases/1.1.0.yml", "summary: Search got fast.", "summary: {}"),
    ("data/roadmap/offline-mode.yml", "status: ", "status: {}"),
]


def _context(root: Path) -> site.SiteContext:
    return site.SiteContext(
        today=TODAY,
        site_url="https://example.org/",
        site_name="Example",
        repo_url="",
        data_dir="data",
        directory_urls=True,
        history=False,
    )


def _rendered(memo: Memo[Playbook] | None, pb: Playbook, root: Path) -> tuple[object, ...]:
    ctx, settings_ = _context(root), read_settings(root)
    pages = generate_pages(pb, ctx, settings_, None, memo)
    parts = []
    for uri, page in pb.pages.items():
        if page.doc is not None:
            call = (
                memo.call(("doc", uri), doc_parts, page.doc, TODAY, True)
                if memo
                else doc_parts(pb, page.doc, TODAY, True)
            )
            parts.append(call)
    return tuple(pages), tuple(parts)


def _quote(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(st.tuples(st.integers(0, len(EDITS) - 1), HOSTILE), min_size=1, max_size=5))
def test_reused_pages_are_the_pages_rendered_again(tmp_path: Path, steps: list) -> None:
    root = tmp_path / f"site-{len(list(tmp_path.iterdir()))}"
    shutil.copytree(SITES / "minimal", root)
    settings_ = read_settings(root)
    memo: Memo[Playbook] = Memo()
    pb = load_playbook(settings_).playbook
    memo.model(pb)
    assert _rendered(memo, pb, root) == _rendered(None, pb, root)
    current = {i: old for i, (_, old, _) in enumerate(EDITS)}
    for index, value in steps:
        path, _, template = EDITS[index]
        if path.endswith("offline-mode.yml"):
            value = "shipped" if "shipped" not in current[index] else "planned"
            new = template.format(value)
            text = (root / path).read_text(encoding="utf-8")
            line = next(li for li in text.splitlines() if li.startswith("status: "))
            edit(root, path, line, new)
        else:
            new = template.format(_quote(value))
            edit(root, path, current[index], new)
        current[index] = new
        pb = load_playbook(settings_).playbook
        memo.model(pb)
        assert _rendered(memo, pb, root) == _rendered(None, pb, root)


@dataclasses.dataclass(frozen=True)
class _Model:
    a: dict[str, int]
    b: tuple[int, ...]

    @property
    def total(self) -> int:
        return sum(self.a.values())

    def first(self) -> int:
        return self.b[0]


def test_a_field_read_through_a_method_or_property_is_a_field_read() -> None:
    memo: Memo[_Model] = Memo()
    calls: list[str] = []

    def by_property(m: _Model, scale: int) -> int:
        calls.append("property")
        return m.total * scale

    def by_method(m: _Model) -> int:
        calls.append("method")
        return m.first()

    memo.model(_Model({"x": 1}, (5,)))
    assert (memo.call("p", by_property, 2), memo.call("m", by_method)) == (2, 5)
    memo.model(_Model({"x": 1}, (6,)))  # `a` equal: the property's result is kept
    assert (memo.call("p", by_property, 2), memo.call("m", by_method)) == (2, 6)
    assert calls == ["property", "method", "method"]
    memo.model(_Model({"x": 3}, (6,)))
    assert (memo.call("p", by_property, 2), memo.call("m", by_method)) == (6, 6)
    assert memo.call("p", by_property, 3) == 9  # other arguments: rendered again
    assert calls == ["property", "method", "method", "property", "property"]


def test_dates_in_arguments_are_compared() -> None:
    memo: Memo[_Model] = Memo()
    memo.model(_Model({}, (1,)))
    day = dt.date(2026, 1, 1)
    assert memo.call("d", lambda m, d: d.isoformat(), day) == "2026-01-01"
    assert memo.call("d", lambda m, d: d.isoformat(), day + dt.timedelta(1)) == "2026-01-02"
