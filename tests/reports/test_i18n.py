"""Report translations: the Russian and Kazakh catalogs are complete and safe, and the template is current."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po

from egov_audit.reports.i18n import LOCALES, UnknownLanguageError, translations

ROOT = Path(__file__).resolve().parents[2]
POT = LOCALES / "messages.pot"
TRANSLATED = ("ru", "kk")
PLURAL_FORMS = {
    "ru": "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);",
    "kk": "nplurals=2; plural=(n != 1);",
}
OPENNESS_INDEX = {"ru": "Индекс открытости", "kk": "Ашықтық индексі"}
# A python-format placeholder: %(name) then flags, width, precision and conversion.
PLACEHOLDER = re.compile(r"%\([^)]*\)[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa]")
# Identifiers that stay as they are in every language.
TOKENS = ("axe-core", "egov-audit", "robots.txt", "WCAG", "CSV", "JSON", "UTF-8", "Atom", "Chromium", "RUN_ID", ">>")
# Underscore directories (templates/_partials) are skipped by pybabel's default --ignore-dirs, so it is narrowed.
EXTRACT = [
    "extract",
    "-F",
    "reports/babel.cfg",
    "-k",
    "N_",
    "-k",
    "counted:2,3",  # cli/plurals.py: a count and its noun's singular and plural
    "--no-location",
    "--sort-output",
    "--omit-header",
    "--ignore-dirs",
    ".*",
]
EXTRACT_COMMAND = "pybabel " + " ".join(EXTRACT).replace(".*", "'.*'") + " -o reports/locales/messages.pot ."


def _read(path: Path, locale: str | None = None) -> Catalog:
    with path.open("rb") as po:
        return read_po(po, locale=locale)


def _msgids(catalog: Catalog) -> set[str]:
    return {message.id for message in catalog if message.id}


@pytest.fixture(scope="module")
def template() -> Catalog:
    return _read(POT)


@pytest.fixture(scope="module", params=TRANSLATED)
def catalog(request: pytest.FixtureRequest) -> Catalog:
    return _read(LOCALES / request.param / "LC_MESSAGES" / "messages.po", locale=request.param)


def test_catalog_headers(catalog: Catalog) -> None:
    lang = str(catalog.locale)
    headers = dict(catalog.mime_headers)
    assert headers["Language"] == lang
    assert headers["Content-Type"].lower() == "text/plain; charset=utf-8"
    assert headers["Plural-Forms"] == PLURAL_FORMS[lang]
    assert not catalog.fuzzy


def test_every_message_is_translated(template: Catalog, catalog: Catalog) -> None:
    missing = sorted(_msgids(template) - _msgids(catalog))
    assert not missing, f"{catalog.locale}: not in the catalog: {missing}"
    untranslated = sorted(mid for mid in _msgids(template) if not str(catalog[mid].string).strip())
    assert not untranslated, f"{catalog.locale}: empty msgstr for {untranslated}"
    fuzzy = sorted(message.id for message in catalog if message.id and message.fuzzy)
    assert not fuzzy, f"{catalog.locale}: fuzzy translations {fuzzy}"


def test_translations_keep_placeholders_markup_and_identifiers(catalog: Catalog) -> None:
    problems = []
    for message in catalog:
        if not message.id:
            continue
        source, translated = str(message.id), str(message.string)
        if set(PLACEHOLDER.findall(source)) != set(PLACEHOLDER.findall(translated)):
            problems.append(f"placeholders differ: {source!r} -> {translated!r}")
        if ("%(" in source) != message.python_format:
            problems.append(f"python-format flag wrong: {source!r}")
        if "<" not in source and "<" in translated:
            problems.append(f"markup added: {translated!r}")
        lost = [token for token in TOKENS if token in source and token not in translated]
        problems += [f"{token!r} lost: {translated!r}" for token in lost]
    assert not problems, f"{catalog.locale}:\n" + "\n".join(problems)


# Words Kazakh shares with Russian; any other Kazakh message equal to the Russian one was copied, not translated.
SHARED_WITH_RUSSIAN = {"Portal", "Ranking", "The portal."}


def test_kazakh_is_not_russian() -> None:
    russian = _read(LOCALES / "ru" / "LC_MESSAGES" / "messages.po", locale="ru")
    kazakh = _read(LOCALES / "kk" / "LC_MESSAGES" / "messages.po", locale="kk")
    copied = sorted(
        str(message.id)
        for message in kazakh
        if message.id and message.id not in SHARED_WITH_RUSSIAN and message.string == russian[message.id].string
    )
    assert not copied, f"kk carries the Russian text for {copied}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_translations_are_loaded(lang: str) -> None:
    assert translations(lang).gettext("Openness index") == OPENNESS_INDEX[lang]
    assert translations(lang).gettext("A string no template has") == "A string no template has"


def test_unknown_language_is_refused() -> None:
    with pytest.raises(UnknownLanguageError):
        translations("xx")


def test_template_is_current(template: Catalog, tmp_path: Path) -> None:
    extracted = tmp_path / "messages.pot"
    CommandLineInterface().run(["pybabel", "--quiet", *EXTRACT, "-o", str(extracted), str(ROOT)])
    current = _msgids(_read(extracted))
    added, removed = sorted(current - _msgids(template)), sorted(_msgids(template) - current)
    assert not added and not removed, (
        f"reports/locales/messages.pot is out of date (new: {added}; gone: {removed}). "
        f"Run `{EXTRACT_COMMAND}` from the repository root, "
        "then translate the new messages in reports/locales/ru and reports/locales/kk."
    )


@pytest.mark.parametrize(
    ("lang", "forms"),
    [
        ("en", {1: "1 error", 2: "2 errors", 5: "5 errors", 21: "21 errors"}),
        ("ru", {1: "1 ошибка", 2: "2 ошибки", 5: "5 ошибок", 21: "21 ошибка"}),
        ("kk", {1: "1 қате", 2: "2 қате", 5: "5 қате", 21: "21 қате"}),
    ],
)
def test_counts_take_each_language_s_plural_forms(lang: str, forms: dict[int, str]) -> None:
    from egov_audit.cli.plurals import counted

    assert {n: counted(n, "%(n)d error", "%(n)d errors", lang) for n in forms} == forms
