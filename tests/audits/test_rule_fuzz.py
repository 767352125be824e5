"""The rule loader under random and malformed input: never a traceback, always precise errors, a line each."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from egov_audit.audits.rule_schema import RuleFileError
from egov_audit.audits.rulebook import load_pack

SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20))
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)
FIELDS = ["id", "title", "help", "pillar", "check", "scope", "weight", "params", "refs", "pages", "review"]
RULES = st.fixed_dictionaries({}, optional={name: VALUES for name in FIELDS}) | VALUES


def load_text(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.yaml"
        path.write_text(text, encoding="utf-8", errors="surrogateescape")
        try:
            load_pack(path, "fuzz.yaml")
        except RuleFileError as exc:
            lines = str(exc).split("\n")
            if len(lines) > 1:  # several errors, a line each, then their count
                assert lines.pop() == f"{len(lines)} errors in fuzz.yaml", str(exc)
            for line in lines:
                assert line.startswith("fuzz.yaml") or "YAML" in str(exc), str(exc)
            assert list(exc.lines) == lines


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(max_size=300))
def test_random_text_never_raises_anything_but_a_rule_file_error(text: str) -> None:
    load_text(text)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(RULES, max_size=3), st.one_of(st.none(), SCALARS))
def test_random_rule_shapes_are_refused_precisely(rules: list[object], pillar: object) -> None:
    load_text(yaml.safe_dump({"pack": "fuzz", "pillar": pillar, "rules": rules}, allow_unicode=True))


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.sampled_from(
        [
            "link_present",
            "text_present",
            "contact_details",
            "content_freshness",
            "sitemap_freshness",
            "third_party_hosts",
            "security_headers",
            "language_versions",
            "click_depth",
            "page_weight",
        ]
    ),
    st.dictionaries(
        st.sampled_from(
            [
                "text",
                "url",
                "hosts",
                "patterns",
                "max_age_days",
                "labels",
                "sections",
                "trackers",
                "privacy",
                "required",
                "languages",
                "max_clicks",
                "max_bytes",
            ]
        ),
        VALUES,
        max_size=4,
    ),
)
def test_random_params_of_real_checks_are_refused_precisely(check: str, params: dict[str, object]) -> None:
    rule = {
        "id": "fuzzed",
        "title": "t",
        "help": "h",
        "pillar": "trust",
        "check": check,
        "scope": "site",
        "params": params,
    }
    load_text(yaml.safe_dump({"rules": [rule]}, allow_unicode=True))
