"""Complaint import and screening as officers meet them: a hotline export first without its work-order column and
later with it gives the stored complaints their numbers instead of storing them twice; marketing SMS sent from
enterprise SMS ports (1065…, 1069…) form leads by port; complaints stored twice before duplicates were found are
counted and listed once in their lead; a screening with changed rules re-evaluates complaints whose repeat an
import left out."""

import csv
import json

import pytest

from tests.helpers import run
from workstation.importing.complaints import import_complaints
from workstation.masking import mask_text
from workstation.screening import screen
from workstation.screening.phones import extract_phones, normalise_phone
from workstation.screening.rules import shipped_rules_path
from workstation.store.complaints import (
    INSERT_COLUMNS,
    complaints_of_lead,
    count_complaints_of_lead,
    fill_content_keys,
    insert_complaints,
)

HOTLINE = ["受理时间", "来电号码", "内容描述"]
ROWS = [
    ["2026-03-05 14:22:10", "13800138000", "13912345678天天打电话推销楼盘，严重骚扰"],
    ["2026-03-05 15:00:00", "0757-88881234", "收到1069012345678发来的贷款营销短信，回复退订无效"],
    ["2026-03-06", "", "匿名：某楼盘销售知道我的姓名和住址，个人信息被泄露"],  # a date without the hour
]
NUMBERS = ["GD20260305001", "GD20260305002", "GD20260306001"]


def write_csv(path, header, rows, encoding="utf-8"):
    with path.open("w", encoding=encoding, newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def fuller(path, rows=ROWS, numbers=NUMBERS):
    """The same day's export with the work-order column, first."""
    return write_csv(path, ["工单编号", *HOTLINE], [[n, *r] for n, r in zip(numbers, rows, strict=True)])


def stored(db):
    return db.execute("SELECT id, external_id, lead_id FROM complaints ORDER BY rowid").fetchall()


# --- 1. an export without work-order numbers, then the same complaints with them ----------------------------------


def test_a_fuller_export_gives_complaints_stored_without_a_number_their_number(db, tmp_path):
    plain = write_csv(tmp_path / "12345工单（无编号）.csv", HOTLINE, ROWS)
    assert import_complaints(db, [plain]).imported == 3
    screen(db)
    before = stored(db)
    new = ["2026-03-07 09:00:00", "13700137000", "又接到13912345678的推销电话"]
    result = import_complaints(db, [fuller(tmp_path / "12345工单.csv", [*ROWS, new], [*NUMBERS, "GD20260307001"])])
    assert (result.rows, result.imported, result.updated, result.duplicates) == (4, 1, 3, 0)
    after = stored(db)
    assert [r[1] for r in after] == [*NUMBERS, "GD20260307001"]
    assert [(r[0], r[2]) for r in after[:3]] == [(r[0], r[2]) for r in before]  # the same complaints, leads kept
    # neither export adds anything again: by work-order number, and by what the complaint says
    assert import_complaints(db, [tmp_path / "12345工单.csv"]).duplicates == 4
    again = import_complaints(db, [plain])
    assert (again.imported, again.updated, again.duplicates) == (0, 0, 3)
    assert len(stored(db)) == 4


def test_a_dry_run_counts_the_complaints_it_would_give_a_number_and_changes_nothing(db, tmp_path):
    import_complaints(db, [write_csv(tmp_path / "a.csv", HOTLINE, ROWS)])
    result = import_complaints(db, [fuller(tmp_path / "b.csv")], dry_run=True)
    assert (result.imported, result.updated, result.duplicates) == (0, 3, 0)
    assert [r[1] for r in stored(db)] == ["", "", ""]


def test_a_work_order_number_stored_already_is_not_given_to_another_complaint(db, tmp_path):
    import_complaints(db, [write_csv(tmp_path / "a.csv", HOTLINE, ROWS[:1])])
    import_complaints(db, [fuller(tmp_path / "b.csv", ROWS[1:2], NUMBERS[:1])])
    # the fuller export writes that number again, for the first complaint: a duplicate of the number, not a match
    result = import_complaints(db, [fuller(tmp_path / "c.csv", ROWS[:1], NUMBERS[:1])])
    assert (result.imported, result.updated, result.duplicates, result.files[0].number_conflicts) == (0, 0, 0, 1)
    assert sorted(r[1] for r in stored(db)) == ["", NUMBERS[0]]


def test_the_import_summary_says_which_complaints_were_given_their_number(capsys, tmp_path, english):
    data_dir = tmp_path / "站点"
    run(capsys, "complaints", "import", write_csv(tmp_path / "a.csv", HOTLINE, ROWS), "--data-dir", data_dir)
    code, out, _err = run(capsys, "complaints", "import", fuller(tmp_path / "b.csv"), "--data-dir", data_dir)
    assert code == 0
    assert ("b.csv: 3 complaints imported before without a work-order number were recognised by their time, "
            "complainant's number and text and given their number; they were updated, not imported again.") in out
    assert "was imported already" not in out
    code, out, _err = run(capsys, "complaints", "import", fuller(tmp_path / "c.csv"), "--data-dir", data_dir, "--json")
    result = json.loads(out)
    assert (result["imported"], result["updated"], result["duplicates"]) == (0, 0, 3)


def test_the_wizard_summary_says_which_complaints_were_given_their_number(db, make_window, tmp_path, english,
                                                                          prompts):
    import_complaints(db, [write_csv(tmp_path / "a.csv", HOTLINE, ROWS)])
    page = make_window(db).leads_page
    page.run_import([str(fuller(tmp_path / "b.csv"))])
    assert "3 complaints imported before without a work-order number" in prompts.infos[-1]
    assert [r[1] for r in stored(db)] == NUMBERS


# --- 2. SMS ports of the 106 family --------------------------------------------------------------------------------


@pytest.mark.parametrize(("text", "port"), [
    ("收到1069012345678发来的贷款短信", "1069012345678"),
    ("号码10655012345发来营销短信", "10655012345"),
    ("１０６９０１２３４５６７８发来的推广短信", "1069012345678"),  # full-width digits
    ("短信来自1069 0123 4567 8，退订无效", "1069012345678"),
    ("1065-5020-1234-5群发的楼盘短信", "1065502012345"),
    ("端口10690123456789012345发的垃圾短信", "10690123456789012345"),  # 20 digits
    ("10658888发的广告短信", "10658888"),  # 8 digits
])
def test_an_sms_port_is_read_as_its_digits(text, port):
    assert extract_phones(text) == [port]


@pytest.mark.parametrize("text", [
    "投诉贷款短信，借款10650000元",  # an amount
    "订单号10690012345，营销短信不断",  # an order number
    "收到1069012345678901234567的短信",  # 25 digits: no port
    "收到10086发来的话费提醒和10690的短信",  # an operator's number, and too short for a port
])
def test_amounts_ids_and_service_numbers_are_no_sms_port(text):
    assert extract_phones(text) == []


def test_sms_port_is_no_service_number_in_the_rules():
    text = shipped_rules_path().read_text(encoding="utf-8")
    prefixes = next(line for line in text.splitlines() if line.startswith("service_prefixes"))
    assert '"106"' not in prefixes


def test_complaints_about_the_same_sms_port_form_one_lead_by_it(db, tmp_path):
    rows = [["2026-03-05 10:00:00", "13800138001", "收到1069012345678发来的贷款营销短信，从未同意接收"],
            ["2026-03-05 11:00:00", "13800138002", "１０６９ ０１２３ ４５６７ ８天天发推广短信，退订无效"],
            ["2026-03-05 12:00:00", "13800138003", "10655012345群发的楼盘短信，垃圾短信太多"],
            ["2026-03-05 13:00:00", "13800138004", "10086发来的话费账单短信太多"]]
    import_complaints(db, [write_csv(tmp_path / "短信.csv", HOTLINE, rows)])
    result = screen(db)
    leads = sorted((lead["phones"], len(lead["complaint_ids"])) for lead in result.leads)
    assert leads == [(["10655012345"], 1), (["1069012345678"], 2)]
    assert normalise_phone("1069 0123 4567 8") == "1069012345678"


def test_an_sms_port_in_a_complaint_is_shown_with_its_prefix():
    assert mask_text("收到1069012345678发来的短信，本人13800138000") == "收到1069*****5678发来的短信，本人138****8000"


# --- 3. complaints stored twice, and screening again ---------------------------------------------------------------


def _store_twice(db, tmp_path, rows):
    """Rows of an export without work-order numbers as a version before the content keys stored them: the first
    row a second time, then the keys given as the migration gives them."""
    import_complaints(db, [write_csv(tmp_path / "旧导出.csv", HOTLINE, rows)])
    columns = ", ".join(INSERT_COLUMNS[:-1])
    first = list(db.execute(f"SELECT {columns} FROM complaints ORDER BY rowid LIMIT 1").fetchone())
    first[0] = "stored-twice"
    with db.atomic():
        insert_complaints(db, [tuple(first)])
        db.execute("UPDATE complaints SET content_key = NULL")
        fill_content_keys(db)


def test_a_complaint_stored_twice_is_counted_and_listed_once_in_its_lead(db, tmp_path):
    _store_twice(db, tmp_path, ROWS[:1])
    result = screen(db)
    (lead,) = result.leads
    row = db.execute("SELECT complaint_count, description FROM leads WHERE id = ?", [lead["id"]]).fetchone()
    assert row[0] == 1 and "1件投诉" in row[1]
    assert count_complaints_of_lead(db, lead["id"]) == 1
    assert [c["id"] for c in complaints_of_lead(db, lead["id"])] != ["stored-twice"]
    first = db.execute("SELECT id FROM complaints WHERE id != 'stored-twice'").fetchone()[0]
    assert db.execute("SELECT same_as FROM complaints WHERE id = 'stored-twice'").fetchone()[0] == first


def test_copies_that_become_alike_when_their_number_gets_its_area_code_are_linked(db, tmp_path):
    text = "13912345678天天打电话推销楼盘，严重骚扰"
    import_complaints(db, [write_csv(tmp_path / "新.csv", HOTLINE, [["2026-03-05 14:22:10", "075788881234", text]])])
    screen(db)
    columns = ", ".join(INSERT_COLUMNS[:-1])
    old = list(db.execute(f"SELECT {columns} FROM complaints").fetchone())
    old[0], old[INSERT_COLUMNS.index("complainant_phone")] = "old-copy", "88881234"  # as kept before the 0757 rule
    old[INSERT_COLUMNS.index("screened_at")] = None
    with db.atomic():
        insert_complaints(db, [tuple(old)])
        fill_content_keys(db)
    (lead,) = screen(db).leads
    assert db.execute("SELECT complaint_count FROM leads WHERE id = ?", [lead["id"]]).fetchone()[0] == 1
    assert count_complaints_of_lead(db, lead["id"]) == 1


def test_a_complaint_received_through_two_channels_is_still_listed_for_each(db, tmp_path):
    text = "13912345678天天打电话推销楼盘，严重骚扰"
    import_complaints(db, [write_csv(tmp_path / "12345.csv", HOTLINE, [["2026-03-05 14:22:10", "13800138000", text]])])
    council = write_csv(tmp_path / "消委会.csv", ["投诉时间", "投诉人电话", "投诉内容"],
                        [["2026-03-06 09:00:00", "13800138000", text]])
    assert import_complaints(db, [council]).files[0].same_as == 1
    (lead,) = screen(db).leads
    assert count_complaints_of_lead(db, lead["id"]) == 2
    assert db.execute("SELECT complaint_count FROM leads").fetchone()[0] == 1


def test_screening_with_changed_rules_re_evaluates_a_complaint_whose_repeat_was_left_out(db, data_dir, tmp_path):
    path = fuller(tmp_path / "12345工单.csv", ROWS[:1], NUMBERS[:1])
    import_complaints(db, [path])
    assert len(screen(db).leads) == 1
    edited = data_dir / "screening" / "rules.toml"
    edited.parent.mkdir()
    words = shipped_rules_path().read_text(encoding="utf-8")
    for word in ("天天打电话", "打电话推销", "电话推销"):  # the words the complaint was flagged by
        words = words.replace(f'"{word}", ', "")
    edited.write_text(words, encoding="utf-8")
    assert import_complaints(db, [path]).duplicates == 1
    result = screen(db)
    assert result.leads == [] and result.related == 0
    assert db.execute("SELECT category, phones, lead_id FROM complaints").fetchone() == ("", "", None)


# --- a messy export: what an officer's files look like -------------------------------------------------------------


@pytest.mark.parametrize(("written", "stored"), [
    ("0757-83331234转801", "075783331234"),
    ("0757-8333 1234 转 801", "075783331234"),
    ("(0757)83331234分机801", "075783331234"),
    ("075783331234 ext.801", "075783331234"),
    ("0757-83331234-801", "075783331234"),
    ("+86-757-83331234-801", "075783331234"),
    ("83331234转801", "075783331234"),
    ("020-81234567转123", "02081234567"),
    ("13800138000转1", "13800138000"),
    ("１３８ ００１３ ８０００转１２", "13800138000"),
])
def test_an_extension_after_the_complainants_number_is_not_part_of_it(written, stored):
    from workstation.importing.complaints import complainant_digits

    assert complainant_digits(written) == stored


def test_a_gb18030_hotline_export_with_a_title_row_and_numbers_written_every_way(db, tmp_path):
    rows = [["佛山市12345热线工单导出（2026年3月）", "", "", "", ""],
            ["工单编号", "来电时间", "来电号码", "诉求内容", "所属区"],
            ["FS001", "2026/3/5 9:05", "0757-8333 1234转801", "近期天天接到推销楼盘的骚扰电话，本人电话0757-83331234",
             "顺德"],
            ["FS002", "2026年3月6日 14:30", "＋８６ １３９ ００１３ ９０００",
             "收到１０６９０１２３４５６７８发来的贷款营销短信，退订无效", "佛山市南海区桂城街道"],
            ["FS003", "2026-03-07 08:00", "0757-83331234-801", "商家拒不退款", "禅城"],
            ["合计", "3件", "", "", ""]]
    path = tmp_path / "12345热线.csv"
    with path.open("w", encoding="gb18030", newline="") as fh:
        csv.writer(fh).writerows(rows)
    result = import_complaints(db, [path])
    assert (result.rows, result.imported, result.errors) == (3, 3, [])
    stored_rows = db.execute("SELECT external_id, complainant_phone, district, phones FROM complaints "
                             "ORDER BY external_id").fetchall()
    # the extension is no part of the caller's number, whose own number in the text is then no lead's number; the
    # district column's short names are the districts they name, as screening writes them
    assert stored_rows == [("FS001", "075783331234", "顺德区", ""), ("FS002", "13900139000", "南海区", "1069012345678"),
                           ("FS003", "075783331234", "禅城区", "")]
    (lead,) = screen(db).leads
    assert lead["phones"] == ["1069012345678"] and lead["district"] == "南海区"
