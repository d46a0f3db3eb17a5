# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""Headquarters taking complaints without a work-order number from several stations: the same complaint sent by
two stations, or held twice by one, is one complaint at headquarters (found by what it says), while a complaint
saying something else is never merged into another; the lead two stations make of them counts once."""

from __future__ import annotations

import csv

import pytest

from tests.helpers import open_db, run_json
from tests.test_bundle_hq import dirs, export, import_, take_headquarters_card, template  # noqa: F401

HEADER = ["投诉时间", "联系电话", "投诉内容", "被投诉方"]
ROWS = [
    ["2026-03-05 14:22:10", "13800138000", "13912345678天天打电话推销装修，呼死你式骚扰", "某装饰公司"],
    ["2026-03-05 15:00:00", "0757-88881234", "收到推销短信，回复退订无效", ""],
    ["2026-03-07", "", "推销电话骚扰", "甲公司"],
]


def _write(path, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(HEADER)
        writer.writerows(rows)
    return path


def _import_and_send(capsys, dirs, station, rows, *, screen=False):
    run_json(capsys, "--data-dir", dirs / station, "complaints", "import", _write(dirs / f"{station}.csv", rows))
    if screen:
        run_json(capsys, "--data-dir", dirs / station, "leads", "screen")
    export(capsys, dirs, station, f"{station}.bundle")
    return import_(capsys, dirs, f"{station}.bundle")


def _texts_at_headquarters(dirs) -> list[tuple[str, str]]:
    db = open_db(dirs / "hq")
    rows = db.execute("SELECT received_at, text FROM complaints ORDER BY received_at, text").fetchall()
    db.conn.close()
    return [tuple(r) for r in rows]


def test_the_same_complaints_without_numbers_from_two_stations_are_held_once_at_headquarters(capsys, dirs):
    first = _import_and_send(capsys, dirs, "nanhai", ROWS, screen=True)
    assert first["by_table"]["complaints"]["new"] == 3
    second = _import_and_send(capsys, dirs, "shunde", ROWS, screen=True)
    assert second["by_table"]["complaints"] == {"new": 0, "updated": 0, "unchanged": 3, "conflicts": 0}
    assert len(_texts_at_headquarters(dirs)) == 3
    # each station grouped the harassment call into a lead of its own: headquarters counts it once
    assert second["linked_leads"] == 1
    station = run_json(capsys, "--data-dir", dirs / "shunde", "stats")
    hq = run_json(capsys, "--data-dir", dirs / "hq", "stats")
    assert hq["leads"]["total"] == station["leads"]["total"] == 1
    assert hq["complaints"] == station["complaints"]
    # sending the complaints again (everything) adds nothing either
    export(capsys, dirs, "shunde", "shunde-all.bundle", "--all")
    assert import_(capsys, dirs, "shunde-all.bundle")["by_table"]["complaints"]["new"] == 0
    assert len(_texts_at_headquarters(dirs)) == 3
    # headquarters' hand-out brings Nanhai's copies to Shunde, which holds the same complaints: none added there
    take_headquarters_card(capsys, dirs, "shunde")
    export(capsys, dirs, "hq", "h1.bundle", "--all")
    assert import_(capsys, dirs, "h1.bundle", at="shunde")["by_table"]["complaints"]["new"] == 0
    assert run_json(capsys, "--data-dir", dirs / "shunde", "stats")["complaints"]["imported"] == 3


def test_complaints_saying_something_else_are_never_merged_into_those_held(capsys, dirs):
    _import_and_send(capsys, dirs, "nanhai", ROWS)
    others = [
        # the same caller at the same time, another text
        ["2026-03-05 14:22:10", "13800138000", "商家泄露我的个人信息", "某装饰公司"],
        # a date without the hour: another cell differs, so another complaint
        ["2026-03-07", "", "推销电话骚扰", "乙公司"],
        ROWS[1],
    ]
    merged = _import_and_send(capsys, dirs, "shunde", others)
    assert merged["by_table"]["complaints"] == {"new": 2, "updated": 0, "unchanged": 1, "conflicts": 0}
    assert _texts_at_headquarters(dirs) == [
        ("2026-03-05 14:22:10", ROWS[0][2]), ("2026-03-05 14:22:10", "商家泄露我的个人信息"),
        ("2026-03-05 15:00:00", ROWS[1][2]), ("2026-03-07 00:00:00", "推销电话骚扰"),
        ("2026-03-07 00:00:00", "推销电话骚扰")]


def test_a_complaint_a_station_holds_twice_is_one_complaint_at_headquarters(capsys, dirs):
    run_json(capsys, "--data-dir", dirs / "nanhai", "complaints", "import", _write(dirs / "nanhai.csv", ROWS))
    # imported twice before complaints without a number were recognised: two ids, the same content
    db = open_db(dirs / "nanhai")
    with db.atomic():
        db.execute("INSERT INTO complaints (id, source, external_id, received_at, text, raw, source_file, source_row, "
                   "created_at, channel, complainant_phone, content_key) SELECT 'copy-' || id, source, external_id, "
                   "received_at, text, raw, source_file, source_row, created_at, channel, complainant_phone, "
                   "content_key FROM complaints")
    db.conn.close()
    export(capsys, dirs, "nanhai", "nanhai.bundle")
    merged = import_(capsys, dirs, "nanhai.bundle")
    assert merged["by_table"]["complaints"] == {"new": 3, "updated": 0, "unchanged": 3, "conflicts": 0}
    assert len(_texts_at_headquarters(dirs)) == 3
    # headquarters imports the same export itself: nothing new either
    imported = run_json(capsys, "--data-dir", dirs / "hq", "complaints", "import", dirs / "nanhai.csv")
    assert (imported["imported"], imported["duplicates"]) == (0, 3)


# the exchange page at headquarters and at a laptop ---------------------------------------------------------------

def _page(qtbot, prompts, data_dir):
    from ui.exchange_page import ExchangePage
    from ui.task_runner import ImmediateRunner

    db = open_db(data_dir)
    page = ExchangePage(db, data_dir, prompts, ImmediateRunner())
    qtbot.addWidget(page)
    return db, page


def _export_dialog_seen(page) -> dict:
    from tests.test_ui_exchange import ModalAnswer
    from ui.bundle_dialogs import ExportDialog

    seen = {}

    def look(dialog):
        seen.update(box=dialog.encrypt_box.isVisibleTo(dialog), box_text=dialog.encrypt_box.text(),
                    note=dialog.encrypt_note.isVisibleTo(dialog), note_text=dialog.encrypt_note.text(),
                    encrypt=dialog.encrypt)

    answer = ModalAnswer(ExportDialog, look)
    page.buttons["export_bundle"].click()
    answer.check()
    return seen


@pytest.mark.gui
def test_headquarters_export_says_its_bundles_are_signed_for_its_stations_not_to_set_a_key(qtbot, prompts, dirs):
    from workstation.i18n import _

    db, page = _page(qtbot, prompts, dirs / "hq")  # trusts Nanhai and Shunde, names no headquarters
    set_key = _("Not set: bundles are not encrypted. Set headquarters' key from its station card.")
    assert page.hq_status.text() != set_key and "2" in page.hq_status.text()
    seen = _export_dialog_seen(page)
    # a hand-out is for one station, encrypted to its key: the note names the station chosen
    assert not seen["box"] and seen["note"] and not seen["encrypt"]
    assert any(name in seen["note_text"] for name in ("南海区局", "顺德区局")), seen["note_text"]
    db.conn.close()
    # a laptop that has not taken headquarters' card yet keeps the station's wording
    db, page = _page(qtbot, prompts, dirs / "nanhai")
    assert page.hq_status.text() == set_key
    seen = _export_dialog_seen(page)
    assert seen["box"] and not seen["note"] and not seen["encrypt"]
    assert seen["box_text"] == _("Encrypt (set headquarters' key on the exchange page first)")
    db.conn.close()


@pytest.mark.gui
def test_the_preview_s_counts_take_the_dialog_s_width_and_show_every_record_type(qtbot, capsys, dirs):
    from ui.bundle_dialogs import MergePreviewDialog
    from workstation.bundle.merge import plan_merge
    from workstation.bundle.reader import open_bundle
    from workstation.station import box_private_key

    _write(dirs / "nanhai.csv", ROWS)
    run_json(capsys, "--data-dir", dirs / "nanhai", "complaints", "import", dirs / "nanhai.csv")
    run_json(capsys, "--data-dir", dirs / "nanhai", "leads", "screen")
    export(capsys, dirs, "nanhai", "nanhai.bundle")
    db = open_db(dirs / "hq")
    with open_bundle(dirs / "nanhai.bundle", box_private_key(dirs / "hq")) as bundle:
        plan = plan_merge(db, bundle)
    db.conn.close()
    dialog = MergePreviewDialog(plan, "nanhai.bundle", None)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    table = dialog.counts_table
    assert table.rowCount() == len(plan.by_table()) >= 5
    assert table.horizontalHeader().length() == table.viewport().width()  # no empty space right of the columns
    assert table.verticalScrollBar().maximum() == 0  # every record type shown without scrolling
