"""Rule files: every shipped file loads, and every kind of mistake is named precisely."""

from __future__ import annotations

from pathlib import Path

import pytest

from audits.checks import CHECKS
from audits.rulebook import RuleFileError, load_pack, load_rules, shipped_rule_files

GOOD_RULE = """
pack: test
pillar: availability
rules:
  - id: good-rule
    title: A title
    help: Some help.
    check: success_share
    scope: site
    params:
      min_share: 0.9
"""


def write(tmp_path: Path, text: str, name: str = "pack.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_every_shipped_rule_file_loads() -> None:
    files = shipped_rule_files()
    assert files, "no rule files shipped"
    rules = load_rules(files)
    assert {rule.source for rule in rules.rules} == {label for _, label in files}


def test_every_shipped_rule_has_a_title_help_and_a_known_check() -> None:
    for rule in load_rules().rules:
        assert rule.spec.title.strip() and rule.spec.help.strip(), rule.id
        assert rule.spec.check in CHECKS


def test_every_check_has_a_docstring() -> None:
    for spec in CHECKS.values():
        assert spec.doc, spec.name


def test_a_good_pack_loads_with_parsed_params(tmp_path: Path) -> None:
    (rule,) = load_pack(write(tmp_path, GOOD_RULE))
    assert rule.params.min_share == 0.9  # type: ignore[attr-defined]
    assert rule.line == 5


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("min_share: 0.9", "min_share: lots"),
            "pack.yaml:5: rule 'good-rule': params.min_share Input should be a valid number",
        ),
        (
            ("min_share: 0.9", "min_shares: 0.9"),
            "pack.yaml:5: rule 'good-rule': params.min_shares Extra inputs are not permitted",
        ),
        (("check: success_share", "check: no_such_check"), "pack.yaml:5: rule 'good-rule': check names no known check"),
        (("scope: site", "scope: everywhere"), "pack.yaml:5: rule 'good-rule': scope Input should be"),
        (("pillar: availability", "pillar: happiness"), "pack.yaml:5: rule 'good-rule': pillar must be one of"),
        (("id: good-rule", "id: Good_Rule"), "pack.yaml:5: rule 'Good_Rule': id must be kebab-case"),
        (
            ("title: A title", "title: 7"),
            "pack.yaml:5: rule 'good-rule': title Input should be a valid string, got int",
        ),
        (("    help: Some help.\n", ""), "pack.yaml:5: rule 'good-rule': help Field required"),
    ],
)
def test_mistakes_are_named_with_file_line_rule_and_field(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    path = write(tmp_path, GOOD_RULE.replace(*change))
    with pytest.raises(RuleFileError) as caught:
        load_pack(path, "pack.yaml")
    assert str(caught.value).startswith(message), str(caught.value)


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "rules:\n  - id: x\n   title: [unclosed\n")
    with pytest.raises(RuleFileError, match=r"^pack\.yaml:\d+: not valid YAML"):
        load_pack(path, "pack.yaml")


def test_a_file_without_rules_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match="a rule file is a mapping with a 'rules' list"):
        load_pack(write(tmp_path, "pack: x\n"), "pack.yaml")


def test_duplicate_ids_across_files_name_both_places(tmp_path: Path) -> None:
    first = write(tmp_path, GOOD_RULE, "a.yaml")
    second = write(tmp_path, GOOD_RULE, "b.yaml")
    with pytest.raises(RuleFileError, match=r"b\.yaml:5: rule 'good-rule': id already used at a\.yaml:5"):
        load_rules([(first, "a.yaml"), (second, "b.yaml")])


def test_digest_changes_with_the_rules(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_RULE)
    before = load_rules([(path, "p.yaml")]).digest
    write(tmp_path, GOOD_RULE.replace("0.9", "0.8"))
    assert load_rules([(path, "p.yaml")]).digest != before
