"""Complaint cells audit: a caller's number an export shows masked (138****8000) keeps the digits it shows, so that the
complainant's own number written in the text (其手机13800138000…) is no suspect number and joins no complaints about
different callers; CSV cells an Excel user kept as text (="202603010001", '202603010002) read as the value they guard;
work-order numbers differing only in case or full width (m2/M2, Ｍ３/M3) one work order."""

import csv

import openpyxl

from workstation.importing.complaints import import_complaints, read_header
from workstation.screening import screen
from workstation.screening.phones import extract_phones, hide_own_numbers
from workstation.store.complaints import content_key

OWN = "13800138000"


def write(path, header, rows, encoding="utf-8-sig"):
    with open(path, "w", encoding=encoding, newline="") as fh:
        out = csv.writer(fh)
        out.writerow(header)
        out.writerows(rows)
    return path


def hotline(path, rows):
    return write(path, ["工单编号", "受理时间", "来电号码", "内容描述"], rows)


def workbook(path, rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["工单编号", "受理时间", "来电号码", "内容描述"])
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def stored(db, external_id):
    cursor = db.execute("SELECT * FROM complaints WHERE external_id = ?", [external_id])
    row = cursor.fetchone()
    return dict(zip([d[0] for d in cursor.description], row, strict=True)) if row else None


def lead_of(db, external_id):
    cursor = db.execute("SELECT leads.* FROM leads JOIN complaints ON complaints.lead_id = leads.id "
                        "WHERE complaints.external_id = ?", [external_id])
    return dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=True))


# 1. the complainant's own number behind a masked cell -----------------------------------------------------------
MASKED_ROWS = [
    ["M1", "2026-05-01 09:00:00", "138****8000", f"市民来电反映：其手机{OWN}每天接到13912345678的骚扰电话推销楼盘"],
    ["M2", "2026-05-02 09:00:00", "138****8000", f"市民反映其号码{OWN}经常接到推销电话，号码13700001111"],
]


def test_a_number_of_the_text_showing_the_masked_cells_digits_is_the_complainants_own():
    text = f"其手机{OWN}每天接到13912345678的骚扰电话，又接到13800138001、1380013800的来电"
    assert extract_phones(text, own=("138****8000",)) == ["13912345678", "13800138001"]
    # the digits shown in place, whatever the mask is written with once stored
    assert extract_phones(text, own=("1380013****",)) == ["13912345678"]
    # a mask showing too few digits tells no number: the numbers complained about stay
    assert extract_phones(text, own=("138********",)) == [OWN, "13912345678", "13800138001"]


def test_a_masked_landline_leaves_out_the_same_number_written_with_or_without_its_area_code():
    text = "其电话0757-86121234，每天接到075783339999推销电话；家里电话8612 1234也接到"
    assert extract_phones(text, own=("0757861212**",)) == ["075783339999"]
    # the area code tells no number: a mask showing four digits beyond it leaves every number
    assert extract_phones(text, own=("07578612****",)) == ["075786121234", "075783339999"]


def test_a_text_quoted_for_the_case_file_masks_the_complainants_own_number_behind_a_masked_cell():
    shown = hide_own_numbers(f"其手机{OWN}每天接到13912345678的骚扰电话", ("138****8000",))
    assert OWN not in shown and "138****8000" in shown and "13912345678" in shown


def test_the_import_keeps_the_digits_a_masked_cell_shows_its_number_still_none(db, tmp_path):
    path = hotline(tmp_path / "mask.csv", [*MASKED_ROWS,
                                          ["M3", "2026-05-03 09:00:00", "13911110001/138 **** 8000", "收到推销短信"],
                                          ["M4", "2026-05-03 10:00:00", "+86-757-861212××", "收到推销短信"]])
    import_complaints(db, [path])
    assert (stored(db, "M1")["complainant_phone"], stored(db, "M1")["complainant_masked"]) == ("", "138****8000")
    assert (stored(db, "M3")["complainant_phone"], stored(db, "M3")["complainant_masked"]) == \
        ("13911110001", "138****8000")
    assert stored(db, "M4")["complainant_masked"] == "0757861212**"


def test_complaints_of_one_masked_caller_about_different_callers_are_two_leads_without_the_callers_number(db,
                                                                                                      tmp_path):
    import_complaints(db, [hotline(tmp_path / "mask.csv", MASKED_ROWS)])
    screen(db)
    first, second = lead_of(db, "M1"), lead_of(db, "M2")
    assert first["id"] != second["id"]
    assert first["phones"].split() == ["13912345678"] and second["phones"].split() == ["13700001111"]


def test_a_lead_quotes_its_complaint_without_the_masked_callers_own_number(db, tmp_path):
    import_complaints(db, [hotline(tmp_path / "mask.csv", MASKED_ROWS)])
    screen(db, everything=True)
    lead = lead_of(db, "M1")
    assert lead["phones"].split() == ["13912345678"]
    assert OWN not in lead["description"] and "138****8000" in lead["description"]


def test_a_masked_callers_complaint_without_work_order_keeps_its_content_key(db, tmp_path):
    text = "收到推销短信，号码13912345678"
    path = write(tmp_path / "区热线.csv", ["受理时间", "来电号码", "内容描述"],
                 [["2026-11-05 10:00:00", "138****8000", text]])
    import_complaints(db, [path], profile="12345")
    (key,) = db.execute("SELECT content_key FROM complaints").fetchone()
    assert key == content_key("12345", "2026-11-05 10:00:00", "", text)
    again = import_complaints(db, [path], profile="12345")
    assert again.imported == 0 and again.duplicates == 1


def test_m060_gives_stored_masked_cells_their_digits_and_takes_the_callers_number_out_of_undecided_complaints(
        db, tmp_path):
    from workstation.db.schema import m060_complaint_masked_digits

    decided = ["D1", "2026-05-04 09:00:00", "136****6000", "其手机13600136000每天接到13755556666的推销电话"]
    import_complaints(db, [hotline(tmp_path / "mask.csv", [*MASKED_ROWS, decided])])
    # as an earlier version left them: no digits kept, the caller's number read as a suspect number
    db.execute("UPDATE complaints SET complainant_masked = ''")
    db.execute("UPDATE complaints SET phones = ? || ' ' || phones WHERE external_id IN ('M1', 'M2')", [OWN])
    db.execute("UPDATE complaints SET phones = '13600136000 ' || phones WHERE external_id = 'D1'")
    screen(db)
    assert lead_of(db, "M1")["id"] == lead_of(db, "M2")["id"]  # joined by the caller's own number
    lead = lead_of(db, "D1")["id"]
    db.execute("UPDATE leads SET status = 'not_filed', decision = 'not_file', decided_on = '2026-06-01' "
               "WHERE id = ?", [lead])
    before = stored(db, "D1")
    db.execute("ALTER TABLE complaints DROP COLUMN complainant_masked")  # the column the migration adds
    with db.atomic():
        m060_complaint_masked_digits(db)
    assert stored(db, "M1")["complainant_masked"] == "138****8000"
    assert stored(db, "M1")["phones"] == "13912345678" and stored(db, "M2")["phones"] == "13700001111"
    after = stored(db, "D1")  # in a decided lead: its screening stays what the decision rested on
    assert after["complainant_masked"] == "136****6000"
    assert (after["phones"], after["screened_at"]) == (before["phones"], before["screened_at"])
    assert after["phones"].startswith("13600136000")
    screen(db)
    assert lead_of(db, "M1")["id"] != lead_of(db, "M2")["id"]
    assert lead_of(db, "M1")["phones"] == "13912345678"


# 2. cells an Excel user kept as text ----------------------------------------------------------------------------
def test_guarded_work_order_numbers_are_the_work_orders_a_workbook_imported(db, tmp_path):
    book = workbook(tmp_path / "x.xlsx", [["202603010001", "2026-03-01 09:30:00", "13800138100", "每天接到骚扰电话推销房子"],
                                          ["202603010002", "2026-03-02 10:00:00", "075786120002", "频繁来电推销装修"]])
    guarded = tmp_path / "guarded.csv"
    guarded.write_text("工单编号,受理时间,来电号码,内容描述\n"
                       '="202603010001",="2026-03-01 09:30:00",="13800138100",每天接到骚扰电话推销房子\n'
                       "'202603010002,'2026-03-02 10:00:00,'075786120002,频繁来电推销装修\n", encoding="utf-8")
    import_complaints(db, [book])
    again = import_complaints(db, [guarded])
    assert again.imported == 0 and again.duplicates == 2 and again.files[0].number_conflicts == 0
    assert [r[0] for r in db.execute("SELECT external_id FROM complaints ORDER BY 1")] == \
        ["202603010001", "202603010002"]


def test_a_guarded_receipt_time_is_read(db, tmp_path):
    path = tmp_path / "eq.csv"
    path.write_text("工单编号,受理时间,来电号码,内容描述\n"
                    '="202603010001",="2026-03-01 09:30:00",="13800138100",每天接到骚扰电话推销房子\n', encoding="utf-8")
    assert read_header(db, path).samples["受理时间"] == ["2026-03-01 09:30:00"]  # the wizard's samples as read
    assert import_complaints(db, [path]).imported == 1
    row = stored(db, "202603010001")
    assert (row["received_at"], row["complainant_phone"]) == ("2026-03-01 09:30:00", "13800138100")


def test_work_order_numbers_differing_in_case_or_width_are_one_work_order(db, tmp_path):
    path = hotline(tmp_path / "case.csv", [["m2", "2026-03-01 09:30:00", "13800138100", "每天接到骚扰电话推销房子"],
                                           ["M2", "2026-03-01 09:30:00", "13800138100", "每天接到骚扰电话推销房子"],
                                           ["Ｍ３", "2026-03-02 09:30:00", "13800138100", "又接到推销电话"],
                                           ["m3", "2026-03-02 09:30:00", "13800138100", "又接到推销电话"]])
    result = import_complaints(db, [path])
    assert result.imported == 2 and result.files[0].number_conflicts == 0
    # stored as the export first wrote them
    assert [r[0] for r in db.execute("SELECT external_id FROM complaints ORDER BY 1")] == ["m2", "Ｍ３"]
    book = workbook(tmp_path / "x.xlsx", [["M2", "2026-03-01 09:30:00", "13800138100", "每天接到骚扰电话推销房子"],
                                          ["m3", "2026-03-02 09:30:00", "13800138100", "又接到推销电话"]])
    again = import_complaints(db, [book])
    assert again.imported == 0 and again.duplicates == 2


def test_numbers_an_earlier_version_stored_as_written_are_still_found_as_doubles(db, tmp_path):
    rows = [["m2", "2026-03-01 09:30:00", "13800138100", "每天接到骚扰电话推销房子"],
            ["Ｍ３", "2026-03-02 09:30:00", "13800138100", "又接到推销电话"],
            ["202603010001", "2026-03-03 09:30:00", "13800138100", "推销电话不断"]]
    path = hotline(tmp_path / "case.csv", rows)
    import_complaints(db, [path])
    # as versions before cells kept as text were read so stored them
    db.execute("""UPDATE complaints SET external_id = '="202603010001"' WHERE external_id = '202603010001'""")
    guarded = tmp_path / "guarded.csv"
    guarded.write_text("工单编号,受理时间,来电号码,内容描述\n"
                       "m2,2026-03-01 09:30:00,13800138100,每天接到骚扰电话推销房子\n"
                       'M3,2026-03-02 09:30:00,13800138100,又接到推销电话\n'
                       "'202603010001,2026-03-03 09:30:00,13800138100,推销电话不断\n", encoding="utf-8")
    book = workbook(tmp_path / "x.xlsx", [["M2", "2026-03-01 09:30:00", "13800138100", "每天接到骚扰电话推销房子"]])
    again = import_complaints(db, [path, guarded, book])
    assert again.imported == 0 and again.duplicates == 7
    assert [f.number_conflicts for f in again.files] == [0, 0, 0]


def test_a_guarded_row_without_work_order_stored_as_written_before_is_a_double(db, tmp_path):
    path = tmp_path / "区热线.csv"
    path.write_text("受理时间,来电号码,内容描述\n'2026-11-05,'13800138100,'收到推销短信\n", encoding="utf-8")
    import_complaints(db, [path], profile="12345")
    assert db.execute("SELECT text, received_at FROM complaints").fetchone() == ("收到推销短信", "2026-11-05 00:00:00")
    # the key a version keeping the guards gave it (its time then unguarded: a guarded one was refused)
    written = path.read_text(encoding="utf-8").replace("'2026", "2026")
    path.write_text(written, encoding="utf-8")
    db.execute("UPDATE complaints SET text = ?, content_key = ?", [
        "'收到推销短信", content_key("12345", "2026-11-05 00:00:00", "13800138100", "'收到推销短信",
                                ["2026-11-05", "'13800138100", "'收到推销短信"])])
    again = import_complaints(db, [path], profile="12345")
    assert again.imported == 0 and again.duplicates == 1
