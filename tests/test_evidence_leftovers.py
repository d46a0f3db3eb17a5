"""What the walkthrough of the evidence register left: a recording of hundreds of MB is kept without being held in
memory (hashed while it is copied into the file store in steps, sealed so in an encrypted data directory); a store
that fails, is cancelled or whose record is not kept leaves nothing behind, not even the empty folder of its first
two hex digits; the 电子数据证据提取笔录 is not issued without its extraction time; a file's SHA-256 in it is never
split across a page break, in the PDF or the DOCX; and the evidence section's buttons acting on one item are greyed
out, saying why, while no item (or a voided one) is selected."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader

from PySide6.QtWidgets import QPushButton

from tests.test_doc_stage_rules import FACTS, allowed, refusal
from workstation import filestore
from workstation.documents.drafts import draft_document, find_form, render_document
from workstation.errors import Cancelled, WorkstationError
from workstation.progress import CancelToken
from workstation.store import get_case, get_party, save_party
from workstation.store.evidence import add_evidence, list_evidence, void_evidence

PROJECT = Path(__file__).resolve().parent.parent
CASE9 = "佛南市监立〔2026〕9号"  # the demo's case still under investigation, with no evidence yet
KEY = bytes(range(32))


def stored_files(data_dir: Path) -> list[Path]:
    """Everything in the file store: its files and folders, partial files included."""
    root = Path(data_dir) / "files"
    return sorted(root.rglob("*")) if root.exists() else []


def register(db) -> tuple:
    return tuple(db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] for table in ("evidence", "files", "audit"))


# 1. a large file is hashed while it is copied in, never held in memory ---------------------------------------------
PEAK = """
import contextlib, io, resource, sys
from workstation.cli import main

data, small, big = sys.argv[1:4]
def add(path, kind):
    with contextlib.redirect_stdout(io.StringIO()):
        assert main(["--data-dir", data, "evidence", "add", "佛南市监立〔2026〕9号", path, "--kind", kind]) == 0
add(small, "other")  # everything adding a file needs is loaded before the peak is taken
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
add(big, "recording")
print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) * 1024)
"""
BIG = 160 * 1024 * 1024


def test_a_recording_of_160_mb_is_stored_with_a_peak_far_below_its_size(cli_station, tmp_path):
    station = cli_station(tmp_path / "station")
    small, big = tmp_path / "说明.txt", tmp_path / "通话录音.wav"
    small.write_bytes(b"warm-up " * 64)
    with open(big, "wb") as fh:  # sparse: nothing written but its head, read back as 160 MB
        fh.truncate(BIG)
        fh.write(b"RIFF a long call")
    done = subprocess.run([sys.executable, "-c", PEAK, str(station), str(small), str(big)], cwd=PROJECT,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    grown = int(done.stdout.split()[-1])
    # read whole, the file was held twice (its chunks and their join: 320 MB more); copied in steps, a few chunks
    assert grown < BIG // 4, f"the peak grew by {grown / 2**20:.0f} MB adding a {BIG / 2**20:.0f} MB file"
    digest = hashlib.sha256()
    with open(big, "rb") as fh:
        while chunk := fh.read(1 << 24):
            digest.update(chunk)
    kept = filestore.file_path(station, digest.hexdigest())
    assert kept.stat().st_size == BIG
    assert not [p for p in stored_files(station) if p.name.endswith(".part")]


def test_an_encrypted_store_seals_the_file_in_steps_and_opens_it_whole(db, data_dir, make_case, tmp_path,
                                                                       monkeypatch):
    from workstation.store import evidence

    monkeypatch.setattr(filestore, "files_key", lambda _data_dir: KEY)
    monkeypatch.setattr(evidence, "READ_CHUNK", 1000)  # 37 steps
    sheet = tmp_path / "客户名单.csv"
    content = "".join(f"{n},客户{n},1390000{n:04d}\n" for n in range(1500)).encode()
    sheet.write_bytes(content)
    item = add_evidence(db, data_dir, make_case().id, sheet, kind="customer_list")
    assert item.sha256 == hashlib.sha256(content).hexdigest() and item.size == len(content)
    sealed = filestore.file_path(data_dir, item.sha256).read_bytes()
    assert sealed.startswith(filestore.SEALED) and b"1390000" not in sealed
    assert filestore.read_file(data_dir, item.sha256, key=KEY) == content


def test_a_file_that_changes_between_the_two_readings_of_an_encrypted_store_is_refused(
        db, data_dir, make_case, tmp_path, monkeypatch, english):
    from workstation.store import evidence

    real_chunks, readings = evidence.evidence_chunks, []

    def written_meanwhile(path, message, **kwargs):  # the recorder still writing the file when it is read again
        readings.append(path)
        if len(readings) == 2:
            path.write_bytes(b"RIFF the call went on")
        return real_chunks(path, message, **kwargs)

    monkeypatch.setattr(filestore, "files_key", lambda _data_dir: KEY)
    monkeypatch.setattr(evidence, "evidence_chunks", written_meanwhile)
    recording = tmp_path / "通话录音.wav"
    recording.write_bytes(b"RIFF the call")
    case = make_case()
    before = register(db)
    with pytest.raises(WorkstationError) as refused:
        add_evidence(db, data_dir, case.id, recording, kind="recording")
    assert refused.value.message == ("通话录音.wav was not stored: it changed while it was being stored: add it again "
                                     "once nothing is writing to it.")
    assert len(readings) == 2 and register(db) == before and [p.name for p in stored_files(data_dir)] == []


def test_a_cancelled_store_leaves_nothing(db, data_dir, make_case, tmp_path, monkeypatch):
    from workstation.store import evidence

    monkeypatch.setattr(evidence, "READ_CHUNK", 100)
    token, reports = CancelToken(), []

    def progress(done, total, message):
        reports.append(done)
        token.cancel()  # after the first step was copied

    case = make_case()
    recording = tmp_path / "录音.wav"
    recording.write_bytes(b"RIFF" + bytes(range(256)) * 4)
    before = register(db)
    with pytest.raises(Cancelled):
        add_evidence(db, data_dir, case.id, recording, kind="recording", progress=progress, cancel=token)
    assert reports == [1] and register(db) == before and list_evidence(db, case.id) == []  # in KiB (s47)
    assert [p.name for p in stored_files(data_dir)] == []


# 2. a failed store leaves no empty folder behind -------------------------------------------------------------------
def test_a_store_failing_on_a_full_disk_removes_the_folder_it_made_and_only_that(db, data_dir, monkeypatch,
                                                                                 english):
    def half_then_full(partial, payload, flush):
        with open(partial, "wb") as fh:  # its folder missing: FileNotFoundError, and the store makes it
            fh.write(payload[:10])
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(partial))

    kept = filestore.store_file(db, data_dir, b"kept before", "text/plain")
    monkeypatch.setattr(filestore, "_write_partial", half_then_full)
    new = b"a decision whose folder does not exist yet"
    while hashlib.sha256(new).hexdigest()[:2] == kept[:2]:
        new += b"."
    with pytest.raises(WorkstationError, match="cannot be written: the disk is full"):
        filestore.store_file(db, data_dir, new, "application/pdf")
    assert not filestore.file_path(data_dir, hashlib.sha256(new).hexdigest()).parent.exists()
    same_folder = next(b"x%d" % n for n in range(10_000) if hashlib.sha256(b"x%d" % n).hexdigest()[:2] == kept[:2])
    with pytest.raises(WorkstationError, match="the disk is full"):
        filestore.store_file(db, data_dir, same_folder, "application/pdf")
    assert stored_files(data_dir) == [filestore.file_path(data_dir, kept).parent, filestore.file_path(data_dir, kept)]


def test_an_evidence_file_not_moved_into_place_leaves_no_folder_and_no_partial_file(db, data_dir, make_case,
                                                                                    tmp_path, monkeypatch, english):
    case = make_case()
    photo = tmp_path / "现场照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 the office")
    real_replace = Path.replace

    def read_only(self, target):
        if Path(target).parent.parent == data_dir / "files":
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(target))
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", read_only)
    before = register(db)
    with pytest.raises(WorkstationError) as refused:
        add_evidence(db, data_dir, case.id, photo, kind="photo")
    assert refused.value.message.startswith("现场照片.jpg was not stored: The file store ")
    assert register(db) == before and [p.name for p in stored_files(data_dir)] == []


def test_a_file_whose_record_is_not_kept_is_not_left_in_the_store(db, data_dir, make_case, tmp_path, monkeypatch):
    from workstation.store import evidence

    def refused(*args, **kwargs):
        raise WorkstationError("the database refused the record")

    case = make_case()
    photo = tmp_path / "现场照片.jpg"
    photo.write_bytes(b"\xff\xd8\xff\xe0 the office")
    monkeypatch.setattr(evidence, "_save", refused)
    before = register(db)
    with pytest.raises(WorkstationError, match="refused the record"):
        add_evidence(db, data_dir, case.id, photo, kind="photo")
    assert register(db) == before and stored_files(data_dir) == []


# 3. the extraction time is required to issue the record ----------------------------------------------------------
@pytest.fixture
def investigating(db, make_case):
    case = make_case(status="investigating", lead_received_on="2026-02-20", filed_on="2026-03-02",
                     act_on="2026-02-10", facts=FACTS)
    party = get_party(db, case.party_ids[0])
    save_party(db, replace(party, address="佛山市南海区桂城街道南海大道1号"))
    return case


def test_the_record_without_its_extraction_time_is_refused_at_issue_only(db, investigating, english):
    files = "客户名单.xlsx（XLSX格式，12.5 KB）"  # the register holds no electronic data: typed (s51)
    message = refusal(db, investigating, "electronic_evidence_record", time_from="", time_to="", file_names=files)
    assert message.startswith("提取开始时间: 提取开始时间、提取结束时间 must be filled in before issuing")
    assert "提取开始时间" not in refusal(db, investigating, "electronic_evidence_record",
                                    time_from="2026年3月10日9时30分", time_to="", file_names=files)
    assert allowed(db, investigating, "electronic_evidence_record", time_from="2026年3月10日9时30分",
                   time_to="11时05分", file_names=files)["time_to"] == "11时05分"
    draft = draft_document(db, get_case(db, investigating.id), find_form("electronic_evidence_record"))
    assert "提取时间　　　　年　　月　　日" in draft.text.replace("\n", "")  # a draft is printed with blanks


# 4. a file's hash stays on one page --------------------------------------------------------------------------------
NAME = "当事人外呼平台导出的客户信息表（第{n}批，含姓名手机号码及楼盘意向）.xlsx"


def digest(n: int) -> str:
    return hashlib.sha256(str(n).encode()).hexdigest()


def hash_lines(count: int) -> str:
    """The 哈希值 of ``count`` files as the record lists them (``evidence.list``), each name long enough that its
    hash is broken over two lines."""
    return "\n".join(f"{n}. {NAME.format(n=n)}（客户名单，当事人办公电脑，2026年3月10日，陈志强、黄丽娟）SHA-256："
                     f"{digest(n)}" for n in range(1, count + 1))


@pytest.mark.parametrize("count", [6, 13, 21, 34])
def test_no_hash_is_split_across_a_page_break_of_the_pdf(db, make_case, count):
    document = draft_document(db, make_case(), find_form("electronic_evidence_record"),
                              {"place": "南海区桂城街道", "hashes": hash_lines(count)})
    pages = [page.extract_text().replace(" ", "").replace("\n", "")
             for page in PdfReader(io.BytesIO(render_document(document, "pdf").data)).pages]
    assert len(pages) >= 3  # the hashes run over a page break
    assert [n for n in range(1, count + 1) if not any(digest(n) in page for page in pages)] == []


def test_each_file_s_line_of_the_docx_keeps_its_lines_together(db, make_case):
    document = draft_document(db, make_case(), find_form("electronic_evidence_record"),
                              {"place": "南海区桂城街道", "hashes": hash_lines(13)})
    word = docx.Document(io.BytesIO(render_document(document, "docx").data))
    lines = [p for table in word.tables for row in table.rows for cell in row.cells for p in cell.paragraphs
             if "SHA-256：" in p.text]
    assert len({p.text for p in lines}) == 13
    assert all(p.paragraph_format.keep_together for p in lines)
    others = [p for table in word.tables for row in table.rows for cell in row.cells for p in cell.paragraphs
              if p.text.startswith("在当事人（在场人）见证下")]
    assert others and not any(p.paragraph_format.keep_together for p in others)  # the other cells break as before


def test_a_line_kept_whole_that_is_taller_than_a_page_is_split_all_the_same():
    from workstation.documents.blocks import Cell, Document, Paragraph, Row, Table
    from workstation.documents.pdf_writer import render_pdf

    words = "".join(f"第{n}条记录，" for n in range(1, 400))  # one line of the cell, some 40 lines printed
    row = Row((Cell.of("哈希值", "cell_label"), Cell((Paragraph.of(words, "cell", keep_lines=True),))), splits=True)
    rendered = render_pdf(Document("表", (Table((row,), (0.2, 0.8)),), page_numbers=False))
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(rendered.data)).pages).replace("\n", "")
    assert rendered.pages >= 2 and "第1条记录" in text and "第399条记录" in text


# 5. the item buttons greyed out, saying why ------------------------------------------------------------------------
ITEM_BUTTONS = ("edit_evidence", "count_records", "save_evidence", "void_evidence")


def offered(section) -> dict[str, tuple[bool, str]]:
    return {name: (section.findChild(QPushButton, name).isEnabled(), section.findChild(QPushButton, name).toolTip())
            for name in ITEM_BUTTONS}


@pytest.mark.gui
def test_the_item_buttons_follow_the_selection(english, db, data_dir, make_case, tmp_path, prompts, qtbot):
    from ui.case_evidence import CaseEvidence

    case = make_case()
    for name in ("客户名单.csv", "他案截图.png"):
        (tmp_path / name).write_bytes(name.encode() * 4)
        add_evidence(db, data_dir, case.id, tmp_path / name, kind="other", collected_on="2026-03-10")
    void_evidence(db, list_evidence(db, case.id)[1].id, "另一案件的截图")
    section = CaseEvidence(db, data_dir, get_case(db, case.id), prompts)
    qtbot.addWidget(section)
    chosen = "Select an evidence item first."
    assert offered(section) == {name: (False, chosen) for name in ITEM_BUTTONS}
    section.view.selectRow(0)
    assert offered(section) == {name: (True, "") for name in ITEM_BUTTONS}
    section.view.selectRow(1)
    voided = "Evidence item 2 (他案截图.png) was voided (另一案件的截图): it is no longer changed or counted."
    assert offered(section) == {"edit_evidence": (False, voided), "count_records": (False, voided),
                                "save_evidence": (True, ""),
                                "void_evidence": (True, "Restores evidence item 2 (他案截图.png), voided: "
                                                        "另一案件的截图")}
    section.view.clearSelection()
    assert offered(section) == {name: (False, chosen) for name in ITEM_BUTTONS}
    section.view.selectRow(0)
    section.refresh()  # the register read again: nothing is selected any more
    assert offered(section) == {name: (False, chosen) for name in ITEM_BUTTONS}
    assert prompts.infos == prompts.errors == []


# 6. a large stored file is read back in steps, never held in memory ------------------------------------------------
# read in steps of 1 MB, the peaks are the same whatever the file's size (2 to 6 MB after a module's other
# tests, up to 15 MB after other modules': what a first use loads while traced); a file held whole at once is
# over the ceiling at 20 MB as at the 40 MB it was, which each of these tests wrote, hashed, copied and sealed
# twice over
LARGE = 20 * 1024 * 1024
CEILING = 16 * 1024 * 1024  # a few steps of the file, below its size
assert LARGE > CEILING


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


@pytest.fixture(params=["plaintext", "encrypted"])
def large_item(request, db, data_dir, make_case, tmp_path, monkeypatch):
    """A recording of 20 MB (``LARGE``) registered as evidence of a new case, in a plaintext or an encrypted
    file store."""
    if request.param == "encrypted":
        from workstation.bundle import writer

        monkeypatch.setattr(filestore, "files_key", lambda _data_dir: KEY)
        monkeypatch.setattr(writer, "files_key", lambda _data_dir: KEY)
    recording = tmp_path / "通话录音.wav"
    block = os.urandom(1 << 20)
    with open(recording, "wb") as fh:
        for n in range(LARGE >> 20):
            fh.write(n.to_bytes(4, "big") + block[4:])
    case = make_case()
    item = add_evidence(db, data_dir, case.id, recording, kind="recording")
    assert item.sha256 == file_sha256(recording) and item.size == LARGE
    sealed = filestore.file_path(data_dir, item.sha256).read_bytes()[:4] == filestore.SEALED
    assert sealed == (request.param == "encrypted")
    return case, item


def peak_of(work) -> int:
    """The most memory Python held at once, above what it held before, while ``work()`` ran."""
    import tracemalloc

    tracemalloc.start()
    try:
        work()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


@pytest.mark.gui
def test_saving_a_copy_of_a_large_item_reads_it_in_steps(db, data_dir, large_item, tmp_path, prompts, qtbot):
    from ui.case_evidence import CaseEvidence

    case, item = large_item
    section = CaseEvidence(db, data_dir, get_case(db, case.id), prompts)
    qtbot.addWidget(section)
    section.view.selectRow(0)
    target = tmp_path / "copy" / "录音副本.wav"
    target.parent.mkdir()
    prompts.files.append(str(target))
    peak = peak_of(section.save_selected)
    assert prompts.errors == []
    assert file_sha256(target) == item.sha256 and [p.name for p in target.parent.iterdir()] == [target.name]
    assert peak < CEILING, f"saving a {LARGE >> 20} MB file held {peak / 2**20:.0f} MB at once"


def test_a_large_item_goes_into_a_bundle_in_steps(db, data_dir, large_item, tmp_path):
    import zipfile

    from workstation.bundle import export_bundle

    case, item = large_item
    out = tmp_path / "案件.bundle"
    peak = peak_of(lambda: export_bundle(db, data_dir, out, case_ids=[case.id], encrypt=False))
    with zipfile.ZipFile(out) as archive:
        info = archive.getinfo(f"files/{item.sha256}")
        digest = hashlib.sha256()
        with archive.open(info) as member:
            while chunk := member.read(1 << 20):
                digest.update(chunk)
    assert info.compress_type == zipfile.ZIP_STORED and info.file_size == LARGE
    assert digest.hexdigest() == item.sha256
    assert peak < CEILING, f"a bundle with a {LARGE >> 20} MB file held {peak / 2**20:.0f} MB at once"


def test_the_full_check_reads_a_large_file_back_in_steps(db, data_dir, large_item):
    from workstation.repair import full_check

    problems = []
    peak = peak_of(lambda: problems.extend(full_check(db, data_dir)))
    assert problems == []
    assert peak < CEILING, f"checking a {LARGE >> 20} MB file held {peak / 2**20:.0f} MB at once"


def test_the_full_check_still_finds_a_large_file_altered_near_its_end(db, data_dir, large_item, english):
    from workstation.repair import full_check

    _case, item = large_item
    with open(filestore.file_path(data_dir, item.sha256), "r+b") as fh:
        fh.seek(LARGE - 100)
        last = fh.read(1)
        fh.seek(LARGE - 100)
        fh.write(bytes([last[0] ^ 1]))
    assert full_check(db, data_dir) == [f"Stored file {item.sha256[:12]} was altered: add the original file again (its "
                                        "stored copy is replaced from it), or restore the data folder from a backup."]


@pytest.mark.gui
def test_a_large_item_found_altered_at_its_end_is_not_saved_even_in_part(db, data_dir, large_item, tmp_path,
                                                                         prompts, qtbot, english):
    from ui.case_evidence import CaseEvidence

    case, item = large_item
    with open(filestore.file_path(data_dir, item.sha256), "r+b") as fh:  # past the steps already written
        fh.seek(LARGE - 100)
        last = fh.read(1)
        fh.seek(LARGE - 100)
        fh.write(bytes([last[0] ^ 1]))
    section = CaseEvidence(db, data_dir, get_case(db, case.id), prompts)
    qtbot.addWidget(section)
    section.view.selectRow(0)
    target = tmp_path / "copy" / "录音副本.wav"
    target.parent.mkdir()
    prompts.files.append(str(target))
    section.save_selected()
    assert prompts.errors == [f"Stored file {item.sha256[:12]} was altered: add the original file again (its "
                              "stored copy is replaced from it), or restore the data folder from a backup."]
    assert list(target.parent.iterdir()) == []


def test_a_backup_copies_a_large_file_in_steps_and_unpacks_it_so(db, data_dir, large_item, tmp_path):
    """Backups needed no change: the stored file (sealed or not) is copied into the archive as it is, in steps."""
    from workstation.backup import create_backup, verify_backup
    from workstation.backup_format import read_header, read_payload

    _case, item = large_item
    made = {}
    peak = peak_of(lambda: made.update(create_backup(db, data_dir, tmp_path / "backups")))
    assert peak < CEILING, f"backing up a {LARGE >> 20} MB file held {peak / 2**20:.0f} MB at once"
    peak = peak_of(lambda: verify_backup(data_dir, made["path"]))
    assert peak < CEILING, f"checking a backup of a {LARGE >> 20} MB file held {peak / 2**20:.0f} MB at once"
    unpacked = tmp_path / "unpacked"
    (unpacked / "files" / item.sha256[:2]).mkdir(parents=True)
    (unpacked / "station").mkdir()
    path = Path(made["path"])
    peak = peak_of(lambda: read_payload(path, read_header(path), None, unpacked, lambda *a: None, None))
    assert peak < CEILING, f"unpacking a backup of a {LARGE >> 20} MB file held {peak / 2**20:.0f} MB at once"
    copied = filestore.file_path(unpacked, item.sha256)
    assert file_sha256(copied) == file_sha256(filestore.file_path(data_dir, item.sha256))


def test_encrypting_the_data_directory_seals_a_large_file_in_steps(db, data_dir, make_case, tmp_path):
    from workstation.security import access

    recording = tmp_path / "通话录音.wav"
    block = os.urandom(1 << 20)
    with open(recording, "wb") as fh:
        for n in range(LARGE >> 20):
            fh.write(n.to_bytes(4, "big") + block[4:])
    item = add_evidence(db, data_dir, make_case().id, recording, kind="recording")
    leftover = Path(data_dir) / "files" / "zz" / "not-a-sha256"
    leftover.parent.mkdir()
    leftover.write_bytes(b"a staging leftover")
    sealed = tmp_path / "encrypted" / "files"
    peak = peak_of(lambda: access._seal_files(Path(data_dir) / "files", sealed, KEY, None))
    # the leftover is not carried over, nor is the folder made for it
    assert sorted(p.relative_to(sealed).as_posix() for p in sealed.rglob("*")) == [
        item.sha256[:2], f"{item.sha256[:2]}/{item.sha256}"]
    kept = filestore.file_path(sealed.parent, item.sha256).read_bytes()
    assert kept.startswith(filestore.SEALED) and block[4:1004] not in kept
    assert hashlib.sha256(filestore.unseal(KEY, kept, item.sha256)).hexdigest() == item.sha256
    assert peak < CEILING, f"sealing a {LARGE >> 20} MB file held {peak / 2**20:.0f} MB at once"


# 7. a large file of a bundle is checked and imported in steps, never held in memory ---------------------------------
CASE1 = "佛南市监立〔2026〕1号"  # a case of the station's demo


@pytest.fixture(scope="module")
def large_bundles(station_and_hq_template, tmp_path_factory):
    """A station holding a recording of 20 MB (``LARGE``) as evidence of case CASE1, its bundles of that case
    (plain.bundle, and sealed.bundle encrypted to headquarters' key; every version stored its files as they are, not
    deflated: one deflated is refused, tests/test_s68_bundles.py) and headquarters trusting it: made once for the
    module."""
    import contextlib
    import gc

    from tests.helpers import copy_station_and_hq, open_db
    from workstation.bundle import export_bundle
    from workstation.cli import main
    from workstation.store.cases import find_case

    root = copy_station_and_hq(station_and_hq_template(), tmp_path_factory.mktemp("large-bundles"))
    recording = root / "通话录音.wav"
    block = os.urandom(1 << 20)
    with open(recording, "wb") as fh:
        for n in range(LARGE >> 20):
            fh.write(n.to_bytes(4, "big") + block[4:])
    with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(io.StringIO()) as err:
        for argv in (["--data-dir", root / "station", "station", "headquarters", root / "hq.card"],
                     ["--data-dir", root / "hq", "station", "trust", root / "station.card"]):
            assert main([str(a) for a in argv]) == 0, err.getvalue()
    db = open_db(root / "station")
    try:
        case = find_case(db, CASE1)
        # a closed case of the demo: its register is no longer changed by an officer (s47), a test's file all the same
        item = add_evidence(db, root / "station", case.id, recording, kind="recording", after_closing=True)
        for name, encrypt in (("plain.bundle", False), ("sealed.bundle", True)):
            made = export_bundle(db, root / "station", root / name, case_ids=[case.id], encrypt=encrypt)
            assert made["encrypted"] == encrypt
    finally:
        db.conn.close()
    gc.collect()
    return root, item


@pytest.fixture(params=["plaintext store", "encrypted store"])
def large_import(request, large_bundles, tmp_path, monkeypatch):
    """Headquarters (a copy) with its file store plaintext or sealed, the bundles beside it, and the evidence item
    of the large file: (headquarters' folder, the folder of the bundles, the item)."""
    from tests.helpers import open_db
    from workstation.security import session

    root, item = large_bundles
    hq = Path(shutil.copytree(root / "hq", tmp_path / "hq"))
    if request.param == "encrypted store":  # its files sealed (its station keys stay as they are)
        monkeypatch.setattr(session, "encrypted", lambda data_dir: Path(data_dir) == hq)
        monkeypatch.setattr(session, "subkey", lambda data_dir, purpose: KEY if purpose == "files" else None)
    db = open_db(hq)
    yield db, hq, root, item
    db.conn.close()


def stored_sha256(data_dir: Path, sha256: str) -> str:
    """The sha256 of a stored file as it reads back (opened when sealed), read in steps."""
    digest = hashlib.sha256()
    for chunk in filestore.stored_chunks(data_dir, sha256):
        digest.update(chunk)
    return digest.hexdigest()


@pytest.mark.parametrize("bundle", ["plain.bundle", "sealed.bundle"])
def test_a_large_file_of_a_bundle_is_checked_and_imported_in_steps(large_import, bundle):
    from workstation.bundle import import_bundle, verify_bundle

    db, hq, root, item = large_import
    checked = {}
    peak = peak_of(lambda: checked.update(verify_bundle(db, hq, root / bundle)))
    assert checked["valid"] and checked["cases"] == 1
    assert peak < CEILING, f"checking a bundle with a {LARGE >> 20} MB file held {peak / 2**20:.0f} MB at once"
    merged = {}
    peak = peak_of(lambda: merged.update(import_bundle(db, hq, root / bundle)))
    assert merged["new"] > 0 and merged["conflicts"] == 0
    assert peak < CEILING, f"importing a bundle with a {LARGE >> 20} MB file held {peak / 2**20:.0f} MB at once"
    stored = filestore.file_path(hq, item.sha256)
    assert (stored.read_bytes()[:4] == filestore.SEALED) == (filestore.files_key(hq) is not None)
    assert stored_sha256(hq, item.sha256) == item.sha256
    assert db.execute("SELECT size FROM files WHERE sha256 = ?", [item.sha256]).fetchone()[0] == LARGE
    # nothing but the stored files is left in the store: no partial file, no staging folder
    assert not [p for p in stored_files(hq) if p.name.startswith(".") or p.suffix == ".part"]


def altered_bundle(root: Path, bundle: str, item, target: Path) -> Path:
    """A copy of ``bundle`` with one byte of the large file flipped near its end (re-encrypted to headquarters' key
    when the bundle is encrypted, so that only the member is wrong)."""
    import zipfile

    from workstation.bundle.envelope import EncryptingWriter, decrypt
    from workstation.station import box_private_key

    raw = (root / bundle).read_bytes()
    key = box_private_key(root / "hq")
    if bundle == "sealed.bundle":
        plain = io.BytesIO()
        decrypt(io.BufferedReader(io.BytesIO(raw)), plain, key, bundle)
        raw = plain.getvalue()
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        info = archive.getinfo(f"files/{item.sha256}")
    assert info.compress_type == zipfile.ZIP_STORED
    start = info.header_offset + 30 + int.from_bytes(raw[info.header_offset + 26:info.header_offset + 28], "little") \
        + int.from_bytes(raw[info.header_offset + 28:info.header_offset + 30], "little")
    altered = bytearray(raw)
    altered[start + LARGE - 100] ^= 0x01
    if bundle == "sealed.bundle":
        from cryptography.hazmat.primitives import serialization

        sealed = io.BytesIO()
        writer = EncryptingWriter(sealed, key.public_key().public_bytes(serialization.Encoding.Raw,
                                                                         serialization.PublicFormat.Raw))
        writer.write(bytes(altered))
        writer.close()
        altered = sealed.getvalue()
    target.write_bytes(bytes(altered))
    return target


@pytest.mark.parametrize("bundle", ["plain.bundle", "sealed.bundle"])
def test_a_large_file_altered_in_a_bundle_is_refused_naming_it_and_nothing_is_stored(large_import, bundle, tmp_path,
                                                                                     english):
    from workstation.bundle import BundleRefused, import_bundle, verify_bundle

    db, hq, root, item = large_import
    bad = altered_bundle(root, bundle, item, tmp_path / "bad.bundle")
    before = (stored_files(hq), db.execute("SELECT COUNT(*) FROM files").fetchone()[0])
    said = (f"bad.bundle: the evidence file “通话录音.wav” of case {CASE1} (files/{item.sha256}) does not match the "
            "sha256 in the signed manifest (it was altered); the bundle is refused: ask the station to export it "
            "again.")
    with pytest.raises(BundleRefused) as refused:
        verify_bundle(db, hq, bad)
    assert refused.value.message == said
    with pytest.raises(BundleRefused) as refused:
        import_bundle(db, hq, bad)
    assert refused.value.message == said
    assert (stored_files(hq), db.execute("SELECT COUNT(*) FROM files").fetchone()[0]) == before
    assert not filestore.file_path(hq, item.sha256).exists()


@pytest.mark.parametrize("large_import", ["encrypted store"], indirect=True)
def test_a_large_file_changed_between_the_check_and_the_merge_is_refused_leaving_nothing(large_import, tmp_path,
                                                                                         english):
    """An encrypted data directory seals the files of the bundle as they are merged, reading them from the bundle
    again: one changed meanwhile (on the USB stick, while the preview was shown) is refused, and nothing of it is
    kept, not even a partial file."""
    from workstation.bundle import BundleRefused, open_bundle, plan_merge
    from workstation.bundle.merge import apply_merge
    from workstation.station import box_private_key

    db, hq, root, item = large_import
    path = tmp_path / "one.bundle"
    shutil.copy(root / "plain.bundle", path)
    before = (stored_files(hq), db.execute("SELECT COUNT(*) FROM files").fetchone()[0])
    with open_bundle(path, box_private_key(hq)) as bundle:
        plan = plan_merge(db, bundle)
        altered = altered_bundle(root, "plain.bundle", item, tmp_path / "bad.bundle").read_bytes()
        with open(path, "r+b") as fh:  # the same file, as the opened bundle reads it
            fh.write(altered)
        with pytest.raises(BundleRefused) as refused:
            apply_merge(db, hq, bundle, plan)
    assert refused.value.message == (f"one.bundle: the stored document or evidence file {item.sha256[:12]}… of the "
                                     "bundle is damaged; the bundle is refused: copy it again from the station.")
    assert (stored_files(hq), db.execute("SELECT COUNT(*) FROM files").fetchone()[0]) == before
