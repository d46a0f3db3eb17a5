# ruff: noqa: F401, F811 - the fixtures imported from test_ui_exchange are used by name
"""Headquarters receiving stations' bundles: the merge says its cases before its records of every kind, and so does
the 导入记录 list; a refused bundle (tampered, truncated, not a bundle, continuing one not imported) is listed there
with its reason and changes no case data; the preview gives the record column the spare width; the 总部 row says
this installation is headquarters itself; the report dialog's note on a frozen period writes its differences in
the unit of the figures, from the top of its box."""

from __future__ import annotations

import pytest

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor

from tests.test_ui_exchange import build, counts, dirs, export_from_station, merge_through, template
from ui.bundle_dialogs import MergePreviewDialog
from workstation.bundle.merge import Change, FieldChange, MergePlan
from workstation.reports import freeze_period, live_changes
from workstation.reports.drift import drift_lines, drift_summary

pytestmark = pytest.mark.gui


def _column(page, title: str) -> int:
    model = page.imports_model
    return next(c for c in range(model.columnCount()) if model.headerData(c, Qt.Orientation.Horizontal) == title)


def test_the_merge_and_the_import_list_say_the_cases_first(dirs, build, prompts, english):
    bundle = export_from_station(dirs, build, prompts)
    db, page = build(dirs / "hq")
    prompts.confirm_answer = True
    merge_through(page, bundle)
    cases = db.execute("SELECT COUNT(*) FROM cases").fetchone()[0]
    records = db.execute("SELECT new FROM bundle_imports").fetchone()[0]
    assert 0 < cases < records  # the bundle holds parties, case records… besides its cases
    assert prompts.infos[-1].startswith(
        f"one.bundle: merged cases: {cases} new, 0 updated, 0 unchanged, 0 in conflict; {records} records in all: "
        f"{records} new, 0 updated, 0 unchanged, 0 in conflict.")
    row = 0
    assert page.imports_model.index(row, _column(page, "Result")).data() == "Merged"
    assert page.imports_model.index(row, _column(page, "Cases")).data() == \
        f"cases: {cases} new, 0 updated, 0 unchanged, 0 in conflict"
    assert page.imports_model.index(row, _column(page, "Records new")).data() == str(records)


def test_refused_bundles_are_listed_with_their_reason_and_change_no_case_data(dirs, build, prompts, english):
    bundle = export_from_station(dirs, build, prompts)
    truncated, not_a_bundle = dirs / "truncated.bundle", dirs / "notes.bundle"
    truncated.write_bytes(bundle.read_bytes()[: bundle.stat().st_size // 2])
    not_a_bundle.write_text("这不是案卷包", encoding="utf-8")
    db, page = build(dirs / "hq")
    before = counts(db)
    page.import_bundles([str(truncated)])
    page.import_bundles([str(not_a_bundle)])
    assert len(prompts.errors) == 2
    assert counts(db) == before  # cases, parties, audit, bundle_imports…: nothing changed
    # the whole reason is the tooltip of the result (shown shortened: test_ui_hqfix_walkthrough)
    listed = {page.imports_model.index(r, 1).data(): page.imports_model.index(r, _column(page, "Result")).data(
        Qt.ItemDataRole.ToolTipRole) for r in range(page.imports_model.rowCount())}
    assert set(listed) == {"truncated.bundle", "notes.bundle"}
    assert listed["truncated.bundle"] == "Refused: " + prompts.errors[0]
    assert listed["notes.bundle"] == "Refused: " + prompts.errors[1]
    assert all(page.imports_model.index(r, _column(page, "Cases")).data() == "—" for r in range(2))


def test_a_bundle_continuing_one_not_imported_is_listed_with_its_station(dirs, build, prompts, english):
    export_from_station(dirs, build, prompts, name="first.bundle")  # never imported at headquarters
    station_db = build(dirs / "station")[0]
    from workstation.audit import append

    append(station_db, "update", "cases", "x", {"a": 1}, {"a": 2})  # a change the first bundle does not carry
    export_from_station(dirs, build, prompts, name="second.bundle")
    db, page = build(dirs / "hq")
    before = counts(db)
    prompts.confirm_answer = True
    page.import_bundles([str(dirs / "second.bundle")])
    assert len(prompts.errors) == 1 and counts(db) == before
    # the file name set apart from the sentence, as the other refusals write it
    assert prompts.errors[0].startswith("second.bundle: nothing has been imported from station ")
    assert page.imports_model.rowCount() == 1
    assert page.imports_model.index(0, 1).data() == "second.bundle"
    assert page.imports_model.index(0, 2).data() == "南海区局"  # the station, known from the bundle
    assert page.imports_model.index(0, _column(page, "Result")).data(Qt.ItemDataRole.ToolTipRole) == \
        "Refused: " + prompts.errors[0]


def test_the_preview_gives_the_record_column_the_spare_width_and_its_full_text_as_tooltip(qtbot):
    label = "佛南市监立〔2026〕501号 · 修改 2026-12-02 01:03 罚款（元）"  # as the QA's bundle nh-2 named it
    plan = MergePlan("b1", {"id": "s1", "name": "桂城所工作站", "fingerprint": "4D6A E8CA"}, "trusted", False,
                     [Change("case_events", "e1", "new", label, incoming={"id": "e1"}),
                      Change("cases", "c1", "updated", "佛南市监立〔2026〕503号",
                             [FieldChange("records_other", 6000, 7000, 6000, "take")])], [])
    dialog = MergePreviewDialog(plan, "nh-2.bundle", None)
    qtbot.addWidget(dialog)
    dialog.resize(1200, 750)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.tree.expandAll()
    model, tree = dialog.model, dialog.tree
    table = next(model.index(r, 0) for r in range(model.rowCount()) if model.root.children[r].table == "case_events")
    record = model.index(0, 0, table)
    qtbot.waitUntil(lambda: tree.columnWidth(0) > 400)
    # the record's text fits its column, indented as it is two levels down; its tooltip is the full text
    needed = tree.fontMetrics().horizontalAdvance(record.data()) + 2 * tree.indentation() + 20
    assert needed > 260  # the width the column had: it was cut off there
    assert tree.columnWidth(0) >= needed, (tree.columnWidth(0), needed)
    assert model.data(record, Qt.ItemDataRole.ToolTipRole) == label
    widths = [tree.columnWidth(c) for c in range(model.columnCount())]
    assert widths[0] > max(widths[1:])
    assert sum(widths) <= tree.viewport().width() + 2  # no column runs off to the right


def test_the_headquarters_row_says_this_installation_is_headquarters(dirs, build, prompts, english):
    from workstation.station_role import HEADQUARTERS, set_installation_role

    bundle = export_from_station(dirs, build, prompts)
    db, page = build(dirs / "hq")
    set_installation_role(db, dirs / "hq", HEADQUARTERS)
    prompts.confirm_answer = True
    merge_through(page, bundle)
    assert page.hq_status.text().startswith("This workstation is headquarters itself (1 station trusted). ")


def test_the_note_on_a_frozen_period_writes_the_difference_in_the_unit_of_the_figures(demo_db):
    freeze_period(demo_db, "十二月前")
    frozen = live_changes(demo_db, "十二月前")["penalties_total_fen"]["frozen"]
    assert frozen >= 1_000_000  # written in 万元
    with demo_db.atomic():  # 5000 yuan more on a decided case
        demo_db.execute("UPDATE cases SET fine_fen = fine_fen + 500000 WHERE id = (SELECT id FROM cases WHERE "
                        "status IN ('penalty_decided', 'served', 'performed', 'closed') AND fine_fen > 0 "
                        "AND id NOT IN (SELECT case_id FROM documents WHERE form_id = 'penalty_decision' AND "
                        "status = 'issued' AND case_id IS NOT NULL) ORDER BY id LIMIT 1)")
    drift = live_changes(demo_db, "十二月前")
    assert drift["penalties_total_fen"]["live"] == frozen + 500_000
    body = [line for line in drift_lines(drift) if line.startswith("正文·罚没金额")]
    assert len(body) == 1 and body[0].endswith("（+0.50万元）"), body
    assert "+0.50万元" in drift_summary(drift) and "5000元" not in drift_summary(drift)


def test_the_note_on_a_frozen_period_starts_at_the_top_of_its_box(demo_db, prompts, qtbot):
    from ui.report_dialog import CampaignReportDialog

    freeze_period(demo_db, "十二月前")
    with demo_db.atomic():
        demo_db.execute("UPDATE cases SET records_other = records_other + 1000 WHERE id = (SELECT id FROM cases "
                        "WHERE district = '三水区' AND filed_on IS NOT NULL ORDER BY id LIMIT 1)")
    dialog = CampaignReportDialog(demo_db, prompts, (None, None, None), "全部")
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    dialog.frozen.setChecked(True)
    dialog.frozen_list.setCurrentIndex(dialog.frozen_list.findData("十二月前"))
    note = dialog.drift
    dialog.drift_box.setMinimumHeight(note.heightForWidth(note.width()) + 120)  # a box taller than its text
    qtbot.waitUntil(lambda: note.height() > note.heightForWidth(note.width()) + 60)
    image = note.grab().toImage()
    background = QColor(image.pixel(image.width() - 1, image.height() - 1))

    def inked(y: int) -> bool:
        return any(QColor(image.pixel(x, y)) != background for x in range(0, image.width(), 2))

    first = next(y for y in range(image.height()) if inked(y))
    assert first <= note.fontMetrics().height()  # the text starts at the top, no empty band above it
