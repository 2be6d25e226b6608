"""KPI numbers for people: values written with their unit, the gap to a target, and whether a KPI
is on track given which way is good.

Plain functions of the model; the KPIs page, the `kpi` macro and the trend chart use them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import datetime as dt

    from plugins.core.model import Kpi


def format_number(value: float | Decimal) -> str:
    """A number as people write it: thousands separated, decimals as measured (2,050; 99.71;
    -3.5). Floats print their shortest exact form, so 0.1 + 0.2 style noise never shows (values
    that come from arithmetic go through `Decimal` first, see `gap`)."""
    if isinstance(value, float) and not math.isfinite(value):
        return "not a number" if math.isnan(value) else ("∞" if value > 0 else "-∞")
    if isinstance(value, Decimal):
        text = f"{value:,f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
        return "0" if text in ("-0", "") else text
    text = f"{value:,}"
    if "e" in text:  # 1e+20: write it out rather than in scientific notation
        text = f"{Decimal(repr(value)):,f}"
    return text


def format_value(value: float | Decimal, unit: str) -> str:
    """A value with its unit: `76%`, `22% of the working week`, `63 days`, `2,050 accounts`."""
    number = format_number(value)
    unit = " ".join(unit.split())
    if not unit:
        return number
    if unit.startswith("%"):
        return number + unit
    return f"{number} {unit}"


def format_date(day: dt.date) -> str:
    """`31 October 2026`."""
    return f"{day.day} {day:%B %Y}"


def _decimal(value: float) -> Decimal | None:
    try:
        number = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except (InvalidOperation, ValueError, TypeError):
        return None
    return number if number.is_finite() else None


def better(direction: str, a: float, b: float) -> bool:
    """Whether `a` is strictly better than `b` when `direction` ("up" or "down") is good."""
    return a > b if direction == "up" else a < b


def met(direction: str, value: float, target: float) -> bool:
    """Whether `value` reaches `target` (at least it going up, at most it going down)."""
    return value >= target if direction == "up" else value <= target


def gap_text(kpi: Kpi) -> str:
    """The distance between the latest value and the target, in words ("3 days to go",
    "exceeded by 0.01 percentage points"), or "" without both numbers."""
    latest = kpi.latest
    if latest is None or kpi.target_value is None:
        return ""
    current, target = _decimal(latest.value), _decimal(kpi.target_value)
    if current is None or target is None:
        return ""
    distance = abs(target - current)
    if distance == 0:
        return "on target"
    unit = kpi.unit.strip()
    amount = (
        f"{format_number(distance)} percentage point{'' if distance == 1 else 's'}"
        if unit.startswith("%")
        else format_value(distance, unit)
    )
    if met(kpi.direction, latest.value, kpi.target_value):
        return f"beaten by {amount}"
    return f"{amount} to go"


@dataclass(frozen=True, slots=True)
class Progress:
    """Where a KPI stands against its target."""

    #: met, on-track, behind, improving, off-track or missed.
    state: str
    #: The state in words, for readers.
    label: str
    #: Why, in one sentence.
    reason: str


def progress(kpi: Kpi) -> Progress | None:
    """Where the KPI stands, or None when it has no current value or no numeric target.

    - met: the latest value reaches the target.
    - missed: not met, and the latest value is dated after the target date.
    - on-track / behind: not met; with a baseline and a target date, whether the latest value is
      at least as good as a straight line from the baseline to the target would have it.
    - improving: not met, no target date (or no line to compare with), better than the baseline.
    - off-track: not met and no better than the baseline.
    """
    latest, target = kpi.latest, kpi.target_value
    if latest is None or target is None:
        return None
    if not (math.isfinite(latest.value) and math.isfinite(target)):
        return None
    direction = kpi.direction
    if met(direction, latest.value, target):
        return Progress("met", "Target met", "The latest value reaches the target.")
    if kpi.target_by is not None and latest.date > kpi.target_by:
        return Progress(
            "missed",
            "Target missed",
            f"The target date, {format_date(kpi.target_by)}, passed before the target was met.",
        )
    baseline = kpi.baseline
    if baseline is None or not math.isfinite(baseline.value):
        return None
    if not better(direction, latest.value, baseline.value):
        return Progress(
            "off-track",
            "Off track",
            "The latest value is no better than the baseline.",
        )
    if kpi.target_by is not None and baseline.date < kpi.target_by:
        expected = expected_on(kpi, latest.date)
        if expected is not None and not better(direction, expected, latest.value):
            return Progress(
                "on-track",
                "On track",
                "The latest value is at least as good as a straight line from the baseline to "
                "the target by its date.",
            )
        return Progress(
            "behind",
            "Behind plan",
            "Better than the baseline, but short of a straight line from the baseline to the "
            "target by its date.",
        )
    return Progress(
        "improving",
        "Improving",
        "Better than the baseline; no target date to measure the pace against.",
    )


def expected_on(kpi: Kpi, day: dt.date) -> float | None:
    """The value a straight line from the baseline (at its date) to the target (at its date)
    has on `day`, or None without those four numbers."""
    baseline, target, by = kpi.baseline, kpi.target_value, kpi.target_by
    if baseline is None or target is None or by is None or by <= baseline.date:
        return None
    share = min(max((day - baseline.date).days / (by - baseline.date).days, 0.0), 1.0)
    return baseline.value + (target - baseline.value) * share


def target_words(kpi: Kpi) -> str:
    """The target as a sentence: the one written in `target`, else one made of the numbers
    (`2,400 accounts by 31 December 2026`), else ""."""
    if kpi.target:
        return kpi.target
    if kpi.target_value is None:
        return ""
    words = format_value(kpi.target_value, kpi.unit)
    return f"{words} by {format_date(kpi.target_by)}" if kpi.target_by else words


#: Fields of a KPI pages can quote (the `kpi` macro), each as text.
QUOTABLE = (
    "name",
    "definition",
    "formula",
    "unit",
    "target",
    "cadence",
    "source_note",
    "baseline",
    "baseline_date",
    "current",
    "current_date",
    "target_value",
    "target_by",
    "gap",
    "status",
)


def quote(kpi: Kpi, field: str) -> str | None:
    """One field of a KPI as text for a sentence (numbers with their unit, dates written out),
    or None when the KPI does not have it. `field` is one of `QUOTABLE`."""
    latest = kpi.latest
    if field == "target":
        return target_words(kpi) or None
    if field in ("baseline", "baseline_date"):
        if kpi.baseline is None:
            return None
        if field == "baseline":
            return format_value(kpi.baseline.value, kpi.unit)
        return format_date(kpi.baseline.date)
    if field in ("current", "current_date"):
        if latest is None:
            return None
        return (
            format_value(latest.value, kpi.unit) if field == "current" else format_date(latest.date)
        )
    if field == "target_value":
        return None if kpi.target_value is None else format_value(kpi.target_value, kpi.unit)
    if field == "target_by":
        return None if kpi.target_by is None else format_date(kpi.target_by)
    if field == "gap":
        return gap_text(kpi) or None
    if field == "status":
        state = progress(kpi)
        return None if state is None else state.label.lower()
    value = str(getattr(kpi, field))
    return value or None
