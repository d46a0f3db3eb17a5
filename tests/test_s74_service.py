# ruff: noqa: F811 - the fixtures imported from other test modules are used by name
"""Session 74 audit of service (送达): the 送达回证 checked against the party's 送达地址确认书 (电子送达 of any document
only with its consent, SAMR rules art. 82; of the decision, Penalty Law art. 61), against the document it names (not
served before it was written) and against the service the case's step records; the step recorded with the
receipt's 送达日期 when none is given (command line and window, for the party chosen); an actual service during a
公告送达 period is the service only with a 送达回证 (not 公告送达) dated after the publication and by the deemed day
(T30 otherwise); the 送达地点 printed from the address the party confirmed; a 留置送达 with no 拒收事由 warned."""

from __future__ import annotations

import json

import pytest

from tests.helpers import run, run_json
from tests.test_doc_stage_rules import make_case  # noqa: F401
from workstation import clocks, procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.errors import TransitionRefused
from workstation.store import get_case

FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"
NOTICE_DAY = "2026-03-02"
CONFIRMED = "佛山市南海区桂城街道确认地址路8号"
# the fine in yuan, as typed; with its evidence, discretion and account, so that the decision's own warnings are not given
DECISION = {"decided_on": "2026-03-20", "party_address": "佛山市南海区桂城街道南海大道1号", "fine_fen": "30000",
            "evidence": "1.询问笔录。", "discretion": "当事人系初次违法，依法从轻处罚。",
            "payment_details": "收款银行：某银行；户名：某财政局；账号：1。"}


@pytest.fixture
def noticed(db, data_dir, make_case):
    """A case at review whose 行政处罚告知书 dated 2026-03-02 is issued, not yet served: (case, its 文号)."""
    case = make_case(status="under_review", filed_on="2026-02-20", review_on="2026-02-27", facts=FACTS)
    notice = issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"),
                            {"facts": FACTS, "issued_on": NOTICE_DAY, "warning": True, "fine_fen": "50000"})
    return get_case(db, case.id), notice.number


@pytest.fixture
def decided(db, data_dir, make_case):
    """A case whose 行政处罚决定书 dated 2026-03-20 is issued: (case, its 文号)."""
    case = make_case(status="decision_pending", filed_on="2026-03-02", notice_served_on="2026-03-03", facts=FACTS,
                     violations=["unsolicited_commercial_messages"])
    decision = issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"), DECISION)
    return get_case(db, case.id), decision.number


def confirm(db, data_dir, case, consent: str) -> None:
    """Issue the party's 送达地址确认书, consenting (同意) or not (不同意) to electronic service."""
    issue_document(db, data_dir, get_case(db, case.id), find_form("service_address_confirmation"),
                   {"address": CONFIRMED, "e_consent": consent, "sms_phone": "13800138000", "receiver": "张三"})


def receipt(capsys, data_dir, tmp_path, case, number: str, title: str = "行政处罚告知书", **values):
    """`docs issue` of the case's 送达回证 of ``number`` with ``values``: (exit code, the JSON or error text)."""
    receipt.count = getattr(receipt, "count", 0) + 1  # each to a file of its own
    path = tmp_path / "receipt.json"
    path.write_text(json.dumps({"served_document": f"{title}（{number}）", **values}, ensure_ascii=False),
                    encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", data_dir, "--json", "docs", "issue", case.case_number, "--form",
                         "delivery_receipt", "--values", path, "-o", tmp_path / f"receipt{receipt.count}.pdf")
    return code, (json.loads(out) if code == 0 else err)


def warnings(result) -> str:
    return " ".join(result.get("warnings", []))


# ---- 1. 电子送达 only with the party's consent ---------------------------------------------------------------------

def test_electronic_service_of_a_notice_without_consent_is_refused(db, data_dir, tmp_path, capsys, noticed, english):
    case, number = noticed
    code, err = receipt(capsys, data_dir, tmp_path, case, number, method="电子送达", served_on="2026-03-03")
    assert code != 0 and "records 电子送达, but no 送达地址确认书 of the party is issued" in err
    assert "(市场监督管理行政处罚程序规定 art. 82)" in err and "art. 61" not in err
    assert db.execute("SELECT COUNT(*) FROM documents WHERE form_id = 'delivery_receipt'").fetchone()[0] == 0
    confirm(db, data_dir, case, "不同意")
    code, err = receipt(capsys, data_dir, tmp_path, case, number, method="电子送达", served_on="2026-03-03")
    assert code != 0 and "does not consent to it (不同意)" in err
    confirm(db, data_dir, case, "同意")
    code, result = receipt(capsys, data_dir, tmp_path, case, number, method="电子送达", served_on="2026-03-03")
    assert code == 0 and "电子送达" not in warnings(result)


def test_electronic_service_of_any_document_without_consent_is_refused(db, data_dir, tmp_path, capsys, noticed,
                                                                        english):
    case, _number = noticed  # a receipt naming no document of the case's
    code, err = receipt(capsys, data_dir, tmp_path, case, "佛南市监听通〔2026〕1号", "听证通知书", method="电子送达",
                        served_on="2026-03-03")
    assert code != 0 and "records 电子送达" in err


def test_electronic_service_of_a_decision_without_consent_is_refused(db, data_dir, tmp_path, capsys, decided,
                                                                     english):
    case, number = decided
    code, err = receipt(capsys, data_dir, tmp_path, case, number, "行政处罚决定书", method="电子送达",
                        served_on="2026-03-21")
    assert code != 0 and "records 电子送达, but no 送达地址确认书" in err and "(行政处罚法 art. 61)" in err
    assert "Serve the decision another way" in err
    assert db.execute("SELECT COUNT(*) FROM documents WHERE form_id = 'delivery_receipt'").fetchone()[0] == 0
    confirm(db, data_dir, case, "不同意")
    code, err = receipt(capsys, data_dir, tmp_path, case, number, "行政处罚决定书", method="电子送达",
                        served_on="2026-03-21")
    assert code != 0 and "does not consent to it (不同意)" in err
    confirm(db, data_dir, case, "同意")
    code, result = receipt(capsys, data_dir, tmp_path, case, number, "行政处罚决定书", method="电子送达",
                           served_on="2026-03-21")
    assert code == 0 and "电子送达" not in warnings(result)


# ---- 2. the 送达日期 against the document and the step; the step's day from the receipt ----------------------------

def test_a_receipt_dated_before_the_document_it_names_is_refused(db, data_dir, tmp_path, capsys, noticed, english):
    case, number = noticed
    code, err = receipt(capsys, data_dir, tmp_path, case, number, method="直接送达", served_on="2026-02-28")
    assert code != 0 and f"The 送达日期 2026-02-28 of the 送达回证 is before 行政处罚告知书 {number}" in err
    assert "2026-03-02 or later" in err
    code, result = receipt(capsys, data_dir, tmp_path, case, number, method="直接送达", served_on=NOTICE_DAY)
    assert code == 0


def test_a_receipt_unlike_the_service_recorded_is_warned(db, data_dir, tmp_path, capsys, noticed, english):
    case, number = noticed
    run_json(capsys, "--data-dir", data_dir, "cases", "transition", case.case_number, "send_pre_notice", "--date",
             "2026-03-03")
    code, result = receipt(capsys, data_dir, tmp_path, case, number, method="邮寄送达", served_on="2026-03-05")
    assert code == 0
    assert (f"The 送达日期 2026-03-05 of the 送达回证 is not the service of 行政处罚告知书 {number} the case records "
            "(2026-03-03)") in warnings(result)
    code, result = receipt(capsys, data_dir, tmp_path, case, number, method="邮寄送达", served_on="2026-03-03")
    assert code == 0 and "is not the service" not in warnings(result)


def test_the_service_step_is_recorded_with_the_receipts_day(db, data_dir, tmp_path, capsys, noticed, english):
    case, number = noticed
    assert receipt(capsys, data_dir, tmp_path, case, number, method="邮寄送达", served_on="2026-03-05")[0] == 0
    run_json(capsys, "--data-dir", data_dir, "cases", "transition", case.case_number, "send_pre_notice")
    assert get_case(db, case.id).notice_served_on == "2026-03-05"
    # T4 counts from the receipt's day: five working days to 03-12, so ending the period on 03-10 is refused
    with pytest.raises(TransitionRefused):
        procedure.apply(db, case.id, "end_statement_period", on_date="2026-03-10")


@pytest.mark.gui
def test_the_service_dialog_starts_at_the_receipts_day(db, data_dir, tmp_path, capsys, noticed, make_window,
                                                       monkeypatch, english):
    import ui.transition_dialog
    from ui.transition_dialog import TransitionDialog

    case, number = noticed
    assert receipt(capsys, data_dir, tmp_path, case, number, method="直接送达", served_on="2026-03-04")[0] == 0
    shown = {}

    def answer(parent, transition, check=None, prompts=None, warning=None, parties=None, advice=None,
               proposal=None, payment=None):
        dialog = TransitionDialog(transition, parent, check=check, warning=warning, parties=parties, advice=advice)
        shown["date"] = dialog.date.date().toString("yyyy-MM-dd")
        return dialog.recorded()

    monkeypatch.setattr(ui.transition_dialog, "ask_transition", answer)
    make_window(db).open_case(case.id)._apply(procedure.BY_NAME["send_pre_notice"])
    assert shown["date"] == "2026-03-04"
    assert get_case(db, case.id).notice_served_on == "2026-03-04"


@pytest.mark.gui
def test_the_service_dialog_starts_at_the_chosen_partys_receipt(db, data_dir, make_case, make_window, monkeypatch,
                                                                english):
    import ui.transition_dialog
    from tests.test_party_case10 import with_employee
    from ui.transition_dialog import TransitionDialog
    from workstation.party_notices import services
    from workstation.records import today
    from workstation.store import parties_of_case

    made = make_case(status="under_review", filed_on="2026-02-20", review_on="2026-02-27", facts=FACTS)
    case, company, employee = with_employee(db, made)
    for party, served in ((company, "2026-03-04"), (employee, "2026-03-06")):
        notice = issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"),
                                {"facts": FACTS, "issued_on": NOTICE_DAY, "warning": True, "fine_fen": "50000"},
                                party_id=party)
        issue_document(db, data_dir, get_case(db, case.id), find_form("delivery_receipt"),
                       {"served_document": f"行政处罚告知书（{notice.number}）", "method": "直接送达",
                        "served_on": served}, party_id=party)
    seen = []

    def answer(parent, transition, check=None, prompts=None, warning=None, parties=None, advice=None,
               proposal=None, payment=None):
        dialog = TransitionDialog(transition, parent, check=check, warning=warning, parties=parties, advice=advice)

        def shown():
            seen.append((dialog.chosen_party(), dialog.date.date().toString("yyyy-MM-dd"),
                         dialog.info.text() if dialog.info.isVisibleTo(dialog) else ""))

        shown()  # opened on the first party not yet served: the company
        dialog.party.setCurrentIndex(dialog.party.findData(employee))
        shown()
        dialog.party.setCurrentIndex(0)  # all parties on one date: no receipt of theirs, today
        shown()
        dialog.party.setCurrentIndex(dialog.party.findData(company))
        dialog.date.setDate(dialog.date.date().addDays(1))  # a day of the officer's own stays
        dialog.party.setCurrentIndex(dialog.party.findData(employee))
        shown()
        dialog.date.setDate(dialog.date.date().addDays(1))
        shown()
        return (*dialog.recorded(), dialog.chosen_party())

    monkeypatch.setattr(ui.transition_dialog, "ask_transition", answer)
    make_window(db).open_case(case.id)._apply(procedure.BY_NAME["send_pre_notice"])
    assert seen[0][:2] == (company, "2026-03-04") and "records its service on 2026年3月4日" in seen[0][2]
    assert seen[1][:2] == (employee, "2026-03-06") and "2026年3月6日" in seen[1][2]
    assert seen[2] == (None, today(), "")
    assert seen[3][:2] == (employee, "2026-03-05") and "2026年3月6日" in seen[3][2]
    assert seen[4][:2] == (employee, "2026-03-06")
    assert services(db, get_case(db, case.id), parties_of_case(db, case.id)) == {employee: "2026-03-06"}


# ---- 3. an actual service during the 公告 period is the service ---------------------------------------------------

def publish(db, data_dir, case, published_on: str) -> None:
    issue_document(db, data_dir, get_case(db, case.id), find_form("service_public_notice"),
                   {"served_document": "《行政处罚告知书》", "published_on": published_on,
                    "reason": "受送达人下落不明，邮寄送达被退回", "collect_place": "本局法规科"})


def t4(db, case) -> clocks.Deadline:
    return next(d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-03-10") if d.clock == "T4")


def test_a_service_during_the_public_notice_period_is_the_service(db, data_dir, tmp_path, capsys, noticed,
                                                                  english):
    case, number = noticed
    publish(db, data_dir, case, "2026-03-03")
    assert receipt(capsys, data_dir, tmp_path, case, number, method="直接送达", served_on="2026-03-09")[0] == 0
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-09")
    period = t4(db, case)
    assert (period.start, period.due) == ("2026-03-09", "2026-03-16") and "deemed" not in period.calculation()
    assert procedure.apply(db, case.id, "end_statement_period", on_date="2026-03-17").status == "decision_pending"


def test_a_service_recorded_on_the_publication_is_deemed_thirty_days_later(db, data_dir, noticed, english):
    case, _number = noticed
    publish(db, data_dir, case, "2026-03-03")
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-03")
    period = t4(db, case)
    assert period.start == "2026-04-02" and "deemed served on 2026-04-02" in period.calculation()


def test_a_service_recorded_after_the_publication_counts_only_with_a_receipt(db, data_dir, tmp_path, capsys,
                                                                             noticed, english):
    case, number = noticed
    publish(db, data_dir, case, "2026-03-03")
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-04")
    period = t4(db, case)  # the day after the publication, no 送达回证: the publication's last posting, say
    assert period.start == "2026-04-02" and "deemed served on 2026-04-02" in period.calculation()
    # a receipt by 公告送达 is no actual service, nor one with no 送达方式 ticked, nor one dated after the deemed day
    assert receipt(capsys, data_dir, tmp_path, case, number, method="公告送达", served_on="2026-03-04")[0] == 0
    assert t4(db, case).start == "2026-04-02"
    assert receipt(capsys, data_dir, tmp_path, case, number, served_on="2026-03-04")[0] == 0
    assert t4(db, case).start == "2026-04-02"
    assert receipt(capsys, data_dir, tmp_path, case, number, method="直接送达", served_on="2026-04-03")[0] == 0
    assert t4(db, case).start == "2026-04-02"
    assert receipt(capsys, data_dir, tmp_path, case, number, method="直接送达", served_on="2026-03-04")[0] == 0
    period = t4(db, case)
    assert (period.start, period.due) == ("2026-03-04", "2026-03-11") and "deemed" not in period.calculation()


def test_a_decision_served_after_its_publication_counts_only_with_a_receipt(db, data_dir, tmp_path, capsys,
                                                                            decided, english):
    from workstation.document_clocks import deemed_of
    from workstation.formkit.values import case_context

    case, number = decided
    issue_document(db, data_dir, get_case(db, case.id), find_form("service_public_notice"),
                   {"served_document": "《行政处罚决定书》", "published_on": "2026-03-21",
                    "reason": "受送达人下落不明，邮寄送达被退回", "collect_place": "本局法规科"})
    procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-20")
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-22")
    served = get_case(db, case.id)
    assert deemed_of(db, served)["served_on"] == ("2026-03-21", "2026-04-20")
    assert case_context(db, served)["documents.decision_served_on"] == "2026-04-20"
    assert receipt(capsys, data_dir, tmp_path, case, number, "行政处罚决定书", method="邮寄送达",
                   served_on="2026-03-22")[0] == 0
    assert "served_on" not in deemed_of(db, served)
    assert case_context(db, served)["documents.decision_served_on"] == "2026-03-22"


# ---- 4. the 送达地点 the party confirmed --------------------------------------------------------------------------

def test_the_receipt_prints_the_confirmed_address(db, data_dir, tmp_path, capsys, noticed):
    from workstation.formkit.spec import earlier_form
    from workstation.formkit.values import case_context, default_values

    case, number = noticed
    form = find_form("delivery_receipt")
    assert form.version == 10 and earlier_form("delivery_receipt", 9).field("place").source == "party.address"
    assert default_values(form, case_context(db, get_case(db, case.id)))["place"] == "佛山市南海区桂城街道南海大道1号"
    confirm(db, data_dir, case, "同意")
    assert default_values(form, case_context(db, get_case(db, case.id)))["place"] == CONFIRMED
    code, _result = receipt(capsys, data_dir, tmp_path, case, number, method="直接送达", served_on="2026-03-03")
    assert code == 0
    from pypdf import PdfReader

    printed = "".join(page.extract_text() for page in PdfReader(tmp_path / f"receipt{receipt.count}.pdf").pages)
    assert "确认地址路8号" in printed.replace("\n", "")


# ---- 5. 留置送达 with no 拒收事由 ---------------------------------------------------------------------------------

def test_a_left_service_with_no_refusal_is_warned(db, data_dir, tmp_path, capsys, noticed, english):
    case, number = noticed
    code, result = receipt(capsys, data_dir, tmp_path, case, number, method="留置送达", served_on="2026-03-03")
    assert code == 0 and "records 留置送达 with its 拒收事由 empty" in warnings(result)
    assert "(市场监督管理行政处罚程序规定 art. 82)" in warnings(result) and "REFERENCE" not in warnings(result)
    code, result = receipt(capsys, data_dir, tmp_path, case, number, method="留置送达", served_on="2026-03-03",
                           refusal="当事人拒绝签收，见证人：社区工作人员王某")
    assert code == 0 and "留置送达" not in warnings(result)
