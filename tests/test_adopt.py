"""Gradual adoption of an existing handbook: GitHub alerts, draft pages joining the process model,
the facts box under a page's own title (and, further down, folder defaults, navigation mounts and
the findings baseline), each checked with real MkDocs builds."""

from __future__ import annotations

import json
import re
import tempfile
from pathlib import Path

import pytest
from helpers import check, commit_all, edit, mkdocs_build, write
from hypothesis import given
from hypothesis import strategies as st

from plugins.cli.main import main
from plugins.core import baseline, folder_meta
from plugins.core.findings import Finding, Location, Severity
from plugins.core.nav import mount_folders
from plugins.core.render import site
from plugins.core.render.pages import place_header
from plugins.core.yamlio import Marks

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
        edit(minimal, "mkdocs.yml", "  - pymdownx.quotes: {callouts: true}", "")
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


# ---- Baseline ---------------------------------------------------------------------------------

INHERITED = """\
# Old handbook page

Inherited from the old site: a [dead link](gone.md), a [dead anchor](processes/launch.md#nope)
and a [good one](processes/review.md).
"""


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main([*args, "--today", "2026-11-23"])
    captured = capsys.readouterr()
    if "--format" in args:  # machine formats: the document alone on stdout, the baseline note apart
        json.loads(captured.out)
        assert captured.err == "" or "held back by the baseline" in captured.err
    return code, captured.out


def test_baseline_holds_back_known_findings_and_only_new_ones_fail(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = str(minimal)
    write(minimal, "playbook/old.md", INHERITED)
    edit(
        minimal,
        "playbook/index.md",
        "[roadmap](roadmap/index.md)",
        "[roadmap](roadmap/index.md), [old](old.md)",
    )
    code, out = _cli(capsys, "check", "--root", root)
    assert code == 1
    assert "PB701" in out
    assert "PB702" in out

    code, out = _cli(capsys, "baseline", "--root", root)
    assert code == 0
    assert "Wrote playbook-baseline.json: 2 known finding(s) in 1 file(s)" in out
    recorded = json.loads((minimal / "playbook-baseline.json").read_text(encoding="utf-8"))
    assert [(e["rule"], e["path"], e["count"]) for e in recorded["findings"]] == [
        ("PB701", "playbook/old.md", 1),
        ("PB702", "playbook/old.md", 1),
    ]
    assert all("line" not in e for e in recorded["findings"])
    assert _cli(capsys, "check", "--root", root) == (
        0,
        "No problems found.\n2 known findings held back by the baseline (playbook-baseline.json).\n",
    )
    assert "is up to date" in _cli(capsys, "baseline", "--root", root)[1]

    # Unrelated edits move the findings to other lines: still known.
    edit(
        minimal,
        "playbook/old.md",
        "# Old handbook page\n",
        "# Old handbook page\n\nA new intro.\n\nMore.\n",
    )
    assert _cli(capsys, "check", "--root", root)[0] == 0

    # A newly broken link fails, and only it is listed.
    edit(
        minimal,
        "playbook/old.md",
        "[good one](processes/review.md)",
        "[good one](processes/reviews.md)",
    )
    code, out = _cli(capsys, "check", "--root", root, "--format", "json")
    assert code == 1
    data = json.loads(out)
    assert [(f["rule"], f["line"]) for f in data["findings"]] == [("PB701", 8)]

    # Fixing a known one: check says the baseline can shrink, and `playbook baseline` shrinks it.
    edit(minimal, "playbook/old.md", "(processes/reviews.md)", "(processes/review.md)")
    edit(minimal, "playbook/old.md", "[dead link](gone.md)", "[live link](processes/launch.md)")
    code, out = _cli(capsys, "check", "--root", root)
    assert code == 0
    assert "1 known finding held back" in out
    assert "1 baselined finding no longer occurs: run `playbook baseline` to shrink" in out
    code, out = _cli(capsys, "baseline", "--root", root)
    assert "1 known finding(s) in 1 file(s) (1 fixed since the last baseline)" in out
    recorded = json.loads((minimal / "playbook-baseline.json").read_text(encoding="utf-8"))
    assert [e["rule"] for e in recorded["findings"]] == ["PB702"]


def test_identical_findings_are_counted(minimal: Path, capsys: pytest.CaptureFixture[str]) -> None:
    root = str(minimal)
    write(minimal, "playbook/old.md", "[a](gone.md)\n\n[a](gone.md)\n\n[a](gone.md)\n")
    edit(
        minimal,
        "playbook/index.md",
        "[roadmap](roadmap/index.md)",
        "[roadmap](roadmap/index.md), [old](old.md)",
    )
    _cli(capsys, "baseline", "--root", root)
    edit(
        minimal,
        "playbook/old.md",
        "[a](gone.md)\n\n",
        "",
    )
    code, out = _cli(capsys, "check", "--root", root)
    assert code == 0
    assert "2 known findings held back" in out
    assert "1 baselined finding no longer occurs" in out
    write(
        minimal, "playbook/old.md", "[a](gone.md)\n\n[a](gone.md)\n\n[a](gone.md)\n\n[a](gone.md)\n"
    )
    code, out = _cli(capsys, "check", "--root", root)
    assert code == 1
    assert "Found 1 error in 1 file." in out


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ('{"findings": [\n  {"rule": "PB701"}\n]}\n', 2),
        (
            '{"findings": [\n  {"rule": "PB701", "path": "a.md", "fingerprint": "x", "count": 0}\n]}\n',
            2,
        ),
        ('{"findings": [\n  {"rule": "PB701",\n  "path": ]}\n', 3),
        ("[]\n", 1),
    ],
)
def test_an_unreadable_baseline_is_an_error_at_its_line(
    minimal: Path, text: str, line: int
) -> None:
    write(minimal, "playbook-baseline.json", text)
    found = [(f.rule, f.path, f.line) for f in check(minimal).findings]
    assert found == [("PB131", "playbook-baseline.json", line)]


_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), min_size=1, max_size=30)


@given(
    entries=st.lists(
        st.tuples(st.sampled_from(["PB701", "PB601", "PB301"]), _TEXT, _TEXT, _TEXT),
        max_size=20,
    )
)
def test_baseline_file_round_trips_any_text(entries: list[tuple[str, str, str, str]]) -> None:
    counts: dict[baseline.Key, int] = {}
    messages: dict[baseline.Key, str] = {}
    for rule, path, print_, message in entries:
        key = baseline.Key(rule, path, print_)
        counts[key] = counts.get(key, 0) + 1
        messages.setdefault(key, message)
    recorded = baseline.Baseline(counts, messages)
    with tempfile.TemporaryDirectory() as directory:
        (Path(directory) / "b.json").write_text(baseline.dumps(recorded), encoding="utf-8")
        loaded, problems = baseline.load(Path(directory), "b.json")
    assert problems == []
    assert loaded.counts == counts


@given(line=st.integers(1, 10_000), col=st.integers(1, 200), days=st.integers(1, 999))
def test_fingerprints_ignore_positions_counts_and_suggestions(
    line: int, col: int, days: int
) -> None:
    first = Finding(
        Location("p.md", 3, 2), "PB501", Severity.WARNING, "'x' was due 5 days ago; see p.md:3"
    )
    moved = Finding(
        Location("p.md", line, col),
        "PB501",
        Severity.WARNING,
        f"'x' was due {days} days ago; see p.md:{line}; did you mean 'y'?",
    )
    assert baseline.key_of(first) == baseline.key_of(moved)
    other = Finding(Location("p.md", 3, 2), "PB501", Severity.WARNING, "'z' was due 5 days ago")
    assert baseline.key_of(first) != baseline.key_of(other)


# ---- Navigation -------------------------------------------------------------------------------


def test_a_mounted_folder_is_arranged_as_mkdocs_arranges_a_site_without_nav() -> None:
    pages = [
        "handbook/zeta.md",
        "handbook/people/onboarding.md",
        "handbook/index.md",
        "handbook/people/index.md",
        "handbook/alpha.md",
        "handbook/people/leave_policy/parental.md",
        "handbook-old/index.md",
        "index.md",
    ]
    nav = [
        {"Home": "index.md"},
        {"Handbook": "handbook/"},
        "./handbook-old/",
        {"X": "https://x.org/"},
    ]
    assert mount_folders(nav, pages) == [
        {"Home": "index.md"},
        {
            "Handbook": [
                "handbook/index.md",
                "handbook/alpha.md",
                "handbook/zeta.md",
                {
                    "People": [
                        "handbook/people/index.md",
                        "handbook/people/onboarding.md",
                        {"Leave policy": ["handbook/people/leave_policy/parental.md"]},
                    ]
                },
            ]
        },
        {"Handbook old": ["handbook-old/index.md"]},
        {"X": "https://x.org/"},
    ]


HANDBOOK = {
    "playbook/handbook/index.md": "# Handbook\n\nSee [onboarding](people/onboarding.md).\n",
    "playbook/handbook/people/onboarding.md": "# Onboarding\n\n## First week\n\nWelcome.\n",
    "playbook/handbook/people/leave.md": "# Leave\n\nAsk your lead.\n",
}


@pytest.mark.build
def test_nav_mounts_an_imported_folder_next_to_the_generated_sections(
    minimal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for rel, text in HANDBOOK.items():
        write(minimal, rel, text)
    # Without the mount the imported pages are unreachable.
    assert {f.rule for f in check(minimal).findings} == {"PB703"}
    edit(minimal, "mkdocs.yml", "  - Processes:\n", "  - Handbook: handbook/\n  - Processes:\n")
    assert check(minimal).findings == []
    commit_all(minimal)
    result = mkdocs_build(minimal, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    for href in ("handbook/", "roadmap/", "releases/", "processes/"):
        assert f'href="{href}"' in html, href
    assert html.index('href="handbook/"') < html.index('href="processes/"')
    # The section a page is in is expanded (Material prunes the others): the folder tree.
    leave = (tmp_path / "site" / "handbook/people/leave/index.html").read_text(encoding="utf-8")
    for href in ("../onboarding/", "../../", "../../../roadmap/", "../../../releases/"):
        assert f'href="{href}"' in leave, href


def test_a_mount_of_a_folder_without_pages_is_reported(minimal: Path) -> None:
    edit(minimal, "mkdocs.yml", "  - Processes:\n", "  - Handbook: hand-book/\n  - Processes:\n")
    found = check(minimal).findings
    assert [(f.rule, f.path, f.line) for f in found] == [("PB704", "mkdocs.yml", 39)]
    assert "hand-book/" in found[0].message


@pytest.mark.build
def test_without_nav_the_generated_sections_still_appear(minimal: Path, tmp_path: Path) -> None:
    text = (minimal / "mkdocs.yml").read_text(encoding="utf-8")
    (minimal / "mkdocs.yml").write_text(text[: text.index("nav:")], encoding="utf-8")
    for rel, page in HANDBOOK.items():
        write(minimal, rel, page)
    commit_all(minimal)
    result = mkdocs_build(minimal, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    # Sections link to their first page (Material prunes the rest of the tree from this page).
    for href in ("roadmap/", "releases/", "people/roles/", "reference/data-formats/", "reviews/"):
        assert f'href="{href}"' in html, href
    rules = (tmp_path / "site" / "reference/rules/index.html").read_text(encoding="utf-8")
    assert 'href="../data-formats/"' in rules
    teams = (tmp_path / "site" / "people/teams/index.html").read_text(encoding="utf-8")
    assert 'href="../roles/"' in teams


# ---- Folder defaults (.meta.yml) --------------------------------------------------------------

PEOPLE_META = """\
kind: process
owner: ops
status: draft
stage: operate
last_reviewed: 2026-10-01
review_interval_days: 180
tags: [imported]
raci:
  responsible: [pm]
  accountable: [lead]
  consulted: [lead]
  informed: [lead]
"""


def _imported(root: Path, rel: str, ident: str, extra: str = "") -> None:
    write(
        root,
        rel,
        f"---\nid: {ident}\ntitle: 'Imported: {ident} [old] *site*'\nsummary: \"@ops: `{ident}`\"\n"
        f"{extra}---\n\n# {ident.title()}\n\nText from the old handbook.\n",
    )


def test_folder_defaults_apply_below_with_nearer_folders_and_the_page_winning(
    minimal: Path,
) -> None:
    write(minimal, "playbook/handbook/people/.meta.yml", PEOPLE_META)
    write(minimal, "playbook/handbook/.meta.yml", "owner: core\nsearch: {exclude: true}\n")
    _imported(minimal, "playbook/handbook/people/onboarding.md", "onboarding")
    _imported(
        minimal, "playbook/handbook/people/deep/leave.md", "leave", "tags: [hr]\nowner: core\n"
    )
    write(
        minimal,
        "playbook/handbook/index.md",
        "# Handbook\n\n[a](people/onboarding.md) [b](people/deep/leave.md)\n",
    )
    edit(minimal, "mkdocs.yml", "  - Processes:\n", "  - Handbook: handbook/\n  - Processes:\n")
    report = check(minimal)
    assert report.findings == []
    onboarding = report.playbook.processes["onboarding"]
    assert (onboarding.owner, onboarding.status, onboarding.tags) == ("ops", "draft", ("imported",))
    assert onboarding.title == "Imported: onboarding [old] *site*"
    leave = report.playbook.processes["leave"]
    assert (leave.owner, leave.tags, leave.review.interval_days) == (
        "core",
        ("imported", "hr"),
        180,
    )
    assert "handbook/index.md" in report.playbook.pages
    assert report.playbook.pages["handbook/index.md"].doc is None


def test_findings_about_a_default_point_into_the_meta_file_once(minimal: Path) -> None:
    write(
        minimal,
        "playbook/handbook/.meta.yml",
        "# defaults\n" + PEOPLE_META.replace("owner: ops", "owner: opz"),
    )
    _imported(minimal, "playbook/handbook/a.md", "page-a")
    _imported(minimal, "playbook/handbook/b.md", "page-b", "status: active\n")
    edit(minimal, "mkdocs.yml", "  - Processes:\n", "  - Handbook: handbook/\n  - Processes:\n")
    found = [(f.rule, f.path, f.line) for f in check(minimal).findings]
    assert found == [
        ("PB301", "playbook/handbook/.meta.yml", 3),  # once, though two pages inherit it
        ("PB601", "playbook/handbook/b.md", 7),
        ("PB601", "playbook/handbook/b.md", 7),
        ("PB601", "playbook/handbook/b.md", 7),
        ("PB601", "playbook/handbook/b.md", 7),
        ("PB601", "playbook/handbook/b.md", 7),
    ]
    # A wrong type in the defaults: at its line in .meta.yml, with the expected type.
    write(
        minimal,
        "playbook/handbook/.meta.yml",
        PEOPLE_META.replace("review_interval_days: 180", "review_interval_days: often"),
    )
    found = check(minimal).findings
    assert [(f.rule, f.path, f.line) for f in found if f.rule != "PB601"] == [
        ("PB112", "playbook/handbook/.meta.yml", 6)
    ]


@pytest.mark.parametrize(
    ("text", "rule", "where"),
    [
        ("owner: ops\nstage: [operate\n", "PB100", "handbook/.meta.yml:2"),
        ("- owner: ops\n", "PB130", "handbook/.meta.yml:1"),
        ("owner: ops\nowner: core\n", "PB104", "handbook/.meta.yml:2"),
        # A list in the page where its folder has a single value: at the page's value.
        ("tags: imported\n", "PB130", "handbook/a.md:5"),
    ],
)
def test_a_broken_meta_file_is_reported_at_its_line(
    minimal: Path, text: str, rule: str, where: str
) -> None:
    write(minimal, "playbook/handbook/.meta.yml", text)
    _imported(minimal, "playbook/handbook/a.md", "page-a", "tags: [x]\n")
    write(
        minimal,
        "playbook/index.md",
        (minimal / "playbook/index.md").read_text(encoding="utf-8") + "\n[a](handbook/a.md)\n",
    )
    found = [(f.rule, f"{f.path}:{f.line}") for f in check(minimal).findings]
    assert (rule, f"playbook/{where}") in found


@pytest.mark.build
def test_the_build_sees_folder_defaults_in_page_meta(minimal: Path, tmp_path: Path) -> None:
    write(minimal, "playbook/handbook/people/.meta.yml", PEOPLE_META)
    write(minimal, "playbook/handbook/.meta.yml", "render_macros: true\n")
    write(
        minimal,
        "playbook/handbook/index.md",
        "# Handbook\n\nSum: {{ 20 + 22 }}.\n\n[a](people/onboarding.md)\n",
    )
    _imported(minimal, "playbook/handbook/people/onboarding.md", "onboarding")
    edit(minimal, "mkdocs.yml", "  - Processes:\n", "  - Handbook: handbook/\n  - Processes:\n")
    commit_all(minimal)
    result = mkdocs_build(minimal, tmp_path / "site")
    assert result.returncode == 0, result.stderr
    index = (tmp_path / "site" / "handbook/index.html").read_text(encoding="utf-8")
    assert "Sum: 42." in index
    page = _page_article(tmp_path / "site", "handbook/people/onboarding")
    assert re.search(r"Owner</span>\s*<a [^>]*>Product Ops</a>", page)
    assert "Draft process" in page
    assert not (tmp_path / "site" / "handbook/.meta.yml").exists()


# ---- Done when: an imported handbook builds strictly after `playbook baseline` ------------------

OLD_HANDBOOK = {
    "playbook/handbook/index.md": """\
# Company handbook

<!-- migrated from the old wiki -->

> [!IMPORTANT]
> Read [onboarding](people/onboarding.md) first, then the [old policy](people/policy-2019.md).

<div class="note" markdown="1">Raw HTML with **Markdown** inside.</div>

- [Leave](people/leave.md#how-to-ask) and [expenses](finance/expenses.md)
- Mail <hr@example.org> or see [the wiki](https://wiki.example.org/a_(b)).
""",
    "playbook/handbook/people/onboarding.md": """\
# Onboarding

> [!TIP]
> Your buddy: `@ana` [sic].

## First week

1. Laptop: see [IT](../it/laptop.md).
2. Read the [handbook](../index.md).
""",
    "playbook/handbook/people/leave.md": """\
---
kind: process
id: leave-requests
title: "Leave: how to ask"
summary: "Time off, @ops: `draft` [imported]"
---

# Leave

## How we ask

Ask your lead. See [onboarding](onboarding.md#first-week).
""",
    "playbook/handbook/people/.meta.yml": PEOPLE_META.replace("kind: process\n", "").replace(
        "status: draft", "status: active"
    ),
    "playbook/handbook/finance/expenses.md": "# Expenses\n\n> [!WARNING]\n> Keep receipts.\n",
}


def _logged_findings(problems: list[str], rules: tuple[str, ...]) -> int:
    """How many findings of `rules` the build log reports: a group line counts its findings."""
    total = 0
    for line in problems:
        if any(rule in line for rule in rules):
            group = re.search(r"\] (\d+) findings of one kind", line)
            total += int(group.group(1)) if group else 1
    return total


def _strict_build(root: Path, site: Path) -> tuple[int, list[str]]:
    result = mkdocs_build(root, site)
    problems = [
        line for line in result.stderr.splitlines() if line.startswith(("WARNING", "ERROR"))
    ]
    return result.returncode, problems


@pytest.mark.build
def test_an_imported_handbook_builds_strictly_after_baseline_and_new_breakage_fails(
    minimal: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = str(minimal)
    for rel, text in OLD_HANDBOOK.items():
        write(minimal, rel, text)
    edit(minimal, "mkdocs.yml", "  - Processes:\n", "  - Handbook: handbook/\n  - Processes:\n")
    commit_all(minimal)

    # Inherited problems: two dead links, one dead anchor, five missing sections.
    code, out = _cli(capsys, "check", "--root", root, "--format", "json")
    assert code == 1
    before = json.loads(out)["findings"]
    assert sorted(f["rule"] for f in before) == ["PB601"] * 5 + ["PB701"] * 2 + ["PB702"]
    code, problems = _strict_build(minimal, tmp_path / "before")
    assert code != 0
    # Each finding is logged once; five of one kind (the missing sections) as one group.
    assert _logged_findings(problems, ("PB6", "PB7")) == len(before)
    assert not [p for p in problems if "Doc file" in p]  # each link reported once, by the checks

    assert _cli(capsys, "baseline", "--root", root)[0] == 0
    assert _cli(capsys, "check", "--root", root, "--strict")[0] == 0
    code, problems = _strict_build(minimal, tmp_path / "after")
    assert (code, problems) == (0, [])
    page = (tmp_path / "after" / "handbook/index.html").read_text(encoding="utf-8")
    assert '<div class="admonition important">' in page
    leave = _page_article(tmp_path / "after", "handbook/people/leave")
    assert leave.index(">Leave<") < leave.index('class="pb-facts"')

    # A newly broken link fails both, and is the only finding reported.
    edit(minimal, "playbook/handbook/people/onboarding.md", "(../index.md)", "(../index-old.md)")
    code, out = _cli(capsys, "check", "--root", root, "--format", "json")
    assert code == 1
    assert [(f["rule"], f["path"], f["line"]) for f in json.loads(out)["findings"]] == [
        ("PB701", "playbook/handbook/people/onboarding.md", 9)
    ]
    code, problems = _strict_build(minimal, tmp_path / "broken")
    assert code != 0
    assert [p for p in problems if "PB" in p] == [
        (
            "ERROR   -  playbook/handbook/people/onboarding.md:9:24: PB701 link to "
            "'../index-old.md' points at no page (resolved to handbook/index-old.md); "
            "did you mean '../index.md'?"
        )
    ]


def test_reference_pages_document_what_adoption_relaxes() -> None:
    from plugins.core.render.reference import formats_page, rules_page
    from plugins.core.vocabulary import DEFAULT

    rules_md = rules_page()
    adopting = rules_md[rules_md.index("## Adopting the rules gradually") :]
    for words in (
        "playbook baseline",
        "playbook-baseline.json",
        "[PB601](#pb601)",
        "[PB501](#pb501)",
        ".meta.yml",
    ):
        assert words in adopting, words
    formats = formats_page(DEFAULT)
    assert "## Folder defaults: `.meta.yml` {#folder-defaults}" in formats
    assert "- Handbook: handbook/" in formats


_KEYS = st.sampled_from(["owner", "tags", "raci", "search", "a-b", "x"])
_LEAF = st.one_of(st.text(max_size=8), st.integers(-5, 5), st.booleans())
_VALUE = st.recursive(
    _LEAF,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(_KEYS, inner, max_size=3)),
    max_leaves=8,
)
_LAYER = st.dictionaries(_KEYS, _VALUE, max_size=4)


@given(layers=st.lists(_LAYER, min_size=1, max_size=4))
def test_defaults_merge_as_materials_meta_plugin_merges_them(
    layers: list[dict[str, object]],
) -> None:
    """The same values as Material's meta plugin (mergedeep, typesafe additive), whenever that
    merge succeeds; the checks' merge (with positions) and the build's merge agree."""
    import copy

    from mergedeep import Strategy, merge

    expected: dict[str, object] = {}
    try:
        for layer in layers:
            merge(expected, copy.deepcopy(layer), strategy=Strategy.TYPESAFE_ADDITIVE)
    except TypeError:
        return  # Material refuses to build; we report PB130 and keep the nearer value
    built: dict[str, object] = {}
    for layer in layers:
        folder_meta.merge_values(built, layer)
    assert built == expected
    *folders, own = layers
    chain_ = tuple(
        folder_meta.FolderMeta(f"f{i}/", copy.deepcopy(values), Marks(f"f{i}/.meta.yml"))
        for i, values in enumerate(folders)
    )
    checked, _marks, conflicts = folder_meta.merged(chain_, copy.deepcopy(own), Marks("page.md"))
    assert checked == expected
    assert conflicts == []
