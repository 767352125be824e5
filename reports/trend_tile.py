"""The trend tile: a portal's openness index over its runs, word-sized, for a row of the index.

A small multiple on the fixed 0..100 scale with its latest score written at the end of the line
and its first and last scores in its accessible name. What every chart shares (palette, type,
text, scale) is in `reports.charts`, which also says why the charts are hand-written SVG.
"""

from __future__ import annotations

from collections.abc import Sequence

from markupsafe import Markup

from egov_audit.reports.charts import (
    BACKGROUND,
    ENGLISH,
    FONT_FAMILY,
    GRID_COLOUR,
    PALETTE,
    TEXT_COLOUR,
    VALUE_FONT_SIZE,
    Words,
    check_size,
    check_values,
    escaped,
    one_decimal,
    path_data,
    runs_words,
    score_format,
    scored_runs,
    text_width,
    unbroken_segments,
    x_positions,
    xml_safe,
    y_for,
)


def _tile_label(label: str, values: Sequence[float | None], words: Words) -> str:
    """ "Openness index over 5 runs: from 68 to 74", or "no scores yet"."""
    _ = words.gettext
    label = xml_safe(label)
    scored = scored_runs(values)
    if not values:
        return _("%(series)s: no scores yet") % {"series": label}
    head = _("%(series)s over %(runs)s") % {"series": label, "runs": runs_words(len(values), words)}
    if not scored:
        return _("%(head)s: no scores yet") % {"head": head}
    if len(scored) == 1:
        return _("%(head)s: one score, %(score)s") % {"head": head, "score": score_format(words)(scored[0][1])}
    return _("%(head)s: from %(first)s to %(last)s") % {
        "head": head,
        "first": score_format(words)(scored[0][1]),
        "last": score_format(words)(scored[-1][1]),
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
    check_size(width, height, 60, 20)
    check_values(label, values, None)
    scored = scored_runs(values)
    if len(scored) < 2:
        return Markup("")
    last_text = score_format(words)(scored[-1][1])
    text_room = text_width("100.0", VALUE_FONT_SIZE) + 6.0
    pad = 4.0
    right = width - text_room
    xs = x_positions(len(values), pad, right - pad)
    top, bottom = pad, height - pad
    colour = PALETTE[0]
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="{escaped(_tile_label(label, values, words))}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" style="max-width:100%;height:auto" font-family="{FONT_FAMILY}">',
        f'<rect x="0.5" y="0.5" width="{one_decimal(right - 1.0)}" height="{height - 1}" fill="{BACKGROUND}" '
        f'stroke="{GRID_COLOUR}"/>',
    ]
    for tick in (50, 90):
        y = y_for(tick, top, bottom)
        parts.append(
            f'<path d="M1,{one_decimal(y)} L{one_decimal(right - 1.0)},{one_decimal(y)}" stroke="{GRID_COLOUR}" '
            'stroke-width="1" stroke-dasharray="2 2"/>'
        )
    segments = unbroken_segments(values)
    for segment in segments:
        points = [(xs[i], y_for(value, top, bottom)) for i, value in segment]
        if len(points) > 1:
            parts.append(
                f'<path d="{path_data(points)}" fill="none" stroke="{colour}" stroke-width="2.5" '
                'stroke-linejoin="round" stroke-linecap="round"/>'
            )
        elif segment is not segments[-1]:  # a lone score between gaps: a dot, or it would not show
            x, y = points[0]
            parts.append(f'<circle cx="{one_decimal(x)}" cy="{one_decimal(y)}" r="2.0" fill="{colour}"/>')
    last_index, last_value = scored[-1]
    y = y_for(last_value, top, bottom)
    parts.append(f'<circle cx="{one_decimal(xs[last_index])}" cy="{one_decimal(y)}" r="3.5" fill="{colour}"/>')
    text_y = min(max(y + 4.0, VALUE_FONT_SIZE), height - 2.0)
    parts.append(
        f'<text x="{one_decimal(right + 3.0)}" y="{one_decimal(text_y)}" font-size="{VALUE_FONT_SIZE}" '
        f'font-weight="700" fill="{TEXT_COLOUR}">{last_text}</text>'
    )
    parts.append("</svg>")
    return Markup("".join(parts))
