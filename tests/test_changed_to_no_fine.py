"""A fine changed on reconsideration or in court to no fine at all (变更, e.g. to a warning alone): recorded with
``--fine 0`` or 0 in the dialog (kept in the outcome's ``no_fine``, m047), counted as nothing by the statistics, the case
list, its sort key and the amount owed; with nothing confiscated, nothing is left to pay: the payment clocks do not
apply, no demand, deferral, 催告书 or court enforcement, and the served case may be closed."""

from __future__ import annotations

import pytest

from tests.helpers import open_db, run, run_json
from tests.test_clock_challenges import by_clock, challenge, outcome, served_case, timeline_lines
from tests.test_sortmask_penalty_key import assert_sorted_right, key, listed, row_of
from workstation import clocks, procedure
from workstation.errors import TransitionRefused
from workstation.payments import owed
from workstation.records import ClockEvent
from workstation.stats import campaign_stats
from workstation.store import get_case
from workstation.store.clock_events import kind_refusal, record_clock_event


def changed_to_nothing(db, case, on="2026-08-03"):
    record_clock_event(db, challenge(case, "reconsideration", "2026-06-10"))
    record_clock_event(db, outcome(case, "challenge_changed", on, no_fine=True))


def test_the_command_line_records_a_fine_changed_to_none_and_everything_counts_nothing(
        db, data_dir, make_case, capsys, english):
    case = served_case(db, make_case)  # fined ¥50,000, served 06-01
    other = make_case(status="closed", fine_fen=900_000)
    assert listed(db)[:2] == [case.id, other.id]
    run_json(capsys, "cases", "transition", case.id, "reconsideration", "--date", "2026-06-10", "--data-dir", data_dir)
    code, _out, err = run(capsys, "cases", "transition", case.id, "challenge_changed", "--date", "2026-08-03",
                          "--number", "南府行复〔2026〕12号", "--fine", "-5", "--data-dir", data_dir)
    assert code == 1 and "--fine" in err
    code, _out, err = run(capsys, "cases", "transition", case.id, "challenge_changed", "--date", "2026-08-03",
                          "--number", "南府行复〔2026〕12号", "--fine", " ", "--data-dir", data_dir)
    assert code == 1 and "Give the fine as changed, in yuan (0: no fine at all)" in err
    assert campaign_stats(db)["fines_fen"] == 5_900_000
    changed = run_json(capsys, "cases", "transition", case.id, "challenge_changed", "--date", "2026-08-03",
                       "--number", "南府行复〔2026〕12号", "--fine", "0", "--data-dir", data_dir)
    assert (changed["event"], changed["fine_fen"]) == ("challenge_changed", 0)
    stored = db.execute("SELECT days, no_fine FROM clock_events WHERE case_id = ? AND kind = 'challenge_changed'",
                        [case.id]).fetchone()
    assert tuple(stored) == (0, 1)
    assert campaign_stats(db)["fines_fen"] == 900_000
    row = row_of(db, case.id)
    assert (row.penalties_fen, row.penalties_revoked_fen) == (0, 0)
    assert key(db, case.id) == 0 and listed(db)[:2] == [other.id, case.id]
    assert_sorted_right(db)
    rows = {r["id"]: r for r in run_json(capsys, "--data-dir", data_dir, "cases", "list")}
    assert rows[case.id]["penalties_fen"] == 0
    assert owed(db, get_case(db, case.id), "2026-12-01").total_fen == 0
    assert ("2026-08-03", "Reconsideration decision: penalty decision changed, changed to no fine (南府行复〔2026〕12号)") \
        in [(day, text) for day, text, _note in timeline_lines(db, case)]


def test_nothing_left_to_pay_stops_the_payment_clocks_and_the_enforcement_and_lets_the_case_close(
        db, make_case, english):
    case = served_case(db, make_case)
    changed_to_nothing(db, case)
    found = by_clock(db, case, "2026-12-01")
    for clock_id in ("T8", "T15", "T16"):
        [d] = found[clock_id]
        assert d.state == "not_applicable", clock_id
        assert "changed by a reconsideration decision or a court judgment to no fine" in d.calculation()
    assert not [d for d in clocks.board(db, on="2026-12-01") if d.case_id == case.id and d.clock in ("T8", "T16")]
    for kind in ("demand", "deferral"):
        assert kind_refusal(db, get_case(db, case.id), kind).startswith(
            "The penalty decision was changed on 2026-08-03 (南府行复〔2026〕12号) to no fine, and it confiscates "
            "nothing: nothing is left to pay")
    with pytest.raises(TransitionRefused, match="changed on 2026-08-03 .* to no fine"):
        procedure.apply(db, case.id, "apply_enforcement", on_date="2026-12-01")
    assert procedure.values_refusal(db, get_case(db, case.id), "performance_demand", {}) == (
        "The penalty decision was changed on 2026-08-03 (南府行复〔2026〕12号) to no fine, and it confiscates nothing: "
        "nothing is left to pay, so no 行政处罚决定履行催告书 is issued to enforce it.")
    assert procedure.apply(db, case.id, "close", on_date="2026-08-10").status == "closed"


def test_a_change_to_no_fine_leaves_the_confiscation_to_pay(db, make_case):
    from dataclasses import replace

    from workstation.store.cases import update_case

    case = served_case(db, make_case)
    case = update_case(db, replace(get_case(db, case.id), confiscated_fen=300_000))
    changed_to_nothing(db, case)
    found = by_clock(db, case, "2026-12-01")
    assert found["T8"][0].state != "not_applicable" and found["T16"][0].state != "not_applicable"
    owing = owed(db, get_case(db, case.id), "2026-08-04")  # paid after the change
    assert (owing.fine_fen, owing.total_fen) == (0, 300_000)
    assert kind_refusal(db, get_case(db, case.id), "deferral") is None
    with pytest.raises(TransitionRefused):  # the confiscation is still owed: the court first
        procedure.apply(db, case.id, "close", on_date="2026-08-10")


def test_a_later_change_with_a_fine_stands_instead_of_the_change_to_none(db, make_case):
    case = served_case(db, make_case)
    changed_to_nothing(db, case)
    record_clock_event(db, challenge(case, "litigation", "2026-08-20"))
    record_clock_event(db, outcome(case, "challenge_changed", "2026-10-09", "（2026）粤0605行初3号", days=200_000))
    assert campaign_stats(db)["fines_fen"] == 200_000
    assert by_clock(db, case, "2026-12-01")["T8"][0].state != "not_applicable"
    assert kind_refusal(db, get_case(db, case.id), "deferral") is None


def test_one_partys_fine_changed_to_none_leaves_it_nothing_to_pay_and_the_other_its_own(
        db, data_dir, make_case, english):
    from tests.test_multiparty12 import decided_case
    from workstation.party_decisions import paying_parties

    case, company, employee, _first, _second = decided_case(db, data_dir, make_case)  # ¥50,000 and ¥5,000
    procedure.apply(db, case.id, "serve_decision", on_date="2026-03-12", party_ids=(company, employee))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="reconsideration", starts_on="2026-04-01",
                                      party_id=employee))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="challenge_changed", starts_on="2026-05-20",
                                      party_id=employee, approved_by="南府行复〔2026〕12号", no_fine=True))
    assert campaign_stats(db)["fines_fen"] == 5_000_000
    assert [p.id for p in paying_parties(db, get_case(db, case.id))] == [company]
    t8 = [d for d in clocks.case_clocks(db, get_case(db, case.id), on="2026-06-01") if d.clock == "T8"]
    assert [d.party_id for d in t8] == [company]
    assert kind_refusal(db, get_case(db, case.id), "demand", employee).startswith(
        "The penalty decision was changed on 2026-05-20")
    # the company pays its ¥50,000: the case is performed, the employee owing nothing
    from workstation.payments import Payment

    performed = procedure.apply(db, case.id, "record_performance", on_date="2026-03-20", party_ids=(company,),
                                payment=Payment(paid_fen=5_000_000, voucher="4400261234567"))
    assert performed.status == "performed"


def test_the_transfer_letter_says_the_decision_was_changed_to_no_fine(db, make_case):
    from tests.test_police_after_decision import DATES, FACTS, letter_text

    case = make_case(status="served", filed_on="2026-01-05", facts=FACTS, records_other=6_000, fine_fen=5_000_000,
                     **DATES["served"])
    record_clock_event(db, ClockEvent(case_id=case.id, kind="reconsideration", starts_on="2026-03-10"))
    record_clock_event(db, ClockEvent(case_id=case.id, kind="challenge_changed", starts_on="2026-04-10",
                                      approved_by="南府行复〔2026〕12号", no_fine=True))
    text = letter_text(db, get_case(db, case.id))
    assert "该决定已于2026年4月10日经南府行复〔2026〕12号变更，不再处以罚款。" in text
    assert "尚未缴纳" not in text
    # no fine stands and no penalty transfer rules art. 11 lists (警告, 停产停业, 暂扣/吊销): it cites nothing of art. 11
    assert "不因移送停止执行" not in text and "折抵" not in text and "第十一条" not in text


@pytest.mark.gui
def test_the_outcome_dialog_takes_zero_as_no_fine_and_empty_as_the_fine_unchanged(db, make_case, prompts, qtbot,
                                                                                    english):
    from ui.case_clocks import ClockEventDialog

    case = served_case(db, make_case)
    record_clock_event(db, challenge(case, "litigation", "2026-07-01"))
    dialog = ClockEventDialog(db, get_case(db, case.id), prompts)
    qtbot.addWidget(dialog)
    dialog.kind.setCurrentIndex(dialog.kind.findData("challenge_changed"))
    dialog.starts_on.setDate(dialog.starts_on.date().fromString("2026-09-02", "yyyy-MM-dd"))
    dialog.approved_by.setText("（2026）粤0605行初12号")
    assert (dialog.current().days, dialog.current().no_fine) == (0, False)  # empty: the fine not changed
    dialog.fine.setText("0")
    assert (dialog.current().days, dialog.current().no_fine) == (0, True) and dialog.validate() == {}
    dialog.save()
    assert campaign_stats(db)["fines_fen"] == 0


def test_m047_adds_the_column_to_a_database_before_it_and_the_key_reads_it(db, data_dir, make_case):
    """A database of the version before m047 (no ``no_fine``, the sort key's triggers reading the fine changed only
    when above 0): opened, it gets the column and the triggers of today, which count a change to no fine as 0."""
    from workstation.store.sort_keys import _dropped_penalty_triggers, penalty_key_triggers

    case = served_case(db, make_case)
    with db.atomic():
        assert len(_dropped_penalty_triggers(db)) == len(penalty_key_triggers())  # each reads the column
        db.execute("ALTER TABLE clock_events DROP COLUMN no_fine")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm047_clock_event_no_fine'")
    db.conn.close()
    again = open_db(data_dir)
    try:
        stored = dict(again.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE "
                                    "'%penalty%'"))
        assert stored == {statement.split()[2]: statement for statement in penalty_key_triggers()}
        assert key(again, case.id) == 5_000_000
        changed_to_nothing(again, get_case(again, case.id))
        assert key(again, case.id) == 0
    finally:
        again.conn.close()


def test_a_change_to_no_fine_reaches_headquarters_with_the_bundle(station_and_hq_template, tmp_path, capsys):
    """The station records a served case's fine changed to none; headquarters, after merging its bundle, counts
    nothing for that case either (the outcome's ``no_fine`` travels with it)."""
    from tests.helpers import send_bundle, trusting_station_and_hq
    from workstation.penalty_terms import standing_amounts

    dirs = trusting_station_and_hq(station_and_hq_template(), tmp_path, capsys)
    station = open_db(dirs / "station")
    try:
        found = station.execute("SELECT id FROM cases WHERE status IN ('served', 'performed', 'closed') AND "
                                "fine_fen > 0 AND served_on IS NOT NULL ORDER BY id").fetchall()
        assert found, "the station's demo has a decided case with a fine"
        case = get_case(station, found[0][0])
        fine, confiscated = standing_amounts(station, case)
        assert fine > 0
        record_clock_event(station, ClockEvent(case_id=case.id, kind="reconsideration", starts_on=case.served_on))
        record_clock_event(station, ClockEvent(case_id=case.id, kind="challenge_changed", starts_on=case.served_on,
                                               approved_by="南府行复〔2026〕12号", no_fine=True))
        assert standing_amounts(station, case) == (0, confiscated)
    finally:
        station.conn.close()
    send_bundle(capsys, dirs, "changed.bundle")
    hq = open_db(dirs / "hq")
    try:
        assert hq.execute("SELECT no_fine FROM clock_events WHERE case_id = ? AND kind = 'challenge_changed'",
                          [case.id]).fetchone()[0] == 1
        assert standing_amounts(hq, get_case(hq, case.id)) == (0, confiscated)
        assert key(hq, case.id) == confiscated
    finally:
        hq.conn.close()


def changed_and_listed(db, warned, fined, applied_on: str, changed_on: str) -> None:
    """Both cases' fines changed to none on a reconsideration applied for on ``applied_on``: ``warned`` (a warning
    beside its fine) is found warned alone and lists 警告, ``fined`` (its fine alone) lists —; neither before."""
    from ui.case_model import PENALTY_COLUMN, CaseTableModel
    from workstation.penalty_terms import cases_warned_only
    from workstation.store import CaseFilter

    assert cases_warned_only(db, [warned.id, fined.id]) == set()
    for case in (warned, fined):
        record_clock_event(db, challenge(case, "reconsideration", applied_on))
        record_clock_event(db, outcome(case, "challenge_changed", changed_on, no_fine=True))
    assert cases_warned_only(db, [warned.id, fined.id]) == {warned.id}
    model = CaseTableModel(db)
    model.set_filter(CaseFilter())
    assert model.index(model.row_of(warned.id), PENALTY_COLUMN).data() == "warning"
    assert model.index(model.row_of(fined.id), PENALTY_COLUMN).data() == "—"


def test_a_warning_decided_beside_a_fine_changed_to_none_stands_alone_in_the_list_and_the_workspace(
        db, data_dir, make_case, make_window, english):
    from PySide6.QtWidgets import QLabel

    from tests.test_casenum_filing import FACTS
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import issue_document

    def decided(warning: bool):
        case = make_case(status="penalty_decided", filed_on="2026-03-02", notice_served_on="2026-03-16",
                         decided_on="2026-04-01", facts=FACTS)
        issue_document(db, data_dir, case, find_form("penalty_decision"),
                       {"party_address": "佛山市南海区桂城街道南海大道北1号", "warning": warning, "fine_fen": "5000",
                        "confiscated_fen": ""})
        procedure.apply(db, case.id, "serve_decision", on_date="2026-04-02")
        return case

    warned, fined = decided(True), decided(False)
    # the warning decided beside the fine stands alone; a fine decided alone and changed to none leaves nothing
    changed_and_listed(db, warned, fined, "2026-04-20", "2026-06-10")
    window = make_window(db)
    number = db.execute("SELECT number FROM documents WHERE case_id = ?", [warned.id]).fetchone()[0]
    workspace = window.open_case(warned.id)
    assert workspace.findChild(QLabel, "penalties_total").text() == (
        f"penalty: a warning ({number}); the fine of ¥5,000.00 was changed to none on the party's reconsideration "
        "or lawsuit")
    workspace = window.open_case(fined.id)
    assert workspace.findChild(QLabel, "penalties_total").text() == "¥0.00"
    assert workspace.findChild(QLabel, "fine").text() == (
        "¥0.00 (changed on the party's reconsideration or lawsuit from ¥5,000.00)")


def test_decided_outside_the_warning_proposed_with_a_fine_changed_to_none_stands_alone(
        db, data_dir, make_case, make_window, english):
    """A case decided on paper (no 行政处罚决定书 issued here) whose notice proposed a warning and a fine of ¥5,000: the
    fine changed to none on the party's reconsideration, the warning decided with it stands — 警告 in the list, as in
    the workspace; a whole case decided so whose notice proposed no warning lists —."""
    from dataclasses import replace

    from PySide6.QtWidgets import QLabel

    from tests.test_amounts_per_party_outside import _reviewed
    from workstation.documents.issuing import case_documents
    from workstation.store.cases import update_case

    def decided_outside(warning: bool):
        case = _reviewed(db, data_dir, make_case, warning=warning, fine_fen="5000")
        update_case(db, replace(case, fine_fen=500_000))  # the amount decided on paper, typed under 编辑案件…
        procedure.apply(db, case.id, "decide_penalty", on_date="2026-05-06")
        procedure.apply(db, case.id, "serve_decision", on_date="2026-05-08")
        return get_case(db, case.id)

    warned, fined = decided_outside(True), decided_outside(False)
    changed_and_listed(db, warned, fined, "2026-05-20", "2026-07-10")
    [notice] = [d for d in case_documents(db, warned.id) if d.form_id == "pre_penalty_notice"]
    window = make_window(db)
    assert window.open_case(warned.id).findChild(QLabel, "penalties_total").text() == (
        f"penalty: a warning (notice {notice.number}); the fine of ¥5,000.00 was changed to none on the party's "
        "reconsideration or lawsuit")
    assert window.open_case(fined.id).findChild(QLabel, "fine").text() == (
        "¥0.00 (changed on the party's reconsideration or lawsuit from ¥5,000.00)")
