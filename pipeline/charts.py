"""Inline SVG for the HTML summary: no script, no font or tile from any server.

Every text that reaches the SVG is escaped with markupsafe; the functions return Markup. Labels,
crime types and dates are worded by ``w`` (a ``pipeline.summary.Wording``; Spanish by default).
"""

from __future__ import annotations

from datetime import date
from functools import lru_cache

from markupsafe import Markup, escape

TYPE_COLOURS = {
    "homicide": "#c0392b", "armed_attack": "#e67e22", "extortion": "#8e44ad", "robbery": "#2980b9",
    "feminicide": "#d35400", "kidnapping": "#16a085", "drug_trafficking": "#27ae60",
    "illegal_mining": "#b7950b", "human_trafficking": "#7f8c8d", "sexual_violence": "#e84393",
    "other_crime": "#95a5a6",
}
EVENT_COLOUR = "#c0392b"


def _wording(w):
    if w is None:
        from .summary import Wording
        w = Wording("es")
    return w


def _legend(types: list[str], y: int, w) -> str:
    parts, x = [], 4
    for t in types:
        name = w.word(t)
        parts.append(f'<rect x="{x}" y="{y}" width="9" height="9" fill="{TYPE_COLOURS.get(t, "#95a5a6")}"/>'
                     f'<text x="{x + 12}" y="{y + 8}" font-size="9">{escape(name)}</text>')
        x += 14 + 5 * len(name)
        if x > 300:
            x, y = 4, y + 13
    return "".join(parts)


def events_chart(series: list[tuple[date, dict[str, int], int]], width: int = 360, height: int = 170, *,
                 w=None) -> Markup:
    """Stacked bars: events a day by crime type over the series."""
    w = _wording(w)
    top = max([sum(types.values()) for _, types, _ in series] + [1])
    types = sorted({t for _, ts, _ in series for t in ts}, key=lambda t: list(TYPE_COLOURS).index(t)
                   if t in TYPE_COLOURS else 99)
    plot_h, bar_w = height - 60, (width - 30) / max(len(series), 1)
    bars = []
    for i, (day, counts, _) in enumerate(series):
        y: float = plot_h + 10
        for t in types:
            n = counts.get(t, 0)
            if n:
                h = n / top * plot_h
                y -= h
                bars.append(f'<rect class="bar" x="{26 + i * bar_w:.1f}" y="{y:.1f}" width="{bar_w * 0.8:.1f}" '
                            f'height="{h:.1f}" fill="{TYPE_COLOURS.get(t, "#95a5a6")}">'
                            f'<title>{escape(w.short_day(day))}: {escape(w.number(n))} '
                            f'{escape(w.word(t))}</title></rect>')
    axis = (f'<line x1="24" y1="{plot_h + 10}" x2="{width}" y2="{plot_h + 10}" stroke="#555"/>'
            f'<text x="0" y="16" font-size="9">{escape(w.number(top))}</text>'
            f'<text x="8" y="{plot_h + 10}" font-size="9">0</text>')
    labels = ""
    if series:
        labels = (f'<text x="26" y="{plot_h + 22}" font-size="9">{escape(series[0][0].strftime("%d/%m"))}</text>'
                  f'<text x="{width - 30}" y="{plot_h + 22}" font-size="9">{escape(series[-1][0].strftime("%d/%m"))}</text>')
    return Markup(f'<svg class="chart" role="img" aria-label="{escape(w("chart_events_alt"))}" '
                  f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
                  f'{axis}{"".join(bars)}{labels}{_legend(types, plot_h + 30, w)}</svg>')


def deaths_chart(series: list[tuple[date, dict[str, int], int]], width: int = 360, height: int = 120, *,
                 w=None) -> Markup:
    """Bars: deaths a day over the series."""
    w = _wording(w)
    top = max([deaths for _, _, deaths in series] + [1])
    plot_h, bar_w = height - 30, (width - 30) / max(len(series), 1)
    bars = "".join(
        f'<rect class="bar" x="{26 + i * bar_w:.1f}" y="{plot_h + 10 - d / top * plot_h:.1f}" width="{bar_w * 0.8:.1f}" '
        f'height="{d / top * plot_h:.1f}" fill="#34495e"><title>{escape(w.short_day(day))}: '
        f'{escape(w.count(d, "death"))}</title></rect>'
        for i, (day, _, d) in enumerate(series) if d)
    axis = (f'<line x1="24" y1="{plot_h + 10}" x2="{width}" y2="{plot_h + 10}" stroke="#555"/>'
            f'<text x="0" y="16" font-size="9">{escape(w.number(top))}</text>'
            f'<text x="8" y="{plot_h + 10}" font-size="9">0</text>')
    return Markup(f'<svg class="chart" role="img" aria-label="{escape(w("chart_deaths"))}" '
                  f'viewBox="0 0 {width} {height}" '
                  f'xmlns="http://www.w3.org/2000/svg">{axis}{bars}</svg>')


# Peru spans about 68.6–81.4 °W and 0–18.4 °S.
WEST, EAST, NORTH, SOUTH = -81.5, -68.5, 0.2, -18.5


def _xy(lat: float, lon: float, width: float, height: float) -> tuple[float, float]:
    return ((lon - WEST) / (EAST - WEST) * width, (NORTH - lat) / (NORTH - SOUTH) * height)


@lru_cache(maxsize=1)
def _background(width: int, height: int) -> str:
    """Every district as a faint dot draws the country; department names on top."""
    from .gazetteer import Gazetteer

    gaz = Gazetteer.load()
    dots, labels = [], []
    for place in gaz:
        if place.lat is None or place.lon is None:
            continue
        x, y = _xy(place.lat, place.lon, width, height)
        if place.level == "district":
            dots.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="1.6"/>')
        elif place.level == "department" and place.department not in ("Callao",):
            labels.append(f'<text x="{x:.1f}" y="{y:.1f}" font-size="8" text-anchor="middle">'
                          f'{escape(place.department)}</text>')
    return (f'<g class="districts" fill="#d5d8dc">{"".join(dots)}</g>'
            f'<g class="departments" fill="#7b7d7d">{"".join(labels)}</g>')


def peru_map(events: list, width: int = 320, height: int = 450, *, w=None) -> Markup:
    """The day's events at their place's coordinates, sized by deaths."""
    w = _wording(w)
    marks = []
    for event in events:
        x, y = _xy(event.lat, event.lon, width, height)
        r = 4 + 2 * min(event.deaths or 0, 5)
        marks.append(f'<circle class="event" cx="{x:.1f}" cy="{y:.1f}" r="{r}" fill="{EVENT_COLOUR}" '
                     f'fill-opacity="0.75" stroke="#fff"><title>{escape(event.place)}: '
                     f'{escape(event.headline)}</title></circle>')
    return Markup(f'<svg class="map" role="img" aria-label="{escape(w("map_alt"))}" '
                  f'viewBox="0 0 {width} {height}" xmlns="http://www.w3.org/2000/svg">'
                  f'{_background(width, height)}{"".join(marks)}</svg>')
