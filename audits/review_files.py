"""The review checklist as a file a person fills in: YAML (one document, a list of portals with their
items) or CSV (one row per item), both UTF-8 (docs/reviews.md describes every field).

Each portal names its key and the run whose evidence is shown, so `review import` knows where an
answer belongs and which evidence it was given on; each item names its methodology and indicator.
The fields to fill are `answer`, `who`, `when` and `note`; an answer that already applies to the run
is written in them, so the file shows what is answered and what is not. Reading the answers back is
audits/review_answers.py.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from typing import Any

import yaml

from egov_audit.audits.review_checklist import ChecklistItem, PortalChecklist, RuleEvidence

FORMAT_VERSION = 1
# The CSV's columns, in order; import needs the first five and reads who, when, note and
# evidence_digest when present, and ignores the others (a spreadsheet may add its own).
CSV_COLUMNS = (
    "portal",
    "run",
    "methodology",
    "indicator",
    "answer",
    "who",
    "when",
    "note",
    "portal_name",
    "status",
    "label",
    "question",
    "evidence",
    "evidence_digest",
)
CSV_REQUIRED = CSV_COLUMNS[:5]

YAML_HEADER = """\
# egov-audit review checklist: the indicators rules cannot decide alone, for a person to answer.
# For each item, read the question and the evidence the run gathered, look at the portal, then fill in
#   answer: yes or no (also true/false, met/not met); leave it empty to skip the item
#   who:    who answered: a name or an organisation (or give --who to `egov-audit review import`)
#   when:   when you looked: YYYY-MM-DD or an ISO 8601 time (UTC when it names no zone);
#           empty: the time of the import
#   note:   optional: what you saw and where
# then run: egov-audit review import THIS-FILE --db URL
# Leave portal, run, methodology, indicator and evidence_digest as they are: an answer counts for
# later runs as long as the evidence (its digest) stays the same; when it changes, the item comes
# back empty in the next export. An answer written in already applies; change it to record a new one
# (and clear `when`, so the new answer gets the time of the import).
"""


class _Dumper(yaml.SafeDumper):
    """Empty fields are written empty (`answer:`), not `null`, so filling one in is typing after it."""


_Dumper.add_representer(type(None), lambda dumper, _: dumper.represent_scalar("tag:yaml.org,2002:null", ""))


def answer_word(answer: bool | None) -> str | None:
    return None if answer is None else ("yes" if answer else "no")


def _filled(item: ChecklistItem) -> dict[str, Any]:
    review = item.review
    return {
        "answer": answer_word(review.answer) if review else None,
        "who": review.who if review else None,
        "when": review.when.isoformat() if review else None,
        "note": (review.note or None) if review else None,
    }


def _rule(evidence: RuleEvidence) -> dict[str, Any]:
    found: dict[str, Any] = {
        "rule": evidence.rule_id,
        "outcome": evidence.outcome,
        "summary": evidence.summary,
        "urls": list(evidence.urls),
    }
    if evidence.more_urls:
        found["more_urls"] = evidence.more_urls
    return found


def _item(item: ChecklistItem) -> dict[str, Any]:
    return {
        "methodology": item.methodology,
        "indicator": item.indicator,
        "status": item.status,
        "label": item.label,
        "question": item.question,
        **_filled(item),
        "evidence_digest": item.digest,
        "evidence": [_rule(evidence) for evidence in item.evidence],
    }


def checklist_yaml(checklists: Iterable[PortalChecklist]) -> str:
    """The checklists as one YAML document, with the comments that say how to fill it in."""
    document = {
        "version": FORMAT_VERSION,
        "portals": [
            {
                "portal": checklist.portal_key,
                "name": checklist.portal_name,
                "run": checklist.run_id,
                "audited": checklist.run_started.isoformat(),
                "items": [_item(item) for item in checklist.items],
            }
            for checklist in checklists
        ],
    }
    body = yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=120)
    return YAML_HEADER + body


def _one_line(text: str) -> str:
    """A cell on one line: a row of the file is a row of the spreadsheet, and its line in errors."""
    return " ".join(text.split())


def evidence_text(evidence: Iterable[RuleEvidence]) -> str:
    """The evidence in one cell: `rule (outcome): summary: url url …`, rules apart by ` | `."""
    parts = []
    for found in evidence:
        urls = " ".join(found.urls) + (f" (+{found.more_urls} more)" if found.more_urls else "")
        parts.append(_one_line(f"{found.rule_id} ({found.outcome}): {found.summary}" + (f": {urls}" if urls else "")))
    return " | ".join(parts)


def checklist_csv(checklists: Iterable[PortalChecklist], bom: bool = False) -> bytes:
    """The checklists as CSV, one row per item, UTF-8 (with a byte order mark for Excel if asked)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for checklist in checklists:
        for item in checklist.items:
            filled = _filled(item)
            row = {
                "portal": checklist.portal_key,
                "run": checklist.run_id,
                "methodology": item.methodology,
                "indicator": item.indicator,
                **{key: _one_line(value or "") for key, value in filled.items()},
                "portal_name": _one_line(checklist.portal_name),
                "status": item.status,
                "label": _one_line(item.label),
                "question": _one_line(item.question),
                "evidence": evidence_text(item.evidence),
                "evidence_digest": item.digest,
            }
            writer.writerow([row[column] for column in CSV_COLUMNS])
    text = out.getvalue().encode("utf-8")
    return "\ufeff".encode() + text if bom else text
