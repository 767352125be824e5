"""A portal that misbehaves in every way a government portal in the wild does, served on 127.0.0.1.

One path per fault, all linked from the home page, so one crawl meets them all.
The handler writes raw bytes where a fault needs it (a stall after the headers,
a reset mid-body, a body that lies about its length); `FAULTS` names what each
path does, and the fault tests assert what egov-audit records for it.
"""

from __future__ import annotations

import gzip
import random
import socket
import ssl
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

STALL_SECONDS = 30.0  # longer than any timeout a fault test gives the crawler
TRICKLE_INTERVAL = 0.5
BOMB_BYTES = 512 * 1024 * 1024  # what the gzip bomb inflates to
MILLION = 1_000_000


def html(title: str, body: str = "", lang: str = "en") -> bytes:
    return (
        f'<!DOCTYPE html><html lang="{lang}"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta name="viewport" content="width=device-width"></head><body><main><h1>{title}</h1>{body}</main>'
        "</body></html>"
    ).encode()


@cache
def gzip_bomb(inflated: int = BOMB_BYTES) -> bytes:
    """Half a gigabyte of zeros (at scale 1) in a few hundred kilobytes."""
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"\0" * (1024 * 1024)
    parts = [compressor.compress(chunk) for _ in range(inflated // len(chunk))]
    parts.append(compressor.flush())
    return b"".join(parts)


@cache
def million_entry_sitemap(base_url: str, entries: int = MILLION) -> bytes:
    """A gzipped sitemap of a million URLs (about 60 MB inflated) at scale 1."""
    rows = "".join(f"<url><loc>{base_url}/m/{n}/</loc></url>" for n in range(entries))
    xml = f'<?xml version="1.0" encoding="UTF-8"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{rows}</urlset>'
    return gzip.compress(xml.encode(), compresslevel=1)


@cache
def nested_html(depth: int = 60_000) -> bytes:
    return html("Deeply nested", "<div>" * depth + "bottom" + "</div>" * depth)


@cache
def binary_noise(size: int = 200_000) -> bytes:
    return random.Random(7).randbytes(size)


class FaultServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, robots: str = "ok", scale: int = 1) -> None:
        self.robots = robots
        self.scale = scale  # the bomb and the endless sitemap grow with it; nothing egov-audit keeps should
        self.closing = threading.Event()
        self.log: list[tuple[float, str]] = []  # (monotonic time, path?query) of every request
        self.lock = threading.Lock()
        self.once: set[str] = set()
        self.scheme = "http"
        super().__init__(("127.0.0.1", 0), FaultHandler)

    @property
    def base_url(self) -> str:
        return f"{self.scheme}://127.0.0.1:{self.server_address[1]}"

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a crawler hanging up on a stall or a bomb is the point

    def first_time(self, key: str) -> bool:
        with self.lock:
            if key in self.once:
                return False
            self.once.add(key)
            return True


Serve = Callable[["FaultHandler"], None]


@dataclass(frozen=True)
class Fault:
    path: str
    what: str
    serve: Serve
    render: bool = False  # a fault for the browser, not for the crawler
    linked: bool = True


class FaultHandler(BaseHTTPRequestHandler):
    server: FaultServer
    protocol_version = "HTTP/1.1"
    # TCP_NODELAY, as real web servers set it: with Nagle on, every answer after the first on a
    # kept-alive connection (headers and body are two writes) waited ~40 ms for a delayed ACK.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        with self.server.lock:
            self.server.log.append((time.monotonic(), self.path))
        fault = ROUTES.get(parts.path)
        if fault is not None:
            fault.serve(self)
        elif parts.path.startswith("/calendar/"):
            calendar(self, parts.path)
        elif parts.path.startswith("/m/"):
            self.reply(200, html("Sitemap page"))
        else:
            self.reply(404, html("Not found"))

    # the building blocks of the faults

    def reply(self, status: int, body: bytes, content_type: str = "text/html; charset=utf-8", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def redirect(self, location: str, status: int = 302) -> None:
        self.send_response(status)
        self.send_header("Location", location)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def stall(self, seconds: float = STALL_SECONDS) -> None:
        self.server.closing.wait(seconds)
        self.close_connection = True

    def reset(self) -> None:
        """Close with a TCP reset rather than a clean end."""
        self.wfile.flush()
        self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        self.connection.close()
        self.close_connection = True


def home(h: FaultHandler) -> None:
    links = "".join(f'<li><a href="{f.path}">{f.what}</a></li>' for f in FAULT_LIST if f.linked and f.path != "/")
    h.reply(200, html("Fault portal", f"<ul>{links}</ul>"))


def robots(h: FaultHandler) -> None:
    if h.server.robots == "stall":
        h.stall()
    elif h.server.robots == "500":
        h.reply(500, b"robots.txt is broken", "text/plain")
    else:
        h.reply(200, b"User-agent: *\nDisallow: /private/\nSitemap: /sitemap-index.xml\n", "text/plain")


def sitemap_index(h: FaultHandler) -> None:
    base = h.server.base_url
    body = (
        '<?xml version="1.0" encoding="UTF-8"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{base}/sitemap-index.xml</loc></sitemap>"
        f"<sitemap><loc>{base}/sitemap-million.xml.gz</loc></sitemap>"
        "</sitemapindex>"
    ).encode()
    h.reply(200, body, "application/xml")


def headers_then_nothing(h: FaultHandler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", "5000")
    h.end_headers()
    h.wfile.flush()
    h.stall()


def trickle(h: FaultHandler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", "100000")
    h.end_headers()
    for _ in range(int(STALL_SECONDS / TRICKLE_INTERVAL)):
        try:
            h.wfile.write(b"<")
            h.wfile.flush()
        except OSError:
            return
        if h.server.closing.wait(TRICKLE_INTERVAL):
            return
    h.close_connection = True


def reset_mid_body(h: FaultHandler) -> None:
    h.send_response(200)
    h.send_header("Content-Type", "text/html")
    h.send_header("Content-Length", "100000")
    h.end_headers()
    h.wfile.write(b"<!DOCTYPE html><title>half</title>" + b"x" * 20_000)
    h.reset()


def status(code: int) -> Serve:
    return lambda h: h.reply(code, html(f"Error {code}"))


def too_many_requests(h: FaultHandler) -> None:
    """429 with Retry-After the first time, the page after."""
    if h.server.first_time("429"):
        h.reply(429, html("Slow down"), Retry_After="2")
    else:
        h.reply(200, html("Served after waiting"))


def unavailable_for_a_while(h: FaultHandler) -> None:
    if h.server.first_time("503-retry"):
        h.reply(503, html("Maintenance"), Retry_After="1")
    else:
        h.reply(200, html("Back from maintenance"))


def chain(h: FaultHandler) -> None:
    hop = int(parse_qs(urlsplit(h.path).query).get("hop", ["0"])[0])
    h.redirect(f"/redirect/chain?hop={hop + 1}") if hop < 15 else h.reply(200, html("End of a long chain"))


def calendar(h: FaultHandler, path: str) -> None:
    """An endless calendar: every month links to the next and the previous one."""
    parts = [p for p in path.split("/") if p.isdigit()]
    year, month = (int(parts[0]), int(parts[1])) if len(parts) == 2 else (2026, 11)
    after = (year + month // 12, month % 12 + 1)
    before = (year - (month == 1), 12 if month == 1 else month - 1)
    body = (
        f'<a href="/calendar/{after[0]}/{after[1]}/">next month</a> '
        f'<a href="/calendar/{before[0]}/{before[1]}/">previous month</a>'
    )
    h.reply(200, html(f"Events {year}-{month:02d}", body))


def query_variants(h: FaultHandler) -> None:
    """A listing whose every page links to new sort orders and pages: endless query strings."""
    n = int(parse_qs(urlsplit(h.path).query).get("page", ["1"])[0])
    links = "".join(f'<a href="/listing/?page={n + 1}&amp;sort={key}">page {n + 1} by {key}</a>' for key in "abc")
    h.reply(200, html(f"Listing page {n}", links))


def huge(h: FaultHandler) -> None:
    h.reply(200, html("Huge", "<p>" + "word " * 2_500_000 + "</p>"))


def bomb(h: FaultHandler) -> None:
    h.reply(200, gzip_bomb(BOMB_BYTES * h.server.scale), Content_Encoding="gzip")


def bad_utf8(h: FaultHandler) -> None:
    h.reply(200, html("Invalid UTF-8").replace(b"</h1>", b"</h1><p>\xff\xfe\xc3\x28 \xed\xa0\x80</p>"))


def lying_charset(h: FaultHandler) -> None:
    """Declares UTF-8, is Windows-1251."""
    body = '<!DOCTYPE html><html lang="ru"><title>Новости</title><p>Официальный сайт</p></html>'
    h.reply(200, body.encode("cp1251"), "text/html; charset=utf-8")


def malformed(h: FaultHandler) -> None:
    body = b'<html lang="en"><title>Malformed</title><<<p>><b><i></b></i><table><td><a href="/fine/"">x</td></a>' * 50
    h.reply(200, body + b'<div<span ="\x00">', "text/html")


def binary_as_html(h: FaultHandler) -> None:
    h.reply(200, binary_noise(), "text/html")


def fine(h: FaultHandler) -> None:
    h.reply(200, html("A fine page", '<p>Nothing wrong here.</p><a href="/">Home</a>'))


def endless_script(h: FaultHandler) -> None:
    h.reply(200, html("Endless script", "<script>for(;;){}</script>"))


def dialogs(h: FaultHandler) -> None:
    h.reply(200, html("Dialogs", "<script>for(let i=0;i<1e9;i++){alert(i);confirm(i);prompt(i)}</script>"))


def popups(h: FaultHandler) -> None:
    h.reply(200, html("Popups", "<script>for(let i=0;i<200;i++){window.open('/fine/?'+i)}</script>"))


def navigates_away(h: FaultHandler) -> None:
    # Text of its own: a page that navigates away while rendered, not a stub that only sends on (a redirect).
    text = "<p>" + "This page has content of its own and then leaves for another page. " * 4 + "</p>"
    h.reply(200, html("Leaving", text + "<script>location.href='/fine/?moved'</script>"))


def huge_dom(h: FaultHandler) -> None:
    script = (
        "<script>const m=document.querySelector('main');"
        "for(let i=0;i<200000;i++){m.append(document.createElement('span'))}</script>"
    )
    h.reply(200, html("Huge DOM", script))


FAULT_LIST: tuple[Fault, ...] = (
    Fault("/", "the home page, linking to every fault", home),
    Fault("/robots.txt", "robots.txt (well-behaved, timing out or answering 500)", robots, linked=False),
    Fault("/sitemap-index.xml", "a sitemap index that lists itself", sitemap_index, linked=False),
    Fault(
        "/sitemap-million.xml.gz",
        "a gzipped sitemap of a million URLs",
        lambda h: h.reply(
            200, million_entry_sitemap(h.server.base_url, MILLION * h.server.scale), "application/x-gzip"
        ),
        linked=False,
    ),
    Fault("/stall/headers/", "headers, then nothing", headers_then_nothing),
    Fault("/stall/trickle/", "a byte every half second", trickle),
    Fault("/reset/", "a connection reset mid-body", reset_mid_body),
    Fault("/status/500/", "500", status(500)),
    Fault("/status/502/", "502", status(502)),
    Fault("/status/503/", "503", status(503)),
    Fault("/status/504/", "504", status(504)),
    Fault("/throttle/429/", "429 with Retry-After, then the page", too_many_requests),
    Fault("/throttle/503/", "503 with Retry-After, then the page", unavailable_for_a_while),
    Fault("/redirect/loop-a", "a redirect loop", lambda h: h.redirect("/redirect/loop-b")),
    Fault("/redirect/loop-b", "the loop's other half", lambda h: h.redirect("/redirect/loop-a"), linked=False),
    Fault("/redirect/self", "a redirect to itself", lambda h: h.redirect("/redirect/self")),
    Fault("/redirect/chain", "a chain of fifteen redirects", chain),
    Fault("/redirect/other-host", "a redirect to another host", lambda h: h.redirect("http://elsewhere.invalid/")),
    Fault(
        "/redirect/private",
        "a redirect to a private address (another loopback one: the tests reach no other)",
        lambda h: h.redirect("http://127.0.0.2/latest/meta-data/"),
    ),
    Fault("/redirect/scheme", "a redirect to a non-http scheme", lambda h: h.redirect("file:///etc/passwd")),
    Fault("/redirect/javascript", "a redirect to javascript:", lambda h: h.redirect("javascript:alert(1)")),
    Fault("/calendar/", "an endless calendar", lambda h: calendar(h, "/calendar/")),
    Fault("/listing/", "endless query-string variants", query_variants),
    Fault("/huge/", "a page larger than the size cap", huge),
    Fault("/bomb/", "a gzip bomb", bomb),
    Fault("/charset/invalid-utf8/", "invalid UTF-8", bad_utf8),
    Fault("/charset/lying/", "a declared charset that lies", lying_charset),
    Fault("/html/malformed/", "malformed HTML", malformed),
    Fault("/html/nested/", "HTML nested 60 000 deep", lambda h: h.reply(200, nested_html())),
    Fault("/binary/", "a binary served as text/html", binary_as_html),
    Fault("/private/secret/", "a page robots.txt disallows", fine),
    Fault("/fine/", "a fine page", fine),
    Fault("/render/endless-script/", "an endless script", endless_script, render=True),
    Fault("/render/dialogs/", "alert/confirm/prompt loops", dialogs, render=True),
    Fault("/render/popups/", "a window.open flood", popups, render=True),
    Fault("/render/navigates-away/", "a page that navigates away", navigates_away, render=True),
    Fault("/render/huge-dom/", "200 000 elements", huge_dom, render=True),
)
ROUTES = {fault.path: fault for fault in FAULT_LIST}


@dataclass
class ServedFaults:
    server: FaultServer
    base_url: str
    extra: dict[str, str] = field(default_factory=dict)

    def requests_for(self, path: str) -> list[float]:
        """When each request for `path` (query aside) arrived."""
        return [when for when, requested in list(self.server.log) if urlsplit(requested).path == path]

    @property
    def requested(self) -> list[str]:
        return [requested for _, requested in list(self.server.log)]


@contextmanager
def serve_faults(robots: str = "ok", tls: tuple[Path, Path] | None = None, scale: int = 1) -> Iterator[ServedFaults]:
    """The fault portal; `robots` is "ok", "stall" or "500"; with `tls` (certificate, key) over HTTPS."""
    server = FaultServer(robots, scale)
    if tls is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*tls)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        server.scheme = "https"
    base_url = server.base_url
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield ServedFaults(server, base_url)
    finally:
        server.closing.set()
        server.shutdown()
        server.server_close()
        thread.join()
