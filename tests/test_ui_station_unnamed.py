# ruff: noqa: F811 - the fixtures imported from test_ui_exchange are used by name
"""A station never named (the default name 站点, as the demo's) is not called "station Station" (站点站点) in the
trust question, the merge preview or the command line's refusal: it is an unnamed station, told by its fingerprint."""

from __future__ import annotations

import pytest

from PySide6.QtWidgets import QLabel

from tests.test_ui_exchange import (  # noqa: F401
    ModalAnswer,
    build,
    dirs,
    export_from_station,
    ok_button,
    template,
)
from ui.bundle_dialogs import MergePreviewDialog
from workstation.i18n import _
from workstation.station import station_label

pytestmark = pytest.mark.gui


def test_a_station_label_names_a_named_station_and_tells_an_unnamed_one_by_its_fingerprint(english):
    assert station_label("南海区局", "8FF7 E98B 4632 95F9 AD9C") == "南海区局"
    assert station_label("站点", "8FF7 E98B 4632 95F9 AD9C") == "unnamed (fingerprint 8FF7 E98B…)"
    assert station_label("Station", "8FF7 E98B 4632 95F9 AD9C") == "unnamed (fingerprint 8FF7 E98B…)"
    assert station_label("") == station_label("站点") == "unnamed"


def test_an_unnamed_station_s_bundle_is_not_from_station_station(dirs, build, prompts, english):
    db, page = build(dirs / "station")
    db.execute("UPDATE stations SET name = ? WHERE role = 'self'", ["站点"])  # the name given when none was
    db.conn.commit()
    fingerprint = page.station_fingerprint.text()
    bundle = export_from_station(dirs, build, prompts)
    db, page = build(dirs / "hq")

    prompts.confirm_answer = True
    shown = {}
    answer = ModalAnswer(MergePreviewDialog, lambda dialog: (shown.update(
        text=dialog.findChild(QLabel, "preview_summary").text()), dialog.reject()))
    page.import_bundles([str(bundle)])
    answer.check()
    question = prompts.confirmations[0]
    short = " ".join(fingerprint.split()[:2])
    assert "signed by station unnamed (fingerprint " + short + "…)" in question
    assert "Station unnamed signs with the key fingerprint\n\n" + fingerprint + "\n\n" in question
    assert "站点" not in question and question.count(fingerprint) == 1
    assert shown["text"].startswith(_("{file}: from an unnamed station (fingerprint {fingerprint}), made {when}.")
                                    .split("{when}")[0].format(file=bundle.name, fingerprint=fingerprint))
    assert "站点" not in shown["text"]


def test_the_command_line_refusal_names_an_unnamed_station_by_its_fingerprint(dirs, build, prompts, english):
    from workstation.bundle.merge import StationNotTrusted, plan_merge
    from workstation.bundle.reader import open_bundle
    from workstation.station import box_private_key

    db, page = build(dirs / "station")
    db.execute("UPDATE stations SET name = ? WHERE role = 'self'", ["站点"])
    db.conn.commit()
    fingerprint = page.station_fingerprint.text()
    bundle = export_from_station(dirs, build, prompts)
    db, page = build(dirs / "hq")
    with open_bundle(bundle, box_private_key(dirs / "hq")) as opened, pytest.raises(StationNotTrusted) as refused:
        plan_merge(db, opened)
    assert "signed by station unnamed (fingerprint " + " ".join(fingerprint.split()[:2]) + "…)" in str(refused.value)
    assert "站点" not in str(refused.value)
