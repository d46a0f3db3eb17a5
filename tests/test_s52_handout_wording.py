# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""Whom a refusal sends the officer to: headquarters' hand-out refused at a station (altered, damaged, badly
signed, a broken audit log) is asked for again from headquarters, never from "the station", which cannot make it;
a file refused before anything in it says who made it (a truncated archive, an encrypted file altered) names the
sender neutrally; a station's bundle refused at headquarters still sends the officer to the station. Headquarters
opening a hand-out it encrypted for a station is told which station it is for, and the merge preview introduces a
hand-out as coming from headquarters."""

from __future__ import annotations

import json
import shutil
import zipfile
from pathlib import Path

import pytest

from tests.data_digest import data_digest
from tests.helpers import run, run_json
from tests.test_bundle import _flip
from tests.test_bundle_common_base import _as_written_by
from tests.test_bundle_hq import (  # noqa: F401
    dirs,
    export,
    import_,
    take_headquarters_card,
    template,
)

AGAIN_FROM_HQ = "ask headquarters to export the hand-out again."


def _refused_at(capsys, data_dir: Path, bundle: Path) -> str:
    """The one line ``data_dir`` gives for refusing ``bundle``; nothing but the list of imports changes there."""
    before = data_digest(data_dir)
    code, out, err = run(capsys, "--data-dir", data_dir, "bundle", "import", bundle)
    assert code == 1, out
    assert data_digest(data_dir) == before
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err and bundle.name in lines[0], err
    return lines[0]


def _rewrite(source: Path, target: Path, change) -> None:
    """``source`` with its members changed by ``change(name, data)``, the manifest and its signature as they were."""
    with zipfile.ZipFile(source) as archive, zipfile.ZipFile(target, "w") as out:
        for info in archive.infolist():
            out.writestr(info, change(info.filename, archive.read(info)))


@pytest.fixture
def handed_out(capsys, dirs):
    """Shunde names headquarters and sends its case; headquarters hands it out for Shunde, once without encryption
    (plain.bundle) and once encrypted to Shunde's key (sealed.bundle)."""
    take_headquarters_card(capsys, dirs, "shunde")
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    for name, extra in (("plain.bundle", ["--plain"]), ("sealed.bundle", [])):
        run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / name, "--all", "--for",
                 "顺德区局", *extra)
    return dirs


def test_an_altered_or_damaged_hand_out_is_asked_again_of_headquarters(capsys, handed_out, english):
    dirs = handed_out
    _rewrite(dirs / "plain.bundle", dirs / "altered.bundle",
             lambda name, data: data.replace("涉嫌".encode(), "涉及".encode()) if name == "records/cases.json" else data)
    line = _refused_at(capsys, dirs / "shunde", dirs / "altered.bundle")
    assert line == ("Error: altered.bundle: records/cases.json does not match the sha256 in the signed manifest (it "
                    f"was altered); the bundle is refused: {AGAIN_FROM_HQ}")

    shutil.copy(dirs / "plain.bundle", dirs / "damaged.bundle")
    _flip(dirs / "damaged.bundle", "audit.json")
    line = _refused_at(capsys, dirs / "shunde", dirs / "damaged.bundle")
    assert line.endswith("the bundle is refused: copy it again from headquarters.") and "station" not in line

    _rewrite(dirs / "plain.bundle", dirs / "forged.bundle",
             lambda name, data: data.replace(b'"scope": "all"', b'"scope": "cases"') if name == "manifest.json"
             else data)
    line = _refused_at(capsys, dirs / "shunde", dirs / "forged.bundle")
    assert line == ("Error: forged.bundle: the signature does not match the manifest (the hand-out was altered or "
                    f"not signed by headquarters 佛山市局); it is refused: {AGAIN_FROM_HQ}")


def test_a_hand_out_of_an_earlier_version_with_an_altered_audit_entry_is_asked_again_of_headquarters(
        capsys, handed_out, english):
    dirs = handed_out
    export(capsys, dirs, "hq", "old.bundle", "--all")  # as earlier versions wrote it: no station named in it

    def altered_entry(manifest, members):
        entries = json.loads(members["audit.json"])
        entries[-1]["actor"] = "某人"
        members["audit.json"] = json.dumps(entries, ensure_ascii=False).encode("utf-8")

    _as_written_by(dirs / "hq", dirs / "old.bundle", dirs / "old-altered.bundle", altered_entry)
    line = _refused_at(capsys, dirs / "shunde", dirs / "old-altered.bundle")
    assert line.startswith("Error: old-altered.bundle: entry ") and " of its audit log was altered or is missing" in line
    assert line.endswith(AGAIN_FROM_HQ)
    assert "station" not in line


def test_a_file_refused_before_it_says_who_made_it_names_the_sender_neutrally(capsys, handed_out, english):
    dirs = handed_out
    raw = (dirs / "plain.bundle").read_bytes()
    (dirs / "cut.bundle").write_bytes(raw[:len(raw) // 2])
    neutral = "Error: cut.bundle is not a complete bundle (truncated or damaged archive): copy it again, or ask the " \
              "sender for it again."
    assert _refused_at(capsys, dirs / "shunde", dirs / "cut.bundle") == neutral
    assert _refused_at(capsys, dirs / "hq", dirs / "cut.bundle") == neutral

    sealed = bytearray((dirs / "sealed.bundle").read_bytes())
    sealed[len(sealed) // 2] ^= 0x01
    (dirs / "sealed-altered.bundle").write_bytes(bytes(sealed))
    assert _refused_at(capsys, dirs / "shunde", dirs / "sealed-altered.bundle") == (
        "Error: sealed-altered.bundle was altered after it was encrypted: it is refused; copy it again, or ask the "
        "sender to export it again.")
    (dirs / "sealed-cut.bundle").write_bytes(bytes(sealed[:40]))
    assert _refused_at(capsys, dirs / "shunde", dirs / "sealed-cut.bundle") == (
        "Error: sealed-cut.bundle is truncated: copy it again, or ask the sender for it again.")


def test_a_station_s_bundle_refused_at_headquarters_still_sends_the_officer_to_the_station(capsys, handed_out,
                                                                                           english):
    dirs = handed_out
    export(capsys, dirs, "nanhai", "n1.bundle", "--plain")
    _rewrite(dirs / "n1.bundle", dirs / "n-altered.bundle",
             lambda name, data: data.replace("涉嫌".encode(), "涉及".encode()) if name == "records/cases.json" else data)
    assert _refused_at(capsys, dirs / "hq", dirs / "n-altered.bundle").endswith(
        "the bundle is refused: ask the station to export it again.")


def test_headquarters_opening_its_encrypted_hand_out_is_told_which_station_it_is_for(capsys, handed_out, english):
    dirs = handed_out
    line = _refused_at(capsys, dirs / "hq", dirs / "sealed.bundle")
    assert line == ("Error: sealed.bundle is the hand-out this headquarters made for station 顺德区局: it is imported "
                    "at that station, not here at headquarters. Give it to 顺德区局.")


def test_the_merge_preview_introduces_a_hand_out_as_from_headquarters(capsys, handed_out, qtbot, english):
    from PySide6.QtWidgets import QLabel

    from ui.bundle_dialogs import MergePreviewDialog
    from ui.bundle_tasks import plan_task

    dirs = handed_out
    preview = plan_task(dirs / "shunde", str(dirs / "plain.bundle"), progress=None, cancel=None)
    try:
        assert preview.bundle.from_headquarters
        dialog = MergePreviewDialog(preview.plan, "plain.bundle", None,
                                    from_headquarters=preview.bundle.from_headquarters)
        qtbot.addWidget(dialog)
        text = dialog.findChild(QLabel, "preview_summary").text()
        assert text.startswith("plain.bundle: from headquarters 佛山市局 (fingerprint ") and "station" not in text
    finally:
        preview.close()
    preview = plan_task(dirs / "hq", str(dirs / "s1.bundle"), progress=None, cancel=None)
    try:  # at headquarters, a station's bundle (imported already: its preview says where it came from all the same)
        assert not preview.bundle.from_headquarters
    finally:
        preview.close()


def test_the_exchange_page_opens_a_hand_outs_preview_as_from_headquarters(capsys, handed_out, qtbot, english,
                                                                          prompts, monkeypatch):
    from PySide6.QtWidgets import QLabel

    from tests.helpers import open_db
    from ui.bundle_dialogs import MergePreviewDialog
    from ui.exchange_page import ExchangePage
    from ui.task_runner import ImmediateRunner

    dirs = handed_out
    db = open_db(dirs / "shunde")
    try:
        page = ExchangePage(db, dirs / "shunde", prompts, ImmediateRunner())
        qtbot.addWidget(page)
        shown: list[str] = []
        monkeypatch.setattr(MergePreviewDialog, "exec", lambda dialog: shown.append(
            dialog.findChild(QLabel, "preview_summary").text()) or 0)  # read, then cancelled
        prompts.confirm_answer = True
        page.import_bundles([str(dirs / "plain.bundle")])
        assert len(shown) == 1, prompts.errors
        assert shown[0].startswith("plain.bundle: from headquarters 佛山市局") and "from station" not in shown[0]
    finally:
        db.conn.close()
