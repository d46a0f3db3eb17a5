"""From walkthrough 74b: in a case with several parties, the service of the 行政处罚告知书 on one party, one party's
waiver and one party's hearing request are undone as the case's last step (撤销上一步) — that party's record alone,
the case's status put back when the record had moved it, the other party untouched — from the core, the command line
and the workspace, audited and on the timeline as any undone step. The service dialog opens on the first party not
yet served ("all parties" stays a choice); a hearing request with no party chosen is refused in the dialog, never
sent to the core whose refusal lists the parties' ids; the new-case dialog starts at the station's agency, else the
signed-in officer's."""

from __future__ import annotations

import pytest

from tests.helpers import run, run_json
from tests.test_party_case10 import COMPANY, EMPLOYEE, FACTS, notice, with_employee
from workstation import procedure
from workstation.errors import TransitionRefused
from workstation.party_notices import SERVED, WAIVED, services, waivers
from workstation.store import case_events, get_case
from workstation.store.cases import case_timeline


@pytest.fixture
def reviewed(db, data_dir, make_case):
    """A case of the company and its employee under review, each issued its 行政处罚告知书: the company ¥150,000 (with
    the right to a hearing), the employee ¥5,000: (case, company, employee)."""
    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                          review_on="2026-02-27", facts=FACTS))
    notice(db, data_dir, case, company, fine_fen="150000", hearing_required=True)
    notice(db, data_dir, case, employee, fine_fen="5000")
    return get_case(db, case.id), company, employee


def _party_events(db, case_id, kind) -> list[tuple]:
    return [(e.party_id, e.on_date) for e in case_events(db, case_id) if e.kind == kind]


def _audited(db, case_id) -> int:
    return db.execute("SELECT COUNT(*) FROM audit WHERE action = 'undo_step' AND entity_id = ?",
                      [case_id]).fetchone()[0]


def _undone_lines(db, case_id) -> list[str]:
    return [f"{entry.text} {entry.note}" for entry in case_timeline(db, get_case(db, case_id))
            if entry.kind == "step_undone"]


# ---- the core -------------------------------------------------------------------------------------------------------

def test_the_first_service_on_one_party_is_undone_and_the_case_is_under_review_again(db, reviewed, english):
    case, company, employee = reviewed
    served = procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02", party_ids=(company,))
    assert served.status == "pre_notice" and served.notice_served_on == "2026-03-02"
    assert procedure.undo_refusal(db, served) is None
    undone = procedure.undo_last_step(db, case.id, "送达日期误录")
    assert undone.status == "under_review" and undone.notice_served_on is None
    assert _party_events(db, case.id, SERVED) == [] and services(db, undone) == {}
    assert _audited(db, case.id) == 2  # the company's service and the 已告知 it took the case to
    [line] = _undone_lines(db, case.id)
    assert COMPANY in line and "2026-03-02" in line and "送达日期误录" in line and EMPLOYEE not in line
    # recorded again with the right day
    assert procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-03",
                           party_ids=(company,)).notice_served_on == "2026-03-03"


def test_the_later_service_on_the_other_party_is_undone_alone(db, reviewed, english):
    case, company, employee = reviewed
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02", party_ids=(company,))
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-04", party_ids=(employee,))
    from workstation.step_undo import last_step_named

    shown, day, back = last_step_named(db, get_case(db, case.id))
    assert EMPLOYEE in shown and COMPANY not in shown and day == "2026-03-04"
    undone = procedure.undo_last_step(db, case.id, "员工送达日期误录")
    assert undone.status == "pre_notice" and undone.notice_served_on == "2026-03-02"  # the company's stays
    assert _party_events(db, case.id, SERVED) == [(company, "2026-03-02")]
    assert services(db, undone) == {company: "2026-03-02"}
    # then the company's, the case going back to its review
    assert procedure.undo_last_step(db, case.id, "公司送达日期误录").status == "under_review"
    assert _party_events(db, case.id, SERVED) == [] and _audited(db, case.id) == 3


def test_one_party_s_waiver_is_undone_the_other_s_kept(db, reviewed, english):
    case, company, employee = reviewed
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02")  # both, on one date
    procedure.apply(db, case.id, "waive_statement", on_date="2026-03-03", party_ids=(employee,), reason="书面放弃")
    assert get_case(db, case.id).status == "pre_notice"  # the company's period still runs
    undone = procedure.undo_last_step(db, case.id, "放弃记错当事人")
    assert undone.status == "pre_notice" and waivers(db, undone) == {}
    assert services(db, undone) == {company: "2026-03-02", employee: "2026-03-02"}  # the services stay


def test_the_last_waiver_that_took_the_case_to_its_decision_is_undone(db, reviewed, english):
    case, company, employee = reviewed
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02")
    procedure.apply(db, case.id, "waive_statement", on_date="2026-03-03", party_ids=(employee,), reason="书面放弃")
    done = procedure.apply(db, case.id, "waive_statement", on_date="2026-03-04", party_ids=(company,),
                           reason="书面放弃")
    assert done.status == "decision_pending" and done.notice_waived
    undone = procedure.undo_last_step(db, case.id, "公司未放弃")
    assert undone.status == "pre_notice" and not undone.notice_waived
    assert waivers(db, undone) == {employee: "2026-03-03"}


def test_one_party_s_hearing_request_is_undone(db, reviewed, english):
    from workstation.store.clock_events import open_event

    case, company, employee = reviewed
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02")
    asked = procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03", party_id=company)
    assert asked.status == "hearing" and open_event(db, case.id, "hearing") is not None
    from workstation.step_undo import last_step_named

    assert COMPANY in last_step_named(db, asked)[0]
    undone = procedure.undo_last_step(db, case.id, "未申请听证")
    assert undone.status == "pre_notice" and open_event(db, case.id, "hearing") is None
    assert procedure.hearing_requests(db, undone) == {}
    assert services(db, undone) == {company: "2026-03-02", employee: "2026-03-02"}


def test_the_service_of_the_decision_and_the_court_application_still_say_they_are_not_undone(db, data_dir,
                                                                                            make_case, english):
    from tests.test_s49_closing_sheet import decided_case

    case, company, employee, _first, _second = decided_case(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(company,))
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-13", party_ids=(employee,))
    refusal = procedure.undo_refusal(db, get_case(db, case.id))
    assert refusal and "one party's own" in refusal and "cannot undo" in refusal
    assert "pre-penalty notice" not in refusal and "waiver" not in refusal  # those are undone now
    with pytest.raises(TransitionRefused):
        procedure.undo_last_step(db, case.id, "误录")


# ---- the command line and the workspace -------------------------------------------------------------------------------

def test_the_command_line_undoes_one_party_s_service(db, data_dir, reviewed, capsys, english):
    case, company, employee = reviewed
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02", party_ids=(company,))
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-04", party_ids=(employee,))
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "undo", "--reason", "误录")
    assert (result["undone"], result["undone_date"], result["status"]) == ("send_pre_notice", "2026-03-04",
                                                                           "pre_notice")
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "undo", "--reason", "误录")
    assert code == 0, err
    assert COMPANY in out and "2026-03-02" in out
    assert get_case(db, case.id).status == "under_review" and _party_events(db, case.id, SERVED) == []


@pytest.mark.gui
def test_the_workspace_undoes_one_party_s_service(db, reviewed, make_window, prompts, english):
    from PySide6.QtWidgets import QPushButton

    case, company, employee = reviewed
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02", party_ids=(company,))
    window = make_window(db)
    window.open_case(case.id)
    button = window.findChild(QPushButton, "undo_step")
    assert button is not None and button.isEnabled(), button.toolTip()
    prompts.texts = ["送达日期误录"]
    prompts.confirm_answer = True
    button.click()
    assert not prompts.errors, prompts.errors
    assert COMPANY in prompts.confirmations[-1] and "2026-03-02" in prompts.confirmations[-1]
    assert get_case(db, case.id).status == "under_review" and _party_events(db, case.id, SERVED) == []
    assert _party_events(db, case.id, WAIVED) == []


# ---- the dialogs ----------------------------------------------------------------------------------------------------

@pytest.mark.gui
def test_the_service_dialog_opens_on_the_first_party_not_yet_served(db, reviewed, qtbot, english):
    from ui.transition_dialog import TransitionDialog, party_choices

    case, company, employee = reviewed
    parties = party_choices(db, case, "send_pre_notice")
    dialog = TransitionDialog(procedure.BY_NAME["send_pre_notice"], parties=parties)
    qtbot.addWidget(dialog)
    assert dialog.chosen_party() == company and dialog.party.currentText() == COMPANY
    texts = [dialog.party.itemText(i) for i in range(dialog.party.count())]
    assert "All parties, on one date" in texts  # still a choice, made on purpose


@pytest.mark.gui
def test_a_hearing_request_with_no_party_chosen_is_refused_in_the_dialog(db, reviewed, qtbot, english):
    from ui.transition_dialog import TransitionDialog, party_choices

    case, company, employee = reviewed
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02")
    parties = party_choices(db, get_case(db, case.id), "request_hearing")
    assert parties == [(company, COMPANY)]
    dialog = TransitionDialog(procedure.BY_NAME["request_hearing"], parties=parties)
    qtbot.addWidget(dialog)
    dialog.party.setCurrentIndex(-1)  # nothing chosen
    dialog.show()
    dialog.accept()
    assert dialog.isVisible() and dialog.result() == 0
    shown = " ".join(label.text() for label in dialog.findChildren(type(dialog.date_error)) if label.isVisible())
    assert "party" in shown.lower() and company not in shown
    dialog.party.setCurrentIndex(0)
    dialog.accept()
    assert not dialog.isVisible()


@pytest.mark.gui
def test_the_new_case_dialog_starts_at_the_signed_in_officer_s_agency(demo_db, prompts, qtbot, monkeypatch):
    from ui.case_dialog import CaseDialog
    from workstation.records import Officer
    from workstation.station_role import own_agency
    from workstation.store import save_officer

    town = demo_db.execute("SELECT id FROM agencies WHERE name LIKE '%南海%' AND level = 'town' ORDER BY code "
                           "LIMIT 1").fetchone()[0]
    assert own_agency(demo_db) is None  # the demo station has no agency chosen: the list's first, the city bureau
    save_officer(demo_db, Officer(name="黎志强", agency_id=town, cert_no="44060099001"))
    monkeypatch.setenv("WORKSTATION_ACTOR", "黎志强")
    dialog = CaseDialog(demo_db, prompts)
    qtbot.addWidget(dialog)
    assert dialog.agency.currentData() == town


@pytest.mark.gui
def test_the_new_case_dialog_starts_at_the_station_s_agency_before_the_officer_s(demo_db, prompts, qtbot,
                                                                                monkeypatch):
    from ui.case_dialog import CaseDialog
    from workstation.records import Officer
    from workstation.store import save_officer
    from workstation.store.base import set_setting

    district, town = (demo_db.execute("SELECT id FROM agencies WHERE name LIKE '%南海%' AND level = ? ORDER BY code "
                                      "LIMIT 1", [level]).fetchone()[0] for level in ("district", "town"))
    set_setting(demo_db, "station_agency", district)
    save_officer(demo_db, Officer(name="黎志强", agency_id=town, cert_no="44060099001"))
    monkeypatch.setenv("WORKSTATION_ACTOR", "黎志强")
    dialog = CaseDialog(demo_db, prompts)
    qtbot.addWidget(dialog)
    assert dialog.agency.currentData() == district


# ---- the 责令重作 path: the new notice of the party decided anew -------------------------------------------------------

def test_the_new_notice_its_hearing_request_and_the_redecision_behind_them_are_undone_in_turn(db, data_dir,
                                                                                              make_case, english):
    from tests.test_s73_redo_hearing import _noticed_anew

    case, company, employee = _noticed_anew(db, data_dir, make_case, hearing_required=True)
    status = case.status
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-06-08", party_ids=(company,))
    procedure.apply(db, case.id, "request_hearing", on_date="2026-06-09", party_id=company)
    assert get_case(db, case.id).status == status  # the case stays as it was on this path
    assert procedure.undo_refusal(db, get_case(db, case.id)) is None
    assert procedure.undo_last_step(db, case.id, "未申请听证").status == status
    assert procedure.hearing_requests(db, get_case(db, case.id)).get(company) is None
    assert procedure.undo_last_step(db, case.id, "送达日期误录").status == status
    assert company not in services(db, get_case(db, case.id))
    # the 重新作出处理决定 behind them is the last step again: the new notice issued after it rests on it, named
    refusal = procedure.undo_refusal(db, get_case(db, case.id))
    assert refusal and "佛南市监告" in refusal and "void it first" in refusal


# ---- final read 74: the waiver after another party's period ran out; a first service with a slow party --------------

def test_the_waiver_that_took_the_case_to_its_decision_after_the_other_s_period_ran_out_is_named_the_waiver(
        db, data_dir, reviewed, capsys, english):
    from workstation.step_undo import last_step_named
    from workstation.vocabulary import shown_label

    waiver = shown_label("transitions", "waive_statement")  # Party waives statement and defence
    case, company, employee = reviewed
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02")
    # the company's period ran out, the employee waives on 03-12: the case awaits its decision, not waived by all
    done = procedure.apply(db, case.id, "waive_statement", on_date="2026-03-12", party_ids=(employee,),
                           reason="书面放弃")
    assert done.status == "decision_pending" and not done.notice_waived
    shown, day, back = last_step_named(db, done)
    assert shown == f"{waiver} ({EMPLOYEE})", shown
    assert "period" not in shown.lower() and day == "2026-03-12"
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "undo", "--reason", "未放弃")
    assert (result["undone"], result["undone_date"], result["status"]) == ("waive_statement", "2026-03-12",
                                                                           "pre_notice")
    [line] = _undone_lines(db, case.id)
    assert line.startswith(f"Undone: {waiver} ({EMPLOYEE})") and "period" not in line.lower()
    undone = get_case(db, case.id)
    assert waivers(db, undone) == {} and not undone.notice_waived
    assert services(db, undone) == {company: "2026-03-02", employee: "2026-03-02"}


def test_a_first_service_on_every_party_with_a_slow_party_is_undone_whole(db, reviewed, english):
    import datetime as dt

    case, company, employee = reviewed
    served = procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02")  # both, in one call
    assert served.status == "pre_notice"
    first, second = sorted((e for e in case_events(db, case.id) if e.kind == SERVED), key=lambda e: e.at)
    # telling the first party its penalty took a while: 3 s before the next party's service
    slow = (dt.datetime.fromisoformat(second.at) - dt.timedelta(seconds=3)).isoformat()
    db.execute("UPDATE case_events SET at = ? WHERE id = ?", [slow, first.id])
    undone = procedure.undo_last_step(db, case.id, "送达日期误录")
    assert undone.status == "under_review" and undone.notice_served_on is None
    assert _party_events(db, case.id, SERVED) == [] and services(db, undone) == {}  # no party left served
    assert _audited(db, case.id) == 3  # both services and the 已告知 they took the case to
    [line] = _undone_lines(db, case.id)
    assert COMPANY in line and EMPLOYEE in line
