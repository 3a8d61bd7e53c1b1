"""Geometry for the server-rendered stacked bar chart (``templates/boards/_chart.svg``).

No plotting library: the template draws rectangles and text from the numbers computed
here, so the SVG is small, styled by the status colours and prints as vector graphics.
"""

from dataclasses import dataclass

from ...domain import statuses

# Same colours as the status badges in static/css/app.css, as attributes so the SVG keeps
# them when copied out of the page or printed.
COLORS = {
    "draft": "#6b7280", "proposed": "#2563eb", "under_consideration": "#7c3aed",
    "in_progress": "#d97706", "implemented": "#15803d", "not_adopted": "#b91c1c",
    "superseded": "#475569",
}
WIDTH, HEIGHT = 960, 320
LEFT, RIGHT, TOP, BOTTOM = 48, 12, 12, 44


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    status: str
    count: int
    month: str

    @property
    def color(self) -> str:
        return COLORS[self.status]


def nice_step(top: int, ticks: int = 5) -> int:
    """A round tick step (1, 2, 5 × 10^n) giving about ``ticks`` gridlines up to ``top``."""
    raw = max(1, top) / ticks
    magnitude = 1
    while magnitude * 10 <= raw:
        magnitude *= 10
    for factor in (1, 2, 5, 10):
        if factor * magnitude >= raw:
            return factor * magnitude
    return 10 * magnitude


def stacked(months: list[str], series: dict[str, list[int]],
            width: int = WIDTH, height: int = HEIGHT) -> dict:
    """Bars stacked in lifecycle order for each month, y ticks and sparse x labels."""
    plot_w, plot_h = width - LEFT - RIGHT, height - TOP - BOTTOM
    totals = [sum(series.get(k, [0] * len(months))[i] for k in statuses.KEYS)
              for i in range(len(months))]
    step = nice_step(max(totals, default=0))
    top = max(step, -(-max(totals, default=0) // step) * step)
    slot = plot_w / max(1, len(months))
    bar_w = max(1.0, slot * 0.8)
    bars = []
    for i, month in enumerate(months):
        base = 0
        for key in statuses.KEYS:
            n = series.get(key, [0] * len(months))[i]
            if n <= 0:
                continue
            h = plot_h * n / top
            y = TOP + plot_h * (1 - (base + n) / top)
            bars.append(Bar(round(LEFT + i * slot + (slot - bar_w) / 2, 2), round(y, 2),
                            round(bar_w, 2), round(h, 2), key, n, month))
            base += n
    ticks = [(v, round(TOP + plot_h * (1 - v / top), 2)) for v in range(0, top + 1, step)]
    every = max(1, -(-len(months) // 12))
    last = len(months) - 1  # always labelled; a regular label closer to it would overlap
    labels = [(round(LEFT + i * slot + slot / 2, 2), m) for i, m in enumerate(months)
              if (i % every == 0 and last - i >= every) or i == last]
    return {"width": width, "height": height, "bars": bars, "ticks": ticks, "labels": labels,
            "left": LEFT, "right": width - RIGHT, "bottom": TOP + plot_h, "top": TOP,
            "totals": totals, "months": months}
