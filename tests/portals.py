"""Small portals served on 127.0.0.1 for tests that need a behaviour the demo portal lacks."""

from __future__ import annotations

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
