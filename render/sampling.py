"""Choose the pages to render, as WCAG-EM (W3C's evaluation methodology) samples a website:
the home page, the pages the rules name, one page per template, and a seeded random share.

Every chosen page keeps the reason it was chosen; the report shows them. A reason is a code and its
values (REASONS); the page keeps it in English words (AxeResult.sample_reason, as the terminal and
the JSON show it), and `read_reason` gives the code and values back, so the archive words it in its
reader's language, for runs stored before too.
"""

from __future__ import annotations

import random
import re
from collections.abc import Sequence
from functools import cache
from urllib.parse import urlsplit

from egov_audit.crawler.model import PageSnapshot, SiteSnapshot

_NUMBER = re.compile(r"^\d+$")

# Why a page was chosen: a code and the English words its values fill in.
REASONS: dict[str, str] = {
    "home": "home page",
    "template": "one page of the template {template} ({pages} pages)",
    "template_alone": "one page of the template {template}",
    "named": "named by rule {rule}",
    "form": "a page with a form",
    "random": "random sample (seed {seed})",
    "every_page": "every page rendered",
}
# Words earlier versions stored, and the code they meant.
EARLIER_REASONS = {"every page rendered (--render all)": "every_page"}


def reason(code: str, **values: object) -> str:
    """The words of a reason, as a rendered page keeps them: reason("named", rule="contacts-linked")."""
    return REASONS[code].format(**values)


def read_reason(words: str) -> tuple[str, dict[str, str]] | None:
    """The code and values of a reason's words; None for words no version of `reason` gave."""
    if words in EARLIER_REASONS:
        return EARLIER_REASONS[words], {}
    for code, pattern in _reason_patterns():
        match = pattern.fullmatch(words)
        if match:
            return code, match.groupdict()
    return None


@cache
def _reason_patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """REASONS as patterns, most values first ("the template {template} ({pages} pages)" before
    "the template {template}", whose value would swallow the count)."""
    ordered = sorted(REASONS.items(), key=lambda item: -item[1].count("{"))
    return tuple((code, re.compile(_as_pattern(words))) for code, words in ordered)


def _as_pattern(words: str) -> str:
    parts = re.split(r"\{(\w+)\}", words)  # literal, name, literal, name, ..., literal
    return "".join(re.escape(part) if i % 2 == 0 else f"(?P<{part}>.+?)" for i, part in enumerate(parts))


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

    def take(url: str, why: str) -> None:
        if url in by_url and url not in chosen:
            chosen[url] = why

    home = site.home_page()
    if home is not None:
        take(home.url, reason("home"))
    named_urls = {url for url, _reason in named}
    clusters: dict[tuple[str, bool, int], list[str]] = {}
    for page in candidates:
        clusters.setdefault(template_key(page), []).append(page.url)
    covered = {template_key(by_url[url]) for url in chosen}
    for key, urls in sorted(clusters.items(), key=lambda item: (-len(item[1]), item[0])):
        if len(urls) < 2 or key in covered:
            continue
        representative = next((u for u in urls if u in named_urls), urls[0])
        take(representative, reason("template", template=key[0] or "/", pages=len(urls)))
        covered.add(key)
    for url, why in named:
        take(url, why)
    for page in candidates:
        if any(not form.is_search for form in page.forms):
            key = template_key(page)
            if not any(template_key(by_url[u]) == key for u in chosen):
                take(page.url, reason("form"))
    for key, urls in sorted(clusters.items()):
        if not any(template_key(by_url[u]) == key for u in chosen):
            take(urls[0], reason("template_alone", template=key[0] or "/"))
    rest = sorted(u for u in by_url if u not in chosen)
    count = round(len(rest) * random_share)
    for url in random.Random(seed).sample(rest, min(count, len(rest))):
        take(url, reason("random", seed=seed))
    if limit is None:
        return list(chosen.items()) + [(u, reason("every_page")) for u in rest if u not in chosen]
    return list(chosen.items())[:limit]
