"""Two Chinese sentences shown together follow each other directly ("…。未导入的列：…"), never with a space between:
the register import's summary, the rules editor's note that it already shows the shipped rules, and the count of a
case's lead's complaints; and the document editor's 另存为DOCX, still offered once the document is issued, saves a
copy carrying its 文号."""

import pytest

from tests.helpers import fill_inquiry_to_issue
from tests.test_lead_case_link import CHANCHENG, add_complaint
from tests.test_leads_workflow import LEAD, fresh_lead
from tests.test_register_import import GOOD, HEADER, write_csv
from workstation.documents.drafts import find_form
from workstation.documents.issuing import get_document
from workstation.leads_workflow import assign_lead, get_lead_row, issue_lead_document, lead_documents
from workstation.screening.rules import RULES_PARTS, shipped_rules_path
from workstation.store import agency_by_code, find_case

pytestmark = pytest.mark.gui

CASE = "佛南市监立〔2026〕9号"  # demo case under investigation


def docx_text(data: bytes) -> str:
    import io

    import docx

    body = docx.Document(io.BytesIO(data)).element.body
    return "".join(t.text or "" for t in body.iter() if t.tag.endswith("}t"))


def test_the_register_import_summary_names_the_columns_not_imported_without_a_space(db, make_window, prompts,
                                                                                     tmp_path):
    path = write_csv(tmp_path / "台账.csv", [["序号", *HEADER], ["1", *GOOD[0]]])
    prompts.confirm_answer = True  # the import's preview (its counts): Yes
    window = make_window(db)
    window.import_register(str(path))
    said = "已导入案件1件，跳过0件。未导入的列：序号。"
    assert window.statusBar().currentMessage() == said
    assert prompts.infos == [said] and not prompts.errors


def test_the_rules_editor_already_showing_the_shipped_rules_says_save_without_a_space(db, data_dir, prompts, qtbot):
    from ui.rules_editor import RulesEditor

    shipped = shipped_rules_path().read_text(encoding="utf-8")
    edited = data_dir.joinpath(*RULES_PARTS)
    edited.parent.mkdir(parents=True, exist_ok=True)
    edited.write_text(shipped.replace('default_area_code = "0757"', 'default_area_code = "020"'), encoding="utf-8")
    editor = RulesEditor(db, data_dir, prompts)
    qtbot.addWidget(editor)
    editor.text.setPlainText(shipped)  # pasted by hand: the edited rules are still the ones in force
    assert editor.restore_shipped() is False
    assert prompts.infos == ["编辑框中已是默认规则。点击“保存”即恢复使用默认规则。"]


def test_a_cases_lead_with_more_complaints_than_listed_says_so_without_a_space(demo_db, qtbot, monkeypatch):
    from ui import case_lead

    monkeypatch.setattr(case_lead, "LISTED", 1)
    fresh_lead(demo_db)
    add_complaint(demo_db, "c1", "12345", "2026-02-19 09:37:15", "13800138000", "0757-85836433 一直打电话推销新楼盘")
    add_complaint(demo_db, "c2", "12345", "2026-02-20 10:00:00", "13912345678", "0757-85836433 又来电推销楼盘")
    box = case_lead.CaseLeadBox(demo_db, get_lead_row(demo_db, LEAD), lambda _lead: None)
    qtbot.addWidget(box)
    assert box.summary.text().splitlines()[1] == "本线索关联投诉2件。下表列出前1件。"
    assert box.model.rowCount() == 1


def test_save_as_docx_after_issue_saves_a_copy_carrying_the_number(demo_db, opened, prompts, tmp_path):
    """Session 20: 另存为DOCX stays offered once the document is issued (it was greyed out, so no DOCX ever carried
    the 文号): the copy carries the 文号 as issued, and the frozen record is not touched."""
    ed = opened(demo_db, "inquiry_record", find_case(demo_db, CASE))
    assert ed.docx_action.isEnabled() and ed.docx_action.toolTip() == "另存为DOCX"
    fill_inquiry_to_issue(ed)
    prompts.confirm_answer = True
    ed.issue()
    assert ed.document is not None and ed.docx_action.isEnabled() and ed.pdf_action.isEnabled()
    target = tmp_path / "询问笔录.docx"
    prompts.files = [str(target)]
    ed.save_as("docx")
    assert prompts.errors == []
    assert "文号在签发时生成" not in docx_text(target.read_bytes())
    assert get_document(demo_db, ed.document.id) == ed.document  # the issued record unchanged


def test_an_issued_lead_document_opened_saves_its_docx_with_its_number(demo_db, data_dir, opened, prompts, tmp_path):
    fresh_lead(demo_db)
    assign_lead(demo_db, LEAD, agency_by_code(demo_db, CHANCHENG).id, on="2026-03-02")
    issued = issue_lead_document(demo_db, data_dir, LEAD, find_form("assignment_notice"),
                                 {"contact_person": "陈志强", "report_by": "2026-03-23", "issued_on": "2026-03-02"})
    ed = opened(demo_db, "assignment_notice", lead_id=LEAD, document=lead_documents(demo_db, LEAD)[0])
    assert ed.docx_action.isEnabled()
    target = tmp_path / "交办.docx"
    prompts.files = [str(target)]
    ed.save_as("docx")
    text = docx_text(target.read_bytes())
    assert prompts.errors == [] and issued.number in text and "陈志强" in text and "文号在签发时生成" not in text
