"""A complaint received through two channels (the consumer council's copy the importer links to the 12345 work order
received first, ``same_as``) counts once, in the period of its first receipt: not again in the next period, where
the copy came in — the figures of the months add up to those of the whole campaign, and April's report says no
complaint was imported rather than one already placed in a lead of March."""

from __future__ import annotations

from tests.helpers import run_json
from workstation.reports import report_data
from workstation.stats import campaign_stats

HOTLINE = ("工单编号,受理时间,来电号码,诉求人,诉求地址,内容描述,被反映对象\n"
           "GD001,2026-03-31 23:59:00,13800138001,王先生,佛山市南海区桂城街道,我的手机号码13800138001最近一周每天接到"
           "佛山某房产中介骚扰电话推销房产，来电号码075786661234，要求停止,佛山某房产中介\n"
           "GD002,2026-03-15 10:00:00,13800138002,李女士,佛山市南海区桂城街道,每天接到075786661234骚扰电话推销房产，"
           "不知道对方如何获取我的个人信息,佛山某房产中介\n")
COUNCIL = ("投诉编号,投诉时间,投诉人,投诉人电话,投诉内容,被投诉方\n"
           "XW001,2026-04-01 08:00:00,王先生,13800138001,我的手机号码13800138001最近一周每天接到佛山某房产中介骚扰电话"
           "推销房产，来电号码075786661234，要求停止,佛山某房产中介\n")


def _imported(capsys, data) -> None:
    for name, text in (("12345.csv", HOTLINE), ("消委会.csv", COUNCIL)):
        (data.parent / name).write_text(text, encoding="utf-8")
        run_json(capsys, "--data-dir", data, "complaints", "import", data.parent / name)
    run_json(capsys, "--data-dir", data, "leads", "screen")


def test_a_copy_from_another_channel_counts_in_the_period_of_the_first_receipt(tmp_path, cli_station, capsys):
    data = cli_station(tmp_path / "station", ["init"])
    _imported(capsys, data)
    whole = run_json(capsys, "--data-dir", data, "stats")["complaints"]
    march = run_json(capsys, "--data-dir", data, "stats", "--from", "2026-03-01", "--to", "2026-03-31")["complaints"]
    april = run_json(capsys, "--data-dir", data, "stats", "--from", "2026-04-01", "--to", "2026-04-30")["complaints"]
    assert whole["imported"] == 2 and whole["related"] == 2
    assert (march["imported"], march["related"], march["in_leads"]) == (2, 2, 2)
    assert april == {"imported": 0, "related": 0, "in_leads": 0}
    # a period from the day of the copy on, without an end, does not count it either; one ending on the day of the
    # first receipt counts it once
    assert run_json(capsys, "--data-dir", data, "stats", "--from", "2026-04-01")["complaints"]["imported"] == 0
    assert run_json(capsys, "--data-dir", data, "stats", "--to", "2026-03-31")["complaints"]["imported"] == 2


def test_april_s_report_does_not_count_the_copy_of_a_march_complaint(tmp_path, cli_station, capsys):
    from workstation.db import open_database
    from workstation.paths import database_path

    data = cli_station(tmp_path / "station", ["init"])
    _imported(capsys, data)
    db = open_database(database_path(data))
    try:
        assert campaign_stats(db, date_from="2026-04-01", date_to="2026-04-30")["complaints"]["imported"] == 0
        text = "".join(report_data(db, "2026-04-01", "2026-04-30")["text"])
        assert "导入投诉举报1宗" not in text and "其中已归入线索1宗" not in text
        march = "".join(report_data(db, "2026-03-01", "2026-03-31")["text"])
        assert "导入投诉举报2宗" in march
    finally:
        db.conn.close()
