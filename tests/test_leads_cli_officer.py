"""Leads changed from the command line had no 登记人: the command line acts as the system account, so the audit
named ``root`` and the lead's 案件来源登记表 left 登记人 blank. ``--officer NAME_OR_CERT`` on the leads commands that
change a lead (screen, add, told, assign) names the officer doing it, checked against the officers' register: the
audit and the lead then say who did it, and an officer not on duty there is refused naming what was typed, with
nothing changed."""

from __future__ import annotations

import json
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
    file_case_from_lead,
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
          "来访举报某公司反复拨打推销电话", "--complainant-phone", "13800138000",
          "--reporter-name", "李四")


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


# Deciding a lead (立案 / 不予立案 / 移送) and extending its verification period (延长核查期限) could be done in the
# window only: ``leads decide`` and ``leads extend`` call what its buttons call, so the guards, the audit and the
# clocks are the window's, and a refusal names the option in one line with nothing changed.

DECIDED_TABLES = ("leads", "audit", "cases", "parties", "documents", "lead_history")


def assigned_lead(db, description: str = "来访举报某公司反复拨打推销电话", phone: str = "13912345678") -> str:
    lead = register_lead(db, LeadEntry(source="report", received_at="2026-09-21 10:00", description=description,
                                       target_phone=phone, complainant_phone="13800138000",
                                       reporter_name="李四"))
    assign_lead(db, lead.id, agency_by_code(db, "440605").id, "2026-09-22")
    return lead.id


def refused_line(capsys, data_dir, *argv) -> str:
    code, out, err = run(capsys, "--data-dir", data_dir, *argv)
    assert code == 1 and out == "", err
    assert err.count("\n") == 1, err
    return err.strip()


def test_a_lead_is_not_filed_from_the_command_line_with_its_reason(db, data_dir, officers, capsys, english,
                                                                   table_counts):
    lead = assigned_lead(db)
    counts, row = table_counts(db, DECIDED_TABLES), get_lead_row(db, lead)
    assert refused_line(capsys, data_dir, "leads", "decide", lead, "--not-file") == (
        "Error: --reason: Say why the lead is not filed (e.g. no violation found, not within our jurisdiction).")
    assert refused_line(capsys, data_dir, "leads", "decide", lead, "--not-file", "--reason", "查无实据", "--date",
                        "2026-09-21") == ("Error: --date: The decision cannot come before the lead was received or "
                                          "assigned (2026-09-22).")
    assert refused_line(capsys, data_dir, "leads", "decide", lead, "--not-file", "--reason", "查无实据", "--party",
                        "某公司").startswith("Error: --party: only --file takes it")
    assert refused_line(capsys, data_dir, "leads", "decide", "no-such-lead", "--not-file", "--reason", "查无实据") \
        == "Error: No lead no-such-lead."
    assert table_counts(db, DECIDED_TABLES) == counts and get_lead_row(db, lead) == row

    code, out, err = run(capsys, "--data-dir", data_dir, "leads", "decide", lead, "--not-file", "--reason",
                         "查无实据", "--date", "2026-09-24", "--officer", "陈志强", "--json")
    assert code == 0, err
    assert json.loads(out) == {"id": lead, "decision": "not_file", "status": "not_filed", "decided_on": "2026-09-24",
                               "decision_reason": "查无实据", "referred_to": None, "case_id": None, "officer": "陈志强"}
    assert "docs issue " + lead + " --form non_filing_approval" in err  # as the window offers its 不予立案审批表
    assert get_lead_row(db, lead)["status"] == "not_filed"
    assert actors(db, lead)[-1] == ("decide", "陈志强")
    assert refused_line(capsys, data_dir, "leads", "decide", lead, "--not-file", "--reason", "再议") == (
        "Error: This lead was already decided (Not filed). To decide it anew, withdraw that decision first: "
        "Withdraw not filing on the Leads page (the command line has no command for it).")


def test_filing_a_lead_from_the_command_line_opens_the_case_the_window_opens(db, data_dir, officers, capsys, english,
                                                                             table_counts):
    from workstation.store.cases import get_case

    lead = assigned_lead(db)
    counts = table_counts(db, DECIDED_TABLES)
    assert refused_line(capsys, data_dir, "leads", "decide", lead, "--file", "--date", "2026-09-24").startswith(
        "Error: --date: not taken with --file")
    assert table_counts(db, DECIDED_TABLES) == counts

    result = run_json(capsys, "--data-dir", data_dir, "leads", "decide", lead, "--file", "--officer", "陈志强")
    case = get_case(db, result["case"]["id"])
    assert get_lead_row(db, lead)["case_id"] == case.id
    assert (case.status, case.case_number, case.lead_received_on) == ("pending_filing", "", "2026-09-22")
    assert case.cause == result["case"]["cause"]
    twin = file_case_from_lead(db, assigned_lead(db), officer_ids=case.officer_ids)  # as the window's 立案 opens it
    assert (case.cause, case.party_ids, case.sector, case.violations, case.facts) == (
        twin.cause, twin.party_ids, twin.sector, twin.violations, twin.facts)
    assert officers["陈志强"].id in case.officer_ids  # the officer named, as the window proposes the one signed in
    assert (result["status"], result["decision"], result["case_id"]) == ("filing", None, case.id)
    assert actors(db, lead)[-1] == ("open_case", "陈志强")
    text = run(capsys, "--data-dir", data_dir, "leads", "decide", assigned_lead(db, "另一举报"), "--file")[1]
    assert text.startswith("Case ") and "pending filing" in text and "`cases transition " in text

    counts = table_counts(db, DECIDED_TABLES)
    assert refused_line(capsys, data_dir, "leads", "decide", lead, "--file") == (
        "Error: A case was already opened for this lead: open it to file it.")
    assert refused_line(capsys, data_dir, "leads", "decide", lead, "--not-file", "--reason", "查无实据") == (
        "Error: A case was opened for this lead: the lead is decided when that case is filed or not filed (open the "
        "case).")
    assert table_counts(db, DECIDED_TABLES) == counts


def test_a_lead_naming_nobody_is_filed_against_the_party_named_and_an_unassigned_one_is_refused(
        db, data_dir, officers, capsys, english, table_counts):
    from workstation.records import Party
    from workstation.store.cases import get_case
    from workstation.store.parties import save_party

    lead = register_lead(db, LeadEntry(source="report", received_at="2026-09-21 10:00", description="来访举报",
                                       agency_id=None)).id
    db.execute("UPDATE leads SET agency_id = NULL WHERE id = ?", [lead])  # held by no bureau yet
    counts = table_counts(db, DECIDED_TABLES)
    assert refused_line(capsys, data_dir, "leads", "decide", lead, "--file") == (
        "Error: Assign the lead to a bureau or office first.")
    assign_lead(db, lead, agency_by_code(db, "440605").id, "2026-09-22")
    counts = table_counts(db, DECIDED_TABLES)
    assert refused_line(capsys, data_dir, "leads", "decide", lead, "--file").startswith(
        "Error: --party: The lead names no business and no telephone number")
    assert refused_line(capsys, data_dir, "leads", "decide", lead, "--file", "--party", "无此公司").startswith(
        "Error: --party: “无此公司” is no party of the register")
    assert table_counts(db, DECIDED_TABLES) == counts
    party = save_party(db, Party(name="佛山市某某贸易有限公司", kind="company"))
    case = run_json(capsys, "--data-dir", data_dir, "leads", "decide", lead, "--file", "--party", party.name)["case"]
    assert get_case(db, case["id"]).party_ids == [party.id]


def test_a_lead_is_referred_from_the_command_line_by_issuing_its_transfer_letter(db, data_dir, officers, capsys,
                                                                                 english, table_counts, tmp_path):
    from workstation.leads_workflow import lead_documents

    lead = assigned_lead(db)
    letter = tmp_path / "移送函.pdf"
    counts, row = table_counts(db, DECIDED_TABLES), get_lead_row(db, lead)
    assert refused_line(capsys, data_dir, "leads", "decide", lead, "--refer", "广东省通信管理局").startswith(
        "Error: -o: Give the file the 案件移送函 is written to")
    assert refused_line(capsys, data_dir, "leads", "decide", lead, "--refer", "广东省通信管理局", "-o", letter,
                        "--date", "2026-09-21", "--officer", "陈志强").startswith(
        "Error: --date: The lead is referred when its 案件移送函 is issued: the letter cannot be dated before the "
        "lead was received or assigned (2026-09-22).")
    assert refused_line(capsys, data_dir, "leads", "decide", lead, "--refer", " ", "-o", letter,
                        "--officer", "陈志强").startswith("Error: --refer: ")
    assert table_counts(db, DECIDED_TABLES) == counts and get_lead_row(db, lead) == row and not letter.exists()

    result = run_json(capsys, "--data-dir", data_dir, "leads", "decide", lead, "--refer", "广东省通信管理局", "-o",
                      letter, "--date", "2026-09-25", "--reason", "经审查，不属于本局管辖。", "--officer", "陈志强")
    assert (result["status"], result["decision"], result["decided_on"], result["referred_to"]) == (
        "referred", "refer", "2026-09-25", "广东省通信管理局")
    [document] = lead_documents(db, lead)
    assert (document.form_id, document.number) == ("case_transfer_letter", result["letter"]["number"])
    assert document.values["contact_person"] == "陈志强"  # the officer named writes it, as the one signed in
    assert document.values["reason"] == "经审查，不属于本局管辖。" and letter.read_bytes().startswith(b"%PDF")
    counts = table_counts(db, DECIDED_TABLES)
    assert refused_line(capsys, data_dir, "leads", "decide", lead, "--refer", "佛山市公安局", "-o",
                        tmp_path / "又一份.pdf", "--officer", "陈志强") == (
        "Error: This lead was already decided (Referred).")  # no second letter referring nothing
    assert table_counts(db, DECIDED_TABLES) == counts


def test_a_leads_verification_period_is_extended_from_the_command_line(db, data_dir, officers, capsys, english,
                                                                       table_counts):
    from workstation.leads_workflow import t1_due

    lead = assigned_lead(db)
    before = t1_due(db, get_lead_row(db, lead))
    counts, row = table_counts(db, DECIDED_TABLES), get_lead_row(db, lead)
    assert refused_line(capsys, data_dir, "leads", "extend", lead, "--approved-on", "2026-09-25").startswith(
        "Error: --approved-by: Enter who approved the extension")
    assert refused_line(capsys, data_dir, "leads", "extend", lead, "--approved-by", "局长", "--approved-on",
                        "2026-09-21") == ("Error: --approved-on: T1 started on 2026-09-22: an extension cannot be "
                                          "approved before that day.")
    assert refused_line(capsys, data_dir, "leads", "extend", lead, "--approved-by", "局长", "--approved-on",
                        "2026-09-25", "--days", "30").startswith("Error: --days: T1 may be extended once, by at most")
    assert table_counts(db, DECIDED_TABLES) == counts and get_lead_row(db, lead) == row

    result = run_json(capsys, "--data-dir", data_dir, "leads", "extend", lead, "--approved-by", "局长",
                      "--approved-on", "2026-09-25", "--officer", "陈志强")
    row = get_lead_row(db, lead)
    assert (row["extension_days"], row["extension_approved_on"], row["extension_approved_by"]) == (
        15, "2026-09-25", "局长")
    assert result["t1_due"] == t1_due(db, row) > before and result["corrected"] is False
    assert actors(db, lead)[-1] == ("extend", "陈志强")
    err = refused_line(capsys, data_dir, "leads", "extend", lead, "--approved-by", "局长", "--approved-on",
                       "2026-09-25", "--days", "10")
    assert err.startswith("Error: --days: T1 was already extended once") and err.endswith(
        "Add --correct to replace the recorded extension.")
    corrected = run_json(capsys, "--data-dir", data_dir, "leads", "extend", lead, "--approved-by", "局长",
                         "--approved-on", "2026-09-25", "--days", "10", "--correct")
    assert corrected["corrected"] is True and get_lead_row(db, lead)["extension_days"] == 10
    assert actors(db, lead)[-1] == ("correct_extension", "tester")
    decide_lead(db, lead, "not_file", on="2026-09-28", reason="查无实据")
    assert refused_line(capsys, data_dir, "leads", "extend", lead, "--approved-by", "局长", "--approved-on",
                        "2026-09-25", "--correct") == "Error: This lead was already decided (Not filed)."


def test_only_the_commands_registering_a_lead_say_their_officer_becomes_its_registrar(english):
    """--officer of leads add/screen makes the officer the lead's 登记人; of told, assign, decide and extend it is
    only who did it (the audit log): their help says so, not that it changes the lead's 登记人."""
    from workstation.cli import build_parser

    parser = build_parser()
    leads = next(a for a in parser._subparsers._group_actions[0].choices["leads"]._actions
                 if getattr(a, "choices", None) and "add" in a.choices).choices

    def officer_help(command: str) -> str:
        return next(a.help for a in leads[command]._actions if "--officer" in a.option_strings)

    assert all("登记人" in officer_help(c) for c in ("add", "screen"))
    assert not any("登记人" in officer_help(c) for c in ("edit", "told", "assign", "decide", "extend"))
