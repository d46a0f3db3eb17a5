# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""The merge preview at a station taking a hand-out headquarters made before it had imported the station's
latest bundle: a record the station deleted meanwhile is not brought back, and the preview says so ("Deleted
here: stays deleted", with why) instead of calling it unchanged; the four counts stay as they were."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.helpers import run_json
from tests.test_bundle_handout_crossing import deleted_before_the_hand_out
from tests.test_bundle_hq import dirs, export, import_, template  # noqa: F401
from ui.bundle_dialogs import MergePreviewDialog
from ui.bundle_tasks import plan_task


def _records(model, table: str) -> dict[str, tuple]:
    """{record label: (merge result shown, its tooltip, its status)} of ``table`` in the preview tree."""
    parent = next(model.index(r, 0) for r in range(model.rowCount()) if model.root.children[r].table == table)
    shown = {}
    for row in range(model.rowCount(parent)):
        result = model.index(row, 1, parent)
        shown[model.index(row, 0, parent).data()] = (result.data(), result.data(Qt.ItemDataRole.ToolTipRole),
                                                     result.data(Qt.ItemDataRole.UserRole))
    return shown


def test_a_record_the_station_deleted_meanwhile_shows_as_kept_deleted_in_the_preview(capsys, dirs, qtbot, english,
                                                                                     qtmodeltester):
    added = run_json(capsys, "--data-dir", dirs / "shunde", "publicity", "add", "--date", "2026-03-08",
                     "--title", "社区宣传", "--flyers", "200")
    run_json(capsys, "--data-dir", dirs / "shunde", "publicity", "add", "--date", "2026-03-09",
             "--title", "市场宣传", "--flyers", "50")
    deleted_before_the_hand_out(capsys, dirs, added["id"])

    preview = plan_task(dirs / "shunde", str(dirs / "h2.bundle"), progress=None, cancel=None)
    try:
        assert preview.plan.by_table()["publicity"] == {"new": 0, "updated": 0, "unchanged": 2, "conflicts": 0}
        dialog = MergePreviewDialog(preview.plan, "h2.bundle", None)
        qtbot.addWidget(dialog)
        qtmodeltester.check(dialog.model)
        shown = _records(dialog.model, "publicity")
        text, tip, status = shown["社区宣传"]
        assert status == "kept_deleted" and text == "－ Deleted here: stays deleted"
        assert "does not bring it back" in tip
        assert shown["市场宣传"][0] == "＝ Unchanged" and shown["市场宣传"][1] == "＝ Unchanged"
        dialog.hide_unchanged.setChecked(True)  # what the merge does differently from the hand-out stays listed
        assert list(_records(dialog.model, "publicity")) == ["社区宣传"]
    finally:
        preview.close()
    capsys.readouterr()  # the model tester's own line
    assert import_(capsys, dirs, "h2.bundle", at="shunde")["by_table"]["publicity"]["unchanged"] == 2
    assert run_json(capsys, "--data-dir", dirs / "shunde", "stats")["publicity"]["flyers"] == 50
