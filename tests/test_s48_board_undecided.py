"""The deadline board shows the time limit for the decision (T2) of a case decided while a party of it has no
decision yet, as the case's 期限 tab does (Penalty Law art. 57: each party is concluded by its own decision); once
every party has one the board no longer shows it."""

from __future__ import annotations

from tests.test_party_case10 import decide
from tests.test_s47_multiparty_steps import DECIDED_ON, pending
from workstation import procedure
from workstation.clocks import board, case_clocks
from workstation.store import get_case


def board_t2(db, case, on):
    return [(d.state, d.due) for d in board(db, on=on) if d.clock == "T2" and d.case_id == case.id]


def test_the_board_shows_the_running_time_limit_of_the_party_without_a_decision(db, data_dir, make_case):
    case, _company, _employee = pending(db, data_dir, make_case)
    procedure.apply(db, case.id, "decide_penalty", on_date=DECIDED_ON)
    shown = board_t2(db, case, "2026-03-12")
    tab = [(d.state, d.due) for d in case_clocks(db, get_case(db, case.id), on="2026-03-12") if d.clock == "T2"]
    assert shown == tab and len(shown) == 1
    assert shown[0][0] not in ("met", "late", "ended")


def test_the_board_drops_it_once_every_party_is_decided(db, data_dir, make_case):
    case, _company, employee = pending(db, data_dir, make_case)
    procedure.apply(db, case.id, "decide_penalty", on_date=DECIDED_ON)
    decide(db, data_dir, case, employee, fine_fen="5000", decided_on="2026-03-13")
    assert board_t2(db, case, "2026-03-16") == []


def test_a_one_party_decided_case_has_no_time_limit_for_the_decision_on_the_board(db, data_dir, make_case):
    case = make_case(status="penalty_decided", filed_on="2026-02-20", decided_on="2026-03-10")
    assert board_t2(db, case, "2026-03-12") == []
