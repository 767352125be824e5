"""The crawler's name resolver: every connection's addresses pass the SSRF guard first.

Installed as Scrapy's TWISTED_DNS_RESOLVER, it sits where Twisted turns a host
into the addresses it connects to, so what is checked is what is used: a
literal address or the system resolver's answers. A refused
host resolves to nothing (the request fails as a DNS error), and the reason is
kept in `AddressGuard.refusals` for the snapshot.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Self

from twisted.internet.address import IPv4Address, IPv6Address
from twisted.internet.interfaces import IAddress, IHostnameResolver, IHostResolution, IResolutionReceiver
from zope.interface import implementer, provider

from egov_audit.crawler.address_policy import AddressPolicy, literal_address

SETTING = "EGOV_ADDRESS_GUARD"


@dataclass(slots=True)
class AddressGuard:
    """The policy of one crawl, and what it refused (host -> reason)."""

    policy: AddressPolicy
    refusals: dict[str, str] = field(default_factory=dict)

    def refusal_for(self, url_host: str) -> str | None:
        return self.refusals.get(url_host.strip("[]").lower())


@implementer(IHostResolution)
class _Resolution:
    def __init__(self, name: str) -> None:
        self.name = name

    def cancel(self) -> None:  # pragma: no cover - Twisted never cancels a resolution it started
        pass


def _address(text: str, port: int) -> IAddress:
    kind = IPv6Address if ":" in text else IPv4Address
    return kind("TCP", text, port)


@provider(IResolutionReceiver)
class _Checked:
    """Collects the system resolver's answers and forwards them only when the guard allows them all."""

    def __init__(self, receiver: IResolutionReceiver, host: str, guard: AddressGuard) -> None:
        self.receiver, self.host, self.guard = receiver, host, guard
        self.addresses: list[Any] = []

    def resolutionBegan(self, resolution: IHostResolution) -> None:  # noqa: N802 - Twisted's interface
        self.receiver.resolutionBegan(resolution)

    def addressResolved(self, address: Any) -> None:  # noqa: N802
        self.addresses.append(address)

    def resolutionComplete(self) -> None:  # noqa: N802
        refusal = self.guard.policy.refusal(self.host, [str(a.host) for a in self.addresses])
        if refusal is not None:
            self.guard.refusals[self.host] = refusal
        else:
            for address in self.addresses:
                self.receiver.addressResolved(address)
        self.receiver.resolutionComplete()


@implementer(IHostnameResolver)
class GuardedResolver:
    def __init__(self, reactor: Any, guard: AddressGuard) -> None:
        self.reactor = reactor
        self.original: IHostnameResolver = reactor.nameResolver
        self.guard = guard

    @classmethod
    def from_crawler(cls, crawler: Any, reactor: Any) -> Self:
        return cls(reactor, crawler.settings[SETTING])

    def install_on_reactor(self) -> None:
        self.reactor.installNameResolver(self)

    def resolveHostName(  # noqa: N802 - Twisted's interface
        self,
        resolutionReceiver: IResolutionReceiver,  # noqa: N803
        hostName: str,  # noqa: N803
        portNumber: int = 0,  # noqa: N803
        addressTypes: Sequence[type[IAddress]] | None = None,  # noqa: N803
        transportSemantics: str = "TCP",  # noqa: N803
    ) -> IHostResolution:
        host = hostName.strip("[]").lower()
        literal = literal_address(host)
        checked = _Checked(resolutionReceiver, host, self.guard)
        if literal is None:
            return self.original.resolveHostName(checked, hostName, portNumber, addressTypes, transportSemantics)
        resolution = _Resolution(hostName)
        checked.resolutionBegan(resolution)
        checked.addressResolved(_address(str(literal), portNumber))
        checked.resolutionComplete()
        return resolution
