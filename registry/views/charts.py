"""Charts drawn on the server as SVG geometry for the templates: no JavaScript, no library.

Each chart is shown next to a table of the same numbers; the table carries the links.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from django.utils.safestring import mark_safe

from registry.stats import YearTable

WIDTH = 800
BAR_WIDTH = 560
YEAR_CHART_HEIGHT = 320
MARGIN_LEFT, MARGIN_RIGHT, MARGIN_TOP, MARGIN_BOTTOM = 44, 12, 12, 36
BAR_ROW = 26
BAR_LABEL_WIDTH = 250
BAR_COUNT_WIDTH = 48


@dataclass
class Rect:
    x: float
    y: float
    width: float
    height: float
    css_class: str
    title: str

    @property
    def box(self) -> str:
        """The SVG attributes of the rectangle. Formatted here, not with `floatformat` in the
        template: a year chart has hundreds of rectangles, and the filter costs most of a
        statistics page's render."""
        return mark_safe(f'x="{self.x:.2f}" y="{self.y:.2f}" width="{self.width:.2f}" '
                         f'height="{self.height:.2f}"')  # numbers only


@dataclass
class Tick:
    position: float
    label: str


@dataclass
class Chart:
    width: int
    height: int
    rects: list[Rect] = field(default_factory=list)
    y_ticks: list[Tick] = field(default_factory=list)
    x_labels: list[Tick] = field(default_factory=list)
    plot_left: float = MARGIN_LEFT
    plot_right: float = WIDTH - MARGIN_RIGHT
    plot_bottom: float = 0
    rows: list[dict] = field(default_factory=list)


def nice_step(maximum: int, ticks: int = 5) -> int:
    """A round step (1, 2, 5, 10, 20, 50…) giving at most `ticks` gridlines up to `maximum`."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if maximum / (step * factor) <= ticks:
                return step * factor
        step *= 10


def year_chart(table: YearTable, labels: dict[str, str]) -> Chart:
    """Stacked bars: one per year, a segment per sponsor category."""
    chart = Chart(width=WIDTH, height=YEAR_CHART_HEIGHT)
    plot_top, plot_bottom = MARGIN_TOP, YEAR_CHART_HEIGHT - MARGIN_BOTTOM
    chart.plot_bottom = plot_bottom
    highest = max(table.year_totals.values(), default=0) or 1
    step = nice_step(highest)
    top_value = -(-highest // step) * step
    scale = (plot_bottom - plot_top) / top_value
    chart.y_ticks = [Tick(plot_bottom - value * scale, str(value))
                     for value in range(0, top_value + 1, step)]
    band = (chart.plot_right - chart.plot_left) / max(len(table.years), 1)
    for index, year in enumerate(table.years):
        x = chart.plot_left + index * band + band * 0.15
        # Every fifth year is labelled, and the first and last unless a label is too near.
        last = index == len(table.years) - 1
        if year % 5 == 0 or index == 0 or (last and year % 5 > 2):
            chart.x_labels.append(Tick(chart.plot_left + (index + 0.5) * band, str(year)))
        base = plot_bottom
        for category in table.categories:
            count = table.cells[year].get(category, 0)
            if not count:
                continue
            height = count * scale
            base -= height
            chart.rects.append(Rect(x, base, band * 0.7, height, f"cat-{category}",
                                    f"{year}: {labels.get(category, category)} — {count}"))
    return chart


def bar_chart(rows: Sequence[dict], *, label: Callable[[dict], str]) -> Chart:
    """Horizontal bars, one per row of `registry.stats.count_by` (with a "count")."""
    height = MARGIN_TOP + BAR_ROW * max(len(rows), 1) + 8
    chart = Chart(width=BAR_WIDTH, height=height)
    highest = max((row["count"] for row in rows), default=0) or 1
    left = BAR_LABEL_WIDTH
    available = BAR_WIDTH - left - BAR_COUNT_WIDTH - MARGIN_RIGHT
    for index, row in enumerate(rows):
        y = MARGIN_TOP + index * BAR_ROW
        width = max(row["count"] / highest * available, 1)
        text = label(row)
        chart.rects.append(Rect(left, y + 4, width, BAR_ROW - 8, "bar", f"{text}: {row['count']}"))
        chart.rows.append({"label": text[:32] + ("…" if len(text) > 32 else ""),
                           "label_y": y + BAR_ROW / 2 + 4, "count": row["count"],
                           "count_x": left + width + 6})
    chart.plot_left = left
    return chart
