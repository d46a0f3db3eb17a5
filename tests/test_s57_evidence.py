"""The evidence audit (session 57): a file over the bundles' inflation limit travels in a bundle, since a stored file
cannot inflate (a deflated member is still held to the limit, a stored one to the size it states); the
电子数据证据提取笔录 listing every counted item of a category prints the case's figure without reading their files
again; an item listed on a record of an extraction in force keeps its collection date and kind; a 先行登记保存证据通知书
signed after the preservation's seven working days is warned of; a file name holding | is recognised on the issued
证据提取单, which prints it ／."""

from __future__ import annotations

import datetime as dt
import os
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from tests.helpers import run, run_json
from tests.test_docfixa_issue_checks import investigating as investigating  # noqa: F401 - the fixture
from tests.test_s53_evidence import LATE, RECORD, SHEET, chinese, defaults
from workstation.documents.drafts import find_form
from workstation.documents.issuing import issue_document, void_document
from workstation.documents.stage_rules import stage_warnings
from workstation.errors import WorkstationError
from workstation.evidence_count import apply_count
from workstation.filestore import file_path
from workstation.records import today
from workstation.store import get_case, update_case
from workstation.store.evidence import add_evidence, get_evidence, update_evidence

CASE9 = "佛南市监立〔2026〕9号"


def _file(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


# 1. a stored file beyond the inflation limit travels in a bundle ----------------------------------------------------

LIMIT = 2 << 20  # the 1 GiB a member may inflate to, lowered for the test: no test writes a GiB


@pytest.fixture
def big_file_exported(station_and_hq_dirs, capsys, monkeypatch, tmp_path):
    """The station's case 9 holding a recording larger than ``LIMIT``, exported as one.bundle."""
    from workstation.bundle import reader

    monkeypatch.setattr(reader, "MAX_MEMBER_BYTES", LIMIT)
    dirs = station_and_hq_dirs
    recording = tmp_path / "执法记录仪录像.mp4"
    recording.write_bytes(os.urandom(LIMIT + (1 << 20)))  # 3 MiB that no deflating makes smaller
    run_json(capsys, "--data-dir", dirs / "station", "evidence", "add", CASE9, recording, "--date", today())
    run_json(capsys, "--data-dir", dirs / "station", "bundle", "export", "-o", dirs / "one.bundle")
    return dirs


def _member(bundle: Path) -> zipfile.ZipInfo:
    with zipfile.ZipFile(bundle) as archive:
        return max(archive.infolist(), key=lambda info: info.file_size)


def test_a_stored_file_larger_than_a_member_may_inflate_to_is_verified_and_imported(capsys, big_file_exported):
    dirs = big_file_exported
    member = _member(dirs / "one.bundle")
    assert member.filename.startswith("files/") and member.compress_type == zipfile.ZIP_STORED
    assert member.file_size > LIMIT
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "verify", dirs / "one.bundle")
    assert code == 0, err
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", dirs / "one.bundle")
    assert code == 0, err
    listed = run_json(capsys, "--data-dir", dirs / "hq", "evidence", "list", CASE9)
    assert "执法记录仪录像.mp4" in [item["file_name"] for item in listed]


def _refused(capsys, dirs, bundle: Path) -> str:
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "bundle", "import", bundle)
    assert code == 1, out
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err
    return lines[0]


def test_a_deflated_member_beyond_the_limit_is_still_refused(capsys, big_file_exported, english):
    dirs = big_file_exported
    with zipfile.ZipFile(dirs / "one.bundle") as archive, \
            zipfile.ZipFile(dirs / "bad.bundle", "w", zipfile.ZIP_DEFLATED) as bad:
        for info in archive.infolist():  # the same members, signed as they were, every one deflated
            bad.writestr(info.filename, archive.read(info))
    name = _member(dirs / "bad.bundle").filename
    message = _refused(capsys, dirs, dirs / "bad.bundle")
    assert name in message and "would inflate to" in message


def test_a_stored_member_stating_another_size_than_it_holds_is_refused(capsys, big_file_exported, english):
    dirs = big_file_exported
    member = _member(dirs / "one.bundle")
    with zipfile.ZipFile(dirs / "one.bundle") as archive:
        start = archive.start_dir  # the central directory, whose entries zipfile reads
    raw = bytearray((dirs / "one.bundle").read_bytes())
    entry = raw.index(b"PK\x01\x02", start)
    while raw[entry + 46:entry + 46 + int.from_bytes(raw[entry + 28:entry + 30], "little")] != \
            member.filename.encode():
        entry = raw.index(b"PK\x01\x02", entry + 4)
    stated = member.file_size + (64 << 20)  # more than it holds: read on into what follows it in the archive
    raw[entry + 24:entry + 28] = stated.to_bytes(4, "little")
    (dirs / "bad.bundle").write_bytes(bytes(raw))
    with zipfile.ZipFile(dirs / "bad.bundle") as archive:
        assert archive.getinfo(member.filename).file_size == stated
    message = _refused(capsys, dirs, dirs / "bad.bundle")
    assert "bad.bundle" in message and "is not the size the archive states" in message


# 2. the 笔录's figure of a category all of whose counted items it lists -------------------------------------------

@pytest.fixture
def counted(db, data_dir, make_case, tmp_path):
    """An investigated case with two counted lists of one day sharing two numbers (3 distinct records) and a third,
    uncounted file of that day."""
    case = make_case(status="investigating", lead_received_on=(dt.date.fromisoformat(LATE) - dt.timedelta(days=40))
                     .isoformat(), filed_on=(dt.date.fromisoformat(LATE) - dt.timedelta(days=30)).isoformat())
    a = add_evidence(db, data_dir, case.id, _file(tmp_path, "名单甲.csv", "电话\n13800138000\n13800138001\n"),
                     kind="customer_list", collected_on=LATE)
    b = add_evidence(db, data_dir, case.id, _file(tmp_path, "短信记录.csv",
                                                  "电话\n13800138000\n13800138001\n13800138002\n"),
                     kind="sms_log", collected_on=LATE)
    apply_count(db, data_dir, case.id, a.id, "trace")
    apply_count(db, data_dir, case.id, b.id, "trace")
    assert get_case(db, case.id).records_trace == 3
    return case, a, b


def test_every_counted_item_listed_prints_the_cases_figure_without_reading_the_files(db, data_dir, counted):
    case, a, b = counted
    for item in (a, b):  # the stored copies are not read: the figure counted with them is the case's
        file_path(data_dir, item.sha256).unlink()
    assert defaults(db, case, "electronic_evidence_record")["records"] == 3  # not 2 + 3, nor left blank


def test_a_subset_listed_is_counted_from_its_files_as_before(db, data_dir, counted):
    case, a, b = counted
    c = add_evidence(db, data_dir, case.id, _file(data_dir.parent, "名单乙.csv", "电话\n13800138009\n13800138008\n"),
                     kind="customer_list", collected_on=(dt.date.fromisoformat(LATE) - dt.timedelta(days=1))
                     .isoformat())
    apply_count(db, data_dir, case.id, c.id, "trace")
    assert get_case(db, case.id).records_trace == 5
    # the 笔录 of LATE lists a and b, not c: their own distinct records, read from their files — one that cannot be
    # read leaves the figure to be written by hand
    stored = file_path(data_dir, a.sha256)
    kept = stored.read_bytes()
    stored.unlink()
    assert defaults(db, case, "electronic_evidence_record")["records"] is None
    stored.write_bytes(kept)
    assert defaults(db, case, "electronic_evidence_record")["records"] == 3


def test_a_figure_typed_beyond_what_the_items_give_is_not_printed_for_them(db, data_dir, counted):
    case, a, b = counted
    update_case(db, replace(get_case(db, case.id), records_trace=100))  # more than 2 + 3: the officer's own
    assert defaults(db, case, "electronic_evidence_record")["records"] == 3


# 3. an item listed on a record in force keeps its date and kind ---------------------------------------------------

@pytest.fixture
def listed(db, data_dir, make_case, tmp_path):
    """A case whose list of LATE is on an issued 证据提取单."""
    case = make_case(status="investigating", lead_received_on=(dt.date.fromisoformat(LATE) - dt.timedelta(days=40))
                     .isoformat(), filed_on=(dt.date.fromisoformat(LATE) - dt.timedelta(days=30)).isoformat())
    item = add_evidence(db, data_dir, case.id, _file(tmp_path, "客户名单.csv", "电话\n13800138000\n"),
                        kind="customer_list", collected_on=LATE)
    sheet = issue_document(db, data_dir, get_case(db, case.id), find_form("evidence_extraction"), dict(SHEET))
    return case, item, sheet


@pytest.mark.parametrize("change", [{"collected_on": "day before"}, {"kind": "sms_log"}])
def test_the_date_or_kind_of_an_item_on_an_issued_sheet_is_refused_naming_it(db, listed, english, change):
    case, item, sheet = listed
    if change.get("collected_on"):
        change = {"collected_on": (dt.date.fromisoformat(LATE) - dt.timedelta(days=1)).isoformat()}
    with pytest.raises(WorkstationError) as refused:
        update_evidence(db, item.id, **change)
    message = str(refused.value)
    assert "Evidence item 1 (客户名单.csv) is listed on the 证据提取单" in message
    assert f"issued on {sheet.issued_at[:10]}" in message and "Void that record first" in message
    assert get_evidence(db, item.id) == item  # nothing changed
    assert update_evidence(db, item.id, description="证明当事人收集客户信息").description  # what it proves may change


def test_the_refusal_names_the_records_number_and_a_voided_record_lists_nothing(db, data_dir, listed, english):
    case, item, sheet = listed
    void_document(db, sheet.id, "提取日期写错")
    day = (dt.date.fromisoformat(LATE) - dt.timedelta(days=1)).isoformat()
    assert update_evidence(db, item.id, collected_on=day).collected_on == day
    issue_document(db, data_dir, get_case(db, case.id), find_form("electronic_evidence_record"),
                   {**RECORD, "time_from": f"{chinese(day)}9时30分"})
    with pytest.raises(WorkstationError, match="listed on the 电子数据证据提取笔录"):
        update_evidence(db, item.id, kind="sms_log")


def test_the_command_line_refuses_the_date_of_an_item_on_an_issued_sheet(capsys, cli_station, tmp_path, english):
    station = cli_station(tmp_path / "station")
    listed = _file(tmp_path, "list.csv", "电话\n13800138000\n")
    run_json(capsys, "--data-dir", station, "evidence", "add", CASE9, listed, "--date", LATE)
    values = tmp_path / "x.json"
    values.write_text(f'{{"extracted_on": "{LATE}"}}', encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", station, "docs", "issue", CASE9, "--form", "evidence_extraction",
                         "--values", values, "-o", tmp_path / "x.pdf")
    assert code == 0, err
    number = run_json(capsys, "--data-dir", station, "evidence", "list", CASE9)[-1]["number"]
    code, out, err = run(capsys, "--data-dir", station, "evidence", "set", CASE9, number, "--date", today())
    assert code == 1 and "list.csv" in err and "证据提取单" in err and "docs void" in err
    assert run_json(capsys, "--data-dir", station, "evidence", "list", CASE9)[-1]["collected_on"] == LATE


# 4. a 先行登记保存证据通知书 signed after T13 ran out ------------------------------------------------------------------

NOTICE = {"items": "1 | 笔记本电脑 | 联想E14 | 1台 | 当事人经营场所"}


def test_a_preservation_notice_signed_after_seven_working_days_is_warned(db, investigating, english):  # noqa: F811
    case = get_case(db, investigating.id)
    # preserved on Tuesday 2026-03-03: seven working days run until Thursday 2026-03-12
    late = {**NOTICE, "preserved_on": "2026-03-03", "signed_on": "2026-03-13"}
    (warning,) = stage_warnings(db, case, "preservation_notice", late)
    assert "落款日期 (2026-03-13)" in warning and "2026-03-12" in warning and "第五十六条" in warning
    assert stage_warnings(db, case, "preservation_notice", {**late, "signed_on": "2026-03-12"}) == []
    assert stage_warnings(db, case, "preservation_notice", {**late, "signed_on": "2026-03-03"}) == []


# 5. a file name holding | on the issued 证据提取单 -------------------------------------------------------------------

def test_a_file_name_holding_a_bar_is_recognised_on_the_issued_sheet(db, data_dir, make_case, tmp_path):
    case = make_case(status="investigating", lead_received_on=(dt.date.fromisoformat(LATE) - dt.timedelta(days=40))
                     .isoformat(), filed_on=(dt.date.fromisoformat(LATE) - dt.timedelta(days=30)).isoformat())
    item = add_evidence(db, data_dir, case.id, _file(tmp_path, "客户|名单.csv", "电话\n13800138000\n"),
                        kind="customer_list", collected_on=LATE)
    values = defaults(db, case, "evidence_extraction")
    assert "客户／名单.csv" in values["items"] and values["extracted_on"] == LATE
    issue_document(db, data_dir, get_case(db, case.id), find_form("evidence_extraction"), dict(SHEET))
    values = defaults(db, case, "evidence_extraction")  # listed already: not proposed again, dated today
    assert values["items"] == "" and values["extracted_on"] == today()
    with pytest.raises(WorkstationError, match="客户\\|名单.csv"):
        update_evidence(db, item.id, collected_on=(dt.date.fromisoformat(LATE) - dt.timedelta(days=1)).isoformat())


def test_the_refusal_names_the_buttons_of_the_case_documents_as_shown(db, listed, english):
    """The documents list's buttons read Void… and Correct… in English (更正… in Chinese): the refusal names those."""
    _case, item, _sheet = listed
    with pytest.raises(WorkstationError) as refused:
        update_evidence(db, item.id, kind="sms_log")
    assert "(Void… or Correct… beside it in the case's documents;" in str(refused.value), str(refused.value)
