"""The penalty recorded when a notice written outside the workstation was served is the one proposed: the hearing
refusal states it, the decision's draft starts from it (a warning alone included) and the case page says 拟处罚：警告 /
处罚：警告 rather than ¥0.00; a penalty left blank is refused naming the group once. The command line words the
warnings of a step it recorded as done, with what to add. A payment on a decision that owes nothing, or a surcharge
above the fine (Penalty Law art. 72), is refused naming the option or the field. The deadline board lists overdue,
due soon and later clocks before the stopped and uncomputable ones."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from tests.helpers import run, run_json
from workstation import clocks, procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.errors import TransitionRefused, ValidationError
from workstation.formkit.values import case_context
from workstation.payments import Payment
from workstation.store import get_case
from workstation.store.cases import update_case

FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"


def demo_case(db, number):
    (case_id,) = db.execute("SELECT id FROM cases WHERE case_number = ?", [number]).fetchone()
    return get_case(db, case_id)


# ---- 1. the hearing refusal states the penalty recorded at service -------------------------------------------------
def test_the_hearing_refusal_states_the_fine_recorded_when_the_notice_was_served(read_demo_db, english):
    case = demo_case(read_demo_db, "佛禅市监立〔2026〕7号")  # told of a ¥2,000 fine; the case records no amount
    assert case.fine_fen == 0
    ((_party, refusal),) = procedure.hearing_request_refusals(read_demo_db, case)
    assert "the proposed fine ¥2,000.00 and confiscation ¥0.00" in refusal
    assert f"recorded as proposed when the notice was served on {case.notice_served_on}" in refusal
    assert "No 行政处罚告知书 was issued" not in refusal  # no longer told to issue a notice already served


# ---- 2. a warning alone, recorded at service -----------------------------------------------------------------------
def test_the_decision_of_a_warning_recorded_at_service_starts_ticked_and_is_issued(demo_db, data_dir, english):
    case = demo_case(demo_db, "佛高市监立〔2026〕5号")  # 已决定: a warning alone, told of on a paper notice
    context = case_context(demo_db, case)
    assert context["penalty.warning"] is True and context["penalty.fine_fen"] == 0
    issued = issue_document(demo_db, data_dir, case, find_form("penalty_decision"), {})
    assert issued.number and json.loads(demo_db.execute("SELECT values_json FROM documents WHERE id = ?",
                                                        [issued.id]).fetchone()[0])["warning"] is True


def test_a_served_fine_without_a_warning_does_not_tick_one(read_demo_db, english):
    context = case_context(read_demo_db, demo_case(read_demo_db, "佛禅市监立〔2026〕7号"))
    assert context["penalty.fine_fen"] == 200_000 and not context["penalty.warning"]


def test_a_decision_with_no_penalty_is_refused_naming_the_group_once(demo_db, data_dir, english):
    case = demo_case(demo_db, "佛高市监立〔2026〕5号")
    with pytest.raises(ValidationError) as refused:
        issue_document(demo_db, data_dir, case, find_form("penalty_decision"), {"warning": False})
    assert list(refused.value.errors) == ["Penalty"]
    message = str(refused.value)
    assert message.startswith("Penalty: 警告、") and message.count("警告") == 1
    assert "none is given, write at least one of them" in message


@pytest.mark.gui
def test_the_case_page_says_a_warning_not_nought(make_window, demo_db, data_dir, english):
    from PySide6.QtWidgets import QLabel

    proposed = demo_case(demo_db, "佛高市监立〔2026〕5号")
    window = make_window(demo_db)
    page = window.open_case(proposed.id)
    fine = page.findChild(QLabel, "fine").text()
    assert fine.startswith("penalty: a warning (recorded when the notice was served on") and "¥" not in fine
    issued = issue_document(demo_db, data_dir, proposed, find_form("penalty_decision"), {})
    page = make_window(demo_db).open_case(proposed.id)
    assert page.findChild(QLabel, "fine").text() == f"penalty: a warning ({issued.number})"
    assert page.findChild(QLabel, "penalties_total").text() == f"penalty: a warning ({issued.number})"


@pytest.mark.gui
def test_the_case_page_says_a_warning_proposed_before_the_decision(make_window, demo_db, english):
    from PySide6.QtWidgets import QLabel

    case = demo_case(demo_db, "佛高市监立〔2026〕5号")
    update_case(demo_db, replace(case, status="pre_notice", decided_on=None), allow_status_change=True)
    page = make_window(demo_db).open_case(case.id)
    assert page.findChild(QLabel, "fine").text() == (
        f"proposed penalty: a warning (recorded when the notice was served on {case.notice_served_on}), "
        "not decided yet")


# ---- 3. the command line says a step it recorded as done ------------------------------------------------------------
def test_concluding_on_the_command_line_is_said_as_done_with_what_to_add(db, data_dir, make_case, capsys, english):
    case = make_case(status="investigating", filed_on="2026-03-02", facts=FACTS)
    code, out, _err = run(capsys, "cases", "transition", case.case_number, "conclude_investigation", "--date",
                          "2026-03-20", "--data-dir", data_dir)
    assert code == 0 and get_case(db, case.id).status == "investigation_concluded"
    assert "The conclusion of the investigation is recorded." in out and "issue the records and register" in out
    assert "first" not in out and "all the same" not in out


# ---- 4. nothing to pay, a surcharge above the fine -----------------------------------------------------------------
def served(db, make_case, fine_fen=0):
    case = make_case(fine_fen=fine_fen)
    return update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-03-10",
                                   notice_served_on="2026-05-01", decided_on="2026-06-15", served_on="2026-06-16"),
                       allow_status_change=True)


def test_a_payment_on_a_warning_alone_is_refused_naming_the_option(db, data_dir, make_case, capsys, english):
    case = served(db, make_case)
    code, _out, err = run(capsys, "cases", "transition", case.case_number, "record_performance", "--date",
                          "2026-07-01", "--paid", "6500", "--surcharge", "1500", "--data-dir", data_dir)
    assert code == 1 and "--paid" in err and "there is nothing to pay" in err
    assert get_case(db, case.id).status == "served"  # nothing recorded
    with pytest.raises(TransitionRefused, match="nothing to pay"):
        procedure.apply(db, case.id, "record_performance", on_date="2026-07-01", payment=Payment(surcharge_fen=100))
    result = run_json(capsys, "cases", "transition", case.case_number, "record_performance", "--date", "2026-07-01",
                      "--data-dir", data_dir)
    assert result["status"] == "performed"  # without an amount: the day the decision was carried out


def test_a_surcharge_above_the_fine_is_refused(db, data_dir, make_case, capsys, english):
    case = served(db, make_case, fine_fen=500_000)
    code, _out, err = run(capsys, "cases", "transition", case.case_number, "record_performance", "--date",
                          "2026-07-01", "--paid", "11000", "--surcharge", "6000", "--data-dir", data_dir)
    assert code == 1 and "--surcharge" in err and "above the fine ¥5,000.00" in err and "art. 72" in err
    assert get_case(db, case.id).status == "served"
    with pytest.raises(TransitionRefused, match="may not exceed the fine"):
        procedure.apply(db, case.id, "record_performance", on_date="2026-07-01",
                        payment=Payment(paid_fen=1_100_000, surcharge_fen=600_000))
    # s72: the fine at most, but paid in time (T8 ends 07-01) no surcharge has accrued: refused, nothing recorded
    with pytest.raises(TransitionRefused, match="当日应加处罚款为¥0.00"):
        procedure.apply(db, case.id, "record_performance", on_date="2026-07-01",
                        payment=Payment(paid_fen=1_000_000, surcharge_fen=500_000))
    assert get_case(db, case.id).status == "served"
    # 45 days late (¥150 a day) the surcharge has reached the fine: the fine at most is taken
    with pytest.raises(TransitionRefused, match="may not exceed the fine"):
        procedure.apply(db, case.id, "record_performance", on_date="2026-08-15",
                        payment=Payment(paid_fen=1_100_000, surcharge_fen=600_000))
    procedure.apply(db, case.id, "record_performance", on_date="2026-08-15",
                    payment=Payment(paid_fen=1_000_000, surcharge_fen=500_000))
    assert get_case(db, case.id).status == "performed"


@pytest.mark.gui
def test_the_payment_dialog_refuses_a_surcharge_above_the_fine_under_its_field(db, make_case, qtbot, english):
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.transition_dialog import TransitionDialog, payment_check

    case = served(db, make_case, fine_fen=500_000)
    dialog = TransitionDialog(procedure.BY_NAME["record_performance"], payment=payment_check(db, case))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.surcharge.setText("6000")
    dialog.surcharge.setModified(True)
    errors = dialog.validate()
    assert "may not exceed the fine" in errors["surcharge"]
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Ok).isEnabled()
    dialog.surcharge.setText("5000")
    assert "surcharge" not in dialog.validate()


# ---- 5. the board's order -------------------------------------------------------------------------------------------
def test_the_board_lists_stopped_clocks_after_the_running_ones(demo_db, data_dir, capsys, english):
    case = demo_case(demo_db, "佛顺市监立〔2026〕9号")
    procedure.apply(demo_db, case.id, "suspend", on_date="2026-11-20", reason="当事人下落不明")
    board = clocks.board(demo_db, on="2026-11-29")
    stopped = [n for n, d in enumerate(board) if d.state == "stopped" or d.due is None]
    running = [n for n, d in enumerate(board) if not (d.state == "stopped" or d.due is None)]
    assert stopped and running and max(running) < min(stopped)
    assert board[0].state in ("overdue", "expired")
    dues = [d.due for d in board if d.due and d.state != "stopped"]
    assert dues == sorted(dues)
    listed = run_json(capsys, "clocks", "--as-of", "2026-11-29", "--data-dir", data_dir)
    states = [row["state"] for row in listed]
    assert "stopped" in states and states.index("stopped") > max(
        n for n, state in enumerate(states) if state in ("overdue", "expired", "due_soon", "open"))
