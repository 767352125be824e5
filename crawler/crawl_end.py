"""What a crawl hands back when it ends: why it stopped, and how it found the portal's pages.

Apart from crawler.runner so that a process that receives it from a crawl's own process
(crawler/apart.py) does not import Scrapy to read it.
"""

from __future__ import annotations

from dataclasses import dataclass

from egov_audit.crawler.discovery import DiscoveryRecord
from egov_audit.crawler.model import StopReason


@dataclass(frozen=True, slots=True)
class CrawlEnd:
    stop: StopReason
    discovery: DiscoveryRecord
