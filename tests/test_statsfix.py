"""The figures a walkthrough recounted and found wrong: the criminal threshold reached by confiscated illegal gains (a
register imports only 没收违法所得), amounts recorded on a case not decided shown 拟 and warned of on import, a
complaint brought by two channels counted once, leads counted by when their complaints came in, the interviews'
follow-up said in 次 and 家, a bureau's complaints named for what they count, the statistics workbook's sector amounts,
合计 rows and last month, the dashboard's months and status colours, 万元 to two decimals, and `publicity add`
without --agency."""

from __future__ import annotations

from tests.test_pubfix_figures import interviews, on_day  # noqa: F401 - fixtures used by name
from tests.test_register_import import GOOD, register_rows, write_csv
from workstation.case_records import Case
from workstation.i18n import _
from workstation.importing.register import import_register
from workstation.law.criminal import assess_case
from workstation.stats import campaign_stats
from workstation.store import find_case

# a case closed after a decision, 10 records (far below 5,000), ¥6,000 confiscated: gains of ¥6,000 ≥ ¥5,000 — of
# providing personal information, a violation the offence covers (criminal.toml ``violations``)
CONFISCATED_ONLY = ["佛南市监立〔2026〕191号", "佛山市南海区誉嘉房地产代理有限公司", GOOD[0][2], "南海区", "房地产租售",
                    "涉嫌非法提供消费者个人信息案", "非法提供或泄露个人信息", "2026-03-02", "已结案", "10",
                    "1,000", "6,000"]


def test_confiscated_illegal_gains_reach_the_criminal_threshold(db, tmp_path):
    import_register(db, write_csv(tmp_path / "台账.csv", register_rows([CONFISCATED_ONLY], total=False)))
    case = find_case(db, CONFISCATED_ONLY[0])
    assert (case.illegal_gains_fen, case.confiscated_fen) == (0, 600_000)  # stored as the register says
    assert assess_case(case).serious  # the decision's refusal and the case's 法律适用 judge it so
    assert not assess_case(Case(case_number="", cause="x", sector="other", agency_id=None, records_other=10, confiscated_fen=400_000)).serious
    assert campaign_stats(db)["cases"]["threshold_not_transferred"] == [CONFISCATED_ONLY[0]]


def test_an_amount_at_a_status_without_a_decision_is_imported_with_a_warning(db, tmp_path, english):
    told = [*CONFISCATED_ONLY[:8], "已告知", "10", "5,000", "100"]
    result = import_register(db, write_csv(tmp_path / "台账.csv", register_rows([told], total=False)))
    assert result.imported == 1
    warned = [(w["row"], w["field"]) for w in result.warnings]
    assert warned == [(4, "罚款金额"), (4, "没收违法所得（元）")]
    assert all("has no penalty decision" in w["message"] and "已告知" in w["message"] for w in result.warnings)
    assert campaign_stats(db)["penalties_total_fen"] == 0


def test_the_case_list_marks_an_imported_amount_not_decided_as_proposed(db, tmp_path):
    from PySide6.QtCore import Qt

    from ui.case_model import PENALTY_COLUMN, CaseTableModel
    from workstation.store import CaseFilter

    told = [*CONFISCATED_ONLY[:8], "已告知", "10", "5,000", "100"]
    decided = [*GOOD[3][:8], "已决定", "10", "2,000", "0"]
    import_register(db, write_csv(tmp_path / "台账.csv", register_rows([told, decided], total=False)))
    model = CaseTableModel(db)
    model.set_filter(CaseFilter())
    shown = {model.index(r, 0).data(): model.index(r, PENALTY_COLUMN) for r in range(model.rowCount())}
    told_cell, decided_cell = shown[told[0]], shown[decided[0]]
    assert told_cell.data() == "拟¥5,100.00" and told_cell.data(Qt.ItemDataRole.ForegroundRole) is not None  # muted
    assert told_cell.data(Qt.ItemDataRole.ToolTipRole) == _("Recorded but not decided yet: the statistics do not count it")
    assert decided_cell.data() == "¥2,000.00" and decided_cell.data(Qt.ItemDataRole.ForegroundRole) is None


def test_a_complaint_brought_by_two_channels_counts_once(db):
    from tests.helpers import insert_complaint_texts

    insert_complaint_texts(db, [("A1", "13800000001", "房产中介未经同意打电话推销"),
                                ("A2", "13800000001", "房产中介未经同意打电话推销"),
                                ("A3", "13800000002", "小区停车收费")])
    first, second, other = (r[0] for r in db.execute("SELECT id FROM complaints ORDER BY external_id"))
    with db.atomic():
        db.execute("UPDATE complaints SET category = 'calls', same_as = ? WHERE id = ?", [first, second])
        db.execute("UPDATE complaints SET category = 'calls' WHERE id = ?", [first])
    assert campaign_stats(db)["complaints"] == {"imported": 2, "related": 1, "in_leads": 0}


def test_a_lead_counts_in_the_period_of_its_first_complaint_not_of_its_screening(db):
    from workstation.case_records import Lead
    from workstation.reports.text import LEADS_COUNTED, campaign_sections
    from workstation.store import save_lead

    # screened in December, its complaints from January on; one entered by hand in December
    screened = save_lead(db, Lead(source="12345", received_at="2026-12-01T09:00:00+08:00")).id
    save_lead(db, Lead(source="12345", received_at="2026-12-02T09:00:00+08:00"))
    with db.atomic():
        db.execute("UPDATE leads SET first_at = '2026-01-05 10:00:00', last_at = '2026-02-01 10:00:00' WHERE id = ?",
                   [screened])
    january = campaign_stats(db, date_from="2026-01-01", date_to="2026-01-31")
    december = campaign_stats(db, date_from="2026-12-01", date_to="2026-12-31")
    assert (january["leads"]["total"], december["leads"]["total"]) == (1, 1)
    assert LEADS_COUNTED in campaign_sections(january)[1]["paragraphs"][-1]


def test_the_report_says_the_interviews_rectified_in_times_and_the_businesses_they_concern(db, interviews):  # noqa: F811
    from workstation.reports import report_data

    stats = campaign_stats(db)
    assert stats["interviews_follow_up_parties"]["rectified"] == {"units": 2, "persons": 0}  # A and B together
    (paragraph,) = report_data(db)["sections"][2]["paragraphs"]
    assert "经回访已完成整改1次（涉及2家）" in paragraph and "家（次）" not in paragraph


def test_a_district_s_report_states_no_imported_figure_that_only_counts_related_complaints():
    from workstation.reports.text import _complaints

    sentence = _complaints({"imported": 3, "related": 3, "in_leads": 2}, "district")
    assert "经筛查涉及侵害消费者个人信息且属本辖区的3宗" in sentence and "，其中已归入线索2宗。" in sentence
    assert "属本辖区的3宗（" not in sentence.replace("且属本辖区的3宗（", "")  # no "imported" figure of 3 beside it
    assert sentence.count("3宗") == 1
    city = _complaints({"imported": 6, "related": 4, "in_leads": 3}, "city")
    assert "导入投诉举报6宗" in city


def test_the_dashboard_names_what_an_agency_s_complaints_and_leads_count(english):
    from ui.dashboard_overview import LEADS_TIP, complaints_tip

    tip = complaints_tip({"imported": 3, "related": 3, "in_leads": 2}, city=False)
    assert "imported" not in tip and tip.startswith("3 complaints concerning personal information count for this")
    assert complaints_tip({"imported": 6, "related": 4, "in_leads": 3}).startswith("Of 6 complaints imported")
    assert "first complaint" in LEADS_TIP


def test_the_statistics_export_has_sector_amounts_totals_and_every_month_of_the_period(db, tmp_path):
    from workstation.stats_export import statistics_rows

    import_register(db, write_csv(tmp_path / "台账.csv", register_rows([CONFISCATED_ONLY], total=False)))
    rows = statistics_rows(db, date_from="2026-01-01", date_to="2026-12-31")
    sector = {(item, figure): value for group, item, figure, value in rows if group == "行业"}
    assert sector[("房地产租售", "罚没合计（元）")] == 7000.0 and sector[("合计", "案件数（件）")] == 1
    assert sector[("合计", "罚款（元）")] == 1000.0
    assert ("办理状态", "合计", "案件数（件）", 1) in rows
    assert any(group == "违法行为" and item.startswith("合计") for group, item, _f, _v in rows)
    months = [item for group, item, figure, _v in rows if group == "月度" and figure == "案件数（按立案或当场处罚月份，件）"]
    assert months[-2:] == ["2026-12", "合计"] and months[0] == "2026-01"


def test_the_whole_campaign_s_months_run_to_this_month_and_a_district_s_from_the_campaign_s_first(db, tmp_path):
    from workstation.records import today
    from workstation.stats import monthly_in_period
    from workstation.store import agency_id_for_code

    other = [*GOOD[3][:7], "2026-05-09", "已决定", "10", "2,000", "0"]
    import_register(db, write_csv(tmp_path / "台账.csv", register_rows([CONFISCATED_ONLY, other], total=False)))
    city = [m["month"] for m in monthly_in_period(db)]
    assert city[0] == "2026-03" and city[-1] == today()[:7]
    gaoming = [m["month"] for m in monthly_in_period(db, agency_id_for_code("440608"))]
    assert gaoming == city


def test_the_pie_by_status_has_told_apart_colours_in_procedural_order(qtbot):
    from PySide6.QtGui import QColor

    from ui.charts import PieChartView
    from ui.dashboard_overview import in_procedure_order

    assert in_procedure_order({"closed": 9, "investigating": 1, "pre_notice": 5}) == [
        "investigating", "pre_notice", "closed"]
    view = PieChartView("x")
    qtbot.addWidget(view)
    view.set_data([("a", 3), ("b", 2), ("c", 1)])
    colours = [QColor(s.brush().color()) for s in view.chart().series()[0].slices()]
    greys = [0.299 * c.red() + 0.587 * c.green() + 0.114 * c.blue() for c in colours]  # as grey print shows them
    assert all(abs(a - b) >= 40 for a, b in zip(greys, greys[1:], strict=False))  # neighbours apart
    assert len({c.hue() for c in colours}) == 3  # not shades of one colour


def test_wan_yuan_have_two_decimals_in_the_text_as_in_the_tables():
    from workstation.reports.text import wan, wan_figure

    assert wan(2_044_500_000) == "2044.50万元" == f"{wan_figure(2_044_500_000)}万元"
    assert wan(20_000_000) == "20.00万元"
    assert wan(850_000) == "8500元"


def test_publicity_add_without_agency_takes_the_acting_officer_s_or_says_what_to_give(tmp_path, capsys,
                                                                                     monkeypatch):
    import json

    from tests.helpers import open_db, run
    from workstation.records import Officer
    from workstation.store import agency_id_for_code
    from workstation.store.agencies import save_officer

    target = tmp_path / "bare"
    assert run(capsys, "--data-dir", target, "init")[0] == 0
    code, _out, err = run(capsys, "--data-dir", target, "publicity", "add", "--date", "2026-04-01", "--title", "x")
    assert code != 0 and "--agency" in err and "init --agency" in err and "WORKSTATION_ACTOR" in err
    db = open_db(target)
    try:
        save_officer(db, Officer(name="李明", agency_id=agency_id_for_code("440605"), cert_no="44060500001"))
    finally:
        db.conn.close()
    monkeypatch.setenv("WORKSTATION_ACTOR", "李明")
    code, out, err = run(capsys, "--data-dir", target, "publicity", "add", "--date", "2026-04-01", "--title", "x",
                         "--json")
    assert code == 0, err
    assert json.loads(out)["agency"] == "440605"
