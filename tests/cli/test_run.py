"""`egov-audit run`: every portal audited in its own process; one that hangs or whose process
crashes is recorded as a failed run and the others go on; the archive is rendered once; a results
table ends it on stdout; a portal another process is auditing is skipped, and a lock left by a
process that is gone is taken over."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import create_engine, insert, text

from egov_audit.demo.server import serve
from egov_audit.run.config_file import load_config
from egov_audit.run.portal_process import portal_key
from egov_audit.store.database import Store
from egov_audit.store.schema import PortalLockRow
from tests.conftest import run_cli
from tests.portals import Reply, serve_app
from tests.schedules import runs, start_cli, wait_for, write_config


def stalled(path: str) -> Reply:
    return Reply(200, "<html><title>slow</title></html>", delay=60)


def test_a_hung_portal_and_a_crashed_audit_do_not_stop_the_others(tmp_path: Path) -> None:
    with serve(1) as first, serve(3) as second, serve_app(stalled) as hung, serve_app(stalled) as crashing:
        config = write_config(
            tmp_path,
            [
                {"name": "version 1", "url": f"{first.base_url}/"},
                {"name": "version 3", "url": f"{second.base_url}/"},
                {"name": "hangs", "url": f"{hung.base_url}/"},
                {"name": "crashes", "url": f"{crashing.base_url}/"},
            ],
            concurrency=4,
            portal_timeout=25,
        )
        audit = start_cli("run", str(config), cwd=tmp_path)
        # The crashing portal's audit is killed from outside, as the OOM killer would.
        victim = wait_for(
            lambda: next((r for r in runs(tmp_path) if r["portal"] == "crashes" and r["status"] == "running"), None),
            120,
            "the crashing portal's run to start",
        )
        os.kill(int(victim["pid"]), signal.SIGKILL)  # type: ignore[arg-type]
        stdout, stderr = audit.communicate(timeout=300)
    assert audit.returncode == 3, stderr  # some run failed
    by_portal = {r["portal"]: r for r in runs(tmp_path)}
    assert by_portal["version 1"]["status"] == "complete" and by_portal["version 3"]["status"] == "complete"
    assert by_portal["hangs"]["status"] == "failed" and "over its time limit" in str(by_portal["hangs"]["note"])
    assert by_portal["crashes"]["status"] == "failed" and "exit code -9" in str(by_portal["crashes"]["note"])
    assert (tmp_path / "archive" / "index.html").is_file()
    assert "Archive:" in stdout


def test_only_the_named_portals_run_and_a_bad_name_is_refused(tmp_path: Path) -> None:
    with serve(1) as first:
        config = write_config(
            tmp_path, [{"name": "one", "url": f"{first.base_url}/"}, {"name": "two", "url": f"{first.base_url}/x/"}]
        )
        done = run_cli("run", str(config), "--portal", "one", "--no-report", cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert [r["portal"] for r in runs(tmp_path)] == ["one"]
        refused = run_cli("run", str(config), "--portal", "three", cwd=tmp_path)
    assert refused.returncode == 2 and "no portal named 'three'" in refused.stderr


def test_a_bad_config_is_refused_before_anything_runs(tmp_path: Path) -> None:
    (tmp_path / "ngo.yaml").write_text("portals:\n  - name: a\n    url: gopher://x/\n", encoding="utf-8")
    for command in ("run", "schedule", "config"):
        args = ("validate", "ngo.yaml") if command == "config" else ("ngo.yaml",)
        done = run_cli(command, *args, cwd=tmp_path)
        assert done.returncode == 2
        assert "ngo.yaml:3: portals[0].url: must be an http" in done.stderr
        assert "Traceback" not in done.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == ["ngo.yaml"]  # no store, no archive


def row_of(stdout: str, portal: str) -> list[str]:
    """The cells of `portal`'s row in the results table."""
    line = next(line for line in stdout.splitlines() if line.startswith("│ " + portal))
    return [cell.strip() for cell in line.strip("│").split("│")]


def test_run_ends_with_a_results_table_on_stdout(tmp_path: Path) -> None:
    """The numbers themselves (index, change, rank) are tests/run/test_batch_results.py's."""
    with serve_app(quick_home) as portal:
        config = write_config(tmp_path, [{"name": "Akimat A", "url": f"{portal.base_url}/", "max_pages": 3}])
        done = run_cli("run", str(config), cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    name, status, index, change, standing, report = row_of(done.stdout, "Akimat A")
    assert (name, status, index, change) == ("Akimat A", "complete #1", "–", "–")
    assert standing == "not ranked: no index"  # nothing rendered, accessibility unscored
    assert report.startswith("archive/portals/") and (tmp_path / report).is_file()
    assert "Akimat A: auditing" in done.stderr and "auditing" not in done.stdout  # narration apart from data


def slow_home(path: str) -> Reply:
    if path == "/":
        return Reply(200, "<html lang='en'><title>Akimat</title><main><h1>Akimat</h1></main></html>", delay=6)
    return Reply(404, "not here")


def test_a_portal_being_audited_is_skipped_by_a_second_run(tmp_path: Path) -> None:
    with serve_app(slow_home) as portal:
        config = write_config(tmp_path, [{"name": "Akimat A", "url": f"{portal.base_url}/", "max_pages": 3}])
        first = start_cli("run", str(config), "--no-report", cwd=tmp_path)
        wait_for(lambda: any(r["status"] == "running" for r in runs(tmp_path)), 120, "the first run's audit")
        second = run_cli("run", str(config), "--no-report", cwd=tmp_path)
        first_out, first_err = first.communicate(timeout=300)
    assert second.returncode == 0, second.stderr
    holder = f"already being audited by pid {first.pid} on host {socket.gethostname()} since"
    assert f"Akimat A: skipped, {holder}" in second.stderr
    assert row_of(second.stdout, "Akimat A")[1] == "skipped"
    assert first.returncode == 0, first_err
    assert [r["status"] for r in runs(tmp_path)] == ["complete"]  # one audit, not two at once
    assert row_of(first_out, "Akimat A")[1] == "complete #1"
    assert locks(tmp_path) == []  # released when the audit ended


def locks(folder: Path) -> list[tuple[str, int]]:
    engine = create_engine(f"sqlite:///{folder / 'store.sqlite'}")
    with engine.connect() as connection:
        found = [(str(host), int(pid)) for host, pid in connection.execute(text("SELECT host, pid FROM portal_locks"))]
    engine.dispose()
    return found


def test_a_lock_left_by_a_process_that_is_gone_is_taken_over(tmp_path: Path) -> None:
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    with serve_app(quick_home) as portal:
        config = write_config(tmp_path, [{"name": "Akimat A", "url": f"{portal.base_url}/", "max_pages": 3}])
        store = Store(load_config(config).store_url)  # the store as a killed `run` left it: its lock held
        with store.engine.begin() as connection:
            moment = datetime.now(UTC)
            connection.execute(
                insert(PortalLockRow).values(
                    portal_key=portal_key(f"{portal.base_url}/"),
                    host=socket.gethostname(),
                    pid=gone.pid,
                    started_at=moment,
                    expires_at=moment + timedelta(hours=1),
                )
            )
        store.close()
        done = run_cli("run", str(config), "--no-report", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert [r["status"] for r in runs(tmp_path)] == ["complete"] and locks(tmp_path) == []


def quick_home(path: str) -> Reply:
    if path == "/":
        return Reply(200, "<html lang='en'><title>Akimat</title><main><h1>Akimat</h1></main></html>")
    return Reply(404, "not here")
