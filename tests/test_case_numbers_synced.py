"""A case number is taken in a transaction synced to the disk, as a 文号 is (``db.connection.immediate``: synchronous
FULL for its commit): a power cut right after a case was given its number cannot give that number to the next case.
A case created alone, a lead's case and an imported register (one sync for the whole file) each take theirs so."""

from __future__ import annotations

import csv
from dataclasses import replace

import pytest

from tests.helpers import open_db, run_json
from tests.test_leads_workflow import LEAD, fresh_lead
from workstation.records import new_id
from workstation.store import agency_by_code, find_case

CASE = "佛三市监立〔2026〕1号"  # a case of the demo
HEADER = ["案件编号", "当事人", "统一社会信用代码", "所属区", "行业领域", "案由", "违法行为", "立案日期", "办理状态",
          "涉案信息条数", "罚款金额（元）", "没收违法所得（元）"]
ROW = ["", "佛山市南海区测试培训有限公司", "91440605MA4W0X1266", "南海区", "教育培训", "涉嫌未经消费者同意发送商业性信息案",
       "未经同意发送商业性信息", "2026-03-02", "立案调查", "1,200", "20,000.00", "0"]


@pytest.fixture
def station(tmp_path, cli_station):
    return cli_station(tmp_path / "station", ["init", "--agency", "440605"], ["demo", "--without-complaints"])


@pytest.fixture
def taken(monkeypatch):
    """The synchronous level each case number was taken at (2: FULL, 1: NORMAL), wherever it is taken from."""
    from workstation.importing import register
    from workstation.store import cases

    levels = []

    def observed(real):
        def take(db, *args, **kwargs):
            levels.append(db.execute("PRAGMA synchronous").fetchone()[0])
            return real(db, *args, **kwargs)
        return take

    monkeypatch.setattr(cases, "next_case_number", observed(cases.next_case_number))
    monkeypatch.setattr(register, "next_case_number", observed(register.next_case_number))
    return levels


def test_a_case_given_a_number_is_synced_to_the_disk_and_other_writes_are_not(station, taken):
    from workstation.store.cases import create_case

    db = open_db(station)
    try:
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL: the connection's everyday level
        case = create_case(db, replace(find_case(db, CASE), id=new_id(), case_number=""))
        assert taken == [2] and case.case_number.startswith("佛三市监立〔") and case.case_number != CASE  # FULL while its number was taken
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 1
        with db.atomic():  # inside a bigger transaction the outer one decides
            create_case(db, replace(find_case(db, CASE), id=new_id(), case_number=""))
        assert taken == [2, 1]
    finally:
        db.conn.close()


def test_a_leads_case_takes_its_number_in_a_synced_transaction(station, taken):
    from workstation.leads_workflow import assign_lead, file_case_from_lead
    from workstation.procedure import apply
    from workstation.store import update_case

    db = open_db(station)
    try:
        fresh_lead(db)
        assign_lead(db, LEAD, agency_by_code(db, "440604").id, on="2026-03-02",
                    received_by=agency_by_code(db, "440600").id)  # the city bureau assigning (a district station assigns only below it: test_s73_jurisdiction)
        case = file_case_from_lead(db, LEAD)
        assert taken == [] and case.case_number == ""  # 待立案: its number is taken when it is filed
        officers = [r[0] for r in db.execute("SELECT id FROM officers WHERE agency_id = ? AND cert_no != '' "
                                             "ORDER BY name LIMIT 2", [case.agency_id])]
        case = update_case(db, replace(case, officer_ids=officers))
        filed = apply(db, case.id, "file", on_date="2026-03-03")
        assert taken == [2] and filed.case_number.startswith("佛禅市监立〔2026〕")
        assert db.execute("PRAGMA synchronous").fetchone()[0] == 1
    finally:
        db.conn.close()


def test_an_imported_register_takes_its_numbers_in_one_synced_transaction(station, tmp_path, taken, capsys):
    register = tmp_path / "台账.csv"
    with register.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([HEADER, ROW, [*ROW[:1], "佛山市南海区另一培训有限公司", "", *ROW[3:]]])
    assert run_json(capsys, "--data-dir", station, "cases", "import", register)["imported"] == 2
    assert taken == [2, 2]  # both numbers inside the one FULL transaction of the file
