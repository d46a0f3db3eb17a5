"""What the third review of the session's changes found: a kept 催告书 draft continued days later keeps the surcharge
of the day it names (not a later day's amount under the earlier date), a lead letter's draft keeps the lead as of its
date, and a deferral recorded without its end keeps a 催告书 served within it out of T15."""

from __future__ import annotations

from workstation.formkit.spec import load_forms
from workstation.formkit.values import default_values, refreshed_source, resumed_values


def test_a_kept_demand_draft_keeps_the_surcharge_of_its_own_day():
    form = load_forms()[0]["performance_demand"]
    opened = {"today": "2024-05-01", "penalty.surcharge_fen": 30000, "penalty.surcharge_from": "2024-04-20",
              "documents.unpaid_fen": 100000, "party.name": "甲公司", "officer1.name": "张三"}
    began = default_values(form, opened)
    later = dict(opened, today="2024-05-11", **{"penalty.surcharge_fen": 60000, "party.name": "甲有限公司"})
    resumed = resumed_values(form, dict(began), later, began)
    assert resumed["surcharge_fen"] == began["surcharge_fen"]
    assert resumed["surcharge_on"] == began["surcharge_on"]
    assert resumed["party_name"] == "甲有限公司"  # the party corrected meanwhile is taken (4b30297)


def test_a_lead_letter_keeps_the_lead_as_of_its_date():
    assert not refreshed_source("lead.summary") and not refreshed_source("penalty.surcharge_fen")
    assert refreshed_source("party.name") and refreshed_source("agency.contact_phone")
    assert not refreshed_source("today")


def test_a_demand_within_a_deferral_recorded_without_its_end_is_not_counted():
    from workstation.clocks import EventFacts, _demands_counted

    deferral = EventFacts("d", "deferral", "T8", 100, None, 0, "2026-04-10", "张局长")
    within = EventFacts("x", "demand", "T15", 130, None, 0, None, "")
    before = EventFacts("y", "demand", "T15", 90, None, 0, None, "")
    assert [e.id for e in _demands_counted([deferral, within, before])] == ["d", "y"]


def test_symbols_an_officer_types_are_no_emoji():
    from workstation.documents.glyphs import pictograph

    assert not any(map(pictograph, "℃①※№×√☑□○●★✓☎✉♂♀"))
    assert all(map(pictograph, "😀👍✂☺"))


def test_the_decision_draft_confiscates_the_gains_as_the_notice_draft_proposes(db, make_case, english):
    """A one-party case recording a fine and illegal gains, nothing confiscated: the 告知书 and the 决定书 drafts both
    confiscate the gains (the review's case: the decision's draft left them out)."""
    from workstation.formkit.values import case_context

    case = make_case(status="investigating", fine_fen=500_000, illegal_gains_fen=120_000)
    context = case_context(db, case)
    assert context["notice.confiscated_fen"] == context["penalty.confiscated_fen"] == 120_000
    assert context["penalty.total_fen"] == 620_000
