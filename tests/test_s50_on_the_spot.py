"""The simple procedure's 当场行政处罚决定书 as the audit found it: a second one was issued over the one in force (even in
a closed case whose fine was collected: the case's fine silently became the new one's, T32/T33 vanished, the party
held two decisions for one act); its pre-printed serial (编号) was never checked, the same No. issued twice in one
case and again in another; closing the case ended the 备案 deadline T31 before the filing was recorded; and the
command line could not record 已报备案 (bureau_filing), while its list of actions offered 转为普通程序 though refused."""

from __future__ import annotations

import json

import pytest

from tests.helpers import run
from workstation import clocks, procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document, void_document
from workstation.errors import WorkstationError
from workstation.store import get_case

DECIDED = "2026-03-10"  # a Tuesday
PLACE = "佛山市南海区桂城街道南海大道北281号"
FACTS = "经查，当事人于2026年3月10日在门店向消费者发送商业性短信，未经消费者同意。"
COLLECTED = {"collected_on_the_spot": True, "collection_ground": "依法给予一百元以下罚款", "receipt_no": "粤财罚0001"}


def _values(fine="100", serial="No.0000101", **more):
    return {"serial_no": serial, "fine_fen": fine, "decided_at": f"{DECIDED} 09:30", "party_address": PLACE,
            "place": PLACE, "facts": FACTS, "warning": False, **more}


def _issue(db, data_dir, case, fine="100", serial="No.0000101", supersedes=None, **more):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("on_the_spot_decision"),
                          _values(fine, serial, **more), supersedes=supersedes)


def _spot_documents(db, case):
    return db.execute("SELECT COUNT(*) FROM documents WHERE case_id = ? AND form_id = 'on_the_spot_decision'",
                      [case.id]).fetchone()[0]


def _collected_and_closed(db, data_dir, make_case):
    case = make_case()
    document = _issue(db, data_dir, case, **COLLECTED)
    procedure.apply(db, case.id, "decide_on_the_spot")
    assert get_case(db, case.id).status == "performed"
    procedure.apply(db, case.id, "close", on_date=DECIDED)
    return get_case(db, case.id), document


def _clock(db, case, clock_id, on):
    return next((d for d in clocks.case_clocks(db, get_case(db, case.id), on=on) if d.rule.id == clock_id), None)


# ---- 1. a second decision over the one in force ---------------------------------------------------------------------

def test_a_second_decision_is_refused_over_a_collected_decision_of_a_closed_case(db, data_dir, make_case, english):
    case, document = _collected_and_closed(db, data_dir, make_case)
    with pytest.raises(WorkstationError) as refused:
        _issue(db, data_dir, case, fine="3000", serial="No.0000301")
    message = str(refused.value)
    assert "No.0000101" in message and "in force" in message, message
    assert _spot_documents(db, case) == 1
    case = get_case(db, case.id)
    assert (case.status, case.fine_fen) == ("closed", 10_000)
    on_board = {d.rule.id for d in clocks.board(db, on="2026-03-11") if d.case_id == case.id}
    assert "T32" in on_board  # the money collected still to hand over
    # nor issued as its correction: the fine collected was ¥100
    with pytest.raises(WorkstationError) as refused:
        _issue(db, data_dir, case, fine="3000", serial="No.0000301", supersedes=document.id)
    assert "粤财罚0001" in str(refused.value) or "payment" in str(refused.value), str(refused.value)
    assert _spot_documents(db, case) == 1
    # nor voided, leaving the money collected without a decision
    with pytest.raises(WorkstationError):
        void_document(db, document.id, "金额错误")
    assert get_case(db, case.id).fine_fen == 10_000


def test_a_second_decision_is_refused_while_one_is_in_force_before_the_step(db, data_dir, make_case, english):
    case = make_case()
    first = _issue(db, data_dir, case)
    assert procedure.issue_refusal(db, case, "on_the_spot_decision") is None
    with pytest.raises(WorkstationError, match="No.0000101"):
        _issue(db, data_dir, case, fine="150", serial="No.0000102")
    assert _spot_documents(db, case) == 1
    # voided, with its reason, a new one is issued in its place (a new pre-printed form)
    void_document(db, first.id, "金额写错")
    second = _issue(db, data_dir, case, fine="150", serial="No.0000102")
    assert second.status == "issued"
    procedure.apply(db, case.id, "decide_on_the_spot")
    assert get_case(db, case.id).fine_fen == 15_000


def test_a_correction_before_any_payment_replaces_the_decision(db, data_dir, make_case):
    case = make_case()
    first = _issue(db, data_dir, case)  # paid at the bank: nothing paid yet
    procedure.apply(db, case.id, "decide_on_the_spot")
    _issue(db, data_dir, case, fine="150", serial="No.0000102", supersedes=first.id)
    assert get_case(db, case.id).fine_fen == 15_000


def test_the_editor_offers_the_correction_of_the_decision_in_force(db, data_dir, make_case):
    from workstation.documents.issuing import decision_to_correct

    case = make_case()
    first = _issue(db, data_dir, case)
    offered = decision_to_correct(db, get_case(db, case.id), find_form("on_the_spot_decision"),
                                  _values("150", "No.0000102"))
    assert offered is not None and offered.id == first.id


# ---- 2. the pre-printed serial --------------------------------------------------------------------------------------

def test_a_serial_used_in_another_case_is_refused_naming_that_case(db, data_dir, make_case, english):
    first_case = make_case()
    _issue(db, data_dir, first_case)
    other = make_case()
    with pytest.raises(WorkstationError) as refused:
        _issue(db, data_dir, other, serial=" no.0000101 ")
    message = str(refused.value)
    assert "No.0000101" in message and "not filed" in message, message
    assert _spot_documents(db, other) == 0


def test_a_voided_decisions_serial_is_not_used_again(db, data_dir, make_case, english):
    case = make_case()
    first = _issue(db, data_dir, case)
    void_document(db, first.id, "填写错误")
    with pytest.raises(WorkstationError, match="No.0000101"):
        _issue(db, data_dir, case)
    assert _spot_documents(db, case) == 1
    with pytest.raises(WorkstationError, match="No.0000101"):  # nor by a correction of another one
        second = _issue(db, data_dir, case, serial="No.0000102")
        _issue(db, data_dir, case, supersedes=second.id)


# ---- 3. T31 after closing -------------------------------------------------------------------------------------------

def test_closing_the_case_leaves_the_filing_with_the_bureau_due(db, data_dir, make_case):
    case, _document = _collected_and_closed(db, data_dir, make_case)
    assert get_case(db, case.id).status == "closed"
    t31 = _clock(db, case, "T31", "2026-03-20")
    assert t31.state == "overdue", t31.state
    assert "T31" in {d.rule.id for d in clocks.board(db, on="2026-03-20") if d.case_id == case.id}


# ---- 4. the command line --------------------------------------------------------------------------------------------

def test_the_command_line_records_the_filing_with_the_bureau(capsys, db, data_dir, make_case):
    case, _document = _collected_and_closed(db, data_dir, make_case)
    code, out, err = run(capsys, "--data-dir", data_dir, "--json", "cases", "transition", case.id,
                         "file_with_bureau", "--date", "2026-03-11")
    assert code == 0, err
    assert json.loads(out)["filed_with_bureau_on"] == "2026-03-11"
    met = _clock(db, case, "T31", "2026-03-20")
    assert (met.state, met.done_on) == ("met", "2026-03-11")


def test_the_list_of_actions_leaves_out_the_change_to_the_ordinary_procedure_while_the_decision_stands(
        capsys, db, data_dir, make_case, english):
    case = make_case()
    _issue(db, data_dir, case)  # paid at the bank
    procedure.apply(db, case.id, "decide_on_the_spot")
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.id, "no_such_step")
    assert code != 0
    assert "record_performance" in err and "leave_simple_procedure" not in err, err
    assert "file_with_bureau" in err, err
