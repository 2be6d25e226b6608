"""Facts quoted from data, worked examples checked against the roadmap, and RACI sanity.

Pages quote policy values with `{{ fact("id") }}`; example tables cite roadmap items with
`{{ link("id") }}` and are checked against the items' data; a RACI with one role in every slot
is flagged. Each is checked by `playbook check` and the strict build alike.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from hypothesis import given
from hypothesis import strategies as st

from plugins.core.authoring import new_page, scaffold_raci
from plugins.core.markdown import scan_macros
from plugins.core.settings import read_settings
from tests.helpers import commit_all, edit, findings_of, mkdocs_build, write

if TYPE_CHECKING:
    from pathlib import Path

FACTS = """\
facts:
  - id: breaking-change-notice
    value: "60 days: `never` less, see [policy]* @legal"
    description: Minimum notice before a breaking change.
  - id: go-no-go
    value: "{{ config.site_name }}"
    description: Data is never evaluated as a template.
"""

PAGE = """\
---
title: Notes
render_macros: true
---

# Notes

Breaking changes need {{ fact("breaking-change-notice") }} of notice.
Decider: {{ fact("go-no-go") }}.

| Item | Horizon | Status |
| --- | --- | --- |
| {{ link("fast-search") }} | now | `shipped` |
| {{ link("offline-mode") }} | later | proposed |

{% raw %}
```jinja
{{ fact("inside-raw-is-not-a-call") }}
```
{% endraw %}
"""


def _site(minimal: Path, page: str = PAGE) -> Path:
    write(minimal, "data/facts.yml", FACTS)
    write(minimal, "playbook/notes.md", page)
    edit(
        minimal,
        "mkdocs.yml",
        "      - processes/index.md",
        "      - processes/index.md\n  - notes.md",
    )
    return minimal


def test_agreeing_examples_and_known_facts_pass(minimal: Path) -> None:
    assert findings_of(_site(minimal)) == []


def test_unknown_fact_is_reported_with_its_line(minimal: Path) -> None:
    _site(minimal, PAGE.replace('fact("go-no-go")', 'fact("go-no-goo")'))
    assert findings_of(minimal) == [("PB303", "playbook/notes.md", 9)]


def test_example_row_contradicting_the_roadmap_is_reported(minimal: Path) -> None:
    page = PAGE.replace("| now | `shipped` |", "| now | in-progress |").replace(
        "| later | proposed |", "| next | proposed |"
    )
    _site(minimal, page)
    report = [(f.rule, f.line, f.message) for f in _findings(minimal)]
    assert report == [
        ("PB304", 13, "the row says 'fast-search' is in-progress; its data says shipped"),
        ("PB304", 14, "the row puts 'offline-mode' in next; its data says later"),
    ]


def test_data_changing_under_an_example_is_reported(minimal: Path) -> None:
    _site(minimal)
    edit(minimal, "data/roadmap/offline-mode.yml", "status: proposed", "status: cancelled")
    assert findings_of(minimal) == [("PB304", "playbook/notes.md", 14)]


def test_pages_without_render_macros_are_not_scanned(minimal: Path) -> None:
    _site(minimal, PAGE.replace("render_macros: true\n", "").replace("go-no-go", "nothing"))
    assert findings_of(minimal) == []


def _findings(root: Path) -> list:  # type: ignore[type-arg]
    from tests.helpers import check

    return check(root).findings


def test_raci_with_one_role_everywhere_is_reported(minimal: Path) -> None:
    edit(
        minimal,
        "playbook/processes/review.md",
        "  responsible: [pm]\n  accountable: [lead]",
        "  responsible: [lead]\n  accountable: [lead]",
    )
    assert findings_of(minimal) == [("PB602", "playbook/processes/review.md", 11)]


def test_scaffolded_process_has_a_raci_the_check_accepts(minimal: Path) -> None:
    settings = read_settings(minimal)
    new_page(settings, "process", "Incident review", "core", dt.date(2026, 11, 23))
    rules = {rule for rule, _, _ in findings_of(minimal)}
    assert "PB602" not in rules
    assert scaffold_raci(("a", "b", "c", "d")) == {
        "responsible": ["b"],
        "accountable": ["a"],
        "consulted": ["c"],
        "informed": ["d"],
    }
    assert scaffold_raci(("a", "b")) == {
        "responsible": ["b"],
        "accountable": ["a"],
        "consulted": ["b"],
        "informed": ["b"],
    }


def test_build_renders_facts_literally_and_fails_on_an_unknown_one(
    minimal: Path, tmp_path: Path
) -> None:
    _site(minimal)
    commit_all(minimal)
    built = mkdocs_build(minimal, tmp_path / "out")
    assert built.returncode == 0, built.stderr
    html = (tmp_path / "out" / "notes" / "index.html").read_text(encoding="utf-8")
    assert "<code>never</code>" not in html  # data text is escaped, not Markdown
    assert "`never` less" in html
    assert "{{ config.site_name }}" in html  # data is never evaluated as a template
    edit(minimal, "playbook/notes.md", 'fact("go-no-go")', 'fact("go-no-goo")')
    failed = mkdocs_build(minimal, tmp_path / "out2")
    assert failed.returncode != 0
    assert "notes.md" in failed.stderr
    assert "PB303" in failed.stderr


@given(st.text(alphabet=st.sampled_from(list("{}()|`\"' \nfactlink-x~")), max_size=200))
def test_macro_scan_never_fails_on_any_text(body: str) -> None:
    for call in scan_macros(body, 1):
        assert call.line >= 1
        assert "\n" not in call.arg


def test_macro_scan_reads_rows_and_fences_and_skips_raw_blocks() -> None:
    body = (
        '| {{ link("a") }} | `now` | shipped |\n'
        "{% raw %}\n"
        '{{ fact("raw") }}\n'
        "{% endraw %}\n"
        "```\n"
        'Text {{ fact(\'b\') }} and {{ item("c", "status") }}\n'
        "```\n"
    )
    calls = scan_macros(body, 10)
    assert [(c.name, c.arg, c.line) for c in calls] == [
        ("link", "a", 10),
        ("fact", "b", 15),
        ("item", "c", 15),
    ]
    assert calls[0].cells == ('{{ link("a") }}', "now", "shipped")
    assert calls[1].cells == ()


def test_every_page_links_to_the_page_on_proposing_a_change_without_git(
    minimal: Path, tmp_path: Path
) -> None:
    _site(minimal)
    edit(
        minimal,
        "mkdocs.yml",
        "      timezone: Europe/London",
        "      timezone: Europe/London\n      contribute_page: notes.md",
    )
    commit_all(minimal)
    built = mkdocs_build(minimal, tmp_path / "out")
    assert built.returncode == 0, built.stderr
    link = ">Propose a change without git</a>"
    home = (tmp_path / "out" / "index.html").read_text(encoding="utf-8")
    assert f'<a href="notes/">{link[1:]}' in home
    process = (tmp_path / "out" / "processes" / "launch" / "index.html").read_text(encoding="utf-8")
    assert f'<a href="../../notes/">{link[1:]}' in process
    assert link not in (tmp_path / "out" / "notes" / "index.html").read_text(encoding="utf-8")


def test_every_rule_has_its_own_id() -> None:
    from plugins.core import rules

    defined = [value.id for value in vars(rules).values() if isinstance(value, rules.Rule)]
    assert len(defined) == len(set(defined))
    assert set(defined) == set(rules.CATALOGUE)


MACRO_PAGE = """\
---
title: Rollout notes
render_macros: true
---

# Rollout notes

We quote {{ fact("breaking-change-notice") }} here.

## Rollout {#rollout}

Steps follow.
"""


def test_a_page_jinja_cannot_read_is_an_error_at_its_line_in_check_and_build(
    minimal: Path, tmp_path: Path
) -> None:
    """`{#id}` opens a Jinja2 comment in a page that renders macros: mkdocs-macros then exits
    the build (status 100) without naming the page. The check names it, in both tools."""
    _site(minimal)
    write(minimal, "playbook/rollout.md", MACRO_PAGE)
    edit(minimal, "mkdocs.yml", "  - notes.md", "  - notes.md\n  - rollout.md")
    commit_all(minimal)
    line = MACRO_PAGE.splitlines().index("## Rollout {#rollout}") + 1
    assert ("PB305", "playbook/rollout.md", line) in findings_of(minimal)
    built = mkdocs_build(minimal, tmp_path / "out")
    assert built.returncode != 0
    assert f"playbook/rollout.md:{line}:1: PB305" in built.stderr
    assert "Traceback" not in built.stderr

    # The fix the hint gives: attr_list's `{: #id }` is no Jinja2 comment.
    edit(minimal, "playbook/rollout.md", "{#rollout}", "{: #rollout }")
    commit_all(minimal)
    assert [f for f in findings_of(minimal) if f[0] == "PB305"] == []
    assert mkdocs_build(minimal, tmp_path / "out2").returncode == 0


def test_pages_that_do_not_render_macros_and_raw_blocks_are_not_templates(minimal: Path) -> None:
    _site(minimal)
    write(minimal, "playbook/plain.md", MACRO_PAGE.replace("render_macros: true\n", ""))
    raw = MACRO_PAGE.replace(
        "## Rollout {#rollout}", "{% raw %}\n## Rollout {#rollout}\n{% endraw %}"
    )
    write(minimal, "playbook/raw.md", raw)
    assert [f for f in findings_of(minimal) if f[0] == "PB305"] == []


def test_the_check_reads_pages_with_the_delimiters_mkdocs_macros_is_given(minimal: Path) -> None:
    _site(minimal)
    write(minimal, "playbook/rollout.md", MACRO_PAGE)
    edit(
        minimal,
        "mkdocs.yml",
        "      on_error_fail: true\n",
        "      on_error_fail: true\n      j2_comment_start_string: '{##'\n"
        "      j2_comment_end_string: '##}'\n",
    )
    assert [f for f in findings_of(minimal) if f[0] == "PB305"] == []
    write(minimal, "playbook/rollout.md", MACRO_PAGE + "\n{## an unclosed comment\n")
    assert [f[0] for f in findings_of(minimal)].count("PB305") == 1
