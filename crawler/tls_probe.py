"""Gather the facts of a portal's TLS certificate: does it verify, and when does it expire?

This runs before the crawl, once per https:// portal; its result travels as the site's
`TlsFacts`, so the `tls_certificate` check stays a pure function.
"""

from __future__ import annotations

import socket
import ssl
import time
from dataclasses import replace
from datetime import UTC

from egov_audit.crawler.model import NO_CONNECTION, TlsFacts


def _describe(exc: ssl.SSLCertVerificationError) -> str:
    return str(exc.verify_message or exc.reason or exc)


def _peer_certificate(host: str, port: int, timeout: float, context: ssl.SSLContext) -> bytes | None:
    with (
        socket.create_connection((host, port), timeout=timeout) as raw,
        context.wrap_socket(raw, server_hostname=host) as tls,
    ):
        return tls.getpeercert(binary_form=True)


def _failure(exc: OSError) -> str:
    """A TLS failure is a finding about the portal; a connection that was never made is not."""
    if isinstance(exc, ssl.SSLError):
        return f"TLS connection failed: {exc}"
    return f"{NO_CONNECTION}{exc}"


def probe_tls(host: str, port: int, timeout: float) -> TlsFacts:
    """Connect once with verification; if it fails, once more without, to read the certificate."""
    url, fetched_at = f"https://{host}:{port}/", time.time()
    verify_error = None
    der = None
    try:
        der = _peer_certificate(host, port, timeout, ssl.create_default_context())
    except ssl.SSLCertVerificationError as exc:
        verify_error = _describe(exc)
        insecure = ssl.create_default_context()
        insecure.check_hostname = False
        insecure.verify_mode = ssl.CERT_NONE  # only to read the certificate that failed: nothing else is sent
        try:
            der = _peer_certificate(host, port, timeout, insecure)
        except (OSError, ssl.SSLError) as second:
            return TlsFacts(url, fetched_at, error=_failure(second))
    except (OSError, ssl.SSLError) as exc:
        return TlsFacts(url, fetched_at, error=_failure(exc))
    facts = TlsFacts(url, fetched_at, verified=verify_error is None, verify_error=verify_error or "")
    if not der:
        return facts
    from cryptography import x509  # ~14 MB: loaded only when there is a certificate to read

    certificate = x509.load_der_x509_certificate(der)
    return replace(
        facts,
        not_after=certificate.not_valid_after_utc.astimezone(UTC).isoformat(),
        subject=certificate.subject.rfc4514_string(),
        issuer=certificate.issuer.rfc4514_string(),
    )
