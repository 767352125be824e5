"""reports/downloads.py, the scorecard tables: scorecards.csv (a row per run, methodology and
criterion, and a total row per methodology) and indicators.csv (a row per run and indicator), with
the portal's name, country and tags, the reviews that apply counted, in the archive and its data page."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from egov_audit.audits.methodology_catalog import catalog
from egov_audit.audits.model import Evidence, Outcome, PillarScore, RuleOutcome, RunStatus
from egov_audit.audits.reviews import Review, evidence_digest
from egov_audit.crawler.model import StopReason
from egov_audit.reports.archive import render_archive
from egov_audit.reports.downloads import TABLES, tables, to_csv, to_json
from egov_audit.store.database import Store
from egov_audit.store.reviews import PortalReview, add_reviews

HOME = "http://p.test/"
LOSI = catalog()["un-losi"]
SCORED = [m for m in catalog().values() if m.scorecard]
AUTOMATED = [i.id for i in LOSI.indicators if i.status == "automated"]
REVIEWED = next(i.id for i in LOSI.indicators if i.status == "review")
MANUAL = next(i.id for i in LOSI.indicators if i.status == "manual")
WHEN = datetime(2026, 3, 2, 8, 30, tzinfo=UTC)


def losi_outcomes(passing: str) -> list[RuleOutcome]:
    return [
        RuleOutcome("passes", "Passes", "transparency", 1, Outcome.PASS, "ok", refs=(("un-losi", passing),), score=1.0),
        RuleOutcome(
            "fails", "Fails", "transparency", 0, Outcome.FAIL, "no", refs=(("un-losi", AUTOMATED[1]),), score=0.0
        ),
        RuleOutcome(
            "gathers",
            "Gathers",
            "transparency",
            0,
            Outcome.PASS,
            "found",
            (Evidence(f"{HOME}budget/"),),
            review=True,
            refs=(("un-losi", REVIEWED),),
        ),
    ]


def record(store: Store, outcomes: list[RuleOutcome], status: RunStatus = RunStatus.COMPLETE) -> int:
    run_id = store.start_run("p", "P", HOME, "0.2.0", "digest", {}, country="KZ", tags={"region": "Алматы"})
    scores = [PillarScore("transparency", 50.0, 1, 1, 0, 0)] if outcomes else []
    store.finish_run(run_id, status, StopReason.FINISHED, outcomes, scores, 50.0 if outcomes else None)
    return run_id


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = Store(f"sqlite:///{tmp_path / 's.sqlite'}")
    first = losi_outcomes(AUTOMATED[0])
    record(store, first)
    record(store, [], RunStatus.FAILED)  # nothing audited: no scorecard
    record(store, losi_outcomes(AUTOMATED[2]))  # the evidence of REVIEWED unchanged
    answers = [
        Review("un-losi", REVIEWED, True, "=auditor", WHEN, evidence_digest(first, "un-losi", REVIEWED)),
        Review("un-losi", MANUAL, False, "auditor", WHEN, ""),
    ]
    add_reviews(store, [PortalReview("p", 1, answer) for answer in answers])
    yield store
    store.close()


def csv_rows(data: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"), newline="")))


def test_scorecards_have_a_total_row_per_methodology_then_its_criteria(store: Store) -> None:
    rows = csv_rows(to_csv("scorecards", tables(store, store.runs())["scorecards"]))
    per_run = sum(1 + len(m.criteria) for m in SCORED)
    assert [row["run_id"] for row in rows] == ["1"] * per_run + ["3"] * per_run  # the failed run 2 has none
    total = rows[0]
    assert {k: total[k] for k in ("portal_name", "country", "tags", "methodology", "criterion", "title")} == {
        "portal_name": "P",
        "country": "KZ",
        "tags": "region=Алматы",
        "methodology": "un-losi",
        "criterion": "",
        "title": LOSI.title,
    }
    counts = ("indicators", "met", "met_by_rules", "met_by_review", "not_met", "unknown", "share", "level")
    # One met by rules, one by a review, two not met (a rule of weight 0 fails; a manual one answered no).
    assert [total[k] for k in counts] == ["86", "2", "1", "1", "2", "82", str(round(2 / 86, 4)), "low"]
    criteria = rows[1 : 1 + len(LOSI.criteria)]
    assert [row["criterion"] for row in criteria] == [c.id for c in LOSI.criteria]
    assert sum(int(row["indicators"]) for row in criteria) == 86
    assert sum(int(row["met"]) for row in criteria) == 2 and all(row["level"] == "" for row in criteria)


def test_indicators_have_a_row_per_run_and_indicator_with_who_answered(store: Store) -> None:
    rows = csv_rows(to_csv("indicators", tables(store, store.runs())["indicators"]))
    per_run = sum(len(m.indicators) for m in SCORED)
    assert len(rows) == 2 * per_run
    first = {row["indicator"]: row for row in rows[:per_run] if row["methodology"] == "un-losi"}
    assert len(first) == 86
    cells = ("status", "answer", "by", "rules", "reviewer", "reviewed_at")
    assert [first[AUTOMATED[0]][k] for k in cells] == ["automated", "met", "rules", "passes", "", ""]
    assert [first[AUTOMATED[1]][k] for k in cells] == ["automated", "not_met", "rules", "fails", "", ""]
    reviewed = [first[REVIEWED][k] for k in cells]
    assert reviewed == ["review", "met", "review", "gathers", "'=auditor", "2026-03-02T08:30:00+00:00"]  # inert
    assert [first[MANUAL][k] for k in ("answer", "by", "reviewer")] == ["not_met", "review", "auditor"]
    latest = {row["indicator"]: row for row in rows[per_run:] if row["methodology"] == "un-losi"}
    assert latest[REVIEWED]["answer"] == "met"  # the evidence it was given for is unchanged: it carries over
    assert (latest[AUTOMATED[0]]["answer"], latest[AUTOMATED[2]]["answer"]) == ("unknown", "met")


def test_a_review_lapses_when_its_evidence_changes(store: Store) -> None:
    moved = losi_outcomes(AUTOMATED[0])
    moved[2] = RuleOutcome(
        "gathers",
        "Gathers",
        "transparency",
        0,
        Outcome.PASS,
        "found",
        (Evidence(f"{HOME}moved/"),),
        review=True,
        refs=(("un-losi", REVIEWED),),
    )
    run_id = record(store, moved)
    rows = [row for row in tables(store, [store.run(run_id)])["indicators"] if row["indicator"] == REVIEWED]
    assert [(row["answer"], row["by"]) for row in rows] == [("unknown", "none")]


def test_the_tables_are_documented_and_in_the_archive(store: Store, tmp_path: Path) -> None:
    for name in ("scorecards", "indicators"):
        every = tables(store, store.runs())[name]
        assert list(every[0]) == [column.name for column in TABLES[name]]
        assert all(column.meaning for column in TABLES[name])
    out = tmp_path / "archive"
    render_archive(store, out)
    for path in (
        "data/scorecards.csv",
        "data/indicators.csv",
        "data/runs/1/scorecards.csv",
        "data/runs/3/indicators.csv",
    ):
        assert (out / path).is_file(), path
    assert b'"scorecards"' in (out / "data" / "history.json").read_bytes()
    page = (out / "data" / "index.html").read_text(encoding="utf-8")
    assert "scorecards.csv" in page and "<code>met_by_review</code>" in page and "<code>reviewed_at</code>" in page
    assert to_json(tables(store, store.runs())) == (out / "data" / "history.json").read_bytes()
