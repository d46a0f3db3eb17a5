"""A 顺德区 officer's interviews, walked through: the rectification report an interview awaits is on the deadline
board (overdue when late, gone once followed up or escalated, under its bureau only, opening the interview on a
double-click); the register is searched by party, subject, attendee or 文号, Ctrl+F reaching its search; and an
industry association is summoned as the body of its members, not as a sender of messages; the command line finds,
follows up and escalates an interview."""

import datetime as dt
from dataclasses import replace

import pytest

from PySide6.QtGui import QAction
from PySide6.QtWidgets import QApplication

from tests.helpers import pdf_text, run, run_json
from tests.test_interview_documents_kinds import docx_text
from workstation import clocks
from workstation.documents.drafts import find_form, render_document
from workstation.documents.interview_documents import draft_interview_document, issue_interview_document
from workstation.formkit.interview_values import interview_context
from workstation.formkit.values import resumed_values
from workstation.i18n import _
from workstation.records import Case, Interview, Party, today
from workstation.store import agency_id_for_code, create_case, save_party
from workstation.store.interviews import escalate_to_case, get_interview, record_follow_up, save_interview

ASSOCIATION = Party(name="佛山市顺德区房地产中介协会", kind="association", uscc="51440606MJ12345674",
                    address="佛山市顺德区大良街道德民路1号", legal_rep="梁国华")
SMS_SENDER = Party(name="佛山市顺德区讯达信息科技有限公司", kind="company", uscc="91440606MA5ABCDE1P",
                   address="佛山市顺德区容桂街道文华路8号", legal_rep="何志明")
STAFF = {"name": "李明", "organisation": "佛山市顺德区市场监督管理局", "post": "科长"}


def day(offset: int) -> str:
    return (dt.date.fromisoformat(today()) + dt.timedelta(days=offset)).isoformat()


def shunde_interview(db, party: Party, held_on: str, due: str | None, **fields) -> Interview:
    saved = save_party(db, replace(party))
    return save_interview(db, Interview(
        agency_id=agency_id_for_code("440606"), held_on=held_on, subject=f"约谈{party.name}",
        place="佛山市顺德区市场监督管理局三楼会议室", held_at="09:30", party_ids=[saved.id], rectification_due=due,
        attendees=[STAFF, {"name": party.legal_rep, "organisation": party.name, "post": "会长"}], **fields))


def on_board(db, interview_id: str, on: str, **filters):
    return next((d for d in clocks.board(db, on=on, **filters) if d.interview_id == interview_id), None)


# the deadline board -----------------------------------------------------------------------------------------------
def _on_a_working_day(db, offset: int) -> int:
    """``offset`` or the next one after it whose day is a working day of the deadline board's own calendar (the
    data directory's: shipped yearly files, make-up working days and long holidays included), so the board does not
    move a deadline on it (a deadline falling on a rest day ends on the next working day: the test's days would move
    with it)."""
    from workstation.workdays import default_calendar

    calendar = default_calendar(clocks.data_dir_of(db))

    def working(k: int) -> bool:
        date = dt.date.fromisoformat(day(k))
        return calendar.roll_forward(date) == date

    return next(k for k in range(offset, offset + 14) if working(k))


def test_the_rectification_report_an_interview_awaits_is_on_the_board_until_it_is_followed_up(demo_db):
    shift = _on_a_working_day(demo_db, 11) - 11  # the days below counted from a deadline on a working day
    held, due = day(-10 + shift), day(11 + shift)
    interview = shunde_interview(demo_db, ASSOCIATION, held, due)
    deadline = on_board(demo_db, interview.id, day(-3 + shift))
    assert deadline is not None and deadline.due == due and deadline.state == "open"
    # the case column names the interview by its day, its party is the party column's; no code before its title
    assert deadline.case_number == _("Interview of {date}").format(date=held) and not deadline.case_id
    assert deadline.party_label == "佛山市顺德区房地产中介协会"
    assert deadline.days_left == 14 and deadline.limit_text == "报送整改情况"
    calculation = deadline.calculation()
    assert f"{held}约谈时确定" in calculation and f"期限届满日：{due}。" in calculation and "跟进" in calculation
    assert on_board(demo_db, interview.id, day(5 + shift)).state == "due_soon"
    late = on_board(demo_db, interview.id, day(15 + shift))
    assert late.state == "overdue" and late.days_left == -4
    as_dict = late.as_dict()
    assert as_dict["interview_id"] == interview.id and as_dict["due"] == due
    record_follow_up(demo_db, interview.id, today(), "协会已报送会员单位自查整改情况")
    assert on_board(demo_db, interview.id, day(15 + shift)) is None


def test_an_interview_escalated_or_without_a_deadline_is_not_on_the_board(demo_db):
    no_deadline = shunde_interview(demo_db, SMS_SENDER, "2026-12-04", None)
    assert on_board(demo_db, no_deadline.id, "2026-12-10") is None
    escalated = shunde_interview(demo_db, ASSOCIATION, day(-20), day(3))  # held: a scheduled one is not escalated
    case = create_case(demo_db, Case(case_number="", cause="涉嫌未经消费者同意发送商业性信息案", sector="other",
                                     agency_id=agency_id_for_code("440606"), status="pending_filing",
                                     party_ids=escalated.party_ids))  # against the interviewed association
    escalate_to_case(demo_db, escalated.id, case.id)
    assert on_board(demo_db, escalated.id, day(7)) is None


def test_an_interview_deadline_shows_under_its_own_bureau_and_under_no_single_officer(demo_db, officers):
    interview = shunde_interview(demo_db, ASSOCIATION, "2026-12-03", "2026-12-24")
    assert on_board(demo_db, interview.id, "2026-12-10", agency_id=agency_id_for_code("440606")) is not None
    assert on_board(demo_db, interview.id, "2026-12-10", agency_id=agency_id_for_code("440605")) is None
    assert on_board(demo_db, interview.id, "2026-12-10", officer_id=officers["陈志强"].id) is None


def test_double_clicking_an_interview_deadline_opens_the_interview_and_its_follow_up_clears_it(
        demo_db, make_window, qtbot):
    # due 10 days ago: overdue even when it ran past a holiday to the next working day (REFERENCE §1.2 rule 3, s65)
    interview = shunde_interview(demo_db, ASSOCIATION, day(-20), day(-10))
    window = make_window(demo_db)
    window.show()
    board = window.board
    board.start()
    qtbot.waitUntil(lambda: board.started and not board.stale)
    model = board.table.model
    row = next(i for i, d in enumerate(model.records) if d.interview_id == interview.id)
    assert model.data(model.index(row, 0)) == "已逾期"
    assert model.data(model.index(row, 3)) == _("Interview of {date}").format(date=day(-20))
    assert model.data(model.index(row, 4)) == "佛山市顺德区房地产中介协会"
    board.table.view.activated.emit(model.index(row, 0))
    assert window.stack.currentIndex() == 2
    page = window.interviews_page
    assert page.selected_id() == interview.id
    record_follow_up(demo_db, interview.id, today(), "已报送整改情况")
    page._changed(interview.id)  # as the follow-up dialog's Save ends
    window.show_deadlines()
    qtbot.waitUntil(lambda: not board.stale)
    assert interview.id not in {d.interview_id for d in board.deadlines}


# the register's search ---------------------------------------------------------------------------------------------
def test_the_register_finds_an_interview_by_party_subject_attendee_or_number(demo_db, make_window, data_dir):
    association = shunde_interview(demo_db, ASSOCIATION, "2026-12-03", "2026-12-24")
    # still to come, whatever the day the test runs: a notice is issued only before its interview
    sms = shunde_interview(demo_db, SMS_SENDER, day(7), day(21), topics="未经同意发送商业短信的问题",
                           contact_phone="0757-22220000")  # a notice states the reason and phone typed
    issued = issue_interview_document(demo_db, data_dir, get_interview(demo_db, sms.id), find_form("interview_notice"))
    window = make_window(demo_db)
    window.navigation.setCurrentRow(2)
    page = window.interviews_page
    total = page.model.rowCount()
    overdue = page.overdue_label.text()

    def found(text: str) -> list[str]:
        page.search.setText(text)
        return [r.interview.id for r in page.model.records]

    assert found("房地产中介协会") == [association.id]
    assert page.found.text() == f"1/{total} 次约谈"
    assert found("讯达 营销") == [] and found("讯达 约谈") == [sms.id]  # every word must be found
    assert found("梁国华") == [association.id]  # an attendee
    assert found(issued.number) == [sms.id]
    assert found("没有这样的约谈") == [] and page.found.text() == f"0/{total} 次约谈"
    assert page.overdue_label.text() == overdue  # counted over the whole register, whatever is shown
    page.search.clear()
    assert page.model.rowCount() == total and page.found.text() == ""


def test_opening_an_interview_hidden_by_the_search_clears_it_and_ctrl_f_reaches_the_search(demo_db, make_window,
                                                                                             qtbot):
    association = shunde_interview(demo_db, ASSOCIATION, "2026-12-03", "2026-12-24")
    window = make_window(demo_db)
    window.navigation.setCurrentRow(2)
    page = window.interviews_page
    page.search.setText("小额贷款")
    window.open_interview(association.id)
    assert page.search.text() == "" and page.selected_id() == association.id
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    window.fill_menus()
    window.findChild(QAction, "find").trigger()  # Ctrl+F
    assert window.stack.currentIndex() == 2
    qtbot.waitUntil(page.search.hasFocus)


# an association is summoned as the body of its members -------------------------------------------------------------
def texts(db, interview: Interview, form_id: str) -> list[str]:
    document = draft_interview_document(db, interview, find_form(form_id))
    return [pdf_text(render_document(document, "pdf").data), docx_text(render_document(document, "docx").data)]


def test_an_association_is_asked_about_its_members_not_about_its_own_messages(demo_db):
    interview = shunde_interview(demo_db, ASSOCIATION, "2026-12-03", "2026-12-24",
                                 topics="协会会员单位存在买卖业主客户信息的问题")
    for text in texts(demo_db, interview, "interview_notice"):
        assert "五、参加人员：你单位法定代表人或者秘书长等主要负责人。" in text
        assert "你单位组织会员单位针对约谈事由所涉问题开展自查的情况说明" in text and "会员单位名录" in text
        assert "外呼" not in text and "同意处理其个人信息的记录" not in text  # a business's records, not an association's
        assert "第六十四条" not in text  # the article summoning a processor of the information
    for text in texts(demo_db, interview, "interview_record"):
        assert "立即组织会员单位针对约谈指出的问题开展自查自纠" in text and "自律惩戒" in text
        assert "协会会员单位存在买卖业主客户信息的问题" in text  # the issues are the topics typed
        assert "外呼" not in text


def test_a_business_sending_messages_keeps_the_processor_s_wording(demo_db):
    interview = shunde_interview(demo_db, SMS_SENDER, "2026-12-04", "2026-12-18")
    for text in texts(demo_db, interview, "interview_notice"):  # the materials concern the reason, naming no charge
        assert "第六十四条" in text and "与约谈事由有关的管理制度、业务记录、合同等材料" in text
        assert "与约谈事由有关的业务负责人" in text and "会员" not in text
    for text in texts(demo_db, interview, "interview_record"):
        assert "针对约谈指出的问题立即开展自查自纠" in text and "会员" not in text


@pytest.mark.parametrize("form_id", ["interview_notice", "interview_record"])
def test_an_association_s_draft_kept_with_the_business_wording_takes_its_own(demo_db, form_id):
    interview = shunde_interview(demo_db, ASSOCIATION, "2026-12-03", "2026-12-24")
    form = find_form(form_id)
    context = interview_context(demo_db, interview)
    business = {f.name: f.default for f in form.fields if f.old_defaults and dict(f.party_defaults).get("association")}
    assert business  # the notice's legal basis, attendees and materials; the record's requirements
    values = resumed_values(form, {**business, "place": "协会会议室"}, context)
    assert values["place"] == "协会会议室"  # what the officer wrote stays
    for name in business:
        assert values[name] == dict(next(f for f in form.fields if f.name == name).party_defaults)["association"]


# the command line ---------------------------------------------------------------------------------------------------
def test_the_command_line_finds_follows_up_and_escalates_an_interview(demo_db, data_dir, capsys):
    association = shunde_interview(demo_db, ASSOCIATION, day(-10), day(11))
    sms = shunde_interview(demo_db, SMS_SENDER, day(-9), day(4))
    found = run_json(capsys, "interviews", "list", "--data-dir", data_dir, "--search", "房地产中介 梁国华")
    assert [r["id"] for r in found] == [association.id]
    code, out, err = run(capsys, "interviews", "list", "--data-dir", data_dir, "--search", "没有这样的约谈")
    assert code == 0 and out.strip() == "没有包含“没有这样的约谈”的约谈。"

    code, out, err = run(capsys, "interviews", "follow-up", association.id, "--data-dir", data_dir,
                         "--on", day(3), "--result", "已报送")
    assert code == 1 and err.startswith("错误：--on：") and "尚未到来" in err  # a day still to come, named by option
    assert get_interview(demo_db, association.id).follow_up_result == ""
    done = run_json(capsys, "interviews", "follow-up", association.id, "--data-dir", data_dir,
                    "--on", today(), "--result", "协会已报送会员单位自查整改情况")
    assert done["follow_up_on"] == today()
    board = run_json(capsys, "clocks", "--data-dir", data_dir)
    assert {d["interview_id"] for d in board} >= {sms.id} and association.id not in {d["interview_id"] for d in board}

    case = create_case(demo_db, Case(case_number="", cause="涉嫌未经消费者同意发送商业性信息案", sector="other",
                                     agency_id=agency_id_for_code("440606"), status="pending_filing",
                                     party_ids=sms.party_ids))  # against the business interviewed
    # its 整改期限 has not passed: escalated now only on the officer's word, as the window asks
    linked = run_json(capsys, "interviews", "escalate", sms.id, case.id, "--data-dir", data_dir, "--before-deadline")
    assert linked["case_number"] is None and get_interview(demo_db, sms.id).case_id == case.id
    assert sms.id not in {d["interview_id"] for d in run_json(capsys, "clocks", "--data-dir", data_dir)}
