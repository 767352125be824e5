"""reports/junit.py: the JUnit XML validates against the Surefire/Jenkins schema, one testcase per
rule, failures exactly for the failing rules."""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from egov_audit.reports.junit import failure_tree, junit_text, junit_tree
from tests.reports.sample_results import FAILING, OUTCOMES, sample_result

SCHEMA = etree.XMLSchema(etree.parse(str(Path(__file__).parent / "schemas" / "junit-10.xsd")))


def parsed(text: str) -> etree._Element:
    document = etree.fromstring(text.encode("utf-8"))
    SCHEMA.assertValid(document)
    return document


def test_one_testcase_per_rule_and_failures_exactly_for_the_failing_rules() -> None:
    root = parsed(junit_text(junit_tree(sample_result())))
    cases = root.findall("testsuite/testcase")
    assert sorted(case.get("name") for case in cases) == sorted(rule for rule, *_ in OUTCOMES)
    assert {case.get("name") for case in cases if case.find("failure") is not None} == FAILING
    assert [case.get("name") for case in cases if case.find("error") is not None] == ["tls-valid"]
    skipped = {
        case.get("name"): case.find("skipped").get("message") for case in cases if case.find("skipped") is not None
    }
    assert skipped["open-data-link"].startswith("not applicable: ")
    assert skipped["accessibility-statement"].startswith("awaiting review (fail): ")


def test_suites_are_pillars_and_their_counts_add_up() -> None:
    root = parsed(junit_text(junit_tree(sample_result())))
    suites = root.findall("testsuite")
    report_order = ["availability", "accessibility", "transparency", "trust"]  # whatever order the scores came in
    assert [suite.get("name") for suite in suites] == report_order
    for suite in suites:
        cases = suite.findall("testcase")
        assert {case.get("classname") for case in cases} == {suite.get("name")}
        assert int(suite.get("tests")) == len(cases)
        for kind, tag in (("failures", "failure"), ("errors", "error"), ("skipped", "skipped")):
            assert int(suite.get(kind)) == sum(case.find(tag) is not None for case in cases)
    for kind in ("tests", "failures", "errors"):
        assert int(root.get(kind)) == sum(int(suite.get(kind)) for suite in suites)
    assert (root.get("tests"), root.get("failures"), root.get("errors")) == ("7", "3", "1")
    properties = {p.get("name"): p.get("value") for p in suites[0].find("properties")}
    assert properties["duration_seconds"] == "90.250" and properties["pillar_score"] == "50.0"


def test_failure_text_has_the_evidence_and_page_words_xml_cannot_carry_are_replaced() -> None:
    root = parsed(junit_text(junit_tree(sample_result())))
    failure = root.find("testsuite/testcase[@name='no-broken-internal-links']/failure")
    assert failure.text.splitlines()[1:] == [
        "http://portal.test/a/: no-broken-internal-links at a",
        "http://portal.test/b/",
    ]
    assert "\ufffd[31m</failure>]]>" in failure.get("message")


def test_two_renderings_are_byte_identical() -> None:
    assert junit_text(junit_tree(sample_result())) == junit_text(junit_tree(sample_result()))


def test_a_failure_before_any_run_is_one_testcase_in_error() -> None:
    root = parsed(junit_text(failure_tree("--output x/y: x is a file, not a folder", 4)))
    (error,) = root.findall("testsuite/testcase/error")
    assert error.get("message") == "--output x/y: x is a file, not a folder"
    assert root.get("errors") == "1"
