"""Once a 行政处罚决定书 is in force, the fine and confiscation are its own: the case's typed amounts can no longer be
changed (the case editor shows the decided ones read only and says which decision and how to change it; the store
refuses another amount, naming the 文号, and changes nothing), other edits of the case still save, and a case whose
decision was voided takes typed amounts again. The counting itself: tests/test_multiparty12.py."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.test_multiparty12 import COMPANY_FINE, EMPLOYEE_FINE, decided_case
from tests.test_party_case10 import COMPANY, EMPLOYEE, FACTS
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document, void_document
from workstation.errors import WorkstationError
from workstation.law.case_law import save_penalty_choice
from workstation.penalty_terms import decided_amounts, decided_amounts_note
from workstation.records import Party
from workstation.store import get_case, save_party
from workstation.store.cases import update_case

TYPED, DECIDED = 1_000_000, 2_000_000  # ¥10,000 typed on the case, ¥20,000 decided


def decided_lines(workspace) -> list[str]:
    """The texts of the case page's "Decided for" lines (one a party's decision), in order."""
    from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel

    lines = []
    for box in workspace.findChildren(QGroupBox):
        form = box.layout()
        if not isinstance(form, QFormLayout):
            continue
        for row in range(form.rowCount()):
            label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
            field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
            if label and field and isinstance(label.widget(), QLabel) and \
                    label.widget().text().startswith("Decided for"):
                lines.append(field.widget().text())
    return lines


def decided_single(db, data_dir, make_case):
    """A case with one party that records a fine of ¥10,000 and was issued a decision fining ¥20,000 and
    confiscating ¥3,000: (case, decision)."""
    case = make_case(status="decision_pending", filed_on="2026-02-27", notice_served_on="2026-03-02", facts=FACTS,
                     fine_fen=TYPED)
    company = case.party_ids[0]
    save_party(db, Party(name=COMPANY, uscc="91512081MA62K0260E", address="佛山市南海区桂城街道南海大道1号",
                         legal_rep="梁嘉豪", id=company))
    decision = issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"),
                              {"decided_on": "2026-03-20", "fine_fen": "20000", "confiscated_fen": "3000"})
    return get_case(db, case.id), decision


def test_another_fine_or_confiscation_is_refused_naming_the_decision_and_changes_nothing(db, data_dir, make_case,
                                                                                       english, table_counts):
    case, decision = decided_single(db, data_dir, make_case)
    before = table_counts(db)
    for change in ({"fine_fen": 1_500_000}, {"confiscated_fen": 100}):
        with pytest.raises(WorkstationError) as refused:
            update_case(db, replace(case, **change))
        message = refused.value.message
        assert message.startswith(f"Case {case.case_number}: the fine and confiscation are those of the 行政处罚决定书 "
                                  f"{decision.number} in force") and "\n" not in message
        assert "issue a corrected 行政处罚决定书" in message and "void it" in message
    assert table_counts(db) == before
    stored = get_case(db, case.id)
    assert (stored.fine_fen, stored.confiscated_fen, stored.version) == (TYPED, 0, case.version)
    # the discretion dialog's fine is refused alike
    with pytest.raises(WorkstationError, match=decision.number):
        save_penalty_choice(db, case, act_on=None, prior_punished=False, penalty_norm="", discretion_tier="",
                            discretion_factors=[], discretion_reason="", fine_fen=1_500_000)
    assert get_case(db, case.id).fine_fen == TYPED


def test_other_edits_of_a_decided_case_still_save(db, data_dir, make_case):
    case, _decision = decided_single(db, data_dir, make_case)
    saved = update_case(db, replace(case, facts=FACTS + "另查明：当事人已删除名单。", illegal_gains_fen=50_000))
    assert saved.facts.endswith("已删除名单。") and saved.illegal_gains_fen == 50_000 and saved.fine_fen == TYPED


def test_a_case_whose_decision_was_voided_takes_typed_amounts_again(db, data_dir, make_case):
    case, decision = decided_single(db, data_dir, make_case)
    void_document(db, decision.id, "罚款金额有误")
    assert decided_amounts_note(db, get_case(db, case.id)) is None
    saved = update_case(db, replace(get_case(db, case.id), fine_fen=1_800_000, confiscated_fen=300_000))
    assert (saved.fine_fen, saved.confiscated_fen) == (1_800_000, 300_000)


def test_a_case_decided_for_several_parties_names_each_partys_decision(db, data_dir, make_case, english):
    case, _company, _employee, first, second = decided_case(db, data_dir, make_case)
    case = get_case(db, case.id)
    note = decided_amounts_note(db, case)
    assert (f"{COMPANY}: {first.number}, fine ¥50,000.00, confiscated ¥0.00；"
            f"{EMPLOYEE}: {second.number}, fine ¥5,000.00, confiscated ¥0.00") in note
    with pytest.raises(WorkstationError) as refused:
        update_case(db, replace(case, fine_fen=COMPANY_FINE + EMPLOYEE_FINE))
    assert f"行政处罚决定书 {first.number}、{second.number} in force" in refused.value.message
    assert get_case(db, case.id).fine_fen == 0


@pytest.mark.gui
def test_the_case_dialog_shows_the_decided_amounts_read_only_and_saves_other_edits(qtbot, db, data_dir, make_case,
                                                                                 prompts, english):
    from PySide6.QtWidgets import QLabel

    from ui.case_dialog import CaseDialog

    case, decision = decided_single(db, data_dir, make_case)
    dialog = CaseDialog(db, prompts, case)
    qtbot.addWidget(dialog)
    fine, confiscated = dialog.money["fine_fen"], dialog.money["confiscated_fen"]
    assert (fine.text(), confiscated.text()) == ("20000.00", "3000.00")  # the decision's, not the typed ¥10,000
    assert fine.isReadOnly() and confiscated.isReadOnly() and not dialog.money["illegal_gains_fen"].isReadOnly()
    note = dialog.findChild(QLabel, "decided_amounts_note")
    assert not note.isHidden()
    assert decision.number in note.text() and "¥20,000.00" in note.text() and "¥3,000.00" in note.text()
    assert "issue a corrected 行政处罚决定书" in note.text() and "void it" in note.text()  # how to change them
    # the cause is the decision's too, read only (s70); the facts are still edited
    assert dialog.cause.isReadOnly()
    dialog.facts.setPlainText("经查，当事人出售客户个人信息。")
    dialog.save()
    assert prompts.errors == [] and dialog.saved_case is not None
    stored = get_case(db, case.id)
    assert stored.facts == "经查，当事人出售客户个人信息。" and (stored.fine_fen, stored.confiscated_fen) == (TYPED, 0)
    assert decided_amounts(db, stored) == (DECIDED, 300_000)


@pytest.mark.gui
def test_the_case_dialog_of_a_voided_decision_takes_amounts_again(qtbot, db, data_dir, make_case, prompts):
    from PySide6.QtWidgets import QLabel

    from ui.case_dialog import CaseDialog

    case, decision = decided_single(db, data_dir, make_case)
    void_document(db, decision.id, "罚款金额有误")
    dialog = CaseDialog(db, prompts, get_case(db, case.id))
    qtbot.addWidget(dialog)
    assert not dialog.money["fine_fen"].isReadOnly()
    assert dialog.money["fine_fen"].text() == "10000.00"
    assert dialog.findChild(QLabel, "decided_amounts_note").isHidden()
    dialog.money["fine_fen"].setText("18000")
    dialog.save()
    assert get_case(db, case.id).fine_fen == 1_800_000


@pytest.mark.gui
def test_the_workspace_shows_the_decided_amount_not_the_typed_one(db, data_dir, make_case, make_window):
    from PySide6.QtWidgets import QLabel

    case, _decision = decided_single(db, data_dir, make_case)
    workspace = make_window(db).open_case(case.id)
    assert workspace.findChild(QLabel, "penalties_total").text() == "¥23,000.00"


@pytest.mark.gui
def test_the_workspace_counts_nothing_of_a_decision_revoked_and_says_what_it_imposed(db, make_case, make_window,
                                                                                      english):
    from PySide6.QtWidgets import QLabel

    from tests.test_sortmask_penalty_key import revoke, served_case

    case = served_case(make_case, 2_000_000)
    revoke(db, case.id)
    workspace = make_window(db).open_case(case.id)
    assert workspace.findChild(QLabel, "fine").text() == (
        "¥0.00 (¥20,000.00 revoked on the party's reconsideration or lawsuit)")
    assert workspace.findChild(QLabel, "penalties_total").text() == "¥0.00 (¥20,000.00 revoked: not counted)"


@pytest.mark.gui
def test_the_workspace_shows_a_fine_changed_on_reconsideration_as_changed(db, make_case, make_window, english):
    from PySide6.QtWidgets import QLabel

    from tests.test_sortmask_penalty_key import change, served_case

    case = served_case(make_case, 2_000_000)
    change(db, case.id, 500_000)
    workspace = make_window(db).open_case(case.id)
    assert workspace.findChild(QLabel, "fine").text() == (
        "¥5,000.00 (changed on the party's reconsideration or lawsuit from ¥20,000.00)")
    assert workspace.findChild(QLabel, "penalties_total").text() == "¥5,000.00"


@pytest.mark.gui
def test_each_partys_decision_in_the_workspace_says_whether_it_was_revoked_or_its_fine_changed(
        db, data_dir, make_case, make_window, english):
    """A company fined ¥50,000 and its employee ¥5,000, each by its own decision: the company's revoked on its
    lawsuit, the employee's fine changed to ¥2,000 on its reconsideration — each line of the header says so."""
    from tests.test_multiparty12 import decided_case
    from tests.test_sortmask_penalty_key import revoke
    from workstation import procedure
    from workstation.records import ClockEvent
    from workstation.store.clock_events import record_clock_event

    case, company, employee, first, second = decided_case(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(company, employee))

    # both told of a warning with the fine (the notices' default), both decided so: the warning said too
    assert decided_lines(make_window(db).open_case(case.id)) == [
        f"{first.number}: a warning, fine ¥50,000.00, confiscated ¥0.00",
        f"{second.number}: a warning, fine ¥5,000.00, confiscated ¥0.00"]
    revoke(db, case.id, party_id=company)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="reconsideration", starts_on="2026-04-01",
                                      party_id=employee))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="challenge_changed", starts_on="2026-05-20",
                                      party_id=employee, approved_by="南府行复〔2026〕12号", days=200_000))
    assert decided_lines(make_window(db).open_case(case.id)) == [
        f"{first.number}: a warning, fine ¥50,000.00, confiscated ¥0.00 — revoked on the party's reconsideration or "
        "lawsuit: not counted",
        f"{second.number}: a warning, fine ¥2,000.00 (changed on the party's reconsideration or lawsuit from ¥5,000.00), "
        "confiscated ¥0.00"]


@pytest.mark.gui
def test_a_party_decided_a_warning_alone_is_said_so_not_nothing(db, data_dir, make_case, make_window, english):
    """The employee's decision imposes a warning only: its line says 警告, not a fine of ¥0.00 and nothing
    confiscated, as a one-party case's header says 处罚：警告."""
    from PySide6.QtWidgets import QFormLayout, QGroupBox, QLabel

    from tests.test_multiparty12 import decided_case

    case, _company, _employee, first, second = decided_case(db, data_dir, make_case, employee_fine="0")
    workspace = make_window(db).open_case(case.id)
    lines = []
    for box in workspace.findChildren(QGroupBox):
        form = box.layout()
        if isinstance(form, QFormLayout):
            for row in range(form.rowCount()):
                label = form.itemAt(row, QFormLayout.ItemRole.LabelRole)
                field = form.itemAt(row, QFormLayout.ItemRole.FieldRole)
                if label and field and isinstance(label.widget(), QLabel) and \
                        label.widget().text().startswith("Decided for"):
                    lines.append(field.widget().text())
    assert lines == [f"{first.number}: a warning, fine ¥50,000.00, confiscated ¥0.00", f"{second.number}: a warning"]


@pytest.mark.gui
def test_the_gains_shown_are_those_the_assessment_weighs(db, make_case, make_window, english):
    """A case imported from a register records only the 没收违法所得: the amounts panel shows it as the gains (as
    the criminal thresholds count it), saying the case itself records none — not ¥0.00 beside ¥1,234,567.89."""
    from PySide6.QtWidgets import QLabel

    case = make_case(status="penalty_decided", filed_on="2026-02-20", decided_on="2026-03-10",
                     confiscated_fen=123_456_789, illegal_gains_fen=0)
    workspace = make_window(db).open_case(case.id)
    texts = [label.text() for label in workspace.findChildren(QLabel)]
    assert "¥1,234,567.89 (the illegal gains confiscated; the case records ¥0.00)" in texts
