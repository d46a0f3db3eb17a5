"""What the officers and screening do to complaints already sent reaches headquarters with the next bundle: a
complaint stored twice that screening links to its first copy (``same_as``, so that it counts once), and the
被投诉方 an officer gives a complaint put in a lead (``target_name``), taken at headquarters unless headquarters'
own officer gave it another (a conflict, kept for the analyst)."""

from tests.helpers import open_db, run_json
from tests.test_bundle_hq import dirs, export, import_, take_headquarters_card, template  # noqa: F401

# no work-order column: a complaint is known again by its content (channel, time, complainant's number, text); the
# first is not about personal information, so that no screening run puts it in a lead
FILE = (
    "投诉时间,联系电话,投诉内容\n"
    "2026-03-02 10:00:00,83331234,买的电饭煲用了三天就坏了，商家拒不退款\n"
    "2026-03-03 11:00:00,13900139002,138-0013-8000又是呼死你式来电\n"
)


def _import(capsys, station, path):
    path.write_text(FILE, encoding="utf-8")
    return run_json(
        capsys, "--data-dir", station, "complaints", "import", path, "--profile", "consumer_council"
    )


def _links(place):
    """{complaint id: the id of the complaint it repeats, or None}, as ``place`` holds them."""
    db = open_db(place)
    try:
        return dict(db.execute("SELECT id, same_as FROM complaints").fetchall())
    finally:
        db.conn.close()


def test_a_double_linked_after_an_export_reaches_headquarters_which_counts_it_once(capsys, dirs):  # noqa: F811
    from workstation.stats import ONE_COMPLAINT
    from workstation.store.complaints import stored_content_key

    station = dirs / "shunde"
    take_headquarters_card(capsys, dirs)
    _import(capsys, station, dirs / "hotline.csv")
    run_json(capsys, "--data-dir", station, "leads", "screen")
    # the landline as a version before the area-code rule stored it (83331234, its content key made of that), so
    # that importing the same file again stores that complaint a second time, as those versions did
    db = open_db(station)
    first, source, received_at, text, raw = db.execute(
        "SELECT id, source, received_at, text, raw FROM complaints WHERE complainant_phone = '075783331234'"
    ).fetchone()
    db.execute(
        "UPDATE complaints SET complainant_phone = '83331234', content_key = ? WHERE id = ?",
        [stored_content_key(source, received_at, "83331234", text, raw), first],
    )
    db.conn.commit()
    db.conn.close()
    assert _import(capsys, station, dirs / "hotline-again.csv")["imported"] == 1
    export(capsys, dirs, "shunde", "s1.bundle")
    assert import_(capsys, dirs, "s1.bundle")["conflicts"] == 0
    assert set(_links(dirs / "hq").values()) == {None}

    # screening gives the old number its area code: the two copies say the same, the second is linked to the first
    run_json(capsys, "--data-dir", station, "leads", "screen")
    linked = _links(station)
    second = next(cid for cid, same in linked.items() if same is not None)
    assert linked[second] == first and second != first

    export(capsys, dirs, "shunde", "s2.bundle")
    assert import_(capsys, dirs, "s2.bundle")["conflicts"] == 0
    assert _links(dirs / "hq") == linked
    db = open_db(dirs / "hq")
    assert db.execute(f"SELECT COUNT(DISTINCT {ONE_COMPLAINT}) FROM complaints").fetchone()[0] == 2
    db.conn.close()


def test_a_complaint_sent_then_found_to_repeat_an_earlier_one_of_another_channel_is_linked_at_headquarters(
    capsys,
    dirs,  # noqa: F811
):
    station = dirs / "shunde"
    take_headquarters_card(capsys, dirs)
    council = dirs / "council.csv"
    council.write_text(
        "投诉编号,投诉时间,联系电话,投诉内容\nC1,2026-03-03 10:00:00,13900139009,买的电饭煲用了三天就坏了，商家拒不退款\n",
        encoding="utf-8",
    )
    run_json(capsys, "--data-dir", station, "complaints", "import", council, "--profile", "consumer_council")
    run_json(capsys, "--data-dir", station, "leads", "screen")
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    # the hotline received the same complaint a day earlier: the council's copy, sent already, now repeats it
    hotline = dirs / "hotline.csv"
    hotline.write_text(
        "工单编号,来电时间,来电号码,诉求内容\nH1,2026-03-02 10:00:00,13900139009,买的电饭煲用了三天就坏了，商家拒不退款\n",
        encoding="utf-8",
    )
    imported = run_json(capsys, "--data-dir", station, "complaints", "import", hotline, "--profile", "12345")
    assert imported["files"][0]["same_as"] == 1
    db = open_db(station)
    ids = dict(db.execute("SELECT external_id, id FROM complaints").fetchall())
    db.conn.close()
    assert _links(station) == {ids["C1"]: ids["H1"], ids["H1"]: None}

    export(capsys, dirs, "shunde", "s2.bundle")
    assert import_(capsys, dirs, "s2.bundle")["conflicts"] == 0
    assert _links(dirs / "hq") == _links(station)


SHOP = "佛山市南海区誉嘉房地产代理有限公司"
AGENT = "佛山市顺德区安居置业顾问有限公司"
NAMELESS = "最近每天都接到推销贷款的骚扰电话，号码每次都不一样，不知道是哪家公司，请求整治。"
WAITING = (
    "投诉编号,投诉时间,联系电话,投诉内容\n"
    f"B1,2026-03-02 10:00:00,13900139001,{SHOP}的中介天天打电话推销楼盘，个人信息被泄露。\n"
    f"B2,2026-03-03 10:00:00,13900139002,{SHOP}又打来推销楼盘，个人信息被泄露。\n"
    f"D1,2026-03-02 11:00:00,13900139011,{AGENT}天天打电话推销二手房，个人信息被泄露。\n"
    f"D2,2026-03-03 11:00:00,13900139012,{AGENT}又打来推销二手房，个人信息被泄露。\n"
    f"A1,2026-03-04 10:00:00,13900139003,{NAMELESS}\n"
)


def _waiting_sent(capsys, dirs):  # noqa: F811
    """Shunde screens complaints of two businesses' leads and one about no business waiting in no lead (A1), and
    sends them to headquarters: ({work order: complaint id}, {business: its lead's id})."""
    station = dirs / "shunde"
    take_headquarters_card(capsys, dirs)
    path = dirs / "waiting.csv"
    path.write_text(WAITING, encoding="utf-8")
    run_json(capsys, "--data-dir", station, "complaints", "import", path, "--profile", "consumer_council")
    run_json(capsys, "--data-dir", station, "leads", "screen")
    export(capsys, dirs, "shunde", "s1.bundle")
    assert import_(capsys, dirs, "s1.bundle")["conflicts"] == 0
    db = open_db(station)
    ids = dict(db.execute("SELECT external_id, id FROM complaints").fetchall())
    leads = {
        business: db.execute("SELECT lead_id FROM complaints WHERE id = ?", [ids[order]]).fetchone()[0]
        for business, order in ((SHOP, "B1"), (AGENT, "D1"))
    }
    db.conn.close()
    assert None not in leads.values() and len(set(leads.values())) == 2
    return ids, leads


def _put_in_lead(place, lead_id, complaint_id):
    """并入线索… at ``place``."""
    from workstation.screening.screen import add_complaints_to_lead

    db = open_db(place)
    try:
        add_complaints_to_lead(db, lead_id, [complaint_id])
    finally:
        db.conn.close()


def _target(place, complaint_id):
    db = open_db(place)
    try:
        return db.execute("SELECT target_name FROM complaints WHERE id = ?", [complaint_id]).fetchone()[0]
    finally:
        db.conn.close()


def test_the_business_an_officer_gives_a_complaint_sent_before_reaches_headquarters(capsys, dirs):  # noqa: F811
    ids, leads = _waiting_sent(capsys, dirs)
    assert _target(dirs / "hq", ids["A1"]) == ""
    _put_in_lead(dirs / "shunde", leads[SHOP], ids["A1"])
    export(capsys, dirs, "shunde", "s2.bundle")
    assert import_(capsys, dirs, "s2.bundle")["conflicts"] == 0
    assert _target(dirs / "hq", ids["A1"]) == _target(dirs / "shunde", ids["A1"]) == SHOP
    db = open_db(dirs / "hq")
    assert db.execute("SELECT lead_id FROM complaints WHERE id = ?", [ids["A1"]]).fetchone()[0] == leads[SHOP]
    db.conn.close()


def test_the_business_set_only_at_headquarters_stays_there_and_reaches_the_station(
    capsys,
    dirs,  # noqa: F811
):
    from workstation.screening.screen import lead_from_complaints

    ids, leads = _waiting_sent(capsys, dirs)
    _put_in_lead(dirs / "hq", leads[AGENT], ids["A1"])
    # 生成线索… at the station: the complaint travels again, its 被投诉方 unset there
    db = open_db(dirs / "shunde")
    lead_from_complaints(db, [ids["A1"]])
    db.conn.close()
    export(capsys, dirs, "shunde", "s2.bundle")
    assert import_(capsys, dirs, "s2.bundle")["conflicts"] == 0
    assert (_target(dirs / "hq", ids["A1"]), _target(dirs / "shunde", ids["A1"])) == (AGENT, "")
    # and headquarters' hand-out brings it to the station, which had not set it
    export(capsys, dirs, "hq", "h1.bundle")
    assert import_(capsys, dirs, "h1.bundle", at="shunde")["conflicts"] == 0
    assert _target(dirs / "shunde", ids["A1"]) == AGENT


def test_a_business_given_at_both_ends_is_a_conflict_the_analyst_settles(capsys, dirs):  # noqa: F811
    from workstation.bundle.merge import list_conflicts, resolve_conflict

    ids, leads = _waiting_sent(capsys, dirs)
    _put_in_lead(dirs / "hq", leads[AGENT], ids["A1"])
    _put_in_lead(dirs / "shunde", leads[SHOP], ids["A1"])
    export(capsys, dirs, "shunde", "s2.bundle")
    assert import_(capsys, dirs, "s2.bundle")["conflicts"] == 1
    assert _target(dirs / "hq", ids["A1"]) == AGENT  # kept until the analyst chooses
    db = open_db(dirs / "hq")
    try:
        (conflict,) = list_conflicts(db)
        assert (conflict.table, conflict.record_id, conflict.field) == (
            "complaints",
            ids["A1"],
            "target_name",
        )
        assert (conflict.local, conflict.incoming) == (AGENT, SHOP)
        resolve_conflict(db, conflict.id, take_incoming=True)
    finally:
        db.conn.close()
    assert _target(dirs / "hq", ids["A1"]) == SHOP
