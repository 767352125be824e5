"""Find calendar dates written in Kazakh, Russian or English in a page's text.

Recognised: `12.11.2026`, `2026-11-12`, `12 қараша 2026`, `12 ноября 2026 г.`,
`November 12, 2026`, `12 November 2026`, and Kazakh's year-first order
`2026 жылғы 12 қараша`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# English month names are whole words (full or abbreviated): "mayor" and "decree" are no months.
_ENGLISH: dict[str, int] = {}
for _number, _name in enumerate(
    [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ],
    start=1,
):
    _ENGLISH[_name] = _ENGLISH[_name[:3]] = _number
_ENGLISH["sept"] = 9
# Russian and Kazakh month names inflect, so they are known by their stems (ноября, ноябрь; қараша, қарашада).
_MONTH_STEMS: dict[str, int] = {
    "январ": 1, "феврал": 2, "март": 3, "апрел": 4, "ма": 5, "июн": 6,
    "июл": 7, "август": 8, "сентябр": 9, "октябр": 10, "ноябр": 11, "декабр": 12,
    "қаңтар": 1, "ақпан": 2, "наурыз": 3, "сәуір": 4, "мамыр": 5, "маусым": 6,
    "шілде": 7, "тамыз": 8, "қыркүйек": 9, "қазан": 10, "қараша": 11, "желтоқсан": 12,
}  # fmt: skip
_WORD = r"[^\W\d_]+"
_NUMERIC = re.compile(r"\b(\d{1,2})[./](\d{1,2})[./](\d{4})\b")
_ISO = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_DAY_MONTH_YEAR = re.compile(rf"\b(\d{{1,2}})\s+({_WORD})\.?,?\s+(\d{{4}})")
_MONTH_DAY_YEAR = re.compile(rf"\b({_WORD})\.?\s+(\d{{1,2}}),?\s+(\d{{4}})\b")
_YEAR_DAY_MONTH = re.compile(rf"\b(\d{{4}})\s+жыл\w*\s+(\d{{1,2}})\s+({_WORD})", re.IGNORECASE)


def month_number(word: str) -> int | None:
    """The month a word names, by the longest stem it starts with; None for other words."""
    folded = word.casefold()
    if folded.isascii():
        return _ENGLISH.get(folded)
    best = None
    for stem, number in _MONTH_STEMS.items():
        if folded.startswith(stem) and (best is None or len(stem) > len(best[0])):
            best = (stem, number)
    if best is None:
        return None
    stem = best[0]
    # The two-letter Russian stem "ма" needs the whole word to be a form of "май".
    if stem == "ма" and folded not in ("мая", "май", "мае"):
        return None
    return best[1]


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


def find_dates(text: str) -> list[FoundDate]:
    """Every date in `text`, in the order they appear."""
    found: dict[int, FoundDate] = {}

    def add(start: int, written: str, value: date | None) -> None:
        if value is not None and start not in found:
            found[start] = FoundDate(value, start, written)

    for m in _NUMERIC.finditer(text):
        add(m.start(), m.group(0), _make(int(m.group(3)), int(m.group(2)), int(m.group(1))))
    for m in _ISO.finditer(text):
        add(m.start(), m.group(0), _make(int(m.group(1)), int(m.group(2)), int(m.group(3))))
    for m in _DAY_MONTH_YEAR.finditer(text):
        month = month_number(m.group(2))
        if month is not None:
            add(m.start(), m.group(0), _make(int(m.group(3)), month, int(m.group(1))))
    for m in _MONTH_DAY_YEAR.finditer(text):
        month = month_number(m.group(1))
        if month is not None:
            add(m.start(), m.group(0), _make(int(m.group(3)), month, int(m.group(2))))
    for m in _YEAR_DAY_MONTH.finditer(text):
        month = month_number(m.group(3))
        if month is not None:
            add(m.start(), m.group(0), _make(int(m.group(1)), month, int(m.group(2))))
    return [found[start] for start in sorted(found)]
