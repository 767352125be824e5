"""Whether a portal is walked with a browser: a page's HTML as served against the page rendered, and
the crawl's choice with its evidence (docs/discovery.md).

`auto` walks over plain HTTP, and renders to compare the first page of the portal and each page
whose served HTML looks built by script (an empty application root, a <noscript> that asks for
JavaScript, links to client-side routes such as href="#/...", or scripts and next to no text), up
to MAX_PROBES pages. The first that reveals substantially more than its HTML turns the walk to the
browser for the rest of the crawl. In a browser walk, a page whose HTML carries no script keeps
the cheap HTTP path: nothing could build it differently.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from dataclasses import dataclass, field

from egov_audit.crawler.model import PageSnapshot, route_of

# A rendered page reveals substantially more than its HTML when it links to at least MIN_NEW_LINKS
# pages of the portal that its HTML does not link to, and to at least NEW_LINK_SHARE as many new
# ones as the HTML has (a menu of 40 links that gains a "cookie settings" link is the same page; a
# shell with the portal's menu that gains a catalogue of 8 services is not); or when it shows at
# least MIN_NEW_WORDS more words, and NEW_WORD_SHARE more than its HTML.
MIN_NEW_LINKS = 5
NEW_LINK_SHARE = 0.2
MIN_NEW_WORDS = 100
NEW_WORD_SHARE = 0.5
MAX_PROBES = 5  # pages `auto` renders to compare before it takes the portal as served by HTTP
SETTLE_SECONDS = 5.0  # a page built by script is read once the network is idle for 500 ms, or this long at most
FEW_WORDS = 50  # a page with scripts that shows fewer words than this looks built by script


class DiscoveryMode(enum.StrEnum):
    HTTP = "http"
    BROWSER = "browser"
    AUTO = "auto"


def _portal_links(page: PageSnapshot, on_site: Callable[[str], bool]) -> frozenset[str]:
    return frozenset(link.url for link in page.links if on_site(link.url))


@dataclass(frozen=True, slots=True)
class Comparison:
    """A page as served against the same page rendered, in figures a reader can check."""

    url: str
    served_links: int  # pages of the portal it links to
    rendered_links: int
    new_links: int  # pages of the portal the rendered page links to and the served HTML does not
    served_words: int
    rendered_words: int
    markers: tuple[str, ...] = ()

    @classmethod
    def of(cls, served: PageSnapshot, rendered: PageSnapshot, on_site: Callable[[str], bool]) -> Comparison:
        before, after = _portal_links(served, on_site), _portal_links(rendered, on_site)
        return cls(
            url=served.url,
            served_links=len(before),
            rendered_links=len(after),
            new_links=len(after - before),
            served_words=len(served.text.split()),
            rendered_words=len(rendered.text.split()),
            markers=served.markers,
        )

    @property
    def more_links(self) -> bool:
        return self.new_links >= MIN_NEW_LINKS and self.new_links >= NEW_LINK_SHARE * self.served_links

    @property
    def more_words(self) -> bool:
        gained = self.rendered_words - self.served_words
        return gained >= MIN_NEW_WORDS and gained >= NEW_WORD_SHARE * self.served_words

    @property
    def reveals_more(self) -> bool:
        return self.more_links or self.more_words

    def values(self) -> dict[str, str | int]:
        return {
            "url": self.url,
            "served_links": self.served_links,
            "rendered_links": self.rendered_links,
            "new_links": self.new_links,
            "served_words": self.served_words,
            "rendered_words": self.rendered_words,
        }


def looks_script_built(page: PageSnapshot) -> bool:
    """Its served HTML shows signs that script builds the page: a marker, or scripts and next to no text."""
    return bool(page.markers) or (page.scripts > 0 and len(page.text.split()) < FEW_WORDS)


@dataclass(slots=True)
class DiscoveryRecord:
    """How the crawl found the portal's pages, and why: kept with the run. The reason is a note's
    code and values (egov_audit.audits.notes words it in each report's language)."""

    asked: DiscoveryMode = DiscoveryMode.AUTO  # what the settings said
    mode: DiscoveryMode = DiscoveryMode.HTTP  # how the portal was walked in the end
    reason: str = ""
    reason_values: tuple[tuple[str, str | int], ...] = ()
    probes: tuple[Comparison, ...] = ()
    rendered_pages: int = 0  # pages whose facts come from the rendered DOM
    browser_errors: int = 0  # pages the browser could not render (their served HTML was kept)
    routes: int = 0  # client-side routes that clicking menu items revealed


@dataclass(slots=True)
class Discovery:
    """The crawl's choice as it walks: which pages to render, and whether a rendered page's DOM or its
    served HTML becomes the page's snapshot."""

    asked: DiscoveryMode
    on_site: Callable[[str], bool]
    mode: DiscoveryMode = DiscoveryMode.HTTP
    probes: list[Comparison] = field(default_factory=list)
    first_seen: bool = False  # the portal's first page (the start URL's, after redirects) was read
    rendered_pages: int = 0
    browser_errors: int = 0
    routes: int = 0

    def __post_init__(self) -> None:
        if self.asked is DiscoveryMode.BROWSER:
            self.mode = DiscoveryMode.BROWSER

    @property
    def uses_browser(self) -> bool:
        return self.asked is not DiscoveryMode.HTTP

    def wants_render(self, page: PageSnapshot) -> bool:
        """Whether `page`, fetched over HTTP, is rendered as well (before its links are followed)."""
        if not (page.is_success and page.is_html) or page.is_redirect or page.error:
            return False
        first = not self.first_seen
        self.first_seen = True
        if self.asked is DiscoveryMode.HTTP:
            return False
        if self.mode is DiscoveryMode.BROWSER:
            return page.scripts > 0 or route_of(page.url) is not None
        can_probe = len(self.probes) < MAX_PROBES and page.scripts > 0
        return can_probe and (first or looks_script_built(page))

    def take_rendered(self, served: PageSnapshot, rendered: PageSnapshot) -> bool:
        """Whether the rendered page stands for the page: always in a browser walk; while `auto` is
        still walking over HTTP, only when it reveals substantially more (and then the walk turns)."""
        if self.mode is not DiscoveryMode.BROWSER:
            comparison = Comparison.of(served, rendered, self.on_site)
            self.probes.append(comparison)
            if not comparison.reveals_more:
                return False
            self.mode = DiscoveryMode.BROWSER
        self.rendered_pages += 1
        return True

    def record(self) -> DiscoveryRecord:
        turned = next((probe for probe in self.probes if probe.reveals_more), None)
        if self.asked is not DiscoveryMode.AUTO:
            reason, values = "discovery_asked", {"mode": str(self.asked)}
        elif turned is not None:
            reason, values = "discovery_reveals", turned.values()
        else:
            reason, values = "discovery_static", {"probes": len(self.probes)}
        return DiscoveryRecord(
            asked=self.asked,
            mode=self.mode,
            reason=reason,
            reason_values=tuple(sorted(values.items())),
            probes=tuple(self.probes),
            rendered_pages=self.rendered_pages,
            browser_errors=self.browser_errors,
            routes=self.routes,
        )
