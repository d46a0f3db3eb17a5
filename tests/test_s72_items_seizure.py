"""From an audit of seizures and the goods they hold: a partial release does not tell the officer to end the seizure
on the command line, and names what is still held; a seizure or preservation whose document still holds goods is not
ended without the officer's word (`clocks end --despite-held`); the 涉案物品处理记录 is held to the goods the case
still holds, and its booking spreads over the documents holding them; an extension issued as a document caps T14
at the date it told the party, testing begun before it moving it no further."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tests.helpers import open_db, run
from workstation.clocks import case_clocks
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document
from workstation.errors import ValidationError, WorkstationError
from workstation.formkit.measures import still_held
from workstation.records import ClockEvent
from workstation.store import find_case, get_case
from workstation.store.clock_events import end_clock_event, get_clock_event, record_clock_event

CASE = "佛南市监立〔2026〕9号"  # demo: investigating, filed 2026-11-10
BASIS = "《中华人民共和国个人信息保护法》第六十三条第一款第（四）项"
SEIZED = "1 | 台式计算机（存有客户名单） | 戴尔OptiPlex 3000 | 2台 | 主机\n2 | 移动硬盘 | 西部数据 1TB | 3个 | "
DECIDED = "2026-11-20"
REASON = {"reason": "其他不再需要采取查封、扣押措施的情形", "reason_detail": "测试"}


@pytest.fixture
def case(demo_db):
    return find_case(demo_db, CASE)


def _decide(db, data_dir, case, items=SEIZED):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("compulsory_measure_decision"),
                          {"legal_basis": BASIS, "measure": "扣押", "objects": "财物", "reason": "涉嫌违法",
                           "items": items, "decided_on": DECIDED})


def _release(db, data_dir, case, number, items):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("compulsory_measure_release"),
                          {"decision_no": number, "items": items, "released_on": "2026-11-25",
                           "signed_on": "2026-11-25", **REASON})


def _dispose(db, data_dir, case, items, method="退还当事人"):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("items_disposal_record"),
                          {"basis": "解除决定", "items": items, "method": method, "time_from": "2026-11-26 09:30"})


def _refused(call, *args, **kwargs) -> str:
    with pytest.raises(WorkstationError) as raised:
        call(*args, **kwargs)
    if isinstance(raised.value, ValidationError):
        return " ".join(raised.value.errors.values())
    return raised.value.message


# ---- 1. a partial release leaves the seizure running ---------------------------------------------------------------

def test_a_partial_release_on_the_command_line_names_what_is_held_and_no_clocks_end(demo_db, data_dir, case, capsys,
                                                                                   english, tmp_path):
    decision = _decide(demo_db, data_dir, case)
    event = record_clock_event(demo_db, ClockEvent(case_id=case.id, kind="seizure", starts_on=DECIDED))
    demo_db.conn.close()
    values = tmp_path / "v.json"
    values.write_text(json.dumps({"decision_no": decision.number, "items": "1 | 移动硬盘 | 西部数据 1TB | 1个 | ",
                                  "released_on": "2026-11-25", "signed_on": "2026-11-25", **REASON},
                                 ensure_ascii=False), encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", CASE, "--form",
                          "compulsory_measure_release", "--values", values, "-o", tmp_path / "r.pdf")
    assert code == 0, err
    assert "clocks end" not in err, err
    assert "only part" in err and decision.number in err and "移动硬盘（西部数据 1TB）2个" in err \
        and "台式计算机" in err, err
    # following the old hint is refused now, naming what is held and how to go on
    code, _out, err = run(capsys, "--data-dir", data_dir, "clocks", "end", event.id, "--on", "2026-11-25")
    assert code == 1 and "移动硬盘（西部数据 1TB）2个" in err and "--despite-held" in err, err
    db = open_db(data_dir)
    try:
        assert get_clock_event(db, event.id).ends_on is None
    finally:
        db.conn.close()
    code, _out, err = run(capsys, "--data-dir", data_dir, "clocks", "end", event.id, "--on", "2026-11-25",
                          "--despite-held")
    assert code == 0, err
    db = open_db(data_dir)
    try:
        assert get_clock_event(db, event.id).ends_on == "2026-11-25"
    finally:
        db.conn.close()


def test_a_seizure_is_ended_once_all_is_released(demo_db, data_dir, case, english):
    decision = _decide(demo_db, data_dir, case)
    event = record_clock_event(demo_db, ClockEvent(case_id=case.id, kind="seizure", starts_on=DECIDED))
    message = _refused(end_clock_event, demo_db, event.id, "2026-11-25")  # guarded unless told otherwise
    assert decision.number in message and "台式计算机" in message
    _release(demo_db, data_dir, case, decision.number, SEIZED)
    assert end_clock_event(demo_db, event.id, "2026-11-25").ends_on == "2026-11-25"


def test_a_seizure_decided_on_paper_is_ended_as_before(demo_db, case):
    event = record_clock_event(demo_db, ClockEvent(case_id=case.id, kind="seizure", starts_on=DECIDED))
    assert end_clock_event(demo_db, event.id, "2026-11-25").ends_on == "2026-11-25"


# ---- 2. the 涉案物品处理记录 against the goods held ------------------------------------------------------------------

def test_a_disposal_of_goods_never_held_or_more_than_held_is_refused(demo_db, data_dir, case, english):
    _decide(demo_db, data_dir, case)
    message = _refused(_dispose, demo_db, data_dir, case, "1 | 打印机 | HP | 1台 | ")
    assert "line 1 (打印机 HP)" in message, message
    message = _refused(_dispose, demo_db, data_dir, case, "1 | 台式计算机（存有客户名单） | 戴尔OptiPlex 3000 | 9台 | ")
    assert "line 1" in message and "9台" in message and "2台" in message, message
    record = _dispose(demo_db, data_dir, case, "1 | 台式计算机（存有客户名单） | 戴尔OptiPlex 3000 | 2台 | ")
    assert record.id
    message = _refused(_dispose, demo_db, data_dir, case, "1 | 台式计算机（存有客户名单） | 戴尔OptiPlex 3000 | 1台 | ")
    assert "held no more" in message, message


def test_a_disposal_is_booked_over_the_documents_holding_the_goods(demo_db, data_dir, case, english):
    decision = _decide(demo_db, data_dir, case)
    # another disk found after the seizure, preserved on its own (a preservation before the seizure of the same
    # goods is taken over by it: ``test_goods_preserved_then_seized_and_disposed_of_are_held_no_more``)
    preserved = issue_document(demo_db, data_dir, get_case(demo_db, case.id), find_form("preservation_notice"),
                               {"preserved_on": "2026-11-21", "signed_on": "2026-11-21",
                                "items": "1 | 移动硬盘 | 西部数据 1TB | 1个 | 本局"})
    _refused(_dispose, demo_db, data_dir, case, "1 | 移动硬盘 | 西部数据 1TB | 5个 | ")  # 3 + 1 held
    _dispose(demo_db, data_dir, case, "1 | 移动硬盘 | 西部数据 1TB | 4个 | ")
    held = {h.document.id: h.items for h in still_held(demo_db, get_case(demo_db, case.id))}
    assert held[decision.id] == ("台式计算机（存有客户名单）（戴尔OptiPlex 3000）2台",)
    assert held[preserved.id] == ()


# ---- 3. T14 capped at the date the extension decision told the party ----------------------------------------------

def _t14(db, case):
    [t14] = [d for d in case_clocks(db, get_case(db, case.id)) if d.clock == "T14"]
    return t14


def test_an_extension_issued_caps_t14_at_its_date(demo_db, data_dir, case, english):
    decision = _decide(demo_db, data_dir, case)
    seizure = record_clock_event(demo_db, ClockEvent(case_id=case.id, kind="seizure", starts_on=DECIDED))
    # the original end (past the demo's testing), then thirty days more, as the decision tells the party
    until = (dt.date.fromisoformat(_t14(demo_db, case).due) + dt.timedelta(days=30)).isoformat()
    extension = issue_document(demo_db, data_dir, get_case(demo_db, case.id),
                               find_form("compulsory_measure_extension"),
                               {"decision_no": decision.number, "extended_until": until,
                                "decided_on": "2026-12-02", "reason": "案情复杂"})
    record_clock_event(demo_db, ClockEvent(case_id=case.id, kind="extension", clock="T14", days=30,
                                           starts_on="2026-12-02", approved_on="2026-12-02", approved_by="李局长",
                                           measure_id=seizure.id))
    assert _t14(demo_db, case).due == until
    # testing before the extension decision, recorded afterwards: the date served stands
    record_clock_event(demo_db, ClockEvent(case_id=case.id, kind="testing", starts_on="2026-11-29",
                                           ends_on="2026-12-01"))
    t14 = _t14(demo_db, case)
    assert t14.due == until
    assert extension.number in t14.calculation() and f"extends the measure to {until}" in t14.calculation(), \
        t14.calculation()
    # testing begun after it, told to the party apart, moves the end on
    record_clock_event(demo_db, ClockEvent(case_id=case.id, kind="testing", starts_on="2026-12-03",
                                           ends_on="2026-12-04"))
    assert _t14(demo_db, case).due == (dt.date.fromisoformat(until) + dt.timedelta(days=2)).isoformat()


# ---- 4. final read: the guard on by default, the window's release path, a record not warned of against itself -------

def test_ending_a_seizure_still_holding_goods_needs_the_officers_word(demo_db, data_dir, case, english):
    _decide(demo_db, data_dir, case)
    event = record_clock_event(demo_db, ClockEvent(case_id=case.id, kind="seizure", starts_on=DECIDED))
    assert "台式计算机" in _refused(end_clock_event, demo_db, event.id, "2026-11-25")
    assert get_clock_event(demo_db, event.id).ends_on is None
    assert end_clock_event(demo_db, event.id, "2026-11-25", despite_held=True).ends_on == "2026-11-25"


def _second_decision(db, data_dir, case):
    return issue_document(db, data_dir, get_case(db, case.id), find_form("compulsory_measure_decision"),
                          {"legal_basis": BASIS, "measure": "扣押", "objects": "财物", "reason": "涉嫌违法",
                           "items": "1 | 手机 | 华为 | 2部 | ", "decided_on": "2026-11-21"})


@pytest.fixture
def accepted(monkeypatch):
    """The end dialogs opened are saved as the officer would."""
    from ui.case_clocks import EndEventDialog

    def exec_(dialog):
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(EndEventDialog, "exec", exec_)


def test_the_window_offers_to_end_only_a_seizure_holding_nothing_more(demo_db, data_dir, case, prompts, qtbot,
                                                                     accepted, english):
    from ui.case_documents import offer_clock_event

    first = _decide(demo_db, data_dir, case)
    ended = record_clock_event(demo_db, ClockEvent(case_id=case.id, kind="seizure", starts_on=DECIDED))
    _second_decision(demo_db, data_dir, case)
    holding = record_clock_event(demo_db, ClockEvent(case_id=case.id, kind="seizure", starts_on="2026-11-21"))
    release = _release(demo_db, data_dir, case, first.number, SEIZED)
    prompts.confirm_answer = True
    assert offer_clock_event(prompts, None, demo_db, get_case(demo_db, case.id),
                             find_form("compulsory_measure_release"), release, "Issued.")
    assert not prompts.offered, prompts.offered  # the seizure still holding 手机 is not among those offered
    assert any(DECIDED in asked for asked in prompts.confirmations), prompts.confirmations
    assert get_clock_event(demo_db, ended.id).ends_on == "2026-11-25"
    assert get_clock_event(demo_db, holding.id).ends_on is None


def test_the_window_ends_nothing_that_still_holds_goods(demo_db, data_dir, case, prompts, qtbot, accepted, english):
    from ui.case_documents import offer_clock_event

    first = _decide(demo_db, data_dir, case)
    ended = record_clock_event(demo_db, ClockEvent(case_id=case.id, kind="seizure", starts_on=DECIDED,
                                                   ends_on="2026-11-22"))
    _second_decision(demo_db, data_dir, case)
    holding = record_clock_event(demo_db, ClockEvent(case_id=case.id, kind="seizure", starts_on="2026-11-21"))
    release = _release(demo_db, data_dir, case, first.number, SEIZED)
    prompts.confirm_answer = True
    assert offer_clock_event(prompts, None, demo_db, get_case(demo_db, case.id),
                             find_form("compulsory_measure_release"), release, "Issued.")
    assert not prompts.offered and not prompts.confirmations, (prompts.offered, prompts.confirmations)
    assert any("手机" in told and "still holds" in told for told in prompts.infos), prompts.infos
    assert get_clock_event(demo_db, holding.id).ends_on is None
    assert get_clock_event(demo_db, ended.id).ends_on == "2026-11-22"


def test_a_disposal_under_a_confiscation_is_not_warned_of_against_itself(demo_db, data_dir, case, capsys, english,
                                                                         tmp_path):
    from dataclasses import replace

    from workstation.store.cases import update_case

    _decide(demo_db, data_dir, case)
    # a penalty decided on paper, confiscating: what it confiscated is not known here (stage_rules._confiscating)
    update_case(demo_db, replace(get_case(demo_db, case.id), status="served", notice_served_on="2026-11-21",
                                 decided_on="2026-11-24", served_on="2026-11-24", confiscated_fen=10_000),
                allow_status_change=True)
    demo_db.conn.commit()
    demo_db.conn.close()
    values = tmp_path / "v.json"
    values.write_text(json.dumps({"basis": "处罚决定", "items": "1 | 台式计算机（存有客户名单） | 戴尔OptiPlex 3000 | 2台 | ",
                                  "method": "移送有关部门", "time_from": "2026-11-26 09:30"}, ensure_ascii=False),
                      encoding="utf-8")
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", CASE, "--form", "items_disposal_record",
                          "--values", values, "-o", tmp_path / "d.pdf")
    assert code == 0, err
    assert "held no more" not in err and "do not all match" not in err, err
    # a second record of the same goods is warned of: they were disposed of already
    code, _out, err = run(capsys, "--data-dir", data_dir, "docs", "issue", CASE, "--form", "items_disposal_record",
                          "--values", values, "-o", tmp_path / "e.pdf")
    assert code == 0, err
    assert "held no more" in err, err


def test_a_correction_of_a_disposal_under_a_confiscation_is_not_warned_of(demo_db, data_dir, case, english):
    from dataclasses import replace

    from workstation.documents.stage_rules import CORRECTS, stage_warnings
    from workstation.store.cases import update_case

    _decide(demo_db, data_dir, case)
    update_case(demo_db, replace(get_case(demo_db, case.id), status="served", notice_served_on="2026-11-21",
                                 decided_on="2026-11-24", served_on="2026-11-24", confiscated_fen=10_000),
                allow_status_change=True)
    record = _dispose(demo_db, data_dir, case, "1 | 台式计算机（存有客户名单） | 戴尔OptiPlex 3000 | 2台 | ",
                      method="移送有关部门")
    demo_db.conn.commit()
    values = {**record.values, "time_from": "2026-11-27 09:30", CORRECTS: record.id}
    told = stage_warnings(demo_db, get_case(demo_db, case.id), "items_disposal_record", values)
    assert not [w for w in told if "held no more" in w], told


# ---- 5. a preservation the seizure of the same goods took over (行政处罚法 art. 56) ----------------------------------


def test_goods_preserved_then_seized_and_disposed_of_are_held_no_more(demo_db, data_dir, case, english):
    """先行登记保存 on 11-19, then the decision on the preserved goods: their 扣押 on 11-20; the 涉案物品处理记录 of those
    goods gives back what the seizure holds — its clock ends without the officer's word, and the goods are not
    counted twice."""
    issue_document(demo_db, data_dir, get_case(demo_db, case.id), find_form("preservation_notice"),
                   {"preserved_on": "2026-11-19", "signed_on": "2026-11-19", "items": SEIZED})
    decision = _decide(demo_db, data_dir, case)
    # both hold the same goods: no more than they are disposed of
    message = _refused(_dispose, demo_db, data_dir, case, "1 | 台式计算机（存有客户名单） | 戴尔OptiPlex 3000 | 4台 | ")
    assert "4台" in message and "2台" in message, message
    _dispose(demo_db, data_dir, case, SEIZED)
    held = {h.document.id: h.items for h in still_held(demo_db, get_case(demo_db, case.id))}
    assert held[decision.id] == () and not any(held.values()), held
    event = record_clock_event(demo_db, ClockEvent(case_id=case.id, kind="seizure", starts_on=DECIDED))
    assert end_clock_event(demo_db, event.id, "2026-11-26").ends_on == "2026-11-26"


# ---- 6. stop-read: ending a seizure from the 期限 tab asks while its document holds goods, and only then skips -----
# ---- the store's check (sr_e 1) -------------------------------------------------------------------------------------

def _clocks_section(db, case, prompts, qtbot, event):
    from ui.case_clocks import CaseClocks

    section = CaseClocks(db, get_case(db, case.id), prompts)
    qtbot.addWidget(section)
    [row] = [i for i in range(section.events.count()) if section.events.item(i).data(256) == event.id]
    section.events.setCurrentRow(row)
    return section


def test_ending_a_seizure_holding_goods_from_the_clocks_tab_asks_no_keeps_it_yes_ends_it(
        demo_db, data_dir, case, prompts, qtbot, accepted, english):
    _decide(demo_db, data_dir, case)
    event = record_clock_event(demo_db, ClockEvent(case_id=case.id, kind="seizure", starts_on=DECIDED))
    section = _clocks_section(demo_db, case, prompts, qtbot, event)
    prompts.confirm_answer = False
    section.end_selected()
    [asked] = prompts.confirmations
    assert "台式计算机" in asked and "end it all the same?" in asked, asked
    assert get_clock_event(demo_db, event.id).ends_on is None  # No: still running
    prompts.confirm_answer = True
    section.end_selected()
    assert len(prompts.confirmations) == 2 and prompts.errors == [], prompts.errors
    assert get_clock_event(demo_db, event.id).ends_on is not None  # Yes: ended on the officer's word


def test_goods_held_after_the_officer_was_not_asked_still_stop_the_end(demo_db, data_dir, case, prompts, qtbot,
                                                                        monkeypatch, english):
    """Nothing held when End… was pressed (so nothing asked), the seizure's decision issued meanwhile (another window):
    saving the end is refused by the store's own check, naming the goods, and the seizure keeps running."""
    from ui.case_clocks import EndEventDialog

    event = record_clock_event(demo_db, ClockEvent(case_id=case.id, kind="seizure", starts_on=DECIDED))
    section = _clocks_section(demo_db, case, prompts, qtbot, event)

    def exec_(dialog):
        _decide(demo_db, data_dir, case)
        dialog.accept()
        return dialog.result()

    monkeypatch.setattr(EndEventDialog, "exec", exec_)
    section.end_selected()
    assert prompts.confirmations == []  # nothing was held when asked about
    assert any("台式计算机" in error for error in prompts.errors), prompts.errors
    assert get_clock_event(demo_db, event.id).ends_on is None


def test_the_window_says_why_a_seizure_still_holding_goods_is_not_offered(demo_db, data_dir, case, prompts, qtbot,
                                                                          accepted, english):
    """sr_e 3: one seizure ended on the release, another left out because its decision still holds 手机: the question
    asked about the first says why the second is not among those ended."""
    from ui.case_documents import offer_clock_event

    first = _decide(demo_db, data_dir, case)
    record_clock_event(demo_db, ClockEvent(case_id=case.id, kind="seizure", starts_on=DECIDED))
    _second_decision(demo_db, data_dir, case)
    record_clock_event(demo_db, ClockEvent(case_id=case.id, kind="seizure", starts_on="2026-11-21"))
    release = _release(demo_db, data_dir, case, first.number, SEIZED)
    prompts.confirm_answer = False
    assert offer_clock_event(prompts, None, demo_db, get_case(demo_db, case.id),
                             find_form("compulsory_measure_release"), release, "Issued.")
    [asked] = prompts.confirmations
    assert asked.startswith("Issued. ") and "手机" in asked and "still holds" in asked and DECIDED in asked, asked
