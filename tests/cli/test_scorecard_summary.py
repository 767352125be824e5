"""cli/scorecard_summary.py and its place in the summaries of `check` and `run`: the Scorecards
block, scorecard-only rules (weight 0) apart from the failures that move scores, and `run`'s
table of each portal's scorecards with the reviews recorded for it."""

from __future__ import annotations

import dataclasses
import io
from datetime import UTC, datetime
from pathlib import Path

from rich.console import Console

from egov_audit.audits.methodology_catalog import catalog
from egov_audit.audits.model import Outcome, RuleOutcome, RunStatus
from egov_audit.audits.reviews import Review
from egov_audit.audits.run_facts import run_facts
from egov_audit.audits.scorecards import scorecard, scorecards
from egov_audit.cli.run import run_scorecards
from egov_audit.cli.scorecard_summary import criteria_table, portals_table, scorecard_line
from egov_audit.cli.summary import print_summary
from egov_audit.cli.terminal import Terminal
from egov_audit.crawler.model import StopReason
from egov_audit.run.batch_results import PortalResult
from egov_audit.run.config_file import PortalEntry
from egov_audit.run.portal_process import portal_key
from egov_audit.store.database import Store
from egov_audit.store.reviews import PortalReview, add_reviews
from tests.conftest import run_cli
from tests.portals import Reply, serve_app
from tests.reports.sample_results import sample_result
from tests.schedules import write_config


def captured() -> tuple[Terminal, io.StringIO]:
    out = io.StringIO()
    return Terminal(out=Console(file=out, width=200, highlight=False), err=Console(file=io.StringIO())), out


def losi_outcome(rule_id: str, result: Outcome, *items: str, weight: float = 1.0) -> RuleOutcome:
    score = {Outcome.PASS: 1.0, Outcome.FAIL: 0.0}.get(result)
    refs = tuple(("un-losi", item) for item in items)
    return RuleOutcome(
        rule_id, f"Title of {rule_id}", "transparency", weight, result, f"{rule_id} {result}", refs=refs, score=score
    )


def automated_losi(count: int) -> list[str]:
    return [i.id for i in catalog()["un-losi"].indicators if i.status == "automated"][:count]


def test_a_methodology_in_one_line() -> None:
    passed, failed = automated_losi(3)[:2], automated_losi(3)[2]
    card = scorecard(
        catalog()["un-losi"], [losi_outcome("p", Outcome.PASS, *passed), losi_outcome("f", Outcome.FAIL, failed)]
    )
    assert scorecard_line(card) == (
        "UN Local Online Service Index (LOSI): 2 of 86 indicators met (2.3%, low); by rules 2, by review 0; "
        "not met 1; unknown 83"
    )


def test_a_methodology_without_levels_shows_its_share_alone() -> None:
    card = next(c for c in scorecards([]) if not c.methodology.levels)
    assert f"0 of {card.total} indicators met (0.0%); by rules 0" in scorecard_line(card)


def test_the_table_has_a_total_row_per_methodology_and_its_criteria() -> None:
    cards = scorecards([losi_outcome("p", Outcome.PASS, *automated_losi(1))])
    table = criteria_table(cards)
    column = {c.header: [str(cell) for cell in c.cells] for c in table.columns}
    expected = []
    for card in cards:  # a methodology of one criterion: its total row says it all
        expected += [card.methodology.title] + [
            f"  {c.criterion.title}" for c in card.criteria if len(card.criteria) > 1
        ]
    assert column["methodology and criterion"] == expected
    assert (column["met"][0], column["by rules"][0], column["unknown"][0], column["of"][0]) == ("1", "1", "85", "86")


def test_the_summary_shows_scorecards_and_keeps_scorecard_only_rules_apart() -> None:
    result = sample_result()
    key = automated_losi(1)[0]
    only = losi_outcome("losi-scorecard-only", Outcome.FAIL, key, weight=0.0)
    unchecked = [losi_outcome(f"losi-error-{n}", Outcome.ERROR, key, weight=0.0) for n in range(2)]
    result = dataclasses.replace(result, outcomes=[*result.outcomes, only, *unchecked])
    terminal, out = captured()
    print_summary(terminal, result, run_facts(result), None)
    text = out.getvalue()
    assert "Scorecards:\n- UN Local Online Service Index (LOSI): 0 of 86 indicators met (0.0%, low)" in text
    assert "not met 1; unknown 85" in text
    assert "Scorecards by criterion" in text
    assert "1 scorecard-only rule fails: see Scorecards" in text
    failing = text.split("Rules that fail", 1)[1].split("Rules that could not be checked", 1)[0]
    assert "no-broken-internal-links" in failing and "losi-scorecard-only" not in failing
    assert "2 scorecard-only rules could not be checked: see Scorecards" in text
    transparency = next(line for line in text.splitlines() if line.startswith("│ transparency"))
    assert [cell.strip() for cell in transparency.strip("│").split("│")][3:7] == ["0", "0", "1", "0"]  # as before
    assert "tls-valid" in text and "losi-error" not in text


def test_the_summary_takes_the_scorecards_it_is_given() -> None:
    result = sample_result()
    cards = scorecards([losi_outcome("p", Outcome.PASS, *automated_losi(2))])
    terminal, out = captured()
    print_summary(terminal, result, run_facts(result), None, cards)
    assert "UN Local Online Service Index (LOSI): 2 of 86 indicators met" in out.getvalue()
    assert "scorecard-only" not in out.getvalue()


def test_the_run_table_has_a_row_per_portal_and_methodology() -> None:
    cards = scorecards([losi_outcome("p", Outcome.PASS, *automated_losi(2))])
    table = portals_table([("Akimat A", 4, cards), ("Akimat B", 5, scorecards([]))])
    column = {c.header: [str(cell) for cell in c.cells] for c in table.columns}
    scored = [m for m in catalog().values() if m.scorecard]
    assert column["portal"] == ["Akimat A #4"] + [""] * (len(scored) - 1) + ["Akimat B #5"] + [""] * (len(scored) - 1)
    assert column["methodology"] == [m.id for m in scored] * 2
    first = {name: cells[0] for name, cells in column.items()}
    assert first == {
        "portal": "Akimat A #4",
        "methodology": "un-losi",
        "met": "2",
        "of": "86",
        "share": "2.3%, low",
        "by rules": "2",
        "by review": "0",
        "not met": "0",
        "unknown": "84",
    }


def home(path: str) -> Reply:
    if path == "/":
        return Reply(200, "<html lang='en'><title>Akimat</title><main><h1>Akimat</h1></main></html>")
    return Reply(404, "not here")


def test_run_ends_with_each_portals_scorecards(tmp_path: Path) -> None:
    """One run end to end (the reviews it counts: the test below, without a crawl)."""
    with serve_app(home) as portal:
        config = write_config(tmp_path, [{"name": "Akimat A", "url": f"{portal.base_url}/", "max_pages": 3}])
        done = run_cli("run", str(config), "--no-report", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.index("Results") < done.stdout.index("Scorecards")
    row = next(line for line in done.stdout.splitlines() if "Akimat A #1" in line and "un-losi" in line)
    cells = [cell.strip() for cell in row.strip("│").split("│")]
    assert (cells[1], cells[3], cells[6]) == ("un-losi", "86", "0")  # of 86, none by review
    assert int(cells[2]) == int(cells[5]) > 0  # the home page meets some indicators, all by rules


def test_run_scores_each_audited_portal_with_the_reviews_that_apply(tmp_path: Path) -> None:
    """cli/run.py's wiring without a crawl: a stored run's outcomes and the portal's recorded reviews."""
    manual = next(i.id for i in catalog()["un-losi"].indicators if i.status == "manual")
    store = Store(f"sqlite:///{tmp_path / 's.sqlite'}")
    try:
        url = "http://127.0.0.1:9/"
        run_id = store.start_run(portal_key(url), "Akimat A", url, "0.2.0", "digest", {})
        outcomes = [losi_outcome("p", Outcome.PASS, *automated_losi(2))]
        store.finish_run(run_id, RunStatus.COMPLETE, StopReason.FINISHED, outcomes, [], None)
        failed = store.start_run(portal_key(url), "Akimat A", url, "0.2.0", "digest", {})
        store.finish_run(failed, RunStatus.FAILED, None, [], [], None)
        answer = Review("un-losi", manual, True, "auditor", datetime(2026, 3, 2, tzinfo=UTC), "")
        add_reviews(store, [PortalReview(portal_key(url), run_id, answer)])
        entry = PortalEntry(name="Akimat A", url=url)
        results = [
            PortalResult(entry, "complete", store.run(run_id), "", None, None, None),
            PortalResult(entry, "failed", store.run(failed), "", None, None, None),  # no outcomes: no scorecard
            PortalResult(entry, "skipped", None, "audited elsewhere", None, None, None),
        ]
        scored = run_scorecards(store, results)
    finally:
        store.close()
    assert [(name, number) for name, number, _cards in scored] == [("Akimat A", run_id)]
    losi = scored[0][2][0]
    assert (losi.methodology.id, losi.met, losi.met_by_rules, losi.met_by_review) == ("un-losi", 3, 2, 1)
