"""The simple procedure (当场处罚) and the re-inspection of a 责令改正通知书, as the audit found them: a yes/no field given
as text ("false", "0", "否") is read as written, not as ticked; the 涉嫌犯罪案件移送书 of a case decided on the spot
states its 当场行政处罚决定书 (serial, warning, fine); the re-inspection row falls due some working days after the
改正期限, not on it; a case decided on the spot is refused publication as such."""

from __future__ import annotations

import pytest

from tests.helpers import run_json
from workstation import procedure
from workstation.clocks import board
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.errors import ValidationError, WorkstationError
from workstation.law.data import text
from workstation.records import ClockEvent
from workstation.rectification_checks import CHECK
from workstation.store import get_case
from workstation.store.clock_events import record_clock_event

DECIDED = "2026-03-10"
PLACE = "佛山市南海区桂城街道南海大道北281号"
FACTS = "经查，当事人于2026年3月10日在门店向消费者发送商业性短信，未经消费者同意。"


def _issue(db, data_dir, case, **more):
    values = {"serial_no": "No.0012345", "fine_fen": "100", "decided_at": f"{DECIDED} 09:30",
              "party_address": PLACE, "place": PLACE, "facts": FACTS, **more}
    return issue_document(db, data_dir, case, find_form("on_the_spot_decision"), values)


# ---- 1. a yes/no field given as text -----------------------------------------------------------------------------

@pytest.mark.parametrize("given", ["false", "FALSE", " 0 ", "no", "否", 0, False])
def test_a_yes_no_field_given_as_no_is_not_ticked(db, data_dir, make_case, given):
    document = _issue(db, data_dir, make_case(), warning=given, collected_on_the_spot=given)
    assert document.values["warning"] is False and document.values["collected_on_the_spot"] is False


@pytest.mark.parametrize("given", ["true", "True", "1", "yes", "是", 1, True])
def test_a_yes_no_field_given_as_yes_is_ticked(db, data_dir, make_case, given):
    document = _issue(db, data_dir, make_case(), warning=given)
    assert document.values["warning"] is True


@pytest.mark.parametrize("given", ["maybe", "2", 2, "勾选"])
def test_a_yes_no_field_given_anything_else_is_refused_naming_the_field(db, data_dir, make_case, given):
    case = make_case()
    with pytest.raises(ValidationError) as refused:
        _issue(db, data_dir, case, warning=given)
    assert set(refused.value.errors) == {"警告"}
    assert str(given) in refused.value.errors["警告"]


# ---- 2. the transfer of a case decided on the spot ---------------------------------------------------------------

def test_the_transfer_of_a_case_decided_on_the_spot_states_its_decision_with_the_warning(db, data_dir, make_case):
    from workstation.decided_transfer import penalty_before_transfer

    case = make_case()
    _issue(db, data_dir, case, warning=True)
    case = procedure.apply(db, case.id, "decide_on_the_spot")
    stated = penalty_before_transfer(db, case)
    assert stated.startswith("本局已于2026年3月10日作出No.0012345《当场行政处罚决定书》，对当事人处以：警告；罚款¥100.00"), stated


def test_the_transfer_of_a_case_decided_on_the_spot_with_a_fine_alone_names_no_warning(db, data_dir, make_case):
    from workstation.decided_transfer import penalty_before_transfer

    case = make_case()
    _issue(db, data_dir, case, warning=False)
    case = procedure.apply(db, case.id, "decide_on_the_spot")
    stated = penalty_before_transfer(db, case)
    assert "No.0012345《当场行政处罚决定书》，对当事人处以：罚款¥100.00" in stated and "警告" not in stated


# ---- 3. the re-inspection after a 责令改正通知书 ------------------------------------------------------------------

def _order(db, data_dir, case, **values):
    values = {"signed_on": "2026-03-10", "correct_by": "2026-03-25",
              "violation": "经查，当事人于2026年1月至2月期间未经消费者同意向其发送商业性短信。",
              "requirements": "1.停止未经消费者同意向其发送商业性短信的行为。", **values}
    return issue_document(db, data_dir, get_case(db, case.id), find_form("rectification_order"), values)


def _rows(db, case, on):
    return [(d.due, d.state) for d in board(db, on=on) if d.case_id == case.id and d.document_id]


def test_the_re_inspection_is_not_overdue_on_the_first_day_a_result_can_be_recorded(db, data_dir, make_case):
    case = make_case(status="investigating", filed_on="2026-03-02")
    from workstation.rectification_checks import check_working_days

    document = _order(db, data_dir, case)
    assert check_working_days() == 5
    # the 改正期限 is Wednesday 2026-03-25; five working days after it: Wednesday 2026-04-01
    assert _rows(db, case, "2026-03-26") == [("2026-04-01", "due_soon")]
    assert _rows(db, case, "2026-04-01") == [("2026-04-01", "due_soon")]
    assert _rows(db, case, "2026-04-02") == [("2026-04-01", "overdue")]
    # on the 26th a finding of 未改正 is taken (the 改正期限 is over), and the row is not overdue then
    record_clock_event(db, ClockEvent(case_id=case.id, kind=CHECK, clock=document.id, days=3, starts_on="2026-03-26"))
    assert _rows(db, case, "2026-03-27") == []


def test_the_report_deadline_later_than_the_correction_moves_the_re_inspection_after_it(db, data_dir, make_case,
                                                                                       capsys):
    case = make_case(status="investigating", filed_on="2026-03-02")
    document = _order(db, data_dir, case, submit_by="2026-03-27")
    assert _rows(db, case, "2026-03-12") == [("2026-04-03", "open")]  # Fri 27th + 5 working days
    listed = run_json(capsys, "clocks", "--data-dir", str(data_dir), "--as-of", "2026-03-30")
    assert [(d["due"], d["state"]) for d in listed if d["document_id"] == document.id] == [("2026-04-03", "due_soon")]


# ---- 4. publication ----------------------------------------------------------------------------------------------

def test_a_case_decided_on_the_spot_is_refused_publication_as_simple_procedure(db, data_dir, make_case):
    from workstation.documents.publication import decision_to_publish

    case = make_case()
    _issue(db, data_dir, case)
    case = procedure.apply(db, case.id, "decide_on_the_spot")
    with pytest.raises(WorkstationError) as refused:
        decision_to_publish(db, case)
    assert str(refused.value) == text("thresholds", "not_published_simple")
