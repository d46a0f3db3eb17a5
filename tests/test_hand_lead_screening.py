"""Screening meets the leads an officer registered by hand: complaints about the number (or business) an undecided
hand lead names join it rather than make a second lead of the same number; a decided hand lead is left alone and the
new lead's pane names it; of two hand leads naming the number, the earliest registered takes the complaints; the
complaints that joined travel to headquarters with their new lead."""

import uuid

import pytest

from tests.helpers import open_db, run, run_json
from tests.test_bundle_hq import dirs, export, import_, take_headquarters_card, template  # noqa: F401
from workstation.leads_register import LeadEntry, register_lead
from workstation.leads_workflow import decide_lead, get_lead_row
from workstation.screening import screen
from workstation.screening.hand_leads import decided_leads_about
from workstation.store import agency_id_for_code
from workstation.store.base import set_setting

NUMBER = "13800138000"
SHOP = "佛山市南海区誉嘉房地产代理有限公司"


def add(db, rows):
    """Insert complaints (external id, day received, text) as an import stores them before screening."""
    with db.atomic():
        for n, (external_id, day, text) in enumerate(rows):
            db.execute(
                "INSERT INTO complaints (id, source, channel, external_id, received_at, text, complainant_phone, "
                "created_at) VALUES (?, '12345', '12345', ?, ?, ?, ?, '2026-03-31T00:00:00+08:00')",
                [str(uuid.uuid4()), external_id, f"{day} 10:00:00", text, f"1390013900{n}"],
            )


def calls(*ids, number="138 0013 8000"):
    return [
        (
            external_id,
            f"2026-03-0{n}",
            f"接到{number}的骚扰电话推销楼盘，多次拒绝仍继续拨打，个人信息被泄露。",
        )
        for n, external_id in enumerate(ids, start=2)
    ]


def hand_lead(
    db, *, received="2026-03-01 09:00", phone="138-0013-8000", party="", description="群众来信反映被骚扰"
):
    return register_lead(
        db,
        LeadEntry(
            source="report", received_at=received, description=description, party=party, target_phone=phone
        ),
    ).id


def assign_to_an_office(db, lead_id):
    """The lead assigned (交办) on its receipt to 南海区局's 桂城 office: a station with no agency decides a lead not to
    file only once it is assigned (its 不予立案审批表 is then that bureau's)."""
    from workstation.leads_workflow import assign_lead

    assign_lead(db, lead_id, agency_id_for_code("440605011"), on="2026-03-01")


def lead_of(db, external_id):
    return db.execute("SELECT lead_id FROM complaints WHERE external_id = ?", [external_id]).fetchone()[0]


def test_complaints_about_the_number_of_a_hand_lead_join_it_and_its_own_words_stay(db):
    lead_id = hand_lead(db)
    before = get_lead_row(db, lead_id)
    add(db, calls("H1", "H2", "H3"))
    result = screen(db)
    assert result.created == 0 and result.joined == {lead_id: ["H1", "H2", "H3"]}
    assert db.execute("SELECT COUNT(*) FROM leads").fetchone()[0] == 1
    assert {lead_of(db, ref) for ref in ("H1", "H2", "H3")} == {lead_id}
    after = get_lead_row(db, lead_id)
    assert (after["complaint_count"], after["first_at"][:10], after["last_at"][:10]) == (
        3,
        "2026-03-02",
        "2026-03-04",
    )
    for column in ("description", "received_at", "source", "phones", "target_phone", "group_key", "status"):
        assert after[column] == before[column], column
    # listed once, with all its complaints, as the command line's JSON gives a lead
    assert [(lead["id"], lead["complaint_ids"]) for lead in result.as_dict()["leads"]] == [
        (lead_id, ["H1", "H2", "H3"])
    ]
    # audited: the lead's update (its count) and the complaints that joined it
    actions = [
        r[0]
        for r in db.execute(
            "SELECT action FROM audit WHERE entity = 'lead' AND entity_id = ? ORDER BY seq", [lead_id]
        )
    ]
    assert actions == ["create", "update", "group"]
    # screening again, and later complaints, keep one lead of the number
    add(db, calls("H4"))
    for everything in (False, True):
        again = screen(db, everything=everything)
        assert again.created == 0 and db.execute("SELECT COUNT(*) FROM leads").fetchone()[0] == 1
    assert lead_of(db, "H4") == lead_id and get_lead_row(db, lead_id)["complaint_count"] == 4


@pytest.mark.parametrize("decision", ["not_file", "refer"])
def test_a_decided_hand_lead_keeps_what_it_holds_and_the_complaints_make_a_lead_that_names_it(db, decision):
    lead_id = hand_lead(db)
    if decision == "not_file":  # assigned first: at a station with no agency, the office's bureau issues its 审批表
        assign_to_an_office(db, lead_id)
    decide_lead(db, lead_id, decision, on="2026-03-01", reason="无法核实", referred_to="佛山市公安局南海分局")
    decided = get_lead_row(db, lead_id)
    add(db, calls("D1", "D2"))
    result = screen(db)
    assert result.created == 1 and result.joined == {}
    new = lead_of(db, "D1")
    assert new != lead_id and lead_of(db, "D2") == new
    assert get_lead_row(db, lead_id) == decided  # not touched at all
    assert [row["id"] for row in decided_leads_about(db, get_lead_row(db, new))] == [lead_id]


def test_a_hand_lead_whose_case_was_opened_is_not_joined(db):
    from workstation.leads_workflow import file_case_from_lead

    lead_id = hand_lead(db)
    file_case_from_lead(db, lead_id, agency_id=agency_id_for_code("440605"))
    add(db, calls("C1"))
    assert screen(db).created == 1 and lead_of(db, "C1") != lead_id
    assert get_lead_row(db, lead_id)["complaint_count"] == 0


def test_of_two_hand_leads_naming_the_number_the_earliest_registered_takes_the_complaints(db):
    later = hand_lead(db, received="2026-03-05 09:00", description="第二封来信")
    earlier = hand_lead(db, received="2026-03-01 09:00", description="第一封来信")  # entered afterwards
    add(db, calls("T1", "T2"))
    result = screen(db)
    assert result.joined == {earlier: ["T1", "T2"]}
    assert (
        get_lead_row(db, earlier)["complaint_count"] == 2 and get_lead_row(db, later)["complaint_count"] == 0
    )
    assert get_lead_row(db, later)["description"] == "第二封来信"  # not merged into the other


def test_complaints_about_the_business_a_hand_lead_names_join_it(db):
    lead_id = hand_lead(db, phone="", party=SHOP)
    add(
        db,
        [
            ("B1", "2026-03-02", f"{SHOP}的中介天天打电话推销楼盘，个人信息被泄露。"),
            ("B2", "2026-03-03", f"{SHOP}又打来推销楼盘，个人信息被泄露。"),
        ],
    )
    assert screen(db).joined == {lead_id: ["B1", "B2"]}
    assert get_lead_row(db, lead_id)["complaint_count"] == 2


def test_a_lead_screened_before_the_hand_lead_was_registered_gives_its_complaints_to_it(db):
    add(db, calls("S1", "S2"))
    screen(db)
    screened = lead_of(db, "S1")
    lead_id = hand_lead(db)
    result = screen(db)
    assert result.joined == {lead_id: ["S1", "S2"]} and result.removed == 1
    assert db.execute("SELECT id FROM leads").fetchall() == [(lead_id,)] and screened != lead_id


def test_leads_screen_says_how_many_complaints_joined_a_hand_lead_and_keeps_the_json_keys(
    tmp_path, capsys, english
):
    station = tmp_path / "station"
    run_json(capsys, "--data-dir", station, "init")
    lead = run_json(
        capsys,
        "--data-dir",
        station,
        "leads",
        "add",
        "--source",
        "report",
        "--received",
        "2026-03-01T09:00",
        "--description",
        "群众来信反映被骚扰",
        "--target-phone",
        "138 0013 8000",
    )
    db = open_db(station)
    add(db, calls("J1", "J2", "J3"))
    db.conn.close()
    result = run_json(capsys, "--data-dir", station, "leads", "screen")
    assert set(result) == {"screened", "related", "related_ids", "leads"}
    assert [(item["id"], item["phones"], item["complaint_ids"]) for item in result["leads"]] == [
        (lead["id"], [NUMBER], ["J1", "J2", "J3"])
    ]
    db = open_db(station)
    add(db, calls("J4"))
    db.conn.close()
    code, out, _err = run(capsys, "--data-dir", station, "leads", "screen")
    assert code == 0 and "1 complaint joined 1 lead registered by hand." in out
    assert NUMBER not in out


def test_the_complaints_that_joined_a_hand_lead_reach_headquarters_with_it(capsys, dirs):  # noqa: F811
    station = dirs / "shunde"
    take_headquarters_card(capsys, dirs)
    (dirs / "hotline.csv").write_text(
        "投诉编号,投诉时间,联系电话,投诉内容\n"
        "W1,2026-03-02 10:00:00,13900139001,13800138000呼死你式来电，一天几十个\n"
        "W2,2026-03-03 11:00:00,13900139002,138-0013-8000又是呼死你式来电\n",
        encoding="utf-8",
    )
    run_json(
        capsys,
        "--data-dir",
        station,
        "complaints",
        "import",
        dirs / "hotline.csv",
        "--profile",
        "consumer_council",
    )
    run_json(capsys, "--data-dir", station, "leads", "screen")
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")  # headquarters holds the work orders under the lead screening made
    lead = run_json(
        capsys,
        "--data-dir",
        station,
        "leads",
        "add",
        "--source",
        "report",
        "--received",
        "2026-03-01T09:00",
        "--description",
        "群众来信反映被骚扰",
        "--target-phone",
        NUMBER,
    )
    run_json(capsys, "--data-dir", station, "leads", "screen")  # the work orders join the hand lead
    export(capsys, dirs, "shunde", "s2.bundle")
    assert import_(capsys, dirs, "s2.bundle")["conflicts"] == 0
    for place in (station, dirs / "hq"):
        db = open_db(place)
        assert dict(db.execute("SELECT external_id, lead_id FROM complaints").fetchall()) == {
            "W1": lead["id"],
            "W2": lead["id"],
        }, place.name
        assert db.execute("SELECT id, complaint_count FROM leads WHERE phones = ?", [NUMBER]).fetchall() == [
            (lead["id"], 2)
        ], place.name
        db.conn.close()


def test_the_window_says_complaints_joined_and_a_new_lead_names_the_decided_hand_lead(
    db, make_window, english
):
    # a station of 南海区局: its bureau issues the 不予立案审批表 of a lead decided without being assigned
    set_setting(db, "station_agency", agency_id_for_code("440605"))
    joined = hand_lead(db)
    add(db, calls("G1", "G2"))
    page = make_window(db).leads_page
    page.screen()
    assert "2 complaints joined 1 lead registered by hand." in page.summary.text()
    decide_lead(db, joined, "not_file", on="2026-03-05", reason="无法核实")
    add(db, calls("G3"))
    page.screen()
    new = lead_of(db, "G3")
    page.select(new)
    text = page.detail.toPlainText()
    assert (
        "A lead registered by hand about the same number or business, received on 2026-03-01, is Not filed "
        "already: screening made this lead apart from it."
    ) in text
    page.select(joined)
    assert "apart from it" not in page.detail.toPlainText()


def test_complaints_writing_the_business_of_a_hand_lead_another_way_join_it(db):
    """The lead names 誉嘉房地产代理有限公司, the complaints 佛山市南海区誉嘉房地产代理有限公司: one business (its
    ``business_key``), as screening groups complaints (s42)."""
    lead_id = hand_lead(db, phone="", party="誉嘉房地产代理有限公司")
    add(db, [("B1", "2026-03-02", f"{SHOP}的中介天天打电话推销楼盘，个人信息被泄露。")])
    assert screen(db).joined == {lead_id: ["B1"]}
