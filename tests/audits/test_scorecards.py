"""audits/scorecards.py: each indicator's answer from hand-made outcomes, the counts and the levels."""

from __future__ import annotations

from datetime import UTC, datetime

from egov_audit.audits.methodology_catalog import Criterion, Indicator, Level, Methodology, Status, catalog
from egov_audit.audits.model import Outcome, RuleOutcome
from egov_audit.audits.reviews import Review, applicable, evidence_digest
from egov_audit.audits.scorecards import scorecard, scorecards

M = "test-method"


def indicator(key: str, status: Status = "automated", criterion: str = "one") -> Indicator:
    return Indicator(
        key, f"Label of {key}", criterion, status, True, None, "Is it so?" if status != "automated" else None
    )


def methodology(*criteria: tuple[str, tuple[Indicator, ...]], levels: tuple[Level, ...] = ()) -> Methodology:
    return Methodology(
        M,
        "Test methodology",
        "http://127.0.0.1/",
        "",
        True,
        tuple(Criterion(c, c.title(), i) for c, i in criteria),
        levels,
    )


def outcome(
    rule_id: str, result: Outcome, *items: str, review: bool = False, weight: float = 1.0, source: str = M
) -> RuleOutcome:
    return RuleOutcome(
        rule_id,
        f"Title of {rule_id}",
        "transparency",
        weight,
        result,
        f"{rule_id} {result}",
        review=review,
        refs=tuple((source, item) for item in items),
        score={Outcome.PASS: 1.0, Outcome.FAIL: 0.0}.get(result),
    )


def answers(card_outcomes: list[RuleOutcome], *indicators: Indicator) -> dict[str, tuple[str, str, tuple[str, ...]]]:
    card = scorecard(methodology(("one", indicators)), card_outcomes)
    return {r.indicator.id: (r.answer, r.by, r.rules) for r in card.results}


def test_an_automated_indicator_fails_if_any_deciding_rule_fails() -> None:
    got = answers(
        [outcome("a", Outcome.PASS, "x"), outcome("b", Outcome.FAIL, "x"), outcome("c", Outcome.ERROR, "x")],
        indicator("x"),
    )
    assert got == {"x": ("not_met", "rules", ("a", "b", "c"))}


def test_an_automated_indicator_is_met_when_a_rule_passes_and_none_fails() -> None:
    got = answers(
        [outcome("a", Outcome.PASS, "x"), outcome("b", Outcome.NOT_APPLICABLE, "x"), outcome("c", Outcome.ERROR, "x")],
        indicator("x"),
    )
    assert got == {"x": ("met", "rules", ("a", "b", "c"))}


def test_an_automated_indicator_is_unknown_when_nothing_decided_it() -> None:
    got = answers(
        [
            outcome("na", Outcome.NOT_APPLICABLE, "na"),
            outcome("err", Outcome.ERROR, "err"),
            outcome("other", Outcome.PASS, "elsewhere", source="another-methodology"),
        ],
        indicator("na"),
        indicator("err"),
        indicator("uncited"),
        indicator("elsewhere"),
    )
    assert got == {
        "na": ("unknown", "none", ("na",)),
        "err": ("unknown", "none", ("err",)),
        "uncited": ("unknown", "none", ()),
        "elsewhere": ("unknown", "none", ()),  # cited, but for another methodology
    }


def test_a_rule_awaiting_review_decides_nothing() -> None:
    got = answers(
        [outcome("r", Outcome.FAIL, "x", "y", review=True), outcome("p", Outcome.PASS, "y")],
        indicator("x"),
        indicator("y"),
    )
    assert got == {"x": ("unknown", "none", ("r",)), "y": ("met", "rules", ("p", "r"))}


def test_a_scorecard_only_rule_of_weight_0_decides_like_any_other() -> None:
    got = answers([outcome("zero", Outcome.FAIL, "x", weight=0.0)], indicator("x"))
    assert got == {"x": ("not_met", "rules", ("zero",))}


def test_review_and_manual_indicators_are_unknown_without_a_review_whatever_the_rules_say() -> None:
    got = answers(
        [outcome("p", Outcome.PASS, "rev", "man"), outcome("f", Outcome.FAIL, "rev")],
        indicator("rev", "review"),
        indicator("man", "manual"),
    )
    assert got == {"rev": ("unknown", "none", ("f", "p")), "man": ("unknown", "none", ("p",))}


def test_counts_and_share_are_over_every_indicator_listed() -> None:
    card = scorecard(
        methodology(
            ("one", (indicator("a"), indicator("b"), indicator("c"))),
            ("two", (indicator("d", criterion="two"), indicator("e", "manual", "two"))),
        ),
        [outcome("pa", Outcome.PASS, "a", "d"), outcome("fb", Outcome.FAIL, "b")],
    )
    assert (card.total, card.met, card.not_met, card.unknown) == (5, 2, 1, 2)
    assert (card.met_by_rules, card.met_by_review) == (2, 0)
    assert card.share == 2 / 5  # the unknown ones count against, not out
    one, two = card.criteria
    assert (one.criterion.id, one.total, one.met, one.not_met, one.unknown) == ("one", 3, 1, 1, 1)
    assert (two.criterion.id, two.total, two.met, two.not_met, two.unknown) == ("two", 2, 1, 0, 1)
    assert [r.indicator.id for r in card.results] == ["a", "b", "c", "d", "e"]


def test_a_run_with_no_outcomes_meets_nothing() -> None:
    card = scorecard(methodology(("one", (indicator("a"),))), [])
    assert (card.met, card.unknown, card.share, card.level) == (0, 1, 0.0, None)


def test_losi_levels_by_the_share_met() -> None:
    levels = catalog()["un-losi"].levels  # very high above 75 %, high above 50 %, middle above 25 %, else low
    twenty = tuple(indicator(f"i{n}") for n in range(20))

    def level_when_met(count: int) -> str | None:
        card = scorecard(
            methodology(("one", twenty), levels=levels), [outcome(f"r{n}", Outcome.PASS, f"i{n}") for n in range(count)]
        )
        assert card.met == count
        return card.level.name if card.level else None

    got = {count: level_when_met(count) for count in (0, 5, 6, 10, 11, 15, 16, 20)}
    assert got == {
        0: "low",
        5: "low",
        6: "middle",
        10: "middle",
        11: "high",
        15: "high",
        16: "very high",
        20: "very high",
    }


def test_losi_unknown_indicators_lower_the_level() -> None:
    losi = catalog()["un-losi"]
    assert len(losi.indicators) == 86
    automated = [i.id for i in losi.indicators if i.status == "automated"][:10]
    card = scorecard(losi, [outcome(f"r{n}", Outcome.PASS, key, source="un-losi") for n, key in enumerate(automated)])
    assert (card.met, card.unknown + card.not_met) == (10, 76)
    assert card.level is not None and card.level.name == "low"  # 10 of 86 is 11.6 %


def test_losi_level_thresholds_are_strictly_above() -> None:
    losi = catalog()["un-losi"]
    assert [(level.name, level.above) for level in losi.levels] == [
        ("very high", 0.75),
        ("high", 0.5),
        ("middle", 0.25),
        ("low", 0.0),
    ]
    assert losi.level(0.76).name == "very high"  # type: ignore[union-attr]
    assert losi.level(0.75).name == "high"  # type: ignore[union-attr]
    assert losi.level(0.5).name == "middle"  # type: ignore[union-attr]
    assert losi.level(0.25).name == "low"  # type: ignore[union-attr]


def test_scorecards_cover_the_scored_methodologies_in_catalog_order() -> None:
    cards = scorecards([])
    scored = [key for key, m in catalog().items() if m.scorecard]
    assert [c.methodology.id for c in cards] == scored
    assert "un-losi" in scored and "wcag22" not in scored
    assert all(c.total == len(c.methodology.indicators) and c.unknown == c.total for c in cards)


def review(key: str, answer: bool, evidence: str = "") -> Review:
    return Review(M, key, answer, "auditor@ngo.test", datetime(2026, 3, 1, 9, tzinfo=UTC), evidence)


def test_reviews_answer_review_and_manual_indicators() -> None:
    yes, no, man = review("rev-yes", True), review("rev-no", False), review("man", True)
    card = scorecard(
        methodology(
            ("one", (indicator("rev-yes", "review"), indicator("rev-no", "review"), indicator("man", "manual")))
        ),
        [outcome("gather", Outcome.PASS, "rev-yes", "rev-no", review=True)],
        {(M, "rev-yes"): yes, (M, "rev-no"): no, (M, "man"): man},
    )
    got = {r.indicator.id: (r.answer, r.by, r.review) for r in card.results}
    assert got == {
        "rev-yes": ("met", "review", yes),
        "rev-no": ("not_met", "review", no),
        "man": ("met", "review", man),
    }
    assert (card.met, card.met_by_rules, card.met_by_review, card.not_met, card.unknown) == (2, 0, 2, 1, 0)


def test_a_review_does_not_override_the_rules_of_an_automated_indicator() -> None:
    card = scorecard(
        methodology(("one", (indicator("auto"), indicator("other", "review")))),
        [outcome("f", Outcome.FAIL, "auto")],
        {(M, "auto"): review("auto", True), ("another-methodology", "other"): review("other", True)},
    )
    got = {r.indicator.id: (r.answer, r.by, r.review) for r in card.results}
    assert got == {"auto": ("not_met", "rules", None), "other": ("unknown", "none", None)}


def test_counts_split_by_rules_and_by_review_from_applicable_reviews() -> None:
    outcomes = [outcome("p", Outcome.PASS, "auto"), outcome("gather", Outcome.PASS, "rev", review=True)]
    current = evidence_digest(outcomes, M, "rev")
    stale = Review(M, "rev", True, "a", datetime(2026, 4, 1, tzinfo=UTC), "0" * 16)  # later, but other evidence
    card = scorecard(
        methodology(("one", (indicator("auto"), indicator("rev", "review"), indicator("man", "manual")))),
        outcomes,
        applicable([review("rev", False, current), stale, review("man", True)], outcomes),
    )
    assert [(r.answer, r.by) for r in card.results] == [("met", "rules"), ("not_met", "review"), ("met", "review")]
    assert (card.met, card.met_by_rules, card.met_by_review, card.not_met, card.unknown) == (2, 1, 1, 1, 0)
