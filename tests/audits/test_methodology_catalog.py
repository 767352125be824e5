"""The methodologies' indicator lists (rules/methodologies/): complete where the methodology says how
many it has, each indicator's status true to the rules that serve it, and a wrong file named precisely."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from egov_audit.audits.methodology_catalog import catalog, read_methodology
from egov_audit.audits.rule_schema import RuleFileError
from egov_audit.audits.rulebook import load_pack, shipped_rule_files


def _citing() -> dict[tuple[str, str], list[bool]]:
    """(methodology, indicator) -> for each shipped rule citing it, whether it awaits review."""
    found: dict[tuple[str, str], list[bool]] = {}
    for path, label in shipped_rule_files():
        for rule in load_pack(path, label):
            for ref in rule.spec.refs:
                found.setdefault((ref.source, ref.item), []).append(rule.spec.review)
    return found


def test_losi_lists_its_86_indicators_in_five_criteria() -> None:
    losi = catalog()["un-losi"]
    assert [(c.id, len(c.indicators)) for c in losi.criteria] == [
        ("institutional-framework", 8),
        ("content-provision", 25),
        ("services-provision", 18),
        ("participation-and-engagement", 17),
        ("technology", 18),
    ]
    assert [level.name for level in losi.levels] == ["very high", "high", "middle", "low"]
    assert losi.level(0.76).name == "very high" and losi.level(0.75).name == "high"  # "more than 75 %"
    assert losi.level(0.0).name == "low"


def test_an_automated_indicator_has_a_deciding_rule_and_a_manual_one_none() -> None:
    citing = _citing()
    for methodology in catalog().values():
        for indicator in methodology.indicators:
            reviews = citing.get((methodology.id, indicator.id), [])
            where = f"{methodology.id}: {indicator.id}"
            if indicator.status == "automated":
                assert False in reviews, f"{where} is automated but no rule decides it"
            elif indicator.status == "manual":
                assert not reviews, f"{where} is manual but rules cite it"
            if methodology.scorecard and indicator.status != "automated":
                assert indicator.question, f"{where} needs the question a reviewer answers"


def test_a_wrong_methodology_file_is_named_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "made-up.yaml"
    path.write_text(
        "methodology: made-up\ntitle: T\nurl: https://example.org\nlabels: ours\ncriteria:\n"
        "  - id: c\n    title: C\n    indicators:\n      - {id: a, label: A, status: automatic}\n",
        encoding="utf-8",
    )
    with pytest.raises(
        RuleFileError, match=r"rules/methodologies/made-up\.yaml:9: criteria\[0\]\.indicators\[0\]\.status"
    ):
        read_methodology(path)
    path.write_text(path.read_text().replace("automatic", "automated").replace("made-up\n", "other\n", 1))
    with pytest.raises(RuleFileError, match=r":1: methodology: 'other' must be the file's name, 'made-up'"):
        read_methodology(path)


def test_losi_labels_checked_against_the_un_are_marked_so() -> None:
    losi = catalog()["un-losi"]
    participation = next(c for c in losi.criteria if c.id == "participation-and-engagement")
    assert all(i.confirmed for i in participation.indicators)  # all 17 shown in the 2022 Survey's figure 3.10
    assert losi.indicator("council-meetings").label == "information on the public meetings of the municipal council"
    assert not losi.indicator("secure-connection").confirmed  # no UN source seen: said so


def test_osi_lists_its_six_modules_with_the_un_question_codes() -> None:
    osi = catalog()["un-osi"]
    assert [c.id for c in osi.criteria] == [
        "institutional-framework",
        "content-provision",
        "services-provision",
        "e-participation",
        "technology",
        "e-government-literacy",
    ]
    codes = {i.id: i.code for i in osi.indicators}
    assert codes["privacy-statement"] == "014" and codes["e-petition"] == "323" and codes["mobile-access"] == "071"
    assert codes["chief-information-officer"] == "337" and codes["usability"] == "003"
    uncoded = {key for key, code in codes.items() if code is None}
    assert uncoded == {"portal-availability", "links-to-ministries", "sector-policies"}
    assert all(re.fullmatch(r"\d{2}[0-9a]([a-z]?(-\d{0,3}[a-z]?)?)?", code) for code in codes.values() if code), codes
    # the secondary source is said honestly; laws and a national CIO cannot be seen on a portal
    assert not any(i.confirmed for i in osi.indicators)
    assert {i.id for i in osi.indicators if i.status == "manual"} == {
        "e-participation-policy",
        "chief-information-officer",
        "right-to-information-law",
        "data-protection-law",
        "cybersecurity-law",
    }


def test_eu_benchmark_lists_its_four_top_level_benchmarks() -> None:
    benchmark = catalog()["eu-egov-benchmark"]
    criteria = {c.id: {i.id for i in c.indicators} for c in benchmark.criteria}
    assert list(criteria) == ["user-centricity", "transparency", "cross-border-services", "key-enablers"]
    assert criteria["user-centricity"] == {"online-availability", "user-support", "mobile-friendliness"}
    assert {"transparency-of-service-delivery", "transparency-of-personal-data", "transparency-of-service-design"} <= (
        criteria["transparency"]
    )
    assert criteria["key-enablers"] == {"eid", "edocuments", "pre-filled-forms", "digital-post"}


def test_wad_lists_article_4s_principles_and_article_7s_statement_contents() -> None:
    wad = catalog()["eu-wad"]
    criteria = {c.id: {i.id for i in c.indicators} for c in wad.criteria}
    assert list(criteria) == ["article-4", "article-7"]
    assert {f"article-4-{p}" for p in ("perceivable", "operable", "understandable", "robust")} <= criteria["article-4"]
    assert {
        "article-7-accessibility-statement",
        "article-7-non-accessible-content",
        "article-7-feedback-mechanism",
        "article-7-enforcement-procedure",
        "article-7-reviewed-yearly",
        "article-7-reachable-from-every-page",
    } <= criteria["article-7"]


def test_wcag22_lists_every_level_a_and_aa_success_criterion() -> None:
    """WCAG 2.2 has 56 success criteria at levels A and AA; 4.1.1 Parsing is obsolete and left out."""
    wcag = catalog()["wcag22"]
    assert not wcag.scorecard
    assert [(c.id, len(c.indicators)) for c in wcag.criteria] == [("level-a", 31), ("level-aa", 24)]
    numbers = [i.id for i in wcag.indicators]
    assert len(set(numbers)) == 55 and "4.1.1" not in numbers
    assert {"2.4.11", "2.5.7", "2.5.8", "3.2.6", "3.3.7", "3.3.8"} <= set(numbers)  # new in 2.2
    assert {"1.4.6", "2.4.9", "2.4.12", "3.3.9"}.isdisjoint(numbers)  # level AAA
    assert all(i.label.startswith(f"{i.id} ") for i in wcag.indicators)
    assert all(i.question for i in wcag.indicators if i.status == "review")


def test_kz_lists_the_orders_requirements_with_the_ids_the_kz_rules_cite() -> None:
    order = catalog()["kz-124nq"]
    ids = {i.id for i in order.indicators}
    assert {
        "site-availability",
        "news-updated-daily",
        "sections-updated-within-3-working-days",
        "any-section-within-3-clicks",
        "documents-as-web-pages-and-downloads-with-dates",
    } <= ids
    assert {"responsive-design", "st-rk-2191", "public-services-links"} <= ids
