"""The 案件 page, its dialogs and `cases` commands as an audit found them wanting: a closed or archived case keeps
the figures and 案由 it was closed with, the city bureau's filter lists its own cases, `cases list` masks numbers
in party names as the window does, an amount that cannot be read is not dropped silently on Esc, Ctrl+Z in the
party search takes back the party added, the party dialog says when the kind chosen is not the one the credit code
registers, a masked number copied from the list finds its case, 1.5万 is an amount in every money field, record
counts read full-width digits and refuse a fraction, and the command line's refusals name its own options."""

from __future__ import annotations

from dataclasses import replace

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from tests.helpers import run, run_json
from tests.test_ui_keyboard import active
from workstation.errors import ValidationError
from workstation.records import Case, Party
from workstation.store import agency_id_for_code, create_case, find_case, get_case, save_party
from workstation.store.cases import CaseFilter, count_cases, list_cases, update_case

CTRL = Qt.KeyboardModifier.ControlModifier
CLOSED = {"fine_fen": 500_000, "records_trace": 120, "filed_on": "2026-03-02", "decided_on": "2026-05-06",
          "served_on": "2026-05-08", "closed_on": "2026-06-01"}
INVESTIGATED = "佛南市监立〔2026〕9号"  # a demo case under investigation


def focus(qtbot, widget) -> None:
    widget.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() in (widget, widget.parent()))  # a spin box's line: the box


def numbered_party_case(db, agency_code: str = "440605", name: str = "号码13800138000的使用人") -> Case:
    party = save_party(db, Party(kind="person", name=name))
    return create_case(db, Case(case_number="", cause=f"{name}涉嫌未经消费者同意发送商业性信息案", sector="other",
                                agency_id=agency_id_for_code(agency_code), party_ids=[party.id]))


# 1. a closed or archived case keeps its figures and cause ----------------------------------------------------------

def closed_by_a_step(db, case: Case) -> Case:
    """``case`` with its closing recorded as a procedure step: a case closed with no step recorded and no decision
    issued (imported 已结案) is corrected as typed (``cases.closed_as_entered``, session 58)."""
    from workstation.records import CaseEvent
    from workstation.store.cases import add_event

    add_event(db, CaseEvent(case_id=case.id, kind="transition", at="2026-06-01T10:00:00+08:00", actor="张伟",
                            from_status="performed", to_status="closed", on_date="2026-06-01"))
    return get_case(db, case.id)


@pytest.mark.parametrize("status", ["closed", "archived"])
@pytest.mark.parametrize("field, value", [("fine_fen", 10_000), ("confiscated_fen", 300), ("illegal_gains_fen", 1),
                                          ("records_trace", 7), ("records_other", 3), ("cause", "改了的案由")])
def test_a_closed_case_refuses_a_change_of_its_figures_or_cause_naming_the_field(db, make_case, english, status,
                                                                                  field, value):
    case = closed_by_a_step(db, make_case(status=status, **CLOSED))
    with pytest.raises(ValidationError) as refused:
        update_case(db, replace(case, **{field: value}))
    message = refused.value.errors[field]
    assert "closed" in message and "undo" in message.lower()
    assert get_case(db, case.id) == case  # nothing changed


def test_a_closed_case_still_takes_other_edits(db, make_case):
    case = make_case(status="closed", **CLOSED)
    saved = update_case(db, replace(case, facts="补充的违法事实"))
    assert (saved.facts, saved.fine_fen, saved.records_trace) == ("补充的违法事实", 500_000, 120)


@pytest.mark.gui
def test_the_case_dialog_shows_a_closed_cases_figures_and_cause_read_only_with_the_note(db, make_case, prompts,
                                                                                         qtbot, english):
    from ui.case_dialog import CaseDialog

    case = closed_by_a_step(db, make_case(status="archived", **CLOSED))
    dialog = active(qtbot, CaseDialog(db, prompts, case))
    fixed = [dialog.cause, *dialog.money.values(), *dialog.counts.values()]
    assert all(widget.isReadOnly() for widget in fixed)
    note = dialog.findChild(type(dialog.decided_note), "closed_figures_note")
    assert note.isVisible() and "closed" in note.text() and note.text() == dialog.cause.toolTip()
    focus(qtbot, dialog.facts)
    dialog.facts.insertPlainText("补充")
    dialog.save()
    assert not prompts.errors and get_case(db, case.id).facts == "补充"
    assert get_case(db, case.id).fine_fen == 500_000


# 2. the city bureau's filter lists its own cases ------------------------------------------------------------------

def test_the_city_bureaus_filter_lists_its_own_cases_and_a_district_bureaus_its_towns_too(demo_db):
    own = numbered_party_case(demo_db, "440600", "佛山市某某科技有限公司")
    city = agency_id_for_code("440600")
    assert [row.id for row in list_cases(demo_db, CaseFilter(agency_id=city))] == [own.id]
    assert count_cases(demo_db, CaseFilter(agency_id=city)) == 1
    assert count_cases(demo_db, CaseFilter(agency_id=agency_id_for_code("440605"))) == 9  # 南海区局 and its 所


def test_cases_list_agency_440600_lists_the_city_bureaus_own_cases(demo_db, data_dir, capsys):
    own = numbered_party_case(demo_db, "440600", "佛山市某某科技有限公司")
    listed = run_json(capsys, "--data-dir", data_dir, "cases", "list", "--agency", "440600")
    assert [row["id"] for row in listed] == [own.id]


@pytest.mark.gui
def test_the_window_filtered_by_the_city_bureau_lists_its_own_cases(demo_db, qtbot):
    from ui.case_list_page import CaseListPage

    numbered_party_case(demo_db, "440600", "佛山市某某科技有限公司")
    page = CaseListPage(demo_db)
    qtbot.addWidget(page)
    page.agency_filter.setCurrentIndex(page.agency_filter.findData(agency_id_for_code("440600")))
    assert page.model.total() == 1 and page.model.index(0, 1).data() == "佛山市某某科技有限公司"


# 3. `cases list` masks the numbers in party names -------------------------------------------------------------------

def test_cases_list_masks_a_phone_number_in_a_party_name_in_text_and_json(demo_db, data_dir, capsys):
    numbered_party_case(demo_db)
    listed = run_json(capsys, "--data-dir", data_dir, "cases", "list", "--search", "的使用人")
    assert [row["party"] for row in listed] == ["号码138****8000的使用人"]
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "list", "--search", "的使用人")
    assert code == 0 and "号码138****8000的使用人" in out and "13800138000" not in out


# 4. Esc does not drop an amount that cannot be read ---------------------------------------------------------------

@pytest.mark.gui
@pytest.mark.parametrize("edit", [False, True])
def test_esc_asks_before_dropping_an_amount_that_cannot_be_read(demo_db, prompts, qtbot, english, edit):
    from ui.case_dialog import CaseDialog

    dialog = active(qtbot, CaseDialog(demo_db, prompts, find_case(demo_db, INVESTIGATED) if edit else None))
    focus(qtbot, dialog.money["illegal_gains_fen"])
    qtbot.keyClicks(dialog.money["illegal_gains_fen"], "abc")
    prompts.choices.append(2)  # Cancel: the dialog stays
    qtbot.keyClick(dialog.money["illegal_gains_fen"], Qt.Key.Key_Escape)
    assert prompts.offered and dialog.isVisible()


# 5. Ctrl+Z in the party search takes back the party added ----------------------------------------------------------

@pytest.mark.gui
def test_ctrl_z_in_the_party_search_takes_back_the_party_just_added(demo_db, prompts, qtbot):
    from ui.case_dialog import CaseDialog

    dialog = active(qtbot, CaseDialog(demo_db, prompts, find_case(demo_db, INVESTIGATED)))
    focus(qtbot, dialog.party_search)
    qtbot.keyClicks(dialog.party_search, "91440605MA4D5MXB3B")
    qtbot.keyClick(dialog.party_search, Qt.Key.Key_Return)
    assert dialog.parties.count() == 2
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Z, CTRL)
    assert dialog.parties.count() == 1


# 6. the kind of party against its credit code ----------------------------------------------------------------------

@pytest.mark.gui
def test_the_party_dialog_warns_when_the_kind_is_not_the_one_the_credit_code_registers(db, prompts, qtbot, english):
    from ui.party_dialog import PartyDialog

    dialog = active(qtbot, PartyDialog(db, prompts))
    focus(qtbot, dialog.edits["name"])
    dialog.edits["name"].insert("佛山市南海区某某小吃店")
    dialog.kind.setCurrentIndex(dialog.kind.findData("company"))
    focus(qtbot, dialog.edits["uscc"])
    qtbot.keyClicks(dialog.edits["uscc"], "92440605MA4D5MXB38")
    qtbot.keyClick(dialog.edits["uscc"], Qt.Key.Key_Tab)
    warning = dialog.warnings["uscc"]
    assert warning.isVisible() and "92" in warning.text() and "Individual business" in warning.text()
    assert dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()  # a note, not an error
    dialog.kind.setCurrentIndex(dialog.kind.findData("individual_business"))
    assert not warning.isVisible()


def test_a_company_code_on_an_association_is_noted_and_a_matching_kind_is_not():
    from workstation.store.parties import party_field_warnings

    assert "uscc" in party_field_warnings(Party(kind="association", name="某协会", uscc="91440605MA4D5MXB3B"))
    assert party_field_warnings(Party(kind="company", name="某公司", uscc="91440605MA4D5MXB3B")) == {}


# 7. a masked number copied from the list finds its case ------------------------------------------------------------

@pytest.mark.parametrize("typed", ["138****8000", "138＊＊＊＊8000", "号码138****8000"])
def test_the_masked_number_the_list_shows_finds_its_case(demo_db, typed):
    case = numbered_party_case(demo_db)
    numbered_party_case(demo_db, name="号码13900138000的使用人")  # other hidden digits, another end: not found
    assert [row.id for row in list_cases(demo_db, CaseFilter(search=typed))] == [case.id]


def test_a_masked_number_with_other_visible_digits_finds_nothing(demo_db):
    numbered_party_case(demo_db)
    assert list_cases(demo_db, CaseFilter(search="139****8000")) == []


# 8. 万 in the law dialog and the payment fields ---------------------------------------------------------------------

@pytest.mark.gui
def test_the_penalty_dialog_reads_an_amount_in_wan(demo_db, prompts, qtbot):
    from ui.case_law import PenaltyChoiceDialog

    dialog = active(qtbot, PenaltyChoiceDialog(demo_db, find_case(demo_db, INVESTIGATED), prompts))
    dialog.fine.setText("1.5万")
    assert "amount" not in dialog.validate() and dialog.choice()["fine_fen"] == 1_500_000


@pytest.mark.gui
def test_the_payment_fields_read_an_amount_in_wan(db, make_case, qtbot):
    from ui.transition_dialog import TransitionDialog, payment_check
    from workstation import procedure

    case = update_case(db, replace(make_case(fine_fen=2_000_000), status="served", filed_on="2026-09-23",
                                   notice_served_on="2026-11-09", decided_on="2026-11-18", served_on="2026-11-19"),
                       allow_status_change=True)
    dialog = TransitionDialog(procedure.BY_NAME["record_performance"], payment=payment_check(db, case))
    qtbot.addWidget(dialog)
    dialog.paid.setText("2万")
    assert dialog.payment().paid_fen == 2_000_000


# 9. record counts: full-width digits read, a fraction refused -------------------------------------------------------

@pytest.mark.gui
def test_a_record_count_reads_full_width_digits(demo_db, prompts, qtbot):
    from ui.case_dialog import CaseDialog

    dialog = active(qtbot, CaseDialog(demo_db, prompts, find_case(demo_db, INVESTIGATED)))
    box = dialog.counts["records_trace"]
    focus(qtbot, box.lineEdit())
    box.lineEdit().selectAll()
    box.lineEdit().insert("１２３")
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Tab)
    assert dialog.typed().records_trace == 123


@pytest.mark.gui
def test_a_record_count_with_a_fraction_is_refused_under_its_field(demo_db, prompts, qtbot, english):
    from ui.case_dialog import CaseDialog

    case = find_case(demo_db, INVESTIGATED)
    dialog = active(qtbot, CaseDialog(demo_db, prompts, case))
    box = dialog.counts["records_trace"]
    focus(qtbot, box.lineEdit())
    box.lineEdit().selectAll()
    qtbot.keyClicks(box.lineEdit(), "1.5")
    qtbot.keyClick(box.lineEdit(), Qt.Key.Key_Tab)
    assert dialog.errors["records_trace"].text() == "Must be zero or a positive whole number."
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
    dialog.save()
    assert get_case(demo_db, case.id).records_trace == case.records_trace


# 10. the command line's refusals name its options ------------------------------------------------------------------

def test_filing_with_too_few_officers_on_the_command_line_names_the_officer_option(demo_db, data_dir, capsys,
                                                                                     english):
    party = save_party(demo_db, Party(name="佛山市南海区某某科技有限公司"))
    case = create_case(demo_db, Case(case_number="", cause="某某科技有限公司涉嫌违法案", sector="other",
                                     agency_id=agency_id_for_code("440605"), party_ids=[party.id]))
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "file")
    assert code == 1
    assert "file --officer" in err and "Edit case" not in err


def test_an_unknown_sector_is_refused_listing_the_chinese_names_too(demo_db, data_dir, capsys, english):
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "list", "--sector", "estate")
    assert code == 2 and "real_estate (房地产租售)" in err and "other (其他)" in err



# after the final read ----------------------------------------------------------------------------------------------

def test_a_word_with_one_mark_between_digits_is_searched_as_typed(demo_db):
    case = numbered_party_case(demo_db, name="3·15投诉涉及的某科技有限公司")
    assert [row.id for row in list_cases(demo_db, CaseFilter(search="3·15投诉"))] == [case.id]


def test_a_registration_type_naming_no_kind_is_not_doubted():
    from workstation.store.parties import party_field_warnings

    # 12 事业单位, 31 律师事务所: the code does not say the party is a company
    assert party_field_warnings(Party(kind="association", name="某研究院", uscc="12440600MB2C92067L")) == {}


def test_a_hand_out_for_the_city_bureau_lists_every_case_of_the_city(demo_db):
    city = agency_id_for_code("440600")
    assert count_cases(demo_db, CaseFilter(agency_id=city, agency_tree=True)) == count_cases(demo_db, CaseFilter())


def test_an_old_case_confiscating_more_than_its_gains_still_saves_its_penalty_choice(db, make_case):
    from workstation.law.case_law import save_penalty_choice

    case = make_case()
    db.execute("UPDATE cases SET confiscated_fen = 50000, illegal_gains_fen = 10000 WHERE id = ?", [case.id])
    stored = get_case(db, case.id)
    saved = save_penalty_choice(db, stored, act_on=stored.act_on, prior_punished=stored.prior_punished,
                                penalty_norm=stored.penalty_norm, discretion_tier=stored.discretion_tier,
                                discretion_factors=list(stored.discretion_factors),
                                discretion_reason=stored.discretion_reason, fine_fen=stored.fine_fen)
    assert (saved.confiscated_fen, saved.illegal_gains_fen) == (50000, 10000)
