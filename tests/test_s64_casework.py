"""Case work (session 64 audit): the case workspace says of an amount typed on a case that no decision imposed it —
proposed and not decided yet before the decision, not imposed once the case ended without one —, by the case list's
own test (``penalty_terms.cases_amount_undecided``); an open case's tab follows a change made elsewhere once the
workspace catches up, the board marked stale; undoing a filing names the case number kept void and says the next
filing takes a new one (the workspace and the command line); Save's greyed tooltip names the field of each error by
its form label, and the party's code errors name their field; the party dialog refused because the party changed
elsewhere offers to reopen with what was typed."""

from __future__ import annotations

import re
from dataclasses import replace

import pytest

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QGroupBox, QLabel

from tests.helpers import run, run_json
from workstation import procedure
from workstation.store import get_case
from workstation.store.cases import update_case

ENDING = (("file", "2026-03-05"), ("conclude_investigation", "2026-03-06"), ("submit_review", "2026-03-09"),
          ("decide_no_penalty", "2026-03-10"))


def _workspace(db, case_id, prompts, qtbot, data_dir=None):
    from ui.case_workspace import CaseWorkspace

    workspace = CaseWorkspace(db, case_id, prompts, ask_transition=lambda *a, **k: None, data_dir=data_dir)
    qtbot.addWidget(workspace)
    return workspace


def _amounts(workspace) -> list[str]:
    box = next(b for b in workspace.findChildren(QGroupBox) if b.title() == "Records and amounts")
    return [label.text() for label in box.findChildren(QLabel)]


def _shown(workspace, label: str) -> str:
    texts = _amounts(workspace)
    return texts[texts.index(label) + 1]


def _typed(db, case_id, fine=300000, confiscated=120000):
    update_case(db, replace(get_case(db, case_id), fine_fen=fine, confiscated_fen=confiscated))


# 1. amounts typed, not decided ------------------------------------------------------------------------------------

def test_an_amount_typed_before_the_decision_is_shown_proposed_and_not_counted(db, make_case, prompts, qtbot,
                                                                               english):
    from workstation.penalty_terms import cases_amount_undecided

    case = make_case(status="investigating", filed_on="2026-03-05")
    _typed(db, case.id)
    assert case.id in cases_amount_undecided(db, [case.id])  # what the case list marks 拟
    workspace = _workspace(db, case.id, prompts, qtbot)
    assert _shown(workspace, "Fine") == "proposed ¥3,000.00, not decided yet"
    assert _shown(workspace, "Confiscated illegal gains") == "proposed ¥1,200.00, not decided yet"
    total = workspace.findChild(QLabel, "penalties_total").text()
    assert total == "proposed ¥4,200.00 in all, not decided yet: not counted"


def test_an_amount_of_a_case_ended_without_a_penalty_is_shown_not_imposed(db, make_case, prompts, qtbot, english):
    case = make_case(status="pending_filing", lead_received_on="2026-03-02")
    _typed(db, case.id)
    for name, day in ENDING:
        procedure.apply(db, case.id, name, on_date=day, reason="轻微")
    workspace = _workspace(db, case.id, prompts, qtbot)
    assert _shown(workspace, "Fine") == "¥3,000.00 not imposed (No penalty)"
    assert workspace.findChild(QLabel, "penalties_total").text() == "¥4,200.00 not imposed (No penalty): not counted"
    procedure.apply(db, case.id, "close", on_date="2026-03-11", reason="结案")
    workspace.reload()
    assert _shown(workspace, "Fine") == "¥3,000.00 not imposed (No penalty)"  # closed: how it ended is said


def test_an_amount_typed_on_a_decided_case_shows_as_decided(db, make_case, prompts, qtbot, english):
    case = make_case(status="penalty_decided", filed_on="2026-03-05", decided_on="2026-03-20", fine_fen=300000)
    workspace = _workspace(db, case.id, prompts, qtbot)
    assert _shown(workspace, "Fine") == "¥3,000.00"
    assert workspace.findChild(QLabel, "penalties_total").text() == "¥3,000.00"


# 2. the tab follows a change made elsewhere ---------------------------------------------------------------------

def test_the_tab_of_a_case_filed_elsewhere_takes_its_number_once_the_workspace_catches_up(db, other, make_case,
                                                                                         make_window, english):
    case = make_case(status="pending_filing", lead_received_on="2026-03-02")
    window = make_window(db)
    workspace = window.open_case(case.id)
    tabs = window.case_tabs
    assert tabs.tabText(tabs.indexOf(workspace)).startswith("Awaiting filing")
    window.board.stale = False
    procedure.apply(other, case.id, "file", on_date="2026-03-05", reason="")  # the command line files it
    assert workspace.follow_if_out_of_date()
    number = get_case(db, case.id).case_number
    assert number and tabs.tabText(tabs.indexOf(workspace)) == number
    assert window.board.stale


def test_the_tab_follows_a_party_renamed_in_another_window(db, other, make_case, make_window, english):
    from workstation.store import parties_of_case, save_party

    case = make_case(status="pending_filing", lead_received_on="2026-03-02")
    window = make_window(db)
    workspace = window.open_case(case.id)
    party = parties_of_case(other, case.id)[0]
    save_party(other, replace(party, name="佛山市南海区改名后的房地产代理有限公司"))
    assert workspace.follow_if_out_of_date()
    assert "改名后" in window.case_tabs.tabText(window.case_tabs.indexOf(workspace))


# 3. undoing a filing names the number kept void ----------------------------------------------------------------

def test_undoing_a_filing_in_the_workspace_names_the_number_kept_void(db, make_case, prompts, qtbot, english):
    case = make_case(status="pending_filing", lead_received_on="2026-03-02")
    procedure.apply(db, case.id, "file", on_date="2026-03-05", reason="")
    number = get_case(db, case.id).case_number
    workspace = _workspace(db, case.id, prompts, qtbot)
    prompts.texts, prompts.confirm_answer = ["日期录错"], True
    workspace.undo_button.click()
    asked = prompts.confirmations[-1]
    assert number in asked and "void" in asked and "new case number" in asked, asked
    assert get_case(db, case.id).case_number == ""


def test_undoing_another_step_says_nothing_of_a_number(db, make_case, prompts, qtbot, english):
    case = make_case(status="pending_filing", lead_received_on="2026-03-02")
    procedure.apply(db, case.id, "file", on_date="2026-03-05", reason="")
    procedure.apply(db, case.id, "conclude_investigation", on_date="2026-03-06", reason="")
    workspace = _workspace(db, case.id, prompts, qtbot)
    prompts.texts, prompts.confirm_answer = ["日期录错"], True
    workspace.undo_button.click()
    assert "void" not in prompts.confirmations[-1]


def test_the_command_line_undoing_a_filing_names_the_number_kept_void(db, data_dir, make_case, capsys, english):
    case = make_case(status="pending_filing", lead_received_on="2026-03-02")
    procedure.apply(db, case.id, "file", on_date="2026-03-05", reason="")
    number = get_case(db, case.id).case_number
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "undo", "--reason", "日期录错")
    assert code == 0, err
    assert number in out and "void" in out and "new case number" in out, out
    procedure.apply(db, case.id, "file", on_date="2026-03-05", reason="")
    again = get_case(db, case.id).case_number
    assert again and again != number  # numbering unchanged: the filing again took a new number
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "undo",
                      "--reason", "日期录错")
    assert result["case_number"] is None and result["voided_case_number"] == again


# 4. Save's tooltip names each error's field ------------------------------------------------------------------

def _save_tip(dialog, which=QDialogButtonBox.StandardButton.Save) -> str:
    return dialog.buttons.button(which).toolTip()


def test_the_party_dialogs_save_tooltip_names_each_field_as_labelled(db, prompts, qtbot, english):
    from ui.party_dialog import PartyDialog

    dialog = PartyDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("individual_business"))
    dialog.edits["name"].setText("张三小吃店")
    dialog.edits["uscc"].setText("92440605MA4W00000X")
    dialog.edits["id_number"].setText("440605195001010017")
    dialog.edits["phone"].setText("12345")
    dialog.validate()
    lines = _save_tip(dialog).splitlines()[1:]
    # each field named once: not again before a message that names it already (any case, anywhere in it)
    assert lines[0].startswith("The check character of ") and lines[1].startswith("The check digit of Operator's")
    assert lines[2].startswith("Phone: ")
    for line, label in zip(lines, ("unified social credit code", "operator's id number", "phone"), strict=True):
        assert len(re.findall(rf"(?<![a-z]){re.escape(label)}(?![a-z])", line.casefold())) == 1, line
    assert "unified social credit code" in dialog.errors["uscc"].text()  # the check character's message names it
    assert dialog.errors["id_number"].text().startswith("The check digit of Operator's ID number 4406")
    dialog.kind.setCurrentIndex(dialog.kind.findData("person"))  # a person's own number: as the field is labelled
    assert dialog.errors["id_number"].text().startswith("The check digit of ID number 4406")


def test_the_case_dialogs_save_tooltip_names_each_field(db, prompts, qtbot, english):
    from ui.case_dialog import CaseDialog, field_label

    dialog = CaseDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.cause.setText("某案")
    dialog.money["confiscated_fen"].setText("-5")
    dialog.validate()
    tip = _save_tip(dialog)
    line = next(line for line in tip.splitlines() if "negative" in line)
    assert line.startswith(field_label("confiscated_fen") + ": "), tip


def test_the_transition_dialogs_ok_tooltip_names_the_reason(qtbot, english):
    from ui.transition_dialog import TransitionDialog

    dialog = TransitionDialog(procedure.BY_NAME["terminate"])
    qtbot.addWidget(dialog)
    dialog.validate()
    tip = _save_tip(dialog, QDialogButtonBox.StandardButton.Ok)
    # the reason named once: its message names it already ("… needs a reason."), so no "Reason: " before it
    assert [line.casefold().count("reason") for line in tip.splitlines()[1:]] == [1], tip


def test_a_uscc_with_a_wrong_check_character_names_the_field(english):
    from workstation.validators import normalize_uscc

    with pytest.raises(ValueError, match="unified social credit code"):
        normalize_uscc("92440605MA4W00000X")


def test_an_id_number_named_for_its_field(english):
    from workstation.validators import normalize_id_number

    with pytest.raises(ValueError, match=r"^The check digit of Operator's ID number 4406\*{10}0017"):
        normalize_id_number("440605195001010017", field="Operator's ID number")
    with pytest.raises(ValueError, match=r"^The check digit of ID number 4406\*{10}0017"):
        normalize_id_number("440605195001010017")


# 5. the party dialog refused offers to reopen with what was typed -----------------------------------------

def test_a_party_refused_for_a_change_elsewhere_is_reopened_with_what_was_typed(db, other, make_case, prompts, qtbot,
                                                                                monkeypatch, english):
    import ui.case_workspace as module
    from workstation.store import get_party, parties_of_case, save_party

    case = make_case(status="pending_filing", lead_received_on="2026-03-02")
    party = parties_of_case(db, case.id)[0]
    workspace = _workspace(db, case.id, prompts, qtbot)
    shown = []

    def run_dialog(dialog, made=True):
        shown.append(dialog)
        if len(shown) == 1:  # the officer types; another window saves a new address meanwhile; Save is refused
            dialog.edits["legal_rep"].setText("张三")
            save_party(other, replace(get_party(other, party.id), address="佛山市南海区新地址1号"))
            dialog.save()
            return QDialog.DialogCode.Rejected
        return QDialog.DialogCode.Rejected

    monkeypatch.setattr(module, "exec_once", run_dialog)
    prompts.confirm_answer = True
    workspace.findChild(type(workspace.edit_button), f"edit_party_{party.id}").click()
    assert len(shown) == 2, prompts.confirmations
    assert "Legal representative" in prompts.confirmations[-1]
    reopened = shown[1]
    assert reopened.edits["legal_rep"].text() == "张三"
    assert reopened.edits["address"].text() == "佛山市南海区新地址1号"
    assert reopened.loaded == get_party(db, party.id)  # saving it now is not refused again


# 6. the other endings without a decision; one rule in penalty_terms ----------------------------------------------

OTHER_ENDINGS = {
    "terminated": (("file", "2026-03-05"), ("terminate", "2026-03-10")),
    "not_filed": (("decline_filing", "2026-03-04"),),
    "transferred_police": (("file", "2026-03-05"), ("transfer_to_police", "2026-03-10")),
}


@pytest.mark.parametrize("ending", list(OTHER_ENDINGS))
def test_an_amount_of_a_case_ended_otherwise_is_shown_not_imposed(ending, db, make_case, prompts, qtbot, english):
    from workstation.penalty_terms import cases_amount_undecided, undecided_ending
    from workstation.vocabulary import shown_label

    case = make_case(status="pending_filing", lead_received_on="2026-03-02")
    _typed(db, case.id)
    for name, day in OTHER_ENDINGS[ending]:
        procedure.apply(db, case.id, name, on_date=day, reason="原因")
    assert get_case(db, case.id).status == ending
    assert undecided_ending(db, get_case(db, case.id)) == ending
    label = shown_label("statuses", ending)
    workspace = _workspace(db, case.id, prompts, qtbot)
    assert _shown(workspace, "Fine") == f"¥3,000.00 not imposed ({label})"
    if ending == "transferred_police":  # closed once the police filed it
        from workstation.records import ClockEvent
        from workstation.store.clock_events import record_clock_event

        record_clock_event(db, ClockEvent(case_id=case.id, kind="police_filed", starts_on="2026-03-11"))
    procedure.apply(db, case.id, "close", on_date="2026-03-12", reason="结案")
    assert case.id in cases_amount_undecided(db, [case.id])  # closed: still counted nowhere (DECIDED_STATUS)
    assert undecided_ending(db, get_case(db, case.id)) == ending
    workspace.reload()
    assert _shown(workspace, "Fine") == f"¥3,000.00 not imposed ({label})"
    assert workspace.findChild(QLabel, "penalties_total").text() == f"¥4,200.00 not imposed ({label}): not counted"


def test_undecided_ending_says_how_a_case_with_amounts_no_decision_imposed_stands(db, make_case):
    from workstation.penalty_terms import undecided_ending

    case = make_case(status="investigating", filed_on="2026-03-05")
    assert undecided_ending(db, case) is None  # no amount typed
    _typed(db, case.id)
    assert undecided_ending(db, get_case(db, case.id)) == ""  # its decision still to come
    decided = make_case(status="penalty_decided", filed_on="2026-03-05", decided_on="2026-03-20", fine_fen=300000)
    assert undecided_ending(db, decided) is None


# 7. the ID number named by its field's label wherever it is checked; one message each ------------------------------

def test_party_field_errors_name_the_id_number_by_the_fields_label(english):
    from workstation.case_records import Party
    from workstation.store.parties import party_field_errors

    party = Party(name="张三小吃店", kind="individual_business", id_number="440605195001010017")
    named = party_field_errors(party, {"id_number": "Operator's ID number"})
    assert named["id_number"].startswith("The check digit of Operator's ID number 4406")
    assert party_field_errors(party)["id_number"].startswith("The check digit of ID number 4406")


def _id(body: str) -> str:
    from workstation.validators import id_check_character

    return body + id_check_character(body)


@pytest.mark.parametrize(("number", "start"), [
    ("110105194913310021", "The birth date in {} 1101"),  # month 13
    (_id("11010518000101001"), "The birth year in {} 1101"),
    (_id("11010520300101001"), "The birth date in {} 1101"),  # after today
    ("110105491331002", "The birth date in the old 15-digit {} 1101"),
])
def test_each_id_number_message_names_the_field_given(number, start, english):
    from workstation.validators import normalize_id_number

    for field in ("Operator's ID number", ""):
        with pytest.raises(ValueError) as refused:
            normalize_id_number(number, field=field)
        assert str(refused.value).startswith(start.format(field or "ID number")), str(refused.value)


# 8. what was typed, against what the fields held ------------------------------------------------------------------

def test_a_kind_changed_is_listed_alone_not_the_fields_it_hides(db, prompts, qtbot, english):
    from ui.party_dialog import PartyDialog
    from workstation.case_records import Party
    from workstation.store import save_party
    from workstation.validators import uscc_check_character

    uscc = "91440605MA4UUUUU0" + uscc_check_character("91440605MA4UUUUU0")
    party = save_party(db, Party(name="佛山市南海区某某贸易有限公司", kind="company", uscc=uscc,
                                 legal_rep="李四", address="佛山市南海区桂城1号"))
    dialog = PartyDialog(db, prompts, party)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("person"))
    assert dialog.typed_changes() == {"kind": "Kind"}
    dialog.edits["phone"].setText("13800138000")
    assert dialog.typed_changes() == {"kind": "Kind", "phone": "Phone"}
