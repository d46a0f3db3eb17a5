"""From the second audit of closing and archiving: a 结案审批表 issued before the case ended, or with a 结案理由 its end
does not give, is refused, and closing with one in force that names another warns; a 解除行政强制措施决定书 names the
measure and objects of the decision it releases; a closing is not dated before the sheet's 报请日期, nor a sheet issued
dated after the closing without a word; a step refused in a closed case names the steps really offered; a decision
corrected after the payment tells what was paid against the new amount, and the sheet issued before it is out of date
in the case file."""

from __future__ import annotations

import pytest

from tests.test_s53_closing import _refused
from workstation import closing, procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import check_issue, issue_document
from workstation.documents.stage_rules import stage_warnings
from workstation.errors import TransitionRefused
from workstation.payments import Payment
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.clock_events import record_clock_event

SHEET = "closing_approval"


@pytest.fixture
def served(make_case):
    """A case decided (a fine of ¥10,000) and served outside the workstation, not paid."""
    return make_case(status="served", filed_on="2026-03-02", decided_on="2026-04-01", served_on="2026-04-02",
                     fine_fen=1_000_000)


def _paid(db, case, on="2026-04-10"):
    return procedure.apply(db, case.id, "record_performance", on_date=on,
                           payment=Payment(paid_fen=1_000_000, voucher="缴款书A1"))


def _sheet(db, data_dir, case, **values):
    return issue_document(db, data_dir, get_case(db, case.id), find_form(SHEET), values)


# ---- 1. the 结案理由 against the case's end ---------------------------------------------------------------------

def test_a_sheet_of_a_case_not_ended_is_refused_whatever_its_ground(db, served, english):
    message = _refused(check_issue, db, served, find_form(SHEET), {"ground": "移送司法", "proposed_on": "2026-04-05"})
    assert "has not ended" in message and "移送司法" in message, message


def test_a_sheet_naming_another_ground_than_the_case_ended_with_is_refused(db, data_dir, served, english):
    case = _paid(db, served)
    message = _refused(check_issue, db, case, find_form(SHEET), {"ground": "移送司法", "proposed_on": "2026-04-11"})
    assert "移送司法" in message and "决定执行完毕" in message, message
    assert _sheet(db, data_dir, case, proposed_on="2026-04-11").values["ground"] == "决定执行完毕"


def test_closing_with_a_sheet_naming_another_ground_warns(db, data_dir, served, english):
    case = _paid(db, served)
    _sheet(db, data_dir, case, proposed_on="2026-04-11")  # 决定执行完毕, as the case stood
    # a crime found after the decision: the police opened a case on it, which now ends 移送司法
    procedure.apply(db, case.id, "transfer_to_police", on_date="2026-04-12", reason="涉嫌侵犯公民个人信息罪")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="police_filed", starts_on="2026-04-15"))
    warned = [w.message for w in closing.closing_warnings(db, get_case(db, case.id), for_command_line=True)]
    assert any("决定执行完毕" in w and "移送司法" in w and "--supersedes" in w for w in warned), warned


# ---- 2. the release names the measure of the decision it releases --------------------------------------------

SEIZED = "1 | 台式计算机（存有客户名单） | 戴尔OptiPlex 3000 | 2台 | 主机"
RELEASED = {"released_on": "2026-11-25", "signed_on": "2026-11-25", "reason": "其他不再需要采取查封、扣押措施的情形",
            "reason_detail": "测试"}


@pytest.fixture
def seized(demo_db, data_dir):
    from workstation.store import find_case

    case = find_case(demo_db, "佛南市监立〔2026〕9号")  # demo: investigating, filed 2026-11-10
    decision = issue_document(demo_db, data_dir, case, find_form("compulsory_measure_decision"), {
        "legal_basis": "《中华人民共和国个人信息保护法》第六十三条第一款第（四）项", "measure": "扣押", "objects": "财物",
        "reason": "涉嫌违法", "items": SEIZED, "decided_on": "2026-11-20"})
    return case, decision


def _release(db, case, decision, **values):
    return check_issue(db, get_case(db, case.id), find_form("compulsory_measure_release"),
                       {"decision_no": decision.number, "items": SEIZED, **RELEASED, **values})


def test_a_release_ticking_another_measure_than_its_decision_is_refused(demo_db, seized, english):
    case, decision = seized
    message = _refused(_release, demo_db, case, decision, measure="查封")
    assert decision.number in message and "查封" in message and "扣押" in message, message
    assert _release(demo_db, case, decision)[0]["measure"] == "扣押"  # as drawn from the decision


def test_a_release_naming_objects_its_decision_did_not_take_is_refused(demo_db, seized, english):
    case, decision = seized
    message = _refused(_release, demo_db, case, decision, objects="场所、财物")
    assert decision.number in message and "场所" in message, message


# ---- 3. the closing's day against the sheet's 报请日期 -----------------------------------------------------------

def test_a_closing_dated_before_the_sheets_day_is_refused(db, data_dir, served, english):
    case = _paid(db, served)
    _sheet(db, data_dir, case, proposed_on="2026-04-12")
    message = _refused(procedure.apply, db, case.id, "close", on_date="2026-04-11")
    assert "2026-04-12" in message and "2026-04-11" in message, message
    assert procedure.date_refusal(db, get_case(db, case.id), "close", "2026-04-11") == message  # the window's check
    assert procedure.apply(db, case.id, "close", on_date="2026-04-12").closed_on == "2026-04-12"


def test_a_sheet_dated_after_the_closing_is_warned_of(db, data_dir, served, english):
    case = procedure.apply(db, _paid(db, served).id, "close", on_date="2026-04-11")
    warned = stage_warnings(db, case, SHEET, {"ground": "决定执行完毕", "proposed_on": "2026-04-13"})
    assert any("2026-04-13" in w and "2026-04-11" in w for w in warned), warned
    assert not any("2026-04-11" in w for w in stage_warnings(db, case, SHEET, {"proposed_on": "2026-04-11"}))


# ---- 4. a step refused in a closed case names the steps offered ------------------------------------------------

def test_a_step_refused_in_a_closed_case_names_only_the_steps_offered(db, data_dir, served, english):
    from workstation.vocabulary import shown_label

    case = procedure.apply(db, _paid(db, served).id, "close", on_date="2026-04-11")
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "serve_decision", on_date="2026-04-12")
    message = refused.value.message
    assert f"“{shown_label('transitions', 'archive')}”" in message, message
    assert shown_label("transitions", "redecide") not in message, message  # no revoked decision: not offered
    assert "Undo last step" in message, message  # the closing itself may be taken back


# ---- 5. a decision corrected after its fine was paid and the case closed ---------------------------------------

DEMO_CLOSED = "佛南市监立〔2026〕1号"  # demo: one party, fined ¥3,000, paid 2026-05-07, closed 2026-05-25


@pytest.fixture
def closed_with_sheet(demo_db, data_dir, kept_state):
    def make():
        from workstation.store import find_case

        case = find_case(demo_db, DEMO_CLOSED)
        decision = issue_document(demo_db, data_dir, case, find_form("penalty_decision"), {})
        sheet = _sheet(demo_db, data_dir, case)
        return case, decision, sheet

    return kept_state("closed_with_sheet", demo_db, data_dir, make)


def test_correcting_a_paid_decision_tells_what_was_paid_and_what_is_refunded(demo_db, closed_with_sheet, english):
    case, decision, _sheet_issued = closed_with_sheet
    values = {**decision.values, "fine_fen": 100_000}
    warned = stage_warnings(demo_db, case, "penalty_decision", values, for_command_line=True)
    said = [w for w in warned if "¥3,000.00" in w and "¥1,000.00" in w]
    assert said and "¥2,000.00" in said[0] and "2026-05-07" in said[0] and "退还" in said[0], warned
    assert "结案审批表" in said[0], said  # issued with the fine paid: corrected too
    assert not [w for w in stage_warnings(demo_db, case, "penalty_decision", decision.values) if "¥3,000.00" in w]


def test_the_command_line_warns_of_the_refund_once_the_correction_is_issued(demo_db, data_dir, closed_with_sheet,
                                                                           capsys, tmp_path, english):
    import json

    from tests.helpers import run

    _case, decision, _sheet_issued = closed_with_sheet
    demo_db.conn.commit()
    values = tmp_path / "pd.json"
    values.write_text(json.dumps({"fine_fen": 100_000}), encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", str(data_dir), "docs", "issue", DEMO_CLOSED, "--form",
                          "penalty_decision", "--supersedes", decision.number, "--values", str(values), "-o",
                          str(tmp_path / "pd.pdf"))
    assert code == 0, err
    assert "¥2,000.00" in err and "退还" in err, err


def test_a_sheet_issued_before_the_decision_now_in_force_is_out_of_date(demo_db, data_dir, closed_with_sheet,
                                                                        english):
    from workstation.documents.casefile import case_file_refusal

    case, decision, sheet = closed_with_sheet
    assert case_file_refusal(demo_db, case) is None
    new = issue_document(demo_db, data_dir, case, find_form("penalty_decision"), {"fine_fen": "1000"},  # 元
                         supersedes=decision.id)
    refusal = case_file_refusal(demo_db, case)
    assert refusal and "结案审批表" in refusal and new.number in refusal, refusal
    issue_document(demo_db, data_dir, case, find_form(SHEET), {}, supersedes=sheet.id)
    assert case_file_refusal(demo_db, case) is None


# ---- 6. a correction leaving the amounts as decided, the party having paid less -------------------------------

@pytest.fixture
def paid_less(demo_db, data_dir):
    """The demo's closed case (¥3,000 paid on 2026-05-07) with its decision in force imposing ¥5,000: the party paid
    less than decided (the rest waived, 行政强制法 art. 42, or enforced by the court). The demo records its 告知书's
    service without a proposal (its seed states none), so the decision is not checked against one. Issued as the
    case records it (¥3,000: a closed case is not given other amounts by a new decision, ``penalty_terms.
    performed_change_refusal``), then corrected to ¥5,000."""
    from workstation.store import find_case

    case = find_case(demo_db, DEMO_CLOSED)
    issued = issue_document(demo_db, data_dir, case, find_form("penalty_decision"), {"fine_fen": "3000"})
    return case, issue_document(demo_db, data_dir, case, find_form("penalty_decision"), {"fine_fen": "5000"},
                                supersedes=issued.id)


def test_a_correction_keeping_the_amounts_is_not_told_of_what_was_paid(demo_db, paid_less, english):
    from workstation.documents.stage_rules import CORRECTS

    case, decision = paid_less
    kept = {**decision.values, "facts": "更正后的违法事实。", CORRECTS: decision.id}
    assert not [w for w in stage_warnings(demo_db, case, "penalty_decision", kept) if "¥3,000.00" in w]
    changed = {**kept, "fine_fen": 400_000}
    said = [w for w in stage_warnings(demo_db, case, "penalty_decision", changed) if "¥3,000.00" in w]
    assert said and "¥4,000.00" in said[0] and "¥1,000.00 more" in said[0], said


def test_the_command_line_does_not_warn_of_a_correction_keeping_the_amounts(demo_db, data_dir, paid_less, capsys,
                                                                          tmp_path, english):
    import json

    from tests.helpers import run

    _case, decision = paid_less
    demo_db.conn.commit()
    values = tmp_path / "pd.json"
    values.write_text(json.dumps({"fine_fen": 500_000, "facts": "更正后的违法事实。"}), encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", str(data_dir), "docs", "issue", DEMO_CLOSED, "--form",
                          "penalty_decision", "--supersedes", decision.number, "--values", str(values), "-o",
                          str(tmp_path / "pd.pdf"))
    assert code == 0, err
    assert "¥3,000.00" not in err, err


def test_a_decision_issued_after_the_sheet_as_the_sheet_states_it_does_not_stop_the_case_file(demo_db, data_dir,
                                                                                              english):
    """A decision given on paper, the sheet issued naming its 文号, then the decision entered here under that 文号
    (``serial``) with the same amounts: issued after the sheet, and stated by it all the same."""
    from workstation.documents.casefile import case_file_refusal
    from workstation.store import find_case

    case = find_case(demo_db, DEMO_CLOSED)
    number = "佛南市监处〔2026〕5号"
    _sheet(demo_db, data_dir, case, decision_number=number)
    decision = issue_document(demo_db, data_dir, case, find_form("penalty_decision"), {}, serial=5)
    assert decision.number == number
    assert case_file_refusal(demo_db, case) is None
    issue_document(demo_db, data_dir, case, find_form("penalty_decision"), {"fine_fen": "1000"},
                   supersedes=decision.id, serial=6)  # another amount: the sheet states what it replaced
    refusal = case_file_refusal(demo_db, case)
    assert refusal and "结案审批表" in refusal and "佛南市监处〔2026〕6号" in refusal, refusal


# ---- 7. (second read) 其他 in a served case the closing is still refused for ---------------------------------------

def test_a_sheet_ticking_other_in_a_case_the_closing_is_refused_for_is_refused(db, data_dir, served, english):
    """Served, unpaid, its time to pay running: the closing is refused (``enforcement.closing_refusal``), so a sheet
    asking for it on 其他 (the party dissolved, say) would be an approval nothing could act on."""
    closing_refused = _refused(procedure.apply, db, served.id, "close", on_date="2026-04-05")
    message = _refused(check_issue, db, served, find_form(SHEET),
                       {"ground": "其他", "ground_other": "当事人已注销", "proposed_on": "2026-04-05"})
    assert "has not ended" in message and "其他" in message, message
    assert "has not paid what the decision imposes" in message, message  # the closing's own refusal, quoted
    assert "has not paid what the decision imposes" in closing_refused, closing_refused
    # once the case is performed, 其他 with its reason is the officer's to write (a part paid, the rest waived)
    case = _paid(db, served)
    values, _context = check_issue(db, case, find_form(SHEET), {"ground": "其他", "ground_other": "余款经批准减免",
                                                               "proposed_on": "2026-04-11"})
    assert values["ground"] == "其他"



# ---- 8. (second read) the sheet of several parties stating a decision ranked after it ----------------------------

def test_a_sheet_of_several_parties_states_a_decision_whose_text_its_rows_print_cleaned(db, data_dir, make_case,
                                                                                       monkeypatch, english):
    """The company's decision, issued on a laptop whose clock was set ahead, ranks after the 结案审批表 that states
    it: the sheet's rows hold its text as a cell holds it (``party_rows``: "|" as "／", spaces run together), and
    state it all the same — the case file is not stopped for it."""
    from tests.test_multiparty11 import COMPANY_SERVED
    from tests.test_party_case10 import FACTS, decide, notice, with_employee
    from workstation.documents import issuing
    from workstation.documents.casefile import case_file_refusal

    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                          review_on="2026-02-27", facts=FACTS))
    taken = "用于群发短信的电脑主机一台|显示器  两台"  # as the officer typed it
    notice(db, data_dir, case, company, fine_fen="50000", hearing_required=False, confiscated_property=taken)
    notice(db, data_dir, case, employee, fine_fen="5000", hearing_required=False)
    procedure.apply(db, case.id, "send_pre_notice", on_date=COMPANY_SERVED)
    procedure.apply(db, case.id, "end_statement_period", on_date="2026-03-10")
    with monkeypatch.context() as ahead:  # the laptop's clock a year ahead
        ahead.setattr(issuing, "now", lambda: "2027-03-10T09:00:00+08:00")
        first = decide(db, data_dir, case, company, fine_fen="50000", decided_on="2026-03-10",
                       confiscated_property=taken)
    decide(db, data_dir, case, employee, fine_fen="5000", decided_on="2026-03-10")
    procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-10")
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(company, employee))
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-18", party_ids=(company,),
                    payment=Payment(paid_fen=5_000_000, voucher="缴款书A1"))
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-19", party_ids=(employee,),
                    payment=Payment(paid_fen=500_000, voucher="缴款书B1"))
    sheet = _sheet(db, data_dir, case, proposed_on="2026-03-20")
    assert f"{first.number}：警告；没收非法财物：用于群发短信的电脑主机一台／显示器 两台" in sheet.values["party_rows"]
    procedure.apply(db, case.id, "close", on_date="2026-03-20")
    assert case_file_refusal(db, get_case(db, case.id)) is None
