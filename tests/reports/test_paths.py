"""Archive file names made from portal keys stay inside the archive, whatever the key holds."""

from __future__ import annotations

from pathlib import Path, PurePosixPath

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from egov_audit.reports.archive import ArchiveOutcome, _Writer
from egov_audit.reports.errors import ReportError
from egov_audit.reports.paths import MAX_SLUG, portal_page, portal_slug

HOSTILE_KEYS = [
    "../../etc/passwd",
    "/absolute/path",
    "a\x00b",
    "x" * 5000,
    "ｅｘａｍｐｌｅ．ｇｏｖ／",  # full-width look-alikes
    "еxample.gov/",  # a Cyrillic е
    "",
    "..",
    "C:\\Windows\\",
    "портал.гов.кз/",
]


@pytest.mark.parametrize("key", HOSTILE_KEYS)
def test_a_portal_page_is_a_plain_name_under_portals(key: str) -> None:
    page = portal_page(key)
    slug = page.parts[1]
    assert page.parts[0] == "portals" and page.name == "index.html" and len(page.parts) == 3
    assert slug not in ("", ".", "..") and all(c.isascii() and (c.isalnum() or c == "-") for c in slug)
    assert len(slug) <= MAX_SLUG + 9


def test_keys_that_read_alike_get_different_folders() -> None:
    assert portal_slug("example.gov/") != portal_slug("еxample.gov/")  # Latin e, Cyrillic е
    assert portal_slug("a/b") != portal_slug("a-b")


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_key_gives_a_safe_stable_slug(key: str) -> None:
    slug = portal_slug(key)
    assert slug == portal_slug(key)
    assert "/" not in slug and "\\" not in slug and "\x00" not in slug and not slug.startswith(".")


def test_the_writer_refuses_a_path_outside_the_archive(tmp_path: Path) -> None:
    writer = _Writer(tmp_path / "archive", ArchiveOutcome())
    with pytest.raises(ReportError, match="outside the archive"):
        writer.write(PurePosixPath("../escape.html"), "x")
    assert not (tmp_path / "escape.html").exists()
