"""Which stored portal a person means: by its name, its key (`example.gov.kz/`) or a URL, with or
without the scheme and the trailing slash. `history` and `export` take what a person would type;
an unknown portal gets the close matches, never a list of every portal of a country."""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from urllib.parse import urlsplit

from egov_audit.audits.model import RunInfo

SUGGESTED = 3


class UnknownPortalError(LookupError):
    """No stored portal answers to the name; the message says what is close."""


def _bare(text: str) -> str:
    """A key or URL without scheme, credentials, query, fragment and trailing slash, lower-cased host."""
    text = text.strip()
    try:
        parts = urlsplit(text if "//" in text else f"//{text}")
    except ValueError:  # `http://[`: no URL, so it can only be a name
        return text
    host = parts.netloc.rpartition("@")[2].lower()
    return f"{host}{parts.path}".rstrip("/")


def find_portal(runs: Iterable[RunInfo], asked: str) -> str:
    """The key of the portal `asked` names. A name is matched exactly, then ignoring case; a key or
    URL by host and path. Two portals answering to one name is an error that lists both keys."""
    names: dict[str, set[str]] = {}
    for run in runs:
        names.setdefault(run.portal_key, set()).update({run.portal_name})
    if asked in names:
        return asked
    for match in (lambda name: name == asked, lambda name: name.casefold() == asked.strip().casefold()):
        keys = sorted(key for key, known in names.items() if any(match(name) for name in known))
        if len(keys) == 1:
            return keys[0]
        if len(keys) > 1:
            raise UnknownPortalError(f"{asked!r} names {len(keys)} portals; give one of their keys: {', '.join(keys)}")
    bare = _bare(asked)
    keys = sorted(key for key in names if _bare(key) == bare)
    if len(keys) == 1:
        return keys[0]
    if not names:
        raise UnknownPortalError(f"no portal {asked!r}: the store holds no runs yet")
    spoken = sorted({name for known in names.values() for name in known} | set(names))
    close = difflib.get_close_matches(asked, spoken, n=SUGGESTED, cutoff=0.5)
    hint = f"did you mean {' or '.join(repr(c) for c in close)}?" if close else f"stored portals: {len(names)}"
    raise UnknownPortalError(f"no portal {asked!r} in the store ({hint})")
