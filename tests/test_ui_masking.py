"""Phone and ID numbers as an officer meets them in the case-related lists and dialogs: masked in the case
workspace, the party dialog, the party pickers, the leads and complaints lists, the evidence register and the
merge preview; revealed on purpose (the audit log names the field, never the value); a masked field left
untouched keeps its stored value; the statistics export holds no personal data."""

import json

import pytest

from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPushButton

from ui.party_dialog import PartyDialog
from workstation.records import Case, Party
from workstation.store import agency_id_for_code, create_case, get_party, save_party

pytestmark = pytest.mark.gui

PHONE, ID_NUMBER = "13800138000", "11010519491231002X"
PHONE_SHOWN, ID_SHOWN = "138****8000", "1101**********002X"


@pytest.fixture
def person(db):
    return save_party(db, Party(name="朱子轩", kind="person", id_number=ID_NUMBER, phone=PHONE,
                                address="佛山市南海区桂城街道南海大道1号"))


@pytest.fixture
def person_case(db, officers, person):
    return create_case(db, Case(case_number="", cause="涉嫌非法出售消费者个人信息案", sector="other",
                                agency_id=agency_id_for_code("440605"), status="pending_filing",
                                party_ids=[person.id], officer_ids=[officers["陈志强"].id],
                                facts="经查，当事人以手机13912345678向他人出售消费者信息。"))


def reveals(db) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in db.execute("SELECT entity, entity_id FROM audit WHERE action = 'reveal' ORDER BY seq")]


def audit_text(db) -> str:
    return json.dumps(db.execute("SELECT * FROM audit").fetchall(), ensure_ascii=False)


def test_the_workspace_shows_a_partys_numbers_masked_until_revealed(db, make_window, person, person_case):
    workspace = make_window(db).open_case(person_case.id)
    shown = workspace.findChild(QLabel, f"party_{person.id}")
    assert PHONE_SHOWN in shown.text() and ID_SHOWN in shown.text()
    assert PHONE not in shown.text() and ID_NUMBER not in shown.text()
    facts = workspace.findChild(QLabel, "facts")
    assert "139****5678" in facts.text() and "13912345678" not in facts.text()
    assert reveals(db) == []

    workspace.findChild(QPushButton, f"reveal_party_{person.id}").click()
    assert PHONE in shown.text() and ID_NUMBER in shown.text()
    assert reveals(db) == [("party.id_number", person.id), ("party.phone", person.id)]
    workspace.findChild(QPushButton, "reveal_facts").click()
    assert "13912345678" in facts.text() and reveals(db)[-1] == ("case.facts", person_case.id)
    assert PHONE not in audit_text(db) and ID_NUMBER not in audit_text(db) and "13912345678" not in audit_text(db)

    workspace.reload()  # a reveal lasts for the view it was made in
    assert PHONE_SHOWN in workspace.findChild(QLabel, f"party_{person.id}").text()


def test_an_untouched_masked_field_keeps_its_stored_value(db, prompts, qtbot, person):
    dialog = PartyDialog(db, prompts, person)
    qtbot.addWidget(dialog)
    assert (dialog.edits["phone"].text(), dialog.edits["id_number"].text()) == (PHONE_SHOWN, ID_SHOWN)
    assert dialog.edits["phone"].isReadOnly() and dialog.edits["id_number"].isReadOnly()
    dialog.edits["address"].setText("佛山市南海区桂城街道南海大道2号")
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert save.isEnabled()
    save.click()
    stored = get_party(db, person.id)
    assert (stored.phone, stored.id_number, stored.address) == (PHONE, ID_NUMBER, "佛山市南海区桂城街道南海大道2号")
    assert reveals(db) == []


def test_revealing_a_field_in_the_party_dialog_lets_the_officer_correct_it(db, prompts, qtbot, person):
    dialog = PartyDialog(db, prompts, person)
    qtbot.addWidget(dialog)
    dialog.findChild(QPushButton, "reveal_phone").click()
    assert dialog.edits["phone"].text() == PHONE and not dialog.edits["phone"].isReadOnly()
    assert dialog.edits["id_number"].text() == ID_SHOWN  # only the field asked for
    assert reveals(db) == [("party.phone", person.id)] and PHONE not in audit_text(db)
    dialog.edits["phone"].setText("13900139000")
    dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
    stored = get_party(db, person.id)
    assert (stored.phone, stored.id_number) == ("13900139000", ID_NUMBER)


def test_a_new_party_is_typed_in_full(db, prompts, qtbot):
    dialog = PartyDialog(db, prompts)
    qtbot.addWidget(dialog)
    assert not dialog.edits["phone"].isReadOnly() and dialog.findChild(QPushButton, "reveal_phone") is None


def test_party_pickers_show_the_id_number_masked(db, prompts, qtbot, person):
    from ui.case_dialog import CaseDialog
    from ui.interview_dialog import InterviewDialog

    case_dialog = CaseDialog(db, prompts)
    qtbot.addWidget(case_dialog)
    case_dialog.party_search.setText("朱子轩")
    texts = [case_dialog.party_choices.itemText(i) for i in range(case_dialog.party_choices.count())]
    assert texts == [f"朱子轩  {ID_SHOWN}"]
    case_dialog.add_party(person.id)
    assert case_dialog.parties.item(0).text() == f"朱子轩  {ID_SHOWN}"
    interview_dialog = InterviewDialog(db, prompts)
    qtbot.addWidget(interview_dialog)
    interview_dialog.add_party(person.id)
    assert ID_SHOWN in interview_dialog.parties.item(0).text()
    assert ID_NUMBER not in interview_dialog.parties.item(0).text()


def test_the_case_list_shows_no_phone_or_id_number(db, make_window, person, person_case):
    window = make_window(db)
    model = window.case_list.model
    cells = [model.index(r, c).data() for r in range(model.rowCount()) for c in range(model.columnCount())]
    assert "朱子轩" in cells
    assert not [c for c in cells if c and (PHONE in c or ID_NUMBER in c or "13912345678" in c)]


def column(model, message_id: str) -> int:
    return [header for header, _shown in model.columns].index(message_id)


def test_leads_and_their_complaints_show_numbers_masked_until_revealed(demo_db, make_window):
    db = demo_db
    lead_id, phone = db.execute("SELECT id, target_phone FROM leads WHERE description LIKE '%0757-85836433%'"
                                ).fetchone()
    db.execute("INSERT INTO complaints (id, source, external_id, received_at, text, created_at, lead_id, "
               "complainant_phone) VALUES ('c1', '12345', 'GD1', '2026-02-19T09:00:00+08:00', "
               "'本人13600136000，号码0757-85836433反复来电推销新盘', '2026-02-19', ?, '13600136000')", [lead_id])
    window = make_window(db)
    window.navigation.setCurrentRow(1)
    page = window.leads_page
    page.refresh(select=lead_id)
    row = [r["id"] for r in page.model.records].index(lead_id)
    numbers, description = column(page.model, "Numbers"), column(page.model, "Description")
    assert page.model.index(row, numbers).data() == "0757****6433"
    assert "0757-****6433" in page.model.index(row, description).data()
    detail = page.detail.toPlainText()
    assert "85836433" not in detail and "13600136000" not in detail and "136****6000" in detail

    action = page.view.actions()[0]
    assert action.objectName() == "reveal_numbers"
    action.trigger()
    assert page.model.index(row, numbers).data() == phone == "075785836433"
    assert "0757-85836433" in page.model.index(row, description).data()
    assert "13600136000" in page.detail.toPlainText()
    assert reveals(db) == [("lead.target_phone", lead_id), ("lead.description", lead_id), ("complaint.text", "c1")]
    assert "85836433" not in audit_text(db) and "13600136000" not in audit_text(db)

    page.search.setText("推销新盘")
    page.run_search()
    hits = page.complaint_model
    assert hits.index(0, 2).data() == "136****6000" and "85836433" not in hits.index(0, 3).data()
    page.complaint_view.selectRow(0)
    assert "13600136000" not in page.snippet.toPlainText() and "0757-****6433" in page.snippet.toPlainText()
    page.complaint_view.actions()[0].trigger()
    assert hits.index(0, 2).data() == "13600136000" and "13600136000" in page.snippet.toPlainText()
    assert reveals(db)[-2:] == [("complaint.complainant_phone", "c1"), ("complaint.text", "c1")]


def test_the_evidence_register_masks_numbers_written_in_it(db, data_dir, make_window, person_case, tmp_path):
    from workstation.store.evidence import add_evidence

    sheet = tmp_path / "客户名单.csv"
    sheet.write_text("姓名,电话\n甲,13800138000\n", encoding="utf-8")
    item = add_evidence(db, data_dir, person_case.id, sheet, kind="customer_list", source="联系人13912345678",
                        description="含身份证号码440602199001011234")
    evidence = make_window(db).open_case(person_case.id).evidence
    texts = [evidence.model.index(0, c).data() for c in range(evidence.model.columnCount())]
    assert "联系人139****5678" in texts and "含身份证号码4406**********1234" in texts
    evidence.view.selectRow(0)
    evidence.view.actions()[0].trigger()
    texts = [evidence.model.index(0, c).data() for c in range(evidence.model.columnCount())]
    assert "联系人13912345678" in texts and "含身份证号码440602199001011234" in texts
    assert reveals(db) == [("evidence.source", item.id), ("evidence.description", item.id)]


def test_the_merge_preview_masks_personal_numbers():
    from ui.merge_plan_model import show_value

    assert show_value("phone", PHONE) == PHONE_SHOWN
    assert show_value("id_number", ID_NUMBER) == ID_SHOWN
    assert show_value("text", "号码13912345678来电") == "号码139****5678来电"
    assert show_value("fine_fen", 500000) == "¥5,000.00"


def test_the_dashboard_exports_statistics_without_personal_data(demo_db, make_window, prompts, tmp_path):
    window = make_window(demo_db)
    window.navigation.setCurrentRow(4)
    target = tmp_path / "统计.csv"
    prompts.files.append(str(target))
    window.stats_page.findChild(QPushButton, "export_statistics").click()
    text = target.read_text(encoding="utf-8-sig")
    assert "房地产租售" in text and str(target) in prompts.infos[-1]
    parties = [r[0] for r in demo_db.execute("SELECT name FROM parties UNION SELECT phone FROM parties "
                                              "WHERE phone != ''")]
    assert len(parties) > 50 and [p for p in parties if p in text] == []



def test_probing_a_masked_number_digit_by_digit_marks_no_hidden_digit(db, make_window):
    import re

    from ui.marked_text import MARKS_ROLE
    from workstation.store.complaints import insert_complaints

    text = "号码13812345678和0757-85836433每天来电推销，13812345678最多"
    insert_complaints(db, [("c1", "12345", "W1", "2026-03-01 10:00:00", text, "{}", "f.csv", 2,
                            "2026-03-02T00:00:00+08:00", "12345", "", "", "", "", "", "", "", "", None)])
    page = make_window(db).leads_page
    # each guess reaching into a hidden part finds nothing: a hit with nothing marked would confirm the hidden digits
    for query in ("1381", "13812", "0757-8", "138123", "推销 1234", "12345678", "8583"):
        page.search.setText(query)
        page.run_search()
        assert page.complaint_model.rowCount() == 0, query
    # only what the officer already sees is found and marked, or a whole number, marked whole as masked
    mobile, landline = "138****5678", "0757-****6433"
    for query, marked in (("5678", ["5678", "5678"]), ("推销 5678", ["5678", "推销", "5678"]),
                          ("138", ["138", "138"]), ("13812345678", [mobile, mobile]),
                          ("0757 8583 6433", [landline])):
        page.search.setText(query)
        page.run_search()
        assert page.complaint_model.rowCount() == 1, query
        index = page.complaint_model.index(0, 3)
        cell, marks = page.complaint_model.data(index), page.complaint_model.data(index, MARKS_ROLE)
        page.complaint_view.selectRow(0)
        assert page.snippet.toPlainText() == "号码138****5678和0757-****6433每天来电推销，138****5678最多"
        assert re.findall(r"background-color:#fff3cd;\">([^<]*)<", page.snippet.toHtml()) == marked, query
        assert "【" not in cell and [cell[a:b] for a, b in marks] == marked, (query, cell)  # the list marks the same
