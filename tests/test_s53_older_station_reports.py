"""A station of a version before m058 sends the reports it registered with the reporter's number and no name —
all it could record of a reporter — without the column m058 added: headquarters marks them named by number, as
m058 marked its own, so their T24 (举报处理结果告知书) runs at headquarters as at the station; hotline work orders
and reports the station marked itself are left as sent."""

from __future__ import annotations

import sqlite3

from tests.helpers import run, run_json
from tests.test_fuzz25_inputs import _resigned


def _lead(capsys, station, source: str, description: str, *more: str) -> str:
    return run_json(capsys, "--data-dir", station, "leads", "add", "--source", source,
                    "--received", "2026-11-30T10:00", "--description", description, *more)["id"]


def _flags(hq) -> dict[str, int]:
    conn = sqlite3.connect(hq / "workstation.db")
    try:
        return dict(conn.execute("SELECT description, reporter_named_by_number FROM leads").fetchall())
    finally:
        conn.close()


def test_an_older_station_s_reports_by_number_stay_named_at_headquarters(station_and_hq_dirs, capsys, english):
    dirs = station_and_hq_dirs
    station = dirs / "station"
    _lead(capsys, station, "report", "举报骚扰电话（旧版只记号码）", "--complainant-phone", "13800138000")
    _lead(capsys, station, "report", "举报推销短信（有姓名）", "--complainant-phone", "13800138001",
          "--reporter-name", "张三")
    _lead(capsys, station, "12345", "12345工单骚扰电话", "--complainant-phone", "13800138002")
    _lead(capsys, station, "report", "举报泄露信息（无电话）", "--reporter-address", "佛山市禅城区某路1号")

    def as_older_version(records):
        for row in records["leads"]:
            row.pop("reporter_named_by_number", None)

    bundle = _resigned(capsys, dirs, as_older_version)
    code, _out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", bundle)
    assert code == 0, err
    flags = _flags(dirs / "hq")
    assert flags["举报骚扰电话（旧版只记号码）"] == 1  # its T24 runs at headquarters too
    assert flags["举报推销短信（有姓名）"] == 0  # named by its name
    assert flags["12345工单骚扰电话"] == 0  # answered through the hotline
    assert flags["举报泄露信息（无电话）"] == 0


def test_a_station_of_this_version_sends_its_own_mark(station_and_hq_dirs, capsys, english):
    dirs = station_and_hq_dirs
    _lead(capsys, dirs / "station", "report", "举报骚扰电话（本版无姓名）", "--complainant-phone", "13800138000")
    bundle = _resigned(capsys, dirs, lambda records: None)
    code, _out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", bundle)
    assert code == 0, err
    assert _flags(dirs / "hq")["举报骚扰电话（本版无姓名）"] == 0  # registered after m058: its name was asked for
