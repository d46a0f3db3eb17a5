"""Leads audit (session 64): assigning a lead to the agency already holding it is refused (its verification period,
T1, counted from the receipt, was restarted and so extended without the head's approval), and the window neither
preselects nor offers that agency for a lead only registered; a lead is not assigned (交办) to the city bureau; the
T24 date counted through a year without holiday data says so in the list and the pane; a lead with no bureau to
issue its 不予立案审批表 is not decided not to file (assign it first, as its referral is); a decision made after T1
says its lateness in working days, as the lead's history does; cancelling the re-assignment's reason box says
nothing."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.helpers import move_program_clock, run
from tests.test_bundle_hq import dirs, template  # noqa: F401 - fixtures used by name
from workstation.errors import TransitionRefused, ValidationError
from workstation.leads_register import LeadEntry, register_lead
from workstation.leads_workflow import (
    assign_lead,
    assignment_history,
    decide_lead,
    get_lead_row,
    late_assignment_history,
    late_decision_line,
    late_decision_warning,
    offered_to_assign,
    restart_refusal,
    t1_due,
)
from workstation.store import agency_by_code, list_agencies
from workstation.store.base import set_setting

CHANCHENG = "佛山市禅城区市场监督管理局"
BEIJING = dt.timezone(dt.timedelta(hours=8))


def at(monkeypatch, day: str) -> None:
    move_program_clock(monkeypatch, dt.datetime.fromisoformat(day).replace(hour=10, tzinfo=BEIJING))


def station_lead(db, code: str = "440604", **extra) -> str:
    """A lead registered by hand at a station of the agency ``code`` (held there, not assigned), received on Friday
    2026-11-20: its T1 ends on 2026-12-11."""
    set_setting(db, "station_agency", agency_by_code(db, code).id)
    return register_lead(db, LeadEntry(source="report", received_at="2026-11-20 10:00", description="来访举报推销电话",
                                       target_phone="13911118888", **extra)).id


# ---- 1. assigned to the agency holding it: T1 not restarted -----------------------------------------------------------

def test_a_registered_lead_is_not_offered_to_its_holder(db, english):
    lead = get_lead_row(db, station_lead(db))
    assert lead["agency_id"] == agency_by_code(db, "440604").id and t1_due(db, lead) == "2026-12-11"
    message = restart_refusal(db, lead, agency_by_code(db, "440604").id)
    assert message.startswith(f"{CHANCHENG} holds this lead already: its verification period (T1) counts from "
                              "2026-11-20"), message
    assert restart_refusal(db, lead, agency_by_code(db, "440604012").id) is None  # its own office: a hand-over
    assert restart_refusal(db, lead, agency_by_code(db, "440605").id) is None


def test_the_command_line_refuses_it_naming_agency_and_keeps_its_period(db, data_dir, capsys, table_counts,
                                                                        english):
    lead = station_lead(db)
    before, counts = get_lead_row(db, lead), table_counts(db, ("leads", "audit", "lead_history"))
    code, _out, err = run(capsys, "--data-dir", data_dir, "leads", "assign", lead, "--agency", "440604",
                          "--date", "2026-12-04")
    assert code == 1 and err.strip().startswith(f"Error: --agency: {CHANCHENG} holds this lead already"), err
    assert get_lead_row(db, lead) == before and table_counts(db, ("leads", "audit", "lead_history")) == counts
    assert t1_due(db, get_lead_row(db, lead)) == "2026-12-11"  # not 2026-12-25, no approval asked


def test_a_lead_assigned_there_is_still_refused_a_second_assignment(db, english):
    lead = station_lead(db)
    set_setting(db, "station_agency", agency_by_code(db, "440600").id)  # the city bureau assigns it (交办 goes down)
    assign_lead(db, lead, agency_by_code(db, "440605").id, "2026-11-23")
    with pytest.raises(ValidationError) as refused:
        assign_lead(db, lead, agency_by_code(db, "440605").id, "2026-12-04")
    assert "since 2026-11-23 already" in refused.value.errors["agency_id"]


def test_a_hand_over_to_the_holders_own_office_keeps_the_period(db, english):
    lead = station_lead(db)
    row = assign_lead(db, lead, agency_by_code(db, "440604012").id, "2026-12-04")
    assert row["assigned_on"] is None and t1_due(db, row) == "2026-12-11"
    assert [e["within"] for e in late_assignment_history(db, lead)] == [True]


def test_a_lead_held_by_a_bureau_of_another_authority_is_offered_to_it(db):
    """Headquarters' 交办 (the city bureau's) of a lead a district's station holds records how it came there, as the
    demo's loader, at a station of no agency, records the seed's: offered; from inside that bureau, not."""
    shunde = agency_by_code(db, "440606").id
    lead = get_lead_row(db, register_lead(db, LeadEntry(source="report", received_at="2026-11-20 10:00",
                                                        description="来访举报推销电话", agency_id=shunde)).id)
    assert offered_to_assign(db, lead, shunde)  # a station of no agency
    set_setting(db, "station_agency", agency_by_code(db, "440604").id)
    assert not offered_to_assign(db, lead, shunde)  # another district's station: no 交办 to a peer (s73)
    set_setting(db, "station_agency", agency_by_code(db, "440600").id)
    assert offered_to_assign(db, lead, shunde)  # the city bureau's
    set_setting(db, "station_agency", agency_by_code(db, "440606005").id)
    assert not offered_to_assign(db, lead, shunde)  # one of its own offices
    assert not offered_to_assign(db, lead, agency_by_code(db, "440605").id)  # a peer of its bureau (s73)


@pytest.mark.gui
def test_the_window_neither_preselects_nor_offers_the_holder_of_a_registered_lead(db, make_window, prompts,
                                                                                  monkeypatch, english):
    lead = station_lead(db)
    before = get_lead_row(db, lead)
    page = make_window(db).leads_page
    page.select(lead)
    offered = []

    def press_enter(parent, title, label, items, current=0):
        offered.append((items, current))
        return current

    monkeypatch.setattr(prompts, "choose_item", press_enter)
    page.assign()
    [(items, current)] = offered
    assert CHANCHENG not in items and items[current] == "(choose the bureau or office)"
    assert get_lead_row(db, lead) == before  # Enter assigns nothing
    assert prompts.errors == ["Choose the bureau or office the lead is assigned to: it was not assigned."]


# ---- 2. never to the city bureau ---------------------------------------------------------------------------------------

def test_a_lead_is_not_assigned_to_the_city_bureau(db, data_dir, capsys, table_counts, english):
    lead = station_lead(db)
    before, counts = get_lead_row(db, lead), table_counts(db, ("leads", "audit", "lead_history"))
    with pytest.raises(ValidationError) as refused:
        assign_lead(db, lead, agency_by_code(db, "440600").id, "2026-12-04")
    assert "city bureau" in refused.value.errors["agency_id"]
    code, _out, err = run(capsys, "--data-dir", data_dir, "leads", "assign", lead, "--agency", "440600")
    assert code == 1 and err.strip().startswith("Error: --agency: 佛山市市场监督管理局 is the city bureau"), err
    assert get_lead_row(db, lead) == before and table_counts(db, ("leads", "audit", "lead_history")) == counts


# ---- 3. T24 counted into 2027 said unconfirmed ---------------------------------------------------------------------

@pytest.mark.gui
def test_a_tell_by_date_in_2027_is_said_unconfirmed(db, make_window, monkeypatch, english):
    lead = station_lead(db, reporter_name="钱七", complainant_phone="13612345678")
    at(monkeypatch, "2026-12-30")
    decide_lead(db, lead, "not_file", on="2026-12-30", reason="现有证据无法认定违法")
    page = make_window(db).leads_page
    page.select(lead)
    row = page.selected()
    assert row["tell_by"].startswith("2027-")
    column = [name for name, _value in page.model.columns].index("Tell by")
    shown = page.model.columns[column][1](row)
    assert shown == f"{row['tell_by']} (calendar unconfirmed)"
    assert f"Tell the reporter of the decision by {row['tell_by']} (calendar unconfirmed) (T24" in \
        page.detail.toPlainText()


@pytest.mark.gui
def test_a_tell_by_date_of_a_known_year_is_shown_bare(db, make_window, english):
    lead = station_lead(db, reporter_name="钱七", complainant_phone="13612345678")
    decide_lead(db, lead, "not_file", on="2026-12-01", reason="现有证据无法认定违法")
    page = make_window(db).leads_page
    page.select(lead)
    row = page.selected()
    column = [name for name, _value in page.model.columns].index("Tell by")
    assert page.model.columns[column][1](row) == row["tell_by"] and row["tell_by"].startswith("2026-12-")


# ---- 4. not filed only with a bureau to issue its 不予立案审批表 -----------------------------------------------------

def unheld_lead(db) -> str:
    """A lead registered at a station with no agency chosen: none holds it, none could issue its papers."""
    return register_lead(db, LeadEntry(source="report", received_at="2026-11-20 10:00", description="来访举报推销电话",
                                       reporter_name="钱七", complainant_phone="13612345678")).id


def test_a_lead_no_bureau_holds_is_not_decided_not_to_file(db, table_counts, english):
    lead = unheld_lead(db)
    before, counts = get_lead_row(db, lead), table_counts(db, ("leads", "audit"))
    assert before["agency_id"] is None
    with pytest.raises(TransitionRefused) as refused:
        decide_lead(db, lead, "not_file", on="2026-12-01", reason="现有证据无法认定违法")
    assert refused.value.message.startswith("Assign (交办) the lead to a bureau or office first")
    assert get_lead_row(db, lead) == before and table_counts(db, ("leads", "audit")) == counts


def test_the_command_line_refuses_it_too(db, data_dir, capsys, english):
    lead = unheld_lead(db)
    before = get_lead_row(db, lead)
    code, _out, err = run(capsys, "--data-dir", data_dir, "leads", "decide", lead, "--not-file", "--reason",
                          "现有证据无法认定违法")
    assert code == 1 and "Assign (交办) the lead to a bureau or office first" in err, err
    assert get_lead_row(db, lead) == before


@pytest.mark.gui
def test_the_window_refuses_it_before_asking_anything(db, make_window, prompts, english):
    lead = unheld_lead(db)
    before = get_lead_row(db, lead)
    page = make_window(db).leads_page
    page.select(lead)
    prompts.texts, prompts.confirm_answer = ["现有证据无法认定违法"], True
    page.not_file()
    assert prompts.questions == [] and len(prompts.errors) == 1
    assert prompts.errors[0].startswith("Assign (交办) the lead to a bureau or office first")
    assert get_lead_row(db, lead) == before


def test_a_lead_assigned_is_decided_not_to_file_at_a_station_with_no_agency(db, english):
    lead = unheld_lead(db)
    assign_lead(db, lead, agency_by_code(db, "440605").id, "2026-11-23")
    assert decide_lead(db, lead, "not_file", on="2026-12-01", reason="现有证据无法认定违法")["status"] == "not_filed"


# ---- 5. lateness in working days -----------------------------------------------------------------------------------

def test_a_late_decision_is_said_in_working_days(db, english):
    set_setting(db, "station_agency", agency_by_code(db, "440604").id)
    lead = register_lead(db, LeadEntry(source="report", received_at="2026-10-30 10:00",
                                       description="来访举报推销电话")).id
    assert t1_due(db, get_lead_row(db, lead)) == "2026-11-20"
    # Monday 23 November to Tuesday 1 December: 7 working days (11 calendar days)
    warning = late_decision_warning(db, get_lead_row(db, lead), "not_file", "2026-12-01")
    assert "comes 7 working days after it" in warning, warning
    row = decide_lead(db, lead, "not_file", on="2026-12-01", reason="现有证据无法认定违法")
    assert late_decision_line(db, row).startswith(
        "Decided late: the verification period (T1) ended on 2026-11-20, 7 working days before the decision.")


def test_one_working_day_late_is_singular(db, english):
    set_setting(db, "station_agency", agency_by_code(db, "440604").id)
    lead = register_lead(db, LeadEntry(source="report", received_at="2026-10-30 10:00",
                                       description="来访举报推销电话")).id
    # Friday 20 November ended it; Monday 23 November is the first working day after it
    warning = late_decision_warning(db, get_lead_row(db, lead), "refer", "2026-11-23")
    assert "comes 1 working day after it" in warning, warning


# ---- 6. the re-assignment's reason box cancelled ----------------------------------------------------------------------

@pytest.mark.gui
def test_cancelling_the_reason_of_a_re_assignment_says_nothing(demo_db, make_window, prompts):
    lead = demo_db.execute("SELECT id FROM leads WHERE status = 'assigned' AND agency_id = ? ORDER BY received_at "
                           "LIMIT 1", [agency_by_code(demo_db, "440606").id]).fetchone()[0]
    page = make_window(demo_db).leads_page
    page.select(lead)
    before = get_lead_row(demo_db, lead)
    agencies = [a for a in list_agencies(demo_db) if a.level != "city"]
    prompts.choices = [next(n for n, a in enumerate(agencies) if a.code == "440605")]
    prompts.confirm_answer, prompts.texts = True, [None]
    page.assign()
    assert prompts.errors == [] and len(prompts.questions) == 1
    assert get_lead_row(demo_db, lead) == before and assignment_history(demo_db, lead) == []


# ---- final read (session 64) -----------------------------------------------------------------------------------------
# 2. T1 kept for a lead its own bureau received, whoever holds it now and whoever assigns it (assign_lead itself)

def test_a_lead_this_bureau_received_is_not_assigned_back_to_it_after_an_edit(db, data_dir, capsys, english):
    lead = station_lead(db)
    assert run(capsys, "--data-dir", data_dir, "leads", "edit", lead, "--agency", "440605")[0] == 0
    before = get_lead_row(db, lead)
    code, _out, err = run(capsys, "--data-dir", data_dir, "leads", "assign", lead, "--agency", "440604",
                          "--date", "2026-12-07")
    assert code == 1 and err.strip().startswith(f"Error: --agency: {CHANCHENG} received this lead: its "
                                                "verification period (T1) counts from 2026-11-20"), err
    assert get_lead_row(db, lead) == before and t1_due(db, before) == "2026-12-11"
    with pytest.raises(ValidationError) as refused:  # whoever calls it
        assign_lead(db, lead, agency_by_code(db, "440604").id, "2026-12-07")
    assert refused.value.errors["agency_id"].startswith(f"{CHANCHENG} received this lead")


def test_an_office_of_the_receiving_bureau_takes_the_lead_with_its_period_kept(db, english):
    lead = station_lead(db)
    db.execute("UPDATE leads SET agency_id = ? WHERE id = ?", [agency_by_code(db, "440605").id, lead])  # as edited
    row = assign_lead(db, lead, agency_by_code(db, "440604012").id, "2026-12-07")
    assert row["agency_id"] == agency_by_code(db, "440604012").id and row["assigned_on"] is None
    assert t1_due(db, row) == "2026-12-11"
    assert [e["within"] for e in late_assignment_history(db, lead)] == [True]


def test_the_window_does_not_offer_the_receiving_bureau_after_an_edit(db):
    lead = station_lead(db)
    db.execute("UPDATE leads SET agency_id = ? WHERE id = ?", [agency_by_code(db, "440605").id, lead])
    row = get_lead_row(db, lead)
    assert not offered_to_assign(db, row, agency_by_code(db, "440604").id)
    assert offered_to_assign(db, row, agency_by_code(db, "440604012").id)
    assert not offered_to_assign(db, row, agency_by_code(db, "440606").id)  # a peer bureau: no 交办 (s73)


def test_a_lead_assigned_before_is_assigned_on_as_before(db, english):
    """Once assigned (交办) to another bureau, its T1 counts from that assignment: a 改派 back is one like any other."""
    lead = station_lead(db)
    set_setting(db, "station_agency", agency_by_code(db, "440600").id)  # the city bureau assigns it (交办 goes down)
    assign_lead(db, lead, agency_by_code(db, "440605").id, "2026-11-23")
    row = assign_lead(db, lead, agency_by_code(db, "440604").id, "2026-11-30", reason="管辖有误")
    assert row["assigned_on"] == "2026-11-30"


def test_headquarters_does_not_assign_a_station_s_lead_to_the_station_s_bureau(capsys, dirs, english):  # noqa: F811
    from tests.helpers import open_db
    from tests.test_bundle_hq import export, import_, take_headquarters_card
    from tests.test_s60_hq_leads import CITY, SHUNDE, _lead, _screened

    take_headquarters_card(capsys, dirs)
    [lead] = _screened(capsys, dirs, "shunde", CITY)
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    before = _lead(dirs / "hq", lead)
    code, _out, err = run(capsys, "--data-dir", dirs / "hq", "leads", "assign", lead, "--agency", SHUNDE)
    assert code == 1 and "佛山市顺德区市场监督管理局 holds this lead already" in err, err
    assert _lead(dirs / "hq", lead) == before
    # to one of that bureau's offices: handed inside it, its T1 counted from the receipt
    db = open_db(dirs / "hq")
    try:
        office = next(a.code for a in list_agencies(db) if a.code.startswith(SHUNDE) and a.code != SHUNDE)
    finally:
        db.conn.close()
    assert run(capsys, "--data-dir", dirs / "hq", "leads", "assign", lead, "--agency", office)[0] == 0
    after = _lead(dirs / "hq", lead)
    assert (after["code"], after["assigned_on"], after["status"]) == (office, None, "assigned")
    # another district's bureau: the city bureau's 交办, its T1 counted from it
    assert run(capsys, "--data-dir", dirs / "hq", "leads", "assign", lead, "--agency", "440605", "--reason",
               "属南海辖区")[0] == 0
    assert _lead(dirs / "hq", lead)["assigned_on"] is not None


def test_the_demo_loads_at_a_station_of_a_district_it_assigns_leads_to(db):
    from workstation.demo import load_demo, load_seed

    set_setting(db, "station_agency", agency_by_code(db, "440605").id)
    load_demo(db, complaints=False)
    for item in load_seed()["leads"]:
        if item.get("status", "assigned") == "assigned":
            row = get_lead_row(db, item["id"])
            assert row["agency_id"] == agency_by_code(db, item["agency"]).id
            assert row["assigned_on"] == (item.get("assigned_on") or item["received_at"][:10]), item["id"]


# 3. a decision on a rest day after T1 ended is late all the same

def test_a_decision_on_the_saturday_after_t1_ended_is_said_late(db, english):
    set_setting(db, "station_agency", agency_by_code(db, "440604").id)
    lead = register_lead(db, LeadEntry(source="report", received_at="2026-10-30 10:00",
                                       description="来访举报推销电话")).id
    assert t1_due(db, get_lead_row(db, lead)) == "2026-11-20"  # a Friday
    warning = late_decision_warning(db, get_lead_row(db, lead), "not_file", "2026-11-21")
    assert warning.startswith("The lead's verification period (T1) ended on 2026-11-20: deciding not to file it on "
                              "2026-11-21, a rest day after it, comes late all the same"), warning
    assert "referring it on 2026-11-22, a rest day after it, comes late all the same" in \
        late_decision_warning(db, get_lead_row(db, lead), "refer", "2026-11-22")
    row = decide_lead(db, lead, "not_file", on="2026-11-21", reason="现有证据无法认定违法")
    assert late_decision_line(db, row).startswith(
        "Decided late: the verification period (T1) ended on 2026-11-20; the decision came on a rest day after it.")


def test_a_decision_on_the_last_day_is_in_time(db, english):
    set_setting(db, "station_agency", agency_by_code(db, "440604").id)
    lead = register_lead(db, LeadEntry(source="report", received_at="2026-10-30 10:00",
                                       description="来访举报推销电话")).id
    assert late_decision_warning(db, get_lead_row(db, lead), "not_file", "2026-11-20") == ""


# 5. the window greys "Not file" for a lead no bureau holds, saying why

@pytest.mark.gui
def test_the_window_greys_not_file_for_a_lead_no_bureau_holds(db, make_window, english):
    lead = unheld_lead(db)
    page = make_window(db).leads_page
    page.select(lead)
    button = page.buttons["not_file"]
    assert not button.isEnabled()
    assert button.toolTip().startswith("Assign (交办) the lead to a bureau or office first")
    held = station_lead(db)
    page.refresh(select=held)
    assert page.buttons["not_file"].isEnabled()


def test_headquarters_without_the_station_s_log_of_a_lead_takes_its_holder_as_the_bureau_that_received_it(
        capsys, dirs, english):  # noqa: F811 - the fixture
    from tests.helpers import open_db
    from tests.test_bundle_hq import export, import_, take_headquarters_card
    from tests.test_s60_hq_leads import CITY, SHUNDE, _lead, _screened

    take_headquarters_card(capsys, dirs)
    [lead] = _screened(capsys, dirs, "shunde", CITY)
    export(capsys, dirs, "shunde", "s1.bundle")
    import_(capsys, dirs, "s1.bundle")
    db = open_db(dirs / "hq")
    with db.atomic():  # the station's log of making the lead never reached headquarters
        assert db.execute("DELETE FROM station_audit WHERE entity = 'lead' AND entity_id = ?", [lead]).rowcount == 1
    db.conn.close()
    before = _lead(dirs / "hq", lead)
    code, out, err = run(capsys, "--data-dir", dirs / "hq", "leads", "assign", lead, "--agency", SHUNDE)
    assert code == 1 and "would start it again" in err, err
    assert _lead(dirs / "hq", lead) == before
