"""Readability: is the main text of a page plain enough for everyone?

Flesch reading ease, with Oborneva's adaptation for Russian. Kazakh has no
validated formula, so pages in Kazakh (or any language without one) are not
applicable rather than scored with a formula made for another language.

Only running prose is scored: the paragraphs of the page (outside its header, navigation and
footer), each ending a sentence. A page of links or a table of figures is no prose; read as one
endless sentence, it once scored a reading ease of -524.
"""

from __future__ import annotations

import re

from pydantic import Field

from egov_audit.audits.checks.content import parse_html
from egov_audit.audits.checks.page_language import primary
from egov_audit.audits.checks.registry import NOT_HTML, Params, page_check
from egov_audit.audits.model import CheckResult, Evidence, Outcome
from egov_audit.audits.notes import fixed, general, note
from egov_audit.crawler.model import PageSnapshot

# (constant, words-per-sentence factor, syllables-per-word factor) per language.
FORMULAS = {"en": (206.835, 1.015, 84.6), "ru": (206.835, 1.3, 60.1)}
_SENTENCE = re.compile(r"[.!?…]+(?:\s|$)")
_WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")
_RU_VOWELS = re.compile(r"[аеёиоуыэюя]", re.IGNORECASE)
_EN_VOWEL_GROUPS = re.compile(r"[aeiouy]+", re.IGNORECASE)


_PROSE = "//p[not(ancestor::nav or ancestor::header or ancestor::footer or ancestor::*[@role='navigation'])]"
MIN_PARAGRAPH_WORDS = 5  # shorter paragraphs are captions and labels, not prose


def prose(page: PageSnapshot) -> str:
    """The page's paragraphs, each closed as a sentence: what a reader reads as running text."""
    root = parse_html(page)
    if root is None:
        return ""
    paragraphs = []
    for node in root.xpath(_PROSE):
        text = " ".join(node.xpath("string()").split())
        if len(_WORD.findall(text)) >= MIN_PARAGRAPH_WORDS:
            paragraphs.append(text if _SENTENCE.search(text[-2:] + " ") else f"{text}.")
    return " ".join(paragraphs)


def syllables(word: str, language: str) -> int:
    if language == "ru":
        return max(1, len(_RU_VOWELS.findall(word)))
    groups = len(_EN_VOWEL_GROUPS.findall(word))
    if word.lower().endswith("e") and not word.lower().endswith(("le", "ee")) and groups > 1:
        groups -= 1  # a silent final e
    return max(1, groups)


def reading_ease(text: str, language: str) -> tuple[float, int]:
    """The Flesch reading ease of `text` and its word count."""
    words = _WORD.findall(text)
    sentences = max(1, len(_SENTENCE.findall(text)))
    if not words:
        return 0.0, 0
    constant, per_sentence, per_syllable = FORMULAS[language]
    syllable_count = sum(syllables(word, language) for word in words)
    score = constant - per_sentence * len(words) / sentences - per_syllable * syllable_count / len(words)
    return score, len(words)


class ReadabilityParams(Params):
    min_score: dict[str, float] = Field(description="lowest acceptable reading ease, by language (en, ru)")
    min_words: int = Field(100, ge=1, description="shorter texts are not scored")


@page_check("readability", ReadabilityParams)
def readability(page: PageSnapshot, params: ReadabilityParams) -> CheckResult:
    """The main text's reading ease is at least `min_score` for its language (where a formula exists)."""
    language = primary(page.lang or "")
    if not page.is_html or not page.is_success:
        return NOT_HTML
    if language not in FORMULAS or language not in params.min_score:
        return CheckResult.of(Outcome.NOT_APPLICABLE, note("no_formula", language=language or "?"))
    score, words = reading_ease(prose(page), language)
    if words < params.min_words:
        return CheckResult.of(Outcome.NOT_APPLICABLE, note("too_short", n=words))
    ease = fixed(score, 0)
    evidence = (Evidence.of(page.url, note("reading_ease_over", score=ease, n=words, language=language)),)
    if score < params.min_score[language]:
        summary = note("hard_to_read", score=ease, min=general(params.min_score[language]))
        return CheckResult.of(Outcome.FAIL, summary, evidence)
    return CheckResult.of(Outcome.PASS, note("reading_ease", score=ease), evidence)
