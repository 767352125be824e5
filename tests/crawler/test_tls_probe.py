"""The TLS probe and the tls_certificate check against local HTTPS servers with made-up certificates."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from datetime import timedelta
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from egov_audit.audits.checks.trust import CertificateParams, tls_certificate
from egov_audit.audits.model import Outcome
from egov_audit.crawler.model import FetchKind, SiteSnapshot, TlsFacts
from egov_audit.crawler.tls_probe import probe_tls
from egov_audit.store.database import Store
from tests.certificates import TestAuthority
from tests.portals import Reply, serve_app

PAGE = Reply(200, '<!DOCTYPE html><html lang="en"><title>Secure</title><main>Hello</main></html>')


def outcome_for(url: str) -> tuple[Outcome, str]:
    parts = urlsplit(url)
    facts = probe_tls(parts.hostname or "", parts.port or 443, timeout=5)
    result = tls_certificate(SiteSnapshot(start_url=url, pages=[], tls=facts), CertificateParams(min_days=14))
    return result.outcome, result.summary


@pytest.fixture
def authority(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> TestAuthority:
    ca = TestAuthority(tmp_path)
    monkeypatch.setenv("SSL_CERT_FILE", str(ca.bundle))  # trust the test CA, and only it
    return ca


def test_a_valid_certificate_passes(authority: TestAuthority) -> None:
    issued = authority.issue("good", timedelta(days=-1), timedelta(days=90))
    with serve_app(lambda path: PAGE, tls=(issued.certificate, issued.key)) as served:
        outcome, summary = outcome_for(served.base_url + "/")
    assert outcome is Outcome.PASS, summary
    assert "valid for 90 more days" in summary or "valid for 89 more days" in summary


def test_an_expired_certificate_fails(authority: TestAuthority) -> None:
    issued = authority.issue("expired", timedelta(days=-30), timedelta(days=-1))
    with serve_app(lambda path: PAGE, tls=(issued.certificate, issued.key)) as served:
        outcome, summary = outcome_for(served.base_url + "/")
    assert outcome is Outcome.FAIL
    assert "expired" in summary


def test_a_self_signed_certificate_fails(authority: TestAuthority) -> None:
    issued = authority.issue("self", timedelta(days=-1), timedelta(days=90), self_signed=True)
    with serve_app(lambda path: PAGE, tls=(issued.certificate, issued.key)) as served:
        outcome, summary = outcome_for(served.base_url + "/")
    assert outcome is Outcome.FAIL
    assert "does not verify" in summary


def test_a_certificate_about_to_expire_fails(authority: TestAuthority) -> None:
    issued = authority.issue("soon", timedelta(days=-80), timedelta(days=5))
    with serve_app(lambda path: PAGE, tls=(issued.certificate, issued.key)) as served:
        outcome, summary = outcome_for(served.base_url + "/")
    assert outcome is Outcome.FAIL
    assert "expires soon" in summary


def test_not_applicable_over_http() -> None:
    site = SiteSnapshot(start_url="http://127.0.0.1/", pages=[])
    assert tls_certificate(site, CertificateParams()).outcome is Outcome.NOT_APPLICABLE


def test_check_crawls_over_https_and_records_the_certificate(authority: TestAuthority, tmp_path: Path) -> None:
    issued = authority.issue("site", timedelta(days=-1), timedelta(days=60))
    with serve_app(
        lambda path: PAGE if path == "/" else Reply(404, "no", "text/plain"), tls=(issued.certificate, issued.key)
    ) as served:
        done = subprocess.run(
            [
                sys.executable,
                "-m",
                "egov_audit",
                "check",
                served.base_url + "/",
                "--json",
                "--db",
                f"sqlite:///{tmp_path}/s.sqlite",
            ],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ},
            check=False,
        )
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    outcomes = {o["rule_id"]: o for o in document["outcomes"]}
    assert outcomes["tls-certificate-valid"]["outcome"] == "pass"
    assert outcomes["https-everywhere"]["outcome"] == "pass"
    assert document["counts"]["html_pages"] == 1
    # The certificate's facts come back from the store as the site's TLS facts, not as a page.
    site = Store(f"sqlite:///{tmp_path}/s.sqlite").load_site(document["run"]["id"])
    assert site.tls is not None and site.tls.verified and site.tls.not_after and "CN=" in site.tls.subject
    assert all(page.kind is not FetchKind.TLS for page in site.pages)


def test_a_refused_connection_gives_no_certificate_facts_and_no_verdict() -> None:
    with socket.socket() as held:
        held.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused
        facts = probe_tls("127.0.0.1", held.getsockname()[1], timeout=5)
    assert facts.error and facts.error.startswith("no connection: ") and facts.facts() == ()
    assert not facts.handshake_failed
    # No certificate was shown: nothing passes, and nothing fails, on what was never examined.
    result = tls_certificate(SiteSnapshot("https://127.0.0.1/", [], tls=facts), CertificateParams())
    assert result.outcome is Outcome.NOT_APPLICABLE and facts.error in result.summary


def test_a_failed_handshake_is_a_finding() -> None:
    facts = TlsFacts("https://127.0.0.1:1/", 0.0, error="TLS connection failed: [SSL] wrong version number")
    assert facts.handshake_failed
    result = tls_certificate(SiteSnapshot("https://127.0.0.1/", [], tls=facts), CertificateParams())
    assert result.outcome is Outcome.FAIL and result.summary == facts.error
