"""Reading a filled-in review checklist (audits/review_files.py) back: every answer, checked.

Every row is checked before anything is kept, and every mistake is reported at once, each with the
file, the line (a CSV's row is its line: export writes each cell on one line) and the field: an
unknown portal, run, methodology or indicator, an indicator rules decide, an answer other than
yes/no/true/false/met/not met, no `who` (and no --who), a time that is not one, or evidence that is
not the run's. A blank answer is skipped. What the store holds (its portals, runs and outcomes) is
handed in, so this module reads no database.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from egov_audit.audits.file_errors import FileError, FileErrors, closest
from egov_audit.audits.methodology_catalog import catalog
from egov_audit.audits.model import RuleOutcome
from egov_audit.audits.review_checklist import ANSWERED_BY_PEOPLE
from egov_audit.audits.review_files import CSV_REQUIRED
from egov_audit.audits.reviews import Review, evidence_digest, parse_answer
from egov_audit.audits.yaml_files import line_of, mapping_line, printable, read_yaml_file

# A reviewer's clock may run ahead of the store's, or their zone be taken for UTC; a day is neither.
FUTURE_SLACK = timedelta(days=1)
MAX_WHO = 200
SUFFIXES = {".yaml": "yaml", ".yml": "yaml", ".csv": "csv"}


class ReviewFileError(FileError):
    """A review file is wrong; the message names the file, line and field of every error."""


@dataclass(frozen=True, slots=True)
class Answer:
    """One answer read from the file, checked: where it belongs and the evidence it was given on."""

    line: int
    portal_key: str
    run_id: int
    review: Review
    timed: bool  # False: the file gave no time, the import's is taken


@dataclass(frozen=True, slots=True)
class ReadAnswers:
    answers: tuple[Answer, ...]
    blank: int  # items left unanswered, skipped


@dataclass(frozen=True, slots=True)
class StoreFacts:
    """What the store holds that answers are checked against."""

    runs: Mapping[str, Collection[int]]  # each portal's key and its runs' ids
    outcomes: Callable[[int], Sequence[RuleOutcome]]  # a run's outcomes


# A row as the file gives it: each field's value (None when absent) and line.
_Row = dict[str, tuple[Any, int]]


def _text(value: Any) -> str:
    """A cell as text: YAML gives numbers and booleans for some, and None for empty ones."""
    return "" if value is None else " ".join(str(value).split())


class _Checker:
    def __init__(self, label: str, facts: StoreFacts, who: str | None, now: datetime) -> None:
        self.label, self.facts, self.who, self.now = label, facts, who, now
        self.errors = FileErrors()
        self.answers: list[Answer] = []
        self.blank = 0
        self._seen: dict[tuple[str, str, str], int] = {}
        self._outcomes: dict[int, Sequence[RuleOutcome]] = {}

    def fail(self, line: int, field: str, message: str) -> None:
        self.errors.add(self.label, line, field, message)

    def row(self, row: _Row) -> None:
        answer_value, answer_line = row["answer"]
        if isinstance(answer_value, bool):  # YAML reads an unquoted yes, no, true or false as a boolean
            answer: bool | None = answer_value
        elif not _text(answer_value):
            self.blank += 1
            return
        else:
            answer = parse_answer(_text(answer_value))
            if answer is None:
                shown = printable(_text(answer_value))
                self.fail(answer_line, "answer", f"must be yes, no, true, false, met or not met, got '{shown}'")
        portal, run_id = self._where(row)
        key = self._indicator(row)
        who = self._who(row)
        when = self._when(row)
        note = self._note(row)
        if None in (answer, portal, run_id, key, who, when, note):
            return
        assert answer is not None and portal is not None and run_id is not None and key is not None
        assert who is not None and when is not None and note is not None
        digest = self._digest(row, run_id, key)
        if digest is None:
            return
        first = self._seen.setdefault((portal, *key), row["indicator"][1])
        if first != row["indicator"][1]:
            self.fail(
                row["indicator"][1], "indicator", f"{key[1]} of {key[0]} is answered twice (first on line {first})"
            )
            return
        review = Review(key[0], key[1], answer, who, when, digest, note)
        timed = bool(_text(row["when"][0])) or isinstance(row["when"][0], date)
        self.answers.append(Answer(row["answer"][1], portal, run_id, review, timed))

    def _where(self, row: _Row) -> tuple[str | None, int | None]:
        (portal_value, portal_line), (run_value, run_line) = row["portal"], row["run"]
        portal = _text(portal_value)
        if not portal:
            self.fail(portal_line, "portal", "is required (the portal's key, as the export wrote it)")
            return None, None
        runs = self.facts.runs.get(portal)
        if runs is None:
            near = closest(portal, self.facts.runs)
            hint = f" (did you mean {near}?)" if near else ""
            self.fail(portal_line, "portal", f"no portal '{printable(portal)}' in the store{hint}")
            return None, None
        text = _text(run_value)
        if isinstance(run_value, bool) or not text.isdecimal() or len(text) > 18:
            self.fail(run_line, "run", f"must be a run's number, got '{printable(text)}'")
            return portal, None
        if int(text) not in runs:
            self.fail(run_line, "run", f"run {int(text)} is not a run of portal '{printable(portal)}'")
            return portal, None
        return portal, int(text)

    def _indicator(self, row: _Row) -> tuple[str, str] | None:
        (methodology_value, methodology_line), (indicator_value, indicator_line) = row["methodology"], row["indicator"]
        methodology_id, indicator_id = _text(methodology_value), _text(indicator_value)
        scored = {key: m for key, m in catalog().items() if m.scorecard}
        methodology = scored.get(methodology_id)
        if methodology is None:
            near = closest(methodology_id, scored)
            hint = f"did you mean {near}?" if near else f"scored methodologies: {', '.join(scored)}"
            self.fail(methodology_line, "methodology", f"no scored methodology '{printable(methodology_id)}' ({hint})")
            return None
        indicator = methodology.indicator(indicator_id)
        if indicator is None:
            near = closest(indicator_id, [i.id for i in methodology.indicators])
            hint = f" (did you mean {near}?)" if near else ""
            self.fail(
                indicator_line, "indicator", f"{methodology.id} has no indicator '{printable(indicator_id)}'{hint}"
            )
            return None
        if indicator.status not in ANSWERED_BY_PEOPLE:
            self.fail(indicator_line, "indicator", f"{indicator.id} is decided by rules (automated), not by a review")
            return None
        return methodology.id, indicator.id

    def _who(self, row: _Row) -> str | None:
        value, line = row["who"]
        if isinstance(value, dict | list):
            self.fail(line, "who", "must be text: a name or an organisation")
            return None
        who = _text(value) or self.who
        if not who:
            self.fail(line, "who", "is required: who answered (or give --who)")
            return None
        if len(who) > MAX_WHO:  # the store indexes it, with the answer, to keep each answer once
            self.fail(line, "who", f"must have at most {MAX_WHO} characters")
            return None
        return who

    def _when(self, row: _Row) -> datetime | None:
        value, line = row["when"]
        if isinstance(value, datetime):
            moment = value
        elif isinstance(value, date):
            moment = datetime(value.year, value.month, value.day)
        elif not _text(value):
            return self.now
        else:
            try:
                moment = datetime.fromisoformat(_text(value))
            except ValueError:
                shown = printable(_text(value))
                self.fail(line, "when", f"must be a date (YYYY-MM-DD) or an ISO 8601 time, got '{shown}'")
                return None
        try:
            moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
        except OverflowError:  # 0001-01-01T00:00+05:00 is before the first moment Python counts
            self.fail(line, "when", f"'{printable(_text(value))}' is out of range")
            return None
        if moment > self.now + FUTURE_SLACK:
            self.fail(line, "when", f"{moment:%Y-%m-%d %H:%M} UTC is in the future")
            return None
        return moment

    def _note(self, row: _Row) -> str | None:
        value, line = row["note"]
        if isinstance(value, dict | list):
            self.fail(line, "note", "must be text")
            return None
        return "" if value is None else str(value).strip()

    def _digest(self, row: _Row, run_id: int, key: tuple[str, str]) -> str | None:
        if run_id not in self._outcomes:
            self._outcomes[run_id] = self.facts.outcomes(run_id)
        digest = evidence_digest(self._outcomes[run_id], *key)
        given, line = row["evidence_digest"]
        if _text(given) and _text(given) != digest:  # blank: not given, the run's own is taken
            self.fail(line, "evidence_digest", f"is not the digest of run {run_id}'s evidence ({digest or 'none'})")
            return None
        return digest


_FIELDS = ("methodology", "indicator", "answer", "who", "when", "note", "evidence_digest")


def _yaml_rows(path: Path, label: str, checker: _Checker) -> Iterator[_Row]:
    document = read_yaml_file(path, label, ReviewFileError)
    portals = document.get("portals") if isinstance(document, dict) else None
    if not isinstance(portals, list):
        where = (line_of(document, ("portals",)) or 1) if isinstance(document, dict) else 1
        checker.fail(where, "portals", "is required: the list of portals `review export` wrote")
        return
    for p, portal in enumerate(portals):
        items = portal.get("items") if isinstance(portal, dict) else None
        if not isinstance(items, list):
            line = line_of(document, ("portals", p, "items")) or 1
            checker.fail(line, f"portals[{p}].items", "is required: the list of the portal's items")
            continue
        start = mapping_line(portal)
        where = {key: (portal.get(key), line_of(document, ("portals", p, key)) or start) for key in ("portal", "run")}
        for i, item in enumerate(items):
            if not isinstance(item, dict):
                line = line_of(document, ("portals", p, "items", i)) or start
                checker.fail(line, f"portals[{p}].items[{i}]", "must be a mapping (methodology: …, answer: …)")
                continue
            item_line = mapping_line(item)
            path_of = ("portals", p, "items", i)
            fields = {key: (item.get(key), line_of(document, (*path_of, key)) or item_line) for key in _FIELDS}
            yield {**where, **fields}


def _csv_rows(path: Path, label: str, checker: _Checker) -> Iterator[_Row]:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except OSError as exc:
        raise ReviewFileError(f"{label}: cannot be read: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ReviewFileError(f"{label}: is not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = [_text(cell) for cell in next(reader, [])]
        missing = [column for column in CSV_REQUIRED if column not in header]
        if missing:
            checker.fail(
                1, "", f"no column {', '.join(missing)} (the first row names the columns: {', '.join(CSV_REQUIRED)}, …)"
            )
            return
        start = reader.line_num + 1
        for cells in reader:
            if any(cell.strip() for cell in cells):
                values = dict(zip(header, cells, strict=False))
                yield {key: (values.get(key), start) for key in ("portal", "run", *_FIELDS)}
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ReviewFileError(f"{label}:{reader.line_num}: not valid CSV: {exc}") from None


def file_format(path: Path) -> str | None:
    """`yaml` or `csv` by the file's extension; None for any other."""
    return SUFFIXES.get(path.suffix.lower())


def read_answers(
    path: Path, facts: StoreFacts, who: str | None, now: datetime, label: str | None = None
) -> ReadAnswers:
    """Every answer of a filled-in checklist, checked against the store's facts; a ReviewFileError
    listing every mistake (file, line, field) if there is one."""
    label = label or str(path)
    fmt = file_format(path)
    if fmt is None:
        raise ReviewFileError(f"{label}: must end in .yaml, .yml or .csv (the formats `review export` writes)")
    checker = _Checker(label, facts, " ".join(who.split()) if who else None, now)
    for row in (_yaml_rows if fmt == "yaml" else _csv_rows)(path, label, checker):
        checker.row(row)
    checker.errors.raise_if_any(ReviewFileError)
    return ReadAnswers(tuple(checker.answers), checker.blank)
