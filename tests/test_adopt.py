"""Gradual adoption of an existing handbook: GitHub alerts, draft pages joining the process model,
the facts box under a page's own title (and, further down, folder defaults, navigation mounts and
the findings baseline), each checked with real MkDocs builds."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from helpers import check, commit_all, edit, mkdocs_build, write
from hypothesis import given
from hypothesis import strategies as st

from plugins.core.render import site
from plugins.core.render.pages import place_header

if TYPE_CHECKING:
    from pathlib import Path

ALERTS = """\
# Alerts

> [!NOTE]
> Read the [launch process](processes/launch.md) first: it has `code`, *emphasis*
> and a list:
>
> - one item
> - another item

> [!TIP]
> Ask in `#ops: help` [sic].

> [!IMPORTANT]
> Two paragraphs.
>
> The second one.

> [!WARNING]
> Mind the @handles.

> [!CAUTION]
> Irreversible.

> A plain quote stays a quote.
"""

ADMONITIONS = """\
# Alerts

!!! note "Note"
    Read the [launch process](processes/launch.md) first: it has `code`, *emphasis*
    and a list:

    - one item
    - another item

!!! tip "Tip"
    Ask in `#ops: help` [sic].

!!! important "Important"
    Two paragraphs.

    The second one.

!!! warning "Warning"
    Mind the @handles.

!!! caution "Caution"
    Irreversible.

> A plain quote stays a quote.
"""

_ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.DOTALL)


def _content(site: Path, page: str) -> str:
    html = (site / page / "index.html").read_text(encoding="utf-8")
    match = _ARTICLE.search(html)
    assert match is not None, page
    body = match.group(1)
    body = re.sub(r"<h1 id=[^>]*>.*?</h1>", "", body, flags=re.DOTALL)
    body = body[: body.rindex("</blockquote>") + 13]  # the page's footer names the page
    return re.sub(r"\s+", " ", body).strip()


@pytest.mark.build
@pytest.mark.parametrize("configured", [True, False], ids=["in-mkdocs-yml", "plugin-default"])
def test_github_alerts_render_exactly_as_material_admonitions(
    minimal: Path, tmp_path: Path, configured: bool
) -> None:
    if not configured:  # a site that never heard of alerts still gets them
        edit(minimal, "mkdocs.yml", "  - pymdownx.quotes:\n      callouts: true\n", "")
    write(minimal, "playbook/alerts.md", ALERTS)
    write(minimal, "playbook/admonitions.md", ADMONITIONS)
    edit(
        minimal,
        "mkdocs.yml",
        "  - Home: index.md\n",
        "  - Home: index.md\n  - alerts.md\n  - admonitions.md\n",
    )
    commit_all(minimal)
    result = mkdocs_build(minimal, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    alerts = _content(tmp_path / "site", "alerts")
    assert alerts == _content(tmp_path / "site", "admonitions")
    for kind in ("note", "tip", "important", "warning", "caution"):
        assert (
            f'<div class="admonition {kind}"> <p class="admonition-title">{kind.title()}</p>'
            in alerts
        )
    assert "[!" not in alerts
    assert "<blockquote> <p>A plain quote stays a quote.</p> </blockquote>" in alerts
    # The two kinds Material has no style for get one from the playbook's stylesheet.
    css = (tmp_path / "site" / site.STYLESHEET).read_text(encoding="utf-8")
    assert ".md-typeset .admonition.important" in css
    assert ".md-typeset .admonition.caution" in css


@given(
    title=st.text(st.characters(blacklist_characters="<>"), max_size=40),
    rest=st.text(max_size=80),
)
def test_header_goes_below_a_leading_title_and_nowhere_else(title: str, rest: str) -> None:
    header = '<div class="pb-facts">facts</div>\n'
    titled = f'<h1 id="t">{title}</h1>\n<p>{rest}</p>'
    assert place_header(titled, header) == f'<h1 id="t">{title}</h1>\n{header}<p>{rest}</p>'
    untitled = f"<p>{rest}</p>\n<h1>Later</h1>"
    assert place_header(untitled, header) == header + untitled


DRAFT = """\
---
kind: process
id: intake
title: Request intake
summary: How requests reach the team.
owner: ops
status: draft
stage: discover
last_reviewed: 2025-01-01
review_interval_days: 90
raci:
  responsible: [pm]
  accountable: [lead]
  consulted: [lead]
  informed: [lead]
---

# Request intake

Imported as it was: no sections yet.

## Background

Requests come by mail.
"""


def test_a_draft_page_joins_the_model_without_its_sections(minimal: Path) -> None:
    write(minimal, "playbook/processes/intake.md", DRAFT)
    report = check(minimal)
    assert "intake" in report.playbook.processes
    assert report.findings == []
    # The same page, made active, gets every section it lacks (and its overdue review).
    edit(minimal, "playbook/processes/intake.md", "status: draft", "status: active")
    rules = sorted(f.rule for f in check(minimal).findings)
    assert rules == ["PB502", "PB601", "PB601", "PB601", "PB601", "PB601"]


@pytest.mark.build
def test_draft_notice_and_facts_box_go_below_the_pages_own_title(
    minimal: Path, tmp_path: Path
) -> None:
    write(minimal, "playbook/processes/intake.md", DRAFT)
    edit(
        minimal,
        "playbook/processes/review.md",
        "---\n\n## Purpose",
        "---\n\n# Reviewing a launch\n\n## Purpose",
    )
    commit_all(minimal)
    result = mkdocs_build(minimal, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    draft = _page_article(tmp_path / "site", "processes/intake")
    assert draft.index("<h1") < draft.index('class="pb-facts"') < draft.index("Imported as it was")
    assert draft.count("<h1") == 1
    notice = re.search(
        r'<div class="admonition info"><p class="admonition-title">Draft process</p>(.*?)</div>',
        draft,
        re.DOTALL,
    )
    assert notice is not None
    assert "Purpose, When to use, Steps, Roles, Outputs" in notice.group(1)
    titled = _page_article(tmp_path / "site", "processes/review")
    assert titled.index(">Reviewing a launch") < titled.index('class="pb-facts"')
    assert titled.count("<h1") == 1
    # Without a title of its own the page gets the theme's, above the facts.
    plain = _page_article(tmp_path / "site", "processes/launch")
    assert plain.index("<h1") < plain.index('class="pb-facts"')


def _page_article(site: Path, page: str) -> str:
    html = (site / page / "index.html").read_text(encoding="utf-8")
    match = _ARTICLE.search(html)
    assert match is not None
    return match.group(1)
