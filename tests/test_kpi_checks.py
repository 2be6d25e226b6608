"""KPI measurements as data: what the loader reads and what the checks report about it, each
finding at the line of the value concerned, with a fix that works when applied."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from helpers import REPO, check, edit

from plugins.core.loader import load_playbook
from plugins.core.settings import read_settings

if TYPE_CHECKING:
    from pathlib import Path

KPIS = "data/kpis.yml"
#: Measurements added to the minimal site's monthly KPI `ship-time` (lower is better).
MEASURED = """\
    target: Under 30 days
    target_value: 30
    target_by: 2027-03-31
    baseline: {value: 44, date: 2026-03-31}
    history:
      - {date: 2026-08-31, value: 39}
      - {date: 2026-09-30, value: 37}
      - {date: 2026-10-31, value: 35}
"""


def _measured(root: Path, block: str = MEASURED) -> None:
    edit(root, KPIS, "    target: Under 30 days\n", block)


def _line_of(root: Path, needle: str) -> int:
    lines = (root / KPIS).read_text(encoding="utf-8").splitlines()
    return next(number for number, line in enumerate(lines, 1) if needle in line)


def _findings(root: Path, today: dt.date = dt.date(2026, 11, 23)) -> list[tuple[str, int, str]]:
    return [(f.rule, f.line, f.message) for f in check(root, today).findings]


def test_measurements_load_into_the_model(minimal: Path) -> None:
    _measured(minimal)
    kpi = load_playbook(read_settings(minimal)).playbook.kpis["ship-time"]
    assert kpi.target == "Under 30 days"
    assert kpi.target_value == 30
    assert kpi.target_by == dt.date(2027, 3, 31)
    assert kpi.baseline is not None
    assert (kpi.baseline.value, kpi.baseline.date) == (44, dt.date(2026, 3, 31))
    assert [p.value for p in kpi.history] == [39, 37, 35]
    assert kpi.current is None
    assert kpi.latest == kpi.history[-1]  # derived from the history
    assert _findings(minimal) == []


def test_a_kpi_without_measurements_still_loads_and_checks_clean(minimal: Path) -> None:
    kpi = load_playbook(read_settings(minimal)).playbook.kpis["adoption"]
    assert (kpi.baseline, kpi.current, kpi.history, kpi.latest) == (None, None, (), None)
    assert _findings(minimal) == []


def test_history_out_of_order_is_pb901_at_the_point(minimal: Path) -> None:
    _measured(minimal, MEASURED.replace("2026-09-30", "2026-07-31"))
    line = _line_of(minimal, "2026-07-31")
    ((rule, at, message),) = _findings(minimal)
    assert (rule, at) == ("PB901", line)
    assert "kpis[0].history[1].date' is 2026-07-31, before the point above it (2026-08-31)" in (
        message
    )


def test_a_repeated_date_in_history_is_pb901(minimal: Path) -> None:
    _measured(minimal, MEASURED.replace("2026-09-30", "2026-08-31"))
    ((rule, _, message),) = _findings(minimal)
    assert rule == "PB901"
    assert "the same date as the point before it" in message


def test_a_measurement_dated_after_today_is_pb902(minimal: Path) -> None:
    _measured(minimal, MEASURED + "    current: {value: 34, date: 2027-10-31}\n")
    line = _line_of(minimal, "current:")
    ((rule, at, message),) = _findings(minimal)
    assert (rule, at) == ("PB902", line)
    assert message == (
        "KPI 'ship-time': 'kpis[0].current.date' is 2027-10-31, after today (2026-11-23)"
    )


def test_a_stale_kpi_is_a_pb903_warning_that_a_new_value_fixes(minimal: Path) -> None:
    _measured(minimal)
    late = dt.date(2027, 1, 15)  # 76 days after 2026-10-31; a monthly KPI allows 62
    ((rule, at, message),) = [f for f in _findings(minimal, late) if f[0] == "PB903"]
    assert (rule, at) == ("PB903", _line_of(minimal, "2026-10-31"))
    assert "reported monthly, but its latest value is from 2026-10-31, 76 days ago" in message
    (stale,) = [f for f in check(minimal, late).findings if f.rule == "PB903"]
    assert stale.severity.word == "warning"
    # The fix: add the latest value.
    edit(minimal, KPIS, "value: 35}\n", "value: 35}\n      - {date: 2026-12-31, value: 34}\n")
    assert [f for f in _findings(minimal, late) if f[0].startswith("PB9")] == []


def test_an_unknown_cadence_length_is_not_checked_for_staleness(minimal: Path) -> None:
    from plugins.core.kpichecks import check_kpi

    _measured(minimal)
    kpi = load_playbook(read_settings(minimal)).playbook.kpis["ship-time"]
    from dataclasses import replace

    assert list(check_kpi(replace(kpi, cadence="every-board-meeting"), dt.date(2030, 1, 1))) == []


def test_baseline_after_current_is_pb904(minimal: Path) -> None:
    _measured(minimal, MEASURED.replace("date: 2026-03-31", "date: 2026-11-15"))
    ((rule, at, message),) = _findings(minimal)
    assert (rule, at) == ("PB904", _line_of(minimal, "baseline:"))
    assert "baseline is dated 2026-11-15, after the current value" in message


def test_current_disagreeing_with_history_is_pb905(minimal: Path) -> None:
    _measured(minimal, MEASURED + "    current: {value: 36, date: 2026-10-31}\n")
    ((rule, at, message),) = _findings(minimal)
    assert (rule, at) == ("PB905", _line_of(minimal, "current:"))
    assert "'current' is 36 on 2026-10-31, but 'kpis[0].history[2]' on the same date is 35" in (
        message
    )


def test_current_older_than_the_history_is_pb905(minimal: Path) -> None:
    _measured(minimal, MEASURED + "    current: {value: 37, date: 2026-09-30}\n")
    ((rule, _, message),) = _findings(minimal)
    assert rule == "PB905"
    assert "dated 2026-09-30, but the history has a newer point (35 on 2026-10-31)" in message


def test_current_newer_than_the_history_agrees_and_extends_the_series(minimal: Path) -> None:
    _measured(minimal, MEASURED + "    current: {value: 34, date: 2026-11-15}\n")
    assert _findings(minimal) == []
    kpi = load_playbook(read_settings(minimal)).playbook.kpis["ship-time"]
    assert [p.value for p in kpi.series] == [39, 37, 35, 34]


def test_target_by_without_target_value_is_a_missing_key(minimal: Path) -> None:
    _measured(minimal, MEASURED.replace("    target_value: 30\n", ""))
    ((rule, at, message),) = _findings(minimal)
    assert (rule, at) == ("PB110", _line_of(minimal, "target_by:"))
    assert "has `target_by` but no `target_value`" in message


def test_a_value_that_is_not_a_number_is_refused_with_its_line(minimal: Path) -> None:
    _measured(minimal, MEASURED.replace("value: 37}", 'value: "37 days"}'))
    findings = check(minimal).findings
    assert [f.rule for f in findings][:1] == ["PB112"]
    assert findings[0].line == _line_of(minimal, "37 days")
    assert "'kpis[0].history[1].value' must be a number" in findings[0].message


def test_nan_and_infinity_are_refused(minimal: Path) -> None:
    _measured(minimal, MEASURED.replace("value: 37}", "value: .nan}").replace("30\n", ".inf\n"))
    rules = sorted((f.rule, f.line) for f in check(minimal).findings)
    assert rules == [
        ("PB113", _line_of(minimal, "target_value:")),
        ("PB113", _line_of(minimal, ".nan")),
    ]


def test_an_unknown_key_in_a_measurement_is_named(minimal: Path) -> None:
    _measured(minimal, MEASURED.replace("{value: 44,", "{vaule: 44,"))
    messages = [f.message for f in check(minimal).findings]
    assert any(
        "unknown key 'vaule' in kpis[0].baseline; did you mean 'value'?" in m for m in messages
    )


def test_every_kpi_of_the_default_playbook_is_measured_and_consistent() -> None:
    pb = load_playbook(read_settings(REPO)).playbook
    assert pb.kpis
    for kpi in pb.kpis.values():
        assert kpi.baseline is not None, kpi.id
        assert kpi.target_value is not None, kpi.id
        assert 4 <= len(kpi.history) <= 8, kpi.id
        latest = kpi.latest
        assert latest is not None
        assert latest.date <= dt.date(2026, 11, 30), kpi.id
        assert kpi.baseline.date <= latest.date, kpi.id
        assert kpi.source_note, kpi.id
