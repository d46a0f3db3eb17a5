import csv
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import openpyxl
import pytest

from workstation.cli import main
from workstation.errors import Cancelled, WorkstationError
from workstation.i18n import _
from workstation.importing.complaint_files import two_row_header
from workstation.importing.complaints import (
    complainant_digits,
    detect_profile,
    import_complaints,
    load_profile,
    parse_received,
    read_header,
    save_profile,
)
from workstation.progress import CancelToken
from workstation.store.complaints import MARK_END, MARK_START, count_complaints, search_complaints

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT / "bench"))
import make_complaints  # noqa: E402

N = 300
COUNCIL_HEADER = make_complaints.COUNCIL_HEADER


@pytest.fixture(scope="module")
def exports(tmp_path_factory):
    """The generator's two exports of N rows each (and a hotline export with a two-row header), with answers."""
    folder = tmp_path_factory.mktemp("exports")
    hotline = make_complaints.write_hotline_xlsx(folder / "hotline.xlsx", N)
    merged = make_complaints.write_hotline_xlsx(folder / "hotline-merged.xlsx", N, merged_header=True)
    council = make_complaints.write_council_csv(folder / "council.csv", N)
    return {"folder": folder, "hotline": hotline, "merged": merged, "council": council}


def stored(db, source):
    rows = db.execute("SELECT external_id, received_at, text, complainant_phone, target_name, source_row, raw, "
                      "channel, source_file, id, same_as FROM complaints WHERE source = ? ORDER BY rowid",
                      [source]).fetchall()
    return {r[0]: r for r in rows}


def write_csv(path, rows, encoding="utf-8"):
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def complaint_count(db):
    return db.execute("SELECT COUNT(*) FROM complaints").fetchone()[0]


# --- the generator's exports, with known answers ----------------------------------------------------------


@pytest.mark.parametrize("shape", ["hotline", "merged"])
def test_a_hotline_export_imports_as_the_answers_say(db, exports, shape):
    answers = exports[shape]
    path = exports["folder"] / ("hotline.xlsx" if shape == "hotline" else "hotline-merged.xlsx")
    result = import_complaints(db, [path])
    assert result.as_dict()["errors"] == []
    (outcome,) = result.files
    assert outcome.profile == "12345" and not outcome.refused
    assert (result.rows, result.imported, result.duplicates) == (N, len(answers.complaints), answers.duplicates)
    assert answers.duplicates > 0
    rows = stored(db, "12345")
    assert set(rows) == set(answers.complaints)
    for external_id, expected in answers.complaints.items():
        got = rows[external_id]
        assert got[1] == expected["received_at"], external_id
        assert got[2] == expected["text"]
        assert got[3] == expected["complainant_phone"], external_id
        assert got[5] == expected["row"]
        assert (got[7], got[8]) == ("12345", path.name)
    first = next(iter(answers.complaints))
    raw = json.loads(rows[first][6])
    group = {"诉求人信息 / ": ("诉求人", "来电号码", "诉求地址"), "诉求信息 / ": ("内容描述", "被反映对象")}
    prefix = {h: g for g, names in group.items() for h in names} if shape == "merged" else {}
    assert raw["工单编号"] == first and f"{prefix.get('来电号码', '')}来电号码" in raw
    assert raw[f"{prefix.get('内容描述', '')}内容描述"] == answers.complaints[first]["text"]
    assert list(raw)[:2] == ["工单编号", "受理时间"] and len(raw) == len(make_complaints.HOTLINE_HEADER)


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-8", "gb18030"])
def test_a_council_export_imports_in_every_encoding(db, tmp_path, encoding):
    path = tmp_path / "消委会投诉.csv"
    answers = make_complaints.write_council_csv(path, 120, seed=7, encoding=encoding)
    result = import_complaints(db, [path])
    assert result.files[0].profile == "consumer_council" and result.errors == []
    assert (result.rows, result.imported, result.duplicates) == (120, len(answers.complaints), answers.duplicates)
    rows = stored(db, "consumer_council")
    for external_id, expected in answers.complaints.items():
        assert rows[external_id][2] == expected["text"]
        assert rows[external_id][1] == expected["received_at"]
        assert rows[external_id][3] == expected["complainant_phone"]
        assert rows[external_id][5] == expected["row"]  # title row and blank row above the header
    assert json.loads(rows[next(iter(answers.complaints))][6])["投诉编号"] == next(iter(answers.complaints))


def links(db):
    return {(a, b) for a, b in db.execute(
        "SELECT c.external_id, e.external_id FROM complaints AS c JOIN complaints AS e ON e.id = c.same_as")}


def expected_links(exports):
    hotline, council = exports["hotline"].complaints, exports["council"].complaints
    pairs = set()
    for external_id, answer in council.items():
        partner = answer["same_as"]
        if partner in hotline:
            later, earlier = (external_id, partner) if answer["received_at"] > hotline[partner]["received_at"] \
                else (partner, external_id)
            pairs.add((later, earlier))
    return pairs


@pytest.mark.parametrize("order", ["hotline first", "council first"])
def test_the_same_complaint_through_two_channels_is_linked_to_the_earlier_one(db, exports, order):
    files = [exports["folder"] / "hotline.xlsx", exports["folder"] / "council.csv"]
    if order == "council first":
        files.reverse()
    result = import_complaints(db, files)
    expected = expected_links(exports)
    assert len(expected) >= 8
    assert links(db) == expected
    assert sum(f.same_as for f in result.files) == len(expected)
    # same complainant but another complaint, or the same text five days later: not linked
    council = exports["council"].complaints
    assert not {c for c, _e in links(db)} & {k for k, v in council.items() if not v["same_as"]}
    assert result.imported == len(exports["hotline"].complaints) + len(council)


def test_links_are_found_whichever_file_is_larger(db, exports, tmp_path):
    small = make_complaints.write_hotline_xlsx(tmp_path / "hotline-small.xlsx", 120)
    import_complaints(db, [tmp_path / "hotline-small.xlsx", exports["folder"] / "council.csv"])
    expected = expected_links({"hotline": small, "council": exports["council"]})
    assert links(db) == expected and len(expected) >= 4


def test_importing_a_file_again_only_finds_duplicates(db, exports):
    path = exports["folder"] / "council.csv"
    first = import_complaints(db, [path])
    again = import_complaints(db, [path])
    assert first.imported == len(exports["council"].complaints)
    assert (again.rows, again.imported, again.duplicates) == (N, 0, N)
    assert complaint_count(db) == first.imported


def test_expected_leads_group_numbers_and_businesses_transitively(exports):
    leads = make_complaints.expected_leads(exports["hotline"], exports["council"])
    assert leads and all(lead["phones"] or lead["businesses"] for lead in leads)
    related = {k for a in (exports["hotline"], exports["council"]) for k, v in a.complaints.items()
               if v["related"] and (v["phones"] or v["business"])}
    grouped = [i for lead in leads for i in lead["complaint_ids"]]
    assert sorted(grouped) == sorted(related)
    own = {v["complainant_phone"] for a in (exports["hotline"], exports["council"]) for v in a.complaints.values()}
    assert not own & {p for lead in leads for p in lead["phones"]}
    assert not {"10086", "10010", "10000"} & {p for lead in leads for p in lead["phones"]}


def test_a_dry_run_counts_and_changes_nothing(db, exports):
    result = import_complaints(db, [exports["folder"] / "council.csv"], dry_run=True)
    assert (result.rows, result.imported, result.dry_run) == (N, len(exports["council"].complaints), True)
    assert complaint_count(db) == 0
    assert db.execute("SELECT COUNT(*) FROM complaints_fts").fetchone()[0] == 0


def test_cancelling_rolls_the_file_back(db, exports):
    token = CancelToken()

    def progress(done, total, message):
        token.cancel()  # after the first batch

    with pytest.raises(Cancelled):
        import_complaints(db, [exports["folder"] / "council.csv"], progress=progress, cancel=token)
    assert complaint_count(db) == 0
    assert db.execute("SELECT COUNT(*) FROM sqlite_master WHERE name = 'complaints_fts_insert'").fetchone()[0] == 1


# --- layout: titles, totals, merged headers, encodings ------------------------------------------------------


def test_title_rows_above_and_total_and_note_rows_below_are_left_out(db, tmp_path):
    rows = [["佛山市消费者委员会投诉登记表（2026年3月）", "", "", ""], ["导出时间：2026-04-01", "", "", ""],
            ["投诉编号", "投诉时间", "联系电话", "投诉内容"],
            ["TS001", "2026-03-05 14:22:10", "13800138000", "频繁接到骚扰电话"],
            ["", "", "", ""],
            ["TS002", "2026/3/6 9:05", "+86 139-1234-5678", "收到营销短信"],
            ["合计", "2件", "", ""], ["制表人：张三", "", "", ""]]
    result = import_complaints(db, [write_csv(tmp_path / "council.csv", rows)])
    assert (result.rows, result.imported, result.errors) == (2, 2, [])
    got = stored(db, "consumer_council")
    assert got["TS001"][1:6] == ("2026-03-05 14:22:10", "频繁接到骚扰电话", "13800138000", "", 4)
    assert got["TS002"][1] == "2026-03-06 09:05:00" and got["TS002"][3] == "13912345678" and got["TS002"][5] == 6


def test_a_two_row_header_joins_group_and_sub_header():
    top = ["工单编号", "联系信息", "", "诉求信息", ""]
    bottom = ["", "诉求人", "来电号码", "内容描述", "被反映对象"]
    assert two_row_header(top, bottom) == ["工单编号", "联系信息 / 诉求人", "联系信息 / 来电号码",
                                           "诉求信息 / 内容描述", "诉求信息 / 被反映对象"]


def test_leading_empty_rows_of_a_sheet_keep_row_numbers(db, tmp_path):
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet["B3"] = "工单编号"
    sheet["C3"] = "受理时间"
    sheet["D3"] = "内容描述"
    sheet["B5"] = "GD1"
    sheet["C5"] = __import__("datetime").datetime(2026, 3, 5, 14, 22, 10)
    sheet["D5"] = "推销电话"
    workbook.save(tmp_path / "hotline.xlsx")
    import_complaints(db, [tmp_path / "hotline.xlsx"])
    assert stored(db, "12345")["GD1"][1:6:4] == ("2026-03-05 14:22:10", 5)


# a legacy .xls work-order export (written by xlwt, zlib-compressed, base64): a merged title row, the header
# 工单编号 受理时间 来电号码 内容描述, one row (a date-time cell, the number as a number cell) and a 合计 row
LEGACY_XLS = (
    "eNrtWE1IVFEU/u6bfxl1NJU0kEGozBSczAhBx8TSzZg2RT9a+TdEGGqDQrXIKZtVREG0SNoItmhjBVFJ0c8iaBEYuRACQQvbRFBg"
    "2kLnde5575WagQMmGO97vHPPPfeen3fPvffd994Op4z338+awCKUwYKY6oJ9nkzQ7TIqHlC7qkrWKJ10qybWFFxOSqTdhieJbxwy"
    "hzLfE1Bwz/qSKPCB7gZ0oqajPeRdRVRwDE1CxlBKVOAWSZKQyVGlMm1huo7pXe75lGk5S64wLaW+4+IIhv01eTv1WXxIyeG2JEi7"
    "j1jnPUt8SMdrOYt7rgmtrw27wiebTq2xhmyrGwOghFaF2kNhWV+P2zRSOEwoCAQKKiu91dUlgUBJMDiONMr6AL6rXmDKWN4vvKZ8"
    "deUCJP+xUO74i9xJ2Vwsv65YgQjURl4tUbjRaJUtipg8eiA4S2vYpe/fboj6vacblGM+bEMRtqMYXzqfn5fdrODeGT0zkh0N2rum"
    "Q1M3iA2dKO6eCYozxEbrhuqHW75etdH0qiws9JGor6+zubh77DJ5du7vl4UP0zUJ0h/vL54F+0sirzs30VYkM5/Cq89DzzV759u7"
    "QHOt/zhLIvxO0d48G+XzQcUFqUHKSdxi/UXzWGMr04tsdQPzWUzTaGlQuak2XWf29HKfS9y6ifwUMUb8m+fxucRHP9c9zo5+9G8h"
    "frBq4lza4Ki/Hzk0kq2kL69e5It80XdTYshvlELfpcaYZv6xYzkVjx67qr9ekzGHBGZTmD6jMQKPjrwsrCGW0BCsIalWM8ZTqyms"
    "a9QsVLPq3pUlbClsi1ILi6Ltj6mI7XiVOxL5VK5JFI4uktv2wFWhaUibdt2m9KQssmlhmw49BgvHJ/M6qccuYUGZkoqH0j3t37+R"
    "ABMmTJgwYcKECRMrCcHnNfAZTZ4LbfoZ3aH/15mjO2b+JvlvsQ8ddHXRt+RutFMZxtm45k8GbMKwJZapY/wvlDhI3sNoQzPH0Rb3"
    "/KVvLDH/eZat6Fm5JRSv/1g8cf5j/z8BMAz7fA=="
)


def test_a_legacy_xls_export_is_imported(db, tmp_path):
    import base64
    import zlib

    path = tmp_path / "工单.xls"
    path.write_bytes(zlib.decompress(base64.b64decode(LEGACY_XLS)))
    result = import_complaints(db, [path])
    assert (result.rows, result.imported, result.files[0].profile) == (1, 1, "12345")
    got = stored(db, "12345")["GD001"]
    assert got[1:6] == ("2026-03-05 14:22:10", "骚扰电话", "13800138000", "", 3)
    assert json.loads(got[6]) == {"工单编号": "GD001", "受理时间": "2026-03-05 14:22:10", "来电号码": "13800138000",
                                  "内容描述": "骚扰电话"}


def test_times_and_numbers_are_normalised():
    import datetime as dt

    assert parse_received("2026-03-05 14:22:10") == "2026-03-05 14:22:10"
    assert parse_received("2026/3/5 14:22") == "2026-03-05 14:22:00"
    assert parse_received("2026年3月5日 14:22") == "2026-03-05 14:22:00"
    assert parse_received("2026年3月5日14时22分") == "2026-03-05 14:22:00"
    assert parse_received("2026-03-05") == "2026-03-05 00:00:00"
    assert parse_received(dt.datetime(2026, 3, 5, 14, 22, 10)) == "2026-03-05 14:22:10"
    assert parse_received(46086.5) == "2026-03-05 12:00:00"
    assert parse_received("") is None
    with pytest.raises(ValueError):
        parse_received("2026-02-30 10:00")
    with pytest.raises(ValueError):
        parse_received("上周三")
    assert complainant_digits("+86 138 0013 8000") == "13800138000"
    assert complainant_digits("86-138-0013-8000") == "13800138000"
    assert complainant_digits("１３８００１３８０００") == "13800138000"
    assert complainant_digits(13800138000.0) == "13800138000"
    assert complainant_digits("0757-8123 4567") == "075781234567"
    assert complainant_digits("+86-757-8123-4567") == "075781234567"
    assert complainant_digits("81234567") == "075781234567"
    # every number of the cell, all the complainant's own (test_s48_grouping)
    assert complainant_digits("13800138000/0757-81234567") == "13800138000 075781234567"


# --- profiles and remembered mappings -----------------------------------------------------------------------


def test_the_profile_is_detected_from_the_header():
    assert detect_profile(make_complaints.HOTLINE_HEADER) == "12345"
    assert detect_profile(COUNCIL_HEADER) == "consumer_council"
    assert detect_profile(["登记编号", "登记时间", "反映人", "联系电话", "被投诉对象", "问题描述"]) == "12315"
    assert detect_profile(["序号", "姓名", "备注"]) is None
    assert detect_profile(["单号", "事项"], {"hotline_b": {"external_id": "单号", "text": "事项"}}) == "hotline_b"


def test_a_12315_export_is_imported_under_its_profile(db, tmp_path):
    rows = [["登记编号", "登记时间", "反映人", "联系电话", "被投诉对象", "问题描述"],
            ["DJ2026001", "2026-03-05 10:00:00", "王女士", "13800138000", "某房产中介", "房产中介天天打电话"]]
    result = import_complaints(db, [write_csv(tmp_path / "12315.csv", rows)])
    assert result.files[0].profile == "12315"
    assert stored(db, "12315")["DJ2026001"][4] == "某房产中介"


def test_a_mapping_is_remembered_for_the_next_export(db, tmp_path):
    rows = [["单号", "时间", "电话", "事项说明"], ["X1", "2026-03-05 10:00:00", "13800138000", "装修公司骚扰电话"]]
    first = write_csv(tmp_path / "第一批.csv", rows)
    refused = import_complaints(db, [first])
    assert refused.files[0].refused and complaint_count(db) == 0
    mapping = {"external_id": "单号", "received_at": "时间", "complainant_phone": "电话", "text": "事项说明"}
    result = import_complaints(db, [first], profile="12345", mapping=mapping)
    assert result.imported == 1 and load_profile(db, "12345") == mapping
    second = write_csv(tmp_path / "第二批.csv", [rows[0], ["X2", "2026-03-06 10:00:00", "13900139000", "贷款短信"]])
    again = import_complaints(db, [second])
    assert again.files[0].profile == "12345" and again.imported == 1
    assert stored(db, "12345")["X2"][1:4] == ("2026-03-06 10:00:00", "贷款短信", "13900139000")


def test_a_mapping_may_name_a_sub_header_of_a_merged_group(db, exports):
    mapping = {"complainant_phone": "来电号码", "text": "诉求信息 / 内容描述"}
    result = import_complaints(db, [exports["folder"] / "hotline-merged.xlsx"], mapping=mapping)
    assert result.imported == len(exports["merged"].complaints) and not result.refused
    assert load_profile(db, "12345") == mapping


def test_the_header_is_read_as_the_import_reads_it(db, exports):
    header = read_header(db, exports["folder"] / "hotline-merged.xlsx")
    assert header.profile == "12345" and header.texts[5] == "诉求人信息 / 来电号码"
    assert header.mapping["external_id"] == "工单编号" and header.mapping["text"] == "诉求信息 / 内容描述"
    blank = {"external_id": "", "text": ""}  # no choice made in the dialog: the synonyms decide
    assert read_header(db, exports["folder"] / "hotline-merged.xlsx", mapping=blank).mapping == header.mapping


HOTLINE_SHORT = ["工单编号", "受理时间", "来电号码", "内容描述", "被反映对象", "诉求地址"]


def target_and_address(db, external_id):
    return db.execute("SELECT target_name, address FROM complaints WHERE external_id = ?", [external_id]).fetchone()


def test_a_field_mapped_to_none_is_not_imported_though_a_synonym_names_its_column(db, tmp_path):
    first = write_csv(tmp_path / "三月.csv", [HOTLINE_SHORT, ["GD1", "2026-03-05 10:00:00", "13800138000",
                                                               "中介天天打电话推销楼盘", "某房产中介", "南海区桂城"]])
    result = import_complaints(db, [first], profile="12345", mapping={"target_name": None, "address": None})
    assert result.imported == 1 and not result.refused
    assert target_and_address(db, "GD1") == ("", "")
    assert "某房产中介" in stored(db, "12345")["GD1"][6]  # the raw row keeps every column as imported
    assert load_profile(db, "12345") == {"target_name": None, "address": None}
    assert "target_name" not in read_header(db, first).mapping

    # remembered: the next export of the channel leaves the fields out as well, unless a column is chosen again
    second = write_csv(tmp_path / "四月.csv", [HOTLINE_SHORT, ["GD2", "2026-04-01 09:00:00", "13900139000",
                                                               "装修公司骚扰电话", "某装修公司", "顺德区大良"]])
    assert import_complaints(db, [second]).imported == 1
    assert target_and_address(db, "GD2") == ("", "")
    third = write_csv(tmp_path / "五月.csv", [HOTLINE_SHORT, ["GD3", "2026-05-01 09:00:00", "13700137000",
                                                               "贷款短信", "某小贷公司", "禅城区祖庙"]])
    assert import_complaints(db, [third], mapping={"target_name": "被反映对象"}).imported == 1
    assert target_and_address(db, "GD3") == ("某小贷公司", "")
    assert load_profile(db, "12345") == {"target_name": "被反映对象", "address": None}


def test_a_profile_saved_before_fields_could_be_left_out_still_lets_the_synonyms_decide(db, tmp_path):
    # older versions remembered only header texts, and may hold "" for a field no column was chosen for
    db.execute("INSERT INTO import_profiles (name, mapping, updated_at) VALUES (?, ?, ?)",
               ["12345", json.dumps({"text": "内容描述", "target_name": "", "address": ""}, ensure_ascii=False),
                "2026-01-01T00:00:00+08:00"])
    path = write_csv(tmp_path / "三月.csv", [HOTLINE_SHORT, ["GD1", "2026-03-05 10:00:00", "13800138000",
                                                              "中介天天打电话推销楼盘", "某房产中介", "南海区桂城"]])
    result = import_complaints(db, [path])
    assert (result.imported, result.files[0].profile) == (1, "12345")
    assert target_and_address(db, "GD1") == ("某房产中介", "南海区桂城")


def test_the_complaint_text_cannot_be_remembered_as_not_imported(db, tmp_path, english):
    with pytest.raises(WorkstationError, match="complaint text cannot be left unimported"):
        save_profile(db, "12345", {"text": None})
    path = write_csv(tmp_path / "三月.csv", [HOTLINE_SHORT, ["GD1", "2026-03-05 10:00:00", "13800138000",
                                                              "中介天天打电话推销楼盘", "某房产中介", "南海区桂城"]])
    result = import_complaints(db, [path], mapping={"text": None})
    assert "no column holds the complaint text" in result.files[0].refused and complaint_count(db) == 0


def test_a_mapping_naming_a_missing_column_refuses_the_file(db, tmp_path, english):
    path = write_csv(tmp_path / "c.csv", [COUNCIL_HEADER, ["TS1", "2026-03-05 10:00:00"] + [""] * 3 + ["短信"] + [""] * 2])
    result = import_complaints(db, [path], mapping={"text": "诉求详情"})
    assert "the column 诉求详情 chosen for Complaint text is not in the header row" in result.files[0].refused
    with pytest.raises(WorkstationError, match="not a complaint field"):
        save_profile(db, "12345", {"colour": "颜色"})
    with pytest.raises(WorkstationError, match="Unknown import profile"):
        import_complaints(db, [path], profile="weibo")


# --- bad input: one clear message naming file and row, nothing imported from that file -----------------------


def truncated_xlsx(path, exports):
    data = (exports["folder"] / "hotline.xlsx").read_bytes()
    path.write_bytes(data[: len(data) // 2])


def mixed_encodings(path, _exports):
    lines = [",".join(COUNCIL_HEADER), "TS1,2026-03-05 10:00:00,张三,13800138000,,骚扰电话,其他,已受理"]
    body = ("\r\n".join(lines) + "\r\n").encode("utf-8")
    body += "TS2,2026-03-05 11:00:00,李四,13900139000,,营销短信,其他,已受理\r\n".encode("gb18030")
    path.write_bytes(body)


def mixed_the_other_way(path, _exports):
    lines = [",".join(COUNCIL_HEADER), "TS1,2026-03-05 10:00:00,张三,13800138000,,骚扰电话,其他,已受理"]
    body = ("\r\n".join(lines) + "\r\n").encode("gb18030")
    body += "TS2,2026-03-05 11:00:00,李四,13900139000,,营销短信,其他,已受理\r\n".encode()
    path.write_bytes(body)


def extra_cells(path, _exports):
    write_csv(path, [COUNCIL_HEADER, ["TS1", "2026-03-05 10:00:00", "张三", "13800138000", "", "骚扰电话", "其他", "已受理"],
                     ["TS2", "2026-03-05 11:00:00", "李四", "13900139000", "", "短信", "内容", "其他", "已受理"]])


def bad_time(path, _exports):
    write_csv(path, [COUNCIL_HEADER, ["TS1", "2026-03-05 10:00:00", "张三", "13800138000", "", "骚扰电话", "", ""],
                     ["TS2", "上周三", "李四", "13900139000", "", "短信", "", ""]])


def lock_file(path, exports):
    """Excel's lock file of an open workbook, chosen in place of the workbook next to it."""
    (path.parent / "hotline.xlsx").write_bytes((exports["folder"] / "hotline.xlsx").read_bytes())
    path.write_bytes(b"\x07officer" + bytes(155))


def nul_byte(path, _exports):
    write_csv(path, [COUNCIL_HEADER, ["TS1", "2026-03-05 10:00:00", "张三", "13800138000", "", "骚扰电话", "", ""]])
    path.write_bytes(path.read_bytes().replace("张三".encode(), b"\x00"))


def unclosed_long_value(path, _exports):
    path.write_text(",".join(COUNCIL_HEADER) + '\nTS1,2026-03-05 10:00:00,张三,13800138000,,"骚扰' + "电话" * 70_000,
                    encoding="utf-8")


BAD = {
    "password": ("工单.xlsx", bytes.fromhex("D0CF11E0A1B11AE1") + bytes(1024), "is protected by a password", None),
    "lock file": ("~$hotline.xlsx", lock_file, "is the lock file Excel or WPS keeps", None),
    "UTF-16": ("投诉.csv", "\r\n".join(",".join(r) for r in [COUNCIL_HEADER, ["TS1"]]).encode("utf-16"),
               "is saved as Unicode text (UTF-16)", None),
    "NUL byte": ("零.csv", nul_byte, "the row holds a NUL character", 2),
    "unclosed long value": ("长.csv", unclosed_long_value, "a quotation mark opened in it is never closed", 2),
    "numbers": ("投诉.numbers", b"PK\x03\x04 not really", "the supported formats are .xlsx, .xls and .csv", None),
    "pdf": ("投诉.pdf", b"%PDF-1.7", "the supported formats are .xlsx, .xls and .csv", None),
    "no header": ("无表头.csv", "序号,名称\n1,张三\n".encode(), "no recognisable header row", None),
    "truncated xlsx": ("截断.xlsx", truncated_xlsx, "cannot be read as a spreadsheet", None),
    "not a zip": ("乱码.xlsx", b"not a zip at all", "cannot be read as a spreadsheet", None),
    "mixed encodings": ("混合.csv", mixed_encodings, "mixes text encodings", 3),
    "mixed the other way": ("混合2.csv", mixed_the_other_way, "mixes text encodings", 3),
    "extra cells": ("多列.csv", extra_cells, "has 9 cells but the header only 8", 3),
    "bad time": ("时间.csv", bad_time, "is not a date and time", 3),
    "empty": ("空.csv", b"", "is empty (0 bytes)", None),
    "blank lines": ("空行.csv", b"\r\n\r\n", "no recognisable header row", None),
    "folder": ("文件夹", None, "is a folder", None),
    "missing": ("不存在.csv", "missing", "no such file", None),
}


@pytest.mark.parametrize("kind", list(BAD))
def test_a_bad_file_is_refused_by_name_and_row_while_the_others_import(db, tmp_path, exports, kind, english):
    name, content, message, row = BAD[kind]
    path = tmp_path / name
    if content is None:
        path.mkdir()
    elif callable(content):
        content(path, exports)
    elif content != "missing":
        path.write_bytes(content)
    good = exports["folder"] / "council.csv"
    result = import_complaints(db, [path, good])
    bad, fine = result.files
    assert message in bad.refused and name in bad.refused, bad.refused
    if row is not None:
        assert f"row {row}" in bad.refused
        assert bad.errors[0]["row"] == row and bad.errors[0]["file"] == name
    assert bad.imported == 0 and bad.errors
    assert not db.execute("SELECT 1 FROM complaints WHERE source_file = ?", [name]).fetchone()
    assert fine.imported == len(exports["council"].complaints) and not fine.refused
    assert complaint_count(db) == fine.imported
    assert result.as_dict()["errors"][0]["file"] == name
    assert "\n" not in bad.refused and "Error" not in bad.refused  # not the reader's exception (ZipError, csv.Error)


@pytest.mark.parametrize("kind", ["password", "lock file", "UTF-16", "NUL byte", "mixed encodings", "extra cells"])
def test_a_bad_file_on_the_command_line_is_one_line_exit_1_and_none_is_imported(tmp_path, capsys, exports, kind,
                                                                                english):
    name, content, message, row = BAD[kind]
    path = tmp_path / name
    if callable(content):
        content(path, exports)
    else:
        path.write_bytes(content)
    station = tmp_path / "station"
    code = main(["--data-dir", str(station), "complaints", "import", str(path),
                 str(exports["folder"] / "council.csv")])
    out, err = capsys.readouterr()
    # named by the path typed, not the bare name two folders' exports may share
    assert code == 1 and err.count("\n") == 1 and err.startswith(f"Error: {path}") and message in err, err
    assert "Traceback" not in err and "Error" not in err[len("Error: "):]
    assert out.startswith(f"No file was imported: {path} was refused")
    assert f"Read without fault: {exports['folder'] / 'council.csv'}." in out


def header_again(path, rows: list[list]) -> None:
    """An export with its header repeated below the first rows (two days' exports pasted one under the other)."""
    workbook = openpyxl.Workbook()
    for row in rows:
        workbook.active.append(row)
    workbook.save(path)


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_header_repeated_below_the_rows_is_left_out(db, tmp_path, suffix):
    first = ["TS1", "2026-03-05 10:00:00", "张三", "13800138000", "", "骚扰电话", "其他", "已受理"]
    second = ["TS2", "2026-03-06 09:00:00", "李四", "13900139000", "", "营销短信", "其他", "已受理"]
    rows = [COUNCIL_HEADER, first, COUNCIL_HEADER, second]
    path = tmp_path / f"两天{suffix}"
    write_csv(path, rows) if suffix == ".csv" else header_again(path, rows)
    result = import_complaints(db, [path], profile="consumer_council")
    assert not result.files[0].refused and result.rows == result.imported == 2
    assert [r[0] for r in db.execute("SELECT external_id FROM complaints ORDER BY source_row")] == ["TS1", "TS2"]


# --- search ---------------------------------------------------------------------------------------------------


def test_search_finds_three_two_and_one_character_queries(db, exports):
    import_complaints(db, [exports["folder"] / "council.csv"])
    texts = [t for (t,) in db.execute("SELECT text FROM complaints")]
    for query in ("骚扰电话", "贷款短信", "退订", "宽带", "费"):
        expected = sum(1 for t in texts if query in t)
        hits = search_complaints(db, query, limit=10_000)
        assert len(hits) == expected == count_complaints(db, query), query
        if hits:
            assert f"{MARK_START}{query}{MARK_END}" in hits[0].snippet
    assert count_complaints(db, "") == len(texts)
    hit = search_complaints(db, "宽带", limit=1)[0]
    phone = db.execute("SELECT complainant_phone FROM complaints WHERE id = ?", [hit.id]).fetchone()[0]
    assert hit.complainant == phone[:3] + "****" + phone[-4:] and phone not in hit.complainant
    assert search_complaints(db, "不存在的内容xyz") == []
    assert len(search_complaints(db, "宽带 断网", limit=10_000)) == sum(1 for t in texts if "宽带" in t and "断网" in t)
    assert search_complaints(db, "100%") == [] and search_complaints(db, '"') == []
    assert db.execute("INSERT INTO complaints_fts(complaints_fts, rank) VALUES ('integrity-check', 1)")


def test_search_finds_numbers_and_letters_written_in_full_width_and_marks_them(db, tmp_path):
    path = write_csv(tmp_path / "全角.csv", [["投诉编号", "投诉时间", "联系电话", "投诉内容"],
                                           ["F1", "2026-03-02 10:00:00", "13900139001", "刚收楼就接到０７５７－８１２３４５６７推销装修"],
                                           ["F2", "2026-03-02 11:00:00", "13900139002", "0757-81234567天天打来推销装修"],
                                           ["F3", "2026-03-02 12:00:00", "13900139003", "收到ＶＩＰ短信，回T退订无效"]])
    import_complaints(db, [path])
    for query, expected in (("0757", {"F1", "F2"}), ("０７５７", {"F1", "F2"}), ("57", {"F1", "F2"}),
                            ("0757 推销", {"F1", "F2"}), ("vip", {"F3"}), ("81234567", {"F1", "F2"})):
        hits = search_complaints(db, query)
        assert {h.external_id for h in hits} == expected and count_complaints(db, query) == len(expected), query
    (hit,) = search_complaints(db, "vip")
    assert f"{MARK_START}ＶＩＰ{MARK_END}" in hit.snippet


def test_search_pages_newest_first(db, exports):
    import_complaints(db, [exports["folder"] / "council.csv"])
    first = search_complaints(db, "", limit=5)
    second = search_complaints(db, "", limit=5, offset=5)
    times = [h.received_at for h in first + second]
    assert times == sorted(times, reverse=True) and len({h.id for h in first + second}) == 10


# --- command line -----------------------------------------------------------------------------------------------


def test_complaints_import_on_the_command_line(tmp_path, capsys, exports, english):
    station = tmp_path / "station"
    bad = tmp_path / "投诉.pdf"
    bad.write_bytes(b"%PDF-1.7")
    code = main(["--data-dir", str(station), "complaints", "import", str(exports["folder"] / "council.csv"),
                 str(bad), "--json"])
    out, err = capsys.readouterr()
    assert code == 1
    assert err.count("\n") == 1 and err.startswith(f"Error: {bad}:") and "Traceback" not in err
    result = json.loads(out)
    assert {"rows", "imported", "duplicates", "errors", "files"} <= set(result)
    assert result["imported"] == 0 and result["rows"] == N  # read whole, but none imported with a file refused
    assert [f["refused"] is None for f in result["files"]] == [True, False]
    code = main(["--data-dir", str(station), "complaints", "import", str(exports["folder"] / "council.csv")])
    out, err = capsys.readouterr()
    assert code == 0 and out.startswith(f"{exports['folder'] / 'council.csv'} (消委会投诉): {N} rows, "
                                        f"{len(exports['council'].complaints)} imported")  # the channel by its name
    code = main(["--data-dir", str(station), "complaints", "import", str(exports["folder"] / "council.csv"),
                 "--profile", "consumer_council"])
    out, err = capsys.readouterr()
    council = exports["folder"] / "council.csv"  # every complaint found again: said plainly, with the day of the first
    assert code == 0 and err.splitlines() == [_("Importing {file}…").format(file=council),  # import; to a pipe the
                                              _("{file}: import finished.").format(file=council)]  # work's two lines
    assert out.startswith(f"{exports['folder'] / 'council.csv'} was imported already, on ") \
        and f"every complaint in it ({N}) is stored" in out


# --- streaming: memory stays flat --------------------------------------------------------------------------------


# with the importer's batch set to the second argument, imports each CSV file named after it into a database of its
# own, the first untraced (the modules and caches of a first import), and prints for each other its rows, the rows
# imported and the Python memory peak
STREAMING = textwrap.dedent("""
    import sys, tracemalloc
    sys.path.insert(0, sys.argv[1])
    from workstation.db import open_database
    from workstation.importing import complaints
    complaints.BATCH = int(sys.argv[2])
    from workstation.importing.complaints import import_complaints
    for number, path in enumerate(sys.argv[3:]):
        db = open_database(path + ".db")
        if number:
            tracemalloc.start()
        result = import_complaints(db, [path])
        if number:
            print(result.rows, result.imported, tracemalloc.get_traced_memory()[1])
            tracemalloc.stop()
        db.conn.close()
""")


def test_the_import_streams_with_the_same_memory_peak_whatever_the_file_size(tmp_path):
    """A 1,000,000-row import takes about 30 s on two cores (with its search index), more than a test may. The
    streaming is shown by two files instead, three and fifteen batches long, with the importer's batch made 1,000
    rows (its own 5,000 would make the test trace 60,000 rows, about 25 s of both cores): their Python memory peaks
    must be the same within 512 kB though the larger has 12,000 rows more (about 1.5 kB each in memory: 18 MB if
    the importer kept them, about 0.8 MB even if it kept only their ids), and below half of what holding the
    larger's rows would take. Each in a process of its own, where no thread another test left running allocates
    meanwhile, after a small file has warmed it up; the two run side by side (tracing every allocation makes each
    take seconds), the larger started as soon as it is written."""
    batch = 1000
    sizes = (200, 3 * batch, 15 * batch)
    runs = []
    try:
        for n in sorted(sizes[1:], reverse=True):
            path, warm = tmp_path / f"council-{n}.csv", tmp_path / f"warm-{n}.csv"  # a database each, too
            make_complaints.write_council_csv(path, n, answers=False)
            make_complaints.write_council_csv(warm, sizes[0], answers=False)
            runs.insert(0, subprocess.Popen([sys.executable, "-c", STREAMING, str(PROJECT), str(batch), str(warm),
                                             str(path)],
                                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=PROJECT))
        outputs = [run.communicate(timeout=300) for run in runs]
    finally:
        for run in runs:
            if run.poll() is None:
                run.kill()
                run.wait()
    assert [run.returncode for run in runs] == [0, 0], [err for _out, err in outputs]
    (rows_small, imported_small, small), (rows_large, imported_large, large) = (
        map(int, out.split()) for out, _err in outputs)
    assert (rows_small, rows_large) == sizes[1:]
    assert imported_small > 0.98 * rows_small and imported_large > 0.98 * rows_large
    assert large - small < 2**19, f"Python memory peaked at {small / 2**20:.1f} MB, then {large / 2**20:.1f} MB"
    assert large < rows_large * 1000 / 2, f"Python memory peaked at {large / 2**20:.0f} MB"


def test_the_generator_keeps_memory_flat(tmp_path):
    """Its memory peak writing 4,000 rows is that of 1,000 within 0.5 MB: the 3,000 rows more (0.65 MB in the file,
    about 3 MB as Python strings) are not kept."""
    import tracemalloc

    peaks = []
    for n in (1_000, 4_000):
        tracemalloc.start()
        try:
            make_complaints.write_council_csv(tmp_path / f"c{n}.csv", n, answers=False)
            peaks.append(tracemalloc.get_traced_memory()[1])
        finally:
            tracemalloc.stop()
    assert peaks[1] - peaks[0] < 2**19 and peaks[1] < 2 * 2**20, f"peaks {peaks}"


def test_a_common_word_pages_newest_first_like_a_rare_one(db):
    """Above MANY_MATCHES the page walks the receipt-time index instead of sorting: same order either way."""
    from workstation.store import complaints as store

    rows = [(f"c{i}", "12345", f"W{i}", f"2026-0{1 + i % 9}-{1 + i % 28:02d} 10:{i % 60:02d}:00",
             ("骚扰电话推销楼盘" if i % 2 else "快递延误") + f"第{i}件", "{}", "t.csv", i, "2026-11-30")
            for i in range(2 * store.MANY_MATCHES + 200)]
    db.conn.executemany("INSERT INTO complaints (id, source, external_id, received_at, text, raw, source_file, "
                        "source_row, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    common = search_complaints(db, "骚扰电话", limit=50)
    expected = sorted(((r[3], i) for i, r in enumerate(rows) if "骚扰电话" in r[4]), reverse=True)[:50]
    assert [h.received_at for h in common] == [t for t, _i in expected]
    assert count_complaints(db, "骚扰电话") == store.MANY_MATCHES + 100
    rare = search_complaints(db, "第4001件")
    assert [h.external_id for h in rare] == ["W4001"]


def test_the_header_of_an_export_without_complaints_is_refused_as_the_import_refuses_it(db, tmp_path, english):
    """The wizard's read of the header refuses what the import would refuse whatever the columns: nothing filled
    below the header; a row below it that cannot be read is named, not raised as a decoding error."""
    header = "投诉编号,投诉时间,投诉人电话,投诉内容\n"
    empty = tmp_path / "空期间.csv"
    empty.write_text(header + ",,,\n" * 40, encoding="utf-8")
    with pytest.raises(WorkstationError, match=r"^空期间.csv holds no complaints below its header \(row 1\)"):
        read_header(db, empty, partial=True)
    assert import_complaints(db, [empty]).files[0].refused.startswith("空期间.csv holds no complaints below")
    mixed = tmp_path / "混合.csv"  # UTF-8 for the first 64 kB (blank rows), then a row saved in GB18030
    mixed.write_bytes((header + ",,,\n" * 20000).encode("utf-8") + "XW1,2026-03-02,13600136000,推销电话\n".encode(
        "gb18030"))
    with pytest.raises(WorkstationError, match=r"^混合.csv, row 20002: this row is not written in UTF-8"):
        read_header(db, mixed, partial=True)
    assert complaint_count(db) == 0


def test_a_header_without_a_recognised_text_column_is_refused_naming_its_row_and_read_for_mapping(db, tmp_path,
                                                                                                  english):
    path = write_csv(tmp_path / "区热线.csv", [["佛山市12345热线工单明细"], ["工单编号", "受理时间", "来电号码", "诉求详情"],
                                             ["Q1", "2026-03-02 10:00:00", "13900139001", "0757-81234561打来推销楼盘"]])
    result = import_complaints(db, [path])
    assert result.files[0].refused.startswith("区热线.csv, row 2: no column of this header is recognised as the "
                                              "complaint text")
    assert result.errors[0]["row"] == 2 and complaint_count(db) == 0
    header = read_header(db, path, partial=True)  # for the wizard: the columns to choose from
    assert header.texts == ["工单编号", "受理时间", "来电号码", "诉求详情"] and header.profile == "12345"
    assert "text" not in header.mapping and header.mapping["complainant_phone"] == "来电号码"
    # a header of no known wording: offered to the wizard with every column left to choose, refused on the command
    # line saying how to import it
    unknown = write_csv(tmp_path / "无表头.csv", [["序号", "名称"], ["1", "张三"]])
    header = read_header(db, unknown, partial=True)
    assert header.texts == ["序号", "名称"] and header.mapping == {} and header.profile is None
    refusal = import_complaints(db, [unknown]).files[0].refused
    assert refusal.startswith("无表头.csv: no recognisable header row")
    assert "Rename its columns to these headers, or choose its columns once in the import wizard" in refusal
    assert complaint_count(db) == 0
    # no row of two text cells (numbers only): no header to offer, refused in the wizard too
    headless = write_csv(tmp_path / "只有数字.csv", [["1", "13800138000"], ["2", "13900139000"]])
    with pytest.raises(WorkstationError, match="^只有数字.csv: no recognisable header row"):
        read_header(db, headless, partial=True)


def test_an_export_whose_only_row_below_the_header_is_a_total_row_is_refused_as_its_header_is_read(db, tmp_path,
                                                                                                   english):
    """The wizard is told when the file is added what the import would say: a total row is no complaint."""
    header = ["投诉编号", "投诉时间", "投诉人电话", "投诉内容"]
    message = (r"^{name} holds no complaints below its header \(row 2\): export the complaints again, checking the "
               r"period and filters chosen, and import the new file\.$")
    for name, total in (("合计.csv", ["合计", "", "", "0"]), ("总计.csv", ["", "", "总计：0件", ""])):
        path = write_csv(tmp_path / name, [["某区消委会投诉登记表"], header, total, ["", "", "", ""]])
        assert import_complaints(db, [path]).files[0].refused.startswith(f"{name} holds no complaints below")
        with pytest.raises(WorkstationError, match=message.format(name=name)):
            read_header(db, path, partial=True)
    # a complaint below the total row, or a complaint text starting with 合计 on a row with its number, is read
    later = write_csv(tmp_path / "合计之后.csv", [header, ["合计", "", "", ""], ["TS9", "2026-03-02 09:00", "13600136000",
                                                                          "推销电话"]])
    first_text = write_csv(tmp_path / "内容在前.csv", [["投诉内容", "投诉编号", "投诉时间"],
                                                      ["合计三次接到推销电话", "TS8", "2026-03-02 09:00"]])
    assert read_header(db, later, partial=True).mapping["text"] == "投诉内容"
    assert read_header(db, first_text, partial=True).mapping["text"] == "投诉内容"
    # the text column not recognised: which rows are totals waits for the officer's choice of it
    unknown = write_csv(tmp_path / "区热线.csv", [["工单编号", "受理时间", "诉求详情"], ["合计", "", "1"]])
    assert "text" not in read_header(db, unknown, partial=True).mapping
    assert complaint_count(db) == 0


def test_cancelling_midway_names_the_files_imported_before_and_those_after(db, tmp_path, english):
    header = ["投诉编号", "投诉时间", "投诉人电话", "投诉内容"]
    paths = [write_csv(tmp_path / f"{name}.csv", [header, [f"{name}1", "2026-03-02 09:00", "13600136000", "推销电话"]])
             for name in ("一月", "二月", "三月", "四月")]
    token = CancelToken()

    def progress(done, total, message):
        if "二月.csv" in message:
            token.cancel()

    with pytest.raises(Cancelled) as raised:
        import_complaints(db, paths, progress=progress, cancel=token)
    assert raised.value.message == ("Cancelled: 二月.csv was not imported; the files imported before it (一月.csv) stay "
                                    "imported; the files after it were not imported either: 三月.csv、四月.csv.")
    assert [r[0] for r in db.execute("SELECT source_file FROM complaints")] == ["一月.csv"]


def test_the_command_lines_summary_counts_complaints_in_jian(tmp_path, capsys):
    """As the wizard's summary: complaints counted with 件, rows with 行 (not 条)."""
    path = write_csv(tmp_path / "消委会.csv", [["投诉编号", "投诉时间", "投诉人电话", "投诉内容"],
                                               ["TS1", "2026-03-02 09:00", "13600136000", "推销电话"]])
    code = main(["--data-dir", str(tmp_path / "station"), "complaints", "import", str(path)])
    out, _err = capsys.readouterr()
    line = next(line for line in out.splitlines() if line.startswith(str(path)))
    assert code == 0 and "条" not in line
