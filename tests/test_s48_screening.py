"""Found auditing the complaint screening: saving edited rules keeps the category of the complaints in leads already
acted on (the lead is evidence of what was screened then), and the preview says how many of them it keeps; the preview
and Restore in the rules editor work while the edited copy cannot be read (the shipped rules stand in for it); sector
hints read traditional characters as categories do; and a lead registered by hand that complaints joined lists the
business it names in ``leads screen --json``."""

import pytest

from tests.helpers import insert_complaint_texts, undecided_lead
from workstation.screening import screen
from workstation.screening.rules import RULES_PARTS, shipped_rules_path


def shipped() -> str:
    return shipped_rules_path().read_text(encoding="utf-8")


def without_loan_sms() -> str:
    """The shipped rules without the keyword 贷款短信 (of 垃圾短信)."""
    text = shipped()
    edited = text.replace('"贷款短信", ', "")
    assert edited != text
    return edited


ACTED = "13712346666"  # the number of the lead an officer assigned
OPEN = "13811112222"  # the number of a lead screening made, still open


@pytest.fixture
def two_leads(db):
    """Two leads of loan SMS complaints (flagged by 贷款短信 only): one assigned, one as screening made it."""
    insert_complaint_texts(db, [("A1", "13900000001", f"{ACTED}天天发贷款短信"),
                                ("A2", "13900000002", f"又收到{ACTED}的贷款短信"),
                                ("B1", "13900000003", f"{OPEN}发来贷款短信"),
                                ("B2", "13900000004", f"{OPEN}的贷款短信")])
    screen(db)
    acted = db.execute("SELECT lead_id FROM complaints WHERE external_id = 'A1'").fetchone()[0]
    undecided_lead(db, acted, agency_code="440604")
    assert db.execute("SELECT status FROM leads WHERE id = ?", [acted]).fetchone()[0] == "assigned"
    return acted


def categories(db) -> dict:
    return dict(db.execute("SELECT external_id, category FROM complaints"))


# --- 1. complaints in a lead acted on keep their category ------------------------------------------------------------


def test_saving_rules_keeps_the_category_of_complaints_in_a_lead_acted_on(db, data_dir, two_leads):
    from workstation.screening.screen import apply_rules

    result = apply_rules(db, data_dir, without_loan_sms())
    found = categories(db)
    assert found["A1"] == found["A2"] == "marketing_sms"  # kept: the basis of the lead acted on
    assert found["B1"] == found["B2"] == ""  # a lead screening made follows the rules
    lead = next(lead for lead in result.as_dict()["leads"] if lead["id"] == two_leads)
    assert sorted(lead["complaint_ids"]) == ["A1", "A2"]
    assert set(lead["complaint_ids"]) <= set(result.related_ids)
    assert result.related == 2
    count = db.execute("SELECT complaint_count FROM leads WHERE id = ?", [two_leads]).fetchone()[0]
    assert count == db.execute("SELECT COUNT(*) FROM complaints WHERE lead_id = ? AND category != ''",
                               [two_leads]).fetchone()[0] == 2


def test_screening_everything_again_keeps_them_too(db, data_dir, two_leads):
    from workstation.screening.rules import save_rules

    save_rules(data_dir, without_loan_sms())
    screen(db, everything=True)
    assert categories(db)["A1"] == "marketing_sms"


def test_the_preview_says_how_many_it_keeps_in_leads_acted_on(db, data_dir, two_leads, english):
    from workstation.screening.screen import preview_rules

    preview = preview_rules(db, without_loan_sms())
    assert preview.removed_count == 4
    assert preview.kept_count == preview.kept_removed == 2
    assert preview.kept_note() == ("2 complaints the edited rules no longer flag are in leads already acted on: they "
                                   "keep their category and stay flagged.")
    assert preview_rules(db, shipped()).kept_note() == ""


def test_the_rules_editor_shows_the_note(db, data_dir, two_leads, prompts, qtbot, english):
    from ui.rules_editor import RulesEditor
    from ui.task_runner import ImmediateRunner

    editor = RulesEditor(db, data_dir, prompts, runner=ImmediateRunner())
    qtbot.addWidget(editor)
    editor.text.setPlainText(without_loan_sms())
    assert editor.preview()
    assert "2 complaints the edited rules no longer flag" in editor.result.toPlainText()


# --- 2. an edited copy that cannot be read: the shipped rules stand in for it -----------------------------------------


@pytest.fixture
def unreadable_copy(db, data_dir):
    insert_complaint_texts(db, [("C1", "13900000001", "13712346666天天发贷款短信"),
                                ("C2", "13900000002", "小区门口占道经营")])
    screen(db)
    target = data_dir.joinpath(*RULES_PARTS)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(shipped().encode("gb18030"))
    return target


def test_the_preview_compares_with_the_shipped_rules_when_the_copy_cannot_be_read(db, unreadable_copy):
    from workstation.screening.screen import preview_rules

    same = preview_rules(db, shipped())
    assert (same.flagged_before, same.flagged_after, same.removed_count) == (1, 1, 0)
    fewer = preview_rules(db, without_loan_sms())
    assert (fewer.flagged_before, fewer.flagged_after, fewer.removed_count) == (1, 0, 1)


def test_the_editor_previews_and_restores_while_the_copy_cannot_be_read(db, data_dir, unreadable_copy, prompts,
                                                                       qtbot, english):
    from ui.rules_editor import RulesEditor
    from ui.task_runner import ImmediateRunner

    editor = RulesEditor(db, data_dir, prompts, runner=ImmediateRunner())
    qtbot.addWidget(editor)
    assert editor.unreadable.text()  # the shipped rules shown in its place
    assert editor.preview()
    assert editor.result.toPlainText().startswith("Flagged now: 1; with the edited rules: 1")
    editor.text.setPlainText(without_loan_sms())
    assert editor.preview()
    assert editor.result.toPlainText().startswith("Flagged now: 1; with the edited rules: 0")
    prompts.confirm_answer = True
    assert editor.restore_shipped()
    assert not prompts.errors
    assert editor.result.toPlainText().startswith("Flagged now: 1; with the shipped rules: 1")
    assert editor.typed() == shipped()


# --- 3. sector hints read traditional characters ---------------------------------------------------------------------


def test_a_sector_hint_reads_traditional_characters():
    from workstation.screening import screen_complaint, sector_hint

    found = screen_complaint("每天接到推銷樓盤的騷擾電話13900000009")
    assert (found.category, found.sector) == ("harassment_call", "real_estate")
    assert sector_hint("推銷樓盤") == "real_estate"
    assert sector_hint("網貸額度") == "microloan"


# --- 4. a lead registered by hand lists the business it names --------------------------------------------------------


def test_a_hand_lead_that_complaints_joined_lists_its_business(db):
    from workstation.leads_register import LeadEntry, register_lead

    party = "佛山市南海区誉嘉科技有限公司"
    lead_id = register_lead(db, LeadEntry(source="report", received_at="2026-03-01 09:00",
                                          description="群众来信反映被骚扰", party=party)).id
    insert_complaint_texts(db, [("H1", "13900000001", f"{party}天天打电话推销，骚扰电话不断"),
                                ("H2", "13900000002", f"{party}的骚扰电话")])
    first = screen(db)
    assert first.joined.get(lead_id)
    lead = next(lead for lead in first.as_dict()["leads"] if lead["id"] == lead_id)
    assert lead["businesses"] == [party]
    again = next(lead for lead in screen(db).as_dict()["leads"] if lead["id"] == lead_id)
    assert again["businesses"] == [party] and sorted(again["complaint_ids"]) == ["H1", "H2"]
