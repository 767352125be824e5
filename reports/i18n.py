"""The report's interface language: English, Russian or Kazakh, from gettext catalogs.

The catalogs are kept as .po files (reports/locales/LANG/LC_MESSAGES/messages.po, the form
translators edit) and compiled in memory when a report is rendered, so no build step can be
forgotten. Rule titles are translated in the rule files themselves (`titles:`).
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from functools import cache
from io import BytesIO
from pathlib import Path

LANGUAGES = ("en", "ru", "kk")
Gettext = Callable[[str], str]
Ngettext = Callable[[str, str, int], str]
LOCALES = Path(__file__).with_name("locales")


def N_(message: str) -> str:  # noqa: N802 - the name gettext's tools look for
    """Marks a message for translation where it is defined; it is translated where it is shown."""
    return message


# The archive's title unless the user names one: in the archive's language, as every word of ours is.
DEFAULT_TITLE = N_("Portal audits")


def _same(message: str) -> str:
    return message


class UnknownLanguageError(ValueError):
    """A report language egov-audit has no catalog for."""


@cache
def translations(lang: str) -> gettext.NullTranslations:
    if lang not in LANGUAGES:
        raise UnknownLanguageError(f"--lang {lang!r}: choose one of {', '.join(LANGUAGES)}")
    if lang == "en":
        return gettext.NullTranslations()  # the templates are written in English
    from babel.messages.mofile import write_mo  # only when a translated report is rendered
    from babel.messages.pofile import read_po
    from babel.support import Translations

    with (LOCALES / lang / "LC_MESSAGES" / "messages.po").open("rb") as po:
        catalog = read_po(po, locale=lang)
    compiled = BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    return Translations(compiled)
