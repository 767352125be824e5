"""The SSRF guard's rule: the start URL's own addresses and public ones pass; every other kind is refused."""

from __future__ import annotations

import pytest

from egov_audit.crawler.address_policy import AddressPolicy, addresses_of

START = AddressPolicy.for_start("http://127.0.0.1:8080/")


def test_the_start_urls_own_address_is_trusted() -> None:
    assert START.trusted == frozenset({"127.0.0.1"})
    assert START.refusal("127.0.0.1", ["127.0.0.1"]) is None


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("10.1.2.3", "a private address"),
        ("192.168.0.10", "a private address"),
        ("172.16.5.4", "a private address"),
        ("127.0.0.2", "a loopback address"),
        ("::1", "a loopback address"),
        ("169.254.169.254", "a cloud metadata address"),
        ("169.254.10.10", "a link-local address"),
        ("fe80::1", "a link-local address"),
        ("fd12:3456::1", "a private address"),
        ("0.0.0.0", "a private address"),  # which Linux connects to this machine
        ("100.64.0.1", "a non-public address"),
    ],
)
def test_non_public_addresses_are_refused_with_their_kind(address: str, kind: str) -> None:
    refusal = START.refusal("portal.example", [address])
    assert refusal is not None and kind in refusal and "--allow-private" in refusal
    assert AddressPolicy.for_start("http://127.0.0.1/", allow_private=True).refusal("portal.example", [address]) is None


def test_public_answers_pass_and_one_private_answer_refuses_the_host() -> None:
    assert START.refusal("portal.example", ["93.184.216.34", "2606:2800:220:1::1"]) is None
    assert START.refusal("rebinding.example", ["93.184.216.34", "10.0.0.5"]) is not None


def test_a_public_start_trusts_no_private_address() -> None:
    policy = AddressPolicy(trusted=frozenset({"93.184.216.34"}))
    assert policy.refusal("intranet.gov.example", ["10.0.0.5"]) is not None


def test_literal_addresses_resolve_to_themselves_and_unknown_names_to_nothing() -> None:
    assert addresses_of("[::1]") == ["::1"]
    assert addresses_of("127.000.000.001".replace("000", "0")) == ["127.0.0.1"]
    assert addresses_of("nothing.invalid") == []


@pytest.mark.parametrize(
    ("start", "host"),
    [
        ("http://127.0.0.1:8080/", "127.0.0.1"),
        ("http://[::1]:8080/x", "[::1]"),
        ("https://Portal.EXAMPLE/", "portal.example"),
        ("https://пример.испытание/", "xn--e1afmkfd.xn--80akhbyknj4f"),
    ],
)
def test_the_start_host_is_kept_as_a_browser_writes_it(start: str, host: str) -> None:
    assert AddressPolicy.for_start(start).start_host == host
