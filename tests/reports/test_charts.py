"""Charts: hostile labels are inert, output is deterministic XML, and nothing relies on colour alone."""

from __future__ import annotations

import math
import re
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markupsafe import Markup

from egov_audit.render.axe import RUN_TAGS
from egov_audit.render.playwright_driver import audit_with_playwright
from egov_audit.render.settings import RenderSettings
from egov_audit.reports import charts
from egov_audit.reports.charts import PALETTE, Series
from egov_audit.reports.line_chart import EMPHASIS_WIDTH, line_chart
from egov_audit.reports.render import environment
from egov_audit.reports.trend_tile import trend_tile
from tests.portals import Reply, serve_app

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script><img src=x onerror="alert(2)">{{ 7*7 }}\x00\x1b'
DATES = ("2026-11-01", "2026-11-05", "2026-11-10", "2026-11-15", "2026-11-20")
OPENNESS = Series("Openness index", (68.0, 70.0, None, 72.0, 74.0))
TRANSPARENCY = Series("Transparency", (50.0, 49.5, 48.0, 47.0, 47.5))


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def group(root: ET.Element, name: str) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == name]


def texts(element: ET.Element) -> list[str]:
    return [t.text or "" for t in element.iter(f"{SVG}text")]


def lines(series_group: ET.Element) -> list[ET.Element]:
    """The line segments of a series (the plus and cross markers are paths too, but with a thicker stroke)."""
    return [e for e in series_group if e.tag == f"{SVG}path" and e.get("stroke-width") == "2"]


def contrast_with_white(colour: str) -> float:
    """WCAG 2 contrast ratio of an sRGB colour against white, from relative luminance."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
    return 1.05 / (luminance + 0.05)


# --- escaping and well-formedness -------------------------------------------------------------


def test_hostile_labels_are_inert_text() -> None:
    chart = line_chart(HOSTILE, (HOSTILE, "2026-11-02"), (Series(HOSTILE, (1.0, 2.0)),), chart_id="hostile")
    spark = trend_tile(HOSTILE, (1.0, 2.0))
    for svg in (str(chart), str(spark)):
        assert "<script" not in svg and "<img" not in svg
        assert "&lt;script&gt;" in svg
        assert "{{ 7*7 }}" in svg  # printed as text, never evaluated
        parse(svg)  # control characters were dropped, so it is still XML
    root = parse(chart)
    assert root.find(f"{SVG}title").text.startswith("<script>alert(1)")  # type: ignore[union-attr]
    assert any(HOSTILE[:20] in text for text in texts(group(root, "legend")[0]))


def test_the_markup_is_not_escaped_again_in_a_template() -> None:
    chart = line_chart("Scores", DATES, (OPENNESS,), chart_id="trend")
    html = environment().from_string("{{ chart }}").render(chart=chart)
    assert html == str(chart)


def test_the_chart_stands_alone_and_scales() -> None:
    root = parse(line_chart("Scores", DATES, (OPENNESS,), chart_id="trend", width=500, height=240))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == ("500", "240", "0 0 500 240")
    assert root.get("style") == "max-width:100%;height:auto"
    assert root.get("font-family") == "sans-serif"
    for element in root.iter():
        assert not any("href" in name or name.startswith("on") for name in element.attrib), element.tag
        assert element.tag not in (f"{SVG}script", f"{SVG}image", f"{SVG}foreignObject", f"{SVG}use")


@given(
    runs=st.lists(st.one_of(st.none(), st.floats(min_value=0, max_value=100)), max_size=40),
    label=st.text(max_size=30),
    breaks=st.sets(st.integers(min_value=0, max_value=39), max_size=4),
)
def test_any_scores_give_well_formed_xml(runs: list[float | None], label: str, breaks: set[int]) -> None:
    x_labels = tuple(f"run {i}" for i in range(len(runs)))
    valid_breaks = tuple(b for b in breaks if b < len(runs))
    chart = line_chart(label, x_labels, (Series(label, tuple(runs)),), chart_id="any", breaks=valid_breaks)
    spark = trend_tile(label, tuple(runs)) or Markup("<svg/>")
    for svg in (chart, spark):
        parse(svg)
        assert "nan" not in svg and "inf" not in svg.replace("instrument", "")


# --- determinism and ids ----------------------------------------------------------------------


def test_the_same_input_gives_the_same_bytes() -> None:
    thirds = Series("Thirds", (100 / 3, 200 / 3, None, 0.1 + 0.2))

    def draw() -> tuple[str, str]:
        chart = line_chart("Scores", DATES[:4], (thirds, Series("T", (1.0,) * 4)), chart_id="a", breaks=(2,))
        return str(chart), str(trend_tile("Thirds", thirds.values))

    assert draw() == draw()
    assert not re.search(r"\d\.\d\d", draw()[0])  # one decimal, always: no float noise like 66.66666666666667


def test_ids_come_from_the_chart_id_and_do_not_collide() -> None:
    first = parse(line_chart("A", DATES, (OPENNESS,), chart_id="trend-openness", breaks=(1,)))
    second = parse(line_chart("B", DATES, (OPENNESS,), chart_id="trend-transparency", breaks=(1,)))
    ids = [[e.get("id") for e in root.iter() if e.get("id")] for root in (first, second)]
    assert ids[0] == ["trend-openness-title", "trend-openness-desc"]
    assert len(set(ids[0])) == len(ids[0]) and not set(ids[0]) & set(ids[1])
    assert first.get("aria-labelledby") == "trend-openness-title trend-openness-desc"
    assert first.find(f"{SVG}title").get("id") == "trend-openness-title"  # type: ignore[union-attr]
    assert first.find(f"{SVG}desc").get("id") == "trend-openness-desc"  # type: ignore[union-attr]


@pytest.mark.parametrize("chart_id", ["", "1st", 'a" onload="x', "a b", "trend<"])
def test_a_chart_id_that_is_not_a_slug_is_refused(chart_id: str) -> None:
    with pytest.raises(ValueError, match="slug"):
        line_chart("Scores", DATES, (OPENNESS,), chart_id=chart_id)


# --- gaps, single runs, empty charts ----------------------------------------------------------


def test_a_missing_score_breaks_the_line() -> None:
    root = parse(line_chart("Scores", DATES, (OPENNESS,), chart_id="gaps"))
    (series,) = group(root, "series")
    segments = lines(series)
    assert [segment.get("d", "").count("L") for segment in segments] == [1, 1]  # two runs, a gap, two runs
    assert len(series.findall(f"{SVG}circle")) == 4  # every score still has its marker


def test_a_lone_score_between_gaps_keeps_its_marker() -> None:
    lone = Series("Lone", (None, 50.0, None, 60.0, None))
    root = parse(line_chart("Scores", DATES, (lone,), chart_id="lone"))
    (series,) = group(root, "series")
    assert lines(series) == []
    assert len(series.findall(f"{SVG}circle")) == 2
    assert "in 3 runs" in root.find(f"{SVG}desc").text  # type: ignore[operator,union-attr]


def test_a_single_run_is_one_marker_in_the_middle() -> None:
    root = parse(
        line_chart("Scores", ("2026-11-01",), (Series("Openness index", (68.0,)),), chart_id="one", breaks=(0,))
    )
    (series,) = group(root, "series")
    (marker,) = series.findall(f"{SVG}circle")
    baseline = group(root, "axes")[0].find(f"{SVG}path")  # the 0 line spans the plot
    assert baseline is not None
    left, right = (float(x) for x in re.findall(r"[ML]([\d.]+),", baseline.get("d", "")))
    assert math.isclose(float(marker.get("cx", "")), (left + right) / 2, abs_tol=0.1)
    assert "2026-11-01" in texts(root)
    assert "Openness index: 68.0 on 2026-11-01, the only score." in root.find(f"{SVG}desc").text  # type: ignore[operator,union-attr]


def test_no_runs_and_no_series_still_draw_an_empty_chart() -> None:
    root = parse(line_chart("Scores", (), (), chart_id="empty"))
    assert root.find(f"{SVG}desc").text == "No runs yet, so no scores to show."  # type: ignore[union-attr]
    assert group(root, "series") == [] and group(root, "legend")[0].findall(f"{SVG}text") == []
    root = parse(line_chart("Scores", (), (Series("Openness index", ()),), chart_id="empty"))
    assert "Openness index" in texts(root)


def test_a_series_without_scores_says_so() -> None:
    root = parse(line_chart("Scores", DATES, (OPENNESS, Series("Transparency", (None,) * 5)), chart_id="none"))
    assert "Transparency: no scores." in root.find(f"{SVG}desc").text  # type: ignore[operator,union-attr]
    assert len(group(root, "series")[1]) == 0


# --- what the chart says and draws ------------------------------------------------------------


def test_the_description_gives_first_last_and_change_per_series() -> None:
    dates = ("2026-11-01", "2026-11-10", "2026-11-20")
    series = (
        Series("Openness index", (68.0, 71.0, 74.0)),
        Series("Transparency", (50.0, None, 47.5)),
        Series("Availability", (90.0, 90.0, 90.04)),
    )
    desc = parse(line_chart("Scores", dates, series, chart_id="d")).find(f"{SVG}desc").text  # type: ignore[union-attr]
    assert desc == (
        "Scores from 0 to 100 over 3 runs, from 2026-11-01 to 2026-11-20. "
        "Openness index: 68.0 on 2026-11-01, 74.0 on 2026-11-20 (+6.0). "
        "Transparency: 50.0 on 2026-11-01, 47.5 on 2026-11-20 (-2.5); no score in 1 run. "
        "Availability: 90.0 on 2026-11-01, 90.0 on 2026-11-20 (no change)."
    )


def test_the_y_axis_is_fixed_from_0_to_100() -> None:
    low = parse(line_chart("Scores", DATES[:2], (Series("Low", (1.0, 2.0)),), chart_id="low"))
    high = parse(line_chart("Scores", DATES[:2], (Series("High", (98.0, 99.0)),), chart_id="high"))
    for root in (low, high):
        assert [t for t in texts(group(root, "axes")[0]) if not t.startswith("2026")] == ["0", "25", "50", "75", "100"]
    assert ET.tostring(group(low, "axes")[0]) == ET.tostring(group(high, "axes")[0])


def test_x_labels_all_when_few_else_first_last_and_some_between() -> None:
    def shown(runs: int) -> list[str]:
        dates = tuple(f"2026-{1 + i // 28:02d}-{1 + i % 28:02d}" for i in range(runs))
        root = parse(line_chart("Scores", dates, (), chart_id="x"))
        return [t for t in texts(group(root, "axes")[0]) if t.startswith("2026")]

    assert shown(8) == [f"2026-01-{d:02d}" for d in range(1, 9)]
    many = shown(40)
    assert many[0] == "2026-01-01" and many[-1] == "2026-02-12"
    assert 3 <= len(many) <= 8 and len(set(many)) == len(many)


def test_breaks_draw_a_dashed_line_before_the_run_with_legible_words() -> None:
    root = parse(line_chart("Scores", DATES, (OPENNESS,), chart_id="b", breaks=(3,)))
    (breaks,) = group(root, "breaks")
    line = breaks.find(f"{SVG}path")
    label = breaks.find(f"{SVG}text")
    assert line is not None and label is not None
    assert line.get("stroke-dasharray")
    xs = [float(c.get("cx", "")) for c in group(root, "series")[0].findall(f"{SVG}circle")]  # runs 0, 1, 3, 4
    line_x = float(re.findall(r"M([\d.]+),", line.get("d", ""))[0])
    assert xs[1] < line_x < xs[2]
    assert label.text == "instrument changed"
    assert float(label.get("font-size", "0")) >= 11
    assert contrast_with_white(label.get("fill", "")) >= 4.5
    assert contrast_with_white(line.get("stroke", "")) >= 3
    assert "instrument changed before the run of 2026-11-15" in root.find(f"{SVG}desc").text  # type: ignore[operator,union-attr]


def test_every_text_in_a_chart_is_legible() -> None:
    """axe-core does not measure text inside SVG, so this test is the gate: 4.5:1 and 11px at least."""
    root = parse(line_chart("Scores", DATES, (OPENNESS, TRANSPARENCY), chart_id="t", breaks=(1, 3)))
    root_size = float(root.get("font-size", "0"))
    drawn = list(root.iter(f"{SVG}text"))
    assert len(drawn) == 2 + 5 + 5 + 2  # legend, y axis, x axis, breaks
    for text in drawn:
        assert contrast_with_white(text.get("fill", "")) >= 4.5, text.text
        assert float(text.get("font-size", root_size)) >= 11, text.text


def test_no_breaks_no_break_lines() -> None:
    root = parse(line_chart("Scores", DATES, (OPENNESS,), chart_id="b"))
    assert group(root, "breaks") == [] and "instrument" not in ET.tostring(root, encoding="unicode")


def test_each_series_has_its_own_colour_dash_and_marker_in_the_legend() -> None:
    count = len(PALETTE)
    series = tuple(Series(f"Series {i}", (float(10 * i), float(10 * i + 5))) for i in range(count))
    root = parse(line_chart("Scores", DATES[:2], series, chart_id="legend"))
    legend = group(root, "legend")[0]
    assert texts(legend) == [f"Series {i}" for i in range(count)]
    samples = [e for e in legend if e.tag == f"{SVG}path" and e.get("stroke-width") == "2"]
    assert len({s.get("stroke") for s in samples}) == count
    assert len({s.get("stroke-dasharray", "solid") for s in samples}) == count
    shapes = {charts.series_style(i).marker(0.0, 0.0, "#000000", False) for i in range(count)}
    assert len(shapes) == count
    # Past the palette, the pair (colour, dash) still differs.
    styles = {(charts.series_style(i).colour, charts.series_style(i).dash) for i in range(count * count)}
    assert len(styles) == count * count


def test_every_palette_colour_contrasts_3_to_1_with_white() -> None:
    assert len(PALETTE) >= 7
    for colour in PALETTE:
        assert contrast_with_white(colour) >= 3, colour


def test_the_contrast_formula_matches_known_ratios() -> None:
    assert math.isclose(contrast_with_white("#000000"), 21.0)
    assert math.isclose(contrast_with_white("#ffffff"), 1.0)
    assert round(contrast_with_white("#767676"), 2) == 4.54  # the classic lightest AA grey


def test_a_long_legend_makes_the_chart_taller_instead_of_the_plot_flatter() -> None:
    series = tuple(Series(f"A rather long series label number {i}", (50.0,)) for i in range(12))
    root = parse(line_chart("Scores", ("2026-11-01",), series, chart_id="tall", height=200))
    assert float(root.get("height", "0")) > 200
    assert root.get("viewBox") == f"0 0 640 {root.get('height')}"


# --- refusals ---------------------------------------------------------------------------------


def test_a_series_of_the_wrong_length_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match="'Transparency' has 4 values but there are 5 runs"):
        line_chart("Scores", DATES, (OPENNESS, Series("Transparency", (1.0, 2.0, 3.0, 4.0))), chart_id="x")


def test_a_value_that_is_not_a_number_is_refused_by_name() -> None:
    with pytest.raises(ValueError, match=r"'Openness index'.*run 1"):
        line_chart("Scores", DATES[:2], (Series("Openness index", (1.0, math.nan)),), chart_id="x")
    with pytest.raises(ValueError, match="'Openness index'"):
        trend_tile("Openness index", (math.inf,))


@pytest.mark.parametrize("breaks", [(5,), (-1,)])
def test_a_break_outside_the_runs_is_refused(breaks: tuple[int, ...]) -> None:
    with pytest.raises(ValueError, match="breaks"):
        line_chart("Scores", DATES, (OPENNESS,), chart_id="x", breaks=breaks)


def test_a_chart_too_small_to_draw_is_refused() -> None:
    with pytest.raises(ValueError, match="too small"):
        line_chart("Scores", DATES, (OPENNESS,), chart_id="x", width=100)
    with pytest.raises(ValueError, match="too small"):
        trend_tile("Openness index", (1.0, 2.0), height=4)


# --- trend tiles -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("values", "label"),
    [
        ((68.0, 70.0, None, 72.0, 74.0), "Openness index over 5 runs: from 68.0 to 74.0"),
        ((None, 68.5, 70.0), "Openness index over 3 runs: from 68.5 to 70.0"),
    ],
)
def test_a_trend_tile_says_what_it_shows_and_writes_the_last_value(
    values: tuple[float | None, ...], label: str
) -> None:
    root = parse(trend_tile("Openness index", values))
    assert root.get("role") == "img" and root.get("aria-label") == label
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == ("160", "48", "0 0 160 48")
    assert texts(root) == [label.rsplit(" ", 1)[-1]]  # the latest score, written at the end of the line


@pytest.mark.parametrize("values", [(), (None, None), (None, 68.5, None), (90.0,)])
def test_fewer_than_two_scores_make_no_tile(values: tuple[float | None, ...]) -> None:
    assert trend_tile("Openness index", values) == ""


def test_a_trend_tile_breaks_at_gaps_and_marks_the_last_score() -> None:
    root = parse(trend_tile("Openness index", (10.0, 20.0, None, 30.0, None, 60.0, 70.0, None)))
    lines_drawn = [p for p in root.findall(f"{SVG}path") if p.get("stroke-width") == "2.5"]
    dots = root.findall(f"{SVG}circle")
    assert len(lines_drawn) == 2  # 10-20 and 60-70; 30 stands alone
    assert [d.get("r") for d in dots] == ["2.0", "3.5"]  # the lone 30, then the last score, 70
    assert dots[-1].get("cx") == lines_drawn[-1].get("d", "").split("L")[-1].split(",")[0]


def test_a_trend_tile_is_legible() -> None:
    root = parse(trend_tile("Openness index", (40.0, 100.0)))
    (value,) = root.iter(f"{SVG}text")
    assert float(value.get("font-size", "0")) >= 11 and contrast_with_white(value.get("fill", "")) >= 4.5
    assert float(value.get("x", "0")) + 5 * 12 * 0.58 <= 160  # "100.0" fits inside the tile


def test_a_chart_of_one_series_writes_its_values_and_emphasises_its_line() -> None:
    root = parse(line_chart("Index", DATES, (OPENNESS,), chart_id="one", legend=False, values=True))
    assert group(root, "legend") == []
    assert texts(group(root, "values")[0]) == ["68.0", "70.0", "72.0", "74.0"]
    (series,) = group(root, "series")
    assert {p.get("stroke-width") for p in series.findall(f"{SVG}path")} == {EMPHASIS_WIDTH}


def test_the_words_of_a_chart_follow_the_report_language() -> None:
    from egov_audit.reports.i18n import translations

    root = parse(line_chart("Индекс", DATES, (OPENNESS,), chart_id="kk", breaks=(3,), words=translations("kk")))
    desc = root.find(f"{SVG}desc").text or ""  # type: ignore[union-attr]
    assert "Scores" not in desc and "instrument" not in desc and "тексеру" in desc
    assert "instrument changed" not in texts(root)


# --- in a browser -----------------------------------------------------------------------------


def test_a_page_of_charts_passes_axe_core() -> None:
    many = tuple(f"2026-{1 + i // 28:02d}-{1 + i % 28:02d}" for i in range(30))
    page = (
        environment()
        .from_string(
            '{% extends "base.html" %}{% block title %}Charts{% endblock %}'
            "{% block main %}<h1>Charts</h1>{{ a }}{{ b }}{{ c }}<p>Trend {{ s }} {{ t }}</p>{% endblock %}"
        )
        .render(
            a=line_chart(
                HOSTILE, DATES, (OPENNESS, TRANSPARENCY, Series(HOSTILE, (None,) * 5)), chart_id="a", breaks=(2,)
            ),
            b=line_chart("Many runs", many, (Series("Dense", tuple(float(i * 3) for i in range(30))),), chart_id="b"),
            c=line_chart("Nothing yet", (), (), chart_id="c"),
            s=trend_tile(HOSTILE, OPENNESS.values),
            t=trend_tile("Empty", ()),
        )
    )
    options = {"runOnly": {"type": "tag", "values": [*RUN_TAGS, "best-practice"]}, "resultTypes": ["violations"]}
    with serve_app(lambda path: Reply(200, page) if path == "/" else Reply(404, "no", "text/plain")) as served:
        audited = audit_with_playwright([(f"{served.base_url}/", "charts")], RenderSettings(axe_options=options))
    (outcome,) = audited.values()
    assert outcome.error is None
    assert outcome.violations == (), [(f.rule_id, f.targets) for f in outcome.violations]
