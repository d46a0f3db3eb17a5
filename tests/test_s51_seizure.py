"""What a seal-up or seizure still holds once released: the 查封/扣押物品移送告知书 and a further 解除行政强制措施决定书
take by default the items the 实施行政强制措施决定书 still holds, not all it listed; a transfer of items no longer
held, and an extension, transfer or release of a decision whose items were all released, are refused, naming the
decision and its releases. A document naming an earlier decision by its 文号 (its --values) takes that decision's
measure and items. A seizure or preservation is not recorded dated after the case's decision."""

from __future__ import annotations

import pytest

from workstation.documents.drafts import draft_values, find_form
from workstation.documents.issuing import issue_document
from workstation.errors import WorkstationError
from workstation.formkit.measures import measures_context
from workstation.records import ClockEvent
from workstation.store import find_case
from workstation.store.clock_events import clock_event_errors

CASE = "佛南市监立〔2026〕9号"  # investigating, filed 2026-11-10
BASIS = "《中华人民共和国个人信息保护法》第六十三条第一款第（四）项"
ITEMS = "\n".join(f"{n} | 物品{n} | 型号{n} | {n}台 | 已封存" for n in range(1, 6))
FIRST_TWO = "\n".join(ITEMS.split("\n")[:2])
LAST_THREE = "\n".join(ITEMS.split("\n")[2:])
REASON = {"reason": "其他不再需要采取查封、扣押措施的情形", "reason_detail": "测试"}


@pytest.fixture
def case(demo_db):
    return find_case(demo_db, CASE)


def _decide(db, data_dir, case, items=ITEMS, **values):
    return issue_document(db, data_dir, case, find_form("compulsory_measure_decision"),
                          {"legal_basis": BASIS, "measure": "扣押", "objects": "财物", "reason": "涉嫌违法",
                           "decided_on": "2026-11-20", "items": items, **values})


def _release(db, data_dir, case, items, **values):
    return issue_document(db, data_dir, case, find_form("compulsory_measure_release"),
                          {**({"items": items} if items is not None else {}), "released_on": "2026-11-25",
                           "signed_on": "2026-11-25", **REASON, **values})


def _transfer(db, data_dir, case, **values):
    return issue_document(db, data_dir, case, find_form("seized_items_transfer_notice"),
                          {"transferred_on": "2026-11-26", "signed_on": "2026-11-26", **values})


def _refused(call, *args, **values) -> str:
    with pytest.raises(WorkstationError) as raised:
        call(*args, **values)
    return raised.value.message


def test_the_transfer_and_a_further_release_default_to_what_is_still_held(demo_db, data_dir, case, english):
    decision = _decide(demo_db, data_dir, case)
    _release(demo_db, data_dir, case, FIRST_TWO)
    assert measures_context(demo_db, case)["documents.measure_items"] == LAST_THREE
    transfer = _transfer(demo_db, data_dir, case)
    assert transfer.values["items"] == LAST_THREE and transfer.values["decision_no"] == decision.number
    values, _context = draft_values(demo_db, case, find_form("compulsory_measure_release"))
    assert values["items"] == LAST_THREE


def test_a_part_released_leaves_what_is_left_of_it(demo_db, data_dir, case):
    _decide(demo_db, data_dir, case)
    _release(demo_db, data_dir, case, "1 | 物品5 | 型号5 | 2台 | ")
    assert measures_context(demo_db, case)["documents.measure_items"].split("\n")[-1] == "5 | 物品5 | 型号5 | 3台 | 已封存"


def test_a_transfer_of_items_released_is_refused(demo_db, data_dir, case, english):
    decision = _decide(demo_db, data_dir, case)
    release = _release(demo_db, data_dir, case, FIRST_TWO)
    message = _refused(_transfer, demo_db, data_dir, case, items=ITEMS)
    assert decision.number in message and release.number in message and "物品1" in message
    assert "物品3" not in message


def test_nothing_left_nothing_is_transferred_extended_or_released(demo_db, data_dir, case, english):
    decision = _decide(demo_db, data_dir, case)
    first = _release(demo_db, data_dir, case, FIRST_TWO)
    second = _release(demo_db, data_dir, case, LAST_THREE)
    for message in (_refused(_transfer, demo_db, data_dir, case),
                    _refused(issue_document, demo_db, data_dir, case, find_form("compulsory_measure_extension"),
                             {"decision_no": decision.number, "extended_until": "2027-01-10",
                              "decided_on": "2026-12-05", "reason": "案情复杂"}),
                    _refused(_release, demo_db, data_dir, case, "")):
        assert decision.number in message and first.number in message and second.number in message


def test_the_values_naming_an_earlier_decision_take_its_measure_and_items(demo_db, data_dir, case, english):
    first = _decide(demo_db, data_dir, case, items="1 | 服务器 | 戴尔R740 | 1台 | 主机")
    _decide(demo_db, data_dir, case, items="1 | 办公室 | 301室 | 1间 | 贴封条", measure="查封", objects="场所")
    values, _context = draft_values(demo_db, case, find_form("compulsory_measure_extension"),
                                    {"decision_no": first.number}, blanks=[])
    assert values["measure"] == "扣押" and values["objects"] == "财物"
    released = _release(demo_db, data_dir, case, None, decision_no=first.number)
    assert released.values["items"] == "1 | 服务器 | 戴尔R740 | 1台 | 主机"


@pytest.mark.parametrize(("kind", "form_id"), [("seizure", "compulsory_measure_decision"),
                                               ("preservation", "preservation_notice")])
def test_no_seizure_is_recorded_after_the_decision(db, make_case, english, kind, form_id):
    case = make_case(status="served", filed_on="2026-03-02", decided_on="2026-04-01", served_on="2026-04-02")
    errors = clock_event_errors(db, ClockEvent(case_id=case.id, kind=kind, starts_on="2026-04-05"), case)
    assert find_form(form_id).title in errors.get("starts_on", "") and "decision" in errors["starts_on"]
    before = clock_event_errors(db, ClockEvent(case_id=case.id, kind=kind, starts_on="2026-03-20"), case)
    assert "starts_on" not in before
