"""The clocks: a document served by public notice counts from the day it is deemed served (T30 → T4, T8), a deadline
is confirmed when the years it counts through have holiday data, and a suspension resumed the day it began excludes
no day."""

import datetime as dt

import pytest

from tests.helpers import fixed_holidays_toml
from workstation import clocks, procedure
from workstation.document_clocks import enforcement_window
from workstation.errors import TransitionRefused
from workstation.store import get_case


def publish(db, data_dir, case, document: str, published_on: str):
    """Issue the 行政处罚文书送达公告 of ``case`` publishing ``document`` on ``published_on``."""
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import issue_document

    return issue_document(db, data_dir, get_case(db, case.id), find_form("service_public_notice"),
                          {"served_document": document, "published_on": published_on,
                           "reason": "受送达人下落不明，邮寄送达被退回", "collect_place": "本局法规科"})


def deadline(db, case, clock: str, on: str) -> clocks.Deadline:
    return next(d for d in clocks.case_clocks(db, get_case(db, case.id), on=on) if d.clock == clock)


# ---- 1. a 行政处罚告知书 or 行政处罚决定书 served by public notice ----------------------------------------------------

def test_a_notice_served_by_public_notice_gives_the_party_its_period_from_the_deemed_service(db, data_dir, make_case,
                                                                                            english):
    case = make_case(status="pre_notice", filed_on="2026-01-12", notice_served_on="2026-03-02")
    assert deadline(db, case, "T4", "2026-03-03").due == "2026-03-09"
    publish(db, data_dir, case, "《行政处罚告知书》", "2026-03-02")
    t4 = deadline(db, case, "T4", "2026-03-03")
    # deemed served 30 days after the publication, 2026-04-01; five working days after it (清明 4–6 April)
    assert (t4.start, t4.due) == ("2026-04-01", "2026-04-09")
    assert ("The 《行政处罚告知书》 was served by public notice, published on 2026-03-02: deemed served on 2026-04-01"
            in t4.calculation())
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "end_statement_period", on_date="2026-03-10")
    assert "until 2026-04-09" in str(refused.value) and "notice on 2026-04-01" in str(refused.value)


def test_a_public_notice_of_another_document_or_published_before_the_service_moves_nothing(db, data_dir, make_case):
    case = make_case(status="pre_notice", filed_on="2026-01-12", notice_served_on="2026-03-02")
    publish(db, data_dir, case, "《不予行政处罚决定书》", "2026-03-02")
    publish(db, data_dir, case, "《行政处罚告知书》", "2026-01-20")  # deemed served 2026-02-19, before the service
    assert (deadline(db, case, "T4", "2026-03-03").start, deadline(db, case, "T4", "2026-03-03").due) == (
        "2026-03-02", "2026-03-09")


def test_a_decision_served_by_public_notice_gives_the_party_its_payment_period_from_the_deemed_service(
        db, data_dir, make_case):
    case = make_case(status="served", filed_on="2026-01-12", notice_served_on="2026-03-02", decided_on="2026-04-01",
                     served_on="2026-04-02", fine_fen=500000)
    assert deadline(db, case, "T8", "2026-04-03").due == "2026-04-17"
    publish(db, data_dir, case, "《行政处罚决定书》（佛南市监处〔2026〕1号）", "2026-04-02")
    t8 = deadline(db, case, "T8", "2026-04-03")
    assert (t8.start, t8.due) == ("2026-05-02", "2026-05-18")  # 15 days: Sun 17 May moves to Monday
    assert deadline(db, case, "T7", "2026-04-03").done_on == "2026-04-02"  # the decision was delivered on time
    # the court may be applied to three months after the time to sue, six months from the deemed service
    window = enforcement_window(db, get_case(db, case.id), dt.date(2026, 4, 2))
    assert (window.first, window.last) == (dt.date(2026, 11, 3), dt.date(2027, 2, 2))


# ---- 2. a deadline counted through years with holiday data is confirmed --------------------------------------------

def test_a_deadline_in_a_year_with_holiday_data_is_confirmed_though_an_earlier_year_has_none(db, data_dir, make_case):
    from workstation.workdays import reload_calendars

    folder = data_dir / "calendar"
    folder.mkdir(exist_ok=True)
    (folder / "2028.toml").write_text('year = 2028\nsource = "测试"\nworkdays = []\n[[holiday]]\nname = "元旦"\n'
                                      'from = 2028-01-01\nto = 2028-01-03\n' + fixed_holidays_toml(2028, but=("元旦",)),
                                      encoding="utf-8")
    reload_calendars()
    try:
        # (no evidence registered: none is collected today for a case filed in 2028)
        in_2028 = make_case(status="pre_notice", filed_on="2028-01-12", notice_served_on="2028-03-02", evidence=False)
        t4 = deadline(db, in_2028, "T4", "2028-03-03")
        assert (t4.due, t4.confirmed) == ("2028-03-09", True)
        assert "is not known" not in t4.calculation()
        in_2027 = make_case(status="pre_notice", filed_on="2027-01-12", notice_served_on="2027-03-01", evidence=False)
        assert deadline(db, in_2027, "T4", "2028-03-03").confirmed is False  # 2027 has no holiday data
    finally:
        (folder / "2028.toml").unlink()
        reload_calendars()


# ---- 3. suspended and resumed on the same day -----------------------------------------------------------------------

def test_a_suspension_resumed_the_day_it_began_excludes_no_day(db, make_case, english):
    case = make_case(status="investigating", filed_on="2026-03-10")
    procedure.apply(db, case.id, "suspend", on_date="2026-04-01", reason="当事人下落不明")
    procedure.apply(db, case.id, "resume", on_date="2026-04-01")
    t2 = deadline(db, case, "T2", "2026-04-02")
    assert t2.due == "2026-06-08" and "not counted" not in t2.calculation()
    notes = [row[0] for row in db.execute("SELECT note FROM case_events WHERE case_id = ? AND kind = 'clock'",
                                          [case.id])]
    assert any("the day this began: no day is left uncounted" in note for note in notes)
    # resumed the next day: the day of the suspension is not counted
    procedure.apply(db, case.id, "suspend", on_date="2026-04-03", reason="当事人下落不明")
    procedure.apply(db, case.id, "resume", on_date="2026-04-04")
    assert deadline(db, case, "T2", "2026-04-05").due == "2026-06-09"
