"""Trends from stored runs: series, change, uptime, new / fixed / persisting / unstable findings,
regressions, instrument changes and the ranking, on runs written to a real store."""

from __future__ import annotations

from pathlib import Path

import pytest

from egov_audit.audits.model import CrawlCoverage, Evidence, Outcome, PillarScore, RuleOutcome, RunStatus
from egov_audit.audits.notes import note
from egov_audit.crawler.model import AxeFinding, AxeResult, FetchKind, PageSnapshot, StopReason
from egov_audit.store.database import Store
from egov_audit.store.history import OPENNESS, Finding, all_histories, portal_history, ranking, series_names

HOME = "http://p.test/"


def record_run(
    store: Store,
    key: str,
    openness: float | None,
    failing: tuple[str, ...] = (),
    violations: tuple[str, ...] = (),
    home_status: int = 200,
    axe_version: str = "4.10.2",
    status: RunStatus = RunStatus.COMPLETE,
    fonts: str = "50 faces sha256:0123456789ab",
    low_coverage: str = "",  # the pages a thin crawl reached
    country: str | None = None,
    tags: dict[str, str] | None = None,
) -> int:
    """A run with a home page, failing rules (one page each) and axe violations (one element each)."""
    config = {"instrument": {"axe_core": axe_version, "chromium": "156.0.1", "fonts": fonts}}
    run_id = store.start_run(key, key.title(), HOME, "0.2.0", "digest", config, country=country, tags=tags)
    store.add_pages(run_id, [PageSnapshot(url=HOME, kind=FetchKind.PAGE, status=home_status, depth=0)])
    findings = tuple(AxeFinding(rule, "serious", ("wcag2a",), (f"#{rule}",), "<x>", rule, "u") for rule in violations)
    store.set_axe(run_id, {HOME: AxeResult(sample_reason="home page", findings=findings, passes=3)})
    outcomes = [
        RuleOutcome(rule, rule, "transparency", 1, Outcome.FAIL, "missing", (Evidence(f"{HOME}{rule}/", "x"),))
        for rule in failing
    ]
    scores = [PillarScore("transparency", openness, 1, len(failing), 0, 0)] if openness is not None else []
    reasons = (note("no_links", pages=int(low_coverage), min=10),) if low_coverage else ()
    coverage = CrawlCoverage(pages=40, links=80, links_off_site=2, reasons=reasons)
    store.finish_run(run_id, status, StopReason.FINISHED, outcomes, scores, openness, None, coverage)
    return run_id


@pytest.fixture
def store(tmp_path: Path) -> Store:
    return Store(f"sqlite:///{tmp_path / 'h.sqlite'}")


def rules_of(findings: tuple[Finding, ...]) -> list[str]:
    return sorted(f.rule_id for f in findings)


def test_series_change_uptime_and_new_fixed_persisting(store: Store) -> None:
    record_run(store, "p", 50.0, failing=("a", "b"), violations=("image-alt",))
    record_run(store, "p", None, home_status=503, status=RunStatus.FAILED)
    record_run(store, "p", 62.5, failing=("b", "c"), violations=("image-alt", "label"))
    history = portal_history(store, "p")
    assert history.series(OPENNESS) == (50.0, None, 62.5)
    assert history.change_since_previous[OPENNESS] == 12.5  # a failed run has no score to compare with
    assert history.change_since_first[OPENNESS] == 12.5
    assert history.uptime == pytest.approx(2 / 3)
    first, latest = history.diffs
    assert rules_of(first.persisting) == ["a", "b", "image-alt"] and first.previous_run_id is None
    assert rules_of(latest.new) == ["c", "label"]
    assert rules_of(latest.fixed) == ["a"]
    assert rules_of(latest.persisting) == ["b", "image-alt"]


def test_a_finding_that_comes_and_goes_is_unstable_not_new_and_fixed(store: Store) -> None:
    for failing in (("flaky", "steady"), ("steady",), ("flaky", "steady"), ("steady",)):
        record_run(store, "p", 70.0, failing=failing)
    latest = portal_history(store, "p").diffs[-1]
    assert rules_of(latest.unstable) == ["flaky"]
    assert latest.fixed == () and latest.new == ()
    assert rules_of(latest.persisting) == ["steady"]


def test_regressions_and_instrument_changes_are_marked(store: Store) -> None:
    record_run(store, "p", 80.0)
    record_run(store, "p", 78.0)
    record_run(store, "p", 60.0, axe_version="4.11.0")
    history = portal_history(store, "p", regression_points=5)
    assert [(r.series, r.before, r.after) for r in history.regressions] == [
        (OPENNESS, 78.0, 60.0),
        ("transparency", 78.0, 60.0),
    ]
    assert history.breaks == (2,)
    assert history.points[2].instrument_change == "axe-core 4.10.2 → 4.11.0"


def test_new_fonts_are_a_new_instrument(store: Store) -> None:
    # Text wraps by the fonts: a region may overflow, a target shrink, with nothing changed on the portal.
    record_run(store, "p", 80.0)
    record_run(store, "p", 80.0, fonts="52 faces sha256:ba9876543210")
    history = portal_history(store, "p")
    assert history.breaks == (1,)
    assert history.points[1].instrument_change == "fonts 50 faces sha256:0123456789ab → 52 faces sha256:ba9876543210"


def test_ranking_shares_ranks_on_ties_and_lists_unscored_portals_last(store: Store) -> None:
    record_run(store, "alpha", 70.0)
    record_run(store, "beta", 90.0)
    record_run(store, "gamma", 70.0)
    record_run(store, "delta", None, home_status=500, status=RunStatus.FAILED)
    record_run(store, "alpha", 40.0)  # only the latest run counts
    rows = [(r.rank, r.tied, r.key, r.openness) for r in ranking(all_histories(store))]
    assert rows == [
        (1, False, "beta", 90.0),
        (2, False, "gamma", 70.0),
        (3, False, "alpha", 40.0),
        (None, False, "delta", None),
    ]


def test_ties_share_a_rank(store: Store) -> None:
    for key, score in (("a", 70.0), ("b", 90.0), ("c", 70.0), ("d", 50.0)):
        record_run(store, key, score)
    rows = [(r.rank, r.tied, r.key) for r in ranking(all_histories(store))]
    assert rows == [(1, False, "b"), (2, True, "a"), (2, True, "c"), (4, False, "d")]


def test_a_portal_without_runs_that_ended_has_an_empty_history(store: Store) -> None:
    store.start_run("p", "P", HOME, "0.2.0", "digest", {})
    history = portal_history(store, "p")
    assert history.points == () and history.uptime is None and history.diffs == ()
    assert history.change_since_previous[OPENNESS] is None


def test_a_pillar_a_pack_added_is_a_series_of_its_own_after_the_shipped_ones(store: Store) -> None:
    run_id = store.start_run("p", "P", HOME, "0.2.0", "digest", {})
    store.add_pages(run_id, [PageSnapshot(url=HOME, kind=FetchKind.PAGE, status=200, depth=0)])
    scores = [PillarScore("open_data", 40.0, 1, 1, 0, 0), PillarScore("trust", 80.0, 1, 0, 0, 0)]
    store.finish_run(run_id, RunStatus.COMPLETE, StopReason.FINISHED, [], scores, 60.0)
    history = portal_history(store, "p")
    assert history.series_names[0] == OPENNESS and history.series_names[-1] == "open_data"
    assert history.series("open_data") == (40.0,) and history.series("trust") == (80.0,)
    assert series_names([history]) == history.series_names


def test_only_comparable_runs_are_ranked_and_the_others_say_why(store: Store) -> None:
    record_run(store, "full", 60.0)
    record_run(store, "thin", 95.0, low_coverage="5")
    record_run(store, "dead", 90.0)
    record_run(
        store, "dead", None, home_status=503, status=RunStatus.UNREACHABLE
    )  # a score of last week is not today's
    record_run(store, "blind", None)  # no index: a pillar could not be scored
    rows = {r.key: r for r in ranking(all_histories(store))}
    assert [(r.rank, r.key) for r in ranking(all_histories(store)) if r.rank is not None] == [(1, "full")]
    assert rows["thin"].unranked == ("low coverage", note("no_links", pages=5, min=10).words())
    assert rows["dead"].unranked == ("unreachable", "the start URL gave no page to audit")
    assert rows["blind"].unranked == ("no index", "no pillar could be scored")
    assert rows["thin"].openness is None and rows["dead"].openness is None


def test_the_trend_and_its_changes_stand_on_comparable_runs_only(store: Store) -> None:
    record_run(store, "p", 50.0, failing=("a", "b"))
    record_run(store, "p", 95.0, failing=("a",), low_coverage="3")
    record_run(store, "p", None, home_status=503, status=RunStatus.UNREACHABLE)
    record_run(store, "p", 52.0, failing=("a", "b"))
    history = portal_history(store, "p")
    assert history.series(OPENNESS) == (50.0, None, None, 52.0)
    assert history.change_since_previous[OPENNESS] == 2.0
    assert history.uptime == pytest.approx(3 / 4)
    # The thin run's missing "b" is not a fix, nor its return a new failure.
    first, latest = history.diffs
    assert latest.previous_run_id == first.run_id and latest.new == latest.fixed == ()
    assert history.regressions == ()
