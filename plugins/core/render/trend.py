"""A small inline SVG trend chart of a KPI's values, generated on the server: no script, no
library, no network.

The chart is a polyline of the values over time (x proportional to the date) with a dashed
line at the target, labelled with the first and last dates and the lowest and highest values.
Colours come from the page (`currentColor` and Material's CSS variables via `playbook.css`), so it
follows the light and dark palettes. Screen readers get a sentence stating every value
(`role="img"` with `aria-label` and `<title>`), and everyone can open the values as a table.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from plugins.core.measures import format_date, format_value
from plugins.core.render.text import html_escape

if TYPE_CHECKING:
    import datetime as dt
    from collections.abc import Sequence

#: The drawing's coordinate system (it scales to the width of its box).
WIDTH, HEIGHT = 320.0, 132.0
#: The plot area inside it: room on the left for value labels, below for dates.
LEFT, RIGHT, TOP, BOTTOM = 64.0, 312.0, 10.0, 106.0


@dataclass(frozen=True, slots=True)
class Point:
    date: dt.date
    value: float


def _scaled(values: list[float]) -> list[float]:
    """Values divided by their largest magnitude when it is so large that differences of them
    would overflow (ratios, hence the drawing, are unchanged)."""
    largest = max(abs(v) for v in values)
    if largest > 1e150:
        return [v / largest for v in values]
    return values


def _bounds(values: list[float]) -> tuple[float, float]:
    """The value range the plot spans: the values' range with a margin; a flat series (or one
    point) gets a band around its value so its line sits in the middle."""
    low, high = min(values), max(values)
    span = high - low
    if not span > abs(high) * 1e-12 or not math.isfinite(span):
        pad = abs(high) * 0.1 or 1.0
        return low - pad, high + pad
    return low - span * 0.1, high + span * 0.1


def coordinates(points: Sequence[Point], target: float | None = None) -> list[tuple[float, float]]:
    """Where each point is drawn: x by date (one point, or all on one date: the middle; dates
    must be increasing otherwise), y by value, top = high. Always inside the plot area."""
    values = [p.value for p in points]
    if target is not None:
        values.append(target)
    scaled = _scaled(values)
    low, high = _bounds(scaled)
    first, last = points[0].date, points[-1].date
    days = (last - first).days
    out = []
    for index, point in enumerate(points):
        share_x = 0.5 if days <= 0 else (point.date - first).days / days
        share_y = (scaled[index] - low) / (high - low)
        x = LEFT + (RIGHT - LEFT) * min(max(share_x, 0.0), 1.0)
        y = BOTTOM - (BOTTOM - TOP) * min(max(share_y, 0.0), 1.0)
        out.append((x, y))
    if target is not None:
        share_y = (scaled[-1] - low) / (high - low)
        out.append((RIGHT, BOTTOM - (BOTTOM - TOP) * min(max(share_y, 0.0), 1.0)))
    return out


def _n(number: float) -> str:
    """A coordinate in the SVG: one decimal, never NaN or infinite."""
    return f"{number:.1f}" if math.isfinite(number) else "0"


def description(name: str, unit: str, points: Sequence[Point], target: float | None) -> str:
    """The chart in one sentence, for screen readers and the tooltip."""
    values = "; ".join(f"{format_date(p.date)}: {format_value(p.value, unit)}" for p in points)
    sentence = f"Trend of {name}, {len(points)} value{'s' if len(points) != 1 else ''}: {values}."
    if target is not None:
        sentence += f" Target: {format_value(target, unit)}."
    return sentence


def trend_svg(
    name: str,
    unit: str,
    points: Sequence[Point],
    target: float | None = None,
    *,
    ident: str = "",
) -> str:
    """The chart as raw HTML (a `<figure>` holding the SVG and a table of the values), or "" when
    there is no finite value to draw. `name` and `unit` are escaped here."""
    points = [p for p in points if math.isfinite(p.value)]
    if not points:
        return ""
    if target is not None and not math.isfinite(target):
        target = None
    xy = coordinates(points, target)
    said = html_escape(description(name, unit, points, target))
    parts = [
        (
            f'<svg class="pb-trend__chart" viewBox="0 0 {_n(WIDTH)} {_n(HEIGHT)}" role="img" '
            f'aria-label="{said}" preserveAspectRatio="xMidYMid meet" '
            'xmlns="http://www.w3.org/2000/svg">'
        ),
        f"<title>{said}</title>",
        (
            f'<line class="pb-trend__axis" x1="{_n(LEFT)}" y1="{_n(BOTTOM)}" x2="{_n(RIGHT)}" '
            f'y2="{_n(BOTTOM)}" stroke="currentColor" />'
        ),
    ]
    if target is not None:
        y = xy[-1][1]
        parts.append(
            f'<line class="pb-trend__target" x1="{_n(LEFT)}" y1="{_n(y)}" x2="{_n(RIGHT)}" '
            f'y2="{_n(y)}" stroke="currentColor" stroke-dasharray="4 3" />'
        )
        parts.append(
            f'<text class="pb-trend__label" x="{_n(RIGHT)}" y="{_n(max(y - 3, TOP + 6))}" '
            f'text-anchor="end">target {html_escape(format_value(target, ""))}</text>'
        )
        xy = xy[:-1]
    line = " ".join(f"{_n(x)},{_n(y)}" for x, y in xy)
    if len(xy) > 1:
        parts.append(
            f'<polyline class="pb-trend__line" points="{line}" fill="none" '
            'stroke="currentColor" stroke-width="2" stroke-linejoin="round" />'
        )
    parts.extend(
        f'<circle class="pb-trend__point" cx="{_n(x)}" cy="{_n(y)}" r="2.5" fill="currentColor" />'
        for x, y in xy
    )
    values = [p.value for p in points]
    low, high = min(values), max(values)
    top_y = min(y for (_, y), p in zip(xy, points, strict=True) if p.value == high)
    low_y = max(y for (_, y), p in zip(xy, points, strict=True) if p.value == low)
    if low_y - top_y < 12:  # keep the two labels apart when the values are close
        middle = (top_y + low_y) / 2
        top_y, low_y = middle - 6, middle + 6
    parts.append(
        f'<text class="pb-trend__label" x="{_n(LEFT - 6)}" y="{_n(top_y + 4)}" '
        f'text-anchor="end">{html_escape(format_value(high, ""))}</text>'
    )
    if low != high:
        parts.append(
            f'<text class="pb-trend__label" x="{_n(LEFT - 6)}" y="{_n(low_y + 4)}" '
            f'text-anchor="end">{html_escape(format_value(low, ""))}</text>'
        )
    first, last = points[0].date, points[-1].date
    parts.append(
        f'<text class="pb-trend__label" x="{_n(LEFT)}" y="{_n(HEIGHT - 8)}" '
        f'text-anchor="start">{_short(first)}</text>'
    )
    if last != first:
        parts.append(
            f'<text class="pb-trend__label" x="{_n(RIGHT)}" y="{_n(HEIGHT - 8)}" '
            f'text-anchor="end">{_short(last)}</text>'
        )
    parts.append("</svg>")
    rows = "".join(
        f"<tr><td>{format_date(p.date)}</td><td>{html_escape(format_value(p.value, unit))}</td></tr>"
        for p in points
    )
    anchor = f' id="{html_escape(ident)}-values"' if ident else ""
    table = (
        f'<details class="pb-trend__data"{anchor}><summary>Values of {html_escape(name)}</summary>'
        f"<table><thead><tr><th>Date</th><th>Value</th></tr></thead><tbody>{rows}</tbody>"
        "</table></details>"
    )
    return f'<figure class="pb-trend">{"".join(parts)}{table}</figure>\n'


def _short(day: dt.date) -> str:
    """`Oct 2026` under the axis (the table and the description give the full dates)."""
    return f"{day:%b %Y}"
