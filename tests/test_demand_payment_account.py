# ruff: noqa: F811 - the overdue fixture imported from test_enforcement_documents is used by name
"""The 行政处罚决定履行催告书 says where to pay: after its sentence on how to pay, the 收款银行, 户名, 账号 and
electronic-payment note of 本局文书信息 (``agency.payment_details``), as the 行政处罚决定书 prints them — a town
office's case the bureau's account, fines being paid to the bureau — in the PDF and the DOCX alike; the officer may
change them in the editor; without them the demand keeps its old words, 到指定银行缴纳, and no account line, and
issuing it so is warned, in the window and by `docs issue`, as issuing the 行政处罚决定书 is."""

from __future__ import annotations

import json

import pytest

from tests.helpers import run_json
from tests.test_enforcement_documents import DECISION, overdue  # noqa: F401 - the fixture, used by name
from tests.test_party_kind_documents import printed
from workstation.agency_details import set_agency_details
from workstation.documents.drafts import draft_document, find_form
from workstation.documents.pdf_writer import render_pdf
from workstation.formkit.values import case_context, default_values, resumed_values
from workstation.store import agency_id_for_code, get_case

NANHAI = agency_id_for_code("440605")
GUICHENG = agency_id_for_code("440605011")  # 桂城市场监督管理所, a town office of the Nanhai bureau
ACCOUNT = {
    "bank": "中国工商银行佛山南海支行",
    "account_name": "佛山市南海区财政局",
    "account_number": "2013000000000001",
    "e_payment": "也可通过广东省非税收入电子缴款系统扫码缴纳",
}
LINES = (
    "收款银行：中国工商银行佛山南海支行；户名：佛山市南海区财政局；账号：2013000000000001。"
    "也可通过广东省非税收入电子缴款系统扫码缴纳。"
)
HOW = "请你单位持本催告书及行政处罚决定书到指定银行缴纳，或者通过电子支付系统缴纳。"
DEFENCE = "你单位收到本催告书后有权进行陈述和申辩"


def demand(db, case, values=None) -> tuple[str, str]:
    """The PDF's and the DOCX's text of the case's 催告书 as drafted."""
    return printed(
        draft_document(db, case, find_form("performance_demand"), {"decision_no": DECISION, **(values or {})})
    )


def test_the_demand_prints_the_bureaus_account_after_how_to_pay(db, overdue):
    set_agency_details(db, NANHAI, ACCOUNT)
    for text in demand(db, overdue):
        assert HOW + LINES + DEFENCE in text
        # what is due, the fine and the 加处罚款 accrued until today, as before
        assert "已加处罚款¥15,000.00（人民币壹万伍仟元整）" in text
        assert "缴纳罚没款¥50,000.00（人民币伍万元整）及加处罚款，截至2026年6月26日合计¥65,000.00" in text
    # still one sheet, its 落款 under the account
    drafted = draft_document(db, overdue, find_form("performance_demand"), {"decision_no": DECISION})
    assert render_pdf(drafted).pages == 1
    # the same sentence the decision prints, from the same source
    assert (
        default_values(find_form("performance_demand"), case_context(db, overdue))["payment_details"] == LINES
    )


def test_a_town_offices_demand_names_the_bureaus_account(db, overdue):
    set_agency_details(db, NANHAI, ACCOUNT)
    set_agency_details(db, GUICHENG, {"contact_phone": "0757-86225678"})  # the office's own telephone
    db.execute("UPDATE cases SET agency_id = ? WHERE id = ?", [GUICHENG, overdue.id])
    case = get_case(db, overdue.id)
    for text in demand(db, case):
        assert HOW + LINES in text
        assert "联系电话：0757-86225678" in text  # the office's telephone, the bureau's account


def test_the_officer_may_write_another_account(db, overdue):
    set_agency_details(db, NANHAI, ACCOUNT)
    pdf, docx = demand(
        db, overdue, {"payment_details": "收款银行：中国农业银行佛山分行；账号：44000000001。"}
    )
    for text in (pdf, docx):
        assert HOW + "收款银行：中国农业银行佛山分行；账号：44000000001。" + DEFENCE in text
        assert ACCOUNT["account_number"] not in text


def test_without_an_account_the_demand_keeps_its_old_words(db, overdue):
    """The test databases' bureaus have their telephone and address set, no account."""
    form = find_form("performance_demand")
    field = next(field for field in form.fields if field.name == "payment_details")
    assert field.label == "收款账户"  # the editor shows it, empty
    assert default_values(form, case_context(db, overdue))["payment_details"] in (None, "")
    for text in demand(db, overdue):
        assert HOW + DEFENCE in text
        assert "收款银行" not in text and "账号" not in text


def test_a_kept_draft_takes_the_account_set_since_unless_the_officer_cleared_it(db, overdue):
    form = find_form("performance_demand")
    kept = {"decision_no": DECISION, "payment": HOW}  # kept before the form gave the account (version 2)
    set_agency_details(db, NANHAI, ACCOUNT)
    context = case_context(db, overdue)
    assert resumed_values(form, kept, context, None)["payment_details"] == LINES
    # kept empty while 本局文书信息 had none, the account set since
    assert (
        resumed_values(form, {**kept, "payment_details": ""}, context, {"payment_details": ""})[
            "payment_details"
        ]
        == LINES
    )
    # begun with the account, the officer emptied it (to write it by hand)
    assert (
        resumed_values(form, {**kept, "payment_details": ""}, context, {"payment_details": LINES})[
            "payment_details"
        ]
        == ""
    )


# ---- issuing it without an account: warned as the 行政处罚决定书 is (stage_rules._no_account) --------------------

NO_ACCOUNT = "The 催告书 names no account to pay into"


def issued_warnings(db, data_dir, case, tmp_path, capsys, values=None) -> list[str]:
    """The warnings of ``docs issue --json`` of the case's 催告书."""
    path = tmp_path / "values.json"
    path.write_text(json.dumps({"decision_no": DECISION, **(values or {})}, ensure_ascii=False), encoding="utf-8")
    db.conn.commit()
    result = run_json(capsys, "--data-dir", data_dir, "docs", "issue", case.case_number, "--form",
                      "performance_demand", "--values", path, "-o", tmp_path / "demand.pdf")
    assert result["number"]  # issued all the same: a warning, not a refusal
    return result.get("warnings", [])


def test_docs_issue_warns_of_a_demand_naming_no_account_where_to_set_it(db, data_dir, overdue, tmp_path, capsys,
                                                                         english):
    warned = [w for w in issued_warnings(db, data_dir, overdue, tmp_path, capsys) if w.startswith(NO_ACCOUNT)]
    assert len(warned) == 1
    assert "收款银行、户名、账号" in warned[0] and "本局文书信息" in warned[0] and "station details" in warned[0]


def test_a_demand_naming_an_account_is_not_warned(db, data_dir, overdue, tmp_path, capsys, english):
    set_agency_details(db, NANHAI, ACCOUNT)  # from 本局文书信息
    assert not [w for w in issued_warnings(db, data_dir, overdue, tmp_path, capsys) if w.startswith(NO_ACCOUNT)]


def test_a_demand_with_the_account_written_in_is_not_warned(db, data_dir, overdue, tmp_path, capsys, english):
    written = {"payment_details": "收款银行：中国农业银行佛山分行；账号：44000000001。"}
    assert not [w for w in issued_warnings(db, data_dir, overdue, tmp_path, capsys, written)
                if w.startswith(NO_ACCOUNT)]


def test_a_town_offices_demand_takes_its_bureaus_account_unwarned(db, data_dir, overdue, tmp_path, capsys, english):
    set_agency_details(db, NANHAI, ACCOUNT)  # its fines are paid into the bureau's account
    set_agency_details(db, GUICHENG, {"contact_phone": "0757-86225678"})  # the office's own telephone, no account
    db.execute("UPDATE cases SET agency_id = ? WHERE id = ?", [GUICHENG, overdue.id])
    case = get_case(db, overdue.id)
    assert not [w for w in issued_warnings(db, data_dir, case, tmp_path, capsys) if w.startswith(NO_ACCOUNT)]


@pytest.mark.gui
def test_the_window_asks_about_a_demand_naming_no_account_before_issuing(db, overdue, prompts, english):
    from ui.case_documents import confirm_case_issue
    from workstation.documents.issuing import check_issue

    form = find_form("performance_demand")
    values, _context = check_issue(db, overdue, form, {"decision_no": DECISION})
    confirm_case_issue(prompts, None, db, overdue, form, values=values)
    assert NO_ACCOUNT in prompts.confirmations[-1] and "本局文书信息" in prompts.confirmations[-1]


# ---- an account lacking some of its parts: warned naming exactly those (stage_rules._no_account) ---------------

LACKING = "The account the 催告书 names to pay into has no"


def test_docs_issue_warns_of_a_demand_whose_account_gives_only_its_bank(db, data_dir, overdue, tmp_path, capsys,
                                                                         english):
    set_agency_details(db, NANHAI, {"bank": ACCOUNT["bank"]})
    warnings = issued_warnings(db, data_dir, overdue, tmp_path, capsys)
    assert [w for w in warnings if w.startswith(LACKING)] == [
        "The account the 催告书 names to pay into has no 户名、账号. This bureau's 户名、账号 are not set: set them in "
        "文件 → 本局文书信息…（命令行：station details）, or write them in the 收款账户 field."]
    assert not [w for w in warnings if w.startswith(NO_ACCOUNT)]


def test_a_demand_whose_bureau_gives_only_the_electronic_payment_is_warned_of_all_three(db, data_dir, overdue,
                                                                                        tmp_path, capsys, english):
    set_agency_details(db, NANHAI, {"e_payment": ACCOUNT["e_payment"]})
    warned = [w for w in issued_warnings(db, data_dir, overdue, tmp_path, capsys) if w.startswith(LACKING)]
    assert len(warned) == 1 and warned[0].startswith(LACKING + " 收款银行、户名、账号.")


def test_an_account_written_in_without_its_name_is_warned_of_the_name(db, data_dir, overdue, tmp_path, capsys,
                                                                      english):
    set_agency_details(db, NANHAI, ACCOUNT)  # the bureau gives all three; the officer wrote another account
    written = {"payment_details": "收款银行：中国农业银行佛山分行；账号：44000000001。"}
    warned = [w for w in issued_warnings(db, data_dir, overdue, tmp_path, capsys, written) if w.startswith(LACKING)]
    assert warned == ["The account the 催告书 names to pay into has no 户名. Write it in the 收款账户 field, as "
                      "本局文书信息 gives it."]


def test_docs_issue_warns_of_a_decision_whose_account_gives_only_its_bank(db, data_dir, make_case, tmp_path, capsys,
                                                                          english):
    case = make_case(status="decision_pending", filed_on="2026-02-20", notice_served_on="2026-03-02",
                     notice_waived=True, fine_fen=500_000, violations=["unsolicited_commercial_messages"],
                     facts="经查，当事人于2026年1月至2月，未经消费者同意向其发送商业性短信1,200条。")
    set_agency_details(db, NANHAI, {"bank": ACCOUNT["bank"]})
    path = tmp_path / "values.json"
    path.write_text(json.dumps({"decided_on": "2026-03-10", "fine_fen": "5000",
                                "party_address": "佛山市南海区桂城街道南海大道1号"}, ensure_ascii=False), encoding="utf-8")
    db.conn.commit()
    result = run_json(capsys, "--data-dir", data_dir, "docs", "issue", case.case_number, "--form", "penalty_decision",
                      "--values", path, "-o", tmp_path / "decision.pdf")
    assert result["number"]
    assert [w for w in result["warnings"] if "account" in w] == [
        "The account the decision names to pay into has no 户名、账号. This bureau's 户名、账号 are not set: set them "
        "in 文件 → 本局文书信息…（命令行：station details）, or write them in the 收款账户 field."]


@pytest.mark.gui
def test_the_window_asks_about_a_demand_whose_account_gives_only_its_bank(db, overdue, prompts, english):
    from ui.case_documents import confirm_case_issue
    from workstation.documents.issuing import check_issue

    set_agency_details(db, NANHAI, {"bank": ACCOUNT["bank"], "account_name": ACCOUNT["account_name"]})
    form = find_form("performance_demand")
    values, _context = check_issue(db, overdue, form, {"decision_no": DECISION})
    confirm_case_issue(prompts, None, db, overdue, form, values=values)
    assert LACKING + " 账号. This bureau's 账号 is not set: set it in" in prompts.confirmations[-1]
