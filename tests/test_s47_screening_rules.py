"""Screening category labels as the rules in force name them wherever a lead is shown (the board, the clocks, the
conflicts of a bundle), not as the shipped file does; a category key that stored leads or complaints use is named
when removed or renamed (the editor asks before saving), and two categories cannot share a label (refused in the rules
editor, nothing saved); and a short search finds full-width capitals typed in lower case."""

import pytest

from tests.helpers import insert_complaint_texts, undecided_lead
from workstation.screening import screen
from workstation.screening.rules import RulesError, parse_rules, save_rules, shipped_rules_path

FRAUD = '''
[[category]]
key = "fraud_call"
label = "冒充客服"
keywords = ["冒充客服"]
'''


def shipped() -> str:
    return shipped_rules_path().read_text(encoding="utf-8")


def with_fraud_category(text: str) -> str:
    """``text`` with a category fraud_call (冒充客服) after the shipped ones."""
    at = text.index("\n# 适用于所有类别")
    return text[:at] + FRAUD + text[at:]


def edited_rules() -> str:
    """The shipped rules with 骚扰电话 renamed 骚扰来电（改） and a category fraud_call added."""
    text = shipped().replace('label = "骚扰电话"', 'label = "骚扰来电（改）"')
    return with_fraud_category(text)


@pytest.fixture
def in_use(data_dir):
    from workstation.paths import data_dir_kept, use_data_dir

    with data_dir_kept():
        use_data_dir(data_dir)
        yield data_dir


def fraud_lead(db, data_dir) -> str:
    save_rules(data_dir, edited_rules())
    insert_complaint_texts(db, [("F1", "13900000001", "13712346666冒充客服打电话要验证码"),
                                ("F2", "13900000002", "13712346666又冒充客服来电")])
    screen(db)
    lead_id = db.execute("SELECT id FROM leads WHERE category = 'fraud_call'").fetchone()[0]
    return undecided_lead(db, lead_id)


def test_the_board_names_a_lead_by_the_label_of_the_rules_in_force(db, data_dir, in_use):
    from workstation.board_export import lead_label

    fraud_lead(db, data_dir)
    assert lead_label("", "", "", "fraud_call", "13712346666", "") == "冒充客服（137****6666）"
    assert lead_label("", "", "", "harassment_call", "13712346666", "").startswith("骚扰来电（改）")


def test_the_clocks_name_a_lead_by_the_label_of_the_rules_in_force(db, data_dir):
    # no data directory in use: the rules are those of the database's own directory
    from workstation.clocks import engine_for, lead_deadlines

    lead_id = fraud_lead(db, data_dir)
    labels = [d.case_number for d in lead_deadlines(db, engine_for(db)) if d.lead_id == lead_id]
    assert labels and "冒充客服" in labels[0] and "fraud_call" not in labels[0]


def test_a_conflict_shows_a_leads_category_by_the_label_of_the_rules_in_force(data_dir, in_use):
    from workstation.bundle.conflict_text import show_value

    save_rules(data_dir, edited_rules())
    assert show_value("category", "fraud_call", table="leads") == "冒充客服"
    assert show_value("category", "harassment_call", table="leads") == "骚扰来电（改）"


def test_two_categories_with_one_label_are_refused_naming_it(english):
    # refused as an edit (the rules editor, preview_rules, apply_rules); a file in force is read all the same
    from workstation.screening.rules import check_labels_apart

    text = shipped().replace('label = "垃圾短信"', 'label = "骚扰电话"')
    with pytest.raises(RulesError) as refused:
        check_labels_apart(parse_rules(text, "rules.toml"), text)
    message = refused.value.message
    assert "骚扰电话" in message and "category[2].label" in message and refused.value.line
    check_labels_apart(parse_rules(shipped().replace('label = "垃圾短信"', 'label = "短信"'), "rules.toml"))


def test_removing_or_renaming_a_key_that_data_uses_is_listed_and_saved(db, data_dir, english):
    # (refused until session 50: the shipped rules could then never be put back once a category was added and used)
    from workstation.screening.rules import dropped_categories
    from workstation.screening.screen import apply_rules, preview_rules

    fraud_lead(db, data_dir)
    leads = db.execute("SELECT COUNT(*) FROM leads WHERE category = 'fraud_call'").fetchone()[0]
    renamed = edited_rules().replace('key = "fraud_call"', 'key = "fraud"')
    for text in (shipped(), renamed):
        assert dropped_categories(db, parse_rules(text)) == [("fraud_call", leads, 2)]
        note = preview_rules(db, text).dropped_note()
        assert "fraud_call" in note and "冒充客服" in note and f"{leads} lead" in note
    # a label changed, the key kept: nothing dropped
    relabelled = edited_rules().replace('label = "冒充客服"', 'label = "冒充客服来电"')
    assert dropped_categories(db, parse_rules(relabelled)) == []
    apply_rules(db, data_dir, relabelled)
    assert db.execute("SELECT COUNT(*) FROM leads WHERE category = 'fraud_call'").fetchone()[0] == leads
    # renamed: the complaints of the lead still open are screened again with the new key
    apply_rules(db, data_dir, renamed)
    assert set(dict(db.execute("SELECT external_id, category FROM complaints")).values()) == {"fraud"}


def test_the_rules_editor_asks_before_removing_a_key_in_use(db, data_dir, prompts, qtbot, english):
    from ui.rules_editor import RulesEditor
    from ui.task_runner import ImmediateRunner

    fraud_lead(db, data_dir)
    before = db.execute("SELECT id, category, status FROM leads ORDER BY id").fetchall()
    editor = RulesEditor(db, data_dir, prompts, runner=ImmediateRunner())
    qtbot.addWidget(editor)
    editor.text.setPlainText(edited_rules().replace('key = "fraud_call"', 'key = "fraud"'))
    assert editor.preview() is True
    assert "fraud_call" in editor.result.toPlainText()
    editor.save()  # not confirmed
    assert not editor.saved and prompts.confirmations and "fraud_call" in prompts.confirmations[-1]
    assert not prompts.errors
    assert (data_dir / "screening" / "rules.toml").read_text(encoding="utf-8") == edited_rules()
    assert db.execute("SELECT id, category, status FROM leads ORDER BY id").fetchall() == before


def test_a_short_search_in_lower_case_finds_full_width_capitals(db):
    from workstation.store.complaints import search_complaints

    insert_complaint_texts(db, [("Z1", "13900000001", "ＴＤ退订：收到推销短信"),
                                ("Z2", "13900000002", "ｖｉｐ会员推销")])
    for query, found in (("td", "Z1"), ("TD", "Z1"), ("ｔｄ", "Z1"), ("VI", "Z2"), ("vi", "Z2"), ("ＶＩ", "Z2")):
        hits = search_complaints(db, query)
        assert [h.external_id for h in hits] == [found], query
