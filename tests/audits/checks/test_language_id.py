"""Language identification (CLD2): every covered language read right on paragraphs written here,
neighbours told apart, and no guess where the text cannot tell."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from egov_audit.audits.checks.language_id import MIN_CHARS, identify, ranked, reads_as
from egov_audit.audits.vocabulary import vocabulary

SAMPLES: dict[str, list[str]] = yaml.safe_load(
    (Path(__file__).resolve().parents[2] / "corpus" / "language_samples.yaml").read_text(encoding="utf-8")
)["samples"]


def test_every_covered_language_has_samples() -> None:
    assert set(SAMPLES) == set(vocabulary().languages)


@pytest.mark.parametrize(("language", "text"), [(code, text) for code, texts in SAMPLES.items() for text in texts])
def test_each_sample_reads_as_its_language(language: str, text: str) -> None:
    assert identify(text) == language


@pytest.mark.parametrize(("language", "text"), [(code, texts[0]) for code, texts in SAMPLES.items()])
def test_a_paragraphs_first_two_hundred_characters_read_as_its_language(language: str, text: str) -> None:
    assert reads_as(text[:200], language) is True


def test_neighbours_are_told_apart() -> None:
    pairs = [("kk", "ky"), ("ru", "uk"), ("uk", "be"), ("cs", "sk"), ("da", "sv"), ("es", "pt"), ("hr", "sl")]
    for one, other in pairs:
        assert identify(SAMPLES[one][0]) == one and identify(SAMPLES[other][0]) == other


def test_case_does_not_matter() -> None:
    assert identify(SAMPLES["kk"][0].upper()) == "kk"


def test_short_or_empty_text_cannot_tell() -> None:
    assert identify("Қош келдіңіз") is None
    assert identify("") is None
    assert identify("12345 67890 " * 20) is None
    assert len("Қош келдіңіз") < MIN_CHARS


def test_a_mixed_page_is_read_as_what_most_of_it_is() -> None:
    mixed = SAMPLES["ru"][0] + " " + SAMPLES["kk"][1][:80]
    languages = [language for language, _share in ranked(mixed)]
    assert identify(mixed) == "ru" and "kk" in languages


def test_croatian_written_as_bosnian_is_croatian() -> None:
    # CLD2 tells Bosnian and Serbian (Latin) from Croatian; pages and their lang attributes use them alike.
    assert identify(SAMPLES["hr"][0]) == "hr"
