"""The guard proxy both drivers render through: it tunnels what the policy allows, answers 403 to
what it refuses and 502 to what it cannot reach (saying why in a header of its own), and tells
Chromium to send the start host's requests straight when that host is allowed."""

from __future__ import annotations

import http.client

import pytest

from egov_audit.crawler.address_policy import AddressPolicy
from egov_audit.render.guard_proxy import ANSWER_HEADER, Guard, bypass_rules, guard_proxy
from tests.portals import Reply, serve_app


def _address(guard: Guard) -> tuple[str, int]:
    """The proxy's host and port, as the --proxy-server switch names them."""
    server = next(flag for flag in guard.flags if flag.startswith("--proxy-server="))
    host, port = server.removeprefix("--proxy-server=http://").split(":")
    assert int(port) == guard.port
    return host, int(port)


def _through(flags: Guard, url: str) -> tuple[int, bytes, str | None]:
    connection = http.client.HTTPConnection(*_address(flags), timeout=10)
    connection.request("GET", url)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body, response.getheader(ANSWER_HEADER)


def test_allowed_requests_pass_and_refused_ones_get_403_without_reaching_the_host() -> None:
    policy = AddressPolicy.for_start("http://127.0.0.1/")
    with (
        serve_app(lambda path: Reply(200, "outside")) as allowed,
        serve_app(lambda path: Reply(200, "inside"), host="127.0.0.2") as refused,
        guard_proxy(policy) as proxy,
    ):
        assert _through(proxy, f"{allowed.base_url}/page?q=1") == (200, b"outside", None)
        status, _, why = _through(proxy, f"{refused.base_url}/secret")
        assert status == 403 and why is not None
        assert why.startswith("refused: 127.0.0.2 resolves to 127.0.0.2, a loopback address (SSRF guard")
        unreachable = "nothing.invalid could not be reached"
        assert _through(proxy, "http://nothing.invalid/") == (502, unreachable.encode(), unreachable)
        requested_inside = refused.requested
    assert allowed.requested == ["/page"] and requested_inside == []


def test_connect_tunnels_are_checked_too() -> None:
    policy = AddressPolicy.for_start("http://127.0.0.1/")
    with serve_app(lambda path: Reply(200, "inside"), host="127.0.0.2") as refused, guard_proxy(policy) as proxy:
        connection = http.client.HTTPConnection(*_address(proxy), timeout=10)
        connection.set_tunnel("127.0.0.2", int(refused.base_url.rsplit(":", 1)[1]))
        try:
            connection.request("GET", "/")
            raised = False
        except OSError as exc:
            raised = "403" in str(exc)
        connection.close()
        assert raised and refused.requested == []


@pytest.mark.parametrize(
    ("start", "rules"),
    [
        ("http://127.0.0.1:8080/", "<-loopback>;127.0.0.1"),
        ("http://[::1]:8080/", "<-loopback>;[::1]"),
        ("http://unresolvable.invalid/", "<-loopback>"),  # not checked, so not let through unasked
        ("", "<-loopback>"),
    ],
)
def test_the_start_host_goes_straight_when_allowed_and_loopback_never_does(start: str, rules: str) -> None:
    assert bypass_rules(AddressPolicy.for_start(start)) == rules


def test_only_the_proxys_own_answers_count_as_its_answers() -> None:
    guard = Guard(("--proxy-server=http://127.0.0.1:4000",), 4000)
    assert guard.answered("refused: x", ("127.0.0.1", 4000)) == "refused: x"
    assert guard.answered("refused: x", ("127.0.0.1", 8080)) is None  # a site sending the header itself
    assert guard.answered("refused: x", None) is None
    assert guard.answered(None, ("127.0.0.1", 4000)) is None
    assert Guard().answered("refused: x", ("127.0.0.1", 0)) is None  # no guard, no proxy answers


@pytest.mark.parametrize("policy", [None, AddressPolicy.for_start("http://127.0.0.1/", allow_private=True)])
def test_nothing_to_guard_starts_no_proxy_and_gives_the_browser_no_switches(policy: AddressPolicy | None) -> None:
    with guard_proxy(policy) as guard:
        assert guard == Guard()
