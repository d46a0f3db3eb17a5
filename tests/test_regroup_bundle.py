"""Screening regroups complaints as new ones arrive (two screened leads joined by a complaint naming both numbers,
the lead left empty removed), and headquarters follows: the complaints that moved travel with the next bundle, so
that headquarters holds the station's leads and each complaint under the station's lead, without conflicts."""

from tests.helpers import open_db, run_json
from tests.test_bundle_hq import dirs, export, import_, take_headquarters_card, template  # noqa: F401

HEADERS = "投诉编号,投诉时间,联系电话,投诉内容\n"
FIRST = (
    HEADERS + "X1,2026-03-02 10:00:00,13900139001,13800138000呼死你式来电，一天几十个\n"
    "X2,2026-03-03 11:00:00,13900139002,138-0013-8000又是呼死你式来电\n"
    "Y1,2026-03-04 09:00:00,13900139003,13700137000呼死你式来电，半夜也打\n"
    "Y2,2026-03-05 09:30:00,13900139004,137 0013 7000呼死你式来电不停\n"
    "Z1,2026-03-06 08:00:00,13900139005,13600136000呼死你式来电骚扰\n"
)
# N1 names the numbers of two leads: they become one (the lead of the smaller number, 137…, stays; 138…'s is
# emptied and removed); N2 adds to the lead of 136… as any later complaint does
SECOND = (
    HEADERS + "N1,2026-03-10 10:00:00,13900139006,13800138000和13700137000轮番呼死你式来电\n"
    "N2,2026-03-11 10:00:00,13900139007,13600136000又是呼死你式来电\n"
)


def _import_and_screen(capsys, station, path, text):
    path.write_text(text, encoding="utf-8")
    run_json(capsys, "--data-dir", station, "complaints", "import", path, "--profile", "consumer_council")
    return run_json(capsys, "--data-dir", station, "leads", "screen")


def _held(place):
    """{work order: the phones of its lead}, and the screened leads (id, phones, count), as ``place`` holds them."""
    db = open_db(place)
    try:
        complaints = dict(
            db.execute(
                "SELECT external_id, leads.phones FROM complaints LEFT JOIN leads ON leads.id = complaints.lead_id"
            ).fetchall()
        )
        by_lead = dict(db.execute("SELECT external_id, lead_id FROM complaints").fetchall())
        leads = db.execute(
            "SELECT id, phones, complaint_count FROM leads WHERE group_key != '' ORDER BY phones"
        ).fetchall()
        return complaints, by_lead, leads
    finally:
        db.conn.close()


def test_complaints_moved_by_screening_reach_headquarters_and_the_emptied_lead_is_removed_there(
    capsys,
    dirs,  # noqa: F811
):
    station = dirs / "shunde"
    take_headquarters_card(capsys, dirs)
    assert len(_import_and_screen(capsys, station, dirs / "first.csv", FIRST)["leads"]) == 3
    export(capsys, dirs, "shunde", "s1.bundle")
    assert import_(capsys, dirs, "s1.bundle")["conflicts"] == 0
    assert _held(dirs / "hq") == _held(station)
    removed = _held(station)[1]["X1"]  # the lead of 138…, which N1 joins to that of 137…

    result = _import_and_screen(capsys, station, dirs / "second.csv", SECOND)
    complaints, by_lead, leads = _held(station)
    assert complaints == {
        "X1": "13700137000 13800138000",
        "X2": "13700137000 13800138000",
        "Y1": "13700137000 13800138000",
        "Y2": "13700137000 13800138000",
        "N1": "13700137000 13800138000",
        "Z1": "13600136000",
        "N2": "13600136000",
    }
    assert [lead[1:] for lead in leads] == [("13600136000", 2), ("13700137000 13800138000", 5)]
    assert removed not in {lead[0] for lead in leads} and len(result["leads"]) == 2

    export(capsys, dirs, "shunde", "s2.bundle")
    merged = import_(capsys, dirs, "s2.bundle")
    assert merged["conflicts"] == 0
    # headquarters: the same leads, each complaint under the station's lead, the emptied lead removed
    assert _held(dirs / "hq") == (complaints, by_lead, leads)
    db = open_db(dirs / "hq")
    assert db.execute("SELECT COUNT(*) FROM leads WHERE id = ?", [removed]).fetchone()[0] == 0
    db.conn.close()


SHOP = "佛山市南海区誉嘉房地产代理有限公司"
NAMELESS = "最近每天都接到推销贷款的骚扰电话，号码每次都不一样，不知道是哪家公司，请求整治。"
WAITING = (
    HEADERS + f"B1,2026-03-02 10:00:00,13900139001,{SHOP}的中介天天打电话推销楼盘，个人信息被泄露。\n"
    f"B2,2026-03-03 10:00:00,13900139002,{SHOP}又打来推销楼盘，个人信息被泄露。\n"
    f"A1,2026-03-04 10:00:00,13900139003,{NAMELESS}\n"
    f"A2,2026-03-05 10:00:00,13900139004,{NAMELESS}\n"
    f"A3,2026-03-06 10:00:00,13900139005,{NAMELESS}\n"
)


def test_complaints_an_officer_puts_in_a_lead_reach_headquarters_in_it(capsys, dirs):  # noqa: F811
    from workstation.screening.screen import add_complaints_to_lead, lead_from_complaints

    station = dirs / "shunde"
    take_headquarters_card(capsys, dirs)
    _import_and_screen(capsys, station, dirs / "waiting.csv", WAITING)
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    db = open_db(station)
    ids = dict(db.execute("SELECT external_id, id FROM complaints").fetchall())
    assert db.execute("SELECT COUNT(*) FROM complaints WHERE lead_id IS NULL").fetchone()[0] == 3
    made = lead_from_complaints(db, [ids["A1"], ids["A2"]])  # 生成线索…
    shop = db.execute("SELECT lead_id FROM complaints WHERE external_id = 'B1'").fetchone()[0]
    add_complaints_to_lead(db, shop, [ids["A3"]])  # 并入线索…
    db.conn.close()
    export(capsys, dirs, "shunde", "s2.bundle")
    assert import_(capsys, dirs, "s2.bundle")["conflicts"] == 0
    for place in (station, dirs / "hq"):
        db = open_db(place)
        assert dict(db.execute("SELECT external_id, lead_id FROM complaints").fetchall()) == {
            "B1": shop,
            "B2": shop,
            "A1": made,
            "A2": made,
            "A3": shop,
        }, place.name
        assert db.execute("SELECT businesses FROM complaints WHERE external_id = 'A3'").fetchone()[0] == SHOP
        db.conn.close()
