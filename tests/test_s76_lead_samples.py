"""Audit issue6_walk: a lead's 案件交办通知书 (and 案件移送函) quoted a complaint and its copy received through the
other channel (``same_as``) as two samples, pushing a different complaint out; ``leads screen`` said a copy was a
complaint of its own where the leads and the statistics count it once; ``leads assign`` gave a lead to another
district's bureau without a word (the window starts on the lead's own district bureau); and the refusal of a
complaint import of several files ran the file's name into the Chinese text after it."""

from __future__ import annotations

import json

import pytest

from tests.helpers import open_db, registered_lead, run, run_json
from workstation.store import list_agencies

HOTLINE = "工单编号,受理时间,工单来源,工单类型,诉求人,来电号码,诉求地址,内容描述,被反映对象,承办单位,办理状态,办结时间\n"
COUNCIL = "投诉编号,投诉时间,投诉人,联系电话,被投诉方,投诉内容,投诉类别,处理状态\n"
FIRST = "甲甲甲最近一个月天天接到13522220001打来的推销电话，推销南海的楼盘，骚扰电话太多，严重影响生活，请处理"


def _write(path, text):
    path.write_text("\ufeff" + text, encoding="utf-8")
    return path


@pytest.fixture
def screened(cli_station, tmp_path, capsys):
    """A data directory whose one lead (南海区) groups W1, W2, W3 of the 12345 export and TS1, W1 received a day
    later through the consumer council (its copy); (the directory, the lead's id, the ``leads screen`` output)."""
    data = cli_station(tmp_path / "station", ["init"])
    hotline = _write(tmp_path / "hotline.csv", HOTLINE + "".join(
        f"{ref},2026-03-0{day} 09:00:00,电话,投诉,陈先生,1391111000{day},佛山市南海区桂城街道,{text},,,,\n"
        for ref, day, text in [
            ("W1", 1, FIRST),
            ("W2", 3, "乙乙乙号码13522220001每天打电话来推销楼盘，拒绝了还继续打，骚扰电话"),
            ("W3", 4, "丙丙丙又接到13522220001的推销电话推销楼盘，骚扰电话严重影响休息")]))
    council = _write(tmp_path / "council.csv", COUNCIL + (
        f"TS1,2026-03-02 10:00:00,陈先生,13911110001,佛山市鸿运房地产代理有限公司,{FIRST},房屋及装修,\n"))
    assert run(capsys, "--data-dir", data, "complaints", "import", hotline)[0] == 0
    assert run(capsys, "--data-dir", data, "complaints", "import", council)[0] == 0
    db = open_db(data)
    try:
        assert db.execute("SELECT COUNT(*) FROM complaints WHERE same_as IS NOT NULL").fetchone()[0] == 1
    finally:
        db.conn.close()
    code, out, err = run(capsys, "--data-dir", data, "leads", "screen")
    assert code == 0, err
    result = run_json(capsys, "--data-dir", data, "leads", "screen")
    [lead] = result["leads"]
    return data, lead, out


def test_the_notice_quotes_three_different_complaints_not_a_copy(english, screened):
    from workstation.leads_workflow import get_lead_row, lead_context

    data, lead, _out = screened
    db = open_db(data)
    try:
        row = get_lead_row(db, lead["id"])
        assert row["complaint_count"] == 3
        for form in ("assignment_notice", "case_transfer_letter"):
            facts = str(lead_context(db, row, form_id=form)["case.facts"])
            assert facts.count("甲甲甲") == 1, facts
            assert "乙乙乙" in facts and "丙丙丙" in facts, facts
    finally:
        db.conn.close()


def test_leads_screen_keeps_its_json_and_says_the_copy_is_counted_once(english, screened):
    _data, lead, out = screened
    assert sorted(lead["complaint_ids"]) == ["TS1", "W1", "W2", "W3"]  # CLI.md: every complaint as in its file
    assert set(lead) == {"id", "phones", "businesses", "complaint_ids", "district"}
    assert "4 complaints screened, 4 concern personal information" in out
    assert ("1 of them is the copy of a complaint received through another channel too: 3 different complaints, "
            "each counted once, as the leads and the statistics count them.") in out


def _code(db, level: str, district: str) -> str:
    return next(a.code for a in list_agencies(db) if a.level == level and a.district == district)


def test_assigning_a_lead_to_another_districts_bureau_warns_naming_both(english, screened, capsys):
    data, lead, _out = screened
    db = open_db(data)
    try:
        shunde, nanhai = _code(db, "district", "顺德区"), _code(db, "district", "南海区")
        office = _code(db, "town", "南海区")
        shunde_name = next(a.name for a in list_agencies(db) if a.code == shunde)
    finally:
        db.conn.close()
    code, out, err = run(capsys, "--data-dir", data, "--json", "leads", "assign", lead["id"], "--agency", shunde)
    assert code == 0, err
    [warning] = json.loads(out)["warnings"]
    assert "南海区" in warning and shunde_name in warning
    assert f"Warning: {warning}" in err
    # its own district's bureau, or one of that bureau's town offices: nothing to warn of
    for agency in (nanhai, office):
        result = run_json(capsys, "--data-dir", data, "leads", "assign", lead["id"], "--agency", agency,
                          "--reason", "交由属地办理")
        assert "warnings" not in result


def test_the_district_warning_is_none_for_a_lead_whose_district_is_not_known(db):
    from workstation.leads_workflow import district_warning, get_lead_row

    row = get_lead_row(db, registered_lead(db, "2026-09-01 09:00"))
    bureau = next(a for a in list_agencies(db) if a.level == "district")
    assert row["district"] in ("", None)
    assert district_warning(db, row, bureau.id) == ""


@pytest.mark.gui
def test_the_window_warns_before_assigning_to_another_districts_bureau(db, make_window, prompts, monkeypatch,
                                                                         english):
    from workstation.leads_workflow import get_lead_row

    lead = registered_lead(db)
    db.execute("UPDATE leads SET district = '南海区' WHERE id = ?", [lead])
    db.conn.commit()
    page = make_window(db).leads_page
    page.refresh(select=lead)
    monkeypatch.setattr(page, "write", lambda *a, **k: None)
    shunde = next(a for a in list_agencies(db) if a.level == "district" and a.district == "顺德区")
    nanhai = next(a for a in list_agencies(db) if a.level == "district" and a.district == "南海区")
    prompts.choices = [None]  # the agencies the window offers, read from the list it shows (cancelled: nothing)
    page.assign()
    offered = prompts.offered[-1][1:]
    assert not prompts.confirmations and get_lead_row(db, lead)["status"] == "registered"
    prompts.choices, prompts.confirm_answer = [offered.index(shunde.name)], False
    page.assign()
    assert prompts.confirmations == [
        f"The lead's suspected district is 南海区, but {shunde.name} is not 南海区's bureau or one of its offices: "
        f"check that the lead goes to the bureau competent where the conduct took place. Assign it to {shunde.name} "
        "all the same?"]
    assert get_lead_row(db, lead)["status"] == "registered"  # declined: not assigned
    prompts.confirmations.clear()
    prompts.choices, prompts.confirm_answer = [offered.index(nanhai.name)], False
    page.assign()
    # its own district's bureau: assigned without a question, then only its notice offered (declined)
    assert prompts.confirmations == ["Write the assignment notice (案件交办通知书) now?"]
    assert get_lead_row(db, lead)["agency_id"] == nanhai.id


def _refused_import(tmp_path, capsys, cli_station):
    """A complaint import of a good file and an empty one, refused whole: (the empty file, what it printed)."""
    data = cli_station(tmp_path / "station", ["init"])
    good = _write(tmp_path / "hotline.csv", HOTLINE + f"W1,2026-03-01 09:00:00,电话,投诉,陈先生,13911110001,,{FIRST},,,,\n")
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    code, out, _err = run(capsys, "--data-dir", data, "complaints", "import", good, empty)
    assert code == 1, out
    return empty, out


def test_the_refusal_of_an_import_names_the_file_refused(tmp_path, capsys, cli_station, english):
    from workstation.i18n import ngettext

    empty, out = _refused_import(tmp_path, capsys, cli_station)
    assert (f"No file was imported: {empty} was refused (its error line says why) and the files of one import are "
            "imported all or none.") in out, out
    # the message names the files by {files}: the old {refused} message's Chinese ran the name into 被拒绝
    for n in (1, 2):
        said = ngettext("No file was imported: {files} was refused (its error line says why) and the files of one "
                        "import are imported all or none.", "No file was imported: {files} were refused (their "
                        "error lines say why) and the files of one import are imported all or none.", n)
        assert "{files}" in said and "{refused}" not in said, said


def test_the_refused_file_is_set_off_in_the_chinese_refusal(tmp_path, capsys, cli_station, chinese):
    """The Chinese refusal sets the file's name off from 被拒绝 (未导入任何文件：{files} 被拒绝（…）…)."""
    empty, out = _refused_import(tmp_path, capsys, cli_station)
    assert f"未导入任何文件：{empty} 被拒绝（原因见其“错误”行），同一次导入的文件要么全部导入，要么都不导入。" in out, out
    assert f"{empty}被拒绝" not in out, out


HOTLINE_DISTRICT = "工单编号,受理时间,工单来源,工单类型,诉求人,来电号码,诉求地址,所属区,内容描述,被反映对象,承办单位,办理状态,办结时间\n"


def test_a_lead_of_no_foshan_district_is_assigned_anywhere_without_a_warning(cli_station, tmp_path, capsys, english):
    """The export's 所属区 cell is kept as written when it names no Foshan district (市直属): no district of the
    agencies' (REFERENCE §6.1), so no agency is another district's."""
    data = cli_station(tmp_path / "station", ["init"])
    export = _write(tmp_path / "hotline.csv", HOTLINE_DISTRICT + "".join(
        f"W{day},2026-03-0{day} 09:00:00,电话,投诉,陈先生,1391111000{day},,市直属,"
        f"天天接到13522220001打来的推销电话推销楼盘骚扰电话{day},,,,\n" for day in (1, 2)))
    assert run(capsys, "--data-dir", data, "complaints", "import", export)[0] == 0
    [lead] = run_json(capsys, "--data-dir", data, "leads", "screen")["leads"]
    assert lead["district"] == "市直属"
    db = open_db(data)
    try:
        bureaus = [a.code for a in list_agencies(db) if a.level == "district"]
    finally:
        db.conn.close()
    for code in bureaus[:2]:
        result = run_json(capsys, "--data-dir", data, "leads", "assign", lead["id"], "--agency", code,
                          "--reason", "交由属地办理")
        assert "warnings" not in result, result


@pytest.mark.parametrize("written", ["市直属", "其他", "佛山市", "广州市天河区"])
def test_the_district_warning_is_none_for_a_district_no_agency_is_of(db, written):
    from workstation.leads_workflow import district_warning

    lead = {"id": "L-x", "district": written}
    assert [a.name for a in list_agencies(db) if district_warning(db, lead, a.id)] == []


def test_a_district_written_short_is_read_as_the_district_it_names(db, english):
    """顺德 (a lead's district as an export wrote it, before screening wrote 顺德区) is 顺德区: its bureau and town
    offices are of it, another district's bureau is warned of, naming 顺德区."""
    from workstation.leads_workflow import district_warning

    lead = {"id": "L-x", "district": "顺德"}
    agencies = list_agencies(db)
    own = [a for a in agencies if a.district == "顺德区"]
    assert len(own) > 1 and all(district_warning(db, lead, a.id) == "" for a in own)
    nanhai = next(a for a in agencies if a.level == "district" and a.district == "南海区")
    assert district_warning(db, lead, nanhai.id) == (
        f"The lead's suspected district is 顺德区, but {nanhai.name} is not 顺德区's bureau or one of its offices: "
        "check that the lead goes to the bureau competent where the conduct took place.")


def test_the_notice_and_screening_pick_their_samples_by_one_rule():
    """The earliest (received, then in the order kept) of each complaint, a copy received through another channel
    (its root the complaint it copies) quoted in its stead when received first, up to the number asked."""
    from workstation.screening.grouping import Member, first_of_each, summarise

    members = [Member(5, (), (), "2026-03-04", root="C"), Member(2, (), (), "2026-03-02", root="A"),
               Member(1, (), (), "2026-03-02", root="B"), Member(3, (), (), "2026-03-01", root="B"),
               Member(4, (), (), "2026-03-03", root="D")]
    assert [m.ref for m in first_of_each(members, 3)] == [3, 2, 4]
    assert [m.ref for m in first_of_each(members, 9)] == [3, 2, 4, 5]
    assert summarise(members, samples=3).samples == [3, 2, 4]
