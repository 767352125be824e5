"""Render pages in one Chromium through Playwright, several contexts at once, and run axe-core.

Each page gets a time limit; dialogs are dismissed, new windows closed and
downloads refused, so a hostile page gives an error for that page, not a stuck run.
Contexts are recycled so memory stays flat; a browser that dies is started again.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
from collections.abc import Iterable, Iterator

from playwright.async_api import Browser, BrowserContext, Page, Playwright, async_playwright
from playwright.async_api import Error as PlaywrightError
from playwright.async_api import TimeoutError as PlaywrightTimeoutError

from egov_audit.crawler.discovery import SETTLE_SECONDS
from egov_audit.crawler.model import AxeResult
from egov_audit.render.axe import RUN_SCRIPT, axe_result, axe_setup
from egov_audit.render.chromium import FLAGS, chromium_path
from egov_audit.render.guard_proxy import ANSWER_HEADER, Guard, guard_proxy
from egov_audit.render.reaper import Reaper
from egov_audit.render.settings import RenderSettings


class _Browser:
    """The one browser of a run, started again if it dies."""

    def __init__(self, playwright: Playwright, guard: Guard) -> None:
        self.playwright = playwright
        self.guard = guard
        self.args = [*FLAGS, *guard.flags]
        self.browser: Browser | None = None
        self.lock = asyncio.Lock()

    async def get(self) -> Browser:
        async with self.lock:
            if self.browser is None or not self.browser.is_connected():
                self.browser = await self.playwright.chromium.launch(
                    executable_path=chromium_path(), args=self.args, headless=True
                )
            return self.browser

    async def close(self) -> None:
        if self.browser is not None and self.browser.is_connected():
            await self.browser.close()


async def _new_context(browser: _Browser, settings: RenderSettings) -> BrowserContext:
    context = await (await browser.get()).new_context(
        accept_downloads=False, service_workers="block", user_agent=settings.user_agent
    )
    # Injected through the DevTools protocol as each document starts, in every frame, like Selenium's execute_script:
    # no Content-Security-Policy applies, and no page has to wait for axe-core to be sent again.
    await context.add_init_script(script=axe_setup())
    return context


async def _new_page(context: BrowserContext) -> Page:
    page = await context.new_page()
    page.on("dialog", lambda dialog: asyncio.ensure_future(dialog.dismiss()))
    # Windows the page opens are closed at once: the audit stays on the page it chose.
    page.on("popup", lambda popup: asyncio.ensure_future(popup.close()))
    return page


async def _audit_page(page: Page, url: str, reason: str, settings: RenderSettings, guard: Guard) -> AxeResult:
    response = await page.goto(url, wait_until="load", timeout=settings.page_timeout * 1000)
    if response is not None and (said := response.headers.get(ANSWER_HEADER.lower())):
        server = await response.server_addr()
        if refused := guard.answered(said, (server["ipAddress"], server["port"]) if server else None):
            return AxeResult(sample_reason=reason, error=refused)  # the guard's answer, not the site's page
    if url in settings.settle:
        with contextlib.suppress(PlaywrightTimeoutError):
            await page.wait_for_load_state("networkidle", timeout=SETTLE_SECONDS * 1000)
    result = await asyncio.wait_for(page.evaluate(RUN_SCRIPT, settings.options), timeout=settings.axe_timeout)
    return axe_result(reason, result, url, page.url)


async def audit_rendered(settings: RenderSettings, page: Page, url: str) -> AxeResult:
    """axe-core in a page a crawl's browser walk rendered and let settle (crawler/browser_walk.py):
    its set-up script (`axe_setup`) started with the page, so the page is not loaded twice. The
    sample's reason is the render stage's to give."""
    try:
        result = await asyncio.wait_for(page.evaluate(RUN_SCRIPT, settings.options), timeout=settings.axe_timeout)
    except (TimeoutError, PlaywrightTimeoutError):
        return AxeResult(sample_reason="", error="timeout: axe-core did not finish")
    except PlaywrightError as exc:
        return AxeResult(sample_reason="", error=f"browser: {exc.message.splitlines()[0]}")
    return axe_result("", result, url, page.url)


async def _worker(
    browser: _Browser,
    queue: asyncio.Queue[tuple[str, str]],
    results: dict[str, AxeResult],
    settings: RenderSettings,
    reaper: Reaper,
    offset: int = 0,
) -> None:
    """One context and one tab, reused page after page; both replaced after trouble or every few pages.
    Workers start `offset` pages into their cycle, so their contexts are not replaced all at once
    (old and new renderers side by side are the peak of memory)."""
    context: BrowserContext | None = None
    page: Page | None = None
    done = offset
    while True:
        try:
            url, reason = queue.get_nowait()
        except asyncio.QueueEmpty:
            break
        renew = context is None or page is None or done % settings.pages_per_context == 0
        done += 1
        if settings.on_page is not None:
            settings.on_page(url)
        try:
            if renew:
                if context is not None:
                    await _close(context)
                context = None  # so a failure to open the next one leaves nothing half-made
                context = await _new_context(browser, settings)
                page = await _new_page(context)
            reaper.note()  # the renderer of the coming page, among others
            results[url] = await _audit_page(page, url, reason, settings, browser.guard)
        except (TimeoutError, PlaywrightTimeoutError):
            results[url] = AxeResult(sample_reason=reason, error="timeout: the page or axe-core did not finish")
            if context is not None:
                await _close(context)  # a page stuck in a script takes its context with it
            context = page = None
        except PlaywrightError as exc:  # a crashed renderer or browser, a download, a refused navigation
            results[url] = AxeResult(sample_reason=reason, error=f"browser: {exc.message.splitlines()[0]}")
            if context is not None:
                await _close(context)
            context = page = None
    if context is not None:
        await _close(context)


async def _close(context: BrowserContext) -> None:
    # A browser that is gone or stuck is reaped when the browser itself is closed at the end.
    with contextlib.suppress(TimeoutError, PlaywrightError):
        await asyncio.wait_for(context.close(), timeout=10)


async def _audit(
    pages: list[tuple[str, str]], settings: RenderSettings, reaper: Reaper, guard: Guard
) -> dict[str, AxeResult]:
    results: dict[str, AxeResult] = {}
    queue: asyncio.Queue[tuple[str, str]] = asyncio.Queue()
    for item in pages:
        queue.put_nowait(item)
    async with async_playwright() as playwright:
        browser = _Browser(playwright, guard)
        try:
            count = max(1, settings.concurrency)
            workers = [
                _worker(browser, queue, results, settings, reaper, offset=n * settings.pages_per_context // count)
                for n in range(count)
            ]
            await asyncio.gather(*workers)
        finally:
            reaper.note()
            await browser.close()
    return results


# Playwright's driver is a Node.js process that only relays protocol messages; V8's default young
# generation (up to 3 x 16 MB) let it grow to 190 MB over a run, a 1 MB semi-space keeps it near 125.
DRIVER_NODE_OPTIONS = "--max-semi-space-size=1"


@contextlib.contextmanager
def _driver_options() -> Iterator[None]:
    """NODE_OPTIONS for the driver Playwright starts (it passes this process's environment on)."""
    before = os.environ.get("NODE_OPTIONS")
    os.environ["NODE_OPTIONS"] = f"{before} {DRIVER_NODE_OPTIONS}" if before else DRIVER_NODE_OPTIONS
    try:
        yield
    finally:
        if before is None:
            del os.environ["NODE_OPTIONS"]
        else:
            os.environ["NODE_OPTIONS"] = before


def audit_with_playwright(pages: Iterable[tuple[str, str]], settings: RenderSettings) -> dict[str, AxeResult]:
    """axe-core results for each (url, why it was sampled), keyed by URL."""
    reaper = Reaper()
    try:
        with guard_proxy(settings.address_policy) as guard, _driver_options():
            return asyncio.run(_audit(list(pages), settings, reaper, guard))
    finally:
        reaper.reap()
