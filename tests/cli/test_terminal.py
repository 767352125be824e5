"""The live display in a real terminal: `check` under a pseudo-terminal shows the crawl, then
`rendering N/M` with the page, then the rules; piped, it shows nothing of that."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import struct
import subprocess
import sys
import termios
from pathlib import Path

import pytest

from egov_audit.cli.terminal import AuditProgress, Terminal
from tests.conftest import run_cli
from tests.portals import serve_app, static_portal

pytestmark = pytest.mark.timeout(300)


def _in_a_terminal(args: list[str], cwd: Path, columns: int = 80) -> tuple[str, str, int]:
    """Run the command with stderr on a pseudo-terminal of `columns` columns; stdout piped."""
    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 24, columns, 0, 0))
    env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": str(columns)}
    env.pop("NO_COLOR", None)
    process = subprocess.Popen(
        [sys.executable, "-m", "egov_audit", *args], cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=follower
    )
    os.close(follower)
    screen = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 1.0)
        if ready:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the terminal closed with the last writer
                break
            if not chunk:
                break
            screen += chunk
        elif process.poll() is not None:
            break
    assert process.stdout is not None
    stdout = process.stdout.read().decode()
    process.wait(timeout=60)
    os.close(leader)
    return stdout, screen.decode(errors="replace"), process.returncode


def test_a_terminal_sees_the_crawl_then_each_rendered_page_then_the_rules(tmp_path: Path) -> None:
    with serve_app(static_portal()) as served:
        args = ["check", f"{served.base_url}/", "--render", "2", "--db", f"sqlite:///{tmp_path / 's.sqlite'}"]
        stdout, screen, status = _in_a_terminal(args, tmp_path)
    assert status == 0, screen
    for shown in ("crawling", "rendering 1/2", "rendering 2/2", f"{served.base_url}/", "checking rules"):
        assert shown in screen
    assert "writing the report" in screen
    assert "Traceback" not in screen
    assert "Scores by pillar" in stdout and "Report: " in stdout  # the result is not on the terminal's stderr


def test_piped_stderr_gets_no_live_display(tmp_path: Path) -> None:
    with serve_app(static_portal()) as served:
        done = run_cli(
            "check", f"{served.base_url}/", "--render", "1", "--db", f"sqlite:///{tmp_path / 's.sqlite'}", cwd=tmp_path
        )
    assert done.returncode == 0, done.stderr
    assert "crawling" not in done.stderr and "rendering" not in done.stderr
    assert done.stderr == ""


def test_the_clock_runs_on_after_the_crawl_is_done() -> None:
    """Rich's elapsed column stops once a task completes; the display's clock does not."""
    terminal = Terminal()
    progress = AuditProgress(terminal, enabled=False)
    clock = progress._progress.columns[-1]
    task = progress._progress.tasks[0]
    clock.started -= 75  # as if the audit had started 75 s ago
    progress._progress.update(progress._task, completed=3, total=3)  # the crawl's task is complete
    assert str(clock.render(task)) == "0:01:15"
