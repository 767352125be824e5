"""Polite defaults for the egov-audit Scrapy project, and the per-crawl overrides.

`scrapy.cfg` points here; `settings_for` turns a `CrawlConfig` into settings.
"""

from __future__ import annotations

from typing import Any

from egov_audit.crawler import resolver
from egov_audit.crawler.address_policy import AddressPolicy
from egov_audit.crawler.config import BrowserLaunch, CrawlConfig, default_user_agent

BOT_NAME = "egov-audit"
SPIDER_MODULES = ["egov_audit.crawler.spiders"]
NEWSPIDER_MODULE = "egov_audit.crawler.spiders"
USER_AGENT = default_user_agent()

# robots.txt is read and obeyed by the spider's frontier, which also records
# what it refused; Scrapy's own middleware would drop those URLs silently.
ROBOTSTXT_OBEY = False
# Redirects are followed by the spider so that every hop is recorded, even when
# the target was already seen (Scrapy's duplicate filter would drop it).
REDIRECT_ENABLED = False
HTTPERROR_ALLOW_ALL = True
# Cookies would let one page's state change what the next one shows.
COOKIES_ENABLED = False

CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 0.25
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_DELAY = 0.0
DOWNLOAD_TIMEOUT = 20
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 0
RETRY_ENABLED = True
RETRY_TIMES = 2
# A 500 is usually deterministic and is itself the finding; transient codes are retried.
RETRY_HTTP_CODES = [502, 503, 504, 408, 429]

DOWNLOADER_MIDDLEWARES = {
    # After the retry middleware (550) on the way out, before it on the way back:
    # it sees every answer and failure, and holds every request, retries included.
    "egov_audit.crawler.politeness.HostBackoff": 560,
    # Last on the way out, so a failure's elapsed time leaves out the waits before it.
    "egov_audit.crawler.middlewares.StartTimeMiddleware": 590,
}
ITEM_PIPELINES = {"egov_audit.crawler.pipelines.SinkPipeline": 100}
EXTENSIONS = {"scrapy.extensions.telnet.TelnetConsole": None}
TELNETCONSOLE_ENABLED = False
LOG_LEVEL = "WARNING"
DEPTH_LIMIT = 0  # the frontier enforces max depth
REQUEST_FINGERPRINTER_IMPLEMENTATION = "2.7"
# Every connection's addresses pass the SSRF guard (crawler/address_policy.py).
TWISTED_DNS_RESOLVER = "egov_audit.crawler.resolver.GuardedResolver"


def settings_for(
    config: CrawlConfig, policy: AddressPolicy, log_enabled: bool = False, browser: BrowserLaunch | None = None
) -> dict[str, Any]:
    """This module's defaults with one crawl's bounds, manners and address policy applied; with
    `browser`, the download handler that renders the requests that ask for it."""
    base = {name: value for name, value in globals().items() if name.isupper()}
    base[resolver.SETTING] = resolver.AddressGuard(policy)
    base.update(
        USER_AGENT=config.user_agent,
        DOWNLOAD_TIMEOUT=config.timeout,
        DOWNLOAD_MAXSIZE=config.max_bytes,
        RETRY_TIMES=config.retries,
        CONCURRENT_REQUESTS_PER_DOMAIN=config.concurrency_per_host,
        AUTOTHROTTLE_ENABLED=config.autothrottle,
        CLOSESPIDER_TIMEOUT=config.time_budget,
        LOG_ENABLED=log_enabled,
        LOG_INSTALL_ROOT_HANDLER=log_enabled,
    )
    if browser is not None:
        from egov_audit.crawler.browser_walk import browser_settings  # Playwright, only when a browser may walk

        base.update(browser_settings(config, browser))
    return base
