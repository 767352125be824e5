"""axe-core's rule titles and impacts in the reader's language (reports/axe_words.py)."""

from __future__ import annotations

import json

from egov_audit.reports.axe_words import AXE_LOCALES, IMPACTS, impact_words, rule_title, rule_titles
from egov_audit.reports.i18n import translations


def test_titles_come_from_axe_core_s_russian_locale_and_the_kazakh_file() -> None:
    assert rule_title("image-alt", "Images must have alternative text", "ru") == (
        "Изображения должны иметь альтернативный текст"
    )
    assert rule_title("image-alt", "Images must have alternative text", "kk") == "Суреттердің балама мәтіні болуы керек"
    assert rule_title("image-alt", "Images must have alternative text", "en") == "Images must have alternative text"
    assert rule_title("a-later-rule", "A later rule's title", "kk") == "A later rule's title"


def test_the_kazakh_file_titles_rules_axe_core_knows_in_kazakh() -> None:
    kazakh, russian = rule_titles("kk"), rule_titles("ru")
    assert len(kazakh) >= 69 and set(kazakh) <= set(russian)
    assert not [rule for rule, title in kazakh.items() if title == russian[rule]]  # written, not copied
    for lang in ("ru", "kk"):
        assert json.loads((AXE_LOCALES / f"{lang}.json").read_text(encoding="utf-8"))["lang"] == lang


def test_impacts_in_russian_and_kazakh() -> None:
    assert [impact_words(i, translations("ru").gettext) for i in IMPACTS] == [
        "критическая",
        "серьёзная",
        "умеренная",
        "низкая",
    ]
    assert impact_words("critical", translations("kk").gettext) == "өте жоғары"
    assert impact_words("") == "–"
