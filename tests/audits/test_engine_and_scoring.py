"""The engine's scopes and the scoring rules, on hand-built snapshots."""

from __future__ import annotations

from pathlib import Path

from egov_audit.audits.engine import evaluate, named_pages
from egov_audit.audits.model import Outcome, RuleOutcome
from egov_audit.audits.rulebook import RuleSet, load_pack
from egov_audit.audits.scoring import openness_index, pillar_scores
from egov_audit.crawler.model import Link, PageSnapshot, SiteSnapshot

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


def test_home_scope_errors_when_the_home_page_is_down(tmp_path: Path) -> None:
    site = SiteSnapshot(start_url=f"{BASE}/", pages=[PageSnapshot(url=f"{BASE}/", status=500)])
    outcomes = {o.rule_id: o for o in evaluate(rules(tmp_path), site)}
    assert outcomes["fast-home"].outcome is Outcome.ERROR


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


def outcome(pillar: str, result: Outcome, weight: float = 1.0) -> RuleOutcome:
    return RuleOutcome("r", "t", pillar, weight, result, "")


def test_pillar_score_is_the_weighted_share_of_decided_rules() -> None:
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


def test_a_pillar_with_only_errors_has_no_score_and_the_index_skips_it() -> None:
    scores = pillar_scores([outcome("availability", Outcome.ERROR), outcome("trust", Outcome.PASS)])
    assert [s.score for s in scores] == [None, 100.0]
    assert openness_index(scores) == 100.0
    assert openness_index([]) is None


def test_openness_index_is_the_mean_of_pillar_scores() -> None:
    scores = pillar_scores([outcome("availability", Outcome.PASS), outcome("trust", Outcome.FAIL)])
    assert openness_index(scores) == 50.0
