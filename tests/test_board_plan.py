"""The deadline board's plan per case status (``clocks._plan``): the clocks of events that a case cannot show on
the board are not evaluated at all (outside their statuses, or without any event to start them), and leaving them
out changes no deadline, on the board or on the case."""

import datetime as dt
import itertools

import pytest

from workstation import clocks
from workstation.workdays import default_calendar


def ids(plan):
    return [item[0].id for item in plan]


def test_the_board_plan_leaves_out_event_clocks_outside_their_statuses_and_without_events():
    # a case under investigation without clock events: only its case limit; T27's "missing" stays for a case
    # imported as transferred to the police without the step (no event either)
    assert ids(clocks._plan("investigating", True, False)) == ["T2"]
    assert "T27" in ids(clocks._plan("transferred_police", True, False))
    served = ids(clocks._plan("served", True, True))
    assert {"T13", "T14", "T15", "T19", "T25", "T29", "T30"} <= set(served)
    # the hearing notice (T6) runs only in its own status; the transfer clocks also in a decided case, which keeps
    # its status when transferred after its decision (workstation/decided_transfer.py)
    assert "T6" not in served and {"T26", "T27", "T28", "T28b", "T28c"} <= set(served)
    assert not {"T26", "T27", "T28", "T28b", "T28c"} & set(ids(clocks._plan("closed", True, True)))
    # off the board every clock of the case is counted
    assert {"T6", "T27", "T10", "T12"} <= set(ids(clocks._plan("served", False, True)))


def _every_event_clock(status: str, board: bool, events: bool = True) -> tuple:
    """The plan without the shortcuts: every event's clock in every status, whether or not the case has events."""
    plan = []
    for r in clocks.rules():
        kind = r.start_kind
        if kind == clocks.LEAD_START:
            continue
        if board and kind not in ("event", "end") and status not in r.running:
            continue
        if board and not r.board and r.id not in clocks._referenced():
            continue
        plan.append((r, kind, r.start_index, r.done_index, r.done_events, r.board or not board, r.start_ref))
    return tuple(plan)


def _event(n: int, kind: str, start: str, end: str | None = None, *, clock: str = "", days: int = 0,
           party: str = "") -> clocks.EventFacts:
    first = dt.date.fromisoformat(start).toordinal()
    last = dt.date.fromisoformat(end).toordinal() if end else None
    return clocks.EventFacts(f"e{n}", kind, clock, first, last, days, start if days else None,
                             "局长" if days else "", party)


EVENT_SETS = (
    (),
    (("suspension", "2026-04-01", None),),
    (("testing", "2026-04-01", "2026-04-20"), ("extension", "2026-05-20", None, "T2", 30)),
    (("hearing_session", "2026-06-20", None),),
    (("seizure", "2026-03-12", None), ("extension", "2026-04-05", None, "T14", 30)),
    (("transferred_police", "2026-05-04", None),),
    (("transferred_police", "2026-05-04", None), ("police_refused", "2026-05-06", None),
     ("police_review_requested", "2026-05-08", None), ("police_review_upheld", "2026-05-12", None)),
    (("police_filed", "2026-05-04", None),),
    (("transfer_report", "2026-04-28", None), ("transfer_approved", "2026-04-30", None)),
    (("reconsideration", "2026-07-01", "2026-08-20", "", 0, "p1"), ("litigation", "2026-09-01", None)),
    (("publication", "2026-06-10", None), ("decision_changed", "2026-06-20", None)),
    (("deferral", "2026-07-05", "2026-10-01"), ("announcement", "2026-04-03", "2026-04-30")),
    (("preservation", "2026-03-20", None), ("demand", "2026-05-05", None)),
)
DATES = (("2026-02-20", "2026-03-02", "2026-04-20", "2026-05-06", "2026-06-15", "2026-06-18"),
         ("2026-02-20", "2026-03-02", None, None, None, None))
STATUSES = sorted(set().union(*(r.running for r in clocks.rules())) | set(clocks.DECIDED_STATUSES)
                  | {"pending_filing", "transferred_police", "terminated"})
FACTS = (frozenset(), frozenset({"warning_only"}), frozenset({"no_penalty"}), frozenset({"simple_procedure"}))


def _dump(deadlines):
    return [(d.as_dict(), d.detail, d.event_id, d.state_label) for d in deadlines]


@pytest.mark.parametrize("board", [True, False])
def test_leaving_out_clocks_that_cannot_show_changes_no_deadline(monkeypatch, board):
    engine = clocks._Engine(default_calendar(), dt.date(2026, 6, 25).toordinal())
    cases = []
    for n, (status, spec, dates, facts) in enumerate(itertools.product(STATUSES, EVENT_SETS, DATES, FACTS)):
        events = [_event(i, *item[:3], **dict(zip(("clock", "days", "party"), item[3:], strict=False)))
                  for i, item in enumerate(spec)]
        cases.append((f"c{n}", f"号{n}", status, dates, events, facts))

    def count_all():
        return [_dump(engine.case_deadlines(case_id, number, status, dates, events, board=board, facts=facts))
                for case_id, number, status, dates, events, facts in cases]

    planned = count_all()
    monkeypatch.setattr(clocks, "_plan", _every_event_clock)
    reference = count_all()
    assert planned == reference
    # the grid reaches the clocks the plan leaves out: T27's missing day, the police's answer, a hearing notice
    shown = {d["clock"] for case in reference for d, *_ in case}
    assert {"T2", "T6", "T14", "T19", "T26", "T27", "T28c", "T29"} <= shown


def test_the_board_holds_off_the_garbage_collector_while_it_counts_and_resumes_it(db, make_case):
    import gc

    make_case(lead_received_on="2026-03-02")
    seen = []
    deadlines = clocks.board(db, on="2026-03-05", progress=lambda done, total, text: seen.append(gc.isenabled()))
    assert [d.clock for d in deadlines] == ["T1"]
    assert seen and not any(seen)  # no full collection walks the deadlines counted so far
    assert gc.isenabled()
