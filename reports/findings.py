"""The checks' summaries and evidence in the archive's language: a note of audits/summaries.py
worded through the gettext catalogs, its numbers written as the language writes them
(reports/locale_format.py); what a page gave (URLs, link texts, titles, rule ids) stays as it is.

A summary or detail without a note (a run stored before s0008, a check's error text, data such as
"HTTP 404") reads as its stored English words in every language, and so does a note whose code
this version has no words for."""

from __future__ import annotations

from egov_audit.audits.notes import Number, Said, known
from egov_audit.reports.i18n import translations
from egov_audit.reports.locale_format import formats


def worded(english: str, said: Said | None, lang: str) -> str:
    """`said` in the language `lang`, or `english` where there is nothing to translate."""
    if said is None or lang == "en" or not known(said):
        return english
    catalog = translations(lang)
    return said.words(catalog.gettext, catalog.ngettext, lambda number: number_words(number, lang))


def number_words(number: Number, lang: str) -> str:
    """A number of a note as `lang` writes it: 97,6 %, 2,50, 1 234 567."""
    write = formats(lang)
    if number.style == "percent":
        return write.percent(number.value, number.digits)
    if number.style == "fixed":
        return write.number(number.value, number.digits)
    if number.style == "grouped":
        return write.number(number.value)
    decimals = number.english.partition(".")[2]  # as many as English's shortest form ("2.5", "10")
    return write.number(number.value, len(decimals) if decimals.isdigit() else 3)
