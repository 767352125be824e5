"""The one axe-core build both drivers inject, how it is run, and how its results are read."""

from __future__ import annotations

import re
from functools import cache
from importlib import resources
from typing import Any

from egov_audit.crawler.model import AxeFinding, AxeResult

# WCAG 2.0, 2.1 and 2.2 at levels A and AA: what the EU directive and ST RK 2191-2023 ask.
RUN_TAGS = ("wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa")
RUN_OPTIONS: dict[str, Any] = {
    "runOnly": {"type": "tag", "values": list(RUN_TAGS)},
    "resultTypes": ["violations", "incomplete"],
    "iframes": True,
}
MAX_HTML = 500
_SC_TAG = re.compile(r"^wcag(\d)(\d)(\d+)$")
_LEVEL_TAG = re.compile(r"^wcag2(\d?)(a{1,3})$")

# The name under which Chromium exposes a full garbage collection to pages (egov_audit.render.chromium).
GC_FUNCTION = "egovAuditCollectGarbage"

# Runs in the page; both drivers call it with the options above and get the same plain object back.
# It first collects the garbage the tab's earlier pages left (a renderer reused page after page
# otherwise peaked ~30 MB higher, with the same speed), where the browser exposes a way to.
RUN_SCRIPT = """
async (options) => {
  if (typeof GC_FUNCTION === 'function') GC_FUNCTION();
  const result = await axe.run(document, options);
  const nodes = (item) => item.nodes.map((n) => ({
    target: n.target.map((t) => Array.isArray(t) ? t.join(' >> ') : String(t)),
    html: n.html || '',
    impact: n.impact || item.impact || '',
  }));
  const pick = (item) => ({id: item.id, impact: item.impact || '', tags: item.tags, help: item.help,
                            helpUrl: item.helpUrl, nodes: nodes(item)});
  // What the rendered page loaded, for the page-weight and third-party checks.
  const size = (e) => e.transferSize || e.encodedBodySize || 0;
  const documentEntry = performance.getEntriesByType('navigation')[0];
  return {violations: result.violations.map(pick), incomplete: result.incomplete.map(pick),
          passes: result.passes.map((item) => item.id),
          inapplicable: result.inapplicable.map((item) => item.id), version: axe.version,
          resources: performance.getEntriesByType('resource').map((e) => [e.name, size(e)]),
          documentBytes: documentEntry ? size(documentEntry) : 0};
}
""".replace("GC_FUNCTION", GC_FUNCTION)


@cache
def axe_source() -> str:
    """axe.min.js as shipped by axe-selenium-python (axe-core 4.10.2)."""
    return (
        resources.files("axe_selenium_python").joinpath("node_modules/axe-core/axe.min.js").read_text(encoding="utf-8")
    )


@cache
def axe_setup() -> str:
    """axe-core, set up to ask every frame for its results, cross-origin ones included (by default
    axe-core only talks to frames of the page's own origin and silently skips the others; an
    embedded map or form from another host is part of the page a citizen uses)."""
    return axe_source() + "\n;axe.configure({allowedOrigins: ['<unsafe_all_origins>']});"


@cache
def axe_version() -> str:
    match = re.search(r"axe v([\d.]+)", axe_source()[:200])
    return match.group(1) if match else "unknown"


def success_criteria(tags: tuple[str, ...]) -> tuple[str, ...]:
    """`wcag111` -> `1.1.1`: the WCAG success criteria an axe rule maps to."""
    return tuple(f"{m.group(1)}.{m.group(2)}.{m.group(3)}" for tag in tags if (m := _SC_TAG.match(tag)))


def wcag_level(tags: tuple[str, ...]) -> tuple[str, str] | None:
    """(`2.1`, `AA`) from `wcag21aa`; None for rules outside WCAG levels (best practices)."""
    for tag in tags:
        match = _LEVEL_TAG.match(tag)
        if match:
            return f"2.{match.group(1) or '0'}", match.group(2).upper()
    return None


def findings_from(result: dict[str, Any]) -> tuple[AxeFinding, ...]:
    """One finding per rule and element, violations first, then what needs review."""
    findings = []
    for kind, needs_review in (("violations", False), ("incomplete", True)):
        for item in result.get(kind, []):
            tags = tuple(str(t) for t in item.get("tags", []))
            for node in item.get("nodes", []):
                findings.append(
                    AxeFinding(
                        rule_id=str(item["id"]),
                        impact=str(node.get("impact") or item.get("impact") or ""),
                        tags=tags,
                        targets=tuple(str(t) for t in node.get("target", [])),
                        html=str(node.get("html", ""))[:MAX_HTML],
                        help=str(item.get("help", "")),
                        help_url=str(item.get("helpUrl", "")),
                        needs_review=needs_review,
                    )
                )
    return tuple(findings)


def axe_result(reason: str, result: dict[str, Any], requested_url: str, current_url: str) -> AxeResult:
    """What RUN_SCRIPT returned, read the same way whichever driver ran it."""
    if "error" in result:
        return AxeResult(sample_reason=reason, error=f"axe-core: {result['error']}")
    if current_url.split("#")[0] != requested_url.split("#")[0]:
        return AxeResult(sample_reason=reason, error=f"the page navigated away to {current_url}")
    passed = tuple(str(rule) for rule in result.get("passes", []))
    return AxeResult(
        sample_reason=reason,
        findings=findings_from(result),
        passes=len(passed),
        passed_rules=passed,
        inapplicable_rules=tuple(str(rule) for rule in result.get("inapplicable", [])),
        document_bytes=int(result.get("documentBytes", 0)),
        resources=tuple((str(url), int(size)) for url, size in result.get("resources", [])),
    )
