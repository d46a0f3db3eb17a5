"""A rules file whose key has no value after its "=" (``version = ``) is refused saying the value is missing, at its
line, not with the advice on quoting words meant for a word typed in Chinese quotes."""

import re

import pytest

from workstation.screening.rules import RulesError, parse_rules, shipped_rules_path

MISSING = 'the value of {key} after "=" is missing: write it on the same line after the "="'


@pytest.mark.parametrize(("text", "key", "line"), [
    ("version = \n", "version", 1),
    ("version =   # 规则版本\n", "version", 1),
    ("[phones]\ndefault_area_code =\n[summary]\n", "default_area_code", 2),
    ('exclusions = ["满意度回访"]\nversion = ', "version", None),  # at the very end of the file
])
def test_a_key_without_a_value_is_said_to_miss_its_value(text, key, line, english):
    with pytest.raises(RulesError) as refused:
        parse_rules(text, "规则.toml")
    message = str(refused.value)
    assert MISSING.format(key=key) in message and "half-width double quotes \"…\" (not" not in message
    if line:
        assert f"规则.toml: not a valid TOML file at line {line}, column" in message


def test_a_word_in_chinese_quotes_still_gets_the_advice_on_quoting(english):
    with pytest.raises(RulesError) as refused:
        parse_rules('exclusions = ["满意度回访", “快递取件码”]\n')
    assert 'write each word in half-width double quotes "…" (not “…”)' in str(refused.value)
    assert "is missing" not in str(refused.value)


def test_the_rules_preview_names_the_missing_version(db, data_dir, prompts, qtbot, english):
    from ui.rules_editor import RulesEditor

    shipped = shipped_rules_path().read_text(encoding="utf-8")
    typed = re.sub(r"(?m)^version = .*$", "version = ", shipped, count=1)
    line = typed[:typed.index("version = ")].count("\n") + 1
    editor = RulesEditor(db, data_dir, prompts)
    qtbot.addWidget(editor)
    editor.text.setPlainText(typed)
    assert not editor.preview()
    shown = editor.result.toPlainText()
    assert shown.startswith(f"the edited rules: not a valid TOML file at line {line}, column")
    assert MISSING.format(key="version") in shown and "(not “…”)" not in shown
