"""Turn Scrapy responses and download failures into `PageSnapshot`s.

A failure is as much a fact as a page: it becomes a snapshot with `error` set,
so the audit sees every request the crawl made.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from lxml import etree
from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from scrapy.http import Response, TextResponse
from twisted.internet.defer import CancelledError
from twisted.python.failure import Failure
from w3lib.url import safe_url_string

from egov_audit.crawler.model import Discovery, FetchKind, Link, PageSnapshot, route_of
from egov_audit.crawler.page_content import read_page
from egov_audit.crawler.politeness import HostGaveUp

if TYPE_CHECKING:
    from egov_audit.crawler.browser_walk import FoundRoute  # Playwright is loaded only by a browser walk

META_STARTED = "egov_started"
MAX_HEADER = 2000
MAX_CONTROL_TEXT = 64 * 1024
BINARY_SNIFF = 1024  # a NUL byte this early means the body is not text, whatever its Content-Type says


def request_meta(depth: int, discovery: Discovery, referrer: str | None, kind: FetchKind) -> dict[str, Any]:
    return {
        "egov_depth": depth,
        "egov_discovery": discovery,
        "egov_referrer": referrer,
        "egov_kind": kind,
        # Every status reaches the spider, and redirects are followed by the spider
        # itself so that each hop is recorded (Scrapy's redirect middleware is off).
        "handle_httpstatus_all": True,
        "dont_redirect": True,
    }


def _elapsed(meta: dict[str, Any]) -> float | None:
    latency = meta.get("download_latency")
    if latency is not None:
        return float(latency)
    started = meta.get(META_STARTED)
    return time.monotonic() - started if started is not None else None


def _base(url: str, meta: dict[str, Any]) -> PageSnapshot:
    return PageSnapshot(
        url=url,
        kind=meta.get("egov_kind", FetchKind.PAGE),
        depth=meta.get("egov_depth", 0),
        discovery=meta.get("egov_discovery", Discovery.LINK),
        referrer=meta.get("egov_referrer"),
        elapsed=_elapsed(meta),
    )


def from_response(response: Response, parse_html: bool) -> PageSnapshot:
    snapshot = _base(response.request.url if response.request else response.url, response.meta)
    snapshot.status = response.status
    snapshot.size = len(response.body)
    snapshot.fetched_at = time.time()
    snapshot.headers = tuple(
        (name.decode("latin-1").lower(), b", ".join(values).decode("latin-1")[:MAX_HEADER])
        for name, values in response.headers.items()
    )
    snapshot.content_type = (snapshot.header("content-type") or "").split(";")[0].strip().lower()
    if 300 <= response.status < 400 and b"Location" in response.headers:
        location = response.headers[b"Location"].decode("latin-1")
        snapshot.location = safe_url_string(response.urljoin(location))
    if not snapshot.is_success:
        return snapshot
    if parse_html and snapshot.is_html and b"\0" in response.body[:BINARY_SNIFF]:
        snapshot.error = "not HTML: a binary body served as text/html"
    elif parse_html and snapshot.is_html and isinstance(response, TextResponse):
        try:
            read_page(response, snapshot)
        except (ValueError, etree.LxmlError) as exc:  # lxml refuses some broken documents outright
            snapshot.error = f"HTML could not be parsed: {exc}"
    elif snapshot.kind in (FetchKind.ROBOTS, FetchKind.SECURITY_TXT):
        snapshot.text = response.body[:MAX_CONTROL_TEXT].decode("utf-8", errors="replace")
    return snapshot


def rendered(served: PageSnapshot, response: Response) -> PageSnapshot | None:
    """The page as a browser rendered it: the answer as served (status, headers, size, timing, its
    scripts and their signs) with the content read from the rendered DOM, and the words and links of
    the HTML as served kept beside it; None when the rendered document cannot be read."""
    if not isinstance(response, TextResponse):
        return None
    page = dataclasses.replace(
        served,
        rendered=True,
        served_words=len(served.text.split()),
        served_links=len(served.links),
        location=None,
        redirect_by="",
    )
    try:
        read_page(response, page, rendered=True)
    except (ValueError, etree.LxmlError):
        return None
    return None if page.error else page


def add_routes(page: PageSnapshot, found: Iterable[FoundRoute]) -> tuple[str, ...]:
    """The addresses a rendered page's menu items led to, made links of the page (a citizen clicks
    them as links: the words are the item's, the landmark its own), so the audit sees them and the
    click depth counts them. A fragment that names no route is dropped, as from any link."""
    known = {link.url for link in page.links}
    added = []
    for route in found:
        url = route.url if route_of(route.url) is not None else route.url.split("#", 1)[0]
        if url not in known:
            known.add(url)
            added.append(Link(url, text=route.words, region=route.region))
    page.links = (*page.links, *added)
    return tuple(link.url for link in added)


def from_failure(failure: Failure, max_bytes: int, timeout: float) -> PageSnapshot:
    request = failure.request  # type: ignore[attr-defined]
    snapshot = _base(request.url, request.meta)
    snapshot.error = describe_failure(failure, max_bytes, timeout)
    snapshot.over_size_cap = isinstance(failure.value, DownloadCancelledError | CancelledError) or _inflated_too_far(
        failure.value
    )
    return snapshot


def _inflated_too_far(exc: BaseException) -> bool:
    """Scrapy's decompression middleware gives up on a gzip bomb with an IgnoreRequest naming the cap."""
    return isinstance(exc, IgnoreRequest) and "DOWNLOAD_MAXSIZE" in str(exc)


def describe_failure(failure: Failure, max_bytes: int, timeout: float) -> str:
    """One line that a portal's operator would understand."""
    exc = failure.value
    if isinstance(exc, DownloadTimeoutError):
        return f"timeout: no complete answer within {timeout:g} s"
    if isinstance(exc, CannotResolveHostError):
        return "DNS: the host name does not resolve"
    if isinstance(exc, DownloadConnectionRefusedError):
        return "connection refused"
    if isinstance(exc, DownloadCancelledError | CancelledError):
        return f"download stopped: larger than the size cap of {max_bytes} bytes"
    if isinstance(exc, HostGaveUp):
        return str(exc)
    if _inflated_too_far(exc):
        return f"download stopped: larger than the size cap of {max_bytes} bytes once decompressed"
    if isinstance(exc, ResponseDataLossError):
        return "connection lost: the body was cut short"
    if isinstance(exc, DownloadFailedError):
        return f"download failed: {exc}"
    return f"{type(exc).__name__}: {exc}"[:300]
