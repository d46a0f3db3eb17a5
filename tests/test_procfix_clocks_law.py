"""The party's remedy periods outlive the closing of the case (T10, T11 run to their last day, then end); the law
panel's publication line and criminal verdict say what the case holds: no penalty recorded is not "a warning
alone", and nothing counted gives no conclusion."""

from __future__ import annotations

import pytest

from tests.test_clocks import deadline, stage
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.law import thresholds
from workstation.law.case_law import case_law
from workstation.law.criminal import assess
from workstation.store import get_case

ADDRESS = "佛山市南海区桂城街道南海大道1号"


def test_closing_the_case_leaves_the_partys_remedy_periods_running_to_their_last_day(db, make_case):
    # decision served 2026-11-30: 60 days to apply for reconsideration (T10, 2027-01-29), six months to sue (T11)
    case = stage(db, make_case(fine_fen=500_000), "closed", filed_on="2026-10-09", decided_on="2026-11-25",
                 served_on="2026-11-30", closed_on="2026-12-01")
    reconsideration, suit = deadline(db, case, "T10", on="2026-12-01"), deadline(db, case, "T11", on="2026-12-01")
    assert (reconsideration.state, reconsideration.due) == ("open", "2027-01-29")
    assert suit.state == "open" and suit.due.startswith("2027-05-3")
    # once its last day is over, the period has ended; the longer one still runs
    assert deadline(db, case, "T10", on="2027-02-01").state == "ended"
    assert deadline(db, case, "T11", on="2027-02-01").state == "open"
    archived = stage(db, case, "archived")
    assert deadline(db, archived, "T10", on="2026-12-01").state == "open"
    # the agency's own period (payment T8) still ends with the case
    assert deadline(db, case, "T8", on="2026-12-01").state != "open"


def test_the_publication_line_of_a_case_without_penalty_says_none_is_recorded():
    nothing = thresholds.publication("company", 0)
    assert not nothing.required and nothing.reasons[0].startswith("尚未记录罚款、没收或者警告等处罚")
    assert "仅受到警告" not in "".join(nothing.reasons)
    warning = thresholds.publication("company", 0, penalties=["warning"])
    assert warning.reasons[0] == "仅受到警告行政处罚的不予公示。"


def test_the_law_panel_reads_a_warning_from_the_decision_in_force(db, data_dir, make_case):
    case = make_case(status="decision_pending", filed_on="2026-02-20", notice_served_on="2026-03-02",
                     notice_waived=True, facts="经查，当事人未经消费者同意向其发送商业性短信。")
    assert "仅受到警告" not in "".join(case_law(db, get_case(db, case.id)).publication.reasons)
    issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"),
                   {"decided_on": "2026-03-10", "warning": True, "party_address": ADDRESS})
    assert case_law(db, get_case(db, case.id)).publication.reasons == ("仅受到警告行政处罚的不予公示。",)


def test_nothing_counted_gives_no_criminal_conclusion():
    nothing = assess(0, 0, 0, 0)
    assert not nothing.counted and not nothing.transfer_suggested
    assert nothing.steps == ("尚未录入涉案个人信息数量、违法所得或者曾受处罚情况，无法判断是否达到刑事追诉标准，暂不作出结论。",)
    assert not any(step.startswith("结论：") for step in assess(0, 0, 0, 0, lawful_business=True).steps)
    counted = assess(0, 0, 100, 0)
    assert counted.counted and counted.steps[-1].startswith("结论：未达到刑事追诉标准")


@pytest.mark.gui
def test_the_law_panel_of_a_new_case_gives_no_verdict_and_no_warning_sentence(db, make_case, make_window, english):
    from PySide6.QtWidgets import QLabel

    workspace = make_window(db).open_case(make_case().id)
    verdict = workspace.law.findChild(QLabel, "criminal_verdict").text()
    assert verdict.startswith("Nothing is counted yet: record the case's personal-information records")
    assert "结论：" not in workspace.law.findChild(QLabel, "criminal_steps").text()
    assert "仅受到警告" not in workspace.law.findChild(QLabel, "publication").text()
