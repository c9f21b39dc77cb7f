"""Server-drawn SVG charts for the dashboard (insights/_charts.html): no script, no inline styles
(CSP-clean), a title and description for screen readers; the same numbers are in a table beside
each chart."""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.template.loader import render_to_string
from django.utils.safestring import SafeString

WIDTH = 640
HEIGHT = 220
PADDING_TOP = 16
PADDING_BOTTOM = 36
PADDING_LEFT = 44
PADDING_RIGHT = 8
MAX_GRID_STEPS = 4


@dataclass(frozen=True)
class Point:
    label: str
    value: float


def count_axis(highest: float) -> tuple[int, int]:
    """The grid step (1, 2 or 5 x 10^n, so ticks are whole numbers) and how many steps, at
    most MAX_GRID_STEPS, reach `highest`."""
    rough = max(highest / MAX_GRID_STEPS, 1)
    magnitude = 10 ** math.floor(math.log10(rough))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= rough)
    return step, max(1, math.ceil(highest / step))


def _format_number(value: float) -> str:
    return f"{value:,.0f}" if value >= 10 or value == int(value) else f"{value:,.1f}"


def bar_chart(points: Sequence[Point], *, chart_id: str, title: str) -> SafeString:
    """A vertical bar chart of counts as inline SVG. Labels are thinned so they never overlap."""
    plot_width = WIDTH - PADDING_LEFT - PADDING_RIGHT
    plot_height = HEIGHT - PADDING_TOP - PADDING_BOTTOM
    baseline = PADDING_TOP + plot_height
    highest = max((p.value for p in points), default=0)
    step, steps = count_axis(highest)
    slot = plot_width / max(len(points), 1)
    bar_width = max(slot * 0.7, 1)
    label_every = max(1, round(len(points) / 8))
    grid = []
    for index in range(steps + 1):
        y = baseline - plot_height * index / steps
        grid.append(
            {"y": f"{y:.1f}", "text_y": f"{y + 4:.1f}", "value": _format_number(step * index)}
        )
    bars = []
    for index, point in enumerate(points):
        height = plot_height * point.value / (step * steps)
        x = PADDING_LEFT + slot * index + (slot - bar_width) / 2
        bars.append(
            {
                "label": point.label,
                "value": _format_number(point.value),
                "x": f"{x:.1f}",
                "y": f"{baseline - height:.1f}",
                "height": f"{height:.1f}",
                "label_x": f"{x + bar_width / 2:.1f}" if index % label_every == 0 else "",
            }
        )
    total = _format_number(sum(p.value for p in points))
    context = {
        "chart_id": chart_id,
        "title": title,
        "description": f"{len(points)} bars, total {total}, highest {_format_number(highest)}.",
        "width": WIDTH,
        "height": HEIGHT,
        "left": PADDING_LEFT,
        "right": WIDTH - PADDING_RIGHT,
        "tick_x": PADDING_LEFT - 6,
        "label_y": HEIGHT - PADDING_BOTTOM + 18,
        "bar_width": f"{bar_width:.1f}",
        "grid": grid,
        "bars": bars,
    }
    return render_to_string("insights/_charts.html#bar_chart", context)


def share_bar(share: float, *, label: str) -> SafeString:
    """A one-line horizontal meter for a share between 0 and 1 (e.g. verified sign-ups)."""
    share = min(max(share, 0.0), 1.0)
    context = {"label": label, "percent": f"{share:.0%}", "fill": f"{share * 100:.1f}"}
    return render_to_string("insights/_charts.html#share_bar", context)
