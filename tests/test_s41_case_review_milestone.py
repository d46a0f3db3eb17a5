"""The timeline names the day the file was sent to review (``submit_review``) as 案件审核 or 法制审核, not as the 法制审核
(legal review) only listed cases go through (REFERENCE §1.1, §1.5)."""

from workstation import procedure
from workstation.store import get_case
from workstation.store.cases import case_timeline


def milestones(db, case):
    return [entry.text for entry in case_timeline(db, get_case(db, case.id)) if entry.kind == "milestone"]


def test_the_review_milestone_names_case_review_too(db, make_case, english):
    # a case imported with its dates (no step recorded gives them): each its milestone
    imported = make_case(status="under_review", filed_on="2026-03-02", review_on="2026-03-20")
    assert milestones(db, imported) == ["Case filed", "Sent to case or legal review"]
    # the step recorded gives its date with its own line: no milestone copy of it (s51)
    case = make_case(status="investigation_concluded", filed_on="2026-03-02")
    procedure.apply(db, case.id, "submit_review", on_date="2026-03-20")
    assert milestones(db, case) == ["Case filed"]

