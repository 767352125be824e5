"""Language checks on hand-built snapshots: the offline language model, no network."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from egov_audit.audits.checks.language import (
    LanguageParams,
    VersionsParams,
    lang_declared,
    language_links,
    language_versions,
    primary,
)
from egov_audit.audits.checks.language_id import identify
from egov_audit.audits.model import Evidence, Outcome
from egov_audit.crawler.model import Alternate, Discovery, Link, PageSnapshot, SiteSnapshot

BASE = "https://portal.gov.test"
LANGS = ["kk", "ru", "en"]
PARAMS = LanguageParams(languages=LANGS)
VERSIONS = VersionsParams(languages=LANGS)

KAZAKH = (
    "Қазақстан Республикасының электрондық үкіметі азаматтарға мемлекеттік қызметтерді онлайн алуға мүмкіндік "
    "береді. Порталда сіз анықтамалар ала аласыз, өтініштер бере аласыз және мемлекеттік органдардың жұмысы "
    "туралы ақпаратпен таныса аласыз. Біздің мақсатымыз – әрбір азаматқа ыңғайлы әрі қолжетімді қызмет көрсету. "
    "Құжаттарды тапсыру үшін жеке кабинетке кіріңіз, гауһар тас сияқты құнды уақытыңызды үнемдеңіз."
)
RUSSIAN = (
    "Портал электронного правительства Республики Казахстан позволяет гражданам получать государственные "
    "услуги онлайн. На портале можно получить справки, подать заявления и ознакомиться с информацией о работе "
    "государственных органов. Наша цель – сделать обслуживание удобным и доступным для каждого гражданина."
)
ENGLISH = (
    "The electronic government portal of the Republic of Kazakhstan lets citizens receive public services "
    "online. On the portal you can obtain certificates, submit applications and read about the work of "
    "government agencies. Our goal is to make every service convenient and accessible for each citizen."
)
TEXTS = {"kk": KAZAKH, "ru": RUSSIAN, "en": ENGLISH}


def page(path: str = "/", status: int | None = 200, main: str = "", rest: str = "", **kw: object) -> PageSnapshot:
    """A page whose main content is `main`, followed by `rest` (menus, footer)."""
    kw.setdefault("content_type", "text/html")
    if main or rest:
        kw.setdefault("text", main + rest)
        kw.setdefault("main_chars", len(main))
    return PageSnapshot(url=f"{BASE}{path}", status=status, **kw)  # type: ignore[arg-type]


def site(*pages: PageSnapshot, start: str = "/") -> SiteSnapshot:
    return SiteSnapshot(start_url=f"{BASE}{start}", pages=list(pages))


def alternates(**paths: str) -> tuple[Alternate, ...]:
    return tuple(Alternate(lang.replace("_", "-"), f"{BASE}{path}") for lang, path in paths.items())


def test_the_sample_texts_are_long_enough_to_classify() -> None:
    assert all(len(text) >= 200 for text in TEXTS.values())
    assert all(letter in KAZAKH for letter in "әғқңөұүһі")


class TestDetectLanguage:
    @pytest.mark.parametrize("language", LANGS)
    def test_each_sample_reads_as_its_language(self, language: str) -> None:
        assert identify(TEXTS[language]) == language

    def test_upper_case_text(self) -> None:
        assert identify(KAZAKH.upper()) == "kk"
        assert identify(RUSSIAN.upper()) == "ru"

    def test_primary_subtag(self) -> None:
        assert primary("kk-KZ") == "kk"
        assert primary("RU") == "ru"
        assert primary("kk-Cyrl-KZ") == "kk"


class TestLangDeclared:
    @pytest.mark.parametrize("language", LANGS)
    def test_declared_language_matches_the_text(self, language: str) -> None:
        result = lang_declared(page(lang=language, main=TEXTS[language]), PARAMS)
        assert result.outcome is Outcome.PASS
        assert result.evidence[0].detail == f"declares {language}, text reads as {language}"

    @pytest.mark.parametrize("tag", ["kk-KZ", "KK", "kk-Cyrl-KZ", "ru-RU", "en-GB"])
    def test_region_script_and_case_variants(self, tag: str) -> None:
        language = primary(tag)
        assert lang_declared(page(lang=tag, main=TEXTS[language]), PARAMS).outcome is Outcome.PASS

    @pytest.mark.parametrize(
        ("declared", "written"),
        [("ru", "kk"), ("kk", "ru"), ("en", "ru"), ("ru", "en"), ("kk", "en"), ("en", "kk")],
    )
    def test_declared_language_contradicts_the_text(self, declared: str, written: str) -> None:
        result = lang_declared(page(lang=declared, main=TEXTS[written]), PARAMS)
        assert result.outcome is Outcome.FAIL
        assert result.summary == f"Declares {declared} but the text is in {written}."

    def test_only_the_main_content_is_classified(self) -> None:
        # Russian page with a long Kazakh footer: the main part decides.
        p = page(lang="ru", main=RUSSIAN, rest=" " + KAZAKH + " " + KAZAKH)
        assert lang_declared(p, PARAMS).outcome is Outcome.PASS
        wrong = page(lang="kk", main=RUSSIAN, rest=" " + KAZAKH + " " + KAZAKH)
        assert lang_declared(wrong, PARAMS).outcome is Outcome.FAIL

    def test_short_main_text_is_not_classified(self) -> None:
        p = page(lang="kk", main="Бас бет. Главная.", rest=" " + RUSSIAN)
        result = lang_declared(p, PARAMS)
        assert result.outcome is Outcome.PASS
        assert result.summary == "Declares kk."

    def test_min_chars_threshold(self) -> None:
        p = page(lang="kk", main=RUSSIAN)
        assert lang_declared(p, LanguageParams(languages=LANGS, min_chars=len(RUSSIAN) + 1)).outcome is Outcome.PASS
        assert lang_declared(p, LanguageParams(languages=LANGS, min_chars=len(RUSSIAN))).outcome is Outcome.FAIL

    def test_a_language_outside_the_list_is_not_classified(self) -> None:
        assert lang_declared(page(lang="de", main=KAZAKH), PARAMS).outcome is Outcome.PASS

    def test_by_default_every_covered_language_is_checked(self) -> None:
        swedish = (
            "Invånare kan ansöka om den här tjänsten digitalt med e-legitimation. Ansökan handläggs inom fem "
            "arbetsdagar. Vilka handlingar du behöver och hur det går till står på den här sidan. Om du har "
            "frågor är du välkommen att kontakta kommunens kontaktcenter."
        )
        assert lang_declared(page(lang="sv", main=swedish), LanguageParams()).outcome is Outcome.PASS
        wrong = lang_declared(page(lang="en", main=swedish), LanguageParams())
        assert wrong.outcome is Outcome.FAIL and wrong.summary == "Declares en but the text is in sv."

    def test_missing_lang_fails(self) -> None:
        result = lang_declared(page(main=KAZAKH), PARAMS)
        assert result.outcome is Outcome.FAIL
        assert result.evidence[0].detail == "lang missing"

    @pytest.mark.parametrize("tag", ["ru_RU", "kazakh", "k", "kk-", "kk KZ", "русский", "en-US-"])
    def test_invalid_tag_fails(self, tag: str) -> None:
        result = lang_declared(page(lang=tag, main=KAZAKH), PARAMS)
        assert result.outcome is Outcome.FAIL
        assert "is not a valid BCP 47 tag" in result.summary

    @pytest.mark.parametrize(
        "p",
        [
            page(lang="kk", main=KAZAKH, content_type="application/pdf"),
            page(status=404, lang="kk", main=KAZAKH),
            page(status=None, error="timeout"),
        ],
    )
    def test_not_applicable(self, p: PageSnapshot) -> None:
        assert lang_declared(p, PARAMS).outcome is Outcome.NOT_APPLICABLE

    def test_params_name_covered_languages(self) -> None:
        with pytest.raises(ValidationError, match="no vocabulary covers"):
            LanguageParams(languages=["kk", "xx"])


def trilingual(**overrides: PageSnapshot | None) -> list[PageSnapshot]:
    """A home page at /kk/ with alternates to /ru/ and /en/, each written in its language."""
    alts = alternates(kk="/kk/", ru="/ru/", en="/en/", x_default="/")
    pages: dict[str, PageSnapshot | None] = {
        "root": page("/", 302, location=f"{BASE}/kk/", discovery=Discovery.START),
        "kk": page("/kk/", lang="kk", main=KAZAKH, alternates=alts, discovery=Discovery.REDIRECT),
        "ru": page("/ru/", lang="ru", main=RUSSIAN, alternates=alts),
        "en": page("/en/", lang="en", main=ENGLISH, alternates=alts),
    }
    pages.update(overrides)
    return [p for p in pages.values() if p is not None]


class TestLanguageLinks:
    def test_a_switcher_marked_with_lang_alone_is_seen(self) -> None:
        p = page("/", lang="en", links=(Link(f"{BASE}/es/", "Español", lang="es"),))
        assert language_links(p) == {"es": f"{BASE}/es/", "en": f"{BASE}/"}

    def test_a_switcher_that_only_names_its_language(self) -> None:
        p = page(
            "/",
            lang="sv",
            links=(
                Link(f"{BASE}/en/", "English"),
                Link(f"{BASE}/fi/", "Suomeksi"),
                Link(f"{BASE}/ru/", "RU"),  # a code alone needs the address to say it too
                Link(f"{BASE}/news/", "EN"),
                Link(f"{BASE}/lang?lang=de", "DE"),
            ),
        )
        assert language_links(p) == {
            "en": f"{BASE}/en/",
            "ru": f"{BASE}/ru/",
            "de": f"{BASE}/lang?lang=de",
            "sv": f"{BASE}/",
        }

    def test_alternates_links_and_own_lang(self) -> None:
        p = page(
            "/kk/about/",
            lang="kk-KZ",
            alternates=(Alternate("ru-RU", f"{BASE}/ru/about/"), Alternate("x-default", f"{BASE}/")),
            links=(Link(f"{BASE}/en/about/", "EN", hreflang="en"), Link(f"{BASE}/ru/other/", "RU", hreflang="ru")),
        )
        assert language_links(p) == {
            "ru": f"{BASE}/ru/about/",  # the alternate wins over a switcher link
            "en": f"{BASE}/en/about/",
            "kk": f"{BASE}/kk/about/",
        }


class TestLanguageVersions:
    def test_every_version_exists_and_is_in_its_language(self) -> None:
        result = language_versions(site(*trilingual()), VERSIONS)
        assert result.outcome is Outcome.PASS
        assert result.summary == "3 pages exist in kk, ru, en."
        assert result.evidence[0].url == f"{BASE}/kk/"

    def test_versions_reached_by_a_language_switcher(self) -> None:
        switcher = (
            Link(f"{BASE}/ru/", "Русский", hreflang="ru"),
            Link(f"{BASE}/en/", "English", hreflang="en"),
        )
        pages = [
            page("/", lang="kk", main=KAZAKH, links=switcher),
            page("/ru/", lang="ru", main=RUSSIAN),
            page("/en/", lang="en", main=ENGLISH),
        ]
        assert language_versions(site(*pages), VERSIONS).outcome is Outcome.PASS

    def test_a_version_reached_through_a_redirect(self) -> None:
        pages = trilingual(
            en=page("/en/", 301, location=f"{BASE}/en/home/"),
            en_home=page("/en/home/", lang="en", main=ENGLISH, discovery=Discovery.REDIRECT),
        )
        assert language_versions(site(*pages), VERSIONS).outcome is Outcome.PASS

    def test_missing_version_fails(self) -> None:
        alts = alternates(kk="/kk/", ru="/ru/")
        pages = trilingual(
            kk=page("/kk/", lang="kk", main=KAZAKH, alternates=alts, discovery=Discovery.REDIRECT),
            ru=page("/ru/", lang="ru", main=RUSSIAN, alternates=alts),
            en=None,
        )
        result = language_versions(site(*pages), VERSIONS)
        assert result.outcome is Outcome.FAIL
        assert set(result.evidence) >= {
            Evidence(f"{BASE}/kk/", "no en version"),
            Evidence(f"{BASE}/ru/", "no en version"),
        }

    def test_version_not_reached_fails(self) -> None:
        pages = trilingual(en=page("/en/", 404))
        result = language_versions(site(*pages), VERSIONS)
        assert result.outcome is Outcome.FAIL
        assert [(e.url, e.detail) for e in result.evidence] == [
            (f"{BASE}/kk/", f"en version {BASE}/en/ was not reached"),
            (f"{BASE}/ru/", f"en version {BASE}/en/ was not reached"),
        ]

    def test_version_never_fetched_fails(self) -> None:
        result = language_versions(site(*trilingual(en=None)), VERSIONS)
        assert result.outcome is Outcome.FAIL
        assert all("was not reached" in e.detail for e in result.evidence)

    def test_version_written_in_the_wrong_language_fails(self) -> None:
        alts = alternates(kk="/kk/", ru="/ru/", en="/en/")
        pages = trilingual(ru=page("/ru/", lang="ru", main=KAZAKH, alternates=alts))
        result = language_versions(site(*pages), VERSIONS)
        assert result.outcome is Outcome.FAIL
        assert result.summary == "1 missing or wrong language version."  # reported once, not per referring page
        assert [(e.url, e.detail) for e in result.evidence] == [(f"{BASE}/ru/", "the ru version is written in kk")]

    def test_short_versions_are_not_classified(self) -> None:
        alts = alternates(kk="/kk/", ru="/ru/", en="/en/")
        pages = trilingual(en=page("/en/", lang="en", main="Қысқа мәтін.", alternates=alts))
        assert language_versions(site(*pages), VERSIONS).outcome is Outcome.PASS

    def test_inner_pages_with_alternates_are_checked_too(self) -> None:
        inner = page("/kk/about/", lang="kk", main=KAZAKH, alternates=alternates(kk="/kk/about/", ru="/ru/about/"))
        result = language_versions(site(*trilingual(inner=inner)), VERSIONS)
        assert result.outcome is Outcome.FAIL
        assert {(e.url, e.detail) for e in result.evidence} == {
            (f"{BASE}/kk/about/", f"ru version {BASE}/ru/about/ was not reached"),
            (f"{BASE}/kk/about/", "no en version"),
        }

    def test_inner_pages_without_alternates_are_not_asked(self) -> None:
        inner = page("/kk/news/", lang="kk", main=KAZAKH)
        assert language_versions(site(*trilingual(inner=inner)), VERSIONS).outcome is Outcome.PASS

    def test_a_single_language_version_is_still_read(self) -> None:
        pages = [page("/", lang="kk", main=RUSSIAN)]
        result = language_versions(site(*pages), VersionsParams(languages=["kk"]))
        assert result.outcome is Outcome.FAIL and result.evidence[0].detail == "the kk version is written in ru"

    def test_nothing_to_examine_when_the_home_page_did_not_answer(self) -> None:
        assert language_versions(site(page("/", 503)), VERSIONS).outcome is Outcome.NOT_APPLICABLE
        assert language_versions(site(page("/other/")), VERSIONS).outcome is Outcome.NOT_APPLICABLE
