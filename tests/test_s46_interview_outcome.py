"""An interview's follow-up outcome is the officer's explicit choice (rectified / not rectified / not verified),
never guessed as rectified from the text: the statistics and the campaign 通报 count 已完成整改 only on it (a
follow-up stored before the choice existed is read from its text as before); the same interview entered twice is
refused unless said to be another; ``interviews add`` refuses an officer not in the roster and warns without one."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from tests.helpers import move_program_clock, run, run_json
from workstation.records import SHANGHAI

P = "佛山市禅城区澄岚物业服务有限公司"
Q = "佛山市禅城区禾屿教育科技有限公司"
OFFICERS = ("--officer", "邓颖诗:科长", "--officer", "陈敏仪:科员", "--attendee", "王五:法定代表人")
TODAY = "2026-12-04"
HELD = "2026-11-02"


def _at(monkeypatch) -> None:
    move_program_clock(monkeypatch, dt.datetime.fromisoformat(f"{TODAY}T10:00").replace(tzinfo=SHANGHAI))


def _held(capsys, data_dir, party=P, *options) -> str:
    return run_json(capsys, "interviews", "add", "--data-dir", data_dir, "--party", party, "--date", HELD,
                    "--time", "9:00", "--topics", "骚扰电话", "--commitments", "停止发送", "--deadline", "2026-11-20",
                    *OFFICERS, *options)["id"]


def _follow_up(capsys, data_dir, interview, result, *options):
    return run(capsys, "interviews", "follow-up", "--data-dir", data_dir, interview, "--on", "2026-12-01",
               "--result", result, *options)


def _outcomes(capsys, data_dir) -> dict:
    return run_json(capsys, "stats", "--data-dir", data_dir, "--from", "2026-11-01", "--to", "2026-11-30")[
        "interviews_follow_up"]


# 1. the outcome is chosen, not guessed ------------------------------------------------------------------------------
def test_a_follow_up_not_clearly_saying_rectified_is_never_taken_as_rectified(demo_db, data_dir, capsys,
                                                                              monkeypatch, english):
    _at(monkeypatch)
    texts = ("复查发现该公司继续发送商业短信，整改未落实", "期限届满未提交书面报告", "该单位仍未停止违法行为",
             "当事人拒不配合", "未参加约谈", "无人接听，未能核实", "已约见负责人复查")
    before = _outcomes(capsys, data_dir)
    for n, text in enumerate(texts):
        interview = _held(capsys, data_dir, P, "--time", f"{8 + n}:30")
        code, _out, err = _follow_up(capsys, data_dir, interview, text)
        assert code == 0 and "--outcome" in err  # what was recorded, and how to say otherwise
    after = _outcomes(capsys, data_dir)
    assert after["rectified"] == before["rectified"]
    assert after["not_rectified"] == before["not_rectified"] + 5
    assert after["unverified"] == before.get("unverified", 0) + 2


def test_an_explicit_outcome_is_what_the_statistics_and_the_report_count(demo_db, data_dir, capsys, monkeypatch,
                                                                       english, tmp_path):
    _at(monkeypatch)
    before = _outcomes(capsys, data_dir)
    first, second, third = (_held(capsys, data_dir, party) for party in (P, Q, "佛山市顺德区霁川房地产开发有限公司"))
    assert _follow_up(capsys, data_dir, first, "复查发现该公司继续发送商业短信，整改未落实", "--outcome",
                      "not_rectified")[0] == 0
    assert _follow_up(capsys, data_dir, second, "无人接听，未能核实", "--outcome", "unverified")[0] == 0
    assert _follow_up(capsys, data_dir, third, "期限届满未提交书面报告", "--not-rectified")[0] == 0  # the alias
    after = _outcomes(capsys, data_dir)
    assert after["rectified"] == before["rectified"]
    assert after["not_rectified"] == before["not_rectified"] + 2
    assert after["unverified"] == before.get("unverified", 0) + 1
    shown = run_json(capsys, "interviews", "list", "--data-dir", data_dir)
    rows = {r["id"]: r for r in (shown if isinstance(shown, list) else shown["interviews"])}
    assert rows[second]["follow_up_outcome"] == "unverified"


def test_a_text_clearly_saying_rectified_is_taken_so_and_an_outcome_overrides_it(demo_db, data_dir, capsys,
                                                                               monkeypatch, english):
    _at(monkeypatch)
    before = _outcomes(capsys, data_dir)
    first, second = _held(capsys, data_dir, P), _held(capsys, data_dir, Q)
    assert _follow_up(capsys, data_dir, first, "已整改完毕，书面报告已收到")[0] == 0
    assert _follow_up(capsys, data_dir, second, "已整改完毕", "--outcome", "unverified")[0] == 0
    after = _outcomes(capsys, data_dir)
    assert after["rectified"] == before["rectified"] + 1
    assert after["unverified"] == before.get("unverified", 0) + 1


def test_a_follow_up_stored_before_the_choice_is_read_from_its_text():
    from workstation.stats import interview_outcome

    assert interview_outcome("2026-11-20", "逾期未整改", None, TODAY) == "not_rectified"
    assert interview_outcome("2026-11-20", "已报送整改情况", None, TODAY) == "rectified"  # as before
    assert interview_outcome("2026-11-20", "已报送整改情况", None, TODAY, "unverified") == "unverified"
    assert interview_outcome("2026-11-20", "该单位仍未停止违法行为", None, TODAY, "not_rectified") == "not_rectified"


def test_escalation_follows_the_outcome_not_the_text(demo_db):
    from workstation.records import Interview
    from workstation.store.interviews import rectified_follow_up

    base = Interview(agency_id="", held_on=HELD, subject="约谈", follow_up_on="2026-12-01",
                     follow_up_result="当事人拒不配合")
    assert rectified_follow_up(replace(base, follow_up_outcome="not_rectified")) is None
    assert rectified_follow_up(replace(base, follow_up_outcome="unverified")) is None
    assert rectified_follow_up(replace(base, follow_up_outcome="rectified"))


# 2. the same interview entered twice ------------------------------------------------------------------------------
def test_the_same_interview_entered_twice_is_refused_unless_said_to_be_another(demo_db, data_dir, capsys,
                                                                              monkeypatch, english):
    _at(monkeypatch)
    _held(capsys, data_dir)
    code, _out, err = run(capsys, "interviews", "add", "--data-dir", data_dir, "--party", P, "--date", HELD,
                          "--time", "09:00", *OFFICERS)
    assert code == 1 and "--allow-duplicate" in err
    assert run(capsys, "interviews", "add", "--data-dir", data_dir, "--party", P, "--date", HELD, "--time", "9:00",
               *OFFICERS, "--allow-duplicate")[0] == 0
    assert run(capsys, "interviews", "add", "--data-dir", data_dir, "--party", P, "--date", HELD, "--time", "15:00",
               *OFFICERS)[0] == 0  # another time: another interview


def test_the_editor_asks_before_saving_the_same_interview_again(demo_db, prompts, qtbot, monkeypatch):
    from ui.interview_dialog import InterviewDialog
    from workstation.records import new_id
    from workstation.store.interviews import get_interview, list_interviews

    _at(monkeypatch)
    stored = next(i for i in list_interviews(demo_db) if i.status == "held" and i.party_ids)
    dialog = InterviewDialog(demo_db, prompts, replace(stored, id=new_id(), party_results={}))
    qtbot.addWidget(dialog)
    prompts.choices = [1]  # Cancel
    dialog.save()
    assert dialog.saved_interview is None and prompts.offered
    prompts.choices = [0]
    dialog.save()
    assert dialog.saved_interview is not None
    assert get_interview(demo_db, dialog.saved_interview.id)


def test_the_follow_up_dialog_offers_the_outcome_suggested_by_the_text(demo_db, prompts, qtbot, monkeypatch):
    from ui.interview_dialog import FollowUpDialog
    from workstation.store.interviews import list_interviews

    _at(monkeypatch)
    stored = next(i for i in list_interviews(demo_db) if i.status == "held" and len(i.party_ids) == 1
                  and not i.case_id and (i.rectification_due or "") < "2026-12-01")
    dialog = FollowUpDialog(demo_db, prompts, stored)
    qtbot.addWidget(dialog)
    dialog.on.setText("2026-12-01")
    dialog.result.setPlainText("无人接听，未能核实")
    assert dialog.outcome.currentData() == "unverified"
    dialog.result.setPlainText("已整改完毕")
    assert dialog.outcome.currentData() == "rectified"
    dialog.result.setPlainText("复查发现该公司继续发送商业短信，整改未落实")
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("not_rectified"))
    dialog.save()
    assert dialog.saved_interview.follow_up_outcome == "not_rectified"


# 3. the officers -------------------------------------------------------------------------------------------------
def test_an_officer_not_in_the_roster_and_no_officer_are_warned(demo_db, data_dir, capsys, monkeypatch,
                                                                   english):
    _at(monkeypatch)
    code, _out, err = run(capsys, "interviews", "add", "--data-dir", data_dir, "--party", P, "--date", HELD,
                          "--officer", "张三丰", "--officer", "邓颖诗")
    assert code == 0 and "Warning" in err and "张三丰 is not an active officer" in err
    code, _out, err = run(capsys, "interviews", "add", "--data-dir", data_dir, "--party", P, "--date", HELD,
                          "--time", "10:00", "--agency", "440604")
    assert code == 0 and "Warning" in err and "no officer" in err


# the bundles -------------------------------------------------------------------------------------------------------
DEVELOPERS = "c2ff665f-c497-56ce-8d56-99e700f7bacb"  # the demo's joint interview of three developers


def _without_outcome(data_dir, source, target) -> None:
    """``source`` as a version before m054 wrote it: its interviews' rows without ``follow_up_outcome``, the
    digests of the versions held in common over such rows, re-signed with the station's key."""
    from tests.test_bundle_interview_results import interviews_written_before

    interviews_written_before(data_dir, source, target, ("m054_interview_follow_up_outcome",), ("follow_up_outcome",))


def test_the_outcome_travels_in_bundles_and_an_older_bundle_without_it_is_read_from_its_text(
        capsys, station_and_hq_dirs):
    from tests.helpers import open_db, send_bundle

    dirs = station_and_hq_dirs
    station, hq = dirs / "station", dirs / "hq"
    assert send_bundle(capsys, dirs, "s1.bundle")["conflicts"] == 0
    before = run_json(capsys, "--data-dir", hq, "stats")["interviews_follow_up"]
    run_json(capsys, "--data-dir", station, "interviews", "follow-up", DEVELOPERS, "--on", "2026-06-20",
             "--result", "无人接听", "--outcome", "unverified")
    assert send_bundle(capsys, dirs, "s2.bundle")["conflicts"] == 0

    def outcome() -> tuple:
        db = open_db(hq)
        try:
            return tuple(db.execute("SELECT follow_up_result, follow_up_outcome FROM interviews WHERE id = ?",
                                    [DEVELOPERS]).fetchone())
        finally:
            db.conn.close()

    assert outcome() == ("无人接听", "unverified")
    # a station of the version before m054 corrects the follow-up: the text arrives, the outcome held stays as it is
    run_json(capsys, "--data-dir", station, "interviews", "follow-up", DEVELOPERS, "--on", "2026-06-21",
             "--result", "复查发现该公司继续发送商业短信，整改未落实", "--outcome", "not_rectified")
    run_json(capsys, "--data-dir", station, "bundle", "export", "-o", dirs / "s3.bundle")
    _without_outcome(station, dirs / "s3.bundle", dirs / "old3.bundle")
    merged = run_json(capsys, "--data-dir", hq, "bundle", "import", dirs / "old3.bundle")
    assert merged["conflicts"] == 0
    # the text changed and the bundle has no outcome: the one held (chosen for the text replaced) no longer says what
    # was found, nor may the text be read as rectified unless it clearly says so — the outcome the new text suggests
    assert outcome() == ("复查发现该公司继续发送商业短信，整改未落实", "not_rectified")
    after = run_json(capsys, "--data-dir", hq, "stats")["interviews_follow_up"]
    assert after["rectified"] <= before["rectified"]
    assert after["unverified"] == 0 and after["not_rectified"] >= 1


# follow-ups stored before the choice, the suggestion, and the editor ------------------------------------------------
REPORTED_RECTIFIED = ("回访未发现继续发送营销短信", "经核查，已停止发送，未发现继续外呼", "已整改，投诉人拒绝接受回访")


def test_a_follow_up_stored_without_an_outcome_is_read_exactly_as_before():
    """The 通报 of before keeps its figures: a follow-up with no outcome stored is read by the reading of before
    (``NOT_RECTIFIED`` alone: not rectified as it says so, else rectified)."""
    from workstation.stats import interview_outcome
    from workstation.store.interviews import follow_up_outcome

    for text in (*REPORTED_RECTIFIED, "无人接听", "当事人拒不配合", "期限届满未提交书面报告"):
        assert interview_outcome("2026-11-20", text, None, TODAY) == "rectified", text
        assert follow_up_outcome(text, None) == "rectified", text
    for text in ("逾期未整改", "整改不到位", "该公司仍在发送营销短信"):
        assert interview_outcome("2026-11-20", text, None, TODAY) == "not_rectified", text


def test_the_suggestion_reads_negations_and_says_not_rectified_only_when_clearly_said():
    from workstation.store.interviews import suggested_outcome

    for text in REPORTED_RECTIFIED:
        assert suggested_outcome(text) != "not_rectified", text
    assert suggested_outcome("经核查，已停止发送，未发现继续外呼") == "rectified"
    assert suggested_outcome("已整改，投诉人拒绝接受回访") == "rectified"
    assert suggested_outcome("回访未发现继续发送营销短信") in (None, "unverified")
    for text in ("未整改", "复查发现整改未落实", "该公司仍在发送营销短信", "复查发现该公司继续发送商业短信",
                 "回访发现未再整改"):
        assert suggested_outcome(text) == "not_rectified", text
    assert suggested_outcome("回访未发现整改") == "not_rectified"  # a denial of the rectification itself


def _editor(demo_db, prompts, qtbot, interview=None):
    from ui.interview_dialog import InterviewDialog

    dialog = InterviewDialog(demo_db, prompts, interview)
    qtbot.addWidget(dialog)
    return dialog


def _followed_up(demo_db):
    from workstation.store.interviews import list_interviews

    return next(i for i in list_interviews(demo_db) if i.status == "held" and len(i.party_ids) == 1
                and not i.case_id and not i.party_results and (i.rectification_due or "") < "2026-12-01")


def test_the_editor_chooses_the_outcome_beside_the_text(demo_db, prompts, qtbot, monkeypatch):
    from workstation.records import new_id
    from workstation.store.interviews import get_interview, save_interview

    _at(monkeypatch)
    stored = save_interview(demo_db, replace(_followed_up(demo_db), follow_up_on="2026-12-01",
                                             follow_up_result="已整改完毕", follow_up_outcome="rectified"))
    dialog = _editor(demo_db, prompts, qtbot, stored)
    assert dialog.outcome.currentData() == "rectified"
    # the text changed: the outcome chosen for the text replaced no longer stands
    dialog.texts["follow_up_result"].setPlainText("复查发现该公司继续发送商业短信，整改未落实")
    assert dialog.current().follow_up_outcome == "not_rectified"
    dialog.texts["follow_up_result"].setPlainText("已约见负责人复查")
    assert dialog.current().follow_up_outcome == "unverified"  # unclear: never rectified on a guess
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("not_rectified"))
    dialog.outcome.activated.emit(dialog.outcome.currentIndex())
    dialog.save()
    assert get_interview(demo_db, stored.id).follow_up_outcome == "not_rectified"
    # a new interview typed with a follow-up: stored with its outcome, never NULL
    fresh = _editor(demo_db, prompts, qtbot, replace(stored, id=new_id(), held_at="16:00", follow_up_result="",
                                                       follow_up_outcome=None, follow_up_on=None))
    fresh.dates["follow_up_on"].setText("2026-12-01")
    fresh.texts["follow_up_result"].setPlainText("已约见负责人复查")
    prompts.choices = [0]
    fresh.save()
    assert fresh.saved_interview is not None
    assert get_interview(demo_db, fresh.saved_interview.id).follow_up_outcome == "unverified"


def test_the_editor_leaves_a_follow_up_of_before_as_it_was_read(demo_db, prompts, qtbot, monkeypatch):
    from workstation.store.interviews import get_interview, save_interview

    _at(monkeypatch)
    stored = save_interview(demo_db, replace(_followed_up(demo_db), follow_up_on="2026-12-01",
                                             follow_up_result="回访未发现继续发送营销短信", follow_up_outcome=None))
    dialog = _editor(demo_db, prompts, qtbot, stored)
    assert dialog.outcome.currentData() == "rectified"  # as the statistics read it
    dialog.place.setText("二楼会议室")
    dialog.save()
    assert get_interview(demo_db, stored.id).follow_up_outcome is None  # the figures of before do not move


def test_the_editor_refuses_not_rectified_before_the_deadline(demo_db, prompts, qtbot, monkeypatch, english):
    """A final-read finding: the editor's outcome is held to the 整改期限 as the follow-up dialog's is."""
    from workstation.store.interviews import save_interview

    _at(monkeypatch)
    stored = save_interview(demo_db, replace(_followed_up(demo_db), rectification_due="2026-12-31",
                                             follow_up_on=None, follow_up_result="", follow_up_outcome=None))
    dialog = _editor(demo_db, prompts, qtbot, stored)
    dialog.dates["follow_up_on"].setText("2026-12-01")
    dialog.texts["follow_up_result"].setPlainText("复查发现该公司继续发送商业短信")
    assert dialog.current().follow_up_outcome == "not_rectified"
    assert "still has time to rectify" in dialog.validate().get("follow_up_result", "")
    dialog.texts["follow_up_result"].setPlainText("已约见负责人复查")
    assert "follow_up_result" not in dialog.validate()
