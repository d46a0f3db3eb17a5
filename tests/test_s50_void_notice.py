"""Voiding the served 行政处罚告知书 stops the case at its notice: the steps after it (陈述申辩期满, 放弃陈述申辩, 申请听证,
作出行政处罚决定) and the 行政处罚决定书 are refused, naming the voided notice, until a corrected notice is issued and
its service recorded, from which the party's period (T4) counts anew; the void confirmation says so. A case whose
notice was written on paper is not concerned. The 立案审批表 is not voided while later documents of the case are in
force. The refusals of 结案 and 申请法院强制执行 in a served case whose decisions were all voided name those steps."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import FILING_SOURCE
from tests.test_party_case10 import COMPANY, FACTS, notice
from tests.test_voided_decision_steps import decided
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import check_issue, issue_document, void_consequences, void_document
from workstation.errors import TransitionRefused, WorkstationError
from workstation.records import Party
from workstation.store import get_case, save_party
from workstation.store.cases import update_case
from workstation.vocabulary import shown_label


def served(db, data_dir, make_case):
    """A one-party case told of a fine by its 行政处罚告知书 of 03-02, served on 03-02: (case, the notice)."""
    case = make_case(status="under_review", filed_on="2026-02-20", review_on="2026-02-27", facts=FACTS)
    party = case.party_ids[0]
    save_party(db, Party(name=COMPANY, uscc="91512081MA62K0260E", address="佛山市南海区桂城街道南海大道1号",
                         legal_rep="梁嘉豪", id=party))
    issued = notice(db, data_dir, case, party, fine_fen="50000", hearing_required=False)
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02")
    return get_case(db, case.id), issued


def refusals(db, case) -> dict:
    return {t.name: why for t, why in procedure.available(db, get_case(db, case.id))}


def test_voiding_the_served_notice_refuses_the_steps_after_it_and_the_decision(db, data_dir, make_case, english):
    case, issued = served(db, data_dir, make_case)
    assert refusals(db, case)["waive_statement"] is None
    void_document(db, issued.id, "告知事实有误")
    for step in ("waive_statement", "end_statement_period", "request_hearing"):
        with pytest.raises(TransitionRefused) as refused:
            procedure.apply(db, case.id, step, on_date="2026-03-20", reason="当事人放弃")
        assert issued.number in str(refused.value) and "void" in str(refused.value)
        assert shown_label("transitions", step) in str(refused.value)
    assert get_case(db, case.id).status == "pre_notice"
    update_case(db, replace(get_case(db, case.id), status="decision_pending"), allow_status_change=True)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "decide_penalty", on_date="2026-03-20")
    assert issued.number in str(refused.value)
    with pytest.raises(WorkstationError) as refused:
        check_issue(db, get_case(db, case.id), find_form("penalty_decision"),
                    {"decided_on": "2026-03-20", "fine_fen": "50000"})
    assert issued.number in str(refused.value)


def test_the_replacement_notice_is_served_again_and_the_period_counts_from_it(db, data_dir, make_case, english):
    case, issued = served(db, data_dir, make_case)
    void_document(db, issued.id, "告知事实有误")
    again = notice(db, data_dir, case, case.party_ids[0], fine_fen="50000", hearing_required=False,
                   issued_on="2026-03-05")
    why = refusals(db, case)["waive_statement"]  # the new notice in force, but not served yet
    assert why and issued.number in why and again.number in why
    assert refusals(db, case)["send_pre_notice"] is None  # its service is recorded again
    with pytest.raises(TransitionRefused):  # not before the day it bears
        procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-04")
    updated = procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-06")
    assert (updated.status, updated.notice_served_on) == ("pre_notice", "2026-03-06")
    assert procedure.statement_deadline(db, updated).due > "2026-03-09"  # T4 from the new service, not 03-02
    assert refusals(db, case)["waive_statement"] is None
    assert procedure.apply(db, case.id, "waive_statement", on_date="2026-03-07",
                           reason="当事人书面放弃").status == "decision_pending"


def test_the_void_confirmation_says_what_voiding_the_notice_does(db, data_dir, make_case, english):
    case, issued = served(db, data_dir, make_case)
    said = " ".join(void_consequences(db, issued))
    assert "No 行政处罚告知书 is in force afterwards" in said and "its service recorded" in said


def test_a_notice_written_on_paper_is_not_concerned(db, make_case):
    case = make_case(status="under_review", filed_on="2026-02-20", facts=FACTS, fine_fen=300_000)
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-03")
    assert refusals(db, case)["waive_statement"] is None


def test_the_filing_approval_is_not_voided_while_later_documents_are_in_force(db, data_dir, make_case, english):
    case = make_case(status="investigating", filed_on="2026-02-20", facts=FACTS)
    filing = issue_document(db, data_dir, case, find_form("filing_approval"), FILING_SOURCE)
    case, issued = served(db, data_dir, lambda **fields: update_case(
        db, replace(get_case(db, case.id), **fields), allow_status_change=True))
    with pytest.raises(WorkstationError) as refused:
        void_document(db, filing.id, "立案日期有误")
    assert issued.number in str(refused.value)
    assert db.execute("SELECT status FROM documents WHERE id = ?", [filing.id]).fetchone() == ("issued",)
    void_document(db, issued.id, "告知事实有误")
    assert void_document(db, filing.id, "立案日期有误").status == "void"


def test_closing_and_enforcement_refusals_name_their_own_step(db, data_dir, make_case, english):
    case, decision = decided(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12")
    void_document(db, decision.id, "罚款金额有误")
    case = get_case(db, case.id)
    closing = procedure._closing_guard(db, case)
    assert closing and shown_label("transitions", "close") in closing
    assert shown_label("transitions", "record_performance") not in closing
    enforcing = procedure._enforcement_guard(db, case)
    assert enforcing and shown_label("transitions", "apply_enforcement") in enforcing
    assert shown_label("transitions", "record_performance") not in enforcing
