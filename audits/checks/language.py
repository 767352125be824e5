"""Language checks: is each page's language declared truthfully, and does every official
language have its version of the portal?"""

from __future__ import annotations

import re

from pydantic import Field, field_validator

from egov_audit.audits.checks.language_id import PROFILES, identify
from egov_audit.audits.checks.registry import Params, page_check, site_check
from egov_audit.audits.model import CheckResult, Evidence, Outcome
from egov_audit.crawler.model import PageSnapshot, SiteSnapshot

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


class LanguageParams(Params):
    languages: list[str] = Field(min_length=2, description="languages a page may be in, for detection")

    @field_validator("languages")
    @classmethod
    def _known(cls, value: list[str]) -> list[str]:
        unknown = [code for code in value if code not in PROFILES]
        if unknown:
            raise ValueError(f"has no language profile for {', '.join(unknown)} (known: {', '.join(PROFILES)})")
        return value

    min_chars: int = Field(200, ge=1, description="shorter texts are not classified")


def primary(tag: str) -> str:
    return tag.split("-")[0].lower()


@page_check("lang_declared", LanguageParams)
def lang_declared(page: PageSnapshot, params: LanguageParams) -> CheckResult:
    """`<html lang>` holds a valid BCP 47 tag, and the text is in that language."""
    if not page.is_html or not page.is_success:
        return CheckResult(Outcome.NOT_APPLICABLE, "Not an HTML page.")
    if not page.lang:
        return CheckResult(Outcome.FAIL, "No language declared on <html>.", (Evidence(page.url, "lang missing"),))
    if not _BCP47.match(page.lang):
        return CheckResult(Outcome.FAIL, f"lang={page.lang!r} is not a valid BCP 47 tag.", (Evidence(page.url),))
    if (meant := COUNTRY_NOT_LANGUAGE.get(primary(page.lang))) is not None:
        summary = f"lang={page.lang!r} is a country code; the language code is {meant!r}."
        return CheckResult(Outcome.FAIL, summary, (Evidence(page.url, f"lang={page.lang}"),))
    declared = primary(page.lang)
    if declared not in params.languages or len(page.main_text) < params.min_chars:
        return CheckResult(Outcome.PASS, f"Declares {page.lang}.", (Evidence(page.url, f"lang={page.lang}"),))
    detected = identify(page.main_text, tuple(params.languages))
    if detected is None:
        return CheckResult(Outcome.PASS, f"Declares {page.lang}.", (Evidence(page.url, f"lang={page.lang}"),))
    evidence = (Evidence(page.url, f"declares {page.lang}, text reads as {detected}"),)
    if detected != declared:
        return CheckResult(Outcome.FAIL, f"Declares {page.lang} but the text is in {detected}.", evidence)
    return CheckResult(Outcome.PASS, f"Declares {page.lang}, and the text is in {detected}.", evidence)


class VersionsParams(Params):
    languages: list[str] = Field(min_length=1, description="languages every key page must exist in")
    min_chars: int = Field(200, ge=1)


def language_links(page: PageSnapshot) -> dict[str, str]:
    """The language versions a page points to: hreflang alternates and language-switcher links."""
    versions = {primary(a.hreflang): a.url for a in page.alternates if a.hreflang and a.hreflang.lower() != "x-default"}
    for link in page.links:
        if link.hreflang and link.hreflang.lower() != "x-default":
            versions.setdefault(primary(link.hreflang), link.url)
    if page.lang:
        versions.setdefault(primary(page.lang), page.url)
    return versions


@site_check("language_versions", VersionsParams)
def language_versions(site: SiteSnapshot, params: VersionsParams) -> CheckResult:
    """The home page and every page with language versions exist in each of `languages`,
    reachable by hreflang or a language switcher, and each version is really in its language."""
    home = site.home_page()
    if home is None:
        return CheckResult(Outcome.NOT_APPLICABLE, "The home page gave no page, so there was nothing to examine.")
    pages = [home] + [p for p in site.fetched if p is not home and p.is_html and p.is_success and p.alternates]
    problems: list[Evidence] = []
    for page in pages:
        versions = language_links(page)
        for language in params.languages:
            url = versions.get(language)
            if url is None:
                problems.append(Evidence(page.url, f"no {language} version"))
                continue
            target_chain = site.redirect_chain(url)
            target = target_chain[-1] if target_chain else None
            if target is None or not target.is_success:
                problems.append(Evidence(page.url, f"{language} version {url} was not reached"))
                continue
            if len(target.main_text) >= params.min_chars and len(params.languages) > 1:
                detected = identify(target.main_text, tuple(params.languages))
                if detected is not None and detected != language:
                    problems.append(Evidence(target.url, f"the {language} version is written in {detected}"))
    unique = list(dict.fromkeys(problems))
    if unique:
        return CheckResult(Outcome.FAIL, f"{len(unique)} missing or wrong language versions.", tuple(unique))
    return CheckResult(
        Outcome.PASS,
        f"{len(pages)} pages exist in {', '.join(params.languages)}.",
        (Evidence(home.url, ", ".join(f"{k}: {v}" for k, v in language_links(home).items())),),
    )
