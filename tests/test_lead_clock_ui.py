"""Driven as an officer would: a lead's T1 extended from the leads page (the dialog saying what is wrong as the
officer types, the lead's deadline following), and a clock event dated after today refused in the case's
dialog."""

from PySide6.QtCore import QDate, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from tests.test_leads_workflow import LEAD, fresh_lead, leads_page_on
from ui.case_clocks import ClockEventDialog
from ui.leads_page import LeadExtensionDialog
from workstation.leads_workflow import assign_lead, get_lead_row
from workstation.records import today
from workstation.store import agency_by_code, find_case

INVESTIGATING = "佛南市监立〔2026〕9号"  # demo case filed 2026-11-10


def today_date() -> QDate:
    """Today as the store counts it (in Shanghai), whatever the machine's time zone."""
    return QDate.fromString(today(), "yyyy-MM-dd")


def test_the_leads_page_extends_the_verification_period_and_shows_the_new_deadline(demo_db, make_window, prompts,
                                                                                   qtbot):
    fresh_lead(demo_db)
    recent = today_date().addDays(-3)
    assign_lead(demo_db, LEAD, agency_by_code(demo_db, "440604").id, on=recent.toString("yyyy-MM-dd"))
    page, _where = leads_page_on(make_window(demo_db), qtbot, LEAD)
    before = page.selected()["due"]
    assert page.buttons["extend"].isEnabled()

    def fill_and_save():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, LeadExtensionDialog)
        save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
        assert dialog.days.value() == 15 and not save.isEnabled()  # who approved it is not said yet
        assert "市场监督管理部门负责人批准" in dialog.errors["approved_by"].text()
        dialog.approved_by.setText("局长")
        dialog.days.setValue(16)
        assert "最多" in dialog.errors["days"].text() and not save.isEnabled()
        dialog.days.setValue(15)
        dialog.approved_on.setDate(today_date().addDays(1))
        assert not save.isEnabled() and dialog.errors["approved_on"].isVisibleTo(dialog)
        dialog.approved_on.setDate(today_date())
        assert save.isEnabled()
        save.click()

    QTimer.singleShot(0, fill_and_save)
    page.buttons["extend"].click()
    row = get_lead_row(demo_db, LEAD)
    assert (row["extension_days"], row["extension_approved_on"], row["extension_approved_by"]) == (15, today(), "局长")
    after = page.selected()["due"]
    assert after > before
    assert "局长" in page.detail.toPlainText() and after in page.detail.toPlainText()


def test_an_extended_lead_has_its_extension_corrected_and_no_second_one_added(demo_db, make_window, prompts,
                                                                             qtbot):
    from workstation.i18n import _
    from workstation.leads_workflow import extend_lead

    fresh_lead(demo_db)
    assign_lead(demo_db, LEAD, agency_by_code(demo_db, "440604").id,
                on=today_date().addDays(-3).toString("yyyy-MM-dd"))
    page, _where = leads_page_on(make_window(demo_db), qtbot, LEAD)
    assert page.buttons["extend"].text() == _("&Extend T1…")
    extend_lead(demo_db, LEAD, 10, today(), "局长")
    page.refresh(select=LEAD)
    assert page.buttons["extend"].text() == _("Correct T1 &extension…")
    dialog = LeadExtensionDialog(demo_db, page.selected(), prompts, page)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == _("Correct the recorded extension")
    assert "局长" in dialog.what.text() and (dialog.days.value(), dialog.approved_by.text()) == (10, "局长")
    dialog.days.setValue(15)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save.isEnabled()
    page.extend(dialog=_saving(dialog))
    assert get_lead_row(demo_db, LEAD)["extension_days"] == 15 and prompts.errors == []
    assert demo_db.execute("SELECT action FROM audit WHERE entity = 'lead' AND entity_id = ? ORDER BY seq DESC "
                           "LIMIT 1", [LEAD]).fetchone()[0] == "correct_extension"


def _saving(dialog):
    """The dialog, its Save pressed as soon as it is shown."""
    QTimer.singleShot(0, dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click)
    return dialog


def test_the_event_dialog_refuses_a_date_after_today(demo_db, qtbot, prompts):
    case = find_case(demo_db, INVESTIGATING)
    dialog = ClockEventDialog(demo_db, case, prompts)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    dialog.kind.setCurrentIndex(dialog.kind.findData("announcement"))  # (a suspension: recorded by its step alone)
    tomorrow = today_date().addDays(1)
    dialog.starts_on.setDate(tomorrow)
    assert not save.isEnabled()
    assert dialog.errors["starts_on"].text().startswith(tomorrow.toString("yyyy-MM-dd"))
    assert today() in dialog.errors["starts_on"].text()
    dialog.starts_on.setDate(today_date())
    assert save.isEnabled()
