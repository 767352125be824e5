"""The engine's scopes and the scoring rules, on hand-built snapshots."""

from __future__ import annotations

from pathlib import Path

from egov_audit.audits.engine import evaluate, named_pages
from egov_audit.audits.model import Outcome, RuleOutcome
from egov_audit.audits.rulebook import RuleSet, load_pack
from egov_audit.audits.scoring import OpennessIndex, index_pillars, openness_index, pillar_scores
from egov_audit.crawler.model import AxeFinding, AxeResult, Link, PageSnapshot, SiteSnapshot

BASE = "http://portal.test"

PACK = """
pack: t
pillar: availability
rules:
  - {id: fast-home, title: t, help: h, check: response_time_under, scope: home, params: {max_seconds: 1}}
  - {id: fast-everywhere, title: t, help: h, check: response_time_under, scope: every_page, weight: 2,
     params: {max_seconds: 1}}
  - {id: fast-somewhere, title: t, help: h, check: response_time_under, scope: any_page, params: {max_seconds: 1}}
"""


def rules(tmp_path: Path) -> RuleSet:
    path = tmp_path / "t.yaml"
    path.write_text(PACK, encoding="utf-8")
    return RuleSet(rules=tuple(load_pack(path, "t.yaml")), digest="test")


def test_scopes(tmp_path: Path) -> None:
    site = SiteSnapshot(
        start_url=f"{BASE}/",
        pages=[
            PageSnapshot(
                url=f"{BASE}/", status=200, content_type="text/html", elapsed=0.2, links=(Link(f"{BASE}/slow/"),)
            ),
            PageSnapshot(url=f"{BASE}/slow/", status=200, content_type="text/html", elapsed=3.0),
        ],
    )
    outcomes = {o.rule_id: o for o in evaluate(rules(tmp_path), site)}
    assert outcomes["fast-home"].outcome is Outcome.PASS
    assert outcomes["fast-everywhere"].outcome is Outcome.FAIL
    assert outcomes["fast-everywhere"].summary == "1 of 2 pages fail (50.0% pass)."
    assert [e.url for e in outcomes["fast-everywhere"].evidence] == [f"{BASE}/slow/"]
    assert outcomes["fast-somewhere"].outcome is Outcome.PASS


def test_home_scope_has_nothing_to_examine_when_the_home_page_is_down(tmp_path: Path) -> None:
    site = SiteSnapshot(start_url=f"{BASE}/", pages=[PageSnapshot(url=f"{BASE}/", status=500)])
    outcomes = {o.rule_id: o for o in evaluate(rules(tmp_path), site)}
    assert outcomes["fast-home"].outcome is Outcome.NOT_APPLICABLE


NAMING_PACK = """
pack: n
pillar: transparency
rules:
  - {id: contacts-linked, title: t, help: h, check: link_present, scope: home, params: {text: [contacts]}}
  - {id: fast-home, title: t, help: h, pillar: availability, check: response_time_under, scope: home,
     params: {max_seconds: 1}}
"""


def test_the_pages_rules_point_at_are_named_after_redirects_with_their_rule(tmp_path: Path) -> None:
    path = tmp_path / "n.yaml"
    path.write_text(NAMING_PACK, encoding="utf-8")
    rules = RuleSet(rules=tuple(load_pack(path, "n.yaml")), digest="test")
    home = PageSnapshot(
        url=f"{BASE}/", status=200, content_type="text/html", links=(Link(f"{BASE}/c", "Contacts"), Link(f"{BASE}/x"))
    )
    moved = PageSnapshot(url=f"{BASE}/c", status=301, location=f"{BASE}/contacts/")
    contacts = PageSnapshot(url=f"{BASE}/contacts/", status=200, content_type="text/html")
    site = SiteSnapshot(start_url=f"{BASE}/", pages=[home, moved, contacts])
    # Only a check that finds pages by their links names any: response_time_under names none.
    assert named_pages(rules, site) == [(f"{BASE}/contacts/", "named by rule contacts-linked")]


def outcome(pillar: str, result: Outcome, weight: float = 1.0, score: float | None = None) -> RuleOutcome:
    decided = result in (Outcome.PASS, Outcome.FAIL)
    value = score if score is not None else (float(result is Outcome.PASS) if decided else None)
    return RuleOutcome("r", "t", pillar, weight, result, "", score=value)


def test_pillar_score_is_the_weighted_mean_of_decided_rules() -> None:
    (score,) = pillar_scores(
        [
            outcome("availability", Outcome.PASS, 3),
            outcome("availability", Outcome.FAIL, 1),
            outcome("availability", Outcome.ERROR, 5),
            outcome("availability", Outcome.NOT_APPLICABLE, 5),
        ]
    )
    assert score.score == 75.0
    assert (score.passed, score.failed, score.errors, score.not_applicable) == (1, 1, 1, 1)


def test_a_rule_over_many_pages_adds_its_share_not_all_or_nothing() -> None:
    # One bad page in 300 on a weight-3 rule beside a passing weight-1 rule: 99.75, not 25.
    (score,) = pillar_scores(
        [outcome("accessibility", Outcome.FAIL, 3, score=299 / 300), outcome("accessibility", Outcome.PASS, 1)]
    )
    assert score.score == 99.8


def test_review_rules_weigh_nothing() -> None:
    review = RuleOutcome("r", "t", "inclusion", 5.0, Outcome.FAIL, "", review=True, score=0.0)
    (score,) = pillar_scores([review, outcome("inclusion", Outcome.PASS)])
    assert score.score == 100.0


def test_a_run_missing_a_pillar_has_no_index_and_says_which_and_why() -> None:
    outcomes = [
        outcome("availability", Outcome.PASS),
        RuleOutcome("axe", "t", "accessibility", 3.0, Outcome.NOT_APPLICABLE, "The page was not rendered."),
        outcome("trust", Outcome.FAIL),
    ]
    index = openness_index(pillar_scores(outcomes), outcomes)
    assert index.value is None
    assert index.gaps == (("accessibility", "every rule not applicable: The page was not rendered."),)


def test_a_pillar_with_only_errors_leaves_the_run_without_an_index() -> None:
    outcomes = [RuleOutcome("r", "t", "availability", 1.0, Outcome.ERROR, "boom"), outcome("trust", Outcome.PASS)]
    index = openness_index(pillar_scores(outcomes), outcomes)
    assert index.value is None and index.gaps == (("availability", "errors: boom"),)
    assert openness_index([], []).value is None


def test_openness_index_is_the_mean_of_the_index_pillars() -> None:
    outcomes = [outcome("availability", Outcome.PASS), outcome("trust", Outcome.FAIL)]
    assert openness_index(pillar_scores(outcomes), outcomes) == OpennessIndex(50.0)


def test_a_pillar_of_review_rules_only_is_not_an_index_pillar() -> None:
    review = RuleOutcome("r", "t", "inclusion", 1.0, Outcome.FAIL, "", review=True, score=0.0)
    outcomes = [outcome("availability", Outcome.PASS), review]
    assert index_pillars(outcomes) == ("availability",)
    assert openness_index(pillar_scores(outcomes), outcomes).value == 100.0


SHARE_PACK = """
pack: s
pillar: trust
rules:
  - {id: headers-mostly, title: t, help: h, check: security_headers, scope: every_page, min_share: 0.9,
     params: {required: [x-frame-options]}}
  - {id: headers-all, title: t, help: h, check: security_headers, scope: every_page,
     params: {required: [x-frame-options]}}
"""


def html(path: str, **fields: object) -> PageSnapshot:
    return PageSnapshot(url=f"{BASE}{path}", status=200, content_type="text/html", **fields)  # type: ignore[arg-type]


def test_min_share_decides_the_outcome_and_the_share_is_the_score(tmp_path: Path) -> None:
    path = tmp_path / "s.yaml"
    path.write_text(SHARE_PACK, encoding="utf-8")
    ruleset = RuleSet(rules=tuple(load_pack(path, "s.yaml")), digest="t")
    good = (("x-frame-options", "DENY"),)
    pages = [html(f"/{n}/", headers=good) for n in range(19)] + [html("/bad/")]
    outcomes = {o.rule_id: o for o in evaluate(ruleset, SiteSnapshot(f"{BASE}/0/", pages))}
    assert outcomes["headers-mostly"].outcome is Outcome.PASS and outcomes["headers-mostly"].score == 0.95
    assert outcomes["headers-all"].outcome is Outcome.FAIL and outcomes["headers-all"].score == 0.95
    assert [e.url for e in outcomes["headers-all"].evidence] == [f"{BASE}/bad/"]


AXE_PACK = """
pack: a
pillar: accessibility
rules:
  - {id: level-a, title: t, help: h, check: axe_violations, scope: every_page, params: {levels: [A]}}
"""

ALT_FINDING = AxeFinding("image-alt", "critical", ("wcag2a", "wcag111"), ("img",), "<img>", "alt", "")


def test_a_sampled_rule_weighs_each_rendered_page_by_its_template(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(AXE_PACK, encoding="utf-8")
    ruleset = RuleSet(rules=tuple(load_pack(path, "a.yaml")), digest="t")
    clean, bad = AxeResult("sample"), AxeResult("sample", findings=(ALT_FINDING,))
    # Nine news pages of one template (two rendered, both clean) and a contacts page (rendered, failing).
    news = [html(f"/news/{n}/", axe=clean if n < 2 else None) for n in range(9)]
    pages = [*news, html("/contacts/", axe=bad)]
    (level_a,) = evaluate(ruleset, SiteSnapshot(f"{BASE}/contacts/", pages))
    # Unweighted, one of three rendered pages fails (67% pass); the portal is nine news pages in ten.
    assert level_a.outcome is Outcome.FAIL and level_a.score == 0.9
    assert "1 of 3 rendered pages fail; weighted by template, 90.0% pass" in level_a.summary
    # Every page rendered: the weights are all 1 and the share is the plain one.
    for page in news:
        page.axe = clean
    (level_a,) = evaluate(ruleset, SiteSnapshot(f"{BASE}/contacts/", pages))
    assert level_a.score == 0.9


ANY_PACK = """
pack: y
pillar: transparency
rules:
  - {id: phone-somewhere, title: t, help: h, check: text_present, scope: any_page, params: {patterns: [phone]}}
"""


def test_a_failing_any_page_rule_names_every_page_examined_and_what_it_lacked(tmp_path: Path) -> None:
    path = tmp_path / "y.yaml"
    path.write_text(ANY_PACK, encoding="utf-8")
    ruleset = RuleSet(rules=tuple(load_pack(path, "y.yaml")), digest="t")
    pages = [html("/a/", text="nothing here"), html("/b/", text="nor here")]
    (result,) = evaluate(ruleset, SiteSnapshot(f"{BASE}/a/", pages))
    assert result.outcome is Outcome.FAIL and result.summary == "None of the 2 pages examined passes."
    assert [(e.url, e.detail) for e in result.evidence] == [
        (f"{BASE}/a/", "Not found: phone."),
        (f"{BASE}/b/", "Not found: phone."),
    ]


def test_an_every_page_rule_that_applies_nowhere_says_why(tmp_path: Path) -> None:
    path = tmp_path / "a.yaml"
    path.write_text(AXE_PACK, encoding="utf-8")
    ruleset = RuleSet(rules=tuple(load_pack(path, "a.yaml")), digest="t")
    (result,) = evaluate(ruleset, SiteSnapshot(f"{BASE}/a/", [html("/a/"), html("/b/")]))
    assert result.outcome is Outcome.NOT_APPLICABLE and result.score is None
    assert result.summary == "Not applicable to any of 2 pages: The page was not rendered."
