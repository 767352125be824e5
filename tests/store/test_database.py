"""The store: round trips, and runs that die midway."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, text

from egov_audit.audits.model import CrawlCoverage, Evidence, Outcome, PillarScore, RuleOutcome, RunStatus
from egov_audit.audits.notes import Listing, note, percent
from egov_audit.crawler.model import Link, PageSnapshot, StopReason
from egov_audit.store.database import Store
from tests.conftest import run_cli
from tests.portals import endless_site, serve_app


def query(engine: Engine, statement: str, **params: Any) -> list[tuple[Any, ...]]:
    """Run one SQL statement in its own transaction, as another client of the store's database would."""
    with engine.begin() as connection:
        result = connection.execute(text(statement), params)
        return [tuple(row) for row in result] if result.returns_rows else []


def test_a_run_round_trips(store_url: str) -> None:
    store = Store(store_url)
    run_id = store.start_run("p", "Portal", "http://p.test/", "0.1", "d" * 64, {"max_pages": 5})
    assert store.run(run_id).status is RunStatus.RUNNING  # type: ignore[union-attr]
    page = PageSnapshot(
        url="http://p.test/",
        status=200,
        content_type="text/html",
        elapsed=0.1,
        size=10,
        title="Қош келдіңіз",
        links=(Link("http://p.test/a/", "Ақпарат"),),
    )
    store.add_pages(run_id, [page])
    evidence = (Evidence("http://p.test/", "d"),)
    outcome = RuleOutcome("r-1", "t", "availability", 2.0, Outcome.FAIL, "s", evidence, score=0.4)
    thin = (note("off_site", share="67%", links=3, hosts="cdn.p.test", pages=1, min=10),)
    coverage = CrawlCoverage(
        1, 3, 2, (("cdn.p.test", 2),), None, 0, 2.5, thin, (note("allow_host", host="cdn.p.test"),)
    )
    gaps = (("accessibility", "every rule not applicable: The page was not rendered."),)
    scores = [PillarScore("availability", 40.0, 0, 1, 0, 0)]
    store.finish_run(run_id, RunStatus.COMPLETE, StopReason.FINISHED, [outcome], scores, None, None, coverage, gaps)
    result = store.load_result(run_id)
    assert result.run.status is RunStatus.COMPLETE and result.run.pages_count == 1
    assert result.run.coverage == coverage and result.run.index_gaps == gaps
    assert result.run.unranked == ("no index", f"accessibility not scored ({gaps[0][1]})")
    assert result.site.pages == [page]
    assert result.outcomes == [outcome]
    assert result.scores == scores
    store.close()


def test_an_outcome_keeps_the_notes_of_its_summary_and_evidence(store_url: str) -> None:
    """Notes (s0008) come back with their numbers, listings and nested notes; evidence that is data
    keeps no note; the English words stay as they were."""
    store = Store(store_url)
    run_id = store.start_run("p", "Portal", "http://p.test/", "0.1", "d" * 64, {})
    hop = note("broken_linked_from", answer=note("no_answer"), pages="http://p.test/")
    problems = Listing((note("no_feedback_contact"), note("dated_days", n=400)))
    evidence = (
        Evidence.of("http://p.test/a", hop),
        Evidence("http://p.test/b", "HTTP 404"),
        Evidence.of("x", problems),
    )
    summary = note("page_share_needed", failing=1, pages=3, share=percent(2 / 3, 1), min=percent(0.9))
    outcome = RuleOutcome(
        "r-1", "t", "availability", 2.0, Outcome.FAIL, summary.words(), evidence, score=0.67, note=summary
    )
    store.finish_run(run_id, RunStatus.COMPLETE, StopReason.FINISHED, [outcome], [], None, None, None, ())
    (stored,) = store.load_result(run_id).outcomes
    assert stored.summary == "1 of 3 pages fail (66.7% pass); at least 90% must."
    assert stored.note == summary
    assert [e.note for e in stored.evidence] == [hop, None, problems]
    assert [e.detail for e in stored.evidence] == [e.detail for e in evidence]
    store.close()


def test_each_run_keeps_the_country_and_tags_it_was_audited_with(store_url: str) -> None:
    store = Store(store_url)
    first = store.start_run(
        "p", "Portal", "http://p.test/", "0.1", "d" * 64, {}, country="KZ", tags={"region": "Almaty"}
    )
    moved = {"region": "Astana", "level": "national"}
    second = store.start_run("p", "Portal", "http://p.test/", "0.1", "d" * 64, {}, country="KZ", tags=moved)
    untagged = store.start_run("q", "Other", "http://q.test/", "0.1", "d" * 64, {})
    died = store.record_failed_run("p", "Portal", "http://p.test/", "died at once", "KZ", {"region": "Almaty"})
    found = {run.id: (run.country, run.tags) for run in store.runs()}
    assert found == {
        first: ("KZ", (("region", "Almaty"),)),
        second: ("KZ", (("level", "national"), ("region", "Astana"))),  # sorted pairs, whatever the order given
        untagged: (None, ()),
        died: ("KZ", (("region", "Almaty"),)),
    }
    store.close()


def test_a_run_whose_process_is_gone_is_marked_interrupted(store_url: str) -> None:
    store = Store(store_url)
    run_id = store.start_run("p", "Portal", "http://p.test/", "0.1", "d" * 64, {})
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    other_client = create_engine(store_url)
    query(other_client, "UPDATE runs SET pid = :pid WHERE id = :id", pid=int(gone.stdout), id=run_id)
    other_client.dispose()
    assert store.mark_interrupted_runs() == 1
    assert store.run(run_id).status is RunStatus.INTERRUPTED  # type: ignore[union-attr]
    live = store.start_run("p", "Portal", "http://p.test/", "0.1", "d" * 64, {})
    assert store.mark_interrupted_runs() == 0  # this process is alive: its run stays running
    assert store.run(live).status is RunStatus.RUNNING  # type: ignore[union-attr]
    store.close()


def dump(db: Engine, run_id: int) -> tuple[list[tuple], list[tuple], list[tuple]]:
    return (
        query(db, "SELECT * FROM runs WHERE id = :id", id=run_id),
        query(db, "SELECT * FROM pages WHERE run_id = :id ORDER BY id", id=run_id),
        query(db, "SELECT * FROM outcomes WHERE run_id = :id ORDER BY id", id=run_id),
    )


def test_a_run_killed_midway_leaves_earlier_runs_intact_and_itself_not_complete(tmp_path: Path, store_url: str) -> None:
    with serve_app(endless_site()) as quick:
        first = run_cli("check", f"{quick.base_url}/", "--json", "--max-pages", "20", "--db", store_url, cwd=tmp_path)
    assert first.returncode in (0, 1) and first.stdout, first.stderr  # 1 is also what a crash exits with
    first_id = json.loads(first.stdout)["run"]["id"]
    db = create_engine(store_url)  # read by another client while the CLI writes
    before = dump(db, first_id)

    with serve_app(endless_site(delay=0.2)) as slow:
        child = subprocess.Popen(
            [sys.executable, "-m", "egov_audit", "check", f"{slow.base_url}/", "--max-depth=1000", f"--db={store_url}"],
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        killed_id = None
        while time.monotonic() < deadline:  # wait until the run has written some pages, then kill it
            rows = query(db, "SELECT id, pages_count FROM runs WHERE id > :id", id=first_id)
            if rows and rows[0][1] > 0:
                killed_id = rows[0][0]
                break
            time.sleep(0.1)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert killed_id is not None, "the second run never wrote a page"
    assert dump(db, first_id) == before
    [(status, pages)] = query(db, "SELECT status, pages_count FROM runs WHERE id = :id", id=killed_id)
    assert status == "running" and pages > 0

    with serve_app(endless_site()) as quick:
        run_cli("check", f"{quick.base_url}/", "--max-pages", "5", "--db", store_url, cwd=tmp_path)
    [(status,)] = query(db, "SELECT status FROM runs WHERE id = :id", id=killed_id)
    assert status == "interrupted"
    assert dump(db, first_id) == before
    db.dispose()
