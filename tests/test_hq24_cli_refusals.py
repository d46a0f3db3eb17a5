# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""A bundle `bundle import` refuses on the command line is listed in 导入记录 as the window lists its refusals: the
exchange page then shows it (the time, the file, the station, the reason said), the refusal is said and exits as
before, and nothing but that entry changes; a dry run that is refused lists nothing."""

from __future__ import annotations

import pytest

from tests.helpers import open_db, run
from tests.test_bundle_hq import STATIONS, dirs, export, template  # noqa: F401
from tests.test_ui_exchange_tampered import _state, _tampered
from ui.exchange_page import ExchangePage
from ui.task_runner import ImmediateRunner
from workstation.bundle.import_log import REFUSALS_KEY


def _hq_state(data_dir) -> dict:
    db = open_db(data_dir)
    try:
        settings = dict(db.execute("SELECT key, value FROM settings WHERE key != ?", [REFUSALS_KEY]).fetchall())
        return {**_state(db, data_dir), "settings": settings}
    finally:
        db.conn.close()


def _refusals(data_dir) -> list[dict]:
    from workstation.bundle.import_log import list_refusals

    db = open_db(data_dir)
    try:
        return list_refusals(db)
    finally:
        db.conn.close()


@pytest.mark.gui
def test_a_bundle_refused_on_the_command_line_is_listed_on_the_exchange_page(capsys, dirs, qtbot, prompts, english):
    export(capsys, dirs, "shunde", "s1.bundle")
    tampered = _tampered(dirs, dirs / "s1.bundle")["record"]
    before = _hq_state(dirs / "hq")
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", tampered)
    assert code == 1 and out == ""
    assert err.startswith("Error: ") and tampered.name in err
    assert _hq_state(dirs / "hq") == before  # only the list of refusals changed
    [listed] = _refusals(dirs / "hq")
    assert listed["file"] == tampered.name
    assert err == f"Error: {listed['reason']}\n"  # the reason said, word for word
    # the exchange page's 导入记录 list shows it, as a refusal the window made
    db = open_db(dirs / "hq")
    try:
        page = ExchangePage(db, dirs / "hq", prompts, ImmediateRunner())
        qtbot.addWidget(page)
        [row] = [r for r in page.imports_model.records if r.get("refused")]
        assert row["file_name"] == tampered.name and row["refused"] == listed["reason"]
        assert row["imported_at"] == listed["at"]
    finally:
        db.conn.close()


def test_a_refusal_naming_its_station_lists_the_station(capsys, dirs, english):
    """A station not trusted here: its bundle is refused naming it, and the list names it too."""
    export(capsys, dirs, "shunde", "s1.bundle")
    db = open_db(dirs / "hq")
    try:
        with db.atomic():
            db.execute("DELETE FROM stations WHERE name = ?", [STATIONS["shunde"][1]])
    finally:
        db.conn.close()
    code, _out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "s1.bundle")
    assert code == 1
    [listed] = _refusals(dirs / "hq")
    assert listed["file"] == "s1.bundle" and STATIONS["shunde"][1] in listed["station"]
    assert err == f"Error: {listed['reason']}\n"


def test_a_refused_dry_run_lists_nothing(capsys, dirs, english):
    export(capsys, dirs, "shunde", "s1.bundle")
    tampered = _tampered(dirs, dirs / "s1.bundle")["removed"]
    code, _out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", "--dry-run", tampered)
    assert code == 1 and tampered.name in err
    assert _refusals(dirs / "hq") == []
