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

The charts live in three modules ("here" above is all three): this one holds what every chart
shares (the palette and type sizes, the `Series` a chart draws and the `ChartWords` it speaks in,
numbers in fixed precision, text made safe for XML and measured without a font, the refusals of
what cannot be drawn honestly, the fixed 0..100 scale, and each series' colour, dash and marker);
`reports.line_chart` draws scores of several series across runs, with axes, a legend, instrument
breaks and a description in words; `reports.trend_tile` draws the index's word-sized tile.

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


def score_format(words: Words) -> Callable[[float], str]:
    """How `words` writes a score: its own way for ChartWords, one decimal with a point otherwise."""
    return words.score if isinstance(words, ChartWords) else _score


# Characters XML 1.0 forbids even as references: a hostile label must not make the SVG unparsable.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True, slots=True)
class Series:
    """One line of a chart: a label and one score (0..100) per run, None where a run gave no score."""

    label: str
    values: tuple[float | None, ...]


# --- numbers and text -------------------------------------------------------------------------


def one_decimal(x: float) -> str:
    """A coordinate with one decimal, so the same input always gives the same bytes."""
    text = f"{x:.1f}"
    return "0.0" if text == "-0.0" else text


def dimension(value: float) -> str:
    """A dimension of the drawing: "240", "251.5"."""
    return one_decimal(value).removesuffix(".0")


def _score(value: float) -> str:
    """A score as the whole archive writes it: one decimal, always ("68.0", "68.5"; never "-0.0"),
    so the same score reads the same in a chart, its description and the tables beside it."""
    return one_decimal(value)


def _change(first: float, last: float) -> str:
    """The change between two scores with its sign: "+6.0", "-2.5", or "no change"."""
    text = _score(last - first)
    if text == "0.0":
        return "no change"
    return text if text.startswith("-") else f"+{text}"


def xml_safe(text: str) -> str:
    """Text without characters XML cannot carry, so the SVG still parses as XML."""
    return _NOT_XML.sub("", text)


def escaped(text: str) -> Markup:
    """Text escaped for the markup, without characters XML cannot carry."""
    return escape(xml_safe(text))


def shortened(text: str, max_chars: int) -> str:
    """Text cut to fit a place in the drawing; the description keeps the full text."""
    text = xml_safe(text)
    max_chars = max(max_chars, 2)
    return text if len(text) <= max_chars else text[: max_chars - 1] + "…"


def text_width(text: str, font_size: float) -> float:
    """An estimate of the drawn width, generous so that labels do not collide."""
    return len(text) * font_size * CHAR_WIDTH_EM


def runs_words(count: int, words: Words) -> str:
    """ "1 run", "5 runs", in the report's language."""
    return words.ngettext("%(n)s run", "%(n)s runs", count) % {"n": count}


def change_words(first: float, last: float, words: Words) -> str:
    """The change between two scores as the report writes it: "+6.0", "-2.5", or "no change"."""
    text = _change(first, last)
    if text == "no change":
        return words.gettext("no change")
    return ("-" if last < first else "+") + score_format(words)(abs(last - first))


# --- validation -------------------------------------------------------------------------------


def check_values(label: str, values: Sequence[float | None], runs: int | None) -> None:
    """Refuse values a chart cannot draw honestly, naming the series."""
    if runs is not None and len(values) != runs:
        raise ValueError(f"series {label!r} has {len(values)} values but there are {runs} runs")
    for index, value in enumerate(values):
        if value is not None and not math.isfinite(value):
            raise ValueError(f"series {label!r} has a value that is not a number at run {index}: {value!r}")


def check_size(width: int, height: int, min_width: int, min_height: int) -> None:
    if width < min_width or height < min_height:
        raise ValueError(f"a chart of {width}x{height} is too small: at least {min_width}x{min_height}")


# --- geometry ---------------------------------------------------------------------------------


def unbroken_segments(values: Sequence[float | None]) -> list[list[tuple[int, float]]]:
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


def scored_runs(values: Sequence[float | None]) -> list[tuple[int, float]]:
    return [(index, value) for index, value in enumerate(values) if value is not None]


def path_data(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{'M' if i == 0 else 'L'}{one_decimal(x)},{one_decimal(y)}" for i, (x, y) in enumerate(points))


def y_for(value: float, top: float, bottom: float) -> float:
    """The vertical position of a score on the fixed 0..100 scale (clamped, so a stray 100.0001 stays inside)."""
    clamped = min(max(value, 0.0), 100.0)
    return bottom - clamped / 100.0 * (bottom - top)


def x_positions(runs: int, left: float, right: float) -> list[float]:
    """Runs spaced evenly; a single run sits in the middle (no division by zero)."""
    if runs == 1:
        return [(left + right) / 2]
    step = (right - left) / (runs - 1)
    return [left + index * step for index in range(runs)]


# --- markers ----------------------------------------------------------------------------------

Marker = Callable[[float, float, str, bool], str]


def _fill(colour: str, hollow: bool) -> str:
    fill = BACKGROUND if hollow else colour
    return f'fill="{fill}" stroke="{colour if hollow else BACKGROUND}" stroke-width="{"1.5" if hollow else "1"}"'


def _polygon(offsets: tuple[tuple[float, float], ...]) -> Marker:
    def draw(x: float, y: float, colour: str, hollow: bool) -> str:
        points = " ".join(f"{one_decimal(x + dx)},{one_decimal(y + dy)}" for dx, dy in offsets)
        return f'<polygon points="{points}" {_fill(colour, hollow)}/>'

    return draw


def _circle(x: float, y: float, colour: str, hollow: bool) -> str:
    return f'<circle cx="{one_decimal(x)}" cy="{one_decimal(y)}" r="4.0" {_fill(colour, hollow)}/>'


def _strokes(offsets: tuple[tuple[float, float, float, float], ...]) -> Marker:
    """A marker drawn as strokes (plus, cross): hollow or not, it looks the same."""

    def draw(x: float, y: float, colour: str, hollow: bool) -> str:
        d = " ".join(
            f"M{one_decimal(x + x1)},{one_decimal(y + y1)} L{one_decimal(x + x2)},{one_decimal(y + y2)}"
            for x1, y1, x2, y2 in offsets
        )
        return f'<path d="{d}" fill="none" stroke="{colour}" stroke-width="2.5"/>'

    return draw


# Circle, square, triangle, diamond, inverted triangle, plus, cross, star.
_MARKERS: tuple[Marker, ...] = (
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
class SeriesStyle:
    """How one series is drawn: colour, dash and marker all differ, so colour is never the only cue."""

    colour: str
    dash: str
    marker: Marker
    hollow: bool

    def line_attributes(self) -> str:
        dash = f' stroke-dasharray="{self.dash}"' if self.dash else ""
        return f'fill="none" stroke="{self.colour}" stroke-width="2" stroke-linejoin="round"{dash}'


def series_style(index: int) -> SeriesStyle:
    """The style of the index-th series: 8 fully distinct; past 8 the dash shifts and markers turn hollow."""
    cycle = len(PALETTE)
    return SeriesStyle(
        colour=PALETTE[index % cycle],
        dash=DASHES[(index + index // cycle) % len(DASHES)],
        marker=_MARKERS[index % len(_MARKERS)],
        hollow=(index // cycle) % 2 == 1,
    )
