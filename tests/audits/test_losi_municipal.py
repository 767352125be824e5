"""LOSI on three municipal portals written here (tests/audits/municipal/): each is served on
127.0.0.1, audited through the real command line (`check --json`, nothing rendered) and every LOSI
indicator the rules of rules/un/losi.yaml decide gets the answer the portal was written to give."""

from __future__ import annotations

import json
from pathlib import Path
from types import ModuleType

import pytest

from egov_audit.audits.rule_schema import SHIPPED_RULES
from egov_audit.audits.rulebook import load_pack
from tests.audits.municipal import english, kazakh, russian
from tests.conftest import run_cli
from tests.portals import serve_app

PORTALS = [(english, "generic"), (russian, "generic"), (kazakh, "kz")]


def losi_indicators() -> set[str]:
    """The LOSI indicators the rules of rules/un/losi.yaml cite."""
    rules = load_pack(SHIPPED_RULES / "un" / "losi.yaml")
    return {ref.item for rule in rules for ref in rule.spec.refs if ref.source == "un-losi"}


def test_each_portal_states_an_answer_for_every_indicator_the_losi_rules_decide() -> None:
    for module, _profile in PORTALS:
        assert set(module.EXPECTED) == losi_indicators(), module.__name__
    assert len(losi_indicators()) >= 40


@pytest.mark.parametrize(("module", "profile"), PORTALS, ids=[m.LANG for m, _p in PORTALS])
def test_the_losi_scorecard_answers_each_indicator_as_the_portal_was_written(
    module: ModuleType, profile: str, tmp_path: Path
) -> None:
    with serve_app(module.portal().app()) as served:
        done = run_cli(
            "check", f"{served.base_url}/", "--json", "--render", "0", "--discovery", "http", "--profile", profile,
            "--no-progress", "--db", f"sqlite:///{tmp_path / 'store.sqlite'}", cwd=tmp_path,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    losi = next(card for card in document["scorecards"] if card["methodology"] == "un-losi")
    answers = {i["id"]: i["answer"] for i in losi["indicators"] if i["id"] in module.EXPECTED}
    outcomes = {o["rule_id"]: o for o in document["outcomes"]}
    wrong = {
        indicator: (answer, module.EXPECTED[indicator], [
            (rule, outcomes[rule]["outcome"], outcomes[rule]["summary"])
            for rule in next(i["rules"] for i in losi["indicators"] if i["id"] == indicator)
        ])
        for indicator, answer in answers.items()
        if answer != module.EXPECTED[indicator]
    }  # fmt: skip
    assert not wrong, json.dumps(wrong, ensure_ascii=False, indent=1)
    # The LOSI rules weigh nothing: they answer the scorecard and leave the pillars as they were.
    assert all(o["weight"] == 0 for o in document["outcomes"] if o["rule_id"] in losi_rule_ids())


def losi_rule_ids() -> set[str]:
    return {rule.id for rule in load_pack(SHIPPED_RULES / "un" / "losi.yaml")}
