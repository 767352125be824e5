"""The audit's typed results: a rule's outcome and evidence, a pillar's score, a run.

The crawl hands the audit a `SiteSnapshot` (egov_audit.crawler.model); the audit hands the store
and the reports these dataclasses, never a loose dict.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import datetime

from egov_audit.audits.notes import Note, Said, note
from egov_audit.crawler.discovery import DiscoveryRecord
from egov_audit.crawler.model import SiteSnapshot


class Outcome(enum.StrEnum):
    """The result of a rule: never a bool, because "could not tell" is not "passed"."""

    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    ERROR = "error"


# Reports and the terminal show this many evidence rows of one outcome; the store keeps them all,
# so that what is new or fixed between runs is worked out from complete sets.
MAX_EVIDENCE = 50


@dataclass(frozen=True, slots=True)
class Evidence:
    """One fact behind an outcome: where, and what was seen there. `note` is the detail as a note
    (audits/summaries.py) where the words are the audit's own, so the archive says it in its
    language; `detail` is its English, which the terminal and the JSON show."""

    url: str
    detail: str = ""
    note: Said | None = field(default=None, compare=False)

    @classmethod
    def of(cls, url: str, said: Said) -> Evidence:
        """Evidence whose detail is a note of ours (or a listing of them), with its English words."""
        return cls(url, said.words(), said)


@dataclass(frozen=True, slots=True)
class CheckResult:
    """What a check returns: an outcome, a one-line summary and the evidence.

    `score` is the share (0 to 1) of what the check examined that passes, for a check over many
    pages, links or documents; the outcome is the rule's threshold applied to it. Without one, a
    pass counts 1 and a fail 0 (docs/scores.md). `note` is the summary as a note, `summary` its
    English words (a check builds both with `CheckResult.of`)."""

    outcome: Outcome
    summary: str
    evidence: tuple[Evidence, ...] = ()
    score: float | None = None
    note: Note | None = field(default=None, compare=False)

    @classmethod
    def of(
        cls, outcome: Outcome, said: Note, evidence: tuple[Evidence, ...] = (), score: float | None = None
    ) -> CheckResult:
        """A result whose summary is a note of ours (audits/summaries.py), with its English words."""
        return cls(outcome, said.words(), evidence, score, said)


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
    score: float | None = None  # what the rule adds to its pillar, 0 to 1; None when not decided
    note: Note | None = field(default=None, compare=False)  # the summary as a note; None: a run before s0008

    @property
    def weighs(self) -> bool:
        """Whether the rule counts in its pillar's score: decided, and not awaiting a person's review."""
        return self.score is not None and not self.review


@dataclass(frozen=True, slots=True)
class PillarScore:
    """A pillar's weighted pass share; `score` is None when no rule could be decided."""

    pillar: str
    score: float | None
    passed: int
    failed: int
    errors: int
    not_applicable: int


class RunStatus(enum.StrEnum):
    RUNNING = "running"
    COMPLETE = "complete"
    PARTIAL = "partial"  # the crawl was cut short by its time budget or a signal
    UNREACHABLE = "unreachable"  # the start URL never gave a page: findings, no scores to compare
    FAILED = "failed"
    INTERRUPTED = "interrupted"


@dataclass(frozen=True, slots=True)
class CrawlCoverage:
    """How much of the portal a run examined, and whether that is enough to compare the run with
    others (audits/crawl_coverage.py decides; docs/scores.md explains)."""

    pages: int  # pages of the portal that answered (redirect hops and control files aside)
    links: int  # distinct http(s) link targets found on those pages
    links_off_site: int  # of those, the ones outside the portal's own hosts
    off_site_hosts: tuple[tuple[str, int], ...] = ()  # the hosts links left for, most linked first
    cut_by: str | None = None  # the page cap, the time budget or a signal ended the crawl; None: it finished
    robots_refused: int = 0  # URLs robots.txt kept the crawl from
    crawl_delay: float | None = None  # seconds between requests robots.txt asked for (as honoured)
    reasons: tuple[Note, ...] = ()  # why the run is too thin to compare; empty when it is comparable
    hints: tuple[Note, ...] = ()  # what the auditor can do about it

    @property
    def low(self) -> bool:
        return bool(self.reasons)

    @property
    def off_site_share(self) -> float:
        return self.links_off_site / self.links if self.links else 0.0


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
    coverage: CrawlCoverage | None = None  # None: a run that ended before its crawl was judged
    index_gaps: tuple[tuple[str, str], ...] = ()  # (pillar, why it has no score) when there is no index
    discovery: DiscoveryRecord | None = None  # how the crawl found the pages; None: a run before s0005
    # The portal's country (ISO 3166-1 alpha-2) and tags as they were when it was audited, the tags
    # as sorted (key, value) pairs so a RunInfo stays hashable; None and () for a run before s0007.
    country: str | None = None
    tags: tuple[tuple[str, str], ...] = ()

    @property
    def discovery_reason(self) -> Note | None:
        """Why the portal was walked as it was, as a note each report words in its language."""
        if self.discovery is None or not self.discovery.reason:
            return None
        return Note(self.discovery.reason, self.discovery.reason_values)

    @property
    def unranked(self) -> tuple[str, str] | None:
        """Why this run is not ranked or compared with full runs (docs/scores.md), as a kind (a
        status other than complete, "no index" or "low coverage") and the reasons in words; None
        when it is ranked."""
        if self.status is not RunStatus.COMPLETE:
            return str(self.status), self.note_for_status()
        if self.openness_index is None:
            gaps = "; ".join(f"{pillar} not scored ({why})" for pillar, why in self.index_gaps)
            return "no index", gaps or "no pillar could be scored"
        if self.coverage is not None and self.coverage.low:
            return "low coverage", "; ".join(reason.words() for reason in self.coverage.reasons)
        return None

    def note_for_status(self) -> str:
        if self.status is RunStatus.UNREACHABLE:
            return note("unreachable").words()
        if self.status is RunStatus.PARTIAL and self.coverage is not None and self.coverage.reasons:
            return "; ".join(reason.words() for reason in self.coverage.reasons)
        return f"the run is {self.status}"

    @property
    def comparable(self) -> bool:
        return self.unranked is None

    @property
    def standing(self) -> str:
        """ "ranked", or in a word or two why not: unreachable, partial, no index, low coverage."""
        return "ranked" if self.unranked is None else f"not ranked: {self.unranked[0]}"


@dataclass(frozen=True, slots=True)
class AuditResult:
    """Everything one run found: what reports, the summary and the JSON are made from."""

    run: RunInfo
    site: SiteSnapshot
    outcomes: list[RuleOutcome]
    scores: list[PillarScore]
