"""The archive's data downloads: runs, scores, outcomes, accessibility findings and the
methodologies' scorecards (by criterion, and indicator by indicator) as CSV and JSON, per run and
for the whole history, in a stable order so the same store writes the same bytes.

Every row names its portal (key, name) and the country and tags the run was audited with, so any
one file can be filtered or grouped without joining it to runs.csv. In CSV the tags are one cell,
`key=value` pairs sorted by key and joined by "; "; in JSON they are an object.

Cells come from crawled pages; a spreadsheet would run a cell starting with `=`, `+`, `-` or
`@` as a formula, so such text cells get a leading apostrophe in the CSV files (the JSON files
keep the text as it was). CSV is UTF-8; with `bom` it starts with a byte order mark, without
which Excel on Windows reads UTF-8 as the local code page and garbles Kazakh and Russian.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import select
from sqlalchemy.orm import Session

from egov_audit.audits.model import RunInfo
from egov_audit.audits.reviews import Review, applicable
from egov_audit.audits.scorecards import CriterionResult, Scorecard, scorecards
from egov_audit.render.axe import success_criteria
from egov_audit.reports.i18n import N_
from egov_audit.store.database import Store
from egov_audit.store.reviews import portal_reviews
from egov_audit.store.schema import AxeFindingRow, OutcomeRow, ScoreRow

_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff".encode()
TAG_SEPARATOR = "; "


@dataclass(frozen=True, slots=True)
class Column:
    name: str
    meaning: str


def _portal_columns() -> tuple[Column, ...]:
    """The columns every table has after run_id: which portal, and how it was classed then."""
    return (
        Column("portal_key", N_("The portal's identity: host, port and path of its start URL.")),
        Column("portal_name", N_("The portal's name.")),
        Column(
            "country", N_("The portal's country when the run was audited (ISO 3166-1 alpha-2); empty if not given.")
        ),
        Column(
            "tags",
            N_(
                "The portal's tags when the run was audited, as key=value pairs sorted by key and separated by "
                "'; ' (an object in JSON); empty if none."
            ),
        ),
    )


# The data dictionary: every column of every table, in the order written. The archive's
# data page and docs are made from these, so a column cannot go undocumented.
TABLES: dict[str, tuple[Column, ...]] = {
    "runs": (
        Column("run_id", N_("The run's number in the store; its page is runs/RUN_ID.html.")),
        *_portal_columns(),
        Column("start_url", N_("Where the crawl started.")),
        Column("started_at", N_("When the run started (UTC, ISO 8601).")),
        Column("finished_at", N_("When it ended (UTC); empty if it did not.")),
        Column("status", N_("complete, partial (a page or time limit stopped the crawl), failed, interrupted.")),
        Column(
            "stop_reason",
            N_(
                "Why the crawl stopped: finished (every page found was fetched), max_pages (at the page cap), "
                "time_budget (at the time budget), cancelled (stopped before it ended)."
            ),
        ),
        Column("pages", N_("URLs fetched.")),
        Column("openness_index", N_("Mean of the pillar scores, 0 to 100; empty if no pillar was scored.")),
        Column("tool_version", N_("The egov-audit version that ran.")),
        Column("rules_digest", N_("A hash of the rule files and profile used: a change means a new instrument.")),
        Column("profile", N_("The rule profile.")),
        Column("axe_core", N_("The axe-core version that audited the rendered pages.")),
        Column("chromium", N_("The Chromium version that rendered them.")),
        Column("driver", N_("playwright or selenium.")),
        Column("fonts", N_("The fonts the pages were laid out with: their number and a digest of the list.")),
    ),
    "scores": (
        Column("run_id", N_("The run.")),
        *_portal_columns(),
        Column("pillar", N_("availability, accessibility, transparency, participation, inclusion, trust.")),
        Column("score", N_("Weighted share of the pillar's decided rules that pass, 0 to 100; empty if none.")),
        Column("passed", N_("Rules that passed.")),
        Column("failed", N_("Rules that failed.")),
        Column("errors", N_("Rules that could not be decided.")),
        Column("not_applicable", N_("Rules that did not apply.")),
    ),
    "outcomes": (
        Column("run_id", N_("The run.")),
        *_portal_columns(),
        Column("rule_id", N_("The rule (see egov-audit rules explain RULE).")),
        Column("title", N_("The rule's title.")),
        Column("pillar", N_("The pillar it counts towards.")),
        Column("outcome", N_("pass, fail, not_applicable or error.")),
        Column("weight", N_("Its weight in the pillar score (0 for rules awaiting review).")),
        Column("review", N_("true when a person must confirm the outcome.")),
        Column("summary", N_("What the check found, in a sentence.")),
        Column("evidence_urls", N_("The pages behind the outcome, separated by spaces.")),
        Column("references", N_("Methodology indicators the rule follows (UN OSI, LOSI, WCAG, ...).")),
    ),
    "findings": (
        Column("run_id", N_("The run.")),
        *_portal_columns(),
        Column("page_url", N_("The rendered page.")),
        Column("rule_id", N_("The axe-core rule.")),
        Column("kind", N_("violation, or needs_review (axe-core could not decide).")),
        Column("impact", N_("minor, moderate, serious or critical.")),
        Column("wcag", N_("WCAG success criteria the rule maps to.")),
        Column("targets", N_("CSS selector of the element; frames and shadow roots joined by ' >> '.")),
        Column("help_url", N_("Deque's explanation of the rule.")),
        Column("fingerprint", N_("Identifies the finding (rule, page, element) from run to run.")),
    ),
    "scorecards": (
        Column("run_id", N_("The run (runs that have rule outcomes; a failed run has none).")),
        *_portal_columns(),
        Column("methodology", N_("The methodology's id (un-losi, un-osi, eu-egov-benchmark, eu-wad, kz-124nq).")),
        Column("criterion", N_("The criterion's id; empty on the row of the methodology's total.")),
        Column("title", N_("The methodology's or the criterion's title.")),
        Column("indicators", N_("Indicators the methodology lists (in the criterion, on a criterion's row).")),
        Column("met", N_("Indicators met: met_by_rules plus met_by_review.")),
        Column("met_by_rules", N_("Indicators the rules decided as met.")),
        Column("met_by_review", N_("Indicators a person's review answered as met.")),
        Column("not_met", N_("Indicators not met.")),
        Column("unknown", N_("Indicators nothing decided: no rule examined them, or no review answered them.")),
        Column("share", N_("met / indicators, 0 to 1: an unknown indicator counts as not met.")),
        Column(
            "level",
            N_(
                "The methodology's level for the share (LOSI: very high above 0.75, high above 0.5, middle above "
                "0.25, else low); only on the total row, empty for a methodology without levels."
            ),
        ),
    ),
    "indicators": (
        Column("run_id", N_("The run (runs that have rule outcomes; a failed run has none).")),
        *_portal_columns(),
        Column("methodology", N_("The methodology's id.")),
        Column("criterion", N_("The criterion's id.")),
        Column("indicator", N_("The indicator's id, as rules cite it.")),
        Column(
            "status",
            N_(
                "automated (rules decide it), review (rules gather evidence, a person answers) or manual (a person "
                "answers; nothing on the public site decides it)."
            ),
        ),
        Column("answer", N_("met, not_met or unknown.")),
        Column("by", N_("What gave the answer: rules, review (a person's answer) or none (unknown).")),
        Column("rules", N_("The run's rules that cite the indicator, separated by spaces.")),
        Column("reviewer", N_("Who answered, when a review gave the answer.")),
        Column("reviewed_at", N_("When they answered (UTC, ISO 8601).")),
    ),
}


def _portal_cells(run: RunInfo) -> dict[str, Any]:
    return {
        "portal_key": run.portal_key,
        "portal_name": run.portal_name,
        "country": run.country,
        "tags": dict(run.tags),  # sorted pairs: the object's keys come sorted
    }


def _run_rows(runs: Iterable[RunInfo]) -> list[dict[str, Any]]:
    rows = []
    for run in runs:
        instrument = dict(run.instrument)
        rows.append(
            {
                "run_id": run.id,
                **_portal_cells(run),
                "start_url": run.start_url,
                "started_at": run.started_at.isoformat(timespec="seconds"),
                "finished_at": run.finished_at.isoformat(timespec="seconds") if run.finished_at else None,
                "status": str(run.status),
                "stop_reason": run.stop_reason,
                "pages": run.pages_count,
                "openness_index": run.openness_index,
                "tool_version": run.tool_version,
                "rules_digest": run.rules_digest,
                "profile": run.profile,
                "axe_core": instrument.get("axe_core"),
                "chromium": instrument.get("chromium"),
                "driver": instrument.get("driver"),
                "fonts": instrument.get("fonts"),
            }
        )
    return rows


def _count_cells(counts: Scorecard | CriterionResult) -> dict[str, Any]:
    return {
        "indicators": counts.total,
        "met": counts.met,
        "met_by_rules": counts.met_by_rules,
        "met_by_review": counts.met_by_review,
        "not_met": counts.not_met,
        "unknown": counts.unknown,
        "share": round(counts.share, 4),
    }


def _scorecard_rows(run: RunInfo, cards: tuple[Scorecard, ...]) -> list[dict[str, Any]]:
    """A methodology's total row, then one per criterion, in catalog order."""
    rows = []
    for card in cards:
        level = card.level
        portal, key = _portal_cells(run), card.methodology.id
        rows.append(
            {"run_id": run.id, **portal, "methodology": key, "criterion": None, "title": card.methodology.title}
            | _count_cells(card)
            | {"level": level.name if level is not None else None}
        )
        rows += [
            {"run_id": run.id, **portal, "methodology": key, "criterion": c.criterion.id, "title": c.criterion.title}
            | _count_cells(c)
            | {"level": None}
            for c in card.criteria
        ]
    return rows


def _indicator_rows(run: RunInfo, cards: tuple[Scorecard, ...]) -> list[dict[str, Any]]:
    return [
        {
            "run_id": run.id,
            **_portal_cells(run),
            "methodology": card.methodology.id,
            "criterion": result.indicator.criterion,
            "indicator": result.indicator.id,
            "status": result.indicator.status,
            "answer": result.answer,
            "by": result.by,
            "rules": " ".join(result.rules),
            "reviewer": result.review.who if result.review is not None else None,
            "reviewed_at": result.review.when.isoformat(timespec="seconds") if result.review is not None else None,
        }
        for card in cards
        for result in card.results
    ]


def _scorecards_of(store: Store, runs: list[RunInfo]) -> dict[int, tuple[Scorecard, ...]]:
    """Each run's scorecards, with the reviews recorded for its portal that apply to its evidence;
    a run without outcomes (a failed one) has none."""
    recorded: dict[str, list[Review]] = {}
    cards = {}
    for run in runs:
        outcomes = store.outcomes(run.id)
        if not outcomes:
            continue
        if run.portal_key not in recorded:
            recorded[run.portal_key] = portal_reviews(store, run.portal_key)
        cards[run.id] = scorecards(outcomes, applicable(recorded[run.portal_key], outcomes))
    return cards


def tables(store: Store, runs: list[RunInfo]) -> dict[str, list[dict[str, Any]]]:
    """Every table's rows for `runs`, ordered by run, then by the table's own key (the scorecards
    by the catalog's order of methodologies, criteria and indicators)."""
    ids = [run.id for run in runs]
    portal_of = {run.id: _portal_cells(run) for run in runs}
    with Session(store.engine) as session:
        scores = session.scalars(select(ScoreRow).where(ScoreRow.run_id.in_(ids))).all()
        outcomes = session.scalars(select(OutcomeRow).where(OutcomeRow.run_id.in_(ids)).order_by(OutcomeRow.id)).all()
        findings = session.scalars(
            select(AxeFindingRow).where(AxeFindingRow.run_id.in_(ids)).order_by(AxeFindingRow.id)
        ).all()
    cards = _scorecards_of(store, runs)
    ordered = sorted((run for run in runs if run.id in cards), key=lambda run: run.id)
    return {
        "runs": _run_rows(runs),
        "scores": sorted(
            (
                {
                    "run_id": s.run_id,
                    **portal_of[s.run_id],
                    "pillar": s.pillar,
                    "score": s.score,
                    "passed": s.passed,
                    "failed": s.failed,
                    "errors": s.errors,
                    "not_applicable": s.not_applicable,
                }
                for s in scores
            ),
            key=lambda row: (row["run_id"], row["pillar"]),
        ),
        "outcomes": sorted(
            (
                {
                    "run_id": o.run_id,
                    **portal_of[o.run_id],
                    "rule_id": o.rule_id,
                    "title": o.title,
                    "pillar": o.pillar,
                    "outcome": o.outcome,
                    "weight": o.weight,
                    "review": o.review,
                    "summary": o.summary,
                    "evidence_urls": " ".join(url for url, _detail in o.evidence),
                    "references": " ".join(f"{source}:{item}" for source, item in o.refs),
                }
                for o in outcomes
            ),
            key=lambda row: (row["run_id"], row["rule_id"]),
        ),
        "findings": sorted(
            (
                {
                    "run_id": f.run_id,
                    **portal_of[f.run_id],
                    "page_url": f.page_url,
                    "rule_id": f.rule_id,
                    "kind": "needs_review" if f.needs_review else "violation",
                    "impact": f.impact,
                    "wcag": " ".join(success_criteria(tuple(f.tags))),
                    "targets": " ".join(f.targets),
                    "help_url": f.help_url,
                    "fingerprint": f.fingerprint,
                }
                for f in findings
            ),
            key=lambda row: (row["run_id"], row["page_url"], row["rule_id"], row["targets"], row["kind"]),
        ),
        "scorecards": [row for run in ordered for row in _scorecard_rows(run, cards[run.id])],
        "indicators": [row for run in ordered for row in _indicator_rows(run, cards[run.id])],
    }


def tag_cell(tags: dict[str, str]) -> str:
    """Tags as one CSV cell: `region=Almaty; level=city`, sorted by key."""
    return TAG_SEPARATOR.join(f"{key}={value}" for key, value in sorted(tags.items()))


def _cell(value: Any) -> Any:
    if isinstance(value, dict):
        value = tag_cell(value)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return f"'{value}"
    return value


def to_csv(name: str, rows: list[dict[str, Any]], bom: bool = False) -> bytes:
    """The table as CSV in UTF-8; with `bom`, led by a byte order mark for Excel."""
    columns = [column.name for column in TABLES[name]]
    frame = pd.DataFrame([{key: _cell(value) for key, value in row.items()} for row in rows], columns=columns)
    text = frame.to_csv(index=False, lineterminator="\n").encode("utf-8")
    return BOM + text if bom else text


def to_json(content: dict[str, Any]) -> bytes:
    return (json.dumps(content, ensure_ascii=False, indent=1, sort_keys=True) + "\n").encode("utf-8")
