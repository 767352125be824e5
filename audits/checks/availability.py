"""Availability: can the portal be reached, quickly, without errors?"""

from __future__ import annotations

import math

from pydantic import Field

from egov_audit.audits.broken_links import answer_of, find_broken
from egov_audit.audits.checks.registry import Params, page_check, site_check
from egov_audit.audits.model import CheckResult, Evidence, Outcome
from egov_audit.crawler.model import Discovery, FetchKind, PageSnapshot, SiteSnapshot


@site_check("home_reachable")
def home_reachable(site: SiteSnapshot, params: Params) -> CheckResult:
    """The start URL, after its redirects, answers 2xx with an HTML page."""
    chain = site.redirect_chain(site.start_url)
    if not chain:
        return CheckResult(Outcome.ERROR, "The start URL was not fetched.")
    hops = tuple(Evidence(p.url, answer_of(p) + (f" -> {p.location}" if p.location else "")) for p in chain)
    final = chain[-1]
    if final.is_success and final.is_html:
        return CheckResult(Outcome.PASS, f"The home page answers {answer_of(final)} at {final.url}.", hops)
    if final.is_success:
        return CheckResult(Outcome.FAIL, f"The home page is not HTML ({final.content_type or 'no type'}).", hops)
    if final.is_redirect and final.location not in site.by_url:
        summary = f"The home page redirects to {final.location}, outside the audited site (see --allow-host)."
        return CheckResult(Outcome.FAIL, summary, hops)
    if final.is_redirect:
        return CheckResult(Outcome.FAIL, "The home page redirects without end (a loop or too many hops).", hops)
    return CheckResult(Outcome.FAIL, f"The home page does not answer: {answer_of(final)}.", hops)


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
        return CheckResult(Outcome.NOT_APPLICABLE, "No page was fetched.")
    failing = [p for p in pages if not p.is_success]
    share = round(1 - len(failing) / len(pages), 4)
    outcome = Outcome.PASS if share >= params.min_share else Outcome.FAIL
    summary = f"{share:.1%} of {len(pages)} pages answer 2xx (at least {params.min_share:.0%} expected)."
    return CheckResult(outcome, summary, tuple(Evidence(p.url, answer_of(p)) for p in failing), score=share)


@site_check("broken_links")
def broken_links(site: SiteSnapshot, params: Params) -> CheckResult:
    """No internal link or sitemap entry leads to a 4xx/5xx answer or to no answer.

    Each broken URL is named with the pages that link to it; a link through a
    redirect counts as broken when the redirect ends in an error.
    """
    followed = [p for p in site.fetched if p.discovery is not Discovery.START]
    if not followed:
        return CheckResult(Outcome.NOT_APPLICABLE, "No internal link or sitemap entry was followed.")
    broken = find_broken(site)
    if not broken:
        return CheckResult(Outcome.PASS, f"All {len(site.fetched)} internal URLs answer.")
    evidence = tuple(Evidence(b.url, b.describe()) for b in broken)
    share = round(max(0.0, 1 - len(broken) / len(site.fetched)), 4)
    summary = f"{len(broken)} broken internal links among {len(site.fetched)} internal URLs."
    return CheckResult(Outcome.FAIL, summary, evidence, score=share)


class ChainParams(Params):
    max_hops: int = Field(2, ge=0, description="most redirects a link may take before its page")


@site_check("redirect_chain_length", ChainParams)
def redirect_chain_length(site: SiteSnapshot, params: ChainParams) -> CheckResult:
    """No link goes through more than `max_hops` redirects, and none loops."""
    heads = [p for p in site.fetched if p.is_redirect and p.discovery is not Discovery.REDIRECT]
    if not heads:
        return CheckResult(Outcome.NOT_APPLICABLE, "No redirect was met.")
    long_chains: list[Evidence] = []
    for head in heads:
        chain = site.redirect_chain(head.url)
        last = chain[-1]
        hops = sum(1 for p in chain if p.is_redirect)
        loops = last.is_redirect and last.location in {p.url for p in chain}
        if loops or hops > params.max_hops:
            path = " -> ".join([p.url for p in chain] + ([last.location] if loops and last.location else []))
            label = "redirect loop" if loops else f"{hops} redirects"
            long_chains.append(Evidence(head.url, f"{label}: {path}"))
    if not long_chains:
        return CheckResult(Outcome.PASS, f"{len(heads)} redirects, none longer than {params.max_hops} hops.")
    summary = f"{len(long_chains)} of {len(heads)} redirect chains are longer than {params.max_hops} hops or loop."
    return CheckResult(Outcome.FAIL, summary, tuple(long_chains), score=round(1 - len(long_chains) / len(heads), 4))


@site_check("bounded_url_space")
def bounded_url_space(site: SiteSnapshot, params: Params) -> CheckResult:
    """No family of URLs (numbers aside, query values aside) grows past what a crawl takes: no spider trap.

    An endless calendar or endless filter combinations waste every crawler's
    budget, search engines' included, and hide the pages citizens look for.
    """
    traps = [p for p in site.pages if p.kind is FetchKind.TRAP]
    if not traps and not any(p.discovery is Discovery.LINK for p in site.fetched):
        return CheckResult(Outcome.NOT_APPLICABLE, "No link was followed, so no family of URLs could be met.")
    if not traps:
        return CheckResult(Outcome.PASS, f"No endless family of URLs among {len(site.fetched)} URLs.")
    evidence = tuple(Evidence(p.url, p.error or "") for p in traps)
    return CheckResult(Outcome.FAIL, f"{len(traps)} families of URLs look endless (calendars, filters).", evidence)


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
        return CheckResult(Outcome.NOT_APPLICABLE, "No page answered without an error.")
    value = percentile([p.elapsed for p in timed if p.elapsed is not None], params.percentile)
    outcome = Outcome.PASS if value <= params.max_seconds else Outcome.FAIL
    summary = (
        f"P{params.percentile:g} response time is {value:.2f} s over {len(timed)} pages "
        f"(at most {params.max_seconds:g} s expected)."
    )
    slowest = sorted(timed, key=lambda p: p.elapsed or 0, reverse=True)[:5]
    return CheckResult(outcome, summary, tuple(Evidence(p.url, f"{p.elapsed:.2f} s") for p in slowest))


class MaxSecondsParams(Params):
    max_seconds: float = Field(gt=0)


@page_check("response_time_under", MaxSecondsParams)
def response_time_under(page: PageSnapshot, params: MaxSecondsParams) -> CheckResult:
    """The page answers within `max_seconds`."""
    if page.elapsed is None or not _answered_well(page):
        return CheckResult(Outcome.NOT_APPLICABLE, "The page did not answer without an error.")
    evidence = (Evidence(page.url, f"{page.elapsed:.2f} s"),)
    if page.elapsed <= params.max_seconds:
        return CheckResult(Outcome.PASS, f"Answered in {page.elapsed:.2f} s.", evidence)
    return CheckResult(Outcome.FAIL, f"Answered in {page.elapsed:.2f} s, over {params.max_seconds:g} s.", evidence)


class MaxBytesParams(Params):
    max_bytes: int = Field(gt=0)


@page_check("size_under", MaxBytesParams)
def size_under(page: PageSnapshot, params: MaxBytesParams) -> CheckResult:
    """The response body is at most `max_bytes` (a page cut at the download cap fails)."""
    if page.over_size_cap:
        return CheckResult(Outcome.FAIL, "Larger than the download cap.", (Evidence(page.url, page.error or ""),))
    if not _answered_well(page):
        return CheckResult(Outcome.NOT_APPLICABLE, "The page did not answer without an error.")
    evidence = (Evidence(page.url, f"{page.size:,} bytes"),)
    if page.size <= params.max_bytes:
        return CheckResult(Outcome.PASS, f"{page.size:,} bytes.", evidence)
    return CheckResult(Outcome.FAIL, f"{page.size:,} bytes, over {params.max_bytes:,}.", evidence)
