"""Payments after payments of part that paid some of the surcharge (加处罚款, REFERENCE §1.2 T9; 行政处罚法 art. 72):
the surcharge still owed is the one accrued less what was paid of it. One payment for several parties is split
with each party's surcharge still owed (not the whole accrued again), and says so when refused; a payment of the
rest stating another surcharge than the one still owed is warned of (above it, refused: s72); a surcharge stated
that, with what was paid of it before, would exceed the fine is refused."""

from __future__ import annotations

import json

from tests import test_law24_money_checks
from tests.helpers import run, run_json
from tests.test_law24_money_checks import paid
from tests.test_party_case10 import COMPANY, EMPLOYEE
from tests.test_s52_enforcement import paid_with_surcharge, pay, served
from workstation.payments import owed
from workstation.store import case_events, get_case

# ---- 1. one payment for several parties after one paid in part ----------------------------------------------------

# the company fined ¥50,000 and its employee ¥5,000, each its own decision, both served on 03-12 (the fixture of
# tests/test_law24_money_checks)
two_parties = test_law24_money_checks.both_served


def company_paid_in_part(capsys, data_dir, case, company):
    """Both pay by 03-27; on 03-30 (3 days late, ¥4,500 surcharge) the company pays ¥14,500, its surcharge
    included: ¥40,000 of its fine is left."""
    result = run_json(capsys, "cases", "transition", case.id, "record_performance", "--date", "2026-03-30",
                      "--party", company, "--paid", "14500", "--surcharge", "4500", "--data-dir", data_dir)
    assert result["status"] == "served"


def test_one_payment_for_several_parties_records_each_ones_surcharge_still_owed(
        db, data_dir, two_parties, capsys, english):
    case, company, employee = two_parties
    company_paid_in_part(capsys, data_dir, case, company)
    owing = owed(db, get_case(db, case.id), "2026-04-06", company)
    # 3 days on ¥50,000 (¥4,500) and 7 on ¥40,000 (¥8,400): ¥12,900 accrued, ¥4,500 of it paid
    assert (owing.surcharge_fen, owing.surcharge_paid_fen) == (1_290_000, 450_000)
    # the company owes ¥40,000 + ¥8,400, the employee ¥5,000 + 10 days on it (¥1,500): ¥54,900, surcharge ¥9,900
    result = run_json(capsys, "cases", "transition", case.id, "record_performance", "--date", "2026-04-06",
                      "--party", company, "--party", employee, "--paid", "54900", "--surcharge", "9900",
                      "--data-dir", data_dir)
    assert result["status"] == "performed"
    assert sorted(paid(db, case))[-2:] == sorted([(company, 4_840_000, 840_000, ""), (employee, 650_000, 150_000, "")])
    payments = [json.loads(e.details) for e in case_events(db, case.id) if e.kind == "payment"]
    assert all(p["surcharge_fen"] <= p["paid_fen"] for p in payments)


def test_one_payment_refused_for_several_parties_names_the_surcharge_still_owed(
        db, data_dir, two_parties, capsys, english):
    case, company, employee = two_parties
    company_paid_in_part(capsys, data_dir, case, company)
    code, out, err = run(capsys, "cases", "transition", case.id, "record_performance", "--date", "2026-04-06",
                         "--party", company, "--party", employee, "--paid", "54900", "--surcharge", "14400",
                         "--data-dir", data_dir)
    assert (code, out) == (1, "")
    assert err.startswith(
        f"Error: --surcharge: One payment for 2 parties is recorded as each party's own only when it is what they owe "
        f"together on 2026-04-06: {COMPANY} owes ¥48,400.00, surcharge ¥8,400.00 included; {EMPLOYEE} owes "
        "¥6,500.00, surcharge ¥1,500.00 included; ¥54,900.00 in all, surcharge ¥9,900.00.")


# ---- 2. a payment of the rest stating another surcharge than the one still owed -----------------------------------

def small_part_paid(db, data_dir, make_case, capsys):
    """¥8,000 fine due 06-16; on 06-20 (4 days late, ¥960) ¥1,960 paid, its surcharge included: ¥7,000 left."""
    case = served(db, make_case)
    result = pay(capsys, data_dir, case, "--date", "2026-06-20", "--paid", "1960", "--surcharge", "960")
    assert result["status"] == "served"
    return get_case(db, case.id)


def refused_performance(capsys, data_dir, case, day, paid, surcharge) -> str:
    """Record on the command line a payment of ``paid`` (its ``surcharge`` included) on ``day`` that must be refused
    (exit 1, nothing printed): what it says."""
    code, out, err = run(capsys, "cases", "transition", case.case_number, "record_performance", "--date", day,
                         "--paid", paid, "--surcharge", surcharge, "--data-dir", data_dir)
    assert (code, out) == (1, ""), out
    return err


def test_the_rest_paid_stating_the_whole_surcharge_accrued_is_refused(db, data_dir, make_case, capsys, english):
    case = small_part_paid(db, data_dir, make_case, capsys)
    owing = owed(db, case, "2026-06-30")
    # 4 days on ¥8,000 (¥960) and 10 on ¥7,000 (¥2,100): ¥3,060 accrued, ¥960 of it paid
    assert (owing.surcharge_fen, owing.surcharge_paid_fen, owing.total_fen - owing.paid_in_part_fen) == (
        306_000, 96_000, 910_000)
    # s72: stating the ¥960 paid before again would leave ¥960 of the fine unpaid, the case performed: refused
    err = refused_performance(capsys, data_dir, case, "2026-06-30", "9100", "3060")
    assert err.startswith("Error: --surcharge: The surcharge (加处罚款) ¥3,060.00 is more than is still owed of it on "
                          "the day paid: ¥3,060.00 has accrued, of which the party has already paid ¥960.00, so "
                          "当日应加处罚款为¥2,100.00.")
    assert get_case(db, case.id).status == "served"
    assert len([e for e in case_events(db, case.id) if e.kind == "payment"]) == 1


def test_the_rest_paid_with_the_surcharge_still_owed_warns_of_nothing(db, data_dir, make_case, capsys, english):
    case = small_part_paid(db, data_dir, make_case, capsys)
    result = pay(capsys, data_dir, case, "--date", "2026-06-30", "--paid", "9100", "--surcharge", "2100")
    assert result["status"] == "performed" and "warnings" not in result


# ---- 3. the surcharge in all, paid before and stated now, is at most the fine -------------------------------------

def test_a_surcharge_that_with_what_was_paid_of_it_exceeds_the_fine_is_refused(
        db, data_dir, make_case, capsys, english):
    case = paid_with_surcharge(db, data_dir, make_case, capsys)  # ¥7,200 of surcharge paid of the ¥8,000 fine
    err = refused_performance(capsys, data_dir, case, "2026-07-20", "1000", "900")
    assert err.startswith("Error: --surcharge: The 加处罚款 (¥900.00) and the ¥7,200.00 of surcharge the party has "
                          "already paid come to ¥8,100.00, more than the fine (¥8,000.00): the surcharge in all never "
                          "exceeds the fine (行政处罚法 art. 72). Write ¥800.00 at most.")
    assert get_case(db, case.id).status == "served"
    # what is still owed of it is recorded
    result = pay(capsys, data_dir, get_case(db, case.id), "--date", "2026-07-20", "--paid", "112", "--surcharge", "12")
    assert result["status"] == "performed"


def test_a_surcharge_up_to_what_the_fine_leaves_but_not_accrued_is_refused(db, data_dir, make_case, capsys,
                                                                           english):
    case = paid_with_surcharge(db, data_dir, make_case, capsys)  # ¥100 of the fine left on 07-16
    # s72: ¥800 is what the fine leaves of the surcharge, but 4 days on ¥100 (¥12) is all that accrued since
    err = refused_performance(capsys, data_dir, case, "2026-07-20", "1000", "800")
    assert "当日应加处罚款为¥12.00" in err and "already paid ¥7,200.00" in err
    assert get_case(db, case.id).status == "served"


def test_a_surcharge_up_to_what_the_fine_leaves_is_not_refused(db, data_dir, make_case, capsys, english):
    # ¥8,000 due 06-16; on 06-26 (10 days, ¥2,400) ¥3,400 paid, its surcharge included: ¥7,000 of the fine left,
    # ¥5,600 of the surcharge before it reaches the fine — accrued by 09-30 (¥210 a day)
    case = served(db, make_case)
    assert pay(capsys, data_dir, case, "--date", "2026-06-26", "--paid", "3400", "--surcharge", "2400")["status"] \
        == "served"
    err = refused_performance(capsys, data_dir, case, "2026-09-30", "12600.01", "5600.01")
    assert "more than the fine (¥8,000.00)" in err and "Write ¥5,600.00 at most" in err
    result = pay(capsys, data_dir, get_case(db, case.id), "--date", "2026-09-30", "--paid", "12600",
                 "--surcharge", "5600")
    assert result["status"] == "performed"
