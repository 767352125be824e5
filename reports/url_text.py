"""URLs written so that they wrap where a reader expects: after a slash, before a query, never
inside the host name. Used as the `url` filter of the report templates."""

from __future__ import annotations

import re

from markupsafe import Markup, escape

# A break is allowed after these (and before "?", "&", "#"), so a long path wraps between its parts.
_AFTER = re.compile(r"(?<=[/_=-])(?=[^/])|(?=[?&#])")


def breakable_url(url: str) -> Markup:
    """The URL escaped, with `<wbr>` where it may wrap: between path segments and query parts.
    The scheme and host stay in one piece ("https://", then "portal.gov.kz" whole)."""
    text = str(url)
    scheme, sep, rest = text.partition("://")
    if not sep:
        scheme, rest = "", text
    host, slash, path = rest.partition("/")
    pieces = _AFTER.split(path) if slash else []
    head = f"{scheme}{sep}{host}" if sep else host
    marked = Markup("<wbr>").join(escape(piece) for piece in pieces if piece)
    if not slash:
        return Markup(escape(head))
    return Markup(escape(head)) + Markup("<wbr>/") + marked
