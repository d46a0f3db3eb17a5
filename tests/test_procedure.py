from dataclasses import replace

import pytest

from workstation import procedure
from workstation.errors import TransitionRefused
from workstation.records import ClockEvent
from workstation.store import agency_id_for_code, case_events, get_case
from workstation.store.cases import update_case
from workstation.store.clock_events import record_clock_event

NANHAI = agency_id_for_code("440605")


def run(db, case, *steps, on="2026-03-02"):
    for name, *reason in steps:
        case = procedure.apply(db, case.id, name, on_date=on, reason=reason[0] if reason else "")
    return case


# a notice served on Monday 2026-03-02 leaves the party until 2026-03-09 (5 working days): the case goes on
# from 2026-03-10
AFTER_STATEMENT = "2026-03-10"


def test_filing_with_two_certified_officers_starts_the_investigation(db, make_case):
    case = procedure.apply(db, make_case().id, "file", on_date="2026/3/2")
    assert (case.status, case.filed_on, case.version) == ("investigating", "2026-03-02", 2)


def test_filing_with_one_certified_officer_is_refused_with_the_reason(db, make_case, english):
    case = make_case(officer_names=("陈志强", "新同事"))
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "file")
    assert str(refused.value) == ("“File the case” needs at least two active officers with enforcement certificates "
                                  "(Penalty Law art. 42); this case has 1. 新同事 has no enforcement certificate. Officers and their "
                                  "certificate numbers are entered under Case → Enforcement officers…, and named in "
                                  "the case under Edit case….")
    assert get_case(db, case.id).status == "pending_filing"


def test_filing_without_officers_is_refused(db, make_case, english):
    case = make_case(officer_names=())
    with pytest.raises(TransitionRefused, match="this case has 0"):
        procedure.apply(db, case.id, "file")


def test_the_available_actions_carry_the_reason_they_are_refused_now(db, make_case, english):
    case = make_case(officer_names=("陈志强",))
    offered = {t.name: reason for t, reason in procedure.available(db, case)}
    assert set(offered) == {"file", "decline_filing", "decide_on_the_spot"}
    assert "this case has 1" in offered["file"]
    assert offered["decline_filing"] is None


def test_each_state_offers_only_the_actions_the_law_allows():
    names = {s: {t.name for t in procedure.transitions_from(s)} for s in
             ("pending_filing", "investigating", "pre_notice", "decision_pending", "penalty_decided", "closed",
              "archived")}
    assert names["pending_filing"] == {"file", "decline_filing", "decide_on_the_spot"}
    assert names["investigating"] == {"suspend", "conclude_investigation", "transfer_to_police", "terminate"}
    assert names["pre_notice"] == {"waive_statement", "request_hearing", "end_statement_period",
                                   "transfer_to_police"}
    # sent back for further investigation by a review that did not pass (退回补充调查), also after the hearing
    assert names["decision_pending"] == {"decide_penalty", "decide_no_penalty", "transfer_to_police",
                                         "return_for_investigation"}
    # a crime found after the decision still goes to the police (transfer rules art. 11), the decision in force
    # … and a decision revoked with a new one ordered goes back to its decision (行政复议法 art. 64; 行政诉讼法 art. 70)
    assert names["penalty_decided"] == {"serve_decision", "transfer_to_police", "redecide"}
    # a closed case is reopened when its decision was revoked with a new one ordered; an archived one is not
    assert names["closed"] == {"archive", "redecide"}
    assert names["archived"] == set()


def test_the_whole_ordinary_procedure_from_filing_to_archive(db, make_case):
    case = run(db, make_case(fine_fen=300_000), ("file",), ("conclude_investigation",), ("submit_review",), ("send_pre_notice",))
    case = run(db, case, ("end_statement_period",), ("decide_penalty",), ("serve_decision",),
               ("record_performance",), ("close",), ("archive",), on=AFTER_STATEMENT)
    assert case.status == "archived"
    assert (case.filed_on, case.notice_served_on, case.decided_on, case.served_on, case.closed_on) == (
        "2026-03-02", "2026-03-02", AFTER_STATEMENT, AFTER_STATEMENT, AFTER_STATEMENT)
    transitions = [(e.from_status, e.to_status) for e in case_events(db, case.id) if e.kind == "transition"]
    assert transitions == [
        ("pending_filing", "investigating"), ("investigating", "investigation_concluded"),
        ("investigation_concluded", "under_review"), ("under_review", "pre_notice"),
        ("pre_notice", "decision_pending"), ("decision_pending", "penalty_decided"),
        ("penalty_decided", "served"), ("served", "performed"), ("performed", "closed"), ("closed", "archived"),
    ]


def test_a_transition_is_recorded_in_the_timeline_and_the_audit_log(db, make_case):
    case = make_case()
    audit_before = db.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
    procedure.apply(db, case.id, "decline_filing", on_date="2026-03-05", reason="违法行为轻微并及时改正，没有造成危害后果")

    event = case_events(db, case.id)[-1]
    assert (event.kind, event.from_status, event.to_status, event.on_date, event.actor, event.note) == (
        "transition", "pending_filing", "not_filed", "2026-03-05", "tester", "违法行为轻微并及时改正，没有造成危害后果")
    entries = db.execute("SELECT action, entity, entity_id, actor FROM audit WHERE seq > ? ORDER BY seq",
                         [audit_before]).fetchall()
    assert entries == [("update", "case", case.id, "tester"), ("transition", "case", case.id, "tester")]


def test_no_penalty_decision_without_a_served_notice_or_a_waiver(db, make_case, table_counts, english):
    case = make_case(status="decision_pending")
    before = table_counts(db)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "decide_penalty")
    assert "without a served pre-penalty notice or the party's waiver (Penalty Law art. 62)" in str(refused.value)
    assert get_case(db, case.id).status == "decision_pending"
    assert table_counts(db) == before


def test_a_served_pre_notice_allows_the_decision(db, make_case):
    case = run(db, make_case(status="under_review", fine_fen=300_000), ("send_pre_notice",))
    case = run(db, case, ("end_statement_period",), ("decide_penalty",), on=AFTER_STATEMENT)
    assert (case.status, case.decided_on) == ("penalty_decided", AFTER_STATEMENT)


def test_the_partys_waiver_after_the_notice_allows_the_decision_at_once(db, make_case):
    case = run(db, make_case(status="under_review", fine_fen=300_000), ("send_pre_notice",),
               ("waive_statement", "当事人书面放弃陈述申辩权利"))
    assert case.notice_waived and case.notice_served_on == "2026-03-02"
    assert run(db, case, ("decide_penalty",)).status == "penalty_decided"


def test_no_waiver_before_the_notice_told_the_party_its_rights(db, make_case, english):
    # REFERENCE §1.1: statement, defence and hearing request follow the served 行政处罚告知书 (T4 runs from its
    # service); Penalty Law art. 62 excuses a waived statement, never the notice itself
    case = make_case(status="under_review")
    assert "waive_statement" not in {t.name for t, _reason in procedure.available(db, case)}
    with pytest.raises(TransitionRefused, match="not possible while the case is"):
        procedure.apply(db, case.id, "waive_statement", reason="当事人书面放弃陈述申辩权利")
    assert get_case(db, case.id).status == "under_review" and not get_case(db, case.id).notice_waived


def test_a_hearing_leads_to_the_decision(db, make_case):
    case = run(db, make_case(status="under_review", fine_fen=10_000_000), ("send_pre_notice",), ("request_hearing",))
    # held seven working days after the request at the earliest, its notice on paper (tests/test_s61_parties.py)
    case = run(db, case, ("conclude_hearing",), ("decide_penalty",), on="2026-03-11")
    assert case.status == "penalty_decided"


def test_a_penalty_and_a_no_penalty_decision_exclude_each_other(db, make_case, english):
    penalised = run(db, run(db, make_case(status="under_review", fine_fen=300_000), ("send_pre_notice",)), ("end_statement_period",),
                    ("decide_penalty",), on=AFTER_STATEMENT)
    with pytest.raises(TransitionRefused, match="not possible while the case is"):
        procedure.apply(db, penalised.id, "decide_no_penalty", reason="违法行为轻微")

    # even if the status were put back (a correction), the first decision still excludes the other
    reopened = update_case(db, replace(penalised, status="decision_pending"), allow_status_change=True)
    with pytest.raises(TransitionRefused, match="penalty decision was already made"):
        procedure.apply(db, reopened.id, "decide_no_penalty", reason="违法行为轻微")

    spared = run(db, make_case(status="decision_pending", notice_waived=True), ("decide_no_penalty", "首次违法且危害后果轻微"))
    assert spared.status == "no_penalty"
    reopened = update_case(db, replace(spared, status="decision_pending"), allow_status_change=True)
    with pytest.raises(TransitionRefused, match="decision not to penalise was already made"):
        procedure.apply(db, reopened.id, "decide_penalty")


@pytest.mark.parametrize("status", ["investigating", "suspended", "investigation_concluded", "under_review",
                                    "pre_notice", "hearing", "decision_pending"])
def test_transfer_to_police_is_possible_from_the_investigation_on(db, make_case, status):
    case = procedure.apply(db, make_case(status=status).id, "transfer_to_police",
                           reason="涉案个人信息18176条，达到刑事立案标准")
    assert case.status == "transferred_police"


# after the decision the case is transferred too, keeping its decision (tests/test_police_after_decision.py); once
# closed it is not, and the refusal says what to do instead
@pytest.mark.parametrize(("status", "refused"), [("pending_filing", "is not possible while the case is"),
                                                 ("closed", "a closed case is not reopened to be transferred")])
def test_transfer_to_police_is_refused_before_filing_and_after_closing(db, make_case, status, refused, english):
    case = make_case(status=status)
    with pytest.raises(TransitionRefused, match=refused):
        procedure.apply(db, case.id, "transfer_to_police", reason="涉嫌犯罪")
    assert get_case(db, case.id).status == status


def test_a_transfer_needs_a_reason(db, make_case, english):
    case = make_case(status="investigating")
    with pytest.raises(TransitionRefused, match="needs a reason"):
        procedure.apply(db, case.id, "transfer_to_police", reason="  ")


def test_a_refused_transition_names_the_action_and_the_state(db, make_case, english):
    case = make_case(status="investigating")
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "serve_decision")
    assert str(refused.value).startswith("“Serve the penalty decision” is not possible while the case is “Under "
                                         "investigation”. It is taken once the case is “Penalty decided”.")
    assert [e.kind for e in case_events(db, case.id)] == ["created"]


def test_an_unknown_action_is_refused(db, make_case, english):
    with pytest.raises(TransitionRefused, match="Unknown procedure action approve"):
        procedure.apply(db, make_case().id, "approve")


def test_an_impossible_date_refuses_the_action_without_change(db, make_case, english):
    case = make_case()
    with pytest.raises(TransitionRefused, match="2026-02-30 is not a date in the calendar"):
        procedure.apply(db, case.id, "file", on_date="2026-02-30")
    assert get_case(db, case.id).status == "pending_filing"


def test_police_declining_the_case_resumes_the_investigation(db, make_case):
    case = run(db, make_case(status="investigating"), ("transfer_to_police", "涉嫌犯罪"))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="police_refused", starts_on="2026-03-02"))
    case = run(db, case, ("resume_after_police", "公安机关不予立案"))
    assert case.status == "investigating"
    assert run(db, case, ("suspend", "等待鉴定结论"), ("resume",)).status == "investigating"


def test_the_statement_period_ends_only_after_its_five_working_days(db, make_case, english):
    # notice served Thu 2026-04-30: May 1–5 holiday, May 6, 7, 8, Sat 9 (make-up), 11 → last day 2026-05-11
    case = make_case(status="pre_notice", notice_served_on="2026-04-30")
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "end_statement_period", on_date="2026-05-11")
    assert str(refused.value).startswith("The party may state, defend and request a hearing until 2026-05-11 "
                                         "(5 working days from the service of the notice on 2026-04-30)")
    assert get_case(db, case.id).status == "pre_notice"
    assert procedure.apply(db, case.id, "end_statement_period", on_date="2026-05-12").status == "decision_pending"


def test_a_hearing_is_requested_within_the_five_working_days_or_is_waived(db, make_case, english):
    late = make_case(status="pre_notice", notice_served_on="2026-09-30",  # last day 2026-10-13 (Oct 10 make-up)
                     fine_fen=10_000_000)
    with pytest.raises(TransitionRefused, match="A hearing had to be requested by 2026-10-13"):
        procedure.apply(db, late.id, "request_hearing", on_date="2026-10-14")
    with pytest.raises(TransitionRefused, match="before the notice was served"):
        procedure.apply(db, late.id, "request_hearing", on_date="2026-09-29")
    assert get_case(db, late.id).status == "pre_notice"
    assert procedure.apply(db, late.id, "request_hearing", on_date="2026-10-13").status == "hearing"


def test_no_penalty_decision_dated_inside_the_statement_period_unless_waived(db, make_case, english):
    case = make_case(status="decision_pending", notice_served_on="2026-04-30", fine_fen=300_000)
    with pytest.raises(TransitionRefused, match="until 2026-05-11"):
        procedure.apply(db, case.id, "decide_penalty", on_date="2026-05-08")
    assert procedure.apply(db, case.id, "decide_penalty", on_date="2026-05-12").decided_on == "2026-05-12"
    waived = make_case(status="pre_notice", notice_served_on="2026-04-30", fine_fen=300_000)
    waived = run(db, waived, ("waive_statement", "当事人书面放弃陈述、申辩和听证权利"), on="2026-05-06")
    assert run(db, waived, ("decide_penalty",), on="2026-05-07").status == "penalty_decided"


@pytest.mark.parametrize("action", ["decide_penalty", "decide_no_penalty"])
def test_a_case_reaching_the_criminal_threshold_is_not_settled_by_a_decision(db, make_case, table_counts, english,
                                                                            action):
    # REFERENCE §4.6: 3,200 owner name+phone records (E) + 200 transaction records (D) = 0.64 + 0.40 = 1.04
    case = make_case(status="decision_pending", notice_waived=True, records_other=3200, records_sensitive=200)
    offered = {t.name: reason for t, reason in procedure.available(db, case)}
    assert "criminal threshold for personal information: Combined ratio 1.04 ≥ 1" in offered[action]
    before = table_counts(db)
    with pytest.raises(TransitionRefused, match="must be transferred to the police"):
        procedure.apply(db, case.id, action, reason="违法行为轻微")
    assert table_counts(db) == before
    below = make_case(status="decision_pending", notice_waived=True, records_other=3200, records_sensitive=179,
                      fine_fen=300_000)
    assert procedure.apply(db, below.id, action, reason="违法行为轻微").status in ("penalty_decided", "no_penalty")


def test_after_the_police_declined_the_case_the_bureau_decides_the_penalty(db, make_case):
    case = make_case(status="decision_pending", notice_waived=True, records_other=18176, fine_fen=300_000)
    case = run(db, case, ("transfer_to_police", "涉案个人信息18176条"))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="police_refused", starts_on="2026-03-02"))
    case = run(db, case, ("resume_after_police", "公安机关不予立案"),
               ("conclude_investigation",), ("submit_review",), ("send_pre_notice",),
               ("waive_statement", "当事人书面放弃陈述申辩"),
               ("decide_penalty",))
    assert case.status == "penalty_decided"
