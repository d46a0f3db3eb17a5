"""The main dialogs' controls are named for keyboard and screen-reader users: every control the keyboard reaches in
the case, party, lead, interview, publicity, procedure-action and officers dialogs has an accessible name, taken from
the label it sits beside (the label's buddy, where there is one); a drop-down is named by what the code gives it (on
Linux Qt reports a drop-down's current choice as its name, which names nothing). An inquiry record's question and
answer boxes are named with their number, 问题1 / 回答1, after the field's label, renumbered as pairs are added,
moved and removed."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QComboBox, QLabel, QWidget

from workstation.i18n import _
from workstation.store import find_case, get_case, list_parties, update_case

pytestmark = pytest.mark.gui
CASE = "佛南市监立〔2026〕9号"  # a demo case under investigation


def accessible_name(widget: QWidget) -> str:
    """What a screen reader says a control is: its accessible name, else (but for a drop-down) the name Qt gives it —
    a button's text, the text of the label whose buddy it is."""
    if widget.accessibleName().strip() or isinstance(widget, QComboBox):
        return widget.accessibleName().strip()
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name).strip() if interface is not None else ""


def unnamed(dialog: QWidget) -> list[str]:
    """The visible controls of ``dialog`` the keyboard can reach that have no accessible name."""
    return [f"{type(w).__name__}#{w.objectName()} in {type(w.parentWidget()).__name__}"
            for w in dialog.findChildren(QWidget)
            if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.isVisibleTo(dialog) and w.window() is dialog
            and not accessible_name(w)]


def focusable(dialog: QWidget) -> list[QWidget]:
    return [w for w in dialog.findChildren(QWidget)
            if w.focusPolicy() != Qt.FocusPolicy.NoFocus and w.isVisibleTo(dialog) and w.window() is dialog]


@pytest.fixture
def shown(qtbot):
    def show(dialog):
        qtbot.addWidget(dialog)
        dialog.show()
        qtbot.waitExposed(dialog)
        return dialog

    return show


def buddy_text(widget: QWidget) -> str:
    """The text of the label whose buddy ``widget`` is, without its Alt letter and required mark."""
    labels = [label for label in widget.window().findChildren(QLabel) if label.buddy() is widget]
    assert labels, f"no label points at {type(widget).__name__}#{widget.objectName()}"
    return re.sub(r"\(&\w\)", "", labels[0].text()).replace("&", "").removesuffix(" *")  # 当事人(&P): 当事人


# ---- the case dialog ---------------------------------------------------------------------------------------------

def test_every_control_of_a_new_case_is_named(demo_db, prompts, shown):
    from ui.case_dialog import CaseDialog

    dialog = shown(CaseDialog(demo_db, prompts))
    assert len(focusable(dialog)) > 30  # something was looked at
    assert unnamed(dialog) == []


def test_every_control_of_a_case_edited_is_named(demo_db, prompts, shown):
    from ui.case_dialog import CaseDialog

    dialog = shown(CaseDialog(demo_db, prompts, find_case(demo_db, CASE)))
    assert unnamed(dialog) == []


def test_the_case_dialogs_lists_and_counts_are_named_by_their_labels(demo_db, prompts, shown):
    from ui.case_dialog import CaseDialog, field_label

    dialog = shown(CaseDialog(demo_db, prompts))
    for field, widget in (("party_ids", dialog.parties), ("officer_ids", dialog.officers),
                          ("sector", dialog.sector), ("agency_id", dialog.agency),
                          *((f, box) for f, box in dialog.counts.items())):
        assert widget.accessibleName() == field_label(field), field
        assert buddy_text(widget) == field_label(field), field  # Alt+its letter, a screen reader's label
    for box in dialog.counts.values():  # the box typed in inside the count box too
        assert box.lineEdit().accessibleName() == box.accessibleName()
    assert dialog.agency.lineEdit().accessibleName() == field_label("agency_id")
    for widget in (dialog.party_search, dialog.party_choices):  # the parts of 当事人, named with it
        assert widget.accessibleName().startswith(field_label("party_ids"))
    assert dialog.party_search.accessibleName() != dialog.party_choices.accessibleName()


# ---- the question-and-answer boxes of an inquiry record ----------------------------------------------------------

@pytest.fixture
def qa(qtbot):
    from ui.field_widgets import field_widget
    from workstation.formkit.spec import FieldSpec

    field = field_widget(FieldSpec(name="qa", label="询问内容", type="qa"))
    qtbot.addWidget(field.widget)
    field.widget.show()
    return field


def said(field) -> list[tuple[str, str]]:
    return [(pair.question.accessibleName(), pair.answer.accessibleName()) for pair in field.list.pairs]


def numbered(count: int) -> list[tuple[str, str]]:
    from ui.field_widgets import part_name

    return [(part_name("询问内容", _("Question {n}").format(n=n)), part_name("询问内容", _("Answer {n}").format(n=n)))
            for n in range(1, count + 1)]


def test_question_and_answer_boxes_are_named_with_their_number(qa):
    assert said(qa) == numbered(1)
    assert said(qa)[0][0] != said(qa)[0][1]
    qa.list.add_button.click()
    qa.list.insert_questions(("你叫什么名字？", "你的职务？"))
    assert len(qa.list.pairs) == 3 and said(qa) == numbered(3)


def test_names_follow_pairs_moved_and_removed(qa):
    qa.set_value("问：一\n答：甲\n问：二\n答：乙\n问：三\n答：丙")
    assert said(qa) == numbered(3)
    first = qa.list.pairs[0]
    qa.list.move(first, 1)
    assert qa.list.pairs[1] is first and said(qa) == numbered(3)
    qa.list.remove(qa.list.pairs[0])
    assert said(qa) == numbered(2)
    qa.set_value("问：一\n答：甲")  # an undo taking pairs away
    assert said(qa) == numbered(1)
    qa.set_value("问：一\n答：甲\n问：二\n答：乙\n问：三\n答：丙\n问：四\n答：丁")  # and bringing them back
    assert said(qa) == numbered(4)


def test_a_question_list_without_a_field_label_is_named_by_number_alone(qtbot):
    from ui.qa_widget import QAList

    qa_list = QAList()
    qtbot.addWidget(qa_list)
    qa_list.insert_after(None)
    assert [p.question.accessibleName() for p in qa_list.pairs] == [_("Question {n}").format(n=n) for n in (1, 2)]
    assert [p.answer.accessibleName() for p in qa_list.pairs] == [_("Answer {n}").format(n=n) for n in (1, 2)]


# ---- the other main dialogs --------------------------------------------------------------------------------------

def test_every_control_of_the_party_dialog_is_named_for_each_kind(demo_db, prompts, shown):
    from ui.party_dialog import PartyDialog

    dialog = shown(PartyDialog(demo_db, prompts))
    for index in range(dialog.kind.count()):
        dialog.kind.setCurrentIndex(index)
        assert unnamed(dialog) == [], dialog.kind.currentText()
        for field, name in dialog.kind_fields().items():
            assert dialog.edits[field].accessibleName() == _(name), field
            assert buddy_text(dialog.edits[field]) == _(name), field
    assert dialog.kind.accessibleName()


def test_every_control_of_a_party_edited_is_named(demo_db, prompts, shown):
    from ui.party_dialog import PartyDialog

    masked = next(p for p in list_parties(demo_db) if p.phone or p.id_number)
    dialog = shown(PartyDialog(demo_db, prompts, masked))
    assert dialog.reveal_buttons  # a number shown masked, with its Show button
    assert unnamed(dialog) == []


def test_every_control_of_the_lead_dialogs_is_named(demo_db, prompts, shown):
    from ui.lead_dialog import LeadDialog, ReporterToldDialog
    from workstation.leads_workflow import get_lead_row

    dialog = shown(LeadDialog(demo_db, prompts))
    assert unnamed(dialog) == []
    assert dialog.sector.accessibleName() and dialog.party_match.accessibleName() != dialog.sector.accessibleName()
    lead_id = demo_db.execute("SELECT id FROM leads ORDER BY id LIMIT 1").fetchone()[0]
    edited = shown(LeadDialog(demo_db, prompts, lead=get_lead_row(demo_db, lead_id)))
    assert unnamed(edited) == []
    decided = demo_db.execute("SELECT id FROM leads WHERE decided_on IS NOT NULL ORDER BY id LIMIT 1").fetchone()
    told = shown(ReporterToldDialog(demo_db, get_lead_row(demo_db, decided[0]), prompts))
    told.declined.setChecked(True)
    assert unnamed(told) == []


def test_every_control_of_the_interview_dialogs_is_named(demo_db, prompts, shown):
    from ui.interview_dialog import FollowUpDialog, InterviewDialog
    from workstation.store.interviews import list_interviews

    dialog = shown(InterviewDialog(demo_db, prompts))
    assert unnamed(dialog) == []
    assert dialog.attendees.accessibleName() == buddy_text(dialog.attendees)
    interviews = list_interviews(demo_db)
    joint = next(i for i in interviews if len(i.party_ids) > 1)
    edited = shown(InterviewDialog(demo_db, prompts, joint))
    assert unnamed(edited) == []
    follow_up = shown(FollowUpDialog(demo_db, prompts, joint))
    assert follow_up.party.isVisibleTo(follow_up)  # every party or one of them
    assert unnamed(follow_up) == []


def test_every_control_of_the_publicity_dialog_is_named(demo_db, prompts, shown):
    from ui.publicity_dialog import PublicityDialog

    dialog = shown(PublicityDialog(demo_db, prompts))
    assert unnamed(dialog) == []
    assert dialog.agency.lineEdit().accessibleName() == dialog.agency.accessibleName() == buddy_text(dialog.agency)


def test_every_control_of_the_officers_dialog_is_named(demo_db, prompts, shown):
    from ui.officers_dialog import OfficersDialog

    dialog = shown(OfficersDialog(demo_db, prompts))
    assert unnamed(dialog) == []


@pytest.mark.parametrize("name", ["suspend", "file", "decide_penalty"])
def test_every_control_of_a_procedure_action_is_named(demo_db, prompts, shown, name):
    from ui.transition_dialog import FilingProposal, TransitionDialog
    from workstation import procedure

    dialog = shown(TransitionDialog(procedure.BY_NAME[name], prompts=prompts,
                                    parties=[("p1", "甲有限公司"), ("p2", "乙有限公司")],
                                    proposal=FilingProposal() if name == "file" else None))
    assert dialog.party.isVisibleTo(dialog)
    assert unnamed(dialog) == []
    assert dialog.party.accessibleName() == buddy_text(dialog.party)


def test_every_control_of_a_payment_is_named(demo_db, prompts, shown):
    from ui.transition_dialog import TransitionDialog, payment_check
    from workstation import procedure

    case = find_case(demo_db, CASE)
    case = update_case(demo_db, replace(get_case(demo_db, case.id), status="served", fine_fen=300_000,
                                        notice_served_on="2026-11-12", decided_on="2026-11-20",
                                        served_on="2026-11-23"), allow_status_change=True)
    dialog = shown(TransitionDialog(procedure.BY_NAME["record_performance"], prompts=prompts,
                                    payment=payment_check(demo_db, case)))
    assert dialog.paid.isVisibleTo(dialog)
    assert unnamed(dialog) == []
