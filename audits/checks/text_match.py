"""Case-insensitive, Unicode-aware matching of the phrases rule files give.

Kazakh (ә ғ қ ң ө ұ ү һ і), Cyrillic and Latin text is compared after NFKC
normalisation and case folding, so `ҚҰПИЯЛЫЛЫҚ` matches `құпиялылық`.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from urllib.parse import unquote, urlsplit

# Apostrophes as pages write them: d’accessibilité is d'accessibilité.
_APOSTROPHES = str.maketrans({"\u2019": "'", "\u02bc": "'", "\u2018": "'", "\u02bb": "'"})


def fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", text).casefold().translate(_APOSTROPHES).split())


def unaccented(text: str) -> str:
    """`text` folded and without its diacritics, as addresses write words (sök -> sok, ändring -> andring)."""
    decomposed = unicodedata.normalize("NFKD", fold(text))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@cache
def _folded_phrases(phrases: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(fold(p) for p in phrases)


def first_phrase(text: str, phrases: tuple[str, ...] | list[str]) -> str | None:
    """The first of `phrases` that occurs in `text`, or None."""
    haystack = fold(text)
    for original, folded in zip(phrases, _folded_phrases(tuple(phrases)), strict=False):
        if folded and folded in haystack:
            return original
    return None


def url_words(url: str) -> str:
    """A URL's path and query, decoded, separators as spaces: `/en/privacy-policy/` -> `en privacy policy`."""
    parts = urlsplit(url)
    return re.sub(r"[/_\-.?=&+]+", " ", unquote(f"{parts.path} {parts.query}")).strip()


@cache
def compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE | re.UNICODE)


def validate_regexes(patterns: list[str]) -> list[str]:
    """Raise ValueError naming the first pattern that is not a valid regular expression."""
    for pattern in patterns:
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ValueError(f"{pattern!r} is not a valid regular expression: {exc}") from None
    return patterns
