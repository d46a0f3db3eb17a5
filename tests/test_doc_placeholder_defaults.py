"""Default texts that would put on paper what did not happen: a placeholder finding, basis or answer that counted
as filled, a method of disposal ticked by nobody, an hour beside a blank date, a consequence of a period never
given, units that did not attend, a warning one draft takes and the other not, a decision the archive forms leave
blank, a joint interview's notice addressed to its first party alone — each now left for the officer to write (and
required to issue) or drawn from what the case and the interview record."""

import json

import pytest

from tests.helpers import beijing_year, run
from workstation.documents.drafts import draft_document, find_form, without_old_defaults
from workstation.documents.interview_documents import check_interview_issue
from workstation.documents.issuing import missing_to_issue
from workstation.documents.pdf_writer import render_pdf
from workstation.errors import ValidationError, WorkstationError
from workstation.formkit.values import (
    case_context,
    checked_values,
    default_values,
    none_given,
    resumed_values,
)
from workstation.store import find_case
from workstation.store.interviews import get_interview

COMPANY = "佛南市监立〔2026〕1号"  # a district bureau's case (南海区)
WARNED = "佛南市监立〔2026〕8号"  # its 告知书 served outside the workstation, proposing a warning
CLOSED_WARNED = "佛南市监立〔2026〕3号"  # closed, decided with a warning not issued in the workstation
OPERATORS = "0e7e310e-296a-586e-96a9-4a924496795f"  # the joint interview of the three telecom operators
ANSWER = "听清楚了，不申请回避。"


def defaults(db, case_number, form_id):
    case = find_case(db, case_number)
    context = case_context(db, case)
    return case, context, default_values(find_form(form_id), context)


def printed(db, case, form_id, values) -> str:
    return "".join(render_pdf(draft_document(db, case, find_form(form_id), values)).text_lines())


def to_issue(db, case_number, form_id, **given) -> dict:
    """The refusal of the required-to-issue fields left empty by the defaults (and ``given``)."""
    case, context, values = defaults(db, case_number, form_id)
    form = find_form(form_id)
    return missing_to_issue(form, checked_values(form, {**values, **given}, context))


# 1. 责令退款通知书, 指定管辖通知书 ------------------------------------------------------------------------------

def test_the_refund_order_has_no_made_up_finding_or_basis_and_needs_them_the_amount_and_date_to_issue(demo_db):
    case, _context, values = defaults(demo_db, COMPANY, "refund_order")
    assert values["facts"] is None and values["basis"] is None
    message = next(iter(to_issue(demo_db, COMPANY, "refund_order").values()))
    for label in ("多收价款的事实", "责令退款的依据", "应退还的多收价款（元）", "退款期限"):
        assert label in message
    text = printed(demo_db, case, "refund_order", values)  # a draft still prints, blanks for handwriting
    assert "多收价款。" not in text and "有关法律、法规" not in text and "依照＿＿" in text
    given = {"facts": "经查，你单位于2026年3月向12名消费者多收中介服务费共计3600元。", "basis": "《价格法》第四十一条",
             "refund_fen": "3600", "refund_by": f"{beijing_year() + 1}-12-31"}
    assert to_issue(demo_db, COMPANY, "refund_order", **given) == {}


def test_a_kept_refund_order_draft_holding_the_old_placeholder_finding_is_blank_again(demo_db):
    case, context, values = defaults(demo_db, COMPANY, "refund_order")
    kept = {**values, "facts": "经查，你单位在经营活动中向消费者多收价款。", "basis": "有关法律、法规"}
    resumed = resumed_values(find_form("refund_order"), kept, context)
    assert resumed["facts"] is None and resumed["basis"] is None


def test_a_district_bureau_cannot_designate_jurisdiction_for_its_own_case(demo_db):
    case, context, values = defaults(demo_db, COMPANY, "jurisdiction_notice")
    assert context["agency.designating"] is None and values["designating_agency"] is None
    typed = {"designated": "佛山市南海区市场监督管理局", "other_agencies": "佛山市禅城区市场监督管理局"}
    refusal = to_issue(demo_db, COMPANY, "jurisdiction_notice", **typed)
    assert list(refusal) == ["指定管辖的机关"]
    text = printed(demo_db, case, "jurisdiction_notice", {**values, **typed})
    assert "经研究，＿＿＿＿＿＿＿＿＿＿＿＿指定佛山市南海区市场监督管理局管辖该案" in text  # not 本局 for itself


def test_the_city_bureau_designates_and_needs_the_agencies_named_to_issue(demo_db):
    case = find_case(demo_db, COMPANY)
    city = demo_db.execute("SELECT parent_id FROM agencies WHERE id = ?", [case.agency_id]).fetchone()[0]
    demo_db.execute("UPDATE cases SET agency_id = ? WHERE id = ?", [city, case.id])
    case = find_case(demo_db, COMPANY)
    context = case_context(demo_db, case)
    form = find_form("jurisdiction_notice")
    values = checked_values(form, default_values(form, context), context)
    assert values["designating_agency"] == "佛山市市场监督管理局"
    message = next(iter(missing_to_issue(form, values).values()))
    assert "被指定管辖的机关" in message and "发生争议（管辖不明）的机关" in message


# 2. 案件审核表 -------------------------------------------------------------------------------------------------

def test_the_review_sheet_takes_the_served_proposal_and_is_not_issued_without_a_penalty(demo_db):
    case, context, values = defaults(demo_db, WARNED, "legal_review")
    assert values["warning"] is True  # as proposed when the notice was served
    form = find_form("legal_review")
    bare = {name: None for name in form.required_any}
    assert none_given(form, bare) is not None and "罚款（元）" in none_given(form, bare)
    assert none_given(form, {**bare, "warning": True}) is None


def test_the_review_date_is_not_before_the_filing_when_no_date_of_receipt_is_given(demo_db):
    case, context, values = defaults(demo_db, COMPANY, "legal_review")
    form = find_form("legal_review")
    early = {**values, "received_on": None, "reviewed_on": "2020-01-02"}
    with pytest.raises(ValidationError) as refused:
        checked_values(form, early, context)
    assert case.filed_on in refused.value.errors["审核日期"]


# 3. 涉案物品处理记录 -------------------------------------------------------------------------------------------

def test_no_way_of_disposal_is_ticked_by_default_and_method_basis_and_items_are_needed_to_issue(demo_db):
    case, _context, values = defaults(demo_db, COMPANY, "items_disposal_record")
    assert values["method"] is None
    assert "☑" not in printed(demo_db, case, "items_disposal_record", values)
    message = next(iter(to_issue(demo_db, COMPANY, "items_disposal_record").values()))
    for label in ("处理依据", "物品清单", "处理方式"):
        assert label in message


# 4. the 告知书 and the 决定书 take the same penalty -------------------------------------------------------------

def test_the_notice_and_the_decision_drafts_both_propose_the_warning_recorded_when_the_notice_was_served(demo_db):
    case, context, _values = defaults(demo_db, WARNED, "pre_penalty_notice")
    assert context["proposal.warning"] is True and context["penalty.warning"] is True
    notice = printed(demo_db, case, "pre_penalty_notice", None)
    decision = printed(demo_db, case, "penalty_decision", None)
    assert "如下行政处罚：警告" in notice.replace("\n", "") or "警告。" in notice
    assert "警告。" in decision


# 5. a values file's text equal to an old default ---------------------------------------------------------------

def values_file(tmp_path, values: dict):
    path = tmp_path / "审核表.json"
    path.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    return path


def test_an_opinion_the_officer_wrote_out_in_a_values_file_is_kept_and_the_note_names_the_printed_form(
        demo_db, data_dir, tmp_path, capsys, english):
    opinion = "经审核，本案事实清楚，证据确凿充分，程序合法，适用依据正确，裁量适当，同意办案机构的处理意见。"
    ticks = dict.fromkeys(("facts_clear", "evidence_sufficient", "procedure_lawful", "basis_correct",
                           "discretion_proper"), "是")
    path = values_file(tmp_path, {"opinion": opinion, "review_kind": "法制审核", **ticks})
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", COMPANY, "--form", "legal_review",
                          "--values", path, "-o", tmp_path / "审核表.pdf")
    assert code == 0, err
    assert "审核意见" in err and "法制审核表" in err and "printed as given" in err
    assert "required" not in err
    case = find_case(demo_db, COMPANY)
    kept, replaced = without_old_defaults(demo_db, case, find_form("legal_review"), {"opinion": opinion})
    assert (kept, replaced) == ({"opinion": opinion}, [])


# 6. records: no pre-filled answer ------------------------------------------------------------------------------

@pytest.mark.parametrize("form_id", ["site_record", "statement_record", "inquiry_record", "hearing_record"])
def test_a_blank_record_holds_no_answer_of_the_party_and_needs_the_one_given_to_issue(demo_db, form_id):
    case, context, values = defaults(demo_db, COMPANY, form_id)
    assert values["recusal_answer"] is None
    if form_id == "statement_record":  # the notice it answers, served outside the workstation
        values["served_document"] = "行政处罚告知书（佛南市监告〔2026〕1号）"
    assert ANSWER not in printed(demo_db, case, form_id, values)
    form = find_form(form_id)
    assert "recusal_answer" in form.required_to_issue
    assert resumed_values(form, {**values, "recusal_answer": ANSWER}, context)["recusal_answer"] is None
    said = "听清楚了，申请调查人员张某回避。"  # what the party said is kept
    assert resumed_values(form, {**values, "recusal_answer": said}, context)["recusal_answer"] == said


# 7. 责令改正通知书 ---------------------------------------------------------------------------------------------

def test_an_order_to_correct_at_once_speaks_of_no_period_overrun(demo_db):
    case, _context, values = defaults(demo_db, COMPANY, "rectification_order")
    assert values["correct_by"] is None
    text = printed(demo_db, case, "rectification_order", values)
    assert "立即改正" in text and "逾期" not in text and "你单位未按照本通知要求改正的" in text


# 8. 约谈纪要 ---------------------------------------------------------------------------------------------------

def test_the_minutes_responsibilities_name_the_units_interviewed_not_absent_ones(demo_db):
    from workstation.formkit.interview_values import interview_context

    interview = get_interview(demo_db, OPERATORS)
    context = interview_context(demo_db, interview)
    values = default_values(find_form("interview_minutes"), context)
    assert values["responsibilities"].startswith(f"1.{context['interview.parties']}负责落实")
    assert "行业协会" not in values["responsibilities"] and "外呼设备" not in values["responsibilities"]


# 9. 实施行政强制措施决定书 ---------------------------------------------------------------------------------------

def test_the_measure_decision_names_no_basis_by_itself_and_the_court_with_jurisdiction(demo_db):
    case, _context, values = defaults(demo_db, COMPANY, "compulsory_measure_decision")
    # the district court is the one applied to for enforcement; the party sues before 有管辖权的人民法院
    assert values["legal_basis"] is None and values["court"] == "有管辖权的人民法院"
    assert "第六十三条第一款第（四）项" in find_form("compulsory_measure_decision").field("legal_basis").help
    assert "依据" in next(iter(to_issue(demo_db, COMPANY, "compulsory_measure_decision").values()))
    assert to_issue(demo_db, COMPANY, "compulsory_measure_decision",
                    legal_basis="《中华人民共和国个人信息保护法》第六十三条第一款第（四）项") == {}


# 10. 结案审批表, 卷宗封面 ----------------------------------------------------------------------------------------

@pytest.mark.parametrize(("form_id", "field"), [("closing_approval", "decision"), ("file_cover", "result")])
def test_a_decision_not_issued_in_the_workstation_is_printed_from_the_case(demo_db, form_id, field):
    case, context, values = defaults(demo_db, CLOSED_WARNED, form_id)
    assert context["documents.decision_number"] == ""
    assert values[field] == "警告"
    assert "警告" in printed(demo_db, case, form_id, values)


def test_a_case_not_decided_keeps_an_empty_decision(demo_db):
    _case, context, _values = defaults(demo_db, "佛顺市监立〔2026〕9号", "closing_approval")  # investigating
    assert context["documents.decision_text"] == ""


# 11. 听证通知书 ------------------------------------------------------------------------------------------------

def test_the_hearing_notice_prints_no_hour_beside_a_blank_date(demo_db):
    case, context, values = defaults(demo_db, COMPANY, "hearing_notice")
    assert values["hearing_time"] is None
    text = printed(demo_db, case, "hearing_notice", values)
    assert "9时00分" not in text and "＿＿时＿＿分" in text
    kept = resumed_values(find_form("hearing_notice"), {**values, "hearing_time": "上午9时00分"}, context)
    assert kept["hearing_time"] is None


# 12. 约谈通知书 of a joint interview ------------------------------------------------------------------------------

def test_a_joint_interviews_notice_is_written_for_a_party_chosen(demo_db, english):
    interview = get_interview(demo_db, OPERATORS)
    form = find_form("interview_notice")
    with pytest.raises(WorkstationError, match="joint interview"):
        check_interview_issue(demo_db, interview, form, issuing=False)
    values, context = check_interview_issue(demo_db, interview, form, party_id=interview.party_ids[1],
                                            issuing=False)
    assert context["interview.party.name"] == values["party_name"] != context["interview.parties"].split("、")[0]


def test_the_command_line_asks_for_party_on_a_joint_interviews_notice(demo_db, data_dir, tmp_path, capsys,
                                                                       english):
    demo_db.conn.close()
    code, _out, err = run(capsys, "--data-dir", data_dir, "interviews", "issue", OPERATORS, "--form",
                          "interview_notice", "-o", tmp_path / "通知书.pdf")
    assert code == 1 and "--party" in err and "中国移动通信集团广东有限公司佛山分公司" in err
    assert not (tmp_path / "通知书.pdf").exists()
