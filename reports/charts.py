"""The report's charts: drawn on the server as SVG, the same drawing on the page and in the PDF.

Library: pygal (LGPL, kept by Kozea, the makers of WeasyPrint). It is pure Python with one small
dependency and draws SVG directly: importing it and drawing a chart costs the worker about 10 MB,
where matplotlib (numpy, its font cache, the Agg machinery, 40-60 MB before the first figure) would
bring a worker near its memory target. Charts here are plain bars and lines, which pygal does well.

Content-Security-Policy: pygal's SVG carries a <style> element, style attributes and a small
<script> (its tooltips' configuration). Inlined in the page these would break the CSP (style-src
and script-src 'self', no 'unsafe-inline'). So a chart is embedded as an image, <img src="data:
image/svg+xml;base64,...">, which the CSP allows (img-src 'self' data:): an SVG shown as an image
is its own document, its styles apply inside it and its scripts never run. WeasyPrint reads the
same data: URL (documents.LocalFetcher allows data:), so the PDF shows the same drawing. No CDN:
pygal's tooltip script, which it would load from the web, is switched off (js=[]).

Each chart has a text alternative and is always printed beside its table, which screen readers read.
"""

import base64

import pygal
from pygal.style import Style

COLORS = ("#1f5fa8", "#d9822b", "#2e8b57", "#8e44ad", "#c0392b", "#7f8c8d")
STYLE = Style(
    background="white", plot_background="white", foreground="#222222", foreground_strong="#222222",
    foreground_subtle="#999999", colors=COLORS, font_family="DejaVu Sans, sans-serif",
    title_font_size=18, label_font_size=13, major_label_font_size=13, legend_font_size=13,
    value_font_size=12, tooltip_font_size=12,
)
OPTIONS = {
    "style": STYLE, "js": [], "width": 800, "height": 380, "explicit_size": False, "legend_at_bottom": True,
    "print_values": True, "print_zeroes": False, "show_y_guides": True, "truncate_legend": -1,
    "truncate_label": -1, "min_scale": 1, "max_scale": 10, "margin": 12, "disable_xml_declaration": False,
}


def _number(value):
    """A drawable value: a count, or None for a cell that is not shown ("< 5")."""
    return value if isinstance(value, int | float) and not isinstance(value, bool) else None


def _data_url(chart):
    svg = chart.render()
    return "data:image/svg+xml;base64," + base64.b64encode(svg).decode("ascii")


def _value_labels(series, *, stacked=False):
    """Whole-number ticks of the value axis (counts have no fractions): about five, 1-2-5 steps."""
    if stacked:
        top = max([sum(v or 0 for v in point) for point in zip(*(values for _label, values in series), strict=True)]
                  or [0])
    else:
        top = max([v for _label, values in series for v in values if v is not None] or [0])
    step = 1
    while top / step > 6:
        step = step * 5 // 2 if str(step).startswith("2") else step * 2
    return list(range(0, top + step, step)) if top else [0, 1]


def _add_series(chart, table, columns, *, stacked=False):
    """Add the columns' values; False when no value can be drawn (every cell of the de-identified
    figures shows "< 5"): then there is no chart, the table says it all."""
    series = _series(table, columns)
    if not any(value is not None for _label, values in series for value in values):
        return False
    chart.y_labels = _value_labels(series, stacked=stacked)
    for label, values in series:
        chart.add(label, values)
    return True


def _series(table, columns):
    keys = [column.key for column in table.columns]
    return [(str(column.label), [_number(row.cells[keys.index(column.key)]) for row in table.rows])
            for column in table.columns if column.key in columns]


def bar_chart(table, columns, *, horizontal=False, stacked=False, title=None):
    """A bar chart of `table`: one bar (or stacked part) per column in `columns`, per row."""
    kind = (pygal.HorizontalStackedBar if horizontal else pygal.StackedBar) if stacked else (
        pygal.HorizontalBar if horizontal else pygal.Bar)
    height = max(OPTIONS["height"], 60 + 34 * len(table.rows)) if horizontal else OPTIONS["height"]
    chart = kind(**{**OPTIONS, "height": height, "x_label_rotation": 0 if horizontal else 30})
    chart.title = str(title or table.title)
    chart.x_labels = [str(row.label) for row in table.rows]
    return _data_url(chart) if _add_series(chart, table, columns, stacked=stacked) else ""


def line_chart(table, columns, *, title=None):
    chart = pygal.Line(**{**OPTIONS, "x_label_rotation": 30, "dots_size": 4})
    chart.title = str(title or table.title)
    chart.x_labels = [str(row.label) for row in table.rows]
    return _data_url(chart) if _add_series(chart, table, columns) else ""


# which tables have a chart, and how it is drawn
CHARTS = {
    "cases_by_category": lambda t: bar_chart(t, {"opened", "closed"}, horizontal=True),
    "cases_per_month": lambda t: line_chart(t, {"opened", "closed"}),
    "referrals_by_result": lambda t: bar_chart(t, {"referrals"}),
    "services_per_counselor": lambda t: bar_chart(t, {c.key for c in t.columns}, horizontal=True, stacked=True),
    "services_by_kind": lambda t: bar_chart(t, {"given"}),
}


def draw(tables):
    """Give each table that has a chart its drawing (a data: URL) and its text alternative. Called
    inside the language the document is shown in, as the labels are drawn into the picture."""
    for table in tables:
        draw_chart = CHARTS.get(table.key)
        if draw_chart and table.rows:
            table.chart = draw_chart(table)
            table.chart_alt = table.title
    return tables
