"""Checks of KPI measurements: dates in order and not in the future, the latest value fresh for
its cadence, the baseline before the current value, and `current` agreeing with `history`."""

from __future__ import annotations

import math
from typing import TYPE_CHECKING

from plugins.core import rules
from plugins.core import vocabulary as v
from plugins.core.schemas import key_name

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Iterator

    from plugins.core.findings import Finding
    from plugins.core.model import Kpi, Measurement


def _name(kpi: Kpi, *keys: str | int) -> str:
    return key_name((*kpi.origin.base, *keys))


def _points(kpi: Kpi) -> Iterator[tuple[tuple[str | int, ...], Measurement]]:
    """Every measurement of a KPI with its key path inside the KPI."""
    if kpi.baseline is not None:
        yield ("baseline",), kpi.baseline
    if kpi.current is not None:
        yield ("current",), kpi.current
    for index, point in enumerate(kpi.history):
        yield ("history", index), point


def shown(value: float) -> str:
    """A value as written in the data (2050, not 2050.0)."""
    return str(int(value)) if isinstance(value, float) and value.is_integer() else str(value)


def check_kpi(kpi: Kpi, today: dt.date) -> Iterator[Finding]:
    """The findings about one KPI's measurements, each at the line of the value concerned."""
    origin = kpi.origin
    for keys, point in _points(kpi):
        if not math.isfinite(point.value):
            yield rules.BAD_VALUE.at(
                origin.at(*keys, "value"),
                f"'{_name(kpi, *keys, 'value')}' must be a number; found {point.value}",
                "Write the measured value as a number, like 42 or 97.5.",
            )
        if point.date > today:
            yield rules.KPI_FUTURE_MEASUREMENT.at(
                origin.at(*keys, "date"),
                f"KPI '{kpi.id}': '{_name(kpi, *keys, 'date')}' is {point.date}, after today "
                f"({today})",
            )
    if kpi.target_value is not None and not math.isfinite(kpi.target_value):
        yield rules.BAD_VALUE.at(
            origin.at("target_value"),
            f"'{_name(kpi, 'target_value')}' must be a number; found {kpi.target_value}",
            "Write the target as a number, like 60 or 99.5.",
        )
    if kpi.target_by is not None and kpi.target_value is None:
        yield rules.MISSING_KEY.at(
            origin.key_at("target_by"),
            f"KPI '{kpi.id}' has `target_by` but no `target_value`: a date without a number "
            "to reach",
            "Add `target_value:` with the number to reach by that date, or remove `target_by`.",
        )
    for index in range(1, len(kpi.history)):
        before, point = kpi.history[index - 1], kpi.history[index]
        if point.date <= before.date:
            same = point.date == before.date
            yield rules.KPI_HISTORY_ORDER.at(
                origin.at("history", index, "date"),
                f"KPI '{kpi.id}': '{_name(kpi, 'history', index, 'date')}' is {point.date}, "
                + (
                    "the same date as the point before it; one point per date"
                    if same
                    else f"before the point above it ({before.date}); history must be oldest first"
                ),
                "Remove one of the two points (keep the corrected value)."
                if same
                else "Move the point to its place in date order, oldest first.",
            )
    yield from _agreement(kpi)
    latest = kpi.latest
    if kpi.baseline is not None and latest is not None and kpi.baseline.date > latest.date:
        where = ("current",) if kpi.current is not None else ("history", len(kpi.history) - 1)
        yield rules.KPI_BASELINE_AFTER_CURRENT.at(
            origin.at("baseline", "date"),
            f"KPI '{kpi.id}': the baseline is dated {kpi.baseline.date}, after the current "
            f"value ('{_name(kpi, *where)}', {latest.date})",
        )
    period = v.CADENCE_DAYS.get(kpi.cadence)
    if period is not None and latest is not None and latest.date <= today:
        age = (today - latest.date).days
        allowed = 2 * period
        if age > allowed:
            where = ("current",) if kpi.current is not None else ("history", len(kpi.history) - 1)
            yield rules.KPI_STALE.at(
                origin.at(*where, "date"),
                f"KPI '{kpi.id}' is reported {kpi.cadence}, but its latest value is from "
                f"{latest.date}, {age} days ago (at most {allowed} days: one period, plus one "
                "for reporting lag)",
            )


def _agreement(kpi: Kpi) -> Iterator[Finding]:
    """PB905 when `current` and `history` are both given and say different things."""
    current = kpi.current
    if current is None or not kpi.history:
        return
    last = kpi.history[-1]
    for index, point in enumerate(kpi.history):
        if point.date == current.date and point.value != current.value:
            yield rules.KPI_CURRENT_DISAGREES.at(
                kpi.origin.at("current", "value"),
                f"KPI '{kpi.id}': 'current' is {shown(current.value)} on {current.date}, but "
                f"'{_name(kpi, 'history', index)}' on the same date is {shown(point.value)}",
            )
            return
    if last.date > current.date:
        yield rules.KPI_CURRENT_DISAGREES.at(
            kpi.origin.at("current", "date"),
            f"KPI '{kpi.id}': 'current' is dated {current.date}, but the history has a newer "
            f"point ({shown(last.value)} on {last.date})",
            "Remove `current` (the last history point is the current value), or update it to "
            "the newest value.",
        )
