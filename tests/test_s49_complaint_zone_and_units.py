"""A receipt time written with a zone other than Beijing's is stored as Beijing time (its receipt day counted from
there); a field an earlier version remembered as not imported still is, and the summary says so; a 抽样数量 is
compared with its 抽样基数 only when both are of one unit or both of none."""

import csv
import json

import pytest

from workstation.documents.drafts import find_form
from workstation.formkit.values import case_context, field_errors
from workstation.importing.complaints import import_complaints, parse_received

STD = ["工单编号", "受理时间", "来电号码", "诉求人", "诉求地址", "内容描述", "被反映对象", "所属区"]


def write_csv(path, rows):
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


@pytest.mark.parametrize(("written", "read"), [
    ("2026-03-05T20:30:00Z", "2026-03-06 04:30:00"),
    ("2026-03-05T20:30:00+00:00", "2026-03-06 04:30:00"),
    ("2026-03-05T09:05:00+08:00", "2026-03-05 09:05:00"),
    ("2026-03-05T09:05:00+0800", "2026-03-05 09:05:00"),
    ("2026-03-06T01:00:00+09:00", "2026-03-06 00:00:00"),
    ("2026-03-05T12:00:00-05:00", "2026-03-06 01:00:00"),
    ("2026-12-31T18:00:00Z", "2027-01-01 02:00:00"),
    ("2026-03-05T09:05:00", "2026-03-05 09:05:00"),
])
def test_a_time_with_a_zone_is_stored_as_beijing_time(written, read):
    assert parse_received(written) == read


def test_a_zoned_time_does_not_teach_the_cache_a_wrong_day():
    assert parse_received("2026-04-05 T20:30:00Z") == "2026-04-06 04:30:00"
    assert parse_received("2026-04-05 10:00:00") == "2026-04-05 10:00:00"


def test_a_field_an_earlier_version_remembered_as_not_imported_still_is_and_is_named(db, tmp_path, english):
    # as an earlier version remembered it: no "@for" of the header each choice was made for
    db.execute("INSERT INTO import_profiles (name, mapping, updated_at) VALUES (?, ?, ?)",
               ["12345", json.dumps({"address": None}), "2026-03-01T10:00:00+08:00"])
    path = write_csv(tmp_path / "a.csv", [STD, ["RM1", "2026-03-05 10:00", "13900139901", "李四", "佛山市禅城区某路",
                                                "房产中介天天打电话推销", "某中介", "禅城区"]])
    result = import_complaints(db, [path])
    assert result.imported == 1
    row = db.execute("SELECT address FROM complaints WHERE external_id = 'RM1'").fetchone()
    assert not row[0]
    note = result.files[0].remembered_note()
    assert "诉求地址" in note and "not imported" in note


def test_a_not_imported_chosen_for_a_header_still_follows_the_same_header_rule(db, tmp_path, english):
    first = write_csv(tmp_path / "a.csv", [STD, ["RM1", "2026-03-05 10:00", "13900139901", "李四", "佛山市禅城区某路",
                                                 "房产中介天天打电话推销", "某中介", "禅城区"]])
    assert import_complaints(db, [first], mapping={"address": None}).imported == 1
    other = write_csv(tmp_path / "b.csv", [STD[:-1], ["RM2", "2026-03-05 11:00", "13900139902", "赵六", "佛山市高明区",
                                                      "装修公司骚扰电话", "某装修"]])
    result = import_complaints(db, [other])
    assert db.execute("SELECT address FROM complaints WHERE external_id = 'RM2'").fetchone()[0] == "佛山市高明区"
    assert not result.files[0].remembered_note()


@pytest.fixture
def case(db, make_case):
    return make_case(status="investigating", lead_received_on="2026-11-02", filed_on="2026-11-10",
                     facts="经查，当事人出售客户个人信息。")


@pytest.mark.parametrize("samples", [
    "1 | 矿泉水 | 550ml | 20260105 | 5箱 | 6 | ",
    "1 | 矿泉水 | 550ml | 20260105 | 5 | 6瓶 | ",
    "1 | 矿泉水 | 550ml | 20260105 | 5箱 | 6瓶 | ",
])
def test_a_sample_and_base_of_different_or_one_sided_units_are_not_compared(db, case, english, samples):
    _out, errors = field_errors(find_form("sampling_record"), {"samples": samples}, case_context(db, case))
    assert "samples" not in errors


@pytest.mark.parametrize("samples", [
    "1 | 矿泉水 | 550ml | 20260105 | 5箱 | 6箱 | ",
    "1 | 矿泉水 | 550ml | 20260105 | 5 | 6 | ",
])
def test_a_sample_above_a_base_of_its_own_unit_or_of_none_is_still_refused(db, case, english, samples):
    _out, errors = field_errors(find_form("sampling_record"), {"samples": samples}, case_context(db, case))
    assert "column 6" in errors.get("samples", "")
