"""Documents name an evidence item by what the officer described it as (the CLI's --description, 证明内容), its kind
and date after it; a document served on the party never names a file, and the 调查终结报告 names a file only when
nothing else names the item. A kept draft keeps what the officer typed."""

from __future__ import annotations

import pytest

from workstation.documents.drafts import find_form
from workstation.formkit.values import case_context, default_values, resumed_values
from workstation.store import get_case
from workstation.store.evidence import add_evidence

FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"


@pytest.fixture
def investigated(make_case):
    return make_case(status="investigating", filed_on="2026-03-02", facts=FACTS)


def defaults(db, case, form_id):
    return default_values(find_form(form_id), case_context(db, get_case(db, case.id)))


def register(db, data_dir, case, tmp_path, name, **given):
    path = tmp_path / name
    path.write_text(f"姓名,电话\n{name},13900000000\n", encoding="utf-8")
    return add_evidence(db, data_dir, case.id, path, collected_on="2026-12-01", **given)


def test_the_notice_and_the_report_name_the_item_by_its_description_not_its_file(db, data_dir, investigated,
                                                                                 tmp_path):
    register(db, data_dir, investigated, tmp_path, "名单.csv", kind="customer_list",
             description="当事人外呼平台导出的客户名单")
    notice = defaults(db, investigated, "pre_penalty_notice")["evidence"]
    # the only item listed, numbered 1: no licence copy the register does not hold
    assert notice == "1.当事人外呼平台导出的客户名单（电子数据，2026年12月1日）。"
    report = defaults(db, investigated, "investigation_report")
    assert report["evidence"] == "1.当事人外呼平台导出的客户名单（电子数据，2026年12月1日）。"
    assert "2026年12月1日，收集了当事人外呼平台导出的客户名单并登记为证据" in report["course"]
    assert "名单.csv" not in notice + report["evidence"] + report["course"]


def test_an_item_without_description_is_named_by_its_kind_and_a_served_document_never_names_its_file(
        db, data_dir, investigated, tmp_path):
    register(db, data_dir, investigated, tmp_path, "名单.csv", kind="customer_list", source="当事人办公电脑")
    register(db, data_dir, investigated, tmp_path, "杂项.csv", kind="other")
    lines = defaults(db, investigated, "penalty_decision")["evidence"].split("\n")
    assert lines == ["1.客户名单一份（电子数据，当事人办公电脑，2026年12月1日）；", "2.证据材料一份（2026年12月1日）。"]
    report = defaults(db, investigated, "investigation_report")
    assert report["evidence"].split("\n")[-1] == "2.杂项.csv（2026年12月1日）。"  # nothing else names it
    assert "收集了客户名单一份、杂项.csv共2项证据材料并登记" in report["course"]


def test_a_description_saying_what_the_item_proves_follows_its_name(db, data_dir, investigated, tmp_path):
    item = register(db, data_dir, investigated, tmp_path, "名单.csv", kind="sms_log",
                    description="证明当事人向未同意的消费者发送商业性短信")
    notice = defaults(db, investigated, "pre_penalty_notice")["evidence"]
    assert notice == "1.短信平台记录一份（电子数据，2026年12月1日），证明当事人向未同意的消费者发送商业性短信。"
    from workstation.store.evidence import save_count

    save_count(db, item.id, 300, "other", ["按手机号码去重"])
    stated = defaults(db, investigated, "investigation_report")["evidence"]
    assert stated == ("1.短信平台记录一份（电子数据，2026年12月1日），证明当事人向未同意的消费者发送商业性短信，"
                      "涉及消费者个人信息300条。")


def test_a_kept_notice_keeps_the_evidence_the_officer_typed(db, data_dir, investigated, tmp_path):
    register(db, data_dir, investigated, tmp_path, "名单.csv", kind="customer_list", description="客户名单")
    form = find_form("pre_penalty_notice")
    context = case_context(db, get_case(db, investigated.id))
    typed = "1.当事人营业执照复印件；\n2.名单.csv（客户名单，2026年12月1日）。"
    assert resumed_values(form, {"evidence": typed}, context)["evidence"] == typed
