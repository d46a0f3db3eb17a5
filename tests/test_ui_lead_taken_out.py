"""The selected lead's pane lists the complaints officers' corrections took out of it (who, when, why) and restores
them into it; 更正筛查结论… acts on the complaints selected in the pane, else on those picked from all of the lead's
complaints with a search; the complaint search finds a complaint by its work-order number."""

from PySide6.QtGui import QTextCursor

from tests.test_complaint_verdict import CALLER, LEAK, LEAK2, add
from tests.test_complaint_verdict import complaint as row_of
from ui.lead_complaint_picker import LeadComplaintPicker
from workstation.screening import screen
from workstation.screening.verdict import correct_complaint

LEAK3 = f"{CALLER}又来电推销楼盘，个人信息被卖。"


def select_lines(page, *needles) -> None:
    """Select the pane's text from the line holding the first needle to the one holding the last."""
    text = page.detail.toPlainText()
    cursor = page.detail.textCursor()
    cursor.setPosition(text.index(needles[0]))
    cursor.setPosition(text.index(needles[-1]) + len(needles[-1]), QTextCursor.MoveMode.KeepAnchor)
    page.detail.setTextCursor(cursor)


def count_of(db, lead_id):
    return db.execute("SELECT complaint_count FROM leads WHERE id = ?", [lead_id]).fetchone()[0]


def test_the_pane_lists_a_complaint_taken_out_and_restores_it_into_the_lead(db, make_window, prompts, english):
    add(db, [("V1", LEAK), ("V2", LEAK2), ("V3", LEAK3)])
    screen(db)
    lead_id = row_of(db, "V1")["lead_id"]
    correct_complaint(db, "V2", "unrelated", "号码被冒用，与个人信息无关")
    page = make_window(db).leads_page
    page.refresh(select=lead_id)
    shown = page.detail.toPlainText()
    assert "1 complaint was taken out of this lead" in shown
    line = next(x for x in shown.splitlines() if "  V2  " in x)
    assert "号码被冒用，与个人信息无关" in line and "Not related to personal information" in line
    prompts.confirm_answer = True
    prompts.choices = [0]  # the only corrected complaint: V2, taken out
    page.correct_lead_complaint(clear=True)
    assert not prompts.errors
    assert row_of(db, "V2")["lead_id"] == lead_id and count_of(db, lead_id) == 3
    assert "taken out of this lead" not in page.detail.toPlainText()
    assert "  V2  " in page.detail.toPlainText()


def test_restoring_acts_on_the_taken_out_line_selected_in_the_pane(db, make_window, prompts, english):
    add(db, [("V1", LEAK), ("V2", LEAK2), ("V3", LEAK3)])
    screen(db)
    lead_id = row_of(db, "V1")["lead_id"]
    correct_complaint(db, "V2", "unrelated", "误判二")
    correct_complaint(db, "V3", "unrelated", "误判三")
    page = make_window(db).leads_page
    page.refresh(select=lead_id)
    select_lines(page, "误判三")  # V3's line only
    prompts.confirm_answer = True
    page.correct_lead_complaint(clear=True)
    assert not prompts.offered  # nothing to pick: the selection says which
    assert row_of(db, "V3")["lead_id"] == lead_id and row_of(db, "V2")["lead_id"] is None


def test_correcting_acts_on_the_complaints_selected_in_the_pane(db, make_window, prompts, english):
    add(db, [("V1", LEAK), ("V2", LEAK2), ("V3", LEAK3)])
    screen(db)
    lead_id = row_of(db, "V1")["lead_id"]
    page = make_window(db).leads_page
    page.refresh(select=lead_id)
    page.show_dialog = lambda picker: (_ for _ in ()).throw(AssertionError("no picker with a selection"))
    select_lines(page, "  V1", "  V2")
    prompts.choices, prompts.texts = [1], ["两件均为误判"]
    page.correct_lead_complaint()
    assert not prompts.errors and "2 complaints" in prompts.offered[-1][0]
    assert row_of(db, "V1")["lead_id"] is None and row_of(db, "V2")["lead_id"] is None
    assert row_of(db, "V3")["lead_id"] == lead_id and count_of(db, lead_id) == 1
    assert row_of(db, "V1")["verdict_reason"] == "两件均为误判"


def test_without_a_selection_a_picker_over_all_the_leads_complaints_searches_them(db, make_window, prompts,
                                                                                  english):
    texts = [(f"W{n:03d}", f"第{n}次：{LEAK}{LEAK2}" if n != 233 else f"物业泄露业主信息，{LEAK}") for n in range(250)]
    add(db, texts)
    screen(db)
    lead_id = row_of(db, "W000")["lead_id"]
    page = make_window(db).leads_page
    page.refresh(select=lead_id)
    assert len(page.lead_complaints) < 250  # the pane loaded a page of them only

    def pick(picker: LeadComplaintPicker) -> bool:
        assert picker.table.rowCount() == 250
        assert CALLER not in picker.table.item(0, 2).text()  # masked, as everywhere
        assert len(picker.table.item(0, 2).text()) > 40
        picker.search.setText("W249")
        assert [picker.table.item(r, 0).text() for r in range(picker.table.rowCount())] == ["W249"]
        picker.search.setText("物业")  # words of the text
        assert [picker.table.item(r, 0).text() for r in range(picker.table.rowCount())] == ["W233"]
        assert picker.chosen()[0]["external_id"] == "W233"  # the only one found is selected
        return True

    page.show_dialog = pick
    prompts.choices, prompts.texts = [1], ["物业问题，非个人信息"]
    page.correct_lead_complaint()
    assert not prompts.errors and row_of(db, "W233")["verdict"] == "unrelated"
    assert row_of(db, "W233")["lead_id"] is None


def test_the_complaint_search_finds_a_complaint_by_its_work_order_number(db, make_window, qtbot, english):
    add(db, [("2026031200045", LEAK), ("Q7", LEAK2)])
    page = make_window(db).leads_page
    for number in ("2026031200045", "Q7"):
        page.search.setText(number)
        page.run_search()
        assert [r.external_id for r in page.complaint_model.records] == [number]

