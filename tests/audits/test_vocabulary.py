"""The vocabularies: every shipped language file loads and words every concept; a bad file is a
one-line error naming the file, the line, the concept and the field."""

from __future__ import annotations

from pathlib import Path

import pytest

from egov_audit.audits.rule_schema import RuleFileError
from egov_audit.audits.vocabulary import VOCABULARY_DIR, check_concept, concepts, load_language, vocabulary

# ISO codes of the languages the issue asks for: Kazakh, Russian, English, the EU's 24, and the region's.
REQUIRED = {
    "kk", "ru", "en", "bg", "hr", "cs", "da", "nl", "et", "fi", "fr", "de", "el", "hu", "ga", "it", "lv", "lt", "mt",
    "pl", "pt", "ro", "sk", "sl", "es", "sv", "uz", "ky", "tg", "tk", "az", "hy", "ka", "uk", "be",
}  # fmt: skip


def test_every_required_language_is_covered_and_words_every_concept() -> None:
    shipped = vocabulary()
    assert set(shipped.languages) == REQUIRED
    for code, language in shipped.languages.items():
        assert set(language.concepts) == set(concepts()), code
        for name, wording in language.concepts.items():
            assert wording.source.strip() and wording.phrases, (code, name)


def test_the_accessibility_statement_is_named_by_its_official_title_in_eu_languages() -> None:
    titles = {
        "sv": "tillgänglighetsredogörelse",
        "de": "erklärung zur barrierefreiheit",
        "es": "declaración de accesibilidad",
        "pl": "deklaracja dostępności",
        "fi": "saavutettavuusseloste",
        "fr": "déclaration d'accessibilité",
    }
    for code, title in titles.items():
        assert title in [p.casefold() for p in vocabulary().phrases("accessibility_statement", [code])], code


def test_phrases_come_in_the_languages_asked_for() -> None:
    swedish = vocabulary().phrases("contacts", ["sv"])
    assert any("kontakt" in phrase.casefold() for phrase in swedish)
    assert not set(swedish) & set(vocabulary().phrases("contacts", ["ru"]))
    assert set(vocabulary().phrases("contacts")) >= set(swedish)  # every language when none is named


def write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def full_file(language: str, concepts_text: str) -> str:
    return f"language: {language}\nname: Test\nconcepts:\n{concepts_text}"


def every_concept(skip: str = "") -> str:
    return "".join(
        f"  {name}:\n    source: usual labels\n    phrases: [{name} word]\n" for name in concepts() if name != skip
    )


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("sv.yaml", full_file("de", every_concept()), "language must be the file's name, 'sv', got 'de'"),
        ("xq.yaml", full_file("xq", every_concept()), "'xq' is no language CLDR knows"),
        ("sv.yaml", full_file("sv", every_concept("privacy")), "words no phrase for the concepts privacy"),
        (
            "sv.yaml",
            full_file("sv", every_concept() + "  gossip:\n    source: x\n    phrases: [rumour]\n"),
            "concept 'gossip' is not in concepts.yaml",
        ),
        ("sv.yaml", full_file("sv", every_concept().replace("[help word]", "[]")), "concept 'help': "),
        ("sv.yaml", full_file("sv", every_concept().replace("[help word]", "[Hjälp, hjälp]")), "gives 'hjälp' twice"),
        ("sv.yaml", "language: sv\nconcepts: {privacy: {source: x, phrases: [a]}\n", "not valid YAML"),
    ],
)
def test_a_bad_language_file_is_one_line_naming_where(tmp_path: Path, name: str, text: str, message: str) -> None:
    with pytest.raises(RuleFileError) as caught:
        load_language(write(tmp_path, name, text), concepts())
    assert message in str(caught.value) and str(caught.value).startswith(f"rules/vocabularies/{name}")
    assert "\n" not in str(caught.value)


def test_a_rule_naming_an_unknown_concept_is_refused() -> None:
    with pytest.raises(ValueError, match="names no concept"):
        check_concept("privcy")
    assert check_concept("privacy", "link") == "privacy"


def test_the_vocabulary_folder_is_data_only() -> None:
    assert {p.suffix for p in VOCABULARY_DIR.iterdir()} == {".yaml"}
