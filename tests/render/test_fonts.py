"""The fonts in the rendering instrument: a digest that moves when the faces do, and only then."""

from __future__ import annotations

import re
import shutil

from egov_audit.render.fonts import UNKNOWN, faces_digest, font_digest
from egov_audit.render.settings import RenderSettings
from egov_audit.render.stage import instrument

LISTING = (
    "Liberation Sans|Regular|70123|/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf\n"
    "DejaVu Sans|Book|2.37|/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf\n"
)


def test_the_digest_counts_faces_and_ignores_their_order_and_repeats() -> None:
    digest = faces_digest(LISTING)
    assert re.fullmatch(r"2 faces sha256:[0-9a-f]{12}", digest)
    reordered = "\n".join(reversed(LISTING.splitlines())) + "\n" + LISTING.splitlines()[0] + "\n\n"
    assert faces_digest(reordered) == digest


def test_a_new_face_or_a_new_version_of_one_changes_the_digest() -> None:
    digest = faces_digest(LISTING)
    assert faces_digest(LISTING + "Noto Sans|Regular|2.0|/n.ttf\n") != digest
    assert faces_digest(LISTING.replace("70123", "70200")) != digest


def test_this_machine_has_the_fonts_setup_installs() -> None:
    # scripts/setup.sh installs Liberation and DejaVu; the tests' layout-dependent results rely on them.
    assert shutil.which("fc-list"), "fontconfig is missing: run scripts/setup.sh"
    digest = font_digest()
    assert digest != UNKNOWN and int(digest.split()[0]) >= 20


def test_a_local_browser_records_the_fonts_a_remote_one_does_not() -> None:
    assert instrument(RenderSettings())["fonts"] == font_digest()
    remote = instrument(RenderSettings(driver="selenium", webdriver_url="http://127.0.0.1:4444"))
    assert "fonts" not in remote and remote["webdriver"] == "remote"
