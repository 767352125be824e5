"""The audit's typed results: a rule's outcome and evidence, a pillar's score, a run.

The crawl hands the audit a `SiteSnapshot` (egov_audit.crawler.model); the audit hands the store
and the reports these dataclasses, never a loose dict.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import datetime

from egov_audit.crawler.model import SiteSnapshot


class Outcome(enum.StrEnum):
    """The result of a rule: never a bool, because "could not tell" is not "passed"."""

    PASS = "pass"
    FAIL = "fail"
    NOT_APPLICABLE = "not_applicable"
    ERROR = "error"


# Reports show this many evidence rows of one outcome; its summary always counts them all.
MAX_EVIDENCE = 50


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


class RunStatus(enum.StrEnum):
    RUNNING = "running"
    COMPLETE = "complete"
    PARTIAL = "partial"
    FAILED = "failed"
    INTERRUPTED = "interrupted"


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
