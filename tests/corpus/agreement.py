"""How the audit's verdicts on a corpus portal agree with its labels: shared by the regression test
(tests/audits/test_corpus.py, in-process: the pages go through the crawl's page reader and the
rules, no server) and the bench (bench/corpus_bench.py, end to end with `egov-audit check`)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime
from urllib.parse import urlsplit

from scrapy.http import HtmlResponse

from egov_audit.audits.engine import evaluate
from egov_audit.audits.rulebook import load_rules
from egov_audit.crawler.model import FetchKind, PageSnapshot, SiteSnapshot
from egov_audit.crawler.page_content import read_page
from tests.corpus.portal import Expected, build, expected

BASE = "http://portal.test"


@dataclass(frozen=True)
class Verdict:
    """One rule on one portal: the outcome and the evidence's page, against the labels."""

    language: str
    rule: str
    expected: Expected
    outcome: str
    evidence_url: str | None

    @property
    def verdict_right(self) -> bool:
        return self.outcome == self.expected.outcome

    @property
    def evidence_right(self) -> bool:
        """The evidence names the labelled page (or, where no page is labelled, the verdict is right)."""
        if self.expected.page is None:
            return self.verdict_right
        named = urlsplit(self.evidence_url).path if self.evidence_url is not None else None
        return self.verdict_right and named == self.expected.page


def site_of(pages: Mapping[str, str], today: date) -> SiteSnapshot:
    """The snapshots the crawl would make of `pages` (path -> HTML), read by its own page reader."""
    fetched_at = datetime(today.year, today.month, today.day, 12, tzinfo=UTC).timestamp()
    snapshots = []
    for path, body in pages.items():
        url = f"{BASE}{path}"
        if path == "/robots.txt":
            snapshots.append(PageSnapshot(url, FetchKind.ROBOTS, status=200, text=body, fetched_at=fetched_at))
            continue
        response = HtmlResponse(url, body=body.encode(), encoding="utf-8", headers={"Content-Type": "text/html"})
        snapshot = PageSnapshot(url, status=200, content_type="text/html", fetched_at=fetched_at, size=len(body))
        read_page(response, snapshot)
        snapshots.append(snapshot)
    return SiteSnapshot(f"{BASE}/", snapshots)


def verdicts(language: str, spec: dict, outcomes: Iterable[tuple[str, str, str | None]]) -> list[Verdict]:
    """(rule, outcome, first evidence URL) of an audit, against the portal's labels."""
    by_rule = {rule: (outcome, url) for rule, outcome, url in outcomes}
    return [
        Verdict(language, rule, label, *by_rule.get(rule, ("missing", None))) for rule, label in expected(spec).items()
    ]


def audit_in_process(language: str, spec: dict, today: date) -> list[Verdict]:
    site = site_of(build(spec, today), today)
    rules = load_rules(spec.get("profile", "generic"))
    results = evaluate(rules, site)
    return verdicts(
        language, spec, ((o.rule_id, str(o.outcome), o.evidence[0].url if o.evidence else None) for o in results)
    )
