"""The instrument a run was measured with, in the reader's words: parts egov-audit names are
translated, products and versions stay as they are, the font faces are counted in the language."""

from __future__ import annotations

from egov_audit.reports.i18n import translations
from egov_audit.reports.instrument_words import changes_text, instrument_text
from egov_audit.store.history import InstrumentChange

FACTS = (
    ("axe_core", "4.10.2"),
    ("chromium", "156.0.8078.114"),
    ("driver", "playwright"),
    ("fonts", "50 faces sha256:1f1c3fed268a"),
)


def _words(lang: str) -> tuple:
    found = translations(lang)
    return found.gettext, found.ngettext


def test_the_run_page_s_instrument_in_english_russian_and_kazakh() -> None:
    assert instrument_text(FACTS, *_words("en")) == (
        "axe-core 4.10.2, Chromium 156.0.8078.114, browser driver playwright, fonts 50 faces sha256:1f1c3fed268a"
    )
    assert instrument_text(FACTS, *_words("ru")) == (
        "axe-core 4.10.2, Chromium 156.0.8078.114, драйвер браузера playwright, "
        "шрифты 50 начертаний sha256:1f1c3fed268a"
    )
    assert "қаріп" in instrument_text(FACTS, *_words("kk"))


def test_a_change_of_fonts_reads_with_its_counts_and_a_dash_for_none() -> None:
    changes = (
        InstrumentChange("fonts", "51 faces sha256:0123456789ab", "52 faces sha256:ba9876543210"),
        InstrumentChange("axe-core", "", "4.11.0"),
    )
    assert changes_text(changes, *_words("ru")) == (
        "шрифты 51 начертание sha256:0123456789ab → 52 начертания sha256:ba9876543210; axe-core – → 4.11.0"
    )
    assert changes_text((), *_words("en")) == ""
