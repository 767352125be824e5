"""Content checks on hand-built snapshots: no crawl, no network, no wall clock."""

from __future__ import annotations

import zlib
from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from egov_audit.audits.checks.content import (
    ContactParams,
    FormParams,
    FreshnessParams,
    LinkParams,
    SelectorParams,
    StatementParams,
    TextParams,
    contact_details,
    content_freshness,
    element_present,
    form_present,
    link_present,
    site_search,
    statement_contents,
    text_present,
)
from egov_audit.audits.checks.registry import Context, NoParams
from egov_audit.audits.model import Outcome
from egov_audit.crawler.model import Form, Link, PageSnapshot, SiteSnapshot

BASE = "https://portal.gov.test"
NONE = NoParams()
# The crawl's "now": 20 November 2026, noon UTC.
FETCHED_AT = datetime(2026, 11, 20, 12, tzinfo=UTC).timestamp()
# Pages read in Kazakh, Russian and English, as the kz profile reads them.
CTX = Context(SiteSnapshot(f"{BASE}/", []), ("kk", "ru", "en"))


def page(path: str = "/", status: int | None = 200, **kw: object) -> PageSnapshot:
    kw.setdefault("content_type", "text/html; charset=utf-8")
    kw.setdefault("fetched_at", FETCHED_AT)
    return PageSnapshot(url=f"{BASE}{path}", status=status, **kw)  # type: ignore[arg-type]


def link(target: str, text: str = "", label: str = "") -> Link:
    url = target if "://" in target or ":" in target.split("/")[0] else f"{BASE}{target}"
    return Link(url, text, label)


def html(body: str) -> bytes:
    return zlib.compress(f"<html><head><title>t</title></head><body>{body}</body></html>".encode())


NOT_HTML = [
    page(content_type="application/pdf"),
    page(status=404),
    page(status=None, error="timeout"),
    page(status=301, location=f"{BASE}/kk/"),
]


def chosen_detail(text: str, url: str) -> str:
    return f"chosen: {text!r} -> {url}"


class TestLinkPresent:
    def test_matches_the_link_text_in_kazakh_case_insensitively(self) -> None:
        p = page(links=(link("/a/", "Басты бет"), link("/policy/", "ҚҰПИЯЛЫЛЫҚ САЯСАТЫ")))
        result = link_present(p, LinkParams(concept="privacy"), CTX)
        assert result.outcome is Outcome.PASS
        assert f"{BASE}/policy/" in result.summary
        assert result.evidence[0].detail.startswith(chosen_detail("ҚҰПИЯЛЫЛЫҚ САЯСАТЫ", f"{BASE}/policy/"))

    def test_matches_russian_and_english_text(self) -> None:
        p = page(links=(link("/ru/", "Политика Конфиденциальности"), link("/en/", "PRIVACY Policy")))
        assert link_present(p, LinkParams(text=["политика конфиденциальности"]), CTX).outcome is Outcome.PASS
        assert link_present(p, LinkParams(text=["privacy policy"]), CTX).outcome is Outcome.PASS

    def test_matches_an_icon_link_by_its_aria_label_or_title(self) -> None:
        p = page(links=(link("/x/", "", "Открытые данные"),))
        result = link_present(p, LinkParams(concept="open_data"), CTX)
        assert result.outcome is Outcome.PASS
        assert "(Открытые данные)" in result.summary

    def test_matches_words_of_the_url_path(self) -> None:
        p = page(links=(link("/en/privacy-policy/", "More"), link("/kk/ашық_деректер/", "Толығырақ")))
        assert link_present(p, LinkParams(text=["privacy policy"]), CTX).outcome is Outcome.PASS
        assert link_present(p, LinkParams(text=["ашық деректер"]), CTX).outcome is Outcome.PASS
        assert link_present(p, LinkParams(concept="open_data"), CTX).outcome is Outcome.PASS
        # A word somewhere in the address is not enough on its own; the page's name as its address is.
        vague = page(links=(link("/about/open-data-strategy-2030/", "More"),))
        assert link_present(vague, LinkParams(concept="open_data"), CTX).outcome is Outcome.FAIL

    def test_matches_percent_encoded_cyrillic_url_path_in_the_footer(self) -> None:
        encoded = "/%D0%BE%D1%82%D0%BA%D1%80%D1%8B%D1%82%D1%8B%D0%B5-%D0%B4%D0%B0%D0%BD%D0%BD%D1%8B%D0%B5/"
        p = page(links=(Link(f"{BASE}{encoded}", "", "", region="footer"),))
        assert link_present(p, LinkParams(concept="open_data"), CTX).outcome is Outcome.PASS

    def test_matches_a_url_regex(self) -> None:
        p = page(links=(link("/docs/budget-2026.PDF", "Бюджет"),))
        assert link_present(p, LinkParams(url=[r"\.pdf$"]), CTX).outcome is Outcome.PASS
        assert link_present(p, LinkParams(url=[r"\.xlsx$"]), CTX).outcome is Outcome.FAIL

    def test_matches_a_host_and_its_subdomains_only(self) -> None:
        on_subdomain = page(links=(link("https://www.egov.kz/services/", "eGov"),))
        on_host = page(links=(link("https://EGOV.KZ/", "eGov"),))
        lookalike = page(links=(link("https://notegov.kz/", "eGov"), link("https://egov.kz.evil.test/", "eGov")))
        params = LinkParams(hosts=["egov.kz"])
        assert link_present(on_subdomain, params, CTX).outcome is Outcome.PASS
        assert link_present(on_host, params, CTX).outcome is Outcome.PASS
        assert link_present(lookalike, params, CTX).outcome is Outcome.FAIL

    def test_any_criterion_suffices(self) -> None:
        p = page(links=(link("https://egov.kz/", "Портал"),))
        params = LinkParams(text=["no such words"], url=[r"/nothing/"], hosts=["egov.kz"])
        assert link_present(p, params, CTX).outcome is Outcome.PASS

    def test_fails_without_a_matching_link_and_says_what_was_sought(self) -> None:
        p = page(links=(link("/news/", "Жаңалықтар"),))
        result = link_present(p, LinkParams(concept="privacy"), CTX)
        assert result.outcome is Outcome.FAIL
        assert result.summary == "No link to the privacy policy among 1 links (read in kk, ru, en)."
        assert result.evidence[0].detail == "no link to the privacy policy"

    def test_fails_on_a_page_without_links(self) -> None:
        assert link_present(page(), LinkParams(concept="privacy"), CTX).outcome is Outcome.FAIL

    def test_min_links(self) -> None:
        p = page(links=(link("/a.pdf", "A"), link("/b.pdf", "B")))
        assert link_present(p, LinkParams(url=[r"\.pdf$"], min_links=2), CTX).outcome is Outcome.PASS
        assert link_present(p, LinkParams(url=[r"\.pdf$"], min_links=3), CTX).outcome is Outcome.FAIL

    @pytest.mark.parametrize("p", NOT_HTML)
    def test_not_applicable_off_html_or_on_failure(self, p: PageSnapshot) -> None:
        assert link_present(p, LinkParams(text=["x"]), CTX).outcome is Outcome.NOT_APPLICABLE

    def test_params_need_something_to_match(self) -> None:
        with pytest.raises(ValidationError):
            LinkParams()
        with pytest.raises(ValidationError):
            LinkParams(url=["(unclosed"])
        with pytest.raises(ValidationError):
            LinkParams(text=["x"], colour="red")  # type: ignore[call-arg]
        with pytest.raises(ValidationError, match="names no concept"):
            LinkParams(concept="privcy")
        with pytest.raises(ValidationError, match="a link concept is needed"):
            LinkParams(concept="privacy_page")


class TestTheRightLinkWins:
    """The cases of a real US city portal, each on pages written here: the best candidate wins, not
    the first link whose text holds a phrase."""

    EN = Context(SiteSnapshot(f"{BASE}/", []), ("en",))

    @staticmethod
    def site(home: PageSnapshot, *targets: PageSnapshot) -> Context:
        return Context(SiteSnapshot(f"{BASE}/", [home, *targets]), ("en",))

    def test_a_privacy_link_to_consumer_advice_loses_to_the_real_policy(self) -> None:
        home = page(
            links=(
                Link(f"{BASE}/consumer/privacy/", "Privacy", region="nav"),
                Link(f"{BASE}/privacy-policy/", "Privacy Policy", region="footer"),
            )
        )
        advice = page("/consumer/privacy/", title="Protecting Your Privacy", text="Use strong passwords online.")
        policy = page(
            "/privacy-policy/",
            title="Privacy Policy",
            text="We are the controller of your personal data. The legal basis for processing is ... your rights.",
        )
        result = link_present(home, LinkParams(concept="privacy", target={"concept": "privacy_page", "min": 3}),
                              self.site(home, advice, policy))  # fmt: skip
        assert result.outcome is Outcome.PASS and result.evidence[0].url == f"{BASE}/privacy-policy/"
        assert "its page reads as one" in result.evidence[0].detail

    def test_a_privacy_link_alone_to_consumer_advice_is_no_privacy_policy(self) -> None:
        home = page(links=(Link(f"{BASE}/consumer/privacy/", "Privacy", region="nav"),))
        advice = page("/consumer/privacy/", title="Protecting Your Privacy", text="Use strong passwords online.")
        params = LinkParams(concept="privacy", target={"concept": "privacy_page", "min": 3})
        assert link_present(home, params, self.site(home, advice)).outcome is Outcome.FAIL

    def test_contact_us_wins_over_contact_elected_officials(self) -> None:
        home = page(links=(link("/council/", "Contact Elected Officials"), link("/contact-us/", "Contact Us")))
        result = link_present(home, LinkParams(concept="contacts"), self.EN)
        assert result.evidence[0].url == f"{BASE}/contact-us/"
        # "contact" is a word of that link, not its name: it covers too little of it to be a candidate.
        assert len(result.evidence) == 1
        alone = page(links=(link("/council/", "Contact Elected Officials"),))
        assert link_present(alone, LinkParams(concept="contacts"), self.EN).outcome is Outcome.FAIL

    def test_food_assistance_is_no_help_page(self) -> None:
        home = page(links=(link("/benefits/food/", "Food Assistance"),))
        assert link_present(home, LinkParams(concept="help"), self.EN).outcome is Outcome.FAIL

    def test_federal_laws_and_regulations_are_legal_acts(self) -> None:
        home = page(links=(link("/laws/", "Federal Laws and Regulations"),))
        assert link_present(home, LinkParams(concept="legal_acts"), self.EN).outcome is Outcome.PASS

    def test_rel_privacy_policy_names_the_link(self) -> None:
        home = page(links=(Link(f"{BASE}/p/", "Legal", rel="privacy-policy"),))
        result = link_present(home, LinkParams(concept="privacy"), self.EN)
        assert result.outcome is Outcome.PASS and "rel=privacy-policy" in result.evidence[0].detail

    def test_swedish_municipal_labels_are_read_in_swedish(self) -> None:
        swedish = Context(SiteSnapshot(f"{BASE}/", []))  # no hint: the page's declared language decides
        home = page(
            lang="sv",
            links=(
                link("/kontakta-oss/", "Kontakta kommunen"),
                link("/personuppgifter/", "Personuppgiftspolicy"),
                link("/tillganglighet/", "Tillgänglighetsredogörelse"),
                link("/synpunkter/", "Lämna synpunkter"),
            ),
        )
        for concept, path in (
            ("contacts", "/kontakta-oss/"),
            ("privacy", "/personuppgifter/"),
            ("accessibility_statement", "/tillganglighet/"),
            ("feedback", "/synpunkter/"),
        ):
            result = link_present(home, LinkParams(concept=concept), swedish)
            assert result.outcome is Outcome.PASS and result.evidence[0].url == f"{BASE}{path}", concept


class TestTextPresent:
    TEXT = "Ашық деректер. ОТКРЫТЫЕ ДАННЫЕ. Open Data portal. Бюджет 2026 жылға."

    def test_any_pattern_suffices(self) -> None:
        result = text_present(page(text=self.TEXT), TextParams(patterns=["нет такого", r"ашық\s+деректер"]), CTX)
        assert result.outcome is Outcome.PASS
        assert [e.detail for e in result.evidence] == ["found: Ашық деректер"]

    def test_matching_ignores_case_in_every_script(self) -> None:
        p = page(text=self.TEXT)
        for pattern in ["АШЫҚ ДЕРЕКТЕР", "открытые данные", "OPEN DATA"]:
            assert text_present(p, TextParams(patterns=[pattern]), CTX).outcome is Outcome.PASS

    def test_require_all(self) -> None:
        p = page(text=self.TEXT)
        both = TextParams(patterns=["ашық деректер", "open data"], require_all=True)
        assert text_present(p, both, CTX).outcome is Outcome.PASS
        missing = text_present(p, TextParams(patterns=["ашық деректер", "құпиялылық"], require_all=True), CTX)
        assert missing.outcome is Outcome.FAIL
        assert missing.summary == "Not found: құпиялылық."
        assert [e.detail for e in missing.evidence] == ["found: Ашық деректер"]

    def test_fails_when_nothing_matches(self) -> None:
        result = text_present(page(text=self.TEXT), TextParams(patterns=["құпиялылық"]), CTX)
        assert result.outcome is Outcome.FAIL
        assert result.evidence[0].url == f"{BASE}/"

    @pytest.mark.parametrize("p", NOT_HTML)
    def test_not_applicable(self, p: PageSnapshot) -> None:
        assert text_present(p, TextParams(patterns=["x"]), CTX).outcome is Outcome.NOT_APPLICABLE

    def test_a_concept_in_the_pages_languages(self) -> None:
        p = page(text="Азаматтарды қабылдау кестесі: дүйсенбі 10:00–12:00")
        result = text_present(p, TextParams(concept="reception"), CTX)
        assert result.outcome is Outcome.PASS
        assert text_present(page(text="Жаңалықтар"), TextParams(concept="reception"), CTX).summary == (
            "Not found: the reception of citizens (read in kk, ru, en)."
        )

    def test_patterns_are_validated(self) -> None:
        with pytest.raises(ValidationError):
            TextParams(patterns=[])
        with pytest.raises(ValidationError):
            TextParams(patterns=["[unclosed"])


class TestElementPresent:
    BODY = '<nav class="breadcrumb"><a href="/">Басты</a></nav><main><h1>Қызметтер</h1><p>a</p><p>b</p></main>'

    def test_counts_matching_elements(self) -> None:
        p = page(html_z=html(self.BODY))
        result = element_present(p, SelectorParams(selector="main p", min_count=2))
        assert result.outcome is Outcome.PASS
        assert result.summary == "2 elements match main p."

    def test_fails_below_min_count(self) -> None:
        p = page(html_z=html(self.BODY))
        assert element_present(p, SelectorParams(selector="main p", min_count=3)).outcome is Outcome.FAIL
        result = element_present(p, SelectorParams(selector="footer"))
        assert result.outcome is Outcome.FAIL
        assert result.evidence[0].detail == "0 elements match footer"

    def test_class_and_attribute_selectors(self) -> None:
        p = page(html_z=html(self.BODY))
        assert element_present(p, SelectorParams(selector="nav.breadcrumb a[href]")).outcome is Outcome.PASS

    def test_not_applicable_without_html(self) -> None:
        assert element_present(page(), SelectorParams(selector="main")).outcome is Outcome.NOT_APPLICABLE

    def test_not_applicable_on_undecompressable_bytes(self) -> None:
        p = page(html_z=b"not zlib at all")
        assert element_present(p, SelectorParams(selector="main")).outcome is Outcome.NOT_APPLICABLE

    def test_invalid_selector_is_rejected(self) -> None:
        with pytest.raises(ValidationError):
            SelectorParams(selector="main >>> p[")
        with pytest.raises(ValidationError):
            SelectorParams(selector="")


class TestContactDetails:
    PARAMS = ContactParams()

    def test_all_three_from_links_and_text(self) -> None:
        p = page(
            text="Байланыс: Абай көшесі, 10. Жедел желі.",
            links=(link("mailto:info@gov.test", "Пошта"), link("tel:+77172000000", "Телефон")),
        )
        result = contact_details(p, self.PARAMS, CTX)
        assert result.outcome is Outcome.PASS
        assert [e.detail for e in result.evidence] == [
            "email: info@gov.test",
            "phone: +77172000000",
            "address: көшесі",
        ]

    def test_all_three_from_text_only(self) -> None:
        p = page(text="Адрес: г. Астана, УЛ. Мангилик Ел, 8. Тел.: +7 (7172) 74-00-00. E-mail: kense@gov.test")
        result = contact_details(p, self.PARAMS, CTX)
        assert result.outcome is Outcome.PASS
        found = {e.detail.split(": ", 1)[0]: e.detail.split(": ", 1)[1] for e in result.evidence}
        assert found == {"email": "kense@gov.test", "phone": "+7 (7172) 74-00-00", "address": "адрес"}

    def test_short_number_1414_is_a_phone(self) -> None:
        p = page(text="Бірыңғай байланыс орталығы: 1414. Address: 8 Mangilik El street.")
        result = contact_details(p, ContactParams(need=["phone", "address"]), CTX)
        assert result.outcome is Outcome.PASS
        assert "phone: 1414" in [e.detail for e in result.evidence]

    def test_kazakh_upper_case_address_word(self) -> None:
        p = page(text="МЕКЕНЖАЙ: АСТАНА ҚАЛАСЫ")
        result = contact_details(p, ContactParams(need=["address"]), CTX)
        assert result.outcome is Outcome.PASS

    def test_fails_naming_what_is_missing(self) -> None:
        p = page(text="Хабарласыңыз: info@gov.test")
        result = contact_details(p, self.PARAMS, CTX)
        assert result.outcome is Outcome.FAIL
        assert result.summary == "No phone, no address found."
        assert [e.detail for e in result.evidence] == ["email: info@gov.test"]

    def test_fails_with_nothing_found(self) -> None:
        result = contact_details(page(text="Жаңалықтар"), self.PARAMS, CTX)
        assert result.outcome is Outcome.FAIL
        assert result.summary == "No email, no phone, no address found."

    def test_need_limits_what_is_asked(self) -> None:
        p = page(links=(link("mailto:press@gov.test", "Press"),))
        assert contact_details(p, ContactParams(need=["email"]), CTX).outcome is Outcome.PASS
        assert contact_details(p, ContactParams(need=["phone"]), CTX).outcome is Outcome.FAIL

    @pytest.mark.parametrize(
        "text",
        ["Жаңартылды 2026-11-12.", "Основано в 1995 году.", "Updated 2026-11-12, founded 1995."],
        ids=["iso-date", "year-1995", "both"],
    )
    def test_dates_and_years_are_not_phone_numbers(self, text: str) -> None:
        # The default pattern is what the rule files use: a contacts page without a phone must not pass on a date.
        result = contact_details(page(text=text), ContactParams(need=["phone"]), CTX)
        assert result.outcome is Outcome.FAIL

    def test_phone_labels_of_the_pages_language(self) -> None:
        swedish = Context(SiteSnapshot(f"{BASE}/", []), ("sv",))
        p = page(text="Kontaktcenter. Telefon: 031-365 00 00. Besöksadress: Gustaf Adolfs torg 4.")
        result = contact_details(p, ContactParams(need=["phone", "address"]), swedish)
        assert result.outcome is Outcome.PASS, result.summary

    @pytest.mark.parametrize("p", NOT_HTML)
    def test_not_applicable(self, p: PageSnapshot) -> None:
        assert contact_details(p, self.PARAMS, CTX).outcome is Outcome.NOT_APPLICABLE

    def test_params_are_validated(self) -> None:
        with pytest.raises(ValidationError):
            ContactParams(need=[])
        with pytest.raises(ValidationError):
            ContactParams(need=["fax"])  # type: ignore[list-item]


class TestContentFreshness:
    def test_recent_date_after_a_kazakh_label(self) -> None:
        p = page(text="Қызметтер тізімі. Соңғы жаңарту: 12 қараша 2026")
        result = content_freshness(p, FreshnessParams(max_age_days=30), CTX)
        assert result.outcome is Outcome.PASS
        assert result.evidence[0].detail == "dated 2026-11-12 (8 days before the crawl)"

    def test_label_matching_ignores_case(self) -> None:
        p = page(text="НОВОСТИ. ОБНОВЛЕНО: 12.11.2026")
        assert content_freshness(p, FreshnessParams(max_age_days=30), CTX).outcome is Outcome.PASS
        p = page(text="LAST UPDATED November 12, 2026")
        assert content_freshness(p, FreshnessParams(max_age_days=30), CTX).outcome is Outcome.PASS

    def test_old_date_fails(self) -> None:
        p = page(text="Last updated 12 November 2025")
        result = content_freshness(p, FreshnessParams(max_age_days=180), CTX)
        assert result.outcome is Outcome.FAIL
        assert result.summary == "Last dated 2025-11-12, 373 days old (at most 180 expected)."

    def test_age_equal_to_the_limit_passes(self) -> None:
        p = page(text="Обновлено 12.11.2026")
        assert content_freshness(p, FreshnessParams(max_age_days=8), CTX).outcome is Outcome.PASS
        assert content_freshness(p, FreshnessParams(max_age_days=7, labels=False), CTX).outcome is Outcome.FAIL

    def test_only_dates_after_a_label_count(self) -> None:
        p = page(text="Конкурс 2026-11-19. " + "Қызмет сипаттамасы. " * 3 + "Обновлено: 01.01.2024")
        result = content_freshness(p, FreshnessParams(max_age_days=30), CTX)
        assert result.outcome is Outcome.FAIL
        assert "2024-01-01" in result.summary

    def test_date_beyond_the_window_is_not_the_labels(self) -> None:
        p = page(text="Обновлено: " + "x" * 30 + " 12.11.2026")
        assert content_freshness(p, FreshnessParams(max_age_days=30, window=20), CTX).outcome is (Outcome.FAIL)
        assert content_freshness(p, FreshnessParams(max_age_days=30, window=60), CTX).outcome is (Outcome.PASS)

    def test_newest_of_several_labelled_dates(self) -> None:
        p = page(text="Обновлено 01.01.2020. Обновлено 15.11.2026. Last updated 2019-05-05")
        result = content_freshness(p, FreshnessParams(max_age_days=30), CTX)
        assert result.outcome is Outcome.PASS
        assert "2026-11-15" in result.summary

    def test_without_labels_any_date_counts(self) -> None:
        p = page(text="Жаңалық, 2026 жылғы 18 қараша")
        assert content_freshness(p, FreshnessParams(max_age_days=7, labels=False), CTX).outcome is Outcome.PASS

    def test_dates_in_the_pages_future_are_ignored(self) -> None:
        p = page(text="Обновлено 01.06.2026. Іс-шара: обновлено 25.12.2026")
        result = content_freshness(p, FreshnessParams(max_age_days=30), CTX)
        assert result.outcome is Outcome.FAIL  # the December date lies after the crawl; June is 172 days old
        assert "2026-06-01" in result.summary

    def test_only_future_dates_is_no_date(self) -> None:
        p = page(text="Обновлено 25.12.2026")
        result = content_freshness(p, FreshnessParams(max_age_days=30), CTX)
        assert result.outcome is Outcome.FAIL
        assert result.summary == "No update or publication date found."

    def test_age_is_counted_from_the_crawl_not_the_wall_clock(self) -> None:
        old_crawl = datetime(2020, 3, 10, 9, tzinfo=UTC).timestamp()
        p = page(text="Last updated March 1, 2020. Updated 01.01.2027 (planned)", fetched_at=old_crawl)
        result = content_freshness(p, FreshnessParams(max_age_days=10), CTX)
        assert result.outcome is Outcome.PASS
        assert result.summary == "Updated 2020-03-01, 9 days before the crawl."

    def test_swedish_and_spanish_labels_and_dates(self) -> None:
        swedish = Context(SiteSnapshot(f"{BASE}/", []), ("sv",))
        p = page(text="Sidan uppdaterad: 2 november 2026")
        assert content_freshness(p, FreshnessParams(max_age_days=30), swedish).outcome is Outcome.PASS
        spanish = Context(SiteSnapshot(f"{BASE}/", []), ("es",))
        old = page(text="Última actualización: 9 de diciembre de 2022")
        result = content_freshness(old, FreshnessParams(max_age_days=30), spanish)
        assert result.outcome is Outcome.FAIL and "2022-12-09" in result.summary

    def test_no_date_fails(self) -> None:
        p = page(text="Обновлено недавно")
        assert content_freshness(p, FreshnessParams(max_age_days=30), CTX).outcome is Outcome.FAIL

    def test_label_found_after_compatibility_characters(self) -> None:
        # "…" and "№" are common in Russian and Kazakh portal text; the label must still be found with its date.
        teasers = "Жаңалықтар… " * 10 + "Приказ № 5. " * 10
        p = page(text=teasers + "Обновлено: 12.11.2026")
        result = content_freshness(p, FreshnessParams(max_age_days=30), CTX)
        assert result.outcome is Outcome.PASS

    @pytest.mark.parametrize("p", NOT_HTML)
    def test_not_applicable(self, p: PageSnapshot) -> None:
        assert content_freshness(p, FreshnessParams(max_age_days=30), CTX).outcome is Outcome.NOT_APPLICABLE


class TestFormPresent:
    USABLE = Form(action=f"{BASE}/appeal/", method="post", fields=3, has_submit=True, is_search=False)
    SEARCH = Form(action=f"{BASE}/search/", method="get", fields=1, has_submit=True, is_search=True)

    def test_usable_form_passes(self) -> None:
        result = form_present(page(forms=(self.SEARCH, self.USABLE)), FormParams())
        assert result.outcome is Outcome.PASS
        assert result.evidence[0].detail == f"form posting to {BASE}/appeal/ with 3 fields"

    def test_search_form_is_not_enough(self) -> None:
        result = form_present(page(forms=(self.SEARCH,)), FormParams())
        assert result.outcome is Outcome.FAIL
        assert result.evidence[0].detail == "1 form, none usable"

    def test_form_without_submit_or_with_too_few_fields_fails(self) -> None:
        no_submit = Form(action="/a", method="post", fields=3, has_submit=False, is_search=False)
        assert form_present(page(forms=(no_submit,)), FormParams()).outcome is Outcome.FAIL
        assert form_present(page(forms=(self.USABLE,)), FormParams(min_fields=4)).outcome is Outcome.FAIL
        assert form_present(page(forms=(self.USABLE,)), FormParams(min_fields=3)).outcome is Outcome.PASS

    def test_link_to_the_national_service_passes(self) -> None:
        p = page(forms=(self.SEARCH,), links=(link("https://eotinish.kz/kk/appeal", "Өтініш беру"),))
        result = form_present(p, FormParams(hosts=["eotinish.kz", "egov.kz"]))
        assert result.outcome is Outcome.PASS
        assert "eotinish.kz" in result.summary

    def test_link_to_another_host_does_not_count(self) -> None:
        p = page(links=(link("https://example.test/appeal", "Appeal"),))
        assert form_present(p, FormParams(hosts=["eotinish.kz"])).outcome is Outcome.FAIL
        assert form_present(p, FormParams()).outcome is Outcome.FAIL

    @pytest.mark.parametrize("p", NOT_HTML)
    def test_not_applicable(self, p: PageSnapshot) -> None:
        assert form_present(p, FormParams()).outcome is Outcome.NOT_APPLICABLE


class TestSiteSearch:
    def test_search_form_passes(self) -> None:
        search = Form(action=f"{BASE}/search/", method="get", fields=1, has_submit=False, is_search=True)
        result = site_search(page(forms=(search,)), NONE, CTX)
        assert result.outcome is Outcome.PASS
        assert result.evidence[0].detail == f"search form posting to {BASE}/search/: marked as a search"

    def test_a_text_field_named_s_is_a_search(self) -> None:
        wordpress = Form(action=f"{BASE}/", method="get", fields=1, has_submit=True, is_search=False, words=("s",))
        result = site_search(page(forms=(wordpress,)), NONE, CTX)
        assert result.outcome is Outcome.PASS and "a field named 's'" in result.summary

    def test_an_action_or_a_button_that_says_search(self) -> None:
        by_action = Form(action=f"{BASE}/sok/", method="get", fields=1, has_submit=True, is_search=False)
        swedish = Context(SiteSnapshot(f"{BASE}/", []), ("sv",))
        assert site_search(page(forms=(by_action,)), NONE, swedish).outcome is Outcome.PASS
        by_button = Form(f"{BASE}/x", "get", 1, True, False, words=("qq", "іздеу"))
        assert site_search(page(forms=(by_button,)), NONE, CTX).outcome is Outcome.PASS

    def test_other_forms_do_not_count(self) -> None:
        other = Form(f"{BASE}/appeal/", "post", 3, True, False, words=("name", "e-mail", "send"))
        assert site_search(page(forms=(other,)), NONE, CTX).outcome is Outcome.FAIL
        assert site_search(page(), NONE, CTX).outcome is Outcome.FAIL

    @pytest.mark.parametrize("p", NOT_HTML)
    def test_not_applicable(self, p: PageSnapshot) -> None:
        assert site_search(p, NONE, CTX).outcome is Outcome.NOT_APPLICABLE


class TestStatementContents:
    PARAMS = StatementParams()

    def test_complete_recent_statement_passes(self) -> None:
        p = page(
            text="Қолжетімділік туралы мәлімдеме. КЕРІ БАЙЛАНЫС: access@gov.test. Шағымдану тәртібі: ... "
            "Мәлімдеме 2026 жылғы 1 қыркүйек дайындалды."
        )
        result = statement_contents(p, self.PARAMS, CTX)
        assert result.outcome is Outcome.PASS
        assert result.evidence[0].detail == "dated 80 days before the crawl"

    def test_contact_by_mailto_link(self) -> None:
        p = page(
            text="Обратная связь: напишите нам. Порядок обжалования: ... Дата: 01.10.2026",
            links=(link("mailto:access@gov.test", "написать"),),
        )
        assert statement_contents(p, self.PARAMS, CTX).outcome is Outcome.PASS

    def test_contact_phrase_without_an_address_is_no_contact(self) -> None:
        p = page(text="Feedback is welcome. Enforcement procedure: ... Prepared 1 October 2026.")
        result = statement_contents(p, self.PARAMS, CTX)
        assert result.outcome is Outcome.FAIL
        assert result.summary == "The statement has no feedback contact."

    def test_missing_enforcement_and_undated(self) -> None:
        p = page(text="Feedback: access@gov.test")
        result = statement_contents(p, self.PARAMS, CTX)
        assert result.outcome is Outcome.FAIL
        assert result.summary == "The statement has no enforcement procedure, not dated within the last year."

    def test_old_statement_fails(self) -> None:
        p = page(text="Feedback: access@gov.test. Enforcement procedure. Prepared 1 October 2024.")
        result = statement_contents(p, self.PARAMS, CTX)
        assert result.outcome is Outcome.FAIL
        assert result.summary == "The statement has dated 780 days before the crawl."
        assert result.evidence[0].detail == "dated 780 days before the crawl"  # its own reason, kept

    def test_future_dates_do_not_make_it_recent(self) -> None:
        p = page(text="Feedback: access@gov.test. Enforcement procedure. Next review 01.01.2027.")
        assert statement_contents(p, self.PARAMS, CTX).outcome is Outcome.FAIL

    @pytest.mark.parametrize("p", NOT_HTML)
    def test_not_applicable(self, p: PageSnapshot) -> None:
        assert statement_contents(p, self.PARAMS, CTX).outcome is Outcome.NOT_APPLICABLE
