"""结案, 履行 and 公示 as the law has them (REFERENCE §1.1 CLOSED, §1.2 T8, T9, T18, §1.9, §2.2 No. 53): the publication
duty T18 keeps running after the case is closed and shows overdue until a publication is recorded; closing warns
(without refusing) of a 结案审批表 not issued and of a penalty not yet published, in the window and on the command
line; the payment (履行完毕) records the amount paid, the surcharge in it and the voucher's number (m030,
``case_events.details``), checked against the fine plus the 加处罚款 of a late payment, and the 结案审批表 is
prefilled from it; the timeline names the officer who acted, never the operating-system account."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from tests.helpers import run_json
from workstation import clocks, procedure
from workstation.closing import closing_warnings
from workstation.db import open_database
from workstation.db.connection import applied_schema
from workstation.formkit.values import case_context
from workstation.law.surcharge import surcharge as law_surcharge
from workstation.paths import database_path
from workstation.payments import Payment, owed
from workstation.records import CaseEvent, ClockEvent, now
from workstation.store import get_case
from workstation.store.cases import add_event, case_timeline, update_case
from workstation.store.clock_events import record_clock_event

DECIDED, SERVED = "2026-06-15", "2026-06-16"
FINE = 500_000  # ¥5,000.00
T8_DUE = "2026-07-01"  # 15 days after the service


def stage(db, case, status, **dates):
    case = get_case(db, case.id)
    return update_case(db, replace(case, status=status, **dates), allow_status_change=True)


def served(db, make_case, **fields):
    case = make_case(fine_fen=FINE, **fields)
    return stage(db, case, "served", filed_on="2026-03-10", notice_served_on="2026-05-01", decided_on=DECIDED,
                 served_on=SERVED)


def closed(db, case, on="2026-07-20"):
    procedure.apply(db, case.id, "record_performance", on_date="2026-07-01")
    return procedure.apply(db, case.id, "close", on_date=on)


def issue_closing_approval(db, case):
    db.execute("INSERT OR IGNORE INTO files (sha256, size, media_type, created_at) VALUES ('x', 1, 'application/pdf', "
               "'')")
    db.execute("INSERT INTO documents (id, case_id, form_id, form_version, title, values_json, pdf_sha256, pages, "
               "issued_at, issued_by) VALUES ('closing1', ?, 'closing_approval', 9, '结案审批表', '{}', 'x', 1, "
               "'2026-07-10T10:00:00+08:00', '')", [case.id])


# ---- 1. T18 after 结案 ---------------------------------------------------------------------------------------------

def test_closing_a_case_keeps_its_publication_duty_running_overdue_until_the_publication_is_recorded(
        db, make_case, english):
    case = closed(db, served(db, make_case))
    assert case.status == "closed"
    t18 = next(d for d in clocks.case_clocks(db, case, on="2026-12-01") if d.clock == "T18")
    assert t18.state == "overdue" and t18.due is not None
    assert (case.id, "T18") in {(d.case_id, d.clock) for d in clocks.board(db, on="2026-12-01")}
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2026-11-20"))
    t18 = next(d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-12-01") if d.clock == "T18")
    assert t18.state == "late" and t18.done_on == "2026-11-20"
    assert (case.id, "T18") not in {(d.case_id, d.clock) for d in clocks.board(db, on="2026-12-01")}


def test_a_closed_case_decided_not_to_penalise_has_no_publication_to_run(db, make_case, english):
    # the fine proposed stays recorded on the case, but the decision was not to penalise
    case = stage(db, make_case(fine_fen=FINE), "no_penalty", filed_on="2026-03-10", decided_on=DECIDED)
    db.execute("INSERT INTO case_events (id, case_id, kind, at, on_date, to_status) VALUES ('np', ?, 'transition', "
               "'2026-06-15T10:00:00+08:00', ?, 'no_penalty')", [case.id, DECIDED])
    case = procedure.apply(db, case.id, "close", on_date="2026-07-20")
    t18 = next(d for d in clocks.case_clocks(db, case, on="2026-12-01") if d.clock == "T18")
    assert t18.state == "not_applicable" and "No penalty was decided" in t18.calculation()
    assert case.id not in {d.case_id for d in clocks.board(db, on="2026-12-01")}


# ---- 2. the warnings of 结案 ---------------------------------------------------------------------------------------

def test_closing_warns_of_the_missing_closing_approval_and_the_unpublished_penalty_naming_t18_and_its_day(
        db, make_case, english):
    case = served(db, make_case)
    case = procedure.apply(db, case.id, "record_performance", on_date="2026-07-01")
    t18 = next(d for d in clocks.case_clocks(db, case) if d.clock == "T18")
    messages = [w.message for w in closing_warnings(db, case)]
    assert len(messages) == 2
    assert messages[0].startswith("No 结案审批表 has been issued in this case")
    assert (f"T18 Publish the penalty on the National Enterprise Credit Information Publicity System is due on "
            f"{t18.due} (overdue)") in messages[1]
    issue_closing_approval(db, case)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2026-07-05"))
    assert closing_warnings(db, get_case(db, case.id)) == []
    # warned, never refused: the case closes either way
    assert procedure.apply(db, case.id, "close", on_date="2026-07-20").status == "closed"


def test_a_simple_procedure_case_is_warned_of_the_approval_only(db, make_case, english):
    case = served(db, make_case)
    db.execute("UPDATE cases SET procedure_kind = 'simple' WHERE id = ?", [case.id])
    case = procedure.apply(db, case.id, "record_performance", on_date="2026-07-01")
    assert [w.note for w in closing_warnings(db, case)] == ["Closed without an issued 结案审批表."]


def test_the_command_line_transition_says_the_warnings_of_closing(db, data_dir, make_case, capsys, english):
    case = served(db, make_case)
    procedure.apply(db, case.id, "record_performance", on_date="2026-07-01")
    result = run_json(capsys, "cases", "transition", case.case_number, "close", "--date", "2026-07-20",
                      "--data-dir", data_dir)
    assert result["status"] == "closed"
    # said once the step is recorded: done, with what to add now, never "first"
    assert len(result["warnings"]) == 2 and result["warnings"][0].startswith(
        "The case is recorded as closed. No 结案审批表 has been issued in it: write and issue it now")
    assert "first" not in result["warnings"][0]
    assert result["warnings"][1].startswith("The penalty has not been published yet: T18")


# ---- 3. 履行: amount, surcharge, voucher ------------------------------------------------------------------------------

def test_m030_adds_the_details_column_and_leaves_earlier_events_without_any(db, data_dir, make_case):
    from workstation.store.sort_keys import _dropped_penalty_triggers

    case = served(db, make_case)
    procedure.apply(db, case.id, "record_performance", on_date="2026-07-01")
    with db.atomic():  # the database as the version before m030 left it
        # m043's sort key read the column from its triggers: taken out with it, and made again after m030
        _dropped_penalty_triggers(db)
        db.execute("DROP INDEX cases_penalty_order")
        db.execute("ALTER TABLE cases DROP COLUMN penalty_sort")
        db.execute("ALTER TABLE case_events DROP COLUMN details")
        db.execute("DELETE FROM _sqlite_migrations WHERE name IN ('m030_event_details', 'm043_case_penalty_order')")
    db.conn.close()
    again = open_database(database_path(data_dir))  # m030 runs, then m043
    try:
        assert applied_schema(again)[-2:] == ["m030_event_details", "m043_case_penalty_order"]
        assert again.execute("SELECT details FROM case_events WHERE case_id = ? AND to_status = 'performed'",
                             [case.id]).fetchone() == (None,)
    finally:
        again.conn.close()


def test_the_surcharge_is_three_per_cent_of_the_fine_a_day_late_capped_at_the_fine(db, make_case):
    def surcharge(fine_fen, days_late):  # counted by the law module from the rate in thresholds.toml
        return law_surcharge(fine_fen, T8_DUE, dt.date.fromisoformat(T8_DUE) + dt.timedelta(days=days_late)).amount_fen

    assert surcharge(FINE, 0) == 0 and surcharge(FINE, 1) == 15_000 and surcharge(FINE, 10) == 150_000
    assert surcharge(FINE, 40) == FINE
    case = served(db, make_case)
    in_time = owed(db, case, T8_DUE)
    assert (in_time.due, in_time.days_late, in_time.surcharge_fen, in_time.total_fen) == (T8_DUE, 0, 0, FINE)
    late = owed(db, case, "2026-07-11")
    assert (late.days_late, late.surcharge_fen, late.total_fen) == (10, 150_000, 650_000)


def test_the_payment_keeps_amount_surcharge_and_voucher_and_the_closing_approval_is_prefilled_from_it(
        db, make_case, english):
    case = served(db, make_case)
    procedure.apply(db, case.id, "record_performance", on_date="2026-07-11",
                    payment=Payment(paid_fen=650_000, surcharge_fen=150_000, voucher="4400261234567"))
    case = get_case(db, case.id)
    context = case_context(db, case)
    assert (context["payment.paid_on"], context["payment.paid_fen"], context["payment.surcharge_fen"],
            context["payment.receipt_no"]) == ("2026-07-11", 650_000, 150_000, "4400261234567")
    from workstation.documents.drafts import find_form
    from workstation.formkit.values import default_values

    values = default_values(find_form("closing_approval"), context)
    assert (values["paid_on"], values["paid_fen"], values["surcharge_fen"], values["receipt_no"]) == (
        "2026-07-11", "6500.00", "1500.00", "4400261234567")
    performed = [e.text for e in case_timeline(db, case) if e.kind == "transition"][-1]
    assert performed.endswith(" (paid ¥6,500.00, surcharge ¥1,500.00 included, voucher 4400261234567)")


def test_a_payment_without_details_still_prefills_the_day_and_the_decisions_total(db, make_case, english):
    case = served(db, make_case)
    procedure.apply(db, case.id, "record_performance", on_date="2026-07-01")
    context = case_context(db, get_case(db, case.id))
    assert (context["payment.paid_on"], context["payment.paid_fen"], context["payment.receipt_no"]) == (
        "2026-07-01", FINE, "")


def test_a_payment_short_of_what_is_owed_late_is_warned_naming_the_surcharge(db, data_dir, make_case, capsys,
                                                                            english):
    case = served(db, make_case)
    result = run_json(capsys, "cases", "transition", case.case_number, "record_performance", "--date", "2026-07-11",
                      "--paid", "5000", "--voucher", "NO.88", "--data-dir", data_dir)
    # short of the surcharge: a payment of part, the case staying served (the rest demanded and enforced)
    assert result["status"] == "served"
    assert result["warnings"] == [
        "The amount paid, ¥5,000.00, is not what is owed: fine ¥5,000.00; surcharge (加处罚款) ¥1,500.00 for 10 days "
        "after the payment period ended on 2026-07-01 (3 % of the fine a day, at most the fine; Penalty Law art. 72), "
        "¥6,500.00 in all. Check the payment voucher before recording it. ¥5,000.00 paid in all leaves ¥1,500.00 still owed: the "
        "payment is recorded as a payment of part of what is "
        "owed and the case stays served (已送达), not performed (已履行), until the rest is paid; unpaid, the rest is "
        "demanded by a 催告书 (T15) and enforced by applying to the people's court (T16)."]
    row = db.execute("SELECT details FROM case_events WHERE case_id = ? AND kind = 'payment'", [case.id]).fetchone()
    assert Payment.from_json(row[0]) == Payment(paid_fen=500_000, surcharge_fen=0, voucher="NO.88")


def test_an_unreadable_amount_on_the_command_line_is_refused_naming_the_option_and_nothing_changes(
        db, data_dir, make_case, capsys, english):
    from tests.helpers import run

    case = served(db, make_case)
    code, _out, err = run(capsys, "cases", "transition", case.case_number, "record_performance", "--paid", "五千",
                          "--data-dir", data_dir)
    assert code != 0 and "--paid" in err
    assert get_case(db, case.id).status == "served"


# ---- 4. the timeline names officers only ----------------------------------------------------------------------------

def test_the_timeline_names_the_officer_who_acted_never_the_operating_system_account(db, make_case, officers):
    case = make_case()
    add_event(db, CaseEvent(case_id=case.id, kind="edited", at=now(), actor="root", note="os account"))
    add_event(db, CaseEvent(case_id=case.id, kind="edited", at=now(), actor="陈志强", note="officer"))
    actors = {e.note: e.actor for e in case_timeline(db, get_case(db, case.id)) if e.note in ("os account", "officer")}
    assert actors == {"os account": "", "officer": "陈志强"}


@pytest.mark.gui
def test_the_payment_dialog_prefills_what_is_owed_and_warns_of_another_amount(db, make_case, qtbot, english):
    from PySide6.QtWidgets import QDialogButtonBox

    from ui.transition_dialog import TransitionDialog, payment_check

    case = served(db, make_case)
    dialog = TransitionDialog(procedure.BY_NAME["record_performance"], payment=payment_check(db, case))
    qtbot.addWidget(dialog)
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    dialog.date.setDate(dialog.date.date().fromString("2026-07-11", "yyyy-MM-dd"))
    assert (dialog.paid.text(), dialog.surcharge.text()) == ("6500.00", "1500.00")
    assert ok.isEnabled() and not dialog.acknowledge.isVisible()
    qtbot.keyClicks(dialog.voucher, "4400261234567")
    dialog.paid.clear()
    qtbot.keyClicks(dialog.paid, "5000")
    assert not ok.isEnabled()
    assert dialog.warning_label.text().startswith("The amount paid, ¥5,000.00, is not what is owed")
    dialog.acknowledge.setChecked(True)
    assert ok.isEnabled()
    assert dialog.payment() == Payment(paid_fen=500_000, surcharge_fen=150_000, voucher="4400261234567")
    assert "differs from what is owed" in dialog.recorded()[1]
    dialog.paid.clear()
    dialog.paid.setText("五千")
    assert not ok.isEnabled() and "paid" in dialog.validate()


@pytest.mark.gui
def test_the_workspace_records_the_payment_typed_and_warns_at_closing(db, make_case, make_window, monkeypatch,
                                                                      english):
    import ui.transition_dialog
    from ui.transition_dialog import TransitionDialog

    case = served(db, make_case)
    shown = {}

    def answer(parent, transition, check=None, prompts=None, warning=None, parties=None, advice=None,
               proposal=None, payment=None):
        dialog = TransitionDialog(transition, parent, check=check, warning=warning, parties=parties, payment=payment)
        dialog.date.setDate(dialog.date.date().fromString("2026-07-11", "yyyy-MM-dd"))
        if payment is not None:
            dialog.voucher.setText("4400261234567")
        shown[transition.name] = dialog.warning_label.text()
        dialog.acknowledge.setChecked(True)
        if payment is not None:
            return *dialog.recorded(), dialog.chosen_party(), None, dialog.payment()
        return dialog.recorded()

    monkeypatch.setattr(ui.transition_dialog, "ask_transition", answer)
    workspace = make_window(db).open_case(case.id)
    workspace._apply(procedure.BY_NAME["record_performance"])
    assert case_context(db, get_case(db, case.id))["payment.receipt_no"] == "4400261234567"
    assert shown["record_performance"] == ""  # the amount prefilled is what is owed, with its surcharge
    workspace._apply(procedure.BY_NAME["close"])
    assert get_case(db, case.id).status == "closed"
    assert shown["close"].startswith("No 结案审批表 has been issued") and "T18" in shown["close"]
    close = [e for e in case_timeline(db, get_case(db, case.id)) if e.kind == "transition"][-1]
    assert "Closed without an issued 结案审批表." in close.note and "Closed before the penalty was published" in close.note


def test_the_timeline_names_the_officer_who_issued_a_document_never_the_operating_system_account(
        demo_db, data_dir, monkeypatch):
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import issue_document
    from workstation.store import find_case

    case = find_case(demo_db, "佛南市监立〔2026〕1号")
    officer = demo_db.execute("SELECT name FROM officers ORDER BY name LIMIT 1").fetchone()[0]
    monkeypatch.setenv("WORKSTATION_ACTOR", "root")  # nobody signed in: the operating-system account
    first = issue_document(demo_db, data_dir, case, find_form("case_source_register"), {})
    monkeypatch.setenv("WORKSTATION_ACTOR", officer)
    second = issue_document(demo_db, data_dir, case, find_form("filing_approval"), {})
    actors = {e.text: e.actor for e in case_timeline(demo_db, case) if e.kind == "document"}
    # the operating-system account is not even stored
    assert demo_db.execute("SELECT issued_by FROM documents WHERE id = ?", [first.id]).fetchone()[0] == ""
    assert [actor for text, actor in actors.items() if "案件来源登记表" in text] == [""]
    assert [actor for text, actor in actors.items() if "立案审批表" in text] == [officer]
    assert second.issued_by == officer


@pytest.mark.gui
def test_the_payment_dialog_of_a_case_with_parties_gives_each_field_its_own_alt_letter(db, make_case, qtbot):
    import re

    from PySide6.QtWidgets import QAbstractButton, QLabel

    from ui.transition_dialog import TransitionDialog, payment_check

    case = served(db, make_case)
    dialog = TransitionDialog(procedure.BY_NAME["record_performance"], payment=payment_check(db, case),
                              parties=[("p1", "佛山市南海区汇信房产中介有限公司"), ("p2", "李明辉")])
    qtbot.addWidget(dialog)
    texts = [w.text() for w in dialog.findChildren(QLabel) + dialog.findChildren(QAbstractButton) if w.isVisibleTo(dialog)]
    letters = [m.group(1).upper() for text in texts for m in [re.search(r"&([^&])", text)] if m]
    assert "P" in letters and "A" in letters  # 当事人(&P), 实缴金额（元）(&A)
    assert len(letters) == len(set(letters)), texts
