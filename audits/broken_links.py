"""Broken links: every crawled URL of the portal whose final answer is an error, and where the
crawl found it. One definition for the `broken_links` check, the summary and the reports."""

from __future__ import annotations

from dataclasses import dataclass

from egov_audit.audits.notes import Note, Value, note
from egov_audit.crawler.model import Discovery, PageSnapshot, SiteSnapshot


def answer_said(page: PageSnapshot) -> Value:
    """What a fetch gave: "HTTP 404" or the error (data, the same in every language), or the note
    "no answer"."""
    if page.status is not None:
        return f"HTTP {page.status}"
    return page.error or note("no_answer")


def answer_of(page: PageSnapshot) -> str:
    """What a fetch gave, in a few words: "HTTP 404", or the error, or "no answer"."""
    answer = answer_said(page)
    return answer.words() if isinstance(answer, Note) else str(answer)


@dataclass(frozen=True, slots=True)
class BrokenLink:
    """An internal URL that ends in an error, and where the crawl found it."""

    url: str
    answer: str
    final_url: str
    linked_from: tuple[str, ...]
    discovery: Discovery

    def said(self) -> Note:
        """What is wrong and where the link is, as a note (audits/summaries.py)."""
        sources = self.linked_from
        answer: Value = note("no_answer") if self.answer == note("no_answer").words() else self.answer
        if self.final_url != self.url:
            answer = note("answer_via", answer=answer, url=self.final_url)
        if len(sources) > 5:
            return note("broken_linked_from_more", answer=answer, pages=", ".join(sources[:5]), more=len(sources) - 5)
        if sources:
            return note("broken_linked_from", answer=answer, pages=", ".join(sources))
        if self.discovery is Discovery.SITEMAP:
            return note("broken_in_sitemap", answer=answer)
        return note("broken_start_url", answer=answer)

    def describe(self) -> str:
        return self.said().words()


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
