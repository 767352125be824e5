"""Rule files: every shipped file loads, and every kind of mistake is named precisely."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from egov_audit.audits.checks import CHECKS
from egov_audit.audits.methodology_catalog import catalog
from egov_audit.audits.model import Outcome, RuleOutcome
from egov_audit.audits.rule_schema import RuleFileError
from egov_audit.audits.rulebook import load_pack, load_rules, profile_names, shipped_rule_files
from egov_audit.audits.scoring import pillar_scores

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


def test_every_shipped_rule_file_loads_and_every_profile_too() -> None:
    files = shipped_rule_files()
    assert {label for _, label in files} >= {"rules/core/availability.yaml", "rules/kz/kz.yaml", "rules/eu/eu.yaml"}
    for path, label in files:
        assert load_pack(path, label)
    for profile in profile_names():
        rules = load_rules(profile)
        assert rules.rules and rules.profile == profile


def test_every_shipped_rule_has_a_title_help_refs_to_known_methodologies_and_a_known_check() -> None:
    for path, label in shipped_rule_files():
        for rule in load_pack(path, label):
            assert rule.spec.title.strip() and rule.spec.help.strip(), rule.id
            assert rule.spec.check in CHECKS
            assert all(catalog()[ref.source].indicator(ref.item) for ref in rule.spec.refs)


def test_every_check_has_a_docstring_and_a_shipped_rule() -> None:
    used = {rule.spec.check for path, label in shipped_rule_files() for rule in load_pack(path, label)}
    for spec in CHECKS.values():
        assert spec.doc, spec.name
    assert set(CHECKS) - used <= {"element_present"}, "every check but the generic selector one has a rule"


def test_a_good_pack_loads_with_parsed_params(tmp_path: Path) -> None:
    (rule,) = load_pack(write(tmp_path, GOOD_RULE))
    assert rule.params.min_share == 0.9  # type: ignore[attr-defined]
    assert rule.line == 5


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("min_share: 0.9", "min_share: lots"),
            "pack.yaml:11: rule 'good-rule': params.min_share: must be a number, got 'lots'",
        ),
        (
            ("min_share: 0.9", "min_shares: 0.9"),
            "pack.yaml:11: rule 'good-rule': params.min_shares: is not a field here (did you mean min_share?)",
        ),
        (
            ("check: success_share", "check: no_such_check"),
            "pack.yaml:8: rule 'good-rule': check: 'no_such_check' is not a check (docs/rules.md lists the checks)",
        ),
        (
            ("check: success_share", "check: sucess_share"),
            "pack.yaml:8: rule 'good-rule': check: 'sucess_share' is not a check (did you mean success_share?)",
        ),
        (
            ("scope: site", "scope: everywhere"),
            "pack.yaml:9: rule 'good-rule': scope: must be 'home', 'every_page', 'any_page' or 'site', "
            "got 'everywhere' (did you mean every_page?)",
        ),
        (("scope: site", "scope: home"), "pack.yaml:9: rule 'good-rule': scope: must be 'site' for success_share"),
        (
            (
                "check: success_share\n    scope: site\n    params:\n      min_share: 0.9",
                "check: mobile_viewport\n    scope: site",
            ),
            "pack.yaml:9: rule 'good-rule': scope: must be home, every_page or any_page for mobile_viewport",
        ),
        (
            ("pillar: availability", "pillar: happiness"),
            "pack.yaml:3: rule 'good-rule': pillar: must be one of availability, accessibility, transparency",
        ),
        (("pillar: availability", "pillar: availabilty"), "got 'availabilty' (did you mean availability?)"),
        (("id: good-rule", "id: Good_Rule"), "pack.yaml:5: rule 'Good_Rule': id: must be kebab-case"),
        (("title: A title", "title: 7"), "pack.yaml:6: rule 'good-rule': title: must be text, got 7"),
        (("title: A title", "title: ''"), "pack.yaml:6: rule 'good-rule': title: must not be empty"),
        (
            ("    help: Some help.\n", ""),
            "pack.yaml:5: rule 'good-rule': help: is required (a sentence telling site owners how to fix a failure)",
        ),
        (("  - id: good-rule\n    title: A title\n", "  - title: A title\n"), "pack.yaml:5: rules[0]: id: is required"),
    ],
)
def test_mistakes_are_named_with_file_line_rule_and_field(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    path = write(tmp_path, GOOD_RULE.replace(*change))
    with pytest.raises(RuleFileError) as caught:
        load_pack(path, "pack.yaml")
    assert message in str(caught.value) and "\n" not in str(caught.value), str(caught.value)


def test_every_mistake_of_a_file_is_named_at_once_by_line_then_counted(tmp_path: Path) -> None:
    text = GOOD_RULE.replace("    help: Some help.\n", "").replace("min_share: 0.9", "min_share: lots")
    text += "  - id: second\n    title: t\n    help: h\n    check: sucess_share\n    scope: site\n    weight: -1\n"
    with pytest.raises(RuleFileError) as caught:
        load_pack(write(tmp_path, text), "pack.yaml")
    assert str(caught.value).splitlines() == [
        "pack.yaml:5: rule 'good-rule': help: is required (a sentence telling site owners how to fix a failure)",
        "pack.yaml:10: rule 'good-rule': params.min_share: must be a number, got 'lots'",
        "pack.yaml:14: rule 'second': check: 'sucess_share' is not a check (did you mean success_share?)",
        "pack.yaml:16: rule 'second': weight: must be at least 0, got -1",
        "4 errors in pack.yaml",
    ]
    assert len(caught.value.lines) == 4


def test_errors_in_several_files_are_named_together(tmp_path: Path) -> None:
    write(tmp_path, GOOD_RULE.replace("title: A title", "title: ''"), "a.yaml")
    write(tmp_path, GOOD_RULE.replace("good-rule", "other-rule").replace("scope: site", "scope: page"), "b.yaml")
    with pytest.raises(RuleFileError) as caught:
        load_rules("generic", [tmp_path])
    lines = str(caught.value).splitlines()
    assert lines[0].startswith(f"{tmp_path / 'a.yaml'}:6: rule 'good-rule': title: must not be empty")
    assert lines[1].startswith(f"{tmp_path / 'b.yaml'}:9: rule 'other-rule': scope: must be")
    assert lines[2:] == ["2 errors in 2 files"]


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "rules:\n  - id: x\n   title: [unclosed\n")
    with pytest.raises(RuleFileError, match=r"^pack\.yaml:\d+: not valid YAML"):
        load_pack(path, "pack.yaml")


ADDED_PILLAR = """
pack: open-data
pillar: open_data
pillars:
  open_data: Does it publish its data in open formats?
rules:
  - id: data-portal-linked
    title: The home page links to the open-data portal
    help: Link the open-data portal from the home page.
    check: link_present
    scope: home
    params: {text: [open data]}
"""


def test_a_pack_may_add_a_pillar_and_its_rules_score_after_the_shipped_ones(tmp_path: Path) -> None:
    (rule,) = load_pack(write(tmp_path, ADDED_PILLAR))
    assert rule.spec.pillar == "open_data"
    outcomes = [
        RuleOutcome("a", "a", "open_data", 1, Outcome.PASS, ""),
        RuleOutcome("b", "b", "trust", 1, Outcome.FAIL, ""),
        RuleOutcome("c", "c", "availability", 1, Outcome.PASS, ""),
    ]
    assert [s.pillar for s in pillar_scores(outcomes)] == ["availability", "trust", "open_data"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (("pillars:\n  open_data: Does", "pillars:\n  Open Data!: Does"), "'Open Data!' is no pillar name"),
        (("open_data: Does it publish its data in open formats?", "trust: Is it safe?"), "'trust' is a shipped pillar"),
        (("  open_data: Does it publish its data in open formats?\n", "  open_data: ''\n"), "needs the question"),
        (("pillars:\n  open_data: Does it publish its data in open formats?\n", ""), "pillar: must be one of"),
    ],
)
def test_an_added_pillar_is_declared_with_a_name_and_a_question(
    tmp_path: Path, change: tuple[str, str], message: str
) -> None:
    with pytest.raises(RuleFileError, match=re.escape(message)):
        load_pack(write(tmp_path, ADDED_PILLAR.replace(*change)))


def test_a_key_given_twice_is_named_with_both_lines(tmp_path: Path) -> None:
    # YAML would keep the last silently: a rule whose weight was written twice is a mistake to name.
    path = write(tmp_path, "rules:\n  - id: x\n    weight: 1\n    title: t\n    weight: 3\n")
    with pytest.raises(RuleFileError, match=r"^pack\.yaml:5: not valid YAML: 'weight' is given twice .*line 3\)"):
        load_pack(path, "pack.yaml")


def test_a_file_without_rules_is_refused(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match="a rule file is a mapping with a 'rules' list"):
        load_pack(write(tmp_path, "pack: x\n"), "pack.yaml")


def test_duplicate_ids_within_the_user_files_name_both_places(tmp_path: Path) -> None:
    write(tmp_path, GOOD_RULE, "a.yaml")
    write(tmp_path, GOOD_RULE, "b.yaml")
    with pytest.raises(RuleFileError, match=r"b\.yaml:5: rule 'good-rule': id: already used at .*a\.yaml:5"):
        load_rules("generic", [tmp_path])


def test_a_user_rule_replaces_the_shipped_rule_of_the_same_id_and_says_so(tmp_path: Path) -> None:
    mine = write(tmp_path, GOOD_RULE.replace("good-rule", "pages-answer-successfully"))
    rules = load_rules("generic", [mine])
    assert rules.by_id("pages-answer-successfully").params.min_share == 0.9  # type: ignore[union-attr]
    (override,) = rules.overrides
    assert override.rule_id == "pages-answer-successfully"
    assert override.replaced.startswith("rules/core/availability.yaml:")


def test_profiles_compose_packs_and_override_parameters() -> None:
    generic = {rule.id for rule in load_rules("generic").rules}
    kz = {rule.id for rule in load_rules("kz").rules}
    assert generic < kz and "kz-language-versions" in kz
    eu = load_rules("eu")
    assert eu.by_id("trackers-disclosed").params.privacy is None  # type: ignore[union-attr]
    assert load_rules("generic").by_id("trackers-disclosed").params.privacy is not None  # type: ignore[union-attr]


def test_an_unknown_profile_is_named() -> None:
    with pytest.raises(RuleFileError, match=r"--profile nowhere: no such profile \(known: eu, generic, kz\)"):
        load_rules("nowhere")


def test_a_missing_rules_path_is_named(tmp_path: Path) -> None:
    with pytest.raises(RuleFileError, match=r"--rules .*nothing\.yaml: no such file or folder"):
        load_rules("generic", [tmp_path / "nothing.yaml"])


def test_page_selectors_must_name_a_link_rule(tmp_path: Path) -> None:
    text = GOOD_RULE.replace(
        "check: success_share\n    scope: site\n    params:\n      min_share: 0.9",
        "check: mobile_viewport\n    scope: any_page\n    pages: {linked_by: no-such-rule}",
    )
    with pytest.raises(RuleFileError, match=r"pages\.linked_by: 'no-such-rule' is no link_present rule of this"):
        load_rules("generic", [write(tmp_path, text)])


def test_bad_regexes_and_unknown_methodologies_are_caught(tmp_path: Path) -> None:
    bad_regex = GOOD_RULE.replace(
        "check: success_share\n    scope: site\n    params:\n      min_share: 0.9",
        "check: text_present\n    scope: home\n    params:\n      patterns: ['(unclosed']",
    )
    with pytest.raises(RuleFileError, match=r"pack\.yaml:11: rule 'good-rule': params\.patterns: '\(unclosed' is not"):
        load_pack(write(tmp_path, bad_regex), "pack.yaml")
    unknown = GOOD_RULE + "    refs: [{source: made-up-index, item: x}]\n"
    with pytest.raises(RuleFileError, match=r"refs\[0\]\.source: 'made-up-index' is not a known methodology"):
        load_pack(write(tmp_path, unknown), "pack.yaml")
    unknown_item = GOOD_RULE + "    refs: [{source: un-losi, item: budget-informaton}]\n"
    with pytest.raises(
        RuleFileError,
        match=r"refs\[0\]\.item: 'budget-informaton' is not an indicator of un-losi \(did you mean budget-information",
    ):
        load_pack(write(tmp_path, unknown_item), "pack.yaml")


def test_digest_changes_with_the_rules(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD_RULE)
    before = load_rules("generic", [path]).digest
    write(tmp_path, GOOD_RULE.replace("0.9", "0.8"))
    assert load_rules("generic", [path]).digest != before
    assert load_rules("kz").digest != load_rules("generic").digest


def test_every_check_is_documented_for_rule_writers() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "rules.md").read_text(encoding="utf-8")
    for name, spec in CHECKS.items():
        assert f"| `{name}` | {spec.level} |" in doc, f"docs/rules.md does not list the check {name}"
