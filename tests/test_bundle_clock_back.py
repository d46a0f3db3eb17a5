"""A station whose clock was set back after an export (it had run a day ahead) still sends what it changed since:
the changes are stamped before the last export's time, yet audited after it."""

from __future__ import annotations

import datetime as dt
import json
import zipfile

from tests.helpers import open_db, run_json


def test_a_change_stamped_before_the_last_export_travels_in_the_next_bundle(capsys, tmp_path):
    station = tmp_path / "station"
    run_json(capsys, "--data-dir", station, "init", "--agency", "440606", "--station-name", "顺德区局")
    run_json(capsys, "--data-dir", station, "publicity", "add", "--date", "2026-06-15", "--title", "进社区宣传",
             "--kind", "community", "--flyers", "300")
    first = run_json(capsys, "--data-dir", station, "bundle", "export", "-o", tmp_path / "one.bundle")
    assert first["records"] == 1

    from workstation.bundle.writer import LAST_EXPORT_KEY
    from workstation.store.base import get_setting, set_setting

    db = open_db(station)  # the export was made while the clock ran a day ahead
    previous = json.loads(get_setting(db, LAST_EXPORT_KEY))
    ahead = (dt.datetime.fromisoformat(previous["at"]) + dt.timedelta(days=1)).isoformat()
    set_setting(db, LAST_EXPORT_KEY, json.dumps({**previous, "at": ahead}))
    db.conn.close()

    added = run_json(capsys, "--data-dir", station, "publicity", "add", "--date", "2026-06-20", "--title",
                     "短信提醒", "--kind", "sms", "--sms", "20000")
    second = run_json(capsys, "--data-dir", station, "bundle", "export", "-o", tmp_path / "two.bundle")
    assert second["scope"] == "changed" and second["records"] >= 1
    with zipfile.ZipFile(tmp_path / "two.bundle") as archive:
        sent = json.loads(archive.read("records/publicity.json"))
    assert added["id"] in {row["id"] for row in sent}
