"""Each outcome's summary and evidence details as notes, so the archive words them in its reader's
language (audits/summaries.py, reports/findings.py):

- outcomes.summary_note: the summary as a note, [code, [[name, value], ...]] (audits/notes.py,
  Note.record); NULL where the summary is not a note of ours (a check's error text) and in every
  run before s0008;
- outcomes.evidence_notes: a list as long as outcomes.evidence, each item the detail of the
  evidence row at the same place as a note (or a listing of them), or null where the detail is
  data (an HTTP status, a URL, an error); the column is NULL when no detail is a note, and in every
  run before s0008.

Beside the English text, not instead of it: outcomes.summary and outcomes.evidence keep the English
words the terminal, the JSON document, SARIF, JUnit and the downloads show, and a run stored before
s0008 reads in English in every language of the archive. The notes are columns of their own rather
than a third element of each evidence pair, so every reader of outcomes.evidence (the findings
diff of store/history.py, the downloads) keeps reading [url, detail] pairs as before.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "s0008"
down_revision = "s0007"


def upgrade() -> None:
    with op.batch_alter_table("outcomes") as outcomes:
        outcomes.add_column(sa.Column("summary_note", sa.JSON, nullable=True))
        outcomes.add_column(sa.Column("evidence_notes", sa.JSON, nullable=True))
