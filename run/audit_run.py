"""One audit of one portal: open a run, crawl into the store, evaluate, score, close.

The crawl is imported lazily: this module stays free of Scrapy until a crawl runs, and
when a browser follows the crawl, Scrapy never enters this process (crawler/apart.py).
"""

from __future__ import annotations

import contextlib
import ctypes
import gc
import time
from collections.abc import Iterator, Mapping
from dataclasses import replace
from functools import partial
from typing import Protocol
from urllib.parse import urlsplit

from egov_audit import __version__
from egov_audit.audits.crawl_coverage import crawl_coverage
from egov_audit.audits.engine import evaluate, named_pages
from egov_audit.audits.model import AuditResult, RunStatus
from egov_audit.audits.rulebook import RuleSet
from egov_audit.audits.scoring import OpennessIndex, openness_index, pillar_scores
from egov_audit.crawler.address_policy import AddressPolicy
from egov_audit.crawler.config import BrowserLaunch, CrawlConfig
from egov_audit.crawler.model import AxeResult, PageSnapshot, SiteSnapshot, StopReason
from egov_audit.crawler.tls_probe import probe_tls
from egov_audit.render.settings import RenderSettings
from egov_audit.render.stage import instrument, render_sample
from egov_audit.store.database import Store


class Progress(Protocol):
    """What a display is told while an audit runs: each page crawled, each page as its rendering
    starts, and the stages after (`checking rules`, `writing the report`)."""

    def crawled(self, snapshot: PageSnapshot, pending: int) -> None: ...

    def rendering(self, started: int, total: int, url: str) -> None: ...

    def stage(self, name: str) -> None: ...


# Pages reach the store in batches: often enough that a killed run keeps what it
# crawled, rarely enough that writing costs little next to crawling.
FLUSH_EVERY_PAGES = 100
FLUSH_EVERY_SECONDS = 2.0


class RunRecorder:
    """The crawl's sink: keeps the snapshots, writes them in batches, reports progress."""

    def __init__(self, store: Store, run_id: int, progress: Progress | None) -> None:
        self.store = store
        self.run_id = run_id
        self.progress = progress
        self.pages: list[PageSnapshot] = []
        self._unwritten = 0
        self._last_flush = time.monotonic()

    def __call__(self, snapshot: PageSnapshot, pending: int) -> None:
        self.pages.append(snapshot)
        self._unwritten += 1
        if self._unwritten >= FLUSH_EVERY_PAGES or time.monotonic() - self._last_flush > FLUSH_EVERY_SECONDS:
            self.flush()
        if self.progress is not None:
            self.progress.crawled(snapshot, pending)

    def flush(self) -> None:
        if self._unwritten:
            self.store.add_pages(self.run_id, self.pages[-self._unwritten :])
            self._unwritten = 0
        self._last_flush = time.monotonic()


def run_status(stop: StopReason, site: SiteSnapshot) -> RunStatus:
    """A start URL that gave no page is unreachable; a crawl cut short by its time budget or a signal
    is partial (unless the start URL had already failed: then it is unreachable all the same); a
    page cap is by design."""
    finished = stop in (StopReason.FINISHED, StopReason.MAX_PAGES)
    if site.home_page() is None:
        chain = site.redirect_chain(site.start_url)
        answered = bool(chain) and not chain[-1].is_redirect  # an error status or no answer at all
        if finished or answered:
            return RunStatus.UNREACHABLE
    return RunStatus.COMPLETE if finished else RunStatus.PARTIAL


def attach_axe(site: SiteSnapshot, results: dict[str, AxeResult]) -> None:
    """The sample's results on their pages; a page a browser walk ran axe-core in that the sample did
    not take keeps none (the accessibility score is the sample's, whatever walked the portal)."""
    for page in site.fetched:
        page.axe = results.get(page.url)


@contextlib.contextmanager
def walking_browser(
    config: CrawlConfig, policy: AddressPolicy, render: RenderSettings | None
) -> Iterator[BrowserLaunch | None]:
    """The browser a crawl may walk with (none for --discovery http), its requests through the guard
    proxy; when every page is rendered for accessibility, axe-core runs in the walk's own pages."""
    if config.discovery == "http":
        yield None
        return
    from egov_audit.render.axe import axe_setup
    from egov_audit.render.chromium import FLAGS, chromium_path
    from egov_audit.render.guard_proxy import guard_proxy
    from egov_audit.render.playwright_driver import audit_rendered

    # With a sample of N pages, loading N again costs less than axe-core in every page walked.
    in_walk = render is not None and render.sample is None and render.driver == "playwright"
    with guard_proxy(policy) as guard:
        yield BrowserLaunch(
            executable=chromium_path(),
            args=(*FLAGS, *guard.flags),
            init_scripts=(axe_setup(),) if in_walk else (),
            audit=partial(audit_rendered, render) if in_walk and render is not None else None,
        )


def release_free_memory() -> None:
    """Collect garbage and hand freed heap pages back to the system (glibc keeps them otherwise)."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL("libc.so.6").malloc_trim(0)


def audit_portal(
    config: CrawlConfig,
    rules: RuleSet,
    store: Store,
    portal_key: str,
    portal_name: str,
    progress: Progress | None = None,
    log_crawl: bool = False,
    render: RenderSettings | None = None,
    country: str | None = None,
    tags: Mapping[str, str] | None = None,
) -> AuditResult:
    """Crawl, render, check and score one portal, stored as a new run that keeps the portal's
    country and tags as they are now (a config's; none for `check`)."""
    renders = render is not None and render.sample != 0
    if renders:
        from egov_audit.crawler.apart import (
            run_crawl_apart as run_crawl,  # a browser follows: no Scrapy left here beside it
        )
    else:
        from egov_audit.crawler.runner import run_crawl

    record = {
        **config.as_record(),
        "profile": rules.profile,
        "rule_overrides": [f"{o.rule_id}: {o.by} replaces {o.replaced}" for o in rules.overrides],
        "rule_sources": list(rules.sources),
        # What rendered the pages; a run that renders none names no browser (and does not start
        # one to ask its version: `chromium --version` is ~60 MB beside the crawl).
        "instrument": instrument(render) if render is not None and renders else {},
    }
    run_id = store.start_run(
        portal_key, portal_name, config.start_url, __version__, rules.digest, record, country=country, tags=tags
    )
    recorder = RunRecorder(store, run_id, progress)
    policy = AddressPolicy.for_start(config.start_url, config.allow_private)
    tls = None
    try:
        start = urlsplit(config.start_url)
        if start.scheme == "https" and start.hostname:
            tls = probe_tls(start.hostname, start.port or 443, config.timeout)
            store.add_tls(run_id, tls)
        with walking_browser(config, policy, render if renders else None) as browser:
            end = run_crawl(config, recorder, policy, log_enabled=log_crawl, browser=browser)
        stop = end.stop
    except BaseException as exc:
        recorder.flush()
        store.finish_run(run_id, RunStatus.FAILED, None, [], [], None, note=f"{type(exc).__name__}: {exc}")
        raise
    recorder.flush()
    site = SiteSnapshot(start_url=config.start_url, pages=recorder.pages, tls=tls, hosts=config.hosts)
    if renders:
        assert render is not None  # for the type checker: `renders` says so
        release_free_memory()  # the crawl's garbage, before a browser needs the room
        render = replace(
            render,
            user_agent=render.user_agent or config.user_agent,
            address_policy=policy,
            settle=frozenset(page.url for page in site.pages if page.scripts),
        )
        results = render_sample(site, named_pages(rules, site), render, progress.rendering if progress else None)
        attach_axe(site, results)
        store.set_axe(run_id, results)
    if progress is not None:
        progress.stage("checking rules")
    outcomes = evaluate(rules, site)
    scores = pillar_scores(outcomes)
    status = run_status(stop, site)
    # An unreachable portal has findings (availability) but nothing to score it by against others.
    index = openness_index(scores, outcomes) if status is not RunStatus.UNREACHABLE else OpennessIndex(None)
    coverage = crawl_coverage(site, stop, config, rules.comparable)
    store.finish_run(run_id, status, stop, outcomes, scores, index.value, None, coverage, index.gaps, end.discovery)
    run = store.run(run_id)
    assert run is not None  # written just above
    return AuditResult(run=run, site=site, outcomes=outcomes, scores=scores)
