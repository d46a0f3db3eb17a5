"""Defaults that come from the case, as the 行政处罚告知书 and 行政处罚决定书 have them (tests/test_issueguard.py): the
案件调查终结报告 proposes the case's penalty and no warning nobody proposed (nor does the 行政处理决定审批表 print one);
the 不予行政处罚决定书 and the 行政处理决定审批表 list the case's own records and register items as evidence, not
boilerplate, and so does the 案件调查终结报告, with what each proves; a draft kept with the boilerplate takes the case's
list; and the document editor's own question
before issuing shows the addressee and the penalty as the question from the documents list does."""

from __future__ import annotations

import pytest

from tests.helpers import pdf_text
from workstation.documents.drafts import draft_document, find_form, render_document
from workstation.documents.issuing import case_documents, issue_document
from workstation.formkit.values import case_context, default_values, field_errors, resumed_values
from workstation.store import get_case

FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"
ADDRESS = {"party_address": "佛山市南海区桂城街道南海大道北1号"}
#: the boilerplate the evidence of the 不予行政处罚决定书 and the 行政处理决定审批表 held by the party's kind
BOILERPLATES = [f"1.当事人{licence}复印件；\n2.询问笔录；\n3.现场笔录；\n4.电子数据证据提取笔录及所附电子数据。"
                for licence in ("营业执照", "身份证件", "社会团体法人登记证书")]
EVIDENCE_FORMS = ["no_penalty_decision", "decision_approval"]


@pytest.fixture
def investigated(make_case):
    """A case under review recording neither a fine nor a confiscation, nothing issued, no evidence."""
    return make_case(status="under_review", filed_on="2026-03-02", facts=FACTS, evidence=False)


def defaults(db, case, form_id):
    return default_values(find_form(form_id), case_context(db, get_case(db, case.id)))


def printed(db, case, form_id, values=None) -> str:
    return pdf_text(render_document(draft_document(db, get_case(db, case.id), find_form(form_id), values), "pdf").data)


# ---- 1. the penalty the 案件调查终结报告 proposes ------------------------------------------------------------------

def test_a_report_of_a_case_recording_no_penalty_proposes_none(db, investigated):
    values = defaults(db, investigated, "investigation_report")
    assert not values["warning"]  # the form ticked a warning by default
    assert [values[name] for name in ("confiscated_fen", "fine_fen", "confiscated_property", "other_penalty")] == [
        "0.00", "0.00", None, None]
    proposed = printed(db, investigated, "investigation_report", ADDRESS).split("建议对当事人作出如下行政处罚：")[1]
    assert "警告" not in proposed and "罚款" not in proposed
    assert proposed.startswith("＿" * 24)  # a ruled line to write the proposal on


def test_a_report_proposes_the_cases_fine_without_a_warning(db, make_case):
    case = make_case(status="under_review", filed_on="2026-03-02", facts=FACTS, fine_fen=300_000, evidence=False)
    values = defaults(db, case, "investigation_report")
    assert (values["fine_fen"], values["total_fen"], values["warning"]) == ("3000.00", "3000.00", None)
    proposed = printed(db, case, "investigation_report", ADDRESS).split("建议对当事人作出如下行政处罚：")[1]
    assert proposed.startswith("罚款¥3,000.00（人民币叁仟元整）") and "警告" not in proposed


def test_a_report_issued_as_drafted_gives_the_notice_and_decision_no_warning(db, data_dir, make_case):
    case = make_case(status="under_review", filed_on="2026-03-02", facts=FACTS, fine_fen=300_000, evidence=False)
    report = issue_document(db, data_dir, case, find_form("investigation_report"), ADDRESS)
    assert not report.values["warning"]
    for form_id in ("pre_penalty_notice", "penalty_decision", "decision_approval"):
        values = defaults(db, case, form_id)
        assert not values["warning"] and values["fine_fen"] == "3000.00", form_id


def test_the_decision_approval_prints_no_warning_nothing_proposed(db, make_case):
    case = make_case(status="under_review", filed_on="2026-03-02", facts=FACTS, fine_fen=300_000, evidence=False)
    assert not defaults(db, case, "decision_approval")["warning"]
    text = printed(db, case, "decision_approval", ADDRESS)
    assert "罚款¥3,000.00（人民币叁仟元整）" in text and "给予警告" not in text


def test_the_warning_a_report_proposed_goes_on_to_the_decision_approval(db, data_dir, investigated):
    issue_document(db, data_dir, investigated, find_form("investigation_report"), {"warning": True, **ADDRESS})
    assert defaults(db, investigated, "decision_approval")["warning"] is True
    assert "警告给予警告" in printed(db, investigated, "decision_approval", ADDRESS)


# ---- 2. the evidence of the 不予行政处罚决定书 and the 行政处理决定审批表 --------------------------------------------

def site_record(db, data_dir, case):
    return issue_document(db, data_dir, case, find_form("site_record"),
                          {"place": "佛山市南海区桂城街道南海大道北1号", "recusal_answer": "不申请",
                           "findings": "当事人办公电脑存有客户名单。", "time_from": "2026-03-05 09:30",
                           "time_to": "2026-03-05 10:30"})


def add_licence(db, data_dir, case, tmp_path):
    """Register the party's business licence copy in the case's evidence register, as an officer does: it is listed
    first (当事人营业执照复印件), and only when the register holds it."""
    from workstation.store.evidence import add_evidence

    licence = tmp_path / "营业执照复印件.pdf"
    licence.write_bytes(b"%PDF-1.4 licence")
    return add_evidence(db, data_dir, case.id, licence, kind="documentary", source="当事人提供",
                        collected_on="2026-03-05")


@pytest.mark.parametrize("form_id", EVIDENCE_FORMS)
def test_the_evidence_lists_the_cases_records_and_register_after_the_licence(db, data_dir, investigated, tmp_path,
                                                                           form_id):
    from workstation.store.evidence import add_evidence

    record = site_record(db, data_dir, investigated)
    listing = tmp_path / "客户名单.xlsx"
    listing.write_bytes(b"customers")
    add_evidence(db, data_dir, investigated.id, listing, kind="other", source="当事人办公电脑",
                 collected_on="2026-03-05")
    add_licence(db, data_dir, investigated, tmp_path)
    evidence = defaults(db, investigated, form_id)["evidence"]
    lines = evidence.split("\n")
    assert lines[0] == "1.当事人营业执照复印件；"
    assert lines[1].startswith(f"2.{record.title}（") and lines[1].endswith("日）；") and "年" in lines[1]
    assert lines[2] == "3.证据材料一份（当事人办公电脑，2026年3月5日）。"  # served on the party: no file name
    assert len(lines) == 3  # the licence copy listed first, not again among the register's items
    text = printed(db, investigated, form_id, {**ADDRESS, "decided_on": "2026-04-01"})
    assert evidence.replace("\n", "") in text and "询问笔录" not in text  # no record the case does not have


def test_a_no_penalty_decision_of_a_case_with_no_evidence_prints_no_list_and_is_not_refused_for_it(db, investigated):
    form = find_form("no_penalty_decision")
    values = {**defaults(db, investigated, "no_penalty_decision"), **ADDRESS, "decided_on": "2026-04-01"}
    assert not values["evidence"]
    text = printed(db, investigated, "no_penalty_decision", values)
    assert "证据证明" not in text and "营业执照复印件" not in text and "询问笔录" not in text
    assert "evidence" not in field_errors(form, values, case_context(db, get_case(db, investigated.id)))[1]


def test_a_decision_approval_of_a_case_with_no_evidence_leaves_its_row_to_be_written(db, investigated):
    text = printed(db, investigated, "decision_approval", ADDRESS)
    assert "主要证据陈述申辩" in text  # the row is kept, empty, for the officer to write by hand
    assert "营业执照复印件" not in text and "询问笔录" not in text


@pytest.mark.parametrize("form_id", EVIDENCE_FORMS)
@pytest.mark.parametrize("boilerplate", BOILERPLATES, ids=["company", "person", "association"])
def test_a_kept_draft_holding_the_old_boilerplate_takes_the_cases_list(db, data_dir, investigated, form_id,
                                                                       boilerplate):
    site_record(db, data_dir, investigated)
    form = find_form(form_id)
    context = case_context(db, get_case(db, investigated.id))
    values = resumed_values(form, {"evidence": boilerplate}, context)
    assert values["evidence"].startswith("1.现场笔录（")  # no licence copy in the register: none listed
    assert "营业执照" not in values["evidence"]
    written = boilerplate.replace("4.电子数据证据提取笔录及所附电子数据。", "4.客户名单。")  # the officer's own
    assert resumed_values(form, {"evidence": written}, context)["evidence"] == written


# ---- 2b. the evidence of the 案件调查终结报告, with what each item proves -----------------------------------------

#: the boilerplate the report's evidence held by the party's kind before it drew on the case
REPORT_BOILERPLATES = [f"1.当事人{licence}复印件，证明当事人的{what}；\n2.询问笔录，证明当事人的违法事实；\n3.现场笔录，证明现场"
                       f"检查情况；\n4.电子数据证据提取笔录及所附电子数据，证明当事人发送商业性信息及涉及消费者个人信息的数量。"
                       for licence, what in (("营业执照", "主体资格"), ("身份证件", "身份"),
                                             ("社会团体法人登记证书", "主体资格"))]


def test_a_report_of_a_case_with_no_evidence_lists_none_the_case_does_not_have(db, investigated):
    assert not defaults(db, investigated, "investigation_report")["evidence"]
    text = printed(db, investigated, "investigation_report", ADDRESS)
    listed = text.split("四、相关证据及证明事项")[1].split("五、")[0]
    assert listed == "＿" * 30  # a ruled line to write the evidence on
    assert "现场笔录" not in text and "电子数据证据提取笔录" not in text and "营业执照复印件" not in text


def test_a_report_lists_the_cases_records_and_register_saying_what_each_proves(db, data_dir, investigated,
                                                                              tmp_path):
    from workstation.store.evidence import add_evidence, save_count

    record = site_record(db, data_dir, investigated)
    listing = tmp_path / "客户名单.xlsx"
    listing.write_bytes(b"customers")
    item = add_evidence(db, data_dir, investigated.id, listing, kind="customer_list", source="当事人办公电脑",
                        collected_on="2026-03-05")
    save_count(db, item.id, 1200, "other", ["按手机号码去重"])
    photo = tmp_path / "门店.jpg"
    photo.write_bytes(b"shop front")
    add_evidence(db, data_dir, investigated.id, photo, kind="photo", collected_on="2026-03-05")
    add_licence(db, data_dir, investigated, tmp_path)
    lines = defaults(db, investigated, "investigation_report")["evidence"].split("\n")
    assert lines[0] == "1.当事人营业执照复印件，证明当事人的主体资格；"
    assert lines[1].startswith(f"2.{record.title}（") and lines[1].endswith("日），证明现场检查情况；")
    assert lines[2] == "3.客户名单一份（电子数据，当事人办公电脑，2026年3月5日），证明涉及消费者个人信息1,200条；"
    assert lines[3] == "4.照片一份（2026年3月5日）。"  # nothing counted: nothing claimed
    assert len(lines) == 4
    text = printed(db, investigated, "investigation_report", ADDRESS)
    assert all(line in text for line in lines[:3]) and "询问笔录" not in text and "电子数据证据提取笔录" not in text


def test_the_report_leaves_out_a_voided_record(db, data_dir, investigated):
    from workstation.documents.issuing import void_document

    record = site_record(db, data_dir, investigated)
    void_document(db, record.id, "写错了检查地点")
    assert not defaults(db, investigated, "investigation_report")["evidence"]


@pytest.mark.parametrize("boilerplate", REPORT_BOILERPLATES, ids=["company", "person", "association"])
def test_a_kept_report_holding_the_old_boilerplate_takes_the_cases_list(db, data_dir, investigated, boilerplate):
    site_record(db, data_dir, investigated)
    form = find_form("investigation_report")
    context = case_context(db, get_case(db, investigated.id))
    values = resumed_values(form, {"evidence": boilerplate}, context)
    assert values["evidence"].startswith("1.现场笔录（")  # no licence copy in the register: none listed
    assert values["evidence"].endswith("，证明现场检查情况。")
    assert "询问笔录" not in values["evidence"] and "营业执照" not in values["evidence"]
    written = boilerplate.replace("3.现场笔录，证明现场检查情况；", "3.客户名单，证明涉案信息数量；")  # the officer's own
    assert resumed_values(form, {"evidence": written}, context)["evidence"] == written


# ---- 3. the editor's own question before issuing -----------------------------------------------------------------

@pytest.mark.gui
def test_issuing_from_the_editor_shows_the_addressee_and_the_penalty(db, make_case, opened, prompts, english):
    case = make_case(status="under_review", filed_on="2026-03-02", facts=FACTS, fine_fen=300_000, evidence=False)
    editor = opened(db, "pre_penalty_notice", case)
    prompts.confirm_answer = False
    editor.issue()
    assert prompts.errors == []
    (question,) = prompts.confirmations
    assert question.startswith("Issue 行政处罚告知书? It takes the next 文号")
    assert "Check what it says:\n当事人：佛山市南海区誉嘉房地产代理有限公司\n罚款：¥3,000.00（叁仟元整）" in question
    assert "警告" not in question and "addressed to" not in question  # one party: no one to tell apart
    assert case_documents(db, case.id) == []


@pytest.mark.gui
def test_issuing_one_partys_notice_from_the_editor_names_that_party_and_its_own_fine(db, make_case, opened, prompts,
                                                                                     english):
    from tests.test_party_case10 import EMPLOYEE, with_employee

    case, _company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                            review_on="2026-02-27", facts=FACTS, fine_fen=550_000))
    editor = opened(db, "pre_penalty_notice", get_case(db, case.id), party_id=employee)
    editor.set_field("fine_fen", "500")
    editor.set_field("warning", True)
    prompts.confirm_answer = False
    editor.issue()
    assert prompts.errors == []
    (question,) = prompts.confirmations
    assert f"It is addressed to {EMPLOYEE}." in question
    assert f"Check what it says:\n当事人：{EMPLOYEE}\n警告：yes\n罚款：¥500.00（伍佰元整）" in question
    assert case_documents(db, case.id) == []
