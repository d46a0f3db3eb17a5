"""Documents the law does not allow at the case's stage or on their date are refused before a number is taken
(``stage_rules.stage_refusal`` through ``issuing.check_issue``), naming the date or the step and what to do; the
涉嫌犯罪案件移送书 of a case below the criminal thresholds is issued with a warning; forms' ``not_before`` /
``not_after`` keep their dates after the case's own (filing, the notice's service, the lead). A 执法证号 typed that is
not the register's for the officer named, or is another officer's, is warned about in the window and on the command
line, never refused (an officer of another bureau may take part)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests import helpers
from tests.helpers import run_json
from workstation.documents.drafts import find_form
from workstation.documents.interview_documents import check_interview_issue
from workstation.documents.issuing import check_issue, issue_document
from workstation.documents.stage_rules import stage_warnings
from workstation.errors import ValidationError, WorkstationError
from workstation.formkit.values import case_context, default_values
from workstation.store import get_case, get_party, save_party
from workstation.store.interviews import get_interview

INTERVIEW = "2665d286-9309-541e-9d11-f29c98a11471"  # demo interview of one developer's agent (铎恒置业)


def refusal(db, case, form_id: str, **values) -> str:
    """The message refusing ``form_id`` for ``case`` with ``values`` (a field's: "label: message")."""
    with pytest.raises(WorkstationError) as refused:
        check_issue(db, get_case(db, case.id), find_form(form_id), values)
    if isinstance(refused.value, ValidationError):
        return " ".join(f"{label}: {message}" for label, message in refused.value.errors.items())
    return refused.value.message


def allowed(db, case, form_id: str, **values) -> dict:
    return check_issue(db, get_case(db, case.id), find_form(form_id), values)[0]


FACTS = "当事人未经消费者同意，通过外呼平台向消费者拨打楼盘推销电话。"


@pytest.fixture
def make_case(db, make_case):
    """Cases whose party has an address and whose facts are written, so that only the rule under test refuses."""
    def make(**fields):
        case = make_case(**{"facts": FACTS, **fields})
        party = get_party(db, case.party_ids[0])
        if not party.address:
            save_party(db, replace(party, address="佛山市南海区桂城街道南海大道1号"))
        return case

    return make


@pytest.fixture
def investigating(make_case):
    return make_case(status="investigating", lead_received_on="2026-02-20", filed_on="2026-03-02",
                     act_on="2026-02-10")


# ---- 1. 延长行政强制措施期限决定书 --------------------------------------------------------------------------------

EXTENSION = {"measured_on": "2026-03-03", "original_until": "2026-04-02", "reason": "案情复杂",
             "decision_no": "佛南市监强〔2026〕1号", "objects": "电脑主机1台"}


def test_an_extension_decided_after_the_original_period_is_refused(db, investigating, english):
    message = refusal(db, investigating, "compulsory_measure_extension", **EXTENSION, decided_on="2026-04-03",
                      extended_until="2026-04-20")
    assert "决定日期" in message and "2026-04-02" in message
    allowed(db, investigating, "compulsory_measure_extension", **EXTENSION, decided_on="2026-04-01",
            extended_until="2026-04-20")


def test_an_extension_must_run_past_the_original_end(db, investigating, english):
    message = refusal(db, investigating, "compulsory_measure_extension", **EXTENSION, decided_on="2026-03-20",
                      extended_until="2026-03-30")
    assert "延长至" in message and "2026-04-02" in message


# ---- 2. 强制执行申请书 ----------------------------------------------------------------------------------------

APPLICATION = {"decided_on": "2026-01-05", "decision_served_on": "2026-01-06", "unpaid_fen": "5000",
               "decision_no": "佛南市监处〔2026〕1号", "court": "佛山市南海区人民法院", "head_post": "局长",
               "attachments": "行政处罚决定书"}


def test_enforcement_waits_for_the_demand_and_the_remedy_periods(db, make_case, english):
    from workstation.records import ClockEvent
    from workstation.store.clock_events import record_clock_event

    case = make_case(status="served", filed_on="2025-12-01", decided_on="2026-01-05", served_on="2026-01-06",
                     fine_fen=500000)
    # no 催告书 service recorded: refused; the two 催告书 services the application is tried with, recorded
    assert "No 催告书 service is recorded" in refusal(db, case, "enforcement_application", **APPLICATION,
                                                       signed_on="2026-08-01")
    for day in ("2026-05-04", "2026-07-20"):
        record_clock_event(db, ClockEvent(case_id=case.id, kind="demand", starts_on=day))
    assert "催告书送达日期" in refusal(db, case, "enforcement_application", **APPLICATION, signed_on="2026-08-01")
    # ten working days after 2026-07-20 (Monday) run until 2026-08-03
    message = refusal(db, case, "enforcement_application", **APPLICATION, demand_served_on="2026-07-20",
                      signed_on="2026-07-31")
    assert "2026-08-03" in message and "2026-08-04" in message
    # six months to sue after 2026-01-06: until 2026-07-06; the demand too late here is no matter
    message = refusal(db, case, "enforcement_application", **APPLICATION, demand_served_on="2026-05-04",
                      signed_on="2026-06-30")
    assert "2026-07-06" in message and "2026-07-07" in message
    allowed(db, case, "enforcement_application", **APPLICATION, demand_served_on="2026-07-20",
            signed_on="2026-08-04")


# ---- 3. 行政处罚听证通知书 --------------------------------------------------------------------------------------

def test_a_hearing_notice_needs_a_hearing_request(db, make_case, english):
    case = make_case(status="pre_notice", filed_on="2026-03-02", notice_served_on="2026-03-20")
    message = refusal(db, case, "hearing_notice", issued_on="2026-03-23", hearing_date="2026-04-10")
    assert "No hearing request" in message


def test_a_hearing_notice_after_the_decision_is_refused(db, make_case, english):
    case = make_case(status="served", filed_on="2026-03-02", notice_served_on="2026-03-20",
                     decided_on="2026-04-20", served_on="2026-04-21")
    assert "before the decision" in refusal(db, case, "hearing_notice", issued_on="2026-04-22")


#: the hour and place of the hearing a notice is issued with (required to issue)
HEARING_AT = {"hearing_time": "上午9时30分", "hearing_place": "本局三楼听证室"}
#: who presides and who records it, also required to issue (行政处罚法 art. 64(4): the party may ask for recusal)
HEARING_STAFF = {"chair": "李主持", "clerk": "王记录"}


def test_the_hearing_is_seven_working_days_after_the_notice(db, make_case, english):
    case = make_case(status="hearing", filed_on="2026-03-02", notice_served_on="2026-03-20")
    # 2026-03-23 is a Monday: the seventh working day after it is Wednesday 2026-04-01
    message = refusal(db, case, "hearing_notice", issued_on="2026-03-23", hearing_date="2026-03-31", **HEARING_AT,
                      **HEARING_STAFF)
    assert "2026-04-01" in message and "听证日期" in message
    allowed(db, case, "hearing_notice", issued_on="2026-03-23", hearing_date="2026-04-01", **HEARING_AT,
            **HEARING_STAFF)


def test_a_hearing_notice_without_its_time_or_place_is_refused_naming_them(db, make_case, english):
    case = make_case(status="hearing", filed_on="2026-03-02", notice_served_on="2026-03-20")
    message = refusal(db, case, "hearing_notice", issued_on="2026-03-23")
    assert message.startswith("听证日期: 听证日期、听证时间、听证地点、听证主持人、记录员 must be filled in before issuing"), \
        message
    message = refusal(db, case, "hearing_notice", issued_on="2026-03-23", hearing_date="2026-04-01",
                      hearing_time="上午9时30分", hearing_place=" ", **HEARING_STAFF)
    assert message.startswith("听证地点: 听证地点 must be filled in") and "听证时间" not in message
    assert allowed(db, case, "hearing_notice", issued_on="2026-03-23", hearing_date="2026-04-01",
                   **HEARING_AT, **HEARING_STAFF)["hearing_place"] == "本局三楼听证室"


def test_docs_issue_and_the_window_refuse_a_hearing_notice_without_its_time_and_place(db, data_dir, make_case,
                                                                                      opened, prompts, capsys,
                                                                                      tmp_path, english):
    from tests.helpers import numbers_taken, pdf_text, run
    from workstation.documents.drafts import draft_document

    case = make_case(status="hearing", filed_on="2026-03-02", notice_served_on="2026-03-20")
    taken = numbers_taken(db)
    editor = opened(db, "hearing_notice", get_case(db, case.id))
    prompts.confirm_answer = True
    editor.issue()
    assert editor.document is None \
        and "听证日期、听证时间、听证地点、听证主持人、记录员 must be filled in" in prompts.errors[-1]
    values, out = tmp_path / "values.json", tmp_path / "听证通知书.pdf"
    values.write_text('{"issued_on": "2026-03-23", "hearing_date": "2026-04-01", "hearing_place": "本局三楼听证室", '
                      '"chair": "李主持", "clerk": "王记录"}', encoding="utf-8")
    code, printed, err = run(capsys, "--data-dir", data_dir, "docs", "issue", case.id, "--form", "hearing_notice",
                             "--values", values, "-o", out)
    assert (code, printed, out.exists()) == (1, "", False) and "听证时间 must be filled in" in err, err
    assert numbers_taken(db) == taken
    # a draft may still lack them: printed with blanks to fill in by hand
    draft = draft_document(db, get_case(db, case.id), find_form("hearing_notice"),
                           {"issued_on": "2026-03-23", "hearing_date": "2026-04-01"})
    assert "2026年4月1日＿＿时＿＿分" in draft.text
    values.write_text('{"issued_on": "2026-03-23", "hearing_date": "2026-04-01", "hearing_time": "上午9时30分", '
                      '"hearing_place": "本局三楼听证室", "chair": "李主持", "clerk": "王记录"}', encoding="utf-8")
    code, printed, err = run(capsys, "--data-dir", data_dir, "docs", "issue", case.id, "--form", "hearing_notice",
                             "--values", values, "-o", out)
    assert code == 0, err
    assert "听证时间：2026年4月1日上午9时30分" in pdf_text(out.read_bytes()).replace(" ", "")


# ---- 4. 结案审批表 -------------------------------------------------------------------------------------------

def test_the_closing_reason_follows_how_the_case_ended(db, make_case):
    form = find_form("closing_approval")

    def ground(case):
        return default_values(form, case_context(db, get_case(db, case.id)))["ground"]

    assert ground(make_case(status="no_penalty", filed_on="2026-03-02")) == "不予处罚"
    assert ground(make_case(status="transferred_police", filed_on="2026-03-02")) == "移送司法"
    assert ground(make_case(status="performed", filed_on="2026-03-02")) == "决定执行完毕"
    assert ground(make_case(status="served", filed_on="2026-03-02", fine_fen=500000)) != "决定执行完毕"


def test_closing_as_performed_without_a_recorded_performance_is_refused(db, make_case, english):
    case = make_case(status="served", filed_on="2026-03-02", decided_on="2026-04-01", served_on="2026-04-02",
                     fine_fen=500000)
    message = refusal(db, case, "closing_approval", ground="决定执行完毕")
    assert "决定执行完毕" in message and "¥5,000.00" in message
    # nor as 其他 while closing itself is refused (since session 57): a suspended execution (中止执行) has not ended
    assert "has not ended" in refusal(db, case, "closing_approval", ground="其他", ground_other="经批准中止执行")


# ---- 5. 约谈通知书 -------------------------------------------------------------------------------------------

def test_an_interview_notice_is_dated_no_later_than_the_interview(demo_db, english, monkeypatch):
    for module in ("workstation.documents.interview_documents", "workstation.formkit.interview_values"):
        monkeypatch.setattr(f"{module}.today", lambda: "2026-09-10")  # a notice is sent before the interview
    interview = replace(get_interview(demo_db, INTERVIEW), status="scheduled", contact_phone="0757-83030000")
    form = find_form("interview_notice")
    values, _context = check_interview_issue(demo_db, interview, form)
    assert values["issued_on"] == "2026-09-10" <= interview.held_on  # the default: the day it is issued
    with pytest.raises(ValidationError) as refused:
        check_interview_issue(demo_db, interview, form, {"issued_on": "2026-12-31"})
    assert interview.held_on in refused.value.errors["落款日期"]


# ---- 6. 案件移送函 -------------------------------------------------------------------------------------------

def test_a_case_this_bureau_decided_is_not_transferred_by_letter(db, make_case, english):
    case = make_case(status="served", filed_on="2026-03-02", decided_on="2026-04-01", served_on="2026-04-02")
    message = refusal(db, case, "case_transfer_letter")
    assert "already decided" in message and "2026-04-01" in message


# ---- 7. 当场行政处罚决定书 -------------------------------------------------------------------------------------

ON_THE_SPOT = {"serial_no": "0001234", "fine_fen": "100", "place": "佛山市南海区桂城街道"}


def test_an_on_the_spot_decision_is_for_a_case_awaiting_filing(db, investigating, english):
    message = refusal(db, investigating, "on_the_spot_decision", **ON_THE_SPOT, decided_at="2026-03-05 10:00")
    assert "simple procedure" in message


def test_an_on_the_spot_decision_is_not_dated_before_the_lead_nor_to_come(db, make_case, english):
    case = make_case(lead_received_on="2026-02-20")
    assert "2026-02-20" in refusal(db, case, "on_the_spot_decision", **ON_THE_SPOT, decided_at="2026-02-19 10:00")
    assert "still to come" in refusal(db, case, "on_the_spot_decision", **ON_THE_SPOT,
                                      decided_at=f"{helpers.beijing_year() + 1}-01-01 10:00")


#: the 执法人员 of a 当场行政处罚决定书 as typed (the case's officers are 陈志强 44060512001 and 黄丽娟 44060512002)
TYPED = {**ON_THE_SPOT, "decided_at": "2026-03-05 10:00", "officer1_name": "陈志强", "officer1_cert": "44060512099",
         "officer2_name": "李明", "officer2_cert": "44060512002"}
WRONG_NUMBER = ("The 执法证号 given for 陈志强 is 44060512099, but the officers' register holds 44060512001 for "
                "陈志强: check the number against the certificate. Issue it all the same only for an officer of "
                "another bureau who bears the same name.")
OTHERS_NUMBER = ("The 执法证号 44060512002 given for 李明 is that of 黄丽娟 in the officers' register: check whose "
                 "certificate it is.")


def certificate_warnings(db, case, **values) -> list[str]:
    checked = allowed(db, case, "on_the_spot_decision", **values)
    return [w for w in stage_warnings(db, get_case(db, case.id), "on_the_spot_decision", checked) if "执法证号" in w]


def test_a_certificate_number_unlike_the_register_is_warned_about_naming_both(db, make_case, english):
    case = make_case()
    assert certificate_warnings(db, case, **TYPED) == [WRONG_NUMBER, OTHERS_NUMBER]
    # the register's numbers (typed in full width, as an input method may), or an officer it does not know: nothing
    assert certificate_warnings(db, case, **{**TYPED, "officer1_cert": "４４０６０５１２００１",
                                             "officer2_cert": "44010099001"}) == []


def test_docs_issue_warns_of_the_certificate_number_and_issues(db, data_dir, make_case, capsys, tmp_path, english):
    import json

    case = make_case()
    path = tmp_path / "values.json"
    path.write_text(json.dumps(TYPED, ensure_ascii=False), encoding="utf-8")
    result = run_json(capsys, "--data-dir", str(data_dir), "docs", "issue", case.case_number or case.id, "--form",
                      "on_the_spot_decision", "--values", str(path), "-o", str(tmp_path / "spot.pdf"))
    assert (tmp_path / "spot.pdf").exists() and WRONG_NUMBER in result["warnings"]
    assert OTHERS_NUMBER in result["warnings"]


@pytest.mark.gui
def test_the_window_asks_about_the_certificate_number_before_issuing(db, make_case, prompts, english):
    from ui.case_documents import confirm_case_issue

    case = make_case()
    form = find_form("on_the_spot_decision")
    values, _context = check_issue(db, case, form, TYPED)
    confirm_case_issue(prompts, None, db, case, form, values=values)
    assert WRONG_NUMBER in prompts.confirmations[-1] and OTHERS_NUMBER in prompts.confirmations[-1]


# ---- 8. 不予立案审批表 ---------------------------------------------------------------------------------------

def test_a_filed_case_takes_no_non_filing_approval(db, investigating, make_case, english):
    assert "2026-03-02" in refusal(db, investigating, "non_filing_approval")
    allowed(db, make_case(), "non_filing_approval")


# ---- 9. 涉嫌犯罪案件移送书 ------------------------------------------------------------------------------------

def approve_transfer(db, case) -> None:
    """The transfer report and the head's approval of it recorded, so that no missing approval is told."""
    helpers.approve_transfer(db, case, "2026-03-10", "2026-03-11")


def test_a_police_transfer_below_the_thresholds_is_warned_about_not_refused(db, data_dir, make_case, capsys,
                                                                              tmp_path, english):
    below = make_case(status="investigating", filed_on="2026-03-02", records_other=1200)
    approve_transfer(db, below)  # the head's approval recorded: only the thresholds are told
    warnings = stage_warnings(db, below, "police_transfer", {})
    assert len(warnings) == 1 and "1,200" in warnings[0] and "5,000" in warnings[0]
    reaching = make_case(status="investigating", filed_on="2026-03-02", records_other=6000)
    approve_transfer(db, reaching)
    assert stage_warnings(db, reaching, "police_transfer", {}) == []
    result = run_json(capsys, "--data-dir", str(data_dir), "docs", "issue", below.case_number, "--form",
                      "police_transfer", "-o", str(tmp_path / "transfer.pdf"))
    assert "1,200" in result["warnings"][0]


# ---- 10. dates against the case ----------------------------------------------------------------------------

def test_a_statement_record_is_not_before_the_notice_was_served(db, make_case, english):
    case = make_case(status="pre_notice", filed_on="2026-03-02", notice_served_on="2026-03-20")
    assert "2026-03-20" in refusal(db, case, "statement_record", time_from="2026-03-19 09:00")


def test_a_deferral_is_not_decided_before_filing_and_instalments_not_before_the_notice(db, make_case, english):
    case = make_case(status="served", filed_on="2026-03-02", decided_on="2026-04-01", served_on="2026-04-02",
                     fine_fen=500000)
    form = find_form("payment_deferral_notice")
    assert any(f.name == "decided_on" and f.not_before == "case.filed_on" for f in form.fields)
    typed = {"decision_no": "佛南市监处〔2026〕1号"}
    message = refusal(db, case, "payment_deferral_notice", **typed, decided_on="2026-03-01", signed_on="2026-04-10")
    assert "2026-03-02" in message
    message = refusal(db, case, "payment_deferral_notice", **typed, decided_on="2026-04-01", signed_on="2026-04-10",
                      deferred_to="2026-04-05")
    assert "延期缴纳至" in message and "2026-04-10" in message


def test_release_and_transfer_notices_are_not_dated_before_the_lead(db, investigating, english):
    assert "2026-02-20" in refusal(db, investigating, "preservation_release", preserved_on="2026-02-18",
                                   released_on="2026-03-01", signed_on="2026-02-19")
    assert "2026-02-20" in refusal(db, investigating, "seized_items_transfer_notice", measured_on="2026-02-18",
                                   transferred_on="2026-03-01", signed_on="2026-02-19")


def test_issuing_refuses_without_taking_a_number(db, data_dir, make_case, english):
    case = make_case(status="investigating", filed_on="2026-03-02")
    with pytest.raises(WorkstationError):
        issue_document(db, data_dir, get_case(db, case.id), find_form("non_filing_approval"))
    assert db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0


def test_the_editor_asks_before_issuing_a_transfer_below_the_thresholds(db, make_case, opened, prompts, english):
    case = get_case(db, make_case(status="investigating", filed_on="2026-03-02", records_other=1200).id)
    editor = opened(db, "police_transfer", case)
    prompts.confirm_answer = False  # the officer reads the warning and does not issue

    editor.issue()

    assert prompts.errors == []
    assert len(prompts.confirmations) == 1 and "below the criminal thresholds" in prompts.confirmations[0]
    assert "1,200" in prompts.confirmations[0]
    assert db.execute("SELECT COUNT(*) FROM documents").fetchone()[0] == 0
