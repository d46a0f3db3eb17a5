"""Leads changed from the command line had no 登记人: the command line acts as the system account, so the audit
named ``root`` and the lead's 案件来源登记表 left 登记人 blank. ``--officer NAME_OR_CERT`` on the leads commands that
change a lead (screen, add, told, assign) names the officer doing it, checked against the officers' register: the
audit and the lead then say who did it, and an officer not on duty there is refused naming what was typed, with
nothing changed."""

from __future__ import annotations

import os

import pytest

from tests.helpers import insert_complaint_texts, run, run_json
from workstation.audit import acting, current_actor
from workstation.documents.drafts import find_form
from workstation.errors import ValidationError
from workstation.formkit.values import default_values
from workstation.leads_register import LeadEntry, register_lead
from workstation.leads_workflow import (
    assign_lead,
    assignment_history,
    decide_lead,
    get_lead_row,
    lead_context,
    lead_registrar,
)
from workstation.records import Officer
from workstation.store import (
    agency_by_code,
    agency_id_for_code,
    officer_named,
    save_officer,
    set_officer_active,
)

REPORT = ("leads", "add", "--source", "report", "--received", "2026-09-21T10:00", "--description",
          "来访举报某公司反复拨打推销电话", "--complainant-phone", "13800138000")


def actors(db, lead_id: str) -> list[tuple[str, str]]:
    """(action, actor) of the lead's audit entries, oldest first."""
    return [(r[0], r[1]) for r in db.execute("SELECT action, actor FROM audit WHERE entity = 'lead' AND entity_id = ? "
                                             "ORDER BY seq", [lead_id])]


def registrar_printed(db, lead_id: str) -> str:
    """The 登记人 the lead's 案件来源登记表 is drafted with."""
    return default_values(find_form("case_source_register"), lead_context(
        db, get_lead_row(db, lead_id), form_id="case_source_register"))["registrar"]


def test_an_officer_is_named_by_name_or_certificate_number(db, officers, english):
    assert officer_named(db, "陈志强").id == officers["陈志强"].id
    assert officer_named(db, " ４４０６０５１２００２ ").id == officers["黄丽娟"].id  # typed full-width, spaced
    with pytest.raises(ValidationError) as refused:
        officer_named(db, "王五")
    assert refused.value.errors["officer"].startswith("“王五” is no officer of the officers' register")
    set_officer_active(db, officers["新同事"].id, False)
    with pytest.raises(ValidationError) as refused:
        officer_named(db, "新同事")
    assert refused.value.errors["officer"].startswith("新同事 is no longer on duty")
    save_officer(db, Officer(name="陈志强", cert_no="44060412009", agency_id=agency_id_for_code("440604")))
    with pytest.raises(ValidationError) as refused:  # two on duty of that name: the certificate tells them apart
        officer_named(db, "陈志强")
    assert "(44060412009、44060512001)" in refused.value.errors["officer"]
    assert officer_named(db, "44060412009").agency_id == agency_id_for_code("440604")


def test_acting_records_the_officer_and_gives_the_actor_back(db, officers):
    before = current_actor()
    with acting("陈志强"):
        lead = register_lead(db, LeadEntry(source="report", received_at="2026-09-21 10:00",
                                           description="来访举报某公司反复拨打推销电话")).id
    assert current_actor() == before == os.environ["WORKSTATION_ACTOR"]
    assert actors(db, lead) == [("create", "陈志强")]
    assert lead_registrar(db, get_lead_row(db, lead)) == "陈志强"


def test_a_lead_added_and_assigned_from_the_command_line_says_which_officer(db, data_dir, officers, capsys):
    lead = run_json(capsys, "--data-dir", data_dir, *REPORT, "--officer", "陈志强")
    assert lead["registered_by"] == "陈志强"
    assert registrar_printed(db, lead["id"]) == "陈志强"
    assigned = run_json(capsys, "--data-dir", data_dir, "leads", "assign", lead["id"], "--agency", "440606",
                        "--date", "2026-09-22", "--officer", "44060512002")
    assert assigned["officer"] == "黄丽娟"
    again = run_json(capsys, "--data-dir", data_dir, "leads", "assign", lead["id"], "--agency", "440605",
                     "--date", "2026-09-23", "--reason", "经营场所位于南海区", "--officer", "黄丽娟")
    assert again["earlier"][0]["by"] == "黄丽娟"  # the lead's history says who re-assigned it
    decide_lead(db, lead["id"], "not_file", on="2026-09-24", reason="查无实据")
    told = run_json(capsys, "--data-dir", data_dir, "leads", "told", lead["id"], "--date", "2026-09-25",
                    "--officer", "陈志强")
    assert told["officer"] == "陈志强"
    assert actors(db, lead["id"]) == [("create", "陈志强"), ("assign", "黄丽娟"), ("reassign", "黄丽娟"),
                                      ("decide", "tester"), ("tell_reporter", "陈志强")]
    assert current_actor() == "tester"  # the process goes on as it was
    # without --officer: the system account, and no 登记人 (for the officer to write in)
    plain = run_json(capsys, "--data-dir", data_dir, *REPORT)
    assert plain["registered_by"] is None and registrar_printed(db, plain["id"]) == ""
    assert actors(db, plain["id"]) == [("create", "tester")]


def test_leads_screened_from_the_command_line_are_registered_by_the_officer_named(db, data_dir, officers, capsys):
    insert_complaint_texts(db, [("1", "13800000001", "号码13912345678频繁来电推销楼盘，怀疑个人信息被泄露"),
                                ("2", "13800000002", "13912345678天天打电话推销二手房房源，要求查处")])
    result = run_json(capsys, "--data-dir", data_dir, "leads", "screen", "--officer", "陈志强")
    [lead] = [item for item in result["leads"] if "13912345678" in item["phones"]]
    assert "officer" not in result  # leads screen --json keeps the keys of CLI.md
    assert registrar_printed(db, lead["id"]) == "陈志强"


@pytest.mark.parametrize("command", ["screen", "add", "told", "assign"])
def test_an_officer_not_in_the_register_is_refused_naming_it_with_nothing_changed(db, data_dir, officers, capsys,
                                                                                  english, table_counts, command):
    lead = register_lead(db, LeadEntry(source="report", received_at="2026-09-21 10:00", description="来访举报"))
    assign_lead(db, lead.id, agency_by_code(db, "440606").id, "2026-09-22")
    insert_complaint_texts(db, [("1", "13800000001", "号码13912345678频繁来电推销楼盘，怀疑个人信息被泄露")])
    arguments = {"screen": ["leads", "screen"], "add": list(REPORT),
                 "told": ["leads", "told", lead.id, "--date", "2026-09-25"],
                 "assign": ["leads", "assign", lead.id, "--agency", "440605", "--reason", "改派"]}[command]
    tables = ("leads", "audit", "settings", "complaints")
    counts, row = table_counts(db, tables), get_lead_row(db, lead.id)
    code, _out, err = run(capsys, "--data-dir", data_dir, *arguments, "--officer", "王五")
    assert code == 1
    assert err.strip().startswith("Error: --officer: “王五” is no officer of the officers' register")
    assert table_counts(db, tables) == counts and get_lead_row(db, lead.id) == row
    assert assignment_history(db, lead.id) == []
