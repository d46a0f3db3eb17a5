"""Found auditing screening: a lead's verification period (T1) no longer restarts when screening joins two leads (the
lead received first goes on, with its id and day received) or splits one (the part made a lead of its own keeps the
day the lead was received); the rules editor counts in its preview the leads saving would remove and asks before
saving such rules; and a keyword written like a regular expression (推销.*电话), which is matched as plain text, is
warned of, naming its line, without being refused."""

import importlib

import pytest

from tests.helpers import insert_complaint_texts
from workstation.leads_workflow import get_lead_row, t1_due
from workstation.screening import screen
from workstation.screening.rules import RULES_PARTS, parse_rules, shipped_rules_path

EARLY, LATER, LATEST = "2026-03-03T10:00:00+08:00", "2026-03-20T10:00:00+08:00", "2026-04-01T10:00:00+08:00"
ONE, TWO = "13911110001", "13911110002"  # the lead of ONE gets the group key when the two are joined (the smaller)


def screened_on(monkeypatch, db, stamp: str):
    """Screen as a run on the day ``stamp`` would (the day a lead it makes is received)."""
    module = importlib.import_module("workstation.screening.screen")
    with monkeypatch.context() as patched:
        patched.setattr(module, "now", lambda: stamp)
        return screen(db)


def applied_on(monkeypatch, db, data_dir, text: str, stamp: str):
    from workstation.screening.screen import apply_rules

    module = importlib.import_module("workstation.screening.screen")
    with monkeypatch.context() as patched:
        patched.setattr(module, "now", lambda: stamp)
        return apply_rules(db, data_dir, text)


def lead_of(db, external_id: str) -> str | None:
    return db.execute("SELECT lead_id FROM complaints WHERE external_id = ?", [external_id]).fetchone()[0]


def leads(db) -> list[str]:
    return [row[0] for row in db.execute("SELECT id FROM leads ORDER BY id")]


def shipped() -> str:
    return shipped_rules_path().read_text(encoding="utf-8")


def excluding(word: str) -> str:
    """The shipped rules with ``word`` ruling a complaint out (an outage)."""
    text = shipped()
    edited = text.replace('outages = ["信号差", ', f'outages = ["{word}", "信号差", ')
    assert edited != text
    return edited


# --- 1. T1 does not restart when leads are joined or split ------------------------------------------------------------


def test_two_leads_joined_go_on_as_the_one_received_first_with_its_day_and_id(db, monkeypatch):
    insert_complaint_texts(db, [("B1", "13600000002", f"每天接到{TWO}的骚扰电话推销楼盘")], month="03")
    screened_on(monkeypatch, db, EARLY)
    first = lead_of(db, "B1")
    due = t1_due(db, get_lead_row(db, first))
    insert_complaint_texts(db, [("A1", "13600000001", f"每天接到{ONE}的骚扰电话推销楼盘")], month="04")
    screened_on(monkeypatch, db, LATER)
    later = lead_of(db, "A1")
    assert later != first and get_lead_row(db, later)["group_key"] == ONE
    # a complaint naming both numbers joins the two leads
    insert_complaint_texts(db, [("C1", "13600000003", f"每天接到{ONE}和{TWO}的骚扰电话推销楼盘")], month="05")
    result = screened_on(monkeypatch, db, LATEST)
    assert result.removed == 1 and leads(db) == [first]
    assert lead_of(db, "A1") == lead_of(db, "B1") == lead_of(db, "C1") == first
    lead = get_lead_row(db, first)
    assert lead["received_at"] == EARLY and lead["complaint_count"] == 3 and lead["group_key"] == ONE
    assert t1_due(db, lead) == due  # the deadline the board showed for it stands


def test_a_lead_split_in_two_keeps_its_day_received_in_both(db, data_dir, monkeypatch):
    insert_complaint_texts(db, [("X1", "13600000001", f"每天接到{ONE}的骚扰电话推销楼盘"),
                                ("X2", "13600000002", f"{ONE}和{TWO}都打来骚扰电话推销保险"),
                                ("X3", "13600000003", f"接到{TWO}的骚扰电话推销楼盘")], month="03")
    screened_on(monkeypatch, db, EARLY)
    [lead] = leads(db)
    due = t1_due(db, get_lead_row(db, lead))
    # the complaint joining the two numbers is no longer flagged: two groups, one going on as the lead
    result = applied_on(monkeypatch, db, data_dir, excluding("推销保险"), LATER)
    assert lead_of(db, "X2") is None and result.created == 1
    one, two = lead_of(db, "X1"), lead_of(db, "X3")
    assert lead in (one, two) and one != two
    for part in (one, two):
        row = get_lead_row(db, part)
        assert row["received_at"] == EARLY and t1_due(db, row) == due


def test_a_lead_found_again_alone_keeps_its_day_as_before(db, monkeypatch):
    insert_complaint_texts(db, [("B1", "13600000002", f"每天接到{TWO}的骚扰电话推销楼盘")], month="03")
    screened_on(monkeypatch, db, EARLY)
    first = lead_of(db, "B1")
    insert_complaint_texts(db, [("B2", "13600000004", f"又接到{TWO}的骚扰电话推销楼盘")], month="04")
    screened_on(monkeypatch, db, LATER)
    assert leads(db) == [first] and get_lead_row(db, first)["received_at"] == EARLY


# --- 2. the preview counts the leads saving would remove, and Save asks first ---------------------------------------


@pytest.fixture
def two_leads(db, monkeypatch):
    """A lead about ONE whose complaints all mention 推销保险, and one about TWO that does not."""
    insert_complaint_texts(db, [("P1", "13600000001", f"{ONE}打来骚扰电话推销保险"),
                                ("P2", "13600000002", f"又是{ONE}的骚扰电话推销保险"),
                                ("Q1", "13600000003", f"接到{TWO}的骚扰电话推销楼盘")], month="03")
    screened_on(monkeypatch, db, EARLY)
    return lead_of(db, "P1"), lead_of(db, "Q1")


def test_the_preview_counts_the_leads_saving_would_remove(db, data_dir, two_leads, english):
    from workstation.screening.screen import apply_rules, preview_rules

    dropped, kept = two_leads
    preview = preview_rules(db, excluding("推销保险"))
    assert preview.removed_count == 2  # complaints
    assert preview.leads_removed == 1 and [lead["id"] for lead in preview.removed_leads] == [dropped]
    assert "1 lead not acted on yet" in preview.leads_removed_note()
    assert preview_rules(db, shipped()).leads_removed == 0
    result = apply_rules(db, data_dir, excluding("推销保险"))
    assert result.removed == preview.leads_removed and leads(db) == [kept]


def test_the_preview_counts_a_lead_joined_to_another(db, data_dir, monkeypatch, english):
    from workstation.screening.screen import apply_rules, preview_rules

    insert_complaint_texts(db, [("A1", "13600000001", f"每天接到{ONE}的骚扰电话推销楼盘"),
                                ("B1", "13600000002", f"每天接到{TWO}的骚扰电话推销楼盘"),
                                # not flagged by the shipped rules: grouped by the number it names first into the
                                # lead of ONE only (walkthrough74); flagged, it joins the two leads
                                ("C1", "13600000003", f"{ONE}和{TWO}天天打来问要不要买房")], month="03")
    screened_on(monkeypatch, db, EARLY)
    assert lead_of(db, "C1") == lead_of(db, "A1") and len(leads(db)) == 2
    text = shipped().replace('"呼死你",', '"呼死你", "要不要买房",')
    assert text != shipped()
    preview = preview_rules(db, text)
    assert preview.leads_removed == 1
    assert apply_rules(db, data_dir, text).removed == 1 and len(leads(db)) == 1


def test_the_editor_shows_the_leads_removed_and_asks_before_saving(db, data_dir, two_leads, prompts, qtbot,
                                                                   english):
    from ui.rules_editor import RulesEditor
    from ui.task_runner import ImmediateRunner

    dropped, kept = two_leads
    editor = RulesEditor(db, data_dir, prompts, runner=ImmediateRunner())
    qtbot.addWidget(editor)
    editor.text.setPlainText(excluding("推销保险"))
    assert editor.preview()
    pane = editor.result.toPlainText()
    assert "1 lead not acted on yet" in pane and "139****0001" in pane and ONE not in pane
    editor.save()  # asked, answered no: nothing saved, the lead stays
    assert not editor.saved and len(prompts.destructive) == 1
    assert "1 lead not acted on yet" in prompts.destructive[0]
    assert not data_dir.joinpath(*RULES_PARTS).exists() and sorted(leads(db)) == sorted([dropped, kept])
    prompts.confirm_answer = True
    editor.save()
    assert editor.saved and leads(db) == [kept] and editor.screened.removed == 1


def test_the_editor_does_not_ask_when_no_lead_is_removed(db, data_dir, two_leads, prompts, qtbot, english):
    from ui.rules_editor import RulesEditor
    from ui.task_runner import ImmediateRunner

    editor = RulesEditor(db, data_dir, prompts, runner=ImmediateRunner())
    qtbot.addWidget(editor)
    editor.text.setPlainText(excluding("推销汽车"))
    editor.save()
    assert editor.saved and not prompts.confirmations and len(leads(db)) == 2


# --- 3. a keyword written as a regular expression is warned of, naming its line ---------------------------------------


def regex_keyword() -> tuple[str, int]:
    text = shipped().replace('"呼死你",', '"呼死你", "推销.*电话",')
    assert text != shipped()
    return text, next(n for n, line in enumerate(text.splitlines(), 1) if "推销.*电话" in line)


@pytest.mark.parametrize("word", ["推销.*电话", "推销|骚扰", "[推销]电话", "(推销)电话", "推销.电话"])
def test_a_word_written_like_a_regular_expression_is_found_with_its_line(word):
    from workstation.screening.rules import regex_like_words

    text = shipped().replace('"呼死你",', f'"呼死你", "{word}",')
    line = next(n for n, written in enumerate(text.splitlines(), 1) if word in written)
    parse_rules(text)  # not refused
    assert regex_like_words(text) == [(line, word)]


def test_the_shipped_rules_hold_no_word_like_a_regular_expression():
    from workstation.screening.rules import regex_like_words

    assert regex_like_words(shipped()) == []


def test_an_exclusion_or_sector_word_like_a_regular_expression_is_found_too():
    from workstation.screening.rules import regex_like_words

    text = shipped().replace('outages = ["信号差", ', 'outages = ["信号(差|弱)", "信号差", ')
    line = next(n for n, written in enumerate(text.splitlines(), 1) if "信号(差|弱)" in written)
    assert regex_like_words(text) == [(line, "信号(差|弱)")]


def test_the_editor_warns_of_a_keyword_like_a_regular_expression_naming_its_line(db, data_dir, two_leads, prompts,
                                                                                 qtbot, english):
    from ui.rules_editor import RulesEditor
    from ui.task_runner import ImmediateRunner

    text, line = regex_keyword()
    editor = RulesEditor(db, data_dir, prompts, runner=ImmediateRunner())
    qtbot.addWidget(editor)
    editor.text.setPlainText(text)
    assert editor.preview()  # tried, not refused
    pane = editor.result.toPlainText()
    assert f"Line {line}:" in pane and "“推销.*电话”" in pane and "plain text" in pane
    editor.save()  # warned at Save too: answered no, nothing saved
    assert not editor.saved and len(prompts.confirmations) == 1
    assert f"Line {line}:" in prompts.confirmations[0] and "推销.*电话" in prompts.confirmations[0]
    assert not data_dir.joinpath(*RULES_PARTS).exists()
    prompts.confirm_answer = True
    editor.save()  # a warning, not a refusal: saved when the officer says so
    assert editor.saved and data_dir.joinpath(*RULES_PARTS).read_text(encoding="utf-8") == text
