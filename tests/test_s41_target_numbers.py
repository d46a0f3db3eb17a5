"""A telephone number written in the 被反映对象 column (the party complained about) is a number the complaint is
about: screening groups complaints by it as by a number of their text (REFERENCE §6.2), never taking the
complainant's own number or an ID number written there. Two complaints naming 13912345678 only there were left out
of any lead: "names no number or business: nothing to group it by"."""

import csv

from workstation.importing.complaints import import_complaints
from workstation.screening import screen
from workstation.screening.complaint import screen_complaint

HEADER = ["工单编号", "受理时间", "来电号码", "内容描述", "被反映对象"]
ROWS = [["T1", "2026-11-02 10:00:00", "13700001111", "每天接到推销电话，对方推销楼盘，严重骚扰", "13912345678"],
        ["T2", "2026-11-03 10:00:00", "13700002222", "频繁接到骚扰电话推销房子", "号码 139-1234-5678 的使用人"],
        ["T3", "2026-11-04 10:00:00", "13700003333", "频繁接到骚扰电话推销贷款", "张三(身份证440602199001011234)"],
        ["T4", "2026-11-05 10:00:00", "13700004444", "频繁接到骚扰电话推销装修", "13700004444"]]


def test_the_numbers_of_the_party_complained_about_are_the_complaint_s(english):
    found = screen_complaint("每天接到推销电话，对方推销楼盘，严重骚扰", "13700001111",
                             "佛山市某某房产中介有限公司 0757-83456789")
    assert found.category and found.phones == "075783456789"
    text_first = screen_complaint("13800138000天天打来推销楼盘，骚扰电话", "13700001111", "13912345678")
    assert text_first.phones == "13800138000 13912345678"  # the text's first, as its businesses come first


def test_neither_the_complainant_s_own_number_nor_an_id_number_there_is_taken(english):
    assert screen_complaint("频繁接到骚扰电话推销装修", "13700004444", "13700004444").phones == ""
    assert screen_complaint("频繁接到骚扰电话推销贷款", "13700003333", "张三(身份证440602199001011234)").phones == ""


def test_complaints_naming_one_number_as_the_party_complained_about_make_one_lead(db, tmp_path):
    path = tmp_path / "12345.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([HEADER, *ROWS])
    assert import_complaints(db, [path]).imported == 4
    screen(db)
    leads = dict(db.execute("SELECT external_id, lead_id FROM complaints").fetchall())
    assert leads["T1"] is not None and leads["T1"] == leads["T2"]
    assert leads["T3"] is None and leads["T4"] is None
    assert db.execute("SELECT phones, complaint_count FROM leads WHERE id = ?", [leads["T1"]]).fetchone() == (
        "13912345678", 2)
