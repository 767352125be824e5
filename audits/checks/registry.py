"""The registry of checks: rule files name a check, the registry finds its code.

A check is a pure function: a page (or the whole site) and validated parameters
in, a `CheckResult` out. No network, browser, database or clock inside.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from egov_audit.audits.model import CheckResult, Outcome
from egov_audit.audits.notes import note
from egov_audit.crawler.model import PageSnapshot, SiteSnapshot

Level = Literal["page", "site"]
# What a page check says of a page that is not an HTML page.
NOT_HTML = CheckResult.of(Outcome.NOT_APPLICABLE, note("not_html"))


class NoParams(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Params(BaseModel):
    """Base for a check's parameters: unknown keys are errors, not silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


@dataclass(frozen=True, slots=True)
class Context:
    """What a check of one page may need beyond the page: the whole crawl (to look at the page a link
    leads to) and the languages the audit was told to read pages in (a profile's or --lang-hint's)."""

    site: SiteSnapshot
    language_hint: tuple[str, ...] = ()

    def languages_of(self, page: PageSnapshot) -> tuple[str, ...]:
        """The languages whose words are sought on `page` (audits/checks/page_language.py)."""
        from egov_audit.audits.checks.page_language import page_languages

        return page_languages(page, self.language_hint)


# Where the links a check chose on one page lead: a check that finds a page (the contacts page,
# the privacy policy) has one, so other rules can examine the pages it found (`pages.linked_by`)
# and rendering can sample them.
LinkFinder = Callable[[Any, Any, Context], Iterable[Any]]


@dataclass(frozen=True, slots=True)
class CheckSpec:
    name: str
    level: Level
    params: type[BaseModel]
    func: Callable[[Any, Any], CheckResult]
    links: LinkFinder | None = None
    # The check examines only the pages rendered in the browser (a sample): over many pages, each
    # one then stands for the crawled pages of its template (audits/sample_weights.py).
    sampled: bool = False
    # The check takes a third argument, the Context: it reads the pages links lead to, or words in
    # the page's languages.
    contextual: bool = False

    @property
    def doc(self) -> str:
        return (self.func.__doc__ or "").strip()


CHECKS: dict[str, CheckSpec] = {}


def _register(
    level: Level,
    name: str,
    params: type[BaseModel],
    links: LinkFinder | None = None,
    sampled: bool = False,
    contextual: bool = False,
) -> Callable[[Callable[..., CheckResult]], Callable[..., CheckResult]]:
    def decorate(func: Callable[..., CheckResult]) -> Callable[..., CheckResult]:
        if name in CHECKS:
            raise ValueError(f"check {name!r} is registered twice")
        CHECKS[name] = CheckSpec(name, level, params, func, links, sampled, contextual or links is not None)
        return func

    return decorate


def page_check(
    name: str,
    params: type[BaseModel] = NoParams,
    links: LinkFinder | None = None,
    sampled: bool = False,
    contextual: bool = False,
) -> Callable[[Callable[..., CheckResult]], Callable[..., CheckResult]]:
    """Register a check of one page; the rule's scope says which pages. `links` gives, for a check
    that finds a page by its links, the links it chose on a page; `sampled` marks a check that
    examines only rendered pages; `contextual` one that takes the Context as a third argument (a
    check with `links` always does)."""
    return _register("page", name, params, links, sampled, contextual)


def site_check(
    name: str, params: type[BaseModel] = NoParams, contextual: bool = False
) -> Callable[[Callable[..., CheckResult]], Callable[..., CheckResult]]:
    """Register a check of the whole crawl (scope `site`); `contextual` as for page checks."""
    return _register("site", name, params, contextual=contextual)


def run_check(spec: CheckSpec, subject: Any, params: Any, context: Context) -> CheckResult:
    """Call a check with what it takes: the page or the site, its parameters, the context if it asks."""
    return spec.func(subject, params, context) if spec.contextual else spec.func(subject, params)
