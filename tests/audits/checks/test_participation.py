"""Participation checks on hand-built snapshots: a working mechanism behind a page, not its title."""

from __future__ import annotations

import zlib
from datetime import UTC, datetime

import pytest

from egov_audit.audits.checks.participation import (
    ContactsParams,
    EntriesParams,
    PhrasesParams,
    ReachParams,
    contacts_listed,
    dated_entries,
    form_within_reach,
    phrases_present,
)
from egov_audit.audits.checks.registry import Context
from egov_audit.audits.model import Outcome
from egov_audit.crawler.model import Form, Link, PageSnapshot, SiteSnapshot

BASE = "https://akimat.gov.test"
# The crawl's "now": 20 November 2026, noon UTC; never the wall clock.
FETCHED_AT = datetime(2026, 11, 20, 12, tzinfo=UTC).timestamp()
CTX = Context(SiteSnapshot(f"{BASE}/", []), ("kk", "ru", "en"))


def page(path: str = "/", body: str = "", status: int | None = 200, **kw: object) -> PageSnapshot:
    kw.setdefault("content_type", "text/html; charset=utf-8")
    kw.setdefault("fetched_at", FETCHED_AT)
    html = f"<html><head><title>t</title></head><body>{body}</body></html>"
    return PageSnapshot(url=f"{BASE}{path}", status=status, html_z=zlib.compress(html.encode()), **kw)  # type: ignore[arg-type]


def in_site(*pages: PageSnapshot) -> Context:
    return Context(SiteSnapshot(f"{BASE}/", list(pages)), ("kk", "ru", "en"))


NOT_HTML = [page(content_type="application/pdf"), page(status=404), page(status=None, error="timeout")]
SESSIONS = """
<header><p>Updated 19.11.2026</p></header>
<main><h1>Sessions of the maslikhat</h1><ul>
  <li><a href="/s/12">Session XII</a> <span>12 March 2026</span></li>
  <li><a href="/s/13">Session XIII</a> <span>15.06.2026</span></li>
  <li><a href="/s/14">Session XIV</a> <time>2026-12-10</time></li>
  <li><a href="/s/archive">Archive of sessions</a></li>
</ul></main>
<footer>© 2026 · 01.01.2026</footer>
"""


class TestDatedEntries:
    def test_counts_the_entries_of_a_list_that_carry_a_date_not_the_headers_or_footers(self) -> None:
        result = dated_entries(page("/council/", SESSIONS), EntriesParams(min_entries=3), CTX)
        assert result.outcome is Outcome.PASS
        assert result.summary == "Lists 3 entries with a date (the latest 2026-12-10)."
        assert result.evidence[0].detail == "2026-12-10: Session XIV 2026-12-10"

    def test_too_few_dated_entries_fail_and_say_how_many_were_found(self) -> None:
        result = dated_entries(page("/council/", SESSIONS), EntriesParams(min_entries=4), CTX)
        assert result.outcome is Outcome.FAIL
        assert result.summary == "Lists 3 entries with a date; at least 4 expected."

    def test_upcoming_counts_only_entries_dated_from_the_day_of_the_crawl(self) -> None:
        result = dated_entries(page("/hearings/", SESSIONS), EntriesParams(min_entries=1, upcoming=True), CTX)
        assert result.outcome is Outcome.PASS
        assert result.summary == "Lists 1 entry dated on or after 2026-11-20 (the next 2026-12-10)."
        past_only = SESSIONS.replace("2026-12-10", "2026-10-10")
        result = dated_entries(page("/hearings/", past_only), EntriesParams(min_entries=1, upcoming=True), CTX)
        assert result.outcome is Outcome.FAIL
        assert result.summary == "Lists 0 entries dated on or after 2026-11-20; at least 1 expected."

    def test_repeated_blocks_are_entries_and_kazakh_and_russian_dates_are_read(self) -> None:
        cards = (
            '<div class="news"><div class="card"><h3>Жаңа саябақ</h3><p>2026 жылғы 2 қараша</p></div>'
            '<div class="card"><h3>Новая школа</h3><p>5 ноября 2026 г.</p></div>'
            '<div class="card"><h3>Жол жөндеу</h3><p>10.11.2026</p></div></div>'
        )
        result = dated_entries(page("/news/", cards), EntriesParams(min_entries=3), CTX)
        assert result.outcome is Outcome.PASS, result.summary
        assert {e.detail.split(":")[0] for e in result.evidence} == {"2026-11-02", "2026-11-05", "2026-11-10"}

    def test_a_page_whose_only_date_is_its_own_is_no_list(self) -> None:
        body = "<main><h1>Council</h1><p>The council meets monthly. Updated 12.11.2026.</p></main>"
        result = dated_entries(page("/council/", body), EntriesParams(), CTX)
        assert result.outcome is Outcome.FAIL
        assert result.summary == "Lists 0 entries with a date; at least 2 expected."

    @pytest.mark.parametrize("snapshot", NOT_HTML)
    def test_not_applicable_to_what_is_not_an_html_page(self, snapshot: PageSnapshot) -> None:
        assert dated_entries(snapshot, EntriesParams(), CTX).outcome is Outcome.NOT_APPLICABLE


PETITION = Form(action=f"{BASE}/report/send", method="post", fields=3, has_submit=True, is_search=False)
SEARCH = Form(action=f"{BASE}/search", method="get", fields=1, has_submit=True, is_search=True)
LOGIN = Form(f"{BASE}/login", "post", 2, True, False, ("login", "password"))
SUBSCRIBE = Form(f"{BASE}/subscribe", "post", 1, True, False, ("email",))


class TestFormWithinReach:
    def test_a_form_on_the_page_itself_passes(self) -> None:
        result = form_within_reach(page("/report/", forms=(SEARCH, PETITION)), ReachParams(), CTX)
        assert result.outcome is Outcome.PASS
        assert result.summary == f"Holds a form posting to {BASE}/report/send with 3 fields."

    def test_a_form_one_link_away_in_the_page_content_passes(self) -> None:
        hub = page("/report/", links=(Link(f"{BASE}/report/new/", "Send a report", region="main"),))
        target = page("/report/new/", forms=(PETITION,))
        result = form_within_reach(hub, ReachParams(), in_site(hub, target))
        assert result.outcome is Outcome.PASS
        assert (
            result.summary
            == f"Links to {BASE}/report/new/, which holds a form posting to {BASE}/report/send with 3 fields."
        )
        assert result.evidence[0].url == f"{BASE}/report/new/"

    def test_a_form_behind_a_footer_link_sign_in_search_or_single_field_does_not_count(self) -> None:
        hub = page(
            "/report/",
            forms=(SEARCH, LOGIN, SUBSCRIBE),
            links=(
                Link(f"{BASE}/feedback/", "Feedback", region="footer"),
                Link(f"{BASE}/about/", "About", region="main"),
            ),
        )
        feedback = page("/feedback/", forms=(PETITION,))
        about = page("/about/")
        result = form_within_reach(hub, ReachParams(), in_site(hub, feedback, about))
        assert result.outcome is Outcome.FAIL
        assert result.summary == "No usable form on the page nor on the 1 page its content links to."
        assert result.evidence[0].detail == "3 forms, none usable"

    def test_a_link_to_the_national_service_that_takes_the_request_passes(self) -> None:
        hub = page("/report/", links=(Link("https://eotinish.kz/kk/appeal", "eOtinish", region="main"),))
        result = form_within_reach(hub, ReachParams(hosts=["eotinish.kz"]), CTX)
        assert result.outcome is Outcome.PASS
        assert "https://eotinish.kz/kk/appeal" in result.summary

    @pytest.mark.parametrize("snapshot", NOT_HTML)
    def test_not_applicable_to_what_is_not_an_html_page(self, snapshot: PageSnapshot) -> None:
        assert form_within_reach(snapshot, ReachParams(), CTX).outcome is Outcome.NOT_APPLICABLE


class TestContactsListed:
    def test_mail_links_and_phones_after_a_label_count_once_each(self) -> None:
        leaders = page(
            "/leadership/",
            text=(
                "Әкім Асқаров Е. Қабылдау бөлмесі тел.: 8 (7172) 55-12-34. "
                "Орынбасар Смағұлова А. тел.: 8 (7172) 55-12-35"
            ),
            links=(Link("mailto:akim@akimat.gov.test", "akim@akimat.gov.test"), Link("mailto:akim@akimat.gov.test")),
        )
        result = contacts_listed(leaders, ContactsParams(min_contacts=3), CTX)
        assert result.outcome is Outcome.PASS, result.evidence
        assert result.summary == "Gives 3 e-mail addresses or phone numbers."
        assert result.evidence[0].detail.startswith("3 contacts: akim@akimat.gov.test, ")

    def test_each_head_on_a_page_of_their_own_counts_and_the_footer_does_not(self) -> None:
        leaders = page(
            "/leadership/",
            text="Mayor: John Smith. Deputy mayor: Jane Doe.",
            links=(
                Link(f"{BASE}/leadership/smith/", "John Smith", region="main"),
                Link(f"{BASE}/leadership/doe/", "Jane Doe", region="main"),
                Link("mailto:info@akimat.gov.test", "info@akimat.gov.test", region="footer"),
            ),
        )
        smith = page("/leadership/smith/", text="John Smith, mayor. Phone: +7 7172 55 12 34")
        doe = page("/leadership/doe/", links=(Link("mailto:doe@akimat.gov.test", "Write to Jane Doe"),))
        result = contacts_listed(leaders, ContactsParams(), in_site(leaders, smith, doe))
        assert result.outcome is Outcome.PASS
        assert [(e.url, e.detail) for e in result.evidence] == [
            (f"{BASE}/leadership/smith/", "1 contact: +7 7172 55 12 34"),
            (f"{BASE}/leadership/doe/", "1 contact: doe@akimat.gov.test"),
        ]
        alone = contacts_listed(leaders, ContactsParams(follow=False), in_site(leaders, smith, doe))
        assert alone.outcome is Outcome.FAIL

    def test_names_without_contacts_fail(self) -> None:
        leaders = page("/leadership/", text="Mayor: John Smith. Deputy mayor: Jane Doe. Write to the mayor's office.")
        result = contacts_listed(leaders, ContactsParams(), CTX)
        assert result.outcome is Outcome.FAIL
        assert result.summary == "Gives 0 e-mail addresses or phone numbers; at least 2 expected."
        assert [(e.url, e.detail) for e in result.evidence] == [(f"{BASE}/leadership/", "")]

    @pytest.mark.parametrize("snapshot", NOT_HTML)
    def test_not_applicable_to_what_is_not_an_html_page(self, snapshot: PageSnapshot) -> None:
        assert contacts_listed(snapshot, ContactsParams(), CTX).outcome is Outcome.NOT_APPLICABLE


class TestPhrasesPresent:
    def test_an_open_data_page_that_describes_its_sets_passes(self) -> None:
        data = page("/open-data/", text="Dataset: bus stops. Format: CSV. Licence: CC BY 4.0. Last updated 01.11.2026.")
        result = phrases_present(data, PhrasesParams(concept="dataset_metadata", min=3), CTX)
        assert result.outcome is Outcome.PASS, result.evidence
        assert result.summary.startswith("Holds ")

    def test_a_page_of_bare_links_fails_naming_what_was_sought(self) -> None:
        data = page("/open-data/", text="Bus stops. Schools. Parks.")
        result = phrases_present(data, PhrasesParams(concept="dataset_metadata", min=3), CTX)
        assert result.outcome is Outcome.FAIL
        assert result.summary == "Holds 0 phrases of open data metadata (read in kk, ru, en); at least 3 expected."

    def test_a_link_concept_is_refused(self) -> None:
        with pytest.raises(ValueError, match="a page concept is needed"):
            PhrasesParams(concept="news")

    @pytest.mark.parametrize("snapshot", NOT_HTML)
    def test_not_applicable_to_what_is_not_an_html_page(self, snapshot: PageSnapshot) -> None:
        assert (
            phrases_present(snapshot, PhrasesParams(concept="dataset_metadata"), CTX).outcome is Outcome.NOT_APPLICABLE
        )
