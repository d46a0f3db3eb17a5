"""What the walk through a town office's interviews left, fixed as the 桂城所 meets it: its first interview offers the
telephone it set in its document details (else its district bureau's) and a notice of an interview without one prints
it; the register's 合计 row counts a joint interview as followed up only once every party of it is; the deadline board
names only the parties of a joint interview whose rectification report is still awaited, the row going with the last;
and a case opened from an interview starts from a 案由 that reads as one (…涉嫌拨打骚扰电话案), however the topic
spoke to the party."""

import csv
import io

import pytest

from tests.helpers import pdf_text, run, run_json
from workstation import clocks, records
from workstation.board_export import name_rows
from workstation.documents.drafts import find_form, render_document
from workstation.documents.interview_documents import draft_interview_document
from workstation.i18n import _
from workstation.records import Case
from workstation.store import agency_id_for_code, create_case
from workstation.store.interviews import case_prefill, escalate_to_case, get_interview

GUICHENG = "440605011"  # 桂城所, a town office of 南海区局
#: a day the reseller's interview is still to come whenever the tests run (the year after today's: a date further
#: ahead is refused as mistyped)
SCHEDULED_YEAR = int(records.today()[:4]) + 1
SCHEDULED = f"{SCHEDULED_YEAR}-12-08"
NANHAI = "440605"
RESELLER = "佛山市南海区沄溪通信技术有限公司"
ASSOCIATION = "佛山市小额贷款行业协会"
LENDER = "佛山市南海区泊岸小额贷款有限公司"
ADVISER = "佛山市禅城区沐棠信息咨询服务有限公司"
HELD = "2026-11-26"  # its rectification report is due 15 working days later, on 2026-12-17
BOARD_DAY = "2026-12-08"


def party_id(db, name: str) -> str:
    return db.execute("SELECT id FROM parties WHERE name = ?", [name]).fetchone()[0]


def set_phone(capsys, data_dir, agency: str, phone: str) -> None:
    run_json(capsys, "station", "details", "--data-dir", data_dir, "--agency", agency, "--contact-phone", phone)


def reseller_interview(capsys, data_dir, *more: str) -> dict:
    """The 桂城所's interview of the reseller, scheduled, with no contact phone typed unless ``more`` gives one."""
    return run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", GUICHENG, "--party", RESELLER,
                    "--date", SCHEDULED, "--time", "9:30", "--place", "桂城市场监督管理所三楼会议室",
                    "--topics", "向他人出售宽带用户名单", "--officer", "罗展鹏:所长", "--officer", "黄少芬:科员", *more)


def notice_text(db, interview_id: str) -> str:
    document = draft_interview_document(db, get_interview(db, interview_id), find_form("interview_notice"))
    return pdf_text(render_document(document, "pdf").data)


def industry_interview(capsys, data_dir) -> str:
    """The 桂城所's joint interview of the association and two lenders, held on ``HELD``, none followed up yet."""
    parties = [arg for name in (ASSOCIATION, LENDER, ADVISER) for arg in ("--party", name)]
    added = run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", GUICHENG, *parties,
                     "--date", HELD, "--time", "14:30", "--place", "桂城市场监督管理所会议室",
                     "--topics", "部分会员单位通过外呼拨打贷款推销电话", "--officer", "罗展鹏:所长",
                     "--officer", "黄少芬:科员", "--recorder", "黄少芬", "--contact-phone", "0757-86201234",
                     "--commitments", "各单位于整改期限内书面报送整改情况")
    return added["id"]


def follow_up(capsys, data_dir, interview_id: str, party: str, result: str = "已书面报送整改情况") -> None:
    run_json(capsys, "interviews", "follow-up", interview_id, "--data-dir", data_dir, "--on", "2026-12-01",
             "--result", result, "--party", party)


def register_lines(capsys, data_dir, tmp_path) -> list[list[str]]:
    target = tmp_path / "约谈台账.csv"
    run_json(capsys, "interviews", "export", "--data-dir", data_dir, "-o", target, "--force")
    return list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig"))))


def board_line(capsys, data_dir) -> str | None:
    """The line of the ``clocks`` board naming the interview of ``HELD``, None when there is none."""
    code, out, err = run(capsys, "clocks", "--data-dir", str(data_dir), "--as-of", BOARD_DAY)
    assert code == 0, err
    return next((text for text in out.splitlines() if _("Interview of {date}").format(date=HELD) in text), None)


# 1. the office's own telephone ------------------------------------------------------------------------------------

def test_a_town_offices_first_interview_offers_the_telephone_set_for_the_office(demo_db, data_dir, capsys):
    set_phone(capsys, data_dir, NANHAI, "0757-86281111")
    set_phone(capsys, data_dir, GUICHENG, "0757-86201234")
    added = reseller_interview(capsys, data_dir)
    assert added["contact_phone"] == "0757-86201234"
    assert "七、联系人：罗展鹏，联系电话：0757-86201234。" in notice_text(demo_db, added["id"])


def test_a_town_office_without_a_telephone_of_its_own_offers_its_bureaus(demo_db, data_dir, capsys):
    set_phone(capsys, data_dir, NANHAI, "0757-86281111")
    set_phone(capsys, data_dir, GUICHENG, "")  # the office cleared its own
    added = reseller_interview(capsys, data_dir)
    assert added["contact_phone"] == "0757-86281111"


def test_the_next_interview_still_offers_the_telephone_typed_for_the_last(demo_db, data_dir, capsys):
    set_phone(capsys, data_dir, GUICHENG, "0757-86201234")
    reseller_interview(capsys, data_dir, "--contact-phone", "13800138000")
    assert reseller_interview(capsys, data_dir, "--allow-duplicate")["contact_phone"] == "13800138000"


def test_the_notice_of_an_interview_saved_without_a_telephone_prints_the_offices(demo_db, data_dir, capsys,
                                                                                  tmp_path):
    added = reseller_interview(capsys, data_dir, "--contact-phone", "")  # saved before the office set its details
    assert get_interview(demo_db, added["id"]).contact_phone == ""
    set_phone(capsys, data_dir, GUICHENG, "0757-86201234")
    target = tmp_path / "约谈通知书.pdf"
    run_json(capsys, "interviews", "issue", added["id"], "--data-dir", data_dir, "--form", "interview_notice",
             "-o", target)
    assert "七、联系人：罗展鹏，联系电话：0757-86201234。" in pdf_text(target.read_bytes())


def test_the_window_offers_the_offices_telephone_for_its_first_interview(demo_db, data_dir, capsys, prompts, qtbot):
    from ui.interview_dialog import InterviewDialog
    from workstation.store.base import set_setting

    set_setting(demo_db, "station_agency", agency_id_for_code(GUICHENG))  # the 桂城所's own laptop
    set_phone(capsys, data_dir, GUICHENG, "0757-86201234")
    dialog = InterviewDialog(demo_db, prompts)
    qtbot.addWidget(dialog)
    assert dialog.agency.currentData() == agency_id_for_code(GUICHENG)
    assert dialog.contact_phone.text() == "0757-86201234"


# 2. the register's 合计 row --------------------------------------------------------------------------------------

def test_the_register_counts_a_joint_interview_followed_up_once_every_party_is(demo_db, data_dir, capsys, tmp_path):
    interview_id = industry_interview(capsys, data_dir)
    before = register_lines(capsys, data_dir, tmp_path)[-1][7]
    follow_up(capsys, data_dir, interview_id, ASSOCIATION)
    follow_up(capsys, data_dir, interview_id, LENDER)
    lines = register_lines(capsys, data_dir, tmp_path)
    row = next(line for line in lines if line[0] == HELD and ADVISER in line[2])
    assert f"{ADVISER}：—" in row[7]
    assert lines[-1][0] == "合计" and lines[-1][7] == before  # two of three parties: not followed up yet
    follow_up(capsys, data_dir, interview_id, ADVISER)
    totals = register_lines(capsys, data_dir, tmp_path)[-1]
    assert int(totals[7].removesuffix("次已跟进")) == int(before.removesuffix("次已跟进")) + 1


def test_a_joint_interview_each_party_followed_up_alike_shows_the_follow_up(demo_db, data_dir, capsys, tmp_path):
    interview_id = industry_interview(capsys, data_dir)
    for name in (ASSOCIATION, LENDER, ADVISER):
        follow_up(capsys, data_dir, interview_id, name, "已整改")
    row = next(line for line in register_lines(capsys, data_dir, tmp_path) if line[0] == HELD and ADVISER in line[2])
    assert row[7] == "2026-12-01 已整改"


# 3. the deadline board -------------------------------------------------------------------------------------------

def test_the_board_names_only_the_parties_whose_report_is_still_awaited(demo_db, data_dir, capsys):
    interview_id = industry_interview(capsys, data_dir)
    follow_up(capsys, data_dir, interview_id, ASSOCIATION)
    case = create_case(demo_db, Case(case_number="", cause="涉嫌违法收集使用借款人个人信息案", sector="microloan",
                                     agency_id=agency_id_for_code(NANHAI), status="pending_filing",
                                     party_ids=[party_id(demo_db, LENDER)]))
    escalate_to_case(demo_db, interview_id, case.id)
    deadline = next(d for d in clocks.board(demo_db, on=BOARD_DAY) if d.interview_id == interview_id)
    assert deadline.party_label == ADVISER
    name_rows(demo_db, [deadline])  # as the board, its handout and ``clocks`` fill the party cell
    assert deadline.party_label == ADVISER
    line = board_line(capsys, data_dir)
    assert ADVISER in line and ASSOCIATION not in line and LENDER not in line
    follow_up(capsys, data_dir, interview_id, ADVISER)
    assert board_line(capsys, data_dir) is None


def test_the_window_board_names_the_parties_still_awaited(demo_db, data_dir, capsys, make_window, qtbot):
    interview_id = industry_interview(capsys, data_dir)
    follow_up(capsys, data_dir, interview_id, LENDER)
    window = make_window(demo_db)
    window.show()
    board = window.board
    board.start()
    qtbot.waitUntil(lambda: board.started and not board.stale)
    model = board.table.model
    row = next(i for i, d in enumerate(model.records) if d.interview_id == interview_id)
    assert model.data(model.index(row, 4)) == f"{ASSOCIATION}、{ADVISER}"


# 4. the 案由 of a case opened from an interview --------------------------------------------------------------------

@pytest.mark.parametrize(("topics", "cause"), [
    ("你单位用户投诉集中反映骚扰电话、未经同意发送商业短信问题", "涉嫌拨打骚扰电话、未经同意发送商业短信案"),  # REFERENCE §2.4
    ("你公司用户投诉集中反映骚扰电话问题\n未落实个人信息安全管理制度", "涉嫌拨打骚扰电话案"),
    ("1.贵公司向他人出售宽带用户名单。\n2.未落实用户个人信息安全管理制度", "涉嫌向他人出售宽带用户名单案"),
    ("消费者集中投诉的装修推销电话问题", "涉嫌拨打装修推销电话案"),
])
def test_a_case_from_an_interview_starts_from_a_cause_that_reads_as_one(demo_db, data_dir, capsys, topics, cause):
    assert prefilled_cause(demo_db, data_dir, capsys, topics) == RESELLER + cause


@pytest.mark.parametrize(("topics", "cause"), [
    ("会员单位违法收集、使用借款人个人信息的问题", "涉嫌会员单位违法收集、使用借款人个人信息案"),
    ("举报人信息泄露问题", "涉嫌举报人信息泄露案"),  # the 举报 is the matter itself, not how the complaints came
])
def test_a_topic_already_naming_the_matter_keeps_its_words(demo_db, data_dir, capsys, topics, cause):
    assert prefilled_cause(demo_db, data_dir, capsys, topics) == RESELLER + cause


def prefilled_cause(db, data_dir, capsys, topics: str) -> str:
    """The 案由 a case opened from the 桂城所's interview of the reseller on ``topics`` starts with."""
    added = run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", GUICHENG, "--party", RESELLER,
                     "--date", HELD, "--topics", topics, "--officer", "罗展鹏:所长", "--officer", "黄少芬:科员")
    return case_prefill(db, get_interview(db, added["id"]))["cause"]
