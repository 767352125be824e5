"""The demo portal's defect catalogue against what `egov-audit check` reports.

Expected findings come from demo/catalogue.yaml, never from numbers copied here.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from egov_audit.audits.rulebook import load_rules
from egov_audit.demo.municipal import content
from egov_audit.demo.portal import catalogue, defects
from tests.conftest import DemoCrawl

KZ_RULES = {rule.id for rule in load_rules("kz").rules}


def where(url: str) -> str:
    """The path of a URL, with its fragment when it names a script's route (/kk/finder/#/situations/family)."""
    parts = urlsplit(url)
    return f"{parts.path}#{parts.fragment}" if parts.fragment else parts.path


def outcomes_by_rule(crawl: DemoCrawl) -> dict[str, dict]:
    return {o["rule_id"]: o for o in crawl.document["outcomes"]}


def lacking(version: int) -> set[str]:
    """The LOSI indicators whose municipal content `version` does not carry (demo/catalogue.yaml)."""
    return {item.indicator for item in content() if version not in item.versions}


def losi_answers(crawl: DemoCrawl) -> dict[str, str]:
    card = next(c for c in crawl.document["scorecards"] if c["methodology"] == "un-losi")
    return {indicator["id"]: indicator["answer"] for indicator in card["indicators"]}


def test_every_detected_by_names_a_rule_of_the_kz_profile() -> None:
    for defect in catalogue():
        assert set(defect.detected_by) <= KZ_RULES, defect.id


@pytest.mark.parametrize("version", [1, 2, 3])
def test_every_catalogued_defect_is_reported_with_its_evidence(demo_crawls: dict[int, DemoCrawl], version: int) -> None:
    crawl = demo_crawls[version]
    outcomes = outcomes_by_rule(crawl)
    for defect in defects(version):
        for rule_id, paths in defect.detected_by.items():
            outcome = outcomes[rule_id]
            assert outcome["outcome"] == "fail", (defect.id, rule_id)
            reported = {where(e["url"]) for e in outcome["evidence"]}
            assert set(paths) <= reported, f"{defect.id}: {rule_id} names no evidence at {paths}"
            if defect.kind == "broken-link":
                evidence = next(e for e in outcome["evidence"] if where(e["url"]) == defect.path)
                for source in defect.linked_from:
                    assert f"{crawl.base_url}{source}" in evidence["detail"], (defect.id, source)


@pytest.mark.parametrize("version", [1, 2, 3])
def test_no_false_failure_on_defect_free_pages(demo_crawls: dict[int, DemoCrawl], version: int) -> None:
    crawl = demo_crawls[version]
    planted = defects(version)
    for outcome in crawl.document["outcomes"]:
        assert outcome["outcome"] != "error", outcome
        if outcome["outcome"] != "fail" or outcome["rule_id"] in ("median-response-time", "p95-response-time"):
            continue  # site-wide figures: their evidence lists the slowest pages, not failures
        if outcome["review"]:
            continue  # the auditor's checklist (axe-core's "needs review"): not a failure of the portal
        cited = {ref["item"] for ref in outcome["refs"] if ref["source"] == "un-losi"}
        if outcome["weight"] == 0 and cited and cited <= lacking(version):
            continue  # scorecard-only: content the version lacks on purpose (the catalogue's content)
        expected = {path for d in planted for path in d.detected_by.get(outcome["rule_id"], ())}
        reported = {where(e["url"]) for e in outcome["evidence"]}
        assert expected, f"{outcome['rule_id']} fails, but no catalogued defect explains it: {reported}"
        assert reported == expected, outcome["rule_id"]


@pytest.mark.parametrize("version", [1, 2, 3])
def test_counts_of_broken_links_and_errors_match_the_catalogue(demo_crawls: dict[int, DemoCrawl], version: int) -> None:
    crawl = demo_crawls[version]
    planted = defects(version)
    broken = {d.path for d in planted if d.kind in ("broken-link", "server-error")}
    assert {urlsplit(b["url"]).path for b in crawl.document["broken_links"]} == broken
    assert crawl.document["counts"]["errors"] == len(broken)
    assert crawl.document["counts"]["broken_links"] == len(broken)


def test_versions_change_over_time(demo_crawls: dict[int, DemoCrawl]) -> None:
    index = [demo_crawls[v].document["scores"]["openness_index"] for v in (1, 2, 3)]
    assert len(set(index)) > 1, "the three versions should not score alike"
    ids = [{d.id for d in defects(v)} for v in (1, 2, 3)]
    assert ids[0] - ids[1] and ids[1] - ids[0], "version 2 fixes some defects and brings new ones"
    assert ids[1] - ids[2] and ids[2] - ids[1], "version 3 fixes some defects and brings new ones"


@pytest.mark.parametrize("version", [1, 2, 3])
def test_losi_indicators_follow_the_municipal_content(demo_crawls: dict[int, DemoCrawl], version: int) -> None:
    answers = losi_answers(demo_crawls[version])
    for item in content():
        expected = "met" if version in item.versions else "not_met"
        assert answers[item.indicator] == expected, (item.id, item.indicator)


def test_losi_scorecard_rises_and_falls(demo_crawls: dict[int, DemoCrawl]) -> None:
    met = [{i for i, answer in losi_answers(demo_crawls[v]).items() if answer == "met"} for v in (1, 2, 3)]
    assert len(met[0]) < len(met[1]) < len(met[2]), "each version meets more of LOSI"
    assert met[1] - met[2], "version 3 loses an indicator version 2 met"
