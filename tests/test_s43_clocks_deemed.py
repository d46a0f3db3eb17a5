# ruff: noqa: F811 - the fixtures imported from other test modules are used by name
"""A period counted from a document served by public notice (T30): the refusals say the service is deemed, with the
day the 送达公告 was published; a case of several parties whose service was recorded for the whole case shows each
party's statement period (T4) from its own deemed service, as the refusals count it; the days of T30 are said as
``PUBLIC_NOTICE_DAYS`` gives them."""

import pytest

from tests.test_doc_rules_docrulefix import hearing_case, issue_hearing_notice  # noqa: F401
from tests.test_doc_stage_rules import make_case  # noqa: F401
from tests.test_party_case10 import COMPANY, EMPLOYEE, joint, notice  # noqa: F401
from tests.test_s42_party_public_notice import publish
from workstation import clocks, document_clocks, procedure
from workstation.documents.stage_rules import stage_warnings
from workstation.errors import TransitionRefused
from workstation.store import get_case

# published on Monday 2026-03-02: deemed served on 04-01, five working days to 04-09 (清明 4–6 April); published on
# 03-04: deemed served on 04-03, to 04-13
COMPANY_DEEMED = "from the service of its notice on 2026-04-01, deemed served by the public notice published on 2026-03-02)"
EMPLOYEE_DEEMED = "from the service of its notice on 2026-04-03, deemed served by the public notice published on 2026-03-04)"


def test_a_refusal_counted_from_a_deemed_service_says_it_is_deemed(db, data_dir, make_case, english):
    from tests.test_s42_clocks import publish as publish_case

    case = make_case(status="pre_notice", filed_on="2026-01-12", notice_served_on="2026-03-02", fine_fen=20000000)
    publish_case(db, data_dir, case, "《行政处罚告知书》", "2026-03-02")
    deemed = "from the service of the notice on 2026-04-01, deemed served by the public notice published on 2026-03-02)"
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "end_statement_period", on_date="2026-03-10")
    assert f"until 2026-04-09 (5 working days {deemed}" in str(refused.value)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "request_hearing", on_date="2026-04-10")
    assert f"A hearing had to be requested by 2026-04-09 (5 working days {deemed}" in str(refused.value)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "waive_statement", on_date="2026-04-10", reason="书面放弃")
    assert f"ended on 2026-04-09 (5 working days {deemed}" in str(refused.value)


def test_a_refusal_counted_from_the_service_itself_names_only_its_day(db, make_case, english):
    case = make_case(status="pre_notice", filed_on="2026-01-12", notice_served_on="2026-03-02")
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "end_statement_period", on_date="2026-03-09")
    assert "until 2026-03-09 (5 working days from the service of the notice on 2026-03-02):" in str(refused.value)


@pytest.fixture
def published_joint(db, data_dir, joint):
    """The company and its employee, served on 03-02 as the whole case (no service recorded per party), each also by
    its own 送达公告: the company's published on 03-02, the employee's on 03-04."""
    case, company, employee = joint
    notice(db, data_dir, case, company, fine_fen="50000")
    notice(db, data_dir, case, employee, fine_fen="50000")
    publish(db, data_dir, case, company, "《行政处罚告知书》", "2026-03-02")
    publish(db, data_dir, case, employee, "《行政处罚告知书》", "2026-03-04")
    return case, company, employee


def test_each_partys_refusal_says_its_notice_was_deemed_served(db, published_joint, english):
    case, _company, _employee = published_joint
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "end_statement_period", on_date="2026-03-10")
    assert f"{COMPANY} may state, defend and request a hearing until 2026-04-09 (5 working days {COMPANY_DEEMED}" \
        in str(refused.value)
    assert f"{EMPLOYEE} may state, defend and request a hearing until 2026-04-13 (5 working days {EMPLOYEE_DEEMED}" \
        in str(refused.value)


def test_the_case_and_the_board_show_each_partys_period_from_its_deemed_service(db, published_joint):
    case, _company, _employee = published_joint
    shown = {d.party: (d.start, d.due) for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-03-03")
             if d.clock == "T4"}
    board = {d.party: (d.start, d.due) for d in clocks.board(db, on="2026-03-03")
             if d.clock == "T4" and d.case_id == case.id}
    expected = {COMPANY: ("2026-04-01", "2026-04-09"), EMPLOYEE: ("2026-04-03", "2026-04-13")}
    assert shown == expected and board == expected


def test_a_late_public_notice_of_a_hearing_notice_says_the_days_of_t30(db, data_dir, hearing_case, monkeypatch,
                                                                      english):
    number = issue_hearing_notice(db, data_dir, hearing_case, hearing_date="2026-04-10").number
    monkeypatch.setattr(document_clocks, "PUBLIC_NOTICE_DAYS", 20)
    warnings = stage_warnings(db, get_case(db, hearing_case.id), "service_public_notice",
                              {"published_on": "2026-03-25", "served_document": f"行政处罚听证通知书（{number}）"})
    assert len(warnings) == 1
    assert "deemed served on 2026-04-14 (20 days after the announcement)" in warnings[0]


def test_the_calculation_of_a_hearing_notice_served_by_public_notice_says_the_days_of_t30(monkeypatch, english):
    import datetime as dt

    monkeypatch.setattr(document_clocks, "PUBLIC_NOTICE_DAYS", 20)
    line = document_clocks.explain(("notice_served", "佛南市监听〔2026〕1号", dt.date(2026, 4, 14).toordinal(),
                                    "public_notice"))
    assert line == ("The 听证通知书 佛南市监听〔2026〕1号 was served by public notice, deemed served on 2026-04-14 (20 days "
                    "after the announcement).")
