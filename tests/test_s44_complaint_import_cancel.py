"""A complaint import's Cancel is heard to its end: a Cancel pressed at any report of its progress rolls the import
back ("Cancelled; nothing was changed.") unless the import had said by then that it can no longer be stopped (its
token closed, which greys the window's Cancel button) — the last index rebuilt, the texts indexed for search, the
same complaints linked, all before the commit, each looked at. A complaint received after today (the computer's
day) is refused as a row that cannot be read, the file imported all or nothing."""

import datetime as dt

import pytest

from tests.helpers import move_program_clock, run, run_json
from workstation.errors import Cancelled
from workstation.importing.complaints import import_complaints
from workstation.progress import CancelToken

HEADER = "工单编号,受理时间,来电号码,诉求人,诉求地址,内容描述,被反映对象,工单来源,工单类型"


def export(folder, name: str, rows: int, times=None) -> str:
    path = folder / name
    times = times or [f"2026-11-{1 + n % 28:02d} 10:{n % 60:02d}:00" for n in range(rows)]
    lines = [f"{name[:2]}{n},{at},139{n:08d},王,地址,推销电话骚扰第{n}次，号码139{n:08d}被泄露,,电话,投诉"
             for n, at in enumerate(times)]
    path.write_text("\n".join([HEADER, *lines]) + "\n", encoding="utf-8")
    return str(path)


def stored(db) -> int:
    return db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0]


def cancelled_at(db, paths: list[str], report: int, **options) -> tuple[bool, bool, list]:
    """Import ``paths`` with Cancel pressed at the progress report ``report`` (from 1): (whether the import was
    cancelled, whether the token was closed when Cancel was pressed, the reports as (message, closed))."""
    token, seen, closed = CancelToken(), [], []

    def progress(done, total, message):
        seen.append((message, token.closed))
        if len(seen) == report:
            closed.append(token.closed)
            token.cancel()

    try:
        import_complaints(db, paths, progress=progress, cancel=token, **options)
    except Cancelled as exc:
        assert exc.message == "Cancelled; nothing was changed."
        return True, bool(closed and closed[0]), seen
    return False, bool(closed and closed[0]), seen


@pytest.mark.parametrize("together", [False, True])
def test_a_cancel_at_any_report_is_heard_unless_the_import_said_it_can_no_longer_be_stopped(
        db, tmp_path, english, together):
    paths = [export(tmp_path, "一月.csv", 40)] + ([export(tmp_path, "二月.csv", 30)] if together else [])
    report = 0
    while True:
        report += 1
        cancelled, closed, seen = cancelled_at(db, paths, report, together=together)
        assert len(seen) >= report, "Cancel was pressed after the last report"
        if cancelled:  # rolled back whole: no complaint, the search index and its trigger as before
            assert not closed and stored(db) == 0
            assert db.execute("SELECT COUNT(*) FROM complaints_fts").fetchone()[0] == 0
            continue
        # not cancelled: only because the button was greyed (the token closed) before the Cancel, at the last report
        assert closed, f"Cancel at report {report} of {len(seen)} ({seen[report - 1][0]}) was not heard"
        assert report == len(seen) and seen[-1][0].endswith("Saving the import; it can no longer be cancelled")
        assert [m for m, shut in seen if shut] == [seen[-1][0]]  # closed only for the commit
        break
    assert report > 3  # the indexes were rebuilt, each its report
    assert any("Indexing the complaints" in m for m, _shut in seen)
    assert stored(db) == 40 + (30 if together else 0)


def test_an_import_of_several_files_one_by_one_closes_only_before_its_last_commit(db, tmp_path, english):
    paths = [export(tmp_path, "一月.csv", 5), export(tmp_path, "二月.csv", 5)]
    _cancelled, _closed, seen = cancelled_at(db, paths, 10_000)
    closed = [m for m, shut in seen if shut]
    assert closed == ["File 2 of 2: Saving the import; it can no longer be cancelled"]
    assert stored(db) == 10


# --- receipt times after today ------------------------------------------------------------------------------


@pytest.fixture
def on_4_december(monkeypatch):
    move_program_clock(monkeypatch, dt.datetime.fromisoformat("2026-12-04T14:34:00+08:00"))


@pytest.fixture
def station(tmp_path, cli_station):
    return cli_station(tmp_path / "station", ["init", "--agency", "440605"], ["demo", "--without-complaints"])


def test_a_complaint_received_after_today_refuses_its_file_on_the_command_line(
        station, tmp_path, capsys, english, on_4_december):
    path = export(tmp_path, "热线.csv", 3, ["2026-11-25 10:00:00", "2027-11-25 10:00:00", "2026-11-26 09:00:00"])
    code, out, err = run(capsys, "--data-dir", station, "complaints", "import", path)
    assert code == 1
    assert err.splitlines() == [
        f"Error: {path}: 1 row cannot be read; nothing was imported from this file. First: row 3, 受理时间: "
        "2027-11-25 10:00:00 is after today (2026-12-04): no complaint is received in the future. Correct the "
        "receipt time in the file, or the computer's date if that is wrong."]
    assert run_json(capsys, "--data-dir", station, "stats")["complaints"]["imported"] == 0


def test_today_to_its_last_second_is_no_future(db, tmp_path, english, on_4_december):
    """The laptop's clock may be a little behind the hotline's: a complaint of later today is taken (its day is
    today's); from tomorrow's first second on, and for a date alone of tomorrow, the row is refused."""
    today = export(tmp_path, "今天.csv", 2, ["2026-12-04 23:59:59", "2026/12/4"])
    assert import_complaints(db, [today]).imported == 2
    for n, written in enumerate(["2026-12-05 00:00:00", "2026年12月5日", "2026-12-05"]):
        tomorrow = export(tmp_path, f"明天{n}.csv", 2, ["2026-12-01 08:00:00", written])
        [outcome] = import_complaints(db, [tomorrow]).files
        assert outcome.refused and outcome.imported == 0
        [error] = outcome.errors
        assert (error["row"], error["field"]) == (3, "受理时间")
        assert error["message"].startswith("2026-12-05 is after today (2026-12-04): ")
    assert stored(db) == 2


def test_the_windows_files_imported_one_call_each_close_the_token_only_before_the_last_commit(
        db, tmp_path, data_dir, english):
    from ui.leads_page import _import_files
    from workstation.paths import database_path

    token, seen = CancelToken(), []
    plan = [(export(tmp_path, name, 5), None, None) for name in ("一月.csv", "二月.csv")]
    _import_files(database_path(data_dir), plan, progress=lambda done, total, message: seen.append(
        (message, token.closed)), cancel=token)
    assert [m for m, shut in seen if shut] == ["File 2 of 2: Saving the import; it can no longer be cancelled"]
    assert stored(db) == 10
