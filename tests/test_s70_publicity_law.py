"""Session 70 (publicity_gui audit): the publicity log keeps the activity selected when sorted by another column
(refresh, delete → undo); a CSV filtered by agency names it; commercial phone calls (骚扰电话) are cited under the
provisions that cover calls (消法实施条例 art. 24, from 2024-07-01), not those of messages only (消法 art. 29 para. 3,
办法 art. 11 para. 1 item 3), and a call before 2024-07-01 has no penalty basis (Penalty Law art. 37)."""

import csv
import uuid
from dataclasses import replace

import pytest

from PySide6.QtCore import Qt

from tests.test_ui_publicity import tab as publicity_tab  # noqa: F401 (the log tab fixture, shared)
from workstation.law.case_law import case_law, condition_labels, save_penalty_choice
from workstation.law.catalogue import applicable_law, norms_for
from workstation.store import agency_id_for_code, get_case, list_publicity

NANHAI = "440605"
CALLS, MESSAGES = "commercial_calls", "commercial_messages"
VIOLATION = "unsolicited_commercial_messages"


# 1. the selection kept in any sort order ------------------------------------------------------------------------
@pytest.fixture
def tab(publicity_tab):  # noqa: F811 (the fixture imported above, asked for by name)
    """tests/test_ui_publicity.py's log of three activities, sorted by flyers, the fewest first: not the listed
    order."""
    publicity_tab.view.sortByColumn(4, Qt.SortOrder.AscendingOrder)
    return publicity_tab


def test_a_refresh_keeps_the_activity_selected_when_sorted_by_another_column(tab):
    tab.view.selectRow(0)
    chosen = tab.selected()
    assert chosen.title == "短信提醒"
    tab.refresh()  # as after every save, deletion, undo and recount
    assert tab.selected_id() == chosen.id and tab.selected().title == "短信提醒"
    tab.refresh(select=next(p.id for p in tab.model.records if p.title == "进校园宣讲"))
    assert tab.selected().title == "进校园宣讲"


def test_undo_delete_selects_the_activity_brought_back_when_sorted_by_another_column(tab, db, prompts):
    tab.view.selectRow(0)
    assert tab.selected().title == "短信提醒"
    prompts.texts = ["误录"] * 5  # the reason each deletion asks
    tab.delete_activity()
    assert "短信提醒" not in {p.title for p in list_publicity(db)}
    tab.undo_delete()
    restored = next(p for p in list_publicity(db) if p.title == "短信提醒")
    assert tab.selected_id() == restored.id and tab.selected().title == "短信提醒"


# 3. the export names the agency it covers ------------------------------------------------------------------------
@pytest.mark.parametrize(("own", "scope"), [(False, "南海区局"), (True, "南海区局（仅本级）")])
def test_an_export_filtered_by_agency_names_it_in_the_file_name_and_the_csv(tab, prompts, tmp_path, own, scope):
    tab.set_period("2026-01-01", "2026-06-30", agency_id_for_code(NANHAI), own=own)
    target = tmp_path / "宣传.csv"
    prompts.files = [str(target)]
    tab.export()
    assert scope in prompts.offered_names[-1] and "2026-01-01" in prompts.offered_names[-1]
    if not own:
        assert "仅本级" not in prompts.offered_names[-1]
    rows = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert ["范围", "", scope] in rows
    assert [r[2] for r in rows if r[0] == "合计"] == ["3场"]


def test_an_export_of_every_agency_has_no_scope_line(tab, prompts, tmp_path):
    target = tmp_path / "宣传.csv"
    prompts.files = [str(target)]
    tab.export()
    assert "南海区局" not in prompts.offered_names[-1]
    rows = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[-1][0] == "合计" and not [r for r in rows if r[0] == "范围"]


# 2. commercial phone calls ------------------------------------------------------------------------------------------
def ids(norms) -> set[str]:
    return {n.id for n in norms}


def test_calls_alone_fall_under_the_regulations_art_24_only():
    assert ids(norms_for(VIOLATION, "2026-03-01", kind="duty", conditions=[CALLS])) == {"consumer_regulations_24"}
    law = applicable_law(VIOLATION, "2025-03-01", "2025-06-10", conditions=[CALLS])
    assert ids(law.duties) == {"consumer_regulations_24"}
    # 条例 art. 50 para. 3 penalises under 消法 art. 56: both cited, as for messages
    assert law.penalty.norm.id == "consumer_law_56_9" and ids(law.penalty.cited) == {"consumer_law_56_9",
                                                                                     "consumer_regulations_50_3"}


def test_a_call_before_july_2024_has_no_penalty_basis():
    law = applicable_law(VIOLATION, "2024-03-01", "2024-09-10", conditions=[CALLS])
    assert law.penalty is None and not law.duties
    assert "违法行为发生时（2024年3月1日）没有对该行为给予行政处罚的规定" in law.explanation
    assert "第二十四条" in law.explanation


def test_calls_and_messages_together_cite_both():
    law = applicable_law(VIOLATION, "2025-03-01", "2025-06-10", conditions=[CALLS, MESSAGES])
    assert {"consumer_law_29_3", "consumer_measures_11_3", "consumer_regulations_24"} <= ids(law.duties)
    # messages (without calls), stated or not, read as before
    for conditions in ([], [MESSAGES]):
        assert ids(norms_for(VIOLATION, "2025-03-01", conditions=conditions)) == ids(norms_for(VIOLATION, "2025-03-01"))
        assert "consumer_law_29_3" in ids(norms_for(VIOLATION, "2025-03-01", conditions=conditions))


@pytest.fixture
def call_case(db, make_case):
    def make(act_on, conditions=(CALLS,)):
        case = make_case(lead_received_on="2026-02-10", violations=[VIOLATION], act_on=act_on,
                         law_conditions=list(conditions), facts="经查，当事人未经消费者同意拨打商业性电话。")
        return get_case(db, case.id)
    return make


def test_a_call_case_cites_the_regulations_only(db, call_case):
    law = case_law(db, call_case("2025-03-01"))
    assert law.violated_norms == "《中华人民共和国消费者权益保护法实施条例》第二十四条"
    assert law.basis_text == ("依据《中华人民共和国消费者权益保护法》第五十六条第一款第（九）项、"
                              "《中华人民共和国消费者权益保护法实施条例》第五十条第三款的规定")


def test_a_call_case_before_july_2024_offers_no_ready_basis(db, call_case):
    law = case_law(db, call_case("2024-03-01"))
    assert law.penalty is None and law.violated_norms == "" and law.basis_text == ""
    assert "不得依据其后施行的" in law.violations[0].law.explanation


def test_a_case_of_calls_and_messages_cites_both(db, call_case):
    law = case_law(db, call_case("2025-03-01", (CALLS, MESSAGES)))
    assert "第二十九条第三款" in law.violated_norms and "实施条例》第二十四条" in law.violated_norms
    assert "第十一条第一款第（三）项" in law.violated_norms


def test_the_norm_picker_ticks_only_art_24_for_calls(db, call_case, monkeypatch, qtbot):
    from PySide6.QtWidgets import QWidget

    import ui.norm_picker as picker

    offered = {}

    def checklist(parent, title, note, items):
        offered["items"], offered["note"] = items, note
        return [text for text, _tip, checked in items if checked]

    monkeypatch.setattr(picker, "_checklist", checklist)
    parent = QWidget()
    qtbot.addWidget(parent)
    picker.pick_norms(parent, db, call_case("2025-03-01"), "law.violated")
    assert [text for text, _tip, checked in offered["items"] if checked] == [
        "《中华人民共和国消费者权益保护法实施条例》第二十四条"]
    assert not any("第二十九条" in text for text, _tip, _checked in offered["items"])
    picker.pick_norms(parent, db, call_case("2024-03-01"), "law.violated")
    assert not [text for text, _tip, checked in offered["items"] if checked]
    assert "不得依据其后施行的" in offered["note"]


def test_the_facts_are_offered_and_recorded(db, call_case):
    labels = condition_labels()
    assert "商业性电话" in labels[CALLS] and "商业性信息" in labels[MESSAGES]
    case = replace(call_case("2025-03-01", ()), act_on=None)
    saved = save_penalty_choice(db, case, act_on="2025-03-01", prior_punished=False, discretion_tier="",
                                discretion_factors=[], discretion_reason="", penalty_norm="", fine_fen=0,
                                law_conditions=[CALLS])
    assert get_case(db, saved.id).law_conditions == [CALLS]
    assert case_law(db, get_case(db, saved.id)).violated_norms == "《中华人民共和国消费者权益保护法实施条例》第二十四条"


# the screening category 骚扰电话 ----------------------------------------------------------------------------------
def test_the_harassment_call_category_brings_the_calls_fact(db):
    from workstation.screening.complaint import rules_for

    rules = rules_for(db)
    assert rules.category_violations("harassment_call") == (VIOLATION,)
    assert rules.category_facts("harassment_call") == (CALLS,)
    assert rules.category_facts("marketing_sms") == ()


def test_a_fact_that_is_no_condition_of_the_catalogue_is_refused_in_the_rules():
    from workstation.screening.rules import RulesError, parse_rules, shipped_rules_path

    text = shipped_rules_path().read_text(encoding="utf-8").replace(
        'facts = ["commercial_calls"]', 'facts = ["phone_calls"]', 1)
    with pytest.raises(RulesError) as refused:
        parse_rules(text, "rules.toml")
    assert "phone_calls" in str(refused.value) and "commercial_calls" in str(refused.value)


def test_a_case_opened_on_a_harassment_call_lead_records_calls(db):
    from workstation.leads_workflow import file_case_from_lead
    from workstation.screening import screen

    with db.atomic():
        db.execute("INSERT INTO complaints (id, source, channel, external_id, received_at, text, complainant_phone, "
                   "created_at) VALUES (?, '12345', '12345', 'H1', '2026-03-02 10:00:00', ?, '13900139001', "
                   "'2026-03-31T00:00:00+08:00')",
                   [str(uuid.uuid4()), "接到138 0013 8000的骚扰电话推销楼盘，多次拒绝仍继续拨打。"])
    screen(db)
    lead_id = db.execute("SELECT id FROM leads WHERE category = 'harassment_call'").fetchone()[0]
    case = file_case_from_lead(db, lead_id, agency_id=agency_id_for_code(NANHAI))
    assert case.violations == [VIOLATION] and case.law_conditions == [CALLS]


# a bureau's older copy of the catalogue (no commercial_calls) ------------------------------------------------------
OLD_CATALOGUE_COMMIT = "53bd2138"  # the catalogue before commercial_calls / commercial_messages were added


@pytest.fixture
def old_catalogue_copy(data_dir):
    """The data folder's own catalogue.toml is the one of 53bd2138 (without the facts of calls and messages) and that
    data folder is the one in use, as when a bureau copied the catalogue before this version."""
    import subprocess
    from pathlib import Path

    from workstation.law import data
    from workstation.paths import use_data_dir

    old = subprocess.run(["git", "show", f"{OLD_CATALOGUE_COMMIT}:resources/law/catalogue.toml"], capture_output=True,
                         text=True, cwd=Path(__file__).resolve().parents[1])
    if old.returncode:
        pytest.skip("the 53bd2138 catalogue is not in this checkout's history")
    (data_dir / "law").mkdir(exist_ok=True)
    (data_dir / "law" / "catalogue.toml").write_text(old.stdout, encoding="utf-8")
    previous = use_data_dir(data_dir)
    try:
        assert CALLS not in data.load("catalogue")["conditions"]  # the copy is in force
        assert not data.problems(data_dir)
        yield data_dir
    finally:
        use_data_dir(previous)


def insert_call_complaint(db) -> None:
    with db.atomic():
        db.execute("INSERT INTO complaints (id, source, channel, external_id, received_at, text, complainant_phone, "
                   "created_at) VALUES (?, '12345', '12345', 'H1', '2026-03-02 10:00:00', ?, '13900139001', "
                   "'2026-03-31T00:00:00+08:00')",
                   [str(uuid.uuid4()), "接到138 0013 8000的骚扰电话推销楼盘，多次拒绝仍继续拨打。"])


def test_the_shipped_rules_are_read_under_an_older_catalogue_copy(old_catalogue_copy):
    from workstation.screening.rules import load_rules, parse_rules, shipped_rules_path

    # parsed afresh (no cache): the facts are checked against the shipped catalogue, not the copy in force
    rules = parse_rules(shipped_rules_path().read_text(encoding="utf-8"), "rules.toml")
    assert rules.category_facts("harassment_call") == (CALLS,)
    assert load_rules().category_facts("harassment_call") == (CALLS,)


def test_screening_the_leads_list_and_a_case_work_under_an_older_catalogue_copy(db, old_catalogue_copy, capsys,
                                                                                caplog):
    import logging

    from tests.helpers import run, run_json
    from workstation.leads_workflow import file_case_from_lead
    from workstation.screening import screen

    insert_call_complaint(db)
    screen(db)
    lead_id = db.execute("SELECT id FROM leads WHERE category = 'harassment_call'").fetchone()[0]
    code, _out, err = run(capsys, "--data-dir", old_catalogue_copy, "leads", "screen")
    assert code == 0, err
    leads = run_json(capsys, "--data-dir", old_catalogue_copy, "leads", "list")
    assert lead_id in {lead["id"] for lead in leads}
    with caplog.at_level(logging.WARNING):
        case = file_case_from_lead(db, lead_id, agency_id=agency_id_for_code(NANHAI))
    # the copy in force knows no commercial_calls: the case starts without it (cited as messages, as before)
    assert case.violations == [VIOLATION] and case.law_conditions == []
    assert get_case(db, case.id).law_conditions == []
    said = [r.getMessage() for r in caplog.records if CALLS in r.getMessage()]
    assert said and "harassment_call" in said[0] and "catalogue" in said[0]
    assert not any("13800138000" in m or "138 0013 8000" in m or "楼盘" in m for m in said)  # no personal data
    assert case_law(db, get_case(db, case.id)).violated_norms  # its law is read under the copy in force


def test_the_rules_read_first_under_an_older_copy_are_the_rules_after_it_is_removed(old_catalogue_copy, db):
    from workstation.leads_workflow import category_law
    from workstation.screening.rules import load_rules

    under_old = load_rules()
    assert category_law(db, {"category": "harassment_call"})[1] == ()
    (old_catalogue_copy / "law" / "catalogue.toml").unlink()
    assert load_rules() is under_old  # one parse, whichever catalogue was in force when it was made
    assert category_law(db, {"category": "harassment_call"})[1] == (CALLS,)


def test_messages_without_calls_are_refused(db, call_case, english):
    from workstation.errors import ValidationError

    case = call_case("2025-03-01", ())
    choice = dict(act_on="2025-03-01", prior_punished=False, discretion_tier="", discretion_factors=[],
                  discretion_reason="", penalty_norm="", fine_fen=0)
    with pytest.raises(ValidationError) as refused:
        save_penalty_choice(db, case, **choice, law_conditions=[MESSAGES])
    labels = condition_labels()
    message = refused.value.errors["law_conditions"]
    assert labels[MESSAGES] in message and labels[CALLS] in message
    assert get_case(db, case.id).law_conditions == []
    assert save_penalty_choice(db, case, **choice, law_conditions=[MESSAGES, CALLS]).law_conditions == [
        MESSAGES, CALLS]
