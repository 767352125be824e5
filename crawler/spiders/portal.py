"""The portal spider: robots.txt first, then the start page, links and sitemaps.

Thin on purpose: the frontier decides what to fetch and in which order, `crawler.discovery` which
page is rendered in a browser as well, `crawler.snapshots` records what came back, and the
pipeline hands it on. Discovered URLs wait in the frontier; each time the crawl falls idle (every
request answered) the spider asks it for the next round, so the pages under a page cap do not
depend on which answers came first. A page to render is fetched over HTTP first; its rendering is
a second request, through scrapy-playwright (crawler/browser_walk.py), and the page's snapshot
waits for it.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin, urlsplit

import scrapy
from lxml import etree
from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import CannotResolveHostError, DontCloseSpider
from scrapy.http import Response
from twisted.internet.error import DNSLookupError
from twisted.python.failure import Failure

from egov_audit.crawler import snapshots
from egov_audit.crawler.config import BrowserLaunch, CrawlConfig
from egov_audit.crawler.discovery import Discovery as DiscoveryChoice
from egov_audit.crawler.discovery import DiscoveryMode
from egov_audit.crawler.frontier import SITEMAP_PLACE, Admitted, Candidate, Frontier, Key
from egov_audit.crawler.model import Discovery, FetchKind, PageSnapshot
from egov_audit.crawler.resolver import SETTING as ADDRESS_GUARD
from egov_audit.crawler.robots import RobotsPolicy
from egov_audit.crawler.sitemaps import read_sitemap

if TYPE_CHECKING:
    from egov_audit.crawler.browser_walk import Contexts

Sink = Callable[[PageSnapshot, int], None]
META_KEY = "egov_key"  # the page's place in the crawl order (crawler/frontier.py)
META_SERVED = "egov_served"  # a page to render: its snapshot as served over HTTP
ROUTE_PLACE = 1 << 20  # routes a page's menu items led to come after every link of the page


class PortalSpider(scrapy.Spider):
    name = "portal"

    def __init__(
        self,
        config: CrawlConfig | None = None,
        sink: Sink | None = None,
        start_url: str | None = None,
        browser: BrowserLaunch | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.config = config or CrawlConfig(start_url=start_url or "")
        self.sink: Sink = sink or (lambda snapshot, pending: None)
        self.frontier = Frontier(self.config)
        self.browser = browser
        asked = DiscoveryMode(self.config.discovery) if browser is not None else DiscoveryMode.HTTP
        self.discovery = DiscoveryChoice(asked, self.frontier.is_on_site)
        self.contexts: Contexts | None = None
        self.clicked: set[str] = set()  # menu items clicked on the portal (each once)

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> PortalSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        crawler.signals.connect(spider.on_idle, signal=signals.spider_idle)
        return spider

    def record(self, snapshot: PageSnapshot) -> None:
        """Hand a snapshot to the sink (the pipeline calls this for every item)."""
        if not snapshot.blocked_by_robots and snapshot.kind is FetchKind.PAGE:
            self.frontier.recorded += 1
        self.sink(snapshot, self.frontier.pending)

    def crawl_delay(self, host: str) -> float | None:
        """Seconds between requests to `host` that robots.txt asks for (honoured up to a cap)."""
        robots = self.frontier.robots
        if robots is None or host.lower() not in self.config.hosts:
            return None
        return self.config.honoured_delay(robots.crawl_delay)

    def on_idle(self) -> None:
        """Every request answered: release the next round of waiting URLs, if any are left."""
        engine = self.crawler.engine
        assert engine is not None  # the signal comes from it
        while rounds := self.frontier.next_round():
            requested = False
            for candidate, decision in rounds:
                if isinstance(decision, PageSnapshot):
                    self.record(decision)
                else:
                    engine.crawl(self._page_request(decision, candidate.key, candidate.hops))
                    requested = True
            if requested:
                raise DontCloseSpider

    async def start(self) -> AsyncIterator[Any]:
        if self.config.obey_robots or self.config.read_sitemaps:
            url = urljoin(self.config.start_url, "/robots.txt")
            self.frontier.mark_seen(url)
            yield self._control_request(url, FetchKind.ROBOTS, self.parse_robots)
        else:
            for item in self._begin([]):
                yield item

    def _control_request(
        self, url: str, kind: FetchKind, callback: Callable[..., Any], key: Key = ()
    ) -> scrapy.Request:
        meta = snapshots.request_meta(0, Discovery.START, None, kind)
        meta[META_KEY] = key
        return scrapy.Request(url, callback=callback, errback=self.on_control_error, meta=meta, dont_filter=True)

    def _page_request(self, admitted: Admitted, key: Key, hops: int = 0) -> scrapy.Request:
        meta = snapshots.request_meta(admitted.depth, admitted.discovery, admitted.referrer, FetchKind.PAGE)
        meta[META_KEY] = key
        meta["egov_hops"] = hops
        return scrapy.Request(
            admitted.url, callback=self.parse_page, errback=self.on_error, meta=meta, dont_filter=True
        )

    def _begin(self, sitemaps: list[str]) -> Iterator[Any]:
        start = self.frontier.admit(self.config.start_url, 0, Discovery.START, None)
        if isinstance(start, Admitted):
            yield self._page_request(start, ())
        for url, kind in self._probes():
            if self.frontier.mark_seen(url):
                yield self._control_request(url, kind, self.parse_control)
        robots = self.frontier.robots
        if self.config.read_sitemaps and (
            robots is None or robots.unreachable_reason is None or not self.config.obey_robots
        ):
            for place, url in enumerate(sitemaps or [urljoin(self.config.start_url, "/sitemap.xml")]):
                if self.frontier.is_on_site(url) and self.frontier.mark_seen(url):
                    yield self._control_request(url, FetchKind.SITEMAP, self.parse_sitemap, (place,))

    def parse_robots(self, response: Response) -> Iterator[Any]:
        yield snapshots.from_response(response, parse_html=False)
        policy = RobotsPolicy(user_agent=self.config.user_agent)  # 4xx: no robots.txt, everything allowed
        if response.status == 200:
            policy = RobotsPolicy.parse(response.body, self.config.user_agent)
        elif response.status >= 500:
            policy = RobotsPolicy.unreachable(self.config.user_agent, f"robots.txt answered {response.status}")
        self.frontier.robots = policy
        yield from self._begin([urljoin(response.url, s) for s in policy.sitemaps])

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        snapshot = snapshots.from_response(response, parse_html=False)
        follow: list[Any] = []
        if response.status == 200:
            try:
                sitemap = read_sitemap(response, self.config.max_bytes, self.config.max_sitemap_urls)
            except (ValueError, StopIteration, etree.LxmlError) as exc:  # empty or not XML at all
                snapshot.error = f"sitemap could not be read: {exc or 'empty'}"[:300]
                yield snapshot
                return
            snapshot.sitemap_entries = sitemap.entries
            if sitemap.truncated:
                snapshot.error = (
                    f"sitemap read in part: only its first {len(sitemap.entries)} entries within the caps of "
                    f"{self.config.max_sitemap_urls} URLs and {self.config.max_bytes} bytes"
                )
            key: Key = response.meta.get(META_KEY, ())
            for place, (url, _lastmod) in enumerate(sitemap.entries):
                if not sitemap.is_index:
                    entry_key = (SITEMAP_PLACE, *key, place)
                    self.frontier.discover(Candidate(url, 1, Discovery.SITEMAP, response.url, entry_key))
                elif self.frontier.is_on_site(url) and self.frontier.mark_seen(url):
                    follow.append(self._control_request(url, FetchKind.SITEMAP, self.parse_sitemap, (*key, place)))
        yield snapshot
        yield from follow

    def _probes(self) -> list[tuple[str, FetchKind]]:
        """Control files the trust checks read: security.txt, and the http:// twin of an https:// start."""
        probes = [(urljoin(self.config.start_url, "/.well-known/security.txt"), FetchKind.SECURITY_TXT)]
        start = urlsplit(self.config.start_url)
        if start.scheme == "https" and start.port is None:  # on a custom port the http:// twin is unknowable
            probes.append((f"http://{start.hostname}/", FetchKind.HTTP_PROBE))
        return probes

    def parse_control(self, response: Response) -> Iterator[PageSnapshot]:
        yield snapshots.from_response(response, parse_html=False)

    def parse_page(self, response: Response) -> Iterator[Any]:
        snapshot = snapshots.from_response(response, parse_html=True)
        if self.discovery.wants_render(snapshot):
            yield self._render_request(snapshot, response.meta)
            return
        yield from self._took(snapshot, response.meta)

    def _took(self, snapshot: PageSnapshot, meta: dict[str, Any], routes: tuple[str, ...] = ()) -> Iterator[Any]:
        """Record a page and hand the frontier what it leads to: its redirect, links and routes."""
        depth = meta["egov_depth"]
        key: Key = meta.get(META_KEY, ())
        yield snapshot
        if snapshot.is_redirect and snapshot.location:
            hops = meta.get("egov_hops", 0) + 1
            if hops <= self.config.max_redirects:
                target = Candidate(snapshot.location, depth, Discovery.REDIRECT, snapshot.url, key, hops)
                self.frontier.discover(target)
        for place, link in enumerate(snapshot.links):
            if link.url not in routes:  # found by a click: discovered as a route, below
                self.frontier.discover(Candidate(link.url, depth + 1, Discovery.LINK, snapshot.url, (*key, place)))
        for place, url in enumerate(routes):
            route = Candidate(url, depth + 1, Discovery.ROUTE, snapshot.url, (*key, ROUTE_PLACE + place))
            self.frontier.discover(route)

    def _render_request(self, served: PageSnapshot, meta: dict[str, Any]) -> scrapy.Request:
        """The request that renders `served` in the browser (a request of its own, through the same
        downloader, politeness and SSRF guard as every other)."""
        from egov_audit.crawler.browser_walk import Contexts, request_meta  # Playwright, only when needed

        assert self.browser is not None  # only a crawl with a browser renders
        if self.contexts is None:
            self.contexts = Contexts()
        render_meta = {key: value for key, value in meta.items() if key.startswith("egov_") or key == META_KEY}
        render_meta.update(request_meta(self.contexts, self.config, self.browser))
        render_meta[META_SERVED] = served
        return scrapy.Request(
            served.url,
            callback=self.parse_rendered,
            errback=self.on_render_error,
            meta=render_meta,
            dont_filter=True,
        )

    async def parse_rendered(self, response: Response) -> AsyncIterator[Any]:
        """The rendered page stands for the page when discovery takes it; its menu items are then
        explored for routes, and axe-core runs in it when the run renders for accessibility."""
        from egov_audit.crawler.browser_walk import explore

        served: PageSnapshot = response.meta[META_SERVED]
        page = response.meta.get("playwright_page")
        rendered = snapshots.rendered(served, response)
        routes: tuple[str, ...] = ()
        taken = rendered is not None and self.discovery.take_rendered(served, rendered)
        try:
            if taken and rendered is not None and page is not None:
                if self.browser is not None and self.browser.audit is not None:
                    rendered.axe = await self.browser.audit(page, served.url)
                routes = snapshots.add_routes(rendered, await explore(page, self.clicked))
                self.discovery.routes += len(routes)
        finally:
            assert self.contexts is not None  # a rendered page came through one
            await self.contexts.release(page, response.meta.get("playwright_context", ""))
        chosen = rendered if taken and rendered is not None else served
        for item in self._took(chosen, response.meta, routes):
            yield item

    def on_render_error(self, failure: Failure) -> Iterator[Any]:
        """The browser failed on a page (a timeout, a crash): the page keeps its HTML as served, and
        the error is recorded with it."""
        from egov_audit.crawler.browser_walk import describe_failure

        request = failure.request  # type: ignore[attr-defined]
        served: PageSnapshot = request.meta[META_SERVED]
        if self.contexts is not None:  # the page is closed whatever became of it
            page, context = request.meta.get("playwright_page"), request.meta.get("playwright_context", "")
            self.contexts.release_soon(page, context)
        served.browser_error = describe_failure(failure.value, self.config.timeout)
        self.discovery.browser_errors += 1
        yield from self._took(served, request.meta)

    def on_error(self, failure: Failure) -> Iterator[PageSnapshot]:
        yield self._failed(failure)

    def _failed(self, failure: Failure) -> PageSnapshot:
        """A failure's snapshot; a host the SSRF guard refused says so rather than "does not resolve"."""
        snapshot = snapshots.from_failure(failure, self.config.max_bytes, self.config.timeout)
        guard = self.crawler.settings.get(ADDRESS_GUARD)
        refusal = guard.refusal_for(urlsplit(snapshot.url).hostname or "") if guard is not None else None
        if refusal is not None and isinstance(failure.value, CannotResolveHostError | DNSLookupError):
            snapshot.error = refusal
        return snapshot

    def on_control_error(self, failure: Failure) -> Iterator[Any]:
        """A robots.txt or sitemap that failed is recorded; the crawl goes on without it."""
        snapshot = self._failed(failure)
        yield snapshot
        if snapshot.kind is FetchKind.ROBOTS:
            self.frontier.robots = RobotsPolicy.unreachable(self.config.user_agent, f"robots.txt: {snapshot.error}")
            yield from self._begin([])
