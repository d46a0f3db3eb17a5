"""The decision steps and the decision documents issued: 作出行政处罚决定 is refused while a 不予行政处罚决定书 issued (not
voided) decides the case not to penalise, and 作出不予行政处罚决定 while a 行政处罚决定书 is in force, naming the document
and its 文号 (void it first if it was wrong); in a case with several parties the step, the case's, is refused when
every party was spared, or when a party has a penalty in force. A case with one party awaiting its decision (its
status edited or imported) takes its 行政处罚决定书 only once the party's statement period has run, as the step.
作出不予行政处罚决定 with no 不予行政处罚决定书 issued is warned about (not refused: it may have been written on paper,
as 作出行政处罚决定 without its 决定书), in the window — ticked, kept on the timeline — and on the command line."""

from __future__ import annotations

import json

import pytest

from tests.helpers import run, run_json
from tests.test_party_case10 import AFTER, COMPANY, EMPLOYEE, FACTS, LAST_DAY, SERVED, notice, with_employee
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document, void_document
from workstation.errors import TransitionRefused, WorkstationError
from workstation.store import get_case

ADDRESS = "佛山市南海区桂城街道南海大道1号"
PENALTY = {"decided_on": "2026-03-10", "fine_fen": "5000", "party_address": ADDRESS}
SPARED = {"ground": "首违不罚", "decided_on": "2026-03-10", "party_address": ADDRESS}
TABLES = ("cases", "case_events", "audit", "documents", "doc_numbers")


def _issue(db, data_dir, case, form_id, values, party=None):
    return issue_document(db, data_dir, get_case(db, case.id), find_form(form_id), values, party_id=party)


def _offered(db, case) -> dict:
    return {t.name: why for t, why in procedure.available(db, get_case(db, case.id))}


@pytest.fixture
def awaiting(make_case):
    """A case with one party awaiting its decision, the party having waived its statement."""
    return make_case(status="decision_pending", filed_on="2026-02-20", notice_served_on=SERVED, notice_waived=True,
                     facts=FACTS, fine_fen=500_000)


# ---- 1. the step against the decision documents issued ----------------------------------------------------------

def test_a_one_party_case_spared_by_its_document_is_not_decided_with_a_penalty(db, data_dir, awaiting, english,
                                                                              table_counts):
    spared = _issue(db, data_dir, awaiting, "no_penalty_decision", SPARED)
    before = table_counts(db, TABLES)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, awaiting.id, "decide_penalty", on_date="2026-03-10")
    assert str(refused.value) == (f"不予行政处罚决定书 {spared.number} was issued in this case: it cannot also be "
                                  "decided with a penalty, the two decisions exclude each other. Void it first if it "
                                  "was wrong.")
    assert table_counts(db, TABLES) == before and get_case(db, awaiting.id).status == "decision_pending"
    assert _offered(db, awaiting)["decide_penalty"] == str(refused.value)  # greyed out with the reason
    void_document(db, spared.id, "应予处罚")
    assert _offered(db, awaiting)["decide_penalty"] is None
    assert procedure.apply(db, awaiting.id, "decide_penalty", on_date="2026-03-10").status == "penalty_decided"


def test_a_one_party_case_with_a_penalty_in_force_is_not_decided_not_to_penalise(db, data_dir, awaiting, english,
                                                                                 table_counts):
    decision = _issue(db, data_dir, awaiting, "penalty_decision", PENALTY)
    before = table_counts(db, TABLES)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, awaiting.id, "decide_no_penalty", on_date="2026-03-10", reason="首违不罚")
    assert str(refused.value) == (f"行政处罚决定书 {decision.number} is in force in this case: it cannot also be "
                                  "decided not to penalise, the two decisions exclude each other. Void it first if it "
                                  "was wrong.")
    assert table_counts(db, TABLES) == before
    void_document(db, decision.id, "应不予处罚")
    assert procedure.apply(db, awaiting.id, "decide_no_penalty", on_date="2026-03-10",
                           reason="首违不罚").status == "no_penalty"


def test_the_command_line_refuses_the_step_against_the_document(db, data_dir, awaiting, capsys, english):
    spared = _issue(db, data_dir, awaiting, "no_penalty_decision", SPARED)
    code, _out, err = run(capsys, "cases", "transition", awaiting.case_number, "decide_penalty", "--date",
                          "2026-03-10", "--data-dir", data_dir)
    assert code == 1 and f"不予行政处罚决定书 {spared.number} was issued in this case" in err
    assert get_case(db, awaiting.id).status == "decision_pending"


@pytest.fixture
def both_waived(db, make_case):
    """The company and its employee, both served on 03-02 and both having waived: the case awaits its decision."""
    case, company, employee = with_employee(db, make_case(status="pre_notice", filed_on="2026-02-27",
                                                          notice_served_on=SERVED, facts=FACTS))
    procedure.apply(db, case.id, "waive_statement", on_date="2026-03-03", reason="放弃陈述申辩",
                    party_ids=(company, employee))
    assert get_case(db, case.id).status == "decision_pending"
    return case, company, employee


def test_several_parties_are_decided_with_penalties_unless_every_party_was_spared(db, data_dir, both_waived,
                                                                                  english):
    case, company, employee = both_waived
    notice(db, data_dir, case, company, fine_fen="50000")
    _issue(db, data_dir, case, "no_penalty_decision", SPARED, employee)
    assert _offered(db, case)["decide_penalty"] is None  # the company may still be penalised
    spared = _issue(db, data_dir, case, "no_penalty_decision", SPARED, company)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-10")
    assert str(refused.value).startswith("A 不予行政处罚决定书 was issued to every party of the case (")
    assert f"{COMPANY}: 不予行政处罚决定书 {spared.number}" in str(refused.value)
    assert str(refused.value).endswith("Void it first if it was wrong.")
    void_document(db, spared.id, "应予处罚")
    assert procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-10").status == "penalty_decided"


def test_several_parties_with_a_penalty_in_force_are_not_decided_not_to_penalise(db, data_dir, both_waived,
                                                                                 english):
    case, company, employee = both_waived
    notice(db, data_dir, case, company, fine_fen="50000")
    decision = _issue(db, data_dir, case, "penalty_decision", {**PENALTY, "fine_fen": "50000"}, company)
    _issue(db, data_dir, case, "no_penalty_decision", SPARED, employee)  # the employee's own, beside it
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "decide_no_penalty", on_date="2026-03-10", reason="首违不罚")
    assert str(refused.value) == (f"A 行政处罚决定书 is in force for a party of the case ({COMPANY}: 行政处罚决定书 "
                                  f"{decision.number}): the case is decided with “Decide the penalty”, and a party not "
                                  "penalised is issued its own 不予行政处罚决定书 (Penalty Law art. 57). Void it first "
                                  "if it was wrong.")
    assert EMPLOYEE not in str(refused.value)
    assert procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-10").status == "penalty_decided"


# ---- 2. a 行政处罚决定书 waits for the party's statement period ---------------------------------------------------

@pytest.fixture
def edited(make_case):
    """A case with one party set to await its decision (status edited) while its period, from the service on
    03-02, runs until 03-09: neither waived nor heard."""
    return make_case(status="decision_pending", filed_on="2026-02-20", notice_served_on=SERVED, facts=FACTS)


def test_a_penalty_decision_waits_for_the_one_partys_statement_period(db, data_dir, edited, monkeypatch, english,
                                                                     table_counts):
    monkeypatch.setattr(procedure, "today", lambda: "2026-03-06")
    before = table_counts(db, TABLES)
    with pytest.raises(WorkstationError) as refused:
        _issue(db, data_dir, edited, "penalty_decision", PENALTY)
    assert str(refused.value) == (
        f"The 行政处罚决定书 cannot be issued yet. The party may state, defend and request a hearing until {LAST_DAY} "
        f"(5 working days from the service of the notice on {SERVED}): only from the day after may the case go on "
        "without them, unless the party expressly waived these rights (Penalty Law arts. 45, 62, 64).")
    assert table_counts(db, TABLES) == before  # no 文号 taken
    # the decision not to penalise does not wait for the period
    assert _issue(db, data_dir, edited, "no_penalty_decision", SPARED).number
    monkeypatch.setattr(procedure, "today", lambda: AFTER)
    void_document(db, db.execute("SELECT id FROM documents WHERE form_id = 'no_penalty_decision'").fetchone()[0],
                  "应予处罚")
    assert _issue(db, data_dir, edited, "penalty_decision", PENALTY).number


def test_the_command_line_issue_waits_for_the_period(db, data_dir, edited, monkeypatch, capsys, english, tmp_path):
    values = tmp_path / "values.json"
    values.write_text(json.dumps(PENALTY), encoding="utf-8")
    monkeypatch.setattr(procedure, "today", lambda: LAST_DAY)
    code, _out, err = run(capsys, "docs", "issue", edited.case_number, "--form", "penalty_decision", "--values",
                          values, "-o", tmp_path / "决定书.pdf", "--data-dir", data_dir)
    assert code == 1 and f"may state, defend and request a hearing until {LAST_DAY}" in err
    assert not (tmp_path / "决定书.pdf").exists()
    monkeypatch.setattr(procedure, "today", lambda: AFTER)
    assert run_json(capsys, "docs", "issue", edited.case_number, "--form", "penalty_decision", "--values", values,
                    "-o", tmp_path / "决定书.pdf", "--data-dir", data_dir)


# ---- 3. 作出不予行政处罚决定 without its 不予行政处罚决定书: warned, not refused -------------------------------------

NO_DOCUMENT = "No 不予行政处罚决定书 has been issued in this case"


def test_deciding_not_to_penalise_without_its_document_is_warned_until_one_is_issued(db, data_dir, awaiting,
                                                                                     english):
    from workstation.concluding import action_warnings

    (warning,) = action_warnings(db, awaiting, "decide_no_penalty")
    assert warning.message.startswith(NO_DOCUMENT) and "written on paper" in warning.message
    spared = _issue(db, data_dir, awaiting, "no_penalty_decision", SPARED)
    assert action_warnings(db, get_case(db, awaiting.id), "decide_no_penalty") == []
    void_document(db, spared.id, "写错了当事人住所")  # a voided decision is no decision
    assert action_warnings(db, get_case(db, awaiting.id), "decide_no_penalty")[0].message.startswith(NO_DOCUMENT)
    assert procedure.apply(db, awaiting.id, "decide_no_penalty", on_date="2026-03-10",
                           reason="首违不罚").status == "no_penalty"  # warned, never refused


def test_a_party_of_several_without_its_own_document_is_named(db, data_dir, both_waived, english):
    from workstation.concluding import action_warnings

    case, _company, employee = both_waived
    _issue(db, data_dir, case, "no_penalty_decision", SPARED, employee)
    (warning,) = action_warnings(db, get_case(db, case.id), "decide_no_penalty")
    assert warning.message.startswith(f"No 不予行政处罚决定书 has been issued to {COMPANY}:")
    assert EMPLOYEE not in warning.message


def test_the_command_line_says_the_warning_of_deciding_not_to_penalise(db, data_dir, awaiting, capsys, english):
    result = run_json(capsys, "cases", "transition", awaiting.case_number, "decide_no_penalty", "--date",
                      "2026-03-10", "--reason", "首违不罚", "--data-dir", data_dir)
    assert result["status"] == "no_penalty"
    (warning,) = result["warnings"]
    assert warning.startswith("The decision not to penalise is recorded. No 不予行政处罚决定书 has been issued in "
                              "this case: write and issue it now")


@pytest.mark.gui
def test_the_window_asks_to_tick_the_warning_of_deciding_not_to_penalise(db, awaiting, make_window, monkeypatch,
                                                                          english):
    import ui.transition_dialog
    from ui.transition_dialog import TransitionDialog
    from workstation.store.cases import case_timeline

    shown = {}

    def answer(parent, transition, check=None, prompts=None, warning=None, parties=None, advice=None,
               proposal=None, payment=None):
        dialog = TransitionDialog(transition, parent, check=check, warning=warning, parties=parties)
        dialog.date.setDate(dialog.date.date().fromString("2026-03-10", "yyyy-MM-dd"))
        dialog.reason.setPlainText("首违不罚")
        ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
        shown["warning"], shown["enabled before ticking"] = dialog.warning_label.text(), ok.isEnabled()
        dialog.acknowledge.setChecked(True)
        return dialog.recorded()

    monkeypatch.setattr(ui.transition_dialog, "ask_transition", answer)
    make_window(db).open_case(awaiting.id)._apply(procedure.BY_NAME["decide_no_penalty"])
    assert shown["warning"].startswith(NO_DOCUMENT) and shown["enabled before ticking"] is False
    assert get_case(db, awaiting.id).status == "no_penalty"
    decided = [e for e in case_timeline(db, get_case(db, awaiting.id)) if e.kind == "transition"][-1]
    assert "Decided not to penalise without an issued 不予行政处罚决定书." in decided.note
