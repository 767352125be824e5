"""The typed data that flows between stages: crawl -> snapshots -> outcomes -> scores.

Every stage hands the next one of these dataclasses, never a loose dict.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime


class FetchKind(enum.StrEnum):
    """Why a URL was fetched: a page of the portal, or a crawl control file."""

    PAGE = "page"
    ROBOTS = "robots"
    SITEMAP = "sitemap"
    SECURITY_TXT = "security_txt"  # /.well-known/security.txt (RFC 9116)
    HTTP_PROBE = "http_probe"  # the http:// twin of an https:// start URL: does it redirect to https?
    TLS = "tls"  # the certificate of an https:// portal; its facts are in `headers`
    TRAP = "trap"  # a URL left unfetched because its family looked endless (a calendar, filter combinations)


class Discovery(enum.StrEnum):
    """How the crawler came to know a URL."""

    START = "start"
    LINK = "link"
    SITEMAP = "sitemap"
    REDIRECT = "redirect"


@dataclass(frozen=True, slots=True)
class Link:
    """A link found in a page: its absolute URL (fragment removed), its text, and its
    accessible label (`aria-label` or `title`) and `hreflang` when it has them."""

    url: str
    text: str = ""
    label: str = ""
    hreflang: str = ""


@dataclass(frozen=True, slots=True)
class Form:
    """A form of a page, reduced to what the participation checks ask of it."""

    action: str
    method: str
    fields: int  # controls a citizen fills in: text, email, tel, textarea, select, file ...
    has_submit: bool
    is_search: bool


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
        return self.status is not None and 300 <= self.status < 400 and bool(self.location)

    @property
    def is_success(self) -> bool:
        return self.status is not None and 200 <= self.status < 300

    @property
    def is_broken(self) -> bool:
        """Fetched and failed: a 4xx/5xx answer or no answer at all."""
        if self.blocked_by_robots:
            return False
        return self.status is None or self.status >= 400


@dataclass(slots=True)
class SiteSnapshot:
    """All snapshots of one crawl of one portal, with indexes the checks share."""

    start_url: str
    pages: list[PageSnapshot]
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


class Outcome(enum.StrEnum):
    """The result of a rule: never a bool, because "could not tell" is not "passed"."""

    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class Evidence:
    """One fact behind an outcome: where, and what was seen there."""

    url: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What a check returns: an outcome, a one-line summary and the evidence."""

    outcome: Outcome
    summary: str
    evidence: tuple[Evidence, ...] = ()


@dataclass(frozen=True, slots=True)
class RuleOutcome:
    """A check's result bound to the rule that asked for it."""

    rule_id: str
    title: str
    pillar: str
    weight: float
    outcome: Outcome
    summary: str
    evidence: tuple[Evidence, ...] = ()
    review: bool = False  # a human must confirm it: listed for the auditor, weighted 0 until then
    refs: tuple[tuple[str, str], ...] = ()  # (methodology id, indicator) the rule follows
    titles: tuple[tuple[str, str], ...] = ()  # (language, title) translations from the rule file


@dataclass(frozen=True, slots=True)
class PillarScore:
    """A pillar's weighted pass share; `score` is None when no rule could be decided."""

    pillar: str
    score: float | None
    passed: int
    failed: int
    errors: int
    not_applicable: int


# A fall of more than this many points since the previous run is a regression (the archive's feed).
REGRESSION_POINTS = 5.0


class RunStatus(enum.StrEnum):
    RUNNING = "running"
    COMPLETE = "complete"
    PARTIAL = "partial"
    FAILED = "failed"
    INTERRUPTED = "interrupted"


class StopReason(enum.StrEnum):
    """Why a crawl ended; anything but FINISHED means the portal was not fully walked."""

    FINISHED = "finished"
    MAX_PAGES = "max_pages"
    TIME_BUDGET = "time_budget"
    CANCELLED = "cancelled"


@dataclass(frozen=True, slots=True)
class RunInfo:
    """A stored run as reports and the command line see it."""

    id: int
    portal_key: str
    portal_name: str
    start_url: str
    started_at: datetime
    finished_at: datetime | None
    status: RunStatus
    stop_reason: str | None
    tool_version: str
    rules_digest: str
    pages_count: int
    openness_index: float | None
    profile: str = "generic"
    rule_overrides: tuple[str, ...] = ()  # "rule-id: FILE:LINE replaces FILE:LINE"
    instrument: tuple[tuple[str, str], ...] = ()  # axe-core, Chromium and driver that rendered the sample


@dataclass(frozen=True, slots=True)
class AuditResult:
    """Everything one run found: what reports, the summary and the JSON are made from."""

    run: RunInfo
    site: SiteSnapshot
    outcomes: list[RuleOutcome]
    scores: list[PillarScore]
