"""A town office's interviews walked through as the 桂城所 holds them: a telecom reseller that sold its customer
lists, and the micro-loan association called in with two lenders. Topics typed one a line make one 约谈事由 in the
sentences of the notice and the minutes (never a paragraph break in mid-sentence, nor a stop printed twice), the
deadline board names a joint interview's parties in the order they were entered and says how its rectification
report was counted (15 working days after the interview, or the days typed), and a case opened against one party of
a joint interview starts from that party's own commitments, not another's."""

from tests.helpers import pdf_text, run, run_json
from workstation import clocks, records
from workstation.board_export import name_rows
from workstation.documents.drafts import find_form, render_document
from workstation.documents.interview_documents import draft_interview_document
from workstation.i18n import _
from workstation.store.interviews import case_prefill, get_interview

GUICHENG = "440605011"
#: a day the reseller's interview is still to come whenever the tests run (the year after today's: a date further
#: ahead is refused as mistyped)
SCHEDULED_YEAR = int(records.today()[:4]) + 1
SCHEDULED = f"{SCHEDULED_YEAR}-12-08"
RESELLER = "佛山市南海区沄溪通信技术有限公司"
ASSOCIATION = "佛山市小额贷款行业协会"
LENDER = "佛山市南海区泊岸小额贷款有限公司"
ADVISER = "佛山市禅城区沐棠信息咨询服务有限公司"
TOPICS = "部分会员单位通过外呼拨打贷款推销电话\n使用来源不明的个人信息开展营销"
COMMITMENTS = (f"{ASSOCIATION}组织会员单位开展自查自纠\n{LENDER}停止与外呼服务商合作\n"
               "各单位于整改期限内书面报送整改情况")
HELD = "2026-11-26"  # a Thursday: 15 working days later is 2026-12-17


def party_id(db, name: str) -> str:
    return db.execute("SELECT id FROM parties WHERE name = ?", [name]).fetchone()[0]


def entered_against_their_ids(db) -> list[str]:
    """The three parties of the industry interview in an order that is not the order of their ids."""
    names = [ASSOCIATION, LENDER, ADVISER]
    by_id = sorted(names, key=lambda name: party_id(db, name))
    return names if names != by_id else list(reversed(names))


def industry_interview(capsys, db, data_dir, *more: str) -> tuple[str, list[str]]:
    """The association and two lenders interviewed together by the 桂城所 on ``HELD``: its id and the parties in the
    order entered."""
    names = entered_against_their_ids(db)
    parties = [arg for name in names for arg in ("--party", name)]
    added = run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", GUICHENG, *parties,
                     "--date", HELD, "--time", "14:30", "--place", "桂城市场监督管理所会议室", "--topics", TOPICS,
                     "--officer", "罗展鹏:所长", "--officer", "黄少芬:科员", "--recorder", "黄少芬",
                     "--attendee", f"欧敏仪:秘书长:{ASSOCIATION}", "--attendee", f"梁国辉:总经理:{LENDER}",
                     "--attendee", f"张晓东:法定代表人:{ADVISER}", "--commitments", COMMITMENTS, *more)
    return added["id"], names


def reseller_notice_text(db, data_dir, capsys, topics: str) -> str:
    """The printed 约谈通知书 of the reseller's interview scheduled with ``topics``."""
    added = run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", GUICHENG, "--party", RESELLER,
                     "--date", SCHEDULED, "--time", "9:30", "--place", "桂城市场监督管理所三楼会议室",
                     "--topics", topics, "--officer", "罗展鹏:所长", "--officer", "黄少芬:科员",
                     "--contact-phone", "0757-86201234")
    document = draft_interview_document(db, get_interview(db, added["id"]), find_form("interview_notice"))
    return pdf_text(render_document(document, "pdf").data)


def interview_row(capsys, data_dir, interview_id: str) -> dict:
    rows = run_json(capsys, "clocks", "--data-dir", data_dir, "--as-of", "2026-12-08")
    return next(r for r in rows if r["interview_id"] == interview_id)


def test_the_notice_states_topics_typed_one_a_line_as_one_reason(demo_db, data_dir, capsys):
    text = reseller_notice_text(demo_db, data_dir, capsys, "1.向他人出售宽带用户名单\n2.未落实用户个人信息安全管理制度")
    assert f"一、约谈事由：向他人出售宽带用户名单；未落实用户个人信息安全管理制度。二、约谈时间：{SCHEDULED_YEAR}年12月8日上午9时30分。" in text


def test_the_notice_prints_a_stop_typed_at_the_end_of_the_topics_once(demo_db, data_dir, capsys):
    text = reseller_notice_text(demo_db, data_dir, capsys, "涉嫌向他人出售用户个人信息。")
    assert "一、约谈事由：涉嫌向他人出售用户个人信息。二、" in text and "。。" not in text


def test_the_minutes_set_the_topics_typed_one_a_line_in_their_opening_sentence(demo_db, data_dir, capsys, tmp_path):
    interview_id, names = industry_interview(capsys, demo_db, data_dir)
    target = tmp_path / "约谈纪要.pdf"
    run_json(capsys, "interviews", "issue", interview_id, "--data-dir", data_dir, "--form", "interview_minutes",
             "-o", target)
    text = pdf_text(target.read_bytes())
    assert ("，就部分会员单位通过外呼拨打贷款推销电话；使用来源不明的个人信息开展营销对"
            f"{'、'.join(names)}进行集体约谈。") in text


def test_the_board_names_a_joint_interviews_parties_in_the_order_entered(demo_db, data_dir, capsys):
    interview_id, names = industry_interview(capsys, demo_db, data_dir)
    deadline = next(d for d in clocks.board(demo_db, on="2026-12-08") if d.interview_id == interview_id)
    assert deadline.party_label == "、".join(names)[:24]  # cut as the board cuts it
    name_rows(demo_db, [deadline])  # as the board, its handout and ``clocks`` fill the party cell
    assert deadline.party_label == "、".join(names)
    code, out, err = run(capsys, "clocks", "--data-dir", str(data_dir), "--as-of", "2026-12-08")
    assert code == 0, err
    line = next(text for text in out.splitlines() if _("Interview of {date}").format(date=HELD) in text)
    assert "、".join(names) in line


def test_the_board_counts_the_usual_rectification_report_in_working_days(demo_db, data_dir, capsys):
    interview_id, _names = industry_interview(capsys, demo_db, data_dir)
    assert get_interview(demo_db, interview_id).rectification_due == "2026-12-17"
    row = interview_row(capsys, data_dir, interview_id)
    assert (row["due"], row["unit"], row["period"]) == ("2026-12-17", "wd", 15)
    fifteen = _("{n} working days").format(n=15)
    assert fifteen in row["source"] and fifteen in row["calculation"]


def test_the_board_counts_a_deadline_typed_by_hand_in_days(demo_db, data_dir, capsys):
    interview_id, _names = industry_interview(capsys, demo_db, data_dir, "--deadline", "2026-12-26")  # a Saturday
    assert get_interview(demo_db, interview_id).rectification_due == "2026-12-26"  # kept as typed
    row = interview_row(capsys, data_dir, interview_id)
    # the typed 30 days end on a Saturday: the deadline runs to the next working day, Monday 2026-12-28 (REFERENCE
    # §1.2 rule 3, s65); the board keeps the officer's unit, 30 days, not the usual 15 working days (s66)
    assert (row["due"], row["unit"], row["period"]) == ("2026-12-28", "cd", 30)
    assert _("{n} days").format(n=30) in row["calculation"]
    assert _("{n} working days").format(n=22) not in row["calculation"]
    assert _("{n} working days").format(n=15) not in row["calculation"]


def test_a_case_against_one_party_of_a_joint_interview_starts_from_its_own_commitments(demo_db, data_dir, capsys):
    interview_id, _names = industry_interview(capsys, demo_db, data_dir)
    interview = get_interview(demo_db, interview_id)
    adviser = case_prefill(demo_db, interview, party_id(demo_db, ADVISER))["facts"]
    assert "当事人承诺：各单位于整改期限内书面报送整改情况。" in adviser
    assert "停止与外呼服务商合作" not in adviser and "组织会员单位开展自查自纠" not in adviser
    lender = case_prefill(demo_db, interview, party_id(demo_db, LENDER))["facts"]
    assert f"当事人承诺：{LENDER}停止与外呼服务商合作；各单位于整改期限内书面报送整改情况。" in lender


def test_the_window_board_shows_the_parties_entered_and_the_working_days_counted(demo_db, data_dir, capsys,
                                                                                  make_window, qtbot):
    interview_id, names = industry_interview(capsys, demo_db, data_dir)
    window = make_window(demo_db)
    window.show()
    board = window.board
    board.start()
    qtbot.waitUntil(lambda: board.started and not board.stale)
    model = board.table.model
    row = next(i for i, d in enumerate(model.records) if d.interview_id == interview_id)
    assert model.data(model.index(row, 3)) == _("Interview of {date}").format(date=HELD)
    assert model.data(model.index(row, 4)) == "、".join(names)
    board.table.view.selectRow(row)
    assert _("{n} working days").format(n=15) in board.table.detail.toPlainText()


def test_the_page_issues_the_minutes_with_the_topics_in_one_sentence(demo_db, data_dir, capsys, make_window,
                                                                     prompts, tmp_path):
    interview_id, names = industry_interview(capsys, demo_db, data_dir)
    window = make_window(demo_db)
    page = window.interviews_page
    page.refresh(select=interview_id)
    assert page.selected_id() == interview_id
    target = tmp_path / "纪要.pdf"
    prompts.files.append(str(target))
    page.buttons["interview_minutes"].click()
    assert prompts.errors == []
    text = pdf_text(target.read_bytes())
    assert f"就部分会员单位通过外呼拨打贷款推销电话；使用来源不明的个人信息开展营销对{'、'.join(names)}" in text
