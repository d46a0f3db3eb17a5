"""A case whose 行政处罚告知书 proposed a fine, decided and served without a 行政处罚决定书 in the workstation and
without its decided amounts recorded, does not know what the party owes: 履行完毕 (and 结案 of the served case) wait
for the 决定书 or the amounts, saying so, instead of recording a payment of nothing ("本决定未处罚款") and closing the
case with its fine never recorded."""

from __future__ import annotations

from dataclasses import replace

import pytest

from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.errors import TransitionRefused
from workstation.payments import Payment, owed
from workstation.store import case_events, get_case
from workstation.store.cases import update_case

NOTICE = {"party_address": "佛山市南海区桂城街道南海大道北1号", "fine_fen": 50_000, "issued_on": "2026-11-16"}


def _served_without_decision(db, data_dir, make_case):
    """Reviewed, notice issued with a fine of ¥50,000 and served, statement period over, penalty decided and the
    decision served: all through the procedure actions, no 行政处罚决定书 issued and no amount typed on the case."""
    case = make_case(status="under_review", lead_received_on="2026-10-20", filed_on="2026-10-22",
                     review_on="2026-11-12", facts="经查，当事人出售购房客户个人信息3000余条。")
    notice = issue_document(db, data_dir, case, find_form("pre_penalty_notice"), NOTICE)
    for name, day in (("send_pre_notice", "2026-11-16"), ("end_statement_period", "2026-11-25"),
                      ("decide_penalty", "2026-11-26"), ("serve_decision", "2026-11-27")):
        procedure.apply(db, case.id, name, on_date=day)
    return get_case(db, case.id), notice


def _refusal(db, case, name):
    return dict((t.name, refusal) for t, refusal in procedure.available(db, case))[name]


def test_the_payment_of_a_fine_never_recorded_is_refused_naming_the_notice_and_what_to_do(db, data_dir, make_case,
                                                                                        english):
    case, notice = _served_without_decision(db, data_dir, make_case)
    assert (case.status, case.fine_fen) == ("served", 0)
    refusal = _refusal(db, case, "record_performance")
    assert refusal == (f"“Penalty performed” needs the penalty decided, and this case records none: notice "
                       f"{notice.number} proposed a fine of ¥50,000.00, but no 行政处罚决定书 is in force and no decided "
                       "amount is recorded on the case, so what the party owes is not known. Issue the 行政处罚决定书 "
                       "(documents section), or, for a decision written outside the workstation, record its fine and "
                       "confiscated gains under Edit case…; then record the step.")
    assert _refusal(db, case, "close").startswith("“Close the case” needs the penalty decided")
    events = len(case_events(db, case.id))
    for name in ("record_performance", "close"):
        with pytest.raises(TransitionRefused):
            procedure.apply(db, case.id, name, on_date="2026-11-30", payment=Payment())
    assert get_case(db, case.id).status == "served" and len(case_events(db, case.id)) == events


def test_once_the_decided_fine_is_recorded_the_payment_is_taken_against_it(db, data_dir, make_case):
    case, _notice = _served_without_decision(db, data_dir, make_case)
    update_case(db, replace(case, fine_fen=5_000_000))  # the decision written on paper, its fine typed on the case
    case = get_case(db, case.id)
    assert _refusal(db, case, "record_performance") is None
    assert owed(db, case, "2026-11-30").fine_fen == 5_000_000  # the dialog prefills and checks ¥50,000.00
    procedure.apply(db, case.id, "record_performance", on_date="2026-11-30", payment=Payment(paid_fen=5_000_000))
    assert get_case(db, case.id).status == "performed"


def test_a_warning_proposed_alone_still_needs_no_amount(db, data_dir, make_case):
    case = make_case(status="under_review", lead_received_on="2026-10-20", filed_on="2026-10-22",
                     review_on="2026-11-12", facts="经查，当事人出售购房客户个人信息。")
    issue_document(db, data_dir, case, find_form("pre_penalty_notice"),
                   {"party_address": NOTICE["party_address"], "warning": True, "issued_on": "2026-11-16"})
    for name, day in (("send_pre_notice", "2026-11-16"), ("end_statement_period", "2026-11-25"),
                      ("decide_penalty", "2026-11-26"), ("serve_decision", "2026-11-27")):
        procedure.apply(db, case.id, name, on_date=day)
    assert _refusal(db, get_case(db, case.id), "record_performance") is None


@pytest.mark.gui
def test_the_workspace_greys_out_the_payment_and_says_why(qtbot, db, data_dir, make_case, prompts, english):
    from PySide6.QtWidgets import QLabel

    from ui.case_workspace import CaseWorkspace

    case, notice = _served_without_decision(db, data_dir, make_case)
    workspace = CaseWorkspace(db, case.id, prompts, ask_transition=lambda *a, **k: None, data_dir=data_dir)
    qtbot.addWidget(workspace)
    for name in ("record_performance", "close"):
        button = workspace.action_buttons[name]
        assert not button.isEnabled()
        assert f"notice {notice.number} proposed a fine of ¥50,000.00" in button.toolTip()
    notes = [label.text() for label in workspace.findChildren(QLabel)]
    label = workspace.action_buttons["record_performance"].text().replace("&", "")
    assert any(text.startswith(f"{label}：“Penalty performed” needs the penalty decided") for text in notes)
