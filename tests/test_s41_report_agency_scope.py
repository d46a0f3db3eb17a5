"""At a station with an agency of its own, the statistics page and the campaign report it prints count the same
records: the page opens on the station's agency, as the report (and `report campaign`) defaults to it, and the report
printed is of the agency the page shows — "All agencies" too, every record held here, where it printed the station's
agency's figures under a page showing everyone's. On the command line both defaults stay as CLI.md has them
(`stats` counts every record held here, `report campaign` reports on the station's agency), and each says which
agency it covers where that could be misread."""

from __future__ import annotations

import docx
import pytest

from tests.helpers import run, run_json
from ui.dashboard import DashboardPage
from ui.report_dialog import CampaignReportDialog
from ui.task_runner import ImmediateRunner
from workstation import tasks
from workstation.paths import database_path
from workstation.stats import campaign_stats
from workstation.store import agency_id_for_code
from workstation.store.base import set_setting

NANHAI = "440605"
NANHAI_NAME = "佛山市南海区市场监督管理局"


@pytest.fixture
def station_db(demo_db):
    """The demo at a station (not headquarters) of the Nanhai bureau."""
    with demo_db.atomic():
        set_setting(demo_db, "station_agency", agency_id_for_code(NANHAI))
    return demo_db


@pytest.fixture
def stats_page(station_db, data_dir, prompts, qtbot):
    page = DashboardPage(station_db, data_dir, prompts, ImmediateRunner())
    qtbot.addWidget(page)
    return page


def _printed(page, data_dir, path) -> str:
    """The text of the DOCX report the page's dialog asks for, written as the page writes it."""
    dialog = CampaignReportDialog(page.db, page.prompts, page.period(), page.period_text(), own=page.own_records())
    dialog.path.setText(str(path))
    dialog.format.setCurrentIndex(dialog.format.findData("docx"))
    request, note = dialog.request(), dialog.scope_note
    shown = not note.isHidden() and note.text()
    dialog.deleteLater()
    tasks.campaign_report_task(database_path(data_dir), **request, progress=lambda *_a: None, cancel=None)
    return "\n".join(p.text for p in docx.Document(path).paragraphs), shown


def test_the_page_opens_on_the_station_s_agency_and_prints_its_figures(stats_page, station_db, data_dir, tmp_path):
    nanhai = agency_id_for_code(NANHAI)
    assert stats_page.agency.currentData() == nanhai and not stats_page.own_records()
    total = campaign_stats(station_db, nanhai)["cases"]["total"]
    text, note = _printed(stats_page, data_dir, tmp_path / "南海.docx")
    assert f"共查办各类侵害消费者个人信息案件{total}件" in text and "局属各市场监督管理所" in text
    assert not note  # the station's own report: nothing to say


def test_all_agencies_on_the_page_prints_every_record_held_here_and_says_whose_report_that_is(
        stats_page, station_db, data_dir, tmp_path, english):
    stats_page.agency.setCurrentIndex(stats_page.agency.findData(None))
    assert stats_page.period()[2] is None
    everyone = campaign_stats(station_db)["cases"]["total"]
    assert everyone > campaign_stats(station_db, agency_id_for_code(NANHAI))["cases"]["total"]
    text, note = _printed(stats_page, data_dir, tmp_path / "全部.docx")
    assert f"共查办各类侵害消费者个人信息案件{everyone}件" in text  # the figures the page shows, not Nanhai's
    assert note == ("All agencies: the report counts every record held here and is worded as the city bureau's "
                    "(addressed to the district bureaus, signed by the city bureau). For this station's own report, "
                    f"choose {NANHAI_NAME} on the page.")


# ---- the command line ---------------------------------------------------------------------------------------------

@pytest.fixture
def station(tmp_path, cli_station):
    return cli_station(tmp_path / "station", ["init", "--agency", NANHAI], ["demo", "--without-complaints"])


def test_stats_at_a_station_says_it_counts_every_record_and_what_the_report_covers(station, capsys, english):
    code, out, err = run(capsys, "--data-dir", station, "stats")
    assert (code, err) == (0, "")
    assert out.splitlines()[0].startswith("36 cases,")  # every record held here, as CLI.md has it
    assert out.splitlines()[-1] == (
        "Agency counted: all agencies (every record held here). Without --agency, `report campaign` prints the "
        f"report of this station's agency, {NANHAI_NAME}: `stats --agency {NANHAI}` counts its figures.")
    code, out, err = run(capsys, "--data-dir", station, "stats", "--agency", NANHAI)
    assert out.splitlines()[0].startswith("9 cases,")
    assert out.splitlines()[-1] == f"Agency counted: {NANHAI_NAME} with the offices under it."
    code, out, err = run(capsys, "--data-dir", station, "stats", "--agency", "440600", "--own")
    assert out.splitlines()[-1] == "Agency counted: 佛山市市场监督管理局, its own records only."
    assert set(run_json(capsys, "--data-dir", station, "stats")) >= {"cases", "fines_fen", "complaints"}


def test_stats_export_at_a_station_says_so_too(station, capsys, tmp_path, english):
    code, out, err = run(capsys, "--data-dir", station, "stats", "export", "-o", tmp_path / "统计.csv")
    assert code == 0 and out.rstrip("\n").endswith(
        f"report of this station's agency, {NANHAI_NAME}: `stats --agency {NANHAI}` counts its figures.")


def test_report_campaign_at_a_station_says_it_covers_the_station_s_agency(station, capsys, tmp_path, english):
    target = tmp_path / "通报.docx"
    code, out, err = run(capsys, "--data-dir", station, "report", "campaign", "-o", target)
    assert (code, err) == (0, "")
    assert out == (f"{target} written. It covers {NANHAI_NAME} with the offices under it, this station's agency "
                   "(no --agency given); `stats` without --agency counts every record held here.\n")
    result = run_json(capsys, "--data-dir", station, "report", "campaign", "-o", tmp_path / "json.docx")
    assert result["agency"] == NANHAI
    other = tmp_path / "顺德.docx"
    code, out, err = run(capsys, "--data-dir", station, "report", "campaign", "-o", other, "--agency", "440606")
    assert out == f"{other} written. It covers 佛山市顺德区市场监督管理局 with the offices under it.\n"


def test_without_an_agency_of_its_own_every_record_is_counted_and_said(tmp_path, cli_station, capsys, english):
    laptop = cli_station(tmp_path / "laptop")
    code, out, err = run(capsys, "--data-dir", laptop, "stats")
    # the figures, the leads, the interviews and the publicity, as before: every record, as its report (and, since
    # session 58, the demo's three leads past T1 without a decision); since session 74 the date basis and the scope
    lines = out.splitlines()
    assert len(lines) == 7, out
    assert lines[-2].startswith("The whole campaign, whatever the dates:")
    assert lines[-1] == "Agency counted: all agencies (every record held here)."
    target = tmp_path / "通报.docx"
    assert run(capsys, "--data-dir", laptop, "report", "campaign", "-o", target)[1] == f"{target} written.\n"
    assert run_json(capsys, "--data-dir", laptop, "report", "campaign", "-o", tmp_path / "json.docx")["agency"] is None
