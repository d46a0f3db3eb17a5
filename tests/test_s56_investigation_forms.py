"""Two investigation forms the s56 audit found issued where they cannot apply, mended:

1. the 协助扣押通知书 asks a third party to assist a seizure (扣押, REFERENCE §2.1 No. 18 — the catalogue words a
   form serving both measures 查封/扣押, this one 扣押 alone): naming a 实施行政强制措施决定书 of 查封 it is refused
   (it would tell the third party 决定对…财物实施扣押, which that decision never decided), and once every item of the
   decision it names was released it is refused as the extension and the list are (``stage_rules.NAMING_HELD``);
2. the 行政处罚案件有关事项审批表 asks no 延长核查期限 once the case is filed (filing ends T1), no 恢复案件调查 of a
   case whose investigation is not suspended, and a 中止 or 恢复 states the ground of the suspension (required, and
   no blank left for it in the 事由及依据)."""

from __future__ import annotations

import pytest

from tests.helpers import pdf_text
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import document_pdf, issue_document
from workstation.errors import ValidationError, WorkstationError
from workstation.formkit.spec import earlier_form
from workstation.store import find_case, get_case

OPEN = "佛南市监立〔2026〕9号"  # a demo case under investigation
BASIS = "《中华人民共和国个人信息保护法》第六十三条第一款第（四）项"
ITEMS = "1 | 服务器 | 浪潮NF5280 | 1台 | 数据中心"
ASSIST = {"receiver": "佛山某数据中心有限公司"}


def _text(db, data_dir, document) -> str:
    """The issued document as its stored PDF prints it."""
    return pdf_text(document_pdf(db, data_dir, document.id))


def _decision(db, data_dir, measure: str):
    case = find_case(db, OPEN)
    return issue_document(db, data_dir, case, find_form("compulsory_measure_decision"),
                          {"legal_basis": BASIS, "measure": measure, "objects": "设施、财物", "items": ITEMS})


# ---- 1. the 协助扣押通知书 ---------------------------------------------------------------------------------------

def test_the_assistance_notice_of_a_seizure_prints_it_and_is_the_new_version(demo_db, data_dir):
    decision = _decision(demo_db, data_dir, "扣押")
    notice = issue_document(demo_db, data_dir, find_case(demo_db, OPEN), find_form("seizure_assistance_notice"),
                            ASSIST)
    assert notice.values["decision_no"] == decision.number and notice.values["measure"] == "扣押"
    assert f"依法作出《实施行政强制措施决定书》（{decision.number}），决定对存放于贵单位的下列财物实施扣押" in _text(demo_db, data_dir, notice)
    assert notice.form_version == find_form("seizure_assistance_notice").version == 2
    assert earlier_form("seizure_assistance_notice", 1).version == 1


def test_the_assistance_notice_under_a_seal_up_decision_is_refused(demo_db, data_dir, english):
    decision = _decision(demo_db, data_dir, "查封")
    with pytest.raises(ValidationError) as refused:
        issue_document(demo_db, data_dir, find_case(demo_db, OPEN), find_form("seizure_assistance_notice"), ASSIST)
    assert refused.value.errors == {"行政强制措施": (
        f"The case's last 实施行政强制措施决定书 ({decision.number}) decides 查封, but this document serves only 扣押: "
        "issue a decision of 扣押 first, or choose 扣押 and type the 文号 of such a decision given on paper.")}


def test_the_assistance_notice_naming_a_seal_up_decision_as_a_seizure_is_refused(demo_db, data_dir, english):
    seized = _decision(demo_db, data_dir, "扣押")
    sealed = _decision(demo_db, data_dir, "查封")
    case = find_case(demo_db, OPEN)
    with pytest.raises(WorkstationError) as refused:  # 扣押 typed over what the decision named decided
        issue_document(demo_db, data_dir, case, find_form("seizure_assistance_notice"),
                       {**ASSIST, "decision_no": sealed.number, "measure": "扣押"})
    assert str(refused.value) == (
        f"The 实施行政强制措施决定书 {sealed.number} named by this 协助扣押通知书 decides 查封, not 扣押: the notice "
        "tells the assisting body that the bureau decided to seize (扣押) the goods. Name the decision of 扣押 it "
        "assists in 实施行政强制措施决定书文号; a seal-up (查封) is not assisted by this notice.")
    # the earlier decision of 扣押, named by its 文号, is assisted
    notice = issue_document(demo_db, data_dir, case, find_form("seizure_assistance_notice"),
                            {**ASSIST, "decision_no": seized.number})
    assert f"（{seized.number}），决定对存放于贵单位的下列财物实施扣押" in _text(demo_db, data_dir, notice)


def test_the_assistance_notice_of_a_measure_released_in_full_is_refused(demo_db, data_dir, english):
    decision = _decision(demo_db, data_dir, "扣押")
    case = find_case(demo_db, OPEN)
    release = issue_document(demo_db, data_dir, case, find_form("compulsory_measure_release"), {})
    with pytest.raises(WorkstationError) as refused:
        issue_document(demo_db, data_dir, get_case(demo_db, case.id), find_form("seizure_assistance_notice"), ASSIST)
    assert str(refused.value).startswith(
        f"Every item of the 实施行政强制措施决定书 {decision.number} was released, by {release.number}: it holds "
        "nothing any more, so no 协助扣押通知书 is issued for it.")


# ---- 2. the 有关事项审批表 -------------------------------------------------------------------------------------

T1_EXTENSION = {"matter": "延长核查期限", "period": "延长十五个工作日", "reason": "该线索尚需进一步核查。"}


def test_extending_the_verification_period_of_a_filed_case_is_refused(db, data_dir, make_case, english):
    case = make_case(status="investigating", lead_received_on="2026-11-02", filed_on="2026-11-16")
    with pytest.raises(WorkstationError) as refused:
        issue_document(db, data_dir, case, find_form("matter_approval"),
                       {**T1_EXTENSION, "proposed_on": "2026-11-20"})
    assert str(refused.value) == (
        "The case was filed on 2026-11-16, which ended the time to verify the lead and decide whether to file it "
        "(T1): the 审批事项 延长核查期限 cannot be approved after the filing (报请日期 2026-11-20). Choose the matter "
        "to approve now, such as 延长办案期限; an extension approved before the filing is dated on or before "
        "2026-11-16.")
    # one asked for before the filing (written then, entered now) is issued
    issue_document(db, data_dir, case, find_form("matter_approval"), {**T1_EXTENSION, "proposed_on": "2026-11-12"})


def test_extending_the_verification_period_of_a_case_awaiting_filing_is_issued(db, data_dir, make_case):
    case = make_case(status="pending_filing", lead_received_on="2026-11-20")
    issue_document(db, data_dir, case, find_form("matter_approval"), T1_EXTENSION)


def test_resuming_a_case_never_suspended_is_refused(db, data_dir, make_case, english):
    case = make_case(status="investigating", lead_received_on="2026-11-02", filed_on="2026-11-16")
    with pytest.raises(WorkstationError) as refused:
        issue_document(db, data_dir, case, find_form("matter_approval"),
                       {"matter": "恢复案件调查", "suspend_ground": "等待协查"})
    assert str(refused.value) == (
        "The investigation of this case is not suspended: the 审批事项 恢复案件调查 resumes a suspended "
        "investigation. Choose the matter to approve now; a suspension is approved with 中止案件调查 and recorded "
        "with the step “Suspend the investigation”.")


def test_resuming_a_suspended_case_names_its_ground(db, data_dir, make_case, english):
    case = make_case(status="investigating", lead_received_on="2026-11-02", filed_on="2026-11-16")
    procedure.apply(db, case.id, "suspend", on_date="2026-11-20", reason="等待协查")
    approval = issue_document(db, data_dir, get_case(db, case.id), find_form("matter_approval"),
                              {"matter": "恢复案件调查", "proposed_on": "2026-11-25"})
    assert "本案因等待协查中止调查，现中止调查的情形已经消除" in _text(db, data_dir, approval)
    assert "＿" not in approval.values["reason"]
    assert approval.form_version == find_form("matter_approval").version == 4
    assert earlier_form("matter_approval", 3).version == 3
    # resumed since: an approval asked for while it was suspended is still entered, one asked for after is not
    procedure.apply(db, case.id, "resume", on_date="2026-11-26")
    case = get_case(db, case.id)
    issue_document(db, data_dir, case, find_form("matter_approval"),
                   {"matter": "恢复案件调查", "proposed_on": "2026-11-26"})
    with pytest.raises(WorkstationError) as refused:
        issue_document(db, data_dir, case, find_form("matter_approval"),
                       {"matter": "恢复案件调查", "proposed_on": "2026-11-27"})
    assert str(refused.value) == (
        "The investigation of this case is not suspended: it resumed on 2026-11-26, before this 恢复案件调查 was "
        "asked for (报请日期 2026-11-27). If it is the approval of that resumption, date it on or before 2026-11-26; "
        "otherwise choose the matter to approve now.")


@pytest.mark.parametrize("matter", ["中止案件调查", "恢复案件调查"])
def test_a_suspension_or_resumption_without_its_ground_is_refused(db, data_dir, make_case, english, matter):
    case = make_case(status="investigating", lead_received_on="2026-11-02", filed_on="2026-11-16")
    with pytest.raises(ValidationError) as refused:
        issue_document(db, data_dir, case, find_form("matter_approval"), {"matter": matter})
    assert refused.value.errors == {"中止调查的情形": "This field is required."}


def test_a_suspension_whose_reason_keeps_the_blank_for_its_ground_is_refused(db, data_dir, make_case, english):
    case = make_case(status="investigating", lead_received_on="2026-11-02", filed_on="2026-11-16")
    with pytest.raises(WorkstationError) as refused:  # the ground typed after the 事由 was drafted without it
        issue_document(db, data_dir, case, find_form("matter_approval"),
                       {"matter": "中止案件调查", "suspend_ground": "等待协查"})
    assert str(refused.value) == (
        "The 事由及依据 still has a blank (＿＿) where the ground of the suspension goes: write the ground "
        "(等待协查) in its place.")
    approval = issue_document(db, data_dir, case, find_form("matter_approval"), {
        "matter": "中止案件调查", "suspend_ground": "等待协查",
        "reason": "本案因等待协查，案件调查暂时无法继续进行，申请中止案件调查。"})
    assert "本案因等待协查，案件调查暂时无法继续进行" in _text(db, data_dir, approval)
