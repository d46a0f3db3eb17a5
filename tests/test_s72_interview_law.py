"""Mends of the interviews law audit (约谈, s72): `interviews list` masks the numbers in the parties' names, the
subject and each party's row as the register's export and the window do (1); `interviews issue --party` takes the
party as the other commands of an interview take it — its credit code, ID number or a part of its name found in one
party only — and still refuses a party the interview did not have in the words it had (2); an interview is not dated
(nor recorded as held) hours before its 约谈通知书 was issued on the same day (3)."""

from __future__ import annotations

import csv
import datetime as dt

from tests.helpers import move_program_clock, run, run_json
from workstation.case_records import Party
from workstation.documents.interview_documents import interview_documents
from workstation.store.interviews import get_interview
from workstation.store.parties import save_party

LIWAN_USCC = "91440605MA44CM7F08"  # 佛山市南海区栎湾…
LIWAN = "佛山市南海区栎湾房地产营销策划有限公司"
OTHER = "佛山市南海区棠屿房地产开发有限公司"
JOINT_PARTY = "佛山市顺德区霁川房地产开发有限公司"  # of the demo's joint interview, not of the one here
USER = "号码13800138000的使用人"  # a party known only by the number it called from
MASKED = "号码138****8000的使用人"


def _at(monkeypatch, moment: str) -> None:
    move_program_clock(monkeypatch, dt.datetime.fromisoformat(moment))


# 1. the list masks the parties and the subject --------------------------------------------------------------------
def test_the_list_masks_the_parties_and_the_subject_as_the_export_does(demo_db, data_dir, capsys, tmp_path,
                                                                         monkeypatch, english):
    _at(monkeypatch, "2026-12-01T10:00:00+08:00")
    party = save_party(demo_db, Party(name=USER))
    added = run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", "440608", "--party", party.id,
                     "--date", "2026-12-10", "--time", "9:30", "--place", "高明区市场监督管理局三楼会议室",
                     "--subject", f"{USER}拨打推销电话", "--topics", "拨打推销电话",
                     "--officer", "李明:科长", "--officer", "黄晓:科员")
    listed = next(r for r in run_json(capsys, "interviews", "list", "--data-dir", data_dir) if r["id"] == added["id"])
    assert listed["parties"] == [MASKED]
    assert listed["subject"] == f"{MASKED}拨打推销电话"
    assert [r["party"] for r in listed["party_results"]] == [MASKED]
    assert "13800138000" not in str(listed)
    code, out, err = run(capsys, "interviews", "list", "--data-dir", data_dir)
    assert code == 0, err
    [row] = [line for line in out.splitlines() if line.startswith(added["id"])]
    assert MASKED in row.split("\t") and "13800138000" not in out
    # the export shows the same masked name
    target = tmp_path / "register.csv"
    assert run(capsys, "interviews", "export", "--data-dir", data_dir, "-o", target)[0] == 0
    exported = target.read_text(encoding="utf-8-sig")
    assert MASKED in exported and "13800138000" not in exported
    assert any(MASKED in cell for row in csv.reader(exported.splitlines()) for cell in row)


# 2. issue --party takes what the other interview commands take ---------------------------------------------------
def _joint(capsys, data_dir, monkeypatch) -> str:
    """An interview of 栎湾 and 棠屿 held on 2026-11-30."""
    _at(monkeypatch, "2026-12-01T10:00:00+08:00")
    return _held(capsys, data_dir, {LIWAN_USCC: f"陈立:总经理:{LIWAN}", OTHER: f"周敏:法定代表人:{OTHER}"})


def _held(capsys, data_dir, attendees: dict[str, str]) -> str:
    """An interview of the parties ``attendees`` maps (as `--party` takes each) to its attendee (NAME:TITLE:PARTY),
    held on 2026-11-30 at 9:30: its id."""
    parties = [arg for party in attendees for arg in ("--party", party)]
    people = [arg for attendee in attendees.values() for arg in ("--attendee", attendee)]
    interview = run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", "440608", *parties,
                         "--date", "2026-11-30", "--time", "9:30", "--place", "高明区市场监督管理局三楼会议室",
                         "--topics", "拨打推销电话", "--officer", "李明:科长", "--officer", "黄晓:科员",
                         "--recorder", "黄晓", *people)["id"]
    if get_interview_status(data_dir, capsys, interview) != "held":
        assert run(capsys, "interviews", "held", interview, "--data-dir", data_dir)[0] == 0
    return interview


def get_interview_status(data_dir, capsys, interview: str) -> str:
    return next(r for r in run_json(capsys, "interviews", "list", "--data-dir", data_dir)
                if r["id"] == interview)["state"]


def _records(db, interview: str) -> list:
    return [d for d in interview_documents(db, interview) if d.form_id == "interview_record" and d.status == "issued"]


def _ended(tmp_path):
    path = tmp_path / "values.json"
    path.write_text('{"time_to": "10:30"}', encoding="utf-8")
    return path


def _written_for(db, interview: str, record) -> tuple[str, str]:
    """The name of the party the issued 约谈记录 ``record`` prints as its addressee, and the attendee it records."""
    from workstation.documents.drafts import find_form
    from workstation.documents.interview_documents import party_named_in

    party_id = party_named_in(db, get_interview(db, interview), find_form("interview_record"), record.values)
    return db.execute("SELECT name FROM parties WHERE id = ?", [party_id]).fetchone()[0], record.values["attendee1"]


def test_issue_takes_the_party_by_its_credit_code(demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    interview = _joint(capsys, data_dir, monkeypatch)
    code, _out, err = run(capsys, "interviews", "issue", interview, "--data-dir", data_dir, "--form",
                          "interview_record", "--party", LIWAN_USCC, "--values", _ended(tmp_path), "-o",
                          tmp_path / "record.pdf")
    assert code == 0, err
    [record] = _records(demo_db, interview)
    assert _written_for(demo_db, interview, record) == (LIWAN, "陈立") and (tmp_path / "record.pdf").exists()


def test_issue_takes_the_party_by_a_part_of_its_name(demo_db, data_dir, capsys, tmp_path, monkeypatch, english):
    interview = _joint(capsys, data_dir, monkeypatch)
    code, _out, err = run(capsys, "interviews", "issue", interview, "--data-dir", data_dir, "--form",
                          "interview_record", "--party", "栎湾", "--values", _ended(tmp_path), "-o",
                          tmp_path / "record.pdf")
    assert code == 0, err
    [record] = _records(demo_db, interview)
    assert _written_for(demo_db, interview, record) == (LIWAN, "陈立")


def test_issue_still_refuses_a_party_the_interview_did_not_have_in_its_words(demo_db, data_dir, capsys, tmp_path,
                                                                             monkeypatch, english):
    interview = _joint(capsys, data_dir, monkeypatch)
    for given in ("其他公司", JOINT_PARTY):
        code, out, err = run(capsys, "interviews", "issue", interview, "--data-dir", data_dir, "--form",
                             "interview_record", "--party", given, "-o", tmp_path / "record.pdf")
        assert (code, out) == (1, "")
        assert err.startswith(f"Error: --party: {given} was not interviewed in this interview; give the id or name "
                              "of one of its parties:"), err
    # a part of the name found in both parties is refused, naming them
    code, out, err = run(capsys, "interviews", "issue", interview, "--data-dir", data_dir, "--form",
                         "interview_record", "--party", "南海区", "-o", tmp_path / "record.pdf")
    assert (code, out) == (1, "") and "--party" in err and OTHER in err
    assert _records(demo_db, interview) == [] and not (tmp_path / "record.pdf").exists()


def test_issue_takes_the_party_named_whole_before_one_whose_name_holds_it(demo_db, data_dir, capsys, tmp_path,
                                                                          monkeypatch, english):
    """One party's whole name is a part of the other's (某公司 and 某公司分公司): given whole, it names that party."""
    _at(monkeypatch, "2026-12-01T10:00:00+08:00")
    head = "佛山市高明区澜石通信服务有限公司"
    branch = f"{head}荷城分公司"
    for name, code in ((head, "91440608MA4W3K2L92"), (branch, "91440608MA4W3K2M7W")):
        save_party(demo_db, Party(name=name, uscc=code))
    interview = _held(capsys, data_dir, {branch: f"周敏:负责人:{branch}", head: f"陈立:总经理:{head}"})
    code, _out, err = run(capsys, "interviews", "issue", interview, "--data-dir", data_dir, "--form",
                          "interview_record", "--party", head, "--values", _ended(tmp_path), "-o",
                          tmp_path / "record.pdf")
    assert code == 0, err
    [record] = _records(demo_db, interview)
    assert _written_for(demo_db, interview, record) == (head, "陈立")
    # the longer name is found in one party only
    code, _out, err = run(capsys, "interviews", "issue", interview, "--data-dir", data_dir, "--form",
                          "interview_record", "--party", branch, "--values", _ended(tmp_path), "-o",
                          tmp_path / "record2.pdf")
    assert code == 0, err
    assert sorted(_written_for(demo_db, interview, r) for r in _records(demo_db, interview)) == \
           sorted([(head, "陈立"), (branch, "周敏")])



def test_issue_takes_the_party_written_as_interviews_add_takes_it(demo_db, data_dir, capsys, tmp_path, monkeypatch,
                                                                  english):
    """The party typed as `interviews add --party` took it (``party_named``): its name with half-width brackets for
    the full-width ones stored, its credit code with spaces, in lower case or in full-width characters."""
    _at(monkeypatch, "2026-12-01T10:00:00+08:00")
    stored, typed = "佛山市高明区澜石通信（集团）有限公司", "佛山市高明区澜石通信(集团)有限公司"
    save_party(demo_db, Party(name=stored, uscc="91440608MA4W3K2L92"))
    interview = _held(capsys, data_dir, {typed: f"陈立:总经理:{stored}", OTHER: f"周敏:法定代表人:{OTHER}"})
    for n, given in enumerate((typed, "9144 0608 ma4w3k2l92", "９１４４０６０８ＭＡ４Ｗ３Ｋ２Ｌ９２", "澜石通信(集团")):
        code, _out, err = run(capsys, "interviews", "issue", interview, "--data-dir", data_dir, "--form",
                              "interview_record", "--party", given, "--values", _ended(tmp_path), "-o",
                              tmp_path / f"record{n}.pdf")
        assert code == 0, (given, err)
        [record] = _records(demo_db, interview)
        assert _written_for(demo_db, interview, record) == (stored, "陈立")
        assert run(capsys, "docs", "void", record.id, "--data-dir", data_dir, "--reason", "重新制作")[0] == 0


# 3. an interview dated hours before its notice, on the day it was issued ------------------------------------------
def _noticed(capsys, data_dir, tmp_path, monkeypatch) -> tuple[str, str]:
    """An interview of 2026-12-10 09:30 and its notice issued at 21:57 on 2026-12-07: its id and the notice's 文号."""
    _at(monkeypatch, "2026-12-07T21:57:00+08:00")
    interview = run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", "440608", "--party",
                         LIWAN_USCC, "--date", "2026-12-10", "--time", "9:30", "--place", "高明区市场监督管理局三楼会议室",
                         "--topics", "拨打推销电话", "--officer", "李明:科长", "--officer", "黄晓:科员",
                         "--contact-phone", "0757-88283456")["id"]
    notice = run_json(capsys, "interviews", "issue", interview, "--data-dir", data_dir, "--form", "interview_notice",
                      "-o", tmp_path / "notice.pdf")
    return interview, notice["number"]


def test_an_interview_dated_earlier_on_the_day_its_notice_was_issued_is_refused(demo_db, data_dir, capsys, tmp_path,
                                                                                 monkeypatch, english):
    interview, number = _noticed(capsys, data_dir, tmp_path, monkeypatch)
    before = get_interview(demo_db, interview)
    code, out, err = run(capsys, "interviews", "edit", interview, "--data-dir", data_dir, "--date", "2026-12-07",
                         "--time", "8:00", "--despite-issued")
    assert (code, out) == (1, ""), err
    assert "before its notice was issued" in err and f"docs void {number} --reason TEXT" in err
    assert "2026-12-07 21:57" in err and "2026-12-07 08:00" in err
    # the same day: what needs correcting is its time, not its date
    assert f"interviews edit {interview} --time HH:MM" in err and "a time after 2026-12-07 21:57" in err
    assert "--date" not in err and "a date on or after" not in err
    assert get_interview(demo_db, interview) == before
    # a day earlier was refused already, in the same words
    code, _out, err_day = run(capsys, "interviews", "edit", interview, "--data-dir", data_dir, "--date",
                              "2026-12-06", "--time", "8:00", "--despite-issued")
    assert code == 1 and "before its notice was issued" in err_day and f"docs void {number}" in err_day
    assert get_interview(demo_db, interview) == before


def test_an_interview_later_on_the_day_its_notice_was_issued_is_taken(demo_db, data_dir, capsys, tmp_path,
                                                                      monkeypatch, english):
    interview, _number = _noticed(capsys, data_dir, tmp_path, monkeypatch)
    code, _out, err = run(capsys, "interviews", "edit", interview, "--data-dir", data_dir, "--date", "2026-12-07",
                          "--time", "23:00", "--despite-issued")
    assert code == 0, err
    assert (get_interview(demo_db, interview).held_on, get_interview(demo_db, interview).held_at) == \
           ("2026-12-07", "23:00")
    # moving only its time to before the notice, on the same day, is refused too
    code, out, err = run(capsys, "interviews", "edit", interview, "--data-dir", data_dir, "--time", "8:00",
                         "--despite-issued")
    assert (code, out) == (1, "") and "before its notice was issued" in err
    assert get_interview(demo_db, interview).held_at == "23:00"
    _at(monkeypatch, "2026-12-07T23:30:00+08:00")
    code, _out, err = run(capsys, "interviews", "held", interview, "--data-dir", data_dir)
    assert code == 0, err
    assert get_interview(demo_db, interview).status == "held"


def test_an_interview_stored_before_its_notice_on_the_same_day_is_not_recorded_as_held(demo_db, data_dir, capsys,
                                                                                      tmp_path, monkeypatch, english):
    from dataclasses import replace

    from workstation.store.interviews import notices_after

    interview, number = _noticed(capsys, data_dir, tmp_path, monkeypatch)
    _at(monkeypatch, "2026-12-07T23:30:00+08:00")
    stored = replace(get_interview(demo_db, interview), held_on="2026-12-07", held_at="08:00")
    assert [d.number for d in notices_after(demo_db, stored)] == [number]
    assert notices_after(demo_db, replace(stored, held_at="22:30")) == []
    assert notices_after(demo_db, replace(stored, held_at="")) == []  # no time: the day alone is weighed
    demo_db.execute("UPDATE interviews SET held_on = '2026-12-07', held_at = '08:00' WHERE id = ?", [interview])
    demo_db.conn.commit()
    code, out, err = run(capsys, "interviews", "held", interview, "--data-dir", data_dir)
    assert (code, out) == (1, "") and "before its notice was issued" in err and f"docs void {number}" in err
    assert f"interviews edit {interview} --time HH:MM" in err and "a time after 2026-12-07 21:57" in err
    assert "--date" not in err
    assert get_interview(demo_db, interview).status == "scheduled"
    # the window says it as the window does it
    from workstation.store.interviews import held_before_notice_refusal

    said = held_before_notice_refusal(get_interview(demo_db, interview), notices_after(demo_db, stored))
    assert "correct its time in its editor" in said and "a time after 2026-12-07 21:57" in said
    assert "interviews edit" not in said


def test_with_notices_issued_on_different_days_the_refusal_names_the_latest(demo_db, data_dir, capsys, tmp_path,
                                                                            monkeypatch, english):
    """A joint interview's notices issued on 2026-12-07 at 21:57 (栎湾) and on 2026-12-09 (棠屿): an interview dated
    2026-12-07 08:00 is told to give a date on or after 2026-12-09 — following it is taken — not a time after 21:57
    on 2026-12-07, which would be refused again for the later notice."""
    _at(monkeypatch, "2026-12-07T21:57:00+08:00")
    interview = run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--agency", "440608", "--party",
                         LIWAN_USCC, "--party", OTHER, "--date", "2026-12-10", "--time", "9:30",
                         "--place", "高明区市场监督管理局三楼会议室", "--topics", "拨打推销电话",
                         "--officer", "李明:科长", "--officer", "黄晓:科员", "--contact-phone", "0757-88283456")["id"]
    first = run_json(capsys, "interviews", "issue", interview, "--data-dir", data_dir, "--form", "interview_notice",
                     "--party", LIWAN_USCC, "-o", tmp_path / "notice1.pdf")["number"]
    _at(monkeypatch, "2026-12-09T10:00:00+08:00")
    second = run_json(capsys, "interviews", "issue", interview, "--data-dir", data_dir, "--form", "interview_notice",
                      "--party", OTHER, "-o", tmp_path / "notice2.pdf")["number"]
    before = get_interview(demo_db, interview)
    code, out, err = run(capsys, "interviews", "edit", interview, "--data-dir", data_dir, "--date", "2026-12-07",
                         "--time", "8:00", "--despite-issued")
    assert (code, out) == (1, ""), err
    assert "before its notice was issued" in err and first in err and second in err
    assert "a date on or after 2026-12-09" in err and "a time after 2026-12-07 21:57" not in err
    assert get_interview(demo_db, interview) == before
    # the advice given is taken
    code, _out, err = run(capsys, "interviews", "edit", interview, "--data-dir", data_dir, "--date", "2026-12-09",
                          "--time", "11:00", "--despite-issued")
    assert code == 0, err
    # marked held when stored before both: the latest notice is named, on its own day its time
    demo_db.execute("UPDATE interviews SET held_on = '2026-12-09', held_at = '08:00' WHERE id = ?", [interview])
    demo_db.conn.commit()
    _at(monkeypatch, "2026-12-09T12:00:00+08:00")
    code, out, err = run(capsys, "interviews", "held", interview, "--data-dir", data_dir)
    assert (code, out) == (1, "") and "a time after 2026-12-09 10:00" in err, err
    assert get_interview(demo_db, interview).status == "scheduled"
