"""Find calendar dates in a page's text, in every language the vocabularies cover, from CLDR's own
data (Babel): month names in their wide and abbreviated, format (genitive) and stand-alone forms,
the order of day, month and year in numeric dates, and relative dates ("3 days ago").

Recognised, in any covered language: `12.11.2026`, `2026-11-12`, `12/11/2026` (month first where
the locale writes it so, as en-US does), `2026. 11. 12.`, a month name with a day and a year
around it in any order and with the particles languages put between them (`2 januari 2024`,
`9 de diciembre de 2022`, `December 9, 2022`, `2. tammikuuta 2024`, `2024. január 2.`,
`2024 m. sausio 2 d.`, `2024. gada 2. janvāris`, `2024 жылғы 2 қаңтар`, `2-yanvar, 2024`), and
`N days (weeks, months, years) ago` in the page's language.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache

from babel import Locale, UnknownLocaleError

from egov_audit.audits.vocabulary import vocabulary

_NUMERIC = re.compile(r"(?<!\d)(\d{1,2})([./-])(\d{1,2})\2(\d{4})(?!\d)")
_ISO = re.compile(r"(?<!\d)(\d{4})-(\d{2})-(\d{2})(?!\d)")
_YEAR_FIRST_DOTTED = re.compile(r"(?<!\d)(\d{4})\.\s*(\d{1,2})\.\s*(\d{1,2})\.?(?!\d)")  # Hungarian: 2024. 01. 02.
# What may stand between a month name and its day or year: particles of the languages ("de", "ta'",
# "d.", "m.", "gada", "жылғы", "ж.", "г.", "р.", "թ.", "წლის") and punctuation.
_PARTICLES = r"(?:de|del|ta['’]|d\.|m\.|gada|жылғы|жыл|ж\.|г\.|р\.|թ\.|წლის|year)"
_DAY_BEFORE = re.compile(rf"(?<!\d)(\d{{1,2}})(?:\.|-)?\s*(?:{_PARTICLES}\s*)?$", re.IGNORECASE)
_YEAR_AFTER = re.compile(rf"^\.?,?\s*(?:{_PARTICLES}\s*)?(\d{{4}})(?!\d)", re.IGNORECASE)
_DAY_AFTER = re.compile(r"^\.?\s*(\d{1,2})(?!\d)(?:\.|-?\s*d\.)?", re.IGNORECASE)
_YEAR_BEFORE = re.compile(rf"(?<!\d)(\d{{4}})\s*(?:\.|-)?\s*(?:{_PARTICLES}\s*)?,?\s*$", re.IGNORECASE)
_YEAR_DAY_BEFORE = re.compile(
    rf"(?<!\d)(\d{{4}})\s*[.,-]?\s*(?:{_PARTICLES}\s*)?[.,]?\s*(\d{{1,2}})[.-]?\s*$", re.IGNORECASE
)
_YEAR_NEXT = re.compile(r"^\s*,?\s*(\d{4})(?!\d)")
WINDOW = 24  # characters either side of a month name in which its day and year are sought


@dataclass(frozen=True, slots=True)
class FoundDate:
    value: date
    start: int  # offset in the text
    written: str


def _make(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _locale(code: str) -> Locale | None:
    try:
        return Locale.parse(code.replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return None


# Languages that add case suffixes to a month's name (Kazakh "қарашада", Hungarian "januárban",
# Finnish "tammikuussa"): their names may run on by a few letters; others' must end where the word does.
SUFFIXING = frozenset({"kk", "ky", "uz", "tk", "az", "tg", "hu", "fi", "et", "tr"})
MAX_SUFFIX = 4


@cache
def _months(languages: tuple[str, ...]) -> tuple[re.Pattern[str], dict[str, int]]:
    """A pattern matching every month name of `languages`, and each folded name's month."""
    names: dict[str, int] = {}
    suffixed: set[str] = set()
    for code in languages:
        for locale in filter(None, (_locale(code), _locale("en_GB") if code == "en" else None)):
            for context in ("format", "stand-alone"):
                for width in ("wide", "abbreviated"):
                    for number, name in locale.months[context][width].items():
                        folded = name.casefold().rstrip(".")
                        if len(folded) >= 3 and not folded.isdigit():
                            names.setdefault(folded, number)
                            if code in SUFFIXING and width == "wide":
                                suffixed.add(folded)

    def alternation(words: Iterable[str]) -> str:
        return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True)) or "(?!)"

    whole = rf"(?<!\w)({alternation(names)})(?:\.|(?!\w))"
    running_on = rf"(?<!\w)({alternation(suffixed)})\w{{1,{MAX_SUFFIX}}}(?!\w)"
    return re.compile(f"{whole}|{running_on}", re.IGNORECASE), names


@cache
def _ago(languages: tuple[str, ...]) -> tuple[tuple[re.Pattern[str], int], ...]:
    """Patterns of "N days ago" and the like, with the days each unit counts, from CLDR."""
    units = {"day": 1, "week": 7, "month": 30, "year": 365}
    patterns = []
    for code in languages:
        locale = _locale(code)
        fields = locale._data.get("date_fields", {}) if locale is not None else {}  # Babel keeps no public accessor
        for unit, days in units.items():
            past = fields.get(unit, {}).get("past", {}) if unit in fields else {}
            for form in dict(past).values():
                pieces = [re.escape(piece) for piece in str(form).split("{0}")]
                if len(pieces) == 2:
                    patterns.append((re.compile(pieces[0] + r"(\d{1,3})" + pieces[1], re.IGNORECASE), days))
    return tuple(patterns)


def _month_first(locale_tag: str) -> bool:
    """Whether the locale writes numeric dates month first (en-US: 12/9/2022 is 9 December)."""
    locale = _locale(locale_tag) if locale_tag else None
    if locale is None:
        return False
    return locale.date_formats["short"].pattern.lstrip("'").startswith("M")


def find_dates(
    text: str, languages: Iterable[str] | None = None, locale_tag: str = "", today: date | None = None
) -> list[FoundDate]:
    """Every date in `text`, in the order they appear. `languages`: whose month names to read
    (every covered language when None); `locale_tag`: the page's declared language, which decides
    the order of an ambiguous numeric date; `today`: the day "N days ago" counts back from."""
    codes = tuple(sorted(set(languages))) if languages is not None else tuple(vocabulary().languages)
    found: dict[int, FoundDate] = {}

    def add(start: int, written: str, value: date | None) -> None:
        if value is not None and start not in found:
            found[start] = FoundDate(value, start, written)

    month_first = _month_first(locale_tag)
    for m in _NUMERIC.finditer(text):
        first, second, year = int(m.group(1)), int(m.group(3)), int(m.group(4))
        if m.group(2) == "/" and ((month_first and second <= 31 and first <= 12) or second > 12 >= first):
            first, second = second, first
        add(m.start(), m.group(0), _make(year, second, first))
    for m in _ISO.finditer(text):
        add(m.start(), m.group(0), _make(int(m.group(1)), int(m.group(2)), int(m.group(3))))
    for m in _YEAR_FIRST_DOTTED.finditer(text):
        add(m.start(), m.group(0), _make(int(m.group(1)), int(m.group(2)), int(m.group(3))))
    pattern, names = _months(codes)
    for m in pattern.finditer(text):
        month = names[(m.group(1) or m.group(2)).casefold()]
        start, end = m.start(), m.end()
        before, after = text[max(0, start - WINDOW) : start], text[end : end + WINDOW]
        for written_start, value in _around(before, after, month, start):
            add(written_start, text[written_start : end + 6].strip(), value)
            break
    if today is not None:
        for ago, days in _ago(codes):
            for m in ago.finditer(text):
                add(m.start(), m.group(0), today - timedelta(days=days * int(m.group(1))))
    return [found[start] for start in sorted(found)]


def _around(before: str, after: str, month: int, start: int) -> list[tuple[int, date]]:
    """The dates a month name makes with a day and a year around it, likeliest order first."""
    offset = start - len(before)
    candidates: list[tuple[int, int, int]] = []  # (start of the written date, year, day)
    day_before, year_after, day_after = _DAY_BEFORE.search(before), _YEAR_AFTER.search(after), _DAY_AFTER.search(after)
    if day_before and year_after:  # 2 januari 2024, 9 de diciembre de 2022, 2. tammikuuta 2024
        candidates.append((offset + day_before.start(), int(year_after.group(1)), int(day_before.group(1))))
    if day_after:
        year_next = _YEAR_NEXT.match(after[day_after.end() :])
        if year_next:  # December 9, 2022
            candidates.append((start, int(year_next.group(1)), int(day_after.group(1))))
        year_before = _YEAR_BEFORE.search(before)
        if year_before:  # 2024. január 2., 2024 m. sausio 2 d.
            candidates.append((offset + year_before.start(), int(year_before.group(1)), int(day_after.group(1))))
    year_and_day = _YEAR_DAY_BEFORE.search(before)
    if year_and_day:  # 2024 жылғы 2 қаңтар, 2024. gada 2. janvāris, 2024-ж., 2-январь
        candidates.append((offset + year_and_day.start(), int(year_and_day.group(1)), int(year_and_day.group(2))))
    return [(where, value) for where, year, day in candidates if (value := _make(year, month, day))]
