"""A lead's case opened from the leads page is not yet filed: the lead stays open, shown 立案中, its T1 running in
the case, and is decided (filed on the case's filing day, or not filed) only when the case is; the case starts
with the violation types the screening rules map the lead's category to, and with the signed-in officer when of
the receiving agency (or the district bureau above its town office), never a guessed second one."""

import pytest

from PySide6.QtCore import Qt

from tests.test_leads_workflow import LEAD, fresh_lead
from workstation import procedure
from workstation.errors import TransitionRefused
from workstation.leads_workflow import (
    FILING,
    assign_lead,
    decide_lead,
    extend_lead,
    file_case_from_lead,
    get_lead_row,
    lead_state,
    lead_state_label,
    proposed_officers,
)
from workstation.screening.rules import RulesError, parse_rules, shipped_rules_path
from workstation.stats import campaign_stats
from workstation.store import agency_by_code, get_case

BUREAU = "440604"  # 禅城区局: officers 邓颖诗, 陈敏仪, 苏永康
TOWN = "440604012"  # a town office of 禅城区: officers 张颖诗, 谭佩仪


def officer_id(db, name: str) -> str:
    return db.execute("SELECT id FROM officers WHERE name = ?", [name]).fetchone()[0]


def opened(db, monkeypatch, *, agency: str = BUREAU, actor: str = "邓颖诗", category: str = "information_leak"):
    """The demo lead assigned to ``agency`` on 2026-03-02, of ``category``, its case opened by ``actor``."""
    lead = fresh_lead(db)
    db.execute("UPDATE leads SET category = ? WHERE id = ?", [category, lead])
    assign_lead(db, lead, agency_by_code(db, agency).id, on="2026-03-02")
    monkeypatch.setenv("WORKSTATION_ACTOR", actor)
    return file_case_from_lead(db, lead)


def test_the_lead_is_filed_only_when_its_case_is_filed_on_the_case_s_filing_day(demo_db, monkeypatch, english):
    decided_before = campaign_stats(demo_db)["leads"]["decided"] - 1  # the demo lead undecided again to be opened
    case = opened(demo_db, monkeypatch)
    row = get_lead_row(demo_db, LEAD)
    assert (row["status"], row["decision"], row["decided_on"], row["case_id"]) == ("assigned", "", None, case.id)
    assert (lead_state(row), lead_state_label(row)) == (FILING, "Being filed")
    assert campaign_stats(demo_db)["leads"]["decided"] == decided_before  # headquarters' 线索已办结 too
    with pytest.raises(TransitionRefused, match="decided when that case is filed"):
        decide_lead(demo_db, LEAD, "not_file", reason="无违法事实")
    with pytest.raises(TransitionRefused, match="already opened"):
        file_case_from_lead(demo_db, LEAD)
    with pytest.raises(TransitionRefused, match="not re-assigned"):
        assign_lead(demo_db, LEAD, agency_by_code(demo_db, TOWN).id, reason="改派")
    assert get_lead_row(demo_db, LEAD) == row  # refused: nothing changed
    stored = get_case(demo_db, case.id)
    assert stored.violations == ["illegal_provision_or_leak"]  # the rules' mapping of 个人信息泄露
    assert stored.officer_ids == [officer_id(demo_db, "邓颖诗")]  # the signed-in officer only: filing needs two
    with pytest.raises(TransitionRefused):
        procedure.apply(demo_db, case.id, "file", on_date="2026-03-10")
    assert get_lead_row(demo_db, LEAD)["decided_on"] is None
    demo_db.execute("INSERT INTO case_officers (case_id, officer_id, position) VALUES (?, ?, 1)",
                    [case.id, officer_id(demo_db, "陈敏仪")])
    procedure.apply(demo_db, case.id, "file", on_date="2026-03-10")
    row = get_lead_row(demo_db, LEAD)
    assert (row["status"], row["decision"], row["decided_on"], row["case_id"]) == ("filed", "file", "2026-03-10",
                                                                                   case.id)
    assert (lead_state(row), lead_state_label(row)) == ("filed", "Case filed")
    assert campaign_stats(demo_db)["leads"]["decided"] == decided_before + 1


def test_a_case_not_filed_decides_its_lead_not_filed_for_the_same_reason(demo_db, monkeypatch):
    case = opened(demo_db, monkeypatch)
    procedure.apply(demo_db, case.id, "decline_filing", on_date="2026-03-09", reason="违法事实不成立")
    row = get_lead_row(demo_db, LEAD)
    assert (row["status"], row["decision"], row["decided_on"], row["decision_reason"]) == (
        "not_filed", "not_file", "2026-03-09", "违法事实不成立")


def test_the_extension_of_a_lead_being_filed_is_the_case_s(demo_db, monkeypatch, english):
    opened(demo_db, monkeypatch)
    with pytest.raises(TransitionRefused, match="runs on in that case"):
        extend_lead(demo_db, LEAD, 10, "2026-03-05", "张局长")


@pytest.mark.parametrize(("category", "violations"), [
    ("harassment_call", ["unsolicited_commercial_messages"]),
    ("marketing_sms", ["unsolicited_commercial_messages"]),
    ("", []),  # no category (registered by hand): the officer chooses
    ("gone_category", []),  # a category the rules no longer list
])
def test_the_case_starts_with_the_violations_the_rules_map_the_category_to(demo_db, monkeypatch, category,
                                                                           violations):
    assert get_case(demo_db, opened(demo_db, monkeypatch, category=category).id).violations == violations


@pytest.mark.parametrize(("agency", "actor", "proposed"), [
    (BUREAU, "陈敏仪", ["陈敏仪"]),  # an officer of the receiving bureau
    (TOWN, "张颖诗", ["张颖诗"]),  # of the receiving town office
    (TOWN, "苏永康", ["苏永康"]),  # of the district bureau above that town office
    (BUREAU, "张颖诗", []),  # of a town office under the receiving bureau: not the bureau's
    (BUREAU, "霍国栋", []),  # of another district
    (BUREAU, "root", []),  # the administrator's account: no officer
])
def test_the_signed_in_officer_is_proposed_only_for_their_own_agency(demo_db, monkeypatch, agency, actor, proposed):
    monkeypatch.setenv("WORKSTATION_ACTOR", actor)
    assert proposed_officers(demo_db, agency_by_code(demo_db, agency).id) == [officer_id(demo_db, n) for n in proposed]


def test_the_rules_refuse_a_violation_type_that_does_not_exist(english):
    text = shipped_rules_path().read_text(encoding="utf-8")
    assert parse_rules(text, "rules.toml").category_violations("information_leak") == ("illegal_provision_or_leak",)
    bad = text.replace('violations = ["illegal_provision_or_leak"]', 'violations = ["leaking"]', 1)
    with pytest.raises(RulesError, match=r"category\[3\]\.violations\[1\]: leaking is not a violation type"):
        parse_rules(bad, "rules.toml")


def test_the_leads_page_shows_the_lead_being_filed_and_sends_the_officer_to_its_case(demo_db, make_window,
                                                                                       monkeypatch, english):
    case = opened(demo_db, monkeypatch)
    page = make_window(demo_db).leads_page
    page.refresh(select=LEAD)
    page.select(LEAD)
    model = page.model
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    row = [r["id"] for r in model.records].index(LEAD)
    # 立案中, not 已立案: its case is not filed yet
    assert model.index(row, headers.index("Status")).data() == "Being filed"
    assert not page.buttons["file"].isEnabled() and not page.buttons["not_file"].isEnabled()
    assert "awaits filing" in page.buttons["file"].toolTip()
    assert page.buttons["open_case"].isEnabled()
    opened_ids = []
    page.case_opened.connect(opened_ids.append)
    page.open_case()
    assert opened_ids == [case.id]
