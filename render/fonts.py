"""Which fonts Chromium lays pages out with: part of the rendering instrument.

Text wraps by the fonts' metrics, so the fonts decide whether a region overflows and scrolls, how
large a target is and which pixels lie behind a text: axe-core's layout-dependent findings change
with them. scripts/setup.sh installs one named set everywhere; every rendering run records a digest
of what fontconfig (Chromium's font lookup on Linux) actually offers, so a trend can tell a changed
portal from a changed machine.
"""

from __future__ import annotations

import hashlib
import shutil
import subprocess
from functools import cache

# One line per face: what layout depends on (family, style, the font's own version) and which file
# it is; the digest does not move when fc-list lists the same faces in another order.
FACE_FORMAT = "%{family[0]}|%{style[0]}|%{fontversion}|%{file}\n"
UNKNOWN = "unknown"


def faces_digest(listing: str) -> str:
    """`<count> faces sha256:<12 hex>` of an fc-list listing, order and duplicates aside."""
    faces = sorted({line.strip() for line in listing.splitlines() if line.strip()})
    digest = hashlib.sha256("\n".join(faces).encode()).hexdigest()[:12]
    return f"{len(faces)} faces sha256:{digest}"


@cache
def font_digest() -> str:
    """The digest of the fonts installed here, or "unknown" where fontconfig cannot say."""
    fc_list = shutil.which("fc-list")
    if fc_list is None:
        return UNKNOWN
    try:
        listing = subprocess.run(
            [fc_list, "--format", FACE_FORMAT], capture_output=True, text=True, timeout=30, check=True
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return UNKNOWN
    return faces_digest(listing) if listing.strip() else UNKNOWN
