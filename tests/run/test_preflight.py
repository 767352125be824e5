"""Start URLs: normalised when good, refused with one clear line when not."""

from __future__ import annotations

import pytest

from egov_audit.run.preflight import InputError, normalise_start_url, probe_start_url
from tests.portals import Reply, serve_app


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("http://Portal.EXAMPLE", "http://portal.example/"),
        ("HTTPS://portal.example/kk/#top", "https://portal.example/kk/"),
        (" http://127.0.0.1:8200/?a=1 ", "http://127.0.0.1:8200/?a=1"),
    ],
)
def test_normalise(given: str, expected: str) -> None:
    assert normalise_start_url(given) == expected


@pytest.mark.parametrize("bad", ["", "javascript:alert(1)", "file:///etc/passwd", "http://exa mple.com/", "//x/"])
def test_refused(bad: str) -> None:
    with pytest.raises(InputError):
        normalise_start_url(bad)


def test_probe_accepts_an_error_answer_as_a_finding() -> None:
    with serve_app(lambda path: Reply(500, "boom")) as served:
        probe_start_url(f"{served.base_url}/", "egov-audit-test", 5)


def test_probe_refuses_a_host_that_does_not_resolve() -> None:
    with pytest.raises(InputError, match="does not resolve"):
        probe_start_url("http://nowhere.invalid/", "egov-audit-test", 5)
