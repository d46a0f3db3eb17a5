"""The 行政处罚决定书's own checks before it is issued (audit document_fields #1), through `docs issue … --form
penalty_decision --values` as the audit ran it:

- a fine or confiscation reaching the hearing amount (resources/law/thresholds.toml [hearing]: ¥10,000 for a natural
  person, ¥100,000 for an organisation, the amount itself included) while the decision says the party was told only
  of its right to state and defend (“告知书告知了听证权利” unticked) is refused — unlawful on its face (Penalty Law
  arts. 62, 63) —, as the 告知书 is (``procedure._untold_hearing_right``, the same threshold helper);
- a case at or past 履行完毕 (performed, closed) given a decision whose amounts are not those the case records is
  refused, instead of the decision silently rewriting the case's fine and the statistics; the way to decide anew is
  the reconsideration's or court's order (重新作出处理决定), which still issues.

Each refusal: exit 1, the message naming the amounts and what to do, the statistics unchanged and no 文号 used."""

from __future__ import annotations

import json
from dataclasses import replace

import pytest

from tests.helpers import register_evidence, run, run_json
from workstation.records import Party
from workstation.store import save_party
from workstation.vocabulary import shown_label

DEMO_CLOSED = "佛南市监立〔2026〕1号"  # demo: a company fined ¥3,000, paid 2026-05-07, closed 2026-05-25
FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"
#: with its evidence, discretion and account, so that the decision's own warnings are not given
FILLED = {"decided_on": "2026-03-20", "party_address": "佛山市南海区桂城街道南海大道1号", "evidence": "1.询问笔录。",
          "discretion": "当事人系初次违法，依法从轻处罚。", "payment_details": "收款银行：某银行；户名：某财政局；账号：1。"}


def issue(capsys, data_dir, tmp_path, case_number, values):
    path = tmp_path / "values.json"
    path.write_text(json.dumps(values, ensure_ascii=False), encoding="utf-8")
    return run(capsys, "--data-dir", data_dir, "docs", "issue", case_number, "--form", "penalty_decision",
               "--values", path, "-o", tmp_path / "decision.pdf")


def decisions(db) -> list[str]:
    return [row[0] for row in db.execute("SELECT number FROM documents WHERE form_id = 'penalty_decision'")]


def penalties_of(capsys, data_dir, case_number):
    listed = run_json(capsys, "--data-dir", data_dir, "cases", "list")
    rows = listed if isinstance(listed, list) else listed["cases"]
    [row] = [r for r in rows if r.get("case_number") == case_number]
    return row["penalties_fen"]


# ---- the demo's closed case, as the audit repeated it --------------------------------------------------------------

@pytest.fixture
def demo(demo_db, data_dir):
    demo_db.conn.commit()
    return demo_db


def test_the_audits_decision_is_refused_and_changes_nothing(demo, data_dir, capsys, tmp_path, english):
    stats = run_json(capsys, "--data-dir", data_dir, "stats")
    assert penalties_of(capsys, data_dir, DEMO_CLOSED) == 300_000
    code, out, err = issue(capsys, data_dir, tmp_path, DEMO_CLOSED, {"fine_fen": 15_000_000})
    assert code == 1 and out == "", (out, err)
    assert "¥150,000.00" in err and "¥100,000.00" in err, err  # the amount and the threshold
    assert "hearing" in err and "new 行政处罚告知书" in err, err  # what to do
    assert "¥3,000.00" in err, err  # and the fine recorded as paid
    assert not (tmp_path / "decision.pdf").exists()
    assert decisions(demo) == []
    assert run_json(capsys, "--data-dir", data_dir, "stats") == stats
    assert penalties_of(capsys, data_dir, DEMO_CLOSED) == 300_000


def test_a_closed_case_is_not_given_other_amounts_below_the_hearing_amount(demo, data_dir, capsys, tmp_path,
                                                                          english):
    stats = run_json(capsys, "--data-dir", data_dir, "stats")
    code, _out, err = issue(capsys, data_dir, tmp_path, DEMO_CLOSED, {"fine_fen": 500_000})
    assert code == 1, err
    assert "¥3,000.00" in err and "¥5,000.00" in err, err  # the fine recorded and the decision's
    assert "2026-05-07" in err, err  # paid then
    assert shown_label("transitions", "redecide") in err, err  # the way to decide anew
    assert decisions(demo) == []
    assert run_json(capsys, "--data-dir", data_dir, "stats") == stats


def test_a_notice_on_paper_offering_a_hearing_does_not_let_a_closed_case_be_rewritten(demo, data_dir, capsys,
                                                                                     tmp_path, english):
    stats = run_json(capsys, "--data-dir", data_dir, "stats")
    code, _out, err = issue(capsys, data_dir, tmp_path, DEMO_CLOSED,
                            {"fine_fen": 15_000_000, "hearing_required": True})
    assert code == 1 and "¥3,000.00" in err and "¥150,000.00" in err, err
    assert "¥100,000.00" not in err, err  # the hearing was given: only the amounts recorded are at stake
    assert decisions(demo) == [] and run_json(capsys, "--data-dir", data_dir, "stats") == stats


def test_the_decision_of_the_amounts_recorded_still_issues_with_the_first_number(demo, data_dir, capsys, tmp_path,
                                                                                english):
    stats = run_json(capsys, "--data-dir", data_dir, "stats")
    assert issue(capsys, data_dir, tmp_path, DEMO_CLOSED, {"fine_fen": 15_000_000})[0] == 1
    assert issue(capsys, data_dir, tmp_path, DEMO_CLOSED, {"fine_fen": 500_000})[0] == 1
    code, out, err = issue(capsys, data_dir, tmp_path, DEMO_CLOSED, {"fine_fen": 300_000})
    assert code == 0, err
    assert decisions(demo) == ["佛南市监处〔2026〕1号"] and out.startswith("佛南市监处〔2026〕1号 issued"), out
    assert run_json(capsys, "--data-dir", data_dir, "stats") == stats


def test_a_new_decision_ordered_by_the_reconsideration_issues_with_its_own_amount(demo, data_dir, capsys, tmp_path,
                                                                                 english):
    def step(*args):
        code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", DEMO_CLOSED, *args)
        assert code == 0, err

    step("reconsideration", "--date", "2026-06-01")
    step("challenge_redo", "--date", "2026-07-01", "--number", "南府行复〔2026〕12号")
    step("redecide", "--date", "2026-07-02", "--reason", "复议决定责令重新作出")
    step("send_pre_notice", "--date", "2026-07-03")
    step("waive_statement", "--date", "2026-07-04", "--reason", "当事人书面放弃陈述申辩")
    code, _out, err = issue(capsys, data_dir, tmp_path, DEMO_CLOSED, {"fine_fen": 200_000, "decided_on": "2026-07-06"})
    assert code == 0, err
    assert penalties_of(capsys, data_dir, DEMO_CLOSED) == 200_000


# ---- a case awaiting its decision: the hearing amount, each side of the line ---------------------------------------

@pytest.fixture
def awaiting(db, make_case):
    """A company's case at its decision, the notice served on paper without its penalty recorded (as the demo's): the
    decision is compared with no notice and says what its own box says of the hearing."""
    case = make_case(status="decision_pending", filed_on="2026-03-02", notice_served_on="2026-03-03", facts=FACTS,
                     violations=["unsolicited_commercial_messages"])
    db.conn.commit()
    return case


@pytest.mark.parametrize("amounts", [{"fine_fen": 10_000_000}, {"fine_fen": 15_000_000},
                                     {"fine_fen": 9_999_999, "confiscated_fen": 10_000_000}],
                         ids=["fine-at-the-line", "fine-above", "confiscation-at-the-line"])
def test_a_hearing_level_penalty_without_the_hearing_told_is_refused(db, data_dir, awaiting, capsys, tmp_path,
                                                                    amounts, english):
    stats = run_json(capsys, "--data-dir", data_dir, "stats")
    code, _out, err = issue(capsys, data_dir, tmp_path, awaiting.case_number,
                            {**FILLED, **amounts, "hearing_required": False})
    assert code == 1, err
    assert "¥100,000.00" in err and "告知书告知了听证权利" in err and "new 行政处罚告知书" in err, err
    named = {"fine_fen": "a fine of ¥{:,.2f}", "confiscated_fen": "confiscation of illegal gains of ¥{:,.2f}"}
    assert all(named[key].format(amount / 100) in err for key, amount in amounts.items()), err
    assert decisions(db) == [] and run_json(capsys, "--data-dir", data_dir, "stats") == stats


def test_a_fine_below_the_hearing_amount_issues(db, data_dir, awaiting, capsys, tmp_path, english):
    code, _out, err = issue(capsys, data_dir, tmp_path, awaiting.case_number,
                            {**FILLED, "fine_fen": 9_999_999, "hearing_required": False})
    assert code == 0, err
    assert len(decisions(db)) == 1


def test_a_hearing_level_fine_with_the_hearing_told_issues(db, data_dir, awaiting, capsys, tmp_path, english):
    code, _out, err = issue(capsys, data_dir, tmp_path, awaiting.case_number,
                            {**FILLED, "fine_fen": 15_000_000, "hearing_required": True})
    assert code == 0, err
    assert len(decisions(db)) == 1


def test_a_person_reaches_the_hearing_amount_at_ten_thousand_yuan(db, data_dir, officers, capsys, tmp_path, english):
    from workstation.records import Case
    from workstation.store import agency_id_for_code, create_case

    person = save_party(db, Party(name="朱子轩", kind="person", id_number="11010519491231002X",
                                  address="佛山市禅城区祖庙路3号"))
    case = create_case(db, Case(case_number="", cause="涉嫌未经消费者同意发送商业性信息案", sector="real_estate",
                                agency_id=agency_id_for_code("440605"), status="decision_pending",
                                party_ids=[person.id], officer_ids=[officers[n].id for n in ("陈志强", "黄丽娟")],
                                filed_on="2026-03-02", notice_served_on="2026-03-03", facts=FACTS,
                                violations=["unsolicited_commercial_messages"]))
    register_evidence(db, data_dir, case)
    db.conn.commit()
    values = {**FILLED, "party_address": person.address, "hearing_required": False}
    code, _out, err = issue(capsys, data_dir, tmp_path, case.case_number, {**values, "fine_fen": 1_000_000})
    assert code == 1 and "¥10,000.00" in err, err
    assert decisions(db) == []
    code, _out, err = issue(capsys, data_dir, tmp_path, case.case_number, {**values, "fine_fen": 999_999})
    assert code == 0, err


# ---- what the refusals say: each side's amounts as they are, the notice as it was served ---------------------------

def test_a_closed_cases_refusal_names_only_the_amounts_there_are(demo, data_dir, capsys, tmp_path, english):
    code, _out, err = issue(capsys, data_dir, tmp_path, DEMO_CLOSED, {"fine_fen": 500_000})
    assert code == 1, err
    assert "a fine of ¥3,000.00" in err and "a fine of ¥5,000.00" in err, err
    assert "¥0.00" not in err and "illegal gains" not in err, err  # the demo case confiscated nothing
    code, _out, err = issue(capsys, data_dir, tmp_path, DEMO_CLOSED, {"fine_fen": 0, "warning": True})
    assert code == 1, err
    assert "a fine of ¥3,000.00" in err and "imposes no fine or confiscation" in err and "¥0.00" not in err, err
    assert decisions(demo) == []


PAPER_NOTICE = "佛南市监告〔2026〕9号"  # a corrected notice written on paper, in no sequence of this station


@pytest.fixture
def reclassed(db, data_dir, make_case):
    """A case whose party, recorded as a company, was told of a fine of ¥50,000 by the 行政处罚告知书 issued here
    without the hearing paragraph (below a company's ¥100,000), then found to be a 个体工商户 (a natural person's
    ¥10,000 applies): (case, the notice issued here, the party). Its service not recorded yet."""
    from tests.test_party_case10 import notice

    case = make_case(status="under_review", filed_on="2026-02-20", review_on="2026-02-27", facts=FACTS,
                     violations=["unsolicited_commercial_messages"])
    party = Party(name="佛山市南海区誉嘉房地产代理有限公司", uscc="91512081MA62K0260E",
                  address=FILLED["party_address"], legal_rep="梁嘉豪", id=case.party_ids[0])
    save_party(db, party)
    issued = notice(db, data_dir, case, party.id, fine_fen="50000", hearing_required=False, warning=False)
    save_party(db, replace(party, kind="individual_business"))
    db.conn.commit()
    return case, issued, party


def _decided_case(db, case, served_on: str | None) -> None:
    from workstation.store import get_case
    from workstation.store.cases import update_case

    update_case(db, replace(get_case(db, case.id), status="decision_pending", notice_served_on=served_on or "2026-03-02"),
                allow_status_change=True)
    db.conn.commit()


def test_a_ticked_box_is_trusted_when_a_corrected_notice_on_paper_was_served_last(db, data_dir, reclassed, capsys,
                                                                                 tmp_path, english):
    from workstation import procedure
    from workstation.case_records import CaseEvent
    from workstation.store.cases import add_event

    case, issued, _party = reclassed
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02")
    # the corrected notice, on paper, told of the hearing right and was served: its service names its own 文号
    add_event(db, CaseEvent(case_id=case.id, kind="notice_served", at="2026-03-05T10:00:00+08:00",
                            on_date="2026-03-05", details=json.dumps(
                                {"proposed": {"fine_fen": 5_000_000, "confiscated_fen": 0, "number": PAPER_NOTICE}},
                                ensure_ascii=False)))
    _decided_case(db, case, "2026-03-05")
    code, _out, err = issue(capsys, data_dir, tmp_path, case.case_number,
                            {**FILLED, "fine_fen": 5_000_000, "hearing_required": True, "decided_on": "2026-03-20"})
    assert code == 0, err
    assert len(decisions(db)) == 1


def test_a_ticked_box_is_still_held_to_the_notice_served_when_it_was_issued_here(db, data_dir, reclassed, capsys,
                                                                                tmp_path, english):
    from workstation import procedure

    case, issued, _party = reclassed
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02")
    _decided_case(db, case, "2026-03-02")
    code, _out, err = issue(capsys, data_dir, tmp_path, case.case_number,
                            {**FILLED, "fine_fen": 5_000_000, "hearing_required": True, "decided_on": "2026-03-20"})
    assert code == 1, err
    assert f"行政处罚告知书 {issued.number} of 2026-03-02 served on the party" in err, err
    assert decisions(db) == []


def test_a_notice_whose_service_recorded_nothing_is_not_said_to_be_served(db, data_dir, reclassed, capsys, tmp_path,
                                                                         english):
    case, issued, _party = reclassed
    _decided_case(db, case, None)  # served, as the case says, but the service kept no 文号
    code, _out, err = issue(capsys, data_dir, tmp_path, case.case_number,
                            {**FILLED, "fine_fen": 5_000_000, "hearing_required": True, "decided_on": "2026-03-20"})
    assert code == 1, err
    assert issued.number in err and "served" not in err, err
    assert "¥10,000.00" in err and "new 行政处罚告知书" in err, err
    assert decisions(db) == []
