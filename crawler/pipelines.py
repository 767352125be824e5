"""The one pipeline: hand each snapshot to the sink the crawl was started with."""

from __future__ import annotations

from typing import Any, Self

from scrapy.crawler import Crawler

from egov_audit.crawler.model import FetchKind, PageSnapshot


class SinkPipeline:
    """Passes snapshots to `spider.sink` (the store and the progress display)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        spider = self.crawler.spider
        if isinstance(item, PageSnapshot):
            frontier = spider.frontier  # type: ignore[union-attr]
            if not item.blocked_by_robots and item.kind is FetchKind.PAGE:
                frontier.recorded += 1
            spider.sink(item, frontier.pending)  # type: ignore[union-attr]
        return item
