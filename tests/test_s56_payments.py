"""Payments and the time to pay (audit s56): a deferral (暂缓/分期缴纳罚款) never shortens the 15 days to pay (T8) —
one ending on or before the normal last day is refused, and one stored before is not taken to move it; a decision
recorded without its 行政处罚决定书 whose 告知书 proposed a fine is not taken for a warning alone — its periods to pay,
enforce and publish (T8, T16, T18) stay, saying the amounts decided are not entered; the 催告书 and 强制执行申请书 of a
fine paid late whose surcharge (加处罚款) alone is left print ¥0.00 unpaid, never a blank, and demand the surcharge;
and a late payment recorded without an amount says the surcharge owed is not recorded, while the 结案审批表's 实缴合计
counts the surcharge recorded."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from tests.helpers import pdf_text, run, run_json
from workstation import clocks, procedure
from workstation.errors import ValidationError
from workstation.payments import owed
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.cases import update_case
from workstation.store.clock_events import clock_event_errors, record_clock_event

FINE = 200_000  # ¥2,000.00
SERVED = "2026-11-02"  # a Monday: the 15 days to pay (T8) end on Tuesday 2026-11-17
DUE = "2026-11-17"


def served(db, make_case, fine_fen=FINE):
    case = make_case(fine_fen=fine_fen)
    return update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-09-01",
                                   notice_served_on="2026-10-15", decided_on="2026-10-30", served_on=SERVED),
                       allow_status_change=True)


def deferral(case, end, start="2026-11-05"):
    return ClockEvent(case_id=case.id, kind="deferral", starts_on=start, ends_on=end, approved_on=start,
                      approved_by="局长王某")


def t8(db, case, on="2026-11-20"):
    [found] = [d for d in clocks.case_clocks(db, get_case(db, case.id), on=on) if d.clock == "T8"]
    return found


def pay(capsys, data_dir, case, *options):
    return run_json(capsys, "cases", "transition", case.case_number, "record_performance", *options,
                    "--data-dir", data_dir)


# ---- 1. a deferral never shortens the time to pay ------------------------------------------------------------------

@pytest.mark.parametrize("end", ["2026-11-10", DUE])
def test_a_deferral_ending_on_or_before_the_normal_last_day_to_pay_is_refused(db, make_case, english, end):
    case = served(db, make_case)
    errors = clock_event_errors(db, deferral(case, end), case)
    assert set(errors) == {"ends_on"}, errors
    assert end in errors["ends_on"] and DUE in errors["ends_on"] and "T8" in errors["ends_on"]
    with pytest.raises(ValidationError):
        record_clock_event(db, deferral(case, end))
    assert t8(db, case).due == DUE
    assert clock_event_errors(db, deferral(case, "2026-11-30"), case) == {}


def test_a_shortening_deferral_stored_before_moves_nothing(db, data_dir, make_case, capsys, monkeypatch, english):
    case = served(db, make_case)
    with monkeypatch.context() as patched:  # stored before the check existed
        patched.setattr("workstation.store.clock_events.clock_event_errors", lambda *args, **kwargs: {})
        record_clock_event(db, deferral(case, "2026-11-10"))
    period = t8(db, case)
    assert period.due == DUE
    said = period.calculation()
    assert "2026-11-10" in said and "moves nothing" in said
    assert owed(db, get_case(db, case.id), DUE).surcharge_fen == 0
    # a 催告书 after the deferral's end but within the fifteen days is refused as too early
    early = clock_event_errors(db, ClockEvent(case_id=case.id, kind="demand", starts_on="2026-11-12"),
                               get_case(db, case.id))
    assert "starts_on" in early
    result = pay(capsys, data_dir, case, "--paid", "2000", "--date", DUE, "--voucher", "V1")
    assert result["status"] == "performed" and "warnings" not in result


# ---- 2. a decision recorded without its 决定书 is not taken for a warning alone ----------------------------------

def decided_outside(db, make_case, *, warning_alone=False):
    """A case whose 告知书 (on paper) proposed a fine of ¥30,000.00 (or, ``warning_alone``, a warning and nothing
    else), served with it recorded; decided and served on 2026-11-02 without a 行政处罚决定书 in the workstation, the
    case's amounts left at 0."""
    case = make_case(status="under_review", filed_on="2026-09-01", fine_fen=3_000_000)
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-10-15")
    if warning_alone:  # as recorded where the notice proposed a warning alone
        db.execute("UPDATE case_events SET details = json_set(details, '$.proposed.fine_fen', 0, "
                   "'$.proposed.warning', json('true')) WHERE case_id = ? AND to_status = 'pre_notice'", [case.id])
    return update_case(db, replace(get_case(db, case.id), fine_fen=0, status="served", decided_on="2026-10-30",
                                   served_on=SERVED), allow_status_change=True)


def test_a_decision_without_its_document_after_a_fine_proposed_keeps_its_periods(db, make_case, english):
    case = decided_outside(db, make_case)
    found = {d.clock: d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-11-20")}
    for clock_id in ("T8", "T16", "T18"):
        assert found[clock_id].state != "not_applicable", found[clock_id].calculation()
        said = found[clock_id].calculation()
        assert "A warning alone" not in said and "amounts decided are not entered" in said, said
    assert found["T8"].due == DUE
    on_board = {d.clock for d in clocks.board(db, on="2026-11-20") if d.case_id == case.id}
    assert {"T8", "T18"} <= on_board


def test_a_decision_without_its_document_after_a_warning_alone_proposed_stays_a_warning(db, make_case, english):
    case = decided_outside(db, make_case, warning_alone=True)
    found = {d.clock: d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-11-20")}
    for clock_id in ("T8", "T16", "T18"):
        assert found[clock_id].state == "not_applicable"
    assert "A warning alone" in found["T8"].calculation()


# ---- 3. the surcharge alone left: ¥0.00 unpaid, never blank --------------------------------------------------------

def paid_late(db, data_dir, make_case, capsys):
    """¥2,000.00 paid on 2026-11-27, ten days late, without its ¥600.00 surcharge: recorded as a payment of part."""
    case = served(db, make_case)
    result = pay(capsys, data_dir, case, "--paid", "2000", "--surcharge", "0", "--date", "2026-11-27",
                 "--voucher", "V2")
    assert result["status"] == "served"
    return get_case(db, case.id)


def drafts(db, case, monkeypatch, on, forms=("performance_demand", "enforcement_application")):
    from workstation.documents.drafts import find_form
    from workstation.formkit.values import case_context, default_values

    monkeypatch.setattr("workstation.formkit.values.today", lambda: on)
    monkeypatch.setattr("workstation.law.case_law.today", lambda: on)
    return {form_id: default_values(find_form(form_id), case_context(db, get_case(db, case.id))) for form_id in forms}


def test_the_demand_and_application_prefill_nothing_unpaid_as_zero(db, data_dir, make_case, capsys, monkeypatch,
                                                                    english):
    case = paid_late(db, data_dir, make_case, capsys)
    for form_id, values in drafts(db, case, monkeypatch, "2026-12-01").items():
        assert (values["unpaid_fen"], values["surcharge_fen"]) == ("0.00", "600.00"), form_id


@pytest.mark.parametrize("form", ["performance_demand", "enforcement_application"])
def test_the_printed_demand_and_application_ask_for_the_surcharge_alone(db, data_dir, make_case, capsys, tmp_path,
                                                                         monkeypatch, english, form):
    case = paid_late(db, data_dir, make_case, capsys)
    monkeypatch.setattr("workstation.formkit.values.today", lambda: "2026-12-01")
    monkeypatch.setattr("workstation.law.case_law.today", lambda: "2026-12-01")
    values = tmp_path / "values.json"
    given = {"decision_no": "佛南市监罚〔2026〕1号", "court": "佛山市南海区人民法院", "signed_on": "2026-12-01",
             "surcharge_on": "2026-12-01"}
    if form == "enforcement_application":
        given["demand_served_on"] = "2026-12-01"
    values.write_text(json.dumps(given, ensure_ascii=False), encoding="utf-8")
    out = tmp_path / "out.pdf"
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "render", case.case_number, "--form", form,
                          "--values", values, "-o", out)
    assert code == 0, err
    assert "unpaid_fen" not in err  # not a required field left blank
    text = pdf_text(out.read_bytes())
    if form == "enforcement_application":  # what is applied for: the surcharge alone
        assert "罚没款¥0.00" not in text and "缴纳罚没款" not in text
        assert "强制被申请人缴纳截至2026年12月1日的加处罚款¥600.00（人民币陆佰元整）" in text
    else:  # the demand: nothing of the 罚没款 unpaid, and the surcharge
        assert "尚未缴纳罚没款¥0.00（人民币零元整）" in text
        assert "已加处罚款¥600.00（人民币陆佰元整）" in text and "合计¥600.00（人民币陆佰元整）" in text


# ---- 4. a late payment without an amount --------------------------------------------------------------------------

def test_a_late_payment_without_an_amount_says_the_surcharge_owed_is_not_recorded(db, data_dir, make_case, capsys,
                                                                                  english):
    case = served(db, make_case)
    result = pay(capsys, data_dir, case, "--date", "2026-11-27", "--voucher", "V3")
    [warning] = result["warnings"]
    assert "¥600.00" in warning and DUE in warning and "not recorded" in warning


def test_a_payment_in_time_without_an_amount_is_not_warned(db, data_dir, make_case, capsys, english):
    case = served(db, make_case)
    result = pay(capsys, data_dir, case, "--date", "2026-11-16", "--voucher", "V4")
    assert "warnings" not in result


@pytest.mark.gui
def test_the_payment_dialog_warns_of_a_late_payment_without_an_amount(db, make_case, qtbot, english):
    from ui.transition_dialog import TransitionDialog, payment_check

    case = served(db, make_case)
    dialog = TransitionDialog(procedure.BY_NAME["record_performance"], payment=payment_check(db, case))
    qtbot.addWidget(dialog)
    dialog.date.setDate(dialog.date.date().fromString("2026-11-27", "yyyy-MM-dd"))
    assert (dialog.paid.text(), dialog.surcharge.text()) == ("2600.00", "600.00")  # what is owed, prefilled
    dialog.paid.setText("")  # cleared: recorded as paid as decided
    dialog.surcharge.setText("")
    dialog.validate()
    assert "¥600.00" in dialog.warning_label.text() and "not recorded" in dialog.warning_label.text()


def test_the_closing_sheet_totals_the_payment_with_its_surcharge(db, data_dir, make_case, capsys, monkeypatch,
                                                                 english):
    case = served(db, make_case)
    result = pay(capsys, data_dir, case, "--surcharge", "5", "--date", "2026-11-27", "--voucher", "V5")
    assert result["status"] == "performed"
    [values] = drafts(db, case, monkeypatch, "2026-12-01", forms=("closing_approval",)).values()
    assert (values["surcharge_fen"], values["paid_fen"]) == ("5.00", "2005.00")


def test_a_late_payment_without_an_amount_or_surcharge_says_no_surcharge_on_the_timeline(db, data_dir, make_case,
                                                                                         capsys, english):
    from workstation.store.cases import case_events

    case = served(db, make_case)
    pay(capsys, data_dir, case, "--date", "2026-11-27", "--voucher", "V6")
    notes = [e.note for e in case_events(db, case.id) if "Recorded without the amount paid" in (e.note or "")]
    assert notes == ["Recorded without the amount paid, without a surcharge (加处罚款), although ¥600.00 was owed "
                     "that day."], [e.note for e in case_events(db, case.id)]
