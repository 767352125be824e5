"""Before a crawl: is the start URL something we can audit at all?

A URL that is malformed, names no resolvable host, refuses connections or is not
an HTML page is a usage error (exit 2). A portal that answers 5xx or times out is
not: that is a result, and the availability pillar records it.
"""

from __future__ import annotations

import ipaddress
import socket
import ssl
import urllib.error
import urllib.request
from urllib.parse import quote, urlsplit, urlunsplit


class InputError(Exception):
    """Bad input from the user; the message is one line naming what is wrong."""


def normalise_start_url(url: str) -> str:
    text = url.strip()
    if not text:
        raise InputError("the URL is empty")
    odd = next((ch for ch in text if ch.isspace() or not ch.isprintable()), None)
    if odd is not None:
        raise InputError(f"{url!r} is not a URL: it contains {odd!r} (a space, control or invisible character)")
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
    if port == 0:
        raise InputError(f"{url!r}: port 0 cannot be connected to")
    bracketed = parts.netloc.rpartition("@")[2].startswith("[")
    netloc = _host(url, parts.hostname.lower(), bracketed) + (f":{port}" if port else "")
    return urlunsplit((parts.scheme.lower(), netloc, parts.path or "/", parts.query, ""))


def _host(url: str, host: str, bracketed: bool) -> str:
    """The host as the URL must write it: an IPv6 address in brackets, a name that IDNA can encode."""
    if bracketed:
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            raise InputError(f"{url!r}: [{host}] is not an IPv6 address") from None
        return f"[{host}]"
    try:
        host.encode("idna")
    except UnicodeError as exc:
        reason = str(exc).rstrip(")").rpartition(": ")[2]  # "encoding ... failed (UnicodeError: label too long)"
        raise InputError(f"{url!r}: '{host}' is not a valid host name: {reason}") from None
    return host


def request_url(url: str) -> str:
    """A normalised start URL as it goes on the wire: IDNA host, non-ASCII path and query percent-encoded."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    host = f"[{host}]" if ":" in host else host.encode("idna").decode("ascii")
    netloc = host + (f":{parts.port}" if parts.port else "")
    path = quote(parts.path, safe="/%;:@!$&'()*+,=~")
    query = quote(parts.query, safe="/?%;:@!$&'()*+,=~")
    return urlunsplit((parts.scheme, netloc, path, query, ""))


def contact_problem(contact: str) -> str | None:
    """What keeps a contact out of the User-Agent header (printable ASCII only), or None."""
    odd = next((ch for ch in contact if not " " <= ch <= "~"), None)
    if contact.strip() and odd is None:
        return None
    why = "is empty" if odd is None else f"contains {odd!r}"
    return f"{why}: give a URL or e-mail address in printable ASCII (a domain in another script in its xn-- form)"


def probe_start_url(url: str, user_agent: str, timeout: float) -> None:
    """Raise `InputError` when the start URL cannot be audited at all."""
    host = urlsplit(url).hostname or ""
    try:
        socket.getaddrinfo(host, None)
    except (socket.gaierror, UnicodeError):
        raise InputError(f"{url}: the host '{host}' does not resolve") from None
    request = urllib.request.Request(request_url(url), headers={"User-Agent": user_agent, "Accept": "text/html,*/*"})
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
