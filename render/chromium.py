"""Which Chromium to run, and how: the installed one where there is one, with the flags a
closed network and a root user need."""

from __future__ import annotations

import os
import shutil
import subprocess
from functools import cache

from egov_audit.render.axe import GC_FUNCTION

# Playwright launches Chromium with its own --disable-features list, and Chromium keeps only the
# last switch of a name: so ours repeats Playwright's (tests/render/test_chromium.py
# compares them) and adds the spare renderer, an idle process Chromium keeps ready for the next
# tab (about 100 MB over a rendering run; bench/render_bench.py).
PLAYWRIGHT_DISABLED_FEATURES = (
    "AvoidUnnecessaryBeforeUnloadCheckSync",
    "DestroyProfileOnBrowserClose",
    "HttpsUpgrades",
    "HttpsFirstBalancedModeAutoEnable",
    "LensOverlay",
    "MediaRouter",
    "PaintHolding",
    "ThirdPartyStoragePartitioning",
    "AvoidCorsURLLoaderRestartOnRedirect",
    "TcpPortRandomizationWin",
    "OptimizationHints",
    "NetworkTimeServiceQuerying",
    "AimEnabled",
    "PreconnectToSearch",
    "msForceBrowserSignIn",
    "msEdgeUpdateLaunchServicesPreferredVersion",
)
DISABLED_FEATURES = (
    *PLAYWRIGHT_DISABLED_FEATURES,
    "SpareRendererForSitePerProcess",  # no renderer kept warm for a page that may never come
    # Chromium 156 preloads the omnibox popup as a WebUI page in a renderer of its own for
    # every window, headless ones included (`--top-chrome-webui`, about 150 MB RSS each):
    # an audit never types into an address bar.
    "WebUIOmniboxPopup",
    "WebUIOmniboxAimPopup",
    # A new frame for every document a tab loads (Chromium's default since ~125) costs ~10-20 ms
    # a navigation here; an audit that loads page after page in one tab reuses the frame instead.
    "RenderDocument",
    # Chromium asks Google's autofill server about every page with a form (content-autofill
    # .googleapis.com, seen through the guard proxy): an audit tells no one what it reads.
    "AutofillServerCommunication",
)
# The same for --enable-features: Playwright's own list, and the network service inside the
# browser process instead of a process of its own (about 100 MB RSS, 40 MB PSS; one browser
# audits one portal, so a crash of either ends the same run anyway).
PLAYWRIGHT_ENABLED_FEATURES = ("CDPScreenshotNewSurface", "SkipListAccountsWithoutGaiaCookies")
ENABLED_FEATURES = (*PLAYWRIGHT_ENABLED_FEATURES, "NetworkServiceInProcess2")

# As root Chromium needs --no-sandbox; offline, the background services would only fail.
FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
    "--mute-audio",
    # Memory: the GPU process (idle without a GPU) folds into the browser, and V8 collects
    # garbage sooner; together about a fifth less over a rendering run (bench/render_bench.py).
    "--in-process-gpu",
    # V8 collects garbage sooner, and the run script may ask for a full collection (see
    # egov_audit.render.axe.RUN_SCRIPT) under a name no page would use by chance.
    # --max-opt=1: no optimising compiler past Sparkplug. Optimised code belongs to one document,
    # so every page had axe-core's hot functions compiled again on a background thread, for a run
    # of ~80 ms: a quarter of the renderer's CPU (160 -> 120 ms a page), ~10 MB, nothing gained.
    f"--js-flags=--optimize-for-size --max-opt=1 --expose-gc-as={GC_FUNCTION}",
    f"--disable-features={','.join(DISABLED_FEATURES)}",
    f"--enable-features={','.join(ENABLED_FEATURES)}",
)


class BrowserUnavailableError(Exception):
    """No Chromium (or no chromedriver) could be found; the message says what to install."""


@cache
def chromium_path() -> str | None:
    """An installed Chromium (EGOV_CHROMIUM, then PATH); None lets Playwright use its own build."""
    for candidate in (os.environ.get("EGOV_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and (found := shutil.which(candidate)):
            return found
    return None


@cache
def chromedriver_path() -> str:
    found = shutil.which(os.environ.get("EGOV_CHROMEDRIVER") or "chromedriver")
    if found is None:
        raise BrowserUnavailableError("no chromedriver found: install Debian's chromium-driver (scripts/setup.sh does)")
    return found


@cache
def chromium_version() -> str:
    path = chromium_path()
    if path is None:
        return "playwright-bundled"
    try:
        done = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=30, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return "unknown"
    words = done.stdout.split()
    return next((w for w in words if w[:1].isdigit()), done.stdout.strip() or "unknown")
