"""A forward proxy on 127.0.0.1 that applies the SSRF guard to what a Selenium-driven Chromium loads.

Classic WebDriver cannot stop a page's requests, and WebDriver BiDi request
interception times out with Debian's chromedriver (tried with Chromium 156), so
the local browser is pointed at this proxy instead: it resolves each host, asks
`AddressPolicy.refusal`, and connects to the very address it checked (no second
lookup for a rebinding DNS to change). Refused requests get a 403. The
Playwright driver filters with `BrowserContext.route` and needs none of this.

It only tunnels bytes (CONNECT for https, absolute-URI requests for http, each
on its own connection): it never reads or keeps what passes through.
"""

from __future__ import annotations

import contextlib
import select
import socket
import socketserver
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from urllib.parse import urlsplit

from audits.address_policy import AddressPolicy, addresses_of

MAX_HEAD = 64 * 1024
CONNECT_TIMEOUT = 10.0
IDLE_TIMEOUT = 120.0


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, policy: AddressPolicy) -> None:
        self.policy = policy
        super().__init__(("127.0.0.1", 0), _Tunnel)

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # a browser that hangs up mid-tunnel is ordinary


class _Tunnel(socketserver.BaseRequestHandler):
    server: _Server

    def handle(self) -> None:
        client: socket.socket = self.request
        client.settimeout(IDLE_TIMEOUT)
        head = _read_head(client)
        if head is None:
            return
        line, _, rest = head.partition(b"\r\n")
        try:
            method, target, version = line.decode("latin-1").split(" ", 2)
        except ValueError:
            return _answer(client, 400, "Bad Request")
        if method == "CONNECT":
            host, _, port = target.rpartition(":")
            forward = b""
        else:
            parts = urlsplit(target)
            if parts.scheme != "http" or not parts.hostname:
                return _answer(client, 400, "Bad Request")
            host, port = parts.hostname, str(parts.port or 80)
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            forward = f"{method} {path} {version}\r\n".encode("latin-1") + _without_proxy_headers(rest)
        upstream = self._connect(host.strip("[]"), port)
        if upstream is None:
            return _answer(client, 403, "Forbidden")
        with upstream:
            if method == "CONNECT":
                client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            else:
                upstream.sendall(forward)
            _pipe(client, upstream)

    def _connect(self, host: str, port: str) -> socket.socket | None:
        addresses = addresses_of(host)
        if not addresses or not port.isdigit() or self.server.policy.refusal(host, addresses) is not None:
            return None
        for address in addresses:
            with contextlib.suppress(OSError):
                return socket.create_connection((address, int(port)), timeout=CONNECT_TIMEOUT)
        return None


def _read_head(client: socket.socket) -> bytes | None:
    data = b""
    while b"\r\n\r\n" not in data:
        try:
            chunk = client.recv(4096)
        except OSError:
            return None
        if not chunk or len(data) > MAX_HEAD:
            return None
        data += chunk
    return data


def _without_proxy_headers(rest: bytes) -> bytes:
    """The request's headers and any body bytes already read, minus what was meant for the proxy."""
    headers, _, body = rest.partition(b"\r\n\r\n")
    kept = [h for h in headers.split(b"\r\n") if h and not h.lower().startswith((b"proxy-", b"connection:"))]
    return b"\r\n".join([*kept, b"Connection: close", b"", b""]) + body


def _answer(client: socket.socket, status: int, reason: str) -> None:
    with contextlib.suppress(OSError):
        client.sendall(f"HTTP/1.1 {status} {reason}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".encode())


def _pipe(a: socket.socket, b: socket.socket) -> None:
    sockets = [a, b]
    while True:
        readable, _, _ = select.select(sockets, [], [], IDLE_TIMEOUT)
        if not readable:
            return
        for source in readable:
            try:
                data = source.recv(65536)
                if not data:
                    return
                (b if source is a else a).sendall(data)
            except OSError:
                return


@contextmanager
def guard_proxy(policy: AddressPolicy) -> Iterator[str]:
    """Run the proxy while the block runs; yields its address for Chromium's --proxy-server."""
    server = _Server(policy)
    thread = threading.Thread(target=server.serve_forever, name="egov-audit-guard-proxy", daemon=True)
    thread.start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
