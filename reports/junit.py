"""JUnit XML of one run, for CI test reports: `egov-audit check --format junit`.

The Ant/Surefire layout CI systems read (GitLab's `artifacts:reports:junit`, Jenkins, Azure):
`<testsuites>` with one `<testsuite>` per pillar, in report order (audits/pillars.py), and one
`<testcase>` per rule (classname the pillar, name the rule id):

- a rule that fails is a `<failure>` (message: its summary; text: its title and evidence lines);
- a rule that errored is an `<error>`;
- a rule that is not applicable, or awaits a person's review, is `<skipped>` with the reason;
- a rule that passes is a plain testcase.

So the failures are exactly the rules the terminal lists as failing (audits/run_facts.py). A rule
takes no time of its own (the crawl is shared), so every `time` is 0 and the run's duration is a
property. Deterministic: nothing but the run's stored times, rules sorted by id within a pillar.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from datetime import UTC, datetime

from egov_audit import __version__
from egov_audit.audits.model import AuditResult, Outcome, RuleOutcome
from egov_audit.audits.pillars import pillar_order

NO_TIME = "0.000"
# What XML 1.0 cannot carry, even escaped: C0 controls but tab and newlines, lone surrogates, U+FFFE/F.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value: object) -> str:
    """A page's words as XML can carry them: what it cannot, shown as U+FFFD."""
    return _NOT_XML.sub("\ufffd", str(value))


def _utc(moment: datetime) -> str:
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat()


def _element(parent: ET.Element, tag: str, text: str | None = None, **attributes: object) -> ET.Element:
    child = ET.SubElement(parent, tag, {name: _text(value) for name, value in attributes.items()})
    if text:
        child.text = _text(text)
    return child


def _evidence_lines(outcome: RuleOutcome) -> str:
    lines = [outcome.title]
    lines += [f"{e.url}: {e.detail}" if e.detail else e.url for e in outcome.evidence]
    return "\n".join(lines)


def _testcase(suite: ET.Element, outcome: RuleOutcome) -> str:
    """One rule's testcase; what it counts as (`failures`, `errors`, `skipped` or `passed`)."""
    case = _element(suite, "testcase", classname=outcome.pillar, name=outcome.rule_id, time=NO_TIME)
    if outcome.review:
        _element(case, "skipped", message=f"awaiting review ({outcome.outcome}): {outcome.summary}")
        return "skipped"
    if outcome.outcome is Outcome.NOT_APPLICABLE:
        _element(case, "skipped", message=f"not applicable: {outcome.summary}")
        return "skipped"
    if outcome.outcome is Outcome.FAIL:
        _element(case, "failure", _evidence_lines(outcome), message=outcome.summary, type="fail")
        return "failures"
    if outcome.outcome is Outcome.ERROR:
        _element(case, "error", _evidence_lines(outcome), message=outcome.summary, type="error")
        return "errors"
    return "passed"


def _count(element: ET.Element, counts: dict[str, int]) -> None:
    element.set("tests", str(sum(counts.values())))
    for kind in ("failures", "errors", "skipped"):
        element.set(kind, str(counts[kind]))


def junit_tree(result: AuditResult) -> ET.ElementTree:
    run = result.run
    root = ET.Element("testsuites", {"name": _text(f"egov-audit {run.start_url}"), "time": NO_TIME})
    pillars = pillar_order({score.pillar for score in result.scores} | {o.pillar for o in result.outcomes})
    scores = {score.pillar: score.score for score in result.scores}
    duration = (run.finished_at - run.started_at).total_seconds() if run.finished_at else None
    total = dict.fromkeys(("failures", "errors", "skipped", "passed"), 0)
    for pillar in pillars:
        outcomes = sorted((o for o in result.outcomes if o.pillar == pillar), key=lambda o: o.rule_id)
        suite = _element(root, "testsuite", name=pillar, timestamp=_utc(run.started_at), time=NO_TIME)
        properties = _element(suite, "properties")
        facts = {
            "pillar_score": scores.get(pillar),
            "openness_index": run.openness_index,
            "run_id": run.id,
            "start_url": run.start_url,
            "profile": run.profile,
            "status": run.status,
            "duration_seconds": None if duration is None else f"{duration:.3f}",
            "egov_audit_version": __version__,
        }
        for name, value in facts.items():
            _element(properties, "property", name=name, value="" if value is None else value)
        counts = dict.fromkeys(total, 0)
        for outcome in outcomes:
            counts[_testcase(suite, outcome)] += 1
        _count(suite, counts)
        total = {kind: total[kind] + counts[kind] for kind in total}
    _count(root, total)
    root.attrib.pop("skipped")  # <testsuites> carries tests, failures and errors only (the schema's)
    return ET.ElementTree(root)


def failure_tree(error: str, exit_status: int) -> ET.ElementTree:
    """The JUnit XML of a `check` that stopped before any run: one testcase in error, so CI shows why."""
    root = ET.Element("testsuites", {"name": "egov-audit", "tests": "1", "failures": "0", "errors": "1"})
    suite = _element(root, "testsuite", name="egov-audit", tests=1, failures=0, errors=1, skipped=0, time=NO_TIME)
    case = _element(suite, "testcase", classname="egov-audit", name="check", time=NO_TIME)
    _element(case, "error", error, message=error, type=f"exit status {exit_status}")
    return ET.ElementTree(root)


def junit_text(tree: ET.ElementTree) -> str:
    ET.indent(tree)
    return ET.tostring(tree.getroot(), encoding="unicode", xml_declaration=True) + "\n"
