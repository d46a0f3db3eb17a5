"""The evidence register of a case walked end to end as an officer would: a file that is gone between choosing it
and saving, the register's rows headed by the items' numbers, one file the officer may not read, a full disk while
it is kept, a file name in Chinese with spaces and
full-width characters carried into the 电子数据证据提取笔录 with the hash that was stored, and an evidence file
altered in a bundle on its way to headquarters, refused naming the file and its case."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import zipfile
from pathlib import Path

import pytest

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPushButton

from tests.data_digest import data_digest
from tests.helpers import pdf_text, run, run_json
from ui.case_evidence import EvidenceDialog
from workstation import filestore
from workstation.store.evidence import add_evidence, list_evidence

CASE9 = "佛南市监立〔2026〕9号"  # the demo's case still under investigation, with no evidence yet
NAME = "短信 截图（一）　２０２６.png"  # a space, full-width brackets, an ideographic space, full-width digits


@pytest.fixture
def workspace(db, make_case, make_window):
    return make_window(db).open_case(make_case().id)


@pytest.fixture
def station(cli_station, tmp_path):
    return cli_station(tmp_path / "station")


def table_counts(data_dir: Path) -> dict:
    from workstation.db import open_database
    from workstation.paths import database_path

    db = open_database(database_path(data_dir))
    try:
        return {t: db.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
                for t in ("evidence", "files", "audit", "case_events")}
    finally:
        db.conn.close()


def one_line(code: int, out: str, err: str) -> str:
    assert code == 1 and out == "" and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1, err
    return err.strip()


def test_a_file_gone_between_choosing_and_saving_is_named_and_what_was_typed_stays(db, workspace, prompts, tmp_path,
                                                                                   english):
    chosen = tmp_path / "客户名单.csv"
    chosen.write_text("姓名,手机号码\n张三,13800138000\n", encoding="utf-8")
    prompts.files.append(str(chosen))
    seen = {}

    def type_then_save_after_the_file_went():
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, EvidenceDialog)
        dialog.source.setText("当事人办公电脑")
        chosen.unlink()  # moved away in the file manager while the officer typed
        dialog.buttons.button(QDialogButtonBox.StandardButton.Save).click()
        seen["open"], seen["source"] = dialog.isVisible(), dialog.source.text()
        dialog.done(0)  # closed without asking whether to drop what was typed

    QTimer.singleShot(0, type_then_save_after_the_file_went)
    workspace.evidence.findChild(QPushButton, "add_evidence").click()
    assert seen == {"open": True, "source": "当事人办公电脑"}  # nothing typed is lost
    assert prompts.errors == [f"{chosen}: no such file (moved, renamed or deleted?): check where it is and choose "
                              "it again; nothing was stored."]
    assert list_evidence(db, workspace.case_id) == []


def test_the_register_in_the_window_shows_each_item_s_number_as_the_timeline_and_documents_cite_it(
        db, data_dir, workspace, tmp_path):
    for name in ("客户名单.csv", NAME, "通话录音.wav"):
        (tmp_path / name).write_bytes(name.encode() * 8)
        add_evidence(db, data_dir, workspace.case_id, tmp_path / name, kind="other", collected_on="2026-03-10")
    workspace.reload()
    view = workspace.window().case_tabs.currentWidget().evidence.view
    model = view.model()
    numbers = [(model.headerData(row, Qt.Orientation.Vertical), model.records[row].file_name) for row in range(3)]
    assert numbers == [("1", "客户名单.csv"), ("2", NAME), ("3", "通话录音.wav")]
    assert not view.verticalHeader().isHidden()
    model.sort(0, Qt.SortOrder.DescendingOrder)  # rows shown in another order keep their items' numbers
    assert {(model.headerData(row, Qt.Orientation.Vertical), model.records[row].file_name)
            for row in range(3)} == set(numbers)


def test_a_file_the_officer_may_not_read_is_refused_naming_it_and_what_to_do(station, tmp_path, capsys, monkeypatch,
                                                                             english):
    locked = tmp_path / "通话记录.xlsx"
    locked.write_bytes(b"PK\x03\x04 not opened")
    real_open = Path.open

    def denied(path, *args, **kwargs):  # root reads every file: the refusal a user without the right gets
        if path == locked:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(Path, "open", denied)
    before = table_counts(station)
    err = one_line(*run(capsys, "--data-dir", station, "evidence", "add", CASE9, locked, "--kind", "call_log"))
    assert err.endswith(f"{locked} cannot be read: permission denied. Nothing was stored: check that you may open it "
                        "(or copy it into a folder of your own), then add it again.")
    assert table_counts(station) == before


def test_a_full_disk_names_the_file_not_stored_and_leaves_nothing_half_written(station, tmp_path, capsys,
                                                                              monkeypatch, english):
    recording = tmp_path / "通话录音 2026-03-10.wav"
    recording.write_bytes(b"RIFF" + bytes(4096))

    def half_then_full(partial, chunks, flush):  # the file is copied into the store in steps as it is read
        with open(partial, "wb") as fh:
            fh.write(next(iter(chunks))[:100])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(partial))

    monkeypatch.setattr(filestore, "_write_chunks", half_then_full)
    before = table_counts(station)
    err = one_line(*run(capsys, "--data-dir", station, "evidence", "add", CASE9, recording))
    assert "通话录音 2026-03-10.wav was not stored: The file store" in err
    assert f"the disk is full. Free some space on the disk holding {station}, then try again." in err
    assert table_counts(station) == before
    assert not list((station / "files").rglob("*.part"))
    assert not [p for p in (station / "files").rglob("*") if p.is_file() and p.stat().st_size == 4100]


def test_a_chinese_file_name_is_kept_and_printed_with_the_hash_that_was_stored(station, tmp_path, capsys):
    shot = tmp_path / NAME
    shot.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    digest = hashlib.sha256(shot.read_bytes()).hexdigest()
    added = run_json(capsys, "--data-dir", station, "evidence", "add", CASE9, shot, "--source", "当事人手机",
                     "--kind", "electronic_data")  # the 电子数据证据提取笔录 lists electronic data only (s47)
    assert (added["sha256"], added["kind"]) == (digest, "electronic_data")
    listed = run_json(capsys, "--data-dir", station, "evidence", "list", CASE9)
    assert [(row["number"], row["file_name"], row["sha256"]) for row in listed] == [(1, NAME, digest)]
    stored = filestore.read_file(station, digest)
    assert hashlib.sha256(stored).hexdigest() == digest == hashlib.sha256(shot.read_bytes()).hexdigest()
    out = tmp_path / "提取笔录.pdf"
    run_json(capsys, "--data-dir", station, "docs", "render", CASE9, "--form", "electronic_evidence_record",
             "--format", "pdf", "-o", out)
    text = pdf_text(out.read_bytes()).replace("\u3000", "")
    assert "1.短信截图（一）２０２６.png（PNG格式，1.0KB）" in text  # 提取的文件
    assert f"SHA-256：{digest}" in text  # 哈希值: the fingerprint of the bytes kept


def test_an_evidence_file_altered_in_a_bundle_is_refused_naming_it_and_its_case(station_and_hq_dirs, tmp_path,
                                                                                capsys, english):
    dirs = station_and_hq_dirs
    shot = tmp_path / NAME
    shot.write_bytes(b"\x89PNG\r\n\x1a\n" + b"screenshot of the SMS" * 10)
    digest = run_json(capsys, "--data-dir", dirs / "station", "evidence", "add", CASE9, shot)["sha256"]
    run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "--case", CASE9, "-o", dirs / "good.bundle")
    member = f"files/{digest}"
    with zipfile.ZipFile(dirs / "good.bundle") as good, zipfile.ZipFile(dirs / "bad.bundle", "w") as bad:
        for info in good.infolist():  # the screenshot retouched on the USB stick, the archive itself whole
            data = good.read(info)
            bad.writestr(info, data.replace(b"SMS", b"MMS") if info.filename == member else data)
    assert json.loads(zipfile.ZipFile(dirs / "bad.bundle").read("manifest.json"))["members"][member]
    before = data_digest(dirs / "hq")
    err = one_line(*run(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "bad.bundle"))
    assert (f"bad.bundle: the evidence file “{NAME}” of case {CASE9} ({member}) does not match the sha256 in the "
            "signed manifest (it was altered); the bundle is refused: ask the station to export it again.") in err
    assert data_digest(dirs / "hq") == before
    imported = run_json(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "good.bundle")
    assert imported["conflicts"] == 0
    assert [row["sha256"] for row in run_json(capsys, "--data-dir", dirs / "hq", "evidence", "list", CASE9)] == [digest]
