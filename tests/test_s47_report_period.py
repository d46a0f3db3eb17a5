"""A period's figures say what happened in the period: its cases by their filing date (立案), the fines and
confiscation by the date they were decided (罚没, whatever the case's filing date) and the transfers to the police by
the date of the transfer (移送); with no period every figure stays as it was. The report says how it counts them, and
the figures say when station data conflicts are still open at headquarters (their numbers may change)."""

from __future__ import annotations

import pytest

from workstation import procedure
from workstation.stats import bureau_table, campaign_stats, district_figures, sector_figures


@pytest.fixture
def decided(db, make_case):
    """A case filed in May and decided in July (¥10,000 fined, ¥2,000 confiscated), one filed and decided in June
    (¥5,000), and one filed in October and transferred to the police in November."""
    make_case(status="closed", filed_on="2026-05-10", decided_on="2026-07-15", fine_fen=1_000_000,
              confiscated_fen=200_000, evidence=False)
    make_case(status="closed", filed_on="2026-06-01", decided_on="2026-06-20", fine_fen=500_000, evidence=False)
    police = procedure.apply(db, make_case().id, "file", on_date="2026-10-05")
    procedure.apply(db, police.id, "transfer_to_police", on_date="2026-11-10", reason="涉嫌侵犯公民个人信息罪")
    return db


def test_up_to_a_day_the_fines_count_only_the_decisions_made_by_then(decided):
    stats = campaign_stats(decided, None, None, "2026-06-30")
    assert stats["cases"]["total"] == 2  # filed by then
    assert (stats["fines_fen"], stats["confiscated_fen"], stats["penalties_total_fen"]) == (500_000, 0, 500_000)


def test_a_month_counts_the_decisions_made_in_it_of_cases_filed_before(decided):
    stats = campaign_stats(decided, None, "2026-07-01", "2026-07-31")
    assert stats["cases"]["total"] == 0
    assert (stats["fines_fen"], stats["confiscated_fen"], stats["penalties_total_fen"]) == (1_000_000, 200_000,
                                                                                            1_200_000)


def test_the_transfer_counts_in_the_month_it_was_made(decided):
    assert campaign_stats(decided, None, "2026-10-01", "2026-10-31")["cases"]["transferred_to_police"] == 0
    november = campaign_stats(decided, None, "2026-11-01", "2026-11-30")
    assert (november["cases"]["total"], november["cases"]["transferred_to_police"]) == (0, 1)


def test_without_a_period_every_figure_is_as_it_was(decided):
    stats = campaign_stats(decided)
    assert stats["cases"]["total"] == 3
    assert stats["penalties_total_fen"] == 1_700_000
    assert stats["cases"]["transferred_to_police"] == 1


def test_the_tables_count_the_fines_as_the_totals_do(decided):
    july = ("2026-07-01", "2026-07-31")
    assert sum(row["penalties_total_fen"] for row in district_figures(decided, None, *july).values()) == 1_200_000
    assert sector_figures(decided, None, *july)["real_estate"]["penalties_total_fen"] == 1_200_000
    total = bureau_table(decided, *july)[-1]
    assert (total["cases"], total["penalties_total_fen"]) == (0, 1_200_000)
    whole = bureau_table(decided)[-1]
    assert (whole["cases"], whole["penalties_total_fen"]) == (3, 1_700_000)


def test_the_report_says_how_the_cases_and_fines_are_counted(decided):
    from workstation.reports import report_data
    from workstation.reports.text import CASES_COUNTED

    data = report_data(decided, "2026-07-01", "2026-07-31")
    assert "案件按立案日期计入本期" in CASES_COUNTED and "罚没金额按处罚决定日期" in CASES_COUNTED
    assert any(CASES_COUNTED in paragraph for paragraph in data["text"])
    assert "罚没金额1.20万元" in "".join(data["text"])


def _open_conflict(db, number: int = 1) -> None:
    """``number`` open conflicts brought by a station's bundle, as a merge records them."""
    db.execute("INSERT INTO stations (id, name, sign_key, fingerprint, role, updated_at) "
               "VALUES ('st', '大良所', 'k', 'f', 'trusted', '2026-11-20T10:00:00+08:00')")
    db.execute("INSERT INTO bundle_imports (id, bundle_id, station_id, sha256, created_at, imported_at, imported_by) "
               "VALUES ('imp', 'b', 'st', 'x', '2026-11-20T10:00:00+08:00', '2026-11-21T10:00:00+08:00', '')")
    for index in range(number):
        db.execute("INSERT INTO conflicts (id, tbl, record_id, field, local_value, incoming_value, station_id, "
                   "import_id, detected_at) VALUES (?, 'cases', 'c', 'status', '\"investigating\"', "
                   "'\"transferred_police\"', 'st', 'imp', '2026-11-21T10:00:00+08:00')", [f"conflict{index}"])


def test_open_conflicts_are_counted_and_noted_in_the_report(decided):
    from workstation.reports import report_data

    assert campaign_stats(decided)["open_conflicts"] == 0
    assert report_data(decided)["conflicts_note"] == ""
    _open_conflict(decided, 2)
    assert campaign_stats(decided)["open_conflicts"] == 2
    assert "尚有2项站点数据冲突未处理，相关数字可能变化" in report_data(decided)["conflicts_note"]


def test_stats_and_the_report_warn_of_open_conflicts(decided, data_dir, capsys, tmp_path, english):
    from workstation.cli import main

    assert main(["--data-dir", str(data_dir), "stats"]) == 0
    assert "conflict" not in capsys.readouterr().err
    _open_conflict(decided, 1)
    assert main(["--data-dir", str(data_dir), "stats"]) == 0
    assert "1 station data conflict is still open" in capsys.readouterr().err
    assert main(["--data-dir", str(data_dir), "report", "campaign", "--output", str(tmp_path / "r.docx")]) == 0
    assert "1 station data conflict is still open" in capsys.readouterr().err


@pytest.mark.gui
def test_the_statistics_page_notes_open_conflicts(decided, qtbot, english):
    from ui.dashboard_overview import OverviewTab

    page = OverviewTab()
    qtbot.addWidget(page)
    page.show_stats(campaign_stats(decided), [], "")
    assert not page.conflicts_label.isVisibleTo(page)
    _open_conflict(decided, 3)
    page.show_stats(campaign_stats(decided), [], "")
    assert page.conflicts_label.isVisibleTo(page)
    assert "3 station data conflicts are still open" in page.conflicts_label.text()
    # the window's wording names its Exchange page, where they are settled, not the command line's command
    assert "Exchange page" in page.conflicts_label.text() and "bundle conflicts" not in page.conflicts_label.text()
