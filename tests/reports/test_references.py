"""Methodologies and indicators by name in the reader's language (reports/references.py)."""

from __future__ import annotations

from io import BytesIO

from egov_audit.reports.i18n import translations
from egov_audit.reports.references import extract_references, reference_text


def test_a_reference_reads_in_russian_and_kazakh() -> None:
    assert reference_text("wcag22", "1.1.1") == "WCAG 2.2: 1.1.1 non-text content"
    assert reference_text("wcag22", "1.1.1", translations("ru").gettext) == (
        "WCAG 2.2 (Руководство по доступности веб-контента): 1.1.1 Нетекстовый контент"
    )
    assert reference_text("un-losi", "budget-information", translations("kk").gettext).startswith("БҰҰ-ның")
    assert reference_text("nobody-knows", "an item") == "nobody-knows: an item"
    # a run stored before indicators had ids cited them by name: said as stored
    assert reference_text("wcag22", "1.1.1 non-text content") == "WCAG 2.2: 1.1.1 non-text content"


def test_the_extractor_finds_titles_criteria_indicators_levels_questions_and_concepts() -> None:
    methodology = (
        b"methodology: m\ntitle: A methodology\nlevels: [{name: high, above: 0.5}]\ncriteria:\n"
        b"  - id: c\n    title: A criterion\n    indicators:\n"
        b"      - {id: one, label: one, status: automated}\n"
        b'      - {id: two, label: two, status: review, question: "Is it two?"}\n'
    )
    concepts = b"concepts:\n  privacy: {kind: link, name: the privacy policy, meaning: m}\n"
    rules = b"rules:\n  - id: r\n    refs: [{source: m, item: one}]\n"
    found = [
        message
        for blob in (methodology, concepts, rules)
        for _l, _f, message, _c in extract_references(BytesIO(blob), [], [], {})
    ]
    assert found == ["A methodology", "high", "A criterion", "one", "two", "Is it two?", "the privacy policy"]
