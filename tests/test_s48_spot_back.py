"""A case decided on the spot (简易程序, 当场处罚; REFERENCE §1.3) whose 当场行政处罚决定书 was voided because the matter must
go through the ordinary procedure is taken back to 待立案 by “转为普通程序” (``leave_simple_procedure``): its decision
and service dates, its fine and its simple procedure are cleared, so that it is filed and its ordinary forms drafted.
Refused while the 当场行政处罚决定书 is in force, once a payment was recorded, and in a case decided in the ordinary
procedure."""

from __future__ import annotations

import pytest

from tests.helpers import run
from workstation import procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document, void_document
from workstation.errors import TransitionRefused, WorkstationError
from workstation.payments import Payment
from workstation.stats import campaign_stats
from workstation.store import get_case
from workstation.vocabulary import shown_label

DECIDED = "2026-03-10"
LEFT = "2026-03-12"
PLACE = "佛山市南海区桂城街道南海大道北281号"
FACTS = "经查，当事人于2026年3月10日在门店向消费者发送商业性短信，未经消费者同意。"
BACK = "leave_simple_procedure"
REASON = "当事人对事实有异议，改按普通程序办理"


def _issue(db, data_dir, case, fine="200", serial="No.0012345"):
    values = {"serial_no": serial, "fine_fen": fine, "decided_at": f"{DECIDED} 09:30", "warning": False,
              "party_address": PLACE, "place": PLACE, "facts": FACTS}
    return issue_document(db, data_dir, get_case(db, case.id), find_form("on_the_spot_decision"), values)


def _decided(db, data_dir, make_case, fine="200"):
    case = make_case()
    document = _issue(db, data_dir, case, fine)
    return procedure.apply(db, case.id, "decide_on_the_spot"), document


def _offered(db, case) -> dict[str, str | None]:
    return {t.name: why for t, why in procedure.available(db, get_case(db, case.id))}


def test_voided_the_on_the_spot_decision_the_case_goes_back_to_be_filed(db, data_dir, make_case, english):
    case = make_case()
    before = campaign_stats(db)["cases"]  # the case awaiting filing, before its decision
    document = _issue(db, data_dir, case)
    case = procedure.apply(db, case.id, "decide_on_the_spot")
    assert campaign_stats(db)["cases"]["simple_procedure"] == before["simple_procedure"] + 1
    assert (case.status, case.procedure_kind, case.fine_fen) == ("served", "simple", 20_000)
    void_document(db, document.id, "罚款超出简易程序限额，改按普通程序")
    assert _offered(db, case)[BACK] is None
    with pytest.raises(TransitionRefused, match="needs a reason"):
        procedure.apply(db, case.id, BACK, on_date=LEFT)
    back = procedure.apply(db, case.id, BACK, on_date=LEFT, reason=REASON)
    assert back.status == "pending_filing"
    assert (back.decided_on, back.served_on, back.fine_fen, back.procedure_kind) == (None, None, 0, None)
    event = db.execute("SELECT from_status, to_status, on_date, note FROM case_events WHERE case_id = ? AND kind = "
                       "'transition' ORDER BY at DESC, rowid DESC LIMIT 1", [case.id]).fetchone()
    assert tuple(event) == ("served", "pending_filing", LEFT, REASON)
    assert db.execute("SELECT COUNT(*) FROM audit WHERE entity_id = ? AND action = 'transition'",
                      [case.id]).fetchone()[0] == 2
    # no longer counted as decided on the spot nor served: under 待立案, as before its decision
    assert campaign_stats(db)["cases"] == before
    # the ordinary procedure: the 立案审批表 may be drafted and the case filed
    assert procedure.issue_refusal(db, back, "filing_approval") is None
    assert BACK not in _offered(db, case) and _offered(db, case)["file"] is None
    filed = procedure.apply(db, case.id, "file", on_date=LEFT)
    assert filed.status == "investigating" and filed.case_number


def test_refused_while_the_on_the_spot_decision_is_in_force(db, data_dir, make_case, english):
    case, _document = _decided(db, data_dir, make_case)
    assert BACK not in _offered(db, case)  # nothing to leave while the decision stands
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, BACK, on_date=LEFT, reason=REASON)
    assert "No.0012345" in str(refused.value) and "void it first" in str(refused.value)
    assert get_case(db, case.id).status == "served"


def test_refused_once_a_payment_was_recorded(db, data_dir, make_case, english):
    case, document = _decided(db, data_dir, make_case)
    part = procedure.apply(db, case.id, "record_performance", on_date="2026-03-11",
                           payment=Payment(paid_fen=5_000, voucher="缴款书001"))
    assert part.status == "served"  # a payment of part
    # the decision paid in part is not voided (the money would stand without a decision), so it stays in force
    with pytest.raises(WorkstationError, match="a payment was recorded under it on 2026-03-11"):
        void_document(db, document.id, "改按普通程序")
    assert BACK not in _offered(db, case)
    with pytest.raises(TransitionRefused, match="void it first"):
        procedure.apply(db, case.id, BACK, on_date=LEFT, reason=REASON)
    assert get_case(db, case.id).status == "served"


def test_refused_for_a_case_decided_in_the_ordinary_procedure(db, make_case, english):
    case = make_case(status="served", filed_on="2026-02-20", decided_on="2026-03-01", served_on="2026-03-02",
                     fine_fen=300_000)
    assert BACK not in _offered(db, case)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, BACK, on_date=LEFT, reason=REASON)
    assert "on the spot" in str(refused.value)
    assert get_case(db, case.id).status == "served"


def test_the_command_line_takes_the_case_back(db, data_dir, make_case, capsys, english):
    case, document = _decided(db, data_dir, make_case)
    void_document(db, document.id, "改按普通程序")
    code, out, err = run(capsys, "cases", "transition", case.id, BACK, "--date", LEFT, "--reason", REASON,
                         "--data-dir", str(data_dir))
    assert code == 0, err
    assert get_case(db, case.id).status == "pending_filing"


def test_the_action_has_its_label_in_both_languages(english):
    assert shown_label("transitions", BACK) == "Change to the ordinary procedure"
    assert procedure.BY_NAME[BACK].needs_reason


def test_the_window_offers_it_once_the_decision_is_voided(db, data_dir, make_case, make_window):
    case, document = _decided(db, data_dir, make_case)
    window = make_window(db)
    assert BACK not in window.open_case(case.id).action_buttons
    void_document(db, document.id, "改按普通程序")
    button = make_window(db).open_case(case.id).action_buttons[BACK]
    assert button.isEnabled() and button.text().startswith("转为普通程序")


def test_the_way_back_reaches_no_step_and_the_voided_decision_s_refusal_names_it(db, data_dir, make_case, english):
    from workstation.store.cases import step_reached

    assert not step_reached("decided_on", "pending_filing") and not step_reached("served_on", "investigating")
    case, document = _decided(db, data_dir, make_case)
    void_document(db, document.id, "改按普通程序")
    with pytest.raises(TransitionRefused, match="“Change to the ordinary procedure”"):
        procedure.apply(db, case.id, "record_performance", on_date=LEFT)
