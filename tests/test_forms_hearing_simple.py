"""The hearing and simple-procedure documents read back from the produced PDF (pypdf): the 当场行政处罚决定书
(No. 44) with the pre-printed serial the officer types instead of a 文号, its fine capped by the simple procedure's
amounts for the party's class in resources/law/thresholds.toml, the reconsideration-first remedy and the filing
with the bureau; the 听证笔录 (No. 40) with the chair's, clerk's and party's signature lines on every page; the 听证报告
(No. 41) with the chair's proposal; the 涉案物品处理记录 (No. 52) with its items table and way of disposal."""

from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader

from workstation.documents.drafts import draft_document, find_form, render_document
from workstation.documents.issuing import issue_document
from workstation.errors import ValidationError
from workstation.formkit.spec import FormError, load_form
from workstation.store import find_case

PERSON = "佛南市监立〔2026〕5号"  # 朱子轩, a natural person
COMPANY = "佛南市监立〔2026〕1号"  # a company


def pages(document) -> list[str]:
    """The text of each page of the document's PDF, without spaces (half or full width) and line breaks."""
    reader = PdfReader(BytesIO(render_document(document, "pdf").data))
    return ["".join(page.extract_text().split()).replace("\u3000", "") for page in reader.pages]


def draft(db, case_number, form_id, values=None):
    return draft_document(db, find_case(db, case_number), find_form(form_id), values)


# ---- 当场行政处罚决定书

def test_the_on_the_spot_decision_prints_the_typed_serial_the_fine_in_words_and_the_remedy(demo_db):
    text = "".join(pages(draft(demo_db, PERSON, "on_the_spot_decision",
                               {"serial_no": "No.0012345", "fine_fen": "200", "place": "桂城街道南海大道北281号"})))
    assert "当场行政处罚决定书编号：No.0012345" in text
    assert "（文号在签发时生成）" not in text
    assert "罚款¥200.00（人民币贰佰元整）" in text
    assert "到期不缴纳罚款的，可以每日按罚款数额的百分之三加处罚款" in text
    assert "在桂城街道南海大道北281号向当事人出示执法证件" in text
    assert ("根据《中华人民共和国行政复议法》第二十三条的规定，应当先自收到本决定书之日起六十日内向佛山市南海区人民政府"
            "申请行政复议") in text
    assert "报佛山市南海区市场监督管理局备案" in text


def test_a_warning_alone_asks_for_no_payment(demo_db):
    text = "".join(pages(draft(demo_db, PERSON, "on_the_spot_decision", {"serial_no": "0001", "warning": True})))
    assert "当场作出如下行政处罚：警告。" in text
    assert "缴纳罚款" not in text


@pytest.mark.parametrize(("case_number", "allowed", "refused"), [(PERSON, "200", "200.01"),
                                                                  (COMPANY, "3000", "3000.01")])
def test_a_fine_above_the_simple_procedure_cap_of_the_partys_class_is_refused(demo_db, english, case_number,
                                                                              allowed, refused):
    draft(demo_db, case_number, "on_the_spot_decision", {"serial_no": "0001", "fine_fen": allowed})
    with pytest.raises(ValidationError) as error:
        draft(demo_db, case_number, "on_the_spot_decision", {"serial_no": "0001", "fine_fen": refused})
    assert list(error.value.errors) == ["罚款（元）"]
    assert "simple-procedure limit" in error.value.errors["罚款（元）"]
    assert "ordinary procedure" in error.value.errors["罚款（元）"]


def test_the_cap_is_read_from_the_thresholds_data(demo_db, monkeypatch):
    from workstation.law import thresholds

    data = thresholds._data()
    changed = {**data, "simple_procedure": {**data["simple_procedure"], "natural_person_max_fen": 5_000}}
    monkeypatch.setattr(thresholds, "_data", lambda: changed)
    draft(demo_db, PERSON, "on_the_spot_decision", {"serial_no": "0001", "fine_fen": "50"})
    with pytest.raises(ValidationError):
        draft(demo_db, PERSON, "on_the_spot_decision", {"serial_no": "0001", "fine_fen": "50.01"})


def test_the_on_the_spot_decision_needs_its_printed_serial_and_takes_no_document_number(demo_db, data_dir):
    # the simple procedure decides a case awaiting filing (stage_rules): the demo case taken back to that state
    case = find_case(demo_db, PERSON)
    # without its violation: its ¥1,000 of illegal gains would set a minimum fine (消法 art. 56) above the ¥100 here
    demo_db.execute("UPDATE cases SET status = 'pending_filing', violations = '[]' WHERE id = ?", [case.id])
    case = find_case(demo_db, PERSON)
    form = find_form("on_the_spot_decision")
    with pytest.raises(ValidationError) as error:
        issue_document(demo_db, data_dir, case, form, {"fine_fen": "100"})
    assert list(error.value.errors) == ["编号"]
    issued = issue_document(demo_db, data_dir, case, form, {"fine_fen": "100", "serial_no": "No.0012345"})
    assert issued.number is None and issued.values["serial_no"] == "No.0012345"
    assert issued.values["fine_fen"] == 10_000


@pytest.mark.parametrize(("change", "key"), [('type = "text"\nlimit = "simple_procedure"', "fields[0].limit"),
                                             ('type = "money"\nlimit = "hearing"', "fields[0].limit")])
def test_a_limit_on_a_field_that_is_not_money_or_unknown_is_refused(tmp_path, english, change, key):
    path = tmp_path / "capped.toml"
    path.write_text(f'id = "capped"\ntitle = "测"\nkind = "record"\ntype_code = ""\nversion = 1\n'
                    f'[[fields]]\nname = "fine_fen"\nlabel = "罚款"\n{change}\n'
                    f'[[blocks]]\nkind = "paragraph"\ntext = "{{fine_fen}}"\n', encoding="utf-8")
    with pytest.raises(FormError, match=key.replace("[", r"\[").replace("]", r"\]")):
        load_form(path)


# a realistic fact paragraph of about 150 characters, as officers write them on the spot
SPOT_FACTS = ("经查，当事人于2026年3月10日上午在其位于佛山市南海区桂城街道南海大道北281号的门店内，未经消费者同意，"
              "通过门店短信平台向37名到店登记的消费者发送房产推广商业性短信，共计37条。执法人员现场检查了短信平台发送"
              "记录，并对当事人负责人进行了询问，当事人对上述事实予以承认。")


@pytest.mark.parametrize("case_number", [COMPANY, PERSON])
def test_the_on_the_spot_decision_is_set_small_on_one_sheet_as_the_pre_printed_form(demo_db, case_number):
    # a company's (with its legal representative and three provisions violated) and a natural person's
    document = draft(demo_db, case_number, "on_the_spot_decision",
                     {"serial_no": "No.0012345", "fine_fen": "200", "facts": SPOT_FACTS,
                      "place": "佛山市南海区桂城街道南海大道北281号", "decided_at": "2026-03-10 09:30"})
    texts = pages(document)
    assert len(texts) == 1
    assert SPOT_FACTS in texts[0] and texts[0].endswith("2026年3月10日—1—")
    styles = {p.style for p in document.blocks if hasattr(p, "style")}
    assert {"agency_sheet", "title_sheet", "body_sheet", "plain_sheet"} <= styles and not styles & {"body", "title"}


def test_only_the_on_the_spot_decision_is_set_small(tmp_path, english):
    from workstation.formkit.spec import load_forms

    assert [form.id for form in load_forms()[0].values() if form.small_type] == ["on_the_spot_decision"]
    for change, message in (("small_type = \"yes\"", "small_type: must be of type bool"),
                            ("small_type = true\nfit_page = true", "small_type: a form set small always is not "
                                                                   "also fitted to its page")):
        path = tmp_path / "sheet.toml"
        path.write_text(f'id = "sheet"\ntitle = "测"\nkind = "record"\ntype_code = ""\nversion = 1\n{change}\n'
                        '[[blocks]]\nkind = "paragraph"\ntext = "测"\n', encoding="utf-8")
        with pytest.raises(FormError, match=message):
            load_form(path)


# ---- 听证笔录

def test_every_page_of_the_hearing_record_carries_the_signature_lines(demo_db):
    proceedings = "\n".join(f"{speaker}：第{n}段发言，如实记录。" * 3
                            for n, speaker in enumerate(["调查人员", "当事人", "委托代理人", "主持人"] * 12))
    texts = pages(draft(demo_db, COMPANY, "hearing_record",
                        {"proceedings": proceedings, "chair": "梁志远", "clerk": "何丽",
                         "publicity": "不公开", "refusal_note": "当事人拒绝在笔录上签名。"}))
    assert len(texts) >= 3
    for number, text in enumerate(texts, start=1):
        assert "主持人签名：＿＿＿＿记录员签名：＿＿＿＿当事人（代理人）签名：＿＿＿＿" in text
        assert f"第{number}页共{len(texts)}页" in text and "案件编号：佛南市监立〔2026〕1号" in text
    whole = "".join(texts)
    assert "□公开☑不公开" in whole and "本次听证不公开举行。听证主持人梁志远" in whole
    assert "主持人注明：当事人拒绝在笔录上签名。" in whole


# ---- 听证报告

def test_the_hearing_report_prints_the_chairs_proposal_and_signature(demo_db):
    text = "".join(pages(draft(demo_db, COMPANY, "hearing_report",
                               {"chair": "梁志远", "proposal": "变更", "proposal_text": "建议将罚款变更为¥30,000.00。",
                                "analysis": "当事人首次违法且已改正。",
                                "hearing_from": "2026-04-10 09:30", "hearing_to": "2026-04-10 11:05"})))
    assert "□维持调查人员的处罚建议☑变更处罚建议" in text
    assert "建议将罚款变更为¥30,000.00。" in text
    assert "2026年4月10日9时30分至2026年4月10日11时05分" in text
    assert "根据《中华人民共和国行政处罚法》第六十五条的规定" in text
    assert "听证主持人（签名）：梁志远" in text


# ---- 涉案物品处理记录

def test_the_items_disposal_record_prints_each_item_in_its_row_and_the_way_of_disposal(demo_db):
    items = "1 | 电脑主机 | 台式 | 1台 | 扣押编号3\n2 | 客户名单 | A4纸质 | 12页 |"
    text = "".join(pages(draft(demo_db, COMPANY, "items_disposal_record",
                               {"items": items, "method": "退还当事人", "witness": "陈某（物业管理员）",
                                "basis": "佛南市监处〔2026〕9号"})))
    assert "序号物品名称规格数量备注1电脑主机台式1台扣押编号32客户名单A4纸质12页" in text
    assert "□销毁□拍卖□移送有关部门☑退还当事人" in text
    assert "处理依据佛南市监处〔2026〕9号" in text and "陈某（物业管理员）" in text
