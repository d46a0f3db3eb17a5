"""The case timeline says which penalty the party was told of when the pre-penalty notice was served (kept with the
service, ``penalty_terms.served_details``), as the entry of 履行完毕 says what was paid: "送达告知书（拟罚款¥2,000.00）"."""

from __future__ import annotations

import json
from dataclasses import replace

from tests.test_multiparty11 import COMPANY_SERVED, EMPLOYEE_SERVED
from tests.test_party_case10 import notice, with_employee
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.penalty_terms import served_text
from workstation.store import get_case
from workstation.store.cases import case_timeline, update_case

FACTS = "经查，当事人未经消费者同意向其发送商业性短信。"

def test_the_service_of_a_paper_notice_shows_the_fine_the_case_recorded(db, make_case, english):
    case = make_case(status="under_review", filed_on="2026-02-20", facts=FACTS, fine_fen=200_000)
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-03")
    update_case(db, replace(get_case(db, case.id), fine_fen=0), allow_status_change=True)  # cleared afterwards
    entry = next(e for e in case_timeline(db, get_case(db, case.id))
                 if e.kind == "transition" and e.on_date == "2026-03-03")
    assert entry.text == "Under case review → Party notified (proposed a fine of ¥2,000.00)"


def test_the_service_of_an_issued_notice_shows_each_penalty_it_proposed(db, data_dir, make_case, english):
    case = make_case(status="under_review", filed_on="2026-02-20", facts=FACTS)
    issue_document(db, data_dir, case, find_form("pre_penalty_notice"),
                   {"facts": FACTS, "issued_on": "2026-03-02", "fine_fen": "5000", "confiscated_fen": "300",
                    "warning": True})
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-03")
    entry = next(e for e in case_timeline(db, get_case(db, case.id))
                 if e.kind == "transition" and e.on_date == "2026-03-03")
    assert entry.text.endswith(" (proposed a fine of ¥5,000.00, confiscation of illegal gains of ¥300.00, "
                               "a warning)")


def test_a_service_that_kept_no_penalty_adds_nothing(english):
    # served before the penalty was kept, or a payment's details: the entry reads as before
    assert served_text(None) == served_text("") == served_text("not json") == ""
    assert served_text(json.dumps({"paid_fen": 200_000})) == ""
    assert served_text(json.dumps({"proposed": {"fine_fen": 0, "warning": False, "number": ""}})) == ""
    assert served_text(json.dumps({"proposed": {"fine_fen": 200_000, "number": "佛南市监告〔2026〕1号"}})) == (
        " (proposed a fine of ¥2,000.00)")


def test_each_party_s_service_shows_its_own_penalty(db, data_dir, make_case, english):
    case, company, employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                          review_on="2026-02-27", facts=FACTS))
    notice(db, data_dir, case, company, fine_fen="50000")
    notice(db, data_dir, case, employee, fine_fen="5000")
    procedure.apply(db, case.id, "send_pre_notice", on_date=COMPANY_SERVED, party_ids=(company,))
    procedure.apply(db, case.id, "send_pre_notice", on_date=EMPLOYEE_SERVED, party_ids=(employee,))
    served = {e.on_date: e.text for e in case_timeline(db, get_case(db, case.id)) if e.kind == "notice_served"}
    # each told of a warning too (``notice``): the company of ¥50,000.00, its employee of ¥5,000.00
    assert served[COMPANY_SERVED].endswith(" (proposed a fine of ¥50,000.00, a warning)")
    assert served[EMPLOYEE_SERVED].endswith(" (proposed a fine of ¥5,000.00, a warning)")
