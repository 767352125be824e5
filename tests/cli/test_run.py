"""`egov-audit run`: every portal audited in its own process; one that hangs or whose process
crashes is recorded as a failed run and the others go on; the archive is rendered once."""

from __future__ import annotations

import os
import signal
from pathlib import Path

from egov_audit.demo.server import serve
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
