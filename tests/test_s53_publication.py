"""The publication copy (公示版, 市场监督管理行政处罚信息公示规定 arts. 6, 7; REFERENCE §1.9) after its audit: a natural
person's passport or permit number is masked wherever the decision gives it, not only a resident ID; a name masked
that is also part of a place name leaves the bureau's name, the reconsideration body and the court as served; a
WeChat ID or QQ number is masked; a name before 投诉, 举报, 反映 … is suggested, and one inside the party's own name
too; the window writes the copy under the extension of its format."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import run_json
from tests.test_publication_copy import decided, documents_section, docx_text, saved_as_shown
from workstation.documents.publication import publication_copy, unmasked_names
from workstation.store import agency_id_for_code, get_case
from workstation.store.cases import update_case

PERMIT = "H12345678"
PERMIT_LABEL = "港澳居民来往内地通行证号码"


def permit_holder(db, data_dir, make_case, code=PERMIT, label=PERMIT_LABEL, facts=None):
    """A decision to a natural person identified by a 港澳居民来往内地通行证 (or ``label``), its number ``code``."""
    extra = {"facts": facts} if facts else {}
    return decided(db, data_dir, make_case, person=True, party_code=code, party_code_label=label,
                   licence_name=label.removesuffix("号码"), **extra)


@pytest.mark.parametrize(("code", "label", "shown"), [
    (PERMIT, PERMIT_LABEL, "H1*****78"),
    ("E12345678", "护照号码", "E1*****78"),
    ("12345678", "台湾居民来往大陆通行证号码", "12****78"),  # eight characters: mask_id alone keeps them all
])
def test_a_natural_persons_permit_or_passport_number_is_masked_in_the_text_and_the_summary(
        db, data_dir, make_case, code, label, shown):
    facts = f"经查，当事人（证件号码{code}）向消费者发送商业性短信1,200条。"
    _case, decision = permit_holder(db, data_dir, make_case, code, label, facts)
    copy = publication_copy(db, data_dir, decision)
    assert dict(copy.summary)[label] == shown
    for written in (copy.text(), docx_text(copy.data("docx"))):
        assert code not in written
        assert f"{label}：{shown}" in written and f"当事人（证件号码{shown}）" in written


def test_a_companys_credit_code_is_still_published_whole(db, data_dir, make_case):
    _case, decision = decided(db, data_dir, make_case)
    assert "统一社会信用代码：91512081MA62K0260E" in publication_copy(db, data_dir, decision).text()


# ---- a name that is also a place name (高明 and 佛山市高明区)

GAOMING_FACTS = "经查，当事人自2026年1月起向消费者发送商业性短信。证人高明，男，证实上述情况。"


def gaoming_decision(db, data_dir, make_case, **values):
    """A decision of the 高明 bureau, whose facts name a witness 高明 and whose remedies name 高明区's government and
    court."""
    from workstation.records import Officer
    from workstation.store import save_officer

    gaoming = agency_id_for_code("440608")
    officers = [save_officer(db, Officer(name=name, cert_no=cert, agency_id=gaoming)).id
                for name, cert in (("何志明", "44060812001"), ("梁丽娟", "44060812002"))]

    def moved(**fields):
        made = make_case(**fields)
        return update_case(db, replace(get_case(db, made.id), agency_id=gaoming, officer_ids=officers))

    return decided(db, data_dir, moved, facts=GAOMING_FACTS, reconsideration_body="佛山市高明区人民政府",
                   court="佛山市高明区人民法院", **values)


def test_masking_a_name_inside_a_place_name_keeps_the_bureau_the_reconsideration_body_and_the_court(
        db, data_dir, make_case):
    _case, decision = gaoming_decision(db, data_dir, make_case)
    agency = decision.issued_as["agency"]
    assert agency == "佛山市高明区市场监督管理局"
    copy = publication_copy(db, data_dir, decision, names=("高明",))
    text = copy.text()
    assert "证人高某，男" in text and "证人高明" not in text
    assert "高某区" not in text
    assert dict(copy.summary)["作出行政处罚决定机关名称"] == agency
    assert text.count(agency) >= 3  # the summary, the header and the 落款, as served
    assert "向佛山市高明区人民政府申请行政复议" in text and "向佛山市高明区人民法院提起行政诉讼" in text
    assert "高某区" not in docx_text(copy.data("docx"))


def test_a_name_inside_a_place_name_is_kept_and_a_person_of_that_name_masked_in_a_persons_address():
    from workstation.documents.publication import masker
    from workstation.masking import rules_in_force

    mask = masker({"party_is_person": True, "party_name": "朱子轩", "party_address": "佛山市高明区荷城街道体育路1号"},
                  rules_in_force(), ("高明",), institutions=("佛山市高明区市场监督管理局",))
    assert mask("住址：佛山市高明区荷城街道体育路1号") == "住址：佛山市高明区****"
    assert mask("佛山市高明区市场监督管理局。证人高明，男，住广东省佛山市高明区某路") == (
        "佛山市高明区市场监督管理局。证人高某，男，住广东省佛山市高明区某路")


def test_a_witness_whose_name_is_inside_the_partys_own_is_suggested(db, data_dir, make_case):
    """The company is 佛山市高明区…有限公司, the witness 高明: suggested, not taken for the party."""
    _case, decision = gaoming_decision(db, data_dir, make_case, party_name="佛山市高明区楷澄建筑装饰设计有限公司")
    copy = publication_copy(db, data_dir, decision)
    assert "当事人：佛山市高明区楷澄建筑装饰设计有限公司" in copy.text()
    assert [n.name for n in unmasked_names(copy)] == ["高明"]
    masked = publication_copy(db, data_dir, decision, names=("高明",)).text()
    assert "当事人：佛山市高明区楷澄建筑装饰设计有限公司" in masked and "证人高某，男" in masked


def test_the_party_and_its_representative_are_still_not_suggested(db, data_dir, make_case):
    facts = "经查，当事人法定代表人梁嘉豪，男，安排员工王小明与陈静发送短信。"
    _case, decision = decided(db, data_dir, make_case, facts=facts)
    assert [n.name for n in unmasked_names(publication_copy(db, data_dir, decision))] == ["王小明", "陈静"]


def test_docs_publication_mask_keeps_the_bureaus_name(db, data_dir, make_case, capsys, tmp_path):
    case, _decision = gaoming_decision(db, data_dir, make_case)
    result = run_json(capsys, "docs", "publication", case.case_number, "--data-dir", data_dir, "-o",
                      tmp_path / "g.txt", "--mask", "高明")
    text = (tmp_path / "g.txt").read_text(encoding="utf-8-sig")
    assert result["masked_on_request"] == ["高明"]
    assert "证人高某，男" in text and "高某区" not in text and "佛山市高明区市场监督管理局" in text


# ---- WeChat IDs and QQ numbers

@pytest.mark.parametrize(("written", "shown"), [
    ("通过微信（微信号：zhuzixuan1993）和QQ（QQ号：123456789）出售", "通过微信（微信号：zh*********93）和QQ（QQ号：12*****89）出售"),
    ("微信号为wxid_abc123，qq号码:98765", "微信号为wx*******23，qq号码:*****"),
    ("添加微信：Li-Ming_88后发送", "添加微信：Li******88后发送"),
])
def test_a_wechat_id_or_qq_number_after_its_label_is_masked(written, shown):
    from workstation.documents.publication import masker
    from workstation.masking import rules_in_force

    assert masker({"party_name": "佛山市某公司"}, rules_in_force())(written) == shown


def test_a_wechat_id_in_the_facts_is_masked_in_the_copy(db, data_dir, make_case):
    facts = "经查，当事人通过微信（微信号：zhuzixuan1993）和QQ（QQ号：123456789）将业主名单出售给他人。"
    _case, decision = permit_holder(db, data_dir, make_case, facts=facts)
    text = publication_copy(db, data_dir, decision).text()
    assert "zhuzixuan1993" not in text and "123456789" not in text
    assert "微信号：zh*********93" in text and "QQ号：12*****89" in text


def test_a_wechat_group_or_the_word_wechat_alone_is_left_as_written():
    from workstation.documents.publication import masker
    from workstation.masking import rules_in_force

    mask = masker({"party_name": "佛山市某公司"}, rules_in_force())
    assert mask("当事人通过微信群和QQ群发送广告，微信支付收款。") == "当事人通过微信群和QQ群发送广告，微信支付收款。"


def test_an_amount_or_a_date_after_wechat_or_qq_is_no_account():
    from workstation.documents.publication import masker
    from workstation.masking import rules_in_force

    mask = masker({"party_name": "佛山市某公司"}, rules_in_force())
    assert mask("当事人通过微信20000元出售名单，于微信2023年3月15日收款。") == "当事人通过微信20000元出售名单，于微信2023年3月15日收款。"
    assert mask("QQ20000元") == "QQ20000元"
    # a bare QQ before its number, or a bare 微信 before an id with letters, is an account all the same
    assert mask("联系QQ 123456789，微信zhuzi1993。") == "联系QQ 12*****89，微信zh*****93。"


# ---- names before 投诉, 举报, 反映

@pytest.mark.parametrize(("facts", "name"), [
    ("经查，消费者王小红投诉称当事人发送短信。", "王小红"),
    ("经查，业主李四举报当事人出售其信息。", "李四"),
    ("经查，消费者陈大文反映当事人多次来电。", "陈大文"),
    ("经查，客户周敏来电称收到短信。", "周敏"),
    ("经查，消费者黄小燕诉称当事人泄露其信息。", "黄小燕"),
])
def test_a_name_before_a_verb_of_complaint_is_suggested(db, data_dir, make_case, facts, name):
    _case, decision = decided(db, data_dir, make_case, facts=facts)
    assert [n.name for n in unmasked_names(publication_copy(db, data_dir, decision))] == [name]


# ---- the window writes the format its file's name says

@pytest.mark.gui
@pytest.mark.parametrize(("chosen", "written"), [("公示版", "公示版.docx"), ("公示版（2026.8）", "公示版（2026.8）.docx"),
                                                 ("公示版.DOCX", "公示版.DOCX")])
def test_the_window_adds_docx_to_a_name_without_it(qtbot, db, data_dir, make_case, prompts, tmp_path, english,
                                                   chosen, written):
    case, decision = decided(db, data_dir, make_case)
    section = documents_section(qtbot, db, data_dir, case, prompts)
    prompts.files = [str(tmp_path / chosen)]
    saved_as_shown()
    section.save_publication_copy(decision)
    assert (tmp_path / written).read_bytes()[:2] == b"PK"  # a DOCX (a zip)
    assert prompts.errors == [] and prompts.infos == [f"{tmp_path / written} written."]


@pytest.mark.gui
@pytest.mark.parametrize("suffix", ["pdf", "doc", "wps"])
def test_the_window_refuses_a_file_named_as_another_format(qtbot, db, data_dir, make_case, prompts, tmp_path, english,
                                                          suffix):
    case, decision = decided(db, data_dir, make_case)
    section = documents_section(qtbot, db, data_dir, case, prompts)
    target = tmp_path / f"公示版.{suffix}"
    prompts.files = [str(target)]
    saved_as_shown()
    section.save_publication_copy(decision)
    assert not target.exists() and list(tmp_path.glob("公示版*")) == []
    assert prompts.errors == [
        f"{target} ends in .{suffix}: the publication copy is written as DOCX or as text only. Save it again under a "
        "name ending in .docx or .txt."]


@pytest.mark.gui
def test_the_window_asks_before_replacing_the_docx_it_adds_the_extension_for(
        qtbot, db, data_dir, make_case, prompts, tmp_path, english):
    case, decision = decided(db, data_dir, make_case)
    section = documents_section(qtbot, db, data_dir, case, prompts)
    (tmp_path / "公示版.docx").write_bytes(b"kept")
    prompts.files = [str(tmp_path / "公示版")]
    prompts.confirm_answer = False
    saved_as_shown()
    section.save_publication_copy(decision)
    assert prompts.confirmations == [f"{tmp_path / '公示版.docx'} already exists. Replace it with this publication copy?"]
    assert (tmp_path / "公示版.docx").read_bytes() == b"kept" and prompts.infos == []


def test_a_short_permit_number_is_masked_where_it_stands_alone_not_inside_a_longer_number():
    from workstation.documents.publication import masker
    from workstation.masking import rules_in_force

    mask = masker({"party_is_person": True, "party_name": "陈志明", "party_code": "12345678"}, rules_in_force())
    assert mask("台湾居民来往大陆通行证号码：12345678，账号62220212345678901") == (
        "台湾居民来往大陆通行证号码：12****78，账号*************8901")  # the account masked as accounts are


@pytest.mark.gui
def test_the_review_marks_the_permit_number_and_the_wechat_id_as_processed(
        qtbot, db, data_dir, make_case, prompts, tmp_path):
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    facts = "经查，当事人通过微信（微信号：zhuzixuan1993）将业主名单出售给他人。"
    case, decision = permit_holder(db, data_dir, make_case, facts=facts)
    section = documents_section(qtbot, db, data_dir, case, prompts)
    seen = {}

    def review():
        dialog = QApplication.activeModalWidget()
        seen["text"], seen["processed"] = dialog.preview.toPlainText(), dialog.processed()
        dialog.done(0)

    QTimer.singleShot(0, review)
    section.save_publication_copy(decision)
    assert PERMIT not in seen["text"] and "zhuzixuan1993" not in seen["text"]
    assert seen["processed"].count("H1*****78") == 2 and "zh*********93" in seen["processed"]
