"""Evidence (s47 audit): a file that cannot be counted (a recording, a photo) is refused by its type before it is
read, and the window does not offer to count it; reading a file for the store reports its progress in KiB (a
progress dialog counts in 32-bit numbers); ``evidence add`` and ``evidence count`` report progress on stderr; the
证据提取单 copies a recording (复制), never prints it; a closed case's register is no longer changed; the 电子数据
证据提取笔录 lists the electronic data only, with their own counts."""

from __future__ import annotations

from dataclasses import replace

import pytest

from PySide6.QtWidgets import QPushButton

from tests.test_evidence import customer_rows, run, write_csv
from workstation.case_reference import case_named
from workstation.documents.drafts import draft_document, find_form
from workstation.errors import WorkstationError
from workstation.evidence_count import apply_count, count_evidence
from workstation.filestore import file_path
from workstation.formkit.values import case_context, default_values
from workstation.store import get_case
from workstation.store.cases import update_case
from workstation.store.evidence import (
    add_evidence,
    evidence_chunks,
    extraction_row,
    get_evidence,
    list_evidence,
    update_evidence,
    void_evidence,
)


def add(db, data_dir, case, path, **fields):
    fields = {"kind": "customer_list", "source": "当事人办公电脑", "collected_on": "2026-03-10",
              "collector": "陈志强", **fields}
    return add_evidence(db, data_dir, case.id, path, **fields)


@pytest.fixture
def video(tmp_path):
    path = tmp_path / "执法记录仪视频.mp4"
    path.write_bytes(b"\x00\x00\x00\x18ftypmp42" + b"\x00" * 4096)
    return path


# 2. a file that cannot be counted is refused before it is read -----------------------------------------------------

def test_a_recording_is_refused_by_its_type_before_its_file_is_read(db, data_dir, make_case, video, english):
    case = make_case()
    item = add(db, data_dir, case, video, kind="recording")
    file_path(data_dir, item.sha256).unlink()  # reading it would fail otherwise: the refusal comes first
    with pytest.raises(WorkstationError) as refused:
        count_evidence(data_dir, item)
    assert refused.value.message == "执法记录仪视频.mp4: only .xlsx, .xlsm, .xls, .csv and .txt files can be counted."
    with pytest.raises(WorkstationError, match="only .xlsx"):
        apply_count(db, data_dir, case.id, item.id, "other")
    assert get_evidence(db, item.id).record_count is None


@pytest.mark.gui
def test_the_window_does_not_offer_to_count_a_file_that_cannot_be_counted(db, data_dir, make_case, video, tmp_path,
                                                                           prompts, qtbot, english):
    from ui.case_evidence import CaseEvidence

    case = make_case()
    add(db, data_dir, case, video, kind="recording")
    add(db, data_dir, case, write_csv(tmp_path / "客户信息表.csv", customer_rows(), "utf-8"))
    section = CaseEvidence(db, data_dir, get_case(db, case.id), prompts)
    qtbot.addWidget(section)
    button = section.findChild(QPushButton, "count_records")
    section.view.selectRow(0)
    assert not button.isEnabled()
    assert button.toolTip() == "执法记录仪视频.mp4: only .xlsx, .xlsm, .xls, .csv and .txt files can be counted."
    section.view.selectRow(1)
    assert button.isEnabled() and button.toolTip() == ""


# 3. progress in KiB --------------------------------------------------------------------------------------------------

def test_reading_a_file_reports_its_progress_in_kib(tmp_path):
    path = tmp_path / "录音.mp3"
    size = 9 * 1024 * 1024 + 100  # two steps of READ_CHUNK, the last KiB partly filled
    path.write_bytes(b"\x01" * size)
    seen = []
    data = b"".join(evidence_chunks(path, "Storing {file}", progress=lambda done, total, _m: seen.append((done, total))))
    assert len(data) == size
    kib = -(-size // 1024)
    assert seen == [(8 * 1024, kib), (kib, kib)]


# 4. progress on stderr -----------------------------------------------------------------------------------------------

@pytest.fixture
def slow_clock(monkeypatch):
    """Every look at the progress clock two seconds later: each progress step is written, as in a long work."""
    import itertools

    import workstation.cli as cli

    ticks = itertools.count(0, 2)
    monkeypatch.setattr(cli, "_progress_clock", lambda: next(ticks))


def test_evidence_add_and_count_report_progress_on_stderr(db, data_dir, make_case, tmp_path, capsys, slow_clock,
                                                          english):
    case = make_case()
    sheet = write_csv(tmp_path / "客户信息表.csv", customer_rows(), "utf-8")
    code, _out, err = run(capsys, "--data-dir", data_dir, "evidence", "add", case.id, sheet, "--kind",
                          "customer_list", "--date", "2026-03-10")
    assert code == 0, err
    assert "Storing 客户信息表.csv: 100%" in err
    code, _out, err = run(capsys, "--data-dir", data_dir, "evidence", "count", case.id, "1", "--category", "other")
    assert code == 0, err
    assert "Counting the distinct numbers of 17 rows" in err


# 5. 提取方式 of a recording ------------------------------------------------------------------------------------------

def test_the_extraction_list_copies_a_recording(db, data_dir, make_case, video, tmp_path):
    case = make_case()
    recording = add(db, data_dir, case, video, kind="recording", source="执法记录仪")
    (tmp_path / "通话录音.mp3").write_bytes(b"ID3 a call")
    call = add(db, data_dir, case, tmp_path / "通话录音.mp3", kind="electronic_data", source="当事人手机")
    assert extraction_row(1, recording).split(" | ")[4] == "复制"
    assert extraction_row(2, call).split(" | ")[4] == "复制"  # a sound file kept as electronic data: copied too


# 6. a closed case's register -----------------------------------------------------------------------------------------

def closed(db, case):
    """The case closed as its procedure closes it (the status is the procedure's alone)."""
    db.execute("UPDATE cases SET status = 'closed' WHERE id = ?", [case.id])
    return get_case(db, case.id)


CLOSED = ("Case {case} is “Closed”: its evidence register stays as the case was closed with it, and its record "
          "counts with it. Nothing was changed.")


def test_a_closed_case_s_register_is_no_longer_changed(db, data_dir, make_case, video, tmp_path, english):
    case = make_case()
    item = add(db, data_dir, case, video, kind="recording")
    closed(db, case)
    refusal = CLOSED.format(case=case_named(case.case_number, case.party_names, case.cause))
    other = write_csv(tmp_path / "客户信息表.csv", customer_rows(), "utf-8")
    with pytest.raises(WorkstationError) as refused:
        add(db, data_dir, case, other)
    assert refused.value.message == refusal
    with pytest.raises(WorkstationError) as refused:
        void_evidence(db, item.id, "登记错误")
    assert refused.value.message == refusal
    with pytest.raises(WorkstationError) as refused:
        update_evidence(db, item.id, source="另一来源")
    assert refused.value.message == refusal
    assert list_evidence(db, case.id) == [item]


@pytest.mark.gui
def test_the_window_greys_out_changes_of_a_closed_case_s_register(db, data_dir, make_case, video, prompts, qtbot,
                                                                  english):
    from ui.case_evidence import CaseEvidence

    case = make_case()
    add(db, data_dir, case, video, kind="recording")
    case = closed(db, case)
    section = CaseEvidence(db, data_dir, get_case(db, case.id), prompts)
    qtbot.addWidget(section)
    section.view.selectRow(0)
    refusal = CLOSED.format(case=case_named(case.case_number, case.party_names, case.cause))
    for name in ("add_evidence", "edit_evidence", "void_evidence"):
        button = section.findChild(QPushButton, name)
        assert not button.isEnabled() and button.toolTip() == refusal, name
    assert section.findChild(QPushButton, "save_evidence").isEnabled()  # a copy is still saved


# 7. the 电子数据证据提取笔录 ------------------------------------------------------------------------------------------

def test_the_electronic_evidence_record_lists_the_electronic_data_only_with_their_counts(db, data_dir, make_case,
                                                                                         tmp_path):
    case = make_case()
    (tmp_path / "营业执照.pdf").write_bytes(b"%PDF a licence")
    (tmp_path / "陈述.docx").write_bytes(b"PK a statement")
    add(db, data_dir, case, tmp_path / "营业执照.pdf", kind="documentary")
    add(db, data_dir, case, tmp_path / "陈述.docx", kind="party_statement")
    sheet = add(db, data_dir, case, write_csv(tmp_path / "客户信息表.csv", customer_rows(), "utf-8"))
    (tmp_path / "聊天记录.txt").write_bytes("与客户的聊天".encode())
    chat = add(db, data_dir, case, tmp_path / "聊天记录.txt", kind="chat_export")
    apply_count(db, data_dir, case.id, sheet.id, "other")
    update_case(db, replace(get_case(db, case.id), records_trace=70))  # typed: not its own
    form = find_form("electronic_evidence_record")
    values = default_values(form, case_context(db, get_case(db, case.id)))
    document = draft_document(db, case, form, {"place": "南海区桂城街道"})
    assert [line.split("（")[0] for line in values["file_names"].splitlines()] == ["3. 客户信息表.csv", "4. 聊天记录.txt"]
    assert [line.split("（")[0] for line in values["hashes"].splitlines()] == ["3. 客户信息表.csv", "4. 聊天记录.txt"]
    assert chat.sha256 in values["hashes"] and "营业执照" not in document.text and "陈述.docx" not in document.text
    assert values["records"] == 10  # the list's 10 records, not the case's 80
    assert find_form("electronic_evidence_record").version == 7  # v7: the items of its day only (s53)
