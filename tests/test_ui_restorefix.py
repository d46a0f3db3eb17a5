# ruff: noqa: F811 - the fixtures imported from test_ui_exchange are used by name
"""In the window: the restore's question and its result name the bundles exported after the backup and say to import
headquarters' latest hand-out before taking a number; a bundle headquarters refuses after the station's restore is
listed under 导入记录 with its station; headquarters' export dialog names the hand-out after the station it is for."""

from __future__ import annotations

import pytest

from tests import backup_fixtures
from tests.test_ui_exchange import EDITED, build, dirs, edit_case, export_from_station, template  # noqa: F401
from workstation.i18n import _

pytestmark = pytest.mark.gui
templates, copy_template, _fast_keys, window_on = (backup_fixtures.templates, backup_fixtures.copy_template,
                                                   backup_fixtures._fast_keys, backup_fixtures.window_on)



def advice() -> str:  # the advice as the restore's question words it, in the current language
    return _("Exported since: {bundles}. After the restore headquarters will refuse this station's further bundles "
             "(its audit log no longer continues the one they carried), until the data the restore replaces, which is "
             "kept, is put back; and before filing a case or issuing a document, headquarters' hand-out made after it "
             "imported those bundles must be imported, so that no number is given twice.")

def test_the_restore_names_the_bundles_exported_since_the_backup_before_and_after(window_on, tmp_path):
    from workstation.bundle import export_bundle

    window = window_on()
    prompts = window.prompts
    dialog = window.show_backups()
    dialog.buttons["backup_now"].click()
    export_bundle(window.db, window.data_dir, tmp_path / "after.bundle", everything=True)
    dialog.refresh()
    dialog.table.selectRow(0)
    prompts.confirm_answer = True
    dialog.buttons["restore"].click()
    assert prompts.errors == []
    question = prompts.confirmations[-1]
    assert "after.bundle" in question and advice().split("{bundles}")[1] in question
    said = prompts.infos[-1]
    assert "after.bundle" in said
    # putting back the replaced data is offered first, before headquarters' hand-out made after it took after.bundle
    assert said.index("backup put-back replaced-") < said.index(_(
        "Only if the data is not put back: before filing a case or issuing a document, import headquarters' hand-out "
        "for this station made after headquarters imported {file}, so that no case number or document number is "
        "given twice.").format(file="after.bundle"))


def test_a_restore_with_nothing_exported_since_names_no_bundle(window_on):
    window = window_on()
    prompts = window.prompts
    dialog = window.show_backups()
    dialog.buttons["backup_now"].click()
    dialog.table.selectRow(0)
    prompts.confirm_answer = True
    dialog.buttons["restore"].click()
    question = prompts.confirmations[-1]
    assert "bundles made after" in question or "之后" in question
    assert advice().split("{bundles}")[1] not in question


def _export_at_station(dirs, name: str) -> None:
    from tests.helpers import open_db
    from workstation.bundle import export_bundle

    laptop = open_db(dirs / "station")
    try:
        export_bundle(laptop, dirs / "station", dirs / name)
    finally:
        laptop.conn.close()


def test_a_bundle_refused_after_the_station_s_restore_is_listed_with_its_station(dirs, build, prompts):
    from tests.helpers import open_db
    from tests.test_ui_exchange import merge_through
    from workstation.backup import create_backup, restore_backup
    from workstation.bundle.import_log import list_refusals

    laptop = open_db(dirs / "station")
    try:
        made = create_backup(laptop, dirs / "station")
    finally:
        laptop.conn.close()
    _export_at_station(dirs, "1.bundle")
    db, page = build(dirs / "hq")
    prompts.confirm_answer = True
    merge_through(page, dirs / "1.bundle")
    assert prompts.errors == []
    restore_backup(dirs / "station", made["path"])
    edit_case(dirs / "station", case=EDITED, fine_fen=123_400)
    _export_at_station(dirs, "2.bundle")
    page.import_bundles([str(dirs / "2.bundle")])
    assert len(prompts.errors) == 1 and "2.bundle" in prompts.errors[0]
    refusal = list_refusals(db)[0]
    assert refusal["file"] == "2.bundle" and refusal["station"] == "南海区局"
    assert "backup put-back" in refusal["reason"]
    # the 导入记录 list shows the station, not "—"
    shown = [page.imports_model.records[r] for r in range(page.imports_model.rowCount())]
    assert any(r.get("file_name") == "2.bundle" and "南海区局" in str(r.get("station_name") or r.get("station"))
               for r in shown)
