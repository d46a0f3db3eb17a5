"""The jurisdiction, assistance, sampling, testing and refund documents (REFERENCE §2.1 Nos. 2, 16, 18, 29–32,
34), read back from the produced PDF (its laid-out lines) and DOCX (its paragraphs): the 指定管辖通知书's agencies,
ground and designation; the 协助辨认/鉴别 and 检测/检验/检疫/鉴定 titles chosen by a field; the 协助扣押通知书
drawing the 文号 and items of the seizure decision issued in the case; the 抽样记录's samples and signature line on
every page; the testing period and its exclusion from the time limits; the result and the objection with no
period REFERENCE does not give; the refund in figures and 大写, or blanks to write it by hand."""

from __future__ import annotations

import re

import pytest

from tests.test_law_guards import under_investigation
from tests.test_party_kind_documents import COMPANY, PERSON, draft, printed
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.documents.pdf_writer import render_pdf
from workstation.errors import ValidationError
from workstation.store import find_case

# the power to seize, which the decision never names by default (《个人信息保护法》 art. 63 para. 1 (4))
SEIZURE_BASIS = "《中华人民共和国个人信息保护法》第六十三条第一款第（四）项"

# an article number after the SAMR rules' title would be invented: REFERENCE gives none for these documents
SAMR_RULES_ARTICLE = re.compile(r"《市场监督管理行政处罚程序规定》第")


# ---- 指定管辖通知书 (No. 2)

def recorded_at_the_city_bureau(db):
    """The company's case moved to the city bureau, the superior of the district bureaus: only it designates
    jurisdiction (a district bureau does not designate for its own case)."""
    case = find_case(db, COMPANY)
    city = db.execute("SELECT parent_id FROM agencies WHERE id = ?", [case.agency_id]).fetchone()[0]
    db.execute("UPDATE cases SET agency_id = ? WHERE id = ?", [city, case.id])
    return find_case(db, COMPANY)


def test_the_jurisdiction_notice_names_the_agencies_the_ground_and_the_agency_designated(demo_db):
    case = recorded_at_the_city_bureau(demo_db)
    values = {"designated": "佛山市南海区市场监督管理局", "other_agencies": "佛山市禅城区市场监督管理局",
              "ground": "管辖不明确", "requested_on": "2026-11-20", "signed_on": "2026-11-25"}
    for text in printed(draft(demo_db, COMPANY, "jurisdiction_notice", values)):
        assert "指定管辖通知书" in text
        assert "佛山市南海区市场监督管理局、佛山市禅城区市场监督管理局：" in text
        assert (f"{case.cause}（当事人：{case.party_names}）因管辖不明确，由佛山市南海区市场监督管理局、"
                "佛山市禅城区市场监督管理局于2026年11月20日报请本局指定管辖。") in text
        assert ("依照《市场监督管理行政处罚程序规定》关于指定管辖的规定，经研究，佛山市市场监督管理局指定佛山市南海区"
                "市场监督管理局管辖该案。") in text
        assert "其他有关机关已经取得的案件材料，应当及时移交被指定管辖的机关" in text
        assert not SAMR_RULES_ARTICLE.search(text)


def test_the_jurisdiction_notice_leaves_blanks_for_agencies_not_typed(demo_db):
    recorded_at_the_city_bureau(demo_db)
    pdf, _word = printed(draft(demo_db, COMPANY, "jurisdiction_notice"))
    assert "因有关机关对管辖发生争议且协商不成，由＿＿＿＿＿＿＿＿＿＿＿＿、＿＿＿＿＿＿＿＿＿＿＿＿报请本局指定管辖。" in pdf
    assert "经研究，佛山市市场监督管理局指定＿＿＿＿＿＿＿＿＿＿＿＿管辖该案。" in pdf


# ---- 协助辨认/鉴别通知书 (No. 16)

@pytest.mark.parametrize("act", ["辨认", "鉴别"])
def test_the_identification_request_prints_the_act_chosen_the_goods_and_the_reply(demo_db, act):
    values = {"act": act, "receiver": "某某（中国）有限公司", "found_on": "2026-11-10",
              "goods": "1 | 运动鞋 | “某某”及图形 | 42码 | 36双", "signed_on": "2026-11-12",
              "reply_by": "2026-11-26", "reply_to": "本局三楼执法稽查科"}
    for text in printed(draft(demo_db, COMPANY, "identification_request", values)):
        assert f"协助{act}通知书" in text and "某某（中国）有限公司：" in text
        assert "于2026年11月10日在佛山市南海区桂城街道南海大道北282号2606室查获" in text
        assert f"请贵单位协助{act}。" in text
        assert "1运动鞋“某某”及图形42码36双" in text.replace(" ", "")
        assert f"请贵单位于2026年11月26日前出具书面{act}意见，写明{act}结论及理由，加盖贵单位印章后送交本局三楼执法稽查科" in text
        assert ("协助鉴别通知书" if act == "辨认" else "协助辨认通知书") not in text


def test_a_reply_date_before_the_request_is_refused(demo_db):
    with pytest.raises(ValidationError) as refused:
        draft(demo_db, COMPANY, "identification_request", {"signed_on": "2026-11-12", "reply_by": "2026-11-11"})
    assert set(refused.value.errors) == {"回复期限"}


# ---- 协助扣押通知书 (No. 18)

def test_the_seizure_assistance_notice_takes_the_decisions_number_date_and_items(demo_db, data_dir):
    with under_investigation(demo_db, find_case(demo_db, COMPANY)) as case:  # decided since: seized before
        decision = issue_document(demo_db, data_dir, case, find_form("compulsory_measure_decision"), {
            "legal_basis": SEIZURE_BASIS, "measure": "扣押", "decided_on": "2026-12-01",
            "items": "1 | 台式计算机（存有客户名单） | 戴尔OptiPlex 3000 | 2台 | 主机"})
    notice = draft(demo_db, COMPANY, "seizure_assistance_notice", {
        "receiver": "佛山市某某物流有限公司", "place": "贵单位南海区狮山镇仓库", "assist_on": "2026-12-02",
        "signed_on": "2026-12-01"})
    for text in printed(notice):
        assert "协助扣押通知书" in text and "佛山市某某物流有限公司：" in text
        assert (f"于2026年12月1日依法作出《实施行政强制措施决定书》（{decision.number}），决定对存放于"
                "贵单位南海区狮山镇仓库的下列财物实施扣押。请贵单位于2026年12月2日协助本局实施扣押。") in text
        assert "1台式计算机（存有客户名单）戴尔OptiPlex30002台主机" in text.replace(" ", "")
        assert "在本局解除扣押前，不得向当事人或者其他人交付、转移、处置上述财物" in text


def test_without_a_seizure_decision_issued_the_officer_is_told_to_type_its_number(demo_db, english):
    with pytest.raises(ValidationError, match="type the 文号 of the decision given on paper") as refused:
        draft(demo_db, COMPANY, "seizure_assistance_notice")
    assert set(refused.value.errors) == {"实施行政强制措施决定书文号"}


# ---- 抽样记录 (No. 29)

def test_the_sampling_record_lists_the_samples_with_signatures_on_every_page(demo_db):
    samples = "\n".join(f"{n} | 电动自行车充电器 | 48V2A | 202601{n:02d} | 200个 | 4个 | 含备份样品2个"
                        for n in range(1, 21))
    document = draft(demo_db, COMPANY, "sampling_record", {
        "samples": samples, "time_from": "2026-12-01 09:30", "time_to": "2026-12-01 10:45"})
    for text in printed(document):
        assert "抽样时间2026年12月1日9时30分至2026年12月1日10时45分" in text.replace(" ", "")
        assert "依照《中华人民共和国行政处罚法》第五十六条的规定对下列物品抽样取证" in text
        assert "20电动自行车充电器48V2A20260120200个4个含备份样品2个" in text.replace(" ", "")
        assert "当场分别封存" in text and "被抽样人（在场人）意见及签名" in text
    rendered = render_pdf(document)
    assert rendered.pages >= 2
    for page in range(1, rendered.pages + 1):
        footer = "".join(line.text for line in rendered.lines if line.kind == "footer" and line.page == page)
        assert "被抽样人签名" in footer and "抽样人员签名" in footer
        assert f"第{page}页共{rendered.pages}页" in footer.replace(" ", "")


def test_a_natural_person_sampled_shows_the_id_number_and_home_address(demo_db):
    from tests.test_party_kind_documents import PERSON_ADDRESS, PERSON_ID

    for text in printed(draft(demo_db, PERSON, "sampling_record")):
        assert f"身份证件号码{PERSON_ID}" in text and f"住址{PERSON_ADDRESS}" in text
        assert "法定代表人" not in text


# ---- 检测/检验/检疫/鉴定委托书, 期间告知书, 结果告知书 (Nos. 30–32)

def test_the_commission_prints_the_kind_chosen_the_body_and_the_deadline(demo_db):
    values = {"test_kind": "鉴定", "body": "广东某某司法鉴定所", "items": "1 | 移动硬盘（存有客户名单） | 希捷1TB | 1个 | 已封存",
              "signed_on": "2026-12-01", "due_on": "2026-12-20"}
    for text in printed(draft(demo_db, COMPANY, "testing_commission", values)):
        assert text.count("鉴定委托书") == 1 and "检测" not in text
        assert "广东某某司法鉴定所：" in text and "现委托贵单位进行鉴定。" in text
        assert "1移动硬盘（存有客户名单）希捷1TB1个已封存" in text.replace(" ", "")
        assert "鉴定项目和要求：" in text and "请于2026年12月20日前出具鉴定报告送交本局。" in text


def test_the_period_notice_tells_the_period_and_that_it_is_not_counted(demo_db):
    values = {"test_kind": "检验", "body": "佛山市质量计量监督检测中心", "period_from": "2026-12-01",
              "period_to": "2026-12-31", "signed_on": "2026-12-02"}
    for text in printed(draft(demo_db, PERSON, "testing_period_notice", values)):
        assert "检验期间告知书" in text and "依法委托佛山市质量计量监督检测中心对涉案样品（物品）进行检验。" in text
        assert ("依照《市场监督管理行政处罚程序规定》的有关规定，检验期间不计入办案期限。检验期间自2026年12月1日起，"
                "预计至2026年12月31日止，实际结束日期以检验结果作出之日为准。") in text
        assert "本局将及时告知你。" in text and "你单位" not in text
        assert not SAMR_RULES_ARTICLE.search(text)


def test_an_expected_end_before_the_start_is_refused(demo_db):
    with pytest.raises(ValidationError) as refused:
        draft(demo_db, COMPANY, "testing_period_notice", {"period_from": "2026-12-01", "period_to": "2026-11-30"})
    assert set(refused.value.errors) == {"预计结束日期"}


def test_the_result_notice_tells_the_result_and_the_objection_without_an_invented_period(demo_db):
    values = {"test_kind": "检疫", "body": "佛山海关技术中心", "report_no": "JY2026-0088",
              "report_on": "2026-12-10", "signed_on": "2026-12-11", "result": "所检样品未检出检疫性有害生物。"}
    for text in printed(draft(demo_db, COMPANY, "testing_result_notice", values)):
        assert "检疫结果告知书" in text
        assert "该机构于2026年12月10日出具了检疫报告（编号：JY2026-0088），检疫结果如下：所检样品未检出检疫性有害生物。" in text
        assert "你单位对上述检疫结果有异议的，可以向本局提出书面意见并说明理由；" in text
        assert not re.search(r"[日天]内", text.split("有异议的")[1].split("联系人")[0])  # no period REFERENCE lacks
        assert "附件：检疫报告复印件" in text
    for text in printed(draft(demo_db, COMPANY, "testing_result_notice", {"report_attached": False})):
        assert "附件" not in text and "检测结果如下：＿＿＿＿" in text


# ---- 责令退款通知书 (No. 34)

def test_the_refund_order_prints_the_amount_in_figures_and_words_and_the_deadline(demo_db):
    values = {"refund_fen": "12345.6", "refund_by": "2026-12-31", "signed_on": "2026-12-01",
              "basis": "《某某条例》第十条"}
    for text in printed(draft(demo_db, COMPANY, "refund_order", values)):
        assert ("依照《某某条例》第十条的规定，本局责令你单位于2026年12月31日前将多收的价款¥12,345.60"
                "（人民币壹万贰仟叁佰肆拾伍元陆角整）通过原支付渠道或者其他便于消费者收取的方式直接退还给多付价款的消费者。"
                in text)
        assert "责令退还多收价款的期间不计入本案办案期限。" in text
        assert "可以在收到本通知书之日起六十日内向佛山市南海区人民政府申请行政复议" in text
        assert not SAMR_RULES_ARTICLE.search(text)


def test_a_refund_order_without_an_amount_leaves_blanks_to_write_it_by_hand(demo_db):
    for text in printed(draft(demo_db, PERSON, "refund_order")):
        assert "本局责令你于＿＿＿＿年＿＿月＿＿日前将多收的价款人民币＿＿＿＿＿＿元（大写：＿＿＿＿＿＿＿＿＿＿）" in text
        assert "¥" not in text and "你如不服本责令退款决定" in text


def test_a_refund_deadline_before_the_order_is_refused(demo_db):
    with pytest.raises(ValidationError) as refused:
        draft(demo_db, COMPANY, "refund_order", {"signed_on": "2026-12-01", "refund_by": "2026-11-30"})
    assert set(refused.value.errors) == {"退款期限"}
