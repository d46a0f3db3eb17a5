"""Clearing an officer's correction puts the complaint (and its copies from other channels) back into the lead the
correction took it out of (m037 ``verdict_lead``), recounted, while that lead is undecided; a lead decided or
removed since gets nothing back and says so. The lead lists the complaints taken out of it, and the complaint
search finds a complaint by its work-order number."""

from tests.test_complaint_verdict import CALLER, LEAK, LEAK2, MASKED_CALLER, add, complaint, lead_of
from tests.test_complaint_verdict_copies import add_copy
from workstation.screening import screen
from workstation.screening.verdict import correct_complaint, taken_out_of
from workstation.screening.without_lead import complaints_without_lead
from workstation.store.complaints import count_complaints, search_complaints

LEAK3 = "13812345678又来电推销楼盘，个人信息被卖。"


def count_of(db, lead_id: str) -> int:
    return db.execute("SELECT complaint_count FROM leads WHERE id = ?", [lead_id]).fetchone()[0]


def test_clearing_puts_the_complaint_back_into_the_lead_it_left_and_recounts_it(db):
    add(db, [("V1", LEAK), ("V2", LEAK2), ("V3", LEAK3)])
    screen(db)
    lead_id = lead_of(db, "V1")["id"]
    assert count_of(db, lead_id) == 3
    correct_complaint(db, "V1", "unrelated", "误判")
    assert complaint(db, "V1")["verdict_lead"] == lead_id and count_of(db, lead_id) == 2
    assert [c["external_id"] for c in taken_out_of(db, lead_id)] == ["V1"]
    assert taken_out_of(db, lead_id)[0]["verdict_reason"] == "误判"
    result = correct_complaint(db, "V1", None)
    row = complaint(db, "V1")
    assert (row["lead_id"], row["verdict_lead"], row["verdict"]) == (lead_id, None, None)
    assert result.lead_back == lead_id and result.lead_kept == ""
    assert count_of(db, lead_id) == 3
    assert taken_out_of(db, lead_id) == []
    assert "V1" not in [c.external_id for c in complaints_without_lead(db)]  # not waiting for screening


def test_clearing_puts_every_copy_back_into_its_lead(db):
    add(db, [("V1", LEAK), ("V2", LEAK2)])
    add_copy(db, "C1", "V1")
    screen(db)
    lead_id = lead_of(db, "V1")["id"]
    correct_complaint(db, "C1", "unrelated", "误判")
    assert complaint(db, "V1")["lead_id"] is None and complaint(db, "C1")["lead_id"] is None
    correct_complaint(db, "V1", None)
    assert complaint(db, "V1")["lead_id"] == lead_id == complaint(db, "C1")["lead_id"]
    assert count_of(db, lead_id) == 2  # the copy counts once, as screening counts it


def test_a_lead_decided_since_gets_nothing_back_and_the_clearing_says_so(db):
    add(db, [("V1", LEAK), ("V2", LEAK2)])
    screen(db)
    lead_id = lead_of(db, "V1")["id"]
    correct_complaint(db, "V1", "unrelated", "误判")
    db.execute("UPDATE leads SET status = 'not_filed', decision = 'not_file', decided_on = '2026-04-01' WHERE id = ?",
               [lead_id])
    result = correct_complaint(db, "V1", None)
    assert result.lead_back is None and MASKED_CALLER in result.lead_kept  # the kept lead named, its number masked
    assert CALLER not in result.lead_kept
    assert complaint(db, "V1")["lead_id"] is None and count_of(db, lead_id) == 1
    assert "V1" in [c.external_id for c in complaints_without_lead(db)]  # left for screening


def test_a_lead_removed_since_gets_nothing_back(db):
    add(db, [("V1", LEAK)])
    screen(db)
    lead_id = complaint(db, "V1")["lead_id"]
    correct_complaint(db, "V1", "unrelated", "误判")  # its only complaint: the screened lead is left empty, kept
    db.execute("DELETE FROM leads WHERE id = ?", [lead_id])  # removed since, as an older version removed it
    result = correct_complaint(db, "V1", None)
    assert result.lead_back is None and result.lead_kept
    assert complaint(db, "V1")["lead_id"] is None


def test_the_complaint_search_finds_a_complaint_by_its_work_order_number(db):
    add(db, [("2026031200045", LEAK), ("Q7", LEAK2), ("X9", "商铺噪音扰民")])
    screen(db)
    for number in ("2026031200045", "Q7"):  # long (the trigram index) and short (the base table)
        found = search_complaints(db, number)
        assert [h.external_id for h in found] == [number]
        assert count_complaints(db, number) == 1
    # a text search still finds the texts; the complaint numbered as the query comes first, not twice
    add(db, [("楼盘", "推销楼盘的电话不断")])
    found = [h.external_id for h in search_complaints(db, "楼盘")]
    assert found[0] == "楼盘" and sorted(found) == sorted(["楼盘", "2026031200045", "Q7"])
    assert count_complaints(db, "楼盘") == 3
    assert [h.external_id for h in search_complaints(db, "楼盘", limit=2, offset=1)] == found[1:]


def test_the_command_line_says_the_complaint_went_back_into_its_lead(data_dir, capsys, english):
    from tests.helpers import open_db, run, run_json

    run_json(capsys, "--data-dir", data_dir, "init", "--plaintext")
    db = open_db(data_dir)
    add(db, [("V1", LEAK), ("V2", LEAK2)])
    screen(db)
    lead_id = lead_of(db, "V1")["id"]
    db.conn.close()
    run_json(capsys, "--data-dir", data_dir, "complaints", "correct", "V1", "--not-related", "--reason", "误判")
    code, out, _err = run(capsys, "--data-dir", data_dir, "complaints", "correct", "V1", "--clear")
    assert code == 0 and "went back into the lead it had been taken out of" in out
    db = open_db(data_dir)
    assert complaint(db, "V1")["lead_id"] == lead_id
    db.conn.close()
