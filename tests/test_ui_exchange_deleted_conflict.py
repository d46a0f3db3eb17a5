# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""A station deletes a record headquarters changed since they shared it: the deletion is kept as a conflict, and
the merge preview and the conflicts list say in words whether the record is deleted, not True or False."""

from __future__ import annotations

from dataclasses import replace

import pytest

from PySide6.QtCore import QModelIndex

from tests.helpers import open_db, run_json
from tests.test_bundle_hq import dirs, export, import_, template  # noqa: F401
from tests.test_ui_exchange import ModalAnswer, ok_button
from ui.bundle_dialogs import MergePreviewDialog
from ui.exchange_page import ExchangePage
from ui.merge_plan_model import field_label
from ui.task_runner import ImmediateRunner
from workstation.i18n import _

pytestmark = pytest.mark.gui


def _rows(model, parent=None) -> list[list[str]]:
    parent = QModelIndex() if parent is None else parent
    found = []
    for row in range(model.rowCount(parent)):
        found.append([model.index(row, column, parent).data() for column in range(model.columnCount())])
        found += _rows(model, model.index(row, 0, parent))
    return found


def test_a_deletion_in_conflict_reads_deleted_and_not_deleted(capsys, dirs, qtbot, prompts):
    from workstation.store.publicity import delete_publicity, get_publicity, save_publicity

    added = run_json(capsys, "--data-dir", dirs / "shunde", "publicity", "add", "--date", "2026-03-08",
                     "--title", "社区宣传", "--flyers", "200")
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    db = open_db(dirs / "hq")
    save_publicity(db, replace(get_publicity(db, added["id"]), flyers=260))  # headquarters corrects the count
    station = open_db(dirs / "shunde")
    delete_publicity(station, added["id"])  # the station drops the activity
    station.conn.close()
    export(capsys, dirs, "shunde", "s2.bundle")
    page = ExchangePage(db, dirs / "hq", prompts, ImmediateRunner())
    qtbot.addWidget(page)
    shown = {}
    answer = ModalAnswer(MergePreviewDialog, lambda dialog: (shown.update(rows=_rows(dialog.model)),
                                                             ok_button(dialog).click()))
    page.import_bundles([str(dirs / "s2.bundle")])
    answer.check()
    deleted, kept = _("Deleted"), _("Not deleted")
    field = field_label("_deleted")
    assert [row[2:5] for row in shown["rows"] if row[0] == field] == [[kept, deleted, kept]]
    [row] = _rows(page.conflicts_model)
    assert row[:5] == ["社区宣传", _("Publicity"), field, kept, deleted]
    assert not {"True", "False"} & {cell for line in shown["rows"] + [row] for cell in line}
    db.conn.close()
