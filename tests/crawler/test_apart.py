"""A crawl in a child process: the snapshots arrive here page by page, this process never imports
Scrapy, and a child that fails or dies, or a parent whose sink fails, ends as an error with no
process left behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from egov_audit.crawler.address_policy import AddressPolicy
from egov_audit.crawler.apart import CrawlProcessError, run_crawl_apart
from egov_audit.crawler.config import CrawlConfig
from egov_audit.crawler.model import PageSnapshot, StopReason
from tests.portals import endless_site, serve_app

ROOT = Path(__file__).resolve().parents[2]

# Run in a fresh interpreter, so that "Scrapy was never imported here" means something.
CRAWL_HERE = """
import json, sys
from egov_audit.crawler.address_policy import AddressPolicy
from egov_audit.crawler.config import CrawlConfig
from egov_audit.crawler.apart import run_crawl_apart
urls = []
config = CrawlConfig(start_url=sys.argv[1], max_pages=12)
policy = AddressPolicy.for_start(sys.argv[1])
stop = run_crawl_apart(config, lambda snapshot, pending: urls.append(snapshot.url), policy).stop
loaded = {name: name in sys.modules for name in ("scrapy", "twisted", "playwright")}
print(json.dumps({"stop": stop.value, "urls": urls, **loaded}))
"""


def test_the_snapshots_arrive_here_and_scrapy_stays_in_the_child() -> None:
    with serve_app(endless_site()) as served:
        done = subprocess.run(
            [sys.executable, "-c", CRAWL_HERE, f"{served.base_url}/"],
            capture_output=True,
            text=True,
            timeout=120,
            cwd=ROOT,
            check=True,
        )
    result = json.loads(done.stdout)
    assert result["stop"] == StopReason.MAX_PAGES.value
    assert f"{served.base_url}/" in result["urls"]
    assert len([url for url in result["urls"] if url.endswith("/")]) == 12
    assert (result["scrapy"], result["twisted"], result["playwright"]) == (False, False, False)


def _crawlers() -> list[psutil.Process]:
    return [p for p in psutil.Process().children(recursive=True) if "crawl_child" in " ".join(p.cmdline())]


def test_a_child_that_dies_is_an_error_naming_how() -> None:
    with serve_app(endless_site(delay=0.2)) as served:
        config = CrawlConfig(start_url=f"{served.base_url}/", max_pages=500)

        def kill_the_child(snapshot: PageSnapshot, pending: int) -> None:
            for child in _crawlers():
                os.kill(child.pid, signal.SIGKILL)

        with pytest.raises(CrawlProcessError, match=r"ended without a result \(status -9\)"):
            run_crawl_apart(config, kill_the_child, AddressPolicy.for_start(config.start_url))
    assert _crawlers() == []


def test_a_sink_that_fails_here_ends_the_child() -> None:
    with serve_app(endless_site(delay=0.05)) as served:
        config = CrawlConfig(start_url=f"{served.base_url}/", max_pages=500)

        def full_disk(snapshot: PageSnapshot, pending: int) -> None:
            raise OSError("no space left on device")

        with pytest.raises(OSError, match="no space left"):
            run_crawl_apart(config, full_disk, AddressPolicy.for_start(config.start_url))
    assert _crawlers() == []


def test_sigterm_here_stops_the_childs_crawl_as_a_cancelled_one() -> None:
    pages: list[str] = []
    with serve_app(endless_site(delay=0.05)) as served:
        config = CrawlConfig(start_url=f"{served.base_url}/", max_pages=500)

        def stop_after_three(snapshot: PageSnapshot, pending: int) -> None:
            pages.append(snapshot.url)
            if len(pages) == 3:
                os.kill(os.getpid(), signal.SIGTERM)  # to this process: passed on to the child

        stop = run_crawl_apart(config, stop_after_three, AddressPolicy.for_start(config.start_url)).stop
    assert stop is StopReason.CANCELLED
    assert 3 <= len(pages) < 500
    assert _crawlers() == []
