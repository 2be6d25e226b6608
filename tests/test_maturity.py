"""The maturity model (data/maturity.yml): loading, its checks, its generated page.

The file is optional: a playbook without it has no maturity page and no finding about it. With
it, every finding names the file and the line of the value at fault.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import TYPE_CHECKING

import pytest
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from plugins.core.loader import load_playbook
from plugins.core.settings import read_settings
from tests.helpers import CONTENT_DAY, REPO, TODAY, check, write

if TYPE_CHECKING:
    from pathlib import Path

    from plugins.core.findings import Finding

REL = "data/maturity.yml"

#: A small valid model over the minimal site (teams ops and core, processes launch and review,
#: template checklist, KPIs ship-time and adoption).
MODEL = """\
levels:
  - id: ad-hoc
    name: Ad hoc
    summary: Done by whoever is there.
  - id: repeatable
    name: Repeatable
    summary: Done the same way each time.
  - id: defined
    name: Defined
    summary: Written down, with an owner.
dimensions:
  - id: launching
    name: Launching
    summary: How changes reach customers.
    owner: ops
    processes: [launch]
    templates: [checklist]
    kpis: [ship-time]
    descriptors:
      ad-hoc: Code merges and is live.
      repeatable: Big launches get a checklist.
      defined: Every launch has a tier and a go/no-go.
  - id: reviewing
    name: Reviewing
    owner: core
    processes: [review]
    kpis: [adoption]
    descriptors:
      ad-hoc: Nobody checks.
      repeatable: Some launches get a retro.
      defined: Every launch is reviewed at 30 days.
assessments:
  - date: 2026-05-14
    scores:
      - dimension: launching
        level: ad-hoc
        target: repeatable
        target_date: 2026-09-30
      - dimension: reviewing
        level: ad-hoc
  - date: 2026-11-12
    assessed_by: The PM group
    scores:
      - dimension: launching
        level: repeatable
        evidence: Checklists for Tier 1 only.
        target: defined
        target_date: 2027-03-31
      - dimension: reviewing
        level: ad-hoc
"""


def _line(text: str, needle: str, occurrence: int = 1) -> int:
    """The 1-based line of the `occurrence`-th line holding `needle`."""
    hits = [n for n, line in enumerate(text.split("\n"), start=1) if needle in line]
    return hits[occurrence - 1]


def _with(minimal: Path, text: str) -> list[Finding]:
    write(minimal, REL, text)
    return [f for f in check(minimal).findings if f.path == REL]


def _rules(findings: list[Finding]) -> list[tuple[str, int]]:
    return sorted((f.rule, f.line) for f in findings)


# ---- Loading ------------------------------------------------------------------------------------


def test_a_playbook_without_the_file_has_no_model_and_no_finding(minimal: Path) -> None:
    loaded = load_playbook(read_settings(minimal))
    assert loaded.playbook.maturity is None
    assert not [f for f in check(minimal).findings if "maturity" in f.path]


def test_a_valid_model_loads_in_order_with_no_finding(minimal: Path) -> None:
    assert _with(minimal, MODEL) == []
    model = load_playbook(read_settings(minimal)).playbook.maturity
    assert model is not None
    assert [level.id for level in model.levels] == ["ad-hoc", "repeatable", "defined"]
    assert model.rank("defined") == 3
    assert model.reassess_every_days == 183
    latest = model.latest_score("launching")
    assert latest is not None
    assert (latest[0].date, latest[1].level) == (dt.date(2026, 11, 12), "repeatable")
    previous = model.latest_score("launching", before=latest[0].date)
    assert previous is not None
    assert previous[1].level == "ad-hoc"


def test_a_bad_dimension_is_left_out_and_its_scores_are_not_reported_again(
    minimal: Path,
) -> None:
    text = MODEL.replace("    owner: core\n", "    owner: core\n    colour: red\n")
    findings = _with(minimal, text)
    assert _rules(findings) == [("PB111", _line(text, "colour: red"))]
    assert "unknown key 'colour'" in findings[0].message
    model = load_playbook(read_settings(minimal)).playbook.maturity
    assert model is not None
    assert [d.id for d in model.dimensions] == ["launching"]
    # The scores of `reviewing` name a refused dimension: no PB952 on top.
    assert not [f for f in check(minimal).findings if f.rule == "PB952"]


def test_a_file_that_is_not_a_model_is_one_finding_and_no_page(minimal: Path) -> None:
    findings = _with(minimal, "- just\n- a list\n")
    assert len([f for f in findings if f.severity.word == "error"]) == 1
    assert load_playbook(read_settings(minimal)).playbook.maturity is None


def test_broken_yaml_names_its_line(minimal: Path) -> None:
    text = MODEL.replace("    name: Reviewing\n", "    name: Reviewing: [broken\n")
    findings = _with(minimal, text)
    assert findings
    assert findings[0].rule == "PB100"
    assert findings[0].line == _line(text, "Reviewing: [broken")


def test_duplicate_level_ids_are_reported_at_the_second(minimal: Path) -> None:
    text = MODEL.replace(
        "  - id: defined\n    name: Defined\n",
        "  - id: repeatable\n    name: Defined\n",
    )
    findings = _with(minimal, text)
    pb957 = [f for f in findings if f.rule == "PB957"]
    assert [f.line for f in pb957] == [_line(text, "- id: repeatable", 2)]
    assert f"{REL}:{_line(text, '- id: repeatable')}" in pb957[0].message


def test_reassess_every_days_out_of_range_is_reported_and_the_default_used(
    minimal: Path,
) -> None:
    text = "reassess_every_days: 5\n" + MODEL
    findings = _with(minimal, text)
    assert [(f.line, "30 and 730" in f.message) for f in findings] == [(1, True)]
    model = load_playbook(read_settings(minimal)).playbook.maturity
    assert model is not None
    assert model.reassess_every_days == 183


# ---- Checks -------------------------------------------------------------------------------------


def test_unknown_level_in_a_score_and_in_a_target(minimal: Path) -> None:
    text = MODEL.replace("        level: repeatable\n", "        level: repeatible\n").replace(
        "        target: defined\n", "        target: perfect\n"
    )
    findings = _with(minimal, text)
    assert _rules(findings) == [
        ("PB951", _line(text, "level: repeatible")),
        ("PB951", _line(text, "target: perfect")),
    ]
    assert "did you mean 'repeatable'?" in findings[0].message


def test_unknown_dimension_in_a_score(minimal: Path) -> None:
    text = MODEL.replace(
        "      - dimension: reviewing\n        level: ad-hoc\n  - date",
        "      - dimension: reveiwing\n        level: ad-hoc\n  - date",
    )
    findings = _with(minimal, text)
    assert _rules(findings) == [("PB952", _line(text, "dimension: reveiwing"))]
    assert "did you mean 'reviewing'?" in findings[0].message
    assert findings[0].hint == "Use one of the dimensions: launching, reviewing."


def test_a_missing_descriptor_is_one_finding_per_dimension_at_descriptors(minimal: Path) -> None:
    text = MODEL.replace("      repeatable: Some launches get a retro.\n", "").replace(
        "      defined: Every launch is reviewed at 30 days.\n", ""
    )
    findings = _with(minimal, text)
    assert _rules(findings) == [("PB953", _line(text, "descriptors:", 2))]
    assert "levels 'repeatable', 'defined'" in findings[0].message


def test_a_descriptor_of_an_unknown_level_names_its_key(minimal: Path) -> None:
    text = MODEL.replace(
        "      defined: Every launch has a tier and a go/no-go.\n",
        "      defined: Every launch has a tier and a go/no-go.\n      heroic: It just works.\n",
    )
    findings = _with(minimal, text)
    assert _rules(findings) == [("PB951", _line(text, "heroic:"))]
    assert findings[0].location.col == 7


def test_dangling_owner_process_template_and_kpi(minimal: Path) -> None:
    text = (
        MODEL.replace("    owner: ops\n", "    owner: opps\n")
        .replace("processes: [launch]", "processes: [lunch]")
        .replace("templates: [checklist]", "templates: [checklst]")
        .replace("kpis: [ship-time]", "kpis: [launch]")
    )
    findings = _with(minimal, text)
    assert _rules(findings) == sorted(
        [
            ("PB301", _line(text, "owner: opps")),
            ("PB301", _line(text, "processes: [lunch]")),
            ("PB301", _line(text, "templates: [checklst]")),
            ("PB301", _line(text, "kpis: [launch]")),
        ]
    )
    messages = " | ".join(f.message for f in findings)
    assert "'dimensions[0].owner' names unknown team 'opps'" in messages
    assert "'dimensions[0].kpis[0]' names 'launch', which is a process, not a KPI" in messages


def test_future_assessment_is_an_error_at_its_date(minimal: Path) -> None:
    text = "reassess_every_days: 365\n" + MODEL.replace(
        "  - date: 2026-11-12\n", "  - date: 2026-12-24\n"
    ).replace("target_date: 2027-03-31", "target_date: 2027-06-30")
    findings = _with(minimal, text)
    # The future one is not the latest: the one of May is, and it is not stale within a year.
    assert _rules(findings) == [("PB954", _line(text, "date: 2026-12-24"))]
    assert "today is 2026-11-23" in findings[0].message


def test_stale_latest_assessment_is_a_warning_with_the_configured_interval(
    minimal: Path,
) -> None:
    write(minimal, REL, "reassess_every_days: 90\n" + MODEL)
    later = TODAY + dt.timedelta(days=10)  # 2026-12-03: 21 days after 2026-11-12
    assert not [f for f in check(minimal, later).findings if f.path == REL]
    much_later = dt.date(2027, 2, 15)  # 95 days after the latest
    findings = [f for f in check(minimal, much_later).findings if f.path == REL]
    text = "reassess_every_days: 90\n" + MODEL
    assert [(f.rule, f.line, f.severity.word) for f in findings] == [
        ("PB955", _line(text, "date: 2026-11-12"), "warning")
    ]
    assert "95 days old; one is due every 90 days" in findings[0].message


def test_target_below_current_and_target_date_before_the_assessment(minimal: Path) -> None:
    text = MODEL.replace(
        "        level: repeatable\n        evidence: Checklists for Tier 1 only.\n"
        "        target: defined\n        target_date: 2027-03-31\n",
        "        level: repeatable\n        evidence: Checklists for Tier 1 only.\n"
        "        target: ad-hoc\n        target_date: 2026-10-01\n",
    )
    findings = _with(minimal, text)
    assert _rules(findings) == [
        ("PB956", _line(text, "target: ad-hoc")),
        ("PB956", _line(text, "target_date: 2026-10-01")),
    ]


def test_a_dimension_scored_twice_and_two_assessments_of_one_day(minimal: Path) -> None:
    text = "reassess_every_days: 365\n" + MODEL.replace(
        "      - dimension: reviewing\n        level: ad-hoc\n  - date: 2026-11-12\n",
        "      - dimension: launching\n        level: ad-hoc\n  - date: 2026-05-14\n",
    )
    findings = _with(minimal, text)
    assert _rules(findings) == [
        ("PB957", _line(text, "dimension: launching", 2)),
        ("PB957", _line(text, "date: 2026-05-14", 2)),
    ]


def test_the_repository_model_is_clean_and_complete() -> None:
    loaded = load_playbook(read_settings(REPO))
    model = loaded.playbook.maturity
    assert model is not None
    assert len(model.levels) == 5
    assert 6 <= len(model.dimensions) <= 8
    assert len(model.assessments) >= 2
    findings = [f for f in check(REPO, CONTENT_DAY).findings if "maturity" in f.path]
    assert findings == []
    for dimension in model.dimensions:
        assert [ident for ident, _ in dimension.descriptors] == [lv.id for lv in model.levels]


# ---- Hostile text -------------------------------------------------------------------------------

_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc")) | st.sampled_from("`[*@:#&<>{}|"),
    min_size=1,
    max_size=60,
).filter(lambda s: s.strip())


@pytest.mark.parametrize("field", ["name", "summary"])
@hsettings(max_examples=25, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=_TEXT)
def test_any_text_in_a_name_or_summary_loads_as_written(
    minimal: Path, field: str, value: str
) -> None:
    from plugins.core.yamlwrite import dumps

    written = {
        "name": "    name: Launching\n",
        "summary": "    summary: How changes reach customers.\n",
    }
    text = MODEL.replace(written[field], _indent(dumps({field: value}), 4))
    write(minimal, REL, text)
    loaded = load_playbook(read_settings(minimal))
    model = loaded.playbook.maturity
    assert model is not None
    problems = [f for f in loaded.findings if f.path == REL]
    if problems:  # only what the schema refuses: one line for a name
        assert field == "name"
        assert re.search(r"[\n\r\u2028\u2029\t]", value) or len(value) > 60
        return
    assert getattr(model.dimensions[0], field) == value


def _indent(yaml_text: str, spaces: int) -> str:
    return "".join(" " * spaces + line + "\n" for line in yaml_text.splitlines())


# ---- The page -----------------------------------------------------------------------------------

HOSTILE = (
    MODEL.replace(
        "    name: Launching\n", '    name: "<script>alert(1)</script> & `code` [x]*: @y"\n'
    )
    .replace(
        "      defined: Every launch has a tier and a go/no-go.\n",
        "      defined: |\n"
        "        Every launch has:\n"
        "\n"
        "        - a **tier**, set by the PM;\n"
        "        - a [go/no-go](https://example.org/go) and {{ config.site_name }}.\n",
    )
    .replace(
        "        evidence: Checklists for Tier 1 only.\n",
        "        evidence: |\n"
        "          Checklists for Tier 1 only <b>bold?</b>.\n"
        "\n"
        "          See [the log](javascript:alert(1)) & `launch --tier 1`.\n",
    )
)


def _page(minimal: Path, text: str, today: dt.date = TODAY) -> str:
    from plugins.core.render.maturity import maturity_page
    from plugins.core.render.site import SiteContext

    write(minimal, REL, text)
    pb = load_playbook(read_settings(minimal)).playbook
    return maturity_page(pb, SiteContext(today=today))


def test_the_page_escapes_names_and_renders_markdown_in_descriptors_and_evidence(
    minimal: Path,
) -> None:
    page = _page(minimal, HOSTILE)
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; `code` [x]*: @y" in page
    assert "{{" not in page  # data text is never a template
    assert "<li>a <strong>tier</strong>, set by the PM;</li>" in page
    assert '<a href="https://example.org/go">go/no-go</a>' in page
    assert "&lt;b&gt;bold?&lt;/b&gt;" in page  # raw HTML in evidence is text
    assert "javascript:" not in page
    assert "<code>launch --tier 1</code>" in page
    # The heading of the dimension is Markdown: escaped for Markdown, not for HTML.
    assert "### &lt;script&gt;alert\\(1\\)&lt;/script&gt; &amp; \\`code\\` \\[x\\]\\*: @y" in page


def test_the_page_shows_latest_scores_with_trend_gap_and_history(minimal: Path) -> None:
    page = _page(minimal, MODEL)
    latest = page[page.index("{#latest-scores}") : page.index("{#the-model}")]
    # launching went from level 1 to 2, aims at 3 by 2027-03-31; reviewing stayed at 1.
    assert "2 · Repeatable (2026-11-12)" in latest
    assert "up from 1 · Ad hoc since 2026-05-14" in latest
    assert "1 level to 3 · Defined by 2027-03-31" in latest
    assert "unchanged since 2026-05-14" in latest
    assert "<caption>" in latest
    assert '<th scope="col">Dimension</th>' in latest
    assert "Latest assessment: <strong>2026-11-12</strong> by The PM group" in page
    assert "next is due by 2027-05-14" in page
    history = page[page.index("{#score-history}") : page.index("{#self-assessment}")]
    assert '<th scope="col">2026-05-14</th><th scope="col">2026-11-12</th>' in history
    matrix = page[page.index("{#the-model}") : page.index("{#score-history}")]
    current = matrix.index(
        '<div class="pb-maturity--current"><strong class="pb-maturity__mark">Current</strong><p>Big launches'
    )
    assert current > 0
    assert '<strong class="pb-maturity__mark">Target</strong><p>Every launch has a tier' in matrix


def test_the_self_assessment_lists_every_level_as_a_labelled_checkbox(minimal: Path) -> None:
    page = _page(minimal, MODEL)
    section = page[page.index("{#self-assessment}") :]
    boxes = re.findall(r'<input type="checkbox" id="([^"]+)"', section)
    assert len(boxes) == 2 * 3 == len(set(boxes))
    for ident in boxes:
        assert f'<label for="{ident}">' in section
        assert f'<div id="{ident}-text">' in section
    assert "### Launching {#dimension-launching}" in section
    # The snippet to record the next assessment reads as YAML with one score per dimension.
    snippet = section[
        section.index("```yaml\n") + 8 : section.index("\n```", section.index("```yaml"))
    ]
    import yaml

    parsed = yaml.safe_load(snippet)
    (added,) = parsed["assessments"]
    assert [s["dimension"] for s in added["scores"]] == ["launching", "reviewing"]
    assert added["scores"][0] == {
        "dimension": "launching",
        "level": "repeatable",
        "evidence": "What someone else could check.",
        "target": "defined",
    }


def test_an_overdue_assessment_is_announced_on_the_page(minimal: Path) -> None:
    page = _page(minimal, MODEL, today=dt.date(2027, 6, 1))
    assert "Assessment overdue" in page
    assert "201 days old" in page


def test_a_model_without_assessments_says_so(minimal: Path) -> None:
    page = _page(minimal, MODEL[: MODEL.index("assessments:")])
    assert '!!! info "No assessment yet"' in page
    assert "not assessed yet" in page
    assert "{#score-history}" not in page


@hsettings(max_examples=20, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(name=_TEXT.filter(lambda s: not re.search(r"[\u2028\u2029]", s)), descriptor=_TEXT)
def test_any_name_and_descriptor_show_as_written_and_never_as_markup(
    minimal: Path, name: str, descriptor: str
) -> None:
    from plugins.core.render.maturity import maturity_page
    from plugins.core.render.site import SiteContext
    from plugins.core.render.text import html_escape
    from plugins.core.yamlwrite import dumps

    text = MODEL.replace("    name: Launching\n", _indent(dumps({"name": name}), 4)).replace(
        "      ad-hoc: Code merges and is live.\n",
        _indent(dumps({"ad-hoc": descriptor}), 6),
    )
    write(minimal, REL, text)
    pb = load_playbook(read_settings(minimal)).playbook
    assert pb.maturity is not None
    assert pb.maturity.dimensions[0].name == name
    page = maturity_page(pb, SiteContext(today=TODAY))
    # The name, escaped once, in the tables; never raw HTML or a template from the data.
    assert f">{html_escape(name)}</a>" in page
    assert "<script" not in page
    assert "{{" not in page
    assert "{%" not in page


# ---- `playbook maturity` ------------------------------------------------------------------------


def _cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    from plugins.cli.main import main

    code = main(["maturity", *args, "--today", TODAY.isoformat()])
    return code, capsys.readouterr().out


def test_the_command_prints_latest_scores_trend_and_target(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(minimal, REL, MODEL)
    code, out = _cli(capsys, "--root", str(minimal))
    assert code == 0
    assert out.splitlines() == [
        "Maturity: 2 dimensions on 3 levels; latest assessment 2026-11-12, next due by 2027-05-14.",
        "Launching  2/3 Repeatable  (up since 2026-05-14; target 3 Defined by 2027-03-31)",
        "Reviewing  1/3 Ad hoc  (unchanged since 2026-05-14)",
    ]
    code, out = _cli(capsys, "--root", str(minimal), "--format", "json")
    assert code == 0
    data = json.loads(out)
    assert data["latest_assessment"] == "2026-11-12"
    assert data["dimensions"][0] == {
        "id": "launching",
        "name": "Launching",
        "owner": "ops",
        "level": "repeatable",
        "rank": 2,
        "level_name": "Repeatable",
        "assessed": "2026-11-12",
        "previous_level": "ad-hoc",
        "previous_date": "2026-05-14",
        "trend": "up",
        "target": "defined",
        "target_rank": 3,
        "target_name": "Defined",
        "target_date": "2027-03-31",
    }


def test_the_command_without_a_model_or_with_a_broken_one(
    minimal: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = _cli(capsys, "--root", str(minimal))
    assert (code, out) == (
        0,
        "This playbook has no maturity model (data/maturity.yml does not exist).\n",
    )
    write(minimal, REL, "levels: [oops\n")
    code, out = _cli(capsys, "--root", str(minimal))
    assert code == 1
    assert "data/maturity.yml cannot be used (1 error(s)); run `playbook check`." in out
