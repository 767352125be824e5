"""The Playwright driver behind the SSRF guard: the start host's requests go straight to it, a
rendered page whose own document the guard refuses is that page's error, and Chromium sends
nothing of its own (autofill queries) through the proxy while it renders."""

from __future__ import annotations

import socket

import pytest

from egov_audit.crawler.address_policy import AddressPolicy
from egov_audit.render import guard_proxy
from egov_audit.render.playwright_driver import audit_with_playwright
from egov_audit.render.settings import RenderSettings
from tests.portals import Reply, serve_app

FORM_PAGE = (
    '<!DOCTYPE html><html lang="en"><head><title>Form</title></head><body><main><h1>Apply</h1>'
    '<form action="/apply/"><label>Name <input name="name" autocomplete="name"></label>'
    '<label>E-mail <input name="email" type="email"></label><button>Send</button></form>'
    '<img src="/logo.png" alt="Logo"></main></body></html>'
)


@pytest.fixture
def proxied(monkeypatch: pytest.MonkeyPatch) -> list[bytes]:
    """The request lines the guard proxy is asked, in order."""
    asked: list[bytes] = []
    handle = guard_proxy._Tunnel.handle

    def recording(self: guard_proxy._Tunnel) -> None:
        asked.append(self.request.recv(4096, socket.MSG_PEEK).split(b"\r\n")[0])
        handle(self)

    monkeypatch.setattr(guard_proxy._Tunnel, "handle", recording)
    return asked


def test_the_start_hosts_pages_bypass_the_proxy_and_chromium_sends_no_autofill_queries(proxied: list[bytes]) -> None:
    with serve_app(lambda path: Reply(200, FORM_PAGE) if path != "/logo.png" else Reply(404, "")) as portal:
        pages = [(f"{portal.base_url}/form/{n}/", "form") for n in range(3)]
        settings = RenderSettings(address_policy=AddressPolicy.for_start(portal.base_url + "/"))
        results = audit_with_playwright(pages, settings)
        requested = list(portal.requested)
    assert all(result.error is None for result in results.values()), results
    assert sorted(path for path in requested if path != "/favicon.ico") == [
        "/form/0/", "/form/1/", "/form/2/", "/logo.png", "/logo.png", "/logo.png"
    ]  # fmt: skip
    port = portal.base_url.rsplit(":", 1)[1]
    assert not [line for line in proxied if b"127.0.0.1" in line or port.encode() in line]
    assert not [line for line in proxied if b"autofill" in line]


def test_a_page_whose_document_the_guard_refuses_is_an_error_naming_the_refusal(proxied: list[bytes]) -> None:
    with serve_app(lambda path: Reply(200, FORM_PAGE), host="127.0.0.2") as inside:
        settings = RenderSettings(address_policy=AddressPolicy.for_start("http://127.0.0.1/"))
        results = audit_with_playwright([(inside.base_url + "/", "home page")], settings)
        reached = list(inside.requested)
    result = results[inside.base_url + "/"]
    assert reached == []
    assert result.sample_reason == "home page" and not result.findings
    assert result.error is not None
    assert result.error.startswith("refused: 127.0.0.2 resolves to 127.0.0.2, a loopback address (SSRF guard")


def test_a_site_sending_the_proxys_header_itself_is_audited_all_the_same() -> None:
    def site(path: str) -> Reply:
        return Reply(200, FORM_PAGE, headers={guard_proxy.ANSWER_HEADER: "refused: nothing to see here"})

    with serve_app(site) as portal:
        settings = RenderSettings(address_policy=AddressPolicy.for_start(portal.base_url + "/"))
        result = audit_with_playwright([(portal.base_url + "/", "home page")], settings)[portal.base_url + "/"]
    assert result.error is None and result.passes > 0
