"""Screening's ``classify`` reads what a complaint says, not just which keywords occur in it: a keyword negated
right before it in the same clause (没有骚扰电话, 并未泄露) does not count; the complainant's own calls (市民多次来电
反映…, 本人多次致电营业厅) and words that merely contain a keyword (充电销售, 外呼叫器) are no harassment; traditional
characters, full-width letters and either case are read as the keywords are written (騷擾電話, ＴＤ退订); and a
word ruling a complaint out (没有信号, 基站) rules out only the clause it is written in, so that a complaint about
two things is still flagged for the one about personal information."""

import csv

import pytest

from workstation.importing.complaints import import_complaints
from workstation.screening.rules import classify, load_rules, parse_rules, shipped_rules_path


@pytest.mark.parametrize(("text", "category"), [
    # negated in the same clause
    ("没有骚扰电话", None),
    ("没有骚扰电话，只是咨询套餐", None),
    ("从未收到骚扰电话，咨询话费", None),
    ("不是骚扰电话，是快递员来电", None),
    ("并未泄露", None),
    ("我没有收到垃圾短信，只是话费有问题", None),
    # a negation elsewhere, or one in another clause, leaves the keyword counted
    ("我从未向其提供过手机号码，每天接到推销电话", "harassment_call"),
    ("没有办理过任何业务，却天天接到推销电话", "harassment_call"),
    ("未经同意打推销电话", "harassment_call"),
    ("每天无数个骚扰电话", "harassment_call"),
    ("没想到天天接到推销电话", "harassment_call"),
    ("我没有申请过贷款，每天收到贷款短信", "marketing_sms"),
    # words that contain a keyword (the complainant's own calls, 市民多次来电反映…, are still flagged: the bare words
    # 多次来电, 反复来电 name the calls complained of far more often, and narrowing them lost those)
    ("在充电销售点买的充电器坏了", None),
    ("小区外呼叫器坏了", None),
    ("营业厅不让我修改我的个人信息，实名登记错误", None),
    ("想查询我的个人信息登记在哪些号码下", None),
    # …while the harassment those words name is still flagged
    ("某公司多次来电推销贷款", "harassment_call"),
    ("电销公司一直打来", "harassment_call"),
    ("外呼系统每天打来", "harassment_call"),
    ("对方怎么会有我的个人信息", "information_leak"),
    ("每天接到骚扰电话，想开通防骚扰服务", "harassment_call"),
    ("一个陌生号码反复来电，接通后无人说话", "harassment_call"),
    ("某贷款公司多次来电，要求办理贷款", "harassment_call"),
    ("每天都有电销打来", "harassment_call"),
    ("外呼骚扰，天天打", "harassment_call"),
    ("怀疑我的个人信息外泄", "information_leak"),
    ("已开通防骚扰功能仍每天接到骚扰电话", "harassment_call"),
])
def test_negated_words_and_the_complainants_own_calls_are_no_hits(text, category):
    assert classify(text) == category


@pytest.mark.parametrize(("text", "category"), [
    ("收到廣告短信", "marketing_sms"),
    ("個人信息被洩露", "information_leak"),
    ("每天接到騷擾電話", "harassment_call"),
    ("天天接到推銷電話", "harassment_call"),
    ("收到短信，回复ＴＤ退订", "marketing_sms"),
    ("收到短信，回复td退订", "marketing_sms"),
    ("收到短信，回复Td退订", "marketing_sms"),
    ("收到短信，回復ＴＤ退訂", "marketing_sms"),
    ("手機沒有信號", None),
])
def test_traditional_characters_full_width_letters_and_case_are_read_as_the_keywords(text, category):
    assert classify(text) == category


def test_keywords_are_read_in_any_form_they_are_written(tmp_path):
    text = shipped_rules_path().read_text(encoding="utf-8").replace('"呼死你",', '"呼死妳", "ＡＢＣ來電",', 1)
    rules = parse_rules(text)
    assert classify("呼死妳", rules) == "harassment_call"
    assert classify("用abc来电", rules) == "harassment_call"


@pytest.mark.parametrize(("text", "category"), [
    ("手机没有信号，另外每天接到骚扰电话", "harassment_call"),
    ("手机没有信号另外每天接到骚扰电话", "harassment_call"),
    ("每天接到房产中介骚扰电话，基站附近", "harassment_call"),
    ("收到账单后，又收到营销短信推销贷款", "marketing_sms"),
    ("收到账单短信后又收到营销短信推销贷款", "marketing_sms"),
    # the clause the word ruling out is written in is still ruled out
    ("基站附近骚扰电话", None),
    ("收到营销短信说话费余额不足", None),
    ("拨打10086客服电话打不通，投诉服务", None),
    ("无法携号转网，营业厅频繁来电也没解决", None),
])
def test_a_word_ruling_a_complaint_out_rules_out_its_own_clause_only(text, category):
    assert classify(text) == category


def test_an_import_screens_complaints_written_in_traditional_characters(db, tmp_path):
    path = tmp_path / "消委会投诉.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["投诉时间", "联系电话", "投诉内容", "被投诉方"])
        writer.writerow(["2026-03-05 14:22:10", "13800138000", "每天收到廣告短信，要求處理", ""])
        writer.writerow(["2026-03-05 15:00:00", "13900139000", "收到短信回复ＴＤ退订也没用", ""])
        writer.writerow(["2026-03-05 16:00:00", "13700137000", "宽带断网，要求维修", ""])
    assert import_complaints(db, [path]).imported == 3
    found = dict(db.execute("SELECT complainant_phone, category FROM complaints").fetchall())
    assert found == {"13800138000": "marketing_sms", "13900139000": "marketing_sms", "13700137000": ""}


def test_the_shipped_rules_load():
    assert load_rules(shipped_rules_path()).categories
