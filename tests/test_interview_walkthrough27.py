"""A town office's interviews walked through from the command line to the register handed on: an interviewer who
also keeps the record (``--officer 黄少芬:科员 --recorder 黄少芬``) is named once in the 约谈纪要 and counted once
in the register, the register's 事由 is the interview's 约谈事由, not the subject the command line makes up
from the parties' names, and a joint interview reaches headquarters with its parties in the order the station
listed them (the bundle sorted them by id)."""

import csv
import io

from tests.helpers import open_db, pdf_text, run_json, send_bundle
from workstation.documents.drafts import find_form, render_document
from workstation.documents.interview_documents import draft_interview_document
from workstation.interview_register import register_rows
from workstation.store.interviews import get_interview

ASSOCIATION = "佛山市房地产业协会"
DEVELOPER = "佛山市南海区棠屿房地产开发有限公司"
SANSHUI = "佛山市三水区铂翊房地产开发有限公司"
TOPICS = "会员单位违规拨打推销电话\n泄露购房人个人信息"


def joint_interview(capsys, data_dir) -> str:
    """A joint interview of the association and a developer held by the 桂城所, its second officer keeping the
    record; its id."""
    return run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", "440605011",
                    "--party", ASSOCIATION, "--party", DEVELOPER, "--date", "2026-11-25", "--time", "15:00",
                    "--place", "桂城所会议室", "--topics", TOPICS, "--officer", "罗展鹏:所长",
                    "--officer", "黄少芬:科员", "--recorder", "黄少芬",
                    "--attendee", f"谭健峰:秘书长:{ASSOCIATION}", "--attendee", f"李志强:总经理:{DEVELOPER}",
                    "--commitments", "协会组织会员单位开展自查自纠")["id"]


def registered(capsys, data_dir, tmp_path) -> list[list[str]]:
    target = tmp_path / "约谈台账.csv"
    run_json(capsys, "interviews", "export", "-o", target, "--data-dir", data_dir)
    return list(csv.reader(io.StringIO(target.read_bytes().decode("utf-8-sig"))))


def test_the_minutes_name_an_interviewer_who_keeps_the_record_once_with_both_posts(demo_db, data_dir, capsys):
    interview = get_interview(demo_db, joint_interview(capsys, data_dir))
    document = draft_interview_document(demo_db, interview, find_form("interview_minutes"))
    text = pdf_text(render_document(document, "pdf").data)
    assert text.count("黄少芬") == 1
    assert "黄少芬（佛山市南海区市场监督管理局桂城市场监督管理所科员）（记录人）" in text  # the role apart (session 58)
    assert "罗展鹏（佛山市南海区市场监督管理局桂城市场监督管理所所长）" in text
    # the record still names her as an interviewer and as its recorder, as entered
    record = draft_interview_document(demo_db, interview, find_form("interview_record"),
                                      party_id=interview.party_ids[0])
    fields = dict(record.fields)
    assert fields["记录人"] == "黄少芬" and fields["约谈人员（二）"] == "黄少芬" and fields["约谈人员（二）职务"] == "科员"


def test_the_register_counts_each_attendee_once_and_gives_the_topics_as_its_reason(demo_db, data_dir, capsys,
                                                                                   tmp_path):
    joint_interview(capsys, data_dir)
    rows = registered(capsys, data_dir, tmp_path)
    ours = next(r for r in rows[1:-1] if r[0] == "2026-11-25")
    assert ours[4] == "会员单位违规拨打推销电话；泄露购房人个人信息"  # not 约谈佛山市房地产业协会、…
    assert ours[5] == "4"  # 罗展鹏, 黄少芬 (interviewer and recorder), 谭健峰, 李志强
    assert int(rows[-1][5]) == sum(int(r[5]) for r in rows[1:-1])


def test_the_register_gives_the_subject_of_an_interview_recorded_without_topics(demo_db, data_dir, capsys, tmp_path):
    run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", "440605011", "--party", DEVELOPER,
             "--date", "2026-11-20", "--subject", "约谈开发企业规范电话营销", "--officer", "罗展鹏:所长",
             "--officer", "黄少芬")
    ours = next(r for r in registered(capsys, data_dir, tmp_path)[1:-1] if r[0] == "2026-11-20")
    assert ours[4] == "约谈开发企业规范电话营销" and ours[5] == "2"


def test_a_joint_interview_reaches_headquarters_with_its_parties_in_the_stations_order(station_and_hq_dirs, capsys):
    dirs = station_and_hq_dirs
    station = open_db(dirs / "station")
    try:  # listed against the order of their ids, which the bundle used to sort them by
        ids = sorted((get_party_id(station, name) for name in (ASSOCIATION, DEVELOPER, SANSHUI)), reverse=True)
        names = [station.execute("SELECT name FROM parties WHERE id = ?", [i]).fetchone()[0] for i in ids]
    finally:
        station.conn.close()
    added = run_json(capsys, "--data-dir", dirs / "station", "interviews", "add", "--party", names[0], "--party",
                     names[1], "--party", names[2], "--date", "2026-11-25", "--topics", TOPICS,
                     "--officer", "罗建华:科长", "--officer", "杨伟明")
    assert added["parties"] == ids
    assert send_bundle(capsys, dirs, "s1.bundle")["conflicts"] == 0
    hq = open_db(dirs / "hq")
    try:
        assert get_interview(hq, added["id"]).party_ids == ids
        register = register_rows(hq, [get_interview(hq, added["id"])])
    finally:
        hq.conn.close()
    assert register[0][2] == "、".join(names)
    listed = run_json(capsys, "--data-dir", dirs / "hq", "interviews", "list", "--search", "泄露购房人个人信息")
    assert [i["parties"] for i in listed] == [names]


def get_party_id(db, name: str) -> str:
    return db.execute("SELECT id FROM parties WHERE name = ?", [name]).fetchone()[0]
