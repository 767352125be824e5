"""Chromium's flags: ours must not undo what Playwright's launch turns off."""

from __future__ import annotations

import re
from pathlib import Path

import playwright

from audits.accessibility.chromium import DISABLED_FEATURES, FLAGS


def playwright_disabled_features() -> set[str]:
    """The features the installed Playwright disables when it launches Chromium."""
    bundle = Path(playwright.__file__).parent / "driver" / "package" / "lib" / "coreBundle.js"
    source = bundle.read_text(encoding="utf-8")
    start = source.index("disabledFeatures = [")
    block = re.sub(r"//[^\n]*", "", source[start : source.index("].filter(Boolean)", start)])
    return set(re.findall(r'"([^"]+)"', block))


def test_our_disable_features_switch_keeps_every_feature_playwright_disables() -> None:
    theirs = playwright_disabled_features()
    assert "HttpsUpgrades" in theirs  # the parse found the list
    assert theirs <= set(DISABLED_FEATURES), sorted(theirs - set(DISABLED_FEATURES))
    assert sum(flag.startswith("--disable-features=") for flag in FLAGS) == 1
