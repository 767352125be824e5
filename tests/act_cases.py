"""The W3C ACT Rules test cases in ../shared/act, served on 127.0.0.1 and run through egov-audit's
axe-core integration, compared with what axe-core 4.10.2 itself reported for each case."""

from __future__ import annotations

import json
import mimetypes
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from egov_audit.crawler.model import AxeResult
from egov_audit.render.playwright_driver import audit_with_playwright
from egov_audit.render.selenium_driver import audit_with_selenium
from egov_audit.render.settings import RenderSettings
from tests.portals import Reply, serve_app

ACT_DIR = Path(__file__).resolve().parents[2] / "shared" / "act"
_RANK = ("failed", "cantTell", "passed", "inapplicable")


@dataclass(frozen=True)
class Case:
    rule_id: str
    title: str
    file: str
    expected: str  # the ACT rule's expected outcome for the case
    axe: dict[str, str]  # axe rule -> the outcome axe-core 4.10.2 reported


def reduce(outcomes: list[str]) -> str | None:
    """A case's several results for one axe rule, as one: failed beats cantTell beats passed."""
    return next((o for o in _RANK if o in outcomes), None)


def load_cases() -> tuple[list[Case], list[tuple[str, str]]]:
    """The cases axe-core reported on, and the ones left out with the reason."""
    data = json.loads((ACT_DIR / "testcases.json").read_text(encoding="utf-8"))
    missing = data["summary"]["test_assets_skipped_non_text"]
    cases, skipped = [], []
    for raw in data["testcases"]:
        recorded = raw.get("implementations", {}).get("axe-core", {}).get("outcomes") or {}
        axe = {rule: o for rule, outcomes in recorded.items() if (o := reduce(outcomes)) is not None}
        if not axe:
            continue  # axe-core has no procedure for this rule, or did not test the case
        text = (ACT_DIR / raw["file"]).read_text(encoding="utf-8", errors="replace")
        asset = next((a for a in missing if f"/test-assets/{a}" in text), None)
        if asset is not None:
            skipped.append((raw["file"], f"needs /test-assets/{asset}, which is not shipped in shared/act"))
            continue
        cases.append(Case(raw["rule_id"], raw["title"], raw["file"], raw["expected"], axe))
    return cases, skipped


def _static(path: str) -> Reply:
    target = (ACT_DIR / path.lstrip("/")).resolve()
    if ACT_DIR.resolve() not in target.parents or not target.is_file():
        return Reply(404, "not here", "text/plain")
    kind = mimetypes.guess_type(target.name)[0] or "application/octet-stream"
    if target.suffix == ".xhtml":
        kind = "application/xhtml+xml"
    return Reply(200, target.read_bytes(), f"{kind}; charset=utf-8" if kind.startswith("text/") else kind)


@contextmanager
def act_server() -> Iterator[str]:
    with serve_app(_static) as served:
        yield served.base_url


def run_cases(cases: list[Case], base_url: str, driver: str = "playwright") -> dict[str, AxeResult]:
    rules = sorted({rule for case in cases for rule in case.axe})
    settings = RenderSettings(
        driver=driver,  # type: ignore[arg-type]
        axe_options={
            "runOnly": {"type": "rule", "values": rules},
            "resultTypes": ["violations", "incomplete"],
            "iframes": True,
        },
        page_timeout=20,
        pages_per_context=50,
    )
    pages = [(f"{base_url}/{case.file}", case.file) for case in cases]
    audit = audit_with_playwright if driver == "playwright" else audit_with_selenium
    return {url.removeprefix(f"{base_url}/"): result for url, result in audit(pages, settings).items()}


@dataclass(frozen=True)
class Disagreement:
    case: Case
    rule: str
    ours: str
    axe: str


def compare(cases: list[Case], results: dict[str, AxeResult]) -> tuple[int, list[Disagreement]]:
    """How many (case, axe rule) pairs agree with axe-core's own report, and which do not."""
    agree, differ = 0, []
    for case in cases:
        result = results[case.file]
        for rule, recorded in case.axe.items():
            ours = f"error: {result.error}" if result.error else result.rule_outcome(rule)
            if ours == recorded:
                agree += 1
            else:
                differ.append(Disagreement(case, rule, ours, recorded))
    return agree, differ
