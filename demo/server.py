"""Serve a version of the demo portal on 127.0.0.1, and log what was requested.

`python -m demo.server --version 2 --port 8200` serves one by hand.
"""

from __future__ import annotations

import argparse
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

from egov_audit.demo.portal import (
    SECURITY_HEADERS,
    Portal,
    build_portal,
    robots_txt,
    security_txt,
    sitemap_index_xml,
    sitemap_xml,
)

NOT_FOUND = b"<!DOCTYPE html><html lang=en><title>Not found</title><h1>404 Not found</h1>"


class DemoServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a crawler that hangs up early (size cap, timeout) is expected, not worth a traceback

    allow_reuse_address = True  # a fixed --port can be reused at once after a restart

    def __init__(self, portal: Portal, port: int = 0) -> None:
        self.portal = portal
        self.requests: list[tuple[str, str]] = []
        self.lock = threading.Lock()
        # Bound to loopback only: the demo is never reachable from another machine.
        super().__init__(("127.0.0.1", port), _Handler)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def requested_paths(self) -> list[str]:
        with self.lock:
            return [path for _method, path in self.requests]


class _Handler(BaseHTTPRequestHandler):
    server: DemoServer
    protocol_version = "HTTP/1.1"
    # TCP_NODELAY, as real web servers set it: with Nagle on, every answer after the first on a
    # kept-alive connection (headers and body are two writes) waited ~40 ms for a delayed ACK.
    disable_nagle_algorithm = True

    def log_message(self, format: str, *args: object) -> None:
        pass  # the server keeps its own log in `requests`

    def do_HEAD(self) -> None:
        self._answer(send_body=False)

    def do_GET(self) -> None:
        self._answer(send_body=True)

    def _answer(self, send_body: bool) -> None:
        path = urlsplit(self.path).path
        with self.server.lock:
            self.server.requests.append((self.command, path))
        base = f"http://{self.headers.get('Host', self.server.base_url.removeprefix('http://'))}"
        portal = self.server.portal
        status, content_type, body, location, delay = 200, "text/html; charset=utf-8", b"", None, 0.0
        if path == "/robots.txt":
            content_type, body = "text/plain; charset=utf-8", robots_txt(base)
        elif path == "/sitemap.xml":
            content_type, body = "application/xml", sitemap_index_xml(base, portal)
        elif path in portal.sitemaps:
            content_type, body = "application/xml", sitemap_xml(base, portal.sitemaps[path], portal.today)
        elif path == "/.well-known/security.txt":
            content_type, body = "text/plain; charset=utf-8", security_txt(portal.today)
        elif path in portal.routes:
            route = portal.routes[path]
            status, content_type, body, location, delay = (
                route.status,
                route.content_type,
                route.body,
                route.location,
                route.delay,
            )
        else:
            status, body = 404, NOT_FOUND
        if delay:
            time.sleep(delay)
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        if location:
            self.send_header("Location", location)
        for name, value in SECURITY_HEADERS.items():
            self.send_header(name, value)
        self.end_headers()
        if send_body:
            self.wfile.write(body)


@contextmanager
def serve(version: int, port: int = 0) -> Iterator[DemoServer]:
    """Serve `version` of the demo portal in a background thread for the `with` block."""
    server = DemoServer(build_portal(version), port)
    thread = threading.Thread(target=server.serve_forever, name=f"demo-portal-v{version}", daemon=True)
    thread.start()
    try:
        yield server
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def main() -> None:
    parser = argparse.ArgumentParser(description="Serve the egov-audit demo portal on 127.0.0.1.")
    parser.add_argument("--version", type=int, default=3, choices=(1, 2, 3))
    parser.add_argument("--port", type=int, default=8200)
    args = parser.parse_args()
    with serve(args.version, args.port) as server:
        print(f"Demo portal v{args.version} at {server.base_url}/ (Ctrl-C to stop)", flush=True)
        with suppress(KeyboardInterrupt):
            threading.Event().wait()


if __name__ == "__main__":
    main()
