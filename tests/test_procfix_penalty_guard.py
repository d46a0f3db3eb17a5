"""作出行政处罚决定 needs a penalty to decide, and 送达告知书 a penalty to propose: a case with no fine, confiscation,
warning or other penalty — neither on the case nor in an issued 调查终结报告, 行政处罚告知书 or 行政处罚决定书 — is
refused both steps with a reason naming what to record, so that it cannot reach 已结案 as penalised with nothing.
The no-penalty path (不予行政处罚) stays open."""

from __future__ import annotations

import pytest

from tests.test_party_case10 import FACTS, notice, with_employee
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.errors import TransitionRefused
from workstation.store import get_case

ADDRESS = "佛山市南海区桂城街道南海大道1号"
TABLES = ("cases", "case_events", "audit", "documents")


def _offered(db, case) -> dict:
    return {t.name: why for t, why in procedure.available(db, get_case(db, case.id))}


@pytest.fixture
def waived(make_case):
    """A case with one party awaiting its decision (the party waived its statement), with no amounts recorded."""
    return make_case(status="decision_pending", filed_on="2026-02-20", notice_served_on="2026-03-02",
                     notice_waived=True, facts=FACTS)


def test_a_case_with_no_penalty_recorded_is_refused_the_penalty_decision(db, waived, english, table_counts):
    before = table_counts(db, TABLES)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, waived.id, "decide_penalty", on_date="2026-03-10")
    reason = str(refused.value)
    assert reason.startswith("No penalty is recorded in this case: no fine, confiscation, warning or other penalty")
    assert "Record the fine or confiscated gains under Edit case…" in reason
    assert table_counts(db, TABLES) == before and get_case(db, waived.id).status == "decision_pending"
    offered = _offered(db, waived)
    assert offered["decide_penalty"] == reason  # greyed out with the same reason
    assert offered["decide_no_penalty"] is None  # the no-penalty path stays open


def test_the_fine_recorded_on_the_case_allows_the_decision(db, waived):
    from dataclasses import replace

    from workstation.store.cases import update_case

    update_case(db, replace(get_case(db, waived.id), fine_fen=500_000))
    assert procedure.apply(db, waived.id, "decide_penalty", on_date="2026-03-10").status == "penalty_decided"


def test_a_warning_alone_in_an_issued_decision_allows_the_decision(db, data_dir, waived):
    issue_document(db, data_dir, get_case(db, waived.id), find_form("penalty_decision"),
                   {"decided_on": "2026-03-10", "warning": True, "party_address": ADDRESS})
    assert _offered(db, waived)["decide_penalty"] is None
    assert procedure.apply(db, waived.id, "decide_penalty", on_date="2026-03-10").status == "penalty_decided"


def test_the_pre_penalty_notice_needs_the_proposed_penalty(db, data_dir, make_case, english, table_counts):
    case = make_case(status="under_review", filed_on="2026-02-20", review_on="2026-02-27", facts=FACTS)
    before = table_counts(db, TABLES)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02")
    assert str(refused.value).startswith("The pre-penalty notice tells the party of the proposed penalty, and none is "
                                         "recorded in this case")
    assert table_counts(db, TABLES) == before and get_case(db, case.id).status == "under_review"
    assert _offered(db, case)["send_pre_notice"] == str(refused.value)
    # the notice issued in the workstation with a warning alone proposes it
    notice(db, data_dir, case, None, warning=True)
    assert procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02").status == "pre_notice"


def test_a_case_with_several_parties_needs_a_penalty_of_one_of_them(db, data_dir, make_case, english):
    case, company, _employee = with_employee(db, make_case(status="under_review", filed_on="2026-02-20",
                                                           review_on="2026-02-27", facts=FACTS))
    assert _offered(db, case)["send_pre_notice"].startswith("The pre-penalty notice tells the party")
    notice(db, data_dir, case, company, fine_fen="3000")
    assert _offered(db, case)["send_pre_notice"] is None


@pytest.mark.gui
def test_the_workspace_greys_out_the_decision_of_a_case_without_penalty(db, waived, make_window, english):
    workspace = make_window(db).open_case(waived.id)
    button = workspace.action_buttons["decide_penalty"]
    assert not button.isEnabled()
    assert button.toolTip().startswith("No penalty is recorded in this case")
    assert workspace.action_buttons["decide_no_penalty"].isEnabled()
