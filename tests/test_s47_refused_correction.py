"""The fact 拒不改正 (``refused_correction``) held to the case's 责令改正通知书 and its re-inspection (session 47 audit).

个人信息保护法 art. 66 para. 1 fines a party that refuses to correct after being ordered to (REFERENCE §4.5):
1. recording the fact is refused when the latest re-inspection of the case's order found it corrected (已改正),
   naming the order's 文号 and the re-inspection's date (``case_law.save_penalty_choice``, ``cases facts``, the
   penalty dialog);
2. with no order issued here, or no re-inspection finding it not corrected, the fact is recorded (the order may be
   on paper) with a warning naming what is missing;
3. a re-inspection finding the order 未改正 or 部分改正 suggests recording the fact (``explain_check``)."""

from __future__ import annotations

import pytest

from tests.helpers import run
from workstation.clocks import case_clocks
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.errors import ValidationError
from workstation.law.case_law import save_penalty_choice
from workstation.records import ClockEvent
from workstation.rectification_checks import CHECK
from workstation.store import get_case
from workstation.store.clock_events import record_clock_event

CHOICE = {"act_on": None, "prior_punished": False, "penalty_norm": "", "discretion_tier": "",
          "discretion_factors": [], "discretion_reason": "", "fine_fen": 0}
FACTS = "经查，当事人向他人提供消费者个人信息100条。"


@pytest.fixture
def leak(db, make_case):
    return make_case(status="investigating", lead_received_on="2026-02-10", filed_on="2026-03-02",
                     violations=["illegal_provision_or_leak"], facts=FACTS)


def order(db, data_dir, case):
    values = {"signed_on": "2026-03-10", "correct_by": "2026-03-25", "violation": FACTS}
    return issue_document(db, data_dir, get_case(db, case.id), find_form("rectification_order"), values)


def check(db, case, document, result, on="2026-03-26"):
    return record_clock_event(db, ClockEvent(case_id=case.id, kind=CHECK, clock=document.id, days=result,
                                             starts_on=on))


def facts(capsys, data_dir, case):
    return run(capsys, "cases", "facts", case.id, "--data-dir", data_dir, "--fact", "refused_correction")


# ---- 1. refused once the re-inspection found the order corrected ------------------------------------------------

def test_the_fact_is_refused_when_the_re_inspection_found_the_order_corrected(db, data_dir, leak, english):
    document = order(db, data_dir, leak)
    check(db, leak, document, result=1)
    with pytest.raises(ValidationError) as refused:
        save_penalty_choice(db, get_case(db, leak.id), **CHOICE, law_conditions=["refused_correction"])
    message = refused.value.errors["law_conditions"]
    assert document.number and document.number in message and "2026-03-26" in message and "已改正" in message
    assert get_case(db, leak.id).law_conditions == []
    # the other facts are recorded as before
    assert save_penalty_choice(db, get_case(db, leak.id), **CHOICE,
                               law_conditions=["intermediary"]).law_conditions == ["intermediary"]


def test_the_command_line_refuses_the_fact_naming_the_order_and_the_re_inspection(capsys, db, data_dir, leak,
                                                                                   english):
    document = order(db, data_dir, leak)
    check(db, leak, document, result=1)
    code, _out, err = facts(capsys, data_dir, leak)
    assert code != 0 and "--fact" in err and document.number in err and "2026-03-26" in err
    assert get_case(db, leak.id).law_conditions == []


# ---- 2. recorded, with a warning, when the order or its finding is missing here --------------------------------

def test_without_an_order_the_fact_is_recorded_with_a_warning_naming_what_is_missing(capsys, db, data_dir, leak,
                                                                                    english):
    code, _out, err = facts(capsys, data_dir, leak)
    assert code == 0 and get_case(db, leak.id).law_conditions == ["refused_correction"]
    warning = next(line for line in err.splitlines() if "责令改正通知书" in line)
    assert warning.startswith("Warning:") and "issued" in warning and "re-inspection" in warning


def test_an_order_not_yet_re_inspected_warns_that_no_re_inspection_found_it_not_corrected(capsys, db, data_dir,
                                                                                         leak, english):
    document = order(db, data_dir, leak)
    code, _out, err = facts(capsys, data_dir, leak)
    assert code == 0 and get_case(db, leak.id).law_conditions == ["refused_correction"]
    warning = next(line for line in err.splitlines() if "re-inspection" in line)
    assert warning.startswith("Warning:") and document.number in warning and "未改正" in warning


@pytest.mark.parametrize("result", [2, 3])
def test_a_re_inspection_finding_it_not_corrected_records_the_fact_without_a_warning(capsys, db, data_dir, leak,
                                                                                    english, result):
    check(db, leak, order(db, data_dir, leak), result=result)
    code, _out, err = facts(capsys, data_dir, leak)
    assert code == 0 and get_case(db, leak.id).law_conditions == ["refused_correction"]
    assert "责令改正通知书" not in err and "re-inspection" not in err


# ---- 3. the re-inspection's explanation suggests the fact ------------------------------------------------------

@pytest.mark.parametrize(("result", "suggested"), [(1, False), (2, True), (3, True)])
def test_a_re_inspection_not_corrected_suggests_recording_the_refusal(db, data_dir, leak, english, result,
                                                                      suggested):
    check(db, leak, order(db, data_dir, leak), result=result)
    row = next(d for d in case_clocks(db, get_case(db, leak.id), on="2026-03-30") if d.document_id)
    text = row.calculation()
    assert ("cases facts CASE --fact refused_correction" in text) is suggested
    assert ("拒不改正" in text) is suggested


# ---- the penalty dialog ----------------------------------------------------------------------------------------

@pytest.mark.gui
def test_the_penalty_dialog_refuses_the_tick_after_a_re_inspection_found_it_corrected(db, data_dir, leak, prompts,
                                                                                      qtbot, english):
    from PySide6.QtWidgets import QCheckBox, QDialogButtonBox

    from ui.case_law import PenaltyChoiceDialog

    document = order(db, data_dir, leak)
    check(db, leak, document, result=1)
    dialog = PenaltyChoiceDialog(db, get_case(db, leak.id), prompts)
    qtbot.addWidget(dialog)
    dialog.show()
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert "law_conditions" not in dialog.validate()
    dialog.findChild(QCheckBox, "condition_refused_correction").setChecked(True)
    errors = dialog.validate()
    assert document.number in errors["law_conditions"] and "2026-03-26" in errors["law_conditions"]
    assert not save.isEnabled() and dialog.errors["law_conditions"].isVisible()
    dialog.save()
    assert get_case(db, leak.id).law_conditions == []


@pytest.mark.gui
def test_the_penalty_dialog_warns_of_the_missing_order_and_saves_the_tick(db, leak, prompts, qtbot, english):
    from PySide6.QtWidgets import QCheckBox, QLabel

    from ui.case_law import PenaltyChoiceDialog

    dialog = PenaltyChoiceDialog(db, get_case(db, leak.id), prompts)
    qtbot.addWidget(dialog)
    dialog.show()
    note = dialog.findChild(QLabel, "refused_correction_warning")
    assert not note.isVisible()
    dialog.findChild(QCheckBox, "condition_refused_correction").setChecked(True)
    assert note.isVisible() and "责令改正通知书" in note.text() and "re-inspection" in note.text()
    dialog.reason.setPlainText("当事人拒不改正")
    assert dialog.validate() == {}
    dialog.save()
    assert get_case(db, leak.id).law_conditions == ["refused_correction"]
