"""The review after the hearing (session 75, audit hearing_multiparty #3; its dates moved 17 weeks back, into the past): the file submitted for review on 08-03 and
its T3 (案件审核/法制审核, 10 working days from the review body's receipt of the file, REFERENCE §1.2) met by the
行政处罚告知书 served on 08-04; after the hearing concluded on 08-19 the file goes back for the 法制审核 the hearing
requires (Penalty Law art. 58), its sheet dated 08-20 printing 送审日期 2026-08-19. That review is not counted
against the first submission (it made T3 "late", 已于2026-08-20完成 against 期限届满日 2026-08-17): the first T3 stays
met by what met it, and the review after the hearing has its own T3, counted from its 送审日期 (else from the end of
the hearing)."""

from __future__ import annotations

import json

import pytest

from tests.helpers import hearing_notice, legal_review, run_json
from tests.test_guards_review import FACTS, notice
from tests.test_party_case10 import COMPANY, EMPLOYEE
from tests.test_s75_review_per_party import HELD as PARTY_HELD
from tests.test_s75_review_per_party import heard as party_heard  # noqa: F401 (a fixture of several parties)
from tests.test_s75_review_per_party import one_party_heard
from tests.test_s75_review_per_party import review as party_review
from workstation import procedure
from workstation.clocks import case_clocks
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.clock_events import record_clock_event

SUBMITTED, TOLD, ASKED, NOTIFIED, HELD, CONCLUDED = ("2026-08-03", "2026-08-04", "2026-08-06", "2026-08-07",
                                                     "2026-08-18", "2026-08-19")
ANSWERS = dict.fromkeys(("facts_clear", "evidence_sufficient", "procedure_lawful", "basis_correct",
                         "discretion_proper"), "是")


def t3s(db, case):
    return sorted((d for d in case_clocks(db, get_case(db, case.id)) if d.clock == "T3"), key=lambda d: d.start)


def _heard(db, data_dir, make_case, before_notice=None):
    """Submitted for review on 08-03, told (行政处罚告知书 served) on 08-04; the party asked for a hearing on 08-06,
    notified on 08-07 of its hearing on 08-18, concluded on 08-19. ``before_notice`` (given the case) runs between
    the submission and the notice: else no 案件审核表 is issued before it."""
    case = make_case(status="investigating", filed_on="2026-07-06", evidence=True, facts=FACTS, fine_fen=15_000_000)
    procedure.apply(db, case.id, "conclude_investigation", on_date="2026-07-31")
    procedure.apply(db, case.id, "submit_review", on_date=SUBMITTED)
    if before_notice is not None:
        before_notice(case)
    procedure.apply(db, case.id, "send_pre_notice", on_date=TOLD)
    notice(db, data_dir, case, fine_fen="150000", hearing_required=True, issued_on=TOLD)
    procedure.apply(db, case.id, "request_hearing", on_date=ASKED)
    hearing_notice(db, data_dir, case, issued_on=NOTIFIED, hearing_date=HELD)
    record_clock_event(db, ClockEvent(case_id=case.id, kind="hearing_session", starts_on=HELD))
    procedure.apply(db, case.id, "conclude_hearing", on_date=CONCLUDED)
    return get_case(db, case.id)


@pytest.fixture
def heard(db, data_dir, make_case):
    """As ``_heard``: told with no 案件审核表 issued before the notice."""
    return _heard(db, data_dir, make_case)


def test_the_legal_review_after_the_hearing_leaves_the_first_review_met_and_has_its_own_t3(db, data_dir, heard,
                                                                                       capsys):
    [before] = t3s(db, heard)
    assert (before.state, before.done_on) == ("met", TOLD)
    sheet = legal_review(db, data_dir, heard, reviewed_on="2026-08-20")
    assert sheet.values["received_on"] == CONCLUDED  # the 送审日期 the sheet prints
    first, after = t3s(db, heard)
    assert (first.state, first.start, first.due, first.done_on) == ("met", SUBMITTED, "2026-08-17", TOLD)
    # counted from its 送审日期 08-19: ten working days end on 09-02; done on its 审核日期 08-20
    assert (after.state, after.start, after.due, after.done_on) == ("met", CONCLUDED, "2026-09-02", "2026-08-20")
    # as `clocks --case` shows them: no 逾期完成, two rows of T3 telling which review each is
    rows = [row for row in run_json(capsys, "--data-dir", data_dir, "clocks", "--case", heard.case_number,
                                    "--as-of", "2026-08-23") if row["clock"] == "T3"]
    assert sorted((row["state"], row["start"], row["due"], row["done_on"]) for row in rows) == [
        ("met", SUBMITTED, "2026-08-17", TOLD), ("met", CONCLUDED, "2026-09-02", "2026-08-20")]
    [first_row] = [row for row in rows if row["start"] == SUBMITTED]
    [after_row] = [row for row in rows if row["start"] == CONCLUDED]
    assert "2026-08-20" not in first_row["calculation"]
    assert after_row["title"] != first_row["title"]  # 案件审核或法制审核（听证后） once translated
    assert "2026-08-19" in after_row["calculation"] and "2026-08-20" in after_row["calculation"]


def test_the_calculation_says_the_review_after_the_hearing_is_counted_apart(db, data_dir, heard, english):
    legal_review(db, data_dir, heard, reviewed_on="2026-08-20")
    first, after = t3s(db, heard)
    text = first.calculation()
    assert "No 案件审核表 was issued here" not in text  # one was: the review after the hearing's
    assert "after the hearing" in text and "2026-08-20" not in text.split("after the hearing")[0]
    said = after.calculation()
    assert "after the hearing" in said and "2026-08-19" in said and "2026-09-02" in said
    assert "after the hearing" in after.title


def test_a_review_before_the_notice_and_one_after_the_hearing_each_meet_their_own(db, data_dir, make_case):
    case = _heard(db, data_dir, make_case, before_notice=lambda case: legal_review(
        db, data_dir, case, reviewed_on="2026-08-03", kind="案件审核"))
    legal_review(db, data_dir, case, reviewed_on="2026-08-21")
    first, after = t3s(db, case)
    assert (first.state, first.done_on) == ("met", "2026-08-03")  # its own 审核日期, not the later one
    assert (after.state, after.start, after.done_on) == ("met", CONCLUDED, "2026-08-21")


def test_a_late_review_after_the_hearing_is_late_against_its_own_receipt(db, data_dir, heard):
    legal_review(db, data_dir, heard, reviewed_on="2026-09-03")
    first, after = t3s(db, heard)
    assert (first.state, first.done_on) == ("met", TOLD)
    assert (after.state, after.due, after.done_on) == ("late", "2026-09-02", "2026-09-03")


def test_counted_from_the_sheets_own_received_date(db, data_dir, heard):
    """The 送审日期 typed on the sheet (the file reached the reviewers on 08-20) counts; one before the hearing's end
    (the first submission printed on the sheet) does not: the review after the hearing counts from its end."""
    issue_document(db, data_dir, heard, find_form("legal_review"),
                   {**ANSWERS, "review_kind": "法制审核", "opinion": "同意。", "received_on": "2026-08-20",
                    "reviewed_on": "2026-08-24"})
    _first, after = t3s(db, heard)
    assert (after.start, after.due, after.done_on) == ("2026-08-20", "2026-09-03", "2026-08-24")


def test_a_sheet_printing_the_first_submission_counts_from_the_end_of_the_hearing(db, data_dir, heard):
    issue_document(db, data_dir, heard, find_form("legal_review"),
                   {**ANSWERS, "review_kind": "法制审核", "opinion": "同意。", "received_on": SUBMITTED,
                    "reviewed_on": "2026-08-20"})
    first, after = t3s(db, heard)
    assert (first.state, first.done_on) == ("met", TOLD)
    assert (after.state, after.start, after.done_on) == ("met", CONCLUDED, "2026-08-20")


def test_a_review_after_the_hearing_that_did_not_pass_meets_nothing(db, data_dir, heard):
    issue_document(db, data_dir, heard, find_form("legal_review"),
                   {**ANSWERS, "facts_clear": "否", "review_kind": "法制审核", "opinion": "事实不清。",
                    "problems": "陈述申辩意见未复核。",
                    "reviewed_on": "2026-08-20"})
    [first] = t3s(db, heard)
    assert (first.state, first.done_on) == ("met", TOLD)


# -- several parties (final read review_party_hearing #2, #3): each party's review after its own hearing --------------


def after_hearing(db, case):
    return [(d.party, d.start, d.done_on) for d in t3s(db, case) if d.start == PARTY_HELD]


def _party_taken_off(db, sheet) -> None:
    """The issued review ``sheet`` rewritten as one recording no party (as sheets issued before parties were)."""
    from tests.helpers import rewrite_issued

    row = db.execute("SELECT form_version, values_json FROM documents WHERE id = ?", [sheet.id]).fetchone()
    values = json.loads(row[1])
    values.pop("party_id")
    rewrite_issued(db, sheet.id, row[0], values)


def test_with_several_parties_only_the_heard_partys_review_is_after_its_hearing(db, data_dir, party_heard,  # noqa: F811
                                                                                 english):
    """The company, never heard, has its sheet dated after the employee's hearing: it is not a review after a
    hearing (no T3 “(after the hearing)” of its own); the employee's is, named."""
    case, company, employee = party_heard
    party_review(db, data_dir, case, company, reviewed_on="2026-03-13")
    party_review(db, data_dir, case, employee, reviewed_on="2026-03-13")
    assert after_hearing(db, case) == [(EMPLOYEE, PARTY_HELD, "2026-03-13")]


@pytest.fixture
def company_heard(db, data_dir, make_case, monkeypatch):
    """The company (the first party) asked for a hearing, held on 03-12; its employee did not."""
    return one_party_heard(db, data_dir, make_case, monkeypatch, heard="company",
                           fines={"company": "5000000", "employee": "5000"}, facts=FACTS)


def test_a_sheet_recording_no_party_is_the_first_partys_review_after_the_hearing(db, data_dir, company_heard,
                                                                                english):
    """A 案件审核表 recording no party (an earlier version) is the first party's: with the company's own sheet it is
    one review after the company's hearing, one T3, named by the company — not a second, unnamed one."""
    case, company, _employee = company_heard
    party_review(db, data_dir, case, company, reviewed_on="2026-03-13")
    sheet = party_review(db, data_dir, case, company, reviewed_on="2026-03-16")
    _party_taken_off(db, sheet)
    assert after_hearing(db, case) == [(COMPANY, PARTY_HELD, "2026-03-13")]


def test_a_sheet_recording_no_party_alone_is_named_by_the_first_party(db, data_dir, company_heard, english):
    case, company, _employee = company_heard
    sheet = party_review(db, data_dir, case, company, reviewed_on="2026-03-16")
    _party_taken_off(db, sheet)
    assert after_hearing(db, case) == [(COMPANY, PARTY_HELD, "2026-03-16")]
