"""The snapshot of a portal: what each URL gave when it was fetched, and when it was rendered.

The crawl writes these, rendering adds each sampled page's axe-core result, and the audit, the
store and the reports read them. They are plain dataclasses: this module imports nothing of
egov-audit, so every stage may import it.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from urllib.parse import urlsplit


class FetchKind(enum.StrEnum):
    """Why a URL was fetched: a page of the portal, or a crawl control file."""

    PAGE = "page"
    ROBOTS = "robots"
    SITEMAP = "sitemap"
    SECURITY_TXT = "security_txt"  # /.well-known/security.txt (RFC 9116)
    HTTP_PROBE = "http_probe"  # the http:// twin of an https:// start URL: does it redirect to https?
    TLS = "tls"  # the store's row for SiteSnapshot.tls (the certificate's facts as headers); never a page
    TRAP = "trap"  # a URL left unfetched because its family looked endless (a calendar, filter combinations)


class Discovery(enum.StrEnum):
    """How the crawler came to know a URL."""

    START = "start"
    LINK = "link"
    SITEMAP = "sitemap"
    REDIRECT = "redirect"
    ROUTE = "route"  # an address a menu item's click made the page's router go to (a browser walk)


def route_of(url: str) -> str | None:
    """The client-side route a URL's fragment names (#/services, #!/services), or None: a fragment
    that starts with a slash or an exclamation mark is a single-page application's address, not
    a place in a page (#/ alone is the application's root, the page itself)."""
    _, _, fragment = url.partition("#")
    if fragment in ("/", "!", "!/"):
        return None  # the application's root: the page itself
    return fragment if fragment.startswith(("/", "!")) else None


def site_hosts(start_url: str) -> frozenset[str]:
    """The host of the start URL and its `www.` twin: the default extent of a portal."""
    host = (urlsplit(start_url).hostname or "").lower()
    twin = host[4:] if host.startswith("www.") else f"www.{host}"
    return frozenset({host, twin})


@dataclass(frozen=True, slots=True)
class Link:
    """A link found in a page: its absolute URL (fragment removed, unless it names a client-side route
    of a rendered page: crawler.model.route_of), its text, and its
    accessible label (`aria-label` or `title`) and `hreflang` when it has them."""

    url: str
    text: str = ""
    label: str = ""
    hreflang: str = ""
    rel: str = ""  # its rel attribute, lower case (privacy-policy, help, alternate ...)
    region: str = ""  # the landmark it sits in: header, nav, footer, aside, main; "" for none
    lang: str = ""  # its lang attribute: a language switcher often marks its links so


@dataclass(frozen=True, slots=True)
class Form:
    """A form of a page, reduced to what the participation checks ask of it."""

    action: str
    method: str
    fields: int  # controls a citizen fills in: text, email, tel, textarea, select, file ...
    has_submit: bool
    is_search: bool  # marked as a search: role=search, <search>, an input of type search
    # The names, placeholders and labels of its text fields and buttons, lower case: what tells a
    # search form from others when it is not marked as one (a field named q or s, a "Search" button).
    words: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Alternate:
    """A `<link rel="alternate" hreflang>`: a language version the page declares."""

    hreflang: str
    url: str


@dataclass(frozen=True, slots=True)
class AxeFinding:
    """One axe-core result on one element: a violation, or (needs_review) axe's "incomplete"."""

    rule_id: str
    impact: str  # minor, moderate, serious, critical
    tags: tuple[str, ...]
    targets: tuple[str, ...]  # CSS selectors, frames and shadow roots joined by " >> "
    html: str
    help: str
    help_url: str
    needs_review: bool = False


@dataclass(frozen=True, slots=True)
class AxeResult:
    """What rendering one page in Chromium and running axe-core on it gave."""

    sample_reason: str
    findings: tuple[AxeFinding, ...] = ()
    passes: int = 0  # axe rules that passed on the page
    error: str | None = None
    passed_rules: tuple[str, ...] = ()
    inapplicable_rules: tuple[str, ...] = ()
    document_bytes: int = 0  # the HTML as the browser fetched it
    resources: tuple[tuple[str, int], ...] = ()  # (url, bytes) of what the rendered page loaded

    @property
    def requests(self) -> int:
        return 1 + len(self.resources)

    @property
    def total_bytes(self) -> int:
        return self.document_bytes + sum(size for _url, size in self.resources)

    def rule_outcome(self, rule_id: str) -> str:
        """axe-core's outcome for one rule on this page, in ACT's words."""
        if any(f.rule_id == rule_id and not f.needs_review for f in self.findings):
            return "failed"
        if any(f.rule_id == rule_id for f in self.findings):
            return "cantTell"
        if rule_id in self.passed_rules:
            return "passed"
        return "inapplicable"

    @property
    def violations(self) -> tuple[AxeFinding, ...]:
        return tuple(f for f in self.findings if not f.needs_review)


@dataclass(slots=True)
class PageSnapshot:
    """What one request to the portal gave: the facts, whether it succeeded or not.

    A redirect is one snapshot with `status` 3xx and `location` set; the target
    is its own snapshot, so every hop of a chain is on record.
    """

    url: str
    kind: FetchKind = FetchKind.PAGE
    status: int | None = None
    error: str | None = None
    location: str | None = None
    elapsed: float | None = None
    size: int = 0
    content_type: str = ""
    depth: int = 0
    discovery: Discovery = Discovery.LINK
    referrer: str | None = None
    title: str = ""
    heading: str = ""  # the text of its first h1
    lang: str = ""
    blocked_by_robots: bool = False
    over_size_cap: bool = False
    links: tuple[Link, ...] = ()
    fetched_at: float = 0.0  # seconds since the epoch: the "now" of date checks, never the wall clock
    headers: tuple[tuple[str, str], ...] = ()  # response headers, names in lower case
    text: str = ""  # visible text, main content first (control files: the body), whitespace folded, capped
    main_chars: int = 0  # how much of `text` is the page's main content
    viewport: str | None = None
    forms: tuple[Form, ...] = ()
    alternates: tuple[Alternate, ...] = ()
    resources: tuple[str, ...] = ()  # absolute URLs of scripts, styles, images and frames it loads
    html_z: bytes = b""  # zlib-compressed HTML, for checks that take a CSS selector
    sitemap_entries: tuple[tuple[str, str], ...] = ()  # (loc, lastmod) of a sitemap's URLs
    # A 2xx page that only sends the visitor on, to `location`: "meta refresh" or "script" (a stub
    # with next to no text of its own). It is a redirect, not a page (crawler/page_content.py).
    redirect_by: str = ""
    # How its HTML as served says script builds it (crawler/discovery.py): the scripts it carries, and
    # signs such as an empty application root or a <noscript> that asks for JavaScript.
    scripts: int = 0
    markers: tuple[str, ...] = ()
    # A page walked with a browser: its content fields come from the rendered DOM, and the words and
    # links of its HTML as served are kept here; a page the browser failed on keeps its HTML's facts.
    rendered: bool = False
    served_words: int | None = None
    served_links: int | None = None
    browser_error: str | None = None
    axe: AxeResult | None = None  # set when the page was in the rendered sample

    @property
    def main_text(self) -> str:
        """The main content's text (the whole text when the page marks no main content)."""
        return self.text[: self.main_chars] if self.main_chars else self.text

    def header(self, name: str) -> str | None:
        wanted = name.lower()
        return next((value for key, value in self.headers if key == wanted), None)

    @property
    def is_html(self) -> bool:
        return "html" in self.content_type

    @property
    def is_redirect(self) -> bool:
        """A 3xx answer with a Location, or a page that only sends the visitor on (`redirect_by`)."""
        if not self.location or self.status is None:
            return False
        return 300 <= self.status < 400 or bool(self.redirect_by)

    @property
    def is_success(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def is_broken(self) -> bool:
        """Fetched and failed: a 4xx/5xx answer or no answer at all."""
        if self.blocked_by_robots:
            return False
        return self.status is None or self.status >= 400


NO_CONNECTION = "no connection: "  # how TlsFacts.error begins when no TCP connection was made


@dataclass(frozen=True, slots=True)
class TlsFacts:
    """What one TLS connection to an https:// portal showed of its certificate, read before the crawl."""

    url: str  # https://host:port/
    fetched_at: float  # the "now" the certificate's remaining days are counted from
    error: str | None = None  # the connection failed: no certificate was read
    verified: bool = False  # the chain and the host name verified
    verify_error: str = ""
    not_after: str = ""  # ISO 8601, UTC
    subject: str = ""
    issuer: str = ""

    @property
    def handshake_failed(self) -> bool:
        """A connection was made and TLS itself failed (no common protocol, a bad certificate): a
        finding; a connection refused or timed out shows no certificate to judge."""
        return bool(self.error) and not self.error.startswith(NO_CONNECTION)

    def facts(self) -> tuple[tuple[str, str], ...]:
        """(name, value) pairs, in the order evidence lists them; empty when the connection failed."""
        if self.error:
            return ()
        named = (
            ("verified", "yes" if self.verified else "no"),
            ("verify-error", self.verify_error),
            ("not-after", self.not_after),
            ("subject", self.subject),
            ("issuer", self.issuer),
        )
        return tuple((name, value) for name, value in named if value)

    @classmethod
    def from_facts(cls, url: str, fetched_at: float, error: str | None, facts: tuple[tuple[str, str], ...]) -> TlsFacts:
        named = dict(facts)
        return cls(
            url,
            fetched_at,
            error,
            verified=named.get("verified") == "yes",
            verify_error=named.get("verify-error", ""),
            not_after=named.get("not-after", ""),
            subject=named.get("subject", ""),
            issuer=named.get("issuer", ""),
        )


@dataclass(slots=True)
class SiteSnapshot:
    """All snapshots of one crawl of one portal, with indexes the checks share."""

    start_url: str
    pages: list[PageSnapshot]
    tls: TlsFacts | None = None  # an https:// portal's certificate; None for http:// or when not probed
    hosts: frozenset[str] = frozenset()  # the hosts the crawl took as the portal's (--allow-host included)
    by_url: dict[str, PageSnapshot] = field(init=False, repr=False)
    linked_from: dict[str, list[str]] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.by_url = {page.url: page for page in self.pages if page.kind is FetchKind.PAGE}
        self.linked_from = {}
        for page in self.pages:
            for link in page.links:
                sources = self.linked_from.setdefault(link.url, [])
                if not sources or sources[-1] != page.url:
                    sources.append(page.url)

    @property
    def fetched(self) -> list[PageSnapshot]:
        """Portal URLs actually requested (not robots.txt or sitemaps, not blocked)."""
        return [p for p in self.pages if p.kind is FetchKind.PAGE and not p.blocked_by_robots]

    def answered(self) -> list[PageSnapshot]:
        """Fetched pages that ended in an answer or a failure, not in a redirect hop: what the rules examine."""
        return [p for p in self.fetched if not p.is_redirect]

    def own_hosts(self) -> frozenset[str]:
        """The portal's own hosts: those the crawl walked, and the home page's (a start URL may
        redirect to another host). What the trust checks do not count as a third party."""
        home = self.home_page()
        hosts = self.hosts or site_hosts(self.start_url)
        return hosts | site_hosts(home.url) if home is not None else hosts

    def home_page(self) -> PageSnapshot | None:
        """The page the start URL ends at after its redirects, if it answered 2xx: what the `home`
        scope, the language and trust checks and rendering's sample all mean by the home page."""
        chain = self.redirect_chain(self.start_url)
        return chain[-1] if chain and chain[-1].is_success else None

    def redirect_chain(self, url: str, max_hops: int = 20) -> list[PageSnapshot]:
        """The snapshots from `url` along its redirects, ending at the first non-redirect.

        Stops on a loop or after `max_hops`, so the last element may itself redirect.
        """
        chain: list[PageSnapshot] = []
        seen: set[str] = set()
        current = self.by_url.get(url)
        while current is not None and current.url not in seen and len(chain) <= max_hops:
            chain.append(current)
            seen.add(current.url)
            if not current.is_redirect or current.location is None:
                break
            current = self.by_url.get(current.location)
        return chain


class StopReason(enum.StrEnum):
    """Why a crawl ended; anything but FINISHED means the portal was not fully walked."""

    FINISHED = "finished"
    MAX_PAGES = "max_pages"
    TIME_BUDGET = "time_budget"
    CANCELLED = "cancelled"
