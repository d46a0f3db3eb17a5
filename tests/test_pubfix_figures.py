"""Publicity and interview figures as the data say them: a publicity activity dated after today (Beijing's day) is
refused in the store and by `publicity add`, and one already stored with such a date is not counted; the
participants are counted wherever publicity is (statistics, `stats --json`, the report's text and its workbook,
the statistics export), the flyers named 宣传资料 everywhere; the report's interview paragraph names the kinds of
party actually interviewed and how their rectification stands, from the statistics' figures."""

import io
import json

import openpyxl
import pytest

from workstation.cli import main
from workstation.errors import ValidationError
from workstation.records import Interview, Party, Publicity
from workstation.reports import render_report, report_data
from workstation.reports.text import _interviews, campaign_sections
from workstation.stats import campaign_stats
from workstation.stats_export import export_statistics
from workstation.store import (
    agency_id_for_code,
    list_publicity,
    publicity_field_errors,
    save_party,
    save_publicity,
)
from workstation.store.interviews import save_interview

NANHAI = agency_id_for_code("440605")
#: the day the statistics count on in these tests (Beijing's today, as ``records.today`` gives it)
DAY = "2026-06-30"


@pytest.fixture
def on_day(monkeypatch):
    monkeypatch.setattr("workstation.stats.today", lambda: DAY)


def activity(**fields) -> Publicity:
    values = {"agency_id": NANHAI, "held_on": "2026-04-01", "title": "个人信息保护进社区", "kind": "community",
              "flyers": 0, "sms": 0, "participants": 0} | fields
    return Publicity(**values)


def add_publicity(db) -> None:
    """Two activities held (300 flyers, 2000 SMS, 85 + 40 participants) and one dated after ``DAY`` stored
    without the store's check, as a bundle brings it."""
    save_publicity(db, activity(held_on="2026-04-01", flyers=300, participants=85))
    save_publicity(db, activity(held_on="2026-05-01", title="短信提醒", kind="sms", sms=2000, participants=40))
    db.execute("INSERT INTO publicity (id, agency_id, held_on, title, kind, flyers, sms, participants, created_at, "
               "updated_at) VALUES ('ahead', ?, '2026-08-01', '未来活动', 'community', 9000, 9000, 1000, "
               "'2026-06-01T00:00:00+08:00', '2026-06-01T00:00:00+08:00')", [NANHAI])


def overview(payload: bytes) -> dict:
    sheet = openpyxl.load_workbook(io.BytesIO(payload))["概况"]
    return {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True) if row and row[0]}


# ---- a date still to come ----------------------------------------------------------------------------------

def test_an_activity_dated_after_beijing_s_today_is_refused_naming_the_date_and_nothing_is_saved(
        db, monkeypatch, table_counts):
    monkeypatch.setattr("workstation.store.publicity.today", lambda: "2026-12-02")
    before = table_counts(db, ("publicity", "audit"))
    errors = publicity_field_errors(db, activity(held_on="2026-12-03"))
    assert set(errors) == {"held_on"} and "2026-12-03" in errors["held_on"] and "2026-12-02" in errors["held_on"]
    with pytest.raises(ValidationError) as refused:
        save_publicity(db, activity(held_on="2027-03-01"))
    assert set(refused.value.errors) == {"held_on"}
    assert table_counts(db, ("publicity", "audit")) == before
    # Beijing's today itself is a day an activity may be held on
    assert save_publicity(db, activity(held_on="2026-12-02")).held_on == "2026-12-02"


def test_publicity_add_refuses_a_date_still_to_come_naming_the_option(tmp_path, capsys):
    station = tmp_path / "station"
    assert main(["--data-dir", str(station), "init", "--agency", "440605"]) == 0
    capsys.readouterr()
    code = main(["--data-dir", str(station), "publicity", "add", "--date", "2099-03-01", "--title", "进社区宣传"])
    out, err = capsys.readouterr()
    assert code == 1 and out == "" and "--date" in err and "2099-03-01" in err
    assert main(["--data-dir", str(station), "publicity", "list", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == []


# ---- the participants, counted wherever publicity is --------------------------------------------------------

def test_the_statistics_count_the_participants_and_leave_out_an_activity_still_to_come(db, on_day):
    add_publicity(db)
    assert len(list_publicity(db)) == 3
    assert campaign_stats(db)["publicity"] == {"campaigns": 2, "flyers": 300, "sms": 2000, "participants": 125}
    assert campaign_stats(db, NANHAI, "2026-04-15", "2026-12-31")["publicity"] == {
        "campaigns": 1, "flyers": 0, "sms": 2000, "participants": 40}


def test_stats_json_has_the_participants(tmp_path, capsys):
    station = tmp_path / "station"
    assert main(["--data-dir", str(station), "init", "--agency", "440605"]) == 0
    for date, participants in (("2026-03-01", 60), ("2026-04-15", 35)):
        assert main(["--data-dir", str(station), "publicity", "add", "--date", date, "--title", f"宣传{date}",
                     "--flyers", "100", "--participants", str(participants)]) == 0
    capsys.readouterr()
    assert main(["--data-dir", str(station), "stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["publicity"] == {"campaigns": 2, "flyers": 200, "sms": 0,
                                                                "participants": 95}


def test_the_report_says_the_participants_and_its_workbook_names_the_flyers_as_everywhere_else(db, on_day):
    add_publicity(db)
    data = report_data(db)
    assert data["sections"][3]["paragraphs"] == ["开展宣传活动2场，发放宣传资料300份，发送提示短信2000条，参与人数125人。"]
    figures = overview(render_report(data, "xlsx")[0])
    assert (figures["宣传活动（场）"], figures["宣传资料（份）"], figures["提示短信（条）"], figures["参与人数（人）"]) == \
        (2, 300, 2000, 125)
    assert "发放资料（份）" not in figures


def test_a_period_frozen_before_the_participants_were_counted_keeps_its_workbook(db, on_day):
    add_publicity(db)
    data = report_data(db)
    data["format"] = 9
    del data["stats"]["publicity"]["participants"]
    figures = overview(render_report(data, "xlsx")[0])
    assert figures["发放资料（份）"] == 300 and "参与人数（人）" not in figures and "宣传资料（份）" not in figures


def test_the_statistics_export_counts_the_participants(db, on_day, tmp_path):
    add_publicity(db)
    path = export_statistics(db, tmp_path / "stats.csv", "csv")
    text = path.read_bytes().decode("utf-8-sig")
    rows = [line.split(",") for line in text.splitlines()]
    named = {row[2]: row[3] for row in rows if len(row) == 4}
    assert named["宣传资料（份）"] == "300" and named["参与人数（人）"] == "125" and "发放资料（份）" not in named


# ---- the interview paragraph ----------------------------------------------------------------------------------

@pytest.fixture
def interviews(db, make_case, on_day):
    """Five interviews held before ``DAY`` and one only scheduled: companies A and B together (rectified), the
    association (deadline after ``DAY``), company A again (deadline passed, no follow-up), the individual business
    (followed up: not rectified) and company C (escalated to a case); the person's interview is still scheduled."""
    parties = {name: save_party(db, Party(name=name, kind=kind, uscc=uscc)).id for name, kind, uscc in (
        ("佛山市甲信息科技有限公司", "company", ""),
        ("佛山市乙营销策划有限公司", "company", ""),
        ("佛山市丙房地产代理有限公司", "company", ""),
        ("佛山市南海区房地产中介协会", "association", ""),
        ("南海区桂城丁记通讯店", "individual_business", ""),
        ("张某", "person", ""))}
    case = make_case()
    rows = (
        ("A+B", "2026-05-06", ["佛山市甲信息科技有限公司", "佛山市乙营销策划有限公司"], "2026-05-20", "2026-05-21",
         "已按要求完成整改并报送整改报告", None, "held"),
        ("association", "2026-05-10", ["佛山市南海区房地产中介协会"], "2026-07-15", None, "", None, "held"),
        ("A again", "2026-05-12", ["佛山市甲信息科技有限公司"], "2026-06-01", None, "", None, "held"),
        ("shop", "2026-05-15", ["南海区桂城丁记通讯店"], "2026-05-30", "2026-06-02", "逾期未整改", None, "held"),
        ("C", "2026-05-18", ["佛山市丙房地产代理有限公司"], "2026-06-10", None, "", case.id, "held"),
        ("person", "2026-06-20", ["张某"], None, None, "", None, "scheduled"),
    )
    for subject, held_on, names, due, follow_up_on, result, case_id, status in rows:
        save_interview(db, Interview(agency_id=NANHAI, held_on=held_on, subject=subject, status=status,
                                     party_ids=[parties[n] for n in names], rectification_due=due,
                                     follow_up_on=follow_up_on, follow_up_result=result, case_id=case_id))


def test_the_statistics_count_the_parties_interviewed_by_kind_and_the_follow_up(db, interviews):
    stats = campaign_stats(db)
    assert stats["interviews"] == 5
    assert stats["interviews_by_party_kind"] == {"company": 3, "individual_business": 1, "person": 0,
                                                 "association": 1}
    assert stats["interviews_follow_up"] == {"rectified": 1, "not_due": 1, "overdue": 1, "not_rectified": 1,
                                             "unverified": 0, "escalated": 1, "no_deadline": 0}


def test_the_report_says_who_was_interviewed_and_how_the_rectification_stands(db, interviews):
    paragraphs = report_data(db)["sections"][2]["paragraphs"]
    assert paragraphs == ["组织行政约谈5次，其中单独约谈4次、集体约谈1次，约谈企业3家、行业协会等社会团体1家、个体工商户1户，"
                          "督促其落实个人信息保护主体责任。从整改落实情况看，经回访已完成整改1次（涉及2家）、尚在整改期限内1次（涉及1家）、"
                          "已过整改期限未报送整改情况1次（涉及1家）、经回访未整改到位1次（涉及1家）、转立案查处1次（涉及1家）。"]
    assert "电信运营商" not in paragraphs[0] and "外呼设备提供商" not in paragraphs[0]


def test_a_period_names_only_the_parties_of_its_own_interviews(db, interviews):
    stats = campaign_stats(db, date_from="2026-05-09", date_to="2026-05-11")
    (paragraph,) = campaign_sections(stats)[2]["paragraphs"]
    assert paragraph == ("组织行政约谈1次，其中单独约谈1次，约谈行业协会等社会团体1家，督促其落实个人信息保护主体责任。"
                         "从整改落实情况看，尚在整改期限内1次（涉及1家）。")


def test_figures_gathered_before_the_parties_were_counted_still_make_a_paragraph():
    stats = {"interviews": 2, "interviews_by_kind": {"single": 2, "joint": 0}}
    assert _interviews(stats) == ["组织行政约谈2次，其中单独约谈2次，督促被约谈单位落实个人信息保护主体责任。"]
