"""Before a crawl: is the start URL something we can audit at all?

A URL that is malformed, names no resolvable host, refuses connections or is not
an HTML page is a usage error (exit 2). A portal that answers 5xx or times out is
not: that is a result, and the availability pillar records it.
"""

from __future__ import annotations

import socket
import ssl
import urllib.error
import urllib.request
from urllib.parse import urlsplit, urlunsplit


class InputError(Exception):
    """Bad input from the user; the message is one line naming what is wrong."""


def normalise_start_url(url: str) -> str:
    text = url.strip()
    if not text:
        raise InputError("the URL is empty")
    if any(ch.isspace() or ord(ch) < 32 for ch in text):
        raise InputError(f"{url!r} is not a URL: it contains spaces or control characters")
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise InputError(f"{url!r} is not a valid URL: {exc}") from None
    if not parts.scheme:
        raise InputError(f"{url!r} has no scheme: write http:// or https:// before the host")
    if parts.scheme.lower() not in ("http", "https"):
        raise InputError(f"{url!r}: scheme '{parts.scheme}' is not supported (only http and https)")
    if not parts.hostname:
        raise InputError(f"{url!r} names no host")
    netloc = parts.hostname.lower() + (f":{port}" if port else "")
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


def probe_start_url(url: str, user_agent: str, timeout: float) -> None:
    """Raise `InputError` when the start URL cannot be audited at all."""
    host = urlsplit(url).hostname or ""
    try:
        socket.getaddrinfo(host, None)
    except (socket.gaierror, UnicodeError):
        raise InputError(f"{url}: the host '{host}' does not resolve") from None
    request = urllib.request.Request(url, headers={"User-Agent": user_agent, "Accept": "text/html,*/*"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            content_type = response.headers.get_content_type()
            if not content_type.endswith("html"):
                raise InputError(f"{url}: the start URL is not an HTML page (it is {content_type})")
    except urllib.error.HTTPError:
        return  # the portal answered with an error: a finding, not bad input
    except urllib.error.URLError as exc:
        reason = exc.reason
        if isinstance(reason, ConnectionRefusedError):
            raise InputError(f"{url}: connection refused (is anything listening there?)") from None
        if isinstance(reason, socket.gaierror):
            raise InputError(f"{url}: the host '{host}' does not resolve") from None
        if isinstance(reason, ssl.SSLError | TimeoutError | OSError):
            return  # certificate problems and timeouts are findings
    except (TimeoutError, ConnectionError, ssl.SSLError):
        return
