"""Choose the pages to render, as WCAG-EM (W3C's evaluation methodology) samples a website:
the home page, the pages the rules name, one page per template, and a seeded random share.

Every chosen page keeps the reason it was chosen; the report shows them.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from urllib.parse import urlsplit

from egov_audit.crawler.model import PageSnapshot, SiteSnapshot

_NUMBER = re.compile(r"^\d+$")


def template_key(page: PageSnapshot) -> tuple[str, bool, int]:
    """Pages built from one template share a URL shape and a page structure.

    The shape: numbers become {n}, and in paths two segments deep or more the last
    segment becomes * (/services/passport/ and /services/visa/ are one template); the
    structure: whether it holds a form, and its size in links.
    """
    segments = [s for s in urlsplit(page.url).path.split("/") if s]
    shape = ["{n}" if _NUMBER.match(s) else s for s in segments]
    if len(shape) >= 2:
        shape[-1] = "*"
    has_form = any(not form.is_search for form in page.forms)
    return "/".join(shape), has_form, len(page.links) // 25


def choose_sample(
    site: SiteSnapshot, named: Sequence[tuple[str, str]], limit: int | None, seed: int, random_share: float
) -> list[tuple[str, str]]:
    """(url, reason) pairs, most important first, at most `limit` (None: every page). `named` are the
    pages the rules point at, with why (the engine's `named_pages`, handed on by the orchestration).

    The order: the home page; one page of each template shared by several pages, the largest
    templates first (a page the rules name, or one with a form, stands for its template when there
    is one); the named pages; a page of each template with a form; the other templates; a seeded
    random share. A small sample so covers the bulk of the portal's pages: the scores weigh each
    rendered page by the pages of its template (audits/sample_weights.py), and they stay close
    whether 10, 30 or every page is rendered (docs/scores.md)."""
    candidates = [p for p in site.fetched if p.is_success and p.is_html and not p.is_redirect]
    by_url = {p.url: p for p in candidates}
    chosen: dict[str, str] = {}

    def take(url: str, reason: str) -> None:
        if url in by_url and url not in chosen:
            chosen[url] = reason

    home = site.home_page()
    if home is not None:
        take(home.url, "home page")
    named_urls = {url for url, _reason in named}
    clusters: dict[tuple[str, bool, int], list[str]] = {}
    for page in candidates:
        clusters.setdefault(template_key(page), []).append(page.url)
    covered = {template_key(by_url[url]) for url in chosen}
    for key, urls in sorted(clusters.items(), key=lambda item: (-len(item[1]), item[0])):
        if len(urls) < 2 or key in covered:
            continue
        representative = next((u for u in urls if u in named_urls), urls[0])
        take(representative, f"one page of the template {key[0] or '/'} ({len(urls)} pages)")
        covered.add(key)
    for url, reason in named:
        take(url, reason)
    for page in candidates:
        if any(not form.is_search for form in page.forms):
            key = template_key(page)
            if not any(template_key(by_url[u]) == key for u in chosen):
                take(page.url, "a page with a form")
    for key, urls in sorted(clusters.items()):
        if not any(template_key(by_url[u]) == key for u in chosen):
            take(urls[0], f"one page of the template {key[0] or '/'}")
    rest = sorted(u for u in by_url if u not in chosen)
    count = round(len(rest) * random_share)
    for url in random.Random(seed).sample(rest, min(count, len(rest))):
        take(url, f"random sample (seed {seed})")
    if limit is None:
        return list(chosen.items()) + [(u, "every page rendered (--render all)") for u in rest if u not in chosen]
    return list(chosen.items())[:limit]
