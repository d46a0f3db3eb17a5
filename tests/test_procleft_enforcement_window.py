"""The step 申请法院强制执行 and the 强制执行申请书 count the same window (REFERENCE §1.2 T12, T15, T16; §1.8; 行政强制法
arts. 53, 54): the T16 clock of ``document_clocks.enforcement_window``, which a reconsideration or a lawsuit moves
or holds, not the six months after the decision's service alone. Dates worked by hand on the 2026 calendar (§9)."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.helpers import run
from workstation import enforcement, procedure
from workstation.documents.stage_rules import stage_refusal
from workstation.errors import TransitionRefused
from workstation.records import ClockEvent
from workstation.store import get_case
from workstation.store.cases import update_case
from workstation.store.clock_events import end_clock_event, record_clock_event

# the decision served on Monday 2026-03-02: without a challenge the party may sue until Wednesday 09-02
SERVED = "2026-03-02"
APPLICATION = {"decided_on": "2026-02-26", "decision_served_on": SERVED, "unpaid_fen": "5000",
               "decision_no": "佛南市监处〔2026〕1号", "court": "佛山市南海区人民法院", "head_post": "局长",
               "attachments": "行政处罚决定书"}


@pytest.fixture
def on(monkeypatch):
    """``on(day)``: the procedure and the enforcement rules see ``day`` as today."""

    def set_today(day: str) -> None:
        monkeypatch.setattr(procedure, "today", lambda: day)
        monkeypatch.setattr(enforcement, "today", lambda: day)

    return set_today


def served_case(db, make_case):
    case = make_case(fine_fen=500_000)
    return update_case(db, replace(get_case(db, case.id), status="served", filed_on="2026-01-20",
                                   notice_served_on="2026-02-10", decided_on="2026-02-26", served_on=SERVED),
                       allow_status_change=True)


def event(db, case, kind, starts_on):
    return record_clock_event(db, ClockEvent(case_id=case.id, kind=kind, starts_on=starts_on))


def step_refusal(db, case) -> str | None:
    return dict((t.name, why) for t, why in procedure.available(db, get_case(db, case.id)))["apply_enforcement"]


def document_refusal(db, case, demand: str, signed: str) -> str | None:
    return stage_refusal(db, get_case(db, case.id), "enforcement_application",
                         {**APPLICATION, "demand_served_on": demand, "signed_on": signed})


def test_after_a_reconsideration_the_step_counts_from_the_time_to_sue_after_it_as_the_document_does(
        db, make_case, on, english):
    case = served_case(db, make_case)
    # reconsideration applied for on 03-10, its decision received on Friday 03-20: fifteen days to sue end on
    # Saturday 04-04, in the 清明 holiday (04-04…06), so on Tuesday 04-07; T16 runs from Wednesday 04-08
    applied = event(db, case, "reconsideration", "2026-03-10")
    end_clock_event(db, applied.id, "2026-03-20")
    # 催告书 served Wednesday 04-15: its ten working days run until Wednesday 04-29
    event(db, case, "demand", "2026-04-15")
    [item] = enforcement.unpaid_parties(db, get_case(db, case.id))
    assert (item.remedy_end, item.earliest) == ("2026-04-07", "2026-04-30")  # not 09-02 and 09-03
    on("2026-04-20")
    assert "from 2026-04-30" in step_refusal(db, case)
    on("2026-05-06")
    assert step_refusal(db, case) is None
    with pytest.raises(TransitionRefused, match="only from 2026-04-30") as refused:
        procedure.apply(db, case.id, "apply_enforcement", on_date="2026-04-29")
    assert "challenge of the decision" in str(refused.value) and "2026-04-07" in str(refused.value)
    # the document refuses and allows the same days
    assert "date the application 2026-04-30 or later" in document_refusal(db, case, "2026-04-15", "2026-04-29")
    assert document_refusal(db, case, "2026-04-15", "2026-04-30") is None
    procedure.apply(db, case.id, "apply_enforcement", on_date="2026-04-30")
    assert enforcement.unpaid_parties(db, get_case(db, case.id))[0].applied_on == "2026-04-30"


def test_while_a_reconsideration_is_pending_the_step_is_refused_as_the_document_is(db, make_case, on, capsys,
                                                                                     data_dir, english):
    case = served_case(db, make_case)
    applied = event(db, case, "reconsideration", "2026-04-20")  # within the 60 days, still undecided
    # 催告书 served Monday 08-17: ten working days until Monday 08-31; six months after the service end on 09-02
    event(db, case, "demand", "2026-08-17")
    on("2026-09-10")
    refusal = step_refusal(db, case)
    assert refusal is not None and "recorded since 2026-04-20 has not ended" in refusal
    code, _out, err = run(capsys, "cases", "transition", case.case_number, "apply_enforcement", "--date",
                          "2026-09-03", "--data-dir", data_dir)
    assert code == 1 and "recorded since 2026-04-20 has not ended" in err
    assert "recorded since 2026-04-20 has not ended" in document_refusal(db, case, "2026-08-17", "2026-09-03")
    assert get_case(db, case.id).status == "served" and enforcement.unpaid_parties(db, case)[0].applied_on is None
    # closing waits as well, naming the pending reconsideration
    closing = dict((t.name, why) for t, why in procedure.available(db, get_case(db, case.id)))["close"]
    assert "recorded since 2026-04-20 has not ended" in closing
    # its decision received on Wednesday 09-30: fifteen days to sue end on Thursday 10-15, T16 runs from 10-16
    end_clock_event(db, applied.id, "2026-09-30")
    on("2026-10-20")
    with pytest.raises(TransitionRefused, match="only from 2026-10-16"):
        procedure.apply(db, case.id, "apply_enforcement", on_date="2026-10-15")
    assert "before 2026-10-16" in document_refusal(db, case, "2026-08-17", "2026-10-15")
    assert document_refusal(db, case, "2026-08-17", "2026-10-16") is None
    procedure.apply(db, case.id, "apply_enforcement", on_date="2026-10-16")
    assert procedure.apply(db, case.id, "close", on_date="2026-10-20").status == "closed"


def test_without_a_challenge_the_step_still_waits_for_the_six_months(db, make_case, on, english):
    case = served_case(db, make_case)
    event(db, case, "demand", "2026-08-17")
    [item] = enforcement.unpaid_parties(db, get_case(db, case.id))
    assert (item.remedy_end, item.earliest, item.moved) == ("2026-09-02", "2026-09-03", False)
    on("2026-09-10")
    with pytest.raises(TransitionRefused, match="time to apply for reconsideration or to sue, which runs until "
                                                "2026-09-02"):
        procedure.apply(db, case.id, "apply_enforcement", on_date="2026-09-02")
