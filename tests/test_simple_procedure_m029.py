# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""The simple procedure (简易程序 / 当场处罚, REFERENCE §1.3; Penalty Law arts. 51, 52): the step “当场处罚”
(``decide_on_the_spot``) takes a case awaiting its filing, with its issued 当场行政处罚决定书, straight to 已送达 with
the decision's day as decided_on and served_on and its fine, marking it as decided under the simple procedure (m029,
``cases.procedure_kind``); T31 (备案) runs from the decision and is met by 已报备案, T2 never starts, T11 does not
apply (复议前置); the statistics count the case and its fine and say how many were decided so; bundles carry the
column and an older bundle without it still merges. A case decided on the spot with no officers assigned prints on its
结案审批表 the officers its decision names; a sheet naming no officer leaves blanks to write in, never a lone 、."""

from __future__ import annotations

import pytest

from tests.helpers import run
from tests.test_bundle_common_base import new_case_column_travels
from tests.test_bundle_hq import dirs, template  # noqa: F401
from workstation import clocks, procedure
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.errors import TransitionRefused
from workstation.records import ClockEvent
from workstation.stats import campaign_stats
from workstation.store import find_case, get_case
from workstation.store.clock_events import record_clock_event

DECIDED = "2026-03-10"
PLACE = "佛山市南海区桂城街道南海大道北281号"
FACTS = "经查，当事人于2026年3月10日在门店向消费者发送商业性短信，未经消费者同意。"


def fresh_serial(db) -> str:
    """No.0012345 for a database's first 当场行政处罚决定书, the next numbers after it: a pre-printed 编号 is used once."""
    used = db.execute("SELECT COUNT(*) FROM documents WHERE form_id = 'on_the_spot_decision'").fetchone()[0]
    return f"No.{12345 + used:07d}"


def _issue(db, data_dir, case, fine="200", serial=None, **more):
    return issue_document(db, data_dir, case, find_form("on_the_spot_decision"),
                          {"serial_no": serial or fresh_serial(db), "fine_fen": fine, "decided_at": f"{DECIDED} 09:30",
                           "party_address": PLACE, "place": PLACE, "facts": FACTS, **more})


def _decided(db, data_dir, make_case, fine="200"):
    case = make_case()
    _issue(db, data_dir, case, fine, **({} if fine else {"warning": True}))  # no fine: a warning alone, ticked
    return procedure.apply(db, case.id, "decide_on_the_spot")


def _clock(db, case, clock_id, on):
    return next((d for d in clocks.case_clocks(db, get_case(db, case.id), on=on) if d.rule.id == clock_id), None)


# ---- the step -----------------------------------------------------------------------------------------------------

def test_a_case_decided_on_the_spot_is_served_with_the_decisions_day_and_fine_and_is_closed_as_usual(
        db, data_dir, make_case):
    case = _decided(db, data_dir, make_case)
    assert (case.status, case.decided_on, case.served_on, case.fine_fen) == ("served", DECIDED, DECIDED, 20_000)
    assert (case.procedure_kind, case.filed_on) == ("simple", None)
    event = db.execute("SELECT from_status, to_status, on_date FROM case_events WHERE case_id = ? AND kind = "
                       "'transition'", [case.id]).fetchall()
    assert event == [("pending_filing", "served", DECIDED)]
    assert procedure.apply(db, case.id, "record_performance", on_date="2026-03-12").status == "performed"
    closed = procedure.apply(db, case.id, "close", on_date="2026-03-13")
    assert (closed.status, closed.closed_on, closed.fine_fen) == ("closed", "2026-03-13", 20_000)


def test_without_the_issued_decision_the_step_is_refused_and_nothing_changes(db, make_case, english):
    case = make_case()
    message = ("No 当场行政处罚决定书 was issued in this case: issue it first with the serial printed on the form, "
               "then record “On-the-spot penalty” (Penalty Law arts. 51, 52).")
    assert dict((t.name, why) for t, why in procedure.available(db, case))["decide_on_the_spot"] == message
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "decide_on_the_spot", on_date=DECIDED)
    assert str(refused.value) == message
    stored = get_case(db, case.id)
    assert (stored.status, stored.decided_on, stored.procedure_kind, stored.version) == ("pending_filing", None,
                                                                                           None, case.version)


def test_a_voided_decision_does_not_count_and_another_day_is_refused(db, data_dir, make_case, english):
    from workstation.documents.issuing import void_document

    case = make_case()
    issued = _issue(db, data_dir, case)
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "decide_on_the_spot", on_date="2026-03-11")
    assert str(refused.value) == ("The 当场行政处罚决定书 No.0012345 is dated 2026-03-10: it was decided and handed "
                                  "over on the spot that day, so record “On-the-spot penalty” with 2026-03-10.")
    void_document(db, issued.id, "编号填错")
    with pytest.raises(TransitionRefused, match="No 当场行政处罚决定书 was issued"):
        procedure.apply(db, case.id, "decide_on_the_spot")
    assert get_case(db, case.id).status == "pending_filing"


def test_a_fine_above_the_cap_of_the_partys_class_is_refused(db, data_dir, make_case, english):
    case = make_case()
    _issue(db, data_dir, case, fine="3000")  # the company's cap
    # the party turns out to be a natural person (its kind corrected after the decision was issued): ¥200 at most
    db.execute("UPDATE parties SET kind = 'person' WHERE id = ?", [case.party_ids[0]])
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "decide_on_the_spot")
    assert str(refused.value) == ("The 当场行政处罚决定书 No.0012345 imposes a fine of ¥3,000.00, above the "
                                  "simple-procedure limit of ¥200.00 for this party (Natural person; Penalty Law art. 51): "
                                  "void it and decide the case under the ordinary procedure.")
    assert get_case(db, case.id).status == "pending_filing"


def test_a_decision_imposing_neither_a_warning_nor_a_fine_is_not_issued(db, data_dir, make_case, english):
    # Penalty Law art. 51: the simple procedure imposes a warning or a small fine; a sheet with neither printed
    # 当场作出如下行政处罚： and nothing after, and the case was then recorded as decided on the spot
    from workstation.documents.issuing import case_documents
    from workstation.errors import ValidationError

    case = make_case()
    with pytest.raises(ValidationError) as refused:
        issue_document(db, data_dir, case, find_form("on_the_spot_decision"),
                       {"serial_no": "No.0012345", "warning": False, "fine_fen": "", "decided_at": f"{DECIDED} 09:30",
                        "party_address": PLACE, "place": PLACE, "facts": FACTS})
    assert list(refused.value.errors) == ["Penalty"]
    assert "警告、罚款（元）" in refused.value.errors["Penalty"]
    assert case_documents(db, case.id) == []
    with pytest.raises(TransitionRefused, match="No 当场行政处罚决定书 was issued"):
        procedure.apply(db, case.id, "decide_on_the_spot", on_date=DECIDED)


def test_a_decision_issued_without_a_penalty_before_the_rule_is_refused_by_the_step(db, data_dir, make_case,
                                                                                   english):
    from dataclasses import replace

    case = make_case()
    earlier = replace(find_form("on_the_spot_decision"), required_any=())  # as version 4 issued it
    issue_document(db, data_dir, case, earlier, {"serial_no": "No.0012345", "warning": False, "fine_fen": "",
                                                 "decided_at": f"{DECIDED} 09:30", "party_address": PLACE,
                                                 "place": PLACE, "facts": FACTS})
    message = ("The 当场行政处罚决定书 No.0012345 imposes neither a warning nor a fine: void it, and issue one "
               "with the penalty decided on the spot (Penalty Law art. 51).")
    assert dict((t.name, why) for t, why in procedure.available(db, case))["decide_on_the_spot"] == message
    with pytest.raises(TransitionRefused) as refused:
        procedure.apply(db, case.id, "decide_on_the_spot", on_date=DECIDED)
    assert str(refused.value) == message
    assert (get_case(db, case.id).status, get_case(db, case.id).procedure_kind) == ("pending_filing", None)


# ---- the clocks ---------------------------------------------------------------------------------------------------

def test_t31_runs_three_days_from_the_decision_and_is_met_by_the_filing_with_the_bureau(db, data_dir, make_case):
    case = _decided(db, data_dir, make_case)
    t31 = _clock(db, case, "T31", "2026-03-11")
    assert (t31.state, t31.due) == ("due_soon", "2026-03-13") and "未确认" in t31.rule.unconfirmed
    assert _clock(db, case, "T31", "2026-03-14").state == "overdue"
    on_board = {d.rule.id: d for d in clocks.board(db, on="2026-03-11") if d.case_id == case.id}
    assert on_board["T31"].due == "2026-03-13" and on_board["T16"].state == "open" and "T2" not in on_board
    record_clock_event(db, ClockEvent(case_id=case.id, kind="bureau_filing", starts_on="2026-03-12"))
    met = _clock(db, case, "T31", "2026-03-20")
    assert (met.state, met.done_on) == ("met", "2026-03-12")
    assert _clock(db, case, "T2", "2026-03-11") is None  # never filed: no 90-day limit of the ordinary procedure
    assert _clock(db, case, "T4", "2026-03-11") is None
    assert (_clock(db, case, "T8", "2026-03-11").due, _clock(db, case, "T10", "2026-03-11").due) == ("2026-03-25",
                                                                                                     "2026-05-09")
    t11 = _clock(db, case, "T11", "2026-03-11")
    assert t11.state == "not_applicable" and "复议前置" in dict(t11.detail)["not_applicable"]
    # no direct suit: court enforcement counts from the end of the reconsideration period (T10), not from T11
    t16 = _clock(db, case, "T16", "2026-03-11")
    assert (t16.state, t16.start, t16.due) == ("open", "2026-05-09", "2026-08-09")
    assert "T10" in clocks.start_label(t16.rule, t16.start_what)


def test_a_decision_made_on_the_spot_is_neither_published_nor_served_later(db, data_dir, make_case, english):
    # REFERENCE §1.9: only ordinary-procedure decisions are published (T18, and so no T19 withdrawal); §1.3 and
    # Penalty Law art. 52: the decision is handed over on the spot, so T7 (service within 7 wd) does not apply
    fined = _decided(db, data_dir, make_case, fine="200")
    warned = _decided(db, data_dir, make_case, fine="")
    for case in (fined, warned):
        shown = {d.rule.id: d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-03-11")}
        assert shown["T18"].state == "not_applicable" and shown["T18"].due is None
        assert "decided on the spot under the simple procedure is not published" in shown["T18"].calculation()
        assert shown["T7"].state == "not_applicable" and shown["T7"].done_on is None
        assert shown["T7"].calculation().startswith("Does not apply to this case: A penalty decision made on the "
                                                    "spot was handed to the party")
        assert "T19" not in shown
    on_board = {(d.case_id, d.rule.id) for d in clocks.board(db, on="2026-03-11")}
    assert (fined.id, "T31") in on_board and (fined.id, "T18") not in on_board
    assert not {(fined.id, "T7"), (warned.id, "T7"), (warned.id, "T18")} & on_board


def test_an_ordinary_case_has_no_t31(db, make_case):
    from dataclasses import replace

    from workstation.store.cases import update_case

    case = make_case(status="investigating", filed_on="2026-03-01")
    db.execute("UPDATE cases SET status = 'served', decided_on = ?, served_on = ? WHERE id = ?",
               [DECIDED, DECIDED, case.id])
    update_case(db, replace(get_case(db, case.id), fine_fen=20_000), allow_status_change=True)
    assert _clock(db, case, "T31", "2026-03-11") is None
    assert _clock(db, case, "T11", "2026-03-11").state == "open"


# ---- the statistics -----------------------------------------------------------------------------------------------

def test_the_statistics_count_the_cases_decided_on_the_spot_and_their_fines(db, data_dir, make_case):
    before = campaign_stats(db)
    _decided(db, data_dir, make_case, fine="200")
    _decided(db, data_dir, make_case, fine="")  # a warning alone
    make_case()  # awaiting its filing: not counted
    stats = campaign_stats(db)
    # recounted from the raw tables
    simple = db.execute("SELECT COUNT(*), COALESCE(SUM(fine_fen), 0) FROM cases WHERE procedure_kind = 'simple' "
                        "AND status = 'served' AND decided_on = ? AND filed_on IS NULL", [DECIDED]).fetchone()
    assert simple == (2, 20_000)
    assert stats["cases"]["total"] == before["cases"]["total"] + 2
    assert stats["fines_fen"] == before["fines_fen"] + 20_000
    assert (stats["cases"]["simple_procedure"], stats["cases"]["simple_fines_fen"]) == simple
    assert stats["cases"]["by_status"]["served"] == before["cases"]["by_status"].get("served", 0) + 2


def test_a_case_decided_on_the_spot_counts_on_the_day_of_its_decision_not_of_its_entry(db, data_dir, make_case):
    from workstation.stats import monthly

    case = _decided(db, data_dir, make_case, fine="200")
    entered = db.execute("SELECT substr(created_at, 1, 10) FROM cases WHERE id = ?", [case.id]).fetchone()[0]
    assert entered[:7] != DECIDED[:7]  # entered (today) in another month than the decision's
    march = campaign_stats(db, None, "2026-03-01", "2026-03-31")["cases"]
    assert (march["total"], march["simple_procedure"], march["simple_fines_fen"]) == (1, 1, 20_000)
    assert campaign_stats(db, None, entered, entered)["cases"]["total"] == 0
    assert {m["month"]: m["cases"] for m in monthly(db) if m["cases"]} == {"2026-03": 1}


def test_the_report_says_how_many_cases_were_decided_on_the_spot(db, data_dir, make_case):
    from workstation.reports.text import _cases

    _decided(db, data_dir, make_case, fine="200")
    text = "".join(_cases(campaign_stats(db)))
    assert "其中适用简易程序当场处罚1件，罚款200元" in text
    from workstation.stats_export import statistics_rows

    overview = {name: value for group, _item, name, value in statistics_rows(db) if group == "概况"}
    assert (overview["其中简易程序（件）"], overview["简易程序罚款（元）"]) == (1, 200)


# ---- the command line ---------------------------------------------------------------------------------------------

def test_the_command_line_records_the_step(capsys, db, data_dir, make_case):
    case = make_case()
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.id,
                          "decide_on_the_spot")
    assert code != 0 and "当场行政处罚决定书" in err
    _issue(db, data_dir, case)
    code, _out, err = run(capsys, "--data-dir", data_dir, "cases", "transition", case.id,
                          "decide_on_the_spot")
    assert code == 0, err
    stored = get_case(db, case.id)
    assert (stored.status, stored.decided_on, stored.served_on, stored.procedure_kind) == ("served", DECIDED,
                                                                                            DECIDED, "simple")


# ---- bundles ------------------------------------------------------------------------------------------------------

def test_a_bundle_carries_the_procedure_and_an_older_one_without_it_merges(capsys, dirs):
    new_case_column_travels(capsys, dirs, "m029_procedure_kind", "procedure_kind", "simple")


def test_find_case_reads_the_procedure(db, data_dir, make_case):
    case = _decided(db, data_dir, make_case)
    assert case.case_number == ""  # decided on the spot, never filed: no 立 number (REFERENCE §3.1)
    assert find_case(db, case.id).procedure_kind == "simple"


# ---- the case workspace -------------------------------------------------------------------------------------------

@pytest.mark.gui
def test_the_workspace_greys_the_step_until_the_decision_is_issued_then_records_it_on_its_day(
        db, data_dir, make_case, make_window, english):
    from tests.test_filing_proposal_dialog import ok_button, run_action

    case = make_case()
    window = make_window(db)
    workspace = window.open_case(case.id)
    button = workspace.action_buttons["decide_on_the_spot"]
    assert not button.isEnabled() and button.toolTip().startswith("No 当场行政处罚决定书 was issued in this case")
    _issue(db, data_dir, case)
    workspace = window.open_case(case.id)
    workspace.reload()
    assert workspace.action_buttons["decide_on_the_spot"].isEnabled()
    seen = {}

    def accept(dialog):
        seen["date"], seen["info"] = dialog.date.date().toString("yyyy-MM-dd"), dialog.info.text()
        ok_button(dialog).click()

    run_action(workspace, "decide_on_the_spot", accept)
    assert seen["date"] == DECIDED and "No.0012345" in seen["info"]
    stored = get_case(db, case.id)
    assert (stored.status, stored.served_on, stored.procedure_kind) == ("served", DECIDED, "simple")
    from PySide6.QtWidgets import QLabel

    shown = window.open_case(case.id).findChild(QLabel, "procedure_kind")
    assert shown is not None and shown.text() == "Simple procedure (decided on the spot)"


def test_the_filing_with_the_bureau_cannot_be_dated_before_the_decision(db, data_dir, make_case, english):
    from workstation.errors import ValidationError

    case = _decided(db, data_dir, make_case)
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, ClockEvent(case_id=case.id, kind="bureau_filing", starts_on="2026-03-09"))
    assert refused.value.errors == {"starts_on": "This cannot be dated before the on-the-spot decision (2026-03-10)."}


def test_no_publication_can_be_recorded_for_a_decision_made_on_the_spot(db, data_dir, make_case, english):
    from workstation.errors import ValidationError

    case = _decided(db, data_dir, make_case)
    with pytest.raises(ValidationError) as refused:
        record_clock_event(db, ClockEvent(case_id=case.id, kind="publication", starts_on="2026-03-12"))
    assert refused.value.errors == {"kind": "A decision made on the spot under the simple procedure is not published "
                                            "(市场监督管理行政处罚信息公示规定 art. 2): there is no publication to "
                                            "record in this case."}
    assert db.execute("SELECT COUNT(*) FROM clock_events WHERE case_id = ?", [case.id]).fetchone() == (0,)


# ---- the officers of a case decided on the spot -------------------------------------------------------------------

#: the officers who decided on the spot, typed on the 当场行政处罚决定书 of a case with none assigned
SPOT_OFFICERS = {"officer1_name": "李明", "officer1_cert": "44060512009", "officer2_name": "王芳",
                 "officer2_cert": "44060512010"}


def test_the_closing_approval_names_the_officers_of_the_decision_made_on_the_spot(db, data_dir, make_case):
    from tests.helpers import pdf_text
    from workstation.documents.drafts import draft_document, render_document

    case = make_case(officer_names=())
    _issue(db, data_dir, case, **SPOT_OFFICERS)
    procedure.apply(db, case.id, "decide_on_the_spot")
    procedure.apply(db, case.id, "record_performance", on_date="2026-03-12")
    draft = draft_document(db, get_case(db, case.id), find_form("closing_approval"), {}, blanks=[])
    assert "办案人员：李明、王芳" in pdf_text(render_document(draft, "pdf").data)
    issued = issue_document(db, data_dir, get_case(db, case.id), find_form("closing_approval"), {})
    assert (issued.values["officer1"], issued.values["officer2"]) == ("李明", "王芳")


@pytest.mark.parametrize("form_id", ["closing_approval", "decision_approval", "matter_approval",
                                     "service_address_confirmation", "early_disposal_confirmation",
                                     "seized_items_list"])
def test_a_sheet_naming_no_officer_leaves_blanks_to_write_in_never_a_lone_pause(db, make_case, form_id):
    from tests.helpers import pdf_text
    from workstation.documents.drafts import draft_document, render_document

    case = make_case(status="investigating", filed_on="2026-03-02", officer_names=())
    draft = draft_document(db, case, find_form(form_id), {}, blanks=[])
    text = pdf_text(render_document(draft, "pdf").data)
    assert "＿＿＿＿、＿＿＿＿" in text
    assert "：、" not in text and "员、" not in text
