"""`egov-audit rules ...` and `check --rules`: an NGO extends the rules with YAML alone."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tests.conftest import run_cli
from tests.portals import Reply, serve_app

HOME = (
    '<!DOCTYPE html><html lang="en"><head><title>Town hall</title></head><body><main>'
    '<a href="/budget/">Budget</a> <a href="/water/">Water quality reports</a></main></body></html>'
)

MY_RULES = """
pack: watchdog
pillar: transparency
rules:
  - id: water-quality-published
    title: The home page links to water quality reports
    help: Residents should find the water quality reports from the home page.
    check: link_present
    scope: home
    weight: 3
    params:
      text: [water quality, качество воды, су сапасы]
    refs: [{source: un-losi, item: environment-information}]

  - id: council-minutes-published
    title: The home page links to the council's minutes
    help: Minutes of council meetings, as the local transparency law asks.
    check: link_present
    scope: home
    review: true
    params:
      text: [minutes, протокол, хаттама]
"""


def town_hall(path: str) -> Reply:
    return Reply(200, HOME) if path == "/" else Reply(404, "no", "text/plain")


def check_town_hall(tmp_path: Path, rules: Path) -> subprocess.CompletedProcess[str]:
    """`check --json --rules RULES` against a one-page town hall site."""
    with serve_app(town_hall) as served:
        return run_cli(
            "check",
            f"{served.base_url}/",
            "--json",
            "--rules",
            str(rules),
            "--db",
            f"sqlite:///{tmp_path}/store.sqlite",
            cwd=tmp_path,
        )


def test_an_ngo_adds_rules_by_writing_yaml_alone(tmp_path: Path) -> None:
    rules = tmp_path / "my-rules"
    rules.mkdir()
    (rules / "watchdog.yaml").write_text(MY_RULES, encoding="utf-8")
    done = check_town_hall(tmp_path, rules)
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    outcomes = {o["rule_id"]: o for o in document["outcomes"]}
    water = outcomes["water-quality-published"]
    assert water["outcome"] == "pass" and "/water/" in water["evidence"][0]["detail"]
    minutes = outcomes["council-minutes-published"]
    assert (minutes["outcome"], minutes["review"]) == ("fail", True)
    lo = next(m for m in document["methodologies"] if m["id"] == "un-losi")
    assert "environment-information" in lo["checked_automatically"]


def test_a_review_rule_weighs_nothing_until_confirmed(tmp_path: Path) -> None:
    rules = tmp_path / "r.yaml"
    rules.write_text(MY_RULES, encoding="utf-8")
    with_review = check_town_hall(tmp_path, rules)
    document = json.loads(with_review.stdout)
    transparency = document["scores"]["pillars"]["transparency"]
    decided = [
        o
        for o in document["outcomes"]
        if o["pillar"] == "transparency" and o["outcome"] in ("pass", "fail") and not o["review"]
    ]
    weights = {o["rule_id"]: o["weight"] for o in decided}
    passed = sum(weights[o["rule_id"]] for o in decided if o["outcome"] == "pass")
    assert transparency["score"] == round(100 * passed / sum(weights.values()), 1)


def test_a_user_rule_replacing_a_shipped_one_is_reported(tmp_path: Path) -> None:
    rules = tmp_path / "r.yaml"
    rules.write_text(MY_RULES.replace("water-quality-published", "budget-published"), encoding="utf-8")
    done = check_town_hall(tmp_path, rules)
    document = json.loads(done.stdout)
    (line,) = document["run"]["rule_overrides"]
    assert line.startswith(f"budget-published: {rules}:") and "replaces rules/core/transparency.yaml:" in line
    html = Path(tmp_path / document["report_path"]).read_text(encoding="utf-8")
    assert "Rules replaced by your files" in html and "Checklist for the auditor" in html


def test_validate_accepts_a_good_file_and_refuses_a_broken_one(tmp_path: Path) -> None:
    good = tmp_path / "good.yaml"
    good.write_text(MY_RULES, encoding="utf-8")
    done = run_cli("rules", "validate", str(good), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == "valid: 2 rules in 1 file (with the 91 rules of profile generic)\n"
    broken = tmp_path / "broken.yaml"
    broken.write_text(MY_RULES.replace("weight: 3", "weight: heavy"), encoding="utf-8")
    done = run_cli("rules", "validate", str(broken), cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr == (
        f"egov-audit: error: {broken}:10: rule 'water-quality-published': weight: must be a number, got 'heavy'\n"
    )


def test_validate_counts_the_rules_of_a_file_in_a_folder_called_rules(tmp_path: Path) -> None:
    # Shipped rules are labelled rules/...: a user's rules/mine.yaml was once counted as shipped ("0 rules").
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "mine.yaml").write_text(MY_RULES, encoding="utf-8")
    for paths in (["rules/mine.yaml"], ["rules"], ["rules/mine.yaml", "./rules/"]):
        done = run_cli("rules", "validate", *paths, "--profile", "kz", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert done.stdout.startswith("valid: 2 rules in 1 file (with the "), (paths, done.stdout)
    one = MY_RULES[: MY_RULES.index("  - id: council-minutes-published")]
    (tmp_path / "rules" / "mine.yaml").write_text(one, encoding="utf-8")
    done = run_cli("rules", "validate", "rules/mine.yaml", cwd=tmp_path)
    assert done.stdout == "valid: 1 rule in 1 file (with the 91 rules of profile generic)\n"


def test_validate_names_every_mistake_of_a_file_at_once_in_its_own_terms(tmp_path: Path) -> None:
    mistakes = (
        MY_RULES.replace("check: link_present\n    scope: home\n    weight: 3", "check: link_presnt\n    scope: home")
        .replace("    help: Minutes of council meetings, as the local transparency law asks.\n", "")
        .replace("review: true", "reveiw: true")
    )
    (tmp_path / "mine.yaml").write_text(mistakes, encoding="utf-8")
    done = run_cli("rules", "validate", "mine.yaml", cwd=tmp_path)
    assert done.returncode == 2 and "Traceback" not in done.stderr and done.stdout == ""
    assert done.stderr.splitlines() == [
        "egov-audit: error: mine.yaml:8: rule 'water-quality-published': check: 'link_presnt' is not a check "
        "(did you mean link_present?)",
        "  mine.yaml:14: rule 'council-minutes-published': help: is required "
        "(a sentence telling site owners how to fix a failure)",
        "  mine.yaml:18: rule 'council-minutes-published': reveiw: is not a field here (did you mean review?)",
        "  3 errors in mine.yaml",
    ]


def test_list_and_explain(tmp_path: Path) -> None:
    listed = run_cli("rules", "list", "--profile", "kz", cwd=tmp_path)
    assert listed.returncode == 0
    assert "kz-language-versions" in listed.stdout and "privacy-policy-linked" in listed.stdout
    explained = run_cli("rules", "explain", "privacy-policy-linked", cwd=tmp_path)
    assert explained.returncode == 0
    for part in (
        "link_present",
        "scope:   home",
        "құпиялылық",
        "UN E-Government Survey",
        "rules/core/transparency.yaml",
    ):
        assert part in explained.stdout
    missing = run_cli("rules", "explain", "no-such-rule", cwd=tmp_path)
    assert missing.returncode == 2 and "no rule 'no-such-rule'" in missing.stderr
