"""Language checks: is each page's language declared truthfully, and does every official
language have its version of the portal?"""

from __future__ import annotations

import re
from functools import cache
from urllib.parse import urlsplit

from babel import Locale, UnknownLocaleError
from pydantic import Field, field_validator

from egov_audit.audits.checks.language_id import identify, reads_as
from egov_audit.audits.checks.page_language import primary
from egov_audit.audits.checks.registry import NOT_HTML, Params, page_check, site_check
from egov_audit.audits.checks.text_match import fold
from egov_audit.audits.model import CheckResult, Evidence, Outcome
from egov_audit.audits.notes import note
from egov_audit.audits.vocabulary import vocabulary
from egov_audit.crawler.model import Link, PageSnapshot, SiteSnapshot

# BCP 47 language tags as pages write them: a primary language subtag, then optional subtags.
_BCP47 = re.compile(r"^[a-zA-Z]{2,3}(-[a-zA-Z]{4})?(-([a-zA-Z]{2}|\d{3}))?(-[a-zA-Z\d]{5,8})*$")
# Country codes often written where a language code belongs: lang="kz" means nothing; Kazakh is "kk".
COUNTRY_NOT_LANGUAGE = {
    "kz": "kk",
    "ua": "uk",
    "by": "be",
    "cz": "cs",
    "ee": "et",
    "dk": "da",
    "se": "sv",
    "gr": "el",
    "jp": "ja",
    "cn": "zh",
    "kg": "ky",
    "tj": "tg",
    "am": "hy",
    "ge": "ka",
}


def _covered(value: list[str] | None) -> list[str] | None:
    if value is None:
        return None
    unknown = [code for code in value if not vocabulary().covers(code)]
    if unknown:
        raise ValueError(f"names languages no vocabulary covers: {', '.join(unknown)} (rules/vocabularies/)")
    return value


class LanguageParams(Params):
    languages: list[str] | None = Field(
        None, description="languages whose pages are checked against what they declare (default: every covered one)"
    )
    min_chars: int = Field(200, ge=1, description="shorter texts are not classified")

    _known = field_validator("languages")(classmethod(lambda cls, value: _covered(value)))


@page_check("lang_declared", LanguageParams)
def lang_declared(page: PageSnapshot, params: LanguageParams) -> CheckResult:
    """`<html lang>` holds a valid BCP 47 tag, and the text is in that language (CLD2 reads pages
    with enough main text)."""
    if not page.is_html or not page.is_success:
        return NOT_HTML
    if not page.lang:
        return CheckResult.of(Outcome.FAIL, note("no_lang"), (Evidence.of(page.url, note("lang_missing")),))
    if not _BCP47.match(page.lang):
        return CheckResult.of(Outcome.FAIL, note("lang_invalid", lang=repr(page.lang)), (Evidence(page.url),))
    declared_as = (Evidence(page.url, f"lang={page.lang}"),)  # HTML's own words
    if (meant := COUNTRY_NOT_LANGUAGE.get(primary(page.lang))) is not None:
        summary = note("lang_is_country", lang=repr(page.lang), meant=repr(meant))
        return CheckResult.of(Outcome.FAIL, summary, declared_as)
    declared = primary(page.lang)
    checked = params.languages if params.languages is not None else list(vocabulary().languages)
    if declared not in checked or len(page.main_text) < params.min_chars:
        return CheckResult.of(Outcome.PASS, note("declares", lang=page.lang), declared_as)
    agrees = reads_as(page.main_text, declared)
    if agrees is None:
        return CheckResult.of(Outcome.PASS, note("declares", lang=page.lang), declared_as)
    detected = str(identify(page.main_text))
    evidence = (Evidence.of(page.url, note("declares_reads_as", lang=page.lang, detected=detected)),)
    if not agrees:
        return CheckResult.of(Outcome.FAIL, note("declares_but", lang=page.lang, detected=detected), evidence)
    return CheckResult.of(Outcome.PASS, note("declares_and", lang=page.lang, declared=declared), evidence)


class VersionsParams(Params):
    languages: list[str] = Field(min_length=1, description="languages every key page must exist in")
    min_chars: int = Field(200, ge=1)

    _known = field_validator("languages")(classmethod(lambda cls, value: _covered(value)))


@cache
def language_names() -> dict[str, str]:
    """Folded names of each covered language, as switchers write them, to its code: its own name
    (svenska, қазақ тілі, and its first word and first three letters: қазақ, қаз), its name in every
    other covered language (Swedish, шведский), and its code (SV)."""
    codes = list(vocabulary().languages)
    names: dict[str, str] = {}
    for code in codes:
        names.setdefault(code, code)
        for reader in codes:
            try:
                name = Locale.parse(reader).languages.get(code)
            except (UnknownLocaleError, ValueError):
                continue
            if name:
                names.setdefault(fold(name), code)
        own = fold(Locale.parse(code).get_display_name(code) or "")
        if own:
            first = own.split()[0]
            for variant in (own, first, first[:3]):
                if len(variant) >= 2:
                    names.setdefault(variant, code)
    return names


_LANGUAGE_PARAM = re.compile(r"(?:^|&)(?:lang|language|locale|hl)=([a-zA-Z]{2,3})(?:[-_][a-zA-Z]{2})?(?:&|$)")
MAX_SWITCH_TEXT = 30  # a language switcher's link names a language, in a word or two


def link_language(link: Link) -> str | None:
    """The language a link leads to a version in: its hreflang, its lang attribute, or, for a short
    link text that names a language (English, Svenska, Қаз, RU), that language; a /xx/ path, a
    ?lang=xx query or an xx. subdomain confirms a code the text gives."""
    if link.hreflang and link.hreflang.lower() != "x-default":
        return primary(link.hreflang)
    if link.lang and vocabulary().covers(primary(link.lang)):
        return primary(link.lang)
    text = fold(link.text or link.label).strip(" .:|/[]()")
    named = language_names().get(text) if text and len(text) <= MAX_SWITCH_TEXT else None
    if named is None:
        return None
    parts = urlsplit(link.url)
    segment = parts.path.strip("/").split("/")[0].lower()
    in_url = {primary(segment), *(m.group(1).lower() for m in _LANGUAGE_PARAM.finditer(parts.query))}
    in_url.add((parts.hostname or "").split(".")[0])
    if len(text) <= 3 and named not in in_url:
        return None  # "EN" alone could be anything; with /en/ or ?lang=en it is the English version
    return named


def language_links(page: PageSnapshot) -> dict[str, str]:
    """The language versions a page points to: hreflang alternates and language-switcher links."""
    versions = {primary(a.hreflang): a.url for a in page.alternates if a.hreflang and a.hreflang.lower() != "x-default"}
    for link in page.links:
        language = link_language(link)
        if language is not None:
            versions.setdefault(language, link.url)
    if page.lang:
        versions.setdefault(primary(page.lang), page.url)
    return versions


@site_check("language_versions", VersionsParams)
def language_versions(site: SiteSnapshot, params: VersionsParams) -> CheckResult:
    """The home page and every page with language versions exist in each of `languages`,
    reachable by hreflang or a language switcher, and each version is really in its language."""
    home = site.home_page()
    if home is None:
        return CheckResult.of(Outcome.NOT_APPLICABLE, note("home_gave_no_page"))
    pages = [home] + [p for p in site.fetched if p is not home and p.is_html and p.is_success and p.alternates]
    problems: list[Evidence] = []
    for page in pages:
        versions = language_links(page)
        for language in params.languages:
            url = versions.get(language)
            if url is None:
                problems.append(Evidence.of(page.url, note("no_version", language=language)))
                continue
            target_chain = site.redirect_chain(url)
            target = target_chain[-1] if target_chain else None
            if target is None or not target.is_success:
                problems.append(Evidence.of(page.url, note("version_not_reached", language=language, url=url)))
                continue
            if len(target.main_text) >= params.min_chars and reads_as(target.main_text, language) is False:
                detected = identify(target.main_text)
                written = note("version_written_in", language=language, detected=str(detected))
                problems.append(Evidence.of(target.url, written))
    unique = list(dict.fromkeys(problems))
    if unique:
        return CheckResult.of(Outcome.FAIL, note("versions_wrong", n=len(unique)), tuple(unique))
    return CheckResult.of(
        Outcome.PASS,
        note("pages_exist_in", n=len(pages), languages=", ".join(params.languages)),
        (Evidence(home.url, ", ".join(f"{k}: {v}" for k, v in language_links(home).items())),),
    )
