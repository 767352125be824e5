"""Discovery checks: robots.txt and sitemaps, and what the sitemaps say about freshness."""

from __future__ import annotations

from datetime import UTC, date, datetime

from pydantic import BaseModel, ConfigDict, Field, field_validator

from egov_audit.audits.checks.registry import Params, site_check
from egov_audit.audits.checks.text_match import compiled, validate_regexes
from egov_audit.audits.model import CheckResult, Evidence, Outcome
from egov_audit.audits.notes import Listing, Note, note
from egov_audit.crawler.model import FetchKind, SiteSnapshot


@site_check("robots_and_sitemap")
def robots_and_sitemap(site: SiteSnapshot, params: Params) -> CheckResult:
    """robots.txt answers, and at least one sitemap answers with URLs in it."""
    robots = next((p for p in site.pages if p.kind is FetchKind.ROBOTS), None)
    sitemaps = [p for p in site.pages if p.kind is FetchKind.SITEMAP]
    no_robots = robots is None or not robots.is_success
    listed = [s for s in sitemaps if s.is_success and s.sitemap_entries]
    evidence = tuple(
        Evidence(p.url, f"HTTP {p.status}" if p.status else p.error or "")
        for p in ([robots] if robots else []) + sitemaps
    )
    if no_robots or not listed:
        code = "no_robots_no_sitemap" if no_robots and not listed else "no_robots" if no_robots else "no_sitemap"
        return CheckResult.of(Outcome.FAIL, note(code), evidence)
    entries = sum(len(s.sitemap_entries) for s in listed)
    return CheckResult.of(Outcome.PASS, note("robots_and_sitemaps", n=len(listed), entries=entries), evidence)


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    url: str = Field(description="regular expression on the URLs of the section")
    max_age_days: int = Field(ge=0)

    @field_validator("url")
    @classmethod
    def _regex(cls, value: str) -> str:
        return validate_regexes([value])[0]


class FreshSitemapParams(Params):
    sections: list[Section] = Field(min_length=1)


def _lastmod(value: str) -> date | None:
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).date() if value else None
    except ValueError:
        return None


@site_check("sitemap_freshness", FreshSitemapParams)
def sitemap_freshness(site: SiteSnapshot, params: FreshSitemapParams) -> CheckResult:
    """Each section's newest sitemap `lastmod` is at most its `max_age_days` old (as of the crawl)."""
    sitemaps = [p for p in site.pages if p.kind is FetchKind.SITEMAP and p.sitemap_entries]
    if not sitemaps:
        return CheckResult.of(Outcome.NOT_APPLICABLE, note("no_sitemap_entries"))
    crawl_day = datetime.fromtimestamp(max(s.fetched_at for s in sitemaps), UTC).date()
    entries = [(loc, _lastmod(lastmod)) for s in sitemaps for loc, lastmod in s.sitemap_entries]
    evidence: list[Evidence] = []
    stale: list[Note] = []
    decided = 0
    for section in params.sections:
        dates = [d for loc, d in entries if d is not None and compiled(section.url).search(loc)]
        if not dates:
            evidence.append(Evidence.of(section.url, note("no_lastmod", section=section.name)))
            continue
        decided += 1
        age = (crawl_day - max(dates)).days
        modified = note("last_modified", section=section.name, date=str(max(dates)), n=age)
        evidence.append(Evidence.of(section.url, modified))
        if age > section.max_age_days:
            stale.append(note("stale_section", section=section.name, n=age, max=section.max_age_days))
    if not decided:
        return CheckResult.of(Outcome.NOT_APPLICABLE, note("no_lastmod_for_sections"), tuple(evidence))
    if stale:
        return CheckResult.of(Outcome.FAIL, note("stale", sections=Listing(tuple(stale))), tuple(evidence))
    return CheckResult.of(Outcome.PASS, note("sections_fresh"), tuple(evidence))
