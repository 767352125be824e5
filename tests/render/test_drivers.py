"""Both drivers, one axe-core: the same findings from Playwright, a local chromedriver and a
remote WebDriver endpoint; hostile pages end as errors and the run goes on; no browser is left."""

from __future__ import annotations

import socket
import subprocess
import time
from collections.abc import Callable, Iterator

import psutil
import pytest

from egov_audit.crawler.address_policy import AddressPolicy
from egov_audit.crawler.model import AxeResult
from egov_audit.demo.server import serve
from egov_audit.render.chromium import chromedriver_path
from egov_audit.render.playwright_driver import audit_with_playwright
from egov_audit.render.selenium_driver import audit_with_selenium
from egov_audit.render.settings import RenderSettings
from tests.browsers import assert_no_browser_left
from tests.portals import Reply, serve_app

DEMO_PATHS = ("/kk/", "/ru/services/passport/", "/en/contacts/", "/ru/petitions/", "/en/news/3/", "/kk/about/")


def normalised(results: dict[str, AxeResult]) -> dict[str, tuple]:
    return {
        url.split("/", 3)[3]: (
            r.error,
            r.passes,
            sorted((f.rule_id, f.impact, f.targets, f.needs_review) for f in r.findings),
        )
        for url, r in results.items()
    }


@pytest.fixture
def no_browser_left() -> Iterator[None]:
    started = time.time() - 0.5
    yield
    assert_no_browser_left(started)


@pytest.fixture(scope="module")
def demo_pages() -> Iterator[list[tuple[str, str]]]:
    with serve(1) as server:
        yield [(f"{server.base_url}{path}", "test") for path in DEMO_PATHS]


@pytest.fixture(scope="module")
def playwright_results(demo_pages: list[tuple[str, str]]) -> dict[str, AxeResult]:
    return audit_with_playwright(demo_pages, RenderSettings())


def test_playwright_finds_the_planted_defects(playwright_results: dict[str, AxeResult], no_browser_left: None) -> None:
    by_path = normalised(playwright_results)
    assert ("image-alt", "critical", ("img",), False) in by_path["kk/"][2]
    assert ("label", "critical", ('input[name="name"]',), False) in by_path["ru/services/passport/"][2]
    assert not [f for f in by_path["en/contacts/"][2] if not f[3]], "a defect-free page has no violation"
    assert all(error is None for error, _, _ in by_path.values())


def test_selenium_with_a_local_chromedriver_gives_identical_findings(
    demo_pages: list[tuple[str, str]], playwright_results: dict[str, AxeResult], no_browser_left: None
) -> None:
    selenium = audit_with_selenium(demo_pages, RenderSettings(driver="selenium", concurrency=2))
    assert normalised(selenium) == normalised(playwright_results)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_selenium_through_a_remote_webdriver_endpoint_gives_identical_findings(
    demo_pages: list[tuple[str, str]], playwright_results: dict[str, AxeResult], no_browser_left: None
) -> None:
    port = _free_port()
    endpoint = subprocess.Popen(
        [chromedriver_path(), f"--port={port}", "--allowed-ips=127.0.0.1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        remote = audit_with_selenium(
            demo_pages, RenderSettings(driver="selenium", webdriver_url=f"http://127.0.0.1:{port}")
        )
    finally:
        endpoint.terminate()
        endpoint.wait(timeout=20)
    assert normalised(remote) == normalised(playwright_results)


HOSTILE = {
    "/endless/": "<script>for(;;){}</script><p>never</p>",
    "/alerts/": "<script>for(let i=0;i<1e9;i++){alert(i)}</script>",
    "/popups/": "<script>for(let i=0;i<30;i++){window.open('/fine/')}</script><main><h1>Popups</h1></main>",
    "/away/": "<script>location.href='/fine/?moved'</script>",
    "/fine/": "<main><h1>Fine</h1><p>A calm page.</p></main>",
}


def hostile_site(path: str) -> Reply:
    body = HOSTILE.get(path)
    if body is None:
        return Reply(404, "no", "text/plain")
    return Reply(200, f'<!DOCTYPE html><html lang="en"><head><title>{path}</title></head><body>{body}</body></html>')


@pytest.mark.parametrize("driver", ["playwright", "selenium"])
def test_hostile_pages_end_as_errors_and_the_run_goes_on(driver: str, no_browser_left: None) -> None:
    # As a crawl renders: with the SSRF guard on (for Selenium, that means WebDriver BiDi).
    guard = AddressPolicy.for_start("http://127.0.0.1/")
    settings = RenderSettings(driver=driver, page_timeout=4, axe_timeout=8, address_policy=guard)  # type: ignore[arg-type]
    audit = audit_with_playwright if driver == "playwright" else audit_with_selenium
    with serve_app(hostile_site) as served:
        order = ["/endless/", "/fine/", "/alerts/", "/popups/", "/away/"]
        results = audit([(f"{served.base_url}{path}", "test") for path in order], settings)
    by_path = {url.split("/", 3)[3].rstrip("/"): result for url, result in results.items()}
    assert set(by_path) == {"endless", "fine", "alerts", "popups", "away"}
    assert by_path["fine"].error is None and by_path["fine"].passes > 0
    assert by_path["endless"].error is not None
    assert by_path["alerts"].error is not None
    assert by_path["away"].error is not None  # it navigated away, or never settled
    assert by_path["popups"].error is None or by_path["popups"].error.startswith("timeout")


def _kill_below_this_process(browser_main: bool) -> None:
    """Kill the renderers (or the browser itself) among this process's descendants."""
    for process in psutil.Process().children(recursive=True):
        try:
            command = " ".join(process.cmdline())
            is_renderer = "--type=renderer" in command
            is_browser = "chrom" in process.name() and "--type=" not in command and "chromedriver" not in command
            if (browser_main and is_browser) or (not browser_main and is_renderer):
                process.kill()
        except psutil.Error:
            continue


def failing_site(path: str) -> Reply:
    """Pages whose images make the browser fail while it renders them."""
    if path == "/download/":
        return Reply(200, b"\x00" * 2048, "application/octet-stream", {"Content-Disposition": "attachment; x.bin"})
    if path in ("/renderer.png", "/browser.png"):
        _kill_below_this_process(browser_main=path == "/browser.png")
        return Reply(200, b"", "image/png", delay=1.0)
    if path in ("/crash/", "/dies/"):
        image = "/renderer.png" if path == "/crash/" else "/browser.png"
        return Reply(200, f'<!DOCTYPE html><html lang="en"><title>t</title><main><img src="{image}" alt="x"></main>')
    if path.startswith("/fine"):
        return Reply(200, '<!DOCTYPE html><html lang="en"><title>Fine</title><main><h1>Fine</h1></main></html>')
    return Reply(404, "no", "text/plain")


@pytest.mark.parametrize("driver", ["playwright", "selenium"])
def test_downloads_crashed_renderers_and_a_dead_browser_end_as_errors(driver: str, no_browser_left: None) -> None:
    settings = RenderSettings(driver=driver, page_timeout=10, axe_timeout=10)  # type: ignore[arg-type]
    audit = audit_with_playwright if driver == "playwright" else audit_with_selenium
    with serve_app(failing_site) as served:
        order = ["/fine1/", "/download/", "/fine2/", "/crash/", "/fine3/", "/dies/", "/fine4/"]
        results = audit([(f"{served.base_url}{path}", "test") for path in order], settings)
    by_path = {url.split("/", 3)[3].rstrip("/"): result for url, result in results.items()}
    errors = {path: result.error for path, result in by_path.items() if result.error}
    assert set(errors) == {"download", "crash", "dies"}, errors
    for after in ("fine2", "fine3", "fine4"):  # a new context, a new renderer, a browser started again
        assert by_path[after].passes > 0


def _framed_site(other: list[str]) -> Callable[[str], Reply]:
    """A page whose defects sit in a nested same-origin frame, a shadow root and a frame from another origin."""

    def page(title: str, body: str) -> Reply:
        return Reply(200, f'<!DOCTYPE html><html lang="en"><title>{title}</title><main><h1>{title}</h1>{body}</main>')

    def app(path: str) -> Reply:
        if path == "/framed/":
            shadow = "<div id='host'></div><script>document.getElementById('host').attachShadow({mode:'open'})"
            shadow += ".innerHTML='<img src=\"/s.svg\">'</script>"
            frames = '<iframe src="/inner/" title="Inner"></iframe>'
            frames += f'<iframe src="{other[0]}/inner/" title="Elsewhere"></iframe>' if other else ""
            return page("Framed", frames + shadow)
        if path == "/inner/":
            return page("Inner", '<input type="text"><iframe src="/deeper/" title="Deeper"></iframe>')
        if path == "/deeper/":
            return page("Deeper", '<img src="/d.svg">')
        return Reply(404, "no", "text/plain")

    return app


@pytest.mark.parametrize("driver", ["playwright", "selenium"])
def test_defects_in_frames_of_any_origin_and_in_shadow_roots_are_found(driver: str) -> None:
    settings = RenderSettings(driver=driver)  # type: ignore[arg-type]
    audit = audit_with_playwright if driver == "playwright" else audit_with_selenium
    other: list[str] = []
    with serve_app(_framed_site([])) as elsewhere, serve_app(_framed_site(other)) as served:
        other.append(elsewhere.base_url)  # another port: another origin
        (result,) = audit([(f"{served.base_url}/framed/", "test")], settings).values()
    found = sorted((f.rule_id, f.targets) for f in result.findings if not f.needs_review)
    assert found == [
        ("image-alt", ("#host >> img",)),
        ("image-alt", ('iframe[title="Elsewhere"]', "iframe", "img")),
        ("image-alt", ('iframe[title="Inner"]', "iframe", "img")),
        ("label", ('iframe[title="Elsewhere"]', "input")),
        ("label", ('iframe[title="Inner"]', "input")),
    ]
