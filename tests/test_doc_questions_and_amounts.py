"""Read back from the printed 询问笔录: the default questions put to whoever answers for each kind of party (a
company's legal representative or authorised staff, an individual business's 经营者, a natural person, an
association's representative), and a kept draft holding the questions of the previous version getting those of
its party; the place a 现场笔录 and a 调查终结报告 say was inspected (a business's 经营场所, an association's
办公场所, a natural person's 检查场所). Read back from the 结案审批表: each amount in figures and in 大写."""

import io

import docx
import pytest

from workstation.documents.drafts import draft_document, find_form
from workstation.documents.pdf_writer import render_pdf
from workstation.formkit.values import case_context, default_values, resumed_values
from workstation.store import find_case
from workstation.store.cases import refresh_party_names

COMPANY = "佛南市监立〔2026〕1号"  # 佛山市南海区瀚沅房地产经纪有限公司, legal representative 曾俊杰
INDIVIDUAL = "佛高市监立〔2026〕1号"  # 佛山市高明区杨和翎峪装饰设计工作室, operator 霍婉婷
PERSON = "佛南市监立〔2026〕5号"  # 朱子轩
ASSOCIATION_PARTY = "f926b79d-1ab9-5b46-a098-c8cc5f672a35"  # 佛山市房地产业协会 (a party of the demo interviews)


def association_case(db):
    """A demo case whose party is changed to the real-estate association (in the database itself: the case was
    served its notice, and the store refuses to leave it with a party never served one since session 61)."""
    case = find_case(db, "佛禅市监立〔2026〕5号")
    with db.atomic():
        db.execute("DELETE FROM case_parties WHERE case_id = ?", [case.id])
        db.execute("INSERT INTO case_parties (case_id, party_id, position) VALUES (?, ?, 0)", [case.id, ASSOCIATION_PARTY])
        refresh_party_names(db, case.id)
    return find_case(db, case.case_number)


def printed(document) -> tuple[str, str]:
    """The PDF's laid-out lines and the DOCX's paragraphs (table cells included), each joined as read."""
    from workstation.documents.docx_writer import render_docx

    body = docx.Document(io.BytesIO(render_docx(document))).element.body
    paragraphs = ["".join(t.text or "" for t in p.iter() if t.tag.endswith("}t"))
                  for p in body.iter() if p.tag.endswith("}p")]
    return "".join(render_pdf(document).text_lines()), "".join(paragraphs)


def record(db, case, values=None):
    return printed(draft_document(db, case, find_form("inquiry_record"), values))


def test_a_companys_representative_says_whether_he_answers_as_legal_representative_or_with_authority(demo_db):
    for text in record(demo_db, find_case(demo_db, COMPANY)):
        assert "问：你在单位担任什么职务？你是单位的法定代表人，还是受单位委托接受询问？受委托的，请出示授权委托书。" in text
        assert "问：请介绍一下你单位的基本情况，包括成立时间、经营场所、经营范围和从业人员情况。" in text
        assert "问：你单位是否向消费者发送商业性短信或者拨打商业性电话？" in text


def test_an_individual_business_operator_is_asked_about_his_own_business_not_a_unit(demo_db):
    for text in record(demo_db, find_case(demo_db, INDIVIDUAL)):
        assert "被询问人霍婉婷" in text and "职务经营者" in text
        assert "问：你是不是营业执照上登记的经营者？" in text
        assert "问：请介绍一下你经营的个体工商户的基本情况，包括字号、登记时间、经营场所、经营范围和雇工人数。" in text
        assert "问：你是否向消费者发送商业性短信或者拨打商业性电话？" in text
        assert "单位" not in text.split("是否申请回避？")[1]  # no question speaks of 你单位 or his post in one


def test_a_natural_person_is_asked_about_himself(demo_db):
    for text in record(demo_db, find_case(demo_db, PERSON)):
        questions = text.split("是否申请回避？")[1]
        assert "问：请介绍一下你的个人基本情况。" in questions
        assert "你单位" not in questions and "法定代表人" not in questions


def test_an_associations_representative_is_asked_about_its_activities_not_a_business_scope(demo_db):
    for text in record(demo_db, association_case(demo_db)):
        questions = text.split("是否申请回避？")[1]
        assert "被询问人谭健峰" in text and "工作单位佛山市房地产业协会" in text
        assert "问：请介绍一下你单位的基本情况，包括登记成立时间、住所、业务范围、会员和工作人员情况。" in questions
        assert "你单位在开展活动中" in questions
        assert "经营" not in questions


def test_a_draft_kept_with_the_questions_of_version_4_takes_those_of_its_party(demo_db):
    case, form = find_case(demo_db, INDIVIDUAL), find_form("inquiry_record")
    context = case_context(demo_db, case)
    field = form.field("questions_answers")
    kept = {**default_values(form, context), "questions_answers": field.old_defaults[0]}
    assert resumed_values(form, kept, context)["questions_answers"] == dict(field.party_defaults)["individual_business"]
    answered = field.old_defaults[0].replace("答：\n", "答：我是经营者。\n", 1)  # the officer recorded an answer
    kept = {**kept, "questions_answers": answered}
    assert resumed_values(form, kept, context)["questions_answers"] == answered


@pytest.mark.parametrize(("kind", "place"), [("company", "经营场所"), ("person", "检查场所"),
                                             ("association", "办公场所")])
def test_the_site_record_names_the_place_inspected_by_the_kind_of_party(demo_db, kind, place):
    case = {"company": lambda: find_case(demo_db, COMPANY), "person": lambda: find_case(demo_db, PERSON),
            "association": lambda: association_case(demo_db)}[kind]()
    for text in printed(draft_document(demo_db, case, find_form("site_record"))):
        assert f"现场检查情况如下：1.{place}基本情况：" in text
        assert kind == "company" or "经营场所" not in text


def test_an_associations_investigation_report_claims_no_inspection_the_case_did_not_record(demo_db):
    for text in printed(draft_document(demo_db, association_case(demo_db), find_form("investigation_report"))):
        course = text.split("二、案件来源及调查经过")[1].split("三、调查认定的事实")[0]
        # no record issued: only the demo case's registered evidence (tests/test_investigation_course.py)
        assert "收集了当事人持有的消费者个人信息名单" in course and "证据材料并登记" in course
        assert "现场检查" not in course and "经营场所" not in text


# ---- the 结案审批表's amounts

@pytest.mark.parametrize("fmt", ["pdf", "docx"])
def test_the_closing_approval_prints_each_amount_in_figures_and_in_words(demo_db, fmt):
    case = find_case(demo_db, PERSON)  # fined ¥10,000 and ¥1,000 confiscated
    pdf, docx_text = printed(draft_document(demo_db, case, find_form("closing_approval"), {"surcharge_fen": "300"}))
    text = pdf if fmt == "pdf" else docx_text
    assert "罚款¥10,000.00（人民币壹万元整）" in text
    assert "没收违法所得¥1,000.00（人民币壹仟元整）" in text
    assert "加处罚款¥300.00（人民币叁佰元整）" in text
    assert "实缴合计¥11,000.00（人民币壹万壹仟元整）" in text


def test_the_closing_approval_leaves_unknown_amounts_blank_and_omits_what_was_not_imposed(demo_db):
    case = find_case(demo_db, COMPANY)  # a fine only
    document = draft_document(demo_db, case, find_form("closing_approval"), {"paid_fen": ""})
    for text in printed(document):
        assert "罚款¥3,000.00（人民币叁仟元整）" in text
        assert "没收违法所得" not in text and "加处罚款" not in text and "¥0.00" not in text
        assert "实缴合计缴款凭证号码" in text  # left blank to write in
    assert render_pdf(document).pages == 1
