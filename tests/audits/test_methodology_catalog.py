"""The methodologies' indicator lists (rules/methodologies/): complete where the methodology says how
many it has, each indicator's status true to the rules that serve it, and a wrong file named precisely."""

from __future__ import annotations

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
