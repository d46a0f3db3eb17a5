"""The investigation documents of a personal-information case (REFERENCE §2.1 Nos. 11, 15, 17, 38), read back from
the produced PDF with pypdf: the 限期提供材料通知书's list of materials by the kind of party and its deadline (not
before the notice's date), the 协助调查函's numbers, period and reply date, the 证据提取单's rows drawn from the
evidence register with the provider's confirmation left to his hand, and the 陈述申辩笔录 naming the 告知书 it
answers with the stater's signature line on every page."""

from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader

from tests.helpers import beijing_year
from workstation.documents.drafts import draft_document, find_form, render_document
from workstation.documents.issuing import issue_document
from workstation.errors import ValidationError
from workstation.records import Evidence
from workstation.store import find_case
from workstation.store.evidence import add_evidence, extraction_row

COMPANY = "佛南市监立〔2026〕1号"
PERSON = "佛南市监立〔2026〕5号"  # 朱子轩, a natural person


def pages(document) -> list[str]:
    """The text of each page of the document's PDF, as pypdf reads it, without spaces and line breaks."""
    reader = PdfReader(BytesIO(render_document(document, "pdf").data))
    return [page.extract_text().replace("\n", "").replace(" ", "") for page in reader.pages]


def draft(db, case_number, form_id, values=None):
    return draft_document(db, find_case(db, case_number), find_form(form_id), values)


# ---- 限期提供材料通知书 (No. 15)

def test_the_materials_order_lists_the_campaigns_materials_and_its_deadline(demo_db):
    year = beijing_year() + 1  # a deadline still to come
    text = "".join(pages(draft(demo_db, COMPANY, "materials_order",
                               {"deadline": f"{year}-01-15", "deliver_to": "本局三楼执法稽查科"})))
    assert f"请你单位于{year}年1月15日前将下列材料提供至本局三楼执法稽查科：" in text
    assert "1.营业执照复印件（加盖公章）" in text and "取得消费者同意或者请求的记录" in text
    assert "短信平台、外呼平台签订的服务合同" in text
    # the duty to provide the materials cites its paragraph, not the SAMR rules' 有关规定 with no article
    assert "根据《中华人民共和国行政处罚法》第五十五条第二款的规定，你单位应当如实提供有关材料" in text
    assert "有关规定" not in text
    assert "无正当理由逾期不提供、拒绝提供或者提供虚假材料的，本局将依法处理。" in text


def test_a_natural_person_is_asked_for_an_id_card_not_a_business_licence(demo_db):
    text = "".join(pages(draft(demo_db, PERSON, "materials_order")))
    assert "1.身份证件复印件" in text and "营业执照" not in text
    assert "请你于＿＿＿＿年＿＿月＿＿日前" in text  # no deadline given: a blank to fill in by hand


def test_a_deadline_before_the_notices_date_is_refused(demo_db, english):
    with pytest.raises(ValidationError) as refused:
        draft(demo_db, COMPANY, "materials_order", {"signed_on": "2026-06-10", "deadline": "2026-06-09"})
    assert refused.value.errors == {"提供期限": "This date is before 落款日期 (2026-06-10): pick 2026-06-10 or later."}


# ---- 协助调查函 (No. 17)

def test_the_assistance_letter_asks_for_the_numbers_records_in_the_period(demo_db):
    case = find_case(demo_db, COMPANY)
    text = "".join(pages(draft(demo_db, COMPANY, "assistance_letter", {
        "numbers": "13800138000（中国移动）\n106900001234（短信端口）", "period_from": "2025-03-01",
        "period_to": "2025-09-30", "issued_on": "2026-06-10", "reply_by": "2026-06-24",
        "contact_phone": "0757-86280000"})))
    assert text.startswith("佛山市南海区市场监督管理局协助调查函") and "广东省通信管理局：" in text
    assert f"本局在办理{case.cause}（当事人：{case.party_names}）过程中" in text
    assert "13800138000（中国移动）106900001234（短信端口）" in text
    assert "查询期间：2025年3月1日至2025年9月30日。" in text
    assert "登记使用人（单位）名称、证件号码" in text and "短信发送记录" in text
    assert "请于2026年6月24日前将上述材料加盖贵单位印章后函复本局。" in text
    assert "联系电话：0757-86280000" in text


@pytest.mark.parametrize("values, field", [
    ({"period_from": "2025-09-30", "period_to": "2025-03-01"}, "查询期间至"),
    ({"issued_on": "2026-06-10", "reply_by": "2026-06-01"}, "函复期限"),
])
def test_the_assistance_letters_dates_out_of_order_are_refused(demo_db, values, field):
    with pytest.raises(ValidationError) as refused:
        draft(demo_db, COMPANY, "assistance_letter", values)
    assert set(refused.value.errors) == {field}


# ---- 证据提取单 (No. 11)

def test_the_evidence_extraction_lists_the_register_and_leaves_the_confirmation_to_the_provider(
        demo_db, data_dir, tmp_path):
    case = find_case(demo_db, COMPANY)
    listing = tmp_path / "客户名单导出.csv"
    listing.write_text("姓名,手机\n张三,13800138000\n", encoding="utf-8")
    # a closed case of the demo: registered as before it was closed (its register no longer changes, s47)
    add_evidence(demo_db, data_dir, case.id, listing, kind="customer_list", source="当事人办公电脑",
                 collected_on="2026-03-10", collector="陈志强", after_closing=True)
    photo = tmp_path / "前台照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 not a real picture")
    # taken in the same session: a 证据提取单 lists the items of the one day it records (tests/test_s53_evidence.py)
    add_evidence(demo_db, data_dir, case.id, photo, kind="photo", source="当事人经营场所", collected_on="2026-03-10",
                 after_closing=True)
    texts = pages(draft(demo_db, COMPANY, "evidence_extraction"))
    text = "".join(texts)
    assert "客户名单导出.csv（客户名单）当事人办公电脑1份复制2026年3月10日提取" in text
    assert "前台照片.jpg（照片）当事人经营场所1张拍照" in text  # a photo in 张, as the 卷内备考表 counts it
    assert "证据提供人确认意见（亲笔书写）" in text
    assert "原件一致" not in text  # written by the provider's own hand, never printed
    assert all("证据提供人签名：" in page for page in texts)


def test_an_evidence_row_keeps_its_columns_and_counts_records():
    item = Evidence(case_id="c", sha256="0" * 64, file_name="短信|记录.xlsx", size=10, kind="sms_log",
                    source="某某短信平台｜后台", record_count=3000, recipient="李四")
    assert extraction_row(2, item) == ("2 | 短信／记录.xlsx（短信平台记录） | 某某短信平台／后台 | 3,000条 | 复制 | "
                                       "提供给李四")


# ---- 陈述申辩笔录 (No. 38)

def test_the_statement_record_names_the_notice_it_answers_with_a_signature_line_on_every_page(demo_db, data_dir):
    case = find_case(demo_db, PERSON)
    # the demo's case is decided: its notice is issued as before the decision (refused after it)
    demo_db.execute("UPDATE cases SET status = 'under_review' WHERE id = ?", [case.id])
    notice = issue_document(demo_db, data_dir, find_case(demo_db, PERSON), find_form("pre_penalty_notice"))
    demo_db.execute("UPDATE cases SET status = ? WHERE id = ?", [case.status, case.id])
    long_statement = "\n".join(["问：你对拟作出的行政处罚有何意见？", "答：" + "我认为罚款过重，请求从轻处罚。" * 12] * 6)
    texts = pages(draft(demo_db, PERSON, "statement_record", {
        "time_from": "2026-08-10 09:30", "time_to": "2026-08-10 10:45", "statement": long_statement}))
    text = "".join(texts)  # after the notice was served (2026-07-28): a statement answers it
    assert f"告知书及文号行政处罚告知书（{notice.number}）" in text
    assert "2026年8月10日9时30分至2026年8月10日10时45分" in text
    assert "☑当事人" in text and "第四十五条" in text
    assert "本局不因当事人陈述、申辩而给予更重的处罚" in text
    assert "你对本局告知的" not in text  # the statement given replaces the default questions
    assert len(texts) >= 2
    assert all(f"陈述申辩人签名：＿＿＿＿＿＿日期：＿＿＿＿＿＿第{n}页共{len(texts)}页" in page
               for n, page in enumerate(texts, 1))
    assert "与我说的相符" not in text  # the confirmation is left blank for the stater's hand


def test_without_a_notice_served_the_statement_record_asks_for_it(demo_db):
    with pytest.raises(ValidationError) as refused:
        draft(demo_db, PERSON, "statement_record")
    assert set(refused.value.errors) == {"所针对的告知书及文号"}
