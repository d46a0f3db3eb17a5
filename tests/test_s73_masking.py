"""Masking mended after the s73 audit (REFERENCE §1.9 publication, §8.2 ID numbers):

1. in a decision to a firm, the address after 擅自变更住所至 (住所变更为, 将住所迁至, 注册住所 …) is the firm's new
   registered address — public registration information, published as it is; a natural person's 住所 (in a decision
   to a natural person, or a consumer's or a complainant's in a firm's) is still masked;
2. an 18-digit number shaped as an ID number but whose birth date is no date (a 13th month, a 32nd day) — most likely
   a mistyped ID number — is masked where an ID label (身份证, 证件号码, 公民身份号码) is written right before it; without
   one it is left as written (all-digit credit codes, accounts and work-order numbers take that shape too)."""

from __future__ import annotations

import pytest

from tests.helpers import run, run_json
from tests.test_publication_copy import FACTS, decided
from workstation.documents.publication import masker, publication_copy
from workstation.leads_register import LeadEntry, register_lead
from workstation.masking import mask_cued_addresses, mask_field, mask_published, mask_text
from workstation.screening.rules import load_rules

# ---- 1. a firm's new registered address after 变更住所至

NEW = "佛山市南海区桂城街道海五路28号"
MASKED = "佛山市南海区****"
CHANGED = [
    f"当事人擅自变更住所至{NEW}，未办理变更登记。",
    f"擅自变更住所至{NEW}",
    f"该公司未经登记擅自变更住所至广东省{NEW}经营。",
    f"当事人于2025年6月将住所迁至{NEW}，未申请变更登记。",
    f"当事人住所已变更为{NEW}，未办理变更登记。",
    f"当事人住所由佛山市南海区桂城街道南海大道1号变更为{NEW}。",
    f"当事人变更其住所至{NEW}。",
    f"其注册住所位于{NEW}。",
    f"当事人注册地址：{NEW}。",
    f"当事人经营场所位于{NEW}。",
    f"经查，当事人擅自变更住所至{NEW}，并向消费者发送商业性短信。",
    f"当事人擅自变更地址至{NEW}，未办理变更登记。",  # after a bare 地址 the change written before it only
    f"经查，黄飞鸿餐饮店擅自变更住所至{NEW}。",  # a firm's name, however it begins, is no person's
]


@pytest.mark.parametrize("text", CHANGED)
def test_a_firms_changed_registered_address_is_published_whole(text):
    assert mask_cued_addresses(text) == text
    assert mask_published(text, own="广东省佛山市南海区桂城街道南海大道1号") == text


@pytest.mark.parametrize("text", CHANGED[:7])
def test_a_natural_persons_address_stays_masked_however_written(text):
    masked = mask_published(text, person=True)
    assert "海五路" not in masked and "28号" not in masked and MASKED in masked


@pytest.mark.parametrize("text", [f"投诉人张某称其已变更住所至{NEW}，仍收到短信。",
                                  f"消费者黄志强投诉称，其住所位于{NEW}，多次收到当事人发送的商业性短信。",
                                  f"当事人法定代表人变更住所至{NEW}。",
                                  f"家庭住址已变更为{NEW}。",
                                  f"家庭地址已变更为{NEW}。",
                                  f"联系地址已变更为{NEW}。",
                                  f"收货地址已变更为{NEW}。",
                                  f"快递地址由佛山市南海区桂城街道南海大道1号变更为{NEW}。",
                                  f"张三变更住所至{NEW}。",
                                  f"消费者张某投诉。其称已变更住所至{NEW}，仍收到短信。",
                                  f"投诉人来电。本人已变更住所至{NEW}。",
                                  f"李四于2025年6月变更住所至{NEW}。",
                                  f"王小明擅自变更住所至{NEW}。",
                                  f"王小明住所已变更为{NEW}。"])
def test_a_persons_changed_address_in_a_firms_decision_is_still_masked(text):
    masked = mask_published(text)
    assert "海五路" not in masked and MASKED in masked


def test_the_company_copy_publishes_its_changed_address_in_summary_and_text(db, data_dir, make_case):
    violated = f"当事人擅自变更住所至{NEW}，违反了《中华人民共和国市场主体登记管理条例》第二十四条的规定。"
    facts = FACTS + f"当事人擅自变更住所至{NEW}。消费者黄志强投诉称，其住所位于佛山市南海区大沥镇嘉洲广场8座901房。"
    _case, decision = decided(db, data_dir, make_case, facts=facts, violated=violated)
    text = publication_copy(db, data_dir, decision).text()
    assert f"当事人擅自变更住所至{NEW}。" in text
    assert "其住所位于佛山市南海区****。" in text and "嘉洲广场" not in text


@pytest.mark.parametrize("person", [False, True])
def test_the_summarys_violation_type_is_masked_by_the_partys_kind(person):
    """The summary's 违法行为类型 (the provisions violated, where the case names no type) goes through the masking
    of the decision's text (``masker``): a firm's new 住所 whole, a natural person's masked."""
    values = {"party_is_person": person, "party_address": "广东省佛山市南海区桂城街道南海大道1号"}
    said = f"擅自变更住所至{NEW}"
    assert masker(values, load_rules())(said) == (f"擅自变更住所至{MASKED}" if person else said)


def test_the_natural_persons_copy_masks_the_changed_address(db, data_dir, make_case):
    facts = FACTS + f"当事人擅自变更住所至{NEW}。"
    _case, decision = decided(db, data_dir, make_case, person=True, facts=facts)
    text = publication_copy(db, data_dir, decision).text()
    assert f"当事人擅自变更住所至{MASKED}。" in text and "海五路" not in text


# ---- 2. an ID-shaped number with no real birth date, after an ID label

@pytest.mark.parametrize(("written", "shown"), [
    ("身份证号码440602199013011234", "身份证号码4406**********1234"),  # month 13
    ("身份证号码：440602199001321234", "身份证号码：4406**********1234"),  # day 32
    ("身份证号：44060219901301123X，", "身份证号：4406**********123X，"),
    ("身份证号为44060219901301123x", "身份证号为4406**********123x"),
    ("证件号码：440602199000001234", "证件号码：4406**********1234"),  # month and day 00
    ("公民身份号码 440602199013011234", "公民身份号码 4406**********1234"),
    ("居民身份证440602-19901301-1234", "居民身份证4406**-********-1234"),
    ("身份证号码：４４０６０２１９９０１３０１１２３４", "身份证号码：４４０６**********１２３４"),
    ("身份证号码440602901301123", "身份证号码4406*******1123"),  # 15 digits, month 13
])
def test_a_mistyped_id_number_after_its_label_is_masked(written, shown):
    assert mask_text(written) == shown
    assert mask_field("description", written) == shown
    assert mask_published(written) == shown


@pytest.mark.parametrize("kept", [
    "440602199013011234",  # no label: left as written (the choice taken, see the module's note)
    "证件号码：911101191000000089",  # a credit code all in digits, its check character right
    "统一社会信用代码：911101191000000089",
    "统一社会信用代码 642102202613010050",
    "证件号码：440602901301123",  # 15 digits after a bare 证件号码: an old 注册号 as likely
    "身份证号码为空，工单 2026110300012345",
    "身份证 2026-03-05 14:22:10",
    "身份证复印件1份，罚款 30 000 元",
])
def test_numbers_that_are_no_id_number_stay_as_written(kept):
    assert mask_text(kept) == kept


def test_a_valid_id_number_is_masked_as_before():
    assert mask_text("身份证号码440602199001011234") == "身份证号码4406**********1234"
    assert mask_text("440602199001011234") == "4406**********1234"


def test_leads_list_masks_the_mistyped_id_number(db, data_dir, capsys):
    register_lead(db, LeadEntry(source="report", received_at="2026-03-02 10:00", description="推销电话骚扰",
                                party="身份证号码440602199013011234的使用人"))
    leads = run_json(capsys, "--data-dir", data_dir, "leads", "list")
    assert [lead["target"] for lead in leads] == ["身份证号码4406**********1234的使用人"]
    code, out, err = run(capsys, "--data-dir", data_dir, "leads", "list")
    assert code == 0, err
    assert "4406**********1234" in out and "440602199013011234" not in out
