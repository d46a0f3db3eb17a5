"""What concluding the investigation (调查终结, REFERENCE §1.1 INVESTIGATION_CONCLUDED) warns about without refusing
it: a case that issued no record (询问笔录, 现场笔录, 电子数据证据提取笔录, 证据提取单, 抽样记录) and registered no evidence
has nothing here the 调查终结报告 and the decision can rest on. The records may have been made on paper, so the
officer may conclude all the same once they read the warning (the window asks to tick it, the command line says it),
as closing a case warns (``workstation.closing``). Submitting the case for review (提交审核) likewise warns while no
调查终结报告 is issued: the review examines it, and it too may have been written on paper."""

from __future__ import annotations

from workstation.closing import ClosingWarning
from workstation.db import Database
from workstation.i18n import _
from workstation.records import Case

REPORT_FORM = "investigation_report"


def has_records_or_evidence(db: Database, case: Case) -> bool:
    """Whether the case issued a record that proves facts (``formkit.proof.RECORD_FORMS``, not voided) or holds an
    item in its evidence register."""
    from workstation.formkit.proof import RECORD_FORMS

    marks = ", ".join("?" * len(RECORD_FORMS))
    issued = db.execute(f"SELECT 1 FROM documents WHERE case_id = ? AND status = 'issued' AND form_id IN ({marks}) "
                        f"LIMIT 1", [case.id, *RECORD_FORMS]).fetchone()
    return issued is not None or db.execute("SELECT 1 FROM evidence WHERE case_id = ? LIMIT 1",
                                            [case.id]).fetchone() is not None


def conclusion_warnings(db: Database, case: Case) -> list[ClosingWarning]:
    """What concluding the investigation of ``case`` now goes against (empty: nothing)."""
    if has_records_or_evidence(db, case):
        return []
    return [ClosingWarning(
        _("No 询问笔录, 现场笔录 or other record has been issued in this case and its evidence register is empty: the "
          "调查终结报告 and the decision have no evidence here to rest on. Issue the records and register the "
          "evidence first; conclude the investigation all the same only if they were made on paper."),
        _("Investigation concluded with no issued record and no registered evidence."),
        _("The conclusion of the investigation is recorded. No 询问笔录, 现场笔录 or other record has been issued in "
          "this case and its evidence register is empty: issue the records and register the evidence now, or, if "
          "they were made on paper, keep them in the case file."))]


def review_warnings(db: Database, case: Case) -> list[ClosingWarning]:
    """What submitting ``case`` for review (提交审核) now goes against: no issued (not voided) 调查终结报告."""
    if db.execute("SELECT 1 FROM documents WHERE case_id = ? AND form_id = ? AND status = 'issued' LIMIT 1",
                  [case.id, REPORT_FORM]).fetchone() is not None:
        return []
    return [ClosingWarning(
        _("No 调查终结报告 has been issued in this case: the review (审核) examines the report of the investigation "
          "and the penalty it proposes. Write and issue it first; submit the case all the same only if the report "
          "was written on paper."),
        _("Submitted for review without an issued 调查终结报告."),
        _("The submission for review is recorded. No 调查终结报告 has been issued in this case: write and issue it "
          "now, or, if it was written on paper, keep it in the case file."))]


def action_warnings(db: Database, case: Case, action: str) -> list[ClosingWarning]:
    """The warnings of ``action`` handled here (调查终结, 提交审核); empty for any other action."""
    if action == "conclude_investigation":
        return conclusion_warnings(db, case)
    if action == "submit_review":
        return review_warnings(db, case)
    return []
