"""Methodologies and indicators by name in the reader's language (reports/references.py)."""

from __future__ import annotations

from io import BytesIO

from egov_audit.reports.i18n import translations
from egov_audit.reports.references import extract_references, reference_text


def test_a_reference_reads_in_russian_and_kazakh() -> None:
    assert reference_text("wcag22", "1.1.1 non-text content") == "WCAG 2.2: 1.1.1 non-text content"
    assert reference_text("wcag22", "1.1.1 non-text content", translations("ru").gettext) == (
        "WCAG 2.2 (Руководство по доступности веб-контента): 1.1.1 Нетекстовый контент"
    )
    assert reference_text("un-losi", "technology", translations("kk").gettext).startswith("БҰҰ-ның")
    assert reference_text("nobody-knows", "an item") == "nobody-knows: an item"


def test_the_extractor_finds_methodologies_indicators_and_cited_items() -> None:
    methodologies = b"methodologies:\n  m:\n    title: A methodology\n    indicators: [one, two]\n"
    rules = b"rules:\n  - id: r\n    refs: [{source: m, item: three}]\n"
    found = [message for _line, _f, message, _c in extract_references(BytesIO(methodologies), [], [], {})]
    found += [message for _line, _f, message, _c in extract_references(BytesIO(rules), [], [], {})]
    assert found == ["A methodology", "one", "two", "three"]
