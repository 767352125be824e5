"""egov_audit.store.redaction: a URL's password and secret query parameters become ***, whatever the URL's
shape, and a URL without secrets is left as it was written."""

from __future__ import annotations

import pytest

from egov_audit.store.redaction import MASK, redacted_text, redacted_url, scrubbed

SECRET = "S3cretPassw0rd"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        (f"postgresql+psycopg://auditor:{SECRET}@db:5432/audits", "postgresql+psycopg://auditor:***@db:5432/audits"),
        (f"postgresql://auditor@db/audits?password={SECRET}", "postgresql://auditor@db/audits?password=***"),
        (
            f"postgresql://auditor@db/audits?sslmode=require&sslpassword={SECRET}",
            "postgresql://auditor@db/audits?sslmode=require&sslpassword=***",
        ),
        (f"postgresql://auditor:{SECRET[:6]}%40{SECRET[6:]}@db/audits", "postgresql://auditor:***@db/audits"),
        (f"postgresql://auditor:{SECRET[:6]}/{SECRET[6:]}@db/audits", "postgresql://auditor:***@db/audits"),
        (
            f"sqlite:////var/lib/egov/store.sqlite?password={SECRET}",
            "sqlite:////var/lib/egov/store.sqlite?password=***",
        ),
        (f"http://gridUser:{SECRET}@127.0.0.1:4444/wd/hub", "http://gridUser:***@127.0.0.1:4444/wd/hub"),
        (f"https://grid.example/wd/hub?token={SECRET}", "https://grid.example/wd/hub?token=***"),
        # Not parsed as written: an unescaped @ in the password, a port that is no number, one slash
        (f"postgresql://auditor:{SECRET[:6]}@{SECRET[6:]}@db/audits", "postgresql://***@db/audits"),
        (f"postgresql://auditor:{SECRET}@db:port/audits", "postgresql://***@db:port/audits"),
        (f"postgresql:/auditor:{SECRET}@db/audits", "postgresql:***@db/audits"),
        (f"postgresql://auditor@db:port/audits?password={SECRET}", "postgresql://***@db:port/audits?password=***"),
    ],
)
def test_secrets_are_masked(url: str, shown: str) -> None:
    assert redacted_url(url) == shown
    for piece in (SECRET, SECRET[:6], SECRET[6:]):
        assert piece not in redacted_url(url)
        assert piece not in scrubbed(f"could not connect to {url}", url)


@pytest.mark.parametrize(
    "url",
    [
        "sqlite:///egov-audit.sqlite",
        "sqlite:////tmp/a@b/store.sqlite",
        "postgresql+psycopg://auditor@db/audits?sslmode=require",
        "http://127.0.0.1:4444/wd/hub",
        "https://portal.example/kk/?lang=kk",
        "egov-audit.sqlite",
        "",
    ],
)
def test_a_url_without_secrets_is_left_as_written(url: str) -> None:
    assert redacted_url(url) == url
    assert scrubbed(f"message about {url}", url) == f"message about {url}"


def test_a_message_keeps_its_words_however_short_the_password() -> None:
    """A one-letter password masked everywhere would mask that letter in every word instead."""
    url = "postgresql://auditor:p@127.0.0.1:1/db"
    assert scrubbed("connection to 127.0.0.1 port 1 failed", url) == "connection to 127.0.0.1 port 1 failed"
    assert redacted_url(url) == "postgresql://auditor:***@127.0.0.1:1/db"


def test_every_url_written_in_a_text_is_redacted() -> None:
    text = (
        f"store postgresql://auditor:{SECRET}@db/audits: refused; postgresql://db/x?password={SECRET}: too; "
        f"'http://portalUser:{SECRET}@127.0.0.1:0/': port 0; see https://docs.example/store?x=1"
    )
    assert redacted_text(text) == (
        f"store postgresql://auditor:{MASK}@db/audits: refused; postgresql://db/x?password={MASK}: too; "
        f"'http://portalUser:{MASK}@127.0.0.1:0/': port 0; see https://docs.example/store?x=1"
    )
