"""Facts about a run that every output shares: counts, slowest pages, broken links.

The terminal summary, the JSON document and the HTML report all read these, so a
number is computed once and means the same everywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from egov_audit.audits.broken_links import BrokenLink, find_broken
from egov_audit.audits.coverage import Coverage, methodology_coverage
from egov_audit.audits.model import AuditResult, Outcome, RuleOutcome
from egov_audit.crawler.model import FetchKind, PageSnapshot

SLOWEST_SHOWN = 10


@dataclass(frozen=True, slots=True)
class Counts:
    pages: int
    html_pages: int
    documents: int
    redirects: int
    errors: int
    broken_links: int
    blocked_by_robots: int
    sitemaps: int


@dataclass(frozen=True, slots=True)
class RunFacts:
    counts: Counts
    slowest: list[PageSnapshot]
    broken: list[BrokenLink]
    failing: list[RuleOutcome]
    errored: list[RuleOutcome]
    review: list[RuleOutcome]  # the auditor's checklist: rules a human must confirm
    robots_status: str
    coverage: list[Coverage]


def run_facts(result: AuditResult) -> RunFacts:
    site = result.site
    fetched = site.fetched
    broken = find_broken(site)
    robots = next((p for p in site.pages if p.kind is FetchKind.ROBOTS), None)
    if robots is None:
        robots_status = "not read"
    elif robots.status is not None:
        robots_status = f"HTTP {robots.status}"
    else:
        robots_status = robots.error or "no answer"
    timed = [p for p in site.answered() if p.elapsed is not None and p.status is not None]
    return RunFacts(
        counts=Counts(
            pages=len(fetched),
            html_pages=sum(p.is_success and p.is_html and not p.is_redirect for p in fetched),
            documents=sum(p.is_success and not p.is_html for p in fetched),
            redirects=sum(p.is_redirect for p in fetched),
            errors=sum(p.is_broken for p in fetched),
            broken_links=len(broken),
            blocked_by_robots=sum(p.blocked_by_robots for p in site.pages),
            sitemaps=sum(p.kind is FetchKind.SITEMAP for p in site.pages),
        ),
        slowest=sorted(timed, key=lambda p: p.elapsed or 0.0, reverse=True)[:SLOWEST_SHOWN],
        broken=broken,
        failing=[o for o in result.outcomes if o.outcome is Outcome.FAIL and not o.review],
        errored=[o for o in result.outcomes if o.outcome is Outcome.ERROR and not o.review],
        review=[o for o in result.outcomes if o.review],
        robots_status=robots_status,
        coverage=methodology_coverage(result.outcomes),
    )
