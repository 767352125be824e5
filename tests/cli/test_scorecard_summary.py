"""cli/scorecard_summary.py and its place in the summary of `check`: the Scorecards block, and
scorecard-only rules (weight 0) apart from the failures that move scores."""

from __future__ import annotations

import dataclasses
import io

from rich.console import Console

from egov_audit.audits.methodology_catalog import catalog
from egov_audit.audits.model import Outcome, RuleOutcome
from egov_audit.audits.run_facts import run_facts
from egov_audit.audits.scorecards import scorecard, scorecards
from egov_audit.cli.scorecard_summary import criteria_table, scorecard_line
from egov_audit.cli.summary import print_summary
from egov_audit.cli.terminal import Terminal
from tests.reports.sample_results import sample_result


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
    result = dataclasses.replace(result, outcomes=[*result.outcomes, only])
    terminal, out = captured()
    print_summary(terminal, result, run_facts(result), None)
    text = out.getvalue()
    assert "Scorecards:\n- UN Local Online Service Index (LOSI): 0 of 86 indicators met (0.0%, low)" in text
    assert "not met 1; unknown 85" in text
    assert "Scorecards by criterion" in text
    assert "1 scorecard-only rule fails: see Scorecards" in text
    failing = text.split("Rules that fail", 1)[1].split("Rules that could not be checked", 1)[0]
    assert "no-broken-internal-links" in failing and "losi-scorecard-only" not in failing


def test_the_summary_takes_the_scorecards_it_is_given() -> None:
    result = sample_result()
    cards = scorecards([losi_outcome("p", Outcome.PASS, *automated_losi(2))])
    terminal, out = captured()
    print_summary(terminal, result, run_facts(result), None, cards)
    assert "UN Local Online Service Index (LOSI): 2 of 86 indicators met" in out.getvalue()
    assert "scorecard-only" not in out.getvalue()
