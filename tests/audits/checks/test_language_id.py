"""The offline language identifier: neighbours told apart, and no guess where the text cannot tell."""

from __future__ import annotations

import pytest

from egov_audit.audits.checks.language_id import PROFILES, identify

ALL = tuple(PROFILES)
TEXTS = {
    "kk": "Облыс әкімдігі азаматтарға арналған мемлекеттік қызметтер туралы хабарлайды. Қызметті онлайн алу үшін "
    "нысанды толтырыңыз және өтінімді жіберіңіз. Біз сіздің өтінішіңізді бес жұмыс күні ішінде қараймыз.",
    "ky": "Облустук акимчилик жарандарга арналган мамлекеттик кызматтар жөнүндө кабарлайт. Кызматты онлайн алуу "
    "үчүн форманы толтуруңуз жана арызды жөнөтүңүз. Биз сиздин арызыңызды беш жумуш күндүн ичинде карайбыз.",
    "ru": "Акимат области сообщает о государственных услугах для граждан. Чтобы получить услугу онлайн, заполните "
    "форму и отправьте заявку. Мы рассмотрим ваше обращение в течение пяти рабочих дней.",
    "uk": "Обласна адміністрація повідомляє про державні послуги для громадян. Щоб отримати послугу онлайн, "
    "заповніть форму та надішліть заявку. Ми розглянемо ваше звернення протягом п'яти робочих днів.",
    "en": "The regional akimat announces public services for citizens. To receive a service online, fill in the "
    "form and send your application. We will consider your request within five working days.",
    "de": "Die Regionalverwaltung informiert über öffentliche Dienstleistungen für Bürger. Um eine Leistung online "
    "zu erhalten, füllen Sie das Formular aus und senden Sie den Antrag. Wir prüfen Ihre Anfrage in fünf Tagen.",
}


@pytest.mark.parametrize("language", TEXTS)
def test_each_language_among_all_candidates(language: str) -> None:
    assert identify(TEXTS[language], ALL) == language


def test_case_does_not_matter() -> None:
    assert identify(TEXTS["kk"].upper(), ALL) == "kk"


def test_only_the_candidates_are_considered() -> None:
    assert identify(TEXTS["uk"], ("kk", "ru", "en")) in ("kk", "ru")  # a Cyrillic candidate, never English
    assert identify(TEXTS["en"], ("kk", "ru")) is None  # no Latin candidate


def test_short_or_empty_text_cannot_tell() -> None:
    assert identify("Қош келдіңіз", ALL) is None
    assert identify("", ALL) is None
    assert identify("12345 67890 " * 20, ALL) is None


def test_unknown_languages_are_ignored() -> None:
    assert identify(TEXTS["en"], ("en", "xx")) == "en"
