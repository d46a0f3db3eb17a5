"""Whose document, hearing and correction (audits hq_perparty #1/#3, undo_crash #1–#3): the case's timeline names
the party a document of a case with several parties is for, as the 文书 table does (none in a case with one party);
the parties' summary line says the day each party's hearing was held; 撤销上一步 after a 举行听证 (a clock event, not a
step) names that hearing and how to remove it, not the hearing request's 听证通知书; the timeline's lines for a party's
hearing removed and put back name the party; and voiding a correction says the document it corrected is in force
again, for every form."""

from __future__ import annotations

import pytest

from tests import test_s75_hearing_per_party as hearing_per_party
from tests.helpers import hearing_notice, run, run_json
from tests.test_hearing10 import both_entitled, joint  # noqa: F401 (fixtures)
from tests.test_party_case10 import COMPANY, EMPLOYEE, FACTS, SERVED, notice
from tests.test_s75_hearing_per_party import COMPANY_HEARD, EMPLOYEE_HEARD
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import document_name, issue_document
from workstation.errors import TransitionRefused
from workstation.store import get_case
from workstation.store.cases import case_timeline
from workstation.store.clock_events import clock_events_of

two_hearings = hearing_per_party.two_hearings  # the fixture: the employee to be heard on 03-12, the company on 03-18


def _texts(db, case) -> list[str]:
    return [entry.text for entry in case_timeline(db, get_case(db, case.id))]


def _notes(db, case) -> list[str]:
    return [entry.note for entry in case_timeline(db, get_case(db, case.id))]


# ---- 1. the timeline names the party of a document ---------------------------------------------------------------

def test_the_timeline_names_the_party_each_document_of_a_case_with_several_parties_is_for(db, data_dir, two_hearings,
                                                                                           english):
    case, company, employee = two_hearings
    notices = [d for d in _documents(db, case) if d.form_id == "hearing_notice"]
    by_party = {d.values["party_id"]: d for d in notices}
    texts = _texts(db, case)
    for party, name in ((employee, EMPLOYEE), (company, COMPANY)):
        issued = by_party[party]
        assert f"Issued {issued.title}（{name}） {issued.number}" in texts
    assert not any(text == f"Issued {notices[0].title} {notices[0].number}" for text in texts)


def test_the_timeline_of_a_case_with_one_party_names_no_party(db, data_dir, make_case, english):
    case = make_case(status="pre_notice", filed_on="2026-02-27", notice_served_on=SERVED, facts=FACTS)
    notice(db, data_dir, case, None, fine_fen="150000", hearing_required=True)
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03")
    issued = hearing_notice(db, data_dir, case, issued_on="2026-03-04", hearing_date="2026-03-13")
    texts = _texts(db, case)
    assert f"Issued {issued.title} {issued.number}" in texts
    assert not any("（" in text for text in texts if text.startswith("Issued "))


def _documents(db, case):
    from workstation.documents.issuing import case_documents

    return case_documents(db, case.id)


# ---- 2. the parties' summary line says when each was heard ----------------------------------------------------------

def test_each_partys_line_says_the_day_its_hearing_was_held(db, data_dir, two_hearings, english):
    from workstation.party_decisions import party_steps

    case, company, employee = two_hearings
    steps = dict(party_steps(db, get_case(db, case.id)))
    assert "hearing requested 2026-03-03；" in steps[EMPLOYEE] + "；" and "held" not in steps[EMPLOYEE]
    procedure.record_hearing_session(db, get_case(db, case.id), EMPLOYEE_HEARD, party_ids=(employee,))
    steps = dict(party_steps(db, get_case(db, case.id)))
    assert f"hearing requested 2026-03-03, held {EMPLOYEE_HEARD}" in steps[EMPLOYEE]
    assert "held" not in steps[COMPANY]  # its hearing is still to come
    procedure.record_hearing_session(db, get_case(db, case.id), COMPANY_HEARD, party_ids=(company,))
    procedure.apply(db, case.id, "conclude_hearing", on_date="2026-03-19")
    steps = dict(party_steps(db, get_case(db, case.id)))
    assert f"hearing requested 2026-03-03, held {EMPLOYEE_HEARD}" in steps[EMPLOYEE]
    assert f"hearing requested 2026-03-09, held {COMPANY_HEARD}" in steps[COMPANY]


@pytest.mark.gui
def test_the_case_page_shows_the_day_each_party_was_heard(db, data_dir, two_hearings, make_window, english):
    from PySide6.QtWidgets import QLabel

    case, company, employee = two_hearings
    procedure.record_hearing_session(db, get_case(db, case.id), EMPLOYEE_HEARD, party_ids=(employee,))
    workspace = make_window(db).open_case(case.id)
    shown = [workspace.findChild(QLabel, f"party_steps_{n}").text() for n in (0, 1)]  # the company, the employee
    assert f"hearing requested 2026-03-03, held {EMPLOYEE_HEARD}" in shown[1]
    assert "held" not in shown[0]


# ---- 3. 撤销上一步 after a 举行听证 names the hearing ----------------------------------------------------------------

def test_undo_after_a_hearing_held_names_it_and_how_to_remove_it(db, data_dir, two_hearings, capsys, english,
                                                                 table_counts):
    case, company, employee = two_hearings
    run_json(capsys, "cases", "transition", case.case_number, "hold_hearing", "--date", EMPLOYEE_HEARD,
             "--data-dir", data_dir)
    [held] = [e for e in clock_events_of(db, case.id) if e.kind == "hearing_session"]
    before = table_counts(db)
    code, out, err = run(capsys, "cases", "transition", case.case_number, "undo", "--reason", "误录",
                         "--data-dir", data_dir)
    assert code == 1 and out == ""
    assert f"Hearing held of {EMPLOYEE} since {EMPLOYEE_HEARD}" in err
    assert f"clocks remove {held.id}" in err and "Deadlines" in err
    assert "void it first" not in err and "听证〔" not in err
    assert table_counts(db) == before and [e.id for e in clock_events_of(db, case.id)
                                           if e.kind == "hearing_session"] == [held.id]
    assert procedure.undo_refusal(db, get_case(db, case.id)) == err.removeprefix("Error: ").strip()
    # removed as told: the step's own refusal (the company's notice issued after its request) is said again
    assert run(capsys, "clocks", "remove", held.id, "--reason", "误录", "--data-dir", data_dir)[0] == 0
    refusal = procedure.undo_refusal(db, get_case(db, case.id))
    assert "void it first" in refusal and "clocks remove" not in refusal


def test_undo_after_a_hearing_held_in_a_case_with_one_party_names_it_too(db, make_case, english, table_counts):
    case = make_case(status="pre_notice", filed_on="2026-02-27", notice_served_on=SERVED, fine_fen=10_000_000)
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03")  # its notices written on paper
    assert procedure.undo_refusal(db, get_case(db, case.id)) is None
    procedure.record_hearing_session(db, get_case(db, case.id), "2026-03-12")
    [held] = [e for e in clock_events_of(db, case.id) if e.kind == "hearing_session"]
    before = table_counts(db)
    refusal = procedure.undo_refusal(db, get_case(db, case.id))
    assert refusal is not None and "Hearing held since 2026-03-12" in refusal and f"clocks remove {held.id}" in refusal
    with pytest.raises(TransitionRefused) as refused:
        procedure.undo_last_step(db, case.id, "误录")
    assert str(refused.value) == refusal
    assert table_counts(db) == before and get_case(db, case.id).status == "hearing"


@pytest.mark.gui
def test_the_undo_dialog_names_the_hearing_held(db, data_dir, two_hearings, make_window, prompts, english):
    case, company, employee = two_hearings
    procedure.record_hearing_session(db, get_case(db, case.id), EMPLOYEE_HEARD, party_ids=(employee,))
    [held] = [e for e in clock_events_of(db, case.id) if e.kind == "hearing_session"]
    workspace = make_window(db).open_case(case.id)
    workspace._undo_step()
    assert len(prompts.errors) == 1
    assert f"Hearing held of {EMPLOYEE} since {EMPLOYEE_HEARD}" in prompts.errors[0]
    assert f"clocks remove {held.id}" in prompts.errors[0] and "void it first" not in prompts.errors[0]
    assert get_case(db, case.id).status == "hearing"


# ---- 4. the timeline names the party whose hearing was removed and put back -----------------------------------------

def test_the_timeline_names_the_party_whose_hearing_was_removed_and_put_back(db, data_dir, two_hearings, capsys,
                                                                             english):
    case, company, employee = two_hearings
    procedure.record_hearing_session(db, get_case(db, case.id), EMPLOYEE_HEARD, party_ids=(employee,))
    [held] = [e for e in clock_events_of(db, case.id) if e.kind == "hearing_session"]
    assert run(capsys, "clocks", "remove", held.id, "--reason", "误录", "--data-dir", data_dir)[0] == 0
    assert f"Removed: Hearing held of {EMPLOYEE} since {EMPLOYEE_HEARD} — 误录" in _notes(db, case)
    assert run(capsys, "clocks", "restore", held.id, "--data-dir", data_dir)[0] == 0
    assert any(note.startswith(f"Put back: Hearing held of {EMPLOYEE} since {EMPLOYEE_HEARD} (removed on ")
               for note in _notes(db, case))


# ---- 5. voiding a correction says the document it corrected is in force again --------------------------------------

CASE = "佛南市监立〔2026〕1号"  # demo case, one party


def test_voiding_a_correction_says_the_document_it_corrected_is_in_force_again(demo_db, data_dir, capsys, english):
    from workstation.store import find_case

    case = find_case(demo_db, CASE)
    first = issue_document(demo_db, data_dir, case, find_form("rectification_order"))
    fixed = issue_document(demo_db, data_dir, case, find_form("rectification_order"), supersedes=first.id)
    demo_db.conn.close()
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "void", fixed.id, "--reason", "更正有误")
    assert (code, err) == (0, "")
    assert f"The document it corrected, {document_name(first)}, is in force again." in out


def test_voiding_an_original_or_a_decisions_correction_says_it_once(demo_db, data_dir, english):
    from workstation.documents.issuing import void_consequences
    from workstation.store import find_case

    case = find_case(demo_db, CASE)
    first = issue_document(demo_db, data_dir, case, find_form("rectification_order"))
    fixed = issue_document(demo_db, data_dir, case, find_form("rectification_order"), supersedes=first.id)
    assert not any("is in force again" in said for said in void_consequences(demo_db, first))
    assert sum("is in force again" in said for said in void_consequences(demo_db, fixed)) == 1
    decision = issue_document(demo_db, data_dir, case, find_form("penalty_decision"), {})
    corrected = issue_document(demo_db, data_dir, case, find_form("penalty_decision"), {}, supersedes=decision.id)
    said = void_consequences(demo_db, corrected)
    assert [each for each in said if "is in force again" in each] == [
        f"The earlier 行政处罚决定书 {decision.number} to {case.party_names} is in force again, with its amounts."]


# ---- 6. 撤销上一步 refused only for a clock event resting on the step ------------------------------------------------

def test_the_demos_steps_are_undone_as_before_with_a_publication_recorded_since(demo_db, english):
    """A 公示 recorded after 结案 or 履行完毕 does not rest on it: the step is undone as before, the 公示 stays."""
    from workstation.store import find_case

    cases = [get_case(demo_db, row[0]) for row in demo_db.execute("SELECT id FROM cases ORDER BY case_number")]
    refusals = {case.case_number: procedure.undo_refusal(demo_db, case) for case in cases}
    assert not [number for number, refusal in refusals.items() if refusal and "clocks remove" in refusal]
    for number, went_back in (("佛三市监立〔2026〕4号", "performed"), ("佛顺市监立〔2026〕7号", "served")):
        case = find_case(demo_db, number)
        published = [e.id for e in clock_events_of(demo_db, case.id) if e.kind == "publication"]
        assert published and refusals[number] is None
        assert procedure.undo_last_step(demo_db, case.id, "误录").status == went_back
        assert [e.id for e in clock_events_of(demo_db, case.id) if e.kind == "publication"] == published


def test_undo_of_the_hearing_request_is_refused_for_the_hearing_held_since(db, make_case, english):
    """The 举行听证 rests on the request that opened the hearing: named, with 期限 → 删除所选事项 / clocks remove."""
    case = make_case(status="pre_notice", filed_on="2026-02-27", notice_served_on=SERVED, fine_fen=10_000_000)
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03")
    procedure.record_hearing_session(db, get_case(db, case.id), "2026-03-12")
    [held] = [e for e in clock_events_of(db, case.id) if e.kind == "hearing_session"]
    refusal = procedure.undo_refusal(db, get_case(db, case.id))
    assert "“Hearing held since 2026-03-12” was recorded after" in refusal
    assert "Deadlines → Remove selected…" in refusal and f"clocks remove {held.id} --reason REASON" in refusal


SPARED = {"ground": "首违不罚", "decided_on": "2026-03-10", "party_address": "佛山市南海区桂城街道1号"}


def test_voiding_a_no_penalty_decisions_correction_says_only_the_original_is_in_force_again(db, data_dir, make_case,
                                                                                          english):
    from workstation.documents.issuing import void_consequences

    case = make_case(status="decision_pending", filed_on="2026-02-20", notice_served_on="2026-03-02",
                     notice_waived=True, facts=FACTS, fine_fen=500_000)
    first = issue_document(db, data_dir, get_case(db, case.id), find_form("no_penalty_decision"), SPARED)
    fixed = issue_document(db, data_dir, get_case(db, case.id), find_form("no_penalty_decision"), SPARED,
                           supersedes=first.id)
    said = void_consequences(db, fixed)
    assert f"The document it corrected, {document_name(first)}, is in force again." in said
    assert not [each for each in said if "undecided again" in each or "no longer decided" in each]
    # a decision correcting nothing voided: the party is undecided again, as before
    alone = make_case(status="decision_pending", filed_on="2026-02-20", notice_served_on="2026-03-02",
                      notice_waived=True, facts=FACTS, fine_fen=500_000)
    said = void_consequences(db, issue_document(db, data_dir, get_case(db, alone.id),
                                                find_form("no_penalty_decision"), SPARED))
    assert [each for each in said if "undecided again" in each] and not [e for e in said if "in force again" in e]


def test_voiding_a_decisions_second_correction_names_the_one_it_corrected_once(demo_db, data_dir, english):
    from workstation.documents.issuing import void_consequences
    from workstation.store import find_case

    case = find_case(demo_db, CASE)
    first = issue_document(demo_db, data_dir, case, find_form("penalty_decision"), {})
    corrected = issue_document(demo_db, data_dir, case, find_form("penalty_decision"), {}, supersedes=first.id)
    fixed = issue_document(demo_db, data_dir, case, find_form("penalty_decision"), {}, supersedes=corrected.id)
    said = [each for each in void_consequences(demo_db, fixed) if "in force again" in each]
    assert len(said) == 1 and corrected.number in said[0] and first.number not in said[0]


def test_each_partys_heard_day_stays_its_own_when_the_hearing_is_concluded(db, data_dir, two_hearings, english):
    """The party's own 举行听证 is the day shown, before 听证结束 as after it, a later one of the whole case beside it."""
    from workstation.documents.issuing import case_documents
    from workstation.party_decisions import party_steps

    case, company, employee = two_hearings
    procedure.record_hearing_session(db, get_case(db, case.id), EMPLOYEE_HEARD, party_ids=(employee,))
    [moved] = [d for d in case_documents(db, case.id) if d.form_id == "hearing_notice"
               and d.values.get("party_id") == employee]
    issue_document(db, data_dir, get_case(db, case.id), find_form("hearing_notice"),
                   {**moved.values, "issued_on": "2026-03-03", "hearing_date": COMPANY_HEARD}, party_id=employee,
                   supersedes=moved.id)  # both notices now set the company's day: one hearing of the case then
    procedure.record_hearing_session(db, get_case(db, case.id), COMPANY_HEARD)
    assert [e.party_id for e in clock_events_of(db, case.id) if e.starts_on == COMPANY_HEARD] == [None]
    shown = dict(party_steps(db, get_case(db, case.id)))
    assert f"held {EMPLOYEE_HEARD}" in shown[EMPLOYEE] and f"held {COMPANY_HEARD}" in shown[COMPANY]
    procedure.apply(db, case.id, "conclude_hearing", on_date="2026-03-19")
    assert dict(party_steps(db, get_case(db, case.id))) == shown
