"""Jurisdiction between the bureaus of the register (session 73 audit): a case sent to another bureau with a
案件移送函, terminated and closed, is counted apart (移送其他机关), not again beside the receiver's case; a lead is
referred to a peer bureau of the register (程序规定 art. 14) and handed over to it;
交办 goes only to a lower bureau or office, and the notice of a lead assigned elsewhere says nothing untrue."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers import run, run_json


def _ok(capsys, *argv) -> str:
    """Run a command that must succeed: its standard output."""
    code, out, err = run(capsys, *argv)
    assert code == 0, err
    return out

CASE = "佛南市监立〔2026〕9号"  # the demo's Nanhai case under investigation (9 南海区 cases, 9 顺德区 in the seed)
SHUNDE = "佛山市顺德区市场监督管理局"
LETTER = {"receiver": SHUNDE, "reason": "当事人住所及违法行为发生地均在顺德区，不属于本局管辖。",
          "contact_person": "张三", "issued_on": "2026-11-20"}
#: the receiving bureau's own filing of the case it received, as its register row brings it to the city's figures
RECEIVED = ("案件编号,当事人,统一社会信用代码,所属区,行业领域,案由,违法行为,立案日期,办理状态,涉案信息条数,罚款金额（元）,"
            "没收违法所得（元）\n佛顺市监立〔2026〕30号,佛山市南海区翊晟建筑装饰设计有限公司,,顺德区,装饰装修,"
            "佛山市南海区翊晟建筑装饰设计有限公司涉嫌未经消费者同意向其发送商业性信息案,未经同意发送商业性信息,2026-11-25,"
            "立案调查,540,0,0\n")


def _stats(capsys, data: Path) -> dict:
    return run_json(capsys, "--data-dir", data, "stats")


def test_a_case_transferred_to_another_bureau_counts_apart_not_twice(cli_station, tmp_path, capsys):
    data = cli_station(tmp_path / "d")
    before = _stats(capsys, data)
    (tmp_path / "v.json").write_text(json.dumps(LETTER, ensure_ascii=False), encoding="utf-8")
    _ok(capsys, "--data-dir", data, "docs", "issue", CASE, "--form", "case_transfer_letter", "--values",
        tmp_path / "v.json", "-o", tmp_path / "t.pdf")
    _ok(capsys, "--data-dir", data, "cases", "transition", CASE, "terminate")
    _ok(capsys, "--data-dir", data, "cases", "transition", CASE, "close")
    (tmp_path / "shunde.csv").write_text(RECEIVED, encoding="utf-8")
    _ok(capsys, "--data-dir", data, "cases", "import", tmp_path / "shunde.csv")
    after = _stats(capsys, data)
    assert (before["cases"]["total"], before["infringing_records"]) == (36, 18176)
    # the case counts once, at the bureau handling it; its records once
    assert after["cases"]["total"] == 36
    assert after["infringing_records"] == 18176
    assert after["cases"]["by_district"]["南海区"] == before["cases"]["by_district"]["南海区"] - 1
    assert after["cases"]["by_district"]["顺德区"] == before["cases"]["by_district"]["顺德区"] + 1
    # shown apart: 移送其他机关
    assert before["cases"]["transferred_out"] == 0 and after["cases"]["transferred_out"] == 1
    assert after["cases"]["transferred_to_police"] == before["cases"]["transferred_to_police"]
    from workstation.reports.text import _cases

    assert any("移送其他机关1件" in paragraph for paragraph in _cases(after))
    assert not any("移送其他机关" in paragraph for paragraph in _cases(before))
    # the statistics page's figure says so too, not counting the case among those awaiting filing or not filed
    from ui.dashboard_overview import cases_tip
    from workstation.i18n import language, set_language

    was = language()
    set_language("zh_CN")
    try:
        said, said_before = cases_tip(after["cases"]), cases_tip(before["cases"])
    finally:
        set_language(was)
    assert "移送其他机关（未计入上述案件）：1件" in said and "待立案" not in said, said
    assert "移送其他机关" not in said_before


def _nanhai_lead(cli_station, tmp_path, capsys) -> tuple[Path, str]:
    data = cli_station(tmp_path / "n", ["init", "--agency", "440605", "--station-name", "南海区局"])
    added = run_json(capsys, "--data-dir", data, "leads", "add", "--source", "12345", "--received",
                     "2026-11-20T09:00", "--description", "顺德区某楼盘销售人员反复来电推销", "--party",
                     "佛山市顺德区某置业顾问有限公司")
    return data, added["id"]


def _lead(capsys, data: Path, lead_id: str) -> dict:
    from tests.helpers import open_db
    from workstation.leads_workflow import get_lead_row

    db = open_db(data)
    try:
        return get_lead_row(db, lead_id)
    finally:
        db.close()


def test_a_lead_is_referred_to_a_peer_bureau_and_handed_over_to_it(cli_station, tmp_path, capsys):
    """程序规定 art. 14: a matter not this bureau's goes by 移送 to the bureau with jurisdiction, a peer bureau of the
    register included; the lead is handed over to it (test_s73_peer_referral)."""
    data, lead = _nanhai_lead(cli_station, tmp_path, capsys)
    (tmp_path / "c.json").write_text(json.dumps({"contact_person": "张三"}, ensure_ascii=False), encoding="utf-8")
    _ok(capsys, "--data-dir", data, "leads", "decide", lead, "--refer", SHUNDE, "--values", tmp_path / "c.json",
        "-o", tmp_path / "r.pdf")
    assert (tmp_path / "r.pdf").exists()
    row = _lead(capsys, data, lead)
    assert (row["status"], row["referred_to"]) == ("referred", SHUNDE)
    assert row["referred_agency_id"] == _agency_id(data, "440606")
    # another authority, not in the register, is referred to as before
    data, other = _nanhai_lead(cli_station, tmp_path / "o", capsys)
    _ok(capsys, "--data-dir", data, "leads", "decide", other, "--refer", "佛山市公安局南海分局", "--values",
        tmp_path / "c.json", "-o", tmp_path / "p.pdf")
    assert _lead(capsys, data, other)["status"] == "referred"


def _main_code(data: Path, *argv) -> int:
    from workstation.cli import main

    return main(["--data-dir", str(data), *map(str, argv)])


def test_a_station_assigns_only_below_it(cli_station, tmp_path, capsys):
    data, lead = _nanhai_lead(cli_station, tmp_path, capsys)
    code = _main_code(data, "leads", "assign", lead, "--agency", "440606")
    err = capsys.readouterr().err
    assert code != 0
    assert "本局无权交办" in err and SHUNDE in err and "案件移送函" in err  # the way a peer gets the matter: 移送
    assert _lead(capsys, data, lead)["agency_id"] != _agency_id(data, "440606")
    # another district's town office neither
    assert _main_code(data, "leads", "assign", lead, "--agency", "440606003") != 0
    assert "本局无权交办" in capsys.readouterr().err
    # its own town office: 交办 down
    _ok(capsys, "--data-dir", data, "leads", "assign", lead, "--agency", "440605011")
    assert _lead(capsys, data, lead)["agency_id"] == _agency_id(data, "440605011")


def _agency_id(data: Path, code: str) -> str:
    from tests.helpers import open_db

    db = open_db(data)
    try:
        return db.execute("SELECT id FROM agencies WHERE code = ?", [code]).fetchone()[0]
    finally:
        db.close()


def test_the_window_offers_no_peer_bureau(cli_station, tmp_path, capsys):
    from tests.helpers import open_db
    from workstation.leads_workflow import get_lead_row, offered_to_assign

    data, lead_id = _nanhai_lead(cli_station, tmp_path, capsys)
    db = open_db(data)
    try:
        lead = get_lead_row(db, lead_id)
        offered = {code for (aid, code) in db.execute("SELECT id, code FROM agencies")
                   if offered_to_assign(db, lead, aid)}
    finally:
        db.close()
    assert "440606" not in offered and "440606003" not in offered and "440604" not in offered
    assert "440605011" in offered


def test_the_notice_of_a_lead_held_by_a_peer_says_nothing_untrue(cli_station, tmp_path, capsys, english):
    """A lead held by a peer bureau (assigned there before this check, or so edited): its notice is refused here,
    without saying the city bureau assigned it."""
    from tests.helpers import open_db
    from workstation.leads_workflow import get_lead_row, notice_refusal

    data, lead_id = _nanhai_lead(cli_station, tmp_path, capsys)
    db = open_db(data)
    try:
        db.execute("UPDATE leads SET agency_id = ?, status = 'assigned', assigned_on = '2026-11-21' WHERE id = ?",
                   [_agency_id(data, "440606"), lead_id])
        refusal = notice_refusal(db, get_lead_row(db, lead_id))
    finally:
        db.close()
    assert refusal is not None
    assert "本局无权交办" in refusal and SHUNDE in refusal
    assert "This lead was assigned to" not in refusal  # who assigned it is not known here: not said


def test_a_case_terminated_before_its_transfer_letter_still_counts(cli_station, tmp_path, capsys):
    # ended (终止) for another reason first, a 案件移送函 issued afterwards: the letter did not take the case away, as
    # the clocks read it (``document_clocks.transfer_letters``: only a letter issued under investigation), so the
    # case stays among this bureau's cases, not counted as 移送其他机关
    data = cli_station(tmp_path / "d")
    before = _stats(capsys, data)
    _ok(capsys, "--data-dir", data, "cases", "transition", CASE, "terminate", "--reason", "违法事实不能成立")
    (tmp_path / "v.json").write_text(json.dumps(LETTER, ensure_ascii=False), encoding="utf-8")
    _ok(capsys, "--data-dir", data, "docs", "issue", CASE, "--form", "case_transfer_letter", "--values",
        tmp_path / "v.json", "-o", tmp_path / "t.pdf")
    after = _stats(capsys, data)
    assert after["cases"]["transferred_out"] == 0
    assert after["cases"]["total"] == before["cases"]["total"] == 36
    assert after["cases"]["by_district"]["南海区"] == before["cases"]["by_district"]["南海区"]
    assert after["infringing_records"] == before["infringing_records"]
    _ok(capsys, "--data-dir", data, "cases", "transition", CASE, "close")
    assert _stats(capsys, data)["cases"]["transferred_out"] == 0
