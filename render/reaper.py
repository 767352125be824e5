"""Make sure no browser outlives the rendering that started it.

A renderer stuck in a page's endless script may not exit when its browser does, and here
PID 1 does not reap orphans. So the drivers note every process below this one while the
browser runs (driver, browser, renderers), and once they have closed it, end whatever of
those is still alive.
"""

from __future__ import annotations

import psutil


class Reaper:
    def __init__(self) -> None:
        self._seen: dict[int, psutil.Process] = {}
        # What already ran below this process (a server, another tool) is not the drivers' to end.
        self._before = set(self._below())
        # Every process looked at once, so each page's look asks only about new ones (walking a
        # process's parents cost ~6 ms a page).
        self._looked_at: set[psutil.Process] = set()

    @staticmethod
    def _below() -> list[psutil.Process]:
        try:
            return psutil.Process().children(recursive=True)
        except psutil.Error:
            return []

    def note(self) -> None:
        """Remember the processes started below this one since the reaper was made (a psutil.Process
        knows its start time, so a reused PID is never mistaken for one of them)."""
        for process in self._below():
            if process in self._looked_at:
                continue
            try:
                if process in self._before or self._before.intersection(process.parents()):
                    self._looked_at.add(process)
                    continue
            except psutil.Error:
                continue  # ended between listing and asking
            self._looked_at.add(process)
            self._seen.setdefault(process.pid, process)

    def reap(self, timeout: float = 5.0) -> None:
        """End every noted process still running: politely, then by force."""
        self.note()  # whatever started since the last look and is still attached
        alive = [p for p in self._seen.values() if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        for process in alive:
            try:
                process.terminate()
            except psutil.Error:
                continue
        _gone, stubborn = psutil.wait_procs(alive, timeout=timeout)
        for process in stubborn:
            try:
                process.kill()
            except psutil.Error:
                continue
        psutil.wait_procs(stubborn, timeout=timeout)
        self._seen.clear()
        self._looked_at.clear()
