"""The terminal's Scorecards block: each methodology's indicators met, in a line, then by criterion.

The counts are audits/scorecards.py's; this module only words and lays them out. What was met is
split by who decided it (the rules or a person's review), and the unknown are shown beside the
unmet, since the share counts them against the portal (docs/check-json.md, `scorecards`).
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table

from egov_audit.audits.model import RuleOutcome
from egov_audit.audits.scorecards import CriterionResult, Scorecard
from egov_audit.cli.terminal import Terminal, plain


def share_text(card: Scorecard) -> str:
    """ "47.7%, middle": the share met and the methodology's level, where it has levels."""
    level = card.level
    return f"{card.share:.1%}" + (f", {level.name}" if level is not None else "")


def scorecard_line(card: Scorecard) -> str:
    """One methodology in a line: "UN Local Online Service Index (LOSI): 41 of 86 indicators met
    (47.7%, middle); by rules 38, by review 3; not met 20; unknown 25"."""
    return (
        f"{card.methodology.title}: {card.met} of {card.total} indicators met ({share_text(card)}); "
        f"by rules {card.met_by_rules}, by review {card.met_by_review}; not met {card.not_met}; unknown {card.unknown}"
    )


def criteria_table(cards: Sequence[Scorecard]) -> Table:
    """Every criterion of every methodology in one table: a methodology's total row, then its criteria
    (none for a methodology of one criterion: its total says it)."""
    table = Table(title="Scorecards by criterion", title_justify="left")
    table.add_column("methodology and criterion", overflow="fold")
    for column in ("met", "by rules", "by review", "not met", "unknown", "of"):
        table.add_column(column, justify="right")
    for card in cards:
        rows: list[tuple[str, Scorecard | CriterionResult, str]] = [(card.methodology.title, card, "bold")]
        if len(card.criteria) > 1:
            rows += [(f"  {c.criterion.title}", c, "") for c in card.criteria]
        for position, (name, counts, style) in enumerate(rows):
            table.add_row(
                plain(name),
                *(
                    str(value)
                    for value in (
                        counts.met,
                        counts.met_by_rules,
                        counts.met_by_review,
                        counts.not_met,
                        counts.unknown,
                        counts.total,
                    )
                ),
                style=style,
                end_section=position == len(rows) - 1,
            )
    return table


def print_scorecards(terminal: Terminal, cards: Sequence[Scorecard], heading: str = "Scorecards") -> None:
    """The block: a line per methodology, then the table by criterion."""
    if not cards:
        return
    out = terminal.out
    out.print(plain(f"{heading}:"))
    for card in cards:
        out.print(plain(f"- {scorecard_line(card)}"))  # whole, however long: a line to grep
    out.print(criteria_table(cards))


def portals_table(scored: Sequence[tuple[str, int, Sequence[Scorecard]]]) -> Table:
    """`run`'s block: a row per portal and methodology, from (portal name, run id, its scorecards)."""
    table = Table(title="Scorecards", title_justify="left")
    table.add_column("portal", overflow="fold")
    table.add_column("methodology", overflow="fold")
    for column in ("met", "of", "share", "by rules", "by review", "not met", "unknown"):
        table.add_column(column, justify="right")
    for position, (name, run_id, cards) in enumerate(scored):
        for row, card in enumerate(cards):
            table.add_row(
                plain(f"{name} #{run_id}") if row == 0 else "",
                plain(card.methodology.id),
                str(card.met),
                str(card.total),
                share_text(card),
                str(card.met_by_rules),
                str(card.met_by_review),
                str(card.not_met),
                str(card.unknown),
                end_section=row == len(cards) - 1 and position < len(scored) - 1,
            )
    return table


def scorecard_only(outcomes: Sequence[RuleOutcome]) -> tuple[list[RuleOutcome], list[RuleOutcome]]:
    """Outcomes split into those that weigh in the pillars and those of rules of weight 0, which only
    answer scorecard indicators (rules/un/losi.yaml) and so move no score."""
    return [o for o in outcomes if o.weight != 0], [o for o in outcomes if o.weight == 0]


def scorecard_only_line(count: int, failing: bool = True) -> str:
    """The line that stands for scorecard-only rules that fail (or, not `failing`, could not be checked)."""
    if failing:
        return f"{count} scorecard-only {'rule fails' if count == 1 else 'rules fail'}: see Scorecards"
    return f"{count} scorecard-only {'rule' if count == 1 else 'rules'} could not be checked: see Scorecards"
