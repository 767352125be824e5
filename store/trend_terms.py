"""The terms a portal's trend is read by (docs/scores.md): what counts as a regression, and when a
finding that comes and goes is unstable rather than fixed and new again. Kept apart from
store/history.py, which computes with pandas, so that commands which only name a default (the
config file, `report --regression-points`) do not load pandas (~45 MB) beside a crawl."""

from __future__ import annotations

# A fall of more than this many points since the previous comparable run is a regression (the feed).
REGRESSION_POINTS = 5.0
FLAP_WINDOW = 6  # runs looked back on to tell a finding that comes and goes from a real change
FLAP_CHANGES = 2  # appearances and disappearances within the window that make a finding unstable
