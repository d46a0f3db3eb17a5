# ruff: noqa: F811 - the fixtures imported from test_bundle_hq and test_s48_exchange are used by name
"""The exchange page as the officer reads it: a station opening its own bundle (sent to headquarters) is told it is
its own, to be imported at headquarters, not that it came from another machine and must be exported again (the
window and ``bundle import`` alike); the preview names the attached files' table apart from the count of files; the
preview's Merge button and its "hide unchanged" box have Alt letters."""

from __future__ import annotations

import shutil

import pytest

from tests.helpers import run, run_json, trusting_station_and_hq
from tests.test_bundle_hq import dirs, export, take_headquarters_card, template  # noqa: F401
from tests.test_s48_exchange import build  # noqa: F401
from ui.access_keys import letter_of
from workstation.i18n import _

pytestmark = pytest.mark.gui


def _own_bundle_text(db, name: str) -> str:
    from workstation.station import headquarters, station_label

    hq = headquarters(db)
    return _("{name} is this station's own bundle, exported here for headquarters ({hq}): only headquarters can "
             "import it. Give it to headquarters; it need not be exported again.").format(
        name=name, hq=station_label(hq.name, hq.fingerprint))


def test_a_station_opening_its_own_bundle_is_told_it_is_its_own(capsys, dirs, build, prompts):
    take_headquarters_card(capsys, dirs, "nanhai")
    export(capsys, dirs, "nanhai", "n1.bundle")  # encrypted to headquarters' key
    shutil.copy(dirs / "n1.bundle", dirs / "copy.bundle")  # a copy under another name is still this station's
    db, page = build(dirs / "nanhai")
    for name in ("n1.bundle", "copy.bundle"):
        prompts.errors.clear()
        page.import_bundles([str(dirs / name)])
        assert prompts.errors == [_own_bundle_text(db, name)]
        said = prompts.errors[0]
        assert _("Set headquarters' key…") not in said and "another installation" not in said
    # the command line says the same
    code, out, err = run(capsys, "--data-dir", dirs / "nanhai", "bundle", "import", dirs / "n1.bundle")
    assert code == 1 and _own_bundle_text(db, "n1.bundle") in err and "station headquarters" not in err


def test_another_stations_bundle_keeps_the_general_reason(capsys, dirs, build, prompts):
    take_headquarters_card(capsys, dirs, "nanhai")
    take_headquarters_card(capsys, dirs, "shunde")
    export(capsys, dirs, "nanhai", "n1.bundle")
    db, page = build(dirs / "shunde")
    page.import_bundles([str(dirs / "n1.bundle")])
    assert len(prompts.errors) == 1 and "n1.bundle" in prompts.errors[0]
    assert "this station's own bundle" not in prompts.errors[0]


def test_the_attached_files_table_is_not_named_as_a_count():
    from workstation.bundle.conflict_text import table_label

    # "Files" is the count of files in the exports list (文件数): the table of attached files is named apart
    assert table_label("files") != _("Files")
    assert table_label("files") == _("Attached files")


@pytest.fixture
def with_files(station_and_hq_template, tmp_path, capsys):
    """A Nanhai station whose demo cases hold attached files, and headquarters trusting it."""
    return trusting_station_and_hq(station_and_hq_template(), tmp_path / "files", capsys)


def test_the_preview_names_the_files_table_apart_from_the_count(capsys, with_files, build, prompts):
    from tests.test_ui_exchange import ModalAnswer
    from ui.bundle_dialogs import MergePreviewDialog

    sent = run_json(capsys, "--data-dir", with_files / "station", "bundle", "export", "-o", with_files / "n1.bundle")
    assert sent["files"] > 0
    db, page = build(with_files / "hq")
    seen = {}

    def look(dialog):
        seen["rows"] = [dialog.counts_table.item(r, 0).text() for r in range(dialog.counts_table.rowCount())]
        seen["tree"] = [dialog.model.index(r, 0).data() for r in range(dialog.model.rowCount())]
        seen["merge"] = dialog.buttons.button(dialog.buttons.StandardButton.Ok).text()
        seen["hide"] = dialog.hide_unchanged.text()
        dialog.reject()

    answer = ModalAnswer(MergePreviewDialog, look)
    page.import_bundles([str(with_files / "n1.bundle")])
    answer.check()
    assert _("Attached files") in seen["rows"] and _("Files") not in seen["rows"]
    assert any(str(text).startswith(_("Attached files") + " ") for text in seen["tree"])
    assert not any(str(text).startswith(_("Files") + " ") for text in seen["tree"])
    # the Merge button and the "hide unchanged" box each have an Alt letter, not the same one
    merge, hide = letter_of(seen["merge"]), letter_of(seen["hide"])
    assert merge == "M" and hide == "H"
