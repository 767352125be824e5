"""Availability: can the portal be reached, quickly, without errors?"""

from __future__ import annotations

import math

from pydantic import Field

from egov_audit.audits.broken_links import answer_said, find_broken
from egov_audit.audits.checks.registry import Params, page_check, site_check
from egov_audit.audits.model import CheckResult, Evidence, Outcome
from egov_audit.audits.notes import Note, fixed, general, grouped, note, percent
from egov_audit.crawler.model import Discovery, FetchKind, PageSnapshot, SiteSnapshot


@site_check("home_reachable")
def home_reachable(site: SiteSnapshot, params: Params) -> CheckResult:
    """The start URL, after its redirects, answers 2xx with an HTML page."""
    chain = site.redirect_chain(site.start_url)
    if not chain:
        return CheckResult.of(Outcome.ERROR, note("start_not_fetched"))
    hops = tuple(_hop(p) for p in chain)
    final = chain[-1]
    if final.is_success and final.is_html:
        return CheckResult.of(Outcome.PASS, note("home_answers", answer=answer_said(final), url=final.url), hops)
    if final.is_success:
        kind = note("home_not_html", type=final.content_type) if final.content_type else note("home_not_html_untyped")
        return CheckResult.of(Outcome.FAIL, kind, hops)
    if final.is_redirect and final.location not in site.by_url:
        return CheckResult.of(Outcome.FAIL, note("home_redirects_away", url=str(final.location)), hops)
    if final.is_redirect:
        return CheckResult.of(Outcome.FAIL, note("home_redirects_endlessly"), hops)
    return CheckResult.of(Outcome.FAIL, note("home_no_answer", answer=answer_said(final)), hops)


def _hop(page: PageSnapshot) -> Evidence:
    """A hop of a redirect chain: its answer and where it sends."""
    if page.location:  # an answer with a location is an HTTP status: data, and so is the arrow
        return Evidence(page.url, f"{answer_said(page)} -> {page.location}")
    return _answer_evidence(page)


def _answer_evidence(page: PageSnapshot) -> Evidence:
    answer = answer_said(page)
    return Evidence.of(page.url, answer) if isinstance(answer, Note) else Evidence(page.url, answer)


def _answered_well(page: PageSnapshot) -> bool:
    """An answer that is the page (or the way to it), not an error standing in for it."""
    return page.status is not None and page.status < 400


class ShareParams(Params):
    min_share: float = Field(0.95, ge=0, le=1, description="lowest acceptable share of 2xx answers")


@site_check("success_share", ShareParams)
def success_share(site: SiteSnapshot, params: ShareParams) -> CheckResult:
    """The share of crawled pages (redirect hops aside) that answer 2xx is at least `min_share`."""
    pages = site.answered()
    if not pages:
        return CheckResult.of(Outcome.NOT_APPLICABLE, note("no_page_fetched"))
    failing = [p for p in pages if not p.is_success]
    share = round(1 - len(failing) / len(pages), 4)
    outcome = Outcome.PASS if share >= params.min_share else Outcome.FAIL
    summary = note("success_share", share=percent(share, 1), pages=len(pages), min=percent(params.min_share))
    return CheckResult.of(outcome, summary, tuple(_answer_evidence(p) for p in failing), score=share)


@site_check("broken_links")
def broken_links(site: SiteSnapshot, params: Params) -> CheckResult:
    """No internal link or sitemap entry leads to a 4xx/5xx answer or to no answer.

    Each broken URL is named with the pages that link to it; a link through a
    redirect counts as broken when the redirect ends in an error.
    """
    followed = [p for p in site.fetched if p.discovery is not Discovery.START]
    if not followed:
        return CheckResult.of(Outcome.NOT_APPLICABLE, note("nothing_followed"))
    broken = find_broken(site)
    if not broken:
        return CheckResult.of(Outcome.PASS, note("all_urls_answer", urls=len(site.fetched)))
    evidence = tuple(Evidence.of(b.url, b.said()) for b in broken)
    share = round(max(0.0, 1 - len(broken) / len(site.fetched)), 4)
    summary = note("broken_links", n=len(broken), urls=len(site.fetched))
    return CheckResult.of(Outcome.FAIL, summary, evidence, score=share)


class ChainParams(Params):
    max_hops: int = Field(2, ge=0, description="most redirects a link may take before its page")


@site_check("redirect_chain_length", ChainParams)
def redirect_chain_length(site: SiteSnapshot, params: ChainParams) -> CheckResult:
    """No link goes through more than `max_hops` redirects, and none loops."""
    heads = [p for p in site.fetched if p.is_redirect and p.discovery is not Discovery.REDIRECT]
    if not heads:
        return CheckResult.of(Outcome.NOT_APPLICABLE, note("no_redirect"))
    long_chains: list[Evidence] = []
    for head in heads:
        chain = site.redirect_chain(head.url)
        last = chain[-1]
        hops = sum(1 for p in chain if p.is_redirect)
        loops = last.is_redirect and last.location in {p.url for p in chain}
        if loops or hops > params.max_hops:
            path = " -> ".join([p.url for p in chain] + ([last.location] if loops and last.location else []))
            label = note("redirect_loop", path=path) if loops else note("redirects", n=hops, path=path)
            long_chains.append(Evidence.of(head.url, label))
    if not long_chains:
        return CheckResult.of(Outcome.PASS, note("redirects_short", n=len(heads), max=params.max_hops))
    summary = note("redirects_long", long=len(long_chains), redirects=len(heads), max=params.max_hops)
    return CheckResult.of(Outcome.FAIL, summary, tuple(long_chains), score=round(1 - len(long_chains) / len(heads), 4))


@site_check("bounded_url_space")
def bounded_url_space(site: SiteSnapshot, params: Params) -> CheckResult:
    """No family of URLs (numbers aside, query values aside) grows past what a crawl takes: no spider trap.

    An endless calendar or endless filter combinations waste every crawler's
    budget, search engines' included, and hide the pages citizens look for.
    """
    traps = [p for p in site.pages if p.kind is FetchKind.TRAP]
    if not traps and not any(p.discovery is Discovery.LINK for p in site.fetched):
        return CheckResult.of(Outcome.NOT_APPLICABLE, note("no_link_followed"))
    if not traps:
        return CheckResult.of(Outcome.PASS, note("no_trap", urls=len(site.fetched)))
    evidence = tuple(Evidence(p.url, p.error or "") for p in traps)
    return CheckResult.of(Outcome.FAIL, note("traps", n=len(traps)), evidence)


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile by the nearest-rank method (no interpolation: a real response time)."""
    ordered = sorted(values)
    rank = max(1, math.ceil(q / 100 * len(ordered)))
    return ordered[rank - 1]


class PercentileParams(Params):
    percentile: float = Field(gt=0, le=100)
    max_seconds: float = Field(gt=0)


@site_check("response_time_percentile", PercentileParams)
def response_time_percentile(site: SiteSnapshot, params: PercentileParams) -> CheckResult:
    """The `percentile`-th response time of the pages that answered (an error page is not the page
    asked for: its speed says nothing) is at most `max_seconds`."""
    timed = [p for p in site.fetched if _answered_well(p) and p.elapsed is not None]
    if not timed:
        return CheckResult.of(Outcome.NOT_APPLICABLE, note("no_page_answered_well"))
    value = percentile([p.elapsed for p in timed if p.elapsed is not None], params.percentile)
    outcome = Outcome.PASS if value <= params.max_seconds else Outcome.FAIL
    summary = note(
        "response_percentile",
        percentile=f"{params.percentile:g}",
        seconds=fixed(value, 2),
        pages=len(timed),
        max=general(params.max_seconds),
    )
    slowest = sorted(timed, key=lambda p: p.elapsed or 0, reverse=True)[:5]
    return CheckResult.of(outcome, summary, tuple(_seconds(p.url, p.elapsed or 0.0) for p in slowest))


def _seconds(url: str, elapsed: float) -> Evidence:
    return Evidence.of(url, note("seconds", seconds=fixed(elapsed, 2)))


class MaxSecondsParams(Params):
    max_seconds: float = Field(gt=0)


@page_check("response_time_under", MaxSecondsParams)
def response_time_under(page: PageSnapshot, params: MaxSecondsParams) -> CheckResult:
    """The page answers within `max_seconds`."""
    if page.elapsed is None or not _answered_well(page):
        return CheckResult.of(Outcome.NOT_APPLICABLE, note("page_not_answered_well"))
    evidence = (_seconds(page.url, page.elapsed),)
    if page.elapsed <= params.max_seconds:
        return CheckResult.of(Outcome.PASS, note("answered_in", seconds=fixed(page.elapsed, 2)), evidence)
    summary = note("answered_slowly", seconds=fixed(page.elapsed, 2), max=general(params.max_seconds))
    return CheckResult.of(Outcome.FAIL, summary, evidence)


class MaxBytesParams(Params):
    max_bytes: int = Field(gt=0)


@page_check("size_under", MaxBytesParams)
def size_under(page: PageSnapshot, params: MaxBytesParams) -> CheckResult:
    """The response body is at most `max_bytes` (a page cut at the download cap fails)."""
    if page.over_size_cap:
        return CheckResult.of(Outcome.FAIL, note("over_download_cap"), (Evidence(page.url, page.error or ""),))
    if not _answered_well(page):
        return CheckResult.of(Outcome.NOT_APPLICABLE, note("page_not_answered_well"))
    evidence = (Evidence.of(page.url, note("bytes", n=grouped(page.size))),)
    if page.size <= params.max_bytes:
        return CheckResult.of(Outcome.PASS, note("size", n=grouped(page.size)), evidence)
    return CheckResult.of(
        Outcome.FAIL, note("size_over", n=grouped(page.size), max=grouped(params.max_bytes)), evidence
    )
