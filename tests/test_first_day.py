# ruff: noqa: F811 - the fixtures imported from test_ui_login are used by name
"""黄丽娟's first day at 桂城市场监管所 on a new laptop, without the demo: the first start (her name and passphrase),
the station's agency, herself and a colleague as officers (a wrong certificate number refused first), 本局文书信息,
then a lead registered by hand from a phone complaint, the case opened on it with the company identified (its USCC
typed in lower case with spaces; a wrong check character refused), filed after its 立案审批表 with the year's first
case number, an 询问通知书 taking the year's first 询 文号 and an 询问笔录 — every document printed in the name of the
district bureau the town office acts for — and the deadline board and the command line showing the same case.
What a new workstation shows while it holds nothing yet: the board's officer filter lists the officers the first
steps added (it kept the list of the empty register it was built on), the 约谈 register says how to register the
first interview (it asked to select one among none), and F1 names 本局文书信息 among the first steps."""

from __future__ import annotations

import datetime as dt

import pytest

from PySide6.QtGui import QAction

from tests.helpers import beijing_today, beijing_year, fill_inquiry_to_issue, pdf_text, run_json
from tests.test_ui_login import PASS, _encryption, driving, windows  # noqa: F401 (fixtures)
from ui.agency_details_dialog import AgencyDetailsDialog
from ui.app import first_steps
from ui.interviews_page import InterviewsPage
from ui.layouts import plain_label
from ui.lead_dialog import LeadDialog
from ui.party_dialog import PartyDialog
from workstation.agency_details import document_details
from workstation.documents.drafts import find_form
from workstation.documents.issuing import document_pdf
from workstation.i18n import _
from workstation.security import keyring
from workstation.store import agency_id_for_code, get_case, get_party, list_officers
from workstation.validators import uscc_check_character

pytestmark = pytest.mark.gui

GUICHENG, NANHAI = "440605011", "440605"  # 桂城市场监管所 and the district bureau it acts for
BUREAU = "佛山市南海区市场监督管理局"
COMPANY = "佛山市南海区誉景房地产营销策划有限公司"
FIRST17 = "91440605MA4U9QXL7"
USCC = FIRST17 + uscc_check_character(FIRST17)
WRONG_USCC = FIRST17 + ("0" if USCC[-1] != "0" else "1")


def first_start(dialog) -> None:
    """The first-start dialog: her name and a passphrase typed twice."""
    dialog.fields.edits["officer"].setText("黄丽娟")
    dialog.fields.edits["passphrase"].setText(PASS)
    dialog.fields.edits["repeat"].setText(PASS)
    dialog.action_button.click()


@pytest.fixture
def first_day(qtbot, data_dir, windows):
    """The window started on an empty data directory, the station set up as 桂城所 with 黄丽娟 (her certificate
    number first typed wrong) and 何嘉明 as its officers; (window, what the officers dialog showed)."""
    window = windows(data_dir, show=driving(qtbot, first_start))
    window.show()
    seen = {}

    def station(dialog) -> None:
        assert dialog.continue_button.isEnabled() is False  # nothing chosen for her
        dialog.choose(agency_id_for_code(GUICHENG))
        dialog.continue_button.click()

    def officers(dialog) -> None:
        seen["name"], seen["agency"] = dialog.name.text(), dialog.agency.currentData()
        dialog.cert_no.setText("123")
        dialog.save()
        seen["refused"] = dialog.errors["cert_no"].text()
        seen["saved_after_refusal"] = list_officers(window.db)
        dialog.cert_no.setText("４４０６０５０１１０１")  # typed in full width
        dialog.save()
        dialog.name.setText("何嘉明")
        dialog.cert_no.setText("44060501101")  # hers again
        dialog.save()
        seen["twin"] = dialog.errors["cert_no"].text()
        dialog.cert_no.setText("44060501102")
        dialog.save()
        dialog.accept()

    def details(dialog) -> None:  # 本局文书信息, offered last: left for later (set in the day's first case)
        dialog.reject()

    show = driving(qtbot, station, officers, details)
    first_steps(window, "黄丽娟", show)
    assert show.seen == ["station_dialog", "", "agency_details_dialog"]
    return window, seen


def test_the_first_start_sets_up_the_town_office_and_its_two_officers(first_day, data_dir):
    window, seen = first_day
    assert keyring.state(data_dir) == "encrypted" and keyring.officers(data_dir) == ["黄丽娟"]
    guicheng = agency_id_for_code(GUICHENG)
    assert (
        seen["name"] == "黄丽娟" and seen["agency"] == guicheng
    )  # her name from the first start, her office
    assert "123" in seen["refused"] and seen["saved_after_refusal"] == []
    assert "黄丽娟" in seen["twin"]  # the colleague given her number is told whose it is
    assert {(o.name, o.cert_no, o.agency_id) for o in list_officers(window.db)} == {
        ("黄丽娟", "44060501101", guicheng),
        ("何嘉明", "44060501102", guicheng),
    }


def test_the_board_offers_the_officers_the_first_steps_added(first_day):
    window, _seen = first_day
    window.board.refresh()
    offered = [window.board.officer.itemText(i) for i in range(window.board.officer.count())]
    assert offered == [_("All officers"), "何嘉明", "黄丽娟"]  # before: 全部执法人员 alone until a restart


def test_officers_entered_under_the_case_menu_join_the_boards_officer_filter(make_window, db, monkeypatch):
    window = make_window(db)

    def entered(dialog, made=True):  # 案件 → 执法人员…: one officer typed and saved, then closed
        dialog.name.setText("何嘉明")
        dialog.cert_no.setText("44060501102")
        dialog.agency.setCurrentIndex(dialog.agency.findData(agency_id_for_code(GUICHENG)))
        dialog.save()
        dialog.deleteLater()
        return 0

    monkeypatch.setattr("ui.dialog_once.exec_once", entered)
    window.fill_menus()
    window.findChild(QAction, "officers").trigger()
    assert [o.name for o in list_officers(db)] == ["何嘉明"]
    assert window.board.officer.findText("何嘉明") > 0


def test_the_first_case_from_a_phone_complaint_to_its_inquiry_record(
    first_day, qtbot, data_dir, capsys, monkeypatch
):
    window, _seen = first_day
    window.prompts.confirm_answer = True
    db, today, year = window.db, beijing_today().isoformat(), beijing_year()
    guicheng = agency_id_for_code(GUICHENG)

    # 本局文书信息: the office's telephone and address; the account is the bureau's (greyed here, set there)
    details = AgencyDetailsDialog(db, window)
    qtbot.addWidget(details)
    assert details.agency.currentData() == guicheng and not details.edits["account_number"].isEnabled()
    details.edits["contact_phone"].setText("0757-86281234")
    details.edits["contact_address"].setText("佛山市南海区桂城街道南桂东路1号")
    assert details.save()
    bureau = AgencyDetailsDialog(db, window, agency_id=agency_id_for_code(NANHAI))
    qtbot.addWidget(bureau)
    bureau.edits["bank"].setText("中国工商银行佛山南海支行")
    bureau.edits["account_name"].setText("佛山市南海区财政局")
    bureau.edits["account_number"].setText("2013000000001234567")
    assert bureau.save()
    assert document_details(db, guicheng)["account_number"] == "2013000000001234567"

    # the lead: a number that keeps calling about a 楼盘, received now (Beijing time), held by her office
    window.navigation.setCurrentRow(1)
    page = window.leads_page
    lead = LeadDialog(db, window.prompts, page)
    qtbot.addWidget(lead)
    assert lead.received_at.dateTime().toString("yyyy-MM-dd") == today
    assert lead.agency.currentData() == guicheng
    lead.source.setCurrentIndex(lead.source.findData("report"))
    lead.description.setPlainText(
        "群众来电反映：手机号13712345678近一周每天多次来电推销某楼盘，要求停止骚扰。"
    )
    lead.target_phone.setText("137 1234 5678")
    lead.save()
    page.refresh(select=lead.saved.id)
    page.file_case()  # 立案: the case opened on it, shown to be filed
    workspace = window.case_tabs.currentWidget()
    case = get_case(db, workspace.case_id)
    assert case.agency_id == guicheng and case.case_number == "" and case.status == "pending_filing"
    assert set(case.officer_ids) == {o.id for o in list_officers(db)}  # the station's pair

    # the company behind the number: a wrong check character refused, lower case and spaces taken
    party = PartyDialog(db, window.prompts, get_party(db, case.party_ids[0]), window)
    qtbot.addWidget(party)
    party.kind.setCurrentIndex(party.kind.findData("company"))
    party.edits["name"].setText(COMPANY)
    party.edits["uscc"].setText(WRONG_USCC.lower())
    assert WRONG_USCC in party.errors["uscc"].text() and party.errors["uscc"].isVisibleTo(party)
    party.edits["uscc"].setText(f"{USCC[:6].lower()} {USCC[6:12].lower()} {USCC[12:]}")
    assert party.errors["uscc"].text() == ""
    party.edits["address"].setText("佛山市南海区桂城街道海八东路1号")
    window.prompts.choices = [0]  # the 案由 renamed with the party
    party.save()
    assert get_party(db, case.party_ids[0]).uscc == USCC

    # 立案审批表, then 立案: the year's first case number, in the bureau's abbreviation
    case = get_case(db, case.id)
    approval = window.open_editor(case, find_form("filing_approval"))
    qtbot.addWidget(approval)
    approval.issue()
    printed = pdf_text(document_pdf(db, data_dir, approval.document.id))
    # the lead's sector, suggested from its description (楼盘), places the case in the campaign: its 案由 says so
    assert case.sector == "real_estate"
    assert (
        printed.startswith(BUREAU + "立案审批表")
        and COMPANY + "涉嫌侵害消费者个人信息案" in printed
        and USCC in printed
    )
    asked = []
    workspace.ask_transition = lambda parent, transition, *args, **kwargs: (
        asked.append(transition.name) or (today, "", None, None)
    )
    workspace.action_buttons["file"].click()
    case = get_case(db, case.id)
    assert asked == ["file"] and case.status == "investigating" and case.filed_on == today
    assert case.case_number == f"佛南市监立〔{year}〕1号"

    # 询问通知书 (the year's first 询 number) and 询问笔录, both in the bureau's name
    notice = window.open_editor(case, find_form("inquiry_notice"))
    qtbot.addWidget(notice)
    assert notice.fields["signed_on"].value() == today and notice.fields["contact"].value() == "黄丽娟"
    notice.set_field("appear_on", (beijing_today() + dt.timedelta(days=7)).isoformat())
    notice.set_field("appear_time", "10:00")
    notice.set_field("appear_place", "桂城市场监管所询问室")
    notice.issue()
    assert notice.document.number == f"佛南市监询〔{year}〕1号"
    printed = pdf_text(document_pdf(db, data_dir, notice.document.id))
    assert printed.startswith(BUREAU + "询问通知书" + notice.document.number + COMPANY)
    record = window.open_editor(case, find_form("inquiry_record"))
    qtbot.addWidget(record)
    assert record.fields["time_from"].value().startswith(today)
    assert (record.fields["interviewer1"].value(), record.fields["interviewer2"].value()) == (
        "黄丽娟",
        "何嘉明",
    )
    fill_inquiry_to_issue(record)
    record.set_field("interviewee", "李志强")
    record.issue()
    printed = pdf_text(document_pdf(db, data_dir, record.document.id))
    assert printed.startswith(BUREAU + "询问笔录案件编号：" + case.case_number)

    # the board: the case's 办案期限 under her and her colleague
    window.board.refresh()
    model = window.board.table.model
    rows = [[model.index(r, c).data() for c in range(model.columnCount())] for r in range(model.rowCount())]
    assert [(r[3], r[4], r[5]) for r in rows] == [(case.case_number, COMPANY, "黄丽娟、何嘉明")]

    # the command line reads the same data
    monkeypatch.setenv("WORKSTATION_PASSPHRASE", PASS)
    listed = run_json(capsys, "--data-dir", data_dir, "cases", "list")
    assert [(c["case_number"], c["party"], c["status"]) for c in listed] == [
        (case.case_number, COMPANY, "investigating")
    ]
    stats = run_json(capsys, "--data-dir", data_dir, "stats")
    assert stats["cases"]["total"] == 1 and stats["cases"]["by_district"] == {"南海区": 1}
    assert stats["leads"]["total"] == 1 and stats["leads"]["by_status"] == {"filed": 1}


def test_an_empty_interview_register_says_how_to_register_the_first(qtbot, db, data_dir, prompts):
    page = InterviewsPage(db, data_dir, prompts)
    qtbot.addWidget(page)
    page.show()
    new = plain_label(page.buttons["new_interview"].text())
    assert new in page.reason.text() and page.reason.isVisible()  # before: 选择一次约谈… where there is none
    assert page.reason.text() != _("Select an interview to issue its documents, follow it up or escalate it.")


def test_f1_names_the_bureaus_document_details_among_the_first_steps(make_window, db, prompts):
    window = make_window(db)
    window.about()
    window.fill_menus()
    details = _("File") + " → " + plain_label(window.findChild(QAction, "agency_details").text())
    assert details in prompts.infos[-1]  # before: the officers and the first case only
