"""A filed case is handled by at least two enforcement officers on duty holding certificates (Penalty Law arts. 42,
55; REFERENCE §1.1, §1.7), of the agency handling it or its offices: an edit does not take the case below two, the
officers' steps after the filing are refused without two, and the command line files a case only with officers of
its own agency."""

from __future__ import annotations

from dataclasses import replace

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialogButtonBox

from tests.helpers import run
from workstation import procedure
from workstation.errors import TransitionRefused, ValidationError
from workstation.records import Case, Officer, Party
from workstation.store import (
    agency_id_for_code,
    create_case,
    get_case,
    save_officer,
    save_party,
    set_officer_active,
)
from workstation.store.cases import update_case

SHUNDE, SANSHUI_XINAN = "440606", "440607001"


def _left(db, case):
    for oid in case.officer_ids:
        set_officer_active(db, oid, False)
    return get_case(db, case.id)


def test_an_edit_does_not_take_a_filed_case_below_two_officers(db, make_case, officers, english):
    case = make_case(status="investigating", filed_on="2026-01-05")
    with pytest.raises(ValidationError) as refused:
        update_case(db, replace(case, officer_ids=[officers["陈志强"].id]))
    said = refused.value.errors["officer_ids"]
    assert "at least two active officers with enforcement certificates" in said and "1" in said
    # one without a certificate in place of one who has one: still one
    with pytest.raises(ValidationError) as refused:
        update_case(db, replace(case, officer_ids=[officers["陈志强"].id, officers["新同事"].id]))
    assert "新同事 has no enforcement certificate." in refused.value.errors["officer_ids"]
    assert get_case(db, case.id).officer_ids == case.officer_ids
    # a case not filed yet is named its officers as it is filed; one closed keeps what it recorded
    pending = make_case(status="pending_filing")
    assert update_case(db, replace(pending, officer_ids=[])).officer_ids == []


def test_other_edits_of_a_case_whose_officers_left_are_kept_and_a_register_case_without_officers_is_stored(
        db, make_case, english):
    case = _left(db, make_case(status="investigating", filed_on="2026-01-05"))
    assert update_case(db, replace(case, facts="补充事实")).facts == "补充事实"
    made = create_case(db, Case(case_number="", cause="台账导入案件", sector="real_estate", filed_on="2026-01-05",
                                agency_id=agency_id_for_code("440605"), status="investigating",
                                party_ids=case.party_ids))
    assert made.officer_ids == []


@pytest.mark.parametrize(("status", "action", "fields"), [
    ("investigating", "conclude_investigation", {}),
    ("investigation_concluded", "submit_review", {}),
    ("under_review", "send_pre_notice", {"fine_fen": 1_000_000}),
    ("investigating", "transfer_to_police", {}),
    ("investigating", "terminate", {}),
])
def test_the_officers_steps_after_filing_need_two_officers_on_duty(db, make_case, english, status, action, fields):
    case = make_case(status=status, filed_on="2026-01-05", **fields)
    case = _left(db, case)
    refusals = dict((t.name, r) for t, r in procedure.available(db, case))
    assert "needs at least two active officers" in refusals[action]
    assert "Edit case" in refusals[action]
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, action, reason="理由")
    assert "is no longer an active officer" in refused.value.message
    assert get_case(db, case.id).status == status


def test_what_the_party_did_and_the_closing_are_recorded_without_officers(db, make_case, english):
    case = _left(db, make_case(status="pre_notice", filed_on="2026-01-05", notice_served_on="2026-01-10",
                               fine_fen=1_000_000))
    refusals = dict((t.name, r) for t, r in procedure.available(db, case))
    assert "needs at least two" not in (refusals.get("waive_statement") or "")
    assert "needs at least two" not in (refusals.get("end_statement_period") or "")
    decided = _left(db, make_case(status="penalty_decided", filed_on="2026-01-05", fine_fen=1_000_000,
                                  decided_on="2026-01-20"))
    refusals = dict((t.name, r) for t, r in procedure.available(db, decided))
    # the decision made is served and a crime found after it transferred whoever is on duty now (the review's case)
    assert "needs at least two" not in (refusals.get("serve_decision") or "")
    assert "needs at least two" not in (refusals.get("transfer_to_police") or "")
    closed = _left(db, make_case(status="transferred_police", filed_on="2026-01-05"))
    refusals = dict((t.name, r) for t, r in procedure.available(db, closed))
    assert "needs at least two" not in (refusals.get("close") or "")


def _shunde_case(db):
    party = save_party(db, Party(name="佛山市顺德区某某电器有限公司"))
    return create_case(db, Case(case_number="", cause="涉嫌侵害消费者个人信息案", sector="real_estate",
                                agency_id=agency_id_for_code(SHUNDE), party_ids=[party.id]))


def _officers_of(db, code, *names_certs):
    return [save_officer(db, Officer(name=name, cert_no=cert, agency_id=agency_id_for_code(code)))
            for name, cert in names_certs]


def test_officers_of_another_agency_do_not_count(db, english):
    case = _shunde_case(db)
    sanshui = _officers_of(db, SANSHUI_XINAN, ("冯凤仪", "44060719850"), ("区颖诗", "44060713175"))
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "file", officer_ids=tuple(o.id for o in sanshui))
    assert "冯凤仪 is an officer of 佛山市三水区市场监督管理局西南市场监督管理所" in refused.value.message
    assert get_case(db, case.id).status == "pending_filing"
    shunde = _officers_of(db, SHUNDE, ("邓美玲", "44060613190"), ("莫文辉", "44060618219"))
    filed = procedure.apply(db, case.id, "file", officer_ids=tuple(o.id for o in shunde))
    assert filed.status == "investigating"
    # an officer moved to another agency no longer counts on the old agency's open cases
    save_officer(db, replace(shunde[0], agency_id=agency_id_for_code(SANSHUI_XINAN)))
    refusal = dict((t.name, r) for t, r in procedure.available(db, get_case(db, case.id)))["conclude_investigation"]
    assert "邓美玲 is an officer of 佛山市三水区市场监督管理局西南市场监督管理所" in refusal


def test_the_command_line_files_a_case_only_with_officers_of_its_agency(db, data_dir, capsys, english):
    case = _shunde_case(db)
    _officers_of(db, SANSHUI_XINAN, ("冯凤仪", "44060719850"), ("区颖诗", "44060713175"))
    _officers_of(db, SHUNDE, ("邓美玲", "44060613190"), ("莫文辉", "44060618219"))
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "file",
                          "--officer", "44060719850", "--officer", "44060713175")
    assert code != 0
    assert "--officer" in err and "冯凤仪" in err and "佛山市三水区市场监督管理局西南市场监督管理所" in err
    assert get_case(db, case.id).status == "pending_filing"
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "file",
                          "--officer", "44060613190", "--officer", "44060618219")
    assert code == 0, err
    assert get_case(db, case.id).status == "investigating"


@pytest.mark.gui
def test_the_case_editor_refuses_unticking_the_officers_of_a_filed_case(qtbot, db, make_case, prompts, english):
    from ui.case_dialog import CaseDialog

    case = make_case(status="investigating", filed_on="2026-01-05")
    dialog = CaseDialog(db, prompts, case)
    qtbot.addWidget(dialog)
    for i in range(dialog.officers.count()):
        dialog.officers.item(i).setCheckState(Qt.CheckState.Unchecked)
    errors = dialog.validate()
    assert "at least two active officers with enforcement certificates" in errors["officer_ids"]
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
    dialog.save()
    assert get_case(db, case.id).officer_ids == case.officer_ids
