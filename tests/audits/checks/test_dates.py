"""Dates written in Kazakh, Russian and English, found in free text: no clock, no network."""

from __future__ import annotations

from datetime import date

import pytest

from egov_audit.audits.checks.dates import find_dates, month_number

NOV_12 = date(2026, 11, 12)


def values(text: str) -> list[date]:
    return [found.value for found in find_dates(text)]


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
        (found,) = find_dates(f"Жарияланды / Опубликовано / Published: {written}.")
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
        found = find_dates(text)
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

    @pytest.mark.parametrize("word", ["мамандар", "марки", "машина", "МАМАНДАР"])
    def test_words_starting_with_the_russian_two_letter_stem_are_not_may(self, word: str) -> None:
        assert month_number(word) is None
        assert values(f"12 {word} 2026") == []

    @pytest.mark.parametrize("word", ["mayor", "marketing", "decree", "junior"])
    def test_english_words_that_merely_start_like_a_month_are_not_months(self, word: str) -> None:
        assert month_number(word) is None

    def test_mayor_is_not_may(self) -> None:
        assert values("Mayor 12, 2026") == []

    def test_decisions_is_not_december(self) -> None:
        assert values("12 decisions 2026") == []


class TestMonthNumber:
    @pytest.mark.parametrize(
        ("word", "number"),
        [
            ("қаңтар", 1),
            ("ҚАҢТАР", 1),
            ("ақпанда", 2),
            ("наурыз", 3),
            ("СӘУІР", 4),
            ("мамыр", 5),
            ("маусым", 6),
            ("шілде", 7),
            ("тамыз", 8),
            ("қыркүйек", 9),
            ("қазан", 10),
            ("қараша", 11),
            ("Желтоқсан", 12),
            ("января", 1),
            ("февраль", 2),
            ("марта", 3),
            ("АПРЕЛЯ", 4),
            ("май", 5),
            ("мая", 5),
            ("мае", 5),
            ("июня", 6),
            ("июля", 7),
            ("августа", 8),
            ("сентября", 9),
            ("октября", 10),
            ("ноября", 11),
            ("декабря", 12),
            ("January", 1),
            ("Feb", 2),
            ("march", 3),
            ("APRIL", 4),
            ("May", 5),
            ("June", 6),
            ("July", 7),
            ("August", 8),
            ("Sept", 9),
            ("October", 10),
            ("NOVEMBER", 11),
            ("Dec", 12),
        ],
    )
    def test_month_words(self, word: str, number: int) -> None:
        assert month_number(word) == number

    @pytest.mark.parametrize("word", ["құпиялылық", "политика", "privacy", "ма", "m"])
    def test_other_words(self, word: str) -> None:
        assert month_number(word) is None
