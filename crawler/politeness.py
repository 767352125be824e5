"""Manners: honour robots.txt's Crawl-delay and Retry-After, and back off from a host that keeps failing.

Scrapy's retry middleware decides *whether* a request is tried again (bounded by
`retries`); this middleware decides *when* any request may reach a host again.
A host that answers 429 or 503 with Retry-After is left alone for that long; a
host whose answers keep failing (5xx, timeouts, resets) waits twice as long
after each failure in a row, and after `MAX_FAILURES_IN_A_ROW` it is not asked
again: a portal that is down is not hammered by four connections and their
retries, and its remaining URLs are recorded as not fetched, with the reason. A portal whose
robots.txt asks for a Crawl-delay gets one request at a time at least that far apart (up to the
crawl's `max_crawl_delay`), per host as the other limits.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from email.utils import parsedate_to_datetime
from typing import Self
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import Response

from egov_audit.crawler.resolver import SETTING as ADDRESS_GUARD
from egov_audit.crawler.resolver import AddressGuard

FIRST_BACKOFF = 0.5  # seconds after the first failure in a row
MAX_BACKOFF = 5.0
MAX_FAILURES_IN_A_ROW = 10
MAX_RETRY_AFTER = 300.0  # a portal asking for longer is waited for this long, then asked again
META_GATE = "egov_gate"


class HostGaveUp(IgnoreRequest):
    """A request not sent because its host failed too often in a row."""


def retry_after_seconds(value: str | None, now: float) -> float | None:
    """Seconds a Retry-After header asks for (delta-seconds or an HTTP date), None when absent or unreadable."""
    if not value:
        return None
    text = value.strip()
    if text.isdigit():
        return min(float(text), MAX_RETRY_AFTER)
    try:
        when = parsedate_to_datetime(text).timestamp()
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    return min(max(when - now, 0.0), MAX_RETRY_AFTER)


def is_failure(status: int) -> bool:
    return status == 429 or status >= 500


@dataclass(slots=True)
class HostState:
    gate: asyncio.Semaphore  # requests past this middleware, on their way to the host or back
    resume_at: float = 0.0  # monotonic time before which no request may leave for this host
    failures_in_a_row: int = 0  # distinct URLs that failed since the host last answered well
    failing: set[str] = field(default_factory=set)  # those URLs

    def pause(self, seconds: float) -> None:
        self.resume_at = max(self.resume_at, time.monotonic() + seconds)

    def failed(self, url: str) -> None:
        """Every failed attempt backs off; only a URL not yet failing counts towards giving up on the
        host: retrying one URL says nothing more about the host, and a run of broken links met one
        after another (the crawl takes a page's links in order) is not a host that is down."""
        if url not in self.failing:
            self.failing.add(url)
            self.failures_in_a_row += 1
        self.pause(min(FIRST_BACKOFF * 2 ** (self.failures_in_a_row - 1), MAX_BACKOFF))

    def answered(self) -> None:
        self.failures_in_a_row = 0
        self.failing.clear()


@dataclass(slots=True)
class HostBackoff:
    """The downloader middleware; it sits nearer the network than the retry middleware."""

    per_host: int
    guard: AddressGuard | None = None
    hosts: dict[str, HostState] = field(default_factory=dict)
    # The Crawl-delay owed to a host (None: none), asked when a request is about to leave: the spider
    # knows it once robots.txt is read.
    crawl_delay: Callable[[str], float | None] = lambda host: None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        def crawl_delay(host: str) -> float | None:
            delay = getattr(crawler.spider, "crawl_delay", None)
            return delay(host) if callable(delay) else None

        return cls(
            crawler.settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"),
            crawler.settings.get(ADDRESS_GUARD),
            crawl_delay=crawl_delay,
        )

    def state(self, request: Request) -> HostState:
        host = urlsplit(request.url).netloc.lower()
        if host not in self.hosts:
            self.hosts[host] = HostState(gate=asyncio.Semaphore(self.per_host))
        return self.hosts[host]

    async def process_request(self, request: Request) -> None:
        # The gate admits as many requests per host as the download slot would, so
        # a request decides whether to go only when it is next: none queues past a
        # pause or a give-up. Waits here hold no download slot; other hosts go on.
        state = self.state(request)
        await state.gate.acquire()
        while (wait := state.resume_at - time.monotonic()) > 0:
            await asyncio.sleep(wait)
        if state.failures_in_a_row >= MAX_FAILURES_IN_A_ROW:
            state.gate.release()
            raise HostGaveUp(
                f"not fetched: the host failed {state.failures_in_a_row} times in a row, so the crawl stopped asking it"
            )
        if delay := self.crawl_delay(urlsplit(request.url).hostname or ""):
            state.pause(delay)  # the next request to this host waits that long after this one leaves
        request.meta[META_GATE] = True

    def _leave(self, request: Request) -> HostState:
        state = self.state(request)
        if request.meta.pop(META_GATE, False):  # popped before the retry middleware copies the request
            state.gate.release()
        return state

    def process_response(self, request: Request, response: Response) -> Response:
        state = self._leave(request)
        if not is_failure(response.status):
            state.answered()
            return response
        state.failed(request.url)
        header = response.headers.get(b"Retry-After")
        asked = retry_after_seconds(header.decode("latin-1") if header else None, time.time())
        if asked is not None:
            state.pause(asked)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        host = urlsplit(request.url).hostname or ""
        if self.guard is not None and self.guard.refusal_for(host) is not None:
            request.meta["dont_retry"] = (
                True  # the SSRF guard will refuse it again: nothing failed, nothing to wait for
            )
            self._leave(request)
            return
        if isinstance(exception, DownloadCancelledError):  # our size cap: the host was answering
            self._leave(request).answered()
            return
        if request.meta.get("playwright"):  # the browser failed on a page the host served over HTTP
            self._leave(request)
            return
        self._leave(request).failed(request.url)
