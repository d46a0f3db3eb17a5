# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""s60 mends found by a final read of the leads and screening change:
1. the board names a lead by its subject whole, or cut cleanly (never inside its own bracket: a category no longer
   defined keeps its note), then the numbers it is about in the room left, each whole, those that do not fit left
   out with …;
2. at headquarters, two stations' leads of the same work orders have one T1 on the board, as they are listed once;
3. the leads page says a lead's decision is in conflict before asking where to refer it;
4. a lead a correction emptied (kept so that the correction can be undone) is listed, but has no T1 on the board and
   is no lead received in the figures while the correction stands; cleared, it is both again;
5. the command line names its own way of undoing a correction, not the window's button."""

from __future__ import annotations

import pytest

from tests.helpers import open_db
from tests.test_bundle_hq import dirs, export, import_, take_headquarters_card, template  # noqa: F401
from tests.test_complaint_verdict import LEAK2, add
from tests.test_s60_complaints import RECEIVED, one_complaint_lead
from tests.test_s60_hq_leads import CITY, HEADERS, OTHER, _decision_in_conflict, _lead, _screened
from tests.test_s60_rules import renamed, shipped
from workstation.screening import screen
from workstation.screening.rules import parse_rules
from workstation.screening.verdict import correct_complaint

OPENERS, CLOSERS = "（(", "）)"


def unclosed(text: str) -> bool:
    """Whether ``text`` leaves a bracket open (or closes one never opened)."""
    depth = 0
    for ch in text:
        depth += (ch in OPENERS) - (ch in CLOSERS)
        if depth < 0:
            return True
    return depth != 0


def parts(label: str) -> tuple[str, list[str]]:
    """A board label's subject and the numbers in its last bracket (a … left out)."""
    assert label.endswith("）"), label
    start = label.rindex("（")
    return label[:start], label[start + 1:-1].rstrip("…").split()


# 1 -------------------------------------------------------------------------------------------------------------------

NUMBERS = "13096709670 075783456789 13096709671 13812345678"
MASKED = {"130****9670", "0757****6789", "130****9671", "138****5678"}


def test_a_subject_no_longer_defined_keeps_its_note_whole_and_the_numbers_whole(chinese):
    from workstation.board_export import LABEL_LENGTH, lead_subject

    rules = parse_rules(renamed())  # 骚扰电话's key renamed: the leads keeping the old key name it with the note
    for phones in ("13096709670", "13096709670 075783456789", NUMBERS):
        label = lead_subject("harassment_call", phones, "", rules)
        subject, numbers = parts(label)
        assert subject == "骚扰电话（筛查规则中已无此类别）", label
        assert numbers and set(numbers) <= MASKED and not unclosed(label), label
        assert len(label) <= LABEL_LENGTH + 8
        assert label.endswith("…）") == (len(numbers) < len(phones.split()))


@pytest.mark.parametrize("key", ["gone_k", "a_category_of_repeated_marketing_calls_dropped"])
def test_a_long_label_and_its_note_are_cut_cleanly_before_whole_numbers(key, chinese):
    from workstation.board_export import LABEL_LENGTH, lead_subject

    rules = parse_rules(shipped())
    for phones in ("", "13096709671", NUMBERS):
        label = lead_subject(key, phones, "", rules)
        assert not unclosed(label), label
        assert label.startswith(key[:6]), label
        if phones:
            subject, numbers = parts(label)
            assert numbers and set(numbers) <= MASKED, label
            assert label.endswith("…）") == (len(numbers) < len(phones.split()))
            assert len(label) <= LABEL_LENGTH + 8 or len(numbers) == 1  # the first number whole, however long
        else:
            subject = label
        assert len(subject) <= LABEL_LENGTH
        # the note that the category is gone kept whole when anything of it is shown
        assert subject.endswith("（筛查规则中已无此类别）") or "（" not in subject, label


def test_an_english_note_in_round_brackets_is_not_cut_inside_either(english):
    from workstation.board_export import lead_subject

    rules = parse_rules(shipped())
    label = lead_subject("gone_k", "13096709671 13812345678", "", rules)
    assert not unclosed(label) and label.startswith("gone_k"), label
    assert parts(label)[1] == ["130****9671", "138****5678"], label  # the room the note left given to the numbers


def test_a_long_label_defined_in_the_rules_is_cut_before_whole_numbers(chinese):
    from workstation.board_export import lead_subject

    long_label = "电话推销骚扰（含各类营销来电不断且拒接后仍反复拨打的情形）"
    rules = parse_rules(shipped().replace('label = "骚扰电话"', f'label = "{long_label}"'))
    for phones in ("13096709670", NUMBERS):
        label = lead_subject("harassment_call", phones, "", rules)
        subject, numbers = parts(label)
        assert not unclosed(label) and subject.startswith("电话推销骚扰"), label
        assert numbers and set(numbers) <= MASKED, label


def test_the_board_names_the_lead_of_a_category_no_longer_defined_cleanly(db, data_dir, chinese):
    from tests.test_s60_rules import insert_lead, put_by_hand
    from workstation import clocks
    from workstation.board_export import name_rows, row_texts

    insert_lead(db, "L1", phones=NUMBERS)
    put_by_hand(data_dir, renamed())
    [lead] = [d for d in clocks.board(db, on="2026-03-05") if d.lead_id]
    name_rows(db, [lead])
    shown = row_texts(lead)[3]
    assert "骚扰电话（筛查规则中已无此类别）（130****9670" in shown and not unclosed(shown), shown


# 2 -------------------------------------------------------------------------------------------------------------------

def test_two_stations_leads_of_the_same_work_orders_have_one_t1_on_headquarters_board(capsys, dirs):
    from workstation import clocks
    from workstation.store.leads import lead_rows

    for station in ("nanhai", "shunde"):
        take_headquarters_card(capsys, dirs, station)
        _screened(capsys, dirs, station, CITY + OTHER[len(HEADERS):])
        export(capsys, dirs, station, f"{station}.bundle")
        import_(capsys, dirs, f"{station}.bundle")
    db = open_db(dirs / "hq")
    try:
        listed = {row["id"] for row in lead_rows(db)}
        t1 = [d for d in clocks.board(db, on="2026-11-10") if d.lead_id and d.clock == "T1"]
        assert len(listed) == 2 and len(t1) == 2 and {d.lead_id for d in t1} == listed
        assert len(db.execute("SELECT id FROM leads").fetchall()) == 4  # the other station's copies, held
    finally:
        db.conn.close()


# 3 -------------------------------------------------------------------------------------------------------------------

def test_the_leads_page_says_the_conflict_before_asking_where_to_refer(capsys, dirs, english, qtbot, prompts):
    from ui.main_window import MainWindow
    from ui.task_runner import ImmediateRunner

    lead, conflicts = _decision_in_conflict(capsys, dirs)
    db = open_db(dirs / "hq")
    try:
        window = MainWindow(db=db, data_dir=dirs / "hq", runner=ImmediateRunner(), prompts=prompts)
        qtbot.addWidget(window)
        page = window.leads_page
        page.refresh()
        page.select(lead)
        prompts.texts = ["佛山市公安局"]
        page.refer()
        assert prompts.questions == [] and prompts.texts == ["佛山市公安局"]  # nothing asked
        assert len(prompts.errors) == 1 and "in conflict with the copy of 顺德区局" in prompts.errors[0]
        assert conflicts[0]["id"] in prompts.errors[0]
        window.close()
    finally:
        db.conn.close()
    assert _lead(dirs / "hq", lead)["status"] == "assigned"


# 4 -------------------------------------------------------------------------------------------------------------------

def _lead_figures(db) -> dict:
    from workstation.stats import campaign_stats

    leads = campaign_stats(db)["leads"]
    return {key: leads[key] for key in ("total", "by_status", "overdue_undecided")}


def _on_board(db, lead_id: str) -> list[str]:
    from workstation import clocks

    return [d.clock for d in clocks.board(db, on="2026-11-05") if d.lead_id == lead_id]


def test_a_lead_a_correction_emptied_is_listed_but_neither_on_the_board_nor_counted(db):
    from workstation.stats import bureau_table
    from workstation.store.leads import lead_rows

    lead_id = one_complaint_lead(db)
    db.execute("UPDATE leads SET received_at = '2025-11-03T10:00:00+08:00', first_at = '2025-11-03 10:00:00', "
               "last_at = '2025-11-03 10:00:00' WHERE id = ?", [lead_id])  # its T1 over long ago: overdue
    counted = _lead_figures(db)
    assert counted == {"total": 1, "by_status": {"registered": 1}, "overdue_undecided": 1}
    assert _on_board(db, lead_id) == ["T1"]
    assert sum(row["leads"] for row in bureau_table(db) if row.get("kind") == "total") == 1
    correct_complaint(db, "V1", "unrelated", "误判")
    assert lead_id in {row["id"] for row in lead_rows(db)}  # listed: its pane shows the complaint and the way back
    assert _on_board(db, lead_id) == []
    assert _lead_figures(db) == {"total": 0, "by_status": {}, "overdue_undecided": 0}
    assert sum(row["leads"] for row in bureau_table(db) if row.get("kind") == "total") == 0
    screen(db)  # kept by screening while the correction stands, and still not counted
    assert _on_board(db, lead_id) == [] and _lead_figures(db)["total"] == 0
    correct_complaint(db, "V1", None)  # cleared: a lead again, its T1 as it was
    assert _on_board(db, lead_id) == ["T1"] and _lead_figures(db) == counted


def test_a_lead_left_holding_complaints_by_a_correction_stays_counted(db):
    lead_id = one_complaint_lead(db)
    add(db, [("V2", LEAK2)])
    screen(db)
    assert _lead_figures(db)["total"] == 1
    correct_complaint(db, "V1", "unrelated", "误判")
    assert db.execute("SELECT complaint_count FROM leads WHERE id = ?", [lead_id]).fetchone() == (1,)
    assert _on_board(db, lead_id) == ["T1"] and _lead_figures(db)["total"] == 1
    assert db.execute("SELECT received_at FROM leads WHERE id = ?", [lead_id]).fetchone() == (RECEIVED,)


# 5 -------------------------------------------------------------------------------------------------------------------

def test_the_command_line_names_its_own_way_of_undoing_the_correction(db, english):
    from workstation.screening.verdict import left_text

    one_complaint_lead(db)
    result = correct_complaint(db, "V1", "unrelated", "误判")
    said = left_text(result, for_command_line=True)
    assert "`complaints correct V1 --clear`" in said and "Restore the automatic result" not in said
    assert "Restore the automatic result puts the complaint back into it" in left_text(result)
