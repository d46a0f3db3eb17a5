"""Legal guards an audit found missing: a hearing held requires the 法制审核 before the penalty is decided (Penalty Law
art. 58), the local review and discussion amounts of thresholds.toml are said, not refused, unless the data makes them
binding; 终止调查 is refused for a case at the criminal threshold as a decision is; a notice or decision fining below
the minimum of the penalty basis is refused (or warned where the minimum rests on gains the case does not record),
unless the penalty is reduced; a register row's decided fine outside the range of its basis is warned of."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import hearing_notice, run
from tests.test_register_import import GOOD, register_rows, write_csv
from workstation import procedure
from workstation.decision_review import review_refusal, review_warnings
from workstation.documents.drafts import find_form
from workstation.documents.issuing import case_documents, issue_document
from workstation.documents.stage_rules import stage_warnings
from workstation.errors import TransitionRefused, WorkstationError
from workstation.importing.register import import_register
from workstation.law.data import load
from workstation.store import get_case
from workstation.store.cases import update_case

FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"
ADDRESS = "佛山市南海区桂城街道南海大道1号"
# the notice served on Monday 2026-03-02; the hearing asked for on 03-03, notified that day for 03-12 (seven working
# days later, Penalty Law art. 64 (2)) and concluded on 03-12
SERVED, ASKED, HELD = "2026-03-02", "2026-03-03", "2026-03-12"
REVIEW = {
    "facts_clear": "是",
    "evidence_sufficient": "是",
    "procedure_lawful": "是",
    "basis_correct": "是",
    "discretion_proper": "是",
    "opinion": "同意办案机构的处理意见。",
    "reviewed_on": "2026-03-12",
}


def notice(db, data_dir, case, **values):
    return issue_document(
        db,
        data_dir,
        get_case(db, case.id),
        find_form("pre_penalty_notice"),
        {"facts": FACTS, "issued_on": SERVED, **values},
    )


def decision(db, data_dir, case, **values):
    return issue_document(
        db,
        data_dir,
        get_case(db, case.id),
        find_form("penalty_decision"),
        {"decided_on": "2026-03-20", "party_address": ADDRESS, **values},
    )


def review(db, data_dir, case, kind: str):
    return issue_document(
        db, data_dir, get_case(db, case.id), find_form("legal_review"), {**REVIEW, "review_kind": kind}
    )


@pytest.fixture
def heard(db, data_dir, make_case):
    """A company's case whose 行政处罚告知书 (issued here) proposed a fine of ¥150,000, at the hearing amount; the party
    asked for a hearing, which was held and concluded on 2026-03-12."""
    case = make_case(status="pre_notice", filed_on="2026-02-27", notice_served_on=SERVED, facts=FACTS)
    notice(db, data_dir, case, fine_fen="150000", hearing_required=True)
    procedure.apply(db, case.id, "request_hearing", on_date=ASKED)
    hearing_notice(db, data_dir, case, issued_on=ASKED, hearing_date=HELD)
    procedure.apply(db, case.id, "conclude_hearing", on_date=HELD)
    from tests.test_s45_hearing_path import hearing_documents  # (that module imports this one's constants)

    hearing_documents(db, data_dir, case, HELD)  # the decision rests on them (Penalty Law art. 65)
    return get_case(db, case.id)


# ---- 1. legal review and collective discussion (Penalty Law arts. 57, 58; REFERENCE §1.5) ---------------------------


def test_a_hearing_held_requires_the_legal_review_before_the_decision(
    db, data_dir, heard, english, table_counts
):
    before = table_counts(db)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, heard.id, "decide_penalty", on_date="2026-03-13")
    message = str(refused.value)
    assert message.startswith(
        "This case must go through legal review (法制审核, Penalty Law art. 58) before the "
        "penalty is decided, and no review opinion is recorded: It directly concerns major "
        "rights and interests of the party or a third person, and a hearing was held (the "
        "hearing was held on 2026-03-12)."
    )
    assert message.endswith(
        "Issue the 案件审核表 with 审核类别 “法制审核” and the reviewers' opinion, then decide."
    )
    assert table_counts(db) == before and get_case(db, heard.id).status == "decision_pending"
    # the 行政处罚决定书 is refused as the step is, before it takes a number
    with pytest.raises(WorkstationError, match=r"must go through legal review"):
        decision(db, data_dir, heard, fine_fen="150000", evidence="1.询问笔录。")
    # a 案件审核 is not the legal review; the 法制审核 is
    review(db, data_dir, heard, "案件审核")
    assert "must go through legal review" in review_refusal(db, get_case(db, heard.id))
    review(db, data_dir, heard, "法制审核")
    assert review_refusal(db, get_case(db, heard.id)) is None
    assert procedure.apply(db, heard.id, "decide_penalty", on_date="2026-03-13").status == "penalty_decided"


def test_the_cli_refuses_the_decision_without_the_review_changing_nothing(
    db, data_dir, heard, capsys, english, table_counts
):
    before = table_counts(db)
    code, out, err = run(
        capsys,
        "--data-dir",
        data_dir,
        "cases",
        "transition",
        heard.case_number,
        "decide_penalty",
        "--date",
        "2026-03-13",
    )
    assert (code, out) == (1, "")
    assert "This case must go through legal review (法制审核, Penalty Law art. 58)" in err
    assert table_counts(db) == before


def test_a_hearing_recorded_on_paper_is_warned_of_not_refused(db, make_case, english):
    # no notice issued in the workstation: its review may have been on paper too
    case = make_case(status="under_review", fine_fen=15_000_000)
    # a hearing on paper is held seven working days after the request at the earliest (tests/test_s61_parties.py)
    for step, day in (("send_pre_notice", SERVED), ("request_hearing", SERVED), ("conclude_hearing", "2026-03-11")):
        case = procedure.apply(db, case.id, step, on_date=day)
    assert review_refusal(db, case) is None
    (warning,) = review_warnings(db, case)
    assert warning.startswith(
        "Legal review (法制审核, Penalty Law art. 58) may be required before the penalty is "
        "decided, and none is recorded in the workstation: It directly concerns major rights"
    )
    assert procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-11").status == "penalty_decided"


@pytest.fixture
def large(db, make_case):
    """A company's case awaiting its decision, the party having waived, with a fine of ¥400,000 recorded on it: above
    the illustrative legal-review amount (> ¥100,000) and the collective-discussion one (≥ ¥300,000)."""
    return make_case(
        status="decision_pending",
        filed_on="2026-02-27",
        notice_served_on=SERVED,
        notice_waived=True,
        facts=FACTS,
        fine_fen=40_000_000,
    )


def test_the_local_amounts_are_warnings_unless_the_data_makes_them_binding(db, large, english, monkeypatch):
    assert review_refusal(db, large) is None
    legal, discussion = review_warnings(db, large)
    assert (
        "The fine of ¥400,000.00 reaches the amount of ¥100,000.00 set for a legal person or other organisation "
        "(only an amount above it counts)."
    ) in legal
    assert "（法制审核的金额标准为示例值，佛山市/广东省标准未经核实）" in legal
    assert discussion.startswith(
        "A collective discussion of the bureau's heads (集体讨论, Penalty Law art. 57 para. 2) "
        "may be required"
    )
    assert (
        "The fine and confiscation together, ¥400,000.00, reach the amount of ¥300,000.00 set for a legal person "
        "or other organisation (that amount itself included)."
    ) in discussion
    monkeypatch.setitem(load("thresholds")["collective_discussion"], "binding", True)
    # binding data: no notice issued here (paper), so still a warning
    assert review_refusal(db, large) is None


def test_the_cli_and_the_window_say_the_warnings_when_deciding(db, data_dir, large, capsys, english):
    from ui.transition_dialog import no_decision_warning

    message, note = no_decision_warning(db, large, "decide_penalty")("2026-03-13")
    assert "No 行政处罚决定书 is issued in the workstation" in message
    assert "\nLegal review (法制审核, Penalty Law art. 58) may be required" in message
    assert "A collective discussion of the bureau's heads (集体讨论" in message
    assert note.endswith(
        "Decided without the legal review or collective discussion recorded in the workstation."
    )
    code, out, err = run(
        capsys,
        "--data-dir",
        data_dir,
        "cases",
        "transition",
        large.case_number,
        "decide_penalty",
        "--date",
        "2026-03-13",
    )
    assert code == 0
    lines = out.splitlines()
    assert any(
        line.startswith("Warning: Legal review (法制审核, Penalty Law art. 58) may be required")
        for line in lines
    )
    assert any(line.startswith("Warning: A collective discussion of the bureau's heads") for line in lines)


def test_binding_data_refuses_the_decision_until_the_discussion_is_recorded(
    db, data_dir, large, english, monkeypatch
):
    notice(db, data_dir, large, fine_fen="400000", hearing_required=True)  # its notices are kept here
    monkeypatch.setitem(load("thresholds")["collective_discussion"], "binding", True)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, large.id, "decide_penalty", on_date="2026-03-13")
    assert str(refused.value).startswith(
        "This case must be decided by the collective discussion of the bureau's "
        "heads (集体讨论, Penalty Law art. 57 para. 2), and none is recorded: The "
        "fine and confiscation together, ¥400,000.00, reach the amount of "
        "¥300,000.00 set for a legal person or other organisation (that amount "
        "itself included)."
    )
    # a discussion of the second extension of the time limit is not the discussion of the decision
    minutes = {"place": "本局会议室", "facts": FACTS, "held_from": "2026-03-12T09:00", "conclusion": "同意。",
               "chair": "局长 李明", "members": "副局长 王强、副局长 张伟"}
    issue_document(
        db,
        data_dir,
        get_case(db, large.id),
        find_form("collective_discussion"),
        {**minutes, "topic": "本案办案期限是否再次延长"},
    )
    assert review_refusal(db, get_case(db, large.id)) is not None
    issue_document(
        db,
        data_dir,
        get_case(db, large.id),
        find_form("collective_discussion"),
        {**minutes, "topic": "对本案作出行政处理决定"},
    )
    assert review_refusal(db, get_case(db, large.id)) is None


def test_a_case_decided_before_keeps_working(db, data_dir, heard):
    # decided before the guard (no review recorded): its later steps are not refused for it
    db.execute(
        "UPDATE cases SET status = 'penalty_decided', decided_on = '2026-03-13' WHERE id = ?", [heard.id]
    )
    case = procedure.apply(db, heard.id, "serve_decision", on_date="2026-03-14")
    assert case.status == "served"


# ---- 2. 终止调查 at the criminal threshold (REFERENCE §4.6) -------------------------------------------------------------


def test_terminating_a_case_at_the_criminal_threshold_is_refused(db, make_case, english, table_counts):
    # 3,200 owner lists (E: 0.64) and 200 transaction records (D: 0.40): Σ = 1.04 ≥ 1
    case = make_case(
        status="investigating", filed_on="2026-02-27", records_other=3_200, records_sensitive=200
    )
    before = table_counts(db)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "terminate", on_date="2026-03-02", reason="当事人已注销")
    message = str(refused.value)
    assert message.startswith("The case reaches the criminal threshold for personal information:")
    assert "1.04" in message
    assert message.endswith(
        "It must be transferred to the police, not ended by terminating the investigation "
        "(Penalty Law arts. 27, 82); terminate it only after the police declined the case."
    )
    assert table_counts(db) == before and get_case(db, case.id).status == "investigating"
    offered = {t.name: why for t, why in procedure.available(db, case)}
    assert offered["terminate"] == message


def test_below_the_threshold_or_after_the_police_declined_it_is_terminated(db, make_case):
    below = make_case(
        status="investigating", filed_on="2026-02-27", records_other=3_200, records_sensitive=100
    )
    assert (
        procedure.apply(db, below.id, "terminate", on_date="2026-03-02", reason="当事人已注销").status
        == "terminated"
    )
    back = make_case(status="investigating", filed_on="2026-02-27", records_other=6_000)
    db.execute(
        "INSERT INTO case_events (id, case_id, kind, at, on_date, to_status) VALUES ('police', ?, "
        "'transition', '2026-03-01T09:00:00', '2026-03-01', 'transferred_police')",
        [back.id],
    )
    assert (
        procedure.apply(
            db, back.id, "terminate", on_date="2026-03-02", reason="公安机关不予立案，当事人已注销"
        ).status
        == "terminated"
    )


def test_the_cli_refuses_the_termination_with_the_reason(db, data_dir, make_case, capsys, english):
    case = make_case(
        status="investigating", filed_on="2026-02-27", illegal_gains_fen=600_000
    )  # ¥6,000 ≥ ¥5,000
    code, out, err = run(
        capsys,
        "--data-dir",
        data_dir,
        "cases",
        "transition",
        case.case_number,
        "terminate",
        "--reason",
        "当事人已注销",
        "--date",
        "2026-03-02",
    )
    assert (code, out) == (1, "")
    assert "reaches the criminal threshold" in err and "¥6,000.00" in err
    assert get_case(db, case.id).status == "investigating"


# ---- 3. a fine below the statutory minimum (REFERENCE §4.2, §4.7, §5.1) ---------------------------------------------


@pytest.fixture
def advertising(make_case):
    """A case awaiting its decision under 广告法 art. 62 para. 1 (a fine of ¥5,000 to ¥30,000)."""
    return make_case(
        status="decision_pending",
        filed_on="2026-03-02",
        notice_served_on="2026-03-03",
        facts=FACTS,
        violations=["unsolicited_commercial_messages"],
        act_on="2026-01-10",
        penalty_norm="advertising_law_62_1",
    )


def test_a_notice_below_the_fixed_minimum_is_refused_taking_no_number(db, data_dir, advertising, english):
    with pytest.raises(WorkstationError) as refused:
        notice(db, data_dir, advertising, fine_fen="3000")
    assert str(refused.value) == (
        "The fine ¥3,000.00 is below the minimum of ¥5,000.00 that the penalty basis 《中华人民共和国广告法》第六十二条第一款 "
        "allows. Raise the fine to ¥5,000.00 at least. Only a reduced penalty (减轻) goes below the minimum: choose the "
        "tier 减轻 with the lighter circumstance under Penalty and discretion… first (Penalty Law art. 32). If the "
        "case's violations or penalty basis are wrong, correct them (Edit case…)."
    )
    assert case_documents(db, advertising.id) == []
    assert notice(db, data_dir, advertising, fine_fen="5000").number  # the minimum itself


def test_a_decision_below_the_minimum_is_refused_unless_reduced(db, data_dir, advertising, english):
    with pytest.raises(WorkstationError, match=r"^The fine ¥4,999\.99 is below the minimum of ¥5,000\.00"):
        decision(db, data_dir, advertising, fine_fen="4999.99", evidence="1.询问笔录。")
    reduced = update_case(
        db,
        replace(
            get_case(db, advertising.id), discretion_tier="reduced", discretion_factors=["eliminated_harm"]
        ),
    )
    assert decision(db, data_dir, reduced, fine_fen="2000", evidence="1.询问笔录。").number


def test_below_one_times_the_recorded_gains_is_refused(db, data_dir, make_case, english):
    # 消法 art. 56: 1 to 10 times the illegal gains of ¥4,000 (below the criminal ¥5,000): ¥4,000 to ¥40,000
    case = make_case(
        status="decision_pending",
        filed_on="2026-03-02",
        notice_served_on="2026-03-03",
        facts=FACTS,
        violations=["unsolicited_commercial_messages"],
        act_on="2026-01-10",
        illegal_gains_fen=400_000,
    )
    with pytest.raises(WorkstationError) as refused:
        notice(db, data_dir, case, fine_fen="3999")
    assert str(refused.value).startswith(
        "The fine ¥3,999.00 is below the minimum of ¥4,000.00 that the penalty basis "
        "《中华人民共和国消费者权益保护法》第五十六条第一款第（九）项 allows. That is 1 times the illegal gains of ¥4,000.00 "
        "recorded on the case. Raise the fine to ¥4,000.00 at least."
    )
    assert notice(db, data_dir, case, fine_fen="4000").number


def test_gains_known_only_from_the_confiscation_are_warned_of(db, data_dir, make_case, english):
    # no illegal gains recorded; ¥4,000 confiscated: at least that was gained, so 消法 56 fines at least ¥4,000
    case = make_case(
        status="decision_pending",
        filed_on="2026-03-02",
        notice_served_on="2026-03-03",
        facts=FACTS,
        violations=["unsolicited_commercial_messages"],
        act_on="2026-01-10",
    )
    values = {
        "fine_fen": 300_000,
        "confiscated_fen": 400_000,
        "discretion": "无",
        "payment_details": "账号：1。",
    }
    warnings = stage_warnings(db, case, "pre_penalty_notice", values)
    assert warnings == [
        "The fine ¥3,000.00 is below ¥4,000.00, 1 times the illegal gains of ¥4,000.00 confiscated: the penalty basis "
        "《中华人民共和国消费者权益保护法》第五十六条第一款第（九）项 fines at least 1 times the illegal gains, and at least "
        "that much was gained. Check the fine, and record the illegal gains on the case (Edit case…); a fine below the "
        "minimum is a reduced penalty (减轻), chosen under Penalty and discretion…."
    ]
    assert notice(db, data_dir, case, fine_fen="3000", confiscated_fen="4000").number  # not refused
    assert stage_warnings(db, case, "pre_penalty_notice", {**values, "fine_fen": 400_000}) == []


# ---- 4. the register's decided fines against the range of their basis ------------------------------------------------


def test_a_register_warns_of_decided_fines_outside_the_range(db, tmp_path, english):
    rows = [
        # 已决定, no gains confiscated: 消法 56 allows up to ¥500,000 without illegal gains
        [*GOOD[3][:8], "已决定", "472", "600,000", "0"],
        # 已结案, ¥6,000 confiscated: 消法 56 fines at least 1 × those gains; ¥1,000 is below
        [*GOOD[3][:8], "已结案", "10", "1,000", "6,000"],
        # within the ranges: ¥500,000 without gains, ¥6,000 for ¥6,000 confiscated; and a fine only proposed
        [*GOOD[3][:8], "已决定", "472", "500,000", "0"],
        [*GOOD[3][:8], "已结案", "10", "6,000", "6,000"],
        [*GOOD[3][:8], "已告知", "10", "600,000", "0"],
    ]
    for n, row in enumerate(rows):
        row[0] = f"佛高市监立〔2026〕{201 + n}号"
    result = import_register(db, write_csv(tmp_path / "台账.csv", register_rows(rows, total=False)))
    assert result.imported == 5
    fines = [(w["row"], w["field"], w["message"]) for w in result.warnings if w["field"] == "罚款金额"]
    basis = "《中华人民共和国消费者权益保护法》第五十六条第一款第（九）项"
    assert fines[:2] == [
        (
            4,
            "罚款金额",
            f"¥600,000.00 is above the maximum of ¥500,000.00 that {basis} allows for the violations "
            "recorded: check the fine and the violations.",
        ),
        (
            5,
            "罚款金额",
            f"¥1,000.00 is below ¥6,000.00, 1 times the illegal gains of ¥6,000.00 confiscated, the "
            f"least {basis} allows for the violations recorded: check the fine; only a reduced penalty (减轻) "
            "goes below the minimum.",
        ),
    ]
    assert [row for row, *_rest in fines[2:]] == [8]  # the proposed one: its own warning, no range
    assert "has no penalty decision" in fines[2][2]
