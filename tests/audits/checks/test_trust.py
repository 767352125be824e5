"""Trust checks on hand-built snapshots: no network, and `fetched_at` (not the wall clock) is "now"."""

from __future__ import annotations

import zlib
from datetime import UTC, datetime
from typing import ClassVar

import pytest
from pydantic import ValidationError

from egov_audit.audits.checks.content import LinkParams
from egov_audit.audits.checks.registry import Context, NoParams
from egov_audit.audits.checks.trust import (
    HeaderParams,
    ThirdPartyParams,
    https,
    mixed_content,
    security_headers,
    security_txt,
    third_party_hosts,
)
from egov_audit.audits.model import Evidence, Outcome
from egov_audit.crawler.model import AxeResult, Discovery, FetchKind, Link, PageSnapshot, SiteSnapshot

HOST = "portal.gov.test"
SECURE = f"https://{HOST}"
PLAIN = f"http://{HOST}"
NONE = NoParams()
FETCHED_AT = datetime(2026, 11, 20, 12, tzinfo=UTC).timestamp()


def page(url: str, status: int | None = 200, **kw: object) -> PageSnapshot:
    kw.setdefault("content_type", "text/html")
    kw.setdefault("fetched_at", FETCHED_AT)
    return PageSnapshot(url=url, status=status, **kw)  # type: ignore[arg-type]


def ctx(crawl: SiteSnapshot) -> Context:
    """The checks read pages in Kazakh, Russian and English here, as the kz profile does."""
    return Context(crawl, ("kk", "ru", "en"))


def site(start: str, *pages: PageSnapshot) -> SiteSnapshot:
    return SiteSnapshot(start_url=start, pages=list(pages))


def probe(status: int | None, location: str | None = None, **kw: object) -> PageSnapshot:
    return page(f"{PLAIN}/", status, location=location, kind=FetchKind.HTTP_PROBE, content_type="", **kw)


class TestHttps:
    def test_http_start_redirecting_to_https_passes(self) -> None:
        crawl = site(
            f"{PLAIN}/",
            page(f"{PLAIN}/", 301, location=f"{SECURE}/"),
            page(f"{SECURE}/", discovery=Discovery.REDIRECT),
        )
        result = https(crawl, NONE)
        assert result.outcome is Outcome.PASS
        assert result.evidence == (Evidence(f"{SECURE}/"),)

    def test_http_start_redirecting_to_https_outside_the_crawl_passes(self) -> None:
        crawl = site(f"{PLAIN}/", page(f"{PLAIN}/", 301, location=f"https://www.{HOST}/"))
        assert https(crawl, NONE).outcome is Outcome.PASS

    def test_http_start_served_over_http_fails(self) -> None:
        result = https(site(f"{PLAIN}/", page(f"{PLAIN}/")), NONE)
        assert result.outcome is Outcome.FAIL
        assert result.summary == "The portal is served over plain HTTP."

    def test_https_start_redirecting_down_to_http_fails(self) -> None:
        crawl = site(
            f"{SECURE}/",
            page(f"{SECURE}/", 302, location=f"{PLAIN}/kk/"),
            page(f"{PLAIN}/kk/", discovery=Discovery.REDIRECT),
        )
        assert https(crawl, NONE).outcome is Outcome.FAIL

    def test_https_start_with_probe_redirecting_to_https_passes(self) -> None:
        crawl = site(f"{SECURE}/", page(f"{SECURE}/"), probe(301, f"{SECURE}/"))
        result = https(crawl, NONE)
        assert result.outcome is Outcome.PASS
        assert result.evidence == (Evidence(f"{PLAIN}/", f"-> {SECURE}/"),)

    def test_https_start_with_probe_serving_plain_http_fails(self) -> None:
        crawl = site(f"{SECURE}/", page(f"{SECURE}/"), probe(200))
        result = https(crawl, NONE)
        assert result.outcome is Outcome.FAIL
        assert result.summary == f"{PLAIN}/ does not redirect to HTTPS (HTTP 200)."

    def test_probe_redirecting_to_another_http_address_fails(self) -> None:
        crawl = site(f"{SECURE}/", page(f"{SECURE}/"), probe(301, f"{PLAIN}/kk/"))
        assert https(crawl, NONE).outcome is Outcome.FAIL

    def test_probe_without_an_answer_fails_with_the_error(self) -> None:
        crawl = site(f"{SECURE}/", page(f"{SECURE}/"), probe(None, error="connection refused"))
        result = https(crawl, NONE)
        assert result.outcome is Outcome.FAIL
        assert result.evidence == (Evidence(f"{PLAIN}/", "connection refused"),)

    def test_https_start_without_a_probe_passes(self) -> None:
        assert https(site(f"{SECURE}/", page(f"{SECURE}/")), NONE).outcome is Outcome.PASS

    def test_errors_when_the_start_url_was_not_fetched(self) -> None:
        assert https(site(f"{SECURE}/", probe(301, f"{SECURE}/")), NONE).outcome is Outcome.ERROR


class TestSecurityHeaders:
    PARAMS = HeaderParams(required=["Strict-Transport-Security", "X-Content-Type-Options", "Content-Security-Policy"])
    ALL = (
        ("strict-transport-security", "max-age=31536000"),
        ("x-content-type-options", "nosniff"),
        ("content-security-policy", "default-src 'self'"),
    )

    def test_all_present_passes(self) -> None:
        result = security_headers(page(f"{SECURE}/", headers=self.ALL), self.PARAMS)
        assert result.outcome is Outcome.PASS

    def test_missing_headers_are_named(self) -> None:
        result = security_headers(page(f"{SECURE}/", headers=self.ALL[:1]), self.PARAMS)
        assert result.outcome is Outcome.FAIL
        assert result.summary == "Missing x-content-type-options, content-security-policy."

    def test_an_empty_header_counts_as_missing(self) -> None:
        headers = (*self.ALL[:2], ("content-security-policy", ""))
        assert security_headers(page(f"{SECURE}/", headers=headers), self.PARAMS).outcome is Outcome.FAIL

    def test_hsts_is_required_on_https_pages(self) -> None:
        result = security_headers(page(f"{SECURE}/", headers=self.ALL[1:]), self.PARAMS)
        assert result.outcome is Outcome.FAIL
        assert result.summary == "Missing strict-transport-security."

    def test_hsts_is_not_required_on_http_pages(self) -> None:
        result = security_headers(page(f"{PLAIN}/", headers=self.ALL[1:]), self.PARAMS)
        assert result.outcome is Outcome.PASS
        assert result.summary == "Sends x-content-type-options, content-security-policy."

    def test_http_page_still_needs_the_other_headers(self) -> None:
        assert security_headers(page(f"{PLAIN}/"), self.PARAMS).outcome is Outcome.FAIL

    @pytest.mark.parametrize(
        "p",
        [
            page(f"{SECURE}/doc.pdf", content_type="application/pdf"),
            page(f"{SECURE}/", 500),
            page(f"{SECURE}/", None, error="timeout"),
        ],
    )
    def test_not_applicable(self, p: PageSnapshot) -> None:
        assert security_headers(p, self.PARAMS).outcome is Outcome.NOT_APPLICABLE

    def test_params_need_a_header(self) -> None:
        with pytest.raises(ValidationError):
            HeaderParams(required=[])


class TestMixedContent:
    def test_all_resources_over_https_pass(self) -> None:
        p = page(f"{SECURE}/", resources=(f"{SECURE}/app.js", "https://cdn.test/x.css", "data:image/png;base64,AA"))
        assert mixed_content(p, NONE).outcome is Outcome.PASS

    def test_http_resources_on_an_https_page_fail(self) -> None:
        p = page(f"{SECURE}/", resources=(f"{SECURE}/app.js", "http://cdn.test/x.css", f"{PLAIN}/logo.png"))
        result = mixed_content(p, NONE)
        assert result.outcome is Outcome.FAIL
        assert result.summary == "Loads 2 resources over HTTP."
        assert [e.detail for e in result.evidence] == ["http://cdn.test/x.css", f"{PLAIN}/logo.png"]

    def test_not_applicable_on_http_pages(self) -> None:
        p = page(f"{PLAIN}/", resources=("http://cdn.test/x.css",))
        assert mixed_content(p, NONE).outcome is Outcome.NOT_APPLICABLE

    def test_not_applicable_off_html(self) -> None:
        p = page(f"{SECURE}/a.pdf", content_type="application/pdf", resources=("http://x.test/a",))
        assert mixed_content(p, NONE).outcome is Outcome.NOT_APPLICABLE
        assert mixed_content(page(f"{SECURE}/", 404), NONE).outcome is Outcome.NOT_APPLICABLE


class TestThirdPartyHosts:
    TRACKERS: ClassVar[list[str]] = ["google-analytics.com", "mc.yandex.ru"]
    PRIVACY = LinkParams(concept="privacy")

    def home(self, *resources: str, links: tuple[Link, ...] = ()) -> SiteSnapshot:
        return site(f"{SECURE}/", page(f"{SECURE}/", resources=resources, links=links))

    def test_no_tracker_passes_and_lists_third_parties(self) -> None:
        crawl = self.home(f"{SECURE}/app.js", f"https://www.{HOST}/logo.png", "https://cdn.example.test/lib.js")
        result = third_party_hosts(crawl, ThirdPartyParams(trackers=self.TRACKERS, privacy=self.PRIVACY), ctx(crawl))
        assert result.outcome is Outcome.PASS
        assert result.summary == "1 third-party host, no known tracker."
        assert result.evidence == (Evidence(f"{SECURE}/", "cdn.example.test"),)

    def test_a_host_the_crawl_was_allowed_is_the_portals_own(self) -> None:
        # `--allow-host cdn.example.test`: the crawl walked it as the portal's, so it is no third party.
        crawl = self.home("https://cdn.example.test/lib.js", "https://other.example.test/x.js")
        crawl.hosts = frozenset({HOST, f"www.{HOST}", "cdn.example.test"})
        result = third_party_hosts(crawl, ThirdPartyParams(trackers=self.TRACKERS, privacy=self.PRIVACY), ctx(crawl))
        assert result.evidence == (Evidence(f"{SECURE}/", "other.example.test"),)

    def test_tracker_with_a_privacy_link_passes(self) -> None:
        crawl = self.home(
            "https://www.google-analytics.com/analytics.js",
            links=(Link(f"{SECURE}/kk/policy/", "ҚҰПИЯЛЫЛЫҚ САЯСАТЫ"),),
        )
        result = third_party_hosts(crawl, ThirdPartyParams(trackers=self.TRACKERS, privacy=self.PRIVACY), ctx(crawl))
        assert result.outcome is Outcome.PASS
        assert result.evidence == (Evidence(f"{SECURE}/", "www.google-analytics.com (tracker)"),)

    def test_privacy_link_found_by_its_url(self) -> None:
        crawl = self.home("https://mc.yandex.ru/metrika/tag.js", links=(Link(f"{SECURE}/en/privacy-policy/", "→"),))
        assert third_party_hosts(
            crawl, ThirdPartyParams(trackers=self.TRACKERS, privacy=self.PRIVACY), ctx(crawl)
        ).outcome is (Outcome.PASS)

    def test_tracker_without_a_privacy_link_fails(self) -> None:
        crawl = self.home("https://mc.yandex.ru/metrika/tag.js", links=(Link(f"{SECURE}/news/", "Новости"),))
        result = third_party_hosts(crawl, ThirdPartyParams(trackers=self.TRACKERS, privacy=self.PRIVACY), ctx(crawl))
        assert result.outcome is Outcome.FAIL
        assert result.summary == "Loads trackers (mc.yandex.ru) without a privacy policy link."

    def test_without_privacy_params_any_tracker_fails(self) -> None:
        crawl = self.home(
            "https://www.google-analytics.com/analytics.js",
            links=(Link(f"{SECURE}/privacy/", "Privacy policy"),),
        )
        result = third_party_hosts(crawl, ThirdPartyParams(trackers=self.TRACKERS, privacy=None), ctx(crawl))
        assert result.outcome is Outcome.FAIL
        assert result.summary == "Loads trackers (www.google-analytics.com) before any consent."

    def test_lookalike_host_is_no_tracker(self) -> None:
        crawl = self.home("https://notgoogle-analytics.com/x.js", "https://yandex.ru/x.js")
        assert third_party_hosts(crawl, ThirdPartyParams(trackers=self.TRACKERS, privacy=None), ctx(crawl)).outcome is (
            Outcome.PASS
        )

    def test_a_self_hosted_matomo_and_crazy_egg_are_known_by_what_they_load(self) -> None:
        signatures = {"Matomo": [r"/(matomo|piwik)\.js", r"_paq\.push"], "Crazy Egg": [r"script\.crazyegg\.com"]}
        params = ThirdPartyParams(trackers=self.TRACKERS, signatures=signatures, privacy=None)
        inline = zlib.compress(
            b"<html><head><script>var _paq = []; _paq.push(['trackPageView']);</script></head></html>"
        )
        home = page(f"{SECURE}/", resources=("https://stats.city.se/matomo.js",), html_z=inline)
        crawl = site(f"{SECURE}/", home)
        result = third_party_hosts(crawl, params, ctx(crawl))
        assert result.outcome is Outcome.FAIL and result.summary == "Loads trackers (Matomo) before any consent."
        assert Evidence(f"{SECURE}/", "tracker Matomo: loads https://stats.city.se/matomo.js") in result.evidence
        rendered = page(
            f"{SECURE}/", axe=AxeResult("home page", resources=(("https://script.crazyegg.com/pages/scripts/0.js", 9),))
        )
        crawl = site(f"{SECURE}/", rendered)
        assert "Crazy Egg" in third_party_hosts(crawl, params, ctx(crawl)).summary

    def test_a_privacy_link_to_a_page_that_is_no_policy_does_not_excuse_trackers(self) -> None:
        params = ThirdPartyParams(
            trackers=self.TRACKERS, privacy=LinkParams(concept="privacy", target={"concept": "privacy_page", "min": 3})
        )
        home = page(f"{SECURE}/", resources=("https://mc.yandex.ru/metrika/tag.js",),
                    links=(Link(f"{SECURE}/tips/", "Privacy"),))  # fmt: skip
        tips = page(f"{SECURE}/tips/", title="Protecting your privacy", text="Use strong passwords.")
        crawl = site(f"{SECURE}/", home, tips)
        assert third_party_hosts(crawl, params, ctx(crawl)).outcome is Outcome.FAIL

    def test_home_reached_through_a_redirect_on_another_host(self) -> None:
        crawl = site(
            f"{SECURE}/",
            page(f"{SECURE}/", 301, location="https://new.gov.test/kk/"),
            page("https://new.gov.test/kk/", resources=("https://new.gov.test/app.js",)),
        )
        result = third_party_hosts(crawl, ThirdPartyParams(trackers=self.TRACKERS, privacy=None), ctx(crawl))
        assert result.outcome is Outcome.PASS
        assert result.evidence == (Evidence("https://new.gov.test/kk/", "no third-party host"),)

    def test_nothing_to_examine_when_the_home_page_did_not_answer(self) -> None:
        crawl = site(f"{SECURE}/", page(f"{SECURE}/", 503))
        assert third_party_hosts(crawl, ThirdPartyParams(trackers=self.TRACKERS, privacy=None), ctx(crawl)).outcome is (
            Outcome.NOT_APPLICABLE
        )

    def test_privacy_must_be_given_explicitly(self) -> None:
        with pytest.raises(ValidationError):
            ThirdPartyParams(trackers=self.TRACKERS)  # type: ignore[call-arg]


def security_file(text: str, status: int | None = 200, **kw: object) -> SiteSnapshot:
    probe_page = page(
        f"{SECURE}/.well-known/security.txt", status, kind=FetchKind.SECURITY_TXT, content_type="text/plain", text=text
    )
    for key, value in kw.items():
        setattr(probe_page, key, value)
    return site(f"{SECURE}/", page(f"{SECURE}/"), probe_page)


class TestSecurityTxt:
    VALID = (
        "# Our policy\nContact: mailto:security@gov.test\nExpires: 2027-06-30T23:59:59Z\nPreferred-Languages: kk, ru"
    )

    def test_valid_file_passes(self) -> None:
        result = security_txt(security_file(self.VALID), NONE)
        assert result.outcome is Outcome.PASS
        assert result.summary == "security.txt names mailto:security@gov.test, expires 2027-06-30T23:59:59Z."
        assert result.evidence == (Evidence(f"{SECURE}/.well-known/security.txt", "Contact: mailto:security@gov.test"),)

    def test_field_names_ignore_case_and_the_first_value_counts(self) -> None:
        text = "CONTACT: https://gov.test/report\ncontact: mailto:b@gov.test\nEXPIRES: 2027-01-01T00:00:00+05:00"
        result = security_txt(security_file(text), NONE)
        assert result.outcome is Outcome.PASS
        assert "https://gov.test/report" in result.summary

    def test_expired_file_fails(self) -> None:
        text = "Contact: mailto:security@gov.test\nExpires: 2026-11-19T00:00:00Z"
        result = security_txt(security_file(text), NONE)
        assert result.outcome is Outcome.FAIL
        assert result.summary == "security.txt has expired on 2026-11-19T00:00:00Z."

    def test_expiry_is_compared_with_the_crawl_not_the_wall_clock(self) -> None:
        text = "Contact: mailto:security@gov.test\nExpires: 2021-01-01T00:00:00Z"
        early = datetime(2020, 6, 1, tzinfo=UTC).timestamp()
        assert security_txt(security_file(text, fetched_at=early), NONE).outcome is Outcome.PASS
        late = datetime(2030, 6, 1, tzinfo=UTC).timestamp()
        assert security_txt(security_file(self.VALID, fetched_at=late), NONE).outcome is Outcome.FAIL

    def test_missing_contact_fails(self) -> None:
        result = security_txt(security_file("Expires: 2027-06-30T23:59:59Z"), NONE)
        assert result.outcome is Outcome.FAIL
        assert result.summary == "security.txt has no Contact field."

    def test_commented_out_fields_do_not_count(self) -> None:
        text = "# Contact: mailto:security@gov.test\nExpires: 2027-06-30T23:59:59Z"
        assert security_txt(security_file(text), NONE).outcome is Outcome.FAIL

    @pytest.mark.parametrize("expires", ["", "Expires: never", "Expires: 30.06.2027"])
    def test_missing_or_invalid_expires_fails(self, expires: str) -> None:
        result = security_txt(security_file(f"Contact: mailto:s@gov.test\n{expires}"), NONE)
        assert result.outcome is Outcome.FAIL
        assert result.summary == "security.txt has no valid Expires field."

    def test_empty_file_lists_both_problems(self) -> None:
        result = security_txt(security_file(""), NONE)
        assert result.summary == "security.txt has no Contact field, no valid Expires field."

    def test_404_fails(self) -> None:
        result = security_txt(security_file("<html>Not found</html>", 404), NONE)
        assert result.outcome is Outcome.FAIL
        assert result.summary == "No security.txt (HTTP 404)."

    def test_no_answer_is_no_verdict(self) -> None:
        # Nothing was examined: it neither passes nor fails (a dead portal is the availability pillar's).
        result = security_txt(security_file("", None, error="timeout"), NONE)
        assert result.outcome is Outcome.NOT_APPLICABLE and "timeout" in result.summary

    def test_an_answer_without_the_file_fails(self) -> None:
        result = security_txt(security_file("", 404), NONE)
        assert result.outcome is Outcome.FAIL
        assert result.evidence == (Evidence(f"{SECURE}/.well-known/security.txt", "HTTP 404"),)

    def test_errors_when_it_was_not_requested(self) -> None:
        assert security_txt(site(f"{SECURE}/", page(f"{SECURE}/")), NONE).outcome is Outcome.ERROR


def test_third_party_hosts_include_what_the_rendered_home_page_loaded() -> None:
    from egov_audit.audits.checks.content import LinkParams
    from egov_audit.audits.checks.trust import ThirdPartyParams, third_party_hosts
    from egov_audit.crawler.model import AxeResult, SiteSnapshot

    loaded = AxeResult("home page", resources=(("https://www.googletagmanager.com/gtm.js", 90_000),))
    home = PageSnapshot(url="https://portal.gov.test/", status=200, content_type="text/html", axe=loaded)
    crawl = SiteSnapshot("https://portal.gov.test/", [home])
    params = ThirdPartyParams(trackers=["googletagmanager.com"], privacy=LinkParams(text=["privacy"]))
    result = third_party_hosts(crawl, params, Context(crawl))
    assert result.outcome is Outcome.FAIL
    assert "www.googletagmanager.com" in result.summary
