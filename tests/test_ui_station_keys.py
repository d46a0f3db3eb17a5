# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""The 交换 page at headquarters: 撤销信任 withdraws a station's key after a confirmation naming the station and its
fingerprint; trusting a replacement laptop's card asks whether it replaces the station already trusted with that
name and agency, and withdraws the old key when told so; two stations of one name are told apart by their
fingerprints in the export dialog's 发给站点 and the 分配号段 picker, the newest first."""

from __future__ import annotations

import pytest

from tests.helpers import beijing_year, open_db, run_json
from tests.test_bundle_hq import dirs, template  # noqa: F401
from ui.bundle_dialogs import ExportDialog
from ui.exchange_page import ExchangePage
from ui.task_runner import ImmediateRunner
from workstation.station import list_stations, trusted_stations, withdrawal

pytestmark = pytest.mark.gui


@pytest.fixture
def hq_page(qtbot, dirs, prompts):
    db = open_db(dirs / "hq")
    page = ExchangePage(db, dirs / "hq", prompts, ImmediateRunner())
    qtbot.addWidget(page)
    yield db, page
    db.conn.close()


def _replacement(capsys, dirs) -> str:
    """A new laptop for 南海区局 with a card of its own; its fingerprint."""
    run_json(capsys, "--data-dir", dirs / "nanhai2", "init", "--agency", "440605", "--station-name", "南海区局")
    return run_json(capsys, "--data-dir", dirs / "nanhai2", "station", "export", "-o",
                    dirs / "nanhai2.card")["fingerprint"]


def _select(page, name: str) -> None:
    rows = [r for r in range(page.stations_model.rowCount()) if page.stations_model.records[r].name == name]
    page.stations_view.setCurrentIndex(page.stations_model.index(rows[0], 0))


def test_withdrawing_a_station_s_key_asks_naming_it_and_lists_it_last_as_withdrawn(hq_page, prompts, english):
    db, page = hq_page
    nanhai = next(s for s in list_stations(db) if s.name == "南海区局")
    page.buttons["untrust_station"].click()  # nothing chosen: said, nothing changes
    assert prompts.errors and withdrawal(db, nanhai) is None
    _select(page, "南海区局")
    prompts.confirm_answer = True
    prompts.texts.append("laptop lost")
    page.buttons["untrust_station"].click()
    assert "南海区局" in prompts.destructive[-1] and nanhai.fingerprint in prompts.destructive[-1]
    assert "makes a new key" in prompts.destructive[-1]
    assert withdrawal(db, nanhai)["reason"] == "laptop lost"
    last = page.stations_model.rowCount() - 1
    assert page.stations_model.records[last].name == "南海区局"
    assert page.stations_model.index(last, 0).data().startswith("Key withdrawn")
    # the 分配号段 picker no longer offers it
    prompts.choices.append(None)
    page.allocate_number_block()
    assert not any("南海区局" in item for item in prompts.offered[-1][1:])


def test_cancelling_the_withdrawal_changes_nothing(hq_page, prompts):
    db, page = hq_page
    _select(page, "南海区局")
    prompts.confirm_answer = True  # confirmed, but the reason cancelled
    page.buttons["untrust_station"].click()
    assert all(withdrawal(db, s) is None for s in list_stations(db))


def test_trusting_a_replacement_card_offers_to_withdraw_the_old_key(hq_page, prompts, capsys, dirs, english):
    db, page = hq_page
    old = next(s for s in list_stations(db) if s.name == "南海区局")
    new = _replacement(capsys, dirs)
    prompts.files.append(str(dirs / "nanhai2.card"))
    prompts.confirm_answer = True
    page.buttons["trust_station"].click()
    assert prompts.errors == []
    assert old.fingerprint in prompts.confirmations[-1] and "replace" in prompts.confirmations[-1]
    assert withdrawal(db, old)["reason"] == f"replaced by the key {new}"
    assert [s.fingerprint for s in trusted_stations(db) if s.name == "南海区局"] == [new]


def test_two_stations_of_one_name_show_their_fingerprints_newest_first(hq_page, prompts, capsys, dirs, qtbot,
                                                                       english):
    db, page = hq_page
    old = next(s for s in list_stations(db) if s.name == "南海区局").fingerprint
    new = _replacement(capsys, dirs)
    run_json(capsys, "--data-dir", dirs / "hq", "station", "trust", dirs / "nanhai2.card")
    dialog = ExportDialog(db, prompts, "佛山市局", None, None, served=3)
    qtbot.addWidget(dialog)
    items = [dialog.for_box.itemText(i) for i in range(dialog.for_box.count())]
    nanhai = [item for item in items if item.startswith("南海区局")]
    assert nanhai == [f"南海区局 (fingerprint {new.split()[0]})", f"南海区局 (fingerprint {old.split()[0]})"]
    prompts.choices.append(None)
    page.allocate_number_block()
    offered = [item for item in prompts.offered[-1][1:] if item.startswith("南海区局")]
    assert len(offered) == 2 and old.split()[0] in offered[1] and new.split()[0] in offered[0]


def test_a_bundle_signed_with_a_withdrawn_key_is_refused_in_the_window_saying_when_and_why(
        hq_page, prompts, capsys, dirs, english):
    db, page = hq_page
    run_json(capsys, "--data-dir", dirs / "nanhai", "bundle", "export", "-o", dirs / "n1.bundle")
    run_json(capsys, "--data-dir", dirs / "hq", "station", "untrust", "南海区局", "--reason", "laptop lost")
    cases = db.execute("SELECT COUNT(*) FROM cases").fetchone()[0]
    prompts.files.append(str(dirs / "n1.bundle"))
    prompts.confirm_answer = True
    page.buttons["import_bundle"].click()
    assert any("withdrawn here on" in e and "laptop lost" in e for e in prompts.errors), prompts.errors
    assert db.execute("SELECT COUNT(*) FROM cases").fetchone()[0] == cases


def test_the_number_blocks_tab_tells_two_stations_of_one_name_apart(hq_page, capsys, dirs, english):
    db, page = hq_page
    old = next(s for s in list_stations(db) if s.name == "南海区局")
    _replacement(capsys, dirs)
    run_json(capsys, "--data-dir", dirs / "hq", "station", "trust", dirs / "nanhai2.card")
    run_json(capsys, "--data-dir", dirs / "hq", "numbers", "allocate", "--station", old.id, "--agency", "440605",
             "--type", "处", "--year", beijing_year(), "--from", "101", "--to", "200")
    page.refresh()
    model = page.blocks_model
    texts = [str(model.index(r, c).data()) for r in range(model.rowCount()) for c in range(model.columnCount())]
    assert f"南海区局 (fingerprint {old.fingerprint.split()[0]})" in texts
