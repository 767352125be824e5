"""Counts in words ("1 error", "2 errors") through the archive's gettext catalogs, so a count
reads right in any language the catalogs cover (Russian has three plural forms, not two).

The terminal speaks English today; `counted` takes the language so a translated terminal needs
no second mechanism. Each call site names its noun in both forms, which is what pybabel extracts.
"""

from __future__ import annotations

from egov_audit.reports.i18n import translations


def counted(count: int, singular: str, plural: str, lang: str = "en") -> str:
    """`count` with its noun in the right form: counted(1, "%(n)d error", "%(n)d errors") -> "1 error"."""
    return translations(lang).ngettext(singular, plural, count) % {"n": count}
