"""Gather the facts of a portal's TLS certificate: does it verify, and when does it expire?

This runs before the crawl, once per https:// portal; its result is recorded as a
snapshot of kind `tls`, so the `tls_certificate` check stays a pure function.
"""

from __future__ import annotations

import socket
import ssl
import time
from datetime import UTC

from audits.model import FetchKind, PageSnapshot


def _describe(exc: ssl.SSLCertVerificationError) -> str:
    return str(exc.verify_message or exc.reason or exc)


def _peer_certificate(host: str, port: int, timeout: float, context: ssl.SSLContext) -> bytes | None:
    with (
        socket.create_connection((host, port), timeout=timeout) as raw,
        context.wrap_socket(raw, server_hostname=host) as tls,
    ):
        return tls.getpeercert(binary_form=True)


def probe_tls(host: str, port: int, timeout: float) -> PageSnapshot:
    """Connect once with verification; if it fails, once more without, to read the certificate."""
    snapshot = PageSnapshot(url=f"https://{host}:{port}/", kind=FetchKind.TLS, fetched_at=time.time())
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
            snapshot.error = f"TLS connection failed: {second}"
            return snapshot
    except (OSError, ssl.SSLError) as exc:
        snapshot.error = f"TLS connection failed: {exc}"
        return snapshot
    facts = [("verified", "no" if verify_error else "yes")]
    if verify_error:
        facts.append(("verify-error", verify_error))
    if der:
        from cryptography import x509  # ~14 MB: loaded only when there is a certificate to read

        certificate = x509.load_der_x509_certificate(der)
        facts += [
            ("not-after", certificate.not_valid_after_utc.astimezone(UTC).isoformat()),
            ("subject", certificate.subject.rfc4514_string()),
            ("issuer", certificate.issuer.rfc4514_string()),
        ]
    snapshot.headers = tuple(facts)
    return snapshot
