"""The crawler's resolver checks the DNS answers themselves, not the URL text (no network: a fake system resolver)."""

from __future__ import annotations

from typing import Any

from twisted.internet.address import IPv4Address

from egov_audit.crawler.address_policy import AddressPolicy
from egov_audit.crawler.resolver import AddressGuard, GuardedResolver


class FakeSystemResolver:
    """Answers like DNS would, from a table."""

    def __init__(self, answers: dict[str, list[str]]) -> None:
        self.answers = answers
        self.asked: list[str] = []

    def resolveHostName(self, receiver: Any, host: str, port: int = 0, *args: Any) -> Any:  # noqa: N802
        self.asked.append(host)
        receiver.resolutionBegan(object())
        for address in self.answers.get(host, []):
            receiver.addressResolved(IPv4Address("TCP", address, port))
        receiver.resolutionComplete()
        return receiver


class FakeReactor:
    def __init__(self, answers: dict[str, list[str]]) -> None:
        self.nameResolver = FakeSystemResolver(answers)


class Receiver:
    def __init__(self) -> None:
        self.addresses: list[str] = []
        self.complete = False

    def resolutionBegan(self, resolution: Any) -> None:  # noqa: N802
        pass

    def addressResolved(self, address: Any) -> None:  # noqa: N802
        self.addresses.append(address.host)

    def resolutionComplete(self) -> None:  # noqa: N802
        self.complete = True


ANSWERS = {
    "portal.example": ["93.184.216.34"],
    "intranet.example": ["10.0.0.5"],
    "rebinding.example": ["93.184.216.34", "169.254.169.254"],
}


def resolve(host: str, policy: AddressPolicy) -> tuple[Receiver, AddressGuard, FakeSystemResolver]:
    reactor = FakeReactor(ANSWERS)
    guard = AddressGuard(policy)
    receiver = Receiver()
    GuardedResolver(reactor, guard).resolveHostName(receiver, host, 443)
    return receiver, guard, reactor.nameResolver


def test_public_answers_are_passed_on() -> None:
    receiver, guard, _ = resolve("portal.example", AddressPolicy())
    assert receiver.complete and receiver.addresses == ["93.184.216.34"] and not guard.refusals


def test_a_name_answering_with_a_private_address_resolves_to_nothing_and_the_reason_is_kept() -> None:
    receiver, guard, _ = resolve("intranet.example", AddressPolicy())
    assert receiver.complete and receiver.addresses == []
    assert "10.0.0.5, a private address" in (guard.refusal_for("intranet.example") or "")


def test_one_metadata_answer_refuses_the_whole_name() -> None:
    receiver, guard, _ = resolve("rebinding.example", AddressPolicy())
    assert receiver.addresses == [] and "cloud metadata" in (guard.refusal_for("rebinding.example") or "")


def test_literal_addresses_are_checked_without_asking_dns() -> None:
    receiver, guard, system = resolve("169.254.169.254", AddressPolicy())
    assert receiver.addresses == [] and system.asked == []
    assert guard.refusal_for("169.254.169.254") is not None
    receiver, _, _ = resolve("127.0.0.1", AddressPolicy(trusted=frozenset({"127.0.0.1"})))
    assert receiver.addresses == ["127.0.0.1"]


def test_allow_private_passes_everything_on() -> None:
    receiver, guard, _ = resolve("intranet.example", AddressPolicy(allow_private=True))
    assert receiver.addresses == ["10.0.0.5"] and not guard.refusals
