"""`egov-audit schedule`: jobs fire and produce runs, an overlapping trigger gives no second run,
SIGTERM during a crawl leaves an `interrupted` run and every earlier run intact, a run that ends
within the stop grace is in the archive, a restart keeps its jobs, runs what it missed once and
renders what the archive lacks, and `status` follows the daemon's heartbeat."""

from __future__ import annotations

import itertools
import json
import os
import signal
import socket
import subprocess
import threading
import time
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.exc import OperationalError

from egov_audit.demo.server import serve
from egov_audit.run.config_file import load_config
from egov_audit.run.portal_process import portal_key
from egov_audit.store.coordination import take_portal_lock
from egov_audit.store.database import Store
from tests.conftest import run_cli
from tests.portals import Reply, serve_app
from tests.schedules import runs, start_cli, wait_for, write_config


def events(stderr: str) -> list[dict[str, object]]:
    return [json.loads(line) for line in stderr.splitlines() if line.startswith("{")]


def stop(daemon: subprocess.Popen[str]) -> str:
    """SIGTERM, then the daemon's log."""
    daemon.send_signal(signal.SIGTERM)
    _out, err = daemon.communicate(timeout=120)
    assert daemon.returncode == 0, err
    return err


def test_jobs_fire_one_at_a_time_and_sigterm_interrupts_the_running_one(tmp_path: Path) -> None:
    """Two demo portal instances (versions 1 and 3, two ports) for a few short cycles."""
    with serve(1) as first, serve(3) as second:
        # A run (all of a demo portal) outlasts the 2 s between triggers; SIGTERM gives no grace.
        portals = [
            {"name": name, "url": f"{server.base_url}/", "schedule": "*/2 * * * * *", "max_pages": 300}
            for name, server in (("v1", first), ("v3", second))
        ]
        config = write_config(tmp_path, portals, stop_grace=0)
        daemon = start_cli("schedule", str(config), "--log-json", cwd=tmp_path)
        try:
            for name in ("v1", "v3"):
                wait_for(
                    lambda name=name: (
                        sum(r["status"] == "complete" and r["portal"] == name for r in runs(tmp_path)) >= 2
                    ),
                    300,
                    f"two scheduled runs of {name}",
                )
            wait_for(lambda: any(r["status"] == "running" for r in runs(tmp_path)), 60, "a run in progress")
            log = events(stop(daemon))
        finally:
            if daemon.poll() is None:
                daemon.kill()
    stored = runs(tmp_path)
    interrupted = [r for r in stored if r["status"] == "interrupted"]
    assert interrupted and all("scheduler stopped" in str(r["note"]) for r in interrupted)
    assert {r["status"] for r in stored} == {"complete", "interrupted"}, [
        (r["portal"], r["status"], r["note"]) for r in stored if r["status"] not in ("complete", "interrupted")
    ]
    for name in ("v1", "v3"):
        mine = [r for r in stored if r["portal"] == name and r["status"] == "complete"]
        for earlier, later in itertools.pairwise(mine):  # one run of a portal at a time
            assert datetime.fromisoformat(str(later["started"])) >= datetime.fromisoformat(str(earlier["finished"]))
    names = [e["event"] for e in log]
    assert "run.skipped" in names  # a trigger while the portal was being audited started nothing
    assert names[-1] == "daemon.stopped"
    after_stop = log[names.index("daemon.stopping") :]
    assert any(e["event"] == "run.ended" and e["status"] == "interrupted" for e in after_stop)
    pages = list((tmp_path / "archive" / "portals").glob("*/index.html"))
    assert len(pages) == 2
    for page in pages:  # each portal's page has a trend: a chart over its runs, and the runs table
        html = page.read_text(encoding="utf-8")
        assert 'role="img"' in html and html.count('<th scope="row"><a href="../../runs/') >= 2


def jobs(folder: Path) -> list[tuple[str, float]]:
    """The stored jobs (none while the daemon has not made its table yet)."""
    engine = create_engine(f"sqlite:///{folder / 'store.sqlite'}")
    try:
        with engine.connect() as connection:
            rows = connection.execute(text("SELECT id, next_run_time FROM apscheduler_jobs ORDER BY id")).all()
    except OperationalError:
        return []
    finally:
        engine.dispose()
    return [(str(job_id), float(when)) for job_id, when in rows]


def test_a_restart_keeps_the_job_and_runs_what_it_missed_once(tmp_path: Path) -> None:
    now = time.time()  # margins wide enough for a slow start of the daemon on a busy machine
    first, second, later = (int(now + offset) % 60 for offset in (20, 23, 58))
    with serve(1) as portal:
        schedule = f"{first},{second},{later} * * * * *"  # two fire times to miss, then one far off
        config = write_config(tmp_path, [{"name": "v1", "url": f"{portal.base_url}/", "schedule": schedule}])
        daemon = start_cli("schedule", str(config), "--log-json", cwd=tmp_path)
        wait_for(lambda: jobs(tmp_path) if (tmp_path / "store.sqlite").exists() else None, 60, "the job to be stored")
        stop(daemon)
        (kept,) = jobs(tmp_path)
        assert kept[1] == pytest.approx(int(now + 20), abs=1), "the daemon started too late for this test's fire times"
        wait_for(lambda: time.time() > now + 24, 40, "both fire times to pass while the daemon is down")
        assert runs(tmp_path) == []
        daemon = start_cli("schedule", str(config), "--log-json", cwd=tmp_path)
        try:
            wait_for(lambda: any(r["status"] == "complete" for r in runs(tmp_path)), 120, "the catch-up run")
            log = events(stop(daemon))
        finally:
            if daemon.poll() is None:
                daemon.kill()
    assert [r["status"] for r in runs(tmp_path)] == ["complete"]  # two missed fire times, one run
    names = [e["event"] for e in log]
    assert "job.kept" in names and "job.scheduled" not in names and "run.skipped" not in names
    (after,) = jobs(tmp_path)
    assert after[0] == kept[0] == "portal:v1" and after[1] > kept[1]  # the same job, moved on past what it ran
    status = run_cli("status", str(config), cwd=tmp_path)
    assert status.returncode == 0, status.stderr
    assert "v1" in status.stdout and "complete" in status.stdout and "UTC" in status.stdout


def slow_home(path: str) -> Reply:
    """A portal whose home page takes a few seconds: a run of it is still going when SIGTERM comes."""
    if path == "/":
        return Reply(200, "<html lang='en'><title>Akimat</title><main><h1>Akimat</h1></main></html>", delay=6)
    return Reply(404, "not here")


def test_a_run_that_ends_within_the_stop_grace_is_in_the_archive(tmp_path: Path) -> None:
    with serve_app(slow_home) as portal:
        portals = [{"name": "Akimat A", "url": f"{portal.base_url}/", "schedule": "* * * * * *", "max_pages": 3}]
        config = write_config(tmp_path, portals, stop_grace=240)
        daemon = start_cli("schedule", str(config), "--log-json", cwd=tmp_path)
        try:
            running = wait_for(
                lambda: next((r for r in runs(tmp_path) if r["status"] == "running"), None), 120, "a run to start"
            )
            log = events(stop(daemon))  # SIGTERM mid-run: the home page has not answered yet
        finally:
            if daemon.poll() is None:
                daemon.kill()
    (run,) = runs(tmp_path)
    assert run["id"] == running["id"] and run["status"] == "complete", run
    names = [e["event"] for e in log]
    after_stop = log[names.index("daemon.stopping") :]
    ended = [e for e in after_stop if e["event"] == "run.ended"]
    assert [(e["run"], e["status"]) for e in ended] == [(run["id"], "complete")]
    assert [e["event"] for e in after_stop][-2:] == ["archive.rendered", "daemon.stopped"]
    archive = tmp_path / "archive"
    assert (archive / "runs" / f"{run['id']}.html").is_file()
    (page,) = (archive / "portals").glob("*/index.html")
    assert f"../../runs/{run['id']}.html" in page.read_text(encoding="utf-8")
    assert "Akimat A" in (archive / "index.html").read_text(encoding="utf-8")


def test_status_follows_the_daemon_and_a_start_renders_what_the_archive_lacks(tmp_path: Path) -> None:
    with serve_app(quick_home) as portal:
        portals = [{"name": "Akimat A", "url": f"{portal.base_url}/", "schedule": "0 3 * * *", "max_pages": 3}]
        config = write_config(tmp_path, portals, timezone="Asia/Almaty")
        done = run_cli("run", str(config), "--no-report", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert not (tmp_path / "archive").exists()
        before = run_cli("status", str(config), cwd=tmp_path)
        assert before.returncode == 0, before.stderr
        assert "daemon: never started" in before.stdout and "(times in Asia/Almaty)" in before.stdout
        assert "T03:00:00+05:00" in before.stdout  # the next run, from the schedule: no daemon holds the jobs
        daemon = start_cli("schedule", str(config), "--log-json", cwd=tmp_path)
        try:
            # The store holds a run the archive does not show: the daemon renders it on start.
            wait_for(lambda: (tmp_path / "archive" / "index.html").is_file(), 120, "the archive to be rendered")
            during = run_cli("status", str(config), cwd=tmp_path)
            log = events(stop(daemon))
        finally:
            if daemon.poll() is None:
                daemon.kill()
        after = run_cli("status", str(config), cwd=tmp_path)
    (run,) = runs(tmp_path)
    assert (tmp_path / "archive" / "runs" / f"{run['id']}.html").is_file()
    assert during.returncode == 0, during.stderr
    assert f"daemon: running on {socket.gethostname()} pid {daemon.pid} since" in during.stdout
    assert "last heartbeat" in during.stdout and "T03:00:00+05:00" in during.stdout
    assert after.returncode == 0, after.stderr
    assert "daemon: not running (last seen" in after.stdout and "T03:00:00+05:00" in after.stdout
    names = [e["event"] for e in log]
    assert names.index("archive.behind") < names.index("archive.rendered")
    assert all(str(e["time"]).endswith("+05:00") for e in log)  # the log speaks the config's zone, as status does
    (next_run,) = [e["next_run"] for e in log if e["event"] == "job.next"]
    assert str(next_run).endswith("T03:00:00+05:00")


def quick_home(path: str) -> Reply:
    if path == "/":
        return Reply(200, "<html lang='en'><title>Akimat</title><main><h1>Akimat</h1></main></html>")
    return Reply(404, "not here")


def test_the_daemon_skips_a_portal_another_process_is_auditing(tmp_path: Path) -> None:
    portals = [{"name": "Akimat A", "url": "http://127.0.0.1:9/", "schedule": "* * * * * *"}]  # never fetched
    config = write_config(tmp_path, portals)
    store = Store(load_config(config).store_url)
    assert take_portal_lock(store, portal_key("http://127.0.0.1:9/"), timedelta(hours=1)) is None  # a `run`, say
    daemon = start_cli("schedule", str(config), "--log-json", cwd=tmp_path)
    lines: list[str] = []
    reader = threading.Thread(target=lambda: lines.extend(daemon.stderr or []), daemon=True)
    reader.start()
    try:
        wait_for(lambda: any('"run.skipped"' in line for line in list(lines)), 120, "the daemon to skip the portal")
        daemon.send_signal(signal.SIGTERM)
        assert daemon.wait(timeout=120) == 0
        reader.join(timeout=60)
    finally:
        if daemon.poll() is None:
            daemon.kill()
        store.close()
    skipped = next(e for e in events("".join(lines)) if e["event"] == "run.skipped")
    holder = f"already being audited by pid {os.getpid()} on host {socket.gethostname()} since"
    assert skipped["portal"] == "Akimat A" and str(skipped["reason"]).startswith(holder)
    assert runs(tmp_path) == []
