"""How rendering runs: driver, sample size, parallelism and time limits."""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from egov_audit.crawler.address_policy import AddressPolicy
from egov_audit.render.axe import RUN_OPTIONS

Driver = Literal["playwright", "selenium"]


def default_concurrency() -> int:
    """Half the cores: axe-core keeps Chromium busy, and the browser needs the other half."""
    return max(1, min(4, (os.cpu_count() or 2) // 2))


@dataclass(frozen=True, slots=True)
class RenderSettings:
    driver: Driver = "playwright"
    sample: int | None = 30  # None renders every page
    concurrency: int = 1
    page_timeout: float = 30.0
    axe_timeout: float = 60.0
    pages_per_context: int = 50
    seed: int = 0  # the random share of the sample is the same for the same crawl
    random_share: float = 0.1
    webdriver_url: str | None = None  # Selenium only: a remote WebDriver or Selenium Grid
    user_agent: str | None = None  # the browser names egov-audit too, as the crawl does
    axe_options: dict[str, Any] | None = None  # None: WCAG 2.x A and AA (egov_audit.render.axe.RUN_OPTIONS)
    address_policy: AddressPolicy | None = None  # the SSRF guard for what rendered pages load; None: no guard
    # Pages whose HTML as served carries scripts: read once the network is idle for 500 ms, or
    # crawler.discovery.SETTLE_SECONDS at most, as a browser walk reads them. A page without a
    # script is complete when it has loaded, and is not kept waiting.
    settle: frozenset[str] = frozenset()
    # Told each page's URL as its rendering starts (the terminal's `rendering 12/30`); not a setting
    # of the result, so it takes no part in comparing settings.
    on_page: Callable[[str], None] | None = field(default=None, compare=False, repr=False)

    @property
    def options(self) -> dict[str, Any]:
        return self.axe_options if self.axe_options is not None else RUN_OPTIONS


# The defaults, defined once above: `check`'s options and the config file's fields show and use these.
RENDER_DEFAULTS = RenderSettings()
