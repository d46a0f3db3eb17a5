"""The documents GUI says what the case allows before anything is typed: a form the case refuses (the 封条 under a
扣押 decision) is listed greyed out with the reason; an item table's help speaks of its grid, not of the | of a
values file; and a sheet whose conclusions are left to the people who reach them (听证报告) is previewed and saved
for handwriting with those fields as ruled blanks, while issuing it still needs them."""

import pytest

from tests.helpers import pdf_text
from tests.test_law_guards import ITEMS, under_investigation
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.formkit.grid import grid_help, repeat_columns
from workstation.formkit.refusals import case_refusal
from workstation.formkit.spec import load_forms
from workstation.formkit.values import case_context
from workstation.store import find_case

# the power to seize, which the decision never names by default (《个人信息保护法》 art. 63 para. 1 (4))
SEIZURE_BASIS = "《中华人民共和国个人信息保护法》第六十三条第一款第（四）项"

pytestmark = pytest.mark.gui

PERSON = "佛南市监立〔2026〕5号"  # 朱子轩, a natural person
INVESTIGATED = "佛南市监立〔2026〕9号"


def documents_section(db, data_dir, case, prompts, qtbot):
    from ui.case_documents import CaseDocuments

    section = CaseDocuments(db, data_dir, case, prompts)
    qtbot.addWidget(section)
    return section


# ---- 1. a form the case refuses is greyed out with the reason

def test_a_seizure_case_lists_the_seal_strip_greyed_out_with_the_reason(demo_db, data_dir, prompts, qtbot,
                                                                         english):
    with under_investigation(demo_db, find_case(demo_db, PERSON)) as case:  # seized while investigated
        number = issue_document(demo_db, data_dir, case, find_form("compulsory_measure_decision"),
                                {"legal_basis": SEIZURE_BASIS, "measure": "扣押", "items": ITEMS}).number
        chooser = documents_section(demo_db, data_dir, case, prompts, qtbot).form_choice
    row = chooser.findData("seal_strip")
    assert not chooser.offered(row)
    assert chooser.refusal("seal_strip") == (
        f"Not for this case: The case's last 实施行政强制措施决定书 ({number}) decides 扣押, but this document serves "
        "only 查封: issue a decision of 查封 first, or choose 查封 and type the 文号 of such a decision given on paper.")
    assert row not in chooser.matches("封条")  # typing its title does not choose it either
    assert chooser.offered(chooser.findData("seized_items_list"))  # the seizure's own documents stay offered
    # the same rule drafting refuses it by: one function
    assert case_refusal(find_form("seal_strip"), case_context(demo_db, case)) in chooser.refusal("seal_strip")


def test_a_seal_up_case_offers_the_seal_strip(demo_db, data_dir, prompts, qtbot):
    with under_investigation(demo_db, find_case(demo_db, PERSON)) as case:  # sealed while investigated
        issue_document(demo_db, data_dir, case, find_form("compulsory_measure_decision"),
                       {"legal_basis": SEIZURE_BASIS, "measure": "查封", "items": ITEMS})
        chooser = documents_section(demo_db, data_dir, case, prompts, qtbot).form_choice
    assert chooser.offered(chooser.findData("seal_strip")) and chooser.refusal("seal_strip") is None
    assert chooser.matches("封条") == [chooser.findData("seal_strip")]


def test_no_form_is_refused_for_a_case_before_anything_is_typed(read_demo_db):
    """A required field still empty is the officer's to write: no form is refused for it."""
    forms, _broken = load_forms()
    context = case_context(read_demo_db, find_case(read_demo_db, INVESTIGATED))
    assert [f.id for f in forms.values() if f.kind != "interview" and case_refusal(f, context)] == []


# ---- 2. an item table's help speaks of its grid

def test_an_item_tables_help_in_the_editor_has_no_column_separators(demo_db, opened, english):
    forms, _broken = load_forms()
    repeated = [(form, field) for form in forms.values() for field in form.fields
                if repeat_columns(form, field.name) is not None and field.help]
    assert len(repeated) > 10
    for form, field in repeated:
        assert "|" not in grid_help(form, field) and "｜" not in grid_help(form, field), (form.id, field.name)
    notice = forms["preservation_notice"]
    assert "|" in notice.field("items").help  # the form keeps the | format for a values file (docs render)
    assert grid_help(notice, notice.field("items")) == "One row per item, each value in its column；留空则打印空白行，现场填写"
    discussion = forms["collective_discussion"]
    assert grid_help(discussion, discussion.field("opinions")).endswith("；打印时每人一栏，其后留有空栏供手写")
    # a field no table repeats keeps its help as written
    assert grid_help(notice, notice.field("preserved_on")) == (notice.field("preserved_on").help or "")
    editor = opened(demo_db, "preservation_notice", find_case(demo_db, INVESTIGATED))
    assert editor.fields["items"].focus_widget.toolTip() == grid_help(notice, notice.field("items"))


# ---- 3. a sheet for handwriting

def test_the_hearing_report_is_previewed_and_saved_for_handwriting_but_not_issued(demo_db, opened, prompts,
                                                                                   tmp_path):
    editor = opened(demo_db, "hearing_report", find_case(demo_db, INVESTIGATED))
    assert set(editor.validate()) == {"analysis", "proposal"}  # the chair's conclusions, still empty
    editor.wait_for_preview()
    shown = pdf_text(editor.pdf_bytes)
    assert "四、听证主持人意见" in shown and "＿" * 24 in shown  # ruled lines for the chair's analysis
    assert "□维持调查人员的处罚建议" in shown  # no proposal ticked

    target = tmp_path / "听证报告.pdf"
    prompts.files.append(str(target))
    prompts.confirm_answer = True
    editor.save_as("pdf")
    assert prompts.errors == [] and "主持人对案件事实、证据和法律适用的意见、处理建议" in prompts.confirmations[-1]
    saved = pdf_text(target.read_bytes())
    assert "＿" * 24 in saved and "□维持调查人员的处罚建议" in saved

    editor.issue()  # issuing still needs them
    assert editor.document is None and prompts.errors
    assert demo_db.execute("SELECT COUNT(*) FROM documents WHERE form_id = 'hearing_report'").fetchone()[0] == 0


def test_a_sheet_with_a_wrong_field_is_not_saved_for_handwriting(demo_db, opened, prompts, tmp_path):
    editor = opened(demo_db, "hearing_report", find_case(demo_db, INVESTIGATED))
    editor.set_field("hearing_from", "not a time")
    prompts.files.append(str(tmp_path / "x.pdf"))
    prompts.confirm_answer = True
    editor.save_as("pdf")
    assert prompts.confirmations == [] and len(prompts.errors) == 1 and not (tmp_path / "x.pdf").exists()
