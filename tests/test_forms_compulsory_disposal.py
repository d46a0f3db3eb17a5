"""The documents of a seal-up or seizure after the decision and of the early disposal of perishable things
(REFERENCE §2.1 Nos. 6, 22, 25–28), read back from the produced PDF: the 延长行政强制措施期限决定书 extends the
measure of the 实施行政强制措施决定书 issued in the case under 行政强制法 art. 25, with the remedies; the 封条
prints the bureau, a large 封 and the date sealed; the 委托保管书 is titled and filled from the decision; the
先行处置物品确认书 and 公告 word the reason and the way of disposal chosen; the 移送告知书 is titled by the
measure and names the police by default."""

import datetime as dt

import pytest

from tests.helpers import beijing_today
from tests.test_law_guards import under_investigation
from workstation.documents.drafts import draft_document, find_form
from workstation.documents.issuing import issue_document
from workstation.documents.pdf_writer import render_pdf
from workstation.money import chinese_date
from workstation.store import find_case

# the power to seize, which the decision never names by default (《个人信息保护法》 art. 63 para. 1 (4))
SEIZURE_BASIS = "《中华人民共和国个人信息保护法》第六十三条第一款第（四）项"

PERSON = "佛南市监立〔2026〕5号"  # 朱子轩, a natural person, of 佛山市南海区市场监督管理局
ITEMS = "1 | 台式计算机（存有客户名单） | 戴尔OptiPlex 3000 | 2台 | 主机\n2 | U盘 | 金士顿64G | 1个 | "


def printed(db, form_id, values=None, case_number=PERSON) -> str:
    document = draft_document(db, find_case(db, case_number), find_form(form_id), values)
    return "".join(render_pdf(document).text_lines())


@pytest.fixture
def day():
    """The workstation's day (Beijing time) when the test starts: read for each test, not once for the module, so that
    a run crossing midnight in Beijing (16:00 UTC) compares what it drafts with the day it drafts it on."""
    return beijing_today()


@pytest.fixture
def sealed(demo_db, data_dir):
    """The 文号 of a 实施行政强制措施决定书 issued today: 查封 of 设施, two items (other modules take it too)."""
    with under_investigation(demo_db, find_case(demo_db, PERSON)) as case:  # decided since: sealed before
        return issue_document(demo_db, data_dir, case, find_form("compulsory_measure_decision"),
                              {"legal_basis": SEIZURE_BASIS, "measure": "查封", "objects": "设施", "items": ITEMS}
                              ).number


def test_the_extension_extends_the_measure_of_the_decision_issued_under_article_25(demo_db, sealed, day):
    until, extended = day + dt.timedelta(days=30), day + dt.timedelta(days=60)
    text = printed(demo_db, "compulsory_measure_extension", {"original_until": until.isoformat(),
                                                             "extended_until": extended.isoformat()})
    assert (f"本局于{chinese_date(day)}以《实施行政强制措施决定书》（{sealed}）对你的有关设施予以查封，查封期限至"
            f"{chinese_date(until)}届满。") in text
    assert (f"依据《中华人民共和国行政强制法》第二十五条的规定，本局决定延长上述设施的查封期限至{chinese_date(extended)}。"
            in text)
    assert "你如不服本决定，可以在收到本决定书之日起六十日内向佛山市南海区人民政府申请行政复议" in text
    # without the original end date the sentence stops at the measure (the new end date is required)
    text = printed(demo_db, "compulsory_measure_extension", {"original_until": "",
                                                             "extended_until": extended.isoformat()})
    assert f"（{sealed}）对你的有关设施予以查封。因" in text


def test_the_seal_strip_prints_the_bureau_a_large_seal_character_and_the_date_sealed(demo_db, sealed, day):
    lines = [line for line in render_pdf(draft_document(demo_db, find_case(demo_db, PERSON),
                                                        find_form("seal_strip"))).lines if line.text.strip()]
    texts = [line.text for line in lines]
    assert texts[:3] == ["佛山市南海区市场监督管理局", "封", chinese_date(day)]
    assert lines[1].size == 22 and lines[1].size > lines[2].size  # 封 as large as the agency's name
    assert f"依据：《实施行政强制措施决定书》（{sealed}）" in "".join(texts)


def test_the_seal_strip_without_a_decision_leaves_the_date_to_be_written_in(demo_db):
    text = printed(demo_db, "seal_strip", {"sealed_object": "经营场所仓库"})
    assert "封　　　　年　　月　　日当事人：朱子轩查封对象：经营场所仓库查封期间" in text
    assert "依据" not in text


def test_the_custody_entrustment_is_titled_and_filled_from_the_decision(demo_db, sealed, day):
    text = printed(demo_db, "custody_entrustment", {"custodian": "佛山市南海区某仓储有限公司",
                                                   "custody_place": "桂城街道某仓库3号库"})
    assert "实施行政强制措施设施委托保管书" in text
    assert "佛山市南海区某仓储有限公司：" in text
    assert f"以《实施行政强制措施决定书》（{sealed}）对朱子轩的下列设施予以查封。" in text
    assert "台式计算机（存有客户名单）戴尔OptiPlex 30002台主机" in text  # the decision's items, a row each
    assert f"保管地点：桂城街道某仓库3号库；保管期限自{chinese_date(day)}起至本局书面通知解除查封或者作出处理决定之日止。" in text
    assert "保管费用由本局承担。" in text and "保管人签名" in text


def test_the_early_disposal_confirmation_words_the_reason_and_way_chosen(demo_db):
    text = printed(demo_db, "early_disposal_confirmation", {"measure": "先行登记保存", "reason": "有效期即将届满",
                                                            "way": "拍卖", "measure_no": "佛南市监保存〔2026〕3号"})
    assert "住址佛山市南海区桂城街道南海大道北281号302铺" in text  # a natural person's 住址
    assert "□扣押　□查封　☑先行登记保存" in text
    assert "决定书（通知书）文号佛南市监保存〔2026〕3号" in text
    assert "下列物品系本局在调查上述案件过程中依法先行登记保存的物品：" in text
    assert "因上述物品有效期即将届满，经本局负责人批准，本局依法在留存证据后对上述物品先行拍卖。" in text
    assert "同意先行处置。" in text and "当事人签名" in text
    text = printed(demo_db, "early_disposal_confirmation", case_number="佛南市监立〔2026〕1号")
    assert "文号" not in text  # nothing issued, nothing typed: no row
    assert "住所" in text and "住址" not in text  # a business's 住所


def test_the_early_disposal_notice_asks_the_party_to_come_forward_only_with_a_date(demo_db, day):
    claim_by = day + dt.timedelta(days=5)
    text = printed(demo_db, "early_disposal_notice", {"claim_by": claim_by.isoformat(), "way": "变卖"})
    assert "因当事人下落不明，无法由其确认。" in text
    assert (f"请当事人于{chinese_date(claim_by)}前到本局接受处理。逾期未到的，经本局负责人批准，本局将依法在留存证据后"
            "对上述物品先行变卖，") in text
    text = printed(demo_db, "early_disposal_notice", {"way": "销毁"})
    assert "逾期" not in text and "本局将依法在留存证据后对上述物品先行销毁，所得款项由本局依法保存" in text
    assert "特此公告。" in text


def test_the_transfer_notice_is_titled_by_the_measure_and_names_the_police_by_default(demo_db, sealed, day):
    text = printed(demo_db, "seized_items_transfer_notice")
    assert "查封物品移送告知书" in text
    assert (f"因该案涉嫌犯罪，本局已于{chinese_date(day)}依法将该案连同上述查封物品一并移送佛山市公安局南海分局。"
            in text)
    assert "有关事宜请你与佛山市公安局南海分局联系。" in text
    text = printed(demo_db, "seized_items_transfer_notice", {"measure": "扣押", "transfer_reason": "不属于本局管辖",
                                                             "receiver": "佛山市南海区文化广电旅游体育局"})
    assert "扣押物品移送告知书" in text and "因该案不属于本局管辖，本局已于" in text
    assert "一并移送佛山市南海区文化广电旅游体育局。" in text
