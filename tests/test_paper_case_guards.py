"""A case driven step by step without its documents issued in the workstation (a paper case, through `cases
transition` or the window's procedure buttons) is held to the law as one whose documents are issued here: a
decision heavier than the penalty the party was told of is refused (Penalty Law arts. 44, 45); a circumstance in
which no penalty is given, recorded under Penalty and discretion, refuses the penalty (arts. 30, 31, 33, 36); filing
or notifying an act whose limitation period has run is said on the command line, as the window asks to tick it."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import run, run_json
from workstation import procedure
from workstation.errors import TransitionRefused
from workstation.store import get_case
from workstation.store.cases import update_case

TOLD = "佛禅市监立〔2026〕7号"  # told on a paper notice of a ¥2,000 fine; the case records no amount


def demo_case(db, number):
    (case_id,) = db.execute("SELECT id FROM cases WHERE case_number = ?", [number]).fetchone()
    return get_case(db, case_id)


def pending_decision(db, number, fine_fen):
    """The demo case ``number`` with ``fine_fen`` typed on it, its statement period ended: 待决定."""
    case = demo_case(db, number)
    update_case(db, replace(case, fine_fen=fine_fen))
    return procedure.apply(db, case.id, "end_statement_period", on_date="2026-11-20")


# ---- 1. a fine typed above what the party was told of ----------------------------------------------------------------
def test_a_paper_decision_heavier_than_the_notice_served_is_refused_and_changes_nothing(demo_db, data_dir, capsys,
                                                                                        english):
    case = pending_decision(demo_db, TOLD, 20_000_000)
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", TOLD, "decide_penalty", "--date",
                          "2026-11-25")
    assert code == 1
    assert "heavier than the penalty recorded as proposed when the notice was served on 2026-11-09" in err
    assert "a fine of ¥200,000.00 (the notice proposed ¥2,000.00)" in err
    assert "a fine of ¥200,000.00, confiscated illegal gains of ¥0.00" in err and "Edit case…" in err
    assert len(err.strip().splitlines()) == 1
    stored = get_case(demo_db, case.id)
    assert stored.status == "decision_pending" and stored.version == case.version
    # the window's button says the same: the step is not offered
    assert "heavier than the penalty" in procedure.BY_NAME["decide_penalty"].guard(demo_db, stored)


def test_a_paper_decision_within_the_notice_served_is_recorded(demo_db, data_dir, capsys, english):
    pending_decision(demo_db, TOLD, 150_000)
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", TOLD, "decide_penalty", "--date",
                      "2026-11-25")
    assert result["status"] == "penalty_decided"
    assert any("No 行政处罚决定书 is issued in the workstation" in w for w in result["warnings"])


# ---- 2. a circumstance in which no penalty is given -----------------------------------------------------------------
def decision_pending(make_case, factors):
    return make_case(status="decision_pending", filed_on="2026-02-02", notice_served_on="2026-02-10",
                     act_on="2026-01-15", fine_fen=500_000, discretion_factors=list(factors))


@pytest.mark.parametrize(("factor", "said"), [
    ("no_fault", "the party has evidence enough to prove it was not at fault"),
    ("minor_corrected_no_harm", "a minor violation corrected in time that caused no harm"),
    ("under_14", "a minor under 14"),
    ("time_barred", "the violation was not discovered within two years"),
])
def test_a_circumstance_of_no_penalty_refuses_the_penalty(db, make_case, english, factor, said):
    case = decision_pending(make_case, [factor, "eliminated_harm"])
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-02")
    message = str(refused.value)
    assert message.startswith(f"No penalty may be decided: the case records {said}")
    assert "《中华人民共和国行政处罚法》" in message and "Decide not to penalise (不予行政处罚) instead" in message
    assert "主动消除" not in message and "eliminated" not in message  # a lighter circumstance is not named
    assert get_case(db, case.id).status == "decision_pending"
    # the decision the law leaves is still open
    assert procedure.apply(db, case.id, "decide_no_penalty", on_date="2026-03-02",
                           reason="当事人无主观过错").status == "no_penalty"


def test_a_circumstance_of_no_penalty_refuses_the_penalty_on_the_spot_too(db, make_case, english):
    case = make_case(act_on="2026-01-15", discretion_factors=["under_14"])
    refusal = procedure.BY_NAME["decide_on_the_spot"].guard(db, case)
    assert refusal and refusal.startswith("No penalty may be decided: the case records a minor under 14")


def test_a_circumstance_that_only_allows_no_penalty_does_not_refuse_it(db, make_case, english):
    case = decision_pending(make_case, ["first_violation_minor"])  # 首违不罚: 可以, weighed by the officer
    assert procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-02").status == "penalty_decided"


# ---- 3. filing an act whose limitation period has run ---------------------------------------------------------------
def test_filing_a_time_barred_act_on_the_command_line_warns_and_the_timeline_keeps_it(db, data_dir, make_case,
                                                                                       capsys, english):
    case = make_case(act_on="2023-05-01")
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "file", "--date",
                      "2026-03-05")
    assert result["status"] == "investigating"
    (warning,) = result["warnings"]
    assert "Penalty Law art. 36" in warning or "第三十六条" in warning
    assert warning.endswith("decline filing (不予立案) unless the date of the act or its kind is still to be "
                            "established.")
    (note,) = db.execute("SELECT note FROM case_events WHERE case_id = ? AND kind = 'transition' AND "
                           "to_status = 'investigating'", [case.id]).fetchone()
    assert "Limitation period warning read: act of 2023-05-01" in note


def test_filing_an_act_within_its_limitation_period_says_nothing_of_it(db, data_dir, make_case, capsys, english):
    case = make_case(act_on="2025-05-01")
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "file", "--date",
                      "2026-03-05")
    assert result["status"] == "investigating" and "warnings" not in result


def test_the_window_and_the_command_line_word_the_limitation_warning_alike(make_case):
    from ui.transition_dialog import limitation_warning
    from workstation.law.case_law import limitation_warning as core_warning

    case = make_case(act_on="2023-02-10", lead_received_on="2025-02-11")
    assert limitation_warning(case, "send_pre_notice")("2026-03-02") == core_warning(case, "send_pre_notice",
                                                                                    "2026-03-02")
    assert limitation_warning(case, "decide_penalty") is None


# ---- 4. closing a case declined for filing whose named reporter was not told ------------------------------------
def declined_from_named_report(db, phone):
    """A report of a reporter who gave their name and ``phone`` (anonymous when '': no name either), filed and then
    declined for filing on 2026-09-30."""
    from workstation.leads_register import LeadEntry, register_lead
    from workstation.leads_workflow import assign_lead, file_case_from_lead
    from workstation.records import Officer
    from workstation.store import agency_by_code, save_officer

    lead = register_lead(db, LeadEntry(source="report", received_at="2026-09-21 10:00",
                                       description="来访举报某公司反复发送营销短信", party="佛山市某某信息咨询有限公司",
                                       complainant_phone=phone, reporter_name="李四" if phone else "")).id
    bureau = agency_by_code(db, "440604").id
    assign_lead(db, lead, bureau, on="2026-09-22")
    known = dict(db.execute("SELECT cert_no, id FROM officers").fetchall())
    officers = [known.get(cert) or save_officer(db, Officer(name=name, agency_id=bureau, cert_no=cert)).id
                for name, cert in (("邓颖诗", "44060414963"), ("陈敏仪", "44060410329"))]
    case = file_case_from_lead(db, lead, officer_ids=officers)
    return lead, procedure.apply(db, case.id, "decline_filing", on_date="2026-09-30", reason="未发现违法行为")


def test_closing_a_declined_case_whose_reporter_was_not_told_warns_of_t24(db, data_dir, capsys, english):
    from workstation.leads_workflow import tell_reporter

    lead, case = declined_from_named_report(db, "13800138000")
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "close", "--date",
                      "2026-10-09")
    assert result["status"] == "closed"
    (said,) = [w for w in result["warnings"] if "named reporter" in w]
    assert said.startswith(f"The lead {lead} was reported by a named reporter, who is told of the decision not to "
                           "file it within 5 working days (T24, due on 2026-10-13")
    (note,) = db.execute("SELECT note FROM case_events WHERE case_id = ? AND to_status = 'closed'",
                         [case.id]).fetchone()
    assert "Closed before the named reporter was told of the decision on the lead (T24 due on 2026-10-13)." in note
    # told: nothing more to say
    lead2, case2 = declined_from_named_report(db, "13900139000")
    tell_reporter(db, lead2, "2026-10-08", "phone")
    result = run_json(capsys, "--data-dir", data_dir, "cases", "transition", case2.id, "close", "--date",
                      "2026-10-09")
    assert not [w for w in result.get("warnings", []) if "named reporter" in w]


def test_an_anonymous_report_declined_is_closed_without_the_reporter_warning(db, english):
    from workstation.closing import closing_warnings

    _lead, case = declined_from_named_report(db, "")
    assert not [w for w in closing_warnings(db, case) if "T24" in w.message]
