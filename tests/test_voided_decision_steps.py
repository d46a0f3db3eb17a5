"""A case whose 行政处罚决定书 issued in the workstation were all voided has no decision in force: it keeps its status
(no transition takes it back), and the step after the decision (送达处罚决定书, 履行完毕, 结案) is refused, with the
reason, until a corrected decision is issued; the void confirmation says so, and says plainly when the case was
already closed. A case decided on paper (no 决定书 issued here) is not concerned."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.test_party_case10 import COMPANY, FACTS, notice
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document, void_consequences, void_document
from workstation.errors import TransitionRefused
from workstation.i18n import _
from workstation.records import Party
from workstation.store import get_case, save_party
from workstation.store.cases import update_case
from workstation.vocabulary import shown_label

DECIDED_ON = "2026-03-10"


def decided(db, data_dir, make_case):
    """A one-party case told of a fine on 03-02 and decided on 03-10 with its 行政处罚决定书 issued here:
    (case, the decision)."""
    case = make_case(status="under_review", filed_on="2026-02-20", review_on="2026-02-27", facts=FACTS)
    party = case.party_ids[0]
    save_party(db, Party(name=COMPANY, uscc="91512081MA62K0260E", address="佛山市南海区桂城街道南海大道1号",
                         legal_rep="梁嘉豪", id=party))
    notice(db, data_dir, case, party, fine_fen="50000", hearing_required=False)
    procedure.apply(db, case.id, "send_pre_notice", on_date="2026-03-02")
    procedure.apply(db, case.id, "end_statement_period", on_date=DECIDED_ON)
    decision = issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"),
                              {"decided_on": DECIDED_ON, "fine_fen": "50000"}, party_id=party)
    procedure.apply(db, case.id, "decide_penalty", on_date=DECIDED_ON)
    return get_case(db, case.id), decision


def refusals(db, case) -> dict:
    return {t.name: why for t, why in procedure.available(db, get_case(db, case.id))}


def no_decision(number: str, action: str) -> str:
    return (f"There is no 行政处罚决定书 in force in this case: 行政处罚决定书 {number} was voided, so “{action}” waits "
            "until a corrected 行政处罚决定书 is issued.")


def test_the_decision_is_not_served_once_voided_and_is_served_once_corrected(db, data_dir, make_case, english,
                                                                            table_counts):
    case, decision = decided(db, data_dir, make_case)
    assert refusals(db, case)["serve_decision"] is None
    said = void_consequences(db, decision)
    assert said[-1] == ("The case stays “Penalty decided”: issue a corrected 行政处罚决定书; “Serve the penalty decision” is refused until "
                        "then.")
    void_document(db, decision.id, "罚款金额有误")
    expected = no_decision(decision.number, shown_label("transitions", "serve_decision"))
    assert refusals(db, case)["serve_decision"] == expected
    before = table_counts(db)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12")
    assert str(refused.value) == expected
    assert table_counts(db) == before and get_case(db, case.id).status == "penalty_decided"
    issue_document(db, data_dir, get_case(db, case.id), find_form("penalty_decision"),
                   {"decided_on": "2026-03-11", "fine_fen": "40000"}, party_id=case.party_ids[0])
    assert refusals(db, case)["serve_decision"] is None
    assert procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12").status == "served"


def test_payment_and_closing_wait_for_a_decision_in_force(db, data_dir, make_case, english):
    case, decision = decided(db, data_dir, make_case)
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12")
    void_document(db, decision.id, "罚款金额有误")
    assert refusals(db, case)["record_performance"] == no_decision(decision.number,
                                                                   shown_label("transitions", "record_performance"))
    with pytest.raises(TransitionRefused):
        procedure.apply(db, case.id, "record_performance", on_date="2026-03-20")
    update_case(db, replace(get_case(db, case.id), status="performed"), allow_status_change=True)
    assert refusals(db, case)["close"] == no_decision(decision.number, shown_label("transitions", "close"))


def test_a_closed_case_is_told_plainly_and_stays_closed(db, data_dir, make_case, english):
    case, decision = decided(db, data_dir, make_case)
    update_case(db, replace(get_case(db, case.id), status="closed", closed_on="2026-04-01"),
                allow_status_change=True)
    assert void_consequences(db, decision)[-1] == (
        "The case is closed and no penalty decision is in force after the void: to decide it again, issue a new "
        "行政处罚决定书. The case is not reopened: it stays “Closed”.")
    void_document(db, decision.id, "罚款金额有误")
    assert get_case(db, case.id).status == "closed"


def test_a_case_decided_on_paper_is_served_as_before(db, make_case):
    case = make_case(status="penalty_decided", filed_on="2026-02-20", decided_on=DECIDED_ON, fine_fen=5000000)
    assert refusals(db, case)["serve_decision"] is None
    assert procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12").status == "served"


def test_the_workspace_shows_the_serve_action_disabled_with_the_reason(db, data_dir, make_case, make_window):
    from ui.layouts import plain_label

    case, decision = decided(db, data_dir, make_case)
    assert make_window(db).open_case(case.id).action_buttons["serve_decision"].isEnabled()
    void_document(db, decision.id, "罚款金额有误")
    button = make_window(db).open_case(case.id).action_buttons["serve_decision"]
    assert not button.isEnabled()
    assert button.toolTip() == _("There is no 行政处罚决定书 in force in this case: {documents} was voided, so "
                                 "“{action}” waits until a corrected 行政处罚决定书 is issued.").format(
        documents=_("{document} {number}").format(document="行政处罚决定书", number=decision.number),
        action=plain_label(button.text()))  # the button shows its Alt letter, the reason names it plainly
