"""The leads page's 更正筛查结论… and 恢复自动结论 on a complaint: in the keyword search's list, the list of related
complaints in no lead and the selected lead's complaints; a corrected complaint marked （人工更正） with a tooltip
naming the officer, the time and the reason."""

from PySide6.QtCore import Qt

from tests.test_complaint_verdict import (  # noqa: F401  (the complaints stored alike)
    CALLER,
    LEAK,
    LEAK2,
    MASKED_CALLER,
    MISS,
    add,
)
from tests.test_complaint_verdict import complaint as row_of
from workstation.screening import screen
from workstation.screening.verdict import correct_complaint


def action(view, name):
    return next(a for a in view.actions() if a.objectName() == name)


def test_the_search_list_corrects_a_complaint_out_of_its_lead_and_marks_it(db, make_window, prompts, english):
    add(db, [("V1", LEAK), ("V2", LEAK2)])
    screen(db)
    lead_id = row_of(db, "V1")["lead_id"]
    page = make_window(db).leads_page
    page.tabs.setCurrentWidget(page.search_tab)
    page.search.setText("骚扰电话")
    page.run_search()
    model, view = page.complaint_model, page.complaint_view
    row = [r.external_id for r in model.records].index("V1")
    view.setCurrentIndex(model.index(row, 0))
    assert not action(view, "clear_verdict").isEnabled()
    prompts.choices, prompts.texts = [1], ["号码是投诉人自己的，不涉及个人信息"]
    action(view, "correct_verdict").trigger()
    assert not prompts.errors
    corrected = row_of(db, "V1")
    assert (corrected["verdict"], corrected["category"], corrected["lead_id"]) == ("unrelated", "", None)
    count = db.execute("SELECT complaint_count FROM leads WHERE id = ?", [lead_id]).fetchone()[0]
    assert count == 1
    # the list read again marks it, and its tooltip says who, when and why
    row = [r.external_id for r in model.records].index("V1")
    cell = model.index(row, model.WORK_ORDER_COLUMN)
    assert model.data(cell, Qt.ItemDataRole.DisplayRole) == "V1 (corrected by an officer)"
    tip = model.data(cell, Qt.ItemDataRole.ToolTipRole)
    assert "号码是投诉人自己的" in tip and corrected["verdict_at"][:10] in tip and "Not related" in tip
    view.setCurrentIndex(cell)
    assert "号码是投诉人自己的" in page.complaint_origin.text()
    assert action(view, "clear_verdict").isEnabled()
    entries = db.execute("SELECT action FROM audit WHERE entity = 'complaint' AND entity_id = ?",
                         [corrected["id"]]).fetchall()
    assert entries == [("correct",)]
    # 恢复自动结论: screening's own applies again
    prompts.confirm_answer = True
    action(view, "clear_verdict").trigger()
    assert row_of(db, "V1")["verdict"] is None and row_of(db, "V1")["category"]
    row = [r.external_id for r in model.records].index("V1")
    assert model.data(model.index(row, model.WORK_ORDER_COLUMN), Qt.ItemDataRole.DisplayRole) == "V1"


def test_a_reason_is_required_and_nothing_changes_without_it(db, make_window, prompts, english):
    add(db, [("V1", LEAK)])
    screen(db)
    page = make_window(db).leads_page
    page.search.setText("骚扰电话")
    page.run_search()
    page.complaint_view.setCurrentIndex(page.complaint_model.index(0, 0))
    prompts.choices, prompts.texts = [1], ["   "]
    action(page.complaint_view, "correct_verdict").trigger()
    assert prompts.errors and "reason" in prompts.errors[-1]
    assert row_of(db, "V1")["verdict"] is None and row_of(db, "V1")["lead_id"] is not None


def test_the_without_lead_list_marks_a_complaint_corrected_to_related_and_restores_it(db, make_window, prompts,
                                                                                       english):
    add(db, [("M1", MISS)])
    screen(db)
    correct_complaint(db, "M1", "related", "冒用身份，属于个人信息被侵害")
    page = make_window(db).leads_page
    page.tabs.setCurrentWidget(page.without_lead)
    tab = page.without_lead
    tab.refresh()
    assert [r.external_id for r in tab.model.records] == ["M1"]
    cell = tab.model.index(0, tab.model.CATEGORY_COLUMN)
    assert tab.model.data(cell, Qt.ItemDataRole.DisplayRole).endswith(" (corrected by an officer)")
    assert "冒用身份" in tab.model.data(cell, Qt.ItemDataRole.ToolTipRole)
    tab.view.setCurrentIndex(cell)
    prompts.confirm_answer = True
    action(tab.view, "clear_verdict").trigger()
    assert row_of(db, "M1")["verdict"] is None
    assert tab.model.records == []  # screening's own: not related, so in no list of related complaints


def test_the_leads_complaints_pane_corrects_one_of_them_and_a_decided_lead_refuses(db, make_window, prompts, english):
    add(db, [("V1", LEAK), ("V2", LEAK2)])
    screen(db)
    lead_id = row_of(db, "V1")["lead_id"]
    page = make_window(db).leads_page
    page.refresh(select=lead_id)
    assert page.selected()["id"] == lead_id
    # related, as screening found it: kept in the lead, marked on its line and named in the pane's tooltip
    page.show_dialog = lambda picker: (picker.table.selectRow(0), True)[1]  # V1 picked from the lead's complaints
    # related, then the category the list opens on (the one screening found)
    prompts.choices, prompts.texts = [0, 0], ["核实确属个人信息泄露"]
    action(page.detail, "correct_lead_verdict").trigger()
    assert not prompts.errors and row_of(db, "V1")["verdict"] == "related"
    assert "V1 (corrected by an officer)" in page.detail.toPlainText()
    assert "核实确属个人信息泄露" in page.detail.toolTip()
    # the lead decided: 更正筛查结论… is greyed out, its tooltip naming the lead (its number masked) and why
    db.execute("UPDATE leads SET status = 'not_filed', decision = 'not_file', decided_on = '2026-04-01' WHERE id = ?",
               [lead_id])
    page.refresh(select=lead_id)
    correct = action(page.detail, "correct_lead_verdict")
    assert not correct.isEnabled()
    assert MASKED_CALLER in correct.toolTip() and "decided lead keeps its complaints" in correct.toolTip()
    assert CALLER not in correct.toolTip()
    # called all the same (a stale state): refused before anything is asked, and the complaint stays
    pickers = []
    page.show_dialog = lambda picker: (pickers.append(picker), picker.table.selectRow(1), True)[2]  # V2
    prompts.choices, prompts.texts = [1], ["误判"]
    offered, questions = list(prompts.offered), list(prompts.questions)
    page.correct_lead_complaint()
    assert prompts.errors[-1] == correct.toolTip()
    assert pickers == [] and prompts.offered == offered and prompts.questions == questions
    assert prompts.choices == [1] and prompts.texts == ["误判"]  # nothing asked: the answers are left unused
    assert row_of(db, "V2")["lead_id"] == lead_id and row_of(db, "V2")["verdict"] is None
