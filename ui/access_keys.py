"""Alt letters for buttons whose texts come from data (a case's procedure actions change with its state): each gets
a letter no other control shown with it answers to, written the way the language writes it — "&File a case" in
English, "立案(&I)" in Chinese, whose words have no letter of their own. A case's buttons take the letters of
``ACTION_LETTERS``, the same in every case; a letter is made up only where another control took it."""

from __future__ import annotations

import re

from PySide6.QtWidgets import QAbstractButton, QLabel, QTabBar, QWidget

from ui.layouts import shortcut_hint

MNEMONIC = re.compile(r"(?<!&)&([^&\s])")  # "&Status", "办理状态(&S)"; "&&" is a plain "&"
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# The Alt letter of 编辑案件 and of each procedure action (``workstation.procedure.TRANSITIONS``), by the button's
# object name without "action_": a letter of the action's English name, so that the officer finds the same one on
# every case. No two actions offered in one state share a letter, nor take one of the window's menus and the case
# page's tabs (F C G H D L, ``ui.case_workspace.WINDOW_LETTERS``): tests/test_keyboard_kbd.py checks it.
ACTION_LETTERS = {
    "edit_case": "E",
    "file": "I", "decline_filing": "N", "decide_on_the_spot": "S",  # 立案(&I) 不予立案(&N) 当场处罚(&S)
    "suspend": "S", "resume": "U", "conclude_investigation": "O", "terminate": "R",  # 中止 恢复 调查终结 终止调查
    "transfer_to_police": "T", "resume_after_police": "U",  # 移送公安机关(&T) 公安不予立案，恢复办理(&U)
    "submit_review": "S", "send_pre_notice": "N",  # 提交审核(&S) 送达行政处罚告知书(&N)
    "waive_statement": "W", "request_hearing": "R", "end_statement_period": "P",  # 放弃陈述申辩 申请听证 陈述申辩期满
    "conclude_hearing": "O", "decide_penalty": "P", "decide_no_penalty": "O",  # 听证结束 作出(不予)行政处罚决定
    "withdraw_hearing": "I", "hearing_absent": "A",  # 当事人撤回听证申请(&I) 当事人无正当理由未参加听证(&A)
    "serve_decision": "S", "record_performance": "R", "close": "O", "archive": "A",  # 送达 履行完毕 结案 归档
    "apply_enforcement": "A",  # 申请法院强制执行(&A): offered while served, never beside 归档
    "redecide": "I",  # 复议或判决责令重新作出，重新决定(&I): after the decision, beside 送达, 履行完毕, 结案
    "leave_simple_procedure": "P",  # 转为普通程序(&P): a case decided on the spot, its decision voided
    "return_for_investigation": "R",  # 退回补充调查(&R): under review or awaiting the decision
}

# The Alt keys of the case page's other buttons, by object name, once its letters and digits were all taken (the
# window's menus and tabs, ``ACTION_LETTERS``, the evidence register's, the documents' and deadlines' digits): the
# punctuation keys typed without Shift, each pressed with Alt as a letter is ("打开(&-)" answers to Alt+-). A case's
# 显示完整号码 and 编辑当事人… share X and Q instead, which go with the keyboard (``ui.case_workspace``).
CASE_PAGE_KEYS = {
    "open_document": "-", "save_document": "=", "correct_document": "[", "void_document": "]",  # 打开 另存PDF… 更正… 作废…
    "publication_copy": "\\",  # 公示版…
    "undo_clock_removal": ";", "new_calendar_file": ",", "import_calendar": ".", "open_calendar_folder": "/",
    "open_lead": "'", "transfer_police": "`",  # 打开线索, the legal assessment's 移送公安机关…
    # the deadlines' calendar note's 详情(&?)…, those keys all taken: Alt+? (Alt+Shift+/, the key of 打开日历文件夹(&/)
    # beside it, with Shift), which Qt matches as typed
    "calendar_note_details": "?",
}


def case_key_hint(text: str, name: str, *other_keys: str) -> str:
    """``text`` followed by the Alt key of the case page's button ``name`` (``CASE_PAGE_KEYS``), after ``other_keys``
    that do the same, as its tooltip says it: "打开线索 (Alt+')", "撤销删除 (Ctrl+Z, Alt+;)" — the key named, as in
    Chinese the mark under a punctuation key is barely seen."""
    return shortcut_hint(text, ", ".join([*other_keys, f"Alt+{CASE_PAGE_KEYS[name]}"]))


def letter_of(text: str) -> str | None:
    """The Alt letter of ``text`` (upper case), None when it has none."""
    found = MNEMONIC.search(text)
    return found.group(1).upper() if found else None


def letters_in(widget: QWidget, leave_out=()) -> set[str]:
    """The Alt letters of the buttons, labels with a buddy and tab titles inside ``widget`` (hidden ones too: they
    show once their section does), but not those of the widgets in ``leave_out``."""
    texts = []
    for child in widget.findChildren(QWidget):
        if child in leave_out:
            continue
        if isinstance(child, QAbstractButton) or (isinstance(child, QLabel) and child.buddy() is not None):
            texts.append(child.text())
        elif isinstance(child, QTabBar):
            texts += [child.tabText(i) for i in range(child.count())]
    return {letter for text in texts for letter in [letter_of(text)] if letter}


def with_letter(text: str, taken: set[str], hint: str = "") -> tuple[str, str | None]:
    """``text`` with an Alt letter not in ``taken``, and that letter: the first free letter of its own words (an
    English label), else the first free one of ``hint`` (the action's name: "suspend" → "中止调查(&S)…"), else of
    the alphabet, written after it before a closing "…"; ``text`` unchanged and None when it has a letter already
    or every letter is taken. A literal "&" is doubled first."""
    if letter_of(text):
        return text, None
    plain = text.replace("&", "&&")
    for index, char in enumerate(plain):
        if char.isascii() and char.isalpha() and char.upper() not in taken and (index == 0 or plain[index - 1] != "&"):
            return plain[:index] + "&" + plain[index:], char.upper()
    free = next((letter for letter in hint.upper() + LETTERS if letter in LETTERS and letter not in taken), None)
    if free is None:
        return text, None
    stem, dots = (plain[:-1], "…") if plain.endswith("…") else (plain, "")
    return f"{stem}(&{free}){dots}", free


def with_fixed_letter(text: str, letter: str) -> str:
    """``text`` with ``letter`` as its Alt letter: on the first time the letter is in its words (an English label),
    else written after it, before a closing "…" ("中止调查(&S)…"). A literal "&" is doubled first."""
    plain = text.replace("&", "&&")
    index = next((i for i, char in enumerate(plain) if char.isascii() and char.upper() == letter
                  and (i == 0 or plain[i - 1] != "&")), None)
    if index is not None:
        return plain[:index] + "&" + plain[index:]
    stem, dots = (plain[:-1], "…") if plain.endswith("…") else (plain, "")
    return f"{stem}(&{letter}){dots}"


def give_letters(buttons, taken: set[str]) -> None:
    """Give each of ``buttons`` an Alt letter not in ``taken`` nor given to another (a button that has one keeps it):
    its letter of ``ACTION_LETTERS`` by its object name ("action_suspend"), else — that letter taken — one made up
    by ``with_letter`` with the name as hint, after the others got theirs; ``taken`` gains the letters given."""
    left = []
    for button in buttons:
        own = letter_of(button.text())
        if own:
            taken.add(own)
    for button in buttons:
        if letter_of(button.text()):
            continue
        fixed = ACTION_LETTERS.get(button.objectName().removeprefix("action_"))
        if fixed is not None and fixed not in taken:
            button.setText(with_fixed_letter(button.text(), fixed))
            taken.add(fixed)
        else:
            left.append(button)
    for button in left:
        text, letter = with_letter(button.text(), taken, button.objectName().removeprefix("action_"))
        if letter:
            button.setText(text)
            taken.add(letter)
