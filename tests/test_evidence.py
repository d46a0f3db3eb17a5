"""The evidence register of a case (issue 5, part 7): files kept by content, refusals that store nothing, the
distinct records of a spreadsheet counted exactly and carried into the case, evidence of another case refused,
and the 电子数据证据提取笔录 listing the files with their hashes."""

import csv
import hashlib
import io
import json

import openpyxl
import pytest

from workstation.cli import main
from workstation.documents.drafts import draft_document, find_form, render_document
from workstation.errors import ValidationError, WorkstationError
from workstation.evidence_count import apply_count, count_records
from workstation.filestore import file_path
from workstation.store import get_case
from workstation.store.cases import case_events
from workstation.store.evidence import (
    add_evidence,
    evidence_of_case,
    get_evidence,
    list_evidence,
    update_evidence,
)

HEADER = ["序号", "客户姓名", "联系电话", "备注"]
# 10 distinct mobile numbers written as leaked lists write them, 3 repeats of them (in other forms), 3 malformed
# numbers and one blank: 17 rows
PHONES = ["13800138000", "+86 139 0013 9000", "86-137-0013-7000", "１３６００１３６０００", "135 0013 5000",
          "15012345678", "18698765432", "(+86)188-0000-1111", "17712340000", "19955556666",
          "+8613800138000", "139-0013-9000", "8615012345678",
          "1380013800", "12345678901", "无",
          ""]
TABLE_COUNTS = ("files", "evidence", "audit", "case_events")


REPEATED = {11: 1, 12: 2, 13: 6}  # the rows of PHONES repeating an earlier customer's number: its row


def customer_rows():
    rows = [["2026年客户信息表"], HEADER]
    for n, phone in enumerate(PHONES, 1):
        # the 3 repeats are the same customers (session 65: one number under different names is different people)
        rows.append([str(n), f"客户{REPEATED.get(n, n)}", phone, "回访 13911112222" if n == 2 else ""])
    return rows


def write_csv(path, rows, encoding):
    text = io.StringIO()
    csv.writer(text).writerows(rows)
    path.write_bytes(text.getvalue().encode(encoding))
    return path


def write_xlsx(path, rows):
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append([int(c) if c.isdigit() and len(c) == 11 else c for c in row])  # numbers as numbers
    workbook.save(path)
    return path


def id_number(body17: str) -> str:
    weights = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
    return body17 + "10X98765432"[sum(int(d) * w for d, w in zip(body17, weights, strict=True)) % 11]


@pytest.fixture
def case(make_case):
    return make_case()


@pytest.fixture
def photo(tmp_path):
    path = tmp_path / "现场照片.jpg"
    path.write_bytes(b"\xff\xd8\xff\xe0 a photo of the office")
    return path


def add(db, data_dir, case, path, **fields):
    fields = {"kind": "customer_list", "source": "当事人办公电脑", "collected_on": "2026-03-10",
              "collector": "陈志强", "description": "客户名单", **fields}
    return add_evidence(db, data_dir, case.id, path, **fields)


def test_a_file_is_kept_by_content_listed_audited_and_on_the_timeline(db, data_dir, case, photo):
    item = add(db, data_dir, case, photo, kind="photo", description="经营场所")
    digest = hashlib.sha256(photo.read_bytes()).hexdigest()
    assert (item.sha256, item.size, item.file_name, item.media_type) == (digest, photo.stat().st_size,
                                                                         "现场照片.jpg", "image/jpeg")
    assert file_path(data_dir, digest).read_bytes() == photo.read_bytes()
    assert list_evidence(db, case.id) == [item] == [get_evidence(db, item.id)]
    assert db.execute("SELECT COUNT(*) FROM audit WHERE entity = 'evidence' AND entity_id = ?",
                      [item.id]).fetchone()[0] == 1
    event = case_events(db, case.id)[-1]
    assert event.kind == "evidence" and "现场照片.jpg（照片，当事人办公电脑，2026-03-10，陈志强）" in event.note


def test_the_same_file_twice_on_one_case_is_refused_naming_the_item(db, data_dir, case, make_case, photo, tmp_path,
                                                                     english, table_counts):
    add(db, data_dir, case, photo)
    copy = tmp_path / "copy.jpg"
    copy.write_bytes(photo.read_bytes())
    before = table_counts(db, TABLE_COUNTS)
    with pytest.raises(WorkstationError, match=r"copy\.jpg is already evidence item 1 of this case \(现场照片\.jpg\)"):
        add(db, data_dir, case, copy)
    assert table_counts(db, TABLE_COUNTS) == before
    other = add(db, data_dir, make_case(), copy)  # another case may hold the same file: it is stored once
    assert db.execute("SELECT COUNT(*) FROM files WHERE sha256 = ?", [other.sha256]).fetchone()[0] == 1


@pytest.mark.parametrize("what", ["empty", "folder", "missing"])
def test_an_empty_file_a_folder_or_a_missing_file_is_refused_and_nothing_is_stored(db, data_dir, case, tmp_path, what,
                                                                                    english, table_counts):
    path = tmp_path / "名单.xlsx"
    if what == "empty":
        path.write_bytes(b"")
    elif what == "folder":
        path.mkdir()
    before = table_counts(db, TABLE_COUNTS)
    with pytest.raises(WorkstationError) as refused:
        add(db, data_dir, case, path)
    message = str(refused.value)
    assert "名单.xlsx" in message and "\n" not in message
    assert {"empty": "empty (0 bytes)", "folder": "is a folder", "missing": "no such file"}[what] in message
    assert table_counts(db, TABLE_COUNTS) == before
    assert not (data_dir / "files").exists() or not any((data_dir / "files").rglob("*"))


def test_a_bad_kind_or_a_future_date_is_refused_at_its_field(db, data_dir, case, photo, english):
    with pytest.raises(ValidationError) as refused:
        add(db, data_dir, case, photo, kind="rumour", collected_on="2999-01-01")
    assert set(refused.value.errors) == {"kind", "collected_on"}
    assert list_evidence(db, case.id) == []


def test_updating_changes_the_description_never_the_content(db, data_dir, case, photo, english):
    item = add(db, data_dir, case, photo)
    changed = update_evidence(db, item.id, description="  经营场所外观 ", collector="黄丽娟")
    assert (changed.description, changed.collector, changed.sha256, changed.size) == (
        "经营场所外观", "黄丽娟", item.sha256, item.size)
    assert get_evidence(db, item.id) == changed
    assert case_events(db, case.id)[-1].note.startswith("Evidence item 1 changed: 现场照片.jpg")


@pytest.mark.parametrize("kind", ["gb18030", "utf-8-sig", "xlsx"])
def test_a_customer_list_is_counted_exactly_by_phone(tmp_path, kind):
    rows = customer_rows()
    path = (write_xlsx(tmp_path / "客户信息表.xlsx", rows) if kind == "xlsx"
            else write_csv(tmp_path / "客户信息表.csv", rows, kind))
    count = count_records(path)
    assert (count.by, count.column, count.rows, count.distinct, count.duplicates, count.invalid, count.blank) == (
        "phone", "联系电话", 17, 10, 3, 3, 1)
    assert count.steps == ("共 17 行（表头在第 2 行）", "手机号码列“联系电话”有效号码 13 个（空白 1 行，格式不符 3 个）",
                           "格式不符的 3 个未计入，在第 16、17、18 行，请对照原文件核实", "重复 3 个，去重后 10 条")


def test_an_id_number_column_is_detected_and_bad_check_digits_are_not_counted(tmp_path):
    ids = [id_number(f"44060519900101{n:03d}") for n in range(1, 7)]
    bad = ids[0][:17] + ("0" if ids[0][17] != "0" else "1")
    rows = [["姓名", "身份证号码", "电话"]]
    rows += [[f"业主{n}", number, "13800138000" if n < 2 else ""] for n, number in enumerate(ids + [ids[1], bad])]
    count = count_records(write_csv(tmp_path / "业主名单.csv", rows, "utf-8"))
    assert (count.by, count.column, count.rows, count.distinct, count.duplicates, count.invalid) == (
        "id_number", "身份证号码", 8, 6, 1, 1)
    assert count.steps[1].startswith("身份证号码列“身份证号码”有效号码 7 个")


def test_a_file_without_phone_or_id_numbers_is_refused_naming_it(tmp_path, english):
    path = write_csv(tmp_path / "聊天记录.csv", [["时间", "内容"], ["09:00", "你好"]], "utf-8")
    with pytest.raises(WorkstationError, match="聊天记录.csv: no column of mobile phone numbers or ID numbers"):
        count_records(path)


def test_applying_counts_sets_the_case_count_to_the_sum_over_its_evidence(db, data_dir, case, tmp_path):
    first = add(db, data_dir, case, write_csv(tmp_path / "客户信息表.csv", customer_rows(), "gb18030"))
    second = add(db, data_dir, case, write_csv(tmp_path / "短信名单.csv", [["手机"], ["13700001111"],
                                                                         ["13700002222"]], "utf-8"))
    applied = apply_count(db, data_dir, case.id, first.id, "other")
    assert (applied.count.distinct, applied.case.records_other) == (10, 10)
    applied = apply_count(db, data_dir, case.id, second.id, "other")
    assert get_case(db, case.id).records_other == 12
    note = get_evidence(db, second.id).count_note
    assert note.startswith("共 2 行（表头在第 1 行）；手机号码列“手机”有效号码 2 个；重复 0 个，去重后 2 条；")
    assert "本案“其他个人信息”类信息条数按各证据统计数之和计：客户信息表.csv 10 + 短信名单.csv 2 = 12 条" in note
    events = case_events(db, case.id)
    assert events[-1].kind == "evidence" and "12 条" in events[-1].note
    assert any(e.kind == "edited" and "records_other" in e.note for e in events)

    # D counts records (session 65): its 13 rows with a valid number, less the 2 repeating an earlier row's
    # customer and other cells (the serial 序号 left out, the number read whatever its form): 11
    moved = apply_count(db, data_dir, case.id, first.id, "sensitive")
    assert (moved.case.records_other, moved.case.records_sensitive) == (2, 11)
    assert (get_evidence(db, first.id).record_count, get_evidence(db, first.id).record_category) == (11, "sensitive")


def test_a_bad_category_is_refused_and_nothing_changes(db, data_dir, case, tmp_path):
    item = add(db, data_dir, case, write_csv(tmp_path / "a.csv", [["手机"], ["13700001111"]], "utf-8"))
    with pytest.raises(ValidationError) as refused:
        apply_count(db, data_dir, case.id, item.id, "gossip")
    assert set(refused.value.errors) == {"category"}
    assert get_evidence(db, item.id).record_count is None and get_case(db, case.id).records_other == 0


def test_evidence_of_another_case_is_refused_naming_it(db, data_dir, case, make_case, photo, english):
    other = make_case()
    item = add(db, data_dir, other, photo)
    with pytest.raises(ValidationError) as refused:
        evidence_of_case(db, case.id, [item.id])
    message = refused.value.errors["evidence"]
    assert "现场照片.jpg" in message and other.case_number in message and case.case_number in message
    with pytest.raises(ValidationError, match="does not exist"):
        evidence_of_case(db, case.id, ["no-such-id"])
    with pytest.raises(ValidationError):
        apply_count(db, data_dir, case.id, item.id, "other")
    assert evidence_of_case(db, other.id, [item.id]) == [item]


def test_the_electronic_evidence_record_lists_the_files_with_their_hashes(db, data_dir, case, photo, tmp_path):
    first = add(db, data_dir, case, write_csv(tmp_path / "客户信息表.csv", customer_rows(), "gb18030"))
    second = add(db, data_dir, case, photo, kind="photo", source="", collector="黄丽娟")
    document = draft_document(db, case, find_form("electronic_evidence_record"), {"place": "南海区桂城街道"})
    assert f"1. 客户信息表.csv（客户名单，当事人办公电脑，2026年3月10日，陈志强）SHA-256：{first.sha256}" in document.text
    assert second.sha256 not in document.text  # a photo is not electronic data extracted (version 5)
    assert render_document(document, "pdf").pages >= 1


def test_the_electronic_evidence_record_names_the_registered_files_not_a_made_up_one(db, data_dir, case, photo,
                                                                                     tmp_path):
    more = [[str(n), f"客户{n}", f"1390000{n:04d}", ""] for n in range(100)]
    sheet = write_csv(tmp_path / "泄露名单.csv", customer_rows() + more, "utf-8")
    add(db, data_dir, case, sheet)
    add(db, data_dir, case, photo, kind="photo")
    document = draft_document(db, case, find_form("electronic_evidence_record"), {"place": "南海区桂城街道"})
    size = sheet.stat().st_size
    assert size > 1024  # written as KB
    assert f"1. 泄露名单.csv（CSV格式，{size / 1024:.1f} KB）" in document.text
    assert "现场照片.jpg" not in document.text  # a photo is not electronic data extracted (version 5)
    assert "客户信息表.xlsx" not in document.text


def test_without_evidence_the_hash_field_stays_empty(db, case):
    document = draft_document(db, case, find_form("electronic_evidence_record"), {"place": "南海区桂城街道"})
    assert "SHA-256：" not in document.text


def run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_the_command_line_adds_lists_and_counts_evidence(tmp_path, capsys):
    station = tmp_path / "station"
    assert run(capsys, "--data-dir", station, "demo", "--without-complaints")[0] == 0
    code, out, _err = run(capsys, "--data-dir", station, "cases", "list", "--status", "investigating", "--json")
    number = json.loads(out)[0]["case_number"]
    sheet = write_csv(tmp_path / "客户信息表.csv", customer_rows(), "utf-8-sig")
    code, out, err = run(capsys, "--data-dir", station, "evidence", "add", number, sheet, "--kind", "customer_list",
                         "--collector", "陈志强", "--date", "2026-11-10", "--json")
    assert code == 0, err
    added = json.loads(out)
    assert (added["sha256"], added["size"]) == (hashlib.sha256(sheet.read_bytes()).hexdigest(), sheet.stat().st_size)
    code, out, err = run(capsys, "--data-dir", station, "evidence", "list", number, "--json")
    assert [(e["id"], e["file_name"]) for e in json.loads(out)] == [(added["id"], "客户信息表.csv")]
    code, out, err = run(capsys, "--data-dir", station, "evidence", "count", number, added["id"],
                         "--category", "sensitive", "--json")
    assert code == 0, err
    result = json.loads(out)
    # D counts records (session 65): 11 (two rows repeat a row but for the serial and the number's form), 10 people
    assert (result["rows"], result["distinct"], result["by"], result["people"]) == (17, 11, "phone", 10)
    assert result["case_records"]["sensitive"] == 11 and len(result["steps"]) == 4

    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    code, out, err = run(capsys, "--data-dir", station, "evidence", "add", number, empty)
    assert code == 1 and out == "" and err.count("\n") == 1 and "empty.csv" in err
    code, out, err = run(capsys, "--data-dir", station, "evidence", "add", number, sheet)
    assert code == 1 and err.count("\n") == 1
