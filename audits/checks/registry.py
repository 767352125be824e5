"""The registry of checks: rule files name a check, the registry finds its code.

A check is a pure function: a page (or the whole site) and validated parameters
in, a `CheckResult` out. No network, browser, database or clock inside.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict

from egov_audit.audits.model import CheckResult

Level = Literal["page", "site"]


class NoParams(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Params(BaseModel):
    """Base for a check's parameters: unknown keys are errors, not silently ignored."""

    model_config = ConfigDict(extra="forbid", frozen=True)


# Where the links a check matches on one page lead: a check that finds a page (the contacts page,
# the privacy policy) has one, so other rules can examine the pages it found (`pages.linked_by`)
# and rendering can sample them.
LinkFinder = Callable[[Any, Any], Iterable[Any]]


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

    @property
    def doc(self) -> str:
        return (self.func.__doc__ or "").strip()


CHECKS: dict[str, CheckSpec] = {}


def _register(
    level: Level, name: str, params: type[BaseModel], links: LinkFinder | None = None, sampled: bool = False
) -> Callable[[Callable[..., CheckResult]], Callable[..., CheckResult]]:
    def decorate(func: Callable[..., CheckResult]) -> Callable[..., CheckResult]:
        if name in CHECKS:
            raise ValueError(f"check {name!r} is registered twice")
        CHECKS[name] = CheckSpec(name=name, level=level, params=params, func=func, links=links, sampled=sampled)
        return func

    return decorate


def page_check(
    name: str, params: type[BaseModel] = NoParams, links: LinkFinder | None = None, sampled: bool = False
) -> Callable[[Callable[..., CheckResult]], Callable[..., CheckResult]]:
    """Register a check of one page; the rule's scope says which pages. `links` gives, for a check
    that finds a page by its links, the links of a page it matches; `sampled` marks a check that
    examines only rendered pages."""
    return _register("page", name, params, links, sampled)


def site_check(
    name: str, params: type[BaseModel] = NoParams
) -> Callable[[Callable[..., CheckResult]], Callable[..., CheckResult]]:
    """Register a check of the whole crawl (scope `site`)."""
    return _register("site", name, params)
