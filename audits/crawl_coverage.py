"""Coverage: how much of a portal a run examined, and whether that is enough to compare it.

A score is only as good as what it was computed over: one page reached because every link left
through a `<base href>` to another host, a crawl cut after five pages or at its time budget, a
portal whose robots.txt keeps crawlers out. Such a run is still stored and shown, with the reason
and a hint, but flagged low-coverage and not ranked or compared with full runs. The thresholds
are the profile's (`comparable:` in rules/profiles/NAME.yaml); docs/scores.md states the rules.
"""

from __future__ import annotations

from collections import Counter
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field

from egov_audit.audits.model import CrawlCoverage
from egov_audit.audits.notes import Note, note
from egov_audit.crawler.config import CrawlConfig
from egov_audit.crawler.model import FetchKind, SiteSnapshot, StopReason
from egov_audit.crawler.robots import RobotsPolicy

HOSTS_KEPT = 5


class Comparability(BaseModel):
    """A profile's thresholds below which a run is too thin to compare with others."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    min_pages: int = Field(10, ge=1, description="pages that must answer unless the portal has no more")
    max_off_site_share: float = Field(
        0.5, ge=0, le=1, description="share of links leading off the portal beyond which a thin crawl is suspect"
    )


def crawl_coverage(
    site: SiteSnapshot, stop: StopReason | None, config: CrawlConfig, thresholds: Comparability
) -> CrawlCoverage:
    """What the crawl reached and where its links went; the reasons it is too thin to compare, if any."""
    answered = [p for p in site.answered() if p.status is not None]
    own = site.own_hosts()
    targets: set[str] = set()
    for page in answered:
        targets.update(link.url for link in page.links if urlsplit(link.url).scheme in ("http", "https"))
    off_site = Counter(host for url in targets if (host := (urlsplit(url).hostname or "").lower()) not in own)
    cut_by = None if stop in (None, StopReason.FINISHED) else str(stop)
    refused = sum(p.blocked_by_robots for p in site.pages)
    delay = _crawl_delay(site, config)
    coverage = CrawlCoverage(
        pages=len(answered),
        links=len(targets),
        links_off_site=sum(off_site.values()),
        off_site_hosts=tuple(sorted(off_site.items(), key=lambda item: (-item[1], item[0]))[:HOSTS_KEPT]),
        cut_by=cut_by,
        robots_refused=refused,
        crawl_delay=delay,
    )
    reasons, hints = _thin(coverage, config, thresholds)
    return CrawlCoverage(**{**_fields(coverage), "reasons": tuple(reasons), "hints": tuple(hints)})


def _fields(coverage: CrawlCoverage) -> dict[str, object]:
    return {name: getattr(coverage, name) for name in CrawlCoverage.__dataclass_fields__}


def _crawl_delay(site: SiteSnapshot, config: CrawlConfig) -> float | None:
    """The delay robots.txt asks of egov-audit, as the crawl honoured it (capped), or None."""
    robots = next((p for p in site.pages if p.kind is FetchKind.ROBOTS and p.status == 200), None)
    if robots is None or not config.obey_robots:
        return None
    return config.honoured_delay(RobotsPolicy.parse(robots.text.encode(), config.user_agent).crawl_delay)


def _thin(coverage: CrawlCoverage, config: CrawlConfig, thresholds: Comparability) -> tuple[list[Note], list[Note]]:
    reasons: list[Note] = []
    hints: list[Note] = []
    few = coverage.pages < thresholds.min_pages
    reached = {"pages": coverage.pages, "min": thresholds.min_pages}
    if coverage.cut_by == StopReason.TIME_BUDGET:
        reasons.append(note("time_budget", budget=f"{config.time_budget:g}", pages=coverage.pages))
        if coverage.crawl_delay:
            fit = int(config.time_budget // coverage.crawl_delay)
            reasons.append(note("crawl_delay", delay=f"{coverage.crawl_delay:g}", fit=fit))
        hints.append(note("more_time"))
    elif coverage.cut_by == StopReason.CANCELLED:
        reasons.append(note("cancelled", pages=coverage.pages))
    elif coverage.cut_by == StopReason.MAX_PAGES and few:
        reasons.append(note("page_cap", cap=config.max_pages, **reached))
        hints.append(note("raise_cap"))
    if not few or coverage.cut_by is not None:
        return reasons, hints
    if coverage.links and coverage.off_site_share >= thresholds.max_off_site_share:
        hosts = ", ".join(host for host, _links in coverage.off_site_hosts[:3])
        share = f"{coverage.off_site_share:.0%}"
        reasons.append(note("off_site", share=share, links=coverage.links, hosts=hosts, **reached))
        hints.append(note("allow_host", host=coverage.off_site_hosts[0][0]))
    if coverage.robots_refused:
        reasons.append(note("robots", refused=coverage.robots_refused, **reached))
        hints.append(note("robots_own_site"))
    if not coverage.links:
        reasons.append(note("no_links", **reached))
    return reasons, hints
