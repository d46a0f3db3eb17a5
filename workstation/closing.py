"""What closing a case (结案) warns about without refusing it (REFERENCE §1.1 CLOSED, §2.2 No. 53, §1.9): closing
needs the agency head's approval on the 结案审批表 — the officer may still record it when that approval was given
on paper — and an ordinary-procedure penalty not yet published on 国家企业信用信息公示系统 keeps its publication
duty T18 running after the case is closed, overdue once its day passed, until the publication is recorded."""

from __future__ import annotations

from dataclasses import dataclass

from workstation.db import Database
from workstation.i18n import _
from workstation.records import Case

CLOSING_FORM = "closing_approval"
PUBLICATION_CLOCK = "T18"


@dataclass(frozen=True)
class ClosingWarning:
    """One thing closing the case now goes against: what the officer reads, and what the timeline keeps once they
    closed it all the same."""

    message: str
    note: str
    #: what the command line says once the step is recorded (it records it and warns, where the window asks first
    #: to tick ``message``): done, with what to add now; "" when ``message`` reads as well after the step
    done: str = ""


def approval_issued(db: Database, case: Case) -> bool:
    """Whether a 结案审批表 was issued (and not voided) in the case."""
    return db.execute("SELECT 1 FROM documents WHERE case_id = ? AND form_id = ? AND status = 'issued' LIMIT 1",
                      [case.id, CLOSING_FORM]).fetchone() is not None


def unpublished(db: Database, case: Case):
    """The publication deadline T18 of the case while it still runs (the penalty not published), else None:
    a case decided under the simple procedure, with a warning alone or not to penalise has none to run."""
    from workstation.clocks import case_clocks

    return next((d for d in case_clocks(db, case) if d.clock == PUBLICATION_CLOCK and d.open), None)


def closing_warnings(db: Database, case: Case) -> list[ClosingWarning]:
    """What closing ``case`` now goes against (empty: nothing)."""
    out = []
    if not approval_issued(db, case):
        out.append(ClosingWarning(
            _("No 结案审批表 has been issued in this case: closing a case needs the approval of the agency's head on "
              "it. Write and issue it first; record the closing all the same only if the closing was approved on "
              "paper."),
            _("Closed without an issued 结案审批表."),
            _("The case is recorded as closed. No 结案审批表 has been issued in it: write and issue it now, or, if the "
              "closing was approved on paper, keep that approval in the case file.")))
    deadline = unpublished(db, case)
    if deadline is not None:
        due = deadline.due or _("a day not yet known")
        late = _(" (overdue)") if deadline.state in ("overdue", "expired") else ""
        out.append(ClosingWarning(
            _("The penalty has not been published yet: {clock} {title} is due on {due}{late} (《市场监督管理行政处罚"
              "信息公示规定》第九条). Closing the case does not end that duty: {clock} stays on the deadline board "
              "until the publication is recorded.").format(clock=PUBLICATION_CLOCK, title=deadline.rule.title,
                                                          due=due, late=late),
            _("Closed before the penalty was published ({clock} due on {due}).").format(clock=PUBLICATION_CLOCK,
                                                                                         due=due)))
    return out
