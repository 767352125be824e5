"""Chromium processes must not outlive the run that started them (PID 1 here does not reap them)."""

from __future__ import annotations

import os
import time
import uuid

import psutil

BROWSER_NAMES = ("chromium", "chrome", "chromedriver", "chrome_crashpad", "headless_shell")
# Every process this test session starts inherits the mark, even once reparented to PID 1, so a
# browser left behind is found, and a browser of another program running meanwhile is not. Each
# pytest-xdist worker marks its own: a worker's check never sees another worker's browsers.
MARK_NAME = "EGOV_AUDIT_TEST_SESSION"
_WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")
_INHERITED = os.environ.get(MARK_NAME) or uuid.uuid4().hex
MARK = _INHERITED if not _WORKER or _INHERITED.endswith(f":{_WORKER}") else f"{_INHERITED}:{_WORKER}"
os.environ[MARK_NAME] = MARK


def _ours(process: psutil.Process) -> bool:
    try:
        return process.environ().get(MARK_NAME) == MARK
    except psutil.Error:
        return False


def browser_processes(started_after: float) -> list[psutil.Process]:
    found = []
    for process in psutil.process_iter(["name", "create_time", "status"]):
        try:
            name = (process.info["name"] or "").lower()
            if (
                any(n in name for n in BROWSER_NAMES)
                and process.info["create_time"] >= started_after
                and process.info["status"] != psutil.STATUS_ZOMBIE
                and _ours(process)
            ):
                found.append(process)
        except psutil.Error:
            continue
    return found


def assert_no_browser_left(started_after: float, grace: float = 10.0) -> None:
    """Fail if a browser process started after `started_after` is still alive once `grace` seconds pass."""
    deadline = time.monotonic() + grace
    while True:
        left = browser_processes(started_after)
        if not left:
            return
        if time.monotonic() > deadline:
            names = ", ".join(f"{p.pid} {p.info['name']}" for p in left)
            raise AssertionError(f"browser processes left behind: {names}")
        time.sleep(0.2)
