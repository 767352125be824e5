"""The line chart: scores of several series across runs, on the fixed 0..100 scale.

A portal's page draws its openness index with one (emphasised, every score written on it) and
each pillar with a small one. This module lays the chart out (legend rows, plot box, y grid, run
labels that fit, "instrument changed" breaks, value labels) and writes its description: the same
facts in words, in the report's language. What every chart shares (palette, type, text, scale,
series styles) is in `reports.charts`, which also says why the charts are hand-written SVG.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from markupsafe import Markup, escape

from egov_audit.reports.charts import (
    AXIS_COLOUR,
    BACKGROUND,
    BREAK_COLOUR,
    CHAR_WIDTH_EM,
    ENGLISH,
    FONT_FAMILY,
    FONT_SIZE,
    GRID_COLOUR,
    MUTED_TEXT_COLOUR,
    SMALL_FONT_SIZE,
    TEXT_COLOUR,
    VALUE_FONT_SIZE,
    Series,
    SeriesStyle,
    Words,
    change_words,
    check_size,
    check_values,
    dimension,
    escaped,
    one_decimal,
    path_data,
    runs_words,
    score_format,
    scored_runs,
    series_style,
    shortened,
    text_width,
    unbroken_segments,
    x_positions,
    xml_safe,
    y_for,
)
from egov_audit.reports.i18n import N_

Y_TICKS: tuple[int, ...] = (0, 25, 50, 75, 100)
MAX_ALL_X_LABELS = 8  # up to this many runs, every run is labelled (if the labels fit)
MAX_SAMPLED_X_LABELS = 6  # beyond, first, last and evenly spaced ones in between
DENSE_SPACING = 12.0  # pixels between runs below which only segment ends get markers
MIN_PLOT_HEIGHT = 120.0  # below this the lines crowd; a long legend makes the chart taller instead
MAX_LABEL_CHARS = 40  # legend and axis texts are cut here; the full text is in the description

BREAK_LABEL = N_("instrument changed")
EMPHASIS_WIDTH = "3.5"  # the stroke of the series a chart is about (the openness index)

# A chart id makes the ids of its <title> and <desc>, so it is a slug: it cannot leave the attribute.
_SLUG = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _labelled_runs(runs: int, capacity: int) -> list[int]:
    """Which runs get a date under the axis: all when few and they fit, else first, last and evenly spaced ones."""
    if runs <= min(MAX_ALL_X_LABELS, capacity):
        return list(range(runs))
    count = max(2, min(MAX_SAMPLED_X_LABELS, capacity))
    return sorted({round(k * (runs - 1) / (count - 1)) for k in range(count)})


# --- the description --------------------------------------------------------------------------


def _series_sentence(series: Series, x_labels: Sequence[str], words: Words) -> str:
    """ "Openness index: 68 on 2026-11-01, 74 on 2026-11-20 (+6)." and how many runs had no score."""
    _ = words.gettext
    label = xml_safe(series.label)
    scored = scored_runs(series.values)
    if not scored:
        return _("%(series)s: no scores.") % {"series": label}
    first_index, first = scored[0]
    last_index, last = scored[-1]
    if len(scored) == 1:
        text = _("%(series)s: %(score)s on %(date)s, the only score") % {
            "series": label,
            "score": score_format(words)(first),
            "date": xml_safe(x_labels[first_index]),
        }
    else:
        text = _("%(series)s: %(first)s on %(first_date)s, %(last)s on %(last_date)s (%(change)s)") % {
            "series": label,
            "first": score_format(words)(first),
            "first_date": xml_safe(x_labels[first_index]),
            "last": score_format(words)(last),
            "last_date": xml_safe(x_labels[last_index]),
            "change": change_words(first, last, words),
        }
    missing = len(series.values) - len(scored)
    if missing:
        text += _("; no score in %(runs)s") % {"runs": runs_words(missing, words)}
    return text + "."


def _description(x_labels: Sequence[str], series: Sequence[Series], breaks: Sequence[int], words: Words) -> str:
    """What the chart shows, in words: the same facts a sighted reader takes from the lines."""
    _ = words.gettext
    if not x_labels:
        return _("No runs yet, so no scores to show.")
    runs = len(x_labels)
    if runs == 1:
        span = _("on %(date)s") % {"date": xml_safe(x_labels[0])}
    else:
        span = _("from %(first)s to %(last)s") % {"first": xml_safe(x_labels[0]), "last": xml_safe(x_labels[-1])}
    parts = [_("Scores from 0 to 100 over %(runs)s, %(span)s.") % {"runs": runs_words(runs, words), "span": span}]
    if not series:
        parts.append(_("No series to show."))
    parts.extend(_series_sentence(one, x_labels, words) for one in series)
    for index in breaks:
        parts.append(
            _(
                "The measuring instrument changed before the run of %(date)s: "
                "scores on either side are not directly comparable."
            )
            % {"date": xml_safe(x_labels[index])}
        )
    return " ".join(parts)


# --- the line chart ---------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Box:
    """The plot area inside the SVG, in user units."""

    left: float
    right: float
    top: float
    bottom: float


def _legend(series: Sequence[Series], width: int, top: float) -> tuple[list[str], float]:
    """Legend items flowed into rows across the top; returns the markup and the height it takes."""
    sample = 28.0  # the line sample with the marker on it
    gap = 16.0
    row_height = 18.0
    x, y = 8.0, top
    max_text = width - 16.0 - sample - 6.0
    parts: list[str] = []
    for index, one in enumerate(series):
        style = series_style(index)
        text = shortened(one.label, min(MAX_LABEL_CHARS, int(max_text / (FONT_SIZE * CHAR_WIDTH_EM))))
        item_width = sample + 6.0 + text_width(text, FONT_SIZE)
        if x > 8.0 and x + item_width > width - 8.0:
            x, y = 8.0, y + row_height
        middle = y + row_height / 2
        parts.append(
            f'<path d="M{one_decimal(x)},{one_decimal(middle)} L{one_decimal(x + sample)},{one_decimal(middle)}" '
            f"{style.line_attributes()}/>"
            + style.marker(x + sample / 2, middle, style.colour, style.hollow)
            + f'<text x="{one_decimal(x + sample + 6.0)}" y="{one_decimal(middle + 4.0)}" '
            f'fill="{TEXT_COLOUR}">{escape(text)}</text>'
        )
        x += item_width + gap
    height = (y - top + row_height) if series else 0.0
    return parts, height


def _grid(box: _Box) -> list[str]:
    parts: list[str] = []
    for tick in Y_TICKS:
        y = y_for(tick, box.top, box.bottom)
        colour = AXIS_COLOUR if tick == 0 else GRID_COLOUR
        parts.append(
            f'<path d="M{one_decimal(box.left)},{one_decimal(y)} L{one_decimal(box.right)},{one_decimal(y)}" '
            f'stroke="{colour}" stroke-width="1"/>'
        )
        parts.append(
            f'<text x="{one_decimal(box.left - 6.0)}" y="{one_decimal(y + 4.0)}" text-anchor="end" '
            f'font-size="{SMALL_FONT_SIZE}" fill="{MUTED_TEXT_COLOUR}">{tick}</text>'
        )
    return parts


def _x_texts(x_labels: Sequence[str]) -> tuple[list[str], float]:
    """The run labels as drawn, and the estimated width of the widest."""
    texts = [shortened(label, MAX_LABEL_CHARS) for label in x_labels]
    return texts, max((text_width(text, SMALL_FONT_SIZE) for text in texts), default=0.0)


def _x_axis(texts: Sequence[str], widest: float, xs: Sequence[float], box: _Box, width: int) -> list[str]:
    """A tick for every run, a label under as many as fit without touching each other."""
    span = xs[-1] - xs[0] if xs else 0.0
    capacity = max(1, int(span / (widest + 12.0)) + 1)
    parts = [
        f'<path d="M{one_decimal(x)},{one_decimal(box.bottom)} L{one_decimal(x)},{one_decimal(box.bottom + 4.0)}" '
        f'stroke="{AXIS_COLOUR}" stroke-width="1"/>'
        for x in xs
    ]
    for index in _labelled_runs(len(xs), capacity):
        half = text_width(texts[index], SMALL_FONT_SIZE) / 2
        x = min(max(xs[index], half + 2.0), width - half - 2.0)  # a very long label is kept inside the SVG
        parts.append(
            f'<text x="{one_decimal(x)}" y="{one_decimal(box.bottom + 18.0)}" text-anchor="middle" '
            f'font-size="{SMALL_FONT_SIZE}" fill="{MUTED_TEXT_COLOUR}">{escape(texts[index])}</text>'
        )
    return parts


def _breaks(
    breaks: Sequence[int], xs: Sequence[float], box: _Box, label_top: float, width: int, words: Words
) -> list[str]:
    """A dashed vertical line just before each run where the instrument changed, with words saying so."""
    parts: list[str] = []
    label = xml_safe(words.gettext(BREAK_LABEL))
    label_width = text_width(label, SMALL_FONT_SIZE)
    for order, index in enumerate(breaks):
        x = (xs[index - 1] + xs[index]) / 2 if index > 0 else max(xs[index] - 10.0, box.left - 4.0)
        # Alternate rows, so labels of nearby breaks do not print over each other.
        label_y = label_top + 11.0 + (order % 2) * 13.0
        parts.append(
            f'<path d="M{one_decimal(x)},{one_decimal(label_y + 3.0)} L{one_decimal(x)},{one_decimal(box.bottom)}" '
            f'stroke="{BREAK_COLOUR}" stroke-width="1.5" stroke-dasharray="4 3"/>'
        )
        if x + 4.0 + label_width <= width - 2.0:
            anchor, text_x = "start", x + 4.0
        else:
            anchor, text_x = "end", x - 4.0
        parts.append(
            f'<text x="{one_decimal(text_x)}" y="{one_decimal(label_y)}" text-anchor="{anchor}" '
            f'font-size="{SMALL_FONT_SIZE}" fill="{TEXT_COLOUR}" stroke="{BACKGROUND}" stroke-width="3" '
            f'paint-order="stroke">{escape(label)}</text>'
        )
    return parts


def _value_label(x: float, y: float, value: float, box: _Box, width: int, words: Words) -> str:
    """A score written beside its point: above it, or below when the point is near the top; kept inside."""
    text = score_format(words)(value)
    half = text_width(text, VALUE_FONT_SIZE) / 2
    text_x = min(max(x, half + 2.0), width - half - 2.0)
    text_y = y - 9.0 if y - 9.0 - VALUE_FONT_SIZE >= box.top - 14.0 else y + 9.0 + VALUE_FONT_SIZE
    return (
        f'<text x="{one_decimal(text_x)}" y="{one_decimal(text_y)}" text-anchor="middle" font-size="{VALUE_FONT_SIZE}" '
        f'font-weight="700" fill="{TEXT_COLOUR}" stroke="{BACKGROUND}" stroke-width="3" '
        f'paint-order="stroke">{text}</text>'
    )


def _series_marks(
    values: Sequence[float | None], style: SeriesStyle, xs: Sequence[float], box: _Box, emphasis: bool = False
) -> list[str]:
    """One path per unbroken segment, and markers: on every run, or only at segment ends when runs are dense."""
    dense = len(xs) > 1 and xs[1] - xs[0] < DENSE_SPACING
    attributes = style.line_attributes()
    if emphasis:
        attributes = attributes.replace('stroke-width="2"', f'stroke-width="{EMPHASIS_WIDTH}"')
    parts: list[str] = []
    marked: list[tuple[float, float]] = []
    for segment in unbroken_segments(values):
        points = [(xs[i], y_for(value, box.top, box.bottom)) for i, value in segment]
        if len(points) > 1:
            parts.append(f'<path d="{path_data(points)}" {attributes}/>')
        marked.extend(points[:: max(1, len(points) - 1)] if dense else points)
    parts.extend(style.marker(x, y, style.colour, style.hollow) for x, y in marked)
    return parts


def _value_labels(
    values: Sequence[float | None], xs: Sequence[float], box: _Box, width: int, words: Words
) -> list[str]:
    """Every score written on the chart when the runs leave room for it, else the first and the last."""
    scored = scored_runs(values)
    roomy = len(xs) < 2 or (xs[1] - xs[0]) >= text_width("100.0", VALUE_FONT_SIZE) + 8.0
    shown = scored if roomy else scored[:1] + scored[-1:] if len(scored) > 1 else scored
    return [_value_label(xs[i], y_for(value, box.top, box.bottom), value, box, width, words) for i, value in shown]


def line_chart(
    title: str,
    x_labels: tuple[str, ...],
    series: tuple[Series, ...],
    *,
    chart_id: str,
    breaks: tuple[int, ...] = (),
    width: int = 640,
    height: int = 260,
    legend: bool = True,
    values: bool = False,
    words: Words = ENGLISH,
) -> Markup:
    """Scores of several series across runs, on a fixed 0..100 scale so charts compare with each other.

    The SVG is named by its `<title>` and described by its `<desc>` (ids from `chart_id`,
    unique as long as chart ids are). `breaks` are indices of runs measured with a changed
    instrument; a dashed line before them warns that the scores on either side differ in
    kind, not only in value. If the legend leaves too little room for the plot, the chart
    grows taller than `height` rather than squeezing the lines.

    `legend=False` leaves the legend out, for a chart of one series whose heading names it (a
    small multiple); `values=True` writes the first series' scores on it and draws its line
    thicker: the chart is about that series. `words` translates the description.
    """
    if not _SLUG.fullmatch(chart_id):
        raise ValueError(f"chart_id {chart_id!r} is not a slug (a letter, then letters, digits, '-' or '_')")
    check_size(width, height, 160, 120)
    runs = len(x_labels)
    for one in series:
        check_values(one.label, one.values, runs)
    bad_breaks = [index for index in breaks if not 0 <= index < runs]
    if bad_breaks:
        raise ValueError(f"breaks {bad_breaks} are not run indices of this chart, which has {_plural(runs, 'run')}")
    ordered_breaks = sorted(set(breaks))

    drawn_legend, legend_height = _legend(series, width, 8.0) if legend else ([], 0.0)
    label_top = 8.0 + legend_height + (4.0 if series and legend else 0.0)
    break_rows = 0 if not ordered_breaks else (1 if len(ordered_breaks) == 1 else 2)
    top = label_top + break_rows * 13.0 + 10.0 + (12.0 if values else 0.0)
    total_height = max(float(height), top + MIN_PLOT_HEIGHT + 30.0)
    inset = 8.0 if not values else 14.0  # keeps the first and last markers (and values) off the axis
    x_texts, widest = _x_texts(x_labels)
    # Room on the right for half of the last run's label, centred under its point (within reason).
    right_margin = min(max(16.0, widest / 2 + 2.0 - inset), width / 4)
    box = _Box(left=36.0, right=width - right_margin, top=top, bottom=total_height - 30.0)
    xs = x_positions(runs, box.left + inset, box.right - inset) if runs else []

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'width="{width}" height="{dimension(total_height)}" viewBox="0 0 {width} {dimension(total_height)}" '
        f'style="max-width:100%;height:auto" font-family="{FONT_FAMILY}" font-size="{FONT_SIZE}">',
        f'<title id="{chart_id}-title">{escaped(title)}</title>',
        f'<desc id="{chart_id}-desc">{escaped(_description(x_labels, series, ordered_breaks, words))}</desc>',
        f'<rect width="{width}" height="{dimension(total_height)}" fill="{BACKGROUND}"/>',
    ]
    if legend:
        parts += ['<g class="legend">', *drawn_legend, "</g>"]
    parts += ['<g class="axes">', *_grid(box), *_x_axis(x_texts, widest, xs, box, width), "</g>"]
    if ordered_breaks:
        parts += ['<g class="breaks">', *_breaks(ordered_breaks, xs, box, label_top, width, words), "</g>"]
    for index, one in enumerate(series):
        emphasis = values and index == 0
        parts += ['<g class="series">', *_series_marks(one.values, series_style(index), xs, box, emphasis), "</g>"]
    if values and series:
        parts += ['<g class="values">', *_value_labels(series[0].values, xs, box, width, words), "</g>"]
    parts.append("</svg>")
    return Markup("\n".join(parts))
