"""Case-level checks of a case with several parties (session 10): each party receives its own 行政处罚告知书 and
决定书, so the hearing request is judged on the notice of each party and every party who asked is heard before the
decision; the legal assessment shows its thresholds for each party; the 卷宗封面 prints the decision of each party
and names them all. A case with one party reads as before (tests/test_procedure*.py, tests/test_casefile.py)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import hearing_notice, legal_review, pdf_text
from tests.test_s45_hearing_path import hearing_documents
from workstation import procedure
from workstation.documents.drafts import draft_document, find_form, render_document
from workstation.documents.issuing import issue_document
from workstation.errors import TransitionRefused
from workstation.formkit.values import case_context, default_values
from workstation.law.case_law import case_law
from workstation.records import Party
from workstation.store import get_case, save_party
from workstation.store.cases import update_case

FACTS = "经查，当事人未经消费者同意向其发送商业性短信，其员工向他人出售客户名单。"
COMPANY = "佛山市南海区誉嘉房地产代理有限公司"
EMPLOYEE = "朱子轩"
# the notices were served on Monday 2026-03-02: the parties may state, defend and ask for a hearing until 03-09
SERVED, LAST_DAY, AFTER = "2026-03-02", "2026-03-09", "2026-03-10"
# the first day a hearing may be held after its 听证通知书 of 2026-03-03 (seven working days, Penalty Law art. 64 (2))
HEARD = "2026-03-12"


def with_employee(db, case):
    """The case with the company's employee (a natural person) as its second party: (case, company, employee)."""
    company = get_case(db, case.id).party_ids[0]
    save_party(db, Party(name=COMPANY, uscc="91512081MA62K0260E", address="佛山市南海区桂城街道南海大道1号",
                         legal_rep="梁嘉豪", id=company))
    employee = save_party(db, Party(name=EMPLOYEE, kind="person", id_number="11010519491231002X",
                                    address="佛山市禅城区祖庙路3号"))
    return update_case(db, replace(get_case(db, case.id), party_ids=[company, employee.id])), company, employee.id


@pytest.fixture
def joint(db, make_case):
    """A case whose notices are being served on the company and its employee, in that order of parties."""
    return with_employee(db, make_case(status="pre_notice", filed_on="2026-02-27", notice_served_on=SERVED,
                                       facts=FACTS))


def notice(db, data_dir, case, party, **values):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"),
                          {"facts": FACTS, "issued_on": SERVED, "warning": True, **values}, party_id=party)


def status(db, case) -> str:
    return get_case(db, case.id).status


# ---- 1. the hearing request and the hearing before the decision (Penalty Law arts. 63–65) -------------------

def test_a_party_told_of_its_hearing_right_may_ask_although_the_last_notice_went_to_another(db, data_dir, joint):
    case, company, employee = joint
    notice(db, data_dir, case, company, fine_fen="150000", hearing_required=True)
    notice(db, data_dir, case, employee, fine_fen="5000")  # issued last, no hearing right for ¥5,000
    offered = {t.name: reason for t, reason in procedure.available(db, get_case(db, case.id))}
    assert offered["request_hearing"] is None
    assert procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03",
                           party_id=company).status == "hearing"


def test_a_hearing_is_refused_only_when_no_party_has_the_right_and_each_is_named(db, data_dir, joint, english,
                                                                                 table_counts):
    case, company, employee = joint
    notice(db, data_dir, case, company, fine_fen="50000")
    notice(db, data_dir, case, employee, fine_fen="5000")
    before = table_counts(db)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03")
    message = str(refused.value)
    assert message.startswith(f"No party of the case has the right to a hearing. {COMPANY}: The party has no right "
                              "to a hearing: the proposed fine ¥50,000.00 and confiscation ¥0.00 stay below the "
                              "hearing amount for this party (≥ ¥100,000.00)")
    assert (f"{EMPLOYEE}: The party has no right to a hearing: the proposed fine ¥5,000.00 and confiscation ¥0.00 "
            "stay below the hearing amount for this party (≥ ¥10,000.00)") in message
    assert status(db, case) == "pre_notice" and table_counts(db) == before


def test_the_hearing_stage_stays_open_while_another_party_told_of_the_right_may_still_ask(db, data_dir, joint,
                                                                                          english):
    case, company, employee = joint
    notice(db, data_dir, case, company, fine_fen="150000", hearing_required=True)
    notice(db, data_dir, case, employee, fine_fen="50000", hearing_required=True)
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03", party_id=company)  # the company asks
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "conclude_hearing", on_date="2026-03-06")
    assert str(refused.value).startswith(f"{EMPLOYEE} may still request the hearing their notice told them of, "
                                         f"until {LAST_DAY}")
    assert status(db, case) == "hearing"  # the employee's request, up to 03-09, still finds the case here
    # from the day after, once the company was heard (told seven working days before, Penalty Law art. 64 (2))
    assert procedure._hearing_over_guard(db, get_case(db, case.id), AFTER) is None
    hearing_notice(db, data_dir, case, company, issued_on="2026-03-03", hearing_date=HEARD)
    assert procedure.date_refusal(db, get_case(db, case.id), "conclude_hearing", HEARD) is None
    assert procedure.apply(db, case.id, "conclude_hearing", on_date=HEARD).status == "decision_pending"


def test_a_hearing_does_not_end_the_period_of_the_party_who_did_not_ask(db, data_dir, make_case, english):
    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-27",
                                                          review_on="2026-02-27", facts=FACTS))
    notice(db, data_dir, case, company, fine_fen="150000", hearing_required=True)
    notice(db, data_dir, case, employee, fine_fen="5000")
    procedure.apply(db, case.id, "send_pre_notice", on_date=SERVED, party_ids=(company,))
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-03", party_id=company)
    hearing_notice(db, data_dir, case, company, issued_on="2026-03-03", hearing_date=HEARD)
    # the employee is served later: its period (until 03-16) still runs after the company's hearing
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-09", party_ids=(employee,))
    procedure.apply(db, case.id, "conclude_hearing", on_date=HEARD)  # only the company had the right
    hearing_documents(db, data_dir, case, HEARD, company)  # the decision rests on them (art. 65)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-13")
    assert "until 2026-03-16" in str(refused.value)
    assert str(refused.value).endswith("the hearing held does not end the period of the parties who did not ask "
                                       "for it.")
    assert status(db, case) == "decision_pending"
    legal_review(db, data_dir, case, reviewed_on="2026-03-17")  # a hearing held: 法制审核 first (art. 58)
    assert procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-17").status == "penalty_decided"


def test_a_one_party_case_is_decided_after_its_hearing_as_before(db, make_case):
    case = make_case(status="pre_notice", filed_on="2026-02-27", notice_served_on=SERVED, fine_fen=10_000_000)
    # the hearing (its notice on paper) seven working days after the request (tests/test_s61_parties.py)
    for name, day in (("request_hearing", "2026-03-04"), ("conclude_hearing", "2026-03-13"),
                      ("decide_penalty", "2026-03-13")):
        case = procedure.apply(db, case.id, name, on_date=day)
    assert case.status == "penalty_decided"


# ---- 2. the legal assessment: thresholds for each party -----------------------------------------------------

def test_the_assessment_gives_the_thresholds_of_each_party(db, joint):
    case, company, employee = joint
    case = update_case(db, replace(get_case(db, case.id), fine_fen=5_000_000))  # ¥50,000
    law = case_law(db, case)
    assert [(p.party_id, p.name, p.kind) for p in law.parties] == [(company, COMPANY, "company"),
                                                                    (employee, EMPLOYEE, "person")]
    hearing = [dict(p.thresholds)["hearing"].applies for p in law.parties]
    assert hearing == [False, True]  # ¥50,000 is below a company's ¥100,000, above a person's ¥10,000
    assert dict(law.thresholds)["hearing"].applies is False  # the case's own line: its first party, as before


def test_a_one_party_case_has_no_lines_per_party(db, make_case):
    assert case_law(db, make_case(fine_fen=5_000_000)).parties == ()


@pytest.mark.gui
def test_the_law_box_shows_one_line_per_party(db, joint, make_window):
    from PySide6.QtWidgets import QLabel

    case, _company, _employee = joint
    update_case(db, replace(get_case(db, case.id), fine_fen=5_000_000))
    box = make_window(db).open_case(case.id).law
    lines = box.findChild(QLabel, "threshold_hearing").text().split("\n")
    assert len(lines) == 2
    assert lines[0].startswith(COMPANY) and "企业" in lines[0] and "✘" in lines[0] and "✔" not in lines[0]
    assert lines[1].startswith(EMPLOYEE) and "自然人" in lines[1] and "✔" in lines[1]
    assert "¥50,000.00" in lines[1]
    assert box.findChild(QLabel, "publication").text().count("\n") == 1


# ---- 3. the 卷宗封面: every party's decision and every party ------------------------------------------------

def decide(db, data_dir, case, party, **values):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"),
                          {"decided_on": "2026-03-20", **values}, party_id=party)


def served_pair(db, data_dir, make_case, decisions=True):
    """A case of the company and its employee (filed 2026-02-20), each issued its 行政处罚告知书 (¥5,000) and, with
    ``decisions`` (else written outside: the case's fine ¥5,000), its 行政处罚决定书 (¥5,000, 2026-03-10) here; decided
    on 03-10 and served on both on 03-12: (case, company, employee, {party: its 决定书})."""
    case, company, employee = with_employee(db, make_case(status="decision_pending", filed_on="2026-02-20",
                                                          notice_served_on=SERVED, facts=FACTS,
                                                          fine_fen=0 if decisions else 500_000))
    decided = {}
    for party in (company, employee):
        notice(db, data_dir, case, party, fine_fen="500000")
        if decisions:
            decided[party] = decide(db, data_dir, case, party, fine_fen="500000", decided_on="2026-03-10")
    procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-10")
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(company, employee))
    return case, company, employee, decided


def cover_values(db, case) -> dict:
    """The values the 卷宗封面 of the case is filled with."""
    return default_values(find_form("file_cover"), case_context(db, get_case(db, case.id)))


def test_the_cover_prints_each_partys_decision_in_the_order_issued_and_names_every_party(db, data_dir, make_case):
    case, company, employee = with_employee(db, make_case(status="decision_pending", filed_on="2026-02-27",
                                                          notice_served_on=SERVED, facts=FACTS))
    notice(db, data_dir, case, company, fine_fen="150000", hearing_required=True)
    notice(db, data_dir, case, employee, fine_fen="5000")
    first = decide(db, data_dir, case, employee)  # the employee's decision is issued first
    second = decide(db, data_dir, case, company)
    cover = cover_values(db, case)
    assert cover["decision_number"] == f"{first.number}、{second.number}"
    assert cover["party_name"] == f"{COMPANY}、{EMPLOYEE}"
    assert cover["result"].split("\n") == [f"{EMPLOYEE}：警告；罚款¥5,000.00（人民币伍仟元整）",
                                                  f"{COMPANY}：警告；罚款¥150,000.00（人民币壹拾伍万元整）"]
    text = pdf_text(render_document(draft_document(db, get_case(db, case.id), find_form("file_cover")), "pdf").data)
    assert f"{first.number}、{second.number}" in text and f"{COMPANY}、{EMPLOYEE}" in text
    assert f"{EMPLOYEE}：警告；罚款¥5,000.00" in text and f"{COMPANY}：警告；罚款¥150,000.00" in text


def test_a_one_party_cover_prints_its_decision_as_before(db, data_dir, make_case):
    case = make_case(status="decision_pending", filed_on="2026-02-27", notice_served_on=SERVED, facts=FACTS)
    notice(db, data_dir, case, None, fine_fen="5000")
    issued = decide(db, data_dir, case, None, party_address="佛山市南海区桂城街道南海大道1号")
    cover = cover_values(db, case)
    assert (cover["decision_number"], cover["party_name"]) == (issued.number, COMPANY)
    assert cover["result"] == "警告；罚款¥5,000.00（人民币伍仟元整）"
