"""File names in the archive, made from portal keys and run ids, that stay inside the archive.

Portal keys come from URLs and configuration: they may hold `../`, slashes, NUL, look-alike
Unicode or thousands of characters. A name is reduced to lower-case ASCII letters, digits and
dashes, cut short, and given a digest of the whole key so that two keys never share a folder.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import PurePosixPath

MAX_SLUG = 48
_NOT_SAFE = re.compile(r"[^a-z0-9]+")


def portal_slug(key: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", key).encode("ascii", "ignore").decode("ascii").lower()
    readable = _NOT_SAFE.sub("-", ascii_text).strip("-")[:MAX_SLUG].strip("-") or "portal"
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:8]
    return f"{readable}-{digest}"


def portal_page(key: str) -> PurePosixPath:
    return PurePosixPath("portals") / portal_slug(key) / "index.html"


def run_page(run_id: int) -> PurePosixPath:
    """Run ids never change, so a run's page keeps its address for good."""
    return PurePosixPath("runs") / f"{int(run_id)}.html"


def run_data(run_id: int) -> PurePosixPath:
    return PurePosixPath("data") / "runs" / str(int(run_id))


def relative(from_page: PurePosixPath, to: PurePosixPath) -> str:
    """The link from one archive page to another (both relative to the archive root)."""
    up = "../" * (len(from_page.parts) - 1)
    return f"{up}{to.as_posix()}"


COUNTRY_GROUP = "country"


def group_slug(text: str, reserved: tuple[str, ...] = ()) -> str:
    """A file or folder name for a group: the text itself when it is already a safe name
    ("almaty", "kz"), else its readable part and a digest of the whole ("almaty-3f2a9c01" for
    "Almaty"), so that two different texts never share a page and a tag named like the country
    folder never lands in it."""
    slug = portal_slug(text)
    readable = slug.rsplit("-", 1)[0]
    return readable if readable == text and text not in reserved else slug


def country_group_page(country: str) -> PurePosixPath:
    """The page of every portal of a country (an ISO 3166-1 code, any case): groups/country/kz.html."""
    return PurePosixPath("groups") / COUNTRY_GROUP / f"{group_slug(country.lower())}.html"


def tag_group_page(key: str, value: str) -> PurePosixPath:
    """The page of every portal with a config tag: groups/region/almaty.html."""
    return PurePosixPath("groups") / group_slug(key, (COUNTRY_GROUP,)) / f"{group_slug(value)}.html"


def scorecard_page(methodology: str) -> PurePosixPath:
    """The page of a methodology's scorecards, every portal's answers to its indicators: scorecards/un-losi.html."""
    return PurePosixPath("scorecards") / f"{group_slug(methodology)}.html"
