"""Run one crawl in this process and report why it stopped.

Twisted's reactor cannot be restarted, so a process runs at most one crawl;
callers that need several (the tests, the scheduler) start a process per crawl.
"""

from __future__ import annotations

from scrapy.crawler import CrawlerProcess

from egov_audit.crawler.address_policy import AddressPolicy
from egov_audit.crawler.config import CrawlConfig
from egov_audit.crawler.model import StopReason
from egov_audit.crawler.settings import settings_for
from egov_audit.crawler.spiders.portal import PortalSpider, Sink

_FINISH_REASONS = {
    "finished": StopReason.FINISHED,
    "closespider_timeout": StopReason.TIME_BUDGET,
    "shutdown": StopReason.CANCELLED,
}


def run_crawl(config: CrawlConfig, sink: Sink, policy: AddressPolicy, log_enabled: bool = False) -> StopReason:
    """Crawl the portal of `config`, handing every snapshot to `sink` as it comes."""
    process = CrawlerProcess(settings_for(config, policy, log_enabled))
    crawler = process.create_crawler(PortalSpider)
    process.crawl(crawler, config=config, sink=sink)
    process.start()
    reason = (crawler.stats.get_value("finish_reason") if crawler.stats else None) or "finished"
    stop = _FINISH_REASONS.get(str(reason), StopReason.CANCELLED)
    spider = crawler.spider
    if stop is StopReason.FINISHED and isinstance(spider, PortalSpider) and spider.frontier.dropped_for_budget:
        return StopReason.MAX_PAGES
    return stop
