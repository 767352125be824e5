"""Words the archive's pages share, in the report's language: the series' titles, a change of
score and the class that colours it, a date, and the words and number format of the charts."""

from __future__ import annotations

from datetime import datetime

from egov_audit.reports.charts import ChartWords
from egov_audit.reports.i18n import translations
from egov_audit.reports.locale_format import formats
from egov_audit.reports.views import Gettext, pillar_titles
from egov_audit.store.history import OPENNESS


def series_titles(_: Gettext) -> dict[str, str]:
    """The title of each series: the openness index, then the pillars."""
    return {OPENNESS: _("Openness index"), **pillar_titles(_)}


def change_text(value: float | None, lang: str) -> str:
    return formats(lang).change(value)


def change_class(value: float | None) -> str:
    """How a change is coloured; its sign says the same in text."""
    if not value:
        return "change-none"
    return "change-up" if value > 0 else "change-down"


def date_text(started: datetime, lang: str) -> str:
    return formats(lang).date(started)


def chart_words(lang: str) -> ChartWords:
    """The words and number format of the charts, in the report's language."""
    return ChartWords(translations(lang), formats(lang).score)
