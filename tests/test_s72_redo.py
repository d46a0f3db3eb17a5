"""After a decision is revoked and a new one ordered (撤销并责令重新作出, ``challenge_redo`` → ``redecide``), audit
challenge #1–#3, on the demo's closed case (fined ¥3,000, paid 2026-05-07, closed):

- the new 行政处罚决定书 (and 不予行政处罚决定书) is not dated by default with the revoked decision's date, and one dated
  before the order or before the new notice's service (served on paper: no notice issued here) is refused;
- the new decision's payment period (T8) and enforcement (T16) are not met by the payment made under the revoked
  decision, on the case's clocks as on the board;
- closing after the new decision is paid tells of the money paid under the revoked one, to refund or offset."""

from __future__ import annotations

import json

import pytest

from tests.helpers import run, run_json
from workstation.documents.drafts import find_form
from workstation.formkit.values import case_context, default_values
from workstation.store import get_case

CASE = "佛南市监立〔2026〕1号"  # demo: a company fined ¥3,000, paid 2026-05-07, closed 2026-05-25
ORDER = "南府行复〔2026〕12号"
FILLED = {"party_address": "佛山市南海区桂城街道南海大道1号", "evidence": "1.询问笔录。",
          "discretion": "当事人系初次违法，依法从轻处罚。", "payment_details": "收款银行：某银行；户名：某财政局；账号：1。"}


@pytest.fixture
def redone(demo_db, data_dir, capsys):
    """The demo's closed case, its decision revoked with a new one ordered on 2026-07-01, back at its decision, the new
    notice served on paper on 2026-07-03 and its statement waived."""
    demo_db.conn.commit()
    for args in (("reconsideration", "--date", "2026-06-01"),
                 ("challenge_redo", "--date", "2026-07-01", "--number", ORDER),
                 ("redecide", "--date", "2026-07-02", "--reason", "复议决定责令重新作出"),
                 ("send_pre_notice", "--date", "2026-07-03"),
                 ("waive_statement", "--date", "2026-07-04", "--reason", "当事人书面放弃陈述申辩")):
        step(capsys, data_dir, *args)
    return demo_db


def step(capsys, data_dir, *args):
    code, out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", CASE, *args)
    assert code == 0, err
    return out + err


def issue(capsys, data_dir, tmp_path, values, form="penalty_decision"):
    path = tmp_path / "values.json"
    path.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    return run(capsys, "--data-dir", data_dir, "docs", "issue", CASE, "--form", form, "--values", path,
               "-o", tmp_path / "decision.pdf")


def issued(db) -> list[str]:
    return [row[0] for row in db.execute("SELECT number FROM documents WHERE form_id = 'penalty_decision'")]


def case_of(db):
    return get_case(db, db.execute("SELECT id FROM cases WHERE case_number = ?", [CASE]).fetchone()[0])


# ---- #1 the new decision's date ------------------------------------------------------------------------------------

@pytest.mark.parametrize("form", ["penalty_decision", "no_penalty_decision"])
def test_the_new_decision_is_not_dated_with_the_revoked_decisions_date(redone, form):
    case = case_of(redone)
    revoked = case.decided_on
    assert revoked and revoked < "2026-07-01"
    assert default_values(find_form(form), case_context(redone, case)).get("decided_on") in (None, "")


def test_issued_with_its_defaults_the_new_decision_asks_for_its_date(redone, data_dir, capsys, tmp_path, english):
    revoked = case_of(redone).decided_on
    code, out, err = issue(capsys, data_dir, tmp_path, FILLED)
    assert code == 1 and out == "", (out, err)
    assert "决定日期" in err, err
    assert revoked not in err
    assert issued(redone) == [] and not (tmp_path / "decision.pdf").exists()


def test_a_decision_dated_before_the_order_to_decide_anew_is_refused(redone, data_dir, capsys, tmp_path, english):
    code, _out, err = issue(capsys, data_dir, tmp_path, {**FILLED, "decided_on": "2026-06-30"})
    assert code == 1, err
    assert "2026-07-01" in err and ORDER in err and "2026-06-30" in err, err
    assert issued(redone) == []


def test_a_decision_dated_before_the_paper_notice_was_served_is_refused(redone, data_dir, capsys, tmp_path, english):
    code, _out, err = issue(capsys, data_dir, tmp_path, {**FILLED, "decided_on": "2026-07-02"})
    assert code == 1, err
    assert "2026-07-03" in err and "2026-07-02" in err and "行政处罚告知书" in err, err
    assert issued(redone) == []


def test_the_new_decision_dated_after_the_notice_issues(redone, data_dir, capsys, tmp_path, english):
    code, _out, err = issue(capsys, data_dir, tmp_path, {**FILLED, "decided_on": "2026-07-06", "fine_fen": 200_000})
    assert code == 0, err
    assert len(issued(redone)) == 1


# ---- #2 the new decision's payment period and enforcement ------------------------------------------------------------

@pytest.fixture
def decided_anew(redone, data_dir, capsys, tmp_path):
    code, _out, err = issue(capsys, data_dir, tmp_path, {**FILLED, "decided_on": "2026-07-06", "fine_fen": 200_000})
    assert code == 0, err
    step(capsys, data_dir, "decide_penalty", "--date", "2026-07-06")
    step(capsys, data_dir, "serve_decision", "--date", "2026-07-07")
    return redone


def clocks_of(capsys, data_dir) -> dict:
    return {d["clock"]: d for d in run_json(capsys, "--data-dir", data_dir, "clocks", "--case", CASE)}


def test_the_new_decisions_payment_period_is_not_met_by_the_revoked_decisions_payment(decided_anew, data_dir, capsys,
                                                                                     english):
    shown = clocks_of(capsys, data_dir)
    assert shown["T8"]["state"] not in ("met", "late", "not_applicable"), shown["T8"]
    assert "2026-05-07" not in json.dumps(shown["T8"], ensure_ascii=False)
    assert shown["T16"]["state"] != "not_applicable", shown["T16"]


def test_the_case_and_the_board_agree_on_the_payment_period(decided_anew, data_dir, capsys, english):
    shown = clocks_of(capsys, data_dir)["T8"]
    board = run_json(capsys, "--data-dir", data_dir, "clocks", "--due-within", "400")
    rows = board if isinstance(board, list) else board.get("deadlines", board)
    on_board = [d for d in rows if d.get("clock") == "T8" and d.get("case_number") == CASE]
    assert on_board and on_board[0]["state"] == shown["state"], (on_board, shown)


# ---- #3 the money paid under the revoked decision ----------------------------------------------------------------

def test_closing_tells_of_the_money_paid_under_the_revoked_decision(decided_anew, data_dir, capsys, english):
    step(capsys, data_dir, "record_performance", "--date", "2026-07-10", "--paid", "2000")
    said = step(capsys, data_dir, "close", "--date", "2026-07-20")
    assert "2026-05-07" in said and "¥3,000.00" in said, said
    assert ORDER in said and ("refund" in said or "offset" in said), said



def test_the_party_s_period_to_sue_the_reconsideration_runs_on_while_the_new_decision_is_made(redone, data_dir, capsys,
                                                                                              english):
    """The reconsideration that ordered the new decision ended on 2026-07-01: the party may sue it until 2026-07-16
    (T12, 15 days) although the case is back before its decision (clocks.toml T12 ``outlives``)."""
    shown = {d["clock"]: d for d in run_json(capsys, "--data-dir", data_dir, "clocks", "--case", CASE,
                                             "--as-of", "2026-07-05")}
    assert shown["T12"]["due"] == "2026-07-16", shown["T12"]
    assert shown["T12"]["state"] == "open", shown["T12"]  # was "ended": the case had left the statuses T12 ran in


# ---- the final read (fr_redo): the order's own day, payments between the order and the new decision, several parties

def test_a_decision_dated_on_the_day_of_the_order_is_refused(redone, data_dir, capsys, tmp_path, english):
    """The order revoked the decision on 2026-07-01: a decision of that day would be annulled by it
    (``clock_events.annulled_by`` counts an order on or after the decision's date), so it is made after it."""
    code, _out, err = issue(capsys, data_dir, tmp_path, {**FILLED, "decided_on": "2026-07-01"})
    assert code == 1, err
    assert "2026-07-01" in err and ORDER in err, err
    assert issued(redone) == []


def test_a_payment_between_the_order_and_the_new_decision_is_told_at_closing(decided_anew, data_dir, capsys, english):
    """A payment recorded for 07-03, after the 07-01 order and before the 07-06 decision: neither the new decision
    (its payments on or after 07-06) nor the revoked one counts it; closing tells of it, to refund or offset."""
    from workstation.party_decisions import PAID
    from workstation.payments import Payment

    case = case_of(decided_anew)
    decided_anew.execute("INSERT INTO case_events (case_id, kind, at, on_date, details) VALUES (?, ?, ?, ?, ?)",
                         [case.id, PAID, "2026-07-03T10:00:00", "2026-07-03",
                          Payment(paid_fen=50_000).to_json()])
    decided_anew.conn.commit()
    step(capsys, data_dir, "record_performance", "--date", "2026-07-10", "--paid", "2000")
    said = step(capsys, data_dir, "close", "--date", "2026-07-20")
    assert "2026-07-03" in said, said


def test_a_normal_decisions_date_defaults_to_the_cases(demo_db):
    """Outside a redo, the 决定日期 still defaults to the case's decision date (the demo's closed case)."""
    case = case_of(demo_db)
    assert case.decided_on
    assert default_values(find_form("penalty_decision"), case_context(demo_db, case)).get("decided_on") == \
        case.decided_on


def _several_paid(db, make_case):
    """The company and its employee (their decisions written outside), decided on 2026-03-10, served on 03-12, each
    paid on 03-20: (case, company, employee)."""
    from tests.test_party_case10 import FACTS, with_employee
    from workstation import procedure
    from workstation.payments import Payment

    case, company, employee = with_employee(db, make_case(status="decision_pending", filed_on="2026-02-20",
                                                          notice_served_on="2026-03-02", fine_fen=500_000,
                                                          facts=FACTS))
    procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-10")
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(company, employee))
    for party in (company, employee):
        procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_ids=(party,),
                        payment=Payment(paid_fen=500_000))
    return get_case(db, case.id), company, employee


def test_several_parties_payments_under_the_revoked_decision_count_for_nothing_new(db, make_case):
    """The company and its employee (their decisions written outside, the case's fine) paid in full under the
    decision the reconsideration revoked with a new one ordered (the whole case): the new decision's payment periods
    (T8) are not met by those payments, enforcement (T16) stays applicable, and each party is again to pay."""
    from tests.test_clock_challenges import challenge, outcome
    from workstation import party_decisions, procedure
    from workstation.clocks import case_clocks
    from workstation.store.clock_events import record_clock_event

    case, company, employee = _several_paid(db, make_case)
    assert get_case(db, case.id).status == "performed"
    record_clock_event(db, challenge(case, "reconsideration", "2026-04-01"))
    record_clock_event(db, outcome(case, "challenge_redo", "2026-06-01"))
    procedure.apply(db, case.id, "redecide", on_date="2026-06-05", reason="复议决定责令重新作出")
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-06-08")  # the new notice, served on each party
    procedure.apply(db, case.id, "decide_penalty", on_date="2026-06-20")
    procedure.apply(db, case.id, "serve_decision", on_date="2026-06-22")
    # (served on the case, not per party: per party, ``test_several_parties_are_issued_and_served_…``)
    case = get_case(db, case.id)
    assert case.decided_on == "2026-06-20"
    shown = {(d.clock, d.party_id): d for d in case_clocks(db, case, on="2026-06-25")}
    for party in (company, employee):
        assert shown[("T8", party)].state not in ("met", "late", "not_applicable"), shown[("T8", party)]
        assert shown[("T16", party)].state != "not_applicable", shown[("T16", party)]
    assert party_decisions.payments(db, case) == {}
    assert [p.id for p in party_decisions.paying_parties(db, case)] == [company, employee]


# ---- several parties, their decisions issued here: the new 决定书 issued to each, each served anew -------------------

def _several_redone(db, data_dir, make_case, decisions=True):
    """The company and its employee, each issued its 行政处罚告知书 and (``decisions``; else written outside)
    行政处罚决定书 (2026-03-10) in the workstation, served on 03-12 and paid on 03-20; the reconsideration revoked the case's decision with a new one
    ordered (2026-06-01), and the case is back before its decision (06-05): (case, company, employee, {party: its
    revoked 决定书})."""
    from tests.test_clock_challenges import challenge, outcome
    from tests.test_party_case10 import served_pair
    from workstation import procedure
    from workstation.payments import Payment
    from workstation.store.clock_events import record_clock_event

    case, company, employee, revoked = served_pair(db, data_dir, make_case, decisions=decisions)
    for party in (company, employee):
        procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_ids=(party,),
                        payment=Payment(paid_fen=500_000))
    record_clock_event(db, challenge(case, "reconsideration", "2026-04-01"))
    record_clock_event(db, outcome(case, "challenge_redo", "2026-06-01"))
    procedure.apply(db, case.id, "redecide", on_date="2026-06-05", reason="复议决定责令重新作出")
    return get_case(db, case.id), company, employee, revoked


def test_several_parties_are_issued_and_served_their_new_decisions_after_the_order(db, data_dir, make_case):
    """After the order (the new 告知书 served on paper, its service on each party recorded), each party is issued its new 行政处罚决定书 — its revoked one
    no longer stands in the way — and is served it (its service under the revoked one counting for nothing): its
    payment period (T8) runs from its new service, and it is again to pay."""
    from tests.test_party_case10 import decide
    from workstation import party_decisions, procedure
    from workstation.clocks import case_clocks

    case, company, employee, revoked = _several_redone(db, data_dir, make_case)
    parties = (company, employee)
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-06-08")  # its service on each party recorded
    for party in parties:  # was refused: "… already has 行政处罚决定书 佛南市监处〔2026〕1号 in force …"
        new = decide(db, data_dir, case, party, fine_fen="400000", decided_on="2026-06-20")
        assert new.number != revoked[party].number
    procedure.apply(db, case.id, "decide_penalty", on_date="2026-06-20")
    case = get_case(db, case.id)
    assert case.decided_on == "2026-06-20"
    # not served the new decision: the service of the revoked one (03-12) counts for nothing
    assert party_decisions.decision_services(db, case) == {}
    assert party_decisions.unserved_parties(db, case) == party_decisions.decided_parties(
        db, case, party_decisions.parties_of_case(db, case.id))
    procedure.apply(db, case.id, "serve_decision", on_date="2026-06-22", party_ids=(company,))  # was refused
    procedure.apply(db, case.id, "serve_decision", on_date="2026-06-24", party_ids=(employee,))
    case = get_case(db, case.id)
    assert case.status == "served" and case.served_on == "2026-06-22"
    assert party_decisions.decision_services(db, case) == {company: "2026-06-22", employee: "2026-06-24"}
    shown = {(d.clock, d.party_id): d for d in case_clocks(db, case, on="2026-06-25")}
    for party, served in ((company, "2026-06-22"), (employee, "2026-06-24")):
        assert shown[("T8", party)].start == served, shown[("T8", party)]
        assert shown[("T8", party)].state not in ("met", "late", "not_applicable"), shown[("T8", party)]
        assert shown[("T16", party)].state != "not_applicable", shown[("T16", party)]
    assert [p.id for p in party_decisions.paying_parties(db, case)] == list(parties)


def test_several_parties_revoked_round_notices_do_not_stand_in_the_new_ones_way(db, data_dir, make_case, english):
    """Each party's 行政处罚告知书 of the revoked round (2026-03-02, before the 2026-06-01 order) no longer makes a new
    one a second 告知书 of that party; one dated after the order does."""
    from tests.test_party_case10 import notice
    from workstation.documents.issuing import one_per_party_refusal

    case, company, employee, _revoked = _several_redone(db, data_dir, make_case, decisions=False)
    form = find_form("pre_penalty_notice")
    for party in (company, employee):  # was: "… already has 佛南市监告〔2026〕1号 (issued …) in force …"
        assert one_per_party_refusal(db, case, form, party) is None
    after = notice(db, data_dir, case, company, fine_fen="400000", issued_on="2026-06-08")  # was refused so
    refusal = one_per_party_refusal(db, get_case(db, case.id), form, company)
    assert refusal and after.number in refusal, refusal
    assert one_per_party_refusal(db, get_case(db, case.id), form, employee) is None


# ---- the new 行政处罚告知书 after the order, the revoked 决定书 issued here (one party and several) ---------------------

def _one_redone(db, data_dir, make_case):
    """One company, issued its 行政处罚告知书 and 行政处罚决定书 (2026-03-10) in the workstation, served on 03-12; the
    reconsideration revoked the decision with a new one ordered (2026-06-01), the case back before its decision
    (06-05): (case, company, its revoked 决定书)."""
    from tests.test_clock_challenges import challenge, outcome
    from tests.test_party_case10 import COMPANY, FACTS, SERVED, decide, notice
    from workstation import procedure
    from workstation.records import Party
    from workstation.store import save_party
    from workstation.store.clock_events import record_clock_event

    case = make_case(status="decision_pending", filed_on="2026-02-20", notice_served_on=SERVED, facts=FACTS)
    company = get_case(db, case.id).party_ids[0]
    save_party(db, Party(name=COMPANY, uscc="91512081MA62K0260E", address="佛山市南海区桂城街道南海大道1号",
                         legal_rep="梁嘉豪", id=company))
    notice(db, data_dir, case, company, fine_fen="500000")
    revoked = decide(db, data_dir, case, company, fine_fen="500000", decided_on="2026-03-10")
    procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-10")
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12")
    record_clock_event(db, challenge(case, "reconsideration", "2026-04-01"))
    record_clock_event(db, outcome(case, "challenge_redo", "2026-06-01"))
    procedure.apply(db, case.id, "redecide", on_date="2026-06-05", reason="复议决定责令重新作出")
    return get_case(db, case.id), company, revoked


def test_one_party_is_issued_its_new_notice_after_the_order_its_revoked_decision_issued_here(db, data_dir,
                                                                                             make_case, english):
    """The 行政处罚决定书 issued here and revoked with a new one ordered is not "the decision already made": the new
    告知书 precedes the new decision (Penalty Law art. 62); it is served, and the new decision follows."""
    from tests.test_party_case10 import decide, notice
    from workstation import procedure
    from workstation.documents.stage_rules import stage_refusal

    case, company, revoked = _one_redone(db, data_dir, make_case)
    values = {"facts": "经查……", "issued_on": "2026-06-08", "warning": True, "fine_fen": "400000"}
    # was: "The case's decision was already made (行政处罚决定书佛南市监处〔2026〕1号，…)"
    assert stage_refusal(db, case, "pre_penalty_notice", values) is None
    new = notice(db, data_dir, case, company, fine_fen="400000", issued_on="2026-06-08")
    assert new.number
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-06-08")
    procedure.apply(db, case.id, "waive_statement", on_date="2026-06-09", reason="放弃")
    again = decide(db, data_dir, case, company, fine_fen="400000", decided_on="2026-06-10")
    assert again.number != revoked.number


def test_several_parties_are_issued_their_new_notices_after_the_order_their_revoked_decisions_issued_here(
        db, data_dir, make_case, english):
    """Each party's revoked 行政处罚决定书 (issued here) no longer stands in the way of its new 告知书; each new notice's
    service is recorded for that party (its service of the revoked round, 2026-03-02, counting for nothing), and each
    is then issued its new decision."""
    from tests.test_party_case10 import decide, notice
    from workstation import party_notices, procedure

    case, company, employee, revoked = _several_redone(db, data_dir, make_case)
    assert party_notices.services(db, case) == {}  # the revoked round's service (03-02) is not the new notice's
    for party in (company, employee):  # was refused: "The case's decision was already made (…)"
        notice(db, data_dir, case, party, fine_fen="400000", issued_on="2026-06-08")
    # was refused: "… the notice was already served on it on 2026-03-02."
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-06-08", party_ids=(company,))
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-06-09", party_ids=(employee,))
    case = get_case(db, case.id)
    assert party_notices.services(db, case) == {company: "2026-06-08", employee: "2026-06-09"}
    # (a party served in 待决定 cannot waive there — ``procedure._may_waive`` —: decided once its period ran)
    for party in (company, employee):
        new = decide(db, data_dir, case, party, fine_fen="400000", decided_on="2026-06-25")
        assert new.number != revoked[party].number


def test_a_party_served_after_the_order_is_not_served_again(db, data_dir, make_case, english):
    """A service recorded after the order is the new notice's: recording it again is refused, naming its day."""
    from tests.test_party_case10 import notice
    from workstation import procedure
    from workstation.procedure import TransitionRefused

    case, company, employee, _revoked = _several_redone(db, data_dir, make_case)
    notice(db, data_dir, case, company, fine_fen="400000", issued_on="2026-06-08")
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-06-08", party_ids=(company,))
    with pytest.raises(TransitionRefused, match="2026-06-08"):
        procedure.apply(db, case.id, "send_pre_notice", on_date="2026-06-09", party_ids=(company,))


def test_a_revoked_and_redone_no_penalty_decision_stands_in_no_new_decisions_way(db, data_dir, make_case, english):
    """A case decided anew not to penalise the company (不予行政处罚决定书, 2026-06-20), that decision revoked in turn with
    a new one ordered (2026-08-01): the new 告知书 and the new decision — not to penalise, or a penalty — are issued."""
    from tests.test_clock_challenges import challenge, outcome
    from tests.test_party_case10 import notice
    from workstation import procedure
    from workstation.documents.issuing import issue_document
    from workstation.procedure import party_issue_refusal
    from workstation.store.clock_events import record_clock_event

    case, company, _revoked = _one_redone(db, data_dir, make_case)
    notice(db, data_dir, case, company, fine_fen="400000", issued_on="2026-06-08")
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-06-08")
    procedure.apply(db, case.id, "waive_statement", on_date="2026-06-09", reason="放弃")
    spared = issue_document(db, data_dir, get_case(db, case.id), find_form("no_penalty_decision"),
                            {"decided_on": "2026-06-20", "ground": "无过错不罚", "facts": "经查……"}, party_id=company)
    procedure.apply(db, case.id, "decide_no_penalty", on_date="2026-06-20", reason="无过错")
    issue_document(db, data_dir, get_case(db, case.id), find_form("delivery_receipt"),
                   {"served_document": f"不予行政处罚决定书（{spared.number}）", "served_on": "2026-06-22",
                    "place": "佛山市南海区桂城街道南海大道1号"})
    procedure.apply(db, case.id, "close", on_date="2026-06-25")
    record_clock_event(db, challenge(case, "reconsideration", "2026-07-01"))
    record_clock_event(db, outcome(case, "challenge_redo", "2026-08-01", number="南府行复〔2026〕30号"))
    procedure.apply(db, case.id, "redecide", on_date="2026-08-05", reason="复议决定责令重新作出")
    case = get_case(db, case.id)
    assert case.status == "decision_pending"
    for form in ("no_penalty_decision", "penalty_decision"):  # was: "… already has 不予行政处罚决定书 … in force"
        assert party_issue_refusal(db, case, form, company) is None, form
    notice(db, data_dir, case, company, fine_fen="400000", issued_on="2026-08-08")  # was: already made (不予…)
    assert spared.number


# ---- s72 review (sr_b findings 2 and 3): one day for a step, one rule for what was recorded per party --------------

def test_a_performance_recorded_without_its_day_counts_as_paid_as_the_clocks_count_it(db, make_case):
    """A case with several parties performed (履行完毕) before payments were recorded per party, its step recorded
    before steps kept their day (no on_date; recorded 2026-03-20, after the decision): every party has paid, none is
    to pay, as the case's clocks count the step (``clocks.performances``)."""
    from workstation import party_decisions
    from workstation.clocks import case_clocks

    case, company, employee = _several_paid(db, make_case)
    db.execute("DELETE FROM case_events WHERE case_id = ? AND kind = 'payment'", [case.id])
    db.execute("UPDATE case_events SET on_date = NULL, at = '2026-03-20T10:00:00' WHERE case_id = ? AND kind = "
               "'transition' AND to_status = 'performed'", [case.id])
    assert party_decisions.payments(db, case) == {company: "", employee: ""}
    assert party_decisions.paying_parties(db, case) == []
    # each party's payment period is over, neither running nor overdue; nothing is left to enforce (T16)
    shown = {(d.clock, d.party_id): d.state for d in case_clocks(db, case, on="2026-04-01")}
    assert {shown[("T8", company)], shown[("T8", employee)]} <= {"met", "ended"}, shown
    assert shown[("T16", None)] == "not_applicable", shown


def test_a_partys_payment_recorded_without_its_day_is_dated_the_day_it_was_recorded(db, make_case):
    from workstation import party_decisions

    case, company, employee = _several_paid(db, make_case)
    db.execute("UPDATE case_events SET on_date = NULL, at = '2026-03-21T09:30:00' WHERE case_id = ? AND kind = "
               "'payment' AND party_id = ?", [case.id, company])
    assert party_decisions.payments(db, case) == {company: "2026-03-21", employee: "2026-03-20"}


def test_a_steps_day_and_the_first_recorded_per_party_are_written_once():
    import inspect

    from workstation import clocks, closing, party_decisions, party_notices

    for function in (clocks.performances, party_decisions.payments, closing.paid_under_revoked):
        source = inspect.getsource(function)
        assert "STEP_DAY" in source and "substr(at" not in source and "COALESCE(on_date, '')" not in source, function
    assert "clock_events_of" not in inspect.getsource(closing.paid_under_revoked)
    for function in (party_notices.services, party_notices.waivers, party_decisions.decision_services):
        source = inspect.getsource(function)
        assert "_recorded(" in source and "reversed(rows)" not in source, function
