import sys

import pytest

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from ui.case_dialog import CaseDialog
from ui.case_model import CaseTableModel
from ui.party_dialog import PartyDialog
from workstation.i18n import _ as translated
from workstation.records import Case, Officer, Party
from workstation.store import (
    CaseFilter,
    agency_by_code,
    count_cases,
    create_case,
    get_case,
    list_cases,
    save_officer,
    save_party,
)

pytestmark = pytest.mark.gui


def type_text(qtbot, widget, text):
    """Type like a user: QTest types ASCII keys; Chinese arrives as committed input-method text."""
    if text.isascii():
        qtbot.keyClicks(widget, text)
    else:
        widget.insert(text)


def visible_column(window, column):
    model = window.case_list.model
    return [model.index(row, column).data() for row in range(model.rowCount())]


def test_case_list_shows_the_seed_campaign(make_window, demo_db):
    window = make_window(demo_db)
    assert window.case_list.model.rowCount() == 36
    assert "36" in window.case_list.count_label.text()
    assert window.case_list.model.headerData(0, Qt.Orientation.Horizontal) == "案件编号"
    assert window.windowTitle() == "案卷工作站"
    assert [window.navigation.item(i).text() for i in range(6)] == ["案件", "线索", "约谈", "文书", "统计", "交换"]


def test_filters_narrow_the_list(make_window, demo_db):
    page = make_window(demo_db).case_list
    page.sector_filter.setCurrentIndex(page.sector_filter.findData("education"))
    assert page.model.rowCount() == 7
    assert set(visible_column(page.window(), 3)) == {"教育培训"}
    page.district_filter.setCurrentIndex(page.district_filter.findData("南海区"))
    assert set(visible_column(page.window(), 4)) <= {"南海区"}
    page.sector_filter.setCurrentIndex(0)
    page.district_filter.setCurrentIndex(0)
    page.status_filter.setCurrentIndex(page.status_filter.findData("closed"))
    assert page.model.rowCount() == 26
    assert set(visible_column(page.window(), 5)) == {"已结案"}


def test_agency_filter_includes_town_offices(make_window, demo_db):
    page = make_window(demo_db).case_list
    nanhai = agency_by_code(demo_db, "440605").id
    page.agency_filter.setCurrentIndex(page.agency_filter.findData(nanhai))
    assert page.model.rowCount() == count_cases(demo_db, CaseFilter(district="南海区")) == 9


def test_search_by_party_name_and_case_number(qtbot, make_window, demo_db):
    window = make_window(demo_db)
    page = window.case_list
    type_text(qtbot, page.search, "南海")
    page.apply_filters()
    expected = [r.case_number for r in list_cases(demo_db, limit=100) if "南海" in r.party_names + r.cause]
    assert 0 < page.model.rowCount() == len(expected)
    assert sorted(visible_column(window, 0)) == sorted(expected)
    page.search.clear()
    type_text(qtbot, page.search, "佛南市监立〔2026〕3号")
    qtbot.keyClick(page.search, Qt.Key.Key_Return)
    assert visible_column(window, 0) == ["佛南市监立〔2026〕3号"]
    page.search.setText("朱")
    page.apply_filters()
    assert page.model.rowCount() >= 1
    assert all("朱" in name for name in visible_column(window, 1))


def test_clicking_a_header_sorts(make_window, demo_db):
    window = make_window(demo_db)
    table = window.case_list.table
    table.sortByColumn(8, Qt.SortOrder.DescendingOrder)
    # sorted by the amounts shown: a case told of a penalty not decided yet sorts by its proposed amount (shown,
    # marked 拟), not among the cases showing none
    cells = visible_column(window, 8)
    amounts = [float(v.split("¥", 1)[1].replace(",", "")) if "¥" in v else 0.0 for v in cells]
    assert amounts == sorted(amounts, reverse=True) and amounts[0] > 0
    assert any("¥" in v and not v.startswith("¥") for v in cells)  # a proposed amount among them


def test_case_model_passes_the_model_tester(qtmodeltester, demo_db):
    model = CaseTableModel(demo_db)
    model.set_filter(CaseFilter())
    qtmodeltester.check(model)


def test_case_list_fetches_lazily(demo_db):
    model = CaseTableModel(demo_db)
    model.PAGE = 10
    model.set_filter(CaseFilter())
    # every case listed (the view can scroll to the last), only the first page read; the others read when shown
    assert model.rowCount() == 36 and sum(raw is not None for raw in model._rows) == 10
    assert len({model.case_id(r) for r in range(36)}) == 36


def test_opening_a_case_shows_parties_officers_counts_amounts_and_timeline(make_window, demo_db):
    window = make_window(demo_db)
    window.case_list.search.setText("佛南市监立〔2026〕3号")
    window.case_list.apply_filters()
    index = window.case_list.model.index(0, 0)
    window.case_list.table.doubleClicked.emit(index)
    workspace = window.case_tabs.currentWidget()
    case = get_case(demo_db, workspace.case_id)
    assert window.case_tabs.tabText(window.case_tabs.currentIndex()) == case.case_number
    texts = " ".join(label.text() for label in workspace.findChildren(type(window.case_list.count_label)))
    assert case.party_names in texts
    assert f"{case.records_total:,}" in texts
    assert "¥" in texts and "执法证" in texts
    timeline = [workspace.timeline.item(i).text() for i in range(workspace.timeline.count())]
    assert any(case.filed_on in line and "立案" in line for line in timeline)


@pytest.fixture
def people(db):
    nanhai = agency_by_code(db, "440605").id
    officers = [save_officer(db, Officer(name=n, agency_id=nanhai, cert_no=c))
                for n, c in (("李明", "44060510001"), ("王芳", "44060510002"), ("赵强", ""))]
    party = save_party(db, Party(name="佛山市南海区测试房产中介有限公司", uscc="91110000100017707H"))
    return nanhai, officers, party


def fill_case_dialog(qtbot, dialog, nanhai, officers, party_name):
    dialog.agency.setCurrentIndex(dialog.agency.findData(nanhai))
    type_text(qtbot, dialog.cause, "测试公司涉嫌未经消费者同意向其发送商业性信息案")
    dialog.sector.setCurrentIndex(dialog.sector.findData("real_estate"))
    dialog.violations["unsolicited_commercial_messages"].setChecked(True)
    type_text(qtbot, dialog.party_search, party_name[:6])
    assert dialog.party_choices.count() >= 1
    dialog._add_chosen_party()
    for row in range(dialog.officers.count()):
        item = dialog.officers.item(row)
        if item.data(Qt.ItemDataRole.UserRole) in {o.id for o in officers}:
            item.setCheckState(Qt.CheckState.Checked)
    type_text(qtbot, dialog.dates["lead_received_on"], "2026-11-02")
    dialog.counts["records_other"].setValue(1200)
    type_text(qtbot, dialog.money["fine_fen"], "12,000")


def test_create_a_case_through_the_dialog_and_find_it(qtbot, make_window, db, people, prompts):
    nanhai, officers, party = people
    window = make_window(db)
    dialog = CaseDialog(db, prompts, parent=window)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    assert not save.isEnabled()
    assert dialog.errors["cause"].isVisible() or dialog.errors["cause"].text()
    fill_case_dialog(qtbot, dialog, nanhai, officers[:2], party.name)
    assert dialog.validate() == {}
    assert save.isEnabled()
    # a new case is 待立案: it takes its 立 number when it is filed (REFERENCE §3.1)
    assert dialog.case_number.placeholderText() == translated("Not filed: numbered when the case is filed")
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.saved_case is not None and prompts.errors == []
    stored = get_case(db, dialog.saved_case.id)
    assert stored.case_number == ""
    assert stored.fine_fen == 1_200_000 and stored.records_other == 1200
    assert stored.status == "pending_filing"
    window.refresh()
    window.case_list.search.setText("测试房产")
    window.case_list.apply_filters()
    assert visible_column(window, 0) == [translated("not filed")]


def test_new_case_menu_opens_the_dialog_and_opens_the_saved_case(qtbot, make_window, db, people):
    nanhai, officers, party = people
    window = make_window(db)

    def fill_and_save():
        dialog = QApplication.activeModalWidget()
        if not isinstance(dialog, CaseDialog):
            return  # not shown yet: the timer asks again
        timer.stop()
        fill_case_dialog(qtbot, dialog, nanhai, officers[:2], party.name)
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    timer = QTimer()
    timer.setInterval(20)
    timer.timeout.connect(fill_and_save)
    timer.start()
    window.findChild(type(window.import_action), "new_case").trigger()
    assert window.case_list.model.rowCount() == 1
    assert window.case_tabs.count() == 3  # deadlines, case list, the new case
    assert window.case_tabs.currentWidget().case.cause.startswith("测试公司")


def test_case_dialog_reports_bad_fields_as_typed(qtbot, db, people, prompts):
    nanhai, officers, party = people
    dialog = CaseDialog(db, prompts)
    qtbot.addWidget(dialog)
    fill_case_dialog(qtbot, dialog, nanhai, officers[:2], party.name)
    dialog.dates["lead_received_on"].setText("2026-02-30")
    assert "日历" in dialog.errors["lead_received_on"].text() or "日期" in dialog.errors["lead_received_on"].text()
    assert not dialog.buttons.button(QDialogButtonBox.StandardButton.Save).isEnabled()
    dialog.dates["filing_proposed_on"].setText("2026-11-01")
    dialog.dates["lead_received_on"].setText("2026-11-02")
    assert dialog.errors["filing_proposed_on"].text()  # earlier than the lead received on 2026-11-02
    dialog.dates["filing_proposed_on"].setText("2026-11-05")
    dialog.money["fine_fen"].setText("-5")
    assert "负" in dialog.errors["fine_fen"].text()
    dialog.money["fine_fen"].setText("5.5")
    assert dialog.validate() == {}


def test_party_dialog_validates_uscc_and_id_as_typed(qtbot, db, prompts):
    dialog = PartyDialog(db, prompts)
    qtbot.addWidget(dialog)
    save = dialog.buttons.button(QDialogButtonBox.StandardButton.Save)
    type_text(qtbot, dialog.edits["name"], "佛山市某某科技有限公司")
    type_text(qtbot, dialog.edits["uscc"], "91350100M000100Y4Z")
    assert dialog.errors["uscc"].isVisibleTo(dialog) and dialog.errors["uscc"].text()
    assert not save.isEnabled()
    dialog.edits["uscc"].setText("91512081MA62K0260E")
    assert not dialog.errors["uscc"].text() and save.isEnabled()
    dialog.kind.setCurrentIndex(dialog.kind.findData("person"))
    dialog.edits["uscc"].clear()
    type_text(qtbot, dialog.edits["id_number"], "110105194912310021")
    assert "校验" in dialog.errors["id_number"].text()
    dialog.edits["id_number"].setText("11010519491231002x")
    assert save.isEnabled()
    qtbot.mouseClick(save, Qt.MouseButton.LeftButton)
    assert dialog.saved_party.id_number == "11010519491231002X"


def test_move_a_case_along_with_only_lawful_actions(make_window, db, people):
    nanhai, officers, party = people
    case = create_case(db, Case(case_number="", cause="测试案", sector="other", agency_id=nanhai,
                                party_ids=[party.id], officer_ids=[officers[0].id, officers[2].id]))
    answers = []
    window = make_window(db, ask_transition=lambda parent, t: answers.append(t.name) or ("2026-11-10", "理由"))
    workspace = window.open_case(case.id)
    assert set(workspace.action_buttons) == {"file", "decline_filing", "decide_on_the_spot"}
    file_button = workspace.action_buttons["file"]
    assert not file_button.isEnabled()
    assert "两名" in file_button.toolTip()

    edited = get_case(db, case.id)
    edited.officer_ids = [officers[0].id, officers[1].id]
    from workstation.store import update_case

    update_case(db, edited)
    workspace.reload()
    workspace.action_buttons["file"].click()
    assert answers == ["file"]
    assert get_case(db, case.id).status == "investigating"
    assert get_case(db, case.id).filed_on == "2026-11-10"
    assert "立案调查" in workspace.status_label.text()
    assert "decide_penalty" not in workspace.action_buttons
    assert {"conclude_investigation", "transfer_to_police", "suspend", "terminate"} <= set(workspace.action_buttons)
    timeline = [workspace.timeline.item(i).text() for i in range(workspace.timeline.count())]
    assert any("待立案 → 立案调查" in line for line in timeline)
    window.case_list.status_filter.setCurrentIndex(window.case_list.status_filter.findData("investigating"))
    assert visible_column(window, 0) == [get_case(db, case.id).case_number]  # numbered when filed
    assert get_case(db, case.id).case_number.startswith("佛南市监立〔2026〕")


def test_refusal_from_the_core_is_shown(make_window, db, people, prompts):
    nanhai, officers, party = people
    case = create_case(db, Case(case_number="", cause="测试案", sector="other", agency_id=nanhai,
                                party_ids=[party.id], officer_ids=[officers[0].id, officers[1].id]))
    window = make_window(db, ask_transition=lambda parent, t: ("2026-13-01", ""))
    workspace = window.open_case(case.id)
    workspace.action_buttons["file"].click()
    assert prompts.errors and "2026-13-01" in prompts.errors[0]
    assert get_case(db, case.id).status == "pending_filing"


def test_pyside_void_calls_do_not_leak_references_to_none(qtbot):
    from PySide6.QtWidgets import QLabel

    label = QLabel()
    qtbot.addWidget(label)
    before = sys.getrefcount(None)
    for _ in range(20000):
        label.setText("x")
        label.setObjectName("y")
    assert sys.getrefcount(None) - before < 100


def when_modal(dialog_class, action):
    """Run ``action`` on the modal dialog of ``dialog_class`` as soon as it is shown."""
    timer = QTimer()
    timer.setInterval(20)

    def poll():
        dialog = QApplication.activeModalWidget()
        if isinstance(dialog, dialog_class):
            timer.stop()
            action(dialog)

    timer.timeout.connect(poll)
    timer.start()
    return timer


def test_edit_a_party_from_the_case_and_see_it_in_the_list(make_window, demo_db):
    window = make_window(demo_db)
    case_id = window.case_list.model.case_id(0)
    workspace = window.open_case(case_id)
    party_id = get_case(demo_db, case_id).party_ids[0]
    button = workspace.findChild(type(workspace.action_buttons["archive"]), f"edit_party_{party_id}")

    def rename(dialog):
        dialog.edits["name"].setText("佛山市改名后的测试有限公司")
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()

    timer = when_modal(PartyDialog, rename)
    button.click()
    timer.stop()
    assert window.case_list.model.index(0, 1).data() == "佛山市改名后的测试有限公司"
    window.case_list.search.setText("改名后")
    window.case_list.apply_filters()
    assert window.case_list.model.rowCount() == 1
