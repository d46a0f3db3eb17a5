"""Session 69: every button of a case's tab answers to an Alt key of its own — the issued documents' row (打开 另存PDF…
更正… 作废… 公示版…), 撤销删除 and the calendar note's buttons of the deadlines, 打开线索, the legal assessment's
移送公安机关… — shown or hidden (a hidden one shows once its section does), none the same as another's on the page,
none a window menu's, a case page tab's or a procedure action's. The case page has no letter or digit left for them
(``ui.access_keys.CASE_PAGE_KEYS``: punctuation keys). The 显示完整号码 and 编辑当事人… buttons of the parties (and the facts'
显示完整号码) share one key each, Alt+X and Alt+Q, which go with the keyboard: they press the buttons of the party
(or the facts) it was last in, the first party's until then."""

import pytest

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QPushButton, QToolButton

from tests.test_ui_keyboard import active
from ui.access_keys import ACTION_LETTERS, letter_of
from workstation.records import Case, Party
from workstation.store import agency_id_for_code, create_case, find_case, get_case, list_cases, save_party

pytestmark = pytest.mark.gui

#: the buttons that share Alt+X and Alt+Q by where the keyboard is (one holds each letter at a time)
SHARED = ("reveal_party_", "edit_party_", "reveal_facts")


def page_buttons(workspace) -> list:
    """Every push or tool button with a text in the case's tab, shown or hidden."""
    return [b for b in workspace.body.findChildren(QPushButton) + workspace.body.findChildren(QToolButton)
            if b.text()]


def check_page(workspace, name: str) -> None:
    """Every button has an Alt key (the shared ones: exactly one of each kind holds it), no two the same, none a
    window menu's or tab's, and only the procedure actions and 编辑案件 an action's letter."""
    from ui.case_workspace import WINDOW_LETTERS

    buttons = page_buttons(workspace)
    missing = [b.objectName() or b.text() for b in buttons
               if not letter_of(b.text()) and not b.objectName().startswith(SHARED)]
    assert missing == [], name
    for prefix, letter in (("reveal_", "X"), ("edit_party_", "Q")):
        # at most one: Alt+X is on no button while the row the keyboard is in has nothing left to reveal
        shared = [b for b in buttons if b.objectName().startswith(prefix)]
        assert [letter_of(b.text()) for b in shared if letter_of(b.text())] in ([letter], []), (name, prefix)
    labels = [label.text() for label in workspace.body.findChildren(QLabel) if label.buddy() is not None]
    letters = [letter_of(text) for text in [b.text() for b in buttons] + labels if letter_of(text)]
    assert sorted(letters) == sorted(set(letters)), (name, sorted(letters))
    assert not set(letters) & WINDOW_LETTERS, name
    actions = {workspace.edit_button, *workspace.action_buttons.values()}
    own = {letter_of(b.text()) for b in buttons if b not in actions and letter_of(b.text())}
    assert not own & set(ACTION_LETTERS.values()), (name, own & set(ACTION_LETTERS.values()))


def alt(qtbot, key) -> None:
    qtbot.keyClick(QApplication.focusWidget(), key, Qt.KeyboardModifier.AltModifier)


@pytest.fixture
def window(demo_db, make_window, qtbot):
    window = active(qtbot, make_window(demo_db))
    window.fill_menus()
    return window


def test_every_case_tab_of_the_demo_gives_every_button_its_own_key_in_each_state(demo_db, window, qtbot):
    first_of = {}
    for case in list_cases(demo_db):
        first_of.setdefault(case.status, case)
    assert {"investigating", "pre_notice", "penalty_decided", "served", "closed"} <= set(first_of)
    with_lead = next(c for c in list_cases(demo_db) if c.case_number == "佛三市监立〔2026〕1号")
    for case in [*first_of.values(), with_lead]:
        workspace = window.open_case(case.id)
        qtbot.wait(10)
        names = {b.objectName() for b in page_buttons(workspace)}
        assert {"open_document", "void_document", "undo_clock_removal", "import_calendar"} <= names
        check_page(workspace, f"{case.case_number} {case.status}")
    assert workspace.lead_box is not None and letter_of(workspace.lead_box.open_button.text())


def test_the_keys_press_their_buttons(demo_db, data_dir, window, qtbot):
    from workstation.documents.drafts import find_form
    from workstation.documents.issuing import issue_document

    case = find_case(demo_db, "佛三市监立〔2026〕1号")  # closed, filed from a lead
    cover = issue_document(demo_db, data_dir, case, find_form("file_cover"), {"doc_count": 1})
    workspace = window.open_case(case.id)
    active(qtbot, window)
    workspace.focus_first()
    # the documents' row, shown once the case has issued one: each button it offers answers to its key
    documents = workspace.documents
    assert documents.select_document(cover.id)
    offered = [name for name, button in documents.document_buttons.items()
               if button.isVisible() and button.isEnabled()]
    assert "open_document" in offered and "save_document" in offered
    pressed = []
    for name in offered:
        button = documents.document_buttons[name]
        button.clicked.disconnect()
        button.clicked.connect(lambda _checked=False, n=name: pressed.append(n))
        alt(qtbot, getattr(Qt.Key, KEY_NAMES[letter_of(button.text())]))
        qtbot.waitUntil(lambda n=name: pressed[-1:] == [n])
    check_page(workspace, "a document issued")
    # 打开线索 too, which leaves the case for the lead
    opened = []
    workspace.lead_opened.connect(opened.append)
    alt(qtbot, getattr(Qt.Key, KEY_NAMES[letter_of(workspace.lead_box.open_button.text())]))
    qtbot.waitUntil(lambda: opened == [workspace.lead["id"]])


KEY_NAMES = {"-": "Key_Minus", "=": "Key_Equal", "[": "Key_BracketLeft", "]": "Key_BracketRight",
             ";": "Key_Semicolon", "'": "Key_Apostrophe", ",": "Key_Comma", ".": "Key_Period", "/": "Key_Slash",
             "`": "Key_QuoteLeft", "\\": "Key_Backslash"}


@pytest.fixture
def two_people(demo_db, officers):
    people = [save_party(demo_db, Party(name=name, kind="person", id_number=number, phone=phone))
              for name, number, phone in (("朱子轩", "11010519491231002X", "13800138000"),
                                          ("林晓东", "440104198001010016", "13900139000"))]
    case = create_case(demo_db, Case(case_number="", cause="涉嫌非法出售消费者个人信息案", sector="other",
                                     agency_id=agency_id_for_code("440605"), status="pending_filing",
                                     party_ids=[p.id for p in people], officer_ids=[officers["陈志强"].id],
                                     facts="经查，当事人以手机13912345678向他人出售消费者信息。"))
    return case, people


def test_several_parties_share_alt_x_and_alt_q_which_follow_the_keyboard(demo_db, window, two_people, qtbot):
    case, (first, second) = two_people
    workspace = window.open_case(case.id)
    active(qtbot, window)
    check_page(workspace, "two parties")

    def button(name):
        return workspace.body.findChild(QPushButton, name)

    assert letter_of(button(f"reveal_party_{first.id}").text()) == "X"
    assert letter_of(button(f"edit_party_{first.id}").text()) == "Q"
    # the keyboard in the second party's row: Alt+X reveals the second party's numbers, not the first's
    button(f"edit_party_{second.id}").setFocus()
    qtbot.waitUntil(lambda: letter_of(button(f"reveal_party_{second.id}").text()) == "X")
    assert letter_of(button(f"edit_party_{second.id}").text()) == "Q"
    check_page(workspace, "the second party's row")
    shown = workspace.body.findChild(QLabel, f"party_{second.id}")
    alt(qtbot, Qt.Key.Key_X)
    qtbot.waitUntil(lambda: "13900139000" in shown.text())
    assert "13800138000" not in workspace.body.findChild(QLabel, f"party_{first.id}").text()
    # the keyboard on the facts' 显示完整号码: Alt+X is its
    button("reveal_facts").setFocus()
    qtbot.waitUntil(lambda: letter_of(button("reveal_facts").text()) == "X")
    check_page(workspace, "the facts")


def audit_rows(db) -> list:
    return db.execute("SELECT action, entity, entity_id FROM audit ORDER BY seq").fetchall()


def test_alt_x_in_a_row_already_revealed_reveals_no_other_party(demo_db, window, two_people, qtbot):
    """The keyboard in the first party's row, its numbers shown: Alt+X is on no button, so it unmasks (and audits)
    no party the officer is not looking at."""
    case, (first, second) = two_people
    workspace = window.open_case(case.id)
    active(qtbot, window)

    def button(name):
        return workspace.body.findChild(QPushButton, name)

    button(f"edit_party_{first.id}").setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is button(f"edit_party_{first.id}"))
    assert letter_of(button(f"reveal_party_{first.id}").text()) == "X"
    alt(qtbot, Qt.Key.Key_X)
    first_shown = workspace.body.findChild(QLabel, f"party_{first.id}")
    qtbot.waitUntil(lambda: "13800138000" in first_shown.text())
    # the keyboard still in the first party's row, which has nothing left to reveal
    assert QApplication.focusWidget() in (button(f"edit_party_{first.id}"), button(f"reveal_party_{first.id}"))
    before = len(audit_rows(demo_db))
    alt(qtbot, Qt.Key.Key_X)
    qtbot.wait(200)  # a button's Alt key clicks it after a short press shown (animateClick: 100 ms)
    assert "13900139000" not in workspace.body.findChild(QLabel, f"party_{second.id}").text()
    assert not button(f"reveal_party_{second.id}").isHidden()
    assert [r for r in audit_rows(demo_db)[before:] if r[0] == "reveal"] == []
    assert [b.objectName() for b in workspace.body.findChildren(QPushButton)
            if b.objectName().startswith("reveal_") and letter_of(b.text()) == "X"] == []
    check_page(workspace, "the first party revealed")


def test_alt_q_edits_the_party_the_keyboard_is_in_and_one_holds_it_after_a_reload(demo_db, window, two_people,
                                                                                   qtbot, monkeypatch):
    case, (first, second) = two_people
    workspace = window.open_case(case.id)
    active(qtbot, window)
    edited = []
    monkeypatch.setattr(workspace, "_edit_party", lambda party: edited.append(party.id))

    def button(name):
        return workspace.body.findChild(QPushButton, name)

    # the keyboard in the second party's row (on its 显示完整号码): Alt+Q edits the second party, not the first
    button(f"reveal_party_{second.id}").setFocus()
    qtbot.waitUntil(lambda: letter_of(button(f"edit_party_{second.id}").text()) == "Q")
    alt(qtbot, Qt.Key.Key_Q)
    qtbot.waitUntil(lambda: edited == [second.id])
    # the workspace built again (a change saved elsewhere): the keyboard still in the second party's row (the
    # window still the active one: the 当事人 chooser of the documents is no window of its own for a moment), one
    # 编辑当事人… holds Alt+Q, the second party's, and Alt+Q edits the second party again
    workspace.reload()
    qtbot.wait(10)
    holders = [b for b in workspace.body.findChildren(QPushButton)
               if b.objectName().startswith("edit_party_") and letter_of(b.text()) == "Q"]
    assert [b.objectName() for b in holders] == [f"edit_party_{second.id}"]
    check_page(workspace, "reloaded")
    qtbot.waitUntil(holders[0].isVisible)
    assert QApplication.activeWindow() is window
    assert QApplication.focusWidget() is button(f"reveal_party_{second.id}")
    alt(qtbot, Qt.Key.Key_Q)
    qtbot.waitUntil(lambda: edited == [second.id, second.id])


def test_the_new_holiday_file_button_of_a_case_writes_one_for_its_data(demo_db, window, qtbot, monkeypatch):
    import ui.case_clocks

    case = list_cases(demo_db)[0]
    workspace = window.open_case(case.id)
    called = []
    monkeypatch.setattr(ui.case_clocks, "new_calendar_file",
                        lambda parent, prompts, db: called.append((parent, db)))
    workspace.clocks.table.new_file_button.click()
    assert called == [(workspace.clocks, demo_db)]


#: the issued documents' row (打开(-) 另存PDF(=)… 更正([)… 作废(])… 公示版(\)…): its tooltips say what the button does
#: to the document selected, or why it does not, the same as the row's context menu's (tests/test_documents_list_table)
DOCUMENT_ROW = {"open_document", "save_document", "correct_document", "void_document", "publication_copy"}


def tip_keys(workspace) -> dict:
    """The tooltip of each button of the page that answers to a punctuation key, by object name (but the
    documents' row's)."""
    from ui.access_keys import CASE_PAGE_KEYS

    return {b.objectName(): b.toolTip() for b in page_buttons(workspace)
            if b.objectName() in CASE_PAGE_KEYS and b.objectName() not in DOCUMENT_ROW}


def test_the_buttons_on_punctuation_keys_name_them_in_their_tooltips(demo_db, window, qtbot):
    """打开线索(') and the like show their key as a barely visible mark in Chinese: the tooltip names it, after
    what it said already."""
    from dataclasses import replace

    from ui.access_keys import CASE_PAGE_KEYS
    from workstation.i18n import _
    from workstation.store import update_case

    case = find_case(demo_db, "佛三市监立〔2026〕1号")  # filed from a lead
    workspace = window.open_case(case.id)
    qtbot.wait(10)
    tips = tip_keys(workspace)
    assert {"undo_clock_removal", "new_calendar_file", "import_calendar", "open_calendar_folder",
            "open_lead"} <= set(tips)
    for name, tip in tips.items():
        assert tip.endswith((f"(Alt+{CASE_PAGE_KEYS[name]})", f", Alt+{CASE_PAGE_KEYS[name]})")), (name, tip)
        assert len(tip) > len(f" (Alt+{CASE_PAGE_KEYS[name]})") + 1, (name, tip)  # more than the key alone
    # what they said is kept, the key after it; one that said nothing says what it does
    # both keys of 撤销删除 in one hint
    assert tips["undo_clock_removal"] == _("Put back the event just removed, with its dates, approval and "
                                           "note") + " (Ctrl+Z, Alt+;)"
    assert tips["import_calendar"] == _("Check a yearly holiday file (.toml) and add it to the calendar folder of "
                                        "the data directory; the deadlines are then counted again") + " (Alt+.)"
    assert tips["new_calendar_file"].startswith(_("Save a commented holiday file of a year, to fill in from the "
                                                  "State Council's notice and then import"))
    assert tips["open_calendar_folder"] == _("Open the calendar folder of the data directory, where the yearly "
                                             "holiday files are kept") + " (Alt+/)"
    assert tips["open_lead"] == "打开线索 (Alt+')"
    # 移送公安机关… of a case reaching the criminal thresholds
    investigating = get_case(demo_db, next(c.id for c in list_cases(demo_db) if c.status == "investigating"))
    update_case(demo_db, replace(investigating, records_other=6000,
                                 violations=[*investigating.violations, "illegal_provision_or_leak"]))
    workspace = window.open_case(investigating.id)
    qtbot.wait(10)
    tip = tip_keys(workspace)["transfer_police"]
    assert tip == "移送公安机关 (Alt+`)"


def test_a_punctuation_key_is_left_out_of_what_a_screen_reader_says():
    from ui.layouts import plain_label, without_alt_letter

    assert without_alt_letter("打开日历文件夹(&/)") == "打开日历文件夹"
    assert plain_label("公示版(&\\)…") == "公示版"
    assert without_alt_letter("R&&D &Save") == "R&D Save"  # && is an & shown

