"""Chromium's flags: ours must not undo what Playwright's launch turns off, and they keep memory down."""

from __future__ import annotations

import re
from pathlib import Path

import playwright
import psutil

from egov_audit.render.axe import GC_FUNCTION
from egov_audit.render.chromium import DISABLED_FEATURES, ENABLED_FEATURES, FLAGS, chromium_path


def playwright_features(opening: str) -> set[str]:
    """The features the installed Playwright's launch lists after `opening` (disabled or enabled ones)."""
    bundle = Path(playwright.__file__).parent / "driver" / "package" / "lib" / "coreBundle.js"
    source = bundle.read_text(encoding="utf-8")
    start = source.index(opening)
    block = re.sub(r"//[^\n]*", "", source[start : source.index("].filter(Boolean)", start)])
    return set(re.findall(r'"(\w+)"', block))


def test_our_disable_features_switch_keeps_every_feature_playwright_disables() -> None:
    theirs = playwright_features("disabledFeatures = [")
    assert "HttpsUpgrades" in theirs  # the parse found the list
    assert theirs <= set(DISABLED_FEATURES), sorted(theirs - set(DISABLED_FEATURES))
    assert sum(flag.startswith("--disable-features=") for flag in FLAGS) == 1


def test_our_enable_features_switch_keeps_every_feature_playwright_enables() -> None:
    theirs = playwright_features("enabledFeatures = () => [")
    assert "SkipListAccountsWithoutGaiaCookies" in theirs
    assert theirs <= set(ENABLED_FEATURES), sorted(theirs - set(ENABLED_FEATURES))
    assert sum(flag.startswith("--enable-features=") for flag in FLAGS) == 1


def test_a_rendered_page_costs_one_renderer_and_no_browser_ui_renderer() -> None:
    """Each window would get a preloaded omnibox-popup WebUI renderer (~150 MB) unless its features are off;
    the network service runs in the browser process."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as driver:
        browser = driver.chromium.launch(executable_path=chromium_path(), args=list(FLAGS))
        try:
            for _ in range(2):  # two contexts, two windows: as two rendering workers have
                page = browser.new_context().new_page()
                page.set_content("<!DOCTYPE html><title>t</title><p>hello</p>")
            # The run script's garbage collection between pages is there.
            assert page.evaluate(f"typeof {GC_FUNCTION}") == "function"
            commands = [process.cmdline() for process in psutil.Process().children(recursive=True)]
        finally:
            browser.close()
    renderers = [command for command in commands if "--type=renderer" in command]
    assert len(renderers) == 2
    assert not any("--utility-sub-type=network.mojom.NetworkService" in command for command in commands)
    assert not any("--top-chrome-webui" in command for command in renderers)
