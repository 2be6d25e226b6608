"""KPI numbers on the page: values with units, the gap to the target, on-track logic for both
directions, escaping, and the inline SVG trend chart (Hypothesis over value lists)."""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from dataclasses import replace
from typing import TYPE_CHECKING

import pytest
from helpers import SITES, TODAY, edit
from hypothesis import given, settings
from hypothesis import strategies as st

from plugins.core.loader import load_playbook
from plugins.core.measures import format_value, gap_text, progress, quote
from plugins.core.model import Kpi, Measurement, Origin
from plugins.core.render import site
from plugins.core.render.pages import kpis_page
from plugins.core.render.trend import BOTTOM, HEIGHT, LEFT, RIGHT, TOP, WIDTH, Point, trend_svg
from plugins.core.settings import read_settings
from plugins.core.yamlio import Marks

if TYPE_CHECKING:
    from pathlib import Path

SVG = "{http://www.w3.org/2000/svg}"
D = dt.date
BY = D(2027, 1, 31)


def _kpi(
    direction: str = "up",
    *,
    baseline: tuple[float, dt.date] | None = (50, D(2026, 1, 31)),
    history: tuple[tuple[dt.date, float], ...] = (),
    current: tuple[float, dt.date] | None = (60, D(2026, 7, 31)),
    target: float | None = 80,
    by: dt.date | None = BY,
    unit: str = "%",
    name: str = "Share of things",
    target_text: str = "",
) -> Kpi:
    return Kpi(
        "share-of-things",
        name,
        "product",
        "What share of things.",
        "Things / all things.",
        unit,
        direction,
        target_text,
        "ops",
        "tracker",
        "monthly",
        Origin(Marks("data/kpis.yml")),
        target_value=target,
        target_by=by,
        baseline=Measurement(*baseline) if baseline else None,
        current=Measurement(*current) if current else None,
        history=tuple(Measurement(v, d) for d, v in history),
    )


# ---- Numbers in words ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "unit", "shown"),
    [
        (2050, "accounts", "2,050 accounts"),
        (76, "%", "76%"),
        (22.5, "% of the working week", "22.5% of the working week"),
        (99.71, "%", "99.71%"),
        (-3.5, "days", "-3.5 days"),
        (4.0, "points out of 5", "4.0 points out of 5"),
        (1e20, "", "100,000,000,000,000,000,000"),
        (0, "  tickets   per job ", "0 tickets per job"),
    ],
)
def test_values_are_written_with_their_unit(value: float, unit: str, shown: str) -> None:
    assert format_value(value, unit) == shown


def test_gap_has_no_float_noise_and_says_which_side_it_is_on() -> None:
    kpi = _kpi(current=(99.62, D(2026, 7, 31)), target=99.7, baseline=(99.1, D(2026, 1, 31)))
    assert gap_text(kpi) == "0.08 percentage points to go"  # not 0.0799999...
    assert gap_text(replace(kpi, target_value=99.5)) == "beaten by 0.12 percentage points"
    days = _kpi("down", current=(63, D(2026, 7, 31)), target=60, unit="days")
    assert gap_text(days) == "3 days to go"
    assert gap_text(replace(days, target_value=63)) == "on target"
    assert gap_text(replace(days, target_value=None)) == ""


# ---- On track or not, for both directions -------------------------------------------------------

# Baseline 50 on 2026-01-31, target 80 by 2027-01-31: the straight line is at 67.5 on 2026-07-31.
UP_CASES = [
    (85, "met"),
    (80, "met"),
    (70, "on-track"),
    (60, "behind"),
    (50, "off-track"),
    (40, "off-track"),
]


@pytest.mark.parametrize(("value", "state"), UP_CASES)
def test_progress_when_higher_is_better(value: float, state: str) -> None:
    result = progress(_kpi(current=(value, D(2026, 7, 31))))
    assert result is not None
    assert result.state == state


@pytest.mark.parametrize(("value", "state"), UP_CASES)
def test_progress_when_lower_is_better_mirrors_it(value: float, state: str) -> None:
    # Mirror every number around 0: baseline -50, target -80, current -value.
    kpi = _kpi("down", baseline=(-50, D(2026, 1, 31)), current=(-value, D(2026, 7, 31)), target=-80)
    result = progress(kpi)
    assert result is not None
    assert result.state == state


def test_progress_without_target_date_says_improving_and_after_it_missed() -> None:
    improving = progress(_kpi(by=None))
    assert improving is not None
    assert improving.label == "Improving"
    missed = progress(_kpi(by=D(2026, 6, 30)))
    assert missed is not None
    assert missed.state == "missed"


def test_no_progress_without_a_current_value_or_a_numeric_target() -> None:
    assert progress(_kpi(current=None)) is None
    assert progress(_kpi(target=None)) is None
    assert progress(_kpi(baseline=None)) is None  # not met, nothing to compare the pace with
    assert progress(_kpi(baseline=None, current=(90, D(2026, 7, 31)))) is not None  # met


def test_a_target_the_direction_makes_meaningless_is_simply_met() -> None:
    """Going up with a target below the baseline: met from the start, no error."""
    result = progress(_kpi(target=10))
    assert result is not None
    assert result.state == "met"


def test_quote_gives_numbers_dates_and_a_target_sentence() -> None:
    kpi = _kpi(unit="accounts", target=2400, current=(2342, D(2026, 11, 22)))
    assert quote(kpi, "current") == "2,342 accounts"
    assert quote(kpi, "current_date") == "22 November 2026"
    assert quote(kpi, "target") == "2,400 accounts by 31 January 2027"
    assert quote(replace(kpi, target="2,400 by year end"), "target") == "2,400 by year end"
    assert quote(kpi, "status") == "on track"
    assert quote(replace(kpi, baseline=None), "baseline") is None


# ---- The chart ----------------------------------------------------------------------------------


def _svg(html: str) -> ET.Element:
    match = re.search(r"<svg.*</svg>", html, re.S)
    assert match, html
    return ET.fromstring(match.group(0))


def _drawn(svg: ET.Element) -> list[tuple[float, float]]:
    return [
        (float(c.get("cx", "nan")), float(c.get("cy", "nan"))) for c in svg.iter(f"{SVG}circle")
    ]


def _points(*values: float) -> list[Point]:
    start = D(2026, 1, 1)
    return [Point(start + dt.timedelta(days=30 * i), v) for i, v in enumerate(values)]


def test_chart_draws_each_value_higher_up_for_higher_values() -> None:
    html = trend_svg("Speed", "days", _points(10, 30, 20), target=25)
    svg = _svg(html)
    assert svg.get("role") == "img"
    drawn = _drawn(svg)
    assert [x for x, _ in drawn] == sorted(x for x, _ in drawn)
    assert drawn[0][0] == LEFT
    assert drawn[-1][0] == RIGHT
    assert drawn[1][1] < drawn[2][1] < drawn[0][1]  # 30 above 20 above 10
    target = svg.find(f"{SVG}line[@class='pb-trend__target']")
    assert target is not None
    assert drawn[1][1] < float(target.get("y1", "nan")) < drawn[2][1]  # 25 between 30 and 20
    label = svg.get("aria-label", "")
    assert "1 January 2026: 10 days" in label
    assert "Target: 25 days." in label
    labels = [t.text for t in svg.iter(f"{SVG}text")]
    assert {"10", "30", "Jan 2026", "Mar 2026", "target 25"} <= set(labels)
    assert "<table>" in html  # the values as a table too
    assert html.count("<tr>") == 4


def test_one_point_is_drawn_in_the_middle_without_a_line() -> None:
    svg = _svg(trend_svg("One", "%", _points(42)))
    ((x, y),) = _drawn(svg)
    assert x == (LEFT + RIGHT) / 2
    assert TOP < y < BOTTOM
    assert svg.find(f"{SVG}polyline") is None


def test_equal_values_are_a_flat_line_in_the_middle() -> None:
    drawn = _drawn(_svg(trend_svg("Flat", "%", _points(5, 5, 5, 5))))
    assert len({y for _, y in drawn}) == 1
    assert drawn[0][1] == pytest.approx((TOP + BOTTOM) / 2)


def test_negative_and_huge_values_stay_inside_the_plot() -> None:
    for values in ((-5, -1, -3), (-1e300, 1e300, 0), (1e308, 1.7e308), (1e-300, 2e-300)):
        for x, y in _drawn(_svg(trend_svg("Odd", "", _points(*values), target=values[0]))):
            assert LEFT <= x <= RIGHT
            assert TOP <= y <= BOTTOM


def test_no_finite_value_means_no_chart() -> None:
    assert trend_svg("None", "%", []) == ""
    assert trend_svg("NaN", "%", _points(float("nan"), float("inf"))) == ""


HOSTILE = "<script>alert(\"x\")</script> & {{ config }} 'q'"


def test_chart_escapes_names_and_units() -> None:
    html = trend_svg(HOSTILE, HOSTILE, _points(1, 2))
    assert "<script>" not in html
    assert "{{" not in html
    svg = _svg(html)  # still well-formed XML
    assert HOSTILE in svg.get("aria-label", "")


finite = st.floats(allow_nan=False, allow_infinity=False)
special = st.sampled_from([0.0, -0.0, 1e308, -1e308, 5e-324, float("nan"), float("inf")])


@settings(max_examples=200, deadline=None)
@given(
    values=st.lists(st.one_of(finite, special), min_size=1, max_size=40),
    target=st.one_of(st.none(), finite, special),
)
def test_chart_never_draws_nan_or_outside_its_box(
    values: list[float], target: float | None
) -> None:
    html = trend_svg("K", "u", _points(*values), target=target)
    if not any(v == v and abs(v) != float("inf") for v in values):
        assert html == ""
        return
    svg = _svg(html)
    assert svg.get("viewBox") == f"0 0 {WIDTH:.1f} {HEIGHT:.1f}"
    numbers = re.findall(r'(?:x|y|x1|x2|y1|y2|cx|cy|points)="([^"]*)"', html)
    for attribute in numbers:
        for part in re.split(r"[ ,]", attribute):
            assert "nan" not in part.lower()
            assert "inf" not in part.lower()
            coordinate = float(part)
            assert 0 <= coordinate <= max(WIDTH, HEIGHT)
    for x, y in _drawn(svg):
        assert LEFT <= x <= RIGHT
        assert TOP <= y <= BOTTOM


# ---- The page -----------------------------------------------------------------------------------


def _page(root: Path) -> str:
    pb = load_playbook(read_settings(root)).playbook
    return kpis_page(pb, site.SiteContext(today=TODAY))


MEASURED = """\
    target: Under 30 days
    target_value: 30
    target_by: 2027-03-31
    baseline: {value: 44, date: 2026-03-31}
    history:
      - {date: 2026-08-31, value: 39}
      - {date: 2026-09-30, value: 37}
      - {date: 2026-10-31, value: 35}
    source_note: "Board 'Ship' <b>&</b>"
"""


def test_page_shows_numbers_gap_status_and_a_chart(minimal: Path) -> None:
    edit(minimal, "data/kpis.yml", "    target: Under 30 days\n", MEASURED)
    page = _page(minimal)
    section = page[page.index("{#ship-time}") : page.index("{#adoption}")]
    assert "<strong>44 days</strong> (31 March 2026)" in section
    assert "<strong>35 days</strong> (as of 31 October 2026)" in section
    assert "<strong>30 days by 31 March 2027</strong> — Under 30 days" in section
    assert "5 days to go" in section
    assert ">On track</span>" in section  # 35 is below the line from 44 to 30 (about 37.3)
    assert 'role="img"' in section
    assert "Board 'Ship' &lt;b&gt;&amp;&lt;/b&gt;" in section
    # The scorecard lists it; the unmeasured KPI has no chart and no empty box.
    assert "## At a glance" in page
    adoption = page[page.index("{#adoption}") :]
    assert "<svg" not in adoption
    assert "pb-trend" not in adoption


def test_a_site_without_measurements_has_no_scorecard_and_no_chart() -> None:
    page = _page(SITES / "minimal")
    assert "At a glance" not in page
    assert "<svg" not in page


def test_hostile_kpi_names_are_escaped_on_the_page(minimal: Path) -> None:
    edit(minimal, "data/kpis.yml", "    target: Under 30 days\n", MEASURED)
    edit(
        minimal, "data/kpis.yml", "name: Time to ship", "name: '<script>x</script> & \"q\" {{ c }}'"
    )
    edit(minimal, "data/kpis.yml", "unit: days", "unit: '<i>days</i>'")
    page = _page(minimal)
    assert "<script>x" not in page
    assert "<i>days" not in page
    assert "{{ c }}" not in page
    assert "&lt;script&gt;x&lt;/script&gt; &amp; &quot;q&quot; &#123;&#123; c &#125;&#125;" in page
