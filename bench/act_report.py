"""Per ACT rule: how egov-audit's axe-core outcomes compare with the ACT rules' *expected* outcomes,
and case by case with what axe-core 4.10.2 itself reported. A measure, not a gate.

    .venv/bin/python bench/act_report.py [--driver selenium]

ACT's expected outcomes are passed / failed / inapplicable; an axe-core outcome agrees when a
failed case fails, and a passed or inapplicable case does not fail (axe's "cantTell" counts as
not failing, as ACT's implementation reports count it).
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.act_cases import act_server, compare, load_cases, run_cases


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--driver", choices=("playwright", "selenium"), default="playwright")
    args = parser.parse_args()
    cases, skipped = load_cases()
    started = time.monotonic()
    with act_server() as base_url:
        results = run_cases(cases, base_url, args.driver)
    elapsed = time.monotonic() - started
    agree, differ = compare(cases, results)
    print(
        f"{len(cases)} ACT cases rendered with {args.driver} in {elapsed:.0f} s ({len(cases) / elapsed:.1f}/s); "
        f"{len(skipped)} left out (assets not shipped)"
    )
    print(
        f"Against axe-core 4.10.2's own report: {agree} of {agree + len(differ)} (case, rule) outcomes agree "
        f"({agree / (agree + len(differ)):.2%})"
    )
    for d in differ:
        print(f"  differs: {d.case.file} {d.rule}: egov-audit {d.ours}, axe-core {d.axe}")
    per_rule: dict[str, list[bool]] = defaultdict(list)
    for case in cases:
        result = results[case.file]
        if result.error or case.expected not in ("passed", "failed", "inapplicable"):
            continue
        failed = any(result.rule_outcome(rule) == "failed" for rule in case.axe)
        per_rule[case.rule_id].append(failed == (case.expected == "failed"))
    print("\nPer ACT rule, agreement with the expected outcomes:")
    print(f"{'ACT rule':10} {'cases':>6} {'agree':>6}")
    total = [0, 0]
    for rule, hits in sorted(per_rule.items()):
        total[0] += sum(hits)
        total[1] += len(hits)
        print(f"{rule:10} {len(hits):>6} {sum(hits) / len(hits):>6.0%}")
    print(f"{'all':10} {total[1]:>6} {total[0] / total[1]:>6.0%}")


if __name__ == "__main__":
    main()
