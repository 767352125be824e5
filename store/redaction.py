"""Secrets kept out of what egov-audit prints, logs and stores.

A store URL may carry a password (`postgresql+psycopg://auditor:PASSWORD@db/audits`, or
`?password=` in its query), a WebDriver URL a user name and password. `redacted_url` gives the
URL fit to show, with `***` in their place and every other character as written; `scrubbed`
takes a URL's secrets out of a message that may quote them (a database driver's error, say);
`redacted_text` redacts every URL a message writes, and guards what the CLI prints and the
scheduler logs. A URL that does not parse is masked from its scheme to its last `@`, so a
mistyped URL leaks nothing either.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

MASK = "***"
SCRUB_AT_LEAST = 3
# Query parameters whose values are secrets: password, sslpassword, passwd, pwd, token, api_key ...
_SECRET_WORDS = "pass|pwd|secret|token|key|auth|credential"
# Such a parameter in a URL's text: group 1 up to the `=`, group 2 the value.
_SECRET_QUERY_VALUE = re.compile(rf"([?&][^=&#]*(?:{_SECRET_WORDS})[^=&#]*=)([^&#]*)", re.IGNORECASE)
# The password as SQLAlchemy reads it (group 2): after `scheme://user:`, up to the next `@`.
_PASSWORD = re.compile(r"^([\w+]+://[^:/]*:)([^@]*)@")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*:(?://)?")
# A URL written in a message, up to the space or quote that ends it, less the punctuation after it.
_URL_IN_TEXT = re.compile(r"[A-Za-z][A-Za-z0-9+.\-]*://[^\s'\"<>]*[^\s'\"<>.,:;!?)\]]")


def _parses(url: str) -> bool:
    """Whether SQLAlchemy reads `url` (http URLs too) as it was meant: an `@` left in the host
    means a password with an unescaped `@`, read in part as the host."""
    try:
        return "@" not in (make_url(url).host or "")
    except (ArgumentError, ValueError, TypeError):
        return False


def _secret_spans(url: str) -> list[tuple[int, int]]:
    """Where the secrets are written in `url`: its password (for a URL that does not parse,
    everything between the scheme and the last `@`) and the values of secret query parameters."""
    spans = [match.span(2) for match in _SECRET_QUERY_VALUE.finditer(url)]
    if _parses(url):
        if password := _PASSWORD.match(url):
            spans.append(password.span(2))
    elif "@" in url:
        head = url.rpartition("@")[0]
        scheme = _SCHEME.match(head)
        spans.append((scheme.end() if scheme else 0, len(head)))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(span for span in spans if span[1] > span[0]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def redacted_url(url: str) -> str:
    """`url` fit to print, log or store: passwords and secret query parameters become `***`."""
    for start, end in reversed(_secret_spans(url)):
        url = url[:start] + MASK + url[end:]
    return url


def _url_secrets(url: str) -> list[str]:
    """The secrets written in `url` as written and as decoded, and the parts of a user info that
    did not parse (a message may quote one alone), longest first."""
    found = [url[start:end] for start, end in _secret_spans(url)]
    found += [part for secret in found for part in secret.replace("@", ":").split(":")[1:]]
    return sorted({variant for secret in found for variant in (secret, unquote(secret))}, key=len, reverse=True)


def scrubbed(text: str, url: str) -> str:
    """`text` (a message that may quote `url`) with the secrets of `url` masked. Secrets shorter
    than SCRUB_AT_LEAST would mask every such letter of the message and hide nothing."""
    for secret in _url_secrets(url):
        if len(secret) >= SCRUB_AT_LEAST:
            text = text.replace(secret, MASK)
    return text


def redacted_text(text: str) -> str:
    """`text` with every URL written in it redacted: the last guard of messages, logs and errors
    that quote a URL someone else wrote (a config's portal, a driver's complaint)."""
    return _URL_IN_TEXT.sub(lambda match: redacted_url(match[0]), text)
