"""Downloader middlewares that record facts about requests."""

from __future__ import annotations

import time

from scrapy import Request

from egov_audit.crawler.snapshots import META_STARTED


class StartTimeMiddleware:
    """Notes when a request left, so a failure still has an elapsed time.

    Successful responses use Scrapy's own `download_latency`, which excludes the
    time a request waited for its throttle slot.
    """

    def process_request(self, request: Request) -> None:
        request.meta[META_STARTED] = time.monotonic()  # each attempt anew: a retry is copied with its meta
