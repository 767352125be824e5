"""Why a crawl stopped and why a page was rendered, in the reader's words (reports/reasons.py)."""

from __future__ import annotations

from egov_audit.crawler.model import StopReason
from egov_audit.render.sampling import REASONS, reason
from egov_audit.reports.i18n import translations
from egov_audit.reports.locale_format import formats
from egov_audit.reports.reasons import SAMPLE_REASONS, STOP_REASONS, sample_reason_words, stop_reason_words


def test_every_stop_reason_and_sampling_reason_has_words() -> None:
    assert set(STOP_REASONS) == set(StopReason)
    assert set(SAMPLE_REASONS) == set(REASONS)


def test_stop_reasons_in_russian_and_kazakh() -> None:
    assert stop_reason_words("finished", translations("ru").gettext) == "пройдены все найденные страницы"
    assert stop_reason_words("time_budget", translations("kk").gettext) == "уақыт лимиті таусылды"
    assert stop_reason_words(None) == "–"
    assert stop_reason_words("a reason of a later version") == "a reason of a later version"


def test_sampling_reasons_lose_option_names_and_take_rule_titles() -> None:
    ru = translations("ru").gettext
    assert (
        sample_reason_words("every page rendered (--render all)") == "every page of the portal is checked in this run"
    )
    assert "--render" not in sample_reason_words(reason("every_page"), ru)
    titles = {"contacts-linked": "Главная страница ссылается на контакты"}
    assert sample_reason_words(reason("named", rule="contacts-linked"), ru, titles) == (
        "её проверяет правило «Главная страница ссылается на контакты»"
    )
    words = sample_reason_words(reason("template", template="news/*", pages=1200), ru, None, formats("ru"))
    assert "news/*" in words and "1\N{NO-BREAK SPACE}200" in words
    assert sample_reason_words("chosen by hand", ru) == "chosen by hand"  # words no version gave stay as stored
