# ruff: noqa: F811 - the fixtures imported from test_ui_exchange are used by name
"""What the exchange page says when it asks to trust a station (the key's fingerprint once, grouped for reading
out) and how it counts conflicts: the preview and the merge's message count records, like their other counts, and
name the fields in them — the unit the 冲突 tab counts its lines in, beside the records."""

from __future__ import annotations

import re
import shutil

import pytest

from PySide6.QtWidgets import QLabel

from tests.test_ui_exchange import (  # noqa: F401
    EDITED,
    ModalAnswer,
    build,
    dirs,
    edit_case,
    export_from_station,
    merge_through,
    ok_button,
    template,
)
from ui.bundle_dialogs import MergePreviewDialog
from ui.layouts import plain_label

pytestmark = pytest.mark.gui

GROUPED = re.compile(r"[0-9A-F]{4}( [0-9A-F]{4}){4}")


def test_the_trust_question_shows_the_fingerprint_once_in_groups(dirs, build, prompts, english):
    bundle = export_from_station(dirs, build, prompts)
    fingerprint = build(dirs / "station")[1].station_fingerprint.text()
    assert GROUPED.fullmatch(fingerprint)
    db, page = build(dirs / "hq")
    prompts.confirm_answer = False
    page.import_bundles([str(bundle)])
    assert prompts.errors == [] and len(prompts.confirmations) == 1
    question = prompts.confirmations[0]
    assert question.count(fingerprint) == 1 and "\n\n" + fingerprint + "\n\n" in question
    assert "one.bundle" in question and "南海区局" in question
    assert "--trust" not in question  # the command line's advice is not the page's


def test_a_changed_key_names_the_old_fingerprint_and_the_new_one_once(dirs, build, prompts, english):
    export_from_station(dirs, build, prompts)
    db, page = build(dirs / "hq")
    prompts.confirm_answer = True
    merge_through(page, dirs / "one.bundle")
    old = build(dirs / "station")[1].station_fingerprint.text()
    shutil.rmtree(dirs / "station" / "station")  # the keys are lost: the station makes new ones
    edit_case(dirs / "station", facts="新密钥之后的修改")
    export_from_station(dirs, build, prompts, "two.bundle")
    new = build(dirs / "station")[1].station_fingerprint.text()
    assert new != old and GROUPED.fullmatch(new)
    prompts.confirm_answer = False
    page.import_bundles([str(dirs / "two.bundle")])
    question = prompts.confirmations[-1]
    assert question.count(new) == 1 and question.count(old) == 1
    assert "has changed" in question and "--trust" not in question


def test_the_conflict_counts_name_records_and_fields_alike(dirs, build, prompts, english):
    export_from_station(dirs, build, prompts)
    db, page = build(dirs / "hq")
    prompts.confirm_answer = True
    merge_through(page, dirs / "one.bundle")
    assert plain_label(page.tabs.tabText(3)) == "Conflicts"
    edit_case(dirs / "hq", case=EDITED, fine_fen=610_000, records_other=111, facts="市局认定")
    edit_case(dirs / "station", case=EDITED, fine_fen=620_000, records_other=222, facts="站点认定")
    export_from_station(dirs, build, prompts, "two.bundle")
    shown = {}
    answer = ModalAnswer(MergePreviewDialog, lambda dialog: (shown.update(
        text=dialog.findChild(QLabel, "preview_summary").text()), ok_button(dialog).click()))
    page.import_bundles([str(dirs / "two.bundle")])
    answer.check()
    assert prompts.errors == []
    assert "1 in conflict (3 fields in all:" in shown["text"]
    assert "cases: 0 new, 0 updated, 0 unchanged, 1 in conflict;" in prompts.infos[-1]
    assert prompts.infos[-1].endswith("1 in conflict.\nThe 3 fields in conflict are listed under Conflicts.")
    assert page.conflicts_model.rowCount() == 3
    assert plain_label(page.tabs.tabText(3)) == "Conflicts (3 fields in 1 record)"
    page.conflicts_view.selectRow(0)
    page.buttons["keep_local"].click()
    assert plain_label(page.tabs.tabText(3)) == "Conflicts (2 fields in 1 record)"
