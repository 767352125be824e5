"""Bring the report catalogs up to date: extract the template, merge it into the Russian and Kazakh
catalogs (kept translations stay, new messages come in empty, gone ones leave), and fill in
translations given in a JSON file.

    .venv/bin/python scripts/translations.py [NEW.json]

NEW.json maps a message to its translations: {"Openness index": {"ru": "...", "kk": "..."}}; a
plural message is keyed "singular|plural" and translated with a list, one entry per plural form
of the language (ru 3, kk 2). Messages still untranslated afterwards are listed, and the exit
status is 1, so nothing untranslated goes unnoticed (tests/reports/test_i18n.py fails on them too).
Several people may run this at once: the catalogs are rewritten under a lock.
"""

from __future__ import annotations

import fcntl
import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from io import BytesIO
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parents[1]
LOCALES = ROOT / "reports" / "locales"
POT = LOCALES / "messages.pot"
LANGS = ("ru", "kk")
WIDTH = 120


@contextmanager
def _locked() -> Iterator[None]:
    with (LOCALES / ".catalogs.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _extract() -> None:
    sys.path.insert(0, str(ROOT))
    from tests.reports.test_i18n import EXTRACT

    CommandLineInterface().run(["pybabel", "--quiet", *EXTRACT, "-o", str(POT), str(ROOT)])


def _key(message_id: str | tuple[str, ...]) -> str:
    return message_id if isinstance(message_id, str) else "|".join(message_id)


def _update(lang: str, template: Catalog, given: dict[str, dict[str, str | list[str]]]) -> list[str]:
    path = LOCALES / lang / "LC_MESSAGES" / "messages.po"
    with path.open("rb") as po:
        catalog = read_po(po, locale=lang)
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    catalog.obsolete.clear()
    for message in catalog:
        if not message.id:
            continue
        wanted = given.get(_key(message.id), {}).get(lang)
        if wanted is not None:
            message.string = tuple(wanted) if isinstance(wanted, list) else wanted
    out = BytesIO()
    write_po(out, catalog, width=WIDTH, omit_header=False, no_location=True, sort_output=True)
    path.write_bytes(out.getvalue())
    return [
        _key(message.id)
        for message in catalog
        if message.id
        and not all(
            str(form).strip() for form in (message.string if isinstance(message.string, tuple) else [message.string])
        )
    ]


def main(argv: list[str]) -> int:
    given = json.loads(Path(argv[0]).read_text(encoding="utf-8")) if argv else {}
    with _locked():
        _extract()
        with POT.open("rb") as pot:
            template = read_po(pot)
        missing = {lang: _update(lang, template, given) for lang in LANGS}
    for lang, ids in missing.items():
        for message_id in ids:
            print(f"{lang}: untranslated: {message_id!r}")
    return 1 if any(missing.values()) else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
