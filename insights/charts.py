"""Server-drawn SVG charts for the dashboard: no script, no inline styles (CSP-clean), a title
and description for screen readers; the same numbers are in a table beside each chart."""

import math
from collections.abc import Sequence
from dataclasses import dataclass

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

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
    highest = max((p.value for p in points), default=0)
    step, steps = count_axis(highest)
    top = step * steps
    slot = plot_width / max(len(points), 1)
    bar_width = max(slot * 0.7, 1)
    label_every = max(1, round(len(points) / 8))

    grid = []
    for index in range(steps + 1):
        value = step * index
        y = PADDING_TOP + plot_height - plot_height * index / steps
        grid.append(
            format_html(
                '<line class="chart-grid" x1="{}" x2="{}" y1="{}" y2="{}"></line>'
                '<text class="chart-axis" x="{}" y="{}" text-anchor="end">{}</text>',
                PADDING_LEFT,
                WIDTH - PADDING_RIGHT,
                f"{y:.1f}",
                f"{y:.1f}",
                PADDING_LEFT - 6,
                f"{y + 4:.1f}",
                _format_number(value),
            )
        )

    bars = []
    for index, point in enumerate(points):
        height = plot_height * point.value / top
        x = PADDING_LEFT + slot * index + (slot - bar_width) / 2
        y = PADDING_TOP + plot_height - height
        bars.append(
            format_html(
                '<rect class="chart-bar" x="{}" y="{}" width="{}" height="{}">'
                "<title>{}: {}</title></rect>",
                f"{x:.1f}",
                f"{y:.1f}",
                f"{bar_width:.1f}",
                f"{height:.1f}",
                point.label,
                _format_number(point.value),
            )
        )
        if index % label_every == 0:
            bars.append(
                format_html(
                    '<text class="chart-axis" x="{}" y="{}" text-anchor="middle">{}</text>',
                    f"{x + bar_width / 2:.1f}",
                    HEIGHT - PADDING_BOTTOM + 18,
                    point.label,
                )
            )

    total = _format_number(sum(p.value for p in points))
    description = f"{len(points)} bars, total {total}, highest {_format_number(highest)}."
    return format_html(
        '<svg class="chart" viewBox="0 0 {} {}" role="img" aria-labelledby="{}-title {}-desc">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>{}{}</svg>',
        WIDTH,
        HEIGHT,
        chart_id,
        chart_id,
        chart_id,
        title,
        chart_id,
        description,
        mark_safe("".join(grid)),  # noqa: S308  # nosec B308, B703  (built by format_html)
        mark_safe("".join(bars)),  # noqa: S308  # nosec B308, B703  (built by format_html)
    )


def share_bar(share: float, *, label: str) -> SafeString:
    """A one-line horizontal meter for a share between 0 and 1 (e.g. verified sign-ups)."""
    share = min(max(share, 0.0), 1.0)
    return format_html(
        '<svg class="meter" viewBox="0 0 100 8" preserveAspectRatio="none" role="img" '
        'aria-label="{}: {}">'
        '<rect class="meter-track" width="100" height="8" rx="4"></rect>'
        '<rect class="meter-fill" width="{}" height="8" rx="4"></rect></svg>',
        label,
        f"{share:.0%}",
        f"{share * 100:.1f}",
    )
