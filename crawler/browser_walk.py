"""The browser side of a crawl: scrapy-playwright as Scrapy's download handler for the requests
that ask for a browser, and what is done in a rendered page before its links are read.

Scrapy keeps the rest: robots.txt, politeness, the frontier, the budgets and the snapshots are the
same for a page fetched over HTTP and a page rendered. A rendered page is first let settle (the
network idle, or SETTLE_SECONDS at most), then its DOM is read, then its menu items that carry no
address are clicked to find the client-side routes they lead to (a `pushState`, a hash change or a
navigation, which is recorded and stopped). Contexts are recycled every RECYCLE_PAGES pages, so a
long walk keeps its memory flat; every page is closed by the spider, whatever became of it.
"""

from __future__ import annotations

import asyncio
import contextlib
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Page, Request, Route
from playwright.async_api import TimeoutError as PlaywrightTimeoutError
from scrapy.crawler import Crawler
from scrapy.http import Request as ScrapyRequest
from scrapy.http import Response
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler
from scrapy_playwright.page import PageMethod

from egov_audit.crawler.config import BrowserLaunch, CrawlConfig
from egov_audit.crawler.discovery import SETTLE_SECONDS

RECYCLE_PAGES = 50  # pages a browser context serves before a fresh one takes over
MAX_CLICKS = 40  # menu items clicked on one page (items clicked before on the portal are not clicked again)
CLICK_WAIT_MS = 150  # after a click, how long a router has to change the address
BROWSER_PAGES = 2  # pages rendered at once: each is a renderer process (2 cores here)

HANDLER = "egov_audit.crawler.browser_walk.LazyPlaywrightHandler"
REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"

# Every address change a page's script makes, in the order made: routers call pushState or
# replaceState, or change the hash. Installed before the page's own scripts run.
ROUTE_HOOKS = """
(() => {
  if (window.__egovRoutes) return;
  const seen = [];
  Object.defineProperty(window, "__egovRoutes", {value: seen});
  for (const name of ["pushState", "replaceState"]) {
    const original = history[name];
    history[name] = function (state, title, url) {
      if (url !== undefined && url !== null) {
        try { seen.push(new URL(String(url), location.href).href); } catch (error) {}
      }
      return original.apply(this, arguments);
    };
  }
  window.addEventListener("hashchange", () => seen.push(location.href));
})();
"""

# Menu items a router may act on: in a menu, header, navigation or side bar, something a citizen
# clicks that has no address of its own. Never inside a form, never a submit or reset button:
# exploring must not send anything. Each comes with its words, the landmark it sits in and a
# signature (tag, role and words), so an item that every route repeats is clicked once per portal.
MENU_ITEMS = """
() => {
  const scopes = "nav, header, aside, [role=navigation], [role=menubar], [role=menu], [role=tablist], [role=banner]";
  const items = "a:not([href]), [role=link], [role=menuitem], [role=tab], button, [onclick], [data-href], "
    + "[data-route], [data-link], [routerlink]";
  const landmarks = {header: "header", nav: "nav", aside: "aside", banner: "header", navigation: "nav",
    complementary: "aside", menubar: "nav", menu: "nav", tablist: "nav"};
  const found = [];
  document.querySelectorAll(items).forEach((element, index) => {
    const scope = element.closest(scopes);
    if (!scope || element.closest("form")) return;
    if (element.matches("a[href]") && !element.matches("[role=link], [role=menuitem], [role=tab]")) return;
    const type = (element.getAttribute("type") || "").toLowerCase();
    if (element.matches("button") && (type === "submit" || type === "reset")) return;
    if (!element.getClientRects().length) return;
    const words = (element.innerText || element.getAttribute("aria-label") || "").trim().replace(/\\s+/g, " ");
    if (!words) return;
    const region = landmarks[scope.getAttribute("role") || ""] || landmarks[scope.tagName.toLowerCase()] || "";
    found.push({index, words: words.slice(0, 200), region,
      signature: [element.tagName, element.getAttribute("role") || "", words.slice(0, 80)].join("|")});
  });
  return found;
}
"""

PUSHED = "() => (window.__egovRoutes || []).length"
PUSHED_SINCE = "(start) => Array.from(window.__egovRoutes || []).slice(start)"

CLICK = """
async ([index, wait]) => {
  const items = "a:not([href]), [role=link], [role=menuitem], [role=tab], button, [onclick], [data-href], "
    + "[data-route], [data-link], [routerlink]";
  const element = document.querySelectorAll(items)[index];
  if (!element) return false;
  element.click();
  await new Promise((resolve) => setTimeout(resolve, wait));
  return true;
}
"""


class LazyPlaywrightHandler(ScrapyPlaywrightDownloadHandler):
    """scrapy-playwright's handler, with Playwright started by the first request that asks for a
    browser rather than when the crawl starts: a portal walked over HTTP starts no Playwright driver
    (about 50 MB) and no Chromium. Pinned to scrapy-playwright 0.0.48, whose launch this defers."""

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        self._started = False
        self._start_lock = asyncio.Lock()

    async def _maybe_launch_in_thread(self) -> None:
        pass  # at the engine's start: nothing yet

    async def _create_page(self, request: ScrapyRequest, spider: Any) -> Page:
        page = await super()._create_page(request=request, spider=spider)
        # scrapy-playwright counts every request and response of a page in Scrapy's stats: each is
        # an event the driver sends to Python, which the walk has no use for.
        page.remove_listener("request", self._increment_request_stats)
        page.remove_listener("response", self._increment_response_stats)
        return page

    async def _download_request(self, request: ScrapyRequest, spider: Any = None) -> Response:
        async with self._start_lock:
            if not self._started:
                await self._launch()
                self._started = True
        return await super()._download_request(request, spider)


def browser_settings(config: CrawlConfig, browser: BrowserLaunch) -> dict[str, Any]:
    """The settings that let a crawl's requests ask for a browser."""
    launch: dict[str, Any] = {"headless": True, "args": list(browser.args)}
    if browser.executable is not None:
        launch["executable_path"] = browser.executable
    return {
        "TWISTED_REACTOR": REACTOR,
        "DOWNLOAD_HANDLERS": {"http": HANDLER, "https": HANDLER},
        "PLAYWRIGHT_LAUNCH_OPTIONS": launch,
        "PLAYWRIGHT_MAX_PAGES_PER_CONTEXT": BROWSER_PAGES,
        # The live context and the one being retired, whose last pages are finishing.
        "PLAYWRIGHT_MAX_CONTEXTS": 2,
        "PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT": config.timeout * 1000,
        "PLAYWRIGHT_RESTART_DISCONNECTED_BROWSER": True,
        # The browser sends its own headers, as a citizen's does (the context names egov-audit in its
        # User-Agent): scrapy-playwright's merging of Scrapy's headers into every request of the
        # page cost CPU for nothing.
        "PLAYWRIGHT_PROCESS_REQUEST_HEADERS": None,
    }


async def settle(page: Page) -> str:
    """Let the page's scripts finish building it: the network idle, or SETTLE_SECONDS at most."""
    try:
        await page.wait_for_load_state("networkidle", timeout=SETTLE_SECONDS * 1000)
    except PlaywrightError:
        return f"bounded wait of {SETTLE_SECONDS:g} s"
    return "network idle"


async def prepare(page: Page, request: ScrapyRequest, scripts: tuple[str, ...] = ()) -> None:
    """Before the page loads: record its address changes, and the run's own scripts (axe-core's set-up);
    dialogs dismissed, new windows closed."""
    page.on("dialog", lambda dialog: asyncio.ensure_future(dialog.dismiss()))
    page.on("popup", lambda popup: asyncio.ensure_future(popup.close()))
    for script in (ROUTE_HOOKS, *scripts):
        await page.add_init_script(script=script)


def describe_failure(exc: BaseException, timeout: float) -> str:
    """One line on why the browser could not render a page."""
    if isinstance(exc, PlaywrightTimeoutError | asyncio.TimeoutError):
        return f"browser: no rendered page within {timeout:g} s"
    first = (str(exc).strip().splitlines() or [""])[0]
    return f"browser: {type(exc).__name__}: {first}"[:300]


@dataclass(slots=True)
class Contexts:
    """Which browser context a request uses: a generation serves RECYCLE_PAGES pages, and a retired
    generation's context is closed when its last page is."""

    generation: int = 0
    issued: int = 0
    open_pages: dict[str, int] = field(default_factory=dict)
    closing: set[asyncio.Task[None]] = field(default_factory=set)  # releases started from synchronous code

    def name_for_next(self) -> str:
        if self.issued and self.issued % RECYCLE_PAGES == 0:
            self.generation += 1
        self.issued += 1
        name = f"walk-{self.generation}"
        self.open_pages[name] = self.open_pages.get(name, 0) + 1
        return name

    def release_soon(self, page: Page | None, name: str) -> None:
        """`release`, from code that cannot wait for it (an errback)."""
        task = asyncio.ensure_future(self.release(page, name))
        self.closing.add(task)
        task.add_done_callback(self.closing.discard)

    async def release(self, page: Page | None, name: str) -> None:
        """Close a page, and its context when that context is retired and this was its last page."""
        self.open_pages[name] = self.open_pages.get(name, 1) - 1
        if page is None:
            return
        with contextlib.suppress(PlaywrightError):
            if not page.is_closed():
                await page.close()
            if name != f"walk-{self.generation}" and self.open_pages[name] <= 0:
                del self.open_pages[name]
                await page.context.close()


def request_meta(contexts: Contexts, config: CrawlConfig, browser: BrowserLaunch) -> dict[str, Any]:
    """What a request that asks for a browser carries for scrapy-playwright."""
    return {
        "dont_retry": True,  # a page the browser fails on keeps its HTML as served: recorded, not retried
        "playwright": True,
        "playwright_include_page": True,  # the spider explores the page, then closes it
        "playwright_context": contexts.name_for_next(),
        "playwright_context_kwargs": {
            "user_agent": config.user_agent,
            "accept_downloads": False,
            "service_workers": "block",
            # Certificates are the TLS check's to judge; the walk reads what the page shows, as the
            # HTTP crawl does.
            "ignore_https_errors": True,
            "java_script_enabled": True,
        },
        "playwright_page_init_callback": partial(prepare, scripts=browser.init_scripts),
        "playwright_page_goto_kwargs": {"wait_until": "load", "timeout": config.timeout * 1000},
        "playwright_page_methods": [PageMethod(settle)],
    }


@dataclass(frozen=True, slots=True)
class FoundRoute:
    """An address a menu item led to when clicked: a client-side route, a link as a citizen sees it."""

    url: str
    words: str  # the item's words (its text, or its aria-label)
    region: str  # the landmark it sits in: header, nav, aside; "" for none


async def explore(page: Page, clicked: set[str]) -> list[FoundRoute]:
    """The addresses the page's menu items lead to when clicked, for items without an address of their
    own: what its router pushed, and the navigations it tried (stopped before they left the page),
    each with the item that led there."""
    navigations: list[str] = []

    async def stop_navigation(route: Route, request: Request) -> None:
        if request.is_navigation_request() and request.frame == page.main_frame:
            navigations.append(request.url)
            await route.abort()
        else:
            await route.fallback()

    found: dict[str, FoundRoute] = {}
    with contextlib.suppress(PlaywrightError):
        items = [item for item in await page.evaluate(MENU_ITEMS) if item["signature"] not in clicked]
        if not items:
            return []  # nothing new to click: the page is left as it is, no interception set up
        await page.route("**/*", stop_navigation)
        try:
            clicks = 0
            for item in items:
                if clicks >= MAX_CLICKS or item["signature"] in clicked:
                    continue
                clicked.add(item["signature"])
                clicks += 1
                before, tried = await page.evaluate(PUSHED), len(navigations)
                await page.evaluate(CLICK, [item["index"], CLICK_WAIT_MS])
                pushed = await page.evaluate(PUSHED_SINCE, before)
                for url in [*pushed, *navigations[tried:]]:
                    found.setdefault(url, FoundRoute(url, item["words"], item["region"]))
        finally:
            with contextlib.suppress(PlaywrightError):
                await page.unroute("**/*", stop_navigation)
    return list(found.values())
