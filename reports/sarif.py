"""SARIF 2.1.0 (OASIS) of one run, for code-scanning dashboards: `egov-audit check --format sarif`.

One SARIF run: the driver's rules are every rule the run decided or tried, and every axe-core rule
that found a violation (as `axe/<id>`); its results are

- each failing rule: level `error`, or `warning` while the failure awaits a person's review;
  one location per piece of evidence (the page URL, the detail as the location's message);
- each axe-core violation on a rendered page: level from its impact (critical and serious
  `error`, moderate `warning`, minor `note`), the page URL with the element's CSS target as a
  logical location and its HTML as the region's snippet; axe's "incomplete" (needs review) is
  left to the accessibility rules, which list it;
- a rule that errored is no finding about the portal: it is a tool execution notification of
  the invocation, as SARIF asks.

The output is deterministic: rules and results sorted, the only times those stored with the run,
so two renderings of one stored run are byte-identical (tests/reports/test_sarif.py).
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

from egov_audit import PROJECT_URL, __version__
from egov_audit.audits.methodology_catalog import catalog
from egov_audit.audits.model import AuditResult, Outcome, RuleOutcome
from egov_audit.crawler.model import AxeFinding, FetchKind
from egov_audit.render.axe import success_criteria

SARIF_VERSION = "2.1.0"
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
AXE_PREFIX = "axe/"
_AXE_LEVELS = {"critical": "error", "serious": "error", "moderate": "warning", "minor": "note"}
# Exit statuses after which the audit did its job (0 at or above --fail-under, 1 below it).
_SUCCESSFUL = (0, 1)


def _utc(moment: datetime) -> str:
    """A stored time as SARIF writes it: UTC with a Z (a naive time is the store's UTC)."""
    aware = moment if moment.tzinfo else moment.replace(tzinfo=UTC)
    return aware.astimezone(UTC).isoformat().replace("+00:00", "Z")


def _camel(rule_id: str) -> str:
    """`page-has-title` -> `PageHasTitle`: SARIF's `name` is an identifier, the id in words."""
    return "".join(part[:1].upper() + part[1:] for part in rule_id.replace("/", "-").split("-"))


def _fingerprint(*parts: str) -> str:
    """A stable identity of a finding, so dashboards follow it from run to run."""
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "replace")).hexdigest()


def _rule_descriptor(outcome: RuleOutcome, sources: dict[str, str]) -> dict[str, Any]:
    cited = [source for source, _item in outcome.refs if sources.get(source)]
    descriptor: dict[str, Any] = {
        "id": outcome.rule_id,
        "name": _camel(outcome.rule_id),
        "shortDescription": {"text": outcome.title},
    }
    if cited:
        descriptor["helpUri"] = sources[cited[0]]
    descriptor["properties"] = {
        "pillar": outcome.pillar,
        "weight": outcome.weight,
        "references": [f"{source}: {item}" for source, item in outcome.refs],
        "tags": sorted({outcome.pillar, *(source for source, _item in outcome.refs)}),
    }
    return descriptor


def _axe_descriptor(finding: AxeFinding) -> dict[str, Any]:
    criteria = success_criteria(finding.tags)
    descriptor: dict[str, Any] = {
        "id": AXE_PREFIX + finding.rule_id,
        "name": _camel(finding.rule_id),
        "shortDescription": {"text": finding.help or finding.rule_id},
    }
    if finding.help_url:
        descriptor["helpUri"] = finding.help_url
    descriptor["properties"] = {
        "pillar": "accessibility",
        "references": [f"WCAG {criterion}" for criterion in criteria],
        "tags": sorted({"accessibility", *finding.tags}),
    }
    return descriptor


def _outcome_result(outcome: RuleOutcome, index: int, start_url: str) -> dict[str, Any]:
    locations = [
        {
            "physicalLocation": {"artifactLocation": {"uri": evidence.url}},
            **({"message": {"text": evidence.detail}} if evidence.detail else {}),
        }
        for evidence in outcome.evidence
        if evidence.url
    ]
    if not locations:  # a finding about the portal as a whole: its start URL
        locations = [{"physicalLocation": {"artifactLocation": {"uri": start_url}}}]
    return {
        "ruleId": outcome.rule_id,
        "ruleIndex": index,
        "level": "warning" if outcome.review else "error",
        "message": {"text": outcome.summary},
        "locations": locations,
        "partialFingerprints": {"egovAuditRule/v1": _fingerprint(outcome.rule_id, start_url)},
        "properties": {"pillar": outcome.pillar, "review": outcome.review},
    }


def _axe_result(url: str, finding: AxeFinding, index: int) -> dict[str, Any]:
    target = " ".join(finding.targets)
    physical: dict[str, Any] = {"artifactLocation": {"uri": url}}
    if finding.html:
        physical["region"] = {"snippet": {"text": finding.html}}
    return {
        "ruleId": AXE_PREFIX + finding.rule_id,
        "ruleIndex": index,
        "level": _AXE_LEVELS.get(finding.impact, "warning"),
        "message": {"text": f"{finding.help or finding.rule_id} ({finding.impact or 'no impact'}) at {target}"},
        "locations": [
            {
                "physicalLocation": physical,
                "logicalLocations": [{"fullyQualifiedName": target, "kind": "element"}],
            }
        ],
        "partialFingerprints": {"egovAuditAxe/v1": _fingerprint(finding.rule_id, url, target)},
        "properties": {"impact": finding.impact},
    }


def _axe_violations(result: AuditResult) -> list[tuple[str, AxeFinding]]:
    found = {
        (page.url, finding)
        for page in result.site.pages
        if page.kind is FetchKind.PAGE and page.axe is not None
        for finding in page.axe.violations
    }
    return sorted(found, key=lambda pair: (pair[1].rule_id, pair[0], pair[1].targets, pair[1].html))


def _invocation(result: AuditResult, exit_status: int, index: dict[str, int]) -> dict[str, Any]:
    run = result.run
    invocation: dict[str, Any] = {
        "executionSuccessful": exit_status in _SUCCESSFUL,
        "exitCode": exit_status,
        "startTimeUtc": _utc(run.started_at),
    }
    if run.finished_at is not None:
        invocation["endTimeUtc"] = _utc(run.finished_at)
    errored = sorted((o for o in result.outcomes if o.outcome is Outcome.ERROR), key=lambda o: o.rule_id)
    if errored:
        invocation["toolExecutionNotifications"] = [
            {
                "level": "error",
                "message": {"text": f"{o.rule_id} could not be checked: {o.summary}"},
                "associatedRule": {"id": o.rule_id, "index": index[o.rule_id]},
            }
            for o in errored
        ]
    return invocation


def _driver(rules: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "name": "egov-audit",
        "version": __version__,
        "semanticVersion": __version__,
        "informationUri": PROJECT_URL,
        "rules": rules,
    }


def sarif_log(result: AuditResult, exit_status: int) -> dict[str, Any]:
    """The SARIF log of one run; `exit_status` is the process's, recorded in the invocation."""
    run = result.run
    sources = {key: m.url for key, m in catalog().items()}
    outcomes = sorted(result.outcomes, key=lambda o: o.rule_id)
    violations = _axe_violations(result)
    axe_rules: dict[str, AxeFinding] = {}
    for _url, finding in violations:
        axe_rules.setdefault(finding.rule_id, finding)
    rules = [_rule_descriptor(o, sources) for o in outcomes]
    rules += [_axe_descriptor(axe_rules[rule_id]) for rule_id in sorted(axe_rules)]
    index = {rule["id"]: i for i, rule in enumerate(rules)}
    failing = [o for o in outcomes if o.outcome is Outcome.FAIL]
    results = [_outcome_result(o, index[o.rule_id], run.start_url) for o in failing]
    results += [_axe_result(url, f, index[AXE_PREFIX + f.rule_id]) for url, f in violations]
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {"driver": _driver(rules)},
                "automationDetails": {"id": f"egov-audit/{run.portal_key.rstrip('/')}/run-{run.id}"},
                "invocations": [_invocation(result, exit_status, index)],
                "results": results,
                "properties": {
                    "runId": run.id,
                    "startUrl": run.start_url,
                    "profile": run.profile,
                    "status": str(run.status),
                    "opennessIndex": run.openness_index,
                    "rulesDigest": run.rules_digest,
                },
            }
        ],
    }


def failure_log(error: str, exit_status: int) -> dict[str, Any]:
    """The SARIF log of a `check` that stopped before any run: no results, the error as a notification."""
    invocation = {
        "executionSuccessful": False,
        "exitCode": exit_status,
        "toolExecutionNotifications": [{"level": "error", "message": {"text": error}}],
    }
    return {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [{"tool": {"driver": _driver([])}, "invocations": [invocation], "results": []}],
    }


def sarif_text(log: dict[str, Any]) -> str:
    """The log as written (the lists are sorted where they are built; the keys keep SARIF's order)."""
    return json.dumps(log, ensure_ascii=False, indent=2) + "\n"
