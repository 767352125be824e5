"""The one pipeline: hand each snapshot to the sink the crawl was started with."""

from __future__ import annotations

from typing import Any, Self

from scrapy.crawler import Crawler

from egov_audit.crawler.model import PageSnapshot


class SinkPipeline:
    """Passes snapshots to `spider.sink` (the store and the progress display)."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_item(self, item: Any) -> Any:
        if isinstance(item, PageSnapshot):
            self.crawler.spider.record(item)  # type: ignore[union-attr]
        return item
