"""The SSRF guard's rule: which network addresses a crawl of one portal may reach.

A public portal must not make egov-audit fetch its operator's intranet, the
machine it runs on, or a cloud metadata service: a link, a redirect, a DNS
answer or a rendered page's image pointing there is refused, and the refusal is
recorded. The addresses the start URL itself resolves to are trusted (the
person running the audit chose that host, even when it is on 127.0.0.1 or an
intranet); `--allow-private` trusts every address.

The rule is applied to the addresses a host *resolves to*, not to the URL text,
so a public name that answers with 10.0.0.5 is refused too. The crawler's
resolver (crawler/resolver.py) and the renderer's request filter both ask
`refusal`. Links and redirects to other hosts and to non-http schemes are never
followed in the first place (crawler/frontier.py).
"""

from __future__ import annotations

import contextlib
import ipaddress
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from urllib.parse import urlsplit

METADATA_ADDRESSES = frozenset({"169.254.169.254", "fd00:ec2::254", "100.100.100.200"})

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


def literal_address(host: str) -> IPAddress | None:
    try:
        return ipaddress.ip_address(host.strip("[]"))
    except ValueError:
        return None


def describe(address: IPAddress) -> str:
    """What kind of non-public address this is, in words an operator knows."""
    if str(address) in METADATA_ADDRESSES:
        return "a cloud metadata address"
    if address.is_loopback:
        return "a loopback address"
    if address.is_link_local:
        return "a link-local address"
    if address.is_private:
        return "a private address"
    return "a non-public address"


@dataclass(frozen=True, slots=True)
class AddressPolicy:
    allow_private: bool = False
    trusted: frozenset[str] = frozenset()  # the start URL's own addresses
    start_host: str = ""  # the start URL's host, as a URL spells it (lower case, IPv6 in brackets)

    @classmethod
    def for_start(cls, start_url: str, allow_private: bool = False) -> AddressPolicy:
        """The policy of a crawl from `start_url`: its host's addresses are trusted."""
        host = urlsplit(start_url).hostname or ""
        spelled = f"[{host}]" if ":" in host else host
        with contextlib.suppress(UnicodeError):  # a browser writes an international name in punycode
            spelled = spelled.encode("idna").decode("ascii")
        return cls(allow_private, frozenset(addresses_of(host)), spelled)

    def refusal(self, host: str, addresses: Iterable[str]) -> str | None:
        """Why `host`, resolving to `addresses`, may not be reached; None when it may.

        One refused address refuses the host: a name that answers with a public
        and a private address is how DNS rebinding starts.
        """
        if self.allow_private:
            return None
        for text in addresses:
            address = literal_address(text)
            if address is None or text in self.trusted or address.is_global:
                continue
            return f"refused: {host} resolves to {address}, {describe(address)} (SSRF guard; --allow-private allows it)"
        return None


def addresses_of(host: str) -> list[str]:
    """What `host` resolves to: itself when it is an address, else the system resolver's answers."""
    host = host.strip("[]").lower()
    if (address := literal_address(host)) is not None:
        return [str(address)]
    try:
        answers = socket.getaddrinfo(host, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []
    return sorted({str(answer[4][0]) for answer in answers})
