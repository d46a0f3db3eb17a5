"""The exchange page at headquarters set up without a name or an agency: named after the city bureau, and showing
the city bureau it works as under 所属单位 (not “—”); a bundle refused because an earlier one was lost names that bundle by
its station and when it was made, never by audit entries."""

from __future__ import annotations

import contextlib
import io

import pytest

from tests.helpers import open_db
from ui.exchange_page import ExchangePage, missing_bundle_advice
from ui.task_runner import ImmediateRunner
from workstation.bundle.merge import EarlierBundleMissing
from workstation.cli import main

pytestmark = pytest.mark.gui


@pytest.fixture
def page(tmp_path, qtbot, prompts, english):
    quiet = io.StringIO()
    with contextlib.redirect_stdout(quiet), contextlib.redirect_stderr(quiet):
        assert main(["--data-dir", str(tmp_path / "hq"), "init"]) == 0
        assert main(["--data-dir", str(tmp_path / "hq"), "station", "role", "headquarters"]) == 0
    db = open_db(tmp_path / "hq")
    page = ExchangePage(db, tmp_path / "hq", prompts, ImmediateRunner())
    qtbot.addWidget(page)
    yield page
    db.conn.close()


def test_headquarters_without_an_agency_shows_the_city_bureau_it_works_as(page):
    assert page.station_name.text() == "佛山市局"
    assert page.station_agency.text() == ("佛山市市场监督管理局（440600） (no agency chosen: headquarters works as the "
                                          "city bureau)")


def _advice(first: int, last: int, lost: str = "") -> str:
    return missing_bundle_advice(EarlierBundleMissing("", file="s3.bundle", station="顺德区局", first=first, last=last,
                                                      lost=lost))


def test_the_advice_names_the_lost_bundle_by_its_station_and_time_never_by_audit_entries(english):
    # the command line's words, with the export dialog's choice for its “bundle export --all”
    tail = ("Import the missing bundles first; if one is lost, ask the station for a full bundle (“Everything” under "
            "“What the bundle holds”) and import that instead.")
    lost = "at least one bundle station 顺德区局 made between 2026-11-30 10:12:05 and 2026-12-01 09:30:41"
    assert _advice(46, 48, lost) == ("s3.bundle does not continue the last bundle imported from station 顺德区局: "
                                     f"{lost} was not imported here. {tail}")
    assert _advice(46, 46) == ("s3.bundle does not continue the last bundle imported from station 顺德区局: at least one "
                               f"earlier bundle of station 顺德区局 was not imported here. {tail}")
