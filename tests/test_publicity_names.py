"""The three figures of a publicity activity have one name each wherever they are shown — the log's table, the editor
and the CSV export (with their units), the totals under the table — and the demo's activities are
held on the day their titles name."""

import csv
import json
import re

import pytest

from PySide6.QtCore import Qt

from ui.publicity_dialog import PublicityDialog
from ui.publicity_page import PublicityTab
from workstation.paths import resource
from workstation.records import Publicity
from workstation.store import agency_id_for_code, list_publicity, save_publicity

WITH_UNITS = ["宣传资料（份）", "提示短信（条）", "参与人数（人）"]


@pytest.fixture
def tab(db, prompts, qtbot):
    save_publicity(db, Publicity(agency_id=agency_id_for_code("440605"), held_on="2026-04-01", title="进社区宣传",
                                 kind="community", flyers=1500, sms=5000, participants=120))
    widget = PublicityTab(db, prompts)
    qtbot.addWidget(widget)
    return widget


def test_the_table_the_editor_and_the_csv_name_the_figures_alike(tab, db, prompts, qtbot, tmp_path):
    headers = [tab.model.headerData(c, Qt.Orientation.Horizontal) for c in range(4, 7)]
    assert headers == WITH_UNITS  # with their units, as README promises: 宣传资料（份）…
    assert "宣传资料 1,500 份，提示短信 5,000 条，参与人数 120 人" in tab.totals.text()
    dialog = PublicityDialog(db, prompts, list_publicity(db)[0])
    qtbot.addWidget(dialog)
    labels = [dialog.form.labelForField(dialog.texts[f]).text() for f in ("flyers", "sms", "participants")]
    assert labels == WITH_UNITS
    target = tmp_path / "宣传.csv"
    prompts.files = [str(target)]
    tab.buttons["export_publicity"].click()
    rows = list(csv.reader(target.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0][4:] == WITH_UNITS and rows[1][4:] == ["1500", "5000", "120"]


def test_every_demo_activity_naming_a_day_is_held_on_that_day():
    seed = json.loads(resource("demo", "seed.json").read_text(encoding="utf-8"))
    named = 0
    for item in seed["publicity"]:
        day = re.search(r"(\d{1,2})·(\d{1,2})", item["title"])
        if day:
            named += 1
            month, date = (int(n) for n in day.groups())
            assert item["held_on"][5:] == f"{month:02d}-{date:02d}", item
    assert named == 1  # the 3·15 street event of 三水区; the one of 9 October names no day
    assert len(seed["publicity"]) == 50
