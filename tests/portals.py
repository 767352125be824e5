"""Small portals served on 127.0.0.1 for tests that need a behaviour the demo portal lacks."""

from __future__ import annotations

import json
import random
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit


@dataclass
class Reply:
    status: int = 200
    body: bytes | str = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0


App = Callable[[str], Reply]


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a crawler that hangs up early (size cap, timeout) is expected, not worth a traceback

    def __init__(self, app: App, host: str = "127.0.0.1") -> None:
        self.app = app
        self.requested: list[str] = []
        self.times: list[float] = []  # time.monotonic() of each request, beside `requested`
        super().__init__((host, 0), _Handler)


class _Handler(BaseHTTPRequestHandler):
    server: _Server
    protocol_version = "HTTP/1.1"
    # TCP_NODELAY, as real web servers set it: with Nagle on, every answer after the first on a
    # kept-alive connection (headers and body are two writes) waited ~40 ms for a delayed ACK.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:
        pass

    def do_GET(self) -> None:
        path = urlsplit(self.path).path
        self.server.requested.append(path)
        self.server.times.append(time.monotonic())
        reply = self.server.app(path)
        if reply.delay:
            time.sleep(reply.delay)
        body = reply.body.encode() if isinstance(reply.body, str) else reply.body
        self.send_response(reply.status)
        self.send_header("Content-Type", reply.content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in reply.headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


@dataclass
class Served:
    base_url: str
    server: _Server

    @property
    def requested(self) -> list[str]:
        return list(self.server.requested)


@contextmanager
def serve_app(app: App, tls: tuple[Path, Path] | None = None, host: str = "127.0.0.1") -> Iterator[Served]:
    """Serve `app` on 127.0.0.1 (or another loopback `host`); with `tls` (certificate, key) over HTTPS."""
    server = _Server(app, host)
    scheme = "http"
    if tls is not None:
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(*tls)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        scheme = "https"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield Served(f"{scheme}://{host}:{server.server_address[1]}", server)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def endless_site(delay: float = 0.0) -> App:
    """Every page /n/ links to /n+1/ and /n+2/: a portal with no end, for limits."""

    def app(path: str) -> Reply:
        if path == "/robots.txt":
            return Reply(404, "", "text/plain")
        if path == "/sitemap.xml":
            return Reply(404, "")
        n = int(path.strip("/") or 0) if path.strip("/").isdigit() or path == "/" else None
        if n is None:
            return Reply(404, "<!DOCTYPE html><title>404</title>")
        links = f'<a href="/{n + 1}/">next</a> <a href="/{n + 2}/">skip</a>'
        return Reply(200, f'<!DOCTYPE html><html lang="en"><title>Page {n}</title>{links}</html>', delay=delay)

    return app


def generated_portal(total: int = 300, max_jitter: float = 0.02) -> App:
    """A portal of `total` pages in three templates (news, services with a form, documents), with a
    menu, links onward and across, a sitemap of every tenth page, and known defects (an image
    without alt on every news page, no viewport on the documents). Each answer waits a random
    0 to `max_jitter` seconds, drawn afresh on every run: two crawls see the pages answer in
    different orders, as a real portal under load does."""
    jitter = random.Random()  # unseeded on purpose: timing must not decide what an audit finds
    kinds = ("news", "services", "documents")

    def url(n: int) -> str:
        return "/" if n == 0 else f"/{kinds[n % 3]}/{n}/"

    def body(n: int) -> str:
        kind = kinds[n % 3]
        menu = "".join(f'<li><a href="{url(k)}">Section {k}</a></li>' for k in range(1, 10))
        onward = "".join(f'<a href="{url((n * 7 + k * 13) % total or 1)}">More {k}</a> ' for k in range(6))
        extra = {
            "news": '<img src="/photo.png" width="10" height="10">',
            "services": '<form method="post" action="/apply"><label>Name <input name="n"></label>'
            "<button>Send</button></form>",
            "documents": "",
        }[kind]
        viewport = "" if kind == "documents" else '<meta name="viewport" content="width=device-width">'
        text = f"<p>Page {n} of the {kind} of the portal, with its own text for citizens to read.</p>" * 5
        return (
            f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">{viewport}<title>{kind} {n}</title></head>'
            f"<body><header><nav><ul>{menu}</ul></nav></header><main><h1>{kind.title()} {n}</h1>{text}{extra}"
            f"<p>{onward}</p></main></body></html>"
        )

    pages = {url(n): n for n in range(total)}
    sitemap = "".join(f"<url><loc>{url(n)}</loc></url>" for n in range(0, total, 10))  # the crawler resolves them

    def app(path: str) -> Reply:
        delay = jitter.uniform(0, max_jitter)
        if path == "/robots.txt":
            return Reply(200, "User-agent: *\nAllow: /\n", "text/plain", delay=delay)
        if path == "/sitemap.xml":
            xml = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{sitemap}</urlset>'
            return Reply(200, xml, "application/xml", delay=delay)
        if path == "/photo.png":
            return Reply(200, b"\x89PNG\r\n", "image/png", delay=delay)
        if path in pages:
            return Reply(200, body(pages[path]), delay=delay)
        return Reply(404, "<!DOCTYPE html><title>Not found</title>", delay=delay)

    return app


SERVICES = ("passport", "birth", "marriage", "pension", "housing", "business", "tax", "vehicle")

# The script of script_portal: the menu, the services and the client-side routes exist only once it runs.
_ROUTER = """
const services = %s;
const app = document.getElementById("app");
function render() {
  const route = location.hash.slice(1) || location.pathname;
  const menu = services.map((s) => `<li><a href="/services/${s}/">Service ${s}</a></li>`).join("");
  let main = `<h1>Public services</h1><p>${"Choose a service to apply for online. ".repeat(30)}</p>`;
  if (route.startsWith("/services/")) {
    main = `<h1>Service ${route.split("/")[2]}</h1><p>${"How to apply, the documents and the fees. ".repeat(30)}</p>`;
  } else if (route === "/about") {
    main = `<h1>About the portal</h1><p>${"The portal is run by the ministry. ".repeat(30)}</p>`;
  } else if (route === "/contacts/") {
    main = `<h1>Contacts</h1><p>${"Write to us or call the contact centre. ".repeat(30)}</p>`;
  }
  app.innerHTML = `<header><nav aria-label="Main"><ul>${menu}<li><a href="/#/about">About</a></li></ul>`
    + `<button type="button" id="contacts">Contacts</button></nav></header><main>${main}</main>`;
  document.getElementById("contacts").addEventListener("click", () => {
    history.pushState({}, "", "/contacts/");
    render();
  });
}
window.addEventListener("hashchange", render);
render();
"""


def script_portal(hanging: str | None = None, hang_seconds: float = 0.0) -> App:
    """A portal that only its script builds: every page is the same empty shell, and the script draws
    a menu of services (/services/<name>/), a client-side route (#/about) and a menu button with no
    address whose click pushes /contacts/. With `hanging`, that page also loads an image that answers
    after `hang_seconds`: the browser cannot finish loading it in time."""

    def shell(path: str) -> str:
        image = f'<img src="/slow.png?{path}" alt="">' if path == hanging else ""
        return (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>Public services</title></head>'
            f'<body><div id="app"></div>{image}<noscript><p>Turn on JavaScript.</p></noscript>'
            '<script src="/app.js"></script></body></html>'
        )

    pages = {"/", "/contacts/", *(f"/services/{name}/" for name in SERVICES)}

    def app(path: str) -> Reply:
        if path == "/app.js":
            return Reply(200, _ROUTER % json.dumps(SERVICES), "text/javascript")
        if path == "/slow.png":
            return Reply(200, b"", "image/png", delay=hang_seconds)
        if path in pages:
            return Reply(200, shell(path))
        return Reply(404, '<!DOCTYPE html><html lang="en"><title>Not found</title></html>')

    return app


def static_portal() -> App:
    """Three pages of plain HTML that link to each other, and no script."""

    def app(path: str) -> Reply:
        if path not in ("/", "/a/", "/b/"):
            return Reply(404, '<!DOCTYPE html><html lang="en"><title>Not found</title></html>')
        links = '<a href="/">Home</a> <a href="/a/">A</a> <a href="/b/">B</a>'
        return Reply(200, f'<!DOCTYPE html><html lang="en"><title>Page {path}</title><nav>{links}</nav></html>')

    return app
