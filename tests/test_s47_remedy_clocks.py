"""The party's remedy periods and what follows them: a reconsideration or lawsuit begun after its period (T10, T11,
T12) is recorded with a warning and does not stop court enforcement (T16 counts from the periods' end, 行政强制法
art. 53); a reconsideration not accepted (不予受理) and a suit dismissed (驳回起诉) end the challenge; after a decision
revoked with a new one ordered, T2 stays met by the first decision and the new decision has its own period (T2b);
an imported case is decided again after a new pre-penalty notice; the clocks command says a clock not started once."""

from dataclasses import replace

import pytest

from workstation import clocks, enforcement, procedure
from workstation.errors import TransitionRefused
from workstation.records import ClockEvent
from workstation.store import get_case, get_party, save_party
from workstation.store.cases import update_case
from workstation.store.clock_events import record_clock_event

FINE = 500_000


def _served(db, make_case, served_on="2026-03-02", notice="2026-02-10"):
    case = make_case(fine_fen=FINE, lead_received_on="2026-01-10", violations=["unsolicited_commercial_messages"],
                     facts="经查，当事人未经消费者同意向其发送商业性短信。")
    party = get_party(db, case.party_ids[0])
    save_party(db, replace(party, address="佛山市南海区桂城街道1号", legal_rep="张三"))
    return update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-01-20",
                                   notice_served_on=notice, decided_on="2026-02-26", served_on=served_on),
                       allow_status_change=True)


def _clock(db, case, clock_id, on=None):
    return [d for d in clocks.case_clocks(db, get_case(db, case.id), on=on) if d.clock == clock_id]


def _event(db, case, kind, starts_on, **more):
    return record_clock_event(db, ClockEvent(case_id=case.id, kind=kind, starts_on=starts_on, **more))


def _cli(data_dir, *args):
    from workstation.cli import main

    return main([*args, "--data-dir", str(data_dir)])


# 1. a challenge begun after its period


def test_a_late_lawsuit_is_recorded_with_a_warning(db, data_dir, make_case, capsys, english):
    case = _served(db, make_case)
    [t11] = _clock(db, case, "T11")
    assert t11.due == "2026-09-02"
    assert _cli(data_dir, "cases", "transition", case.case_number, "litigation", "--date", "2026-10-10") == 0
    said = capsys.readouterr()
    assert "2026-09-02" in said.err and "T11" in said.err


def test_a_lawsuit_in_time_gives_no_warning(db, data_dir, make_case, capsys, english):
    case = _served(db, make_case)
    assert _cli(data_dir, "cases", "transition", case.case_number, "litigation", "--date", "2026-08-10") == 0
    assert "T11" not in capsys.readouterr().err


def test_a_late_reconsideration_is_recorded_with_a_warning(db, data_dir, make_case, capsys, english):
    case = _served(db, make_case)
    [t10] = _clock(db, case, "T10")
    assert _cli(data_dir, "cases", "transition", case.case_number, "reconsideration", "--date", "2026-06-15") == 0
    said = capsys.readouterr()
    assert t10.due in said.err and "T10" in said.err


def test_a_suit_after_a_reconsideration_is_late_after_t12(db, make_case, english):
    from workstation.store.clock_events import late_challenge_warning

    case = _served(db, make_case)
    _event(db, case, "reconsideration", "2026-03-20", ends_on="2026-05-11")
    suit = ClockEvent(case_id=case.id, kind="litigation", starts_on="2026-07-01")
    said = late_challenge_warning(db, get_case(db, case.id), suit)
    assert said and "T12" in said and "2026-05-26" in said
    assert late_challenge_warning(db, get_case(db, case.id), replace(suit, starts_on="2026-05-20")) is None


def test_a_late_lawsuit_does_not_stop_court_enforcement(db, make_case, english, monkeypatch):
    case = _served(db, make_case)
    _event(db, case, "demand", "2026-09-10")
    _event(db, case, "litigation", "2026-10-10")
    [t11] = _clock(db, case, "T11", on="2026-10-20")
    [t16] = _clock(db, case, "T16", on="2026-10-20")
    assert t16.state != "stopped" and t16.start == t11.due
    assert "late" in t16.calculation() or "after" in t16.calculation()
    assert any(d.clock == "T16" for d in clocks.board(db, on="2026-10-20"))
    monkeypatch.setattr(procedure, "today", lambda: "2026-10-20")
    monkeypatch.setattr(enforcement, "today", lambda: "2026-10-20")
    case = procedure.apply(db, case.id, "apply_enforcement", on_date="2026-10-20")
    assert case.status == "closed" or case.status == "served"


def test_a_lawsuit_in_time_still_stops_court_enforcement(db, make_case, english, monkeypatch):
    case = _served(db, make_case)
    _event(db, case, "demand", "2026-08-10")
    _event(db, case, "litigation", "2026-08-20")
    [t16] = _clock(db, case, "T16", on="2026-10-20")
    assert t16.state == "stopped"
    monkeypatch.setattr(procedure, "today", lambda: "2026-10-20")
    monkeypatch.setattr(enforcement, "today", lambda: "2026-10-20")
    with pytest.raises(TransitionRefused):
        procedure.apply(db, case.id, "apply_enforcement", on_date="2026-10-20")


def test_a_late_reconsideration_does_not_move_court_enforcement(db, make_case, english):
    case = _served(db, make_case)
    _event(db, case, "reconsideration", "2026-06-15")
    [t11] = _clock(db, case, "T11", on="2026-10-20")
    [t16] = _clock(db, case, "T16", on="2026-10-20")
    assert t16.state != "stopped" and t16.start == t11.due


def test_not_accepted_and_dismissed_end_the_challenge(db, make_case, english):
    case = _served(db, make_case)
    recon = _event(db, case, "reconsideration", "2026-03-20")
    _event(db, case, "challenge_not_accepted", "2026-03-27", approved_by="佛府复不受〔2026〕1号")
    [t12] = _clock(db, case, "T12", on="2026-04-01")
    assert t12.start == "2026-03-27"
    suit = _event(db, case, "litigation", "2026-04-03")
    _event(db, case, "challenge_dismissed", "2026-05-20", approved_by="（2026）粤0605行初1号")
    events = {e.id: e for e in clocks_events(db, case)}
    assert events[recon.id].ends_on == "2026-03-27" and events[suit.id].ends_on == "2026-05-20"
    [t16] = _clock(db, case, "T16", on="2026-06-01")
    assert t16.state != "stopped" and t16.start == "2026-05-20"


def clocks_events(db, case):
    from workstation.store.clock_events import clock_events_of

    return clock_events_of(db, case.id)


def test_the_new_outcomes_are_actions_of_the_command_line(db, data_dir, make_case, capsys, english):
    case = _served(db, make_case)
    _cli(data_dir, "cases", "transition", case.case_number, "reconsideration", "--date", "2026-03-20")
    assert _cli(data_dir, "cases", "transition", case.case_number, "challenge_not_accepted", "--date",
                "2026-03-27", "--number", "佛府复不受〔2026〕1号") == 0


# 2. T2 after a decision revoked and ordered made again


def _redone(db, case, decide=True):
    _event(db, case, "reconsideration", "2026-03-25")
    _event(db, case, "challenge_redo", "2026-04-20", approved_by="佛府复〔2026〕3号")
    case = procedure.apply(db, case.id, "redecide", on_date="2026-04-21", reason="复议决定责令重新作出")
    if decide:
        case = procedure.apply(db, case.id, "decide_penalty", on_date="2026-05-06", reason="重新作出处罚决定")
    return case


def test_t2_stays_met_by_the_first_decision_after_a_redo(db, make_case, english):
    case = _redone(db, _served(db, make_case), decide=False)
    [t2] = _clock(db, case, "T2", on="2026-04-25")
    assert t2.state == "met" and t2.done_on == "2026-02-26"
    [new] = _clock(db, case, "T2b", on="2026-04-25")
    assert new.start == "2026-04-20" and new.due == "2026-06-19" and new.state in ("open", "due_soon")
    assert not [d for d in clocks.board(db, on="2026-04-25") if d.case_id == case.id and d.clock == "T2"]
    procedure.apply(db, case.id, "decide_penalty", on_date="2026-05-06", reason="重新作出处罚决定")
    [t2] = _clock(db, case, "T2", on="2026-05-10")
    # (the first decision made outside the procedure's steps: met by the day the challenge began at the latest)
    assert t2.state == "met" and t2.done_on <= "2026-03-25"
    [new] = _clock(db, case, "T2b", on="2026-05-10")
    assert new.state == "met" and new.done_on == "2026-05-06"


# 3. an imported case (no pre-penalty notice recorded) decided again


def test_an_imported_case_is_decided_again_after_a_redo(db, make_case, english):
    case = _redone(db, _served(db, make_case, notice=None), decide=False)
    assert case.status == "decision_pending"
    case = procedure.apply(db, case.id, "send_pre_notice", on_date="2026-04-22")
    assert case.notice_served_on == "2026-04-22"
    procedure.apply(db, case.id, "waive_statement", on_date="2026-04-23", reason="当事人书面放弃陈述申辩")
    case = procedure.apply(db, case.id, "decide_penalty", on_date="2026-05-06", reason="重新作出处罚决定")
    assert case.status == "penalty_decided" and case.decided_on == "2026-05-06"


# 4. the clocks command, and a 催告书 drafted on a revoked decision


def test_the_clocks_command_says_not_started_once(db, data_dir, make_case, capsys):
    case = _served(db, make_case)
    _event(db, case, "litigation", "2026-08-20")
    assert _cli(data_dir, "clocks", "--case", case.case_number, "--as-of", "2026-10-20") == 0
    line = next(line for line in capsys.readouterr().out.splitlines() if " T16 " in line)
    assert line.count("尚未起算") == 1


def test_rendering_a_demand_on_a_revoked_decision_warns(db, data_dir, make_case, capsys, english, tmp_path):
    case = _served(db, make_case)
    _event(db, case, "reconsideration", "2026-03-25")
    _event(db, case, "challenge_revoked", "2026-04-20", approved_by="佛府复〔2026〕3号")
    out = tmp_path / "demand.docx"
    assert _cli(data_dir, "docs", "render", case.case_number, "--form", "performance_demand",
                "--out", str(out)) == 0
    assert "revoked" in capsys.readouterr().err
