# ruff: noqa: F811 - the fixtures imported from test_bundle_hq are used by name
"""Headquarters and the leads its stations screen, session 60: a lead a station screens is held by the station's
agency (counted under it and its district, there and at headquarters; one screened before is given it on opening,
m062), so headquarters' re-assignment reaches the station it left; two stations' leads of the same work orders are
listed once; a lead whose decision is in conflict is not decided nor assigned until it is settled; headquarters
assigning a lead to the station that decided it meanwhile is no conflict; headquarters does not number a referral in
a station bureau's 文号 without a block of its own, and a station's bundle refused over such a number says which of
headquarters' documents to void."""

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

NANHAI, SHUNDE, DALIANG = "440605", "440606", "440606005"  # 大良所: an office of 顺德区局
HEADERS = "工单编号,受理时间,来电号码,诉求人,被反映对象,诉求内容\n"
# the city's hotline export: two work orders about a 顺德 business's number, one about another business's
CITY = (HEADERS
        + "C001,2026-11-02 09:00:00,13900139001,张三,佛山市顺德区恒达置业有限公司,13800138000多次来电推销房产，骚扰电话\n"
        + "C002,2026-11-03 10:00:00,13900139002,李四,佛山市顺德区恒达置业有限公司,13800138000一天打三次电话推销楼盘\n")
OTHER = (HEADERS
         + "C003,2026-11-04 11:00:00,13900139003,王五,佛山市顺德区智学教育培训有限公司,"
           "0757-22123456反复打电话推销课程，泄露孩子信息\n")


def _screened(capsys, dirs, station: str, text: str = CITY, name: str = "city.csv") -> list[str]:
    """The station imports the export ``text`` and screens it; the ids of the leads it made."""
    (dirs / name).write_text(text, encoding="utf-8")
    run_json(capsys, "--data-dir", dirs / station, "complaints", "import", dirs / name)
    return [lead["id"] for lead in run_json(capsys, "--data-dir", dirs / station, "leads", "screen")["leads"]]


def _lead(data_dir, lead: str) -> dict:
    db = open_db(data_dir)
    try:
        cursor = db.execute("SELECT l.*, a.code FROM leads l LEFT JOIN agencies a ON a.id = l.agency_id "
                            "WHERE l.id = ?", [lead])
        return dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=True))
    finally:
        db.conn.close()


def _figures(capsys, data_dir, code: str) -> tuple[dict, dict]:
    stats = run_json(capsys, "--data-dir", data_dir, "stats", "--agency", code)
    leads = stats["leads"]
    return ({k: leads[k] for k in ("total", "assigned", "decided", "decided_unassigned")}, stats["complaints"])


def _not_file(capsys, data_dir, lead: str) -> None:
    run_json(capsys, "--data-dir", data_dir, "leads", "decide", lead, "--not-file", "--reason", "未发现违法行为")


def _refused(capsys, data_dir, *argv) -> str:
    code, out, err = run(capsys, "--data-dir", data_dir, *argv)
    assert code == 1 and "Traceback" not in err, (out, err)
    return err.strip()


# 1. a lead a station screens is its agency's ----------------------------------------------------------------------

def test_a_lead_a_station_screens_counts_under_its_agency_there_and_at_headquarters(capsys, dirs):
    take_headquarters_card(capsys, dirs)
    [lead] = _screened(capsys, dirs, "shunde")
    assert _lead(dirs / "shunde", lead)["code"] == SHUNDE
    leads, complaints = _figures(capsys, dirs / "shunde", SHUNDE)
    assert leads == {"total": 1, "assigned": 0, "decided": 0, "decided_unassigned": 0}
    assert complaints["related"] == complaints["in_leads"] == 2
    _not_file(capsys, dirs / "shunde", lead)
    export(capsys, dirs, "shunde", "s1.bundle")
    assert import_(capsys, dirs, "s1.bundle")["conflicts"] == 0
    # headquarters counts it under 顺德区局 (decided by the station itself, never assigned), its complaints with it
    leads, complaints = _figures(capsys, dirs / "hq", SHUNDE)
    assert leads == {"total": 1, "assigned": 0, "decided": 1, "decided_unassigned": 1}
    assert complaints["related"] == complaints["in_leads"] == 2
    leads, complaints = _figures(capsys, dirs / "hq", NANHAI)
    assert leads["total"] == complaints["related"] == 0
    # not a lead waiting to be assigned in the evaluation table (未交办线索)
    from workstation.stats import bureau_table

    db = open_db(dirs / "hq")
    try:
        rows = {row["name"]: row for row in bureau_table(db)}
    finally:
        db.conn.close()
    assert "未交办线索" not in rows and rows["顺德区合计"]["leads"] == rows["顺德区合计"]["leads_decided"] == 1


def _as_before_m062(*data_dirs) -> None:
    """The stations' screened leads held by no agency, as versions before 2026-12-06 left them, and m062 not run."""
    for data_dir in data_dirs:
        db = open_db(data_dir)
        try:
            with db.atomic():
                db.execute("UPDATE leads SET agency_id = NULL WHERE group_key != ''")
                db.execute("DELETE FROM _sqlite_migrations WHERE name = 'm062_screened_lead_agency'")
        finally:
            db.conn.close()


def test_a_lead_screened_before_is_given_the_station_s_agency_on_both_sides_and_merges_cleanly(capsys, dirs):
    take_headquarters_card(capsys, dirs)
    [lead] = _screened(capsys, dirs, "shunde")
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    _as_before_m062(dirs / "shunde", dirs / "hq")
    assert _figures(capsys, dirs / "hq", SHUNDE)[0]["total"] == 1  # m062 ran on opening
    assert _lead(dirs / "hq", lead)["code"] == _lead(dirs / "shunde", lead)["code"] == SHUNDE
    # the station decides it and sends that: taken whole, no conflict over the agency both gave it
    _not_file(capsys, dirs / "shunde", lead)
    export(capsys, dirs, "shunde", "s2.bundle")
    assert import_(capsys, dirs, "s2.bundle")["conflicts"] == 0
    held = _lead(dirs / "hq", lead)
    assert (held["status"], held["code"], held["decision_reason"]) == ("not_filed", SHUNDE, "未发现违法行为")
    assert _figures(capsys, dirs / "hq", SHUNDE)[0]["decided"] == 1


# 2. headquarters' re-assignment reaches the station the lead left ---------------------------------------------

def test_a_lead_screened_before_and_re_assigned_by_headquarters_leaves_the_station(capsys, dirs, monkeypatch):
    import sys

    take_headquarters_card(capsys, dirs)
    monkeypatch.setattr(sys.modules["workstation.screening.screen"], "station_holder", lambda db: None)  # as a version before 2026-12-06 screened
    [lead] = _screened(capsys, dirs, "shunde")
    monkeypatch.undo()
    assert _lead(dirs / "shunde", lead)["agency_id"] is None
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    run_json(capsys, "--data-dir", dirs / "hq", "leads", "assign", lead, "--agency", NANHAI)
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h1.bundle", "--for", "顺德区局")
    assert import_(capsys, dirs, "h1.bundle", at="shunde")["conflicts"] == 0
    here = _lead(dirs / "shunde", lead)
    assert (here["code"], here["status"]) == (NANHAI, "assigned")
    # no longer the station's to decide, nor counted there
    assert "南海" in _refused(capsys, dirs / "shunde", "leads", "decide", lead, "--not-file", "--reason", "无")
    assert _figures(capsys, dirs / "shunde", SHUNDE)[0]["total"] == 0


def test_headquarters_re_assignment_of_a_lead_the_station_screened_reaches_it(capsys, dirs):
    take_headquarters_card(capsys, dirs)
    [lead] = _screened(capsys, dirs, "shunde")
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    run_json(capsys, "--data-dir", dirs / "hq", "leads", "assign", lead, "--agency", NANHAI)
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h1.bundle", "--for", "顺德区局")
    assert import_(capsys, dirs, "h1.bundle", at="shunde")["conflicts"] == 0
    assert _lead(dirs / "shunde", lead)["code"] == NANHAI


# 4. two stations' leads of the same work orders listed once ---------------------------------------------------

def test_two_stations_leads_of_the_same_work_orders_are_listed_once_at_headquarters(capsys, dirs):
    for station in ("nanhai", "shunde"):
        take_headquarters_card(capsys, dirs, station)
        _screened(capsys, dirs, station, CITY + OTHER[len(HEADERS):])
        export(capsys, dirs, station, f"{station}.bundle")
        import_(capsys, dirs, f"{station}.bundle")
    listed = run_json(capsys, "--data-dir", dirs / "hq", "leads", "list")
    assert len(listed) == 2 == run_json(capsys, "--data-dir", dirs / "hq", "stats")["leads"]["total"]
    assert sorted(row["business"] for row in listed) == sorted(
        {row["business"] for row in listed})  # each business once
    code, out, _err = run(capsys, "--data-dir", dirs / "hq", "leads", "list")
    assert code == 0 and len(out.strip().splitlines()) == 2


# 5. a lead whose decision is in conflict is settled first -----------------------------------------------------

def _decision_in_conflict(capsys, dirs) -> tuple[str, list[dict]]:
    """Headquarters re-assigns Shunde's lead to Nanhai while Shunde decides it: conflicts at headquarters."""
    take_headquarters_card(capsys, dirs)
    [lead] = _screened(capsys, dirs, "shunde")
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    run_json(capsys, "--data-dir", dirs / "hq", "leads", "assign", lead, "--agency", NANHAI)
    _not_file(capsys, dirs / "shunde", lead)
    export(capsys, dirs, "shunde", "s2.bundle")
    assert import_(capsys, dirs, "s2.bundle")["conflicts"] > 0
    conflicts = [c for c in run_json(capsys, "--data-dir", dirs / "hq", "bundle", "conflicts")
                 if c["record_id"] == lead]
    return lead, conflicts


def test_a_lead_in_open_conflict_is_neither_decided_nor_assigned_until_settled(capsys, dirs, english):
    lead, conflicts = _decision_in_conflict(capsys, dirs)
    before = _lead(dirs / "hq", lead)
    for argv in (("decide", lead, "--not-file", "--reason", "重复线索"), ("assign", lead, "--agency", SHUNDE,
                                                                          "--reason", "改回顺德")):
        said = _refused(capsys, dirs / "hq", "leads", *argv)
        assert "in conflict with the copy of 顺德区局" in said and "bundle resolve" in said
        assert all(c["id"] in said for c in conflicts)
    assert _lead(dirs / "hq", lead) == before
    # settled: the lead is decided again as any
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "resolve", conflicts[0]["id"], "--keep-local")
    _not_file(capsys, dirs / "hq", lead)
    assert _lead(dirs / "hq", lead)["status"] == "not_filed"


# 6. headquarters assigns a lead to the station that decided it ------------------------------------------------

def _assigned_to_shunde_and_decided_there(capsys, dirs) -> str:
    """Shunde screens a lead (顺德区局 received it: its T1 counts from then) and sends it; headquarters hands it to
    大良所 inside 顺德区局 (its T1 kept: assigning it to 顺德区局 itself is refused, its T1 would start again), while
    Shunde, not having taken that hand-out, decides it."""
    take_headquarters_card(capsys, dirs)
    [lead] = _screened(capsys, dirs, "shunde")
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    before = _lead(dirs / "hq", lead)
    said = _refused(capsys, dirs / "hq", "leads", "assign", lead, "--agency", SHUNDE)
    assert "佛山市顺德区市场监督管理局" in said and _lead(dirs / "hq", lead) == before  # nothing changed
    run_json(capsys, "--data-dir", dirs / "hq", "leads", "assign", lead, "--agency", DALIANG)
    run_json(capsys, "--data-dir", dirs / "hq", "bundle", "export", "-o", dirs / "h1.bundle", "--for", "顺德区局")
    _not_file(capsys, dirs / "shunde", lead)
    return lead


def test_a_station_s_decision_of_a_lead_headquarters_assigned_to_it_merges_without_conflict(capsys, dirs):
    lead = _assigned_to_shunde_and_decided_there(capsys, dirs)
    assert _lead(dirs / "hq", lead)["assigned_on"] is None  # handed inside the bureau: its T1 from the receipt
    export(capsys, dirs, "shunde", "s2.bundle")
    assert import_(capsys, dirs, "s2.bundle")["conflicts"] == 0
    # the station's decision taken, headquarters' hand-over to 大良所 kept
    held = _lead(dirs / "hq", lead)
    assert (held["status"], held["code"], held["assigned_on"], held["decision_reason"]) == (
        "not_filed", DALIANG, None, "未发现违法行为")
    # headquarters' hand-out crossing the decision merges at the station without a conflict either
    assert import_(capsys, dirs, "h1.bundle", at="shunde")["conflicts"] == 0
    here = _lead(dirs / "shunde", lead)
    assert (here["status"], here["code"], here["assigned_on"], here["decision_reason"]) == (
        "not_filed", DALIANG, None, "未发现违法行为")
    # counted under 顺德区局 as assigned (交办, REFERENCE: 区局交办), as the command line said; T1 still ran from the
    # receipt
    assert _figures(capsys, dirs / "hq", SHUNDE)[0] == {"total": 1, "assigned": 1, "decided": 1,
                                                        "decided_unassigned": 0}


# 3. a referral numbered in a station bureau's 文号 ------------------------------------------------------------

def _refer(capsys, dirs, at: str, lead: str, letter: str):
    values = dirs / "values.json"
    values.write_text(json.dumps({"contact_person": "李明", "contact_phone": "0757-83000000"}), encoding="utf-8")
    return run(capsys, "--data-dir", dirs / at, "--json", "leads", "decide", lead, "--refer", "佛山市公安局",
               "--values", values, "-o", dirs / letter)


def _two_shunde_leads_one_assigned_by_headquarters(capsys, dirs) -> tuple[str, str]:
    """Shunde screens two leads and sends them; headquarters hands the first to 大良所 inside 顺德区局 (its own to
    refer now, in 顺德区局's 文号; not assigned to 顺德区局 itself, which received it)."""
    take_headquarters_card(capsys, dirs)
    first, second = _screened(capsys, dirs, "shunde", CITY + OTHER[len(HEADERS):])
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    run_json(capsys, "--data-dir", dirs / "hq", "leads", "assign", first, "--agency", DALIANG)
    return first, second


def test_headquarters_refers_a_station_bureau_s_lead_only_inside_a_block_of_its_own(capsys, dirs, english):
    from tests.helpers import beijing_year

    lead, _other = _two_shunde_leads_one_assigned_by_headquarters(capsys, dirs)
    code, out, err = _refer(capsys, dirs, "hq", lead, "letter.pdf")
    assert code == 1 and "Traceback" not in err and not (dirs / "letter.pdf").exists()
    year = beijing_year()
    assert f"佛顺市监移函〔{year}〕" in err and "顺德区局" in err
    assert f"`numbers allocate --agency {SHUNDE} --type 移函 --year {year}" in err and "--station 佛山市局" in err
    assert _lead(dirs / "hq", lead)["status"] == "assigned"
    # headquarters gives itself a block of the sequence: the letter takes its first serial, the lead is referred
    run_json(capsys, "--data-dir", dirs / "hq", "numbers", "allocate", "--agency", SHUNDE, "--type", "移函", "--year",
             str(year), "--from", "901", "--to", "910", "--station", "佛山市局")
    code, out, err = _refer(capsys, dirs, "hq", lead, "letter.pdf")
    assert code == 0, err
    assert json.loads(out)["letter"]["number"] == f"佛顺市监移函〔{year}〕901号"
    assert _lead(dirs / "hq", lead)["status"] == "referred"


def test_a_station_s_bundle_refused_over_headquarters_number_says_which_document_to_void_there(
        capsys, dirs, english, monkeypatch):
    from workstation.documents import number_blocks

    first, second = _two_shunde_leads_one_assigned_by_headquarters(capsys, dirs)
    # headquarters numbering in the station's sequence as versions before 2026-12-06 did
    monkeypatch.setattr(number_blocks, "numbering_stations", lambda db, owner: [], raising=False)
    code, out, err = _refer(capsys, dirs, "hq", first, "hq.pdf")
    monkeypatch.undo()
    assert code == 0, err
    taken = json.loads(out)["letter"]
    code, out, err = _refer(capsys, dirs, "shunde", second, "shunde.pdf")
    assert code == 0 and json.loads(out)["letter"]["number"] == taken["number"]
    export(capsys, dirs, "shunde", "s2.bundle")
    said = _refused(capsys, dirs / "hq", "bundle", "import", dirs / "s2.bundle")
    assert taken["number"] in said and "headquarters' own" in said and "docs void" in said
    assert taken["id"] in said and "ask the station" not in said
    run_json(capsys, "--data-dir", dirs / "hq", "docs", "void", taken["id"], "--reason", "文号与顺德区局重复")
    # voided here as it says, the station's bundle merges: its referral taken, the number given twice kept on record
    result = import_(capsys, dirs, "s2.bundle")
    assert result["by_table"]["leads"]["updated"] == 1 and result["by_table"]["documents"]["new"] == 1
    assert _lead(dirs / "hq", second)["status"] == "referred"


def test_the_leads_page_says_the_conflict_before_asking_anything(capsys, dirs, english, qtbot, prompts):
    from ui.main_window import MainWindow
    from ui.task_runner import ImmediateRunner

    lead, conflicts = _decision_in_conflict(capsys, dirs)
    db = open_db(dirs / "hq")
    try:
        window = MainWindow(db=db, data_dir=dirs / "hq", runner=ImmediateRunner(), prompts=prompts)
        qtbot.addWidget(window)
        page = window.leads_page
        page.refresh()
        page.select(lead)
        for act in (page.not_file, page.assign, page.file_case):
            act()
        assert len(prompts.errors) == 3 and prompts.confirmations == [] and prompts.questions == []
        assert all("in conflict with the copy of 顺德区局" in said and conflicts[0]["id"] in said
                   for said in prompts.errors)
        window.close()
    finally:
        db.conn.close()
    assert _lead(dirs / "hq", lead)["status"] == "assigned"
