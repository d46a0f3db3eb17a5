"""The hearing's documents an audit found open (session 52): a 听证通知书, 听证笔录 or 听证报告 issued after the party
withdrew its hearing request or did not appear at the hearing (Penalty Law art. 64 (6): no hearing is held); the
听证报告 naming as present the party's legal representative from its record instead of whom the 听证笔录 records, and
the 听证笔录 naming him before the hearing was held; a 听证通知书 issued with no telephone or address to reach the
bureau at; and more than the one or two agents a party may entrust (art. 64 (5))."""

from __future__ import annotations

import pytest

from tests.helpers import hearing_notice, legal_review
from tests.test_guards_review import ASKED, FACTS, HELD, SERVED
from tests.test_guards_review import notice as served_notice
from tests.test_party_case10 import COMPANY, EMPLOYEE, notice, with_employee
from tests.test_s45_hearing_path import RECORD, REPORT, asked
from workstation import procedure
from workstation.agency_details import set_agency_details
from workstation.documents.drafts import draft_values, find_form
from workstation.documents.issuing import issue_document
from workstation.documents.stage_rules import state_refusal
from workstation.errors import ValidationError, WorkstationError
from workstation.records import Party
from workstation.store import get_case, save_party

HEARING_FORMS = ("hearing_notice", "hearing_record", "hearing_report")
NOTICE = {"issued_on": ASKED, "hearing_date": HELD, "hearing_time": "上午9时30分", "hearing_place": "本局听证室",
          "chair": "李主持", "clerk": "王记录"}
VALUES = {"hearing_notice": NOTICE, "hearing_record": RECORD, "hearing_report": REPORT}
TABLES = ("cases", "case_events", "documents", "audit")


def issue(db, data_dir, case, form_id, values=None, party_id=None):
    return issue_document(db, data_dir, get_case(db, case.id), find_form(form_id),
                          VALUES[form_id] if values is None else values, party_id=party_id)


# ---- 1. no hearing's document once the party gave the hearing up ---------------------------------------------------


@pytest.mark.parametrize("form_id", HEARING_FORMS)
def test_no_hearing_document_after_the_request_was_withdrawn(db, data_dir, make_case, english, table_counts,
                                                            form_id):
    case = asked(db, data_dir, make_case)
    procedure.apply(db, case.id, "withdraw_hearing", on_date="2026-03-05", reason="当事人书面撤回听证申请")
    before = table_counts(db, TABLES)
    with pytest.raises(WorkstationError) as refused:
        issue(db, data_dir, case, form_id)
    said = str(refused.value)
    assert f"{COMPANY} withdrew its hearing request on 2026-03-05 (asked for on {ASKED})" in said
    assert find_form(form_id).title in said and "撤销上一步" in said
    assert table_counts(db, TABLES) == before
    # the documents list offers it no more, for the same reason
    assert state_refusal(db, get_case(db, case.id), form_id) == said


@pytest.mark.parametrize("form_id", ("hearing_record", "hearing_report"))
def test_no_hearing_record_or_report_after_the_party_did_not_appear(db, data_dir, make_case, english, form_id):
    case = asked(db, data_dir, make_case)
    hearing_notice(db, data_dir, case, issued_on=ASKED, hearing_date=HELD)
    procedure.apply(db, case.id, "hearing_absent", on_date=HELD, reason="当事人无正当理由未到场")
    with pytest.raises(WorkstationError) as refused:
        issue(db, data_dir, case, form_id)
    assert f"did not appear at its hearing on {HELD} without good reason" in str(refused.value)
    assert "art. 64 (6)" in str(refused.value)


def test_the_withdrawal_undone_the_hearing_documents_are_issued_again(db, data_dir, make_case):
    case = asked(db, data_dir, make_case)
    procedure.apply(db, case.id, "withdraw_hearing", on_date="2026-03-05", reason="误录")
    procedure.undo_last_step(db, case.id, "撤回听证申请录入有误")
    assert issue(db, data_dir, case, "hearing_notice").number


def asked_again(db, data_dir, make_case, on: str = "2026-03-06"):
    """A case whose party asked for a hearing, withdrew on 03-04, was served a corrected notice proposing more on
    03-05 and asked again ``on``."""
    case = make_case(status="under_review", filed_on="2026-02-27", review_on=SERVED, facts=FACTS)
    first = served_notice(db, data_dir, case, fine_fen="150000", hearing_required=True)
    procedure.apply(db, case.id, "send_pre_notice", on_date=SERVED)
    procedure.apply(db, case.id, "request_hearing", on_date=ASKED)
    procedure.apply(db, case.id, "withdraw_hearing", on_date="2026-03-04", reason="书面撤回")
    issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"),
                   {"facts": FACTS, "issued_on": "2026-03-05", "fine_fen": "200000", "hearing_required": True},
                   supersedes=first.id)
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-05")
    assert procedure.apply(db, case.id, "request_hearing", on_date=on).status == "hearing"
    return case


def test_a_new_request_after_a_withdrawal_is_heard(db, data_dir, make_case, english):
    """The party withdrew, then a corrected notice proposing more was served and the party asked again: its new
    request is heard, its 听证通知书 issued."""
    case = asked_again(db, data_dir, make_case)
    assert state_refusal(db, get_case(db, case.id), "hearing_notice") is None
    assert issue(db, data_dir, case, "hearing_notice", {**NOTICE, "issued_on": "2026-03-06",
                                                        "hearing_date": "2026-03-17"}).number


def company_withdrew(db, data_dir, make_case):
    """(case, company, employee): a case with two parties, each told of its hearing right; the company asked for a
    hearing on ASKED and withdrew on 03-05, the employee asked on 03-04 and its hearing is still to be held."""
    case, company, employee = with_employee(db, make_case(status="pre_notice", filed_on="2026-02-27",
                                                          notice_served_on=SERVED, facts=FACTS))
    notice(db, data_dir, case, company, fine_fen="150000", hearing_required=True)
    notice(db, data_dir, case, employee, fine_fen="50000", hearing_required=True)
    procedure.apply(db, case.id, "request_hearing", on_date=ASKED, party_id=company)
    procedure.apply(db, case.id, "request_hearing", on_date="2026-03-04", party_id=employee)
    procedure.apply(db, case.id, "withdraw_hearing", on_date="2026-03-05", reason="书面撤回", party_id=company)
    return case, company, employee


def test_several_parties_the_hearing_documents_stop_once_each_who_asked_gave_it_up(db, data_dir, make_case,
                                                                                   english):
    case, company, employee = company_withdrew(db, data_dir, make_case)
    # the employee's hearing is still to be held: its documents are issued
    assert issue(db, data_dir, case, "hearing_notice", {**NOTICE, "issued_on": "2026-03-04",
                                                        "hearing_date": "2026-03-13"}, employee).number
    procedure.apply(db, case.id, "hearing_absent", on_date="2026-03-13", reason="未到场", party_id=employee)
    with pytest.raises(WorkstationError) as refused:
        issue(db, data_dir, case, "hearing_report", party_id=employee)
    said = str(refused.value)
    assert f"{COMPANY} withdrew its hearing request on 2026-03-05" in said
    assert f"{EMPLOYEE} did not appear at its hearing on 2026-03-13" in said


def test_a_hearing_held_and_concluded_still_has_its_record_and_report(db, data_dir, make_case):
    case = asked(db, data_dir, make_case)
    hearing_notice(db, data_dir, case, issued_on=ASKED, hearing_date=HELD)
    procedure.apply(db, case.id, "conclude_hearing", on_date=HELD)
    legal_review(db, data_dir, case, reviewed_on=HELD)
    assert issue(db, data_dir, case, "hearing_record").id and issue(db, data_dir, case, "hearing_report").id


# ---- 2. the report's attendance is the record's; the record names none before the hearing ---------------------------


@pytest.fixture
def represented(request, db, data_dir, kept_state):
    """``asked``, its company's 法定代表人 梁嘉豪 on its record, told on 03-03 of its hearing on 03-12."""
    def make():
        make_case = request.getfixturevalue("make_case")
        case = asked(db, data_dir, make_case)
        save_party(db, Party(name=COMPANY, uscc="91512081MA62K0260E", legal_rep="梁嘉豪", id=case.party_ids[0]))
        hearing_notice(db, data_dir, case, issued_on=ASKED, hearing_date=HELD)
        return get_case(db, case.id)

    return kept_state("represented", db, data_dir, make, ("make_case", "officers"))


def test_the_record_names_no_one_present_before_the_hearing(db, represented):
    values, _context = draft_values(db, represented, find_form("hearing_record"), blanks=[])
    assert values.get("representative") in (None, "")


def test_the_report_states_the_attendance_the_record_records(db, data_dir, represented):
    present = "王卫东（副总经理，受法定代表人指派）"
    issue(db, data_dir, represented, "hearing_record", {**RECORD, "representative": present})
    values, _context = draft_values(db, get_case(db, represented.id), find_form("hearing_report"), blanks=[])
    assert values["attendance"] == present
    assert "梁嘉豪" not in str(values.get("attendance"))


def test_without_a_record_the_report_leaves_the_attendance_to_be_written(db, represented):
    values, _context = draft_values(db, represented, find_form("hearing_report"), blanks=[])
    assert values.get("attendance") in (None, "")


# ---- 3. the notice gives the bureau's telephone and address -----------------------------------------------------------


def test_the_hearing_notice_is_refused_without_the_bureaus_contact(db, data_dir, make_case, english, table_counts):
    case = asked(db, data_dir, make_case)
    set_agency_details(db, case.agency_id, {"contact_phone": "", "contact_address": ""})
    before = table_counts(db, TABLES)
    with pytest.raises(ValidationError) as refused:
        issue(db, data_dir, case, "hearing_notice")
    assert "联系电话、联系地址 must be filled in before issuing" in str(refused.value)
    assert "本局文书信息" in str(refused.value)
    assert table_counts(db, TABLES) == before


def test_the_hearing_notice_takes_the_bureaus_contact(db, data_dir, make_case):
    from tests.conftest import TEST_CONTACT

    case = asked(db, data_dir, make_case)
    issued = issue(db, data_dir, case, "hearing_notice")
    assert {key: issued.values[key] for key in TEST_CONTACT} == TEST_CONTACT
    assert set(find_form("hearing_notice").required_to_issue) >= {"contact_phone", "contact_address"}


# ---- 4. one or two agents (art. 64 (5)) ------------------------------------------------------------------------------


@pytest.mark.parametrize("form_id", ("hearing_record", "hearing_report"))
@pytest.mark.parametrize("agents", ["李明（广东某某律师事务所律师）、王芳、张三", "李明,王芳;张三", "李明/王芳/张三/赵四"])
def test_more_than_two_agents_are_refused_naming_the_field(english, form_id, agents):
    from workstation.formkit.hearing import agents_refusal

    form = find_form(form_id)
    refused = agents_refusal(form, {"agents": agents})
    label = form.field("agents").label
    assert list(refused) == [label]
    assert "art. 64 (5)" in refused[label] and "one or two" in refused[label]


@pytest.mark.parametrize("agents", ["", "李明（广东某某律师事务所律师，执业证号1234）", "李明（律师）、王芳（公司员工）",
                                    "李明、"])
def test_one_or_two_agents_are_accepted(agents):
    from workstation.formkit.hearing import agents_refusal

    assert agents_refusal(find_form("hearing_record"), {"agents": agents}) == {}


@pytest.mark.parametrize("form_id", ("hearing_record", "hearing_report"))
def test_a_record_or_report_naming_three_agents_is_not_issued(db, data_dir, make_case, english, table_counts,
                                                              form_id):
    case = asked(db, data_dir, make_case)
    hearing_notice(db, data_dir, case, issued_on=ASKED, hearing_date=HELD)
    procedure.apply(db, case.id, "conclude_hearing", on_date=HELD)
    legal_review(db, data_dir, case, reviewed_on=HELD)
    before = table_counts(db, TABLES)
    with pytest.raises(ValidationError) as refused:
        issue(db, data_dir, case, form_id, {**VALUES[form_id], "agents": "李明（律师）、王芳、张三"})
    label = find_form(form_id).field("agents").label
    assert "art. 64 (5)" in refused.value.errors[label]
    assert table_counts(db, TABLES) == before
    assert issue(db, data_dir, case, form_id, {**VALUES[form_id], "agents": "李明（律师）、王芳"}).id


def test_several_parties_no_hearing_notice_for_the_party_that_withdrew(db, data_dir, make_case, english):
    case, company, employee = company_withdrew(db, data_dir, make_case)
    # the employee's hearing is still to be held, the company's given up: its notice is not issued
    with pytest.raises(WorkstationError) as refused:
        issue(db, data_dir, case, "hearing_notice", {**NOTICE, "issued_on": "2026-03-05",
                                                     "hearing_date": "2026-03-16"}, company)
    assert f"{COMPANY} withdrew its hearing request on 2026-03-05" in str(refused.value)
    assert issue(db, data_dir, case, "hearing_notice", {**NOTICE, "issued_on": "2026-03-05",
                                                        "hearing_date": "2026-03-16"}, employee).number
