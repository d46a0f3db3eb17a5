"""The simple procedure (简易程序, 当场行政处罚; Penalty Law arts. 51–54, REFERENCE §1.3) as the audit found it: a case
decided on the spot takes none of the ordinary procedure's forms (立案审批表, 行政处罚决定书 …) and is not filed while
its 当场行政处罚决定书 is in force — it is voided first, to change to the ordinary procedure; the 当场行政处罚决定书 is
the case's decision in force: voided with none in its place, the payment and the closing are refused and nothing is
counted, and a corrected one's fine is the case's; a case with one officer is told the second officer is missing; the
field listing of ``docs fields`` shows a field's default value."""

from __future__ import annotations

import pytest

from tests.helpers import run
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document, void_document
from workstation.errors import TransitionRefused, ValidationError, WorkstationError
from workstation.penalty_terms import standing_amounts
from workstation.stats import campaign_stats
from workstation.store import get_case

DECIDED = "2026-03-10"
PLACE = "佛山市南海区桂城街道南海大道北281号"
FACTS = "经查，当事人于2026年3月10日在门店向消费者发送商业性短信，未经消费者同意。"


def _issue(db, data_dir, case, fine="50", serial="No.0012345", supersedes=None, **more):
    values = {"serial_no": serial, "fine_fen": fine, "decided_at": f"{DECIDED} 09:30", "warning": False,
              "party_address": PLACE, "place": PLACE, "facts": FACTS, **more}
    return issue_document(db, data_dir, get_case(db, case.id), find_form("on_the_spot_decision"), values,
                          supersedes=supersedes)


def _decided(db, data_dir, make_case, fine="50"):
    case = make_case()
    document = _issue(db, data_dir, case, fine)
    return procedure.apply(db, case.id, "decide_on_the_spot"), document


# ---- 1. the ordinary procedure's forms while the on-the-spot decision is in force ----------------------------------

ORDINARY = ("filing_approval", "non_filing_approval", "investigation_report", "pre_penalty_notice", "hearing_notice",
            "legal_review", "collective_discussion", "decision_approval", "penalty_decision", "no_penalty_decision")


@pytest.mark.parametrize("form_id", ORDINARY)
def test_the_ordinary_procedures_forms_are_refused_in_a_case_decided_on_the_spot(db, data_dir, make_case, english,
                                                                                 form_id):
    case, _document = _decided(db, data_dir, make_case)
    refusal = procedure.issue_refusal(db, case, form_id)
    assert refusal is not None and "No.0012345" in refusal and "void it first" in refusal, refusal


def test_a_penalty_decision_of_5000_is_not_issued_over_the_on_the_spot_decision(db, data_dir, make_case, english):
    case, _document = _decided(db, data_dir, make_case)
    with pytest.raises(WorkstationError, match="ordinary procedure"):
        issue_document(db, data_dir, case, find_form("penalty_decision"),
                       {"fine_fen": "5000", "decided_on": "2026-03-12"})
    with pytest.raises(WorkstationError, match="ordinary procedure"):
        issue_document(db, data_dir, case, find_form("filing_approval"), {})
    assert db.execute("SELECT COUNT(*) FROM documents WHERE case_id = ? AND form_id IN ('penalty_decision', "
                      "'filing_approval')", [case.id]).fetchone()[0] == 0
    assert get_case(db, case.id).fine_fen == 5_000
    assert campaign_stats(db)["cases"]["simple_fines_fen"] == 5_000


def test_a_case_awaiting_filing_with_its_on_the_spot_decision_issued_takes_no_filing_approval(db, data_dir,
                                                                                           make_case, english):
    case = make_case()
    _issue(db, data_dir, case)
    assert "void it first" in procedure.issue_refusal(db, case, "filing_approval")
    assert procedure.issue_refusal(db, case, "on_the_spot_decision") is None  # its correction


def test_voided_the_on_the_spot_decision_no_longer_refuses_the_ordinary_forms(db, data_dir, make_case):
    case = make_case()
    document = _issue(db, data_dir, case)
    void_document(db, document.id, "改按普通程序")
    assert procedure.issue_refusal(db, get_case(db, case.id), "filing_approval") is None


# ---- 3. filing ------------------------------------------------------------------------------------------------------

def test_a_case_is_not_filed_while_its_on_the_spot_decision_is_in_force(db, data_dir, make_case, english):
    case = make_case()
    document = _issue(db, data_dir, case)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "file", on_date="2026-03-11")
    assert "No.0012345" in str(refused.value) and "void it first" in str(refused.value)
    assert get_case(db, case.id).status == "pending_filing"
    void_document(db, document.id, "改按普通程序")
    assert procedure.apply(db, case.id, "file", on_date="2026-03-11").status == "investigating"


# ---- 2. the on-the-spot decision voided or corrected ----------------------------------------------------------------

def test_voided_the_only_on_the_spot_decision_the_payment_and_closing_are_refused_and_nothing_counts(
        db, data_dir, make_case, english):
    before = campaign_stats(db)
    case, document = _decided(db, data_dir, make_case, fine="3000")
    assert get_case(db, case.id).fine_fen == 300_000
    void_document(db, document.id, "处罚错误")
    case = get_case(db, case.id)
    assert case.fine_fen == 0
    assert standing_amounts(db, case) == (0, 0)
    stats = campaign_stats(db)
    assert stats["fines_fen"] == before["fines_fen"]
    assert stats["cases"]["simple_fines_fen"] == before["cases"]["simple_fines_fen"]
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "record_performance", on_date="2026-03-12")
    assert "No.0012345" in str(refused.value) and "当场行政处罚决定书" in str(refused.value)
    assert not any(t.name == "record_performance" and why is None for t, why in procedure.available(db, case))
    assert get_case(db, case.id).status == "served"


def test_the_void_confirmation_says_the_case_is_left_without_a_fine(db, data_dir, make_case, english):
    from workstation.documents.issuing import void_consequences

    case, document = _decided(db, data_dir, make_case, fine="3000")
    said = " ".join(void_consequences(db, document))
    assert "No 当场行政处罚决定书 is in force afterwards" in said and "“Penalty performed” is refused" in said, said


def test_a_corrected_on_the_spot_decision_is_the_fine_the_case_shows_and_counts(db, data_dir, make_case):
    case, document = _decided(db, data_dir, make_case, fine="50")
    void_document(db, document.id, "金额错误")
    _issue(db, data_dir, case, fine="150", serial="No.0012346")
    case = get_case(db, case.id)
    assert case.fine_fen == 15_000
    assert standing_amounts(db, case) == (15_000, 0)
    assert campaign_stats(db)["cases"]["simple_fines_fen"] == 15_000
    performed = procedure.apply(db, case.id, "record_performance", on_date="2026-03-12")
    assert performed.status == "performed"


def test_a_correction_superseding_the_on_the_spot_decision_gives_the_case_its_fine(db, data_dir, make_case):
    case, document = _decided(db, data_dir, make_case, fine="50")
    _issue(db, data_dir, case, fine="150", serial="No.0012346", supersedes=document.id)
    assert get_case(db, case.id).fine_fen == 15_000
    assert campaign_stats(db)["cases"]["simple_fines_fen"] == 15_000


# ---- 4. one officer -------------------------------------------------------------------------------------------------

def test_a_case_with_one_officer_is_told_the_second_officer_is_missing(db, data_dir, make_case):
    case = make_case(officer_names=("陈志强",))
    with pytest.raises(ValidationError) as refused:
        _issue(db, data_dir, case)
    assert set(refused.value.errors) == {"执法人员（二）", "执法证号（二）"}


# ---- 5. docs fields shows the defaults ----------------------------------------------------------------------------

def test_the_field_listing_shows_a_default_value(capsys, english):
    code, out, err = run(capsys, "docs", "fields", "on_the_spot_decision")
    assert code == 0, err
    row = next(line for line in out.splitlines() if line.startswith("court "))
    assert "有管辖权的人民法院" in row and "—" not in row, row
    # the warning is ticked by the officer, never by a default (version 7): its row names none
    warning = next(line for line in out.splitlines() if line.startswith("warning "))
    assert "—" in warning and warning.replace("yes or no (true/false)", "").count("yes") == 0, warning
