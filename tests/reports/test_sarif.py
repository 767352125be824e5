"""reports/sarif.py: the SARIF log validates against OASIS's schema and says what failed, where."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from egov_audit import PROJECT_URL, __version__
from egov_audit.reports.sarif import failure_log, sarif_log, sarif_text
from tests.reports.sample_results import BASE, FAILING, sample_result

SCHEMA = json.loads((Path(__file__).parent / "schemas" / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))


def validate(log: dict) -> None:
    jsonschema.Draft4Validator(SCHEMA).validate(json.loads(sarif_text(log)))


def test_the_log_validates_and_names_the_tool() -> None:
    log = sarif_log(sample_result(), 1)
    validate(log)
    driver = log["runs"][0]["tool"]["driver"]
    assert (driver["name"], driver["version"], driver["informationUri"]) == ("egov-audit", __version__, PROJECT_URL)
    invocation = log["runs"][0]["invocations"][0]
    assert invocation["exitCode"] == 1 and invocation["executionSuccessful"] is True
    assert (invocation["startTimeUtc"], invocation["endTimeUtc"]) == (
        "2026-03-01T09:00:00Z",
        "2026-03-01T09:01:30.250000Z",
    )


def test_rules_carry_their_metadata() -> None:
    rules = {rule["id"]: rule for rule in sarif_log(sample_result(), 0)["runs"][0]["tool"]["driver"]["rules"]}
    title = rules["page-has-title"]
    assert title["shortDescription"]["text"] == "Title of page-has-title"
    assert title["helpUri"] == "https://www.w3.org/TR/WCAG22/"  # the cited methodology's page
    assert title["properties"]["pillar"] == "accessibility" and title["properties"]["weight"] == 1.5
    assert title["properties"]["references"] == ["wcag22: 1.1.1 non-text content"]
    assert rules["axe/image-alt"]["helpUri"] == "https://x/alt"
    assert rules["axe/image-alt"]["properties"]["references"] == ["WCAG 1.1.1"]


def test_failing_rules_and_axe_violations_are_the_results() -> None:
    log = sarif_log(sample_result(), 0)
    run = log["runs"][0]
    results = run["results"]
    levels = {r["ruleId"]: r["level"] for r in results if not r["ruleId"].startswith("axe/")}
    assert levels == {**dict.fromkeys(FAILING, "error"), "accessibility-statement": "warning"}  # review: a warning
    links = next(r for r in results if r["ruleId"] == "no-broken-internal-links")
    assert [loc["physicalLocation"]["artifactLocation"]["uri"] for loc in links["locations"]] == [
        f"{BASE}/a/",
        f"{BASE}/b/",
    ]
    assert links["locations"][0]["message"]["text"] == "no-broken-internal-links at a"
    axe = [
        (r["ruleId"], r["level"], r["locations"][0]["physicalLocation"]) for r in results if r["ruleId"][:4] == "axe/"
    ]
    assert [(rule, level, where["artifactLocation"]["uri"]) for rule, level, where in axe] == [
        ("axe/color-contrast", "error", f"{BASE}/"),  # the incomplete finding is no result
        ("axe/image-alt", "error", f"{BASE}/"),
        ("axe/image-alt", "error", f"{BASE}/a/"),
    ]
    assert axe[1][2]["region"]["snippet"]["text"] == '<img src="l.png">'
    image = next(r for r in results if r["ruleId"] == "axe/image-alt")
    assert image["locations"][0]["logicalLocations"][0]["fullyQualifiedName"] == "img.logo"
    for result in results:
        assert run["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == result["ruleId"]


def test_an_errored_rule_is_a_notification_not_a_result() -> None:
    run = sarif_log(sample_result(), 0)["runs"][0]
    assert "tls-valid" not in {r["ruleId"] for r in run["results"]}
    (notification,) = run["invocations"][0]["toolExecutionNotifications"]
    assert notification["associatedRule"]["id"] == "tls-valid"


def test_two_renderings_are_byte_identical() -> None:
    first = sarif_text(sarif_log(sample_result(), 0))
    assert sarif_text(sarif_log(sample_result(), 0)) == first


def test_a_failure_before_any_run_is_a_valid_log() -> None:
    log = failure_log("http://127.0.0.1:1/: connection refused (is anything listening there?)", 2)
    validate(log)
    invocation = log["runs"][0]["invocations"][0]
    assert (invocation["exitCode"], invocation["executionSuccessful"]) == (2, False)
    assert "connection refused" in invocation["toolExecutionNotifications"][0]["message"]["text"]
