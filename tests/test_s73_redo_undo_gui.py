"""s73 (redo_undo_gui): the one-party 责令重作 path finished for users.

1. 撤销上一步 of 重新作出处理决定 recorded for one party puts back what it changed — the closed case's 已结案 and 结案日期,
   the performed case's 履行完毕, the party's order pending again — through the command line and the window's API;
   refused, saying truly why, when the 结案日期 it cleared is not known or a document rests on it;
2. the window's 重新作出处理决定 asks for the party an order concerns (the only one chosen already), as ``--party``;
3. deciding anew with no 行政处罚告知书 served since the order is warned of (Penalty Law art. 62), not refused: the
   command line's "warnings", the window's warning to tick, and issuing the new 行政处罚决定书 — not at 重新作出处理决定,
   which the new notice follows;
4. the party's new notice served and waived with --party whatever the case's status: the whole one-party path ends
   without the warning."""

from __future__ import annotations

import pytest

from tests.helpers import run, run_json
from tests.test_s73_redo_party import ORDER, _party_redone
from workstation.errors import TransitionRefused
from workstation.store import get_case

REASON = "复议决定责令重新作出"


def _closed_here(db, case, on="2026-05-01"):
    """The case closed (结案) on ``on`` as the procedure records it: its step on the timeline, its 结案日期."""
    from workstation.records import CaseEvent, now
    from workstation.store.cases import add_event

    add_event(db, CaseEvent(case_id=case.id, kind="transition", at=now(), on_date=on, from_status="served",
                            to_status="closed"))
    db.execute("UPDATE cases SET status = 'closed', closed_on = ? WHERE id = ?", [on, case.id])
    return get_case(db, case.id)


# ---- 1. undo ---------------------------------------------------------------------------------------------------------

def test_the_command_line_undoes_the_party_step_that_reopened_a_closed_case(db, data_dir, make_case, capsys,
                                                                             english):
    from workstation import procedure
    from workstation.store.cases import case_timeline

    case, company, _employee, _decided = _party_redone(db, data_dir, make_case)
    _closed_here(db, case)
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "redecide", "--party", company,
                      "--date", "2026-06-05", "--reason", REASON)
    assert result["status"] == "served"
    assert (get_case(db, case.id).status, get_case(db, case.id).closed_on) == ("served", None)
    # was refused: "Which step took the case to “Decision served” cannot be told …"
    assert procedure.undo_refusal(db, get_case(db, case.id)) is None
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "undo", "--reason", "误录当事人")
    assert code == 0, err
    assert "Reconsider" in out or "undone" in out, out
    after = get_case(db, case.id)
    assert (after.status, after.closed_on) == ("closed", "2026-05-01")
    assert company in procedure.party_redo_orders(db, after)  # the order is pending again
    lines = [e.text for e in case_timeline(db, after)]
    assert not any("a new decision ordered for" in line for line in lines), lines
    assert any(line.startswith("Undone:") and "2026-06-05" in line for line in lines), lines
    # recorded again, with the right date
    procedure.apply(db, case.id, "redecide", on_date="2026-06-08", reason=REASON, party_ids=(company,))
    assert get_case(db, case.id).status == "served"


def test_the_window_api_undoes_the_party_step_of_a_performed_case(db, data_dir, make_case, english):
    from workstation import procedure

    case, company, _employee, _decided = _party_redone(db, data_dir, make_case)
    db.execute("UPDATE cases SET status = 'performed' WHERE id = ?", [case.id])
    procedure.apply(db, case.id, "redecide", on_date="2026-06-05", reason=REASON, party_ids=(company,))
    assert get_case(db, case.id).status == "served"
    procedure.undo_last_step(db, case.id, "误录")
    after = get_case(db, case.id)
    assert after.status == "performed" and after.closed_on is None
    assert company in procedure.party_redo_orders(db, after)


def test_the_party_step_of_a_case_closed_without_its_closing_recorded_is_refused_saying_why(db, data_dir, make_case,
                                                                                              english):
    from workstation import procedure

    case, company, _employee, _decided = _party_redone(db, data_dir, make_case)
    db.execute("UPDATE cases SET status = 'closed', closed_on = '2026-05-01' WHERE id = ?", [case.id])
    procedure.apply(db, case.id, "redecide", on_date="2026-06-05", reason=REASON, party_ids=(company,))
    said = procedure.undo_refusal(db, get_case(db, case.id))
    assert said and "Which step" not in said and "结案日期" in said, said
    with pytest.raises(TransitionRefused):
        procedure.undo_last_step(db, case.id, "误录")
    assert (get_case(db, case.id).status, get_case(db, case.id).closed_on) == ("served", None)


def test_the_party_step_is_not_undone_under_the_new_decision_issued_since(db, data_dir, make_case, english):
    from tests.test_party_case10 import decide
    from workstation import procedure

    case, company, _employee, _decided = _party_redone(db, data_dir, make_case)
    procedure.apply(db, case.id, "redecide", on_date="2026-06-05", reason=REASON, party_ids=(company,))
    new = decide(db, data_dir, get_case(db, case.id), company, fine_fen="400000", decided_on="2026-06-20")
    said = procedure.undo_refusal(db, get_case(db, case.id))
    assert said and new.number in said and "void it first" in said, said


# ---- 2. the window asks for the party ----------------------------------------------------------------------------

def _driven(answers: dict, choose: str | None = None, reason: str = REASON):
    """An ``ask_transition`` that opens the real dialog, keeps what it showed in ``answers`` (the parties offered,
    the one chosen first, the date's error, the warning) and presses OK after choosing ``choose`` (a party's id)."""
    from ui.transition_dialog import TransitionDialog

    def ask(parent, transition, check=None, warning=None, **extra):
        dialog = TransitionDialog(transition, parent, check=check, warning=warning, **extra)
        combo = dialog.party
        answers["offered"] = [combo.itemData(i) for i in range(combo.count())]
        answers["visible"] = not combo.isHidden()
        answers["first"] = dialog.chosen_party()
        dialog.reason.setPlainText(reason)
        dialog.validate()
        answers["error_first"] = dialog.date_error.text()
        if choose is not None:
            combo.setCurrentIndex(combo.findData(choose))
        dialog.date.setDate(dialog.date.date().fromString("2026-06-05", "yyyy-MM-dd"))
        errors = dialog.validate()
        answers["warning"] = dialog.warning_label.text()
        if "acknowledge" in errors:
            dialog.acknowledge.setChecked(True)
            errors = dialog.validate()
        answers["errors"] = errors
        dialog.accept()
        return (*dialog.recorded(), dialog.chosen_party()) if extra.get("parties") else dialog.recorded()

    return ask


@pytest.mark.gui
def test_the_window_asks_for_the_one_party_the_order_concerns(qtbot, db, data_dir, make_case, prompts, english):
    from tests.test_party_case10 import COMPANY
    from ui.case_workspace import CaseWorkspace
    from workstation import procedure
    from workstation.store.cases import case_timeline

    case, company, employee, _decided = _party_redone(db, data_dir, make_case)
    answers: dict = {}
    workspace = CaseWorkspace(db, case.id, prompts, ask_transition=_driven(answers), data_dir=data_dir)
    qtbot.addWidget(workspace)
    assert workspace.action_buttons["redecide"].isEnabled()
    workspace.action_buttons["redecide"].click()
    assert answers["visible"] and answers["offered"] == [company] and answers["first"] == company, answers
    assert answers["errors"] == {}, answers
    # no new 告知书 served since the order: not warned at this step, which the new notice follows (Penalty Law art.
    # 62: warned at the decision); nothing kept on the timeline either
    assert "62" not in (answers.get("warning") or ""), answers
    assert company not in procedure.party_redo_orders(db, get_case(db, case.id))  # was refused: "Name the party"
    assert prompts.errors == []
    events = [e for e in case_timeline(db, get_case(db, case.id)) if "a new decision ordered for" in e.text]
    assert events and COMPANY in events[-1].text and "62" not in (events[-1].note or ""), [(e.text, e.note)
                                                                                          for e in events]


@pytest.mark.gui
def test_the_window_asks_which_party_when_orders_concern_several(qtbot, db, data_dir, make_case, prompts, english):
    from tests.test_clock_challenges import outcome
    from ui.case_workspace import CaseWorkspace
    from workstation import procedure
    from workstation.records import ClockEvent
    from workstation.store.clock_events import record_clock_event

    case, company, employee, _decided = _party_redone(db, data_dir, make_case)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="reconsideration", party_id=employee,
                                      starts_on="2026-04-02"))
    record_clock_event(db, outcome(case, "challenge_redo", "2026-06-02", number="南府行复〔2026〕41号",
                                   party_id=employee))
    answers: dict = {}
    workspace = CaseWorkspace(db, case.id, prompts, ask_transition=_driven(answers, choose=employee),
                              data_dir=data_dir)
    qtbot.addWidget(workspace)
    workspace.action_buttons["redecide"].click()
    assert answers["offered"] == [None, company, employee] and answers["first"] is None, answers
    assert "Name the party" in answers["error_first"], answers  # none chosen yet: OK refused, saying so
    pending = procedure.party_redo_orders(db, get_case(db, case.id))
    assert employee not in pending and company in pending


# ---- 3. deciding anew without a new notice: warned --------------------------------------------------------------

def test_the_command_line_warns_of_no_notice_since_the_order(db, data_dir, make_case, capsys, english):
    from tests.test_party_case10 import COMPANY, EMPLOYEE

    case, company, employee, _decided = _party_redone(db, data_dir, make_case)
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "redecide", "--party", company,
                      "--date", "2026-06-05", "--reason", REASON)
    # not at 重新作出处理决定: the new notice follows it
    assert not [w for w in result.get("warnings", []) if "62" in w], result
    import json
    import pathlib

    values = pathlib.Path(data_dir) / "decision.json"
    values.write_text(json.dumps({"decided_on": "2026-06-20", "fine_fen": "400000"}), encoding="utf-8")
    issued = run_json(capsys, "--data-dir", data_dir, "docs", "issue", case.id, "--form", "penalty_decision",
                      "--party", company, "--values", values, "-o", pathlib.Path(data_dir) / "decision.pdf")
    warned = [w for w in issued.get("warnings", []) if "62" in w]
    assert warned and COMPANY in warned[0] and EMPLOYEE not in warned[0] and ORDER in warned[0], issued


def test_a_case_decided_anew_is_warned_until_a_new_notice_is_served(db, make_case, capsys, data_dir, english):
    from tests.test_s73_redo_followup import _typed_redone
    from workstation import procedure

    case = _typed_redone(db, make_case)  # one party, its decision revoked with a new one ordered on 08-03
    procedure.apply(db, case.id, "redecide", on_date="2026-08-04", reason="判决撤销并责令重新作出")
    said = procedure.redo_notice_warning(db, get_case(db, case.id), None, "2026-08-20")
    assert said and "2026-08-03" in said[0] and "62" in said[1], said
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-08-05", reason="")
    assert procedure.redo_notice_warning(db, get_case(db, case.id), None, "2026-08-20") is None
    procedure.apply(db, case.id, "waive_statement", on_date="2026-08-06", reason="当事人放弃陈述、申辩")
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "decide_penalty",
                      "--date", "2026-08-20")
    assert not [w for w in result.get("warnings", []) if "62" in w], result


def test_deciding_anew_on_the_command_line_without_a_new_notice_is_warned(db, make_case, capsys, data_dir, english):
    from tests.test_s73_redo_followup import _typed_redone
    from workstation import procedure

    case = _typed_redone(db, make_case)
    procedure.apply(db, case.id, "redecide", on_date="2026-08-04", reason="判决撤销并责令重新作出")
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "decide_penalty",
                      "--date", "2026-08-04")
    assert get_case(db, case.id).status == "penalty_decided"  # not refused
    warned = [w for w in result.get("warnings", []) if "62" in w]
    assert warned and "2026-08-03" in warned[0] and ORDER in warned[0], result


@pytest.mark.gui
def test_the_window_asks_about_a_new_decision_issued_without_a_new_notice(db, data_dir, make_case, prompts, english):
    from tests.test_party_case10 import COMPANY
    from ui.case_documents import confirm_case_issue
    from workstation import procedure
    from workstation.documents.addressee import PARTY_KEY
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import check_issue

    case, company, _employee, _decided = _party_redone(db, data_dir, make_case)
    procedure.apply(db, case.id, "redecide", on_date="2026-06-05", reason=REASON, party_ids=(company,))
    case = get_case(db, case.id)
    form = find_form("penalty_decision")
    values, _context = check_issue(db, case, form, {"decided_on": "2026-06-20", "fine_fen": "400000",
                                                    PARTY_KEY: company})
    confirm_case_issue(prompts, None, db, case, form, COMPANY, values=values)
    asked = prompts.confirmations[-1]
    assert "62" in asked and COMPANY in asked and ORDER in asked, asked


# ---- 4. the one-party path through: the new notice served and waived for the party, whatever the case's status ------

def test_the_whole_one_party_path_on_the_command_line_ends_without_the_art_62_warning(db, data_dir, make_case, capsys,
                                                                                       english):
    """Order for the company alone → 重新作出处理决定 --party (not warned: its notice comes after) → its new 告知书
    issued, served and waived with --party while the case stays 已送达 → its new 决定书 issued: no art. 62 warning."""
    import json
    import pathlib

    from tests.test_party_case10 import EMPLOYEE, FACTS

    case, company, employee, _decided = _party_redone(db, data_dir, make_case)
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "redecide", "--party", company,
                      "--date", "2026-06-05", "--reason", REASON)
    assert not [w for w in result.get("warnings", []) if "62" in w], result
    values = pathlib.Path(data_dir) / "notice.json"
    values.write_text(json.dumps({"facts": FACTS, "issued_on": "2026-06-08", "warning": True, "fine_fen": "400000"}),
                      encoding="utf-8")
    run_json(capsys, "--data-dir", data_dir, "docs", "issue", case.id, "--form", "pre_penalty_notice", "--party",
             company, "--values", values, "-o", pathlib.Path(data_dir) / "notice.pdf")
    # was refused: "“Serve pre-penalty notice” is not possible while the case is “Decision served”"
    served = run_json(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "send_pre_notice", "--party",
                      company, "--date", "2026-06-08")
    assert served["status"] == "served" and get_case(db, case.id).status == "served", served
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "waive_statement",
                          "--party", employee, "--date", "2026-06-09", "--reason", "书面放弃")
    assert code != 0 and EMPLOYEE in err, err  # its decision stands: nothing to waive for it
    waived = run_json(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "waive_statement", "--party",
                      company, "--date", "2026-06-09", "--reason", "当事人书面放弃陈述、申辩")
    assert waived["status"] == "served", waived
    values = pathlib.Path(data_dir) / "decision.json"
    values.write_text(json.dumps({"decided_on": "2026-06-20", "fine_fen": "400000"}), encoding="utf-8")
    issued = run_json(capsys, "--data-dir", data_dir, "docs", "issue", case.id, "--form", "penalty_decision",
                      "--party", company, "--values", values, "-o", pathlib.Path(data_dir) / "decision.pdf")
    assert not [w for w in issued.get("warnings", []) if "62" in w], issued
    # decided anew: the new notice's service is not offered again
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "send_pre_notice", "--party",
                          company, "--date", "2026-06-22")
    assert code != 0, err


def test_deciding_anew_for_the_party_served_anew_is_not_warned_about_the_other(db, data_dir, make_case, capsys,
                                                                                english):
    """An order to decide anew the whole case of two parties, a new 告知书 served on the company alone: deciding for
    the company (--party) is not warned that the employee has had none — as the window checks only the party
    chosen —, while the employee is still warned of."""
    from tests.test_clock_challenges import outcome
    from tests.test_party_case10 import EMPLOYEE, served_pair
    from workstation import procedure
    from workstation.records import ClockEvent
    from workstation.store.clock_events import record_clock_event

    case, company, employee, _decided = served_pair(db, data_dir, make_case)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="reconsideration", starts_on="2026-04-01"))
    record_clock_event(db, outcome(case, "challenge_redo", "2026-06-01", number=ORDER))
    procedure.apply(db, case.id, "redecide", on_date="2026-06-05", reason=REASON)
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-06-08", reason="", party_ids=(company,))
    assert procedure.redo_notice_warning(db, get_case(db, case.id), company, "2026-06-20") is None
    still = procedure.redo_notice_warning(db, get_case(db, case.id), employee, "2026-06-20")
    assert still and EMPLOYEE in still[0], still
    # the command line's warnings of the step for the company (--party): none about the employee
    import argparse

    from workstation.cli import _transition_warnings

    args = argparse.Namespace(action="decide_penalty", date="2026-06-20", party=[company], reason="")
    def redo_warnings(named):
        found = _transition_warnings(db, get_case(db, case.id), args, named, None)
        return [w for w, _note in found if "told anew" in w]  # the art. 62 one, among the decision's others

    assert redo_warnings((company,)) == []
    args.party = [employee]
    said = redo_warnings((employee,))
    assert len(said) == 1 and EMPLOYEE in said[0] and ORDER in said[0], said
