"""Numbers, percentages and dates as each report language writes them (reports/locale_format.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from egov_audit.reports.locale_format import formats, iso
from egov_audit.reports.render import environment

MOMENT = datetime(2026, 3, 1, 9, 5, tzinfo=UTC)
NBSP = "\N{NO-BREAK SPACE}"


@pytest.mark.parametrize(
    ("lang", "score", "grouped", "change", "percent", "seconds"),
    [
        ("en", "87.8", "1,234", "+1.5", "97.6%", f"0.25{NBSP}s"),
        ("ru", "87,8", f"1{NBSP}234", "+1,5", f"97,6{NBSP}%", f"0,25{NBSP}с"),
        ("kk", "87,8", f"1{NBSP}234", "+1,5", "97,6%", f"0,25{NBSP}с"),
    ],
)
def test_numbers_take_the_language_s_decimal_sign_and_grouping(
    lang: str, score: str, grouped: str, change: str, percent: str, seconds: str
) -> None:
    numbers = formats(lang)
    assert numbers.score(87.8) == score
    assert numbers.number(1234) == grouped
    assert numbers.change(1.5) == change
    assert numbers.percent(0.976, 1) == percent
    assert numbers.seconds(0.254) == seconds


def test_a_missing_value_and_no_change_read_the_same_in_every_language() -> None:
    for lang in ("en", "ru", "kk"):
        numbers = formats(lang)
        assert numbers.score(None) == numbers.date(None) == numbers.percent(None) == "–"
        assert numbers.change(0.0).startswith("±0")
        assert numbers.change(-2.0).startswith("-2")


def test_dates_in_the_language_s_medium_form_and_iso_for_machines() -> None:
    assert formats("en").date(MOMENT) == "Mar 1, 2026"
    assert formats("ru").date(MOMENT).startswith("1 мар. 2026")
    assert "нау." in formats("kk").date(MOMENT)
    assert formats("ru").date_time(MOMENT).endswith("09:05 UTC")
    assert iso(MOMENT) == "2026-03-01T09:05:00+00:00"
    assert iso(MOMENT.replace(tzinfo=None)) == "2026-03-01T09:05:00+00:00"  # stored times are UTC


def test_the_templates_have_the_same_as_filters() -> None:
    template = environment("ru").from_string("{{ 87.8 | score }} {{ 0.5 | percent }} {{ moment | iso }}")
    assert template.render(moment=MOMENT) == f"87,8 50{NBSP}% 2026-03-01T09:05:00+00:00"
