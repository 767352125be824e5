"""A run built by hand for the CI documents' tests (SARIF, JUnit): every kind of outcome, axe-core
violations on two pages, and page words XML cannot carry."""

from __future__ import annotations

from datetime import UTC, datetime

from egov_audit.audits.model import AuditResult, Evidence, Outcome, PillarScore, RuleOutcome, RunInfo, RunStatus
from egov_audit.crawler.model import AxeFinding, AxeResult, PageSnapshot, SiteSnapshot

BASE = "http://portal.test"
HOSTILE = "bad\x00\x1b[31m</failure>]]>\ufffe \udcff end"
ALT = AxeFinding(
    "image-alt", "critical", ("wcag2a", "wcag111"), ("img.logo",), '<img src="l.png">', "Images", "https://x/alt"
)
CONTRAST = AxeFinding("color-contrast", "serious", ("wcag2aa", "wcag143"), ("p",), "<p>grey</p>", "Contrast", "")
INCOMPLETE = AxeFinding("color-contrast", "serious", ("wcag2aa",), ("#t",), "<textarea>", "Contrast", "", True)

# (rule id, pillar, outcome, review)
OUTCOMES = [
    ("home-page-reachable", "availability", Outcome.PASS, False),
    ("no-broken-internal-links", "availability", Outcome.FAIL, False),
    ("page-has-title", "accessibility", Outcome.FAIL, False),
    ("axe-no-violations", "accessibility", Outcome.FAIL, False),
    ("accessibility-statement", "transparency", Outcome.FAIL, True),
    ("open-data-link", "transparency", Outcome.NOT_APPLICABLE, False),
    ("tls-valid", "trust", Outcome.ERROR, False),
]
FAILING = {"no-broken-internal-links", "page-has-title", "axe-no-violations"}


def outcome(rule_id: str, pillar: str, result: Outcome, review: bool) -> RuleOutcome:
    evidence = (Evidence(f"{BASE}/a/", f"{rule_id} at a"), Evidence(f"{BASE}/b/", ""))
    refs = (("wcag22", "1.1.1 non-text content"),) if pillar == "accessibility" else (("un-osi", "usability"),)
    return RuleOutcome(
        rule_id,
        f"Title of {rule_id}",
        pillar,
        1.5,
        result,
        f"{rule_id}: {HOSTILE}" if result is Outcome.FAIL else f"{rule_id} {result}",
        evidence if result in (Outcome.FAIL, Outcome.ERROR) else (),
        review,
        refs,
        score={Outcome.PASS: 1.0, Outcome.FAIL: 0.0}.get(result),
    )


def sample_result() -> AuditResult:
    run = RunInfo(
        7,
        "portal.test/",
        "Portal",
        f"{BASE}/",
        datetime(2026, 3, 1, 9, 0, 0, tzinfo=UTC),
        datetime(2026, 3, 1, 9, 1, 30, 250000, tzinfo=UTC),
        RunStatus.COMPLETE,
        "finished",
        "0.1.0",
        "a" * 64,
        3,
        61.5,
    )
    pages = [
        PageSnapshot(url=f"{BASE}/", status=200, content_type="text/html"),
        PageSnapshot(url=f"{BASE}/a/", status=200, content_type="text/html"),
        PageSnapshot(url=f"{BASE}/b/", status=404),
    ]
    pages[0].axe = AxeResult("home page", (CONTRAST, ALT, INCOMPLETE), passes=20)
    pages[1].axe = AxeResult("sample", (ALT,), passes=21)
    outcomes = [outcome(*row) for row in OUTCOMES]
    scores = [  # as the store may return them: not in report order
        PillarScore("trust", None, 0, 0, 1, 0),
        PillarScore("accessibility", 0.0, 0, 2, 0, 0),
        PillarScore("availability", 50.0, 1, 1, 0, 0),
        PillarScore("transparency", None, 0, 0, 0, 1),
    ]
    return AuditResult(run, SiteSnapshot(f"{BASE}/", pages), outcomes, scores)
