# ruff: noqa: F811 - the fixtures imported from test_yearfix are used by name
"""The merge preview says what the merge would do with headquarters' holiday files (the import summary said it
only afterwards, when the officer could no longer decline): a year the station lacks would be added, and nothing
is written by the preview."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_s49_calendar_in_bundles import _hand_out, _import_year, _named_headquarters
from tests.test_yearfix import CAL_2027, _december_interview, january_4  # noqa: F401
from workstation.workdays import reload_calendars, year_file


@pytest.fixture(autouse=True)
def _calendars_forgotten():
    reload_calendars()
    yield
    reload_calendars()


def test_the_preview_says_a_year_file_would_be_added_and_adds_nothing(qtbot, capsys, station_and_hq_dirs, english):
    from PySide6.QtWidgets import QLabel

    from ui.bundle_dialogs import MergePreviewDialog
    from ui.bundle_tasks import plan_task

    dirs = station_and_hq_dirs
    _named_headquarters(capsys, dirs)
    _import_year(capsys, dirs / "hq", CAL_2027)
    bundle = _hand_out(capsys, dirs, "h1.bundle")
    station = dirs / "station"
    preview = plan_task(station, str(bundle), progress=None, cancel=None)
    try:
        assert preview.plan is not None
        target = year_file(Path(station), 2027)
        assert [note for note in preview.notes if "would be added" in note and str(target) in note]
        assert not target.exists()  # said, not done
        dialog = MergePreviewDialog(preview.plan, bundle.name, None, notes=preview.notes)
        qtbot.addWidget(dialog)
        summary = dialog.findChild(QLabel, "preview_summary")
        assert summary is not None and "The holidays of 2027 in headquarters' bundle would be added" in summary.text()
    finally:
        preview.close()
