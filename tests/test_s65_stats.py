# ruff: noqa: F811 - the station fixture imported from test_s41_report_agency_scope is used by name
"""The statistics audit of s65: a case whose filing was declined (不予立案) and then closed is shown as not filed, not
as 已结案, by `stats`, the export and the report alike, and the export's 办理状态合计 says why it is more than the case
total; `stats export` says its progress on stderr; the export's 月度 says by which date each column counts; the
report's scope note joins its Chinese sentences without a space."""

from __future__ import annotations

import csv
import io

from tests.helpers import run
from tests.test_s41_report_agency_scope import station  # noqa: F401 - a station of Nanhai with the demo
from workstation import procedure
from workstation.reports import report_data
from workstation.stats import campaign_stats
from workstation.stats_export import statistics_csv, statistics_rows


def _declined_then_closed(make_case, db):
    case = make_case(status="pending_filing", lead_received_on="2026-11-01", records_other=3)
    procedure.apply(db, case.id, "decline_filing", on_date="2026-12-02", reason="证据不足")
    procedure.apply(db, case.id, "close", on_date="2026-12-03")
    return case


def test_a_case_declined_then_closed_counts_as_not_filed_everywhere(demo_db, make_case):
    before = campaign_stats(demo_db)
    _declined_then_closed(make_case, demo_db)
    assert demo_db.execute("SELECT COUNT(*) FROM cases WHERE status = 'closed'").fetchone()[0] == \
        before["cases"]["by_status"].get("closed", 0) + 1  # it is 结案 in the table
    for stats in (campaign_stats(demo_db), report_data(demo_db)["stats"],
                  campaign_stats(demo_db, None, "2026-12-01", "2026-12-31")):
        by_status = stats["cases"]["by_status"]
        assert by_status.get("not_filed", 0) >= 1
        assert stats["cases"]["total"] == sum(by_status.values()) - by_status.get("not_filed", 0) - \
            by_status.get("pending_filing", 0)
    after = campaign_stats(demo_db)["cases"]
    assert after["total"] == before["cases"]["total"]
    assert after["by_status"].get("closed", 0) == before["cases"]["by_status"].get("closed", 0)
    assert after["by_status"]["not_filed"] == before["cases"]["by_status"].get("not_filed", 0) + 1


def test_the_export_status_total_says_why_it_exceeds_the_case_total(demo_db, make_case):
    _declined_then_closed(make_case, demo_db)
    rows = statistics_rows(demo_db)
    total = next(v for g, _i, name, v in rows if g == "概况" and name == "案件总数（件）")
    statuses = [(item, v) for g, item, _n, v in rows if g == "办理状态"]
    closing_item, closing = statuses[-1]
    assert closing == sum(v for _i, v in statuses[:-1]) == total + 1
    assert closing_item.startswith("合计") and "不予立案1件" in closing_item and "不计入案件总数" in closing_item
    assert next(v for item, v in statuses if item == "已结案") == \
        demo_db.execute("SELECT COUNT(*) FROM cases WHERE status = 'closed'").fetchone()[0] - 1


def test_the_status_total_has_no_note_when_it_equals_the_case_total(db, make_case):
    make_case(status="investigating", filed_on="2026-11-02", lead_received_on="2026-11-01")
    make_case(status="closed", filed_on="2026-10-12", lead_received_on="2026-10-10")
    rows = statistics_rows(db)
    total = next(v for g, _i, name, v in rows if g == "概况" and name == "案件总数（件）")
    statuses = [(item, v) for g, item, _n, v in rows if g == "办理状态"]
    assert statuses[-1] == ("合计", total) and total == 2


def test_the_export_months_say_by_which_date_they_count(demo_db):
    text = statistics_csv(statistics_rows(demo_db)).decode("utf-8-sig")
    lines = list(csv.reader(io.StringIO(text)))
    head = lines[lines.index(["月度"]) + 1]
    # a case decided on the spot counts in the month of its decision (``stats.CASE_DAY``), one filed in that of filing
    assert head == ["月份", "案件数（按立案或当场处罚月份，件）", "涉案信息（按立案或当场处罚月份，条）",
                    "罚没金额（按决定月份，元）"]


def test_stats_export_says_its_progress_on_stderr(station, capsys, tmp_path):
    code, out, err = run(capsys, "--data-dir", station, "stats", "export", "-o", tmp_path / "统计.csv")
    assert code == 0 and (tmp_path / "统计.csv").exists()
    assert err.strip(), "no progress said"
    assert "统计.csv" in err


def test_the_scope_note_joins_chinese_sentences_without_a_space(station, capsys, chinese):
    code, out, err = run(capsys, "--data-dir", station, "stats")
    last = out.rstrip("\n").splitlines()[-1]
    assert "未指定 --agency" in last
    assert "。 " not in last and "）。未指定" in last

