"""The demo is not mixed silently into an officer's own records: `--demo` at the start loads it only into a folder
holding nothing of its own (the window says why it did not); the records the `demo` command counts as the folder's
own include complaints imported from the officer's exports and publicity activities; and the demo screens only its
own complaints, never making a lead of the officer's."""

from __future__ import annotations

import pytest

from tests.helpers import run, run_json
from workstation.i18n import ngettext

OWN_CSV = ("工单编号,受理时间,工单来源,工单类型,诉求人,来电号码,内容描述,被反映对象,办理状态\n" + "".join(
    f"REAL-2026-{n:04d},2026-11-2{n} 10:0{n}:00,12345热线,投诉,,1390000000{n},这家公司未经同意多次用13912345678给我打电话"
    f"推销房子，我的个人信息被泄露了,佛山市禅城区真实置业有限公司,已办结\n" for n in range(6)))


@pytest.fixture
def own_csv(tmp_path):
    path = tmp_path / "own.csv"
    path.write_text(OWN_CSV, encoding="utf-8-sig")
    return path


@pytest.fixture
def empty_station(tmp_path, cli_station):
    return cli_station(tmp_path / "station", ["init", "--agency", "440605"])


def test_the_demo_s_own_records_are_not_counted_as_the_folder_s(demo_db):
    from workstation.demo import records_not_from_demo

    assert set(records_not_from_demo(demo_db).values()) == {0}


def test_complaints_of_its_own_refuse_the_demo(empty_station, own_csv, capsys):
    run_json(capsys, "--data-dir", empty_station, "complaints", "import", own_csv)
    code, out, err = run(capsys, "--data-dir", empty_station, "demo", "--without-complaints")
    assert (code, out) == (1, "")
    assert "--into-existing" in err
    assert ngettext("{n} complaint of its own", "{n} complaints of its own", 6).format(n=6) in err
    assert run_json(capsys, "--data-dir", empty_station, "cases", "list") == []


def test_publicity_of_its_own_refuses_the_demo(empty_station, capsys):
    run_json(capsys, "--data-dir", empty_station, "publicity", "add", "--date", "2026-12-01", "--title",
             "真实宣传活动", "--flyers", "100", "--agency", "440605")
    code, out, err = run(capsys, "--data-dir", empty_station, "demo", "--without-complaints")
    assert (code, out) == (1, "")
    assert "--into-existing" in err
    assert run_json(capsys, "--data-dir", empty_station, "cases", "list") == []


def test_the_demo_loaded_into_existing_complaints_makes_no_lead_of_them(db, data_dir, own_csv):
    """Loaded all the same (--into-existing, or the menu after its question): the officer's complaints stay out of
    the demo's leads, and the demo's leads get their complaints."""
    from workstation.demo import load_demo, records_not_from_demo
    from workstation.importing.complaints import import_complaints

    import_complaints(db, [own_csv])
    assert records_not_from_demo(db)["complaints"] == 6
    added = load_demo(db, data_dir=data_dir)
    assert (added["complaints"], added["leads"]) == (13_543, 31)
    assert db.execute("SELECT COUNT(*) FROM leads").fetchone()[0] == 31
    assert db.execute("SELECT COUNT(*) FROM complaints WHERE source_file = 'own.csv' AND lead_id IS NOT NULL"
                      ).fetchone()[0] == 0
    assert db.execute("SELECT COUNT(*) FROM leads l WHERE NOT EXISTS (SELECT 1 FROM complaints c WHERE "
                      "c.lead_id = l.id)").fetchone()[0] == 0
    assert records_not_from_demo(db)["complaints"] == 6
    again = load_demo(db, data_dir=data_dir)
    assert set(again.values()) == {0}


@pytest.mark.gui
def test_a_start_with_demo_leaves_a_folder_with_records_of_its_own_and_says_why(empty_station, qtbot, capsys):
    from tests.conftest import ScriptedPrompts
    from ui.app import start
    from ui.task_runner import ImmediateRunner
    from workstation.store import count_cases

    run_json(capsys, "--data-dir", empty_station, "publicity", "add", "--date", "2026-12-01", "--title",
             "真实宣传活动", "--flyers", "100", "--agency", "440605")

    offered = []

    def first_steps_only(dialog):  # the demo refused, the first steps are offered as without --demo (s66)
        assert type(dialog).__name__ in ("StationAgencyDialog", "OfficersDialog"), dialog.objectName()
        offered.append(type(dialog).__name__)
        dialog.reject()
        return False

    prompts = ScriptedPrompts()
    window = start(empty_station, None, ImmediateRunner(), prompts, demo=True, show=first_steps_only)
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(window.first_painted):
            window.show()
        qtbot.waitUntil(lambda: bool(offered))
        assert count_cases(window.db) == 0
        assert window.db.execute("SELECT COUNT(*) FROM publicity").fetchone()[0] == 1
        message = prompts.infos[0] if prompts.infos else window.statusBar().currentMessage()  # then the first steps
        assert "--data-dir" in message and "1" in message
        assert prompts.confirmations == [] and prompts.errors == []
    finally:
        window.shutdown()
        window.db.conn.close()


def test_a_start_with_demo_after_the_demo_and_own_records_says_nothing_untrue(tmp_path, cli_station, qtbot, capsys):
    """The demo loaded already, and the officer's own record added since: the next --demo start does not claim the
    demo was not loaded."""
    from tests.conftest import ScriptedPrompts
    from ui.app import start
    from ui.task_runner import ImmediateRunner

    station = cli_station(tmp_path / "station", ["demo"])
    run_json(capsys, "--data-dir", station, "publicity", "add", "--date", "2026-12-01", "--title", "真实宣传活动",
             "--flyers", "100", "--agency", "440605")
    window = start(station, None, ImmediateRunner(), ScriptedPrompts(), demo=True, show=lambda dialog: None)
    qtbot.addWidget(window)
    try:
        with qtbot.waitSignal(window.first_painted):
            window.show()
        qtbot.wait(20)
        assert "--data-dir" not in window.statusBar().currentMessage()
    finally:
        window.shutdown()
        window.db.conn.close()
