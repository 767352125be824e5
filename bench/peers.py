"""The npm peers the benchmarks compare egov-audit with, installed on first use from the lock file.

`npm ci --ignore-scripts` installs exactly what bench/package-lock.json pins and runs no install
script: chromedriver's and puppeteer's scripts would download a driver and a browser, which a
machine that reaches only the package registries cannot (and npm 11 skips them half-way, leaving
`chromedriver/install.js` missing). The benchmarks point the peers at Debian's Chromium and
chromedriver instead (scripts/setup.sh installs both).
"""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

BENCH = Path(__file__).resolve().parent
NODE_MODULES = BENCH / "node_modules"


def peer(command: str) -> Path:
    """The path of a peer's command (`linkinator`, `pa11y-ci`, `axe`), installing the peers if needed."""
    binary = NODE_MODULES / ".bin" / command
    if binary.exists():
        return binary
    if shutil.which("npm") is None:
        raise SystemExit("bench: npm is needed to install the peers (Debian's nodejs and npm)")
    subprocess.run(["npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--silent"], cwd=BENCH, check=True)
    if not binary.exists():
        raise SystemExit(f"bench: npm installed the peers, but not {binary}")
    return binary
