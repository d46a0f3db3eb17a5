"""The evidence-preservation and compulsory-measure documents, read back from the produced PDF (its laid-out lines)
and DOCX (its paragraphs): the 先行登记保存证据通知书's items, seven-working-day period and prohibition; the
实施行政强制措施决定书's chosen measure (查封/扣押), period and remedies; the releases and the 场所/设施/财物清单
drawing the 文号, date, measure and items of the notice or decision issued in the case (none once it is voided:
the officer is told to type the 文号); the list's signature line and page count on every page."""

from __future__ import annotations

import pytest

from tests.test_law_guards import under_investigation
from tests.test_party_kind_documents import COMPANY, PERSON, draft, printed
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document, void_document
from workstation.documents.pdf_writer import render_pdf
from workstation.errors import ValidationError
from workstation.store import find_case

# the power to seize, which the decision never names by default (《个人信息保护法》 art. 63 para. 1 (4))
SEIZURE_BASIS = "《中华人民共和国个人信息保护法》第六十三条第一款第（四）项"

ITEMS = "1 | 笔记本电脑（存有客户名单） | 联想E14 | 1台 | 本局物证室\n2 | 移动硬盘 | 希捷1TB | 2个 | 当事人经营场所"


def test_the_preservation_notice_lists_the_items_and_forbids_moving_them_within_seven_working_days(demo_db):
    values = {"items": ITEMS, "preserved_on": "2026-12-01"}
    for text in printed(draft(demo_db, COMPANY, "preservation_notice", values)):
        assert "依据《中华人民共和国行政处罚法》第五十六条的规定，决定自2026年12月1日起对下列物品予以先行登记保存" in text
        assert "2移动硬盘希捷1TB2个当事人经营场所" in text.replace(" ", "")
        assert "本局将在七个工作日内对上述物品作出处理决定。在此期间，你单位或者有关人员不得销毁或者转移上述物品。" in text
        assert "当事人（签名或者盖章）：" in text
    for text in printed(draft(demo_db, PERSON, "preservation_notice")):
        assert "在此期间，你或者有关人员不得销毁或者转移" in text


def test_the_preservation_release_names_the_notice_issued_and_its_items(demo_db, data_dir):
    with under_investigation(demo_db, find_case(demo_db, COMPANY)) as case:  # decided since: preserved before
        notice = issue_document(demo_db, data_dir, case, find_form("preservation_notice"),
                                {"items": ITEMS, "preserved_on": "2026-12-01"})
    release = draft(demo_db, COMPANY, "preservation_release", {"released_on": "2026-12-01"})
    for text in printed(release):
        assert (f"本局于2026年12月1日以《先行登记保存证据通知书》（{notice.number}）对下列物品予以先行登记保存"
                in text)
        assert "1笔记本电脑（存有客户名单）联想E141台本局物证室" in text.replace(" ", "")
        assert "本局决定自2026年12月1日起解除对上述物品的先行登记保存。" in text
    void_document(demo_db, notice.id, "文书有误")
    with pytest.raises(ValidationError, match="先行登记保存证据通知书文号"):
        draft(demo_db, COMPANY, "preservation_release")
    typed = draft(demo_db, COMPANY, "preservation_release", {"notice_no": "佛南市监保存〔2026〕7号"})
    assert "（佛南市监保存〔2026〕7号）" in printed(typed)[0]


def test_a_release_without_an_issued_decision_says_to_type_its_number(demo_db, english):
    with pytest.raises(ValidationError, match="No 实施行政强制措施决定书 has been issued in this case yet"):
        draft(demo_db, COMPANY, "compulsory_measure_release")


@pytest.mark.parametrize("measure", ["查封", "扣押"])
def test_the_compulsory_measure_decision_prints_the_measure_chosen_its_period_and_remedies(demo_db, measure):
    values = {"measure": measure, "decided_on": "2026-12-01", "period_until": "2026-12-30"}
    for text in printed(draft(demo_db, COMPANY, "compulsory_measure_decision", values)):
        assert f"本局决定对上述财物予以{measure}，具体情况详见所附财物清单。" in text
        assert f"依据《中华人民共和国行政强制法》第二十五条的规定，{measure}期限自2026年12月1日起至2026年12月30日止。" in text
        assert "延长期限不得超过三十日" in text
        assert "可以在收到本决定书之日起六十日内向佛山市南海区人民政府申请行政复议，也可以在六个月内依法向" in text
        assert "附件：财物清单" in text
    for text in printed(draft(demo_db, PERSON, "compulsory_measure_decision", {"measure": measure})):
        assert f"{measure}期限为三十日" in text and "住址：" in text and "你如不服本决定" in text


def test_the_release_and_the_list_take_the_decisions_number_measure_and_items(demo_db, data_dir):
    with under_investigation(demo_db, find_case(demo_db, COMPANY)) as case:  # decided since: sealed before
        decision = issue_document(demo_db, data_dir, case, find_form("compulsory_measure_decision"), {
            "legal_basis": SEIZURE_BASIS, "measure": "查封", "objects": "设施、财物", "decided_on": "2026-12-01",
            "items": "1 | 服务器（存有客户名单） | 浪潮NF5280 | 1台 | 机房"})
    release = draft(demo_db, COMPANY, "compulsory_measure_release",
                    {"reason": "查封、扣押期限已经届满", "released_on": "2026-12-31"})
    for text in printed(release):
        assert (f"本局于2026年12月1日以《实施行政强制措施决定书》（{decision.number}）对你单位的下列设施、财物予以查封"
                in text)
        assert "1服务器（存有客户名单）浪潮NF52801台机房" in text.replace(" ", "")
        assert ("因查封、扣押期限已经届满，依照《中华人民共和国行政强制法》第二十八条第一款第（四）项的规定，本局决定自"
                "2026年12月31日起解除对上述设施、财物的查封。") in text
    for text in printed(draft(demo_db, COMPANY, "seized_items_list")):
        assert "设施、财物清单" in text and decision.number in text
        assert "☑查封" in text and "□扣押" in text and "2026年12月1日" in text


def test_the_seized_items_list_has_the_signatures_and_page_count_on_every_page(demo_db):
    items = "\n".join(f"{n} | 手机（存有客户名单） | 华为Mate 60 | 1部 | 已关机，物证袋{n}" for n in range(1, 31))
    rendered = render_pdf(draft(demo_db, COMPANY, "seized_items_list",
                                {"items": items, "decision_no": "佛南市监强制〔2026〕1号"}))
    assert rendered.pages >= 2
    footers = ["".join(line.text for line in rendered.lines if line.kind == "footer" and line.page == page)
               for page in range(1, rendered.pages + 1)]
    for page, footer in enumerate(footers, 1):
        assert "当事人签名" in footer and "办案人员签名" in footer
        assert f"第 {page} 页 共 {rendered.pages} 页" in footer
