# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""Headquarters' hand-out is made for one station: it holds that station's own cases and parties (never another
district's), is encrypted to that station's key, imports there, and is refused at any other station; the station's
figures stay its own. In the window, headquarters' export dialog asks which station the hand-out is for, and its
exchange page does not offer 设置总部密钥… to itself."""

from __future__ import annotations

import base64

import pytest

from tests.data_digest import data_digest
from tests.helpers import open_db, run, run_json
from tests.test_bundle_hq import (  # noqa: F401
    STATIONS,
    dirs,
    export,
    import_,
    take_headquarters_card,
    template,
)

NANHAI_CASE, SHUNDE_CASE = STATIONS["nanhai"][2], STATIONS["shunde"][2]
NANHAI_USCC, SHUNDE_USCC = STATIONS["nanhai"][3], STATIONS["shunde"][3]


def _both_sent(capsys, dirs) -> None:
    """Both stations take headquarters' card and send their case; headquarters merges both (it holds 2 cases)."""
    for station in ("nanhai", "shunde"):
        take_headquarters_card(capsys, dirs, station)
        export(capsys, dirs, station, f"{station}1.bundle")
        import_(capsys, dirs, f"{station}1.bundle")


def _records(data_dir, path) -> dict[str, list[dict]]:
    from workstation.bundle import open_bundle
    from workstation.station import box_private_key

    with open_bundle(path, box_private_key(data_dir)) as bundle:
        return {name: list(rows) for name, rows in bundle.records.items()}


def _box_key(data_dir) -> bytes:
    from workstation.station import this_station

    db = open_db(data_dir)
    try:
        return base64.b64decode(this_station(db).box_key)
    finally:
        db.conn.close()


def test_a_hand_out_for_nanhai_holds_only_nanhai_s_records_encrypted_to_its_key(capsys, dirs):
    from workstation.bundle.envelope import MAGIC

    _both_sent(capsys, dirs)
    result = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h-nanhai.bundle",
                      "--all", "--for", "南海区局")
    assert result["encrypted"] is True and result["for"]["name"] == "南海区局" and result["cases"] == 1
    raw = (dirs / "h-nanhai.bundle").read_bytes()
    # encrypted to Nanhai's own key (the envelope names its recipient's public key)
    assert raw.startswith(MAGIC) and raw[len(MAGIC) + 32:len(MAGIC) + 64] == _box_key(dirs / "nanhai")
    records = _records(dirs / "nanhai", dirs / "h-nanhai.bundle")
    assert [r["case_number"] for r in records["cases"]] == [NANHAI_CASE]
    assert [r["uscc"] for r in records["parties"]] == [NANHAI_USCC]
    text = repr(records)
    assert SHUNDE_CASE not in text and SHUNDE_USCC not in text and "440606" not in text  # nor Shunde's officers
    assert {r["agency_id"] for r in records["officers"]} == {r["agency_id"] for r in records["cases"]}


def test_the_hand_out_imports_at_its_station_whose_figures_stay_its_own(capsys, dirs):
    _both_sent(capsys, dirs)
    assert run_json(capsys, "--data-dir", dirs / "hq", "stats")["cases"]["total"] == 2
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h-nanhai.bundle", "--all",
             "--for", "南海区局")
    merged = import_(capsys, dirs, "h-nanhai.bundle", at="nanhai")
    assert merged["conflicts"] == 0
    assert run_json(capsys, "--data-dir", dirs / "nanhai", "stats")["cases"]["total"] == 1
    db = open_db(dirs / "nanhai")
    try:
        assert [r[0] for r in db.execute("SELECT case_number FROM cases")] == [NANHAI_CASE]
        assert db.execute("SELECT COUNT(*) FROM parties WHERE uscc = ?", [SHUNDE_USCC]).fetchone()[0] == 0
    finally:
        db.conn.close()


def test_a_hand_out_for_another_station_is_refused_naming_both(capsys, dirs):
    _both_sent(capsys, dirs)
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h-nanhai.bundle", "--all",
             "--for", "南海区局")
    before = data_digest(dirs / "shunde")
    code, _out, err = run(capsys, "--data-dir", dirs / "shunde", "bundle", "import", dirs / "h-nanhai.bundle")
    assert code == 1 and "h-nanhai.bundle" in err and "Traceback" not in err  # encrypted to Nanhai: unreadable
    # written without encryption (--plain), its manifest says whom it is for: refused naming both stations
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "plain.bundle", "--all",
             "--for", "南海区局", "--plain")
    for args in (["import", dirs / "plain.bundle"], ["import", dirs / "plain.bundle", "--dry-run"]):
        code, _out, err = run(capsys, "--data-dir", dirs / "shunde", "bundle", *args)
        assert code == 1 and "南海区局" in err and "顺德区局" in err and "plain.bundle" in err
    assert data_digest(dirs / "shunde") == before
    verified = run_json(capsys, "--data-dir", dirs / "shunde", "bundle", "verify", dirs / "plain.bundle")
    assert verified["for"]["name"] == "南海区局"
    assert import_(capsys, dirs, "plain.bundle", at="nanhai")["conflicts"] == 0


def test_headquarters_trusting_several_stations_is_told_to_name_the_station(capsys, dirs):
    _both_sent(capsys, dirs)
    code, _out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h.bundle")
    assert code == 1 and "--for" in err and "南海区局" in err and "顺德区局" in err
    assert not (dirs / "h.bundle").exists()
    code, _out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h.bundle",
                          "--for", "禅城区局")
    assert code == 1 and "禅城区局" in err and "南海区局" in err and not (dirs / "h.bundle").exists()
    # a station makes no hand-out
    code, _out, err = run(capsys, "--data-dir", dirs / "nanhai", "bundle", "export", "-o", dirs / "n.bundle",
                          "--for", "顺德区局")
    assert code == 1 and not (dirs / "n.bundle").exists()


def test_each_station_s_hand_out_counts_its_own_changes_since_its_last_hand_out(capsys, dirs):
    _both_sent(capsys, dirs)
    first = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h-nanhai.bundle",
                     "--for", "南海区局")
    # Nanhai's hand-out taken first does not make Shunde's next hand-out skip Shunde's case
    second = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h-shunde.bundle",
                      "--for", "顺德区局")
    assert first["cases"] == second["cases"] == 1
    records = _records(dirs / "shunde", dirs / "h-shunde.bundle")
    assert [r["case_number"] for r in records["cases"]] == [SHUNDE_CASE]
    assert import_(capsys, dirs, "h-shunde.bundle", at="shunde")["conflicts"] == 0
    assert import_(capsys, dirs, "h-nanhai.bundle", at="nanhai")["conflicts"] == 0


@pytest.mark.gui
def test_headquarters_export_dialog_asks_which_station_and_its_page_offers_no_headquarters_key(
        qtbot, prompts, capsys, dirs):
    from ui.bundle_dialogs import ExportDialog
    from ui.exchange_page import ExchangePage, served_stations
    from ui.layouts import without_alt_letter
    from ui.task_runner import ImmediateRunner
    from workstation.bundle.writer import last_export
    from workstation.i18n import _
    from workstation.station import headquarters, this_station

    _both_sent(capsys, dirs)
    db = open_db(dirs / "hq")
    try:
        page = ExchangePage(db, dirs / "hq", prompts, ImmediateRunner())
        qtbot.addWidget(page)
        assert page.buttons["set_headquarters"].isHidden()
        dialog = ExportDialog(db, prompts, this_station(db).name, headquarters(db), last_export(db), page,
                              served=served_stations(db, dirs / "hq"))
        qtbot.addWidget(dialog)
        box = dialog.for_box
        assert [box.itemText(i) for i in range(box.count())] == ["南海区局", "顺德区局"]
        box.setCurrentIndex(1)
        assert "顺德区局" in dialog.for_note.text() and dialog.encrypt is None
        # the cases to choose from are the station's own
        assert [dialog.cases.item(i).toolTip().split("\u3000")[0] for i in range(dialog.cases.count())] == [
            SHUNDE_CASE]
        # its own case only, counted from its own last hand-out (none yet)
        assert without_alt_letter(dialog.scope_changed.text()) == _(
            "Changed since the last export (there was none: everything, {n} cases)").format(n=1)
        page.run_export(str(dirs / "h-shunde.bundle"), everything=True, encrypt=dialog.encrypt,
                        for_station=dialog.for_station)
        assert "顺德区局" in prompts.infos[-1]
    finally:
        db.conn.close()
    records = _records(dirs / "shunde", dirs / "h-shunde.bundle")
    assert [r["case_number"] for r in records["cases"]] == [SHUNDE_CASE]
    # a station's page still offers it
    laptop = open_db(dirs / "nanhai")
    try:
        page = ExchangePage(laptop, dirs / "nanhai", prompts, ImmediateRunner())
        qtbot.addWidget(page)
        assert not page.buttons["set_headquarters"].isHidden()
    finally:
        laptop.conn.close()


def test_another_district_s_case_a_station_sent_back_is_not_handed_out_to_it_again(capsys, dirs):
    from tests.test_bundle_hq import edit_case, legacy_handout

    _both_sent(capsys, dirs)
    # Nanhai took a hand-out of an earlier version (every station's cases) and sent Shunde's case back, changed
    legacy_handout(dirs / "hq", dirs / "old.bundle", everything=True)
    import_(capsys, dirs, "old.bundle", at="nanhai")
    edit_case(dirs / "nanhai", SHUNDE_CASE, facts="南海改动")
    export(capsys, dirs, "nanhai", "n2.bundle", "--all")
    import_(capsys, dirs, "n2.bundle")
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h-nanhai.bundle", "--all",
             "--for", "南海区局")
    records = _records(dirs / "nanhai", dirs / "h-nanhai.bundle")
    assert [r["case_number"] for r in records["cases"]] == [NANHAI_CASE]
    assert SHUNDE_USCC not in repr(records)


def test_a_party_corrected_at_headquarters_goes_only_to_its_own_station(capsys, dirs):
    from dataclasses import replace

    from workstation.store import save_party
    from workstation.store.parties import find_party

    _both_sent(capsys, dirs)
    for station in ("南海区局", "顺德区局"):
        run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / f"first-{station}.bundle",
                 "--all", "--for", station)
    db = open_db(dirs / "hq")
    try:  # Shunde's party corrected on its own (its case unchanged)
        party = find_party(db, uscc=SHUNDE_USCC)
        save_party(db, replace(party, phone="13800138000"))
    finally:
        db.conn.close()
    for station, name in (("nanhai", "南海区局"), ("shunde", "顺德区局")):
        run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / f"h2-{station}.bundle",
                 "--for", name)
    assert _records(dirs / "nanhai", dirs / "h2-nanhai.bundle")["parties"] == []
    assert [(r["uscc"], r["phone"]) for r in _records(dirs / "shunde", dirs / "h2-shunde.bundle")["parties"]] == [
        (SHUNDE_USCC, "13800138000")]
