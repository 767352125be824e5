"""Every word in the reader's language (issue 18): the checks' summaries and evidence details, kept as
notes (audits/summaries.py), read in Russian and Kazakh in the archive, their numbers as each
language writes them; the terminal keeps its English words, and a run stored without notes reads
in English everywhere."""

from __future__ import annotations

import re
from pathlib import Path

import lxml.html
import pytest

from egov_audit.audits.model import Evidence
from egov_audit.audits.notes import Listing, Note, Plural, Term, note, percent
from egov_audit.audits.summaries import SUMMARIES
from egov_audit.audits.vocabulary import concept_term, concepts
from egov_audit.reports.findings import worded
from egov_audit.reports.i18n import translations

PLACEHOLDER = re.compile(r"%\([^)]*\)s")


def english_fragments() -> set[str]:
    """The fixed words of every summary and evidence template: the pieces between placeholders,
    of two words or more (a single word may well be a page's own, or a name)."""
    fragments: set[str] = set()
    for message in SUMMARIES.values():
        forms = (message.singular, message.plural) if isinstance(message, Plural) else (message,)
        for form in forms:
            for piece in PLACEHOLDER.split(form):
                piece = " ".join(piece.split()).strip(" .,;:()-")
                if len(re.findall(r"[A-Za-z]+", piece)) >= 2:
                    fragments.add(piece)
    return fragments


def test_a_summary_reads_in_russian_with_its_plural_and_the_locale_s_numbers() -> None:
    measured = note("sampled_share", failing=1, pages=3, share=percent(0.976, 1))
    assert measured.words() == "1 of 3 rendered pages fail; weighted by template, 97.6% pass."
    assert worded(measured.words(), measured, "ru") == (
        "Не проходят отрисованные страницы: 1 из 3; с учётом шаблонов проходит 97,6\N{NO-BREAK SPACE}%."
    )
    forms = {n: worded("", note("violations_of", n=n, rules="image-alt"), "ru") for n in (1, 3, 5, 21)}
    assert forms == {
        1: "1 нарушение правил image-alt.",
        3: "3 нарушения правил image-alt.",
        5: "5 нарушений правил image-alt.",
        21: "21 нарушение правил image-alt.",
    }
    assert worded("", note("violations_of", n=5, rules="image-alt"), "kk") == "image-alt ережелерінің 5 бұзылуы."


def test_english_keeps_the_terminal_s_words_and_fixes_only_plurals() -> None:
    assert note("violations_of", n=1, rules="image-alt").words() == "1 violation of image-alt."
    hop = note("broken_linked_from", answer=note("no_answer"), pages="http://p.test/")
    assert Evidence.of("http://p.test/a", hop).detail == "no answer; linked from http://p.test/"
    assert worded("no answer; linked from http://p.test/", hop, "en") == "no answer; linked from http://p.test/"


def test_page_words_stay_as_the_page_gave_them() -> None:
    """A link's text among the values is data: never translated, whatever it says."""
    said = note("links_to", url="http://p.test/privacy", text="Not an HTML page.")
    assert worded(said.words(), said, "ru") == "Ссылается на http://p.test/privacy (Not an HTML page.)."


def test_text_without_a_note_reads_in_english_in_every_language() -> None:
    """A run stored before s0008 has no notes; a note of a code this version does not know is
    read as its stored words too."""
    assert worded("3 of 5 pages fail (40.0% pass).", None, "kk") == "3 of 5 pages fail (40.0% pass)."
    assert worded("kept words", Note("a_code_no_version_has"), "ru") == "kept words"
    unknown_inside = Listing((note("no_feedback_contact"), Note("a_code_no_version_has")))
    assert worded("kept words", unknown_inside, "ru") == "kept words"


def test_notes_round_trip_through_their_record() -> None:
    said = note("no_contacts", kinds=Listing((note("kind_email"), note("kind_phone")), note("nor")))
    assert Note.from_record(said.record()) == said
    assert said.words() == "No email, no phone found."


def test_a_concept_sought_is_named_in_the_reader_s_language() -> None:
    """What a rule looked for is the concept's name from rules/vocabularies/concepts.yaml, never its id."""
    said = note("no_link_to", sought=concept_term("privacy"), links=27, languages="kk, ru, en")
    assert said.words() == "No link to the privacy policy among 27 links (read in kk, ru, en)."
    assert worded(said.words(), said, "ru") == (
        "Нет ссылки: политика конфиденциальности (ссылок на странице: 27; прочитано на: kk, ru, en)."
    )
    assert worded("", note("no_link_to_short", sought=concept_term("privacy")), "kk") == (
        "сілтеме жоқ: құпиялылық саясаты"
    )
    assert Note.from_record(said.record()) == said
    assert worded("", note("no_link_to_short", sought=Term("a user's own concept")), "ru") == (
        "нет ссылки: a user's own concept"
    )


@pytest.mark.parametrize("lang", ["ru", "kk"])
def test_every_concept_has_a_name_in_the_catalogs(lang: str) -> None:
    gettext = translations(lang).gettext
    untranslated = [name for name, concept in concepts().items() if gettext(concept.name) == concept.name]
    assert not untranslated


@pytest.fixture(scope="module", params=["ru", "kk"])
def translated_archive(request: pytest.FixtureRequest, translated_archives: dict[str, Path]) -> Path:
    return translated_archives[request.param]


def _text(page: Path) -> str:
    root = lxml.html.document_fromstring(page.read_text(encoding="utf-8"))
    for hidden in root.xpath("//script|//style"):
        hidden.drop_tree()
    return " ".join(root.text_content().split())


def test_no_summary_or_evidence_template_is_left_in_english(translated_archive: Path) -> None:
    pages = [*translated_archive.glob("portals/*/index.html"), *translated_archive.glob("runs/*.html")]
    assert pages
    fragments = english_fragments()
    found = {
        f"{page.relative_to(translated_archive)}: {fragment!r}"
        for page in pages
        for fragment in fragments
        if fragment in _text(page)
    }
    assert not found, "\n".join(sorted(found))
