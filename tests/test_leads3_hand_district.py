"""A lead registered by hand has no district of its own (screening finds a lead's district in its complaints'
addresses): assigned to 南海区局 or one of its town offices, it is listed and filtered under 南海区 on the 线索 page,
as the statistics count it where it is handled, and `leads add` / `leads assign --json` say so. Nothing is stored: a
district screening found is never replaced, and a lead re-assigned to another district is listed there."""

from __future__ import annotations

from tests.helpers import run_json
from tests.test_leadsfixb import lead as screened_lead
from workstation.leads_workflow import get_lead_row

NANHAI, GUICHENG, SHUNDE = "440605", "440605011", "440606"


def added(capsys, data_dir, description: str) -> dict:
    return run_json(capsys, "--data-dir", data_dir, "leads", "add", "--source", "举报", "--received",
                    "2026-11-02T10:00", "--description", description)


def assigned(capsys, data_dir, lead: str, agency: str, *more) -> dict:
    return run_json(capsys, "--data-dir", data_dir, "leads", "assign", lead, "--agency", agency, "--date",
                    "2026-11-03", *more)


def listed(page) -> set[str]:
    return {record["id"] for record in page.model.records}


def choose(page, name: str, value: str) -> None:
    combo = page.lead_filters[name]
    index = combo.findData(value)
    assert index > 0, f"{value} not offered"
    combo.setCurrentIndex(index)


def test_a_lead_added_and_assigned_on_the_command_line_is_found_under_its_assignees_district(
        db, data_dir, capsys, make_window, english):
    hand = added(capsys, data_dir, "来访举报某装修公司反复拨打推销电话")
    assert hand["district"] is None  # held by the city bureau: no district yet
    assert assigned(capsys, data_dir, hand["id"], NANHAI)["district"] == "南海区"
    town = added(capsys, data_dir, "来电举报某培训机构推销课程")["id"]
    assert assigned(capsys, data_dir, town, GUICHENG)["district"] == "南海区"  # a town office: its district's
    # screening placed this one in 顺德区 by its complaints' addresses: assigned to 南海区局, it stays there
    shunde = screened_lead(db, phones="13800138000", district="顺德区", count=3)
    assert assigned(capsys, data_dir, shunde, NANHAI)["district"] == "顺德区"
    unassigned = added(capsys, data_dir, "来信反映某商行泄露会员信息")["id"]

    page = make_window(db).leads_page
    rows = {record["id"]: record for record in page.all_leads}
    assert (rows[hand["id"]]["district"], rows[town]["district"], rows[shunde]["district"],
            rows[unassigned]["district"]) == ("南海区", "南海区", "顺德区", "")
    choose(page, "district", "南海区")
    assert listed(page) == {hand["id"], town}
    district = [header for header, _text in page.model.columns].index("District")
    assert {page.model.index(row, district).data() for row in range(page.model.rowCount())} == {"南海区"}
    choose(page, "district", "顺德区")
    assert listed(page) == {shunde}
    # nothing was written into the leads: the district a lead has of its own is screening's alone
    assert [get_lead_row(db, i)["district"] for i in (hand["id"], town, shunde)] == ["", "", "顺德区"]


def test_a_hand_registered_lead_re_assigned_to_another_district_is_listed_there(
        db, data_dir, capsys, make_window, english):
    lead = added(capsys, data_dir, "来访举报某中介公司泄露购房人信息")["id"]
    assigned(capsys, data_dir, lead, NANHAI)
    result = run_json(capsys, "--data-dir", data_dir, "leads", "assign", lead, "--agency", SHUNDE, "--date",
                      "2026-11-04", "--reason", "经营场所位于顺德区")
    assert result["district"] == "顺德区"
    page = make_window(db).leads_page
    choose(page, "district", "顺德区")
    assert listed(page) == {lead}
    assert page.lead_filters["district"].findData("南海区") == -1  # no lead of 南海区 left
