"""The 行政处罚告知书 and 行政处罚决定书 say and refuse what the law requires: no notice once the party's decision is
made (行政处罚法 arts. 44, 62); no decision without its evidence (art. 59), a warning without discretion reasoning
or an account to pay into; the decision orders the correction first (art. 28); the notice names the telephone and
address the party states, defends and asks for a hearing through, from the bureau's details (``agency_details``)."""

from __future__ import annotations

import io
import json

import docx
import pytest

from tests.helpers import TEST_EVIDENCE_LISTED, pdf_text, run, run_json
from workstation.agency_details import agency_details, set_agency_details
from workstation.documents.drafts import find_form
from workstation.documents.issuing import check_issue, document_pdf, issue_document, void_document
from workstation.documents.stage_rules import in_window, stage_warnings, state_refusal
from workstation.errors import ValidationError, WorkstationError
from workstation.store import agency_id_for_code, get_case
from workstation.store.base import get_setting

FACTS = "经查，当事人于2026年1月至2月，未经消费者同意向其发送商业性短信1,200条。"
ADDRESS = "佛山市南海区桂城街道南海大道1号"
EVIDENCE = "1.当事人营业执照复印件；\n2.询问笔录（2026年3月2日）。"
DISCRETION = "当事人系初次违法，且能积极配合调查，依法从轻处罚。"
DECISION = {"decided_on": "2026-03-10", "fine_fen": "5000", "party_address": ADDRESS, "evidence": EVIDENCE,
            "discretion": DISCRETION}
CONTACT = {"contact_phone": "0757-86281234", "contact_address": "佛山市南海区桂城街道南海大道北1号"}
NOTICE = {"fine_fen": "5000", "issued_on": "2026-03-01", **CONTACT}
NANHAI = agency_id_for_code("440605")
ACCOUNT = {"bank": "中国工商银行佛山南海支行", "account_name": "佛山市南海区财政局", "account_number": "2013000000000001",
           "e_payment": "也可通过广东省非税收入电子缴款平台缴纳"}


def issue(db, data_dir, case, form_id, values, party=None):
    return issue_document(db, data_dir, get_case(db, case.id), find_form(form_id), values, party_id=party)


@pytest.fixture
def awaiting(make_case):
    """A case with one party awaiting its decision, the party having waived its statement."""
    return make_case(status="decision_pending", filed_on="2026-02-20", notice_served_on="2026-03-02",
                     notice_waived=True, facts=FACTS, fine_fen=500_000, violations=["unsolicited_commercial_messages"])


@pytest.fixture
def investigated(make_case):
    return make_case(status="under_review", filed_on="2026-02-20", facts=FACTS, fine_fen=500_000)


# ---- 1. no notice after the decision ----------------------------------------------------------------------------

def test_the_notice_is_refused_once_the_decision_is_issued_naming_its_number_and_date(db, data_dir, awaiting,
                                                                                      english):
    decision = issue(db, data_dir, awaiting, "penalty_decision", DECISION)
    with pytest.raises(WorkstationError) as refused:
        check_issue(db, get_case(db, awaiting.id), find_form("pre_penalty_notice"), NOTICE)
    message = str(refused.value)
    assert message.startswith(f"The case's decision was already made (行政处罚决定书{decision.number}，2026年3月10日)")
    assert "行政处罚法 arts. 44, 62" in message and "void it first" in message
    void_document(db, decision.id, "决定有误")  # voided: the case may be notified again
    values, _context = check_issue(db, get_case(db, awaiting.id), find_form("pre_penalty_notice"), NOTICE)
    assert values["contact_phone"] == CONTACT["contact_phone"]


def test_a_closed_case_refuses_the_notice_in_the_chooser_as_in_issuing(db, data_dir, make_case, prompts, qtbot,
                                                                       english):
    from ui.case_documents import CaseDocuments

    closed = make_case(status="closed", filed_on="2026-02-20", decided_on="2026-03-10", facts=FACTS)
    refusal = state_refusal(db, closed, "pre_penalty_notice")
    assert refusal.startswith("The case's decision was already made (2026-03-10)")
    with pytest.raises(WorkstationError) as refused:
        check_issue(db, closed, find_form("pre_penalty_notice"), NOTICE)
    assert str(refused.value) == refusal
    section = CaseDocuments(db, data_dir, closed, prompts)
    qtbot.addWidget(section)
    # greyed out, the reason its tooltip
    assert section.form_choice.refusal("pre_penalty_notice") == f"Not for this case: {in_window(refusal)}"


def test_the_command_line_refuses_the_notice_after_the_decision(db, data_dir, awaiting, capsys, tmp_path, english):
    decision = issue(db, data_dir, awaiting, "penalty_decision", DECISION)
    values = tmp_path / "notice.json"
    values.write_text(json.dumps(NOTICE, ensure_ascii=False), encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", awaiting.case_number, "--form",
                          "pre_penalty_notice", "--values", values, "-o", tmp_path / "notice.pdf")
    assert code == 1 and f"行政处罚决定书{decision.number}" in err and not (tmp_path / "notice.pdf").exists()


# ---- 2. the decision's evidence and discretion ------------------------------------------------------------------

def test_a_decision_without_evidence_is_refused_and_its_draft_warned_saying_where_it_comes_from(db, data_dir,
                                                                                               awaiting, english):
    set_agency_details(db, NANHAI, ACCOUNT)
    case = get_case(db, awaiting.id)
    with pytest.raises(WorkstationError) as refused:  # tests/test_decision_evidence.py: the refusal, every way
        check_issue(db, case, find_form("penalty_decision"), {**DECISION, "evidence": ""})
    assert "行政处罚法 arts. 40, 59" in str(refused.value) and "evidence add" in str(refused.value)
    warned = [w for w in stage_warnings(db, case, "penalty_decision", {**DECISION, "evidence": ""})
              if "证据 is empty" in w]
    assert warned and "行政处罚法 art. 59" in warned[0] and "evidence add" in warned[0]
    assert "filled in from them" in warned[0]


def test_the_case_evidence_register_fills_the_decision_in_and_lets_it_issue(db, data_dir, awaiting, tmp_path):
    from workstation.store.evidence import add_evidence

    listing = tmp_path / "客户名单.xlsx"
    listing.write_bytes(b"customers")
    add_evidence(db, data_dir, awaiting.id, listing, kind="other", source="当事人办公电脑", collected_on="2026-03-05")
    values = {key: value for key, value in DECISION.items() if key != "evidence"}
    decision = issue(db, data_dir, awaiting, "penalty_decision", values)
    # the register's items, numbered from 1: no licence copy the register does not hold
    assert decision.values["evidence"] == (f"1.{TEST_EVIDENCE_LISTED.format(date='2026年2月20日')}；\n"
                                           "2.证据材料一份（当事人办公电脑，2026年3月5日）。")
    assert "上述事实，有下列证据证明：" in pdf_text(document_pdf(db, data_dir, decision.id))


def test_empty_discretion_is_warned_not_refused(db, data_dir, awaiting, english):
    set_agency_details(db, NANHAI, ACCOUNT)
    case = get_case(db, awaiting.id)
    values, _context = check_issue(db, case, find_form("penalty_decision"), {**DECISION, "discretion": ""})
    warnings = stage_warnings(db, case, "penalty_decision", values)
    assert [w for w in warnings if w.startswith("The 裁量理由 is empty")]
    values, _context = check_issue(db, case, find_form("penalty_decision"), DECISION)
    assert not stage_warnings(db, case, "penalty_decision", values)


# ---- 3. 责令改正 ----------------------------------------------------------------------------------------------------

def test_the_decision_orders_the_correction_first_unless_unticked(db, data_dir, awaiting, capsys, tmp_path):
    decision = issue(db, data_dir, awaiting, "penalty_decision", DECISION)
    text = pdf_text(document_pdf(db, data_dir, decision.id)).replace("\n", "")
    # 责令改正 is no penalty (行政处罚法 arts. 9, 28): its own sentence, and the fine alone is the penalty
    assert "本局责令当事人改正上述违法行为，并决定对当事人作出如下行政处罚：罚款¥" in text
    assert "1.责令当事人改正" not in text
    values = tmp_path / "values.json"
    for ticked in (True, False):
        values.write_text(json.dumps({**DECISION, "order_correction": ticked}, ensure_ascii=False), encoding="utf-8")
        out = tmp_path / f"decision{ticked}.docx"
        code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", awaiting.case_number, "--form",
                              "penalty_decision", "--values", values, "--format", "docx", "-o", out)
        assert code == 0, err
        paragraphs = [p.text for p in docx.Document(io.BytesIO(out.read_bytes())).paragraphs]
        ordered = any(p.endswith("本局责令当事人改正上述违法行为，并决定对当事人作出如下行政处罚：") for p in paragraphs)
        assert ordered is ticked
        assert any(p.endswith("本局决定对当事人作出如下行政处罚：") for p in paragraphs) is not ticked
        assert not any("1.责令当事人改正" in p for p in paragraphs)
        assert any(p.startswith("罚款¥") for p in paragraphs)  # the one penalty: not numbered


# ---- 4. the account to pay into --------------------------------------------------------------------------------

def test_the_payment_account_is_printed_from_the_bureaus_details(db, data_dir, awaiting):
    set_agency_details(db, NANHAI, ACCOUNT)
    decision = issue(db, data_dir, awaiting, "penalty_decision", DECISION)
    text = pdf_text(document_pdf(db, data_dir, decision.id)).replace("\n", "")
    assert ("收款银行：中国工商银行佛山南海支行；户名：佛山市南海区财政局；账号：2013000000000001。"
            "也可通过广东省非税收入电子缴款平台缴纳。") in text


def test_a_decision_with_no_account_set_is_warned_naming_where_to_set_it(db, data_dir, awaiting, capsys, tmp_path,
                                                                        english):
    values = tmp_path / "values.json"
    values.write_text(json.dumps(DECISION, ensure_ascii=False), encoding="utf-8")
    result = run_json(capsys, "--data-dir", data_dir, "docs", "issue", awaiting.case_number, "--form",
                                 "penalty_decision", "--values", values, "-o", tmp_path / "decision.pdf")
    warned = [w for w in result["warnings"] if w.startswith("The decision names no account to pay into")]
    assert warned and "收款银行、户名、账号" in warned[0] and "station details" in warned[0]
    assert "本局文书信息" in warned[0]


def test_the_command_line_sets_and_shows_the_bureaus_details(db, data_dir, capsys, english):
    result = run_json(capsys, "--data-dir", data_dir, "station", "details", "--agency", "440605",
                      "--contact-phone", "0757 8628 1234", "--bank", ACCOUNT["bank"])
    assert result["contact_phone"] == "0757-86281234" and result["bank"] == ACCOUNT["bank"]
    result = run_json(capsys, "--data-dir", data_dir, "station", "details", "--agency", "440605")
    assert result["account_number"] == "" and result["agency"] == "440605"
    before = get_setting(db, "agency_details." + NANHAI)
    code, _out, err = run(capsys, "--data-dir", data_dir, "station", "details", "--agency", "440605",
                          "--contact-phone", "12")
    assert code == 1 and "联系电话" in err and "is not a telephone number" in err
    assert get_setting(db, "agency_details." + NANHAI) == before  # nothing changed


def test_the_window_edits_the_bureaus_details(db, data_dir, qtbot, english):
    from ui.agency_details_dialog import AgencyDetailsDialog
    from workstation.store.base import set_setting

    set_setting(db, "station_agency", NANHAI)
    dialog = AgencyDetailsDialog(db)
    qtbot.addWidget(dialog)
    before = agency_details(db, NANHAI)
    dialog.edits["contact_phone"].setText("12")
    assert not dialog.save() and "is not a telephone number" in dialog.errors["contact_phone"].text()
    assert agency_details(db, NANHAI) == before
    dialog.edits["contact_phone"].setText("075786281234")
    dialog.edits["account_number"].setText("2013000000000001")
    assert dialog.save()
    assert agency_details(db, NANHAI)["contact_phone"] == "0757-86281234"
    assert agency_details(db, NANHAI)["account_number"] == "2013000000000001"


# ---- 5. the notice's contact telephone and address --------------------------------------------------------------

def no_contact(db):
    """The bureau's telephone and address not set (the test databases have them, ``conftest.TEST_CONTACT``)."""
    set_agency_details(db, NANHAI, {"contact_phone": "", "contact_address": ""})


def test_a_notice_without_telephone_or_address_is_refused_naming_both(db, investigated, english):
    no_contact(db)
    values = {"fine_fen": "5000", "issued_on": "2026-03-01"}
    with pytest.raises(ValidationError) as refused:
        check_issue(db, investigated, find_form("pre_penalty_notice"), values)
    assert "联系电话、联系地址 must be filled in before issuing" in str(refused.value)


def test_the_notice_takes_telephone_and_address_from_the_bureaus_details(db, data_dir, investigated):
    set_agency_details(db, NANHAI, CONTACT)
    notice = issue(db, data_dir, investigated, "pre_penalty_notice", {"fine_fen": "5000", "issued_on": "2026-03-01"})
    text = pdf_text(document_pdf(db, data_dir, notice.id)).replace("\n", "")
    assert "联系电话：0757-86281234" in text and "联系地址：佛山市南海区桂城街道南海大道北1号" in text


def test_the_command_line_refuses_a_notice_without_contact(db, data_dir, investigated, capsys, tmp_path, english):
    no_contact(db)
    values = tmp_path / "notice.json"
    values.write_text(json.dumps({"fine_fen": "5000", "issued_on": "2026-03-01"}), encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", investigated.case_number, "--form",
                          "pre_penalty_notice", "--values", values, "-o", tmp_path / "notice.pdf")
    assert code == 1 and "联系电话、联系地址" in err and not (tmp_path / "notice.pdf").exists()
    assert db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0
