"""HQ's numbers checked against REFERENCE §1.6 and §2.3 and against each other: a case decided not to penalise
(不予处罚) counts no fine once it is closed, though a fine was proposed before the decision; and a case of the city
bureau in a district (a register's 佛市监… row of 南海区, imported at headquarters) counts in that district in the
report's table 2 and chart 2 as in its text, ``stats`` and the statistics export, the sum of table 2 still the case
total. The expected figures are worked out by hand from the cases added to the demo campaign."""

from __future__ import annotations

from workstation import procedure
from workstation.reports import report_data
from workstation.stats import bureau_table, campaign_stats
from workstation.stats_export import statistics_rows
from workstation.store import agency_id_for_code

from .helpers import run, run_json

NANHAI, GUICHENG, CITY = (agency_id_for_code(code) for code in ("440605", "440605011", "440600"))


# ---- 不予处罚: nothing was imposed (REFERENCE §1.6), so nothing is fined or confiscated (§2.3)


def test_a_case_decided_not_to_penalise_counts_no_fine_proposed_before_even_once_closed(demo_db, make_case):
    before = campaign_stats(demo_db)
    nanhai_may = next(r for r in bureau_table(demo_db, "2026-05-01", "2026-05-31") if r["code"] == "440605")
    may_before = campaign_stats(demo_db, None, "2026-05-01", "2026-05-31")["penalties_total_fen"]
    # a fine of ¥3,000 and confiscation of ¥500 proposed in the notice, recorded on the case; after the statement
    # the bureau decides not to penalise (轻微不罚), and closes the case
    case = make_case(status="decision_pending", filed_on="2026-05-06", notice_served_on="2026-05-20",
                     fine_fen=300_000, confiscated_fen=50_000, records_other=12)
    procedure.apply(demo_db, case.id, "decide_no_penalty", on_date="2026-06-01",
                    reason="违法行为轻微并及时改正，没有造成危害后果")
    for status in ("no_penalty", "closed"):
        if status == "closed":
            procedure.apply(demo_db, case.id, "close", on_date="2026-06-05")
        after = campaign_stats(demo_db)
        assert after["cases"]["total"] == before["cases"]["total"] + 1, status  # a case handled, filed
        assert after["infringing_records"] == before["infringing_records"] + 12, status
        assert (after["fines_fen"], after["confiscated_fen"], after["penalties_total_fen"]) == \
            (before["fines_fen"], before["confiscated_fen"], before["penalties_total_fen"]) == \
            (17_560_000, 1_340_000, 18_900_000), status
    nanhai = next(r for r in bureau_table(demo_db, "2026-05-01", "2026-05-31") if r["code"] == "440605")
    assert (nanhai["cases"], nanhai["records"], nanhai["penalties_total_fen"]) == \
        (nanhai_may["cases"] + 1, nanhai_may["records"] + 12, nanhai_may["penalties_total_fen"])
    # nor in its month's 罚没金额 (table 4 of the report)
    may = report_data(demo_db, "2026-05-01", "2026-05-31")
    assert [m["penalties_total_fen"] for m in may["monthly"]] == [may["stats"]["penalties_total_fen"]] == [may_before]


def test_a_closed_case_decided_with_a_penalty_still_counts_the_fine_it_records(demo_db, make_case):
    # the same path with 作出行政处罚决定 (no decision document issued here): the fine recorded was imposed
    before = campaign_stats(demo_db)["fines_fen"]
    case = make_case(status="decision_pending", filed_on="2026-05-06", notice_served_on="2026-05-20",
                     fine_fen=300_000)
    for action, day in (("decide_penalty", "2026-06-01"), ("serve_decision", "2026-06-02")):
        procedure.apply(demo_db, case.id, action, on_date=day)
    assert campaign_stats(demo_db)["fines_fen"] == before + 300_000


# ---- the city bureau's case in a district: table 2 counts by district as the text does


REGISTER = ("案件编号,当事人,所属区,行业领域,案由,违法行为,立案日期,办理状态,涉案信息条数,罚款金额（元）,没收违法所得（元）\n"
            "佛市监立〔2026〕5号,佛山市城壬数据科技有限公司,南海区,其他,涉嫌违法收集个人信息案,违法收集使用个人信息,"
            "2026-04-02,已结案,9,\"2,000\",500\n")


def test_a_city_bureau_case_in_a_district_counts_there_in_table_2_as_in_the_text_and_export(
        demo_db, data_dir, capsys, tmp_path):
    register = tmp_path / "台账.csv"
    register.write_text(REGISTER, encoding="utf-8")
    run(capsys, "--data-dir", data_dir, "station", "role", "headquarters")
    result = run_json(capsys, "--data-dir", data_dir, "cases", "import", register)
    assert (result["imported"], result["errors"]) == (1, [])
    assert demo_db.execute("SELECT agency_id, district FROM cases WHERE case_number = '佛市监立〔2026〕5号'"
                           ).fetchone() == (CITY, "南海区")
    # April 2026 of the demo: one case, of 禅城区; with the city bureau's case in 南海区, two
    data = report_data(demo_db, "2026-04-01", "2026-04-30")
    assert data["stats"]["cases"]["by_district"] == {"南海区": 1, "禅城区": 1}
    table_2 = [(d["district"], d["cases"], d["records"], d["penalties_total_fen"]) for d in data["districts"]]
    # 佛禅市监立〔2026〕2号: 587 records; the city's: 9 records, ¥2,000 + ¥500 (a register's row without a decision
    # date: by its filing). The amounts are those decided in April, whatever the case's filing date: ¥5,000 in 禅城区,
    # ¥3,000 more in 南海区 — the ¥11,200 of 佛禅市监立〔2026〕2号 were decided in June
    assert table_2[:2] == [("禅城区", 1, 587, 500_000), ("南海区", 1, 9, 550_000)]
    assert [row[1] for row in table_2[2:]] == [0, 0, 0] and "市局本级" not in [row[0] for row in table_2]
    assert sum(row[1] for row in table_2) == data["stats"]["cases"]["total"] == 2
    assert "从辖区分布看，南海区1件、禅城区1件。" in data["text"]
    # table 3 counts the case where it was handled: the city bureau's own row, not Nanhai's
    table_3 = {row["short_name"]: row["cases"] for row in data["bureau_table"]}
    assert (table_3["佛山市局"], table_3["南海区合计"], table_3["全市合计"]) == (1, 0, 2)
    exported = {item: value for group, item, name, value in statistics_rows(demo_db, None, "2026-04-01", "2026-04-30")
                if group == "辖区" and name == "案件数（件）"}
    assert exported == {d["district"]: d["cases"] for d in data["districts"]} | {"合计": 2}
    # the city bureau's own records alone: its case in its district
    own = report_data(demo_db, "2026-04-01", "2026-04-30", CITY, own=True)["districts"]
    assert [(d["district"], d["cases"]) for d in own] == [("南海区", 1)]
