"""Moments as the people running the audits read them: ISO 8601 in the config's time zone, with
its offset (`2026-11-30T03:00:00+05:00`), the same in the daemon's log lines, `status` and `run`."""

from __future__ import annotations

from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo


@cache
def _zone(name: str) -> ZoneInfo:
    return ZoneInfo(name)


def local_iso(moment: datetime, timezone: str, timespec: str = "seconds") -> str:
    """`moment` (aware) in `timezone` (a validated settings.timezone), to the second unless `timespec` says."""
    return moment.astimezone(_zone(timezone)).isoformat(timespec=timespec)


def local_date(moment: datetime, timezone: str) -> str:
    return moment.astimezone(_zone(timezone)).date().isoformat()
