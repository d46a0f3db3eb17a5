"""Where the export dialog writes a bundle: a name typed without its folder is not written into the program's
working folder (which the officer never sees) but placed in the save dialog; a file typed that is there already
(perhaps a bundle headquarters has not imported yet) is replaced only when the officer says so."""

from __future__ import annotations

import os

import pytest

from tests.helpers import copy_station_and_hq, open_db
from ui.bundle_dialogs import ExportDialog
from workstation.bundle.writer import last_export
from workstation.i18n import _
from workstation.station import headquarters, this_station

pytestmark = pytest.mark.gui


@pytest.fixture(scope="module")
def template(station_and_hq_template):
    return station_and_hq_template()


@pytest.fixture
def dialog(template, tmp_path, qtbot, prompts, monkeypatch):
    dirs = copy_station_and_hq(template, tmp_path)
    monkeypatch.chdir(tmp_path / "station")  # the working folder a bare name would land in
    db = open_db(dirs / "station")
    dialog = ExportDialog(db, prompts, this_station(db).name, headquarters(db), last_export(db))
    qtbot.addWidget(dialog)
    # no headquarters' key, nor a page to set it from: "Export unencrypted" (the first option) whenever asked
    prompts.choices.extend([0] * 4)
    yield dialog
    db.conn.close()


def test_a_name_typed_without_its_folder_is_placed_in_the_save_dialog(dialog, prompts, tmp_path):
    dialog.path_edit.setText("南海.bundle")
    dialog.accept_export()  # the officer cancels the save dialog: nothing is exported
    assert dialog.result() != ExportDialog.DialogCode.Accepted and dialog.path == "南海.bundle"
    chosen = str(tmp_path / "u盘" / "南海.bundle")
    prompts.files.append(chosen)
    dialog.accept_export()
    assert dialog.result() == ExportDialog.DialogCode.Accepted and dialog.path == chosen
    assert not os.path.exists(tmp_path / "station" / "南海.bundle")


def test_a_file_typed_that_is_there_already_is_replaced_only_when_the_officer_says_so(dialog, prompts, tmp_path):
    earlier = tmp_path / "南海-上周.bundle"
    earlier.write_bytes(b"an earlier bundle")
    dialog.path_edit.setText(str(earlier))
    prompts.confirm_answer = False
    dialog.accept_export()
    assert prompts.confirmations == [_("{path} already exists. Replace it with this bundle?").format(path=str(earlier))]
    assert dialog.result() != ExportDialog.DialogCode.Accepted
    prompts.confirm_answer = True
    dialog.accept_export()
    assert dialog.result() == ExportDialog.DialogCode.Accepted and dialog.path == str(earlier)


def test_a_file_chosen_in_the_save_dialog_is_not_asked_about_again(dialog, prompts, tmp_path):
    earlier = tmp_path / "南海-上周.bundle"
    earlier.write_bytes(b"an earlier bundle")
    prompts.files.append(str(earlier))  # the save dialog asked before it returned a file that is there
    dialog.accept_export()
    assert prompts.confirmations == [] and dialog.result() == ExportDialog.DialogCode.Accepted
