"""The rules editor and the complaint verdict's clearing refuse what would fail later: a lead summary template that
cannot be filled in (a bad format spec, a bad brace) is refused when checked, in the officer's words, not at Save
deep in screening; an edited rules file not saved as UTF-8 opens the editor with the shipped rules offered instead
of crashing it; and clearing an officer's verdict on a complaint never corrected is refused, changing nothing."""

import uuid

import pytest

from tests.helpers import insert_complaint_texts, open_db, run, run_json
from workstation.errors import TransitionRefused
from workstation.screening import screen
from workstation.screening.rules import RulesError, parse_rules, shipped_rules_path

SHIPPED_TEMPLATE = 'template = "{category}：'
PYTHON_WORDS = ("Single '}'", "Single '{'", "Invalid format specifier", "Unknown conversion", "unmatched",
                "expected '}'", "expected ':'", "Unknown format code", "KeyError", "not allowed")


def with_template_start(start: str) -> str:
    shipped = shipped_rules_path().read_text(encoding="utf-8")
    assert SHIPPED_TEMPLATE in shipped
    return shipped.replace(SHIPPED_TEMPLATE, f'template = "{start}{{category}}：')


@pytest.mark.parametrize("bad, said", [
    ("{count:abc}", "format"), ("{first:%Y}", "format"), ("{count!z}", "!z"), ("{phones:>{x}}", "format"),
    ("{count:.2}", "format"), ("{category:d}", "format"), ("{{category}", "bracket"), ("{count!}", "bracket"),
    ("{count", "bracket"), ("}", "bracket"), ("{count!rr}", "bracket"),
])
def test_a_summary_template_that_cannot_be_filled_in_is_refused_in_the_officers_words(bad, said, english):
    with pytest.raises(RulesError) as refused:
        parse_rules(with_template_start(bad), "rules.toml")
    message = refused.value.message
    assert "summary.template" in message and said in message and refused.value.line
    assert not any(words in message for words in PYTHON_WORDS), message


@pytest.mark.parametrize("good", ["{count:>3}", "{count:d}", "{count:,}", "{first:<12}", "{{字面}}", "{phones!s}",
                                  "{place:^8.4}"])
def test_a_summary_template_that_can_be_filled_in_is_kept(good):
    rules = parse_rules(with_template_start(good), "rules.toml")
    assert rules.summary["template"].startswith(good)


def test_the_rules_editor_refuses_a_broken_template_at_preview_and_save_changing_nothing(db, data_dir, prompts,
                                                                                           qtbot, english):
    from ui.rules_editor import RulesEditor
    from ui.task_runner import ImmediateRunner

    insert_complaint_texts(db, [("R1", "13900139000", "骚扰电话天天打来推销楼盘，个人信息被泄露")])
    screen(db)
    leads = db.execute("SELECT * FROM leads ORDER BY id").fetchall()
    editor = RulesEditor(db, data_dir, prompts, runner=ImmediateRunner())
    qtbot.addWidget(editor)
    editor.text.setPlainText(editor.typed().replace(SHIPPED_TEMPLATE, 'template = "{count:abc}{category}：'))
    assert editor.preview() is False
    assert "summary.template" in editor.result.toPlainText()
    editor.save()
    assert not editor.saved and prompts.errors and "summary.template" in prompts.errors[-1]
    assert not any(words in prompts.errors[-1] for words in PYTHON_WORDS)
    assert not (data_dir / "screening" / "rules.toml").exists()
    assert db.execute("SELECT * FROM leads ORDER BY id").fetchall() == leads


@pytest.mark.parametrize("encoding", ["gb18030", "utf-16"])
def test_the_rules_editor_opens_on_an_edited_copy_not_saved_as_utf8_offering_the_shipped_rules(
        db, data_dir, prompts, qtbot, english, encoding):
    from ui.rules_editor import RulesEditor
    from ui.task_runner import ImmediateRunner

    shipped = shipped_rules_path().read_text(encoding="utf-8")
    edited = data_dir / "screening" / "rules.toml"
    edited.parent.mkdir()
    edited.write_bytes(shipped.replace('"呼死你",', '"呼死你", "推销保险",').encode(encoding))
    editor = RulesEditor(db, data_dir, prompts, runner=ImmediateRunner())
    qtbot.addWidget(editor)
    assert editor.typed() == shipped  # the shipped rules offered in its place
    said = editor.unreadable.text()
    assert not editor.unreadable.isHidden() and str(edited) in said and "UTF-8" in said and "shipped" in said
    assert edited.read_bytes() == shipped.replace('"呼死你",', '"呼死你", "推销保险",').encode(encoding)  # as it was
    editor.save()  # the only repair: the shipped rules put in force, the unreadable copy removed
    assert editor.saved and not prompts.errors and not edited.exists()


def test_the_rules_editor_opens_an_edited_copy_in_utf8_without_a_warning(db, data_dir, prompts, qtbot):
    from ui.rules_editor import RulesEditor

    text = shipped_rules_path().read_text(encoding="utf-8").replace('"呼死你",', '"呼死你", "推销保险",')
    (data_dir / "screening").mkdir()
    (data_dir / "screening" / "rules.toml").write_text(text, encoding="utf-8")
    editor = RulesEditor(db, data_dir, prompts)
    qtbot.addWidget(editor)
    assert editor.typed() == text and editor.unreadable.isHidden()


LEAK = "接到13812345678的骚扰电话推销楼盘，个人信息被泄露。"


def add(db, external_id, text):
    db.execute("INSERT INTO complaints (id, source, channel, external_id, received_at, text, created_at) "
               "VALUES (?, '12345', '12345', ?, '2026-03-02 10:00:00', ?, '2026-03-31T00:00:00+08:00')",
               [str(uuid.uuid4()), external_id, text])


def stored_state(db):
    return (db.execute("SELECT * FROM complaints ORDER BY rowid").fetchall(),
            db.execute("SELECT * FROM leads ORDER BY id").fetchall(),
            db.execute("SELECT COUNT(*) FROM audit").fetchone()[0])


def test_clearing_a_verdict_never_recorded_is_refused_changing_nothing(db, english):
    from workstation.screening.verdict import correct_complaint

    add(db, "V1", LEAK)
    screen(db)
    before = stored_state(db)
    with pytest.raises(TransitionRefused) as refused:
        correct_complaint(db, "V1", None)
    assert "V1" in refused.value.message and "no" in refused.value.message
    assert stored_state(db) == before
    correct_complaint(db, "V1", "unrelated", "误判")
    assert correct_complaint(db, "V1", None).verdict is None  # one recorded is cleared


def test_the_command_line_refuses_clear_on_a_complaint_never_corrected(data_dir, capsys, english):
    run_json(capsys, "--data-dir", data_dir, "init", "--plaintext")
    db = open_db(data_dir)
    add(db, "V1", LEAK)
    screen(db)
    before = stored_state(db)
    db.conn.close()
    code, out, err = run(capsys, "--data-dir", data_dir, "complaints", "correct", "V1", "--clear")
    assert code == 1 and out == "" and "V1" in err and "no officer's verdict" in err
    db = open_db(data_dir)
    assert stored_state(db) == before
    db.conn.close()


def test_the_windows_restore_refuses_a_complaint_whose_verdict_was_cleared_meanwhile(db, prompts, qtbot, english):
    from PySide6.QtWidgets import QWidget

    from ui.complaint_verdict import clear_correction, clear_corrections
    from workstation.screening.verdict import correct_complaint

    add(db, "V1", LEAK)
    add(db, "V2", LEAK.replace("泄露", "卖"))
    screen(db)
    correct_complaint(db, "V2", "unrelated", "误判")
    parent = QWidget()
    qtbot.addWidget(parent)
    prompts.confirm_answer = True
    before = stored_state(db)
    assert clear_correction(parent, db, prompts, db.execute(
        "SELECT id FROM complaints WHERE external_id = 'V1'").fetchone()[0], "V1") is False
    assert prompts.errors and "V1" in prompts.errors[-1] and stored_state(db) == before
    ids = [(r[0], r[1]) for r in db.execute("SELECT id, external_id FROM complaints ORDER BY external_id")]
    assert clear_corrections(parent, db, prompts, ids) is False  # all or none
    assert stored_state(db) == before
