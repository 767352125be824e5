"""Inclusion checks: phones, slow lines, and how deep a citizen must click."""

from __future__ import annotations

import re
from collections import deque

from pydantic import Field

from egov_audit.audits.checks.registry import NOT_HTML, Params, page_check, site_check
from egov_audit.audits.model import CheckResult, Evidence, Outcome
from egov_audit.audits.notes import grouped, note, percent
from egov_audit.crawler.model import Discovery, PageSnapshot, SiteSnapshot

_MAX_SCALE = re.compile(r"maximum-scale\s*=\s*(\d+(?:\.\d+)?|\.\d+)")


@page_check("mobile_viewport")
def mobile_viewport(page: PageSnapshot, params: Params) -> CheckResult:
    """The page declares a responsive viewport (width=device-width) and lets people zoom."""
    if not page.is_html or not page.is_success:
        return NOT_HTML
    viewport = (page.viewport or "").lower().replace(" ", "")
    evidence = (Evidence(page.url, f"viewport: {page.viewport!r}"),)  # HTML's own words
    if "width=device-width" not in viewport:
        return CheckResult.of(Outcome.FAIL, note("no_responsive_viewport"), evidence)
    scale = _MAX_SCALE.search(viewport)
    if "user-scalable=no" in viewport or "user-scalable=0" in viewport or (scale and float(scale.group(1)) < 2):
        return CheckResult.of(Outcome.FAIL, note("no_zoom"), evidence)
    return CheckResult.of(Outcome.PASS, note("viewport_ok"), evidence)


class ScriptlessParams(Params):
    min_share: float = Field(
        0.5, gt=0, le=1, description="share of its rendered words a page's HTML as served must already show"
    )


@page_check("content_without_script", ScriptlessParams)
def content_without_script(page: PageSnapshot, params: ScriptlessParams) -> CheckResult:
    """A page walked with a browser shows, in its HTML as served, most of the words it shows rendered:
    its content does not need JavaScript (an old phone, a text browser, a script that fails, an
    archive). Pages not rendered are not judged (docs/discovery.md)."""
    if not page.is_html or not page.is_success:
        return NOT_HTML
    if not page.rendered or page.served_words is None:
        return CheckResult.of(Outcome.NOT_APPLICABLE, note("not_walked_with_browser"))
    rendered = len(page.text.split())
    if rendered == 0:
        return CheckResult.of(Outcome.NOT_APPLICABLE, note("rendered_no_words"))
    share = min(1.0, page.served_words / rendered)
    detail = note("served_words", served=page.served_words, rendered=rendered, share=percent(share))
    evidence = (Evidence.of(page.url, detail),)
    if share < params.min_share:
        return CheckResult.of(Outcome.FAIL, note("needs_javascript", detail=detail), evidence)
    return CheckResult.of(Outcome.PASS, detail, evidence)


class WeightParams(Params):
    max_bytes: int = Field(gt=0, description="bytes the rendered page loads: its document and every resource")
    max_resources: int = Field(gt=0, description="requests the rendered page makes: the document and its resources")


@page_check("page_weight", WeightParams, sampled=True)
def page_weight(page: PageSnapshot, params: WeightParams) -> CheckResult:
    """The page stays within a budget for slow lines: bytes and requests of the page as the browser
    loaded it. Measured on rendered pages only, the same way on every one (the HTML alone says
    nothing of the images and scripts a page pulls in); the size of every page's HTML is
    `size_under`'s."""
    if not page.is_html or not page.is_success:
        return NOT_HTML
    if page.axe is None or page.axe.error:
        return CheckResult.of(Outcome.NOT_APPLICABLE, note("not_rendered"))
    size, requests = page.axe.total_bytes, page.axe.requests
    detail = note("page_weight", bytes=grouped(size), requests=requests)
    evidence = (Evidence.of(page.url, detail),)
    if size > params.max_bytes or requests > params.max_resources:
        budget = note("over_budget", detail=detail, bytes=grouped(params.max_bytes), requests=params.max_resources)
        return CheckResult.of(Outcome.FAIL, budget, evidence)
    return CheckResult.of(Outcome.PASS, detail, evidence)


class ClickParams(Params):
    max_clicks: int = Field(ge=0)


def click_distances(site: SiteSnapshot) -> dict[str, int]:
    """Clicks from the home page to each crawled page, following links and redirects."""
    chain = site.redirect_chain(site.start_url)
    if not chain:
        return {}
    distances = {page.url: 0 for page in chain}
    queue = deque(page.url for page in chain)
    while queue:
        url = queue.popleft()
        page = site.by_url.get(url)
        if page is None:
            continue
        # A redirect costs no click: its target goes to the front (a 0-1 breadth-first search).
        if page.is_redirect and page.location in site.by_url:
            target = page.location
            if target is not None and distances.get(target, distances[url] + 1) > distances[url]:
                distances[target] = distances[url]
                queue.appendleft(target)
        for link in page.links:
            if link.url in site.by_url and distances.get(link.url, distances[url] + 2) > distances[url] + 1:
                distances[link.url] = distances[url] + 1
                queue.append(link.url)
    return distances


@site_check("click_depth", ClickParams)
def click_depth(site: SiteSnapshot, params: ClickParams) -> CheckResult:
    """Every crawled HTML page can be reached from the home page in at most `max_clicks` clicks; the
    score is the share that can."""
    distances = click_distances(site)
    if not distances:
        return CheckResult.of(Outcome.NOT_APPLICABLE, note("home_not_fetched"))
    pages = [p for p in site.fetched if p.is_html and p.is_success and not p.is_redirect]
    if len(pages) < 2:
        return CheckResult.of(Outcome.NOT_APPLICABLE, note("only_home_reached"))
    too_deep = [
        Evidence.of(p.url, note("clicks", n=distances[p.url]))
        for p in pages
        if p.url in distances and distances[p.url] > params.max_clicks
    ]
    unlinked = [
        Evidence.of(p.url, note("unreachable_sitemap" if p.discovery is Discovery.SITEMAP else "unreachable_by_clicks"))
        for p in pages
        if p.url not in distances
    ]
    failing = too_deep + unlinked
    if failing:
        return CheckResult.of(
            Outcome.FAIL,
            note("too_deep", deep=len(failing), pages=len(pages), max=params.max_clicks),
            tuple(failing),
            score=round(1 - len(failing) / len(pages), 4),
        )
    deepest = max((distances[p.url] for p in pages if p.url in distances), default=0)
    return CheckResult.of(Outcome.PASS, note("within_clicks", pages=len(pages), deepest=deepest))
