"""Court enforcement (T15, T16, 申请法院强制执行) counts only what belongs to the decision in force: after a decision
revoked and made again, the 催告书, challenges and outcomes of the old one no longer count; a 强制执行申请书 needs a
催告书 served and recorded under the decision in force, with the service dates the case records; a payment of part of
what is owed is recorded as a payment, the case staying 已送达 so the rest can still be demanded and enforced."""

from dataclasses import replace

import pytest

from workstation import clocks, enforcement, procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.errors import TransitionRefused, WorkstationError
from workstation.payments import Payment
from workstation.records import ClockEvent
from workstation.store import get_case, get_party, save_party
from workstation.store.cases import update_case
from workstation.store.clock_events import record_clock_event

FINE = 500_000
DECISION = "佛南市监处〔2026〕9号"


def _served(db, make_case, served_on="2026-03-02"):
    case = make_case(fine_fen=FINE, lead_received_on="2026-01-10", violations=["unsolicited_commercial_messages"],
                     facts="经查，当事人未经消费者同意向其发送商业性短信。")
    party = get_party(db, case.party_ids[0])
    save_party(db, replace(party, address="佛山市南海区桂城街道1号", legal_rep="张三"))
    return update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-01-20",
                                   notice_served_on="2026-02-10", decided_on="2026-02-26", served_on=served_on),
                       allow_status_change=True)


def _clock(db, case, clock_id):
    return [d for d in clocks.case_clocks(db, get_case(db, case.id)) if d.clock == clock_id]


def _event(db, case, kind, starts_on, **more):
    return record_clock_event(db, ClockEvent(case_id=case.id, kind=kind, starts_on=starts_on, **more))


def _redone(db, case, monkeypatch):
    """The decision served 03-02 demanded 03-20, challenged 03-25, revoked with a new decision ordered 04-20; the
    new decision made 05-06 and served 05-08."""
    _event(db, case, "demand", "2026-03-20")
    _event(db, case, "reconsideration", "2026-03-25")
    _event(db, case, "challenge_redo", "2026-04-20", approved_by="佛府复〔2026〕3号")
    procedure.apply(db, case.id, "redecide", on_date="2026-04-21", reason="复议决定责令重新作出")
    procedure.apply(db, case.id, "decide_penalty", on_date="2026-05-06", reason="重新作出处罚决定")
    return procedure.apply(db, case.id, "serve_decision", on_date="2026-05-08")


def test_a_decision_made_again_counts_court_enforcement_afresh(db, make_case, english, monkeypatch):
    case = _redone(db, _served(db, make_case), None)
    assert (case.status, case.decided_on, case.served_on) == ("served", "2026-05-06", "2026-05-08")
    [t16] = _clock(db, case, "T16")
    # the new decision's time to sue after its service (T11), not the old reconsideration's T12
    [t11] = _clock(db, case, "T11")
    assert t16.start == t11.due and t16.start > "2026-11-01"
    assert t16.state not in ("overdue", "stopped")
    assert not [d for d in _clock(db, case, "T15") if d.start == "2026-03-20"]  # the old 催告书's ten days
    [item] = enforcement.unpaid_parties(db, get_case(db, case.id))
    assert item.demand_served_on is None and item.earliest is None
    assert item.remedy_end == t11.due
    monkeypatch.setattr(procedure, "today", lambda: "2026-06-01")
    monkeypatch.setattr(enforcement, "today", lambda: "2026-06-01")
    with pytest.raises(TransitionRefused, match="催告书"):
        procedure.apply(db, case.id, "apply_enforcement", on_date="2026-06-01")


def test_a_decision_made_again_is_demanded_and_enforced_on_its_own_dates(db, make_case, english, monkeypatch):
    case = _redone(db, _served(db, make_case), None)
    _event(db, case, "demand", "2026-11-20")
    [item] = enforcement.unpaid_parties(db, get_case(db, case.id))
    assert item.demand_served_on == "2026-11-20" and item.earliest > "2026-11-20"
    procedure.apply(db, case.id, "apply_enforcement", on_date="2026-12-05")
    [t16] = _clock(db, case, "T16")
    assert t16.state == "met" and t16.done_on == "2026-12-05"


def _issue(db, data_dir, case, **values):
    typed = {"decision_no": DECISION, "demand_served_on": "2026-11-02", "decision_served_on": "2026-03-02",
             "signed_on": "2026-11-20", **values}
    return issue_document(db, data_dir, get_case(db, case.id), find_form("enforcement_application"), typed)


def test_no_application_without_a_demand_served_and_recorded(db, data_dir, make_case, english):
    case = _served(db, make_case)
    with pytest.raises(WorkstationError, match="No 催告书 service is recorded"):
        _issue(db, data_dir, case)
    assert enforcement.court_applications(db, get_case(db, case.id), []) == {}
    assert enforcement.closing_refusal(db, get_case(db, case.id)) is not None


def test_the_typed_service_dates_are_the_recorded_ones(db, data_dir, make_case, english):
    case = _served(db, make_case, served_on="2026-06-01")
    _event(db, case, "demand", "2026-12-01")
    with pytest.raises(WorkstationError) as refused:
        _issue(db, data_dir, case, demand_served_on="2026-12-01", signed_on="2026-12-04")
    assert "2026-03-02" in str(refused.value) and "2026-06-01" in str(refused.value)
    with pytest.raises(WorkstationError) as refused:
        _issue(db, data_dir, case, decision_served_on="2026-06-01", signed_on="2026-12-04")
    assert "2026-11-02" in str(refused.value) and "2026-12-01" in str(refused.value)


def test_the_application_with_the_recorded_dates_is_issued(db, data_dir, make_case, english):
    case = _served(db, make_case)
    _event(db, case, "demand", "2026-11-02")
    _issue(db, data_dir, case)
    [t16] = _clock(db, case, "T16")
    assert t16.state == "met" and t16.done_on == "2026-11-20"


def test_a_part_paid_leaves_the_case_served_and_the_rest_enforceable(db, make_case, english):
    case = _served(db, make_case)
    case = procedure.apply(db, case.id, "record_performance", on_date="2026-03-10",
                           payment=Payment(paid_fen=100_000, voucher="V-1"))
    assert case.status == "served"
    [t16] = _clock(db, case, "T16")
    assert t16.state != "not_applicable"
    [item] = enforcement.unpaid_parties(db, case)
    assert item.party.id == case.party_ids[0]
    assert enforcement.closing_refusal(db, case) is not None
    from workstation.payments import recorded_payment

    assert recorded_payment(db, case) == ("2026-03-10", Payment(paid_fen=100_000, voucher="V-1"))
    # the rest paid: performed, nothing said to be still owed
    case = procedure.apply(db, case.id, "record_performance", on_date="2026-03-12",
                           payment=Payment(paid_fen=400_000, voucher="V-2"))
    assert case.status == "performed"
    from workstation.payments import still_owed

    assert still_owed(db, case) is None


def test_a_part_paid_is_said_with_what_is_still_owed(db, make_case, english):
    from workstation.payments import mismatch, owed

    case = _served(db, make_case)
    said = mismatch(owed(db, get_case(db, case.id), "2026-03-10"), Payment(paid_fen=100_000))
    assert "¥4,000.00 still owed" in said and "payment of part" in said


def test_payments_of_part_add_up_and_the_rest_paid_is_not_warned(db, make_case, english):
    from workstation.payments import mismatch, owed, still_owed
    from workstation.store.cases import case_timeline

    case = _served(db, make_case)
    for day, fen, voucher in (("2026-03-10", 100_000, "V-1"), ("2026-03-11", 150_000, "V-2")):
        case = procedure.apply(db, case.id, "record_performance", on_date=day,
                               payment=Payment(paid_fen=fen, voucher=voucher))
    assert case.status == "served"
    assert still_owed(db, case) == ("2026-03-11", 250_000, 250_000)  # both parts, not the latest alone
    texts = [e.text for e in case_timeline(db, case) if e.kind == "payment"]
    assert texts and all(t.startswith("Part of what is owed paid") for t in texts)
    owing = owed(db, case, "2026-03-12")
    assert mismatch(owing, Payment(paid_fen=250_000)) is None  # the rest: what is left to pay
    said = mismatch(owing, Payment(paid_fen=100_000))
    assert "¥2,500.00 of it was paid before" in said and "¥3,500.00 paid in all leaves ¥1,500.00 still owed" in said


def test_the_application_prefills_the_one_demand_recorded(db, make_case, english):
    from workstation.formkit.values import case_context, default_values

    case = _served(db, make_case)
    form = find_form("enforcement_application")
    assert not default_values(form, case_context(db, get_case(db, case.id)))["demand_served_on"]
    _event(db, case, "demand", "2026-11-02")
    assert default_values(form, case_context(db, get_case(db, case.id)))["demand_served_on"] == "2026-11-02"
    _event(db, case, "demand", "2026-11-09")  # two recorded: the officer writes the one it rests on
    assert not default_values(form, case_context(db, get_case(db, case.id)))["demand_served_on"]


# ---- payments of part read as what they add up to (a case with one party) ------------------------------------------

def _two_parts(db, make_case):
    case = _served(db, make_case)
    for day, voucher in (("2026-03-05", "V-1"), ("2026-03-06", "V-2")):
        case = procedure.apply(db, case.id, "record_performance", on_date=day,
                               payment=Payment(paid_fen=100_000, voucher=voucher))
    return case


def test_a_case_paid_in_parts_then_in_full_closes_without_a_warning(db, make_case, english):
    from workstation.closing import _unpaid_warnings
    from workstation.payments import recorded_payment, still_owed, unpaid_fine_part

    case = _served(db, make_case)
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-05",
                    payment=Payment(paid_fen=100_000, voucher="V-1"))
    case = procedure.apply(db, case.id, "record_performance", on_date="2026-03-09",
                           payment=Payment(paid_fen=400_000, voucher="V-2"))
    assert case.status == "performed"
    assert recorded_payment(db, case) == ("2026-03-09", Payment(paid_fen=500_000, voucher="V-2"))
    assert still_owed(db, case) is None and unpaid_fine_part(db, case) is None
    assert _unpaid_warnings(db, case) == []


def test_two_parts_are_what_the_demand_and_application_take_as_paid(db, make_case, english):
    from workstation.formkit.values import case_context, default_values
    from workstation.payments import recorded_payment, still_owed
    from workstation.procedure import values_refusal

    case = _two_parts(db, make_case)
    assert case.status == "served"
    assert recorded_payment(db, case) == ("2026-03-06", Payment(paid_fen=200_000, voucher="V-2"))
    assert still_owed(db, case) == still_owed(db, case, case.party_ids[0]) == ("2026-03-06", 200_000, 300_000)
    for form_id in ("performance_demand", "enforcement_application"):
        refused = values_refusal(db, case, form_id, {"unpaid_fen": 400_000, "decision_no": DECISION})
        assert refused and "¥2,000.00 paid, so ¥3,000.00 at most" in refused
        assert values_refusal(db, case, form_id, {"unpaid_fen": 300_000, "decision_no": DECISION}) is None
        values = default_values(find_form(form_id), case_context(db, get_case(db, case.id)))
        assert values["unpaid_fen"] == "3000.00"  # what is still owed, not the decision's whole amount


def test_the_transfer_letter_states_the_parts_paid_and_the_rest_unpaid(db, make_case, english):
    from workstation.decided_transfer import penalty_before_transfer

    case = _two_parts(db, make_case)
    said = penalty_before_transfer(db, case)
    assert "¥2,000.00" in said and "¥1,000.00" not in said
    assert "¥3,000.00" in said and "继续执行" in said


def test_a_payment_short_of_the_computed_total_can_be_recorded_as_performed(db, make_case, english):
    case = _served(db, make_case)
    case = procedure.apply(db, case.id, "record_performance", on_date="2026-03-10",
                           payment=Payment(paid_fen=400_000, voucher="V-1"), in_full=True)
    assert case.status == "performed"


def test_the_command_line_records_a_short_payment_as_performed_with_in_full(db, data_dir, make_case, capsys,
                                                                             english):
    from tests.helpers import run_json

    case = _served(db, make_case)
    number = get_case(db, case.id).case_number
    result = run_json(capsys, "cases", "transition", number, "record_performance", "--date", "2026-03-10",
                      "--paid", "4000", "--voucher", "V-1", "--in-full", "--data-dir", data_dir)
    assert result["status"] == "performed"
    assert any("is not what is owed" in w for w in result["warnings"])
    assert not any("payment of part" in w for w in result["warnings"])


def test_the_payment_dialog_offers_to_record_a_short_payment_as_performed(db, make_case, qtbot, english):
    from ui.transition_dialog import TransitionDialog, payment_check

    case = _served(db, make_case)
    dialog = TransitionDialog(procedure.BY_NAME["record_performance"], payment=payment_check(db, case))
    qtbot.addWidget(dialog)
    dialog.date.setDate(dialog.date.date().fromString("2026-03-10", "yyyy-MM-dd"))
    dialog.paid.setText("5000")
    dialog.validate()
    assert dialog.in_full.isHidden() and not dialog.recorded_in_full()
    dialog.paid.setText("4000")
    dialog.validate()
    assert not dialog.in_full.isHidden()
    assert "payment of part" in dialog.warning_label.text()
    dialog.in_full.setChecked(True)
    dialog.validate()
    assert dialog.recorded_in_full() and "payment of part" not in dialog.warning_label.text()


def test_the_performance_of_a_decision_made_again_is_not_added_to_the_new_ones_parts(db, make_case, english):
    """A final-read finding: the fine paid in full under a decision later revoked and made again is not read as paid
    under the new one, whose payment of part leaves the rest owed (and demanded)."""
    from workstation.payments import recorded_payment, still_owed

    case = _served(db, make_case)
    case = procedure.apply(db, case.id, "record_performance", on_date="2026-03-05",
                           payment=Payment(paid_fen=FINE, voucher="V-0"))
    assert case.status == "performed"
    _event(db, case, "reconsideration", "2026-03-25")
    _event(db, case, "challenge_redo", "2026-04-20", approved_by="佛府复〔2026〕3号")
    procedure.apply(db, case.id, "redecide", on_date="2026-04-21", reason="复议决定责令重新作出")
    procedure.apply(db, case.id, "decide_penalty", on_date="2026-05-06", reason="重新作出处罚决定")
    procedure.apply(db, case.id, "serve_decision", on_date="2026-05-08")
    case = procedure.apply(db, case.id, "record_performance", on_date="2026-05-20",
                           payment=Payment(paid_fen=100_000, voucher="V-1"))
    assert case.status == "served"
    assert recorded_payment(db, case) == ("2026-05-20", Payment(paid_fen=100_000, voucher="V-1"))
    assert still_owed(db, case) == ("2026-05-20", 100_000, FINE - 100_000)
