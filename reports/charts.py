"""Score trends as inline SVG, drawn in Python: no JavaScript, no external references.

The report archive must read well with JavaScript off, load nothing from the network
and pass axe-core, so the charts are plain SVG markup built here (templates only place
them). Every chart says in words what it shows (`<desc>` or `aria-label`, in the report's
language), never relies on colour alone (each series also has its own dash pattern and
marker, named in a legend or drawn alone), and is byte-identical for the same input
(fixed-precision numbers, no ids from counters or clocks), so archived reports can be
diffed and cached.

What the archive draws with it (issue 18): on the index, a `trend_tile` per portal, a small
multiple on the fixed 0..100 scale with its latest value written at the end of the line (a
portal with one scored run gets no tile, only its value); on a portal's page, one chart of the
openness index, emphasised and labelled at every point, and a small multiple per pillar, each
with its own heading and its values written on it, instead of seven dashed lines in one box.

Why hand-written SVG and not a charting library (decided for issue 18):
- matplotlib's SVG backend draws well but writes glyphs as paths unless `svg.fonttype` is
  "none", ids from a hash salt and a date in the metadata unless both are pinned, and 20-60 kB
  a chart; it cannot put `role="img"`, `<title>`/`<desc>` ids or `aria-labelledby` on the root
  without post-processing the XML; and it would add a large runtime dependency (with numpy
  wheels and fonts) to a tool that installs on fresh machines through scripts/setup.sh.
- Vega-Lite through altair and vl-convert-python writes static SVG with no browser, but ships a
  ~40 MB native module (Deno and V8 inside), its text is positioned by its own font metrics,
  and the markup it makes carries no accessible name unless rewritten afterwards.
- The charts the archive needs are few and simple (lines on a fixed 0..100 scale, small
  multiples, a word-sized tile), so ~600 lines here give byte-identical output without
  configuration, 1-6 kB a chart, text that stays text (it scales, translates and is searchable),
  an accessible name and description on every chart, and hostile labels escaped in one place.
  The data table beside every chart carries the same figures for anyone who cannot read one.

All text that reaches the markup (titles, run labels, series labels) is escaped: labels
come from configuration and crawled portals and are hostile input.
"""

from __future__ import annotations

import gettext
import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from markupsafe import Markup, escape

from egov_audit.reports.i18n import N_

# Colours of lines and markers, in the order series receive them. Each contrasts at
# least 5.5:1 with the white background (WCAG 1.4.11 asks 3:1 for graphics), so thin
# dashed lines stay visible; hue is never the only cue, so their likeness under colour
# blindness matters less than their contrast.
PALETTE: tuple[str, ...] = (
    "#0b4f9c",  # blue
    "#a1261a",  # red
    "#1e6b33",  # green
    "#8a5a00",  # ochre
    "#6a3d9a",  # purple
    "#00727a",  # teal
    "#b5307a",  # magenta
    "#4d4d4d",  # dark grey
)

# stroke-dasharray per series: with the marker shape, what tells series apart without colour.
DASHES: tuple[str, ...] = ("", "8 4", "2 3", "10 3 2 3", "4 4", "12 3 3 3 3 3", "16 4", "6 2 2 2")

TEXT_COLOUR = "#1b1b1b"  # the body text colour of report.css: 17:1 on white
MUTED_TEXT_COLOUR = "#4a4a4a"  # axis labels: 8.9:1 on white
BREAK_COLOUR = "#595959"  # the "instrument changed" line: 7:1 on white
GRID_COLOUR = "#c8c8c8"  # grid lines are orientation only; the values are in the text too
AXIS_COLOUR = "#767676"
BACKGROUND = "#ffffff"

FONT_FAMILY = "sans-serif"
FONT_SIZE = 12
SMALL_FONT_SIZE = 11  # the smallest text drawn: axis and break labels
CHAR_WIDTH_EM = 0.58  # a generous average glyph width for sans-serif, to lay text out without a font

Y_TICKS: tuple[int, ...] = (0, 25, 50, 75, 100)
MAX_ALL_X_LABELS = 8  # up to this many runs, every run is labelled (if the labels fit)
MAX_SAMPLED_X_LABELS = 6  # beyond, first, last and evenly spaced ones in between
DENSE_SPACING = 12.0  # pixels between runs below which only segment ends get markers
MIN_PLOT_HEIGHT = 120.0  # below this the lines crowd; a long legend makes the chart taller instead
MAX_LABEL_CHARS = 40  # legend and axis texts are cut here; the full text is in the description

BREAK_LABEL = N_("instrument changed")
EMPHASIS_WIDTH = "3.5"  # the stroke of the series a chart is about (the openness index)
VALUE_FONT_SIZE = 12  # values written on a chart


class Words(Protocol):
    """What turns a chart's words into the report's language: a gettext translations object."""

    def gettext(self, message: str, /) -> str: ...

    def ngettext(self, singular: str, plural: str, n: int, /) -> str: ...


ENGLISH: Words = gettext.NullTranslations()


@dataclass(frozen=True, slots=True)
class ChartWords:
    """A chart's words and numbers in a report's language: its gettext translations, and how it
    writes a score ("87.1", "87,1"), so a chart reads like the tables beside it."""

    translations: Words
    score: Callable[[float], str]

    def gettext(self, message: str, /) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int, /) -> str:
        return self.translations.ngettext(singular, plural, n)


def _written(words: Words) -> Callable[[float], str]:
    """How `words` writes a score: its own way for ChartWords, one decimal with a point otherwise."""
    return words.score if isinstance(words, ChartWords) else _score


_SLUG = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
# Characters XML 1.0 forbids even as references: a hostile label must not make the SVG unparsable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class Series:
    """One line of a chart: a label and one score (0..100) per run, None where a run gave no score."""

    label: str
    values: tuple[float | None, ...]


# --- numbers and text -------------------------------------------------------------------------


def _n(x: float) -> str:
    """A coordinate with one decimal, so the same input always gives the same bytes."""
    text = f"{x:.1f}"
    return "0.0" if text == "-0.0" else text


def _size(value: float) -> str:
    """A dimension of the drawing: "240", "251.5"."""
    return _n(value).removesuffix(".0")


def _score(value: float) -> str:
    """A score as the whole archive writes it: one decimal, always ("68.0", "68.5"; never "-0.0"),
    so the same score reads the same in a chart, its description and the tables beside it."""
    return _n(value)


def _change(first: float, last: float) -> str:
    """The change between two scores with its sign: "+6.0", "-2.5", or "no change"."""
    text = _score(last - first)
    if text == "0.0":
        return "no change"
    return text if text.startswith("-") else f"+{text}"


def _clean(text: str) -> str:
    """Text without characters XML cannot carry, so the SVG still parses as XML."""
    return _NOT_XML.sub("", text)


def _esc(text: str) -> Markup:
    return escape(_clean(text))


def _shorten(text: str, max_chars: int) -> str:
    """Text cut to fit a place in the drawing; the description keeps the full text."""
    text = _clean(text)
    max_chars = max(max_chars, 2)
    return text if len(text) <= max_chars else text[: max_chars - 1] + "…"


def _text_width(text: str, font_size: float) -> float:
    """An estimate of the drawn width, generous so that labels do not collide."""
    return len(text) * font_size * CHAR_WIDTH_EM


def _plural(count: int, word: str) -> str:
    return f"{count} {word}" if count == 1 else f"{count} {word}s"


def _runs(count: int, words: Words) -> str:
    return words.ngettext("%(n)s run", "%(n)s runs", count) % {"n": count}


def _change_words(first: float, last: float, words: Words) -> str:
    text = _change(first, last)
    if text == "no change":
        return words.gettext("no change")
    return ("-" if last < first else "+") + _written(words)(abs(last - first))


# --- validation -------------------------------------------------------------------------------


def _check_values(label: str, values: Sequence[float | None], runs: int | None) -> None:
    """Refuse values a chart cannot draw honestly, naming the series."""
    if runs is not None and len(values) != runs:
        raise ValueError(f"series {label!r} has {len(values)} values but there are {runs} runs")
    for index, value in enumerate(values):
        if value is not None and not math.isfinite(value):
            raise ValueError(f"series {label!r} has a value that is not a number at run {index}: {value!r}")


def _check_size(width: int, height: int, min_width: int, min_height: int) -> None:
    if width < min_width or height < min_height:
        raise ValueError(f"a chart of {width}x{height} is too small: at least {min_width}x{min_height}")


# --- geometry ---------------------------------------------------------------------------------


def _segments(values: Sequence[float | None]) -> list[list[tuple[int, float]]]:
    """Runs of consecutive scores as (index, score): a None ends a segment, so gaps stay gaps."""
    segments: list[list[tuple[int, float]]] = []
    current: list[tuple[int, float]] = []
    for index, value in enumerate(values):
        if value is None:
            if current:
                segments.append(current)
            current = []
        else:
            current.append((index, value))
    if current:
        segments.append(current)
    return segments


def _scored(values: Sequence[float | None]) -> list[tuple[int, float]]:
    return [(index, value) for index, value in enumerate(values) if value is not None]


def _path(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{'M' if i == 0 else 'L'}{_n(x)},{_n(y)}" for i, (x, y) in enumerate(points))


def _y_for(value: float, top: float, bottom: float) -> float:
    """The vertical position of a score on the fixed 0..100 scale (clamped, so a stray 100.0001 stays inside)."""
    clamped = min(max(value, 0.0), 100.0)
    return bottom - clamped / 100.0 * (bottom - top)


def _x_positions(runs: int, left: float, right: float) -> list[float]:
    """Runs spaced evenly; a single run sits in the middle (no division by zero)."""
    if runs == 1:
        return [(left + right) / 2]
    step = (right - left) / (runs - 1)
    return [left + index * step for index in range(runs)]


def _labelled_runs(runs: int, capacity: int) -> list[int]:
    """Which runs get a date under the axis: all when few and they fit, else first, last and evenly spaced ones."""
    if runs <= min(MAX_ALL_X_LABELS, capacity):
        return list(range(runs))
    count = max(2, min(MAX_SAMPLED_X_LABELS, capacity))
    return sorted({round(k * (runs - 1) / (count - 1)) for k in range(count)})


# --- markers ----------------------------------------------------------------------------------

_Marker = Callable[[float, float, str, bool], str]


def _fill(colour: str, hollow: bool) -> str:
    fill = BACKGROUND if hollow else colour
    return f'fill="{fill}" stroke="{colour if hollow else BACKGROUND}" stroke-width="{"1.5" if hollow else "1"}"'


def _polygon(offsets: tuple[tuple[float, float], ...]) -> _Marker:
    def draw(x: float, y: float, colour: str, hollow: bool) -> str:
        points = " ".join(f"{_n(x + dx)},{_n(y + dy)}" for dx, dy in offsets)
        return f'<polygon points="{points}" {_fill(colour, hollow)}/>'

    return draw


def _circle(x: float, y: float, colour: str, hollow: bool) -> str:
    return f'<circle cx="{_n(x)}" cy="{_n(y)}" r="4.0" {_fill(colour, hollow)}/>'


def _strokes(offsets: tuple[tuple[float, float, float, float], ...]) -> _Marker:
    """A marker drawn as strokes (plus, cross): hollow or not, it looks the same."""

    def draw(x: float, y: float, colour: str, hollow: bool) -> str:
        d = " ".join(f"M{_n(x + x1)},{_n(y + y1)} L{_n(x + x2)},{_n(y + y2)}" for x1, y1, x2, y2 in offsets)
        return f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="2.5"/>'

    return draw


# Circle, square, triangle, diamond, inverted triangle, plus, cross, star.
_MARKERS: tuple[_Marker, ...] = (
    _circle,
    _polygon(((-3.5, -3.5), (3.5, -3.5), (3.5, 3.5), (-3.5, 3.5))),
    _polygon(((0.0, -5.0), (4.5, 3.5), (-4.5, 3.5))),
    _polygon(((0.0, -5.0), (5.0, 0.0), (0.0, 5.0), (-5.0, 0.0))),
    _polygon(((0.0, 5.0), (4.5, -3.5), (-4.5, -3.5))),
    _strokes(((-4.5, 0.0, 4.5, 0.0), (0.0, -4.5, 0.0, 4.5))),
    _strokes(((-3.5, -3.5, 3.5, 3.5), (-3.5, 3.5, 3.5, -3.5))),
    # A five-pointed star, its corners written out so no trigonometry can vary between platforms.
    _polygon(
        (
            (0.0, -5.5),
            (1.3, -1.8),
            (5.2, -1.7),
            (2.1, 0.7),
            (3.2, 4.4),
            (0.0, 2.2),
            (-3.2, 4.4),
            (-2.1, 0.7),
            (-5.2, -1.7),
            (-1.3, -1.8),
        )
    ),
)


@dataclass(frozen=True, slots=True)
class _Style:
    """How one series is drawn: colour, dash and marker all differ, so colour is never the only cue."""

    colour: str
    dash: str
    marker: _Marker
    hollow: bool

    def line_attributes(self) -> str:
        dash = f' stroke-dasharray="{self.dash}"' if self.dash else ""
        return f'fill="none" stroke="{self.colour}" stroke-width="2" stroke-linejoin="round"{dash}'


def _style(index: int) -> _Style:
    """The style of the index-th series: 8 fully distinct; past 8 the dash shifts and markers turn hollow."""
    cycle = len(PALETTE)
    return _Style(
        colour=PALETTE[index % cycle],
        dash=DASHES[(index + index // cycle) % len(DASHES)],
        marker=_MARKERS[index % len(_MARKERS)],
        hollow=(index // cycle) % 2 == 1,
    )


# --- the description --------------------------------------------------------------------------


def _series_sentence(series: Series, x_labels: Sequence[str], words: Words) -> str:
    """ "Openness index: 68 on 2026-11-01, 74 on 2026-11-20 (+6)." and how many runs had no score."""
    _ = words.gettext
    label = _clean(series.label)
    scored = _scored(series.values)
    if not scored:
        return _("%(series)s: no scores.") % {"series": label}
    first_index, first = scored[0]
    last_index, last = scored[-1]
    if len(scored) == 1:
        text = _("%(series)s: %(score)s on %(date)s, the only score") % {
            "series": label,
            "score": _written(words)(first),
            "date": _clean(x_labels[first_index]),
        }
    else:
        text = _("%(series)s: %(first)s on %(first_date)s, %(last)s on %(last_date)s (%(change)s)") % {
            "series": label,
            "first": _written(words)(first),
            "first_date": _clean(x_labels[first_index]),
            "last": _written(words)(last),
            "last_date": _clean(x_labels[last_index]),
            "change": _change_words(first, last, words),
        }
    missing = len(series.values) - len(scored)
    if missing:
        text += _("; no score in %(runs)s") % {"runs": _runs(missing, words)}
    return text + "."


def _description(x_labels: Sequence[str], series: Sequence[Series], breaks: Sequence[int], words: Words) -> str:
    """What the chart shows, in words: the same facts a sighted reader takes from the lines."""
    _ = words.gettext
    if not x_labels:
        return _("No runs yet, so no scores to show.")
    runs = len(x_labels)
    if runs == 1:
        span = _("on %(date)s") % {"date": _clean(x_labels[0])}
    else:
        span = _("from %(first)s to %(last)s") % {"first": _clean(x_labels[0]), "last": _clean(x_labels[-1])}
    parts = [_("Scores from 0 to 100 over %(runs)s, %(span)s.") % {"runs": _runs(runs, words), "span": span}]
    if not series:
        parts.append(_("No series to show."))
    parts.extend(_series_sentence(one, x_labels, words) for one in series)
    for index in breaks:
        parts.append(
            _(
                "The measuring instrument changed before the run of %(date)s: "
                "scores on either side are not directly comparable."
            )
            % {"date": _clean(x_labels[index])}
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
        style = _style(index)
        text = _shorten(one.label, min(MAX_LABEL_CHARS, int(max_text / (FONT_SIZE * CHAR_WIDTH_EM))))
        item_width = sample + 6.0 + _text_width(text, FONT_SIZE)
        if x > 8.0 and x + item_width > width - 8.0:
            x, y = 8.0, y + row_height
        middle = y + row_height / 2
        parts.append(
            f'<path d="M{_n(x)},{_n(middle)} L{_n(x + sample)},{_n(middle)}" {style.line_attributes()}/>'
            + style.marker(x + sample / 2, middle, style.colour, style.hollow)
            + f'<text x="{_n(x + sample + 6.0)}" y="{_n(middle + 4.0)}" fill="{TEXT_COLOUR}">{escape(text)}</text>'
        )
        x += item_width + gap
    height = (y - top + row_height) if series else 0.0
    return parts, height


def _grid(box: _Box) -> list[str]:
    parts: list[str] = []
    for tick in Y_TICKS:
        y = _y_for(tick, box.top, box.bottom)
        colour = AXIS_COLOUR if tick == 0 else GRID_COLOUR
        parts.append(f'<path d="M{_n(box.left)},{_n(y)} L{_n(box.right)},{_n(y)}" stroke="{colour}" stroke-width="1"/>')
        parts.append(
            f'<text x="{_n(box.left - 6.0)}" y="{_n(y + 4.0)}" text-anchor="end" font-size="{SMALL_FONT_SIZE}" '
            f'fill="{MUTED_TEXT_COLOUR}">{tick}</text>'
        )
    return parts


def _x_texts(x_labels: Sequence[str]) -> tuple[list[str], float]:
    """The run labels as drawn, and the estimated width of the widest."""
    texts = [_shorten(label, MAX_LABEL_CHARS) for label in x_labels]
    return texts, max((_text_width(text, SMALL_FONT_SIZE) for text in texts), default=0.0)


def _x_axis(texts: Sequence[str], widest: float, xs: Sequence[float], box: _Box, width: int) -> list[str]:
    """A tick for every run, a label under as many as fit without touching each other."""
    span = xs[-1] - xs[0] if xs else 0.0
    capacity = max(1, int(span / (widest + 12.0)) + 1)
    parts = [
        f'<path d="M{_n(x)},{_n(box.bottom)} L{_n(x)},{_n(box.bottom + 4.0)}" stroke="{AXIS_COLOUR}" stroke-width="1"/>'
        for x in xs
    ]
    for index in _labelled_runs(len(xs), capacity):
        half = _text_width(texts[index], SMALL_FONT_SIZE) / 2
        x = min(max(xs[index], half + 2.0), width - half - 2.0)  # a very long label is kept inside the SVG
        parts.append(
            f'<text x="{_n(x)}" y="{_n(box.bottom + 18.0)}" text-anchor="middle" font-size="{SMALL_FONT_SIZE}" '
            f'fill="{MUTED_TEXT_COLOUR}">{escape(texts[index])}</text>'
        )
    return parts


def _breaks(
    breaks: Sequence[int], xs: Sequence[float], box: _Box, label_top: float, width: int, words: Words
) -> list[str]:
    """A dashed vertical line just before each run where the instrument changed, with words saying so."""
    parts: list[str] = []
    label = _clean(words.gettext(BREAK_LABEL))
    label_width = _text_width(label, SMALL_FONT_SIZE)
    for order, index in enumerate(breaks):
        x = (xs[index - 1] + xs[index]) / 2 if index > 0 else max(xs[index] - 10.0, box.left - 4.0)
        # Alternate rows, so labels of nearby breaks do not print over each other.
        label_y = label_top + 11.0 + (order % 2) * 13.0
        parts.append(
            f'<path d="M{_n(x)},{_n(label_y + 3.0)} L{_n(x)},{_n(box.bottom)}" stroke="{BREAK_COLOUR}" '
            'stroke-width="1.5" stroke-dasharray="4 3"/>'
        )
        if x + 4.0 + label_width <= width - 2.0:
            anchor, text_x = "start", x + 4.0
        else:
            anchor, text_x = "end", x - 4.0
        parts.append(
            f'<text x="{_n(text_x)}" y="{_n(label_y)}" text-anchor="{anchor}" font-size="{SMALL_FONT_SIZE}" '
            f'fill="{TEXT_COLOUR}" stroke="{BACKGROUND}" stroke-width="3" paint-order="stroke">{escape(label)}</text>'
        )
    return parts


def _value_label(x: float, y: float, value: float, box: _Box, width: int, words: Words) -> str:
    """A score written beside its point: above it, or below when the point is near the top; kept inside."""
    text = _written(words)(value)
    half = _text_width(text, VALUE_FONT_SIZE) / 2
    text_x = min(max(x, half + 2.0), width - half - 2.0)
    text_y = y - 9.0 if y - 9.0 - VALUE_FONT_SIZE >= box.top - 14.0 else y + 9.0 + VALUE_FONT_SIZE
    return (
        f'<text x="{_n(text_x)}" y="{_n(text_y)}" text-anchor="middle" font-size="{VALUE_FONT_SIZE}" '
        f'font-weight="700" fill="{TEXT_COLOUR}" stroke="{BACKGROUND}" stroke-width="3" '
        f'paint-order="stroke">{text}</text>'
    )


def _series_marks(
    values: Sequence[float | None], style: _Style, xs: Sequence[float], box: _Box, emphasis: bool = False
) -> list[str]:
    """One path per unbroken segment, and markers: on every run, or only at segment ends when runs are dense."""
    dense = len(xs) > 1 and xs[1] - xs[0] < DENSE_SPACING
    attributes = style.line_attributes()
    if emphasis:
        attributes = attributes.replace('stroke-width="2"', f'stroke-width="{EMPHASIS_WIDTH}"')
    parts: list[str] = []
    marked: list[tuple[float, float]] = []
    for segment in _segments(values):
        points = [(xs[i], _y_for(value, box.top, box.bottom)) for i, value in segment]
        if len(points) > 1:
            parts.append(f'<path d="{_path(points)}" {attributes}/>')
        marked.extend(points[:: max(1, len(points) - 1)] if dense else points)
    parts.extend(style.marker(x, y, style.colour, style.hollow) for x, y in marked)
    return parts


def _value_labels(
    values: Sequence[float | None], xs: Sequence[float], box: _Box, width: int, words: Words
) -> list[str]:
    """Every score written on the chart when the runs leave room for it, else the first and the last."""
    scored = _scored(values)
    roomy = len(xs) < 2 or (xs[1] - xs[0]) >= _text_width("100.0", VALUE_FONT_SIZE) + 8.0
    shown = scored if roomy else scored[:1] + scored[-1:] if len(scored) > 1 else scored
    return [_value_label(xs[i], _y_for(value, box.top, box.bottom), value, box, width, words) for i, value in shown]


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
    _check_size(width, height, 160, 120)
    runs = len(x_labels)
    for one in series:
        _check_values(one.label, one.values, runs)
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
    xs = _x_positions(runs, box.left + inset, box.right - inset) if runs else []

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-labelledby="{chart_id}-title {chart_id}-desc" '
        f'width="{width}" height="{_size(total_height)}" viewBox="0 0 {width} {_size(total_height)}" '
        f'style="max-width:100%;height:auto" font-family="{FONT_FAMILY}" font-size="{FONT_SIZE}">',
        f'<title id="{chart_id}-title">{_esc(title)}</title>',
        f'<desc id="{chart_id}-desc">{_esc(_description(x_labels, series, ordered_breaks, words))}</desc>',
        f'<rect width="{width}" height="{_size(total_height)}" fill="{BACKGROUND}"/>',
    ]
    if legend:
        parts += ['<g class="legend">', *drawn_legend, "</g>"]
    parts += ['<g class="axes">', *_grid(box), *_x_axis(x_texts, widest, xs, box, width), "</g>"]
    if ordered_breaks:
        parts += ['<g class="breaks">', *_breaks(ordered_breaks, xs, box, label_top, width, words), "</g>"]
    for index, one in enumerate(series):
        emphasis = values and index == 0
        parts += ['<g class="series">', *_series_marks(one.values, _style(index), xs, box, emphasis), "</g>"]
    if values and series:
        parts += ['<g class="values">', *_value_labels(series[0].values, xs, box, width, words), "</g>"]
    parts.append("</svg>")
    return Markup("\n".join(parts))


# --- the trend tile ---------------------------------------------------------------------------


def _tile_label(label: str, values: Sequence[float | None], words: Words) -> str:
    """ "Openness index over 5 runs: from 68 to 74", or "no scores yet"."""
    _ = words.gettext
    label = _clean(label)
    scored = _scored(values)
    if not values:
        return _("%(series)s: no scores yet") % {"series": label}
    head = _("%(series)s over %(runs)s") % {"series": label, "runs": _runs(len(values), words)}
    if not scored:
        return _("%(head)s: no scores yet") % {"head": head}
    if len(scored) == 1:
        return _("%(head)s: one score, %(score)s") % {"head": head, "score": _written(words)(scored[0][1])}
    return _("%(head)s: from %(first)s to %(last)s") % {
        "head": head,
        "first": _written(words)(scored[0][1]),
        "last": _written(words)(scored[-1][1]),
    }


def trend_tile(
    label: str, values: tuple[float | None, ...], *, width: int = 160, height: int = 48, words: Words = ENGLISH
) -> Markup:
    """A small multiple of a portal's trend for the index: the fixed 0..100 scale, a line thick
    enough to read, a faint band at 50 and 90 (where the score bands change), and the latest
    score written at the end of the line. Fewer than two scores make no line: an empty string,
    and the table shows the value alone.

    The scale is fixed rather than fitted to the values, so tiles side by side in a table
    compare honestly: a two-point wobble does not look like a collapse. The words
    (`aria-label`) carry the first and last score for people who cannot see the line.
    """
    _check_size(width, height, 60, 20)
    _check_values(label, values, None)
    scored = _scored(values)
    if len(scored) < 2:
        return Markup("")
    last_text = _written(words)(scored[-1][1])
    text_room = _text_width("100.0", VALUE_FONT_SIZE) + 6.0
    pad = 4.0
    right = width - text_room
    xs = _x_positions(len(values), pad, right - pad)
    top, bottom = pad, height - pad
    colour = PALETTE[0]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="{_esc(_tile_label(label, values, words))}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" style="max-width:100%;height:auto" font-family="{FONT_FAMILY}">',
        f'<rect x="0.5" y="0.5" width="{_n(right - 1.0)}" height="{height - 1}" fill="{BACKGROUND}" '
        f'stroke="{GRID_COLOUR}"/>',
    ]
    for tick in (50, 90):
        y = _y_for(tick, top, bottom)
        parts.append(
            f'<path d="M1,{_n(y)} L{_n(right - 1.0)},{_n(y)}" stroke="{GRID_COLOUR}" stroke-width="1" '
            'stroke-dasharray="2 2"/>'
        )
    segments = _segments(values)
    for segment in segments:
        points = [(xs[i], _y_for(value, top, bottom)) for i, value in segment]
        if len(points) > 1:
            parts.append(
                f'<path d="{_path(points)}" fill="none" stroke="{colour}" stroke-width="2.5" '
                'stroke-linejoin="round" stroke-linecap="round"/>'
            )
        elif segment is not segments[-1]:  # a lone score between gaps: a dot, or it would not show
            x, y = points[0]
            parts.append(f'<circle cx="{_n(x)}" cy="{_n(y)}" r="2.0" fill="{colour}"/>')
    last_index, last_value = scored[-1]
    y = _y_for(last_value, top, bottom)
    parts.append(f'<circle cx="{_n(xs[last_index])}" cy="{_n(y)}" r="3.5" fill="{colour}"/>')
    text_y = min(max(y + 4.0, VALUE_FONT_SIZE), height - 2.0)
    parts.append(
        f'<text x="{_n(right + 3.0)}" y="{_n(text_y)}" font-size="{VALUE_FONT_SIZE}" font-weight="700" '
        f'fill="{TEXT_COLOUR}">{last_text}</text>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))
