"""Which requests of a rendered page the SSRF guard sees: every host's but the allowed start host's."""

from __future__ import annotations

import asyncio
import re

import pytest

from audits.accessibility.playwright_driver import guarded_urls
from audits.address_policy import AddressPolicy


def test_the_start_hosts_requests_skip_the_guard_and_every_other_hosts_reach_it() -> None:
    pattern = asyncio.run(guarded_urls(AddressPolicy.for_start("http://127.0.0.1:8080/")))
    assert isinstance(pattern, re.Pattern)
    for skipped in ("http://127.0.0.1:8080/", "http://127.0.0.1/a?b#c", "https://127.0.0.1:9/x", "http://127.0.0.1"):
        assert not pattern.search(skipped), skipped
    for guarded in (
        "http://127.0.0.2/",
        "http://127.0.0.10/",
        "http://127.0.0.1.attacker.example/",
        "http://user@127.0.0.1/",
        "ftp://127.0.0.1/",
        "http://127.1.2.3/latest/meta-data/",
    ):
        assert pattern.search(guarded), guarded


@pytest.mark.parametrize("start", ["http://unresolvable.invalid/", ""])
def test_a_start_host_that_does_not_resolve_to_an_allowed_address_is_guarded_too(start: str) -> None:
    assert asyncio.run(guarded_urls(AddressPolicy.for_start(start))) == "**/*"
