"""Numbers, percentages, dates and times as the report's reader writes them, by Babel (CLDR):
"87.8" and "Mar 1, 2026" in English, "87,8" and "1 мар. 2026 г." in Russian, "87,8" and
"2026 ж. 01 нау." in Kazakh.

One `LocaleFormat` per report language: the view models format every number and date through it,
and the templates have the same as filters (`environment` in reports/render.py). Machine-readable
places keep ISO 8601 and plain numbers (`iso`, the CSV and JSON downloads, the feed's dates).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from functools import cache
from typing import Any

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import format_decimal, format_percent

NONE = "–"  # what a missing number or date reads as, in every language


@dataclass(frozen=True, slots=True)
class LocaleFormat:
    """How one language writes numbers and dates. Each method takes None for "no value" (NONE)."""

    lang: str

    @property
    def _locale(self) -> Locale:
        return _locale(self.lang)

    def number(self, value: float | None, digits: int = 0) -> str:
        """`value` with `digits` decimals, grouped: 1,234.5 / 1 234,5."""
        if value is None:
            return NONE
        return format_decimal(value, _pattern(digits), locale=self._locale)

    def score(self, value: float | None, digits: int = 1) -> str:
        """A score of 0 to 100 (docs/scores.md): one decimal unless asked otherwise."""
        return self.number(value, digits)

    def change(self, value: float | None, digits: int = 1) -> str:
        """A change of a score, signed: +1.2, -3.4; no change at all reads ±0.0."""
        if value is None:
            return NONE
        if not round(value, digits):
            return f"±{self.number(0, digits)}"
        pattern = _pattern(digits)
        return format_decimal(value, f"+{pattern};-{pattern}", locale=self._locale)

    def percent(self, share: float | None, digits: int = 0) -> str:
        """A share of 0 to 1 as a percentage in the language's own form: 97.6% / 97,6 %."""
        if share is None:
            return NONE
        pattern = self._locale.percent_formats[None].pattern
        if digits:
            pattern = pattern.replace("0", "0." + "0" * digits, 1)
        return format_percent(share, pattern, locale=self._locale)

    def seconds(self, value: float | None, digits: int = 2) -> str:
        """A duration in seconds: 0.25 s / 0,25 с."""
        if value is None:
            return NONE
        return f"{self.number(value, digits)}\N{NO-BREAK SPACE}{_SECOND.get(self.lang, 's')}"

    def date(self, moment: datetime | None) -> str:
        """The day, in the language's medium form: Mar 1, 2026 / 1 мар. 2026 г."""
        if moment is None:
            return NONE
        return format_date(_utc(moment), "medium", locale=self._locale)

    def date_time(self, moment: datetime | None) -> str:
        """The day and the time in UTC: Mar 1, 2026, 9:05 AM UTC / 1 мар. 2026 г., 09:05 UTC."""
        if moment is None:
            return NONE
        moment = _utc(moment)
        time = format_time(moment, "short", tzinfo=UTC, locale=self._locale)
        joined = self._locale.datetime_formats["medium"].format(time, self.date(moment))
        return f"{joined} UTC"

    def filters(self) -> dict[str, Any]:
        """The same as Jinja filters: `{{ value | number(1) }}`, `{{ run.started_at | datetime }}`."""
        return {
            "number": self.number,
            "score": self.score,
            "change": self.change,
            "percent": self.percent,
            "seconds": self.seconds,
            "date": self.date,
            "datetime": self.date_time,
            "iso": iso,
        }


def iso(moment: datetime) -> str:
    """ISO 8601 in UTC, for machine-readable attributes (`<time datetime="…">`)."""
    return _utc(moment).isoformat(timespec="seconds")


# The unit symbol of a second (CLDR's short "duration-second"), without Babel's per-language spacing.
_SECOND = {"en": "s", "ru": "с", "kk": "с"}


@cache
def formats(lang: str) -> LocaleFormat:
    return LocaleFormat(lang)


@cache
def _locale(lang: str) -> Locale:
    return Locale.parse(lang)


@cache
def _pattern(digits: int) -> str:
    return "#,##0." + "0" * digits if digits else "#,##0"


def _utc(moment: datetime) -> datetime:
    """Stored times are UTC; a naive one (an older row) is read as UTC too."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
