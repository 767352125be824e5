"""Finding a stored portal by what a person types: name, key or URL."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from egov_audit.audits.model import RunInfo, RunStatus
from egov_audit.store.portal_lookup import UnknownPortalError, find_portal


def _run(key: str, name: str) -> RunInfo:
    moment = datetime(2026, 1, 1, tzinfo=UTC)
    return RunInfo(
        id=1,
        portal_key=key,
        portal_name=name,
        start_url=f"https://{key}",
        started_at=moment,
        finished_at=moment,
        status=RunStatus.COMPLETE,
        stop_reason="finished",
        tool_version="0",
        rules_digest="0",
        pages_count=1,
        openness_index=None,
    )


RUNS = [
    _run("akimat.example.kz/", "Akimat of Almaty"),
    _run("127.0.0.1:18301/", "Local test portal"),
    _run("gov.example.ee/teenused/", "Teenused"),
    _run("twin.example.kz/", "Twin"),
    _run("twin.example.ee/", "Twin"),
]


@pytest.mark.parametrize(
    ("asked", "key"),
    [
        ("akimat.example.kz/", "akimat.example.kz/"),
        ("Akimat of Almaty", "akimat.example.kz/"),
        ("akimat of almaty ", "akimat.example.kz/"),
        ("https://akimat.example.kz", "akimat.example.kz/"),
        ("http://AKIMAT.example.kz/", "akimat.example.kz/"),
        ("127.0.0.1:18301", "127.0.0.1:18301/"),
        ("http://127.0.0.1:18301/", "127.0.0.1:18301/"),
        ("gov.example.ee/teenused", "gov.example.ee/teenused/"),
    ],
)
def test_a_portal_is_found_by_name_key_or_url(asked: str, key: str) -> None:
    assert find_portal(RUNS, asked) == key


def test_an_unknown_portal_gets_close_matches() -> None:
    with pytest.raises(UnknownPortalError, match=r"did you mean 'Akimat of Almaty'\?"):
        find_portal(RUNS, "Akimat of Almati")
    with pytest.raises(UnknownPortalError, match="stored portals: 5"):
        find_portal(RUNS, "zzzz")
    with pytest.raises(UnknownPortalError, match=r"no portal 'http://\[' in the store"):
        find_portal(RUNS, "http://[")
    with pytest.raises(UnknownPortalError, match="holds no runs yet"):
        find_portal([], "anything")


def test_a_name_two_portals_share_asks_for_a_key() -> None:
    with pytest.raises(UnknownPortalError, match=r"names 2 portals.*twin\.example\.ee/, twin\.example\.kz/"):
        find_portal(RUNS, "Twin")
