"""The floor for this engine: a Scrapy spider that only follows same-host links.

Same crawl manners as egov-audit (robots.txt, AutoThrottle, 4 connections per
host), no snapshots, no store, no checks.

    python bench/bare_spider.py URL
"""

from __future__ import annotations

import sys
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import CrawlerProcess
from scrapy.linkextractors import LinkExtractor


class BareSpider(scrapy.Spider):
    name = "bare"

    def __init__(self, start_url: str, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.start_url = start_url
        self.host = urlsplit(start_url).hostname
        self.links = LinkExtractor(deny_extensions=[])
        self.pages = 0

    async def start(self):
        yield scrapy.Request(self.start_url)

    def parse(self, response):
        self.pages += 1
        for link in self.links.extract_links(response):
            if urlsplit(link.url).hostname == self.host:
                yield scrapy.Request(link.url)


def main() -> None:
    process = CrawlerProcess(
        {
            "ROBOTSTXT_OBEY": True,
            "AUTOTHROTTLE_ENABLED": True,
            "AUTOTHROTTLE_START_DELAY": 0.25,
            "AUTOTHROTTLE_TARGET_CONCURRENCY": 2.0,
            "CONCURRENT_REQUESTS_PER_DOMAIN": 4,
            "TELNETCONSOLE_ENABLED": False,
            "LOG_LEVEL": "WARNING",
        }
    )
    crawler = process.create_crawler(BareSpider)
    process.crawl(crawler, start_url=sys.argv[1])
    process.start()
    print(f"pages={crawler.spider.pages}")


if __name__ == "__main__":
    main()
