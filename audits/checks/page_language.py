"""Which languages' words are sought on a page: those a profile or --lang-hint names, else the
language the page declares and the language its text reads as (CLD2), else every covered one."""

from __future__ import annotations

from egov_audit.audits.checks.language_id import identify
from egov_audit.audits.vocabulary import vocabulary
from egov_audit.crawler.model import PageSnapshot


def primary(tag: str) -> str:
    """`sv` of `sv-SE`, `kk` of `kk_KZ`."""
    return tag.split("-")[0].split("_")[0].lower()


def page_languages(page: PageSnapshot, hint: tuple[str, ...] = ()) -> tuple[str, ...]:
    if hint:
        return hint
    covered = vocabulary()
    found = []
    declared = primary(page.lang) if page.lang else ""
    if declared and covered.covers(declared):
        found.append(declared)
    detected = identify(page.main_text or page.text)
    if detected is not None and covered.covers(detected) and detected not in found:
        found.append(detected)
    return tuple(found) or tuple(covered.languages)
