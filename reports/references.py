"""The methodologies rules cite, and their indicators, by name in the report's language.

rules/methodologies/ID.yaml names each methodology (`title`), its criteria and its indicators in
English, and rules cite an indicator by its id ({source: wcag22, item: 1.1.1}). Those English names
are the catalogs' messages: `extract_references` hands them to pybabel (reports/babel.cfg), so a
new methodology, criterion, indicator or question shows up as untranslated in
tests/reports/test_i18n.py until it is translated. A name no catalog has (a user's own rule file)
stays in English; an item no methodology file lists (a run stored before indicators had ids) is
said as it was stored.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import yaml

from egov_audit.audits.methodology_catalog import catalog
from egov_audit.reports.i18n import Gettext, _same


def methodology_title(source: str, _: Gettext = _same) -> str:
    """ "WCAG 2.2", "Индекс местных онлайн-услуг ООН (LOSI)"; the id itself for one no file names."""
    methodology = catalog().get(source)
    return source if methodology is None else _(methodology.title)


def indicator_name(source: str, item: str, _: Gettext = _same) -> str:
    """An indicator or article a rule cites, in the report's language."""
    methodology = catalog().get(source)
    indicator = methodology.indicator(item) if methodology is not None else None
    return _(indicator.label if indicator is not None else item)


def reference_text(source: str, item: str, _: Gettext = _same) -> str:
    """ "WCAG 2.2: 1.1.1 non-text content", in the report's language."""
    return f"{methodology_title(source, _)}: {indicator_name(source, item, _)}"


def extract_references(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any) -> Iterator[tuple]:
    """A pybabel extractor of rule files (reports/babel.cfg): the methodologies' titles, criteria,
    indicators, levels and review questions, the profiles' titles
    and the concepts' names."""
    data = yaml.safe_load(fileobj.read().decode("utf-8"))
    if not isinstance(data, dict):
        return
    if isinstance(data.get("profile"), str) and isinstance(data.get("title"), str):
        yield 0, None, data["title"], []
    for concept in (data.get("concepts") or {}).values():
        if isinstance(concept, dict) and isinstance(concept.get("name"), str) and "kind" in concept:
            yield 0, None, concept["name"], []
    if isinstance(data.get("methodology"), str):
        yield from ((0, None, text, []) for text in _methodology_texts(data))


def _methodology_texts(data: dict[str, Any]) -> Iterator[str]:
    yield data["title"]
    for level in data.get("levels") or ():
        yield level["name"]
    for criterion in data.get("criteria") or ():
        yield criterion["title"]
        for indicator in criterion.get("indicators") or ():
            yield indicator["label"]
            if indicator.get("question"):
                yield indicator["question"]
