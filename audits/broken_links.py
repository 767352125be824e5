"""Broken links: every crawled URL of the portal whose final answer is an error, and where the
crawl found it. One definition for the `broken_links` check, the summary and the reports."""

from __future__ import annotations

from dataclasses import dataclass

from egov_audit.crawler.model import Discovery, PageSnapshot, SiteSnapshot


def answer_of(page: PageSnapshot) -> str:
    """What a fetch gave, in a few words: "HTTP 404", or the error, or "no answer"."""
    if page.status is not None:
        return f"HTTP {page.status}"
    return page.error or "no answer"


@dataclass(frozen=True, slots=True)
class BrokenLink:
    """An internal URL that ends in an error, and where the crawl found it."""

    url: str
    answer: str
    final_url: str
    linked_from: tuple[str, ...]
    discovery: Discovery

    def describe(self) -> str:
        sources = self.linked_from
        where = f"linked from {', '.join(sources[:5])}" + (f" and {len(sources) - 5} more" if len(sources) > 5 else "")
        if not sources:
            where = "listed in the sitemap" if self.discovery is Discovery.SITEMAP else "the start URL"
        via = f" via {self.final_url}" if self.final_url != self.url else ""
        return f"{self.answer}{via}; {where}"


def find_broken(site: SiteSnapshot) -> list[BrokenLink]:
    """Every fetched URL (redirect targets aside) whose final answer is 4xx/5xx or none."""
    broken = []
    for page in site.fetched:
        if page.discovery is Discovery.REDIRECT:
            continue  # reported through the URL that started the chain
        final = site.redirect_chain(page.url)[-1]
        if final.is_broken and not final.is_redirect:
            sources = tuple(site.linked_from.get(page.url, ()))
            broken.append(BrokenLink(page.url, answer_of(final), final.url, sources, page.discovery))
    return broken
