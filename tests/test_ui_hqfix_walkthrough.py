# ruff: noqa: F401, F811 - the fixtures imported from test_ui_exchange are used by name
"""Headquarters' analyst walking through the 交换 page: a refused encrypted bundle is listed under 导入记录 like
any other refusal, a long refusal there does not push the other columns off screen, the merge preview keeps
the record column readable, the 冲突 tab shows the value last shared, and the 站点 tab says when each station's
last bundle was made and imported."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt

from tests.helpers import run_json
from tests.test_ui_exchange import build, counts, dirs, export_from_station, merge_through, template

pytestmark = pytest.mark.gui


def _column(model, title: str) -> int:
    return next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == title)


def _sealed_bundle(dirs, build, prompts, capsys):
    """The station's bundle encrypted to headquarters' key (set from headquarters' card)."""
    run_json(capsys, "--data-dir", dirs / "station", "station", "headquarters", dirs / "hq.card")
    bundle = export_from_station(dirs, build, prompts, name="sealed.bundle", encrypt=True)
    assert bundle.read_bytes()[:4] == b"WSBX"
    return bundle


@pytest.mark.parametrize("damage", ["altered", "truncated"])
def test_a_refused_encrypted_bundle_is_listed_with_its_reason(dirs, build, prompts, english, capsys, damage):
    bundle = _sealed_bundle(dirs, build, prompts, capsys)
    raw = bytearray(bundle.read_bytes())
    if damage == "altered":
        raw[len(raw) // 2] ^= 0x01
    else:
        raw = raw[: len(raw) * 2 // 3]
    bundle.write_bytes(bytes(raw))
    db, page = build(dirs / "hq")
    before = counts(db)
    page.import_bundles([str(bundle)])
    assert len(prompts.errors) == 1 and counts(db) == before
    assert damage in prompts.errors[0] and "sealed.bundle" in prompts.errors[0]
    model = page.imports_model
    assert model.rowCount() == 1
    assert model.index(0, _column(model, "File")).data() == "sealed.bundle"
    # the reason says it was refused: not said twice (tests/test_s48_exchange.py)
    assert model.index(0, _column(model, "Result")).data(Qt.ItemDataRole.ToolTipRole) == (
        prompts.errors[0] if "refused" in prompts.errors[0] else "Refused: " + prompts.errors[0])


def test_a_long_refusal_is_shortened_in_the_import_list_and_the_counts_stay_in_view(dirs, build, prompts, english):
    from workstation.bundle.import_log import record_refusal

    db, page = build(dirs / "hq")
    reason = "bad.bundle was altered after it was encrypted: it is refused; " * 6
    record_refusal(db, "bad.bundle", reason, "南海区局")
    page.refresh()
    page.resize(1280, 700)
    model, view = page.imports_model, page.imports_view
    result = _column(model, "Result")
    shown = model.index(0, result).data()
    assert shown.endswith("…") and len(shown) < 60
    assert model.index(0, result).data(Qt.ItemDataRole.ToolTipRole) == reason  # it says refused: not said twice
    # the cases and counts to the right of the result begin within a 1,280-pixel window
    assert view.columnViewportPosition(_column(model, "Cases")) < 1000


def test_the_conflicts_tab_shows_the_value_last_shared(dirs, build, prompts, english):
    from tests.helpers import open_db
    from tests.test_ui_exchange import EDITED
    from tests.test_ui_exchange_conflict_undo import _one_conflict
    from workstation.store import find_case

    station_db = open_db(dirs / "station")
    shared = find_case(station_db, EDITED).fine_fen
    station_db.conn.close()
    assert shared not in (1_100_000, 1_200_000)
    _db, page = _one_conflict(dirs, build, prompts)
    model = page.conflicts_model
    row = {model.headerData(c, Qt.Orientation.Horizontal): model.index(0, c).data()
           for c in range(model.columnCount())}
    assert row["Value here"] == "¥11,000.00" and row["Station's value"] == "¥12,000.00"
    assert row["Last shared value"] == (f"¥{shared / 100:,.2f}" if shared else "—")


def test_the_stations_tab_says_when_each_station_s_last_bundle_was_made_and_imported(dirs, build, prompts, english):
    bundle = export_from_station(dirs, build, prompts)
    db, page = build(dirs / "hq")
    model = page.stations_model
    heads = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert "Audit entries received" not in heads
    prompts.confirm_answer = True
    merge_through(page, bundle)
    made, imported = db.execute("SELECT created_at, imported_at FROM bundle_imports").fetchone()
    rows = {model.index(r, _column(model, "Station")).data(): r for r in range(model.rowCount())}
    row = rows["南海区局"]
    assert model.index(row, _column(model, "Last bundle made")).data() == made[:16].replace("T", " ")
    assert model.index(row, _column(model, "Last imported")).data() == imported[:16].replace("T", " ")
    own = next(r for r in range(model.rowCount()) if r != row)  # headquarters itself: nothing imported from it
    assert model.index(own, _column(model, "Last imported")).data() == "—"


def test_the_preview_keeps_the_case_number_and_field_readable_in_a_narrow_dialog(qtbot):
    from ui.bundle_dialogs import MergePreviewDialog
    from workstation.bundle.merge import Change, FieldChange, MergePlan

    plan = MergePlan("b1", {"id": "s1", "name": "顺德区局", "fingerprint": "4D6A E8CA"}, "trusted", False,
                     [Change("cases", "c1", "conflict", "佛顺市监立〔2026〕503号",
                             [FieldChange("records_other", 6000, 7000, 5000, "conflict")])], [])
    dialog = MergePreviewDialog(plan, "sd-2.bundle", None)
    qtbot.addWidget(dialog)
    dialog.resize(800, 600)  # the QA's dialog: the record column was 90 px wide, showing "佛顺…"
    dialog.show()
    qtbot.waitExposed(dialog)
    tree, model = dialog.tree, dialog.model
    tree.expandAll()
    table = model.index(0, 0)
    record = model.index(0, 0, table)
    field = model.index(0, 0, record)
    metrics, indent = tree.fontMetrics(), tree.indentation()
    needed = max(metrics.horizontalAdvance(record.data()) + 2 * indent,
                 metrics.horizontalAdvance(field.data()) + 3 * indent)
    qtbot.waitUntil(lambda: tree.columnWidth(0) >= needed)
    assert model.data(record, Qt.ItemDataRole.ToolTipRole) == "佛顺市监立〔2026〕503号"
    # the values stay in view beside it
    assert sum(tree.columnWidth(c) for c in range(model.columnCount())) <= tree.viewport().width() + 2


def test_a_bundle_after_one_not_imported_is_refused_in_one_wording_with_seconds(dirs, build, prompts, english,
                                                                                capsys):
    import re

    from tests.helpers import run
    from workstation.audit import append

    export_from_station(dirs, build, prompts, name="first.bundle")  # never imported at headquarters
    station_db = build(dirs / "station")[0]
    append(station_db, "update", "cases", "x", {"a": 1}, {"a": 2})  # a change the first bundle does not carry
    export_from_station(dirs, build, prompts, name="second.bundle")
    db, page = build(dirs / "hq")
    prompts.confirm_answer = True
    page.import_bundles([str(dirs / "second.bundle")])
    assert len(prompts.errors) == 1
    window = prompts.errors[0]
    code, _out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "second.bundle", "--trust")
    assert code == 1
    command_line = err.strip().removeprefix("Error: ")
    # the same sentence: only the way to make a full bundle is the window's own
    assert window.replace("“Everything” under “What the bundle holds”", "bundle export --all") == command_line
    assert window.startswith("second.bundle: ") and window.count("second.bundle") == 1
    assert re.search(r"before \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\)", window), window  # to the second


def test_the_window_says_when_a_bundle_holds_nothing_new(dirs, build, prompts, english):
    export_from_station(dirs, build, prompts, name="one.bundle")
    assert "Nothing changed" not in prompts.infos[-1]
    export_from_station(dirs, build, prompts, name="two.bundle")
    assert (dirs / "two.bundle").is_file()
    assert prompts.infos[-1].startswith("Nothing changed since the last export (")
    assert f"{dirs / 'two.bundle'} written. The bundle holds 0 cases" in prompts.infos[-1]
