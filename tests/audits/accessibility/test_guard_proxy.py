"""The Selenium driver's guard proxy: it tunnels what the policy allows and answers 403 to the rest."""

from __future__ import annotations

import http.client

from audits.accessibility.guard_proxy import guard_proxy
from audits.address_policy import AddressPolicy
from tests.portals import Reply, serve_app


def _through(proxy: str, url: str) -> tuple[int, bytes]:
    host, port = proxy.split(":")
    connection = http.client.HTTPConnection(host, int(port), timeout=10)
    connection.request("GET", url)
    response = connection.getresponse()
    body = response.read()
    connection.close()
    return response.status, body


def test_allowed_requests_pass_and_refused_ones_get_403_without_reaching_the_host() -> None:
    policy = AddressPolicy.for_start("http://127.0.0.1/")
    with (
        serve_app(lambda path: Reply(200, "outside")) as allowed,
        serve_app(lambda path: Reply(200, "inside"), host="127.0.0.2") as refused,
        guard_proxy(policy) as proxy,
    ):
        assert _through(proxy, f"{allowed.base_url}/page?q=1") == (200, b"outside")
        assert _through(proxy, f"{refused.base_url}/secret")[0] == 403
        assert _through(proxy, "http://nothing.invalid/")[0] == 403
        requested_inside = refused.requested
    assert allowed.requested == ["/page"] and requested_inside == []


def test_connect_tunnels_are_checked_too() -> None:
    policy = AddressPolicy.for_start("http://127.0.0.1/")
    with serve_app(lambda path: Reply(200, "inside"), host="127.0.0.2") as refused, guard_proxy(policy) as proxy:
        host, port = proxy.split(":")
        connection = http.client.HTTPConnection(host, int(port), timeout=10)
        connection.set_tunnel("127.0.0.2", int(refused.base_url.rsplit(":", 1)[1]))
        try:
            connection.request("GET", "/")
            raised = False
        except OSError as exc:
            raised = "403" in str(exc)
        connection.close()
        assert raised and refused.requested == []
