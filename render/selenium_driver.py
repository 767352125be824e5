"""Render pages through Selenium (a local chromedriver, or any remote WebDriver / Selenium
Grid) and run the same axe-core build with the same options as the Playwright driver."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from queue import Empty, SimpleQueue

from selenium import webdriver
from selenium.common.exceptions import TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By

from egov_audit.crawler.discovery import SETTLE_SECONDS
from egov_audit.crawler.model import AxeResult
from egov_audit.render.axe import RUN_SCRIPT, axe_result, axe_setup
from egov_audit.render.chromium import FLAGS, chromedriver_path, chromium_path
from egov_audit.render.guard_proxy import Guard, guard_proxy
from egov_audit.render.reaper import Reaper
from egov_audit.render.settings import RenderSettings

MAX_FRAMES = 100
MAX_FRAME_DEPTH = 5

# Selenium's asynchronous scripts call back with their last argument.
_CALL_RUN = (
    f"const done = arguments[arguments.length - 1]; ({RUN_SCRIPT})(arguments[0]).then("
    "(r) => done(JSON.stringify(r)), (e) => done(JSON.stringify({error: String(e)})));"
)


def _options(settings: RenderSettings) -> webdriver.ChromeOptions:
    options = webdriver.ChromeOptions()
    options.add_argument("--headless=new")
    if settings.user_agent:
        options.add_argument(f"--user-agent={settings.user_agent}")
    for flag in FLAGS:
        options.add_argument(flag)
    if chromium_path() is not None:
        options.binary_location = chromium_path()  # type: ignore[assignment]
    options.set_capability("unhandledPromptBehavior", "dismiss")
    options.add_experimental_option("prefs", {"download_restrictions": 3})  # no downloads
    return options


def _start(settings: RenderSettings, guard: Guard) -> webdriver.Remote:
    options = _options(settings)
    for flag in guard.flags:  # the SSRF guard (guard_proxy.py)
        options.add_argument(flag)
    if settings.webdriver_url:
        # "http://grid:4444/" would make Selenium ask for "//session", which a Grid does not know.
        driver = webdriver.Remote(command_executor=settings.webdriver_url.rstrip("/"), options=options)
    else:
        driver = webdriver.Chrome(service=Service(chromedriver_path()), options=options)
    driver.set_page_load_timeout(settings.page_timeout)
    driver.set_script_timeout(settings.axe_timeout)
    return driver


# WebDriver has no "network idle": the page is taken as settled once it has loaded no new resource
# for 500 ms, or after crawler.discovery.SETTLE_SECONDS.
_SETTLE = """
const done = arguments[arguments.length - 1];
const limit = Date.now() + arguments[0];
let last = performance.getEntriesByType("resource").length;
let since = Date.now();
(function check() {
  const now = performance.getEntriesByType("resource").length;
  if (now !== last) { last = now; since = Date.now(); }
  if (Date.now() - since >= 500 || Date.now() >= limit) { done(true); return; }
  setTimeout(check, 100);
})();
"""


def _audit_page(driver: webdriver.Remote, url: str, reason: str, settings: RenderSettings) -> AxeResult:
    original = driver.current_window_handle
    before = driver.current_url
    driver.get(url)
    if driver.current_url == before and before.split("#")[0] != url.split("#")[0]:
        # WebDriver's get returns quietly when the response is a download: the tab still shows the last page.
        return AxeResult(sample_reason=reason, error="browser: the page did not open (a download, or refused)")
    for handle in driver.window_handles:  # windows the page opened are closed: the audit stays on its page
        if handle != original:
            driver.switch_to.window(handle)
            driver.close()
    driver.switch_to.window(original)
    if url in settings.settle:
        driver.execute_async_script(_SETTLE, SETTLE_SECONDS * 1000)
    _inject(driver, depth=0, budget=[MAX_FRAMES])
    result = json.loads(driver.execute_async_script(_CALL_RUN, settings.options))
    return axe_result(reason, result, url, driver.current_url)


def _inject(driver: webdriver.Remote, depth: int, budget: list[int]) -> None:
    """axe-core into this document and every frame below it: WebDriver scripts reach one document
    only, and axe-core answers for a frame only where it runs (Playwright's init script does this
    in every frame by itself). A page with thousands of frames gets the first MAX_FRAMES."""
    driver.execute_script(axe_setup())
    if depth >= MAX_FRAME_DEPTH:
        return
    for frame in driver.find_elements(By.CSS_SELECTOR, "iframe, frame"):
        if budget[0] <= 0:
            return
        budget[0] -= 1
        try:
            driver.switch_to.frame(frame)
        except WebDriverException:
            continue  # gone since it was listed
        try:
            _inject(driver, depth + 1, budget)
        except WebDriverException:
            pass  # a frame that will not take the script is reported by axe-core as not answering
        finally:
            driver.switch_to.parent_frame()


def _worker(
    queue: SimpleQueue[tuple[str, str]],
    results: dict[str, AxeResult],
    settings: RenderSettings,
    reaper: Reaper,
    guard: Guard,
) -> None:
    driver = None
    done = 0
    try:
        while True:
            try:
                url, reason = queue.get_nowait()
            except Empty:
                break
            renew = driver is None or done % settings.pages_per_context == 0
            done += 1
            if settings.on_page is not None:
                settings.on_page(url)
            try:
                if renew:
                    if driver is not None:
                        _quit(driver)
                    driver = None  # so a session that fails to start leaves nothing half-made
                    try:
                        driver = _start(settings, guard)
                    finally:
                        reaper.note()  # a browser whose session failed to start is ended too
                reaper.note()
                results[url] = _audit_page(driver, url, reason, settings)
            except TimeoutException:
                results[url] = AxeResult(sample_reason=reason, error="timeout: the page or axe-core did not finish")
                _quit(driver)
                driver = None
            except WebDriverException as exc:  # a crashed renderer or browser, a download, a lost session
                said = (exc.msg or str(exc) or type(exc).__name__).splitlines()[0]
                results[url] = AxeResult(sample_reason=reason, error=f"browser: {said}")
                _quit(driver)
                driver = None  # a crashed or confused session is replaced, not reused
    finally:
        reaper.note()
        _quit(driver)


def _quit(driver: webdriver.Remote | None) -> None:
    # A session whose browser is gone cannot be ended politely; the reaper ends what is left.
    if driver is not None:
        with contextlib.suppress(WebDriverException, OSError):
            driver.quit()


def audit_with_selenium(pages: Iterable[tuple[str, str]], settings: RenderSettings) -> dict[str, AxeResult]:
    """axe-core results for each (url, why it was sampled), keyed by URL; one WebDriver session per worker."""
    queue: SimpleQueue[tuple[str, str]] = SimpleQueue()
    for item in pages:
        queue.put(item)
    results: dict[str, AxeResult] = {}
    workers = max(1, settings.concurrency)
    reaper = Reaper()
    # A remote browser (a Grid) reaches the network from its own machine: this proxy could not stand in its way.
    policy = None if settings.webdriver_url else settings.address_policy
    try:
        with (
            guard_proxy(policy) as guard,
            ThreadPoolExecutor(max_workers=workers) as pool,
        ):
            futures = [pool.submit(_worker, queue, results, settings, reaper, guard) for _ in range(workers)]
            for future in futures:
                future.result()
    finally:
        reaper.reap()
    return results
