"""The 行政处罚告知书's 告知日期 defaults to the day the case records it served on its party (``notice_served_on``,
the party's own service in a case with several parties), else to today: a notice written or issued from the case's
values after a service recorded (typed in, a paper notice) bears the day it was served, and is not refused as dated
after it (``stage_rules._notice_after_service``)."""

from __future__ import annotations

import pytest

from tests.test_party_case10 import with_employee
from workstation import procedure
from workstation.documents.drafts import draft_values, find_form
from workstation.documents.issuing import case_documents, check_issue, issue_document
from workstation.formkit.values import case_context, default_values, resumed_values
from workstation.records import today
from workstation.store import find_case, get_case

FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"
NOTICE = {"facts": FACTS, "fine_fen": "5000", "warning": False}
SERVED_DEMO = "佛禅市监立〔2026〕7号"  # a demo case at its notice stage (已告知), served on paper


def notice_day(db, case, party_id=None, given=None) -> str:
    form = find_form("pre_penalty_notice")
    return str(default_values(form, case_context(db, get_case(db, case.id), party_id), given)["issued_on"])


@pytest.fixture
def served(db, make_case):
    return make_case(status="pre_notice", filed_on="2026-02-20", review_on="2026-03-02",
                     notice_served_on="2026-03-03", facts=FACTS)


def test_the_notice_of_a_case_served_defaults_to_the_day_of_service(db, served):
    assert notice_day(db, served) == "2026-03-03"
    values, _context = draft_values(db, get_case(db, served.id), find_form("pre_penalty_notice"))
    assert values["issued_on"] == "2026-03-03"


def test_the_notice_of_a_case_not_served_defaults_to_today(db, make_case):
    case = make_case(status="under_review", filed_on="2026-02-20", review_on="2026-03-02", facts=FACTS)
    assert notice_day(db, case) == today()


def test_a_day_given_goes_over_the_default(db, data_dir, served):
    document = issue_document(db, data_dir, get_case(db, served.id), find_form("pre_penalty_notice"),
                              {**NOTICE, "issued_on": "2026-03-02"})
    assert document.values["issued_on"] == "2026-03-02"


def test_other_dated_forms_still_default_to_today(db, served):
    """Only the notice takes the day of its service: the 听证通知书 of the case served is dated today as before."""
    context = case_context(db, get_case(db, served.id))
    assert context["today"] == today()
    assert default_values(find_form("hearing_notice"), context)["issued_on"] == today()


def test_each_party_takes_its_own_service_in_a_case_with_several(db, make_case):
    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                          review_on="2026-03-02", facts=FACTS,
                                                          fine_fen=5_000_000))
    # the company's notice served on paper (none issued here): its service recorded
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-04", party_ids=(company,))
    assert notice_day(db, case, company) == "2026-03-04"
    assert notice_day(db, case, employee) == today()  # not served yet: today as before


def test_a_kept_draft_of_a_case_not_served_keeps_the_day_it_was_opened_with(db, make_case):
    """The day is the day of writing for a kept draft, as ``today`` is: a draft opened with a day keeps it."""
    case = make_case(status="under_review", filed_on="2026-02-20", review_on="2026-03-02", facts=FACTS)
    form = find_form("pre_penalty_notice")
    context = case_context(db, get_case(db, case.id))
    kept = {"issued_on": "2026-03-02"}
    assert resumed_values(form, kept, context, began=dict(kept))["issued_on"] == "2026-03-02"


def test_a_kept_draft_opened_before_the_service_was_typed_in_takes_the_day_of_service(db, data_dir, served):
    """A draft opened (dated today) before the paper notice's service was typed in: continued, it bears the day of
    service and issues — not refused as dated after it."""
    form = find_form("pre_penalty_notice")
    context = case_context(db, get_case(db, served.id))
    kept = {**NOTICE, "issued_on": today()}
    values = resumed_values(form, kept, context, began={"issued_on": today()})
    assert values["issued_on"] == "2026-03-03"
    assert issue_document(db, data_dir, get_case(db, served.id), form, values).values["issued_on"] == "2026-03-03"
    typed = resumed_values(form, {"issued_on": "2026-03-01"}, context, began={"issued_on": today()})
    assert typed["issued_on"] == "2026-03-01"  # a day the officer typed stays


def test_the_notice_of_a_case_served_issues_from_the_case_values_alone(demo_db, data_dir):
    """The one-click Issue of the case's documents list (no draft, no values given): not refused as dated today,
    after the service recorded; issued dated the day of service."""
    case = find_case(demo_db, SERVED_DEMO)
    form = find_form("pre_penalty_notice")
    values, _context = check_issue(demo_db, case, form, None)
    assert values["issued_on"] == case.notice_served_on
    document = issue_document(demo_db, data_dir, case, form)
    assert document.values["issued_on"] == case.notice_served_on
    assert [d.id for d in case_documents(demo_db, case.id) if d.form_id == "pre_penalty_notice"][-1] == document.id


def test_the_correction_of_a_notice_issued_here_and_served_defaults_to_today(db, data_dir, make_case):
    """The notice in force was issued here and served: a new one can only correct it, written (and served) anew
    on the day it is written — not dated back to the first one's service."""
    case = make_case(status="under_review", filed_on="2026-02-20", review_on="2026-03-02", facts=FACTS)
    issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"),
                   {**NOTICE, "issued_on": "2026-03-03"})
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-03")
    assert get_case(db, case.id).notice_served_on == "2026-03-03"
    assert notice_day(db, case) == today()


@pytest.mark.gui
def test_the_documents_list_issues_the_notice_of_a_case_served_on_paper(demo_db, data_dir, prompts, qtbot):
    """The one-click Issue… of the case's documents list (no draft kept): issued, dated the day of service."""
    from ui.case_documents import CaseDocuments

    case = find_case(demo_db, SERVED_DEMO)
    section = CaseDocuments(demo_db, data_dir, case, prompts)
    qtbot.addWidget(section)
    section.choose("pre_penalty_notice")
    prompts.confirm_answer = True
    section.issue()
    assert prompts.errors == []
    (issued,) = [d for d in case_documents(demo_db, case.id) if d.form_id == "pre_penalty_notice"]
    assert issued.values["issued_on"] == case.notice_served_on
