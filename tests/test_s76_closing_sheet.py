"""From an audit of a three-party case closed (session 76, multiparty_close2 #2, #3): the 结案审批表 of a case with
several parties lists each payment of a party that paid in parts, with its day, amount and voucher (REFERENCE
No. 53), states the 加处罚款 once, says of a party decided not to be penalised that nothing is to be executed, and
ticks 不予处罚 beside the ground the case ends with; closing a case (结案) with a 结案审批表 in force dated after the
closing's day is warned of, naming both days and what to do (REFERENCE §1.1: the approval precedes the closing), on
the command line and in the window."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import closing_rows, pdf_text, run, run_json
from tests.test_multiparty12 import decided_case
from tests.test_multiparty_closeguard import company_decided, spare
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import document_pdf, issue_document
from workstation.errors import TransitionRefused
from workstation.payments import Payment
from workstation.store import get_case
from workstation.store.cases import case_timeline, update_case


def _flat(text: str) -> str:
    return text.replace(" ", "").replace("\n", "")


def _issued_text(db, data_dir, case, values=None) -> str:
    issued = issue_document(db, data_dir, get_case(db, case.id), find_form("closing_approval"), values or {})
    return pdf_text(document_pdf(db, data_dir, issued.id))


# ---- 1. each payment of a party that paid in parts --------------------------------------------------------------

# (a party that paid once beside one that paid in parts: tests/test_s56_party_paid.py)

def test_the_surcharge_paid_with_the_last_part_is_totalled_once(db, data_dir, make_case):
    case, company, employee, _first, _second = decided_case(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(company, employee))
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-18", party_ids=(employee,),
                    payment=Payment(paid_fen=500_000, voucher="缴款书B1"))
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_ids=(company,),
                    payment=Payment(paid_fen=2_000_000, voucher="CO-001"))
    # the rest a day late (its period ended on 03-27), the surcharge on it paid on a voucher of its own
    from workstation.payments import owed

    owing = owed(db, get_case(db, case.id), "2026-03-28", company)
    assert owing.surcharge_fen > 0
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-28", party_ids=(company,),
                    payment=Payment(paid_fen=3_000_000, voucher="CO-002"))
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-28", party_ids=(company,),
                    payment=Payment(paid_fen=owing.surcharge_fen, surcharge_fen=owing.surcharge_fen, voucher="CO-003"))
    assert get_case(db, case.id).status == "performed"
    company_rows, _employee_rows = closing_rows(_issued_text(db, data_dir, case))
    # the total once with the sum paid (and on the part that carried it), not again as the 加处罚款 accrued
    assert company_rows.count("其中加处罚款") == 1 and "已加处罚款" not in company_rows, company_rows
    # one payment carrying it all: not again beside that payment (含加处罚款), the total says it
    assert "含加处罚款" not in company_rows, company_rows
    for voucher in ("CO-001", "CO-002", "CO-003"):
        assert voucher in company_rows


# ---- 2. a party decided not to be penalised ------------------------------------------------------------------------

def test_a_party_not_penalised_is_said_to_need_no_execution_and_both_grounds_are_ticked(db, data_dir, make_case):
    case, company, employee = company_decided(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12")
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_ids=(company,),
                    payment=Payment(paid_fen=5_000_000, voucher="缴款书A1"))
    spare(db, data_dir, case, employee)
    assert procedure.apply(db, case.id, "record_performance", on_date="2026-03-23").status == "performed"
    text = _issued_text(db, data_dir, case)
    _company_rows, employee_rows = closing_rows(text)
    assert "执行情况不予行政处罚，无需执行" in employee_rows
    assert "☑决定执行完毕" in _flat(text) and "☑不予处罚" in _flat(text)


def test_a_party_not_penalised_leaves_the_ground_unticked_before_the_case_has_ended(db, data_dir, make_case):
    case, company, employee = company_decided(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12")
    spare(db, data_dir, case, employee)
    assert get_case(db, case.id).status == "served"  # the company has not paid: the case has not ended
    from tests.test_doc_case_defaults import defaults
    from tests.test_s56_party_paid import _rendered

    text = pdf_text(_rendered(db, case, defaults(db, get_case(db, case.id), "closing_approval")))  # a draft
    _company_rows, employee_rows = closing_rows(text)
    assert "执行情况不予行政处罚，无需执行" in employee_rows
    assert "□不予处罚" in _flat(text) and "☑不予处罚" not in _flat(text)


def test_a_case_whose_parties_were_all_penalised_ticks_one_ground(db, data_dir, make_case):
    case, company, employee, _first, _second = decided_case(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(company, employee))
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-18", party_ids=(company,),
                    payment=Payment(paid_fen=5_000_000, voucher="缴款书A1"))
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-18", party_ids=(employee,),
                    payment=Payment(paid_fen=500_000, voucher="缴款书B1"))
    text = _flat(_issued_text(db, data_dir, case))
    assert "☑决定执行完毕" in text and "□不予处罚" in text


# ---- 3. closing before the day the 结案审批表 bears ---------------------------------------------------------------------

def _performed(db, make_case):
    case = make_case(fine_fen=500_000)
    case = update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-03-10",
                                   notice_served_on="2026-05-01", decided_on="2026-06-15", served_on="2026-06-16"),
                       allow_status_change=True)
    return procedure.apply(db, case.id, "record_performance", on_date="2026-07-01")


def _issued_undated(db, data_dir, case, day="2026-07-25"):
    """The 结案审批表 issued with its 报请日期 left blank (as version 14 prefilled it before the closing) on ``day``."""
    from workstation.documents import issuing

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(issuing, "now", lambda: f"{day}T10:00:00.000000+08:00")
        return issue_document(db, data_dir, get_case(db, case.id), find_form("closing_approval"), {"proposed_on": ""})


def test_the_sheet_s_date_is_today_before_the_closing_and_the_closing_day_after(db, data_dir, make_case, english):
    from tests.test_doc_case_defaults import defaults
    from workstation.records import today

    case = _performed(db, make_case)
    # drafted before the closing: dated the day it is written, never blank (version 14 left it blank)
    assert defaults(db, case, "closing_approval")["proposed_on"] == today()
    closed = procedure.apply(db, case.id, "close", on_date="2026-07-20")
    assert defaults(db, closed, "closing_approval")["proposed_on"] == "2026-07-20"


def test_closing_before_the_day_an_undated_closing_approval_was_issued_is_warned_of(db, data_dir, make_case, english):
    from workstation.closing import approval_date_warnings

    case = _performed(db, make_case)
    _issued_undated(db, data_dir, case)
    found = approval_date_warnings(db, get_case(db, case.id), "2026-07-20")
    assert len(found) == 1
    assert found[0].message.startswith("The 结案审批表 in force gives no 报请日期 and was issued on 2026-07-25, after "
                                       "2026-07-20, the day the closing is recorded on")
    assert "--supersedes" not in found[0].message  # the window's way is 更正…
    assert found[0].note == "Closed on 2026-07-20 with the 结案审批表 issued on 2026-07-25, which gives no 报请日期."
    # on its day or after: nothing to say
    assert approval_date_warnings(db, get_case(db, case.id), "2026-07-25") == []
    assert approval_date_warnings(db, get_case(db, case.id), "2026-07-30") == []
    # the window's close dialog says it on the date picked, with the other closing warnings
    from ui.transition_dialog import closing_warning

    shown, kept = closing_warning(db, get_case(db, case.id))("2026-07-20")
    assert found[0].message in shown and found[0].note in kept
    said = closing_warning(db, get_case(db, case.id))("2026-07-25")
    assert said is None or "2026-07-25, after" not in said[0]


def test_the_command_line_says_the_closing_approval_was_issued_after_the_closing(db, data_dir, make_case, capsys,
                                                                                english):
    case = _performed(db, make_case)
    sheet = _issued_undated(db, data_dir, case)
    result = run_json(capsys, "cases", "transition", case.case_number, "close", "--date", "2026-07-20",
                      "--data-dir", data_dir)
    assert result["status"] == "closed"  # warned, not refused
    said = [w for w in result["warnings"] if "2026-07-25" in w]
    assert len(said) == 1 and said[0].startswith("The case is recorded as closed on 2026-07-20. Its 结案审批表")
    assert f"--supersedes {sheet.number or sheet.id}" in said[0]
    close = [e for e in case_timeline(db, get_case(db, case.id)) if e.kind == "transition"][-1]
    assert "issued on 2026-07-25, which gives no 报请日期" in close.note


def test_a_dated_sheet_refuses_a_closing_before_it_and_says_nothing_on_its_day(db, data_dir, make_case, capsys,
                                                                           english):
    case = _performed(db, make_case)
    issue_document(db, data_dir, case, find_form("closing_approval"), {"proposed_on": "2026-07-20"})
    code, _out, err = run(capsys, "cases", "transition", case.case_number, "close", "--date", "2026-07-19",
                          "--data-dir", data_dir)
    assert code != 0 and "asks on 2026-07-20 (its 报请日期)" in err
    assert "(更正… in the case's documents, or --supersedes " in err, err  # the command line's way to correct it
    with pytest.raises(TransitionRefused) as refused:  # the window's refusal names 更正… alone
        procedure.apply(db, case.id, "close", on_date="2026-07-19")
    assert "--supersedes" not in str(refused.value)
    assert "asks on 2026-07-20 (its 报请日期)" in str(refused.value) and "更正…" in str(refused.value)
    result = run_json(capsys, "cases", "transition", case.case_number, "close", "--date", "2026-07-20",
                      "--data-dir", data_dir)
    assert result["status"] == "closed"
    assert not [w for w in result.get("warnings", []) if "结案审批表" in w]


@pytest.mark.gui
def test_the_window_warns_of_a_closing_before_the_sheet_s_day(db, data_dir, make_case, make_window, monkeypatch,
                                                              english):
    import ui.transition_dialog
    from ui.transition_dialog import TransitionDialog

    case = _performed(db, make_case)
    _issued_undated(db, data_dir, case)
    shown = {}

    def answer(parent, transition, check=None, prompts=None, warning=None, parties=None, advice=None,
               proposal=None, payment=None):
        dialog = TransitionDialog(transition, parent, check=check, warning=warning, parties=parties, payment=payment)
        dialog.date.setDate(dialog.date.date().fromString("2026-07-20", "yyyy-MM-dd"))
        shown[transition.name] = dialog.warning_label.text()
        dialog.acknowledge.setChecked(True)
        return dialog.recorded()

    monkeypatch.setattr(ui.transition_dialog, "ask_transition", answer)
    workspace = make_window(db).open_case(case.id)
    workspace._apply(procedure.BY_NAME["close"])
    assert get_case(db, case.id).status == "closed"
    assert "2026-07-25" in shown["close"] and "2026-07-20" in shown["close"]
    close = [e for e in case_timeline(db, get_case(db, case.id)) if e.kind == "transition"][-1]
    assert "issued on 2026-07-25, which gives no 报请日期" in close.note


def test_the_form_is_at_version_15_and_version_14_is_kept_as_it_stood():
    from workstation.formkit.party_rows import several_party_fields
    from workstation.formkit.spec import earlier_form

    form = find_form("closing_approval")
    assert form.version == 15
    earlier = earlier_form("closing_approval", 14)
    assert earlier is not None and earlier.version == 14
    assert earlier.field("ground_no_penalty") is None and earlier.field("proposed_on").source == "case.closed_on"
    # the tick beside the ground is a matter of several parties: a case with one party is not asked it
    assert "ground_no_penalty" in several_party_fields(form)
