"""document_formats (audits/checks/content.py): documents published as dated web pages, not only as files."""

from __future__ import annotations

from egov_audit.audits.checks.content import DocumentParams, document_formats
from egov_audit.audits.checks.registry import Context
from egov_audit.audits.model import Outcome
from egov_audit.crawler.model import Link, PageSnapshot, SiteSnapshot

BASE = "https://portal.gov.test"
PARAMS = DocumentParams(extensions=["pdf", "docx"], min_chars=300, max_share=0.5)
LONG_KK = ("Облыстық бюджеттің атқарылуы туралы есеп. " * 10) + "Есеп 2026 жылғы 1 қазандағы жағдай бойынша жасалды."
LONG_RU = ("Отчёт об исполнении областного бюджета. " * 10) + "Составлен 1 октября 2026 г."
LONG_UNDATED = "Budget execution report of the region with figures by sector. " * 10


def linking(path: str, text: str, *documents: str) -> PageSnapshot:
    return PageSnapshot(
        url=f"{BASE}{path}",
        status=200,
        content_type="text/html",
        text=text,
        main_chars=len(text),
        links=tuple(Link(f"{BASE}{d}", "report") for d in documents),
    )


def test_documents_beside_a_dated_html_version_pass_in_kazakh_and_russian() -> None:
    site = SiteSnapshot(
        f"{BASE}/", [linking("/kk/budget/", LONG_KK, "/docs/a.pdf"), linking("/ru/budget/", LONG_RU, "/docs/b.DOCX")]
    )
    result = document_formats(site, PARAMS, Context(site, ("kk", "ru", "en")))
    assert result.outcome is Outcome.PASS
    assert result.summary.startswith("0 of 2 documents")


def test_documents_only_as_files_fail_and_say_why() -> None:
    site = SiteSnapshot(
        f"{BASE}/",
        [
            linking("/a/", "Download the report.", "/docs/a.pdf"),
            linking("/b/", LONG_UNDATED, "/docs/b.pdf"),
            linking("/c/", LONG_RU, "/docs/c.pdf"),
        ],
    )
    result = document_formats(site, PARAMS, Context(site, ("kk", "ru", "en")))
    assert result.outcome is Outcome.FAIL
    details = {e.url.rsplit("/", 1)[1]: e.detail for e in result.evidence}
    assert details == {"a.pdf": f"no HTML version on {BASE}/a/", "b.pdf": f"no date on {BASE}/b/"}


def test_each_document_counts_once_and_other_links_are_ignored() -> None:
    site = SiteSnapshot(
        f"{BASE}/",
        [linking("/a/", LONG_RU, "/docs/a.pdf", "/page/", "/docs/data.csv"), linking("/b/", "short", "/docs/a.pdf")],
    )
    assert document_formats(site, PARAMS, Context(site, ("kk", "ru", "en"))).summary.startswith("0 of 1 documents")


def test_not_applicable_without_documents() -> None:
    site = SiteSnapshot(f"{BASE}/", [linking("/", LONG_RU, "/about/")])
    assert document_formats(site, PARAMS, Context(site, ("kk", "ru", "en"))).outcome is Outcome.NOT_APPLICABLE


def test_a_document_on_another_host_is_not_the_portals_own() -> None:
    elsewhere = linking("/a/", "Download the report.", "/docs/a.pdf")
    elsewhere.links = (Link("https://files.other.test/report.pdf", "National report"),)
    site = SiteSnapshot(f"{BASE}/", [elsewhere])
    result = document_formats(site, PARAMS, Context(site))
    assert result.outcome is Outcome.NOT_APPLICABLE and result.summary == "No document links."
