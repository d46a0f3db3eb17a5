# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""An officer corrects screening's verdict on one complaint (m036): the correction lasts through screening again and
rule changes, the complaint leaves its undecided lead (counted again) or the correction is refused naming a decided
lead, it is audited, the command line does it, it travels in bundles and the statistics count by it."""

import re
import uuid

import pytest

from tests.helpers import beijing_today, run, run_json
from tests.test_bundle_hq import dirs, template  # noqa: F401 - fixtures used by name
from workstation.errors import TransitionRefused, ValidationError
from workstation.screening import screen
from workstation.screening.complaint import screen_complaint
from workstation.screening.verdict import correct_complaint
from workstation.screening.without_lead import complaints_without_lead

CALLER = "13812345678"
MASKED_CALLER = "138****5678"  # the caller as messages name a number lead: masked
LEAK = f"接到{CALLER}的骚扰电话推销楼盘，个人信息被泄露。"
LEAK2 = f"{CALLER}天天打来推销楼盘，怀疑个人信息被泄露。"
LEAK3 = f"号码{CALLER}又来电推销楼盘，个人信息被卖。"
# about a lost ID card's "个人信息" page: no personal information infringed, and no rule would say so
MISS = "有人冒用我的身份开了网店账户，号码13700001111一直在联系我的客户。"


def add(db, rows):
    with db.atomic():
        for external_id, text in rows:
            db.execute("INSERT INTO complaints (id, source, channel, external_id, received_at, text, created_at) "
                       "VALUES (?, '12345', '12345', ?, '2026-03-02 10:00:00', ?, '2026-03-31T00:00:00+08:00')",
                       [str(uuid.uuid4()), external_id, text])


def complaint(db, external_id) -> dict:
    cursor = db.execute("SELECT * FROM complaints WHERE external_id = ?", [external_id])
    return dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=True))


def lead_of(db, external_id) -> dict | None:
    lead_id = complaint(db, external_id)["lead_id"]
    if lead_id is None:
        return None
    cursor = db.execute("SELECT * FROM leads WHERE id = ?", [lead_id])
    return dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=True))


def test_m036_adds_the_verdict_and_leaves_the_complaints_stored_before_without_one(db, data_dir):
    from workstation.db import open_database
    from workstation.db.connection import applied_schema
    from workstation.paths import database_path

    add(db, [("V1", LEAK)])
    screen(db)
    with db.atomic():  # the database as the version before m036 left it
        for column in ("verdict", "verdict_reason", "verdict_by", "verdict_at"):
            db.execute(f"ALTER TABLE complaints DROP COLUMN {column}")
        db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm036_complaint_verdict'")
    db.conn.close()
    again = open_database(database_path(data_dir))  # m036 runs
    try:
        assert "m036_complaint_verdict" in applied_schema(again)
        row = complaint(again, "V1")
        assert (row["verdict"], row["verdict_reason"], row["verdict_by"], row["verdict_at"]) == (None, "", "", None)
        assert row["category"] and row["lead_id"]
        with pytest.raises(Exception, match="CHECK"):
            again.execute("UPDATE complaints SET verdict = 'maybe' WHERE external_id = 'V1'")
    finally:
        again.conn.close()


def test_a_complaint_corrected_to_not_related_leaves_its_lead_and_stays_so_when_screened_again(db):
    add(db, [("V1", LEAK), ("V2", LEAK2), ("V3", LEAK3)])
    screen(db)
    lead = lead_of(db, "V1")
    assert lead["complaint_count"] == 3
    result = correct_complaint(db, "V1", "unrelated", "投诉的是号码被冒用，不涉及个人信息泄露")
    assert result.lead_left == lead["id"] and result.category == ""
    row = complaint(db, "V1")
    assert (row["category"], row["lead_id"], row["verdict"]) == ("", None, "unrelated")
    assert row["verdict_reason"] == "投诉的是号码被冒用，不涉及个人信息泄露" and row["verdict_at"]
    # the lead is counted again as screening counts it
    assert lead_of(db, "V2")["complaint_count"] == 2 and lead_of(db, "V2")["id"] == lead["id"]
    # screening again, and every complaint screened again (as after a rule change), keep the correction
    screen(db)
    screen(db, everything=True)
    assert complaint(db, "V1")["category"] == "" and complaint(db, "V1")["lead_id"] is None
    assert lead_of(db, "V2")["complaint_count"] == 2


def test_a_complaint_corrected_to_related_is_grouped_by_the_next_screening_and_kept(db):
    add(db, [("M1", MISS)])
    screen(db)
    assert complaint(db, "M1")["category"] == ""
    correct_complaint(db, "M1", "related", "冒用身份信息开户，属于个人信息被侵害")
    row = complaint(db, "M1")
    assert row["category"] == "information_leak" and "13700001111" in row["phones"]
    assert [c.external_id for c in complaints_without_lead(db)] == ["M1"]
    screen(db, everything=True)
    assert lead_of(db, "M1")["phones"] == "13700001111"


def test_clearing_the_verdict_restores_screenings_own(db):
    add(db, [("V1", LEAK), ("V2", LEAK2)])
    screen(db)
    correct_complaint(db, "V1", "unrelated", "误判")
    correct_complaint(db, "V1", None)
    row = complaint(db, "V1")
    assert (row["verdict"], row["verdict_reason"], row["verdict_at"]) == (None, "", None)
    assert row["category"] == screen_complaint(LEAK).category != ""
    screen(db)
    assert lead_of(db, "V1")["id"] == lead_of(db, "V2")["id"]


def test_the_last_complaint_corrected_out_of_a_screened_lead_leaves_it_empty_for_the_correction_to_be_undone(db):
    add(db, [("V1", LEAK)])
    screen(db)
    lead_id = lead_of(db, "V1")["id"]
    correct_complaint(db, "V1", "unrelated", "误判")
    assert db.execute("SELECT complaint_count FROM leads WHERE id = ?", [lead_id]).fetchone() == (0,)
    assert complaint(db, "V1")["lead_id"] is None


def test_a_decided_lead_keeps_its_complaints_and_the_correction_is_refused_naming_it(db):
    add(db, [("V1", LEAK), ("V2", LEAK2)])
    screen(db)
    lead_id = lead_of(db, "V1")["id"]
    db.execute("UPDATE leads SET status = 'not_filed', decision = 'not_file', decided_on = '2026-04-01' WHERE id = ?",
               [lead_id])
    before = complaint(db, "V1")
    with pytest.raises(TransitionRefused, match=re.escape(MASKED_CALLER)) as refused:
        correct_complaint(db, "V1", "unrelated", "误判")
    # naming the complaint and the day its lead was registered (screened today), the lead's number masked
    assert "V1" in refused.value.message and beijing_today().isoformat() in refused.value.message
    assert CALLER not in refused.value.message
    assert complaint(db, "V1") == before
    # related again changes nothing of the lead: allowed
    correct_complaint(db, "V1", "related", "确认涉及个人信息")
    assert complaint(db, "V1")["lead_id"] == lead_id


def test_a_correction_needs_a_reason_and_a_known_complaint(db):
    add(db, [("V1", LEAK)])
    with pytest.raises(ValidationError) as refused:
        correct_complaint(db, "V1", "unrelated", "  ")
    assert "reason" in refused.value.errors
    with pytest.raises(Exception, match="NOPE"):
        correct_complaint(db, "NOPE", "unrelated", "误判")
    assert complaint(db, "V1")["verdict"] is None
    # the same work-order number from another channel: which one is meant is asked, by its id
    db.execute("INSERT INTO complaints (id, source, channel, external_id, received_at, text, created_at) VALUES "
               "('other', 'consumer_council', 'consumer_council', 'V1', '2026-03-03 10:00:00', ?, '2026-03-31')",
               [LEAK2])
    with pytest.raises(ValidationError, match="V1"):
        correct_complaint(db, "V1", "unrelated", "误判")
    correct_complaint(db, "other", "unrelated", "误判")
    assert db.execute("SELECT verdict FROM complaints WHERE id = 'other'").fetchone() == ("unrelated",)


def test_the_correction_is_audited_as_a_complaint_edit(db):
    from workstation.audit import acting, digest

    add(db, [("V1", LEAK)])
    db.execute("INSERT INTO officers (id, name, agency_id, updated_at) SELECT 'o1', '张三', id, '' FROM agencies "
               "LIMIT 1")
    cid = complaint(db, "V1")["id"]
    with acting("张三"):
        correct_complaint(db, "V1", "unrelated", "误判：与个人信息无关")
    corrected = complaint(db, "V1")
    assert corrected["verdict_by"] == "张三"
    with acting("张三"):
        correct_complaint(db, "V1", None)
    entries = db.execute("SELECT action, actor, after_digest FROM audit WHERE entity = 'complaint' "
                         "AND entity_id = ? ORDER BY seq", [cid]).fetchall()
    assert [e[:2] for e in entries] == [("correct", "张三"), ("uncorrect", "张三")]
    assert entries[0][2] == digest(corrected)
    assert complaint(db, "V1")["verdict_by"] == ""


def test_statistics_count_related_complaints_by_the_corrected_verdict(db):
    from workstation.stats import campaign_stats

    add(db, [("V1", LEAK), ("V2", LEAK2), ("M1", MISS)])
    screen(db)
    before = campaign_stats(db)["complaints"]["related"]
    correct_complaint(db, "V1", "unrelated", "误判")
    correct_complaint(db, "M1", "related", "漏判")
    correct_complaint(db, "V2", "unrelated", "误判")
    assert campaign_stats(db)["complaints"]["related"] == before - 1


def test_the_command_line_corrects_and_clears(data_dir, capsys):
    from tests.helpers import open_db

    run_json(capsys, "--data-dir", data_dir, "init", "--plaintext")
    db = open_db(data_dir)
    add(db, [("V1", LEAK), ("V2", LEAK2)])
    screen(db)
    db.conn.close()
    code, out, err = run(capsys, "--data-dir", data_dir, "complaints", "correct", "V1", "--not-related")
    assert code == 1 and "--reason" in err and out == ""
    with pytest.raises(SystemExit) as usage:
        run(capsys, "--data-dir", data_dir, "complaints", "correct", "V1", "--related", "--clear")
    assert usage.value.code == 2
    result = run_json(capsys, "--data-dir", data_dir, "complaints", "correct", "V1", "--not-related",
                      "--reason", "误判")
    assert result["verdict"] == "unrelated" and result["related"] is False and result["lead_left"]
    assert result["external_id"] == "V1"
    code, out, err = run(capsys, "--data-dir", data_dir, "complaints", "correct", "V1", "--clear")
    assert code == 0 and "V1" in out
    db = open_db(data_dir)
    assert complaint(db, "V1")["verdict"] is None and complaint(db, "V1")["category"]
    db.conn.close()
    code, out, err = run(capsys, "--data-dir", data_dir, "complaints", "correct", "NOPE", "--related",
                         "--reason", "x")
    assert code == 1 and "NOPE" in err
    # --officer: who corrected it, recorded with the verdict; one not in the register is refused
    code, out, err = run(capsys, "--data-dir", data_dir, "complaints", "correct", "V2", "--not-related",
                         "--reason", "误判", "--officer", "无此人")
    assert code == 1 and "--officer" in err
    db = open_db(data_dir)
    db.execute("INSERT INTO officers (id, name, agency_id, updated_at) SELECT 'o1', '李四', id, '' FROM agencies "
               "LIMIT 1")
    assert complaint(db, "V2")["verdict"] is None
    db.conn.close()
    result = run_json(capsys, "--data-dir", data_dir, "complaints", "correct", "V2", "--not-related",
                      "--reason", "误判", "--officer", "李四")
    db = open_db(data_dir)
    assert complaint(db, "V2")["verdict_by"] == "李四"
    db.conn.close()


def test_the_verdict_travels_with_the_complaint_to_headquarters(capsys, dirs):
    from tests.helpers import open_db
    from tests.test_bundle_hq import export, import_

    path = dirs / "nanhai.csv"
    path.write_text("投诉编号,投诉时间,联系电话,投诉内容\n"
                    f"W1,2026-03-02 10:00:00,13900139001,{LEAK}\nW2,2026-03-03 11:00:00,13900139002,{LEAK2}\n",
                    encoding="utf-8")
    run_json(capsys, "--data-dir", dirs / "nanhai", "complaints", "import", path, "--profile", "consumer_council")
    run_json(capsys, "--data-dir", dirs / "nanhai", "leads", "screen")
    export(capsys, dirs, "nanhai", "n1.bundle")
    import_(capsys, dirs, "n1.bundle")
    run_json(capsys, "--data-dir", dirs / "nanhai", "complaints", "correct", "W1", "--not-related",
             "--reason", "号码为投诉人本人所有")
    export(capsys, dirs, "nanhai", "n2.bundle")
    merged = import_(capsys, dirs, "n2.bundle")
    assert merged["conflicts"] == 0
    hq = open_db(dirs / "hq")
    try:
        row = complaint(hq, "W1")
        assert (row["verdict"], row["verdict_reason"], row["category"], row["lead_id"]) == \
            ("unrelated", "号码为投诉人本人所有", "", None)
        # headquarters screening again keeps the station's correction
        screen(hq, everything=True)
        assert complaint(hq, "W1")["category"] == ""
    finally:
        hq.conn.close()
    station = run_json(capsys, "--data-dir", dirs / "nanhai", "stats")
    at_hq = run_json(capsys, "--data-dir", dirs / "hq", "stats")
    assert station["complaints"]["related"] == 1
    assert at_hq["complaints"]["related"] == station["complaints"]["related"]
