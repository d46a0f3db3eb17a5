# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""A lead referred with a 案件移送函 to a peer bureau of the register (session 73, 程序规定 art. 14): the letter is
issued, the lead recorded 已移送 here, and the receiving bureau gets a lead of its own to work — a copy linked to the
original, source 其他部门移送, undecided — through headquarters' hand-out; headquarters counts the matter once."""

from __future__ import annotations

import json

from tests.helpers import open_db, run, run_json
from tests.test_bundle_hq import (  # noqa: F401
    dirs,
    export,
    import_,
    take_headquarters_card,
    template,
)

SHUNDE = "佛山市顺德区市场监督管理局"


def _row(data_dir, sql: str, params: list) -> dict | None:
    db = open_db(data_dir)
    try:
        cursor = db.execute(sql, params)
        row = cursor.fetchone()
        return None if row is None else dict(zip([d[0] for d in cursor.description], row, strict=True))
    finally:
        db.conn.close()


def _copy_of(data_dir, lead: str) -> dict | None:
    return _row(data_dir, "SELECT l.*, a.code FROM leads l LEFT JOIN agencies a ON a.id = l.agency_id "
                          "WHERE l.referred_from = ?", [lead])


def _referred(capsys, dirs, tmp_path) -> str:
    take_headquarters_card(capsys, dirs, "nanhai")
    take_headquarters_card(capsys, dirs, "shunde")
    lead = run_json(capsys, "--data-dir", dirs / "nanhai", "leads", "add", "--source", "12345", "--received",
                    "2026-11-20T09:00", "--description", "顺德区某楼盘销售人员反复来电推销", "--party",
                    "佛山市顺德区某置业顾问有限公司")["id"]
    (tmp_path / "c.json").write_text(json.dumps({"contact_person": "张三"}, ensure_ascii=False), encoding="utf-8")
    code, out, err = run(capsys, "--data-dir", dirs / "nanhai", "leads", "decide", lead, "--refer", SHUNDE,
                         "--values", tmp_path / "c.json", "-o", tmp_path / "r.pdf", "--date", "2026-11-25")
    assert code == 0, err
    assert (tmp_path / "r.pdf").exists()
    return lead


def test_a_lead_referred_to_a_peer_bureau_reaches_it_to_be_worked_and_counts_once(capsys, dirs, tmp_path):
    lead = _referred(capsys, dirs, tmp_path)
    original = _row(dirs / "nanhai", "SELECT l.*, a.code AS receiver FROM leads l LEFT JOIN agencies a "
                                      "ON a.id = l.referred_agency_id WHERE l.id = ?", [lead])
    assert (original["status"], original["referred_to"], original["receiver"]) == ("referred", SHUNDE, "440606")
    copy = _copy_of(dirs / "nanhai", lead)
    assert copy is not None and copy["code"] == "440606" and copy["source"] == "transfer"
    assert copy["status"] == "registered" and not copy["decided_on"]
    assert copy["description"] == original["description"] and copy["target_name"] == original["target_name"]
    # the station counts the matter once
    assert run_json(capsys, "--data-dir", dirs / "nanhai", "stats")["leads"]["total"] == 1

    export(capsys, dirs, "nanhai", "n1.bundle")
    assert import_(capsys, dirs, "n1.bundle")["conflicts"] == 0
    hq = run_json(capsys, "--data-dir", dirs / "hq", "stats")["leads"]
    assert hq["total"] == 1  # one matter, not the referred original beside the peer's copy
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h1.bundle", "--for", "顺德区局")
    assert import_(capsys, dirs, "h1.bundle", at="shunde")["conflicts"] == 0
    there = _copy_of(dirs / "shunde", lead)
    assert there is not None and there["id"] == copy["id"] and there["status"] == "registered"
    # 顺德 decides it as a lead of its own
    run_json(capsys, "--data-dir", dirs / "shunde", "leads", "decide", there["id"], "--not-file", "--reason",
             "经核查未发现违法行为")
    assert _row(dirs / "shunde", "SELECT status FROM leads WHERE id = ?", [there["id"]])["status"] == "not_filed"
    export(capsys, dirs, "shunde", "s1.bundle")
    assert import_(capsys, dirs, "s1.bundle")["conflicts"] == 0
    assert run_json(capsys, "--data-dir", dirs / "hq", "stats")["leads"]["total"] == 1


def test_a_lead_referred_outside_the_register_makes_no_copy(capsys, dirs, tmp_path):
    take_headquarters_card(capsys, dirs, "nanhai")
    lead = run_json(capsys, "--data-dir", dirs / "nanhai", "leads", "add", "--source", "12345", "--received",
                    "2026-11-20T09:00", "--description", "某公司反复来电推销", "--party", "佛山市某公司")["id"]
    (tmp_path / "c.json").write_text(json.dumps({"contact_person": "张三"}, ensure_ascii=False), encoding="utf-8")
    run_json(capsys, "--data-dir", dirs / "nanhai", "leads", "decide", lead, "--refer", "佛山市公安局南海分局",
             "--values", tmp_path / "c.json", "-o", tmp_path / "p.pdf", "--date", "2026-11-25")
    assert _copy_of(dirs / "nanhai", lead) is None
    original = _row(dirs / "nanhai", "SELECT status, referred_agency_id FROM leads WHERE id = ?", [lead])
    assert original == {"status": "referred", "referred_agency_id": None}


def test_a_letter_naming_no_receiver_is_read_alike_by_the_case_page_the_clocks_and_the_figures(cli_station, tmp_path,
                                                                                               capsys):
    """One reading of the 案件移送函 in force (``procedure.letter_in_force``), and the SQL takes only a letter naming
    its receiver as it does."""
    from tests.test_s73_jurisdiction import CASE, LETTER
    from workstation import procedure
    from workstation.documents.jurisdiction import awaiting_termination
    from workstation.store.cases import find_case

    data = cli_station(tmp_path / "d")
    (tmp_path / "v.json").write_text(json.dumps(LETTER, ensure_ascii=False), encoding="utf-8")
    run_json(capsys, "--data-dir", data, "docs", "issue", CASE, "--form", "case_transfer_letter", "--values",
             tmp_path / "v.json", "-o", tmp_path / "t.pdf")
    db = open_db(data)
    try:
        case = find_case(db, CASE)
        referral = awaiting_termination(db, case)
        assert referral == procedure.letter_in_force(db, case) and referral.dated == "2026-11-20"
        with db.atomic():  # a letter stored with its receiver blank (a field required to issue: an older copy)
            guards = db.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'documents' "
                                "AND sql LIKE '%cannot be changed%'").fetchall()
            for name, _sql in guards:
                db.execute(f"DROP TRIGGER {name}")
            db.execute("UPDATE documents SET values_json = json_set(values_json, '$.receiver', '　 ') "
                       "WHERE form_id = 'case_transfer_letter'")
            for _name, sql in guards:
                db.execute(sql)
        assert awaiting_termination(db, case) is None
    finally:
        db.conn.close()
    run_json(capsys, "--data-dir", data, "cases", "transition", CASE, "terminate")
    run_json(capsys, "--data-dir", data, "cases", "transition", CASE, "close")
    assert run_json(capsys, "--data-dir", data, "stats")["cases"]["transferred_out"] == 0


# ---- the mend of session 73's referral hand-over ------------------------------------------------------------------

def _letter_of(data_dir, lead: str) -> str:
    return _row(data_dir, "SELECT id FROM documents WHERE lead_id = ? AND form_id = 'case_transfer_letter' "
                          "AND status = 'issued'", [lead])["id"]


def _void(capsys, data_dir, document: str) -> str:
    code, out, err = run(capsys, "--data-dir", data_dir, "docs", "void", document, "--reason", "受移送机关写错")
    assert code == 0, err
    return out


def test_the_referring_station_neither_decides_nor_counts_the_copy_it_handed_over(capsys, dirs, tmp_path, english):
    lead = _referred(capsys, dirs, tmp_path)
    copy = _copy_of(dirs / "nanhai", lead)
    code, out, err = run(capsys, "--data-dir", dirs / "nanhai", "leads", "decide", copy["id"], "--not-file",
                         "--reason", "经核查未发现违法行为")
    assert code != 0 and SHUNDE in err + out, (out, err)
    assert _row(dirs / "nanhai", "SELECT status FROM leads WHERE id = ?", [copy["id"]])["status"] == "registered"
    board = json.dumps(run_json(capsys, "--data-dir", dirs / "nanhai", "clocks", "--due-within", "400"),
                       ensure_ascii=False)
    assert copy["id"] not in board, board


def test_a_hotline_work_orders_copy_keeps_no_reporter_but_a_reports_does(capsys, dirs, tmp_path):
    take_headquarters_card(capsys, dirs, "nanhai")
    (tmp_path / "c.json").write_text(json.dumps({"contact_person": "张三"}, ensure_ascii=False), encoding="utf-8")
    copies = {}
    for n, source in enumerate(("12345", "12315", "report")):
        lead = run_json(capsys, "--data-dir", dirs / "nanhai", "leads", "add", "--source", source, "--received",
                        "2026-11-20T09:00", "--description", f"顺德区某公司反复来电推销{n}", "--party",
                        "佛山市顺德区某置业顾问有限公司", "--reporter-name", "李四", "--complainant-phone",
                        "13800138000")["id"]
        code, _out, err = run(capsys, "--data-dir", dirs / "nanhai", "leads", "decide", lead, "--refer", SHUNDE,
                              "--values", tmp_path / "c.json", "-o", tmp_path / f"r{n}.pdf", "--date", "2026-11-25")
        assert code == 0, err
        copies[source] = _copy_of(dirs / "nanhai", lead)
    for source in ("12345", "12315"):  # the caller is answered by that channel: no named report at the receiver
        copy = copies[source]
        assert (copy["reporter_name"], copy["complainant_phone"], copy["reporter_address"]) == ("", "", ""), copy
    assert (copies["report"]["reporter_name"], copies["report"]["complainant_phone"]) == ("李四", "13800138000")


def test_a_letter_voided_before_any_bundle_takes_the_copy_back_and_the_matter_counts_once(capsys, dirs, tmp_path,
                                                                                         english):
    lead = _referred(capsys, dirs, tmp_path)
    said = _void(capsys, dirs / "nanhai", _letter_of(dirs / "nanhai", lead))
    assert _copy_of(dirs / "nanhai", lead) is None
    assert SHUNDE in said and "removed" in said, said
    assert _row(dirs / "nanhai", "SELECT status FROM leads WHERE id = ?", [lead])["status"] == "registered"
    assert run_json(capsys, "--data-dir", dirs / "nanhai", "stats")["leads"]["total"] == 1
    export(capsys, dirs, "nanhai", "n1.bundle")
    assert import_(capsys, dirs, "n1.bundle")["conflicts"] == 0
    assert run_json(capsys, "--data-dir", dirs / "hq", "stats")["leads"]["total"] == 1


def test_a_letter_voided_after_its_bundle_leaves_the_copy_with_the_agency_and_says_so(capsys, dirs, tmp_path,
                                                                                      english):
    lead = _referred(capsys, dirs, tmp_path)
    export(capsys, dirs, "nanhai", "n1.bundle")
    copy = _copy_of(dirs / "nanhai", lead)
    said = _void(capsys, dirs / "nanhai", _letter_of(dirs / "nanhai", lead))
    assert f"stays with {SHUNDE}" in said, said
    assert _copy_of(dirs / "nanhai", lead)["id"] == copy["id"]
    # the matter counts once, as the copy: the reopened original is matched by its link alone
    assert run_json(capsys, "--data-dir", dirs / "nanhai", "stats")["leads"]["total"] == 1
    # referring it again to another bureau while the copy stands with 顺德 is refused, naming it
    code, out, err = run(capsys, "--data-dir", dirs / "nanhai", "leads", "decide", lead, "--refer",
                         "佛山市禅城区市场监督管理局", "--values", tmp_path / "c.json", "-o", tmp_path / "r2.pdf",
                         "--date", "2026-11-26")
    assert code != 0 and SHUNDE in out + err, (out, err)
    assert not (tmp_path / "r2.pdf").exists()
    # to 顺德 again: the copy it holds is the one handed over, no second
    code, out, err = run(capsys, "--data-dir", dirs / "nanhai", "leads", "decide", lead, "--refer", SHUNDE,
                         "--values", tmp_path / "c.json", "-o", tmp_path / "r3.pdf", "--date", "2026-11-26")
    assert code == 0, err
    assert _row(dirs / "nanhai", "SELECT COUNT(*) AS n FROM leads WHERE referred_from = ?", [lead])["n"] == 1
    assert run_json(capsys, "--data-dir", dirs / "nanhai", "stats")["leads"]["total"] == 1


def test_the_copy_is_counted_in_the_period_the_matter_was_received(capsys, dirs, tmp_path):
    lead = _referred(capsys, dirs, tmp_path)  # received 2026-11-20, referred 2026-11-25
    assert _copy_of(dirs / "nanhai", lead) is not None
    day = run_json(capsys, "--data-dir", dirs / "nanhai", "stats", "--from", "2026-11-20", "--to", "2026-11-20")
    assert day["leads"]["total"] == 1
    later = run_json(capsys, "--data-dir", dirs / "nanhai", "stats", "--from", "2026-11-25", "--to", "2026-11-25")
    assert later["leads"]["total"] == 0
