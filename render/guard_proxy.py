"""A forward proxy on 127.0.0.1 that applies the SSRF guard to what a rendered page loads.

Both drivers point their local Chromium at it: it resolves each host, asks
`AddressPolicy.refusal`, and connects to the very address it checked (no second
lookup for a rebinding DNS to change). Refused requests get a 403, unreachable
hosts a 502; both say why in the `X-Egov-Audit-Proxy` header, so a driver can tell
the proxy's answer to a page from the site's. The start host's own requests, most of a
portal's, bypass it when its addresses are allowed: it was checked once, as
every other host is.

Why a proxy: classic WebDriver cannot stop a page's requests, WebDriver BiDi
request interception timed out with Debian's chromedriver (Chromium 156), and
Playwright's `BrowserContext.route` pauses every request, the start host's too,
for a round trip to its driver (a fifth of each page's time at concurrency 1).

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
from dataclasses import dataclass
from urllib.parse import urlsplit

from egov_audit.crawler.address_policy import AddressPolicy, addresses_of

MAX_HEAD = 64 * 1024
ANSWER_HEADER = "X-Egov-Audit-Proxy"
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
            try:
                port = str(parts.port or 80)
            except ValueError:  # a port out of range
                return _answer(client, 400, "Bad Request")
            if parts.scheme != "http" or not parts.hostname:
                return _answer(client, 400, "Bad Request")
            host = parts.hostname
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            forward = f"{method} {path} {version}\r\n".encode("latin-1") + _without_proxy_headers(rest)
        host = host.strip("[]")
        addresses = addresses_of(host) if port.isdigit() else []
        if (refused := self.server.policy.refusal(host, addresses)) is not None:
            return _answer(client, 403, "Forbidden", refused)
        upstream = _connect(addresses, int(port)) if addresses else None
        if upstream is None:
            return _answer(client, 502, "Bad Gateway", f"{host} could not be reached")
        with upstream:
            if method == "CONNECT":
                client.sendall(b"HTTP/1.1 200 Connection established\r\n\r\n")
            else:
                upstream.sendall(forward)
            _pipe(client, upstream)


def _connect(addresses: list[str], port: int) -> socket.socket | None:
    for address in addresses:
        with contextlib.suppress(OSError):
            return socket.create_connection((address, port), timeout=CONNECT_TIMEOUT)
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


def _answer(client: socket.socket, status: int, reason: str, why: str = "") -> None:
    """An answer of the proxy's own, saying why in ANSWER_HEADER and in its text (Chromium fails a
    navigation to an error status without a body before a driver could read the header)."""
    said = (why or reason).encode("ascii", "replace").decode("ascii").replace("\r", " ").replace("\n", " ")
    head = (
        f"HTTP/1.1 {status} {reason}\r\n{ANSWER_HEADER}: {said}\r\nContent-Type: text/plain; charset=us-ascii\r\n"
        f"Content-Length: {len(said)}\r\nConnection: close\r\n\r\n{said}"
    )
    with contextlib.suppress(OSError):
        client.sendall(head.encode("ascii"))


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


def bypass_rules(policy: AddressPolicy) -> str:
    """Chromium's --proxy-bypass-list for the guard: loopback goes through the proxy too (so
    127.0.0.2 is asked about), and the start host goes straight when its addresses are allowed."""
    host = policy.start_host
    answers = addresses_of(host) if host else []
    if not answers or policy.refusal(host, answers) is not None:
        return "<-loopback>"
    return f"<-loopback>;{host}"


@dataclass(frozen=True, slots=True)
class Guard:
    """How a browser is sent through the guard proxy; the empty Guard is no guard."""

    flags: tuple[str, ...] = ()  # Chromium's switches
    port: int = 0  # the proxy's, on 127.0.0.1

    def answered(self, why: str | None, server: tuple[str, int] | None) -> str | None:
        """`why` (ANSWER_HEADER of a response) if the proxy itself gave that response, which came
        from `server`; None for any site's own, so a site cannot make its page an error by
        sending the header."""
        return why if why and self.port and server == ("127.0.0.1", self.port) else None


@contextmanager
def guard_proxy(policy: AddressPolicy | None) -> Iterator[Guard]:
    """Run the proxy while the block runs; yields how to send a browser through it (the empty
    Guard, and no proxy, when there is nothing to guard: no policy, or private addresses allowed)."""
    if policy is None or policy.allow_private:
        yield Guard()
        return
    server = _Server(policy)
    thread = threading.Thread(target=server.serve_forever, name="egov-audit-guard-proxy", daemon=True)
    thread.start()
    try:
        port = server.server_address[1]
        flags = (f"--proxy-server=http://127.0.0.1:{port}", f"--proxy-bypass-list={bypass_rules(policy)}")
        yield Guard(flags, port)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
