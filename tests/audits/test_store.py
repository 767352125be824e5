"""The store: round trips, and runs that die midway."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from audits.model import Evidence, Link, Outcome, PageSnapshot, PillarScore, RuleOutcome, RunStatus, StopReason
from audits.store import Store
from tests.conftest import run_cli
from tests.portals import endless_site, serve_app


def test_a_run_round_trips(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 's.sqlite'}")
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
    outcome = RuleOutcome("r-1", "t", "availability", 2.0, Outcome.FAIL, "s", (Evidence("http://p.test/", "d"),))
    store.finish_run(
        run_id, RunStatus.COMPLETE, StopReason.FINISHED, [outcome], [PillarScore("availability", 0.0, 0, 1, 0, 0)], 0.0
    )
    result = store.load_result(run_id)
    assert result.run.status is RunStatus.COMPLETE and result.run.pages_count == 1
    assert result.site.pages == [page]
    assert result.outcomes == [outcome]
    assert result.scores == [PillarScore("availability", 0.0, 0, 1, 0, 0)]
    store.close()


def test_a_run_whose_process_is_gone_is_marked_interrupted(tmp_path: Path) -> None:
    store = Store(f"sqlite:///{tmp_path / 's.sqlite'}")
    run_id = store.start_run("p", "Portal", "http://p.test/", "0.1", "d" * 64, {})
    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True, check=True
    )
    connection = sqlite3.connect(tmp_path / "s.sqlite")
    connection.execute("UPDATE runs SET pid = ? WHERE id = ?", (int(gone.stdout), run_id))
    connection.commit()
    connection.close()
    assert store.mark_interrupted_runs() == 1
    assert store.run(run_id).status is RunStatus.INTERRUPTED  # type: ignore[union-attr]
    live = store.start_run("p", "Portal", "http://p.test/", "0.1", "d" * 64, {})
    assert store.mark_interrupted_runs() == 0  # this process is alive: its run stays running
    assert store.run(live).status is RunStatus.RUNNING  # type: ignore[union-attr]


def dump(db: Path, run_id: int) -> tuple[list[tuple], list[tuple], list[tuple]]:
    connection = sqlite3.connect(db)
    rows = (
        connection.execute("SELECT * FROM runs WHERE id = ?", (run_id,)).fetchall(),
        connection.execute("SELECT * FROM pages WHERE run_id = ? ORDER BY id", (run_id,)).fetchall(),
        connection.execute("SELECT * FROM outcomes WHERE run_id = ? ORDER BY id", (run_id,)).fetchall(),
    )
    connection.close()
    return rows


def test_a_run_killed_midway_leaves_earlier_runs_intact_and_itself_not_complete(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    url = f"sqlite:///{db}"
    with serve_app(endless_site()) as quick:
        first = run_cli("check", f"{quick.base_url}/", "--json", "--max-pages", "20", "--db", url, cwd=tmp_path)
    first_id = json.loads(first.stdout)["run"]["id"]
    before = dump(db, first_id)

    with serve_app(endless_site(delay=0.2)) as slow:
        child = subprocess.Popen(
            [sys.executable, "-m", "audits", "check", f"{slow.base_url}/", "--max-depth", "1000", "--db", url],
            cwd=tmp_path,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        killed_id = None
        while time.monotonic() < deadline:  # wait until the run has written some pages, then kill it
            connection = sqlite3.connect(db)
            row = connection.execute("SELECT id, pages_count FROM runs WHERE id > ?", (first_id,)).fetchone()
            connection.close()
            if row and row[1] > 0:
                killed_id = row[0]
                break
            time.sleep(0.1)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    assert killed_id is not None, "the second run never wrote a page"
    assert dump(db, first_id) == before
    connection = sqlite3.connect(db)
    status, pages = connection.execute("SELECT status, pages_count FROM runs WHERE id = ?", (killed_id,)).fetchone()
    connection.close()
    assert status == "running" and pages > 0

    with serve_app(endless_site()) as quick:
        run_cli("check", f"{quick.base_url}/", "--max-pages", "5", "--db", url, cwd=tmp_path)
    connection = sqlite3.connect(db)
    (status,) = connection.execute("SELECT status FROM runs WHERE id = ?", (killed_id,)).fetchone()
    connection.close()
    assert status == "interrupted"
    assert dump(db, first_id) == before
