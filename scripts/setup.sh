#!/usr/bin/env bash
# Set up everything egov-audit needs on a Debian machine, idempotently:
#   - a Python >= 3.12 virtual environment in .venv with the pinned packages (constraints.txt);
#   - Chromium and chromedriver from Debian (packages chromium, chromium-driver) when no Chromium is found;
#   - the fonts rendering depends on (FONT_PACKAGES below): layout decides some of axe-core's findings;
#   - the PostgreSQL server programs from Debian (package postgresql) when none are in /usr/lib/postgresql;
#     the store's tests start a throwaway cluster of their own (tests/postgres.py), never the system's.
# Run by scripts/demo and scripts/test; safe to run again.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

say() { printf 'setup: %s\n' "$*" >&2; }

python_ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }

find_python() {
    local candidate
    for candidate in "${EGOV_PYTHON:-}" python3.12 python3.13 python3 \
        "$HOME"/.pyenv/versions/3.12*/bin/python3 "$HOME"/.pyenv/versions/3.13*/bin/python3 \
        /root/.pyenv/versions/3.12*/bin/python3 /root/.pyenv/versions/3.13*/bin/python3; do
        [ -n "$candidate" ] || continue
        if command -v "$candidate" >/dev/null 2>&1 && python_ok "$candidate"; then
            command -v "$candidate"
            return 0
        fi
    done
    return 1
}

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

apt_install() {
    say "installing Debian packages: $*"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# --- Python -----------------------------------------------------------------------------------
if [ ! -x .venv/bin/python ] || ! python_ok .venv/bin/python; then
    if ! PYTHON=$(find_python); then
        apt_install python3 python3-venv
        PYTHON=$(find_python) || { say "error: Python >= 3.12 is needed (set EGOV_PYTHON to one)"; exit 2; }
    fi
    say "creating .venv with $PYTHON"
    rm -rf .venv
    "$PYTHON" -m venv .venv
fi

stamp=.venv/.egov-audit-installed
want=$(cat pyproject.toml constraints.txt | sha256sum | cut -d' ' -f1)
if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$want" ]; then
    say "installing Python packages (constraints.txt; log in .venv/install.log)"
    if ! { .venv/bin/python -m pip install --disable-pip-version-check --upgrade pip \
           && .venv/bin/python -m pip install --disable-pip-version-check -c constraints.txt -e '.[test]'; } \
           > .venv/install.log 2>&1; then
        tail -n 30 .venv/install.log >&2
        say "error: the Python packages did not install (see .venv/install.log)"
        exit 2
    fi
    .venv/bin/python -c 'import audits, scrapy, sqlalchemy' || { say "error: the Python packages did not install"; exit 2; }
    echo "$want" > "$stamp"
fi

# --- Chromium and chromedriver -------------------------------------------------------------------
if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1 \
    && ! command -v google-chrome >/dev/null 2>&1; then
    apt_install chromium chromium-driver
elif ! command -v chromedriver >/dev/null 2>&1; then
    apt_install chromium-driver
fi

# --- Fonts ---------------------------------------------------------------------------------------
# Layout, and with it axe-core's layout-dependent results (scrollable regions, target size, contrast
# over text, reflow), depends on the fonts Chromium finds. A new machine has only DejaVu; every machine
# gets the same named set, so a finding means the same wherever it was made (each run records a digest
# of the fonts: audits' instrument). Liberation 1 and 2 are metric-compatible with Arial, Times New Roman
# and Courier New, which pages and the ACT cases ask for; DejaVu covers Kazakh and Russian Cyrillic.
FONT_PACKAGES="fonts-dejavu-core fonts-dejavu-extra fonts-liberation fonts-liberation2"
missing_fonts=""
for pkg in $FONT_PACKAGES; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing_fonts="$missing_fonts $pkg"
done
if [ -n "$missing_fonts" ]; then
    # shellcheck disable=SC2086
    apt_install fontconfig $missing_fonts
    fc-cache -f >/dev/null 2>&1 || true
fi

# --- PostgreSQL server programs (the store's tests start their own throwaway cluster) -----------
pg_server_found() {
    local bindir
    for bindir in /usr/lib/postgresql/*/bin; do
        [ -x "$bindir/initdb" ] && [ -x "$bindir/pg_ctl" ] && [ -x "$bindir/postgres" ] && return 0
    done
    return 1
}

if ! pg_server_found; then
    # Installing the package would start the system's cluster, which the tests never use: a policy-rc.d
    # that answers 101 ("action forbidden") keeps it stopped, unless the machine already has a policy.
    policy=/usr/sbin/policy-rc.d
    made_policy=""
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\nexit 101\n' | as_root tee "$policy" >/dev/null
        as_root chmod 755 "$policy"
        made_policy=1
        trap 'as_root rm -f "$policy"' EXIT
    fi
    apt_install postgresql
    if [ -n "$made_policy" ]; then
        as_root rm -f "$policy"
        trap - EXIT
    fi
    pg_server_found || { say "error: Debian's postgresql package did not install initdb, pg_ctl and postgres"; exit 2; }
fi
