"""Dates found in free text in every covered language, from CLDR's month names: no clock, no network."""

from __future__ import annotations

from datetime import date

import pytest

from egov_audit.audits.checks.dates import find_dates

NOV_12 = date(2026, 11, 12)
REGION = ("kk", "ru", "en")


def values(text: str, languages: tuple[str, ...] = REGION) -> list[date]:
    return [found.value for found in find_dates(text, languages)]


class TestFormats:
    @pytest.mark.parametrize(
        "written",
        [
            "12.11.2026",
            "12/11/2026",
            "2026-11-12",
            "12 қараша 2026",
            "12 қарашада 2026",
            "12 ноября 2026 г.",
            "12 ноябрь 2026",
            "November 12, 2026",
            "Nov. 12, 2026",
            "12 November 2026",
            "12 Nov 2026",
            "2026 жылғы 12 қараша",
        ],
    )
    def test_each_written_form_is_november_12(self, written: str) -> None:
        (found,) = find_dates(f"Жарияланды / Опубликовано / Published: {written}.", REGION)
        assert found.value == NOV_12
        assert found.written.startswith(written.split()[0].rstrip(","))

    def test_may_in_russian_genitive(self) -> None:
        assert values("Обновлено 12 мая 2026") == [date(2026, 5, 12)]

    def test_kazakh_months_with_special_letters(self) -> None:
        text = "1 қаңтар 2026, 2 ақпан 2026, 3 сәуір 2026, 4 шілде 2026, 5 қыркүйек 2026, 6 желтоқсан 2026"
        assert values(text) == [
            date(2026, 1, 1),
            date(2026, 2, 2),
            date(2026, 4, 3),
            date(2026, 7, 4),
            date(2026, 9, 5),
            date(2026, 12, 6),
        ]

    def test_kazakh_may_and_june_are_not_taken_for_march(self) -> None:
        assert values("7 мамыр 2026 және 8 маусым 2026") == [date(2026, 5, 7), date(2026, 6, 8)]

    def test_russian_march_is_not_may(self) -> None:
        assert values("9 марта 2026") == [date(2026, 3, 9)]

    @pytest.mark.parametrize(
        "written",
        ["12 ҚАРАША 2026", "12 НОЯБРЯ 2026 Г.", "NOVEMBER 12, 2026", "12 NOVEMBER 2026", "12 МАЯ 2026"],
    )
    def test_upper_case_month_names(self, written: str) -> None:
        assert len(values(written)) == 1
        assert values(written)[0].day == 12

    def test_upper_case_kazakh_year_first(self) -> None:
        # A heading in capitals: "2026 ЖЫЛҒЫ 12 ҚАРАША" is the same date as "2026 жылғы 12 қараша".
        assert values("2026 ЖЫЛҒЫ 12 ҚАРАША") == [NOV_12]

    def test_dates_come_in_text_order_with_offsets(self) -> None:
        text = "Басталуы 2026-01-05, аяқталуы 12.11.2026, updated November 20, 2026"
        found = find_dates(text, REGION)
        assert [f.value for f in found] == [date(2026, 1, 5), NOV_12, date(2026, 11, 20)]
        assert [text[f.start : f.start + len(f.written)] for f in found] == [f.written for f in found]

    def test_one_date_is_found_once(self) -> None:
        assert values("12 ноября 2026 г.") == [NOV_12]


class TestRejected:
    @pytest.mark.parametrize("text", ["31.02.2026", "2026-02-30", "30 ақпан 2026", "31 апреля 2026", "32.01.2026"])
    def test_impossible_dates_are_ignored(self, text: str) -> None:
        assert values(text) == []

    def test_month_13_is_not_a_date(self) -> None:
        assert values("01.13.2026") == []

    def test_text_without_dates(self) -> None:
        assert values("Мемлекеттік қызметтер / Государственные услуги / Public services 1414") == []

    def test_an_unknown_word_between_day_and_year_is_no_month(self) -> None:
        assert values("12 қызмет 2026") == []
        assert values("12 услуг 2026") == []

    @pytest.mark.parametrize("word", ["мамандар", "марки", "машина", "МАМАНДАР", "mayor", "marketing", "decree"])
    def test_words_that_merely_start_like_a_month_are_not_months(self, word: str) -> None:
        assert values(f"12 {word} 2026") == []

    def test_mayor_is_not_may(self) -> None:
        assert values("Mayor 12, 2026") == []

    def test_decisions_is_not_december(self) -> None:
        assert values("12 decisions 2026") == []


class TestEveryLanguage:
    @pytest.mark.parametrize(
        ("text", "language", "expected"),
        [
            ("Uppdaterad: 2 januari 2024", "sv", date(2024, 1, 2)),
            ("Última actualización: 9 de diciembre de 2022", "es", date(2022, 12, 9)),
            ("Päivitetty 2. tammikuuta 2024", "fi", date(2024, 1, 2)),
            ("Frissítve: 2024. január 2.", "hu", date(2024, 1, 2)),
            ("Atnaujinta 2024 m. sausio 2 d.", "lt", date(2024, 1, 2)),
            ("Atjaunināts 2024. gada 2. janvāris", "lv", date(2024, 1, 2)),
            ("Jaanuar: uuendatud 2. jaanuar 2024", "et", date(2024, 1, 2)),
            ("Stand: 3. März 2025", "de", date(2025, 3, 3)),
            ("Mis à jour le 3 mars 2025", "fr", date(2025, 3, 3)),
            ("Aggiornato il 3 marzo 2025", "it", date(2025, 3, 3)),
            ("Atualizado em 3 de março de 2025", "pt", date(2025, 3, 3)),
            ("Bijgewerkt op 3 maart 2025", "nl", date(2025, 3, 3)),
            ("Data publikacji: 3 marca 2025", "pl", date(2025, 3, 3)),
            ("Aktualizováno 3. března 2025", "cs", date(2025, 3, 3)),
            ("Ενημερώθηκε 2 Ιανουαρίου 2024", "el", date(2024, 1, 2)),
            ("Актуализирано на 2 януари 2024", "bg", date(2024, 1, 2)),
            ("3 ta' Marzu 2025", "mt", date(2025, 3, 3)),
            ("Nuashonraithe 3 Márta 2025", "ga", date(2025, 3, 3)),
            ("Оновлено 3 березня 2025 р.", "uk", date(2025, 3, 3)),
            ("Абноўлена 3 сакавіка 2025 г.", "be", date(2025, 3, 3)),
            ("Yangilangan: 2-yanvar, 2024", "uz", date(2024, 1, 2)),
            ("Жаңыртылды: 2024-ж., 2-январь", "ky", date(2024, 1, 2)),
            ("Yenilənib: 2 yanvar 2024", "az", date(2024, 1, 2)),
            ("Täzelendi: 2 ýanwar 2024", "tk", date(2024, 1, 2)),
            ("Թարմացվել է 2 հունվարի 2024", "hy", date(2024, 1, 2)),
            ("განახლდა 2 იანვარი 2024", "ka", date(2024, 1, 2)),
        ],
    )
    def test_month_names_of_each_language(self, text: str, language: str, expected: date) -> None:
        assert values(text, (language,)) == [expected]

    def test_a_suffixed_month_in_a_suffixing_language(self) -> None:
        assert values("Közzétéve 2024. januárban 2.", ("hu",)) == [date(2024, 1, 2)]

    def test_slashed_dates_follow_the_locale(self) -> None:
        assert [d.value for d in find_dates("12/9/2022", ("en",), locale_tag="en")] == [date(2022, 12, 9)]
        assert [d.value for d in find_dates("12/9/2022", ("en",), locale_tag="en-GB")] == [date(2022, 9, 12)]
        assert [d.value for d in find_dates("12/09/2022", ("sv",), locale_tag="sv")] == [date(2022, 9, 12)]
        assert [d.value for d in find_dates("13/09/2022", ("en",), locale_tag="en")] == [date(2022, 9, 13)]

    def test_year_first_dotted(self) -> None:
        assert values("Közzétéve: 2024. 01. 02.", ("hu",)) == [date(2024, 1, 2)]

    def test_days_ago_from_cldr(self) -> None:
        today = date(2026, 12, 3)
        assert [d.value for d in find_dates("Publicerad för 3 dagar sedan", ("sv",), today=today)] == [
            date(2026, 11, 30)
        ]
        assert [d.value for d in find_dates("posted 2 weeks ago", ("en",), today=today)] == [date(2026, 11, 19)]
        assert find_dates("posted 2 weeks ago", ("en",)) == []  # no day to count back from
