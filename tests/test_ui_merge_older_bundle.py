# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""The merge preview of a bundle an older version made (no versions held in common stated): the summary says that
conflicts cannot be detected as precisely, and what to do; a current bundle's preview does not."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel

from tests.helpers import run_json
from tests.test_bundle_common_base import CASE, older_bundle_after_a_round_trip
from tests.test_bundle_hq import dirs, edit_case, export, template  # noqa: F401
from ui.bundle_dialogs import MergePreviewDialog
from ui.bundle_tasks import plan_task


def _summary(qtbot, data_dir, path) -> str:
    preview = plan_task(data_dir, str(path), progress=None, cancel=None)
    try:
        dialog = MergePreviewDialog(preview.plan, path.name, None)
        qtbot.addWidget(dialog)
        return dialog.findChild(QLabel, "preview_summary").text()
    finally:
        preview.close()


def test_the_preview_of_an_older_bundle_says_conflicts_cannot_be_detected_as_precisely(capsys, dirs, qtbot,
                                                                                          english):
    older_bundle_after_a_round_trip(capsys, dirs)
    text = _summary(qtbot, dirs / "hq", dirs / "old2.bundle")
    assert "1 updated" in text and "0 in conflict" in text
    assert "made by an older version of the workstation" in text and "Check the updated records" in text
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "old2.bundle")
    edit_case(dirs / "shunde", CASE, records_other=480)
    export(capsys, dirs, "shunde", "s3.bundle")
    assert "older version" not in _summary(qtbot, dirs / "hq", dirs / "s3.bundle")
