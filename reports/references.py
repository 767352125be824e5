"""The methodologies rules cite, and their indicators, by name in the report's language.

rules/methodologies.yaml names each methodology (`title`) and its indicators in English, and rules
cite an indicator in `refs` ({source: wcag22, item: 1.1.1 non-text content}). Those English names
are the catalogs' messages: `extract_references` hands them to pybabel (reports/babel.cfg), so a
new methodology, indicator or cited item shows up as untranslated in tests/reports/test_i18n.py
until it is translated. A name no catalog has (a user's own rule file) stays in English.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import IO, Any

import yaml

from egov_audit.audits.rulebook import methodologies
from egov_audit.reports.i18n import Gettext, _same


def methodology_title(source: str, _: Gettext = _same) -> str:
    """ "WCAG 2.2", "Индекс местных онлайн-услуг ООН (LOSI)"; the id itself for one the file lacks."""
    info = methodologies().get(source)
    if info is None:
        return source
    title: str = info["title"]
    return _(title)


def indicator_name(item: str, _: Gettext = _same) -> str:
    """An indicator or article a rule cites, in the report's language."""
    return _(item)


def reference_text(source: str, item: str, _: Gettext = _same) -> str:
    """ "WCAG 2.2: 1.1.1 non-text content", in the report's language."""
    return f"{methodology_title(source, _)}: {indicator_name(item, _)}"


def extract_references(fileobj: IO[bytes], keywords: Any, comment_tags: Any, options: Any) -> Iterator[tuple]:
    """A pybabel extractor of rule files (reports/babel.cfg): the methodologies' titles and
    indicators, every item a rule cites, the profiles' titles and the concepts' names."""
    data = yaml.safe_load(fileobj.read().decode("utf-8"))
    for concept in (data.get("concepts") or {}).values() if isinstance(data, dict) else ():
        if isinstance(concept, dict) and isinstance(concept.get("name"), str) and "kind" in concept:
            yield 0, None, concept["name"], []
    if isinstance(data, dict) and isinstance(data.get("profile"), str) and isinstance(data.get("title"), str):
        yield 0, None, data["title"], []
    for info in (data.get("methodologies") or {}).values() if isinstance(data, dict) else ():
        yield 0, None, info["title"], []
        for indicator in info.get("indicators", []):
            yield 0, None, indicator, []
    yield from ((0, None, item, []) for item in _cited(data))


def _cited(node: object) -> Iterator[str]:
    if isinstance(node, dict):
        if isinstance(node.get("source"), str) and isinstance(node.get("item"), str):
            yield node["item"]
        for value in node.values():
            yield from _cited(value)
    elif isinstance(node, list):
        for value in node:
            yield from _cited(value)
