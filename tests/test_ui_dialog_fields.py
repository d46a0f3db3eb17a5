"""The party and case dialogs as the GUI walkthrough found them: a landline typed as 联系电话 is taken; the new-case
dialog chooses no party before the officer does, and lists several officers unscrolled; an empty date field shows
the form to type, never a sample date that reads as filled in; a case's 线索接收日期 that is the day its lead was
assigned says so, with the day the lead was received, as the case's workspace does."""

import pytest

from PySide6.QtWidgets import QDialogButtonBox, QLabel

from ui.case_dialog import OFFICER_ROWS, CaseDialog
from ui.field_widgets import date_placeholder, datetime_placeholder, field_widget
from ui.party_dialog import PartyDialog
from ui.transition_dialog import FilingProposal, TransitionDialog
from workstation import procedure
from workstation.formkit.spec import FieldSpec
from workstation.records import Party
from workstation.store import list_parties, save_party
from workstation.validators import parse_date, parse_datetime

pytestmark = pytest.mark.gui


@pytest.mark.parametrize("written", ["0757-88881234", "075788881234", "(0757)88881234", "88881234"])
def test_a_landline_enables_save_and_is_stored_with_its_area_code(db, prompts, qtbot, written):
    dialog = PartyDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.edits["name"].setText("佛山市南海区某某房地产代理有限公司")
    dialog.edits["phone"].setText(written)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert dialog.findChild(QLabel, "phone_error").isHidden()
    assert save.isEnabled()
    save.click()
    assert [p.phone for p in list_parties(db)] == ["0757-88881234"]


def test_a_number_that_is_no_telephone_number_is_named_and_disables_save(db, prompts, qtbot, english):
    dialog = PartyDialog(db, prompts)
    qtbot.addWidget(dialog)
    dialog.edits["name"].setText("佛山市南海区某某房地产代理有限公司")
    dialog.edits["phone"].setText("0757-888")
    error = dialog.findChild(QLabel, "phone_error")
    assert not error.isHidden() and error.text().startswith("0757-888 is not a telephone number: enter a mobile")
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()


def test_the_new_case_dialog_chooses_no_party_until_the_officer_does(db, prompts, qtbot, english):
    for name in ("中国电信股份有限公司佛山分公司", "佛山市南海区测试房产中介有限公司"):
        save_party(db, Party(name=name))
    dialog = CaseDialog(db, prompts)
    qtbot.addWidget(dialog)
    assert dialog.party_choices.currentIndex() == -1 and dialog.party_choices.count() == 2  # offered, not chosen
    assert dialog.party_choices.placeholderText() == "Search by name or credit code"
    assert not dialog.add_party_button.isEnabled()
    dialog._add_chosen_party()  # Enter in the search field with nothing chosen
    assert dialog.party_ids() == []
    dialog.party_search.setText("测试房产")
    assert dialog.party_choices.currentText().startswith("佛山市南海区测试房产中介有限公司")
    assert dialog.add_party_button.isEnabled()
    dialog.add_party_button.click()
    assert [p.name for p in list_parties(db) if p.id in dialog.party_ids()] == ["佛山市南海区测试房产中介有限公司"]
    dialog.party_search.setText("")
    assert dialog.party_choices.currentIndex() == -1 and not dialog.add_party_button.isEnabled()
    dialog.party_choices.setCurrentIndex(0)  # picked from the drop-down without searching
    assert dialog.add_party_button.isEnabled()


def test_the_officers_list_shows_several_rows_unscrolled(db, prompts, qtbot):
    dialog = CaseDialog(db, prompts)
    qtbot.addWidget(dialog)
    assert dialog.officers.minimumHeight() >= OFFICER_ROWS * dialog.officers.fontMetrics().height()
    assert dialog.officers.maximumHeight() > dialog.officers.minimumHeight()


def placeholder_is_no_value(text: str, parse) -> bool:
    try:
        parse(text)
    except ValueError:
        return True
    return False


def test_empty_date_fields_show_the_form_to_type_not_a_sample_date(db, prompts, qtbot):
    date = field_widget(FieldSpec(name="served_on", label="送达日期", type="date"))
    when = field_widget(FieldSpec(name="held_at", label="时间", type="datetime"))
    assert date.edit.placeholderText() == date_placeholder()
    assert when.edit.placeholderText() == datetime_placeholder()
    assert placeholder_is_no_value(date.edit.placeholderText(), parse_date)
    assert placeholder_is_no_value(when.edit.placeholderText(), parse_datetime)
    case_dialog = CaseDialog(db, prompts)
    qtbot.addWidget(case_dialog)
    # the dates typed on the case (a step's date is the procedure action's, read only)
    typed = [edit for edit in case_dialog.dates.values() if not edit.isReadOnly()]
    assert typed and {edit.placeholderText() for edit in typed} == {date_placeholder()}
    filing = TransitionDialog(procedure.BY_NAME["file"], proposal=FilingProposal())
    qtbot.addWidget(filing)
    assert filing.proposed_on.placeholderText() == date_placeholder()


def test_the_placeholders_read_as_the_form_in_english(english):
    assert (date_placeholder(), datetime_placeholder()) == ("YYYY-MM-DD", "YYYY-MM-DD hh:mm")


def test_the_case_editor_says_when_its_lead_day_is_the_assignment_and_when_the_lead_was_received(demo_db, prompts,
                                                                                                qtbot, english):
    from tests.test_leads_workflow import LEAD, fresh_lead
    from workstation.leads_workflow import assign_lead, file_case_from_lead
    from workstation.store import agency_by_code, get_case

    fresh_lead(demo_db)  # received at the hotline on 2026-02-19
    assign_lead(demo_db, LEAD, agency_by_code(demo_db, "440604").id, on="2026-03-02")
    case = get_case(demo_db, file_case_from_lead(demo_db, LEAD).id)
    dialog = CaseDialog(demo_db, prompts, case)
    qtbot.addWidget(dialog)
    day, note = dialog.dates["lead_received_on"], dialog.findChild(QLabel, "lead_day_note")
    assert (day.text(), day.isReadOnly()) == ("2026-03-02", False)  # T1 counts from it; still typed by the officer
    assert not note.isHidden()
    assert note.text() == "2026-03-02 is the day the lead was assigned; it was received on 2026-02-19."
    # right under the field (and its error line)
    error = dialog.findChild(QLabel, "lead_received_on_error")
    assert dialog.form.getWidgetPosition(note)[0] == dialog.form.getWidgetPosition(error)[0] + 1
    day.setText("2026-02-19")  # the day of receipt typed instead: nothing to say
    assert note.isHidden()
    day.setText("2026-03-02")
    assert not note.isHidden()


def test_the_case_editor_says_nothing_of_a_lead_received_by_the_bureau_itself(demo_db, prompts, qtbot, english):
    from tests.test_leads_workflow import LEAD, fresh_lead
    from workstation.leads_workflow import file_case_from_lead
    from workstation.store import agency_by_code, get_case

    fresh_lead(demo_db)
    demo_db.execute("UPDATE leads SET agency_id = ? WHERE id = ?", [agency_by_code(demo_db, "440604").id, LEAD])
    case = get_case(demo_db, file_case_from_lead(demo_db, LEAD).id)
    dialog = CaseDialog(demo_db, prompts, case)
    qtbot.addWidget(dialog)
    assert dialog.dates["lead_received_on"].text() == "2026-02-19"
    assert dialog.findChild(QLabel, "lead_day_note").isHidden()
