"""readability: Flesch reading ease for English, Oborneva's for Russian, not applicable for Kazakh."""

from __future__ import annotations

import zlib

import pytest

from egov_audit.audits.checks.readability import ReadabilityParams, readability, reading_ease, syllables
from egov_audit.audits.model import Outcome
from egov_audit.crawler.model import PageSnapshot

PARAMS = ReadabilityParams(min_score={"en": 30, "ru": 30}, min_words=20)
PLAIN_EN = "You can get a passport here. Fill in the form. Send it to us. We will call you in a week. " * 3
HARD_EN = (
    "Notwithstanding the aforementioned administrative considerations, applications necessitating supplementary "
    "documentation, authentication, verification and interdepartmental coordination shall be processed "
    "consecutively, subsequently to comprehensive institutional evaluation of eligibility. "
) * 2
PLAIN_RU = "Вы можете получить паспорт здесь. Заполните форму. Отправьте её нам. Мы позвоним вам через неделю. " * 3
HARD_RU = (
    "Вышеупомянутые административно-процессуальные обстоятельства, обуславливающие необходимость "
    "предоставления дополнительной документации, подлежат всестороннему межведомственному рассмотрению "
    "соответствующими уполномоченными государственными органами исполнительной власти. "
) * 2
KAZAKH = "Паспорт алу үшін нысанды толтырыңыз. Біз сізге бір аптада хабарласамыз. " * 5


def page(lang: str, text: str, body: str | None = None) -> PageSnapshot:
    """A page whose prose is `text` in one paragraph (or `body`, its HTML, when given)."""
    html = body if body is not None else f"<main><p>{text}</p></main>"
    return PageSnapshot(
        url="https://portal.gov.test/",
        status=200,
        content_type="text/html",
        lang=lang,
        text=text,
        main_chars=len(text),
        html_z=zlib.compress(f"<html><body>{html}</body></html>".encode()),
    )


def test_syllables() -> None:
    assert syllables("passport", "en") == 2
    assert syllables("make", "en") == 1  # silent e
    assert syllables("государственный", "ru") == 5
    assert syllables("ВЫ", "ru") == 1


@pytest.mark.parametrize(
    ("lang", "text", "outcome"),
    [
        ("en", PLAIN_EN, Outcome.PASS),
        ("en-GB", HARD_EN, Outcome.FAIL),
        ("ru", PLAIN_RU, Outcome.PASS),
        ("ru-KZ", HARD_RU, Outcome.FAIL),
    ],
)
def test_plain_and_hard_texts(lang: str, text: str, outcome: Outcome) -> None:
    result = readability(page(lang, text), PARAMS)
    assert result.outcome is outcome, result.summary


def test_plain_scores_above_hard() -> None:
    assert reading_ease(PLAIN_EN, "en")[0] > 60 > reading_ease(HARD_EN, "en")[0]
    assert reading_ease(PLAIN_RU, "ru")[0] > reading_ease(HARD_RU, "ru")[0]


def test_kazakh_and_unknown_languages_are_not_scored() -> None:
    assert readability(page("kk", KAZAKH), PARAMS).outcome is Outcome.NOT_APPLICABLE
    assert readability(page("", PLAIN_EN), PARAMS).outcome is Outcome.NOT_APPLICABLE


def test_short_texts_are_not_scored() -> None:
    result = readability(page("en", "Apply here."), PARAMS)
    assert result.outcome is Outcome.NOT_APPLICABLE
    assert "Too short" in result.summary


def test_a_page_of_links_is_no_prose_and_is_not_scored() -> None:
    # Read as one endless sentence, a page of links once scored a reading ease of -524.
    links = "".join(
        f'<li><a href="/s/{n}/">Service number {n} for residents and businesses</a></li>' for n in range(80)
    )
    result = readability(page("en", "", f"<nav><ul>{links}</ul></nav><main><ul>{links}</ul></main>"), PARAMS)
    assert result.outcome is Outcome.NOT_APPLICABLE


def test_each_paragraph_ends_a_sentence() -> None:
    paragraphs = "".join("<p>You can get a passport here and we will call you soon</p>" for _ in range(6))
    result = readability(page("en", "", f"<main>{paragraphs}</main>"), PARAMS)
    assert result.outcome is Outcome.PASS, result.summary
