"""The reaper ends what the drivers started, and nothing that ran before them."""

from __future__ import annotations

import subprocess
import sys

from egov_audit.render.reaper import Reaper


def test_only_processes_started_after_the_reaper_are_ended() -> None:
    sleep = [sys.executable, "-c", "import time; time.sleep(60)"]
    earlier = subprocess.Popen(sleep)
    try:
        reaper = Reaper()
        later = subprocess.Popen(sleep)
        reaper.note()
        reaper.reap(timeout=5)
        assert later.wait(timeout=10) is not None
        assert earlier.poll() is None
    finally:
        earlier.kill()
        earlier.wait()
