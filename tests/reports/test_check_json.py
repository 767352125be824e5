"""reports/check_json.py: the run's scorecards in the JSON document, valid by its schema."""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import jsonschema
import pytest

from egov_audit.audits.methodology_catalog import catalog
from egov_audit.audits.model import Outcome, RuleOutcome
from egov_audit.audits.reviews import Review
from egov_audit.audits.run_facts import run_facts
from egov_audit.audits.scorecards import scorecards
from egov_audit.reports.check_json import failure_document, result_document
from tests.conftest import ROOT
from tests.reports.sample_results import sample_result

SCHEMA = json.loads((ROOT / "docs" / "check-result.schema.json").read_text(encoding="utf-8"))
LOSI = catalog()["un-losi"]


def losi(rule_id: str, result: Outcome, *items: str, review: bool = False, weight: float = 1.0) -> RuleOutcome:
    score = None if review else {Outcome.PASS: 1.0, Outcome.FAIL: 0.0}.get(result)
    refs = tuple(("un-losi", item) for item in items)
    return RuleOutcome(rule_id, rule_id, "transparency", weight, result, rule_id, review=review, refs=refs, score=score)


def of_status(status: str) -> str:
    return next(i.id for i in LOSI.indicators if i.status == status)


def test_the_document_has_a_scorecard_per_scored_methodology() -> None:
    auto = of_status("automated")
    result = sample_result()
    result = dataclasses.replace(result, outcomes=[*result.outcomes, losi("zero", Outcome.PASS, auto, weight=0.0)])
    document = json.loads(json.dumps(result_document(result, run_facts(result), None, None, 0)))
    jsonschema.validate(document, SCHEMA)
    cards = document["scorecards"]
    assert [c["methodology"] for c in cards] == [key for key, m in catalog().items() if m.scorecard]
    card = cards[0]
    assert (card["methodology"], card["title"], card["total"], card["met"], card["met_by_rules"]) == (
        "un-losi",
        LOSI.title,
        86,
        1,
        1,
    )
    assert (card["met_by_review"], card["not_met"], card["unknown"], card["level"]) == (0, 0, 85, "low")
    assert card["share"] == 1 / 86
    assert [c["id"] for c in card["criteria"]] == [c.id for c in LOSI.criteria]
    assert sum(c["total"] for c in card["criteria"]) == 86
    assert len(card["indicators"]) == 86
    met = next(i for i in card["indicators"] if i["id"] == auto)
    assert met == {
        "id": auto,
        "criterion": met["criterion"],
        "status": "automated",
        "answer": "met",
        "by": "rules",
        "rules": ["zero"],
    }
    # Every outcome stays as it was, the scorecard-only rule among them.
    assert [o["rule_id"] for o in document["outcomes"]][-1] == "zero"


def test_the_document_takes_scorecards_with_reviews() -> None:
    reviewed = of_status("review")
    result = sample_result()
    answer = Review("un-losi", reviewed, True, "auditor", datetime(2026, 3, 2, tzinfo=UTC), "")
    cards = scorecards(result.outcomes, {("un-losi", reviewed): answer})
    document = result_document(result, run_facts(result), None, None, 0, cards=cards)
    jsonschema.validate(json.loads(json.dumps(document)), SCHEMA)
    card = document["scorecards"][0]
    assert (card["met"], card["met_by_review"], card["met_by_rules"]) == (1, 1, 0)
    assert next(i for i in card["indicators"] if i["id"] == reviewed)["by"] == "review"


SPOILS = {
    "a count missing": lambda d: d["scorecards"][0].pop("unknown"),
    "a field of a criterion we do not define": lambda d: d["scorecards"][0]["criteria"][0].update(extra=1),
    "an answer of neither kind": lambda d: d["scorecards"][0]["indicators"][0].update(answer="maybe"),
    "a share above 1": lambda d: d["scorecards"][0].update(share=1.5),
    "no scorecards": lambda d: d.pop("scorecards"),
}


@pytest.mark.parametrize("spoil", SPOILS.values(), ids=SPOILS.keys())
def test_the_schema_refuses_a_scorecard_that_breaks_it(spoil: Callable[[dict[str, Any]], object]) -> None:
    result = sample_result()
    document = json.loads(json.dumps(result_document(result, run_facts(result), None, None, 0)))
    spoil(document)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, SCHEMA)


def test_a_failure_document_has_no_scorecards() -> None:
    document = failure_document("http://127.0.0.1:9/", "connection refused", 2)
    jsonschema.validate(document, SCHEMA)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document | {"scorecards": []}, SCHEMA)
