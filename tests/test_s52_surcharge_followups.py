"""What is left of the surcharge (加处罚款) after payments of part that paid some of it (audit s52, after the
surcharge was made to accrue on the fine then unpaid, capped at the fine, tests/test_s52_enforcement.py): the
surcharge still owed is the one accrued less what was paid of it, and every place the officer sees it says so — a
催告书 redated in the form editor counts it again for the new day as its draft's pre-fill does, the case's law
panel shows what accrued, what was paid and what is still owed, and the payment dialog pre-fills the surcharge
still owed on the day picked, as it pre-fills the amount left to pay. The old cap's text (at the fine still unpaid)
is gone from the law data."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import run_json
from workstation import procedure
from workstation.law import data as law_data
from workstation.payments import Payment
from workstation.store import get_case
from workstation.store.cases import update_case

ON = "2026-07-20"  # "today" of these tests


def served(db, make_case, fine_fen=800_000):
    """A ¥8,000 fine, decided 2026-05-28 and served 2026-06-01: the time to pay (T8) ends 2026-06-16."""
    case = make_case(fine_fen=fine_fen)
    return update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-03-10",
                                   notice_served_on="2026-05-01", decided_on="2026-05-28", served_on="2026-06-01"),
                       allow_status_change=True)


@pytest.fixture
def part_paid(db, data_dir, make_case, capsys, monkeypatch):
    """30 days late on 07-16 (¥7,200 surcharge): ¥15,100 paid with its ¥7,200 surcharge, ¥100 of the fine left;
    then 3 % of ¥100 (¥3) a day, so by 07-20 ¥7,212 accrued, ¥12 of it still owed. Today is 07-20."""
    monkeypatch.setattr("workstation.formkit.values.today", lambda: ON)
    monkeypatch.setattr("workstation.law.case_law.today", lambda: ON)
    case = served(db, make_case)
    result = run_json(capsys, "cases", "transition", case.case_number, "record_performance", "--date", "2026-07-16",
                      "--paid", "15100", "--surcharge", "7200", "--data-dir", data_dir)
    assert result["status"] == "served"
    return get_case(db, case.id)


# ---- 1. the form editor: a 催告书 redated counts the surcharge still owed for its new day ---------------------------

@pytest.mark.parametrize("form_id", ["performance_demand", "enforcement_application"])
def test_a_redated_document_states_the_surcharge_still_owed_on_its_new_day(db, part_paid, opened, english, form_id):
    editor = opened(db, form_id, part_paid)
    editor.fields["signed_on"].set_value(ON)
    assert editor.fields["surcharge_fen"].value() == "12.00"  # the draft's pre-fill: ¥7,212 accrued less ¥7,200 paid
    editor.fields["signed_on"].set_value("2026-07-25")  # 9 days on ¥100 after 07-16: ¥7,227 accrued, ¥27 owed
    assert editor.fields["surcharge_on"].value() == "2026-07-25"
    assert editor.fields["surcharge_fen"].value() == "27.00"
    editor.fields["signed_on"].set_value("2026-07-22")  # followed again: it still shows the one computed
    assert editor.fields["surcharge_fen"].value() == "18.00"


def test_a_demand_redated_to_the_payment_day_owes_no_surcharge(db, part_paid, opened, english):
    editor = opened(db, "performance_demand", part_paid)
    editor.fields["signed_on"].set_value(ON)
    editor.fields["signed_on"].set_value("2026-07-16")  # ¥7,200 accrued, all of it paid that day
    assert editor.fields["surcharge_fen"].value() in ("", None)


def test_a_surcharge_typed_by_the_officer_is_kept_when_the_demand_is_redated(db, part_paid, opened, english):
    editor = opened(db, "performance_demand", part_paid)
    editor.fields["signed_on"].set_value(ON)
    editor.fields["surcharge_fen"].set_value("10.00")
    editor.fields["signed_on"].set_value("2026-07-25")
    assert editor.fields["surcharge_fen"].value() == "10.00"


# ---- 2. the law panel: accrued, paid, still owed ------------------------------------------------------------------

def law_text(db, case, prompts, qtbot) -> str:
    from PySide6.QtWidgets import QLabel

    from ui.case_law import CaseLawBox

    box = CaseLawBox(db, get_case(db, case.id), prompts)
    qtbot.addWidget(box)
    return box.findChild(QLabel, "surcharge").text()


def test_the_law_panel_shows_the_surcharge_accrued_paid_and_still_owed(db, part_paid, prompts, qtbot, english):
    text = law_text(db, part_paid, prompts, qtbot)
    first = text.splitlines()[0]
    assert "¥7,212.00 accrued" in first and "¥7,200.00 of it paid" in first and "¥12.00 still owed" in first
    assert any("¥100.00" in line for line in text.splitlines()[1:])  # the steps follow, as before


def test_the_law_panel_shows_the_surcharge_alone_when_none_of_it_was_paid(db, make_case, prompts, qtbot, english,
                                                                         monkeypatch):
    monkeypatch.setattr("workstation.law.case_law.today", lambda: ON)
    case = served(db, make_case)  # 34 days on ¥8,000: ¥8,160, at most the fine
    text = law_text(db, case, prompts, qtbot)
    assert text.splitlines()[0] == "¥8,000.00"
    assert "paid" not in text.splitlines()[0] and "still owed" not in text


def test_the_law_panel_shows_each_partys_surcharge_paid_and_still_owed(db, data_dir, make_case, prompts, qtbot,
                                                                       english, monkeypatch):
    from tests.test_multiparty13 import COMPANY, EMPLOYEE, decided_case, serve

    monkeypatch.setattr("workstation.law.case_law.today", lambda: "2026-04-02")
    case, company, employee = decided_case(db, data_dir, make_case)[:3]
    serve(db, case, "2026-03-12", company, employee)  # both pay by 03-27
    # the company (¥50,000) pays on 03-30, three days late (3 × ¥1,500): ¥10,000 of the fine and ¥4,500 surcharge
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-30", party_ids=(company,),
                    payment=Payment(paid_fen=1_450_000, surcharge_fen=450_000, voucher="V1"))
    # by 04-02: ¥4,500 and 3 days on the ¥40,000 left (¥1,200 a day): ¥8,100 accrued, ¥3,600 still owed
    lines = law_text(db, case, prompts, qtbot).splitlines()
    [own] = [line for line in lines if line.startswith(COMPANY)]
    assert "¥8,100.00 accrued" in own and "¥4,500.00 of it paid" in own and "¥3,600.00 still owed" in own
    [other] = [line for line in lines if line.startswith(EMPLOYEE)]  # paid nothing: its surcharge alone
    assert "paid" not in other and "still owed" not in other


# ---- 3. the payment dialog pre-fills the surcharge still owed -----------------------------------------------------

def test_the_payment_dialog_prefills_the_surcharge_still_owed_after_a_part(db, part_paid, qtbot, english):
    from ui.transition_dialog import TransitionDialog, payment_check

    dialog = TransitionDialog(procedure.BY_NAME["record_performance"], payment=payment_check(db, part_paid))
    qtbot.addWidget(dialog)
    dialog.date.setDate(dialog.date.date().fromString(ON, "yyyy-MM-dd"))
    assert (dialog.paid.text(), dialog.surcharge.text()) == ("112.00", "12.00")
    dialog.date.setDate(dialog.date.date().fromString("2026-07-25", "yyyy-MM-dd"))  # follows the day picked
    assert (dialog.paid.text(), dialog.surcharge.text()) == ("127.00", "27.00")
    assert not dialog.validate() and not dialog.warning_label.text()  # what it pre-fills is recorded as it is


def test_the_payment_dialog_prefills_no_surcharge_when_all_of_it_was_paid(db, data_dir, make_case, capsys, qtbot,
                                                                         english):
    from ui.transition_dialog import TransitionDialog, payment_check

    case = served(db, make_case)
    run_json(capsys, "cases", "transition", case.case_number, "record_performance", "--date", "2026-07-16",
             "--paid", "15100", "--surcharge", "7200", "--data-dir", data_dir)
    dialog = TransitionDialog(procedure.BY_NAME["record_performance"], payment=payment_check(db, get_case(db, case.id)))
    qtbot.addWidget(dialog)
    dialog.date.setDate(dialog.date.date().fromString("2026-07-16", "yyyy-MM-dd"))  # the rest paid that day
    assert (dialog.paid.text(), dialog.surcharge.text()) == ("100.00", "")


# ---- 4. the law data no longer says the cap is the fine still unpaid ----------------------------------------------

def test_the_law_data_says_the_cap_is_the_fine_and_keeps_no_text_of_the_old_cap():
    text = law_data.resource("law", "thresholds.toml").read_text(encoding="utf-8")
    assert "surcharge_capped_unpaid" not in text
    block = text[text.index("[late_payment]"):text.index("[texts]")]
    assert "the cap follows the unpaid principal" not in block
    assert "at most the fine" in block and "art. 72" in block
