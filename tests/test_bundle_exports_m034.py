"""Who sent which cases where (m034): ``bundle_exports`` keeps the cases and the destination of each bundle written
here; the case's timeline, ``audit exports`` and the exchange page show them. Nothing of it is audited, so nothing
new travels in a bundle and headquarters takes a bundle of chosen cases as before."""

from __future__ import annotations

import pytest

from tests.helpers import CASE, copy_station_and_hq, open_db, run, run_json
from workstation.db.connection import applied_schema
from workstation.i18n import _

OTHER_CASE = "佛南市监立〔2026〕2号"
NEW_COLUMNS = ("case_ids", "destination", "destination_id", "destination_name")


@pytest.fixture(scope="module")
def exchange(station_and_hq_template):
    return station_and_hq_template()


@pytest.fixture
def dirs(exchange, tmp_path):
    return copy_station_and_hq(exchange, tmp_path)


def timeline_texts(data_dir, number: str) -> list[str]:
    from workstation.store import find_case
    from workstation.store.cases import case_timeline

    db = open_db(data_dir)
    try:
        return [e.text for e in case_timeline(db, find_case(db, number)) if e.kind == "exported"]
    finally:
        db.conn.close()


def audit_count(data_dir) -> int:
    db = open_db(data_dir)
    try:
        return db.execute("SELECT COUNT(*) FROM audit").fetchone()[0]
    finally:
        db.conn.close()


def test_a_bundle_of_chosen_cases_is_on_record_and_headquarters_still_takes_it(capsys, dirs):
    assert run(capsys, "--data-dir", dirs / "station", "station", "headquarters", dirs / "hq.card")[0] == 0
    before = audit_count(dirs / "station")
    run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / "一件.bundle", "--case", CASE)
    # nothing audited: the next bundle's audit segment is what it would have been
    assert audit_count(dirs / "station") == before
    listed = run_json(capsys, "--data-dir", dirs / "station", "audit", "exports")
    assert listed["without_cases"] == 0
    [export] = listed["exports"]
    assert (export["destination"], export["destination_name"], export["case_numbers"]) == ("hq", "佛山市局", [CASE])
    assert export["file"].endswith("一件.bundle") and export["scope"] == "cases"
    # the case's timeline says where it went; another case's says nothing
    [line] = timeline_texts(dirs / "station", CASE)
    assert line.startswith(_("Exported to {destination} ({file}, {time}, {officer})").split("{")[0])
    assert "佛山市局" in line and "一件.bundle" in line and export["created_at"][:16].replace("T", " ") in line
    assert timeline_texts(dirs / "station", OTHER_CASE) == []
    code, out, _err = run(capsys, "--data-dir", dirs / "station", "audit", "exports", "--case", OTHER_CASE)
    assert (code, out) == (0, _("No bundle exported here carried this case.") + "\n")
    code, out, _err = run(capsys, "--data-dir", dirs / "station", "audit", "exports")
    assert code == 0 and out.splitlines() == [line, "  " + CASE]
    # headquarters merges the bundle of one case as before: no audit entry of the export came with it
    run_json(capsys, "--data-dir", dirs / "hq", "station", "trust", dirs / "station.card")
    assert run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "一件.bundle")["new"] > 0


def test_m034_keeps_the_exports_written_before_and_says_once_they_name_no_cases(capsys, dirs):
    for name in ("a.bundle", "b.bundle"):
        run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / name, "--all")
    db = open_db(dirs / "station")
    try:  # the database as m033 left it
        with db.atomic():
            for column in NEW_COLUMNS:
                db.execute(f"ALTER TABLE bundle_exports DROP COLUMN {column}")
            db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm034_export_destinations'")
    finally:
        db.conn.close()
    db = open_db(dirs / "station")  # m034 runs
    try:
        assert "m034_export_destinations" in applied_schema(db)
        rows = db.execute(f"SELECT {', '.join(NEW_COLUMNS)} FROM bundle_exports").fetchall()
        assert rows == [(None, None, None, None)] * 2
    finally:
        db.conn.close()
    listed = run_json(capsys, "--data-dir", dirs / "station", "audit", "exports")
    assert listed["without_cases"] == 2
    assert [e["case_numbers"] for e in listed["exports"]] == [None, None]
    assert timeline_texts(dirs / "station", CASE) == []
    # an export made now names its cases; the two before are counted once, not said on each
    run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / "c.bundle", "--case", CASE)
    code, out, _err = run(capsys, "--data-dir", dirs / "station", "audit", "exports")
    lines = out.splitlines()
    note = _("{n} bundles exported before this version do not record which cases they carried or where they went.")
    assert code == 0 and lines[-1] == note.format(n=2) and out.count(note.format(n=2)) == 1
    assert lines[0].endswith(("）", ")")) and "c.bundle" in lines[0] and lines[1] == "  " + CASE
    assert len(timeline_texts(dirs / "station", CASE)) == 1


@pytest.mark.gui
def test_the_exchange_page_lists_where_each_bundle_went_and_the_older_ones_once(capsys, dirs, qtbot, prompts):
    from PySide6.QtCore import Qt

    from ui.exchange_page import ExchangePage
    from ui.task_runner import ImmediateRunner

    run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / "old.bundle", "--all")
    db = open_db(dirs / "station")
    db.execute("UPDATE bundle_exports SET case_ids = NULL, destination = NULL")  # as written before m034
    db.conn.commit()
    db.conn.close()
    run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / "new.bundle", "--case", CASE)
    db = open_db(dirs / "station")
    try:
        page = ExchangePage(db, dirs / "station", prompts, ImmediateRunner())
        qtbot.addWidget(page)
        page.refresh()
        model = page.exports_model
        headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
        sent_to, numbers = headers.index(_("Sent to")), headers.index(_("Case numbers"))
        assert [model.index(0, c).data() for c in (sent_to, numbers)] == [_("headquarters"), CASE]
        assert [model.index(1, c).data() for c in (sent_to, numbers)] == [_("not recorded")] * 2
        assert page.exports_note.text() == _(
            "{n} bundle exported before this version does not record which cases it carried or where it went."
        ).format(n=1)
    finally:
        db.conn.close()
