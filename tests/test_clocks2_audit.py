"""Time limits and amounts an audit found shown wrong (REFERENCE §1.2): the hearing notice counted from the day it was
served, not the day it bears (T6); the case review met by the review's own sheet, not by the notice served after it
(T3); the application to the court checked against the T16 clock — after a reconsideration or lawsuit, and late —
not only against the service of the decision; and the case list showing the fine of a case decided not to penalise
as proposed (拟), as the statistics count none. Dates are worked by hand on the 2026 calendar."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt

from workstation import procedure
from workstation.store import CaseFilter

# ---- the case list: a closed case decided not to penalise shows its recorded fine as proposed (拟), muted


def test_a_closed_case_decided_not_to_penalise_lists_its_fine_as_proposed(db, make_case, english):
    from ui.case_model import PENALTY_COLUMN, CaseTableModel

    case = make_case(status="decision_pending", filed_on="2026-05-06", notice_served_on="2026-05-20",
                     fine_fen=300_000, confiscated_fen=50_000)
    procedure.apply(db, case.id, "decide_no_penalty", on_date="2026-06-01",
                    reason="违法行为轻微并及时改正，没有造成危害后果")
    procedure.apply(db, case.id, "close", on_date="2026-06-05")
    fined = make_case(status="closed", filed_on="2026-05-07", notice_served_on="2026-05-21", decided_on="2026-06-01",
                      served_on="2026-06-02", closed_on="2026-06-20", fine_fen=200_000)
    model = CaseTableModel(db)
    model.set_filter(CaseFilter(order_by="penalties_fen"))
    cells = {model.index(r, 0).data(Qt.ItemDataRole.UserRole + 1): model.index(r, PENALTY_COLUMN)
             for r in range(model.rowCount())}
    not_penalised, penalised = cells[case.id], cells[fined.id]
    assert not_penalised.data() == "proposed ¥3,500.00"
    assert not_penalised.data(Qt.ItemDataRole.ForegroundRole) is not None  # muted, as a notice's proposal
    assert not_penalised.data(Qt.ItemDataRole.ToolTipRole) == (
        "Recorded, but the case ended without a decision imposing it: the statistics do not count it")
    assert penalised.data() == "¥2,000.00" and penalised.data(Qt.ItemDataRole.ForegroundRole) is None
    # the 罚没金额 sort key (m043) counts the proposed ¥3,500 as the list sorts every 拟 amount: by what it shows
    assert [index.row() for index in (penalised, not_penalised)] == [0, 1]
    keys = dict(db.execute("SELECT id, penalty_sort FROM cases WHERE id IN (?, ?)", [case.id, fined.id]).fetchall())
    assert keys == {case.id: 350_000, fined.id: 200_000}


# ---- the 强制执行申请书 against T16: three months once the party can no longer challenge the decision

APPLICATION = {"decided_on": "2026-03-02", "decision_served_on": "2026-03-02", "unpaid_fen": "5000",
               "decision_no": "佛南市监处〔2026〕1号", "court": "佛山市南海区人民法院", "head_post": "局长",
               "attachments": "行政处罚决定书"}


def check(db, case, **values):
    """(refusal or None, warnings) of the 强制执行申请书 of ``case`` with ``values``, its 催告书 service recorded on
    the case on the day written (the application rests on a service recorded)."""
    from workstation.documents.stage_rules import stage_refusal, stage_warnings
    from workstation.records import ClockEvent
    from workstation.store import get_case
    from workstation.store.clock_events import record_clock_event

    day = values.get("demand_served_on")
    if day and not db.execute("SELECT 1 FROM clock_events WHERE case_id = ? AND kind = 'demand' AND starts_on = ?",
                              [case.id, day]).fetchone():
        record_clock_event(db, ClockEvent(case_id=case.id, kind="demand", starts_on=day))
    case = get_case(db, case.id)
    merged = {**APPLICATION, **values}
    return (stage_refusal(db, case, "enforcement_application", merged),
            stage_warnings(db, case, "enforcement_application", merged))


def test_an_application_later_than_the_three_months_of_t16_is_warned_of(db, make_case, english):
    case = make_case(status="served", filed_on="2026-01-05", decided_on="2026-03-02", served_on="2026-03-02",
                     fine_fen=500000)
    # served Monday 03-02: six months to sue run until Wednesday 09-02, then three months until Wednesday 12-02
    refused, warned = check(db, case, demand_served_on="2026-09-01", signed_on="2026-12-02")
    assert refused is None and not any("three months" in w for w in warned)
    refused, warned = check(db, case, demand_served_on="2026-09-01", signed_on="2026-12-03")
    assert refused is None
    assert any("2026-12-03" in w and "from 2026-09-03 until 2026-12-02" in w and "may refuse" in w for w in warned)


def test_the_application_counts_from_the_time_to_sue_after_a_reconsideration(db, make_case, english):
    from workstation.records import ClockEvent
    from workstation.store.clock_events import end_clock_event, record_clock_event

    case = make_case(status="served", filed_on="2026-01-05", decided_on="2026-03-02", served_on="2026-03-02",
                     fine_fen=500000)
    # the party applied for reconsideration on 03-10; pending, nothing may be applied for
    event = record_clock_event(db, ClockEvent(case_id=case.id, kind="reconsideration", starts_on="2026-03-10"))
    refused, _warned = check(db, case, demand_served_on="2026-04-15", signed_on="2026-09-07")
    assert "recorded since 2026-03-10 has not ended" in refused
    # the reconsideration decision received on Friday 03-20: fifteen days to sue run until Sunday 04-05, in the
    # 清明 holiday (04-04…06), so until Tuesday 04-07; the three months of T16 from Wednesday 04-08 until 07-07
    end_clock_event(db, event.id, "2026-03-20")
    # 催告书 served Wednesday 04-15: ten working days until Wednesday 04-29
    refused, warned = check(db, case, demand_served_on="2026-04-15", signed_on="2026-04-30")
    assert refused is None and not warned
    refused, _warned = check(db, case, demand_served_on="2026-03-20", signed_on="2026-04-07")
    assert "before 2026-04-08" in refused and "from 2026-04-08 until 2026-07-07" in refused
    refused, warned = check(db, case, demand_served_on="2026-04-15", signed_on="2026-07-08")
    assert refused is None and any("from 2026-04-08 until 2026-07-07" in w for w in warned)


# ---- T3: the case review met on the 审核日期 of its 案件审核表; without one, the notice served is no proof of lateness

FACTS = "当事人未经消费者同意，通过外呼平台向消费者拨打楼盘推销电话。"
REVIEW = {"facts_clear": "是", "evidence_sufficient": "是", "procedure_lawful": "是", "basis_correct": "是",
          "discretion_proper": "是", "opinion": "同意办案机构的处理意见。", "fine_fen": "200000"}


def deadline(db, case, clock: str, on: str):
    from workstation.clocks import case_clocks
    from workstation.store import get_case

    return next(d for d in case_clocks(db, get_case(db, case.id), on=on) if d.clock == clock)


def test_the_review_is_met_on_the_day_of_its_review_sheet_not_when_the_notice_was_served(db, data_dir, make_case,
                                                                                        english):
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import issue_document
    from workstation.store import get_case

    # sent to review on Monday 03-02: ten working days until Monday 03-16; the notice served only on Friday 03-20
    case = make_case(status="pre_notice", filed_on="2026-02-02", review_on="2026-03-02", notice_served_on="2026-03-20",
                     facts=FACTS)
    t3 = deadline(db, case, "T3", on="2026-03-23")
    assert (t3.due, t3.state, t3.done_on) == ("2026-03-16", "ended", None)  # not judged late: the review day unknown
    assert "does not show whether the review itself was late" in t3.calculation()
    issue_document(db, data_dir, get_case(db, case.id), find_form("legal_review"),
                   {**REVIEW, "reviewed_on": "2026-03-13"})
    t3 = deadline(db, case, "T3", on="2026-03-23")
    assert (t3.due, t3.state, t3.done_on) == ("2026-03-16", "met", "2026-03-13")
    assert "Met on the 审核日期 of the 案件审核表 (2026-03-13)." in t3.calculation()


def test_a_review_whose_sheet_is_not_issued_here_is_met_by_a_notice_served_in_time_and_says_so(db, make_case,
                                                                                                 english):
    case = make_case(status="pre_notice", filed_on="2026-02-02", review_on="2026-03-02", notice_served_on="2026-03-12",
                     facts=FACTS)
    t3 = deadline(db, case, "T3", on="2026-03-23")
    assert (t3.state, t3.done_on) == ("met", "2026-03-12")
    assert "counted as met on 2026-03-12, when the 行政处罚告知书 was served" in t3.calculation()


# ---- T6: the hearing notice received seven working days before the hearing, counted from its service


def hearing_case(db, data_dir, make_case):
    """A case whose party asked for a hearing, told by a 听证通知书 of Monday 04-27 of the hearing on Monday 05-11
    (recorded as held that day): seven working days before it, back over make-up Saturday 05-09 and 劳动节 (05-01…05),
    is Tuesday 04-28, T6's last day."""
    from tests.helpers import hearing_notice
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import issue_document
    from workstation.records import ClockEvent
    from workstation.store import get_case
    from workstation.store.clock_events import record_clock_event

    case = make_case(status="pre_notice", filed_on="2026-03-02", notice_served_on="2026-04-20", facts=FACTS)
    issue_document(db, data_dir, get_case(db, case.id), find_form("pre_penalty_notice"),
                   {"facts": FACTS, "issued_on": "2026-04-20", "fine_fen": "150000", "hearing_required": True})
    procedure.apply(db, case.id, "request_hearing", on_date="2026-04-21")
    notice = hearing_notice(db, data_dir, case, issued_on="2026-04-27", hearing_date="2026-05-11")
    record_clock_event(db, ClockEvent(case_id=case.id, kind="hearing_session", starts_on="2026-05-11"))
    return case, notice


def receipt(db, data_dir, case, document: str, served_on: str):
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import issue_document
    from workstation.store import get_case

    return issue_document(db, data_dir, get_case(db, case.id), find_form("delivery_receipt"),
                          {"served_document": document, "served_on": served_on, "place": "佛山市南海区桂城街道南海大道1号"})


def test_the_hearing_notice_counts_from_its_service_and_without_one_from_its_date_flagged(db, data_dir, make_case,
                                                                                          english):
    case, notice = hearing_case(db, data_dir, make_case)
    t6 = deadline(db, case, "T6", on="2026-05-11")
    assert (t6.due, t6.state, t6.done_on) == ("2026-04-28", "met", "2026-04-27")
    assert f"The service of the 听证通知书 {notice.number} is not recorded: counted from its 通知日期 2026-04-27" in \
        t6.calculation()
    # a 送达回证 for another document changes nothing; the notice's own, served Thursday 04-30, is two days late
    receipt(db, data_dir, case, "行政处罚告知书", "2026-04-21")
    assert deadline(db, case, "T6", on="2026-05-11").done_on == "2026-04-27"
    receipt(db, data_dir, case, f"行政处罚听证通知书 {notice.number}", "2026-04-30")
    t6 = deadline(db, case, "T6", on="2026-05-11")
    assert (t6.due, t6.state, t6.done_on) == ("2026-04-28", "late", "2026-04-30")
    assert f"The 听证通知书 {notice.number} was served on 2026-04-30 (its 送达回证)." in t6.calculation()


def test_the_hearing_is_not_concluded_when_its_notice_was_served_too_late(db, data_dir, make_case, english):
    from workstation.errors import TransitionRefused
    from workstation.store import get_case

    case, notice = hearing_case(db, data_dir, make_case)
    receipt(db, data_dir, case, f"行政处罚听证通知书 {notice.number}", "2026-04-30")
    # served Thursday 04-30: seven working days on, over 劳动节 and counting make-up Saturday 05-09, is Wednesday 05-13
    refused = procedure.hearing_notice_refusal(db, get_case(db, case.id), "2026-05-11")
    assert refused == (
        f"The 听证通知书 {notice.number} was served on 2026-04-30, and the hearing was held on 2026-05-11: the party is "
        "told of the hearing's time and place at least 7 working days before it (Penalty Law arts. 64 (2), 85), so "
        "the hearing could be held on 2026-05-13 at the earliest (record that day as “Hearing held”).")
    with pytest.raises(TransitionRefused):
        procedure.apply(db, case.id, "conclude_hearing", on_date="2026-05-11")
    assert get_case(db, case.id).status == "hearing"


def test_a_receipt_of_the_hearing_notice_served_too_late_is_warned_of(db, data_dir, make_case, english):
    from workstation.documents.stage_rules import stage_warnings
    from workstation.store import get_case

    case, notice = hearing_case(db, data_dir, make_case)
    document = f"行政处罚听证通知书 {notice.number}"
    assert stage_warnings(db, get_case(db, case.id), "delivery_receipt",
                          {"served_document": document, "served_on": "2026-04-28"}) == []
    warned = stage_warnings(db, get_case(db, case.id), "delivery_receipt",
                            {"served_document": document, "served_on": "2026-04-30"})
    assert warned == [f"Served on 2026-04-30, the 听证通知书 {notice.number} reaches the party less than seven working "
                      "days before the hearing it sets on 2026-05-11 (行政处罚法 art. 64): the party is not told in "
                      "time. Set the hearing on 2026-05-13 or later with a corrected 听证通知书, and serve that one."]
