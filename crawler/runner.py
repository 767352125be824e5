"""Run one crawl in this process and report why it stopped and how it found the pages.

Twisted's reactor cannot be restarted, so a process runs at most one crawl;
callers that need several (the tests, the scheduler) start a process per crawl.
"""

from __future__ import annotations

from scrapy.crawler import CrawlerProcess

from egov_audit.crawler.address_policy import AddressPolicy
from egov_audit.crawler.config import BrowserLaunch, CrawlConfig
from egov_audit.crawler.crawl_end import CrawlEnd
from egov_audit.crawler.discovery import DiscoveryMode
from egov_audit.crawler.model import StopReason
from egov_audit.crawler.settings import settings_for
from egov_audit.crawler.spiders.portal import PortalSpider, Sink

_FINISH_REASONS = {
    "finished": StopReason.FINISHED,
    "closespider_timeout": StopReason.TIME_BUDGET,
    "shutdown": StopReason.CANCELLED,
}


def run_crawl(
    config: CrawlConfig,
    sink: Sink,
    policy: AddressPolicy,
    log_enabled: bool = False,
    browser: BrowserLaunch | None = None,
) -> CrawlEnd:
    """Crawl the portal of `config`, handing every snapshot to `sink` as it comes; with `browser`,
    pages that need one are rendered as `config.discovery` says (crawler/discovery.py)."""
    walks = browser is not None and config.discovery != DiscoveryMode.HTTP
    process = CrawlerProcess(settings_for(config, policy, log_enabled, browser if walks else None))
    crawler = process.create_crawler(PortalSpider)
    process.crawl(crawler, config=config, sink=sink, browser=browser if walks else None)
    process.start()
    reason = (crawler.stats.get_value("finish_reason") if crawler.stats else None) or "finished"
    stop = _FINISH_REASONS.get(str(reason), StopReason.CANCELLED)
    spider = crawler.spider
    assert isinstance(spider, PortalSpider)  # created above
    if stop is StopReason.FINISHED and spider.frontier.dropped_for_budget:
        stop = StopReason.MAX_PAGES
    return CrawlEnd(stop, spider.discovery.record())
