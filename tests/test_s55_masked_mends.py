"""Masked callers' numbers, mended: a mask tells a caller's number only by the digits it shows beyond the area code
(or a mobile's leading 1) — a cell 86****** matches no block of 0757-86xx-xxxx landlines —; the numbers the 被反映对象
column writes are the party complained about's, whatever the mask; a decided lead quotes its own suspect number
though a complaint's masked caller shows the same digits; the stored work-order numbers are looked up by their
index; the rules editor's advice on a word written like a regular expression keeps a phrase whole; m060 writes
its digits batch by batch."""

import csv

from tests.helpers import statements_run
from workstation.importing.complaints import import_complaints, masked_numbers
from workstation.leads_workflow import get_lead_row, lead_context, lead_description
from workstation.screening import screen
from workstation.screening.complaint import screen_complaint
from workstation.screening.phones import extract_phones, hide_own_numbers, masked_own

OWN = "13800138000"


def write(path, header, rows):
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        out = csv.writer(fh)
        out.writerow(header)
        out.writerows(rows)
    return path


def hotline(path, rows, header=("工单编号", "受理时间", "来电号码", "内容描述")):
    return write(path, list(header), rows)


def stored(db, external_id):
    cursor = db.execute("SELECT * FROM complaints WHERE external_id = ?", [external_id])
    row = cursor.fetchone()
    return dict(zip([d[0] for d in cursor.description], row, strict=True)) if row else None


def lead_id_of(db, external_id):
    return db.execute("SELECT lead_id FROM complaints WHERE external_id = ?", [external_id]).fetchone()[0]


# 1. a mask's area code tells no number ---------------------------------------------------------------------------
def test_a_masked_local_number_matches_no_block_of_landlines():
    text = "每天接到0757-86123456和0757-86998877的推销电话"
    assert extract_phones(text, own=("075786******",)) == ["075786123456", "075786998877"]
    # a mobile's leading 1 tells no number either: 138*****000 shows five digits of its own
    assert extract_phones("接到13812345000和13899999000的电话", own=("138*****000",)) == ["13812345000", "13899999000"]
    assert not masked_own("075786******") and not masked_own("07578612****") and not masked_own("138*****000")
    # six digits beyond the area code or the leading 1 tell one
    assert masked_own("138****8000") and masked_own("0757861212**") and masked_own("010861212**")
    assert extract_phones("其电话0757-86121234，接到0757-86129999推销", own=("0757861212**",)) == ["075786129999"]


def test_the_importer_keeps_no_mask_showing_only_a_few_digits_of_a_landline():
    assert masked_numbers("86******", "0757") == ""
    assert masked_numbers("0757-8612****", "0757") == ""
    assert masked_numbers("0757-861212**", "0757") == "0757861212**"


def test_a_masked_landline_callers_complaint_keeps_the_numbers_it_names(db, tmp_path):
    import_complaints(db, [hotline(tmp_path / "mask.csv", [
        ["L1", "2026-05-01 09:00:00", "86******", "每天接到0757-86123456和0757-86998877的推销电话"]])])
    screen(db)
    row = stored(db, "L1")
    assert row["complainant_masked"] == ""
    assert row["phones"].split() == ["075786123456", "075786998877"]
    assert get_lead_row(db, row["lead_id"])["phones"].split() == ["075786123456", "075786998877"]


# 2. the party complained about's numbers -----------------------------------------------------------------------
TARGET_HEADER = ("工单编号", "受理时间", "来电号码", "内容描述", "被反映对象")


def test_the_target_columns_number_is_complained_about_whatever_the_mask():
    found = screen_complaint("每天接到骚扰电话推销楼盘", "", "13812348000", masked="138****8000")
    assert found.phones == "13812348000"
    # the text's number showing the mask's digits is still the complainant's own
    found = screen_complaint("其手机13812348000每天接到骚扰电话推销楼盘", "", "", masked="138****8000")
    assert found.phones == ""


def test_m060_keeps_the_number_the_target_column_writes(db, tmp_path):
    from workstation.db.schema import m060_complaint_masked_digits

    import_complaints(db, [hotline(tmp_path / "target.csv", [
        ["T1", "2026-05-01 09:00:00", "138****8000", "每天接到骚扰电话推销楼盘", "13812348000"],
        ["T2", "2026-05-02 09:00:00", "138****8000", f"其手机{OWN}每天接到13912345678的骚扰电话推销楼盘", "某某地产"]],
        TARGET_HEADER)])
    assert stored(db, "T1")["phones"] == "13812348000"
    # as an earlier version left them: no digits kept, the caller's number read as a suspect number
    db.execute("UPDATE complaints SET complainant_masked = ''")
    db.execute("UPDATE complaints SET phones = ? || ' ' || phones WHERE external_id = 'T2'", [OWN])
    db.execute("ALTER TABLE complaints DROP COLUMN complainant_masked")
    with db.atomic():
        m060_complaint_masked_digits(db)
    assert stored(db, "T1")["phones"] == "13812348000"
    assert stored(db, "T2")["phones"] == "13912345678"
    screen(db)
    assert get_lead_row(db, lead_id_of(db, "T1"))["phones"] == "13812348000"


# 3. the work-order index -----------------------------------------------------------------------------------------
def test_stored_work_order_numbers_are_looked_up_by_their_index(db, tmp_path):
    rows = [["m2", "2026-03-01 09:30:00", "13800138100", "每天接到骚扰电话推销房子"],
            ["Ｍ３", "2026-03-02 09:30:00", "13800138100", "又接到推销电话"]]
    import_complaints(db, [hotline(tmp_path / "case.csv", rows)])
    # as a version keeping a CSV cell's apostrophe stored it: looked up again by the number read now
    db.execute("UPDATE complaints SET external_id = '''M4' WHERE external_id = 'm2'")
    with statements_run(db) as ran:
        again = import_complaints(db, [hotline(tmp_path / "again.csv", [
            ["m2", "2026-03-01 09:30:00", "13800138100", "每天接到骚扰电话推销房子"],
            ["M3", "2026-03-02 09:30:00", "13800138100", "又接到推销电话"],
            ["m4", "2026-03-03 09:30:00", "13800138100", "推销电话不断"]])])
    assert again.imported == 1
    lookups = [s for s in ran if s.lstrip().upper().startswith("SELECT") and "external_id IN" in s]
    assert len(lookups) >= 2
    for statement in lookups:
        plan = str(db.execute("EXPLAIN QUERY PLAN " + statement).fetchall())
        assert "complaints_external" in plan and "SCAN complaints" not in plan, statement


# 4. a decided lead quotes its own suspect number -----------------------------------------------------------------
def test_a_decided_lead_quotes_its_suspect_number_though_a_masked_caller_shows_its_digits(db, tmp_path):
    from workstation.db.schema import m060_complaint_masked_digits

    import_complaints(db, [hotline(tmp_path / "mask.csv", [
        ["D1", "2026-05-04 09:00:00", "136****6000", "其手机13600136000每天接到13755556666的推销电话"]])])
    db.execute("UPDATE complaints SET complainant_masked = ''")
    db.execute("UPDATE complaints SET phones = '13600136000 ' || phones WHERE external_id = 'D1'")
    screen(db, everything=True)
    lead = lead_id_of(db, "D1")
    db.execute("UPDATE leads SET status = 'not_filed', decision = 'not_file', decided_on = '2026-06-01' "
               "WHERE id = ?", [lead])
    db.execute("ALTER TABLE complaints DROP COLUMN complainant_masked")
    with db.atomic():
        m060_complaint_masked_digits(db)
    row = get_lead_row(db, lead)
    assert "13600136000" in row["phones"].split() and "13600136000" in row["description"]
    assert "13600136000" in lead_description(db, row)
    assert "13600136000" in lead_description(db, row, for_party=True)
    assert "13600136000" in str(lead_context(db, row)["case.facts"])
    # a number the lead is not about showing the mask's digits is still hidden
    assert hide_own_numbers("其手机13600136000、13600136000", ("136****6000",), keep=("13755556666",)) == \
        "其手机136****6000、136****6000"
    assert hide_own_numbers("其手机13600136000", ("136****6000",), keep=("13600136000",)) == "其手机13600136000"


# 5. the advice on a word written like a regular expression ----------------------------------------------------------
def test_the_advice_on_a_regular_expression_keeps_a_phrase_whole(english):
    from workstation.screening.rules import regex_like_notes

    (note,) = regex_like_notes('[[category]]\nkey = "x"\nlabel = "X"\nkeywords = ["推销.*电话"]\n')
    assert "推销.*电话" in note and "(推销电话" in note and "(推销|骚扰)" in note
    assert "Write each word to look for in quotes" not in note


# 6. m060 batch by batch ----------------------------------------------------------------------------------------------
def test_m060_gives_every_masked_complaint_its_digits_batch_by_batch(db, tmp_path, monkeypatch):
    from workstation.db.schema import m060_complaint_masked_digits
    from workstation.importing import masked_repair

    rows = [[f"B{n}", f"2026-05-{n + 1:02d} 09:00:00", f"13{n}****800{n}", f"其手机13{n}00138{n}0{n}接到1391234567{n}推销"]
            for n in range(5)]
    rows.append(["B9", "2026-05-09 09:00:00", "13911110001", "接到13912345679推销"])
    import_complaints(db, [hotline(tmp_path / "mask.csv", rows)])
    db.execute("ALTER TABLE complaints DROP COLUMN complainant_masked")
    monkeypatch.setattr(masked_repair, "BATCH", 2)
    with db.atomic():
        m060_complaint_masked_digits(db)
    assert [stored(db, f"B{n}")["complainant_masked"] for n in (0, 1, 2, 3, 4, 9)] == \
        ["130****8000", "131****8001", "132****8002", "133****8003", "134****8004", ""]


def test_a_work_order_in_full_width_lower_case_is_the_one_in_upper_case():
    from workstation.importing.complaints import work_order_id

    assert work_order_id("ｍ３") == work_order_id("Ｍ３") == work_order_id("m3") == "M3"
