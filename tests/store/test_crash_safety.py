"""kill -9 never corrupts the store.

`check` is killed with SIGKILL, its whole process group at once, at moments drawn from a seeded
random generator and aimed at different phases (while the store opens, once its run is open, while
pages are written, late in the crawl, while the report is written, while pages are rendered), and
twice from inside, right after a statement of the transaction that writes pages and of the one
that writes outcomes and scores. After every kill the store passes its integrity checks, no
process of the killed `check` is left, and every run that had ended is byte-identical to what it
was; at the end no run is left `running` (the next start, or `status`, marks a dead process's run
`interrupted`) and a normal run completes. A fresh store's first migration is also killed after
each of its statements: the store opens afterwards all the same.
"""

from __future__ import annotations

import contextlib
import json
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import psutil
import pytest
from sqlalchemy import Engine, create_engine, inspect, update
from sqlalchemy.pool import NullPool

from egov_audit.audits.model import RunStatus
from egov_audit.store.database import Store
from egov_audit.store.migrations import current_revision, head_revision
from egov_audit.store.schema import RunRow
from tests.browsers import MARK, MARK_NAME, assert_no_browser_left, browser_processes
from tests.conftest import run_cli
from tests.portals import App, Reply, Served, serve_app
from tests.schedules import wait_for, write_config
from tests.store.test_database import query

SEED = 7
MAX_PAGES = 60  # at 0.05 s a page, a crawl of a few seconds
ENDED = {RunStatus.COMPLETE, RunStatus.PARTIAL, RunStatus.FAILED, RunStatus.INTERRUPTED}
# Tables whose rows belong to one run, and the column naming the run.
RUN_TABLES = {"runs": "id", "pages": "run_id", "outcomes": "run_id", "scores": "run_id", "axe_findings": "run_id"}
# Not a run's data: the schema's version, the scheduler's jobs, and the coordination of processes
# (daemons' heartbeats, portal locks; s0006), whose rows a killed process leaves to expire; and
# people's answers (s0009), which `review import` writes, never an audit.
OTHER_TABLES = {"portals", "alembic_version", "apscheduler_jobs", "daemons", "portal_locks", "reviews"}


def letters(n: int) -> str:
    """n written in letters: 0 a, 25 z, 26 ba ..."""
    word = ""
    while True:
        n, digit = divmod(n, 26)
        word = chr(ord("a") + digit) + word
        if n == 0:
            return word


def endless_lettered_site(delay: float) -> App:
    """Every page links to the next two, as tests.portals.endless_site does, but its pages are named
    in letters (/p-b/, /p-c/ ...): no two are one URL family, which the crawler caps as a likely
    trap, so only --max-pages ends the crawl."""
    number = {letters(n): n for n in range(4 * MAX_PAGES)}

    def app(path: str) -> Reply:
        name = path.strip("/").removeprefix("p-") or "a"
        if name not in number:
            return Reply(404, "not here", "text/plain")
        n = number[name]
        links = f'<a href="/p-{letters(n + 1)}/">next</a> <a href="/p-{letters(n + 2)}/">skip</a>'
        return Reply(200, f'<!DOCTYPE html><html lang="en"><title>Page {name}</title>{links}</html>', delay=delay)

    return app


def table_rows(engine: Engine, table: str, where: str, **params: Any) -> list[bytes]:
    """Rows of `table` in a canonical form: each row's values, as Python writes them, in key order."""
    key = ", ".join(inspect(engine).get_pk_constraint(table)["constrained_columns"])
    rows = query(engine, f"SELECT * FROM {table} WHERE {where} ORDER BY {key}", **params)
    return [repr(row).encode() for row in rows]


def run_dump(engine: Engine, run_id: int) -> dict[str, list[bytes]]:
    """Every row of every table that belongs to run `run_id`, and its portal's row."""
    tables = set(inspect(engine).get_table_names())
    assert tables <= RUN_TABLES.keys() | OTHER_TABLES, (
        f"new tables {tables - RUN_TABLES.keys() - OTHER_TABLES}: say here whose rows they hold"
    )
    dump = {table: table_rows(engine, table, f"{column} = :run", run=run_id) for table, column in RUN_TABLES.items()}
    [(portal_id,)] = query(engine, "SELECT portal_id FROM runs WHERE id = :run", run=run_id)
    dump["portals"] = table_rows(engine, "portals", "id = :id", id=portal_id)
    return dump


def runs(engine: Engine) -> dict[int, tuple[str, int]]:
    """Each run's status and pages count."""
    return {
        run_id: (status, pages) for run_id, status, pages in query(engine, "SELECT id, status, pages_count FROM runs")
    }


def check_store(engine: Engine, store_url: str) -> None:
    """The store's own checks, and what the store promises whatever moment a writer died at."""
    if store_url.startswith("sqlite"):
        connection = sqlite3.connect(store_url.removeprefix("sqlite:///"))
        try:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
        finally:
            connection.close()
    else:  # the killed client's server process goes, and with it its locks and its open transaction
        others = "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        wait_for(lambda: not query(engine, others), 30, "the killed process's connections to end")
    with engine.connect() as connection:
        assert current_revision(connection) == head_revision()
    counted = dict(query(engine, "SELECT run_id, count(*) FROM pages GROUP BY run_id"))
    scored = {run_id for (run_id,) in query(engine, "SELECT DISTINCT run_id FROM scores")}
    judged = {run_id for (run_id,) in query(engine, "SELECT DISTINCT run_id FROM outcomes")}
    for run_id, (status, pages) in runs(engine).items():
        assert pages == counted.get(run_id, 0), f"run {run_id}: pages_count is written with its pages"
        finished = status in (RunStatus.COMPLETE, RunStatus.PARTIAL)
        assert (run_id in scored, run_id in judged) == (finished, finished), f"run {run_id} is {status}: " + (
            "its outcomes and scores are written with its status"
        )


@dataclass(frozen=True)
class Sight:
    """What the test sees of a running `check`: requests its portal answered, the run it opened."""

    requests: int
    run_id: int | None
    run_status: str | None
    pages_written: int
    browsers: int


@dataclass(frozen=True)
class Kill:
    phase: str
    ready: Callable[[Sight], bool]
    delay: tuple[float, float] = (0.0, 0.0)  # drawn from this range, slept once `ready`
    render: bool = False
    inside: str | None = None  # or `check` kills itself right after the SQL statement that begins so


# `python -m audits`, but SIGKILLing itself right after the first SQL statement that begins with
# argv[1] has run, inside its transaction: a moment no timing from outside can aim at.
KILL_INSIDE = """
import os, signal, sys
from sqlalchemy import event
from sqlalchemy.engine import Engine

prefix = sys.argv.pop(1)

@event.listens_for(Engine, "after_cursor_execute")
def _kill(connection, cursor, statement, *rest):
    if statement.lstrip().upper().startswith(prefix):
        os.kill(os.getpid(), signal.SIGKILL)

from egov_audit.cli import main
main()
"""


def kills(full_requests: int, full_pages: int) -> list[Kill]:
    """The moments, each aimed at a phase of a `check` (a kill may land a little later: the test
    asserts what holds wherever it lands)."""
    return [
        Kill("while the store opens", lambda sight: True, (0.3, 1.5)),
        Kill("once its run is open", lambda sight: sight.run_id is not None, (0.0, 0.3)),
        Kill("while pages are written", lambda sight: sight.pages_written > 0, (0.0, 0.3)),
        Kill("late in the crawl", lambda sight: sight.requests >= full_requests * 3 // 4, (0.0, 0.2)),
        Kill("inside the transaction that writes pages", lambda sight: False, inside="INSERT INTO PAGES"),
        Kill(
            "inside the transaction that writes outcomes and scores", lambda sight: False, inside="INSERT INTO SCORES"
        ),
        Kill("while the report is written", lambda sight: sight.run_status == RunStatus.COMPLETE, (0.0, 0.3)),
        Kill(
            "while pages are rendered",
            lambda sight: sight.pages_written >= full_pages and sight.browsers > 0,
            (0.0, 1.0),
            render=True,
        ),
    ]


def check_args(url: str, store_url: str, folder: Path, render: bool = False) -> list[str]:
    return [
        "check",
        url,
        "--json",
        "--render",
        "2" if render else "0",
        "--max-pages",
        str(MAX_PAGES),
        "--max-depth",
        "1000",
        "--no-progress",
        "--db",
        store_url,
        "--report",
        str(folder / "report.html"),
    ]


def leftovers(started: float, group: int) -> list[psutil.Process]:
    """Processes of the killed `check` still alive: in its process group, or started since it was
    by this test session and not PostgreSQL's (a process that left the group is found too)."""
    found = []
    for process in psutil.process_iter(["name", "create_time", "status"]):
        try:
            if process.pid == os.getpid() or process.info["status"] == psutil.STATUS_ZOMBIE:
                continue
            if os.getpgid(process.pid) == group or (
                process.info["create_time"] >= started
                and process.info["name"] != "postgres"
                and process.environ().get(MARK_NAME) == MARK
            ):
                found.append(process)
        except (psutil.Error, ProcessLookupError):
            continue
    return found


@dataclass
class Attempt:
    phase: str
    delay: float
    run_id: int | None
    killed: bool  # False: it ended by itself before its moment came
    inside: bool  # killed from inside a transaction


def kill_at(kill: Kill, delay: float, served: Served, engine: Engine, store_url: str, folder: Path) -> Attempt:
    before_requests = len(served.requested)
    [(last_run,)] = query(engine, "SELECT coalesce(max(id), 0) FROM runs")
    started = time.time() - 0.5

    def sight() -> Sight:
        run = query(engine, "SELECT id, status, pages_count FROM runs WHERE id > :last ORDER BY id", last=last_run)
        run_id, status, pages = run[0] if run else (None, None, 0)
        return Sight(
            requests=len(served.requested) - before_requests,
            run_id=run_id,
            run_status=status,
            pages_written=pages,
            browsers=len(browser_processes(started)) if kill.render else 0,
        )

    args = check_args(f"{served.base_url}/", store_url, folder, kill.render)
    command = ["-c", KILL_INSIDE, kill.inside, *args] if kill.inside else ["-m", "egov_audit", *args]
    with (folder / f"check-{kill.phase}.log").open("w") as log:
        child = subprocess.Popen(
            [sys.executable, *command],
            cwd=folder,
            stdout=subprocess.DEVNULL,
            stderr=log,
            start_new_session=True,  # its own process group: the kill takes every process it started
        )
    try:
        wait_for(lambda: child.poll() is not None or kill.ready(sight()), 120, f"check to get {kill.phase}", 0.02)
        time.sleep(delay)
        killed = child.poll() is None or child.returncode == -signal.SIGKILL
    finally:
        with contextlib.suppress(ProcessLookupError):  # what it started dies with it
            os.killpg(child.pid, signal.SIGKILL)
        child.wait(timeout=60)
    wait_for(lambda: not leftovers(started, child.pid), 20, f"the processes of the check killed {kill.phase} to end")
    if kill.render:
        assert_no_browser_left(started)
    return Attempt(kill.phase, delay, sight().run_id, killed, kill.inside is not None)


@pytest.fixture
def slow_portal() -> Iterator[Served]:
    with serve_app(endless_lettered_site(delay=0.05)) as served:
        yield served


@pytest.mark.timeout(600)  # eight crawls of a few seconds; a safety net, not a measure
def test_kill_9_at_any_moment_never_corrupts_the_store(tmp_path: Path, store_url: str, slow_portal: Served) -> None:
    url = f"{slow_portal.base_url}/"
    engine = create_engine(store_url, poolclass=NullPool)  # another client, holding no connection between looks
    first = run_cli(*check_args(url, store_url, tmp_path), cwd=tmp_path)
    assert first.returncode == 0, first.stderr
    first_run = json.loads(first.stdout)["run"]["id"]
    full_requests = len(slow_portal.requested)
    status, full_pages = runs(engine)[first_run]
    assert status == RunStatus.COMPLETE and full_pages > MAX_PAGES  # pages, robots.txt, sitemaps ...
    ended = {first_run: run_dump(engine, first_run)}  # every run that has ended, as it was then

    rng = random.Random(SEED)
    attempts = []
    for kill in kills(full_requests, full_pages):
        attempt = kill_at(kill, rng.uniform(*kill.delay), slow_portal, engine, store_url, tmp_path)
        attempts.append(attempt)
        check_store(engine, store_url)
        for run_id, dump in ended.items():
            assert run_dump(engine, run_id) == dump, f"run {run_id} changed after the check killed {kill.phase}"
        for run_id, (status, _pages) in runs(engine).items():
            if run_id not in ended and status in ENDED:
                ended[run_id] = run_dump(engine, run_id)
    summary = "; ".join(f"{a.phase} +{a.delay:.2f} s: run {a.run_id}, killed {a.killed}" for a in attempts)

    config = write_config(tmp_path, [{"name": "slow", "url": url}])
    config.write_text(config.read_text().replace("sqlite:///store.sqlite", store_url))
    status = run_cli("status", str(config), cwd=tmp_path)  # marks the last killed run, shows none running
    assert status.returncode == 0, status.stderr
    assert "in progress" in status.stdout and " since " not in status.stdout, status.stdout
    stored = runs(engine)
    assert RunStatus.RUNNING not in {status for status, _pages in stored.values()}, f"{stored}: {summary}"
    for attempt in attempts:
        if attempt.inside:  # killed at an exact moment: its run was open, and it had not ended
            assert attempt.killed and attempt.run_id is not None, f"{attempt.phase}: {summary}"
            assert stored[attempt.run_id][0] == RunStatus.INTERRUPTED, f"{attempt.phase}: {summary}"
        elif attempt.run_id is not None:  # a kill drawn late may come once the run is complete
            ends = (RunStatus.INTERRUPTED, RunStatus.COMPLETE)
            assert stored[attempt.run_id][0] in ends, f"run {attempt.run_id} killed {attempt.phase}: {summary}"

    last = run_cli(*check_args(url, store_url, tmp_path), cwd=tmp_path)
    assert last.returncode == 0, last.stderr
    assert json.loads(last.stdout)["run"]["status"] == RunStatus.COMPLETE
    check_store(engine, store_url)
    for run_id, dump in ended.items():
        assert run_dump(engine, run_id) == dump, f"run {run_id} changed: {summary}"
    engine.dispose()


# Opens each store of argv[1] (a JSON list of [url, n]) in a child forked for it, which SIGKILLs
# itself right after its n-th SQL statement (n = 0: never; it prints the statements' verbs).
# Prints the children's exit codes. Forking saves an interpreter start per store.
KILL_AFTER_STATEMENT = """
import json, os, signal, sys
from sqlalchemy import event
from sqlalchemy.engine import Engine
from egov_audit.store.database import Store

verbs = []

@event.listens_for(Engine, "after_cursor_execute")
def _after(connection, cursor, statement, *rest):
    verbs.append(statement.split(None, 1)[0].upper() if statement.strip() else "")
    if len(verbs) == kill_after:
        os.kill(os.getpid(), signal.SIGKILL)

codes = []
for url, kill_after in json.loads(sys.argv[1]):
    child = os.fork()
    if child == 0:
        Store(url).close()
        print(json.dumps(verbs), flush=True)
        os._exit(0)
    codes.append(os.waitstatus_to_exitcode(os.waitpid(child, 0)[1]))
print(json.dumps(codes))
"""


def kill_after_statements(stores: list[tuple[str, int]]) -> list[str]:
    done = subprocess.run(
        [sys.executable, "-c", KILL_AFTER_STATEMENT, json.dumps(stores)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    return done.stdout.splitlines()


def fresh_store(store_url: str, tmp_path: Path, name: str, request: pytest.FixtureRequest) -> str:
    if store_url.startswith("sqlite"):
        return f"sqlite:///{tmp_path / f'{name}.sqlite'}"
    return request.getfixturevalue("postgres").create_database()


def test_a_first_migration_killed_after_any_statement_leaves_a_store_that_opens(
    tmp_path: Path, store_url: str, request: pytest.FixtureRequest
) -> None:
    """SQLite's driver committed each CREATE TABLE by itself: a kill among them left a store
    that never opened again ("table portals already exists"). Now the migration is one transaction."""
    verbs, _codes = kill_after_statements([(store_url, 0)])
    writes = [n for n, verb in enumerate(json.loads(verbs), 1) if verb not in ("PRAGMA", "SELECT")]
    assert len(writes) > 10  # the tables, their indexes, the revision stamps
    stores = [(fresh_store(store_url, tmp_path, f"killed-{n}", request), n) for n in writes]
    codes = json.loads(kill_after_statements(stores)[-1])
    assert codes == [-signal.SIGKILL] * len(writes)
    for url, n in stores:
        store = Store(url)  # opens, and finishes the migration the killed process began
        run_id = store.start_run("p", "Portal", "http://p.test/", "0", "d" * 64, {})
        store.end_unfinished_run(run_id, RunStatus.FAILED, f"a test run after a kill after statement {n}")
        store.close()
        engine = create_engine(url, poolclass=NullPool)
        check_store(engine, url)
        engine.dispose()


def test_a_run_left_by_a_process_from_before_a_reboot_is_interrupted(store_url: str) -> None:
    """After a reboot the PIDs start again: a live process with the PID of a dead run's process
    but started after that run is another process, and the run is not left `running` for ever."""
    store = Store(store_url)
    run_id = store.start_run("p", "Portal", "http://p.test/", "0", "d" * 64, {})
    engine = create_engine(store_url, poolclass=NullPool)
    before_this_process = datetime.fromtimestamp(psutil.Process().create_time() - 3600, UTC)
    with engine.begin() as connection:
        connection.execute(update(RunRow).where(RunRow.id == run_id).values(started_at=before_this_process))
    engine.dispose()
    assert store.mark_interrupted_runs() == 1
    assert store.run(run_id).status is RunStatus.INTERRUPTED  # type: ignore[union-attr]
    store.close()
