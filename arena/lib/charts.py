"""Charts drawn on the server as SVG: the same markup on a page, the projector and a WeasyPrint
PDF — no JavaScript, no CDN. No charting library drew what these pages need (CJK labels, lights
that keep their words, ranks with 1 at the top, ties on a bar chart) in markup WeasyPrint reads,
so this small module does, and tests/test_charts.py checks its marks.

Readable without colour: lines differ by dash and marker as well as colour (Okabe–Ito, safe for
colour-blind readers), lights carry their word (绿 / 黄 / 红 / 灰) and red a hatch; every chart
has a <title>, an alt text with its figures and the table of those figures beside it."""

from __future__ import annotations

import itertools
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

Number = Decimal | int | float
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#000000", "#F0E442"]
DASHES = ["", "6 3", "2 3", "9 3 2 3", "12 4", "3 2 3 6"]
MARKERS = ["circle", "square", "triangle", "diamond"]
LIGHTS = {  # colour, the word drawn on it, whether it is hatched (to survive a grey printer)
    "green": ("#2e9d4a", "绿", False),
    "yellow": ("#f0b400", "黄", False),
    "red": ("#d9363e", "红", True),
    "grey": ("#a0a4aa", "灰", False),
}
FONT = "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', sans-serif"
MUTED, INK, GRID, ACCENT = "#6b7280", "#1f2937", "#e5e7eb", "#D55E00"
HATCH = (  # ids must be unique on a page that shows several charts: one number per chart
    '<defs><pattern id="hatch-{n}" width="6" height="6" patternUnits="userSpaceOnUse" '
    'patternTransform="rotate(45)"><rect width="6" height="6" fill="#d9363e"/>'
    '<line x1="0" y1="0" x2="0" y2="6" stroke="#fff" stroke-width="2"/></pattern></defs>'
)
_hatches = itertools.count(1)


@dataclass(frozen=True)
class Chart:
    """An SVG chart and what stands beside it: its alt text and its table (numbers as numbers)."""

    svg: SafeString
    alt: str
    title: str = ""
    head: list = field(default_factory=list)
    rows: list[list] = field(default_factory=list)

    def __html__(self) -> str:
        return self.svg

    def __str__(self) -> str:
        return self.svg


def figure(value: Number | None, places: int = 2) -> str:
    if value is None:
        return "—"
    if isinstance(value, int):
        return str(value)
    return f"{Decimal(str(value)):.{places}f}"


def el(tag: str, text: str | None = None, **attrs) -> str:
    """An SVG element; attribute names with _ for - (stroke_width), `css` for class; the text
    and every attribute escaped, numbers to one decimal."""
    cells = []
    for name, value in attrs.items():
        if value is None:
            continue
        key = "class" if name == "css" else name.rstrip("_").replace("_", "-")
        shown = f"{value:.1f}" if isinstance(value, float) else str(value)
        cells.append(f'{key}="{escape(shown)}"')
    head = f"<{tag} {' '.join(cells)}"
    return f"{head}/>" if text is None else f"{head}>{text}</{tag}>"


def _frame(css: str, width: int, height: int, title: str, alt: str, body: list[str], head,
           rows, defs: str = "") -> Chart:  # fmt: skip
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart {css}" viewBox="0 0 {width} '
        f'{height}" width="100%" role="img" aria-label="{escape(alt)}" font-family="{FONT}" '
        f'font-size="13"><title>{escape(title)}</title><desc>{escape(alt)}</desc>{defs}'
        + "".join(body)
        + "</svg>"
    )
    return Chart(mark_safe(svg), alt, title, head, rows)  # noqa: S308 - every text went escaped


def ticks(low: float, high: float, count: int = 5) -> list[float]:
    """Round steps (1, 2 or 5 × 10ⁿ) from at or below `low` to at or above `high`."""
    raw = ((high - low) or abs(high) or 1.0) / count
    magnitude = 10 ** math.floor(math.log10(raw))
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw * 0.999)
    tick, found = math.floor(low / step) * step, []
    while tick <= high + step * 1e-9:
        found.append(round(tick, 10))
        tick += step
    if found[-1] < high:
        found.append(round(found[-1] + step, 10))
    return found


def marker(kind: str, x: float, y: float, r: float, colour: str) -> str:
    if kind == "square":
        return el("rect", css="mark", x=x - r, y=y - r, width=2 * r, height=2 * r, fill=colour)
    corners = {
        "triangle": [(0, -1.2), (-1.1, 1), (1.1, 1)],
        "diamond": [(0, -1.3), (-1, 0), (0, 1.3), (1, 0)],
    }.get(kind)
    if corners:
        points = " ".join(f"{x + dx * r:.1f},{y + dy * r:.1f}" for dx, dy in corners)
        return el("polygon", css="mark", points=points, fill=colour)
    return el("circle", css="mark", cx=x, cy=y, r=r, fill=colour)


@dataclass(frozen=True)
class Line:
    name: str
    values: Sequence[Number | None]
    highlight: bool = False
    style: str = ""  # "" a series of its own; "target" or "benchmark" a reference line


REFERENCE = {"target": (INK, "7 4", 1.6), "benchmark": (MUTED, "2 3", 1.8)}


def line_chart(title: str, labels: Sequence[str], lines: Sequence[Line], *, invert: bool = False,
               integer: bool = False, width: int = 720, height: int = 300) -> Chart:  # fmt: skip
    """Each line over the labels (rounds, months). `invert`: 1 at the top (ranks). A line with
    `highlight` is drawn bold and the others pale; reference lines dashed, without markers."""
    places = 0 if integer else 2
    alt = f"{title}。" + "；".join(
        f"{line.name}：" + "、".join(map(" ".join, zip(labels, values, strict=True)))
        for line in lines
        for values in [[figure(v, places) for v in line.values]]
    )
    head, rows = ["", *labels], [[line.name, *line.values] for line in lines]
    points = [float(v) for line in lines for v in line.values if v is not None]
    left, right, top, bottom = 52, 150, 16, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    body: list[str] = []
    if not points:
        body.append(el("text", "暂无数据", x=width / 2, y=height / 2, text_anchor="middle"))
        return _frame("line-chart", width, height, title, alt, body, head, rows)
    low, high = min(points), max(points)
    if integer and invert:
        low = min(low, 1.0)
    scale = (
        list(range(int(low), int(high) + 1)) if integer and high - low <= 12 else ticks(low, high)
    )
    low, high = min(scale[0], low), max(scale[-1], high)

    def y_of(value: float) -> float:
        share = (value - low) / ((high - low) or 1.0)
        return top + (share if invert else 1 - share) * plot_h

    def x_of(index: int) -> float:
        return left + (plot_w * index / (len(labels) - 1) if len(labels) > 1 else plot_w / 2)

    for tick in scale:
        y = y_of(tick)
        body.append(el("line", x1=left, x2=left + plot_w, y1=y, y2=y, stroke=GRID))
        body.append(
            el("text", escape(f"{tick:g}"), x=left - 6, y=y + 4, text_anchor="end", fill=MUTED)
        )
    for i, label in enumerate(labels):
        body.append(el("text", escape(label), css="x-label", x=x_of(i), y=height - bottom + 18,
                       text_anchor="middle", fill=MUTED))  # fmt: skip
    own = [line for line in lines if not line.style]
    emphasis = any(line.highlight for line in lines)
    ends = {id(ln): y_of(float(v)) for ln in lines for v in [_last(ln.values)] if v is not None}
    label_at = spread_labels(ends, top, top + plot_h)
    for line in sorted(lines, key=lambda ln: (ln.highlight, not ln.style)):  # highlighted on top
        index = own.index(line) if line in own else 0
        colour, dash, weight = PALETTE[index % len(PALETTE)], DASHES[index % len(DASHES)], 2.2
        colour, dash, weight = REFERENCE.get(line.style, (colour, dash, weight))
        opacity = 1.0 if line.highlight or line.style or not emphasis else 0.35
        weight = 4.0 if line.highlight else weight
        css = " ".join(filter(None, ["line", "highlight" if line.highlight else "", line.style]))
        body.append(f'<g class="{css}" data-name="{escape(line.name)}" opacity="{opacity}">')
        shown = [(i, float(v)) for i, v in enumerate(line.values) if v is not None]
        runs: list[list[tuple[int, float]]] = []
        for i, v in shown:  # a gap (no value that round) breaks the line
            if runs and runs[-1][-1][0] == i - 1:
                runs[-1].append((i, v))
            else:
                runs.append([(i, v)])
        for run in runs:
            points_text = " ".join(f"{x_of(i):.1f},{y_of(v):.1f}" for i, v in run)
            body.append(el("polyline", css="path", points=points_text, fill="none", stroke=colour,
                           stroke_width=weight, stroke_dasharray=dash or None))  # fmt: skip
        if not line.style:
            kind, size = MARKERS[index % len(MARKERS)], 4.5 if line.highlight else 3.2
            body.extend(marker(kind, x_of(i), y_of(v), size, colour) for i, v in shown)
        else:  # a reference line's lone point (one month) would not show as a line
            body.extend(marker("diamond", x_of(i), y_of(v), 3.5, colour)
                        for run in runs if len(run) == 1 for i, v in run)  # fmt: skip
        if id(line) in label_at:
            y = label_at[id(line)]
            name = line.name if len(line.name) <= 9 else line.name[:8] + "…"
            body.append(el("text", escape(name), css="end-label", x=left + plot_w + 8, y=y + 4,
                           fill=INK, font_weight="700" if line.highlight else None))  # fmt: skip
        body.append("</g>")
    return _frame("line-chart", width, height, title, alt, body, head, rows)


def _last(values: Sequence[Number | None]) -> Number | None:
    return next((v for v in reversed(values) if v is not None), None)


def spread_labels(ends: dict, low: float, high: float, gap: float = 14) -> dict:
    """End labels at their line's last point, moved apart to `gap` and kept within low…high."""
    order = sorted(ends, key=ends.get)
    placed: dict = {}
    for key in order:
        y = ends[key]
        if placed:
            y = max(y, placed[order[len(placed) - 1]] + gap)
        placed[key] = y
    overflow = (placed[order[-1]] - high) if order else 0
    if overflow > 0:  # shift the run up, no label above the top
        for i, key in enumerate(reversed(order)):
            placed[key] = max(placed[key] - overflow, low + gap * (len(order) - 1 - i))
    return placed


@dataclass(frozen=True)
class Bar:
    label: str
    value: Number | None
    rank: int | None = None
    highlight: bool = False
    note: str = ""


def bar_chart(title: str, bars: Sequence[Bar], *, unit: str = "", width: int = 720,
              row: int = 34, low: Number = 0, high: Number | None = None) -> Chart:  # fmt: skip
    """Horizontal bars in the given order, each with its rank (a tie shows as 3=) and value."""
    left, right, top = 200, 110, 8
    height = top * 2 + row * max(len(bars), 1)
    values = [float(b.value) for b in bars if b.value is not None]
    top_value = float(high) if high is not None else max(values, default=1.0) or 1.0
    ranks = [b.rank for b in bars]
    tied = {r for r in ranks if r is not None and ranks.count(r) > 1}

    def place(bar: Bar) -> str:
        return "" if bar.rank is None else f"{bar.rank}{'=' if bar.rank in tied else ''}"

    alt = f"{title}。" + "；".join(
        f"{place(b) and '第' + place(b) + '名 '}{b.label} {figure(b.value)}{unit}" for b in bars
    )
    body: list[str] = []
    plot_w = width - left - right
    for i, bar in enumerate(bars):
        y, middle = top + i * row, top + i * row + row / 2 + 5
        name = bar.label if len(bar.label) <= 12 else bar.label[:11] + "…"
        bold = "700" if bar.highlight else None
        body.append(f'<g class="bar-row" data-name="{escape(bar.label)}">')
        body.append(el("text", escape(place(bar)), css="place", x=8, y=middle, fill=MUTED))
        body.append(el("text", escape(name), x=left - 8, y=middle, text_anchor="end", fill=INK,
                       font_weight=bold))  # fmt: skip
        if bar.value is not None:
            share = (float(bar.value) - float(low)) / ((top_value - float(low)) or 1.0)
            length = max(2.0, min(1.0, max(0.0, share)) * plot_w)
            body.append(el("rect", css="bar highlight" if bar.highlight else "bar", x=left, y=y + 5,
                           width=length, height=row - 10, rx=3,
                           fill=ACCENT if bar.highlight else PALETTE[0]))  # fmt: skip
            text = figure(bar.value) + unit + (f" {bar.note}" if bar.note else "")
            body.append(
                el("text", escape(text), css="value", x=left + length + 6, y=middle, fill=INK)
            )
        elif bar.note:  # not yet scored: said, not drawn as a zero
            body.append(el("text", escape(bar.note), css="value", x=left + 6, y=middle, fill=MUTED))
        body.append("</g>")
    rows = [[place(b), b.label, b.value] for b in bars]
    return _frame("bar-chart", width, height, title, alt, body, ["名次", "", "数值"], rows)


def stacked_lights(title: str, labels: Sequence[str], counts: Sequence[dict[str, int]], *,
                   width: int = 720, height: int = 260) -> Chart:  # fmt: skip
    """Per label (a month) a column of light counts, 绿 at the bottom to 灰 at the top, each
    segment with its word and count when it has room."""
    left, right, top, bottom = 40, 16, 12, 36
    plot_w, plot_h = width - left - right, height - top - bottom
    most = max((sum(c.values()) for c in counts), default=0) or 1
    alt = f"{title}。" + "；".join(
        f"{label} " + ("、".join(f"{LIGHTS[k][1]} {c[k]}" for k in LIGHTS if c.get(k)) or "无")
        for label, c in zip(labels, counts, strict=True)
    )
    body: list[str] = []
    hatch = next(_hatches)
    slot = plot_w / max(len(labels), 1)
    bar_w = min(44.0, slot * 0.7)
    for i, (label, count) in enumerate(zip(labels, counts, strict=True)):
        x, y = left + slot * i + (slot - bar_w) / 2, float(top + plot_h)
        body.append(f'<g class="column" data-label="{escape(label)}">')
        for key, (colour, word, hatched) in LIGHTS.items():
            if not count.get(key):
                continue
            h = plot_h * count[key] / most
            y -= h
            tip = el("title", escape(f"{label} {word} {count[key]}"))
            fill = f"url(#hatch-{hatch})" if hatched else colour
            body.append(el("rect", tip, css=f"seg seg-{key}", x=x, y=y, width=bar_w, height=h,
                           fill=fill, stroke="#fff"))  # fmt: skip
            if h >= 15:
                ink = "#fff" if key in {"green", "red"} else INK
                body.append(el("text", f"{word}{count[key]}", x=x + bar_w / 2, y=y + h / 2 + 4,
                               text_anchor="middle", font_size=11, fill=ink))  # fmt: skip
        body.append(el("text", escape(label), css="x-label", x=x + bar_w / 2,
                       y=height - bottom + 18, text_anchor="middle", fill=MUTED))  # fmt: skip
        body.append("</g>")
    head = ["", *(word for _c, word, _h in LIGHTS.values())]
    rows = [
        [label, *(c.get(k, 0) for k in LIGHTS)] for label, c in zip(labels, counts, strict=True)
    ]
    defs = HATCH.format(n=hatch)
    return _frame("stacked-chart", width, height, title, alt, body, head, rows, defs)


def sparkline(title: str, values: Sequence[Number | None], *, invert: bool = False,
              width: int = 140, height: int = 32) -> Chart:  # fmt: skip
    """A small line of a unit's figures over time, the last one dotted; no axes."""
    shown = [(i, float(v)) for i, v in enumerate(values) if v is not None]
    alt = f"{title}：" + "、".join(figure(v, 0 if isinstance(v, int) else 2) for v in values)
    body: list[str] = []
    if shown:
        low, high = min(v for _, v in shown), max(v for _, v in shown)
        step = (width - 8) / max(len(values) - 1, 1)

        def at(i: int, v: float) -> tuple[float, float]:
            share = (v - low) / ((high - low) or 1.0)
            return 4 + i * step, 4 + (share if invert else 1 - share) * (height - 8)

        coords = [at(i, v) for i, v in shown]
        points = " ".join(f"{x:.1f},{y:.1f}" for x, y in coords)
        body.append(el("polyline", css="path", points=points, fill="none", stroke=PALETTE[0],
                       stroke_width=2))  # fmt: skip
        body.append(el("circle", css="mark", cx=coords[-1][0], cy=coords[-1][1], r=3, fill=ACCENT))
    head = ["", *range(1, len(values) + 1)]
    return _frame("sparkline", width, height, title, alt, body, head, [[title, *values]])


@dataclass(frozen=True)
class Strip:
    label: str
    marks: Sequence[tuple[Number, bool]]  # (a judge's total, counted)


def strip_chart(title: str, strips: Sequence[Strip], *, low: Number, high: Number,
                width: int = 720, row: int = 30) -> Chart:  # fmt: skip
    """Per row (a presenter) each judge's total on one scale: counted ●, dropped ○ (去掉的); each
    dot is a subpath (M…) of its row's path of that kind, counted in data-count."""
    left, right, top = 150, 24, 24
    height = top + row * max(len(strips), 1) + 8
    plot_w, low_f, span = width - left - right, float(low), (float(high) - float(low)) or 1.0
    alt = f"{title}。" + "；".join(
        f"{s.label}：" + "、".join(figure(v) + ("" if kept else "（去掉）") for v, kept in s.marks)
        for s in strips
    )
    body: list[str] = []
    for tick in ticks(low_f, float(high)):
        x = left + (tick - low_f) / span * plot_w
        if left - 0.5 <= x <= left + plot_w + 0.5:
            body.append(el("line", x1=x, x2=x, y1=top - 4, y2=height - 8, stroke=GRID))
            body.append(el("text", f"{tick:g}", x=x, y=top - 8, text_anchor="middle", fill=MUTED,
                           font_size=11))  # fmt: skip
    for i, strip in enumerate(strips):
        y = top + i * row + row / 2
        body.append(f'<g class="strip" data-name="{escape(strip.label)}">')
        body.append(el("text", escape(strip.label[:12]), x=left - 8, y=y + 4, text_anchor="end",
                       fill=INK))  # fmt: skip
        body.append(el("line", x1=left, x2=left + plot_w, y1=y, y2=y, stroke=GRID))
        # All of a row's dots of a kind in one path: a report draws 30 strips of 60 judges, and
        # WeasyPrint's time grows with the number of SVG elements (bench/report.py).
        for kept, css, paint in ((True, "dots kept", {"fill": PALETTE[0]}),
                                 (False, "dots dropped", {"fill": "#fff", "stroke": ACCENT,
                                                          "stroke_width": 2})):  # fmt: skip
            xs = [left + (float(v) - low_f) / span * plot_w for v, k in strip.marks if k == kept]
            if xs:
                path = "".join(f"M{x - 5:.1f} {y:.1f}a5 5 0 1 0 10 0a5 5 0 1 0 -10 0" for x in xs)
                body.append(el("path", css=css, d=path, data_count=len(xs), **paint))
        body.append("</g>")
    most = max((len(s.marks) for s in strips), default=0)
    head = ["", *(f"#{i}" for i in range(1, most + 1))]
    rows = [[s.label, *(v for v, _ in s.marks)] for s in strips]
    return _frame("strip-chart", width, height, title, alt, body, head, rows)
